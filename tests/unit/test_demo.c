/*
 * The demo floor: the analyst, the month of history the reports show,
 * and what came after the sales: deals, plans, payments, promises and the
 * recovery agent's collections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#include "callq/demo.h"
#include "fixture.h"
#include "../../src/store/driver.h"

#define DAY	86400

/* The calls by the lead's own clock, hour by hour. */
struct hours {
	int calls[24], connects[24];
	int weekend, early, late;	/* calls outside the working week */
	int future, older;		/* calls after now, or over 30 days ago */
};

/* The floor is built once: every test here only reads it. */
static int
demo_setup(void **state)
{
	struct fixture *f;
	struct demo_counts n;
	struct err err;

	fixture_setup(state);
	f = *state;
	assert_int_equal(demo_build(f->st, &f->admin, &n, &err), 0);
	assert_int_equal(n.users, 9);
	return 0;
}

static void
zone_set(const char *tz)
{
	char spec[64];

	snprintf(spec, sizeof spec, ":%s", tz);
	setenv("TZ", spec, 1);
	tzset();
}

static void
hours_read(struct fixture *f, struct hours *h)
{
	static const char sql[] =
	    "SELECT c.started_at, l.timezone, x.contact FROM calls c"
	    " JOIN leads l ON l.id = c.lead_id"
	    " JOIN dispositions x ON x.id = c.disposition_id"
	    " ORDER BY l.timezone";
	char zone[64] = "";
	struct dbconn *db = fixture_conn_open(f);
	struct stmt *stmt;
	struct tm tm;
	time_t at;

	memset(h, 0, sizeof *h);
	if ((stmt = conn_prepare(db, sql)) == NULL)
		fail_msg("%s: %s", sql, conn_errmsg(db));
	while (stmt_step(stmt) == DB_ROW) {
		at = (time_t)stmt_column_int64(stmt, 0);
		if (strcmp(zone, stmt_column_text(stmt, 1))) {
			snprintf(zone, sizeof zone, "%s",
			    stmt_column_text(stmt, 1));
			zone_set(zone);
		}
		localtime_r(&at, &tm);
		h->calls[tm.tm_hour]++;
		h->connects[tm.tm_hour] += stmt_column_int(stmt, 2);
		h->weekend += tm.tm_wday == 0 || tm.tm_wday == 6;
		h->early += tm.tm_hour < 9;
		h->late += tm.tm_hour >= 19;
		h->future += at >= FIXTURE_NOW;
		h->older += at < FIXTURE_NOW - 31 * DAY;
	}
	stmt_finalize(stmt);
	db->drv->close(db);
	zone_set("UTC");
}

static void
test_analyst(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fixture_count(f, "SELECT count(*) FROM users WHERE"
	    " login = 'analyst1' AND name = 'Ana Lyst' AND role = 'analyst'"
	    " AND team_id IS NULL"), 1);
}

/* Calls fall on the lead's working days and hours, in the last month. */
static void
test_calls_in_working_hours(void **state)
{
	struct fixture *f = *state;
	struct hours h;

	hours_read(f, &h);
	assert_int_equal(h.weekend, 0);
	assert_int_equal(h.early, 0);
	assert_int_equal(h.late, 0);
	assert_int_equal(h.future, 0);
	assert_int_equal(h.older, 0);
	assert_true(h.calls[10] > 0 && h.calls[16] > 0);
}

/* The hours heatmap has a pattern: mid-morning answers, lunch does not. */
static void
test_connects_by_hour(void **state)
{
	struct fixture *f = *state;
	struct hours h;

	hours_read(f, &h);
	assert_true(h.connects[11] * h.calls[12] >
	    2 * h.connects[12] * h.calls[11]);
	assert_true(h.connects[11] * h.calls[9] >
	    h.connects[9] * h.calls[11]);
	assert_true(h.connects[15] * h.calls[12] >
	    h.connects[12] * h.calls[15]);
}

/* Every week of the month has calls and conversions; today has none. */
static void
test_weeks(void **state)
{
	struct fixture *f = *state;
	char sql[256];
	int w;

	for (w = 0; w < 4; w++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM calls c"
		    " JOIN dispositions x ON x.id = c.disposition_id"
		    " WHERE x.name = 'Converted' AND c.started_at"
		    " BETWEEN %d - %d * 7 * 86400 AND %d - %d * 7 * 86400",
		    FIXTURE_NOW, w + 1, FIXTURE_NOW, w);
		assert_in_range(fixture_count(f, sql), 3, 60);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM calls WHERE"
		    " started_at BETWEEN %d - %d * 7 * 86400"
		    " AND %d - %d * 7 * 86400",
		    FIXTURE_NOW, w + 1, FIXTURE_NOW, w);
		assert_true(fixture_count(f, sql) > 400);
	}
	assert_true(fixture_count(f, "SELECT count(DISTINCT started_at /"
	    " 86400) FROM calls") >= 21);
}

/* Some reps reach more people than others. */
static void
test_reps_differ(void **state)
{
	struct fixture *f = *state;

	assert_true(fixture_count(f, "SELECT max(r) - min(r) FROM (SELECT"
	    " 100 * sum(x.contact) / count(*) AS r FROM calls c"
	    " JOIN dispositions x ON x.id = c.disposition_id"
	    " GROUP BY c.user_id) AS u") >= 10);
}

/* The pauses before today: reason, limit and length in seconds. */
#define PAUSES \
	"SELECT count(*) FROM (SELECT c.name, c.limit_minutes * 60 AS lim," \
	" (SELECT min(b.at) FROM attendance b WHERE b.user_id = a.user_id" \
	"  AND b.at > a.at) - a.at AS len FROM attendance a" \
	" JOIN choices c ON c.id = a.reason_id" \
	" WHERE a.state = 'paused' AND a.at < 1795341600 - 10 * 3600) AS p "

/*
 * Each rep's month: in on most working days, with lunch and breaks; a
 * few pauses over their limit, none by more than a quarter of it.
 */
static void
test_attendance_month(void **state)
{
	struct fixture *f = *state;

	assert_in_range(fixture_count(f, "SELECT min(n) FROM (SELECT"
	    " count(DISTINCT a.at / 86400) AS n FROM users u LEFT JOIN"
	    " attendance a ON a.user_id = u.id AND a.state = 'out'"
	    " WHERE u.role = 'rep' GROUP BY u.id) AS d"), 17, 22);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM attendance a"
	    " JOIN users u ON u.id = a.user_id WHERE u.role <> 'rep'"
	    " AND a.at < 1795341600"), 0);
	assert_true(fixture_count(f, PAUSES "WHERE name = 'Lunch'"
	    " AND len > lim") >= 5);
	assert_true(fixture_count(f, PAUSES "WHERE name = 'Short break'"
	    " AND len > lim") >= 5);
	assert_true(fixture_count(f, PAUSES "WHERE len > lim") * 5 <
	    fixture_count(f, PAUSES "WHERE 1 = 1"));
	assert_int_equal(fixture_count(f, PAUSES "WHERE len > lim * 5 / 4 +"
	    " 60 OR len IS NULL"), 0);
}

/* The recovery agent, a Unix-style login like the others'. */
static void
test_recovery_agent(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fixture_count(f, "SELECT count(*) FROM users WHERE"
	    " login = 'recovery1' AND role = 'recovery' AND active = 1"), 1);
}

/*
 * Every converted lead has its deal and plan: some paid, some part paid,
 * some with nothing paid and an installment overdue; the money adds up.
 */
static void
test_deals(void **state)
{
	struct fixture *f = *state;
	int deals = fixture_count(f, "SELECT count(*) FROM deals");

	assert_true(deals >= 50);
	assert_int_equal(deals, fixture_count(f, "SELECT count(*) FROM leads"
	    " WHERE status = 'Converted' AND customer = 1"));
	assert_true(fixture_count(f, "SELECT count(*) FROM deals WHERE"
	    " status = 'Completed'") >= 3);
	assert_true(fixture_count(f, "SELECT count(*) FROM deals WHERE"
	    " status = 'Partial'") >= 3);
	assert_true(fixture_count(f, "SELECT count(*) FROM deals d WHERE"
	    " status = 'Pending' AND EXISTS (SELECT 1 FROM installments i"
	    " WHERE i.deal_id = d.id AND i.due_on < '2026-11-22')") >= 3);
	assert_true(fixture_count(f, "SELECT count(DISTINCT n) FROM (SELECT"
	    " count(*) AS n FROM installments GROUP BY deal_id) AS i") >= 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM deals d WHERE"
	    " paid_cents <> (SELECT coalesce(sum(amount_cents), 0) FROM"
	    " payments p WHERE p.deal_id = d.id AND p.deleted_at IS NULL)"
	    " OR amount_cents <> (SELECT sum(amount_cents) FROM installments"
	    " i WHERE i.deal_id = d.id)"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM payments"
	    " WHERE paid_on > '2026-11-22'"), 0);
}

/*
 * Most collections are the recovery agent's, some wait for a team lead
 * to give them out; promises ahead, kept, and one broken.
 */
static void
test_collections(void **state)
{
	struct fixture *f = *state;

	assert_true(fixture_count(f, "SELECT count(*) FROM deals d JOIN users"
	    " u ON u.id = d.collector_id WHERE u.login = 'recovery1'") >= 20);
	assert_true(fixture_count(f, "SELECT count(*) FROM deals WHERE"
	    " collector_id IS NULL") >= 5);
	assert_true(fixture_count(f, "SELECT count(*) FROM promises WHERE"
	    " state = 'open' AND due_on >= '2026-11-22'") >= 2);
	assert_true(fixture_count(f, "SELECT count(*) FROM promises WHERE"
	    " state = 'kept'") >= 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM promises"
	    " WHERE state IN ('open', 'broken') AND due_on < '2026-11-22'"), 1);
	assert_true(fixture_count(f, "SELECT count(*) FROM calls WHERE"
	    " outcome IS NOT NULL AND deal_id IS NOT NULL") >= 20);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls WHERE"
	    " outcome IS NOT NULL AND started_at >= 1795341600"), 0);
}

/* A few customers have their people as contacts, one not to be called. */
static void
test_contacts(void **state)
{
	struct fixture *f = *state;

	assert_in_range(fixture_count(f, "SELECT count(*) FROM contacts"),
	    3, 20);
	assert_true(fixture_count(f, "SELECT count(*) FROM contact_phones")
	    >= 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts"
	    " WHERE dnc = 1"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_analyst),
		cmocka_unit_test(test_calls_in_working_hours),
		cmocka_unit_test(test_connects_by_hour),
		cmocka_unit_test(test_weeks),
		cmocka_unit_test(test_reps_differ),
		cmocka_unit_test(test_attendance_month),
		cmocka_unit_test(test_recovery_agent),
		cmocka_unit_test(test_deals),
		cmocka_unit_test(test_collections),
		cmocka_unit_test(test_contacts),
	};

	return cmocka_run_group_tests(tests, demo_setup, fixture_teardown);
}
