/*
 * What the rest of the store asks of SQLite alone: how a floor's file is
 * opened (WAL, network filesystems, read-only floors), its PRAGMAs and
 * its schema version. Declared without sqlite3.h, which only
 * src/store/sqlite*.c include (through sqliteint.h).
 */
#ifndef CALLQ_STORE_SQLITE_H
#define CALLQ_STORE_SQLITE_H

#include "internal.h"

/*
 * Opens path as st's connection with every SQLite setting made, after
 * the checks a floor's file needs (store/sqlite_open.c); sets *version
 * to the schema's, not yet migrated. On failure st->conn may be set:
 * store_close frees it.
 */
int sqlite_store_open(struct store *st, const char *path,
    enum store_mode mode, int *version, struct err *err);

/* PRAGMA cache_size, in KiB; 0, or -1 with the connection's fault set. */
int sqlite_cache_size(struct store *st, int kib);

/* PRAGMA user_version, read and written (store/sqlite_schema.c). */
int sqlite_schema_version(struct store *st, int *version, struct err *err);
int sqlite_schema_version_set(struct store *st, int version,
    struct err *err);

/*
 * PRAGMA foreign_keys: on or off (only outside a transaction); 0, or -1
 * with the connection's fault set.
 */
int sqlite_foreign_keys(struct store *st, int on);

/* PRAGMA foreign_key_check: refuses with a sentence when any breaks. */
int sqlite_foreign_keys_check(struct store *st, struct err *err);

#endif
