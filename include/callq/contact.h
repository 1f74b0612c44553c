/*
 * Contacts: the people of a lead (a business, usually), each with a
 * role, numbers normalized like the lead's (each with its zones), an
 * e-mail, a do-not-call flag of their own and an opt-in.
 */
#ifndef CALLQ_CONTACT_H
#define CALLQ_CONTACT_H

#include <stdint.h>

#include "callq/store.h"

/* The most numbers one contact keeps. */
#define CONTACT_PHONES_MAX 4

struct contact_phone {
	int64_t     id;
	const char *label;	/* "mobile", "office", or "" */
	const char *raw;	/* as typed */
	const char *e164;	/* "" when it did not parse */
	const char *ext;
	const char *display;	/* "+1 305-555-0142", or "" */
	const char *timezone;	/* its zones, space-separated, or "" */
};

/* One contact as read; strings are "" when unset, valid in a callback. */
struct contact {
	int64_t     id;
	int64_t     lead_id;
	const char *name;
	const char *role;
	const char *email;
	int         dnc;	/* asked not to be called, whatever the number */
	int         opt_in;	/* agreed to be written to */
	int         nphones;
	struct contact_phone phones[CONTACT_PHONES_MAX];
	int64_t     version;
};

/*
 * A contact to add, or the changes of an edit: NULL keeps a field (for
 * an add, leaves it empty; name is required then), "" clears it; -1
 * keeps a flag. phones, when nphones >= 0, replaces all the numbers
 * ("LABEL:NUMBER" or "NUMBER" each), normalized with the lead's country.
 */
struct contact_spec {
	const char *name, *role, *email;
	int         dnc, opt_in;
	int         nphones;	/* -1: keep the numbers */
	const char *phones[CONTACT_PHONES_MAX];
};

/* Adds a contact at the end of lead's; sets *id. Audited. */
int store_contact_add(struct store *st, const struct actor *who,
    int64_t lead, const struct contact_spec *spec, int64_t *id,
    struct err *err);

/*
 * Edits contact id; when expect_version is not 0 and it has changed
 * since, nothing is written (EX_TEMPFAIL).
 */
int store_contact_edit(struct store *st, const struct actor *who,
    int64_t id, const struct contact_spec *spec, int64_t expect_version,
    struct err *err);

/* Soft-deletes contact id (its calls keep naming it). Audited. */
int store_contact_delete(struct store *st, const struct actor *who,
    int64_t id, struct err *err);

/* lead's contacts in drawer order. */
int store_contact_list(struct store *st, const struct actor *who,
    int64_t lead, int (*each)(const struct contact *, void *), void *arg,
    struct err *err);

/* One contact, for the callback's lifetime. */
int store_contact_get(struct store *st, const struct actor *who, int64_t id,
    int (*each)(const struct contact *, void *), void *arg,
    struct err *err);

#endif
