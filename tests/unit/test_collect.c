/*
 * Collections: the queue's order, what a collection call records, who
 * chases which deal.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/collect.h"
#include "callq/timeline.h"
#include "fixture.h"

/* Today is 2026-11-22 (FIXTURE_NOW). */

static int64_t
lead_converted(struct fixture *f, const char *name, const char *phone)
{
	struct err err;
	char sql[160];
	int64_t id;

	id = fixture_lead(f, &f->admin, &err, name, phone, NULL);
	assert_true(id > 0);
	snprintf(sql, sizeof sql, "UPDATE leads SET status = 'Converted',"
	    " customer = 1 WHERE id = %lld", (long long)id);
	fixture_sql_run(f, sql);
	return id;
}

/* A deal of one installment of amount cents due on day, collected by collector (0: none). */
static int64_t
deal_make(struct fixture *f, const char *name, const char *phone,
    int64_t cents, const char *day, int64_t collector)
{
	char sql[512];
	int64_t lead = lead_converted(f, name, phone);

	snprintf(sql, sizeof sql, "INSERT INTO deals (lead_id, amount_cents,"
	    " currency, close_on, collector_id, created_at, updated_at)"
	    " VALUES (%lld, %lld, 'USD', '2026-10-01', NULL, 1, 1);"
	    "INSERT INTO installments (deal_id, seq, due_on, amount_cents)"
	    " SELECT max(id), 1, '%s', %lld FROM deals", (long long)lead,
	    (long long)cents, day, (long long)cents);
	fixture_sql_run(f, sql);
	if (collector != 0) {
		snprintf(sql, sizeof sql, "UPDATE deals SET collector_id = %lld"
		    " WHERE lead_id = %lld", (long long)collector,
		    (long long)lead);
		fixture_sql_run(f, sql);
	}
	snprintf(sql, sizeof sql, "SELECT id FROM deals WHERE lead_id = %lld",
	    (long long)lead);
	return fixture_count(f, sql);
}

static void
promise_make(struct fixture *f, int64_t deal, const char *day, int64_t cents)
{
	char sql[256];

	snprintf(sql, sizeof sql, "INSERT INTO promises (deal_id, user_id,"
	    " due_on, amount_cents, created_at) VALUES (%lld, 1, '%s', %lld,"
	    " %d)", (long long)deal, day, (long long)cents, FIXTURE_NOW - 86400 * 10);
	fixture_sql_run(f, sql);
}

struct rows {
	int     n;
	int64_t deal[16];
	enum collect_why why[16];
	int     late[16];
	int64_t due[16];
};

static int
row_take(const struct collect_item *it, void *arg)
{
	struct rows *r = arg;

	assert_true(r->n < 16);
	r->deal[r->n] = it->deal_id;
	r->why[r->n] = it->why;
	r->late[r->n] = it->days_late;
	r->due[r->n] = it->due_cents;
	r->n++;
	return 0;
}

static void
queue_read(struct fixture *f, const struct actor *who, struct rows *r)
{
	struct err err;

	memset(r, 0, sizeof *r);
	assert_int_equal(store_collect_queue(f->st, who, NULL, row_take, r,
	    &err), 0);
}

static void
test_outcome_names(void **state)
{
	(void)state;
	assert_int_equal(outcome_parse("no answer"), OUT_NO_ANSWER);
	assert_int_equal(outcome_parse("Promise to pay"), OUT_PROMISE);
	assert_int_equal(outcome_parse("3"), OUT_PARTIAL);
	assert_int_equal(outcome_parse("7"), -1);
	assert_int_equal(outcome_parse("maybe"), -1);
	assert_string_equal(outcome_key(OUT_WRONG_NUMBER), "wrong-number");
	assert_true(outcome_takes_payment(OUT_PAID));
	assert_false(outcome_takes_payment(OUT_PROMISE));
	assert_true(outcome_takes_promise(OUT_PROMISE));
	assert_false(outcome_reached(OUT_NO_ANSWER));
	assert_string_equal(collect_why_name(WHY_DUE_TODAY), "DUE TODAY");
}

static void
test_queue_order(void **state)
{
	struct fixture *f = *state;
	int64_t late, later, today, promised, ahead, broken, future;
	struct rows r;

	late = deal_make(f, "name=Late", "phone=+13055550101", 50000,
	    "2026-11-10", 0);
	later = deal_make(f, "name=Later", "phone=+13055550102", 50000,
	    "2026-11-01", 0);
	today = deal_make(f, "name=Today", "phone=+13055550103", 50000,
	    "2026-11-22", 0);
	promised = deal_make(f, "name=Promised", "phone=+13055550104", 50000,
	    "2026-11-01", 0);
	promise_make(f, promised, "2026-11-22", 10000);
	ahead = deal_make(f, "name=Ahead", "phone=+13055550105", 50000,
	    "2026-11-01", 0);
	promise_make(f, ahead, "2026-11-25", 10000);
	broken = deal_make(f, "name=Broken", "phone=+13055550106", 50000,
	    "2026-11-21", 0);
	promise_make(f, broken, "2026-11-20", 10000);
	future = deal_make(f, "name=Future", "phone=+13055550107", 50000,
	    "2026-12-22", 0);
	(void)future;
	queue_read(f, &f->admin, &r);
	assert_int_equal(r.n, 5);
	assert_int_equal(r.deal[0], broken);
	assert_int_equal(r.why[0], WHY_BROKEN);
	assert_int_equal(r.late[0], 2);
	assert_int_equal(r.deal[1], later);
	assert_int_equal(r.why[1], WHY_OVERDUE);
	assert_int_equal(r.late[1], 21);
	assert_int_equal(r.deal[2], late);
	assert_int_equal(r.deal[3], today);
	assert_int_equal(r.why[3], WHY_DUE_TODAY);
	assert_int_equal(r.due[3], 50000);
	assert_int_equal(r.deal[4], promised);
	assert_int_equal(r.why[4], WHY_PROMISE_DUE);
}

/* The queue read a page of limit at offset, appended to r. */
static void
queue_page(struct fixture *f, int limit, int offset, struct rows *r)
{
	struct collect_filter cf = { NULL, limit, offset };
	struct err err;

	assert_int_equal(store_collect_queue(f->st, &f->admin, &cf, row_take,
	    r, &err), 0);
}

/*
 * Pages across the queue's groups give each deal once, in order; and a
 * deal moves between groups as its installments and promises change.
 */
static void
test_queue_pages_and_follows(void **state)
{
	struct fixture *f = *state;
	int64_t late, later, today, promised, ahead, broken;
	struct rows all, paged;
	int i, size;
	char sql[160];

	broken = deal_make(f, "name=Broken", "phone=+13055550106", 50000,
	    "2026-11-21", 0);
	promise_make(f, broken, "2026-11-20", 10000);
	late = deal_make(f, "name=Late", "phone=+13055550101", 50000,
	    "2026-11-10", 0);
	later = deal_make(f, "name=Later", "phone=+13055550102", 50000,
	    "2026-11-01", 0);
	today = deal_make(f, "name=Today", "phone=+13055550103", 50000,
	    "2026-11-22", 0);
	promised = deal_make(f, "name=Promised", "phone=+13055550104", 50000,
	    "2026-11-01", 0);
	ahead = deal_make(f, "name=Ahead", "phone=+13055550105", 50000,
	    "2026-11-01", 0);
	promise_make(f, ahead, "2026-11-25", 10000);
	promise_make(f, promised, "2026-11-22", 10000);
	queue_read(f, &f->admin, &all);
	assert_int_equal(all.n, 5);
	for (size = 1; size <= 3; size++) {
		memset(&paged, 0, sizeof paged);
		for (i = 0; i < all.n; i += size)
			queue_page(f, size, i, &paged);
		assert_int_equal(paged.n, all.n);
		for (i = 0; i < all.n; i++)
			assert_int_equal(paged.deal[i], all.deal[i]);
	}
	/* Today's paid: it leaves. Ahead's promise withdrawn: it is overdue. */
	snprintf(sql, sizeof sql, "UPDATE installments SET paid_cents ="
	    " amount_cents WHERE deal_id = %lld", (long long)today);
	fixture_sql_run(f, sql);
	snprintf(sql, sizeof sql, "UPDATE promises SET state = 'cancelled'"
	    " WHERE deal_id = %lld", (long long)ahead);
	fixture_sql_run(f, sql);
	/* Broken's promise gone: its installment, due yesterday, is overdue. */
	snprintf(sql, sizeof sql, "DELETE FROM promises WHERE deal_id = %lld",
	    (long long)broken);
	fixture_sql_run(f, sql);
	queue_read(f, &f->admin, &all);
	assert_int_equal(all.n, 5);
	for (i = 0; i < all.n; i++)
		assert_true(all.deal[i] != today);
	assert_int_equal(all.deal[0], later);	/* both due 11-01 */
	assert_int_equal(all.deal[1], ahead);
	assert_int_equal(all.why[1], WHY_OVERDUE);
	assert_int_equal(all.deal[2], late);
	assert_int_equal(all.deal[3], broken);
	assert_int_equal(all.why[3], WHY_OVERDUE);
	assert_int_equal(all.deal[4], promised);
	assert_int_equal(all.why[4], WHY_PROMISE_DUE);
}

/*
 * The queue's plan: each of its four groups a range of an index over
 * the deals' days, never a pass over every deal.
 */
static void
test_queue_plan(void **state)
{
	struct fixture *f = *state;
	char explain[8192];
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int one, ranges;

	fixture_sqlite_only("opens the SQLite file");
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	for (one = 0; one < 2; one++) {
		snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s",
		    store_collect_sql(one));
		assert_int_equal(sqlite3_prepare_v2(db, explain, -1, &stmt,
		    NULL), SQLITE_OK);
		ranges = 0;
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *line = (const char *)
			    sqlite3_column_text(stmt, 3);

			if (strncmp(line, "SCAN d", 6) == 0)
				fail_msg("reads every deal: %s", line);
			ranges += strncmp(line, "SEARCH d USING INDEX deals_",
			    27) == 0;
		}
		sqlite3_finalize(stmt);
		assert_int_equal(ranges, 4);
	}
	sqlite3_close(db);
}

static void
test_partial_payment_writes_call_and_payment(void **state)
{
	struct fixture *f = *state;
	struct actor agent = fixture_user(f, "col1", ROLE_RECOVERY, NULL, NULL);
	struct collect_log log = { .outcome = OUT_PARTIAL };
	struct collect_result res;
	struct err err;

	log.deal = deal_make(f, "name=Part", "phone=+13055550111", 50000,
	    "2026-11-10", agent.id);
	log.amount_cents = 60000;
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "500.00"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM payments"), 0);
	log.amount_cents = 20000;
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err), 0);
	assert_true(res.call_id > 0 && res.payment_id > 0);
	assert_int_equal(res.balance_cents, 30000);
	assert_string_equal(res.deal_state, "Partial");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls WHERE"
	    " outcome = 'partial' AND deal_id IS NOT NULL"
	    " AND disposition_id IS NULL"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM payments p JOIN calls c"
	    " ON c.id = p.call_id WHERE p.amount_cents = 20000"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'deal' AND action = 'collect'"), 1);
}

static void
test_log_completes_the_open_dial(void **state)
{
	struct fixture *f = *state;
	struct actor agent = fixture_user(f, "col1", ROLE_RECOVERY, NULL, NULL);
	struct collect_log log = { .outcome = OUT_WRONG_NUMBER };
	struct collect_result res;
	struct err err;
	char sql[256];

	log.deal = deal_make(f, "name=Dialed", "phone=+13055550181", 50000,
	    "2026-11-10", agent.id);
	snprintf(sql, sizeof sql, "INSERT INTO calls (lead_id, user_id,"
	    " started_at, ended_at, state) SELECT lead_id, %lld, %d, %d,"
	    " 'ended' FROM deals", (long long)agent.id, FIXTURE_NOW - 90,
	    FIXTURE_NOW - 30);
	fixture_sql_run(f, sql);
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls WHERE"
	    " state = 'logged' AND outcome = 'wrong-number'"
	    " AND duration_s = 60"), 1);
	/* The number stays on the lead; the audit row names it. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " phone_e164 = '+13055550181'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " action = 'collect' AND details LIKE"
	    " '%\"wrong\\_number\":%\"+13055550181\"%' ESCAPE '\\'"), 1);
}

static void
test_promise_broken_then_settled(void **state)
{
	struct fixture *f = *state;
	struct actor agent = fixture_user(f, "col1", ROLE_RECOVERY, NULL, NULL);
	struct collect_log log = { .outcome = OUT_PROMISE };
	struct collect_result res;
	struct err err;
	struct rows r;
	int64_t deal;

	deal = deal_make(f, "name=Word", "phone=+13055550121", 50000,
	    "2026-11-10", agent.id);
	log.deal = deal;
	log.amount_cents = 10000;
	snprintf(log.day, sizeof log.day, "2027-03-31");
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err),
	    EX_DATAERR);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM promises"), 0);
	snprintf(log.day, sizeof log.day, "2026-11-25");
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err), 0);
	assert_true(res.promise_id > 0);
	queue_read(f, &agent, &r);
	assert_int_equal(r.n, 0);	/* the promise is still ahead */
	setenv("CALLQ_NOW", "1795600800", 1);	/* 2026-11-25 10:00 */
	queue_read(f, &agent, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.why[0], WHY_PROMISE_DUE);
	setenv("CALLQ_NOW", "1795687200", 1);	/* 2026-11-26 10:00 */
	queue_read(f, &agent, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.why[0], WHY_BROKEN);
	memset(&log, 0, sizeof log);
	log.deal = deal;
	log.outcome = OUT_NO_ANSWER;
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err), 0);
	assert_int_equal(res.broken, 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM promises WHERE"
	    " state = 'broken' AND settled_at IS NOT NULL"), 1);
	queue_read(f, &agent, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.why[0], WHY_OVERDUE);
	setenv("CALLQ_NOW", "1795341600", 1);
}

static void
test_payment_keeps_promise(void **state)
{
	struct fixture *f = *state;
	struct actor agent = fixture_user(f, "col1", ROLE_RECOVERY, NULL, NULL);
	struct collect_log log = { .outcome = OUT_PROMISE };
	struct collect_result res;
	struct err err;

	log.deal = deal_make(f, "name=Keep", "phone=+13055550131", 50000,
	    "2026-11-10", agent.id);
	log.amount_cents = 20000;
	snprintf(log.day, sizeof log.day, "2026-11-24");
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err), 0);
	log.outcome = OUT_PAID;
	log.day[0] = '\0';
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM promises WHERE"
	    " state = 'kept'"), 1);
	/* "paid" with no amount pays all that is due now. */
	log.amount_cents = 0;
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err), 0);
	assert_int_equal(res.balance_cents, 0);
	assert_string_equal(res.deal_state, "Completed");
}

static void
test_scope(void **state)
{
	struct fixture *f = *state;
	struct actor a1 = fixture_user(f, "col1", ROLE_RECOVERY, NULL, NULL);
	struct actor a2 = fixture_user(f, "col2", ROLE_RECOVERY, NULL, NULL);
	struct actor rep = fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	struct collect_log log = { .outcome = OUT_DISPUTE };
	struct collect_result res;
	struct err err;
	struct rows r;
	int64_t mine, theirs;
	int changed;

	mine = deal_make(f, "name=Mine", "phone=+13055550141", 50000,
	    "2026-11-10", a1.id);
	theirs = deal_make(f, "name=Theirs", "phone=+13055550142", 50000,
	    "2026-11-10", a2.id);
	queue_read(f, &a1, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.deal[0], mine);
	log.deal = theirs;
	assert_int_not_equal(store_collect_log(f->st, &a1, &log, &res, &err),
	    0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"), 0);
	assert_int_equal(store_collect_queue(f->st, &rep, NULL, row_take, &r,
	    &err), EX_NOPERM);
	assert_int_equal(store_collect_assign(f->st, &rep, &mine, 1, "col2",
	    &changed, &err), EX_NOPERM);
	assert_int_equal(store_collect_assign(f->st, &f->admin, &mine, 1,
	    "rep1", &changed, &err), EX_DATAERR);
	assert_int_equal(store_collect_assign(f->st, &f->admin, &mine, 1,
	    "col2", &changed, &err), 0);
	assert_int_equal(changed, 1);
	queue_read(f, &a1, &r);
	assert_int_equal(r.n, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notifications n JOIN"
	    " users u ON u.id = n.user_id WHERE u.login = 'col2'"
	    " AND n.kind = 'assigned'"), 1);
}

static void
test_spread_even(void **state)
{
	struct fixture *f = *state;
	struct actor a1 = fixture_user(f, "col1", ROLE_RECOVERY, NULL, NULL);
	struct err err;
	int64_t deals[5];
	char phone[32], name[32];
	int changed, i;

	(void)fixture_user(f, "col2", ROLE_RECOVERY, NULL, NULL);
	(void)deal_make(f, "name=Held", "phone=+13055550150", 50000,
	    "2026-11-10", a1.id);
	for (i = 0; i < 5; i++) {
		snprintf(phone, sizeof phone, "phone=+1305555016%d", i);
		snprintf(name, sizeof name, "name=Spread %d", i);
		deals[i] = deal_make(f, name, phone, 50000, "2026-11-10", 0);
	}
	/* Split counts what each holds already: col1 has one. */
	assert_int_equal(store_collect_spread(f->st, &f->admin, deals, 5,
	    SPREAD_SPLIT, &changed, &err), 0);
	assert_int_equal(changed, 5);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM deals d JOIN users u"
	    " ON u.id = d.collector_id WHERE u.login = 'col1'"), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM deals d JOIN users u"
	    " ON u.id = d.collector_id WHERE u.login = 'col2'"), 3);
	/* Spread again, the same deals land as evenly. */
	assert_int_equal(store_collect_spread(f->st, &f->admin, deals, 5,
	    SPREAD_SPLIT, &changed, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM deals d JOIN"
	    " users u ON u.id = d.collector_id WHERE u.login = 'col2'"), 3);
	/* Round-robin deals them out in turn, whatever each holds. */
	assert_int_equal(store_collect_spread(f->st, &f->admin, deals, 4,
	    SPREAD_ROUND_ROBIN, &changed, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM deals d JOIN users u"
	    " ON u.id = d.collector_id WHERE u.login = 'col2' AND d.id IN"
	    " (SELECT id FROM deals ORDER BY id LIMIT 4 OFFSET 1)"), 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'deal' AND action = 'assign'") >= 5, 1);
}

struct said {
	char text[2048];
};

static int
timeline_take(const struct timeline_item *it, void *arg)
{
	struct said *s = arg;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s|%s\n", it->kind,
	    it->text);
	return 0;
}

static void
test_timeline_says_what_happened(void **state)
{
	struct fixture *f = *state;
	struct actor agent = fixture_user(f, "col1", ROLE_RECOVERY, NULL, NULL);
	struct actor rep = fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	struct collect_log log = { .outcome = OUT_PROMISE };
	struct collect_result res;
	struct err err;
	struct said s = { "" };
	int64_t lead;
	char sql[160];

	log.deal = deal_make(f, "name=Told", "phone=+13055550171", 50000,
	    "2026-11-10", 0);
	assert_int_equal(store_collect_assign(f->st, &f->admin, &log.deal, 1,
	    "col1", &(int){ 0 }, &err), 0);
	lead = fixture_count(f, "SELECT lead_id FROM deals");
	snprintf(sql, sizeof sql, "UPDATE leads SET owner_id = %lld",
	    (long long)rep.id);
	fixture_sql_run(f, sql);
	log.amount_cents = 20000;
	snprintf(log.day, sizeof log.day, "2026-11-24");
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err), 0);
	log.outcome = OUT_PARTIAL;
	log.day[0] = '\0';
	log.method = "Cash";
	assert_int_equal(store_collect_log(f->st, &agent, &log, &res, &err), 0);
	assert_int_equal(store_timeline(f->st, &agent, lead, 0, timeline_take,
	    &s, &err), 0);
	assert_non_null(strstr(s.text, "deal-assign|collector: col1"));
	assert_non_null(strstr(s.text, "call|collection: promise to pay"));
	assert_non_null(strstr(s.text, "promise|promise to pay 200.00 by "
	    "2026-11-24"));
	assert_non_null(strstr(s.text, "call|collection: partial payment"));
	assert_non_null(strstr(s.text, "payment|payment 200.00 USD, paid "
	    "2026-11-22 by Cash"));
	assert_non_null(strstr(s.text, "promise-kept|promise of 200.00 by "
	    "2026-11-24 kept"));
	/* The rep sees the calls and promises, not who paid how. */
	s.text[0] = '\0';
	assert_int_equal(store_timeline(f->st, &rep, lead, 0, timeline_take,
	    &s, &err), 0);
	assert_non_null(strstr(s.text, "collection: partial payment"));
	assert_null(strstr(s.text, "payment|"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		cmocka_unit_test(test_outcome_names),
		T(test_queue_order),
		T(test_queue_pages_and_follows),
		T(test_queue_plan),
		T(test_partial_payment_writes_call_and_payment),
		T(test_log_completes_the_open_dial),
		T(test_promise_broken_then_settled),
		T(test_payment_keeps_promise),
		T(test_scope),
		T(test_spread_even),
		T(test_timeline_says_what_happened),
#undef T
	};

	return cmocka_run_group_tests_name("collect", tests, NULL, NULL);
}
