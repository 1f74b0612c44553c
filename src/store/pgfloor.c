#include <stdlib.h>
#include <string.h>

#include "pg.h"
#include "pgfloor.h"
#include "pgschema.h"

/* Whether callq's tables are there: schema_meta is made first. */
static int
floor_exists(struct store *st, int *exists, struct err *err)
{
	static const char sql[] =
	    "SELECT CAST(to_regclass('schema_meta') IS NOT NULL AS integer)";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	if ((rc = db_step(st, stmt, err, "looking for callq's tables")) == -1)
		return err->status;
	*exists = rc == DB_ROW && stmt_column_int(stmt, 0) != 0;
	stmt_reset(stmt);
	return 0;
}

int
pg_schema_version(struct store *st, int *version, struct err *err)
{
	static const char sql[] = "SELECT version FROM schema_meta";
	struct stmt *stmt;
	int exists, rc;

	if (floor_exists(st, &exists, err) != 0)
		return err->status;
	if (!exists)
		return err_set(err, EX_NOINPUT, "the PostgreSQL database %s "
		    "holds no callq floor; create one there with: callq --db "
		    "postgresql://... init, naming this database", st->path);
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	if ((rc = db_step(st, stmt, err, "reading the schema version")) ==
	    -1)
		return err->status;
	*version = rc == DB_ROW ? stmt_column_int(stmt, 0) : 0;
	stmt_reset(stmt);
	return 0;
}

/* Every step of pg_schema, in the caller's transaction. */
static int
schema_create(struct store *st, void *arg, struct err *err)
{
	int i;

	(void)arg;
	for (i = 0; pg_schema[i] != NULL; i++)
		if (conn_exec(st->conn, pg_schema[i]) != 0)
			return db_fail(st, err, "creating the floor's tables");
	return 0;
}

static int
floor_create(struct store *st, struct err *err)
{
	int exists;

	if (floor_exists(st, &exists, err) != 0)
		return err->status;
	if (exists)
		return err_set(err, EX_CANTCREAT, "the PostgreSQL database %s "
		    "holds a callq floor already; use it, or name another "
		    "database with --db", st->path);
	return store_tx(st, schema_create, NULL, err);
}

/*
 * st->path names the database in sentences: its name on the server,
 * never the conninfo, which may hold a password.
 */
static int
floor_name(struct store *st, struct err *err)
{
	static const char sql[] = "SELECT current_database()";
	struct stmt *stmt;
	char *name;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	if (db_step(st, stmt, err, "naming the database") == -1)
		return err->status;
	name = strdup(col_text(stmt, 0));
	stmt_reset(stmt);
	if (name == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	free(st->path);
	st->path = name;
	return 0;
}

int
pg_store_open(struct store *st, const char *conninfo, enum store_mode mode,
    int *version, struct err *err)
{
	if (pg_conn_open(conninfo, &st->conn, err) != 0 ||
	    floor_name(st, err) != 0)
		return err->status;
	if (mode == STORE_CREATE && floor_create(st, err) != 0)
		return err->status;
	if (pg_schema_version(st, version, err) != 0)
		return err->status;
	if (*version > STORE_SCHEMA_VERSION)
		return err_set(err, EX_UNAVAILABLE, "the PostgreSQL database %s"
		    " has schema version %d but this callq knows only up to "
		    "%d; upgrade callq to use it (the database was not "
		    "changed)", st->path, *version, STORE_SCHEMA_VERSION);
	return 0;
}
