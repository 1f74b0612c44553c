/*
 * The store's driver over SQLite (driver.h). Statements are prepared
 * persistent, as the store keeps them for its life; reset unbinds too,
 * so a statement reused never carries the last caller's values.
 */
#include <stdlib.h>

#include "sqliteint.h"

struct sqlite_conn {
	struct dbconn base;
	sqlite3      *db;
	sqlite3_stmt *data_version;	/* prepared at its first use */
};

struct sqlite_stmt {
	struct stmt   base;
	sqlite3_stmt *s;
};

static sqlite3 *
db_of(struct dbconn *c)
{
	return ((struct sqlite_conn *)c)->db;
}

static sqlite3_stmt *
raw(struct stmt *s)
{
	return ((struct sqlite_stmt *)s)->s;
}

sqlite3 *
sqlite_db(struct dbconn *c)
{
	return db_of(c);
}

static struct stmt *
sq_prepare(struct dbconn *c, const char *sql)
{
	struct sqlite_stmt *s;
	sqlite3_stmt *p;

	if (sqlite3_prepare_v3(db_of(c), sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &p, NULL) != SQLITE_OK)
		return NULL;
	if ((s = malloc(sizeof *s)) == NULL) {
		sqlite3_finalize(p);
		return NULL;
	}
	s->base.drv = c->drv;
	s->base.conn = c;
	s->s = p;
	return &s->base;
}

static void
sq_finalize(struct stmt *s)
{
	sqlite3_finalize(raw(s));
	free(s);
}

static void
sq_reset(struct stmt *s)
{
	sqlite3_reset(raw(s));
	sqlite3_clear_bindings(raw(s));
}

static void
sq_bind_int64(struct stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(raw(s), i, v);
}

static void
sq_bind_double(struct stmt *s, int i, double v)
{
	sqlite3_bind_double(raw(s), i, v);
}

static void
sq_bind_text(struct stmt *s, int i, const char *text, int len)
{
	sqlite3_bind_text(raw(s), i, text, len, SQLITE_TRANSIENT);
}

static void
sq_bind_null(struct stmt *s, int i)
{
	sqlite3_bind_null(raw(s), i);
}

static int
sq_step(struct stmt *s)
{
	switch (sqlite3_step(raw(s))) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	default:
		return -1;
	}
}

static enum db_type
sq_column_type(struct stmt *s, int i)
{
	switch (sqlite3_column_type(raw(s), i)) {
	case SQLITE_INTEGER:
		return DB_INTEGER;
	case SQLITE_FLOAT:
		return DB_FLOAT;
	case SQLITE_NULL:
		return DB_NULL;
	default:		/* text, and a blob read as text */
		return DB_TEXT;
	}
}

static int64_t
sq_column_int64(struct stmt *s, int i)
{
	return sqlite3_column_int64(raw(s), i);
}

static double
sq_column_double(struct stmt *s, int i)
{
	return sqlite3_column_double(raw(s), i);
}

static const char *
sq_column_text(struct stmt *s, int i)
{
	return (const char *)sqlite3_column_text(raw(s), i);
}

static int64_t
sq_changes(struct dbconn *c)
{
	return sqlite3_changes(db_of(c));
}

static int
sq_exec(struct dbconn *c, const char *sql)
{
	return sqlite3_exec(db_of(c), sql, NULL, NULL, NULL) == SQLITE_OK ? 0
	    : -1;
}

static int
sq_begin(struct dbconn *c)
{
	return sq_exec(c, "BEGIN IMMEDIATE");
}

static int
sq_commit(struct dbconn *c)
{
	return sq_exec(c, "COMMIT");
}

/* A failed COMMIT may have ended the transaction already, or not. */
static void
sq_rollback(struct dbconn *c)
{
	if (!sqlite3_get_autocommit(db_of(c)))
		sq_exec(c, "ROLLBACK");
}

/*
 * Only the unique constraint is a class of its own: a primary key
 * refusing a row was never told apart from other constraints.
 */
static enum db_fault
sq_fault(struct dbconn *c)
{
	int code = sqlite3_extended_errcode(db_of(c));

	if (code == SQLITE_CONSTRAINT_UNIQUE)
		return DB_FAULT_UNIQUE;
	switch (code & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return DB_FAULT_NONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_FAULT_BUSY;
	case SQLITE_CONSTRAINT:
		return DB_FAULT_CONSTRAINT;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return DB_FAULT_READONLY;
	case SQLITE_FULL:
		return DB_FAULT_FULL;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return DB_FAULT_NOTADB;
	default:
		return DB_FAULT_OTHER;
	}
}

static const char *
sq_errmsg(struct dbconn *c)
{
	const char *msg = db_of(c) != NULL ? sqlite3_errmsg(db_of(c)) : NULL;

	return msg != NULL ? msg : "out of memory";
}

/* PRAGMA data_version: changes when another connection commits. */
static int64_t
sq_data_version(struct dbconn *c)
{
	struct sqlite_conn *sc = (struct sqlite_conn *)c;
	int64_t v = -1;

	if (sc->data_version == NULL && sqlite3_prepare_v3(sc->db,
	    "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
	    &sc->data_version, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(sc->data_version) == SQLITE_ROW)
		v = sqlite3_column_int64(sc->data_version, 0);
	sqlite3_reset(sc->data_version);
	return v;
}

static void
sq_close(struct dbconn *c)
{
	struct sqlite_conn *sc = (struct sqlite_conn *)c;

	sqlite3_finalize(sc->data_version);
	sqlite3_close(sc->db);
	free(sc);
}

const struct db_driver sqlite_driver = {
	.name = "sqlite",
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_int64 = sq_bind_int64,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_type = sq_column_type,
	.column_int64 = sq_column_int64,
	.column_double = sq_column_double,
	.column_text = sq_column_text,
	.changes = sq_changes,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.fault = sq_fault,
	.errmsg = sq_errmsg,
	.data_version = sq_data_version,
	.close = sq_close,
};

int
sqlite_conn_open(const char *name, int flags, struct dbconn **out)
{
	struct sqlite_conn *sc;
	int rc;

	*out = NULL;
	if ((sc = calloc(1, sizeof *sc)) == NULL)
		return SQLITE_NOMEM;
	sc->base.drv = &sqlite_driver;
	rc = sqlite3_open_v2(name, &sc->db, flags, NULL);
	if (sc->db == NULL) {
		free(sc);
		return rc;
	}
	sqlite3_extended_result_codes(sc->db, 1);
	*out = &sc->base;
	return rc;
}
