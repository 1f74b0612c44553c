/*
 * What the store asks of a database, and nothing more: prepare, bind,
 * step, read columns, count changes, run a transaction. Two drivers
 * implement it: SQLite (src/store/sqlite*.c) and PostgreSQL
 * (src/store/pg*.c), the only files that include sqlite3.h or
 * libpq-fe.h. The rest of the store speaks to a driver only through the
 * inline calls below, so one SQL text and one C path serve both.
 *
 * SQL handed to prepare uses SQLite's parameter spelling, ?N or ?; the
 * PostgreSQL driver rewrites it to $N. Where the dialects differ the SQL
 * lives in one place, chosen by the connection's driver name.
 */
#ifndef CALLQ_STORE_DRIVER_H
#define CALLQ_STORE_DRIVER_H

#include <stdint.h>

/* What step answers: a row to read, or the statement is finished. */
#define DB_ROW	100
#define DB_DONE	101

/* A column's or a value's type, as column_type tells it. */
enum db_type {
	DB_NULL,
	DB_INTEGER,
	DB_FLOAT,
	DB_TEXT,
};

/*
 * Why the connection's last call failed, in the classes the store acts
 * on. DB_FAULT_BUSY means another writer was in the way (SQLITE_BUSY or
 * SQLITE_LOCKED; a serialization failure, deadlock or lock timeout on
 * PostgreSQL): the whole transaction is retried.
 */
enum db_fault {
	DB_FAULT_NONE,
	DB_FAULT_BUSY,
	DB_FAULT_UNIQUE,	/* a UNIQUE constraint refused the row */
	DB_FAULT_CONSTRAINT,	/* another constraint did */
	DB_FAULT_READONLY,	/* this user or this file may not be written */
	DB_FAULT_FULL,		/* the disk is full */
	DB_FAULT_NOTADB,	/* not a database, or a damaged one */
	/*
	 * The server went away, and took any open transaction with it; the
	 * PostgreSQL driver reconnects on the next call outside one.
	 */
	DB_FAULT_GONE,
	/*
	 * The server went away after COMMIT was sent and before it answered:
	 * whether the transaction was committed is not known.
	 */
	DB_FAULT_INDOUBT,
	DB_FAULT_OTHER,
};

struct db_driver;

/* A connection; each driver's own begins with this. */
struct dbconn {
	const struct db_driver *drv;
};

/*
 * A prepared statement, owned by the connection that prepared it; each
 * driver's own begins with this. Text read from a column stays valid
 * until the next step, reset or finalize of the statement.
 */
struct stmt {
	const struct db_driver *drv;
	struct dbconn *conn;
};

struct db_driver {
	const char *name;	/* "sqlite" or "pg" */

	/* NULL on failure (the connection's fault and errmsg say why). */
	struct stmt *(*prepare)(struct dbconn *, const char *sql);
	void	     (*finalize)(struct stmt *);	/* NULL: nothing */
	/* Ready to run again, with every parameter unbound (null). */
	void	     (*reset)(struct stmt *);

	/*
	 * Parameters count from 1; text is copied (len -1: to its NUL), and
	 * NULL text binds a null.
	 */
	void	     (*bind_int64)(struct stmt *, int, int64_t);
	void	     (*bind_double)(struct stmt *, int, double);
	void	     (*bind_text)(struct stmt *, int, const char *, int);
	void	     (*bind_null)(struct stmt *, int);

	/* DB_ROW, DB_DONE, or -1 (the connection's fault says why). */
	int	     (*step)(struct stmt *);

	/* Columns count from 0; a null reads as 0, 0.0 or NULL. */
	enum db_type (*column_type)(struct stmt *, int);
	int64_t	     (*column_int64)(struct stmt *, int);
	double	     (*column_double)(struct stmt *, int);
	const char  *(*column_text)(struct stmt *, int);

	/* Rows the last INSERT, UPDATE or DELETE changed. */
	int64_t	     (*changes)(struct dbconn *);
	/* Runs sql, which may hold several statements and no parameter. */
	int	     (*exec)(struct dbconn *, const char *sql);	/* 0 or -1 */

	/*
	 * A write transaction: begin takes the write lock at once (BEGIN
	 * IMMEDIATE) or its equivalent; 0 or -1.
	 */
	int	     (*begin)(struct dbconn *);
	int	     (*commit)(struct dbconn *);
	void	     (*rollback)(struct dbconn *);	/* never fails */

	enum db_fault (*fault)(struct dbconn *);
	const char  *(*errmsg)(struct dbconn *);	/* never NULL */

	/*
	 * Changes whenever another connection has committed since the last
	 * call (SQLite's data_version, PostgreSQL's NOTIFY); never blocks.
	 */
	int64_t	     (*data_version)(struct dbconn *);

	/*
	 * Nonzero while the server is out of reach: the session was lost and
	 * a try for a new one has failed since (each call tries again, at
	 * most once a second). NULL: a driver whose database never goes
	 * away.
	 */
	int	     (*lost)(struct dbconn *);

	void	     (*close)(struct dbconn *);		/* NULL: nothing */
};

static inline struct stmt *
conn_prepare(struct dbconn *c, const char *sql)
{
	return c->drv->prepare(c, sql);
}

static inline int64_t
conn_changes(struct dbconn *c)
{
	return c->drv->changes(c);
}

static inline int
conn_exec(struct dbconn *c, const char *sql)
{
	return c->drv->exec(c, sql);
}

static inline enum db_fault
conn_fault(struct dbconn *c)
{
	return c->drv->fault(c);
}

static inline const char *
conn_errmsg(struct dbconn *c)
{
	return c->drv->errmsg(c);
}

static inline void
stmt_finalize(struct stmt *s)
{
	if (s != NULL)
		s->drv->finalize(s);
}

static inline void
stmt_reset(struct stmt *s)
{
	s->drv->reset(s);
}

static inline void
stmt_bind_int64(struct stmt *s, int i, int64_t v)
{
	s->drv->bind_int64(s, i, v);
}

static inline void
stmt_bind_int(struct stmt *s, int i, int v)
{
	s->drv->bind_int64(s, i, v);
}

static inline void
stmt_bind_double(struct stmt *s, int i, double v)
{
	s->drv->bind_double(s, i, v);
}

static inline void
stmt_bind_text(struct stmt *s, int i, const char *text, int len)
{
	s->drv->bind_text(s, i, text, len);
}

static inline void
stmt_bind_null(struct stmt *s, int i)
{
	s->drv->bind_null(s, i);
}

static inline int
stmt_step(struct stmt *s)
{
	return s->drv->step(s);
}

static inline enum db_type
stmt_column_type(struct stmt *s, int i)
{
	return s->drv->column_type(s, i);
}

static inline int64_t
stmt_column_int64(struct stmt *s, int i)
{
	return s->drv->column_int64(s, i);
}

static inline int
stmt_column_int(struct stmt *s, int i)
{
	return (int)s->drv->column_int64(s, i);
}

static inline double
stmt_column_double(struct stmt *s, int i)
{
	return s->drv->column_double(s, i);
}

static inline const char *
stmt_column_text(struct stmt *s, int i)
{
	return s->drv->column_text(s, i);
}

#endif
