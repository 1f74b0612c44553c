/*
 * Query plans for tests (callq/plan.h): sqlite3_trace_v2 notes the text
 * of each statement as it starts; store_plan_end asks EXPLAIN QUERY PLAN
 * of each afterwards, as running a statement from inside the trace
 * callback would be running it inside another's step.
 */
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "callq/plan.h"
#include "sqliteint.h"

struct plan_watch {
	char **sql;
	int    n, cap;
	int    failed;	/* memory ran out while noting */
};

static struct plan_watch watch;

static int
watch_has(const char *sql)
{
	int i;

	for (i = 0; i < watch.n; i++)
		if (strcmp(watch.sql[i], sql) == 0)
			return 1;
	return 0;
}

static void
watch_note(const char *sql)
{
	char **grown;

	if (watch_has(sql))
		return;
	if (watch.n == watch.cap) {
		int cap = watch.cap ? watch.cap * 2 : 16;

		if ((grown = realloc(watch.sql, (size_t)cap * sizeof *grown)) ==
		    NULL) {
			watch.failed = 1;
			return;
		}
		watch.sql = grown;
		watch.cap = cap;
	}
	if ((watch.sql[watch.n] = strdup(sql)) == NULL)
		watch.failed = 1;
	else
		watch.n++;
}

/* A statement starts: its text, unexpanded; a trigger's is a comment. */
static int
watch_trace(unsigned type, void *ctx, void *p, void *x)
{
	const char *sql = sqlite3_sql(p);

	(void)type, (void)ctx, (void)x;
	if (sql != NULL && strncmp(sql, "--", 2) != 0 &&
	    strncmp(sql, "EXPLAIN", 7) != 0)
		watch_note(sql);
	return 0;
}

static void
watch_free(void)
{
	int i;

	for (i = 0; i < watch.n; i++)
		free(watch.sql[i]);
	free(watch.sql);
	memset(&watch, 0, sizeof watch);
}

int
store_plan_watch(struct store *st, struct err *err)
{
	watch_free();
	if (store_is_pg(st))
		return err_set(err, EX_UNAVAILABLE, "query plans are watched "
		    "on a SQLite floor only");
	if (sqlite3_trace_v2(sqlite_db(st->conn), SQLITE_TRACE_STMT,
	    watch_trace, NULL) != SQLITE_OK)
		return db_fail(st, err, "watching the queries");
	return 0;
}

/*
 * Hands statement n's plan (its text sql) to each, a line at a time;
 * sets *stop when each says stop.
 */
static int
plan_lines(struct store *st, int n, const char *sql,
    int (*each)(int, const char *, void *), void *arg, int *stop,
    struct err *err)
{
	sqlite3_stmt *stmt;
	char *explain;
	int rc;

	if ((explain = malloc(strlen(sql) + 20)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	strcpy(explain, "EXPLAIN QUERY PLAN ");
	strcat(explain, sql);
	rc = sqlite3_prepare_v2(sqlite_db(st->conn), explain, -1, &stmt, NULL);
	free(explain);
	if (rc != SQLITE_OK)
		return db_fail(st, err, "explaining a query");
	while (!*stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*stop = each(n, (const char *)sqlite3_column_text(stmt, 3),
		    arg);
	sqlite3_finalize(stmt);
	if (!*stop && rc != SQLITE_DONE)
		return db_fail(st, err, "explaining a query");
	return 0;
}

int
store_plan_end(struct store *st,
    int (*each)(int n, const char *line, void *), void *arg,
    struct err *err)
{
	int i, rc = 0, stop = 0;

	if (store_is_pg(st))
		return err_set(err, EX_UNAVAILABLE, "query plans are watched "
		    "on a SQLite floor only");
	sqlite3_trace_v2(sqlite_db(st->conn), 0, NULL, NULL);
	if (watch.failed)
		rc = err_set(err, EX_OSERR, "out of memory");
	for (i = 0; rc == 0 && !stop && i < watch.n; i++)
		rc = plan_lines(st, i + 1, watch.sql[i], each, arg, &stop,
		    err);
	watch_free();
	return rc;
}
