/*
 * calls.local_slot: the hour of the week (Monday 00:00 is 0) where the
 * lead was when the call started, kept on the call as it is logged and
 * filled in by migration 12 for calls logged before it. The hours
 * report reads it instead of the lead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "callq/call.h"
#include "callq/callrec.h"
#include "callq/report.h"
#include "callq/settings.h"
#include "fixture.h"

#define MON 1794787200		/* 2026-11-16 00:00 UTC */
#define DAY 86400
#define HOUR 3600
#define NO_SLOT (-1)

static int64_t
lead_add(struct fixture *f, const char *name, const char *phone)
{
	char n[64], p[64];
	struct err err;
	int64_t id;

	snprintf(n, sizeof n, "name=%s", name);
	snprintf(p, sizeof p, "phone=%s", phone);
	id = fixture_lead(f, &f->admin, &err, n, p, "region=East", NULL);
	if (id == 0)
		fail_msg("lead %s: %s", name, err.msg);
	return id;
}

static int64_t
call(struct fixture *f, int64_t lead, time_t at)
{
	struct call_log log = { 0 };
	struct call_result res;
	struct err err = { 0 };

	log.lead_id = lead;
	log.started_at = at;
	log.disposition = "Busy";
	if (store_call_log(f->st, &f->admin, &log, &res, &err) != 0)
		fail_msg("call: %s", err.msg);
	return res.call_id;
}

/* The call's slot, NO_SLOT when it has none. */
static int
slot(struct fixture *f, int64_t call_id)
{
	char sql[96];

	snprintf(sql, sizeof sql, "SELECT coalesce(local_slot, %d) FROM calls"
	    " WHERE id = %lld", NO_SLOT, (long long)call_id);
	return fixture_count(f, sql);
}

/* The fixture, with the regions East and West. */
static int
setup(void **state)
{
	int rc = fixture_setup(state);

	if (rc == 0) {
		fixture_region(*state, "East", "US");
		fixture_region(*state, "West", "US");
	}
	return rc;
}

static int
at(int wday, int hour)
{
	return wday * 24 + hour;
}

/* Kolkata is 5:30 ahead: Tue 10:00 UTC is Tue 15:30, 23:00 is Wed 04:30. */
static void
test_half_hour_zone(void **state)
{
	struct fixture *f = *state;
	int64_t id = lead_add(f, "Kolkata", "+919812345603");

	assert_int_equal(slot(f, call(f, id, MON + DAY + 10 * HOUR)),
	    at(1, 15));
	assert_int_equal(slot(f, call(f, id, MON + DAY + 23 * HOUR)),
	    at(2, 4));
	/* Sunday 20:00 UTC is Monday 01:30 there: the week wraps. */
	assert_int_equal(slot(f, call(f, id, MON - 4 * HOUR)), at(0, 1));
}

/* New York leaves daylight saving on Sun 2026-11-01 06:00 UTC. */
static void
test_across_a_clock_change(void **state)
{
	struct fixture *f = *state;
	int64_t id = lead_add(f, "Miami", "+13055550111");
	time_t sat = MON - 16 * DAY;

	assert_int_equal(slot(f, call(f, id, sat + 14 * HOUR)), at(5, 10));
	assert_int_equal(slot(f, call(f, id, sat + DAY + 5 * HOUR)),
	    at(6, 1));
	assert_int_equal(slot(f, call(f, id, sat + DAY + 7 * HOUR)),
	    at(6, 2));
	assert_int_equal(slot(f, call(f, id, sat + DAY + 14 * HOUR)),
	    at(6, 9));
}

/* Only the first of a lead's zones counts; none gives no slot. */
static void
test_first_zone_or_none(void **state)
{
	struct fixture *f = *state;
	int64_t id = lead_add(f, "Two zones", "+13055550112");

	fixture_sql_run(f, "UPDATE leads SET timezone = 'Asia/Kolkata America/New_York'"
	    " WHERE name = 'Two zones'");
	assert_int_equal(slot(f, call(f, id, MON + 10 * HOUR)), at(0, 15));
	fixture_sql_run(f, "UPDATE leads SET timezone = NULL WHERE name = 'Two zones'");
	assert_int_equal(slot(f, call(f, id, MON + 10 * HOUR)), NO_SLOT);
	fixture_sql_run(f, "UPDATE leads SET timezone = '' WHERE name = 'Two zones'");
	assert_int_equal(slot(f, call(f, id, MON + 11 * HOUR)), NO_SLOT);
}

/*
 * A dial's call row is placed as it opens; a second dial ends the first
 * (found through calls_open, not every call the rep made).
 */
static void
test_dial_places_the_call(void **state)
{
	struct fixture *f = *state;
	int64_t in = lead_add(f, "Kolkata", "+919812345603");
	int64_t ny = lead_add(f, "Miami", "+13055550111");
	struct call_target t, u;
	struct err err = { 0 };
	char sql[192];

	assert_int_equal(store_setting_set(f->st, &f->admin, "hours",
	    "00:00-24:00", &err), 0);
	call(f, ny, MON + 9 * HOUR);
	setenv("CALLQ_NOW", "1794823200", 1);	/* Mon 10:00 UTC */
	assert_int_equal(store_call_open(f->st, &f->admin, in, "twilio", &t,
	    &err), 0);
	assert_int_equal(slot(f, t.call_id), at(0, 15));
	assert_int_equal(store_call_open(f->st, &f->admin, ny, "twilio", &u,
	    &err), 0);
	assert_int_equal(slot(f, u.call_id), at(0, 5));
	snprintf(sql, sizeof sql, "SELECT count(*) FROM calls WHERE"
	    " (id = %lld AND state = 'ended') OR (id = %lld AND"
	    " state = 'dialing')", (long long)t.call_id,
	    (long long)u.call_id);
	assert_int_equal(fixture_count(f, sql), 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls WHERE"
	    " state = 'logged'"), 1);
}

/* Row r of rep as "label:total", the dispositions report's two ends. */
static const char *
label_total(const struct report *rep, int r)
{
	static char line[128];
	char label[64], total[32];
	int c = 0;

	while (c < rep->ncols && strcmp(rep->cols[c].name, "Total") != 0)
		c++;
	report_cell_text(rep, r, 0, label, sizeof label);
	report_cell_text(rep, r, c, total, sizeof total);
	snprintf(line, sizeof line, "%s:%s", label, total);
	return line;
}

static struct report *
dispositions(struct fixture *f, const char *by, const char *region)
{
	struct report_query q = { 0 };
	struct report *rep = NULL;
	struct err err = { 0 };

	q.from = MON;
	q.to = MON + DAY;
	q.by = by;
	q.region = region;
	q.now = FIXTURE_NOW;
	if (store_report(f->st, &f->admin, report_find("dispositions"), &q,
	    &rep, &err) != 0)
		fail_msg("report: %s", err.msg);
	return rep;
}

/*
 * A lead moved to another region leaves its earlier calls in the region
 * they were made in, for the grouping and the filter alike.
 */
static void
test_region_at_call_time(void **state)
{
	struct fixture *f = *state;
	int64_t id = lead_add(f, "Mover", "+13055550113");
	struct report *rep;

	call(f, id, MON + 10 * HOUR);
	call(f, id, MON + 11 * HOUR);
	fixture_sql_run(f, "UPDATE leads SET region_id = (SELECT id FROM regions"
	    " WHERE name = 'West') WHERE name = 'Mover'");
	call(f, id, MON + 12 * HOUR);
	rep = dispositions(f, "region", NULL);
	assert_int_equal(rep->nrows, 3);
	assert_string_equal(label_total(rep, 0), "East:2");
	assert_string_equal(label_total(rep, 1), "West:1");
	report_free(rep);
	rep = dispositions(f, NULL, "East");
	assert_string_equal(label_total(rep, 0), "boss:2");
	report_free(rep);
}

/* A floor from before schema 12 gets every old call's slot on opening. */
static void
test_migration_fills_old_calls(void **state)
{
	struct fixture *f = *state;
	int64_t ny = lead_add(f, "Miami", "+13055550111");
	int64_t in = lead_add(f, "Kolkata", "+919812345603");
	int64_t a = call(f, ny, MON + 14 * HOUR);
	int64_t b = call(f, in, MON + 2 * DAY + 14 * HOUR);
	int64_t c = call(f, ny, MON - 16 * DAY + 14 * HOUR);
	struct err err = { 0 };

	fixture_sqlite_only("undoes SQLite's migrations to run them again");
	store_close(f->st);
	f->st = NULL;
	/* Schema 13's objects go too: its step runs again after this one. */
	fixture_sql_run(f, FIXTURE_UNDO_SINCE_15 FIXTURE_UNDO_14 FIXTURE_UNDO_13
	    "DROP INDEX calls_report;"
	    "ALTER TABLE calls DROP COLUMN local_slot;"
	    "ALTER TABLE calls DROP COLUMN region_id;"
	    "ALTER TABLE calls DROP COLUMN source_id;"
	    "CREATE INDEX calls_user ON calls(user_id, started_at);"
	    "PRAGMA user_version = 11;");
	assert_int_equal(store_open(f->path, STORE_OPEN, &f->st, &err), 0);
	assert_int_equal(fixture_count(f, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(slot(f, a), at(0, 9));
	assert_int_equal(slot(f, b), at(2, 19));
	assert_int_equal(slot(f, c), at(5, 10));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM sqlite_schema"
	    " WHERE name = 'calls_user'"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM sqlite_schema"
	    " WHERE name = 'calls_report'"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dial_places_the_call,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_region_at_call_time,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_half_hour_zone,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_across_a_clock_change,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_first_zone_or_none,
		    setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_migration_fills_old_calls,
		    setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
