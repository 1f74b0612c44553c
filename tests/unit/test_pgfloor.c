/*
 * Opening and creating a PostgreSQL floor through store_open, as a user
 * meets it: `callq --db postgresql:... init` and every command after.
 * Each test has an empty database of its own on the server CALLQ_TEST_PG
 * names (tests/run-all.sh starts one); without it each is skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "callq/user.h"
#include "fixture.h"
#include "../../src/store/dialect.h"
#include "../../src/store/pg.h"

/* How long a test waits for another session's change before it fails. */
#define WAIT_CAP_MS 20000

static const char *conninfo;
static int skipped;

struct floor {
	struct dbconn *admin;	/* on the server's own database */
	char db[64];
	char name[600];		/* what store_open takes */
};

static void
admin_exec(struct floor *fl, const char *sql)
{
	if (conn_exec(fl->admin, sql) != 0)
		fail_msg("%s: %s", sql, conn_errmsg(fl->admin));
}

/* A new empty database, as a server's administrator makes a floor's. */
static int
floor_setup(void **state)
{
	static int n;
	struct floor *fl = calloc(1, sizeof *fl);
	struct err err = { 0 };
	char sql[256];

	*state = fl;
	if (conninfo == NULL)
		return 0;
	if (pg_conn_open(conninfo, &fl->admin, &err) != 0)
		fail_msg("CALLQ_TEST_PG: %s", err.msg);
	snprintf(fl->db, sizeof fl->db, "callq_pgfloor_%ld_%d",
	    (long)getpid(), ++n);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0"
	    " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'", fl->db);
	admin_exec(fl, sql);
	snprintf(fl->name, sizeof fl->name, "postgresql:%s dbname=%s",
	    conninfo, fl->db);
	return 0;
}

static int
floor_teardown(void **state)
{
	struct floor *fl = *state;
	char sql[128];

	if (fl->admin != NULL) {
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s"
		    " WITH (FORCE)", fl->db);
		admin_exec(fl, sql);
		fl->admin->drv->close(fl->admin);
	}
	free(fl);
	return 0;
}

static void
pg_needed(void)
{
	if (conninfo == NULL) {
		skipped++;
		skip();
	}
}

static struct store *
floor_open(struct floor *fl, enum store_mode mode)
{
	struct err err = { 0 };
	struct store *st = NULL;

	if (store_open(fl->name, mode, &st, &err) != 0)
		fail_msg("store_open %s: %s", fl->db, err.msg);
	return st;
}

/* The first column of the one row sql gives on the floor, as a number. */
static int64_t
floor_int(struct floor *fl, const char *sql)
{
	struct err err = { 0 };
	struct dbconn *c;
	struct stmt *s;
	char name[600];
	int64_t v;

	snprintf(name, sizeof name, "%s dbname=%s", conninfo, fl->db);
	if (pg_conn_open(name, &c, &err) != 0)
		fail_msg("%s: %s", fl->db, err.msg);
	if ((s = conn_prepare(c, sql)) == NULL)
		fail_msg("%s: %s", sql, conn_errmsg(c));
	assert_int_equal(stmt_step(s), DB_ROW);
	v = stmt_column_int64(s, 0);
	stmt_finalize(s);
	c->drv->close(c);
	return v;
}

/* An empty database is no floor: the sentence says how to make one. */
static void
test_open_without_a_floor_says_init(void **state)
{
	struct floor *fl = *state;
	struct err err = { 0 };
	struct store *st = NULL;

	pg_needed();
	assert_int_equal(store_open(fl->name, STORE_OPEN, &st, &err),
	    EX_NOINPUT);
	assert_null(st);
	assert_non_null(strstr(err.msg, fl->db));
	assert_non_null(strstr(err.msg, "no callq floor"));
	assert_non_null(strstr(err.msg, "init"));
	/* Nothing was made there by trying. */
	assert_int_equal(floor_int(fl, "SELECT count(*) FROM pg_tables"
	    " WHERE schemaname = 'public'"), 0);
}

/*
 * init on an empty database: the schema at this callq's version, the
 * settings lists seeded, the first admin and the audit row; a second
 * init is refused and changes nothing.
 */
static void
test_init_creates_then_refuses(void **state)
{
	struct floor *fl = *state;
	struct err err = { 0 };
	struct store *st, *again = NULL;
	struct actor admin;
	int64_t users;

	pg_needed();
	st = floor_open(fl, STORE_CREATE);
	assert_true(store_is_pg(st));
	assert_int_equal(store_init(st, "boss", "The Boss", &admin, &err), 0);
	assert_true(admin.id > 0);
	store_close(st);
	assert_int_equal(floor_int(fl, "SELECT version FROM schema_meta"),
	    STORE_SCHEMA_VERSION);
	assert_true(floor_int(fl, "SELECT count(*) FROM dispositions") > 5);
	assert_true(floor_int(fl, "SELECT count(*) FROM choices"
	    " WHERE list = 'source'") > 0);
	assert_int_equal(floor_int(fl, "SELECT count(*) FROM audit"
	    " WHERE entity = 'database' AND action = 'init'"), 1);
	users = floor_int(fl, "SELECT count(*) FROM users");
	assert_int_equal(users, 1);

	assert_int_equal(store_open(fl->name, STORE_CREATE, &again, &err),
	    EX_CANTCREAT);
	assert_null(again);
	assert_non_null(strstr(err.msg, "already"));
	assert_int_equal(floor_int(fl, "SELECT count(*) FROM users"), users);

	st = floor_open(fl, STORE_OPEN);
	assert_int_equal(store_user_actor(st, "boss", &admin, &err), 0);
	assert_int_equal(admin.role, ROLE_ADMIN);
	store_close(st);
}

/* A floor a newer callq made is refused, not touched. */
static void
test_newer_schema_refused_unchanged(void **state)
{
	struct floor *fl = *state;
	struct err err = { 0 };
	struct store *st;
	char sql[700];

	pg_needed();
	st = floor_open(fl, STORE_CREATE);
	store_close(st);
	st = NULL;
	snprintf(sql, sizeof sql, "%s dbname=%s", conninfo, fl->db);
	{
		struct dbconn *c;

		if (pg_conn_open(sql, &c, &err) != 0)
			fail_msg("%s", err.msg);
		assert_int_equal(conn_exec(c, "UPDATE schema_meta SET"
		    " version = 99"), 0);
		c->drv->close(c);
	}
	assert_int_equal(store_open(fl->name, STORE_OPEN, &st, &err),
	    EX_UNAVAILABLE);
	assert_null(st);
	assert_non_null(strstr(err.msg, "schema version 99"));
	assert_non_null(strstr(err.msg, "upgrade callq"));
	assert_int_equal(floor_int(fl, "SELECT version FROM schema_meta"), 99);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * A live screen's reload signal: another session's committed change
 * moves store_data_version, this session's own does not.
 */
static void
test_data_version_sees_others(void **state)
{
	struct floor *fl = *state;
	struct err err = { 0 };
	struct store *a, *b;
	struct actor admin;
	int64_t v0, v;
	long waited;

	pg_needed();
	a = floor_open(fl, STORE_CREATE);
	assert_int_equal(store_init(a, "boss", "The Boss", &admin, &err), 0);
	b = floor_open(fl, STORE_OPEN);
	v0 = store_data_version(a);
	assert_int_equal(store_region_add(a, &admin, "East", "US", &v, &err),
	    0);
	assert_int_equal(store_data_version(a), v0);	/* its own */
	v0 = store_data_version(b);
	v = v0;
	assert_int_equal(store_region_add(a, &admin, "West", "US", &v, &err),
	    0);
	v = v0;
	for (waited = 0; v == v0 && waited < WAIT_CAP_MS; waited += 10) {
		sleep_ms(10);
		v = store_data_version(b);
	}
	assert_true(v != v0);
	store_close(a);
	store_close(b);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, floor_setup, floor_teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_without_a_floor_says_init),
		T(test_init_creates_then_refuses),
		T(test_newer_schema_refused_unchanged),
		T(test_data_version_sees_others),
	};
#undef T
	int rc;

	setenv("TZ", "UTC", 1);
	setenv("CALLQ_NOW", "1795341600", 1);
	conninfo = getenv("CALLQ_TEST_PG");
	if (conninfo != NULL && *conninfo == '\0')
		conninfo = NULL;
	if (conninfo == NULL)
		printf("CALLQ_TEST_PG is not set: opening a PostgreSQL floor "
		    "needs a server (tests/run-all.sh starts one)\n");
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (skipped > 0)
		printf("%d skipped\n", skipped);
	return rc;
}
