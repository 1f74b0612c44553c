/*
 * The schema's version and foreign keys as SQLite keeps them: PRAGMA
 * user_version, foreign_keys and foreign_key_check.
 */
#include <stdio.h>

#include "sqliteint.h"

int
sqlite_schema_version(struct store *st, int *version, struct err *err)
{
	struct stmt *stmt;

	if ((stmt = stmt_get(st, "PRAGMA user_version", err)) == NULL)
		return err->status;
	if (db_step(st, stmt, err, "reading the schema version") != DB_ROW)
		return err->status ? err->status : db_fail(st, err,
		    "reading the schema version");
	*version = stmt_column_int(stmt, 0);
	stmt_reset(stmt);
	return 0;
}

int
sqlite_schema_version_set(struct store *st, int version, struct err *err)
{
	char pragma[64];

	snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", version);
	if (conn_exec(st->conn, pragma) != 0)
		return db_fail(st, err, "upgrading the schema");
	return 0;
}

int
sqlite_foreign_keys(struct store *st, int on)
{
	return conn_exec(st->conn, on ? "PRAGMA foreign_keys=ON" :
	    "PRAGMA foreign_keys=OFF");
}

int
sqlite_foreign_keys_check(struct store *st, struct err *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(sqlite_db(st->conn), "PRAGMA foreign_key_check",
	    -1, &stmt, NULL) != SQLITE_OK)
		return db_fail(st, err, "checking the upgraded schema");
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return err_set(err, EX_SOFTWARE, "upgrading the schema would "
		    "leave a record pointing at one that does not exist; "
		    "nothing was changed: report this");
	return rc == SQLITE_DONE ? 0 : db_fail(st, err,
	    "checking the upgraded schema");
}
