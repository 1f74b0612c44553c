/* callq users, their teams and regions. */
#ifndef CALLQ_USER_H
#define CALLQ_USER_H

#include <stdint.h>

#include "callq/store.h"

struct user {
	int64_t     id;
	const char *login;
	const char *name;
	enum role   role;
	const char *team;	/* "" when in no team */
	const char *phone;	/* E.164, or "" */
	const char *extension;
	const char *regions;	/* "East, West", or "" for all */
	const char *attendance;	/* "in", "paused", "out" */
	const char *email;	/* where the daily digest goes, or "" */
	int         active;
};

struct user_spec {
	const char *login;
	const char *name;
	enum role   role;
	const char *team;	/* created when new; NULL for none */
	const char *phone;	/* international form; NULL for none */
	const char *extension;
	const char *regions;	/* comma-separated existing regions, or NULL */
	const char *email;	/* NULL for none */
};

/* Adds a user; admins only. Sets *id. */
int store_user_add(struct store *st, const struct actor *who,
    const struct user_spec *spec, int64_t *id, struct err *err);

/*
 * 0 when login is a usable login no user has yet, else a sentence: what
 * a form checks before it asks for the rest.
 */
int store_user_login_check(struct store *st, const char *login,
    struct err *err);

/* Every user, by login. Strings are valid during the callback only. */
int store_user_list(struct store *st,
    int (*each)(const struct user *, void *), void *arg, struct err *err);

int store_user_set_role(struct store *st, const struct actor *who,
    const char *login, enum role role, struct err *err);
/*
 * Sets login's phone (international form, stored as E.164) and
 * extension, where rings reach them; NULL keeps one, "" clears it.
 */
int store_user_contact(struct store *st, const struct actor *who,
    const char *login, const char *phone, const char *extension,
    struct err *err);
/*
 * Sets login's e-mail, where the daily digest goes; "" clears it. An
 * address is one '@' between a local part and a domain, printable ASCII
 * with no blanks or characters that would end a mail header's address.
 */
int store_user_set_email(struct store *st, const struct actor *who,
    const char *login, const char *email, struct err *err);
/* 0 when email is an address store_user_set_email takes, else a sentence. */
int store_email_check(const char *email, struct err *err);
/* Moves login into team (created when new); "" takes it out of any. */
int store_user_set_team(struct store *st, const struct actor *who,
    const char *login, const char *team, struct err *err);
/*
 * Deactivating stops login from using callq (their history stays);
 * activating lets them back. Admins only; nobody deactivates themselves,
 * and a user already in that state is refused (nothing to change).
 */
int store_user_deactivate(struct store *st, const struct actor *who,
    const char *login, struct err *err);
int store_user_activate(struct store *st, const struct actor *who,
    const char *login, struct err *err);

/*
 * Gives login the nadd regions add and takes away the ndrop regions drop,
 * in one transaction with one audit row; admins only. A region that does
 * not exist refuses the whole change. A user left with no region works
 * every region.
 */
int store_user_regions(struct store *st, const struct actor *who,
    const char *login, const char *const *add, int nadd,
    const char *const *drop, int ndrop, struct err *err);

/* Every region by name, with whether login works it (has is 1). */
int store_user_region_each(struct store *st, const char *login,
    int (*each)(const char *name, int has, void *), void *arg,
    struct err *err);

/*
 * Fills the acting part of *out (id, role, team, login) for an active
 * user; EX_NOUSER when there is none.
 */
int store_user_actor(struct store *st, const char *login, struct actor *out,
    struct err *err);

/*
 * Sets up a new database: default settings lists from data/ and login as
 * its first admin, with one audit row. Fills *admin.
 */
int store_init(struct store *st, const char *login, const char *name,
    struct actor *admin, struct err *err);

/* Regions group leads; a user with no regions works all of them. */
int store_region_add(struct store *st, const struct actor *who,
    const char *name, const char *country, int64_t *id, struct err *err);
int store_region_list(struct store *st,
    int (*each)(const char *name, const char *country, int64_t leads, void *),
    void *arg, struct err *err);

#endif
