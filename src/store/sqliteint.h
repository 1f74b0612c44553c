/*
 * The SQLite driver's insides, shared by src/store/sqlite*.c (and by
 * tests that reach past the driver into SQLite): the sqlite3 handle
 * behind a connection, and the SQL functions callq's SQL calls.
 */
#ifndef CALLQ_STORE_SQLITEINT_H
#define CALLQ_STORE_SQLITEINT_H

#include <sqlite3.h>

#include "sqlite.h"

/* The driver over sqlite3 (store/sqlite.c). */
extern const struct db_driver sqlite_driver;

/*
 * Opens name (a path, or a URI for one) with sqlite3_open_v2's flags:
 * SQLITE_OK or its code, *out set either way unless memory ran out (then
 * NULL) so the caller can read why; the caller closes it.
 */
int sqlite_conn_open(const char *name, int flags, struct dbconn **out);

/* The sqlite3 handle behind a connection of sqlite_driver. */
sqlite3 *sqlite_db(struct dbconn *c);

/*
 * Adds callq's SQL functions to db: callq_callable answers by st's hours
 * (store/sqlite_func.c).
 */
void sqlite_functions(sqlite3 *db, struct store *st);

#endif
