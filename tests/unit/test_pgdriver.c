/*
 * The PostgreSQL driver against a real server: the one tests/run-all.sh
 * starts (tests/pg/server.sh), named by CALLQ_TEST_PG. Without it every
 * test here is counted as skipped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "../../src/store/internal.h"
#include "../../src/store/pg.h"

/* How long a test waits for an event before it fails. */
#define WAIT_CAP_MS 20000

static const char *conninfo;
static int skipped;

static struct dbconn *
conn_open(void)
{
	struct dbconn *c = NULL;
	struct err err = { 0, "" };

	if (pg_conn_open(conninfo, &c, &err) != 0)
		fail_msg("cannot connect: %s", err.msg);
	assert_string_equal(c->drv->name, "pg");
	return c;
}

static void
conn_close(struct dbconn *c)
{
	c->drv->close(c);
}

static void
exec_ok(struct dbconn *c, const char *sql)
{
	if (conn_exec(c, sql) != 0)
		fail_msg("%s: %s", sql, conn_errmsg(c));
}

static struct stmt *
prepare_ok(struct dbconn *c, const char *sql)
{
	struct stmt *s = conn_prepare(c, sql);

	if (s == NULL)
		fail_msg("%s: %s", sql, conn_errmsg(c));
	return s;
}

/* The first column of the one row sql gives, as an integer. */
static int64_t
query_int(struct dbconn *c, const char *sql)
{
	struct stmt *s = prepare_ok(c, sql);
	int64_t v;

	assert_int_equal(stmt_step(s), DB_ROW);
	v = stmt_column_int64(s, 0);
	assert_int_equal(stmt_step(s), DB_DONE);
	stmt_finalize(s);
	return v;
}

/* The first column of the one row sql gives, as text (copied). */
static void
query_text(struct dbconn *c, const char *sql, char *buf, size_t size)
{
	struct stmt *s = prepare_ok(c, sql);

	assert_int_equal(stmt_step(s), DB_ROW);
	snprintf(buf, size, "%s", stmt_column_text(s, 0));
	stmt_finalize(s);
}

/* Each test's first call: without a server, the test is skipped. */
static void
pg_needed(void)
{
	if (conninfo == NULL) {
		skipped++;
		skip();
	}
}

static void
test_values_round_trip(void **state)
{
	const char *text = "it's \"quoted\" — naïve ✓ ?1 $1";
	struct dbconn *c;
	struct stmt *ins, *sel;

	(void)state;
	pg_needed();
	c = conn_open();
	exec_ok(c, "DROP TABLE IF EXISTS pgdrv_vals;"
	    "CREATE TABLE pgdrv_vals (k int, i bigint, d double precision,"
	    " t text)");
	ins = prepare_ok(c, "INSERT INTO pgdrv_vals VALUES (?, ?, ?, ?)");
	stmt_bind_int(ins, 1, 1);
	stmt_bind_int64(ins, 2, INT64_MAX);
	stmt_bind_double(ins, 3, 0.1);
	stmt_bind_text(ins, 4, text, -1);
	assert_int_equal(stmt_step(ins), DB_DONE);
	stmt_reset(ins);
	stmt_bind_int(ins, 1, 2);
	stmt_bind_int64(ins, 2, INT64_MIN);
	stmt_bind_double(ins, 3, -1.0 / 3.0);
	stmt_bind_text(ins, 4, "abcdef", 3);
	assert_int_equal(stmt_step(ins), DB_DONE);
	stmt_reset(ins);	/* every parameter null again */
	stmt_bind_int(ins, 1, 3);
	assert_int_equal(stmt_step(ins), DB_DONE);
	stmt_finalize(ins);

	sel = prepare_ok(c, "SELECT i, d, t FROM pgdrv_vals ORDER BY k");
	assert_int_equal(stmt_step(sel), DB_ROW);
	assert_int_equal(stmt_column_type(sel, 0), DB_INTEGER);
	assert_true(stmt_column_int64(sel, 0) == INT64_MAX);
	assert_int_equal(stmt_column_type(sel, 1), DB_FLOAT);
	assert_true(stmt_column_double(sel, 1) == 0.1);
	assert_int_equal(stmt_column_type(sel, 2), DB_TEXT);
	assert_string_equal(stmt_column_text(sel, 2), text);
	assert_int_equal(stmt_step(sel), DB_ROW);
	assert_true(stmt_column_int64(sel, 0) == INT64_MIN);
	assert_true(stmt_column_double(sel, 1) == -1.0 / 3.0);
	assert_string_equal(stmt_column_text(sel, 2), "abc");
	assert_int_equal(stmt_step(sel), DB_ROW);
	assert_int_equal(stmt_column_type(sel, 0), DB_NULL);
	assert_int_equal(stmt_column_type(sel, 1), DB_NULL);
	assert_int_equal(stmt_column_type(sel, 2), DB_NULL);
	assert_int_equal(stmt_column_int64(sel, 0), 0);
	assert_true(stmt_column_double(sel, 1) == 0.0);
	assert_null(stmt_column_text(sel, 2));
	assert_int_equal(stmt_step(sel), DB_DONE);
	stmt_finalize(sel);
	exec_ok(c, "DROP TABLE pgdrv_vals");
	conn_close(c);
}

/*
 * COPY FROM STDIN from another statement's rows: what the text format
 * escapes (backslash, tab, newline, carriage return) and "\N" as text
 * arrive as they were, NULL as NULL and '' as ''; an abandoned COPY and
 * a refused value each write nothing.
 */
static void
test_copy_rows(void **state)
{
	static const char *const texts[] = { "a\\b\tc\nd\re", "\\N", "",
	    NULL };
	struct dbconn *src, *c;
	struct stmt *sel;
	char buf[64];
	int i;

	(void)state;
	pg_needed();
	src = conn_open();
	c = conn_open();
	exec_ok(c, "DROP TABLE IF EXISTS pgdrv_copy;"
	    "CREATE TABLE pgdrv_copy (k bigint, d double precision, t text)");
	sel = prepare_ok(src, "SELECT k, d, t FROM (VALUES"
	    " (1, 0.1::float8, E'a\\\\b\\tc\\nd\\re'),"
	    " (2, -1e300, '\\N'), (3, NULL, ''),"
	    " (-9223372036854775808, 2.5, NULL)) v(k, d, t) ORDER BY t");
	assert_int_equal(pg_copy_begin(c, "COPY pgdrv_copy (k, d, t) FROM "
	    "STDIN"), 0);
	while (stmt_step(sel) == DB_ROW)
		assert_int_equal(pg_copy_row(c, sel, 3), 0);
	assert_int_equal(pg_copy_end(c, NULL), 0);
	stmt_finalize(sel);
	for (i = 0; i < 4; i++) {
		snprintf(buf, sizeof buf, "SELECT count(*) FROM pgdrv_copy "
		    "WHERE k = %s", i == 3 ? "-9223372036854775808" :
		    i == 0 ? "1" : i == 1 ? "2" : "3");
		assert_int_equal(query_int(c, buf), 1);
	}
	sel = prepare_ok(c, "SELECT t, d FROM pgdrv_copy ORDER BY k DESC");
	for (i = 0; i < 3; i++) {
		assert_int_equal(stmt_step(sel), DB_ROW);
		assert_string_equal(stmt_column_text(sel, 0), texts[2 - i]);
	}
	assert_int_equal(stmt_step(sel), DB_ROW);
	assert_null(stmt_column_text(sel, 0));
	assert_true(stmt_column_double(sel, 1) == 2.5);
	stmt_finalize(sel);
	assert_int_equal(query_int(c, "SELECT count(*) FROM pgdrv_copy "
	    "WHERE k = 1 AND d = 0.1::float8 AND t = E'a\\\\b\\tc\\nd\\re'"), 1);
	assert_int_equal(query_int(c, "SELECT count(*) FROM pgdrv_copy "
	    "WHERE k = 3 AND d IS NULL"), 1);

	/* Abandoned: nothing is written, and the session goes on. */
	sel = prepare_ok(src, "SELECT 7, 1.0::float8, 'x'");
	assert_int_equal(pg_copy_begin(c, "COPY pgdrv_copy FROM STDIN"), 0);
	assert_int_equal(stmt_step(sel), DB_ROW);
	assert_int_equal(pg_copy_row(c, sel, 3), 0);
	assert_int_equal(pg_copy_end(c, "the test gave up"), -1);
	stmt_finalize(sel);
	assert_int_equal(query_int(c, "SELECT count(*) FROM pgdrv_copy"), 4);

	/* Refused: text where a bigint goes fails the COPY at its end. */
	sel = prepare_ok(src, "SELECT 'seven', 1.0::float8, 'x'");
	assert_int_equal(pg_copy_begin(c, "COPY pgdrv_copy FROM STDIN"), 0);
	assert_int_equal(stmt_step(sel), DB_ROW);
	assert_int_equal(pg_copy_row(c, sel, 3), 0);
	assert_int_equal(pg_copy_end(c, NULL), -1);
	assert_non_null(strstr(conn_errmsg(c), "bigint"));
	stmt_finalize(sel);
	assert_int_equal(query_int(c, "SELECT count(*) FROM pgdrv_copy"), 4);
	exec_ok(c, "DROP TABLE pgdrv_copy");
	conn_close(c);
	conn_close(src);
}

/*
 * Text bound from a NULL pointer is a null, as sqlite3_bind_text makes
 * it: the store binds optional text that way.
 */
static void
test_null_text_binds_null(void **state)
{
	struct dbconn *c;
	struct stmt *s;

	(void)state;
	pg_needed();
	c = conn_open();
	s = prepare_ok(c, "SELECT CAST(?1 AS TEXT) IS NULL,"
	    " CAST(?2 AS TEXT) IS NULL");
	stmt_bind_text(s, 1, NULL, -1);
	stmt_bind_text(s, 2, "", -1);
	assert_int_equal(stmt_step(s), DB_ROW);
	assert_int_equal(stmt_column_int64(s, 0), 1);
	assert_int_equal(stmt_column_int64(s, 1), 0);
	stmt_finalize(s);
	conn_close(c);
}

/* Booleans and integral sums read as integers, as SQLite gives them. */
static void
test_column_types(void **state)
{
	struct dbconn *c;
	struct stmt *s;

	(void)state;
	pg_needed();
	c = conn_open();
	s = prepare_ok(c, "SELECT true, false, sum(x), avg(x), 7::numeric(5),"
	    " 2.5::numeric(4,1), 3::smallint FROM (VALUES (1::bigint),"
	    " (2::bigint)) v(x)");
	assert_int_equal(stmt_step(s), DB_ROW);
	assert_int_equal(stmt_column_type(s, 0), DB_INTEGER);
	assert_int_equal(stmt_column_int64(s, 0), 1);
	assert_string_equal(stmt_column_text(s, 0), "1");
	assert_int_equal(stmt_column_int64(s, 1), 0);
	assert_string_equal(stmt_column_text(s, 1), "0");
	assert_int_equal(stmt_column_type(s, 2), DB_INTEGER);
	assert_int_equal(stmt_column_int64(s, 2), 3);
	assert_int_equal(stmt_column_type(s, 3), DB_FLOAT);
	assert_true(stmt_column_double(s, 3) == 1.5);
	assert_int_equal(stmt_column_type(s, 4), DB_INTEGER);
	assert_int_equal(stmt_column_type(s, 5), DB_FLOAT);
	assert_int_equal(stmt_column_int64(s, 5), 2);
	assert_int_equal(stmt_column_type(s, 6), DB_INTEGER);
	stmt_finalize(s);
	conn_close(c);
}


/*
 * A statement may leave a number out, as SQLite allows: a filter that is
 * not set binds ?4 all the same. The server is told a type for the
 * number it never sees, or it refuses the statement.
 */
static void
test_parameter_gaps(void **state)
{
	struct dbconn *c;
	struct stmt *s;

	(void)state;
	pg_needed();
	c = conn_open();
	s = prepare_ok(c, "SELECT ?1::bigint + ?4::bigint");
	stmt_bind_int(s, 1, 40);
	stmt_bind_text(s, 2, "unused", -1);
	stmt_bind_int(s, 3, 7);
	stmt_bind_int(s, 4, 2);
	assert_int_equal(stmt_step(s), DB_ROW);
	assert_int_equal(stmt_column_int64(s, 0), 42);
	assert_int_equal(stmt_step(s), DB_DONE);
	stmt_finalize(s);
	conn_close(c);
}
/*
 * A ? inside a literal, a quoted identifier or a comment is text, not a
 * parameter: were it counted, the server would refuse the one value.
 */
static void
test_question_marks_in_literals(void **state)
{
	struct dbconn *c;
	struct stmt *s;

	(void)state;
	pg_needed();
	c = conn_open();
	s = prepare_ok(c, "SELECT 'a?b''?' AS \"q?\", E'it\\'s ?', "
	    "/* ? /* ?2 */ ? */ ?1::int + ?1::int -- ?3\n, ?, $$?$$,"
	    " $t$ ? $t$");
	stmt_bind_int(s, 1, 21);
	stmt_bind_text(s, 2, "second", -1);
	assert_int_equal(stmt_step(s), DB_ROW);
	assert_string_equal(stmt_column_text(s, 0), "a?b'?");
	assert_string_equal(stmt_column_text(s, 1), "it's ?");
	assert_int_equal(stmt_column_int64(s, 2), 42);
	assert_string_equal(stmt_column_text(s, 3), "second");
	assert_string_equal(stmt_column_text(s, 4), "?");
	assert_string_equal(stmt_column_text(s, 5), " ? ");
	assert_int_equal(stmt_step(s), DB_DONE);
	stmt_finalize(s);
	s = prepare_ok(c, "SELECT $2::text || ?1");
	stmt_bind_text(s, 1, "b", -1);
	stmt_bind_text(s, 2, "a", -1);
	assert_int_equal(stmt_step(s), DB_ROW);
	assert_string_equal(stmt_column_text(s, 0), "ab");
	stmt_finalize(s);
	/* SQLite numbers parameters from 1, as PostgreSQL does. */
	assert_null(conn_prepare(c, "SELECT ?0"));
	assert_int_equal(conn_fault(c), DB_FAULT_OTHER);
	assert_string_not_equal(conn_errmsg(c), "");
	conn_close(c);
}

static void
test_changes_and_returning(void **state)
{
	struct dbconn *c;
	struct stmt *s;
	int64_t id;

	(void)state;
	pg_needed();
	c = conn_open();
	exec_ok(c, "DROP TABLE IF EXISTS pgdrv_items;"
	    "CREATE TABLE pgdrv_items (id bigserial PRIMARY KEY,"
	    " name text UNIQUE, n int NOT NULL);"
	    "INSERT INTO pgdrv_items (name, n) VALUES ('a', 1), ('b', 2),"
	    " ('c', 3)");
	assert_int_equal(conn_changes(c), 3);
	s = prepare_ok(c, "UPDATE pgdrv_items SET n = n + 1 WHERE n >= ?1");
	stmt_bind_int(s, 1, 2);
	assert_int_equal(stmt_step(s), DB_DONE);
	assert_int_equal(conn_changes(c), 2);
	stmt_finalize(s);

	s = prepare_ok(c, "INSERT INTO pgdrv_items (name, n) VALUES (?1, ?2)"
	    " RETURNING id");
	stmt_bind_text(s, 1, "d", -1);
	stmt_bind_int(s, 2, 9);
	assert_int_equal(stmt_step(s), DB_ROW);
	id = stmt_column_int64(s, 0);
	assert_int_equal(stmt_step(s), DB_DONE);
	assert_int_equal(conn_changes(c), 1);
	stmt_finalize(s);
	assert_int_equal(query_int(c, "SELECT n FROM pgdrv_items WHERE "
	    "name = 'd'"), 9);
	assert_int_equal(query_int(c, "SELECT max(id) FROM pgdrv_items"), id);
	exec_ok(c, "DROP TABLE pgdrv_items");
	conn_close(c);
}

static void
test_constraints(void **state)
{
	struct dbconn *c;
	struct stmt *s;

	(void)state;
	pg_needed();
	c = conn_open();
	exec_ok(c, "DROP TABLE IF EXISTS pgdrv_uniq;"
	    "CREATE TABLE pgdrv_uniq (name text UNIQUE, n int NOT NULL);"
	    "INSERT INTO pgdrv_uniq VALUES ('a', 1)");
	s = prepare_ok(c, "INSERT INTO pgdrv_uniq VALUES (?, ?)");
	stmt_bind_text(s, 1, "a", -1);
	stmt_bind_int(s, 2, 2);
	assert_int_equal(stmt_step(s), -1);
	assert_int_equal(conn_fault(c), DB_FAULT_UNIQUE);
	assert_non_null(strstr(conn_errmsg(c), "duplicate key"));
	stmt_reset(s);
	stmt_bind_text(s, 1, "b", -1);	/* n left null */
	assert_int_equal(stmt_step(s), -1);
	assert_int_equal(conn_fault(c), DB_FAULT_CONSTRAINT);
	stmt_reset(s);
	stmt_bind_text(s, 1, "b", -1);
	stmt_bind_int(s, 2, 2);
	assert_int_equal(stmt_step(s), DB_DONE);
	assert_int_equal(conn_fault(c), DB_FAULT_NONE);
	stmt_finalize(s);
	exec_ok(c, "DROP TABLE pgdrv_uniq");
	conn_close(c);
}

/*
 * Finalized statements leave the server, even those finalized inside a
 * transaction an error ended, where DEALLOCATE cannot run: a session
 * that prepares for hours must not grow.
 */
static void
test_finalize_frees_server_statements(void **state)
{
	const char *count = "SELECT count(*) FROM pg_prepared_statements";
	struct dbconn *c;
	struct stmt *s;
	int64_t before;
	int i;

	(void)state;
	pg_needed();
	c = conn_open();
	before = query_int(c, count);
	for (i = 0; i < 5; i++)
		stmt_finalize(prepare_ok(c, "SELECT ?1::int"));
	assert_int_equal(query_int(c, count), before);

	assert_int_equal(c->drv->begin(c), 0);
	s = prepare_ok(c, "SELECT ?1::int");
	assert_int_equal(conn_exec(c, "SELECT 1 / 0"), -1);
	stmt_finalize(s);
	c->drv->rollback(c);
	assert_int_equal(query_int(c, count), before);
	conn_close(c);
}

static int
add_one(struct dbconn *c)
{
	return conn_exec(c, "UPDATE pgdrv_acct SET bal = bal + 1 WHERE id = 1");
}

/*
 * Two writers on what both read, in transactions begun together: a
 * writes and commits first, so b's write will be a serialization failure.
 */
static void
race_lost_by(struct dbconn *a, struct dbconn *b)
{
	exec_ok(a, "DROP TABLE IF EXISTS pgdrv_acct;"
	    "CREATE TABLE pgdrv_acct (id int PRIMARY KEY, bal bigint);"
	    "INSERT INTO pgdrv_acct VALUES (1, 100)");
	assert_int_equal(a->drv->begin(a), 0);
	assert_int_equal(b->drv->begin(b), 0);
	assert_int_equal(query_int(a, "SELECT bal FROM pgdrv_acct"), 100);
	assert_int_equal(query_int(b, "SELECT bal FROM pgdrv_acct"), 100);
	assert_int_equal(add_one(a), 0);
	assert_int_equal(a->drv->commit(a), 0);
}

/* Two writers on what both read: one is refused as busy, and its retry wins. */
static void
test_serialization_failure_retries(void **state)
{
	struct dbconn *a, *b;

	(void)state;
	pg_needed();
	a = conn_open();
	b = conn_open();
	race_lost_by(a, b);
	assert_int_equal(add_one(b), -1);
	assert_int_equal(conn_fault(b), DB_FAULT_BUSY);
	b->drv->rollback(b);
	assert_int_equal(conn_fault(b), DB_FAULT_BUSY);	/* kept for the caller */

	assert_int_equal(b->drv->begin(b), 0);
	assert_int_equal(add_one(b), 0);
	assert_int_equal(b->drv->commit(b), 0);
	assert_int_equal(query_int(a, "SELECT bal FROM pgdrv_acct"), 102);
	exec_ok(a, "DROP TABLE pgdrv_acct");
	conn_close(a);
	conn_close(b);
}

/*
 * A read that drops its error (a setting's fallback) after a serialization
 * failure: the next statement fails only because the transaction is
 * aborted, and that is busy too, so the store retries rather than fail;
 * after any other error it is not.
 */
static void
test_aborted_by_busy_is_busy(void **state)
{
	struct dbconn *a, *b;

	(void)state;
	pg_needed();
	a = conn_open();
	b = conn_open();
	race_lost_by(a, b);
	assert_int_equal(add_one(b), -1);		/* dropped by its caller */
	assert_int_equal(conn_exec(b, "SELECT 1"), -1);
	assert_int_equal(conn_fault(b), DB_FAULT_BUSY);
	assert_int_equal(b->drv->commit(b), -1);
	assert_int_equal(conn_fault(b), DB_FAULT_BUSY);

	/* A unique violation aborts the next one just as well: not busy. */
	assert_int_equal(b->drv->begin(b), 0);
	assert_int_equal(conn_exec(b, "INSERT INTO pgdrv_acct VALUES (1, 0)"),
	    -1);
	assert_int_equal(conn_fault(b), DB_FAULT_UNIQUE);
	assert_int_equal(conn_exec(b, "SELECT 1"), -1);
	assert_int_equal(conn_fault(b), DB_FAULT_OTHER);
	b->drv->rollback(b);
	assert_int_equal(query_int(a, "SELECT bal FROM pgdrv_acct"), 101);
	exec_ok(a, "DROP TABLE pgdrv_acct");
	conn_close(a);
	conn_close(b);
}

/*
 * A row another open transaction has locked: the writer gives up as busy
 * once lock_timeout passes, instead of waiting for ever.
 */
static void
test_row_lock_is_busy(void **state)
{
	struct dbconn *a, *b;

	(void)state;
	pg_needed();
	a = conn_open();
	b = conn_open();
	exec_ok(a, "DROP TABLE IF EXISTS pgdrv_acct;"
	    "CREATE TABLE pgdrv_acct (id int PRIMARY KEY, bal bigint);"
	    "INSERT INTO pgdrv_acct VALUES (1, 100)");
	assert_int_equal(a->drv->begin(a), 0);
	assert_int_equal(add_one(a), 0);
	assert_int_equal(b->drv->begin(b), 0);
	assert_int_equal(add_one(b), -1);	/* returns once lock_timeout has passed */
	assert_int_equal(conn_fault(b), DB_FAULT_BUSY);
	b->drv->rollback(b);
	a->drv->rollback(a);
	assert_int_equal(query_int(b, "SELECT bal FROM pgdrv_acct"), 100);
	exec_ok(a, "DROP TABLE pgdrv_acct");
	conn_close(a);
	conn_close(b);
}

/*
 * A client that stops inside a transaction (Ctrl-Z, a lost network)
 * holds its row locks only until the server ends its idle session:
 * another writer then gets through, and the stopped one finds its
 * connection gone.
 */
static void
test_stopped_client_frees_its_locks(void **state)
{
	struct dbconn *a, *b;
	int tries, rc = -1;

	(void)state;
	pg_needed();
	a = conn_open();
	b = conn_open();
	exec_ok(a, "DROP TABLE IF EXISTS pgdrv_stop;"
	    "CREATE TABLE pgdrv_stop (id int PRIMARY KEY, bal bigint);"
	    "INSERT INTO pgdrv_stop VALUES (1, 100)");
	assert_int_equal(a->drv->begin(a), 0);
	assert_int_equal(conn_exec(a, "UPDATE pgdrv_stop SET bal = 0"), 0);
	/* Each try waits lock_timeout; the cap is many of them. */
	for (tries = 0; tries < 30 && rc != 0; tries++) {
		assert_int_equal(b->drv->begin(b), 0);
		rc = conn_exec(b, "UPDATE pgdrv_stop SET bal = bal + 1");
		if (rc != 0) {
			assert_int_equal(conn_fault(b), DB_FAULT_BUSY);
			b->drv->rollback(b);
		}
	}
	assert_int_equal(rc, 0);
	assert_int_equal(b->drv->commit(b), 0);
	assert_int_equal(query_int(b, "SELECT bal FROM pgdrv_stop"), 101);
	assert_int_equal(conn_exec(a, "SELECT 1"), -1);
	assert_int_equal(conn_fault(a), DB_FAULT_GONE);
	exec_ok(b, "DROP TABLE pgdrv_stop");
	conn_close(a);
	conn_close(b);
}

/* What pg_conn_open sets for every session. */
static void
test_session_settings(void **state)
{
	struct dbconn *c;
	char v[64];

	(void)state;
	pg_needed();
	c = conn_open();
	query_text(c, "SHOW client_encoding", v, sizeof v);
	assert_string_equal(v, "UTF8");
	query_text(c, "SHOW application_name", v, sizeof v);
	assert_string_equal(v, "callq");
	query_text(c, "SHOW lock_timeout", v, sizeof v);
	assert_string_not_equal(v, "0");
	query_text(c, "SHOW idle_in_transaction_session_timeout", v,
	    sizeof v);
	assert_string_not_equal(v, "0");
	query_text(c, "SHOW statement_timeout", v, sizeof v);
	assert_string_not_equal(v, "0");
	conn_close(c);
}

/* What sql answers on a session opened with TZ set to tz. */
static void
zone_shown(const char *tz, const char *sql, char *v, size_t size)
{
	const char *was = getenv("TZ");
	char *saved = was != NULL ? strdup(was) : NULL;
	struct dbconn *c;

	setenv("TZ", tz, 1);
	c = conn_open();
	query_text(c, sql, v, size);
	conn_close(c);
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	free(saved);
}

/*
 * Times the server formats read in the user's zone, TZ spelt any way
 * the C library reads it; one that names no zone reads as UTC there, as
 * the C library reads it, and is only ever a value, never SQL.
 */
static void
test_session_zone_is_the_users(void **state)
{
	static const char epoch[] =
	    "SELECT to_char(to_timestamp(0), 'YYYY-MM-DD HH24:MI')";
	char v[64];

	(void)state;
	pg_needed();
	zone_shown("America/New_York", "SHOW TimeZone", v, sizeof v);
	assert_string_equal(v, "America/New_York");
	zone_shown(":Asia/Kolkata", "SHOW TimeZone", v, sizeof v);
	assert_string_equal(v, "Asia/Kolkata");
	zone_shown("/usr/share/zoneinfo/Europe/Berlin", "SHOW TimeZone", v,
	    sizeof v);
	assert_string_equal(v, "Europe/Berlin");
	zone_shown("America/New_York", epoch, v, sizeof v);
	assert_string_equal(v, "1969-12-31 19:00");
	zone_shown("No/Such_Zone'; SELECT 1", epoch, v, sizeof v);
	assert_string_equal(v, "1970-01-01 00:00");
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Another session's NOTIFY is news; this session's own is not. */
static void
test_data_version_counts_others(void **state)
{
	struct dbconn *a, *b;
	int64_t v0, v;
	long waited;

	(void)state;
	pg_needed();
	a = conn_open();
	b = conn_open();
	v = v0 = a->drv->data_version(a);
	assert_int_equal(b->drv->data_version(b), b->drv->data_version(b));
	exec_ok(a, "NOTIFY " PG_CHANGE_CHANNEL);	/* its own: before b's */
	exec_ok(b, "NOTIFY " PG_CHANGE_CHANNEL);
	for (waited = 0; v == v0 && waited < WAIT_CAP_MS; waited += 10) {
		sleep_ms(10);
		v = a->drv->data_version(a);
	}
	assert_int_equal(v - v0, 1);
	assert_int_equal(a->drv->data_version(a), v);	/* nothing more */
	conn_close(a);
	conn_close(b);
}

/* Runs tests/pg/server.sh; with start, returns its conninfo (free it). */
static char *
harness(const char *verb, const char *statefile)
{
	char cmd[512], line[512];
	FILE *p;

	snprintf(cmd, sizeof cmd, "sh tests/pg/server.sh %s %s", verb,
	    statefile);
	if ((p = popen(cmd, "r")) == NULL)
		fail_msg("cannot run %s", cmd);
	line[0] = '\0';
	if (fgets(line, sizeof line, p) == NULL)
		line[0] = '\0';
	if (pclose(p) != 0)
		fail_msg("%s failed", cmd);
	line[strcspn(line, "\n")] = '\0';
	return strdup(line);
}

/* A server stopped mid-session: the connection is gone, and says so. */
static void
test_server_gone(void **state)
{
	char statefile[] = "/tmp/callq-pgdrv-state.XXXXXX";
	struct dbconn *c = NULL;
	struct err err = { 0, "" };
	struct stmt *s;
	char *second;
	int fd;

	(void)state;
	pg_needed();
	if ((fd = mkstemp(statefile)) < 0)
		fail_msg("mkstemp failed");
	close(fd);
	second = harness("start", statefile);
	if (pg_conn_open(second, &c, &err) != 0) {
		free(harness("stop", statefile));
		fail_msg("cannot connect to the second server: %s", err.msg);
	}
	free(second);
	s = prepare_ok(c, "SELECT ?1::int + 1");
	stmt_bind_int(s, 1, 1);
	assert_int_equal(stmt_step(s), DB_ROW);
	assert_int_equal(stmt_column_int64(s, 0), 2);
	stmt_reset(s);
	free(harness("stop", statefile));

	stmt_bind_int(s, 1, 1);
	assert_int_equal(stmt_step(s), -1);
	assert_int_equal(conn_fault(c), DB_FAULT_GONE);
	print_message("a stopped server: %s\n", conn_errmsg(c));
	/* The read was tried once more, on a new session, which failed. */
	assert_non_null(strstr(conn_errmsg(c), "the PostgreSQL server does "
	    "not answer: connection to server"));
	assert_non_null(c->drv->lost);
	assert_int_not_equal(c->drv->lost(c), 0);
	assert_int_equal(conn_exec(c, "SELECT 1"), -1);
	assert_int_equal(conn_fault(c), DB_FAULT_GONE);
	stmt_finalize(s);
	conn_close(c);
}

/* Ends session pid from another, and waits until it has ended. */
static void
session_kill(int64_t pid)
{
	struct dbconn *killer = conn_open();
	struct stmt *s = prepare_ok(killer,
	    "SELECT CAST(pg_terminate_backend(CAST(?1 AS integer), 20000) "
	    "AS integer)");

	stmt_bind_int64(s, 1, pid);
	assert_int_equal(stmt_step(s), DB_ROW);
	assert_int_equal(stmt_column_int64(s, 0), 1);
	stmt_finalize(s);
	conn_close(killer);
}

/*
 * A session the server ended (pg_terminate_backend, as a restart or a
 * failover ends them all) is replaced on the next call: a statement
 * prepared on the old one runs on the new one, a read that found the
 * session gone runs once more, and the new session has the settings and
 * the LISTEN the first had.
 */
static void
test_killed_session_comes_back(void **state)
{
	struct dbconn *c, *other;
	struct stmt *s;
	int64_t pid, v0, v;
	char value[64];
	long waited;

	(void)state;
	pg_needed();
	c = conn_open();
	s = prepare_ok(c, "SELECT ?1::int + 1, pg_backend_pid()");
	stmt_bind_int(s, 1, 1);
	assert_int_equal(stmt_step(s), DB_ROW);
	pid = stmt_column_int64(s, 1);
	stmt_reset(s);
	v0 = c->drv->data_version(c);

	session_kill(pid);
	stmt_bind_int(s, 1, 41);
	assert_int_equal(stmt_step(s), DB_ROW);
	assert_int_equal(stmt_column_int64(s, 0), 42);
	assert_int_not_equal(stmt_column_int64(s, 1), pid);
	assert_int_equal(c->drv->lost(c), 0);
	stmt_finalize(s);
	query_text(c, "SHOW lock_timeout", value, sizeof value);
	assert_string_equal(value, "2s");
	query_text(c, "SHOW application_name", value, sizeof value);
	assert_string_equal(value, "callq");

	/* What others committed meanwhile was never notified: news. */
	v = c->drv->data_version(c);
	assert_int_not_equal(v, v0);
	other = conn_open();
	exec_ok(other, "NOTIFY " PG_CHANGE_CHANNEL);
	for (v0 = v, waited = 0; v == v0 && waited < WAIT_CAP_MS;
	    waited += 10) {
		sleep_ms(10);
		v = c->drv->data_version(c);
	}
	assert_int_equal(v - v0, 1);
	conn_close(other);

	/*
	 * Found by data_version first: replaced there, a step a call, and
	 * the version moved; a server that answers is never said lost.
	 */
	pid = query_int(c, "SELECT pg_backend_pid()");
	session_kill(pid);
	for (v0 = v, waited = 0; v == v0 && waited < WAIT_CAP_MS;
	    waited += 10) {
		assert_int_equal(c->drv->lost(c), 0);
		sleep_ms(10);
		v = c->drv->data_version(c);
	}
	assert_int_not_equal(v, v0);
	assert_int_equal(c->drv->lost(c), 0);
	assert_int_not_equal(query_int(c, "SELECT pg_backend_pid()"), pid);
	conn_close(c);
}

/*
 * A transaction the server ended is not carried on in a new session:
 * every statement fails as GONE until the caller ends it, and its COMMIT
 * is never sent (GONE, not INDOUBT: nothing was committed, the caller
 * may run it again). After the rollback, the next transaction runs on a
 * new session.
 */
static void
test_cut_transaction_stays_cut(void **state)
{
	struct dbconn *c;
	struct stmt *s;
	int64_t pid;

	(void)state;
	pg_needed();
	c = conn_open();
	exec_ok(c, "DROP TABLE IF EXISTS pgdrv_cut;"
	    "CREATE TABLE pgdrv_cut (id int PRIMARY KEY)");
	pid = query_int(c, "SELECT pg_backend_pid()");
	s = prepare_ok(c, "INSERT INTO pgdrv_cut VALUES (?1)");

	assert_int_equal(c->drv->begin(c), 0);
	stmt_bind_int(s, 1, 1);
	assert_int_equal(stmt_step(s), DB_DONE);
	stmt_reset(s);
	session_kill(pid);
	stmt_bind_int(s, 1, 2);
	assert_int_equal(stmt_step(s), -1);
	assert_int_equal(conn_fault(c), DB_FAULT_GONE);
	stmt_reset(s);
	assert_int_equal(conn_exec(c, "SELECT 1"), -1);
	assert_int_equal(conn_fault(c), DB_FAULT_GONE);
	c->drv->rollback(c);

	assert_int_equal(c->drv->begin(c), 0);
	stmt_bind_int(s, 1, 3);
	assert_int_equal(stmt_step(s), DB_DONE);
	stmt_reset(s);
	assert_int_equal(c->drv->commit(c), 0);
	assert_int_equal(query_int(c, "SELECT count(*) FROM pgdrv_cut"), 1);
	assert_int_equal(query_int(c, "SELECT min(id) FROM pgdrv_cut"), 3);

	/* Lost before COMMIT was sent: nothing committed, and it says so. */
	pid = query_int(c, "SELECT pg_backend_pid()");
	assert_int_equal(c->drv->begin(c), 0);
	stmt_bind_int(s, 1, 4);
	assert_int_equal(stmt_step(s), DB_DONE);
	stmt_reset(s);
	session_kill(pid);
	assert_int_equal(c->drv->commit(c), -1);
	assert_int_equal(conn_fault(c), DB_FAULT_GONE);
	c->drv->rollback(c);
	assert_int_equal(query_int(c, "SELECT count(*) FROM pgdrv_cut"), 1);
	stmt_finalize(s);
	exec_ok(c, "DROP TABLE pgdrv_cut");
	conn_close(c);
}

/*
 * A transaction of two rows whose session is killed between them on its
 * first kills runs; attempts counts the runs.
 */
struct cut {
	int attempts, kills;
};

static int
tx_cut(struct store *st, void *arg, struct err *err)
{
	static const char ins[] = "INSERT INTO pgdrv_tx (attempt) VALUES (?1)";
	static const char me[] = "SELECT pg_backend_pid()";
	struct cut *cut = arg;
	struct stmt *s;
	int64_t pid;

	cut->attempts++;
	if ((s = stmt_get(st, ins, err)) == NULL)
		return err->status;
	stmt_bind_int(s, 1, cut->attempts);
	if (db_run(st, s, err, "adding the first row") != 0)
		return err->status;
	if (cut->attempts <= cut->kills) {
		if ((s = stmt_get(st, me, err)) == NULL ||
		    db_step(st, s, err, "reading the session") != DB_ROW)
			return err->status;
		pid = stmt_column_int64(s, 0);
		stmt_reset(s);
		session_kill(pid);
	}
	if ((s = stmt_get(st, ins, err)) == NULL)
		return err->status;
	stmt_bind_int(s, 1, cut->attempts);
	return db_run(st, s, err, "adding the second row");
}

/*
 * store_tx runs a transaction the server cut off before its COMMIT once
 * more from its start, on a new session: its rows are there once. Cut
 * off again, it fails in one sentence, and nothing of it is written.
 */
static void
test_cut_transaction_runs_again(void **state)
{
	struct fixture *f = *state;
	struct cut once = { 0, 1 }, always = { 0, 99 };
	struct err err = { 0, "" };

	pg_needed();
	fixture_sql_run(f, "CREATE TABLE pgdrv_tx (attempt integer)");
	assert_int_equal(store_tx(f->st, tx_cut, &once, &err), 0);
	assert_int_equal(once.attempts, 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM pgdrv_tx"), 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM pgdrv_tx "
	    "WHERE attempt = 2"), 2);

	assert_int_equal(store_tx(f->st, tx_cut, &always, &err),
	    EX_UNAVAILABLE);
	assert_int_equal(always.attempts, 2);
	print_message("cut off twice: %s\n", err.msg);
	assert_non_null(strstr(err.msg, "the database server went away while "
	    "adding the second row; try again once it answers"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM pgdrv_tx"), 2);
}

/*
 * Running setgid, callq takes nothing from PG* variables: PGOPTIONS,
 * which set search_path for the unprivileged connection, is ignored, and
 * the user's password file is not read.
 */
static void
test_privileged_ignores_pg_environment(void **state)
{
	struct dbconn *c;
	char path[256];

	(void)state;
	pg_needed();
	if (getuid() != 0) {
		print_message("test_privileged_ignores_pg_environment needs "
		    "root to change its effective group: skipped\n");
		skipped++;
		skip();
	}
	setenv("PGOPTIONS", "-c search_path=pgdrv_users_choice", 1);
	setenv("PGPASSFILE", "/tmp/pgdrv-users-passfile", 1);
	c = conn_open();
	query_text(c, "SHOW search_path", path, sizeof path);
	assert_string_equal(path, "pgdrv_users_choice");	/* it counts */
	conn_close(c);

	assert_int_equal(setegid(65534), 0);	/* as a setgid callq runs */
	c = conn_open();
	query_text(c, "SHOW search_path", path, sizeof path);
	assert_int_equal(setegid(0), 0);
	conn_close(c);
	assert_string_equal(path, "\"$user\", public");
	assert_null(getenv("PGOPTIONS"));
	assert_string_not_equal(getenv("PGPASSFILE"),
	    "/tmp/pgdrv-users-passfile");
	unsetenv("PGPASSFILE");
	unsetenv("PGSERVICEFILE");
	unsetenv("PGSSLCERT");
	unsetenv("PGSSLKEY");
	unsetenv("PGSSLROOTCERT");
	unsetenv("PGSSLCRL");
	unsetenv("PGGSSENCMODE");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_round_trip),
		cmocka_unit_test(test_null_text_binds_null),
		cmocka_unit_test(test_column_types),
		cmocka_unit_test(test_copy_rows),
		cmocka_unit_test(test_question_marks_in_literals),
		cmocka_unit_test(test_parameter_gaps),
		cmocka_unit_test(test_changes_and_returning),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_finalize_frees_server_statements),
		cmocka_unit_test(test_serialization_failure_retries),
		cmocka_unit_test(test_aborted_by_busy_is_busy),
		cmocka_unit_test(test_row_lock_is_busy),
		cmocka_unit_test(test_stopped_client_frees_its_locks),
		cmocka_unit_test(test_session_settings),
		cmocka_unit_test(test_session_zone_is_the_users),
		cmocka_unit_test(test_data_version_counts_others),
		cmocka_unit_test(test_server_gone),
		cmocka_unit_test(test_killed_session_comes_back),
		cmocka_unit_test(test_cut_transaction_stays_cut),
		cmocka_unit_test_setup_teardown(test_cut_transaction_runs_again,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test(test_privileged_ignores_pg_environment),
	};
	int rc;

	conninfo = getenv("CALLQ_TEST_PG");
	if (conninfo != NULL && *conninfo == '\0')
		conninfo = NULL;
	/* The fixture's floors, for the store's tests here, are the server's. */
	if (conninfo != NULL)
		setenv("CALLQ_TEST_DRIVER", "pg", 1);
	if (conninfo == NULL)
		printf("CALLQ_TEST_PG is not set: the PostgreSQL driver's "
		    "tests need a server (tests/run-all.sh starts one)\n");
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (skipped > 0)
		printf("%d skipped\n", skipped);
	return rc;
}
