#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"
#include "pgfloor.h"
#include "pgpolicy.h"
#include "pgschema.h"

/* *out from a query of one integer, 0 when it returns no row. */
static int
ask_int(struct store *st, const char *sql, const char *what, int *out,
    struct err *err)
{
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	if ((rc = db_step(st, stmt, err, what)) == -1)
		return err->status;
	*out = rc == DB_ROW ? stmt_column_int(stmt, 0) : 0;
	stmt_reset(stmt);
	return 0;
}

/* Whether callq's tables are there: schema_meta is made first. */
static int
floor_exists(struct store *st, int *exists, struct err *err)
{
	return ask_int(st, "SELECT CAST(to_regclass('schema_meta') IS NOT NULL"
	    " AS integer)", "looking for callq's tables", exists, err);
}

int
pg_schema_version(struct store *st, int *version, struct err *err)
{
	int exists;

	if (floor_exists(st, &exists, err) != 0)
		return err->status;
	if (!exists)
		return err_set(err, EX_NOINPUT, "the PostgreSQL database %s "
		    "holds no callq floor; create one there with: callq --db "
		    "postgresql://... init, naming this database", st->path);
	return ask_int(st, "SELECT version FROM schema_meta",
	    "reading the schema version", version, err);
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

/*
 * Whether row-level security binds this session: a user's own role does,
 * the floor's owner (the setgid model) and a superuser do not, nor does
 * anyone before callq roles has loaded the security. A user's own role
 * is named by their login (callq_user_login), and session_user, unlike
 * current_user, stays that role inside a SECURITY DEFINER function.
 */
static int
own_role_find(struct store *st, struct err *err)
{
	static const char sql[] =
	    "SELECT CAST(row_security_active('leads') AS integer), "
	    "CAST(session_user AS text)";
	struct stmt *stmt;
	const char *login;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	if ((rc = db_step(st, stmt, err, "reading how it is connected")) ==
	    -1)
		return err->status;
	st->own_role = rc == DB_ROW && stmt_column_int(stmt, 0) != 0;
	login = st->own_role ? stmt_column_text(stmt, 1) : NULL;
	snprintf(st->own_login, sizeof st->own_login, "%s",
	    login != NULL ? login : "");
	stmt_reset(stmt);
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
	return own_role_find(st, err);
}

/* What store_roles did, for its sentence. */
struct roles_run {
	int *loaded;
	int *logins;
};

/* 1 when the connecting role may make roles, as the security must. */
static int
roles_allowed(struct store *st, int *allowed, struct err *err)
{
	return ask_int(st, "SELECT CAST(rolcreaterole OR rolsuper AS integer)"
	    " FROM pg_roles WHERE rolname = current_user",
	    "reading what its role may do", allowed, err);
}

/*
 * The floor's security version (pgpolicy.h): 0 when it was never
 * loaded (callq_user_login is made by it), 1 when loaded before its
 * version was written.
 */
static int
security_version(struct store *st, int *version, struct err *err)
{
	return ask_int(st, "SELECT CASE WHEN"
	    " to_regprocedure('callq_user_login(text)') IS NULL THEN 0 ELSE"
	    " coalesce(CAST(substring(obj_description(to_regprocedure("
	    "'callq_user_login(text)'), 'pg_proc') FROM"
	    " '^callq security ([0-9]+)$') AS integer), 1) END",
	    "looking for its security", version, err);
}

/* Loads the security, first taking down an older one (version > 0). */
static int
security_load(struct store *st, int version, struct err *err)
{
	char *sql;
	int rc = 0;

	if (version > 0) {
		if ((sql = pg_policy_drop_sql()) == NULL)
			return err_set(err, EX_OSERR, "out of memory");
		if (conn_exec(st->conn, sql) != 0)
			rc = db_fail(st, err, "taking down the floor's older "
			    "security");
		free(sql);
		if (rc != 0)
			return rc;
	}
	if (conn_exec(st->conn, pg_policy_base) != 0)
		return db_fail(st, err, "loading the floor's security");
	if ((sql = pg_policy_sql()) == NULL)
		return err_set(err, EX_SOFTWARE, "the row-level security "
		    "could not be generated from the permission table: "
		    "report this");
	if (conn_exec(st->conn, sql) != 0)
		rc = db_fail(st, err, "loading the floor's security");
	free(sql);
	return rc;
}

/*
 * Every table of the floor, at once and in one order, so that two
 * upgrades neither both run nor deadlock, and nothing runs on a table
 * while its policies change. NOWAIT: none is taken if one is in use.
 */
#define TABLES_LOCK(how) \
	"DO $$ BEGIN EXECUTE (SELECT 'LOCK TABLE ' || string_agg(" \
	"format('%I.%I', current_schema(), relname), ', ' ORDER BY relname)" \
	" || ' IN ACCESS EXCLUSIVE MODE" how "' FROM pg_class WHERE" \
	" relnamespace = current_schema()::regnamespace AND relkind = 'r');" \
	" END $$"

static int
tables_lock(struct store *st, int nowait, struct err *err)
{
	static const char *const sql[2] = {
		TABLES_LOCK(""), TABLES_LOCK(" NOWAIT"),
	};

	if (conn_exec(st->conn, sql[nowait != 0]) != 0)
		return db_fail(st, err, "locking the floor's tables to change "
		    "its security");
	return 0;
}

/*
 * Inside the transaction: an older callq's security loaded anew, when
 * every table is free this moment. Taking them one by one instead would
 * queue every statement on the floor behind each, on every open.
 */
static int
security_upgrade_apply(struct store *st, void *arg, struct err *err)
{
	int version;

	(void)arg;
	if (tables_lock(st, 1, err) != 0 ||
	    security_version(st, &version, err) != 0)
		return err->status;
	if (version == 0 || version >= PG_SECURITY_VERSION)
		return 0;
	return security_load(st, version, err);
}

/*
 * Whether this session may take the security down and load it: it acts
 * for the tables' owner, in a session that may write. Else the upgrade
 * is left to callq roles, and the floor opens as it is.
 */
static int
may_upgrade(struct store *st, int *allowed, struct err *err)
{
	return ask_int(st, "SELECT CAST(pg_has_role(current_user, c.relowner,"
	    " 'USAGE') AND current_setting('transaction_read_only') = 'off'"
	    " AS integer) FROM pg_class c"
	    " WHERE c.oid = to_regclass('schema_meta')",
	    "reading what its role may do", allowed, err);
}

int
pg_security_upgrade(struct store *st, struct err *err)
{
	int version, allowed;

	if (security_version(st, &version, err) != 0)
		return err->status;
	if (version == 0 || version >= PG_SECURITY_VERSION)
		return 0;
	if (st->own_role)
		return err_set(err, EX_UNAVAILABLE, "the security of the "
		    "PostgreSQL database %s was loaded by an older callq "
		    "(version %d; this one needs %d): have an admin run "
		    "callq roles connected as the floor's owner, then try "
		    "again", st->path, version, PG_SECURITY_VERSION);
	if (may_upgrade(st, &allowed, err) != 0)
		return err->status;
	if (!allowed || store_tx_once(st, security_upgrade_apply, NULL,
	    err) == 0)
		return 0;
	/*
	 * The owner is not bound by the security, so the floor opens under
	 * the older one: busy, the next owner's open tries again; failing
	 * otherwise, an admin must hear why.
	 */
	if (!st->busy)
		fprintf(stderr, "callq: notice: the floor's security could not "
		    "be brought up to date, so users connecting as their own "
		    "PostgreSQL roles are refused until it is: %s\n", err->msg);
	err->status = 0;
	err->msg[0] = '\0';
	st->busy = 0;
	return 0;
}

/* Inside the transaction: the security if missing or older, every login. */
static int
roles_apply(struct store *st, void *arg, struct err *err)
{
	static const char logins_sql[] =
	    "SELECT count(*) FROM (SELECT callq_user_login(login)"
	    " FROM users ORDER BY id) AS made";
	struct roles_run *run = arg;
	struct stmt *stmt;
	int version = 0;

	if (security_version(st, &version, err) != 0)
		return err->status;
	/* An older one the open could not upgrade, waited for here. */
	if (version > 0 && version < PG_SECURITY_VERSION &&
	    (tables_lock(st, 0, err) != 0 ||
	    security_version(st, &version, err) != 0))
		return err->status;
	*run->loaded = version == 0 ? 1 : version < PG_SECURITY_VERSION ? 2 : 0;
	if (*run->loaded && security_load(st, version, err) != 0)
		return err->status;
	/* Made at run time by the load above: not cached. */
	if ((stmt = conn_prepare(st->conn, logins_sql)) == NULL)
		return db_fail(st, err, "making the users' login roles");
	if (stmt_step(stmt) != DB_ROW) {
		stmt_finalize(stmt);
		return db_fail(st, err, "making the users' login roles");
	}
	*run->logins = stmt_column_int(stmt, 0);
	stmt_finalize(stmt);
	return 0;
}

int
store_roles(struct store *st, const struct actor *who, int *loaded,
    int *logins, struct err *err)
{
	struct roles_run run = { loaded, logins };
	int allowed = 0;

	*loaded = *logins = 0;
	if (!store_is_pg(st))
		return err_set(err, EX_USAGE, "callq roles is for a PostgreSQL "
		    "floor; on a SQLite floor callq's group guards the file, "
		    "and users have no database roles");
	if (require(who, ACT_SETTINGS, err) != 0 ||
	    roles_allowed(st, &allowed, err) != 0)
		return err->status;
	if (!allowed)
		return err_set(err, EX_NOPERM, "the role callq connects to %s "
		    "as may not create roles, which the floor's security and "
		    "its users' login roles need: have a superuser run ALTER "
		    "ROLE ... CREATEROLE for it, then run callq roles again",
		    st->path);
	return store_tx(st, roles_apply, &run, err);
}
