#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "callq/leadfield.h"
#include "callq/lead.h"
#include "callq/user.h"
#include "fixture.h"
#include "../../src/store/pg.h"
#include "../../src/store/sqliteint.h"

/*
 * CALLQ_TEST_DRIVER=pg: each fixture's floor is a database of its own on
 * the server CALLQ_TEST_PG names (libpq keywords, as tests/pg/server.sh
 * prints them), copied from a template floor made once per test binary,
 * so that a test costs a CREATE DATABASE, not a schema build and seed.
 */
static struct {
	int		 on;		/* -1: not asked yet */
	const char	*conninfo;	/* the server's, as given */
	struct dbconn	*admin;		/* to create and drop databases */
	char		 tpl[64];	/* the template's name, "" before it */
	int		 n;		/* databases made from it so far */
} pg = { -1, NULL, NULL, "", 0 };

int
fixture_pg(void)
{
	const char *driver = getenv("CALLQ_TEST_DRIVER");

	if (pg.on == -1) {
		pg.conninfo = getenv("CALLQ_TEST_PG");
		pg.on = driver != NULL && strcmp(driver, "pg") == 0;
		if (pg.on && (pg.conninfo == NULL || *pg.conninfo == '\0'))
			fail_msg("CALLQ_TEST_DRIVER=pg needs CALLQ_TEST_PG, a "
			    "server's conninfo (tests/pg/server.sh start)");
	}
	return pg.on;
}

static void
pg_admin_exec(const char *sql)
{
	if (conn_exec(pg.admin, sql) != 0)
		fail_msg("%s: %s", sql, conn_errmsg(pg.admin));
}

/* The floor's name for store_open: the server's conninfo, database db. */
static void
pg_floor_name(char *out, size_t size, const char *db)
{
	int n = snprintf(out, size, "postgresql:%s dbname=%s", pg.conninfo,
	    db);

	assert_true(n > 0 && (size_t)n < size);
}

static void
pg_template_drop(void)
{
	char sql[128];

	if (pg.admin == NULL)
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
	    pg.tpl);
	if (pg.tpl[0] != '\0' && conn_exec(pg.admin, sql) != 0)
		fprintf(stderr, "could not drop %s: %s\n", pg.tpl,
		    conn_errmsg(pg.admin));
	pg.admin->drv->close(pg.admin);
	pg.admin = NULL;
}

/*
 * The template: a floor made and initialized as fixture_setup's SQLite
 * one is (seeded lists, the admin "boss"), at the tests' fixed now.
 */
static void
pg_template_make(void)
{
	struct err err = { 0 };
	struct actor admin;
	struct store *st;
	char sql[256], name[512];

	if (pg_conn_open(pg.conninfo, &pg.admin, &err) != 0)
		fail_msg("CALLQ_TEST_PG: %s", err.msg);
	snprintf(pg.tpl, sizeof pg.tpl, "callq_tpl_%ld", (long)getpid());
	/* One statement each: neither runs inside a transaction block. */
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
	    pg.tpl);
	pg_admin_exec(sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0"
	    " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'", pg.tpl);
	pg_admin_exec(sql);
	atexit(pg_template_drop);
	pg_floor_name(name, sizeof name, pg.tpl);
	if (store_open(name, STORE_CREATE, &st, &err) != 0 ||
	    store_init(st, "boss", "The Boss", &admin, &err) != 0)
		fail_msg("the PostgreSQL template floor: %s", err.msg);
	store_close(st);
}

static void
pg_setup(struct fixture *f)
{
	struct err err = { 0 };
	char sql[256];

	if (pg.admin == NULL)
		pg_template_make();
	snprintf(f->db, sizeof f->db, "callq_t%ld_%d", (long)getpid(),
	    ++pg.n);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", f->db,
	    pg.tpl);
	pg_admin_exec(sql);
	pg_floor_name(f->path, sizeof f->path, f->db);
	if (store_open(f->path, STORE_OPEN, &f->st, &err) != 0 ||
	    store_user_actor(f->st, "boss", &f->admin, &err) != 0)
		fail_msg("the PostgreSQL floor %s: %s", f->db, err.msg);
	/* Acting as themselves, as store_init's admin on SQLite. */
	f->admin.real_id = f->admin.id;
	snprintf(f->admin.real_login, sizeof f->admin.real_login, "boss");
}

static void
pg_teardown(struct fixture *f)
{
	char sql[128];

	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
	    f->db);
	pg_admin_exec(sql);
}

int
fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct err err = { 0 };

	setenv("TZ", "UTC", 1);
	tzset();
	setenv("CALLQ_NOW", "1795341600", 1);
	snprintf(f->dir, sizeof f->dir, "/tmp/callq-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	if (fixture_pg()) {
		pg_setup(f);
		return 0;
	}
	snprintf(f->path, sizeof f->path, "%s/callq.db", f->dir);
	assert_int_equal(store_open(f->path, STORE_CREATE, &f->st, &err), 0);
	assert_int_equal(store_init(f->st, "boss", "The Boss", &f->admin,
	    &err), 0);
	return 0;
}

int
fixture_teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	store_close(f->st);
	if (f->db[0] != '\0')
		pg_teardown(f);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	free(f);
	return 0;
}


void
fixture_sqlite_only(const char *what)
{
	if (!fixture_pg())
		return;
	print_message("# skipped on PostgreSQL: the test reads or writes "
	    "the SQLite file itself (%s)\n", what);
	skip();
}

struct actor
fixture_user(struct fixture *f, const char *login, enum role role,
    const char *team, const char *regions)
{
	struct user_spec u = { login, login, role, team, NULL, NULL, regions,
	    NULL };
	struct err err = { 0 };
	struct actor a;
	int64_t id;

	if (store_user_add(f->st, &f->admin, &u, &id, &err) != 0)
		fail_msg("user add %s: %s", login, err.msg);
	assert_int_equal(store_user_actor(f->st, login, &a, &err), 0);
	a.real_id = f->admin.id;
	snprintf(a.real_login, sizeof a.real_login, "%s", "boss");
	return a;
}

void
fixture_region(struct fixture *f, const char *name, const char *country)
{
	struct err err = { 0 };
	int64_t id;

	if (store_region_add(f->st, &f->admin, name, country, &id, &err) != 0)
		fail_msg("region add %s: %s", name, err.msg);
}

int64_t
fixture_lead(struct fixture *f, const struct actor *who, struct err *err,
    ...)
{
	struct lead_change ch[LEAD_FIELD_COUNT];
	char pairs[LEAD_FIELD_COUNT][256];
	const char *arg;
	size_t n = 0;
	int64_t id = 0;
	va_list ap;

	memset(err, 0, sizeof *err);
	va_start(ap, err);
	while ((arg = va_arg(ap, const char *)) != NULL) {
		char *eq;

		snprintf(pairs[n], sizeof pairs[n], "%s", arg);
		eq = strchr(pairs[n], '=');
		assert_non_null(eq);
		*eq = '\0';
		assert_non_null(lead_field_find(pairs[n]));
		if (lead_change_parse(lead_field_find(pairs[n]), eq + 1,
		    FIXTURE_NOW, &ch[n], err) != 0) {
			va_end(ap);
			return 0;
		}
		n++;
	}
	va_end(ap);
	if (store_lead_add(f->st, who, ch, n, &id, err) != 0)
		return 0;
	return id;
}

struct dbconn *
fixture_conn_open(struct fixture *f)
{
	struct dbconn *c = NULL;
	struct err err = { 0 };

	if (fixture_pg()) {
		if (pg_conn_open(f->path + strlen("postgresql:"), &c, &err))
			fail_msg("%s", err.msg);
	} else if (sqlite_conn_open(f->path, SQLITE_OPEN_READONLY, &c)) {
		fail_msg("%s: %s", f->path, c ? conn_errmsg(c) : "no memory");
	}
	return c;
}

/*
 * fixture_count on PostgreSQL: through a connection of its own, as the
 * SQLite path opens the file again, so the count sees only what the
 * store committed.
 */
static int
pg_count(struct fixture *f, const char *sql)
{
	struct dbconn *c = fixture_conn_open(f);
	struct stmt *stmt;
	int n = -1;

	if ((stmt = conn_prepare(c, sql)) == NULL)
		fail_msg("%s: %s", sql, conn_errmsg(c));
	if (stmt_step(stmt) == DB_ROW)
		n = (int)stmt_column_int64(stmt, 0);
	stmt_finalize(stmt);
	c->drv->close(c);
	return n;
}

/*
 * fixture_sql_run on PostgreSQL: a connection of its own, as on SQLite,
 * so the statements commit apart from the store's. A test's SQL that only
 * SQLite reads fails here, loudly, rather than skipping.
 */
static void
pg_sql_run(struct fixture *f, const char *sql)
{
	struct dbconn *c = fixture_conn_open(f);

	if (conn_exec(c, sql) != 0)
		fail_msg("%s: %s", sql, conn_errmsg(c));
	c->drv->close(c);
}

int
fixture_count(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int n = -1;

	if (fixture_pg())
		return pg_count(f, sql);
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return n;
}

void
fixture_sql_run(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	if (fixture_pg()) {
		pg_sql_run(f, sql);
		return;
	}
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 60000);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static int saved_stdout = -1;
static FILE *capture;

void
fixture_capture_begin(void)
{
	fflush(stdout);
	capture = tmpfile();
	assert_non_null(capture);
	saved_stdout = dup(STDOUT_FILENO);
	dup2(fileno(capture), STDOUT_FILENO);
}

char *
fixture_capture_end(void)
{
	long size;
	char *text;

	fflush(stdout);
	dup2(saved_stdout, STDOUT_FILENO);
	close(saved_stdout);
	size = ftell(capture);
	text = calloc(1, (size_t)size + 1);
	rewind(capture);
	if (fread(text, 1, (size_t)size, capture) != (size_t)size)
		fail_msg("short read of captured output");
	fclose(capture);
	return text;
}

static int
filter_has(const char *e164, void *arg)
{
	(void)e164;
	(void)arg;
	return 1;
}

static void
filter_add(const char *e164, void *arg)
{
	(void)e164;
	if (arg != NULL)
		++*(int *)arg;
}

static int
filter_first(const char *e164, void *numbers)
{
	return numset_first(numbers, e164) != 0;
}

static void
filter_forget(const char *e164, void *numbers)
{
	numset_forget(numbers, e164);
}

struct batch_filter
fixture_batch_filter(struct numset *numbers)
{
	struct batch_filter filter = { filter_has, filter_add, NULL, 0,
	    filter_first, filter_forget, numbers };

	return filter;
}

struct batch_lead
fixture_batch_lead(const char *name, const char *e164)
{
	struct batch_lead l;

	memset(&l, 0, sizeof l);
	l.name = name;
	l.phone_raw = e164;
	l.e164 = e164;
	l.has_website = -1;
	return l;
}
