/*
 * Where SQLite's and PostgreSQL's SQL differ: the one way the store
 * says so. Included by internal.h, so every store file has it.
 *
 * A statement whose text differs is written twice, side by side, as two
 * string constants, and the connection's driver picks one:
 *
 *	stmt = stmt_get(st, SQL_BOTH(st,
 *	    "SELECT group_concat(name, ', ') FROM ...",	(SQLite)
 *	    "SELECT string_agg(name, ', ') FROM ..."),	(PostgreSQL)
 *	    err);
 *
 * Both are constants, so stmt_get keeps caching by address; the texts
 * that agree (most of them) are written once, as before. A C path that
 * differs (not just its SQL) asks store_is_pg(st). Nothing else in the
 * store tests the driver: no #ifdef, no strcmp of the driver's name.
 */
#ifndef CALLQ_STORE_DIALECT_H
#define CALLQ_STORE_DIALECT_H

struct store;

/* Nonzero when st's connection is PostgreSQL's (store/store.c). */
int store_is_pg(const struct store *st);

/*
 * lite when st speaks SQLite, pg when it speaks PostgreSQL. Both must be
 * string constants (or macros of them): the statement cache keys on the
 * address.
 */
#define SQL_BOTH(st, lite, pg)	(store_is_pg(st) ? (pg) : (lite))

/*
 * plain, or own when st is connected as a user's own PostgreSQL role,
 * which row-level security binds: a statement that must reach past the
 * user's scope (another rep's lead with the same number, the follow-ups
 * of a number put on do-not-call, the audit) calls one of the server's
 * SECURITY DEFINER functions (src/store/pgpolicy.c) there instead.
 */
#define SQL_OWN(st, plain, own)	((st)->own_role ? (own) : (plain))

#endif
