/*
 * The database: the only place with SQL. A store is one SQLite connection;
 * every mutation runs in a short BEGIN IMMEDIATE transaction that is
 * retried whole when another writer holds the lock.
 */
#ifndef CALLQ_STORE_H
#define CALLQ_STORE_H

#include <stdint.h>
#include <time.h>

#include "callq/err.h"
#include "callq/perm.h"

struct store;

/* Who is acting, and which Unix account is really running callq. */
struct actor {
	int64_t   id;		/* the acting callq user */
	enum role role;
	int64_t   team_id;	/* 0 when in no team */
	char      login[64];
	int64_t   real_id;	/* callq user of the Unix account, or 0 */
	char      real_login[64];	/* the Unix account */
	unsigned  overrides;	/* ACTOR_*: guards passed, this command only */
};

/*
 * Guards a user passes on purpose, for one command (the CLI's --force
 * and --allow-duplicate, a confirm in the TUI). Each mutation that
 * passes one audits it.
 */
#define ACTOR_FORCE		0x1u	/* write a lead another user holds */
#define ACTOR_ALLOW_DUPLICATE	0x2u	/* give a lead a live lead's number */

enum store_mode {
	STORE_OPEN,		/* the database must exist */
	STORE_CREATE,		/* the database must not exist yet */
};

/* The schema version this binary writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 23

/*
 * Opens path (creating its directory for STORE_CREATE), refusing a
 * database whose schema is newer than this binary without changing it.
 * Prints a one-line notice on stderr when path is on a network
 * filesystem and runs with a rollback journal there.
 */
int store_open(const char *path, enum store_mode mode, struct store **out,
    struct err *err);
void store_close(struct store *st);

/*
 * The database in words for sentences: the file's path, or the
 * PostgreSQL database's name on its server (never the name it was
 * opened by, which may hold a password).
 */
const char *store_name(const struct store *st);

/*
 * The login of the callq user whose own PostgreSQL role this session
 * connected as (the server then enforces and audits that user, whoever
 * callq is told it is), or NULL: SQLite, or the floor's own role.
 */
const char *store_own_login(const struct store *st);

/*
 * callq roles, on a PostgreSQL floor (store/pgfloor.c): loads the
 * server's security when it is not there yet (the group roles, their
 * grants, row-level security from the permission table and the server's
 * audit: pgpolicy.c), or anew when an older callq loaded it and the
 * floor's open could not upgrade it, then makes or refreshes every callq
 * user's login role (callq_user_login), in one transaction. Admins only;
 * the role callq connects as needs CREATEROLE (EX_NOPERM says so).
 * *loaded: 1 the security was loaded now, 2 loaded anew, 0 neither;
 * *logins: login roles made or refreshed.
 */
int store_roles(struct store *st, const struct actor *who, int *loaded,
    int *logins, struct err *err);

/*
 * Runs fn inside one write transaction and commits it, retrying the whole
 * of fn while another writer holds the database. fn must therefore only
 * write through the store and leave its own outputs ready to be redone.
 * A transaction opened inside fn joins the outer one.
 */
int store_tx(struct store *st, int (*fn)(struct store *, void *, struct err *),
    void *arg, struct err *err);

/*
 * For fn of a store_tx that fills tables from next to nothing (an import,
 * the demo): on PostgreSQL, the rest of the transaction's statements are
 * planned for their values and the tables as they are now. A plan the
 * server cached while the tables were small scans them whole, each
 * statement slower than the one before. Nothing on SQLite.
 */
int store_tx_plans_fresh(struct store *st, struct err *err);

/*
 * How long the last, and the longest, of this connection's write
 * transactions held the write lock, in seconds: the longest any other
 * writer (a rep's quick-log) can have waited behind it.
 */
double store_tx_last(const struct store *st);
double store_tx_longest(const struct store *st);

/* Caps the connection's page cache at kib KiB (SQLite's default: 2,000). */
void store_cache_limit(struct store *st, int kib);

/*
 * Changes whenever another connection commits (PRAGMA data_version). On
 * PostgreSQL it also reconnects a session the server ended, trying at
 * most once a second, and changes once it has.
 */
int64_t store_data_version(struct store *st);

/* Nonzero while the database server does not answer (PostgreSQL). */
int store_lost(struct store *st);

/* Nonzero when the filesystem magic f_type is a network filesystem. */
int store_fs_is_network(long f_type, const char **name);

/* The time mutations record; CALLQ_NOW (unix seconds) fixes it for tests. */
time_t store_now(void);

/*
 * Refuses, as the store would, an action who's role may never do: for
 * work that should stop before it starts (reading a file to import).
 */
int store_may(const struct actor *who, enum action action, struct err *err);

#endif
