/*
 * What the lists, imports and funnel reports read instead of the calls
 * and the audit (schema version 12): each lead's called and contacted
 * flags and the stage_moves table, kept by every write and filled by
 * the migration for a floor made before it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "callq/call.h"
#include "callq/choice.h"
#include "callq/stage.h"
#include "fixture.h"

static void
at(time_t t)
{
	char s[32];

	snprintf(s, sizeof s, "%lld", (long long)t);
	setenv("CALLQ_NOW", s, 1);
}

static int64_t
lead_new(struct fixture *f, const char *phone)
{
	char p[64];
	struct err err;
	int64_t id;

	snprintf(p, sizeof p, "phone=%s", phone);
	id = fixture_lead(f, &f->admin, &err, "name=Ada", "region=North", p,
	    NULL);
	if (id == 0)
		fail_msg("lead: %s", err.msg);
	return id;
}

static void
call(struct fixture *f, int64_t lead, const char *disposition, time_t when)
{
	struct call_log log = { .lead_id = lead, .disposition = disposition };
	struct call_result res;
	struct err err = { 0 };

	if (strcmp(disposition, "Interested") == 0)
		log.interest = 3;
	at(when);
	if (store_call_log(f->st, &f->admin, &log, &res, &err) != 0)
		fail_msg("call %s: %s", disposition, err.msg);
}

/* The lead's flags as a number: 10 * called + contacted. */
static int
flags(struct fixture *f, int64_t lead)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT 10 * called + contacted FROM leads"
	    " WHERE id = %lld", (long long)lead);
	return fixture_count(f, sql);
}

/* The moves whose stage is not the one their audit row wrote. */
#define STAGE_ASIDE(stage) "SELECT count(*) FROM stage_moves m" \
	" JOIN audit a ON a.id = m.audit_id WHERE m.stage IS DISTINCT FROM " \
	stage
#define STAGE_ASIDE_LITE STAGE_ASIDE("json_extract(a.details, '$.stage')")
#define STAGE_ASIDE_PG STAGE_ASIDE("CAST(a.details AS jsonb) ->> 'stage'")

/* Whether stage_moves has the row described by cond, of lead. */
static int
moved(struct fixture *f, int64_t lead, const char *cond)
{
	char sql[512];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM stage_moves"
	    " WHERE lead_id = %lld AND %s", (long long)lead, cond);
	return fixture_count(f, sql);
}

static void
setup_north(struct fixture *f)
{
	fixture_region(f, "North", "GB");
}

/*
 * A call of any kind marks the lead called; one that reached someone,
 * contacted.
 */
static void
test_calls_mark_the_lead(void **state)
{
	struct fixture *f = *state;
	int64_t id, other;

	setup_north(f);
	id = lead_new(f, "+442079460001");
	other = lead_new(f, "+442079460002");
	assert_int_equal(flags(f, id), 0);
	call(f, id, "No answer", FIXTURE_NOW - 3600);
	assert_int_equal(flags(f, id), 10);
	call(f, id, "Interested", FIXTURE_NOW - 1800);
	assert_int_equal(flags(f, id), 11);
	call(f, id, "No answer", FIXTURE_NOW - 600);
	assert_int_equal(flags(f, id), 11);
	assert_int_equal(flags(f, other), 0);
}

/* A disposition made a contact, or no longer one, recounts its leads. */
static void
test_contact_flag_recounts(void **state)
{
	struct fixture *f = *state;
	struct err err = { 0 };
	int64_t id, busy;

	setup_north(f);
	id = lead_new(f, "+442079460001");
	busy = lead_new(f, "+442079460002");
	call(f, id, "No answer", FIXTURE_NOW - 3600);
	call(f, busy, "Busy", FIXTURE_NOW - 3600);
	assert_int_equal(store_choice_set_contact(f->st, &f->admin,
	    "No answer", 1, &err), 0);
	assert_int_equal(flags(f, id), 11);
	assert_int_equal(flags(f, busy), 10);
	assert_int_equal(store_choice_set_contact(f->st, &f->admin,
	    "No answer", 0, &err), 0);
	assert_int_equal(flags(f, id), 10);
}

/*
 * A call that moves the lead's stage and a move on the board each write
 * a row, with the entry before it; a loss keeps its reason.
 */
static void
test_stage_moves_are_written(void **state)
{
	struct fixture *f = *state;
	struct stage_move move = { .stage = "Lost",
	    .drop_reason = "Not interested" };
	enum stage_needs needs;
	struct err err = { 0 };
	int64_t id;

	setup_north(f);
	at(FIXTURE_NOW - 7200);
	id = lead_new(f, "+442079460001");
	call(f, id, "Interested", FIXTURE_NOW - 3600);
	assert_int_equal(moved(f, id, "stage = 'Interested' AND added = 0"
	    " AND at = 1795338000 AND lost IS NULL"), 1);
	move.lead_id = id;
	at(FIXTURE_NOW - 600);
	assert_int_equal(store_lead_stage_set(f->st, &f->admin, &move, &needs,
	    &err), 0);
	assert_int_equal(moved(f, id, "stage = 'Lost' AND lost ="
	    " 'Not interested' AND prev_stage = 'Interested'"
	    " AND prev_at = 1795338000"), 1);
	/* Stage names come from the rows, as the audit wrote them. */
	assert_int_equal(fixture_count(f, fixture_pg() ? STAGE_ASIDE_PG :
	    STAGE_ASIDE_LITE), 0);
}

#define SNAPSHOT \
	"SELECT group_concat(x, ';') FROM (SELECT id || ':' || called ||" \
	" contacted AS x FROM leads UNION ALL SELECT audit_id || ':' || at" \
	" || ':' || coalesce(lead_id, '') || ':' || added || ':' ||" \
	" coalesce(stage, '') || ':' || coalesce(lost, '') || ':' ||" \
	" coalesce(prev_at, '') || ':' || coalesce(prev_stage, '')" \
	" FROM stage_moves ORDER BY 1)"

/* The text of SNAPSHOT, read from the file. */
static char *
snapshot(struct fixture *f)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	char *s;

	fixture_sqlite_only("opens the SQLite file");
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, SNAPSHOT, -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	s = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	assert_non_null(s);
	return s;
}

/*
 * A floor from before the step gets the same flags and moves as the
 * writes keep.
 */
static void
test_migration_backfills(void **state)
{
	struct fixture *f = *state;
	struct stage_move move = { .stage = "Qualified" };
	enum stage_needs needs;
	struct err err = { 0 };
	char *before, *after, undo[64];
	int64_t a, b;

	setup_north(f);
	at(FIXTURE_NOW - 9000);
	a = lead_new(f, "+442079460001");
	b = lead_new(f, "+442079460002");
	lead_new(f, "+442079460003");
	call(f, a, "Busy", FIXTURE_NOW - 8000);
	call(f, a, "Interested", FIXTURE_NOW - 7000);
	call(f, b, "No answer", FIXTURE_NOW - 6000);
	call(f, b, "Not interested", FIXTURE_NOW - 5000);
	move.lead_id = a;
	at(FIXTURE_NOW - 4000);
	assert_int_equal(store_lead_stage_set(f->st, &f->admin, &move, &needs,
	    &err), 0);
	assert_true(moved(f, a, "1 = 1") >= 2);
	assert_int_equal(moved(f, b, "lost = 'Not interested'"), 1);
	/* PostgreSQL's floor starts at schema 22: no older one to migrate. */
	fixture_sqlite_only("migrates a SQLite floor from schema 12");
	before = snapshot(f);
	store_close(f->st);
	f->st = NULL;
	fixture_sql_run(f, FIXTURE_UNDO_SINCE_15 FIXTURE_UNDO_14 FIXTURE_UNDO_13);
	snprintf(undo, sizeof undo, "PRAGMA user_version = %d", 12);
	fixture_sql_run(f, undo);
	assert_int_equal(store_open(f->path, STORE_OPEN, &f->st, &err), 0);
	assert_int_equal(fixture_count(f, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	after = snapshot(f);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_calls_mark_the_lead),
		T(test_contact_flag_recounts),
		T(test_stage_moves_are_written),
		T(test_migration_backfills),
#undef T
	};

	return cmocka_run_group_tests_name("report_rollup", tests, NULL, NULL);
}
