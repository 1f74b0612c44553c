/*
 * Opening a PostgreSQL floor (src/store/pgfloor.c): the connection, then
 * its schema checked or created. SQLite's counterpart is sqlite.h's
 * sqlite_store_open.
 */
#ifndef CALLQ_STORE_PGFLOOR_H
#define CALLQ_STORE_PGFLOOR_H

#include "internal.h"

/*
 * Connects st to conninfo (libpq's: a postgresql:// URL or keywords).
 * STORE_OPEN wants callq's tables there already; STORE_CREATE wants none
 * and creates them (pg_schema, one transaction). Sets *version to the
 * schema's. On failure st->conn may be set: store_close frees it.
 */
int pg_store_open(struct store *st, const char *conninfo,
    enum store_mode mode, int *version, struct err *err);

/* schema_meta's version; EX_NOINPUT when the database has no callq floor. */
int pg_schema_version(struct store *st, int *version, struct err *err);

/*
 * After the schema's steps: a floor whose security an older callq loaded
 * (pgpolicy.h's PG_SECURITY_VERSION) has it loaded anew, when this
 * session acts for the tables' owner and may write, and no table is in
 * use this moment; else the floor opens as it is (with a notice on
 * stderr when the upgrade failed otherwise than busy), the next such
 * open or callq roles to try again. Under a user's own role, which
 * cannot, callq refuses the floor until it is done, in one sentence.
 */
int pg_security_upgrade(struct store *st, struct err *err);

#endif
