#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "callq/path.h"
#include "internal.h"
#include "pgfloor.h"
#include "sqlite.h"

/* How long retrying a transaction the database kept busy may go on. */
#define TX_DEADLINE_MS	30000

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

time_t
store_now(void)
{
	const char *fixed = secure_getenv("CALLQ_NOW");

	return fixed != NULL && *fixed != '\0' ? (time_t)atoll(fixed)
	    : time(NULL);
}

/*
 * Closes the connection and every statement prepared on it; the
 * connection stays usable by no one, so its statements go first.
 */
void
store_conn_close(struct store *st)
{
	int i;

	for (i = 0; i < st->ncache; i++)
		stmt_finalize(st->cache[i].stmt);
	st->ncache = 0;
	for (i = 0; i < st->nbuilt; i++) {
		stmt_finalize(st->built[i].stmt);
		free((char *)st->built[i].sql);
	}
	st->nbuilt = 0;
	if (st->conn != NULL && st->conn->drv->close != NULL)
		st->conn->drv->close(st->conn);
	st->conn = NULL;
}

int
store_is_pg(const struct store *st)
{
	return st->conn != NULL && strcmp(st->conn->drv->name, "pg") == 0;
}

int
readonly_fail(struct store *st, struct err *err)
{
	return err_set(err, st->ro_status, "cannot change the database: %s",
	    st->ro_msg);
}

int
store_open(const char *path, enum store_mode mode, struct store **out,
    struct err *err)
{
	const char *name;
	enum path_kind kind = path_db_kind(path, &name);
	struct store *st;
	int version, rc;

	*out = NULL;
	if ((st = calloc(1, sizeof *st)) == NULL ||
	    (st->path = strdup(name)) == NULL) {
		free(st);
		return err_set(err, EX_OSERR, "out of memory");
	}
	st->jitter = (unsigned)getpid() ^ (unsigned)time(NULL);
	hours_rules_default(&st->hours);
	rc = kind == PATH_POSTGRES ?
	    pg_store_open(st, name, mode, &version, err) :
	    sqlite_store_open(st, name, mode, &version, err);
	if (rc != 0 || schema_migrate(st, version, err) != 0 ||
	    (kind == PATH_POSTGRES && pg_security_upgrade(st, err) != 0)) {
		if (err->status == 0 && st->conn != NULL)
			db_fail(st, err, "opening the database");
		store_close(st);
		return err->status;
	}
	*out = st;
	return 0;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	store_conn_close(st);
	free(st->cache);
	free(st->path);
	free(st);
}

struct stmt *
stmt_get(struct store *st, const char *sql, struct err *err)
{
	struct cached *grown;
	struct stmt *stmt;
	int i;

	for (i = 0; i < st->ncache; i++)
		if (st->cache[i].sql == sql) {
			stmt_reset(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	if ((stmt = conn_prepare(st->conn, sql)) == NULL) {
		db_fail(st, err, "preparing a query");
		return NULL;
	}
	if (st->ncache == st->capacity) {
		int capacity = st->capacity ? st->capacity * 2 : 64;

		if ((grown = realloc(st->cache, (size_t)capacity *
		    sizeof *grown)) == NULL) {
			stmt_finalize(stmt);
			err_set(err, EX_OSERR, "out of memory");
			return NULL;
		}
		st->cache = grown;
		st->capacity = capacity;
	}
	st->cache[st->ncache].sql = sql;
	st->cache[st->ncache++].stmt = stmt;
	return stmt;
}

struct stmt *
stmt_built(struct store *st, const char *sql, struct err *err)
{
	const int max = (int)(sizeof st->built / sizeof st->built[0]);
	struct stmt *stmt;
	char *copy;
	int i;

	for (i = 0; i < st->nbuilt; i++)
		if (strcmp(st->built[i].sql, sql) == 0) {
			stmt_reset(st->built[i].stmt);
			return st->built[i].stmt;
		}
	if ((copy = strdup(sql)) == NULL) {
		err_set(err, EX_OSERR, "out of memory");
		return NULL;
	}
	if ((stmt = conn_prepare(st->conn, sql)) == NULL) {
		free(copy);
		db_fail(st, err, "preparing a query");
		return NULL;
	}
	if (st->nbuilt == max) {	/* the oldest goes */
		stmt_finalize(st->built[0].stmt);
		free((char *)st->built[0].sql);
		memmove(st->built, st->built + 1, (size_t)(max - 1) *
		    sizeof st->built[0]);
		st->nbuilt--;
	}
	st->built[st->nbuilt].sql = copy;
	st->built[st->nbuilt++].stmt = stmt;
	return stmt;
}

int
db_fail(struct store *st, struct err *err, const char *what)
{
	enum db_fault fault = conn_fault(st->conn);

	if (st->ro_status != 0 && fault == DB_FAULT_READONLY)
		return readonly_fail(st, err);
	switch (fault) {
	case DB_FAULT_BUSY:
		st->busy = 1;
		return err_set(err, EX_TEMPFAIL, "the database stayed busy "
		    "while %s; try again", what);
	case DB_FAULT_READONLY:
		return err_set(err, EX_NOPERM, "cannot write the database while "
		    "%s: %s", what, conn_errmsg(st->conn));
	case DB_FAULT_FULL:
		return err_set(err, EX_IOERR, "the disk holding %s is full (while "
		    "%s); free space there and try again", st->path, what);
	case DB_FAULT_NOTADB:
		return err_set(err, EX_DATAERR, "the file is not a callq "
		    "database (%s)", conn_errmsg(st->conn));
	case DB_FAULT_GONE:
		st->gone = 1;
		return err_set(err, EX_UNAVAILABLE, "the database server went "
		    "away while %s; try again once it answers (%s)", what,
		    conn_errmsg(st->conn));
	case DB_FAULT_INDOUBT:
		return err_set(err, EX_UNAVAILABLE, "the database server went "
		    "away before it confirmed the commit (while %s): whether "
		    "the change was saved is not known, so it was not made "
		    "again; look before you make it again (%s)", what,
		    conn_errmsg(st->conn));
	default:
		return err_set(err, EX_IOERR, "database error while %s: %s",
		    what, conn_errmsg(st->conn));
	}
}

int
db_step(struct store *st, struct stmt *stmt, struct err *err,
    const char *what)
{
	int rc = stmt_step(stmt);

	if (rc == DB_ROW || rc == DB_DONE)
		return rc;
	db_fail(st, err, what);
	stmt_reset(stmt);
	return -1;
}

int
db_run(struct store *st, struct stmt *stmt, struct err *err,
    const char *what)
{
	int rc = db_step(st, stmt, err, what);

	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
db_insert(struct store *st, struct stmt *stmt, int64_t *id,
    struct err *err, const char *what)
{
	int rc;

	*id = 0;
	while ((rc = db_step(st, stmt, err, what)) == DB_ROW)
		if (stmt_column_int64(stmt, 0) > *id)
			*id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

void
bind_text(struct stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		stmt_bind_null(stmt, i);
	else
		stmt_bind_text(stmt, i, s, -1);
}

void
bind_id(struct stmt *stmt, int i, int64_t id)
{
	if (id == 0)
		stmt_bind_null(stmt, i);
	else
		stmt_bind_int64(stmt, i, id);
}

const char *
col_text(struct stmt *stmt, int i)
{
	const char *s = stmt_column_text(stmt, i);

	return s != NULL ? s : "";
}

/* Notes how long the write lock taken at t0 was held. */
static void
tx_held(struct store *st, const struct timespec *t0)
{
	struct timespec t1;

	if (st->released)
		t1 = st->tx_released;
	else
		clock_gettime(CLOCK_MONOTONIC, &t1);
	st->released = 0;
	st->tx_last = (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
	if (st->tx_last > st->tx_longest)
		st->tx_longest = st->tx_last;
}

/*
 * One attempt: 0 committed; EX_TEMPFAIL with st->busy set to retry.
 * Ctrl-Z waits for the end of it: a rep's stopped callq would otherwise
 * hold the write lock, and every other writer on the floor would wait.
 */
static int
tx_attempt(struct store *st, int (*fn)(struct store *, void *, struct err *),
    void *arg, struct err *err)
{
	const struct db_driver *drv = st->conn->drv;
	const char *what = "starting or ending a transaction";
	struct timespec t0;
	sigset_t stops, old;
	int rc;

	sigemptyset(&stops);
	sigaddset(&stops, SIGTSTP);
	sigaddset(&stops, SIGTTIN);
	sigaddset(&stops, SIGTTOU);
	sigprocmask(SIG_BLOCK, &stops, &old);
	st->busy = 0;
	st->gone = 0;
	if ((rc = drv->begin(st->conn) == 0 ? 0 : db_fail(st, err, what)) ==
	    0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st->released = 0;
		st->depth = 1;
		rc = fn(st, arg, err);
		st->depth = 0;
		if (rc == 0 && drv->commit(st->conn) != 0)
			rc = db_fail(st, err, what);
		if (rc != 0)
			drv->rollback(st->conn);
		tx_held(st, &t0);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* Giving up: the sentence names whoever holds the lock, if anyone can. */
static int
tx_give_up(struct store *st, struct err *err)
{
	char holder[400];

	/* A server's locks are the server's to tell (pg_locks). */
	if (store_is_pg(st) || lock_holder(st, holder, sizeof holder) != 0)
		return err_set(err, EX_TEMPFAIL, "the database stayed busy "
		    "for %d seconds; try again", TX_DEADLINE_MS / 1000);
	return err_set(err, EX_TEMPFAIL, "the database stayed busy for %d "
	    "seconds: %s holds its write lock; try again, or ask an admin to "
	    "end that process (see SECURITY in callq(1))",
	    TX_DEADLINE_MS / 1000, holder);
}

/*
 * A transaction the server's going away cut off before its COMMIT was
 * sent is run once more from its start, on a new session: the server
 * rolled it back, so nothing is written twice. One whose COMMIT was
 * sent and not answered is never run again (DB_FAULT_INDOUBT).
 */
int
store_tx(struct store *st, int (*fn)(struct store *, void *, struct err *),
    void *arg, struct err *err)
{
	long long deadline = now_ms() + TX_DEADLINE_MS;
	int rc, rerun = 0;

	if (st->ro_status != 0)
		return readonly_fail(st, err);
	if (st->depth > 0)
		return fn(st, arg, err);
	for (;;) {
		err->status = 0;
		rc = tx_attempt(st, fn, arg, err);
		if (rc != 0 && st->gone && !rerun++)
			continue;
		if (rc == 0 || !st->busy)
			return rc;
		if (now_ms() > deadline)
			return tx_give_up(st, err);
	}
}

int
store_tx_once(struct store *st,
    int (*fn)(struct store *, void *, struct err *), void *arg,
    struct err *err)
{
	if (st->ro_status != 0)
		return readonly_fail(st, err);
	err->status = 0;
	return tx_attempt(st, fn, arg, err);
}

int
store_tx_plans_fresh(struct store *st, struct err *err)
{
	if (!store_is_pg(st) || conn_exec(st->conn,
	    "SET LOCAL plan_cache_mode = force_custom_plan") == 0)
		return 0;
	return db_fail(st, err, "planning the transaction");
}

double
store_tx_last(const struct store *st)
{
	return st->tx_last;
}

double
store_tx_longest(const struct store *st)
{
	return st->tx_longest;
}

void
store_cache_limit(struct store *st, int kib)
{
	sqlite_cache_size(st, kib);
}

int64_t
store_data_version(struct store *st)
{
	return st->conn->drv->data_version(st->conn);
}

int
store_lost(struct store *st)
{
	return st->conn->drv->lost != NULL && st->conn->drv->lost(st->conn);
}

const char *
store_name(const struct store *st)
{
	return st->path;
}

const char *
store_own_login(const struct store *st)
{
	return st->own_role ? st->own_login : NULL;
}
