/* My Queue: its order, calling hours, keyset paging, leases and drafts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/call.h"
#include "callq/draft.h"
#include "callq/followup.h"
#include "callq/lead.h"
#include "callq/lease.h"
#include "callq/queue.h"
#include "callq/settings.h"
#include "callq/timeline.h"
#include "fixture.h"
#include "../../src/store/sqliteint.h"
#include "../../src/store/queueint.h"

/* 16:00 UTC: 11:00 in New York and Miami, 08:00 in Los Angeles. */
#define OPEN_NOW (FIXTURE_NOW + 6 * 3600)

struct rows {
	int64_t           ids[64];
	struct queue_item items[64];
	int               n;
};

static int
rows_take(const struct lead *l, const struct queue_item *it, void *arg)
{
	struct rows *r = arg;

	r->items[r->n] = *it;
	r->ids[r->n++] = l->id;
	return r->n == 64;
}

static struct rows
queue_at(struct fixture *f, const struct actor *who, time_t now, int all)
{
	struct queue_query q = { .now = now, .all = all };
	struct rows r = { .n = 0 };
	struct err err;

	assert_int_equal(store_queue_page(f->st, who, &q, 64, rows_take, &r,
	    &err), 0);
	return r;
}

static struct actor
rep_make(struct fixture *f, const char *login)
{
	return fixture_user(f, login, ROLE_REP, "A", "East");
}

static void
test_queue_order(void **state)
{
	struct fixture *f = *state;
	struct actor rep1, rep2;
	struct call_log log = { .disposition = "No answer" };
	struct call_result res;
	struct err err;
	struct rows r;
	int64_t fresh, low, high, due, later, closed, fu;

	fixture_region(f, "East", "US");
	rep1 = rep_make(f, "rep1");
	rep2 = rep_make(f, "rep2");
	fresh = fixture_lead(f, &f->admin, &err, "name=Fresh", "region=East",
	    "phone=+13055550101", NULL);
	low = fixture_lead(f, &f->admin, &err, "name=Low", "region=East",
	    "phone=+13055550102", "owner=rep1", "priority=1", NULL);
	high = fixture_lead(f, &f->admin, &err, "name=High", "region=East",
	    "phone=+13055550103", "owner=rep1", "priority=5", NULL);
	due = fixture_lead(f, &f->admin, &err, "name=Due", "region=East",
	    "phone=+13055550104", "owner=rep1", NULL);
	later = fixture_lead(f, &f->admin, &err, "name=Later", "region=East",
	    "phone=+13055550106", "owner=rep1", NULL);
	closed = fixture_lead(f, &f->admin, &err, "name=Won", "region=East",
	    "phone=+13055550105", "owner=rep1", "status=Converted", NULL);
	assert_int_equal(store_followup_add(f->st, &rep1, due,
	    FIXTURE_NOW - 7200, NULL, &fu, &err), 0);
	assert_int_equal(store_followup_add(f->st, &rep1, later,
	    OPEN_NOW + 86400, NULL, &fu, &err), 0);
	r = queue_at(f, &rep1, OPEN_NOW, 0);
	/* Due follow-up, then mine by priority, then fresh; a booked
	 * call-back waits for its time, a converted lead is never offered. */
	assert_int_equal(r.n, 4);
	assert_int_equal(r.ids[0], due);
	assert_int_equal(r.items[0].pos.tier, TIER_FOLLOWUP);
	assert_int_equal(r.ids[1], high);
	assert_int_equal(r.ids[2], low);
	assert_int_equal(r.ids[3], fresh);
	assert_int_equal(r.items[3].pos.tier, TIER_FRESH);
	/* rep2 sees only the fresh lead. */
	r = queue_at(f, &rep2, OPEN_NOW, 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ids[0], fresh);
	/* A lead just called waits its disposition's retry (No answer: 2
	 * hours) before it comes back. */
	setenv("CALLQ_NOW", "1795363200", 1);	/* OPEN_NOW */
	log.lead_id = high;
	assert_int_equal(store_call_log(f->st, &rep1, &log, &res, &err), 0);
	r = queue_at(f, &rep1, OPEN_NOW + 60, 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.ids[1], low);
	r = queue_at(f, &rep1, OPEN_NOW + 7199, 0);
	assert_int_equal(r.n, 3);
	r = queue_at(f, &rep1, OPEN_NOW + 7200, 0);
	assert_int_equal(r.n, 4);
	setenv("CALLQ_NOW", "1795341600", 1);
	(void)closed;
}

static void
test_queue_calling_hours(void **state)
{
	struct fixture *f = *state;
	struct actor rep1;
	struct err err;
	struct rows r;
	int64_t ny, fl, idaho;

	fixture_region(f, "East", "US");
	rep1 = rep_make(f, "rep1");
	ny = fixture_lead(f, &f->admin, &err, "name=NY", "region=East",
	    "phone=+12127360101", "owner=rep1", NULL);
	fl = fixture_lead(f, &f->admin, &err, "name=FL", "region=East",
	    "phone=+13057360102", "state=Florida", "owner=rep1", NULL);
	idaho = fixture_lead(f, &f->admin, &err, "name=ID", "region=East",
	    "phone=+12087360103", "state=Idaho", "owner=rep1", NULL);
	/* 08:00 UTC: 03:00 on the East coast; nothing may be called. */
	r = queue_at(f, &rep1, FIXTURE_NOW - 2 * 3600, 0);
	assert_int_equal(r.n, 0);
	/* ... but shown on request, with when each may be. */
	r = queue_at(f, &rep1, FIXTURE_NOW - 2 * 3600, 1);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.items[0].hours, HOURS_CLOSED);
	assert_int_equal(r.items[0].opens, FIXTURE_NOW + 3 * 3600);
	/* 15:30 UTC: New York 10:30, Boise 08:30 but Los Angeles 07:30. */
	r = queue_at(f, &rep1, FIXTURE_NOW + 5 * 3600 + 1800, 0);
	assert_int_equal(r.n, 2);
	assert_true(r.ids[0] != idaho && r.ids[1] != idaho);
	/* 16:00 UTC: every zone of the Idaho number is open. */
	r = queue_at(f, &rep1, OPEN_NOW, 0);
	assert_int_equal(r.n, 3);
	/* 00:30 UTC: 19:30 in Miami, inside Florida's 08:00-20:00. */
	r = queue_at(f, &rep1, FIXTURE_NOW + 14 * 3600 + 1800, 0);
	assert_int_equal(r.n, 3);
	/* 01:30 UTC: 20:30; New York (to 21:00) is open, Florida is not. */
	r = queue_at(f, &rep1, FIXTURE_NOW + 15 * 3600 + 1800, 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.ids[0], ny);
	assert_int_equal(r.ids[1], idaho);
	/* A window moved in settings moves the queue. */
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours.US-FL",
	    "08:00-21:00", &err), 0);
	r = queue_at(f, &rep1, FIXTURE_NOW + 15 * 3600 + 1800, 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours.US-FL",
	    "9 to 5", &err), EX_DATAERR);
	assert_int_equal(store_setting_set(f->st, &rep1, "hours", "08:00-22:00",
	    &err), EX_NOPERM);
	(void)fl;
}

/*
 * A state spelled with the characters a list's text quotes (PostgreSQL
 * is told the open hours questions as an array of texts) is asked about
 * and found like any other, in the page and in the count.
 */
static void
test_queue_odd_state_text(void **state)
{
	struct fixture *f = *state;
	struct queue_query q = { .now = OPEN_NOW };
	int64_t counts[TIER_COUNT], odd;
	struct actor rep1;
	struct err err;
	struct rows r;

	fixture_region(f, "East", "US");
	rep1 = rep_make(f, "rep1");
	odd = fixture_lead(f, &f->admin, &err, "name=Odd", "region=East",
	    "phone=+12127360101", "state=N\"Y\\, {x}", "owner=rep1", NULL);
	assert_true(odd > 0);
	r = queue_at(f, &rep1, OPEN_NOW, 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ids[0], odd);
	assert_int_equal(store_queue_count(f->st, &rep1, &q, counts, 100,
	    &err), 0);
	assert_int_equal(counts[TIER_ASSIGNED], 1);
	/* 03:00 in New York: asked, and answered closed. */
	r = queue_at(f, &rep1, FIXTURE_NOW - 2 * 3600, 0);
	assert_int_equal(r.n, 0);
	q.now = FIXTURE_NOW - 2 * 3600;
	assert_int_equal(store_queue_count(f->st, &rep1, &q, counts, 100,
	    &err), 0);
	assert_int_equal(counts[TIER_ASSIGNED], 0);
}

static void
test_queue_keyset_paging(void **state)
{
	struct fixture *f = *state;
	struct queue_query q = { .now = OPEN_NOW };
	struct rows page1 = { .n = 0 }, page2 = { .n = 0 }, back = { .n = 0 };
	struct actor rep1;
	struct err err;
	char phone[32];
	int i;

	fixture_region(f, "East", "US");
	rep1 = rep_make(f, "rep1");
	for (i = 0; i < 25; i++) {
		snprintf(phone, sizeof phone, "phone=+1212736%04d", 100 + i);
		fixture_lead(f, &f->admin, &err, "name=Lead", "region=East",
		    phone, i < 5 ? "owner=rep1" : "priority=0", NULL);
	}
	assert_int_equal(store_queue_walk(f->st, &rep1, &q, NULL, 0, 0, 10,
	    rows_take, &page1, &err), 0);
	assert_int_equal(page1.n, 10);
	assert_int_equal(page1.items[4].pos.tier, TIER_ASSIGNED);
	assert_int_equal(page1.items[5].pos.tier, TIER_FRESH);
	/* The next page starts right after the last row: across the tiers,
	 * no row twice, none left out. */
	assert_int_equal(store_queue_walk(f->st, &rep1, &q,
	    &page1.items[9].pos, 0, 0, 100, rows_take, &page2, &err), 0);
	assert_int_equal(page2.n, 15);
	assert_true(page2.ids[0] > page1.ids[9]);
	/* Backward from the first row of page two, nearest first. */
	assert_int_equal(store_queue_walk(f->st, &rep1, &q,
	    &page2.items[0].pos, 1, 0, 100, rows_take, &back, &err), 0);
	assert_int_equal(back.n, 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(back.ids[i], page1.ids[9 - i]);
	/* Inclusive: from the row itself. */
	back.n = 0;
	assert_int_equal(store_queue_walk(f->st, &rep1, &q,
	    &page1.items[3].pos, 0, 1, 1, rows_take, &back, &err), 0);
	assert_int_equal(back.ids[0], page1.ids[3]);
	/* Newest first turns each tier round. */
	q.sort = QSORT_NEWEST;
	back.n = 0;
	assert_int_equal(store_queue_walk(f->st, &rep1, &q, NULL, 0, 0, 6,
	    rows_take, &back, &err), 0);
	assert_int_equal(back.ids[0], page1.ids[4]);
	assert_int_equal(back.ids[5], page2.ids[14]);
}

/* Every lead of a walk, a page of n at a time (n 0: in one read). */
struct walked {
	int64_t ids[160];
	struct queue_pos last, first;
	int     n;
};

static int
walked_take(const struct lead *l, const struct queue_item *it, void *arg)
{
	struct walked *w = arg;

	assert_true(w->n < 160);
	if (w->n == 0)
		w->first = it->pos;
	w->ids[w->n++] = l->id;
	w->last = it->pos;
	return 0;
}

static struct walked
walk_paged(struct fixture *f, const struct actor *who,
    const struct queue_query *q, int n)
{
	struct walked w = { .n = 0 };
	struct err err;
	int was;

	if (n == 0) {
		assert_int_equal(store_queue_walk(f->st, who, q, NULL, 0, 0, -1,
		    walked_take, &w, &err), 0);
		return w;
	}
	do {
		was = w.n;
		assert_int_equal(store_queue_walk(f->st, who, q, was ? &w.last :
		    NULL, 0, 0, n, walked_take, &w, &err), 0);
	} while (w.n - was == n);
	return w;
}

static void
test_queue_pages_through_ties(void **state)
{
	struct fixture *f = *state;
	struct queue_query q = { .now = OPEN_NOW };
	struct walked whole, paged, back;
	struct actor rep1;
	struct err err;
	char phone[32];
	int64_t id, fu;
	int i, j, n, sizes[] = { 1, 3, 7, 50 };

	fixture_region(f, "East", "US");
	rep1 = rep_make(f, "rep1");
	/* Ties everywhere: two priorities and no due dates, ten follow-ups
	 * at one time, every lead untouched alike; fresh ones after. */
	for (i = 0; i < 60; i++) {
		snprintf(phone, sizeof phone, "phone=+1212736%04d", 100 + i);
		id = fixture_lead(f, &f->admin, &err, "name=Lead",
		    "region=East", phone, i < 45 ? "owner=rep1" : "priority=0",
		    i % 3 == 0 ? "priority=2" : "priority=0", NULL);
		if (i < 10)
			assert_int_equal(store_followup_add(f->st, &rep1, id,
			    FIXTURE_NOW - 7200, NULL, &fu, &err), 0);
	}
	for (q.sort = 0; q.sort < QSORT_COUNT; q.sort++) {
		whole = walk_paged(f, &rep1, &q, 0);
		assert_int_equal(whole.n, 60);
		for (j = 0; j < (int)(sizeof sizes / sizeof sizes[0]); j++) {
			paged = walk_paged(f, &rep1, &q, sizes[j]);
			assert_int_equal(paged.n, whole.n);
			for (i = 0; i < whole.n; i++)
				assert_int_equal(paged.ids[i], whole.ids[i]);
		}
		/* Backward from the last lead, a few at a time: the same
		 * leads the other way round. */
		back = (struct walked){ .n = 0 };
		assert_int_equal(store_queue_walk(f->st, &rep1, &q, &whole.last,
		    1, 1, 1, walked_take, &back, &err), 0);
		do {
			n = back.n;
			assert_int_equal(store_queue_walk(f->st, &rep1, &q,
			    &back.last, 1, 0, 4, walked_take, &back, &err), 0);
		} while (back.n - n == 4);
		assert_int_equal(back.n, whole.n);
		for (i = 0, n = whole.n - 1; i < whole.n; i++)
			assert_int_equal(back.ids[i], whole.ids[n - i]);
	}
}

/* The plan of sql, each line after the other, into plan. */
static void
plan_read(struct fixture *f, const char *sql, char *plan, size_t size)
{
	char explain[4096];
	sqlite3_stmt *stmt;
	size_t len = 0;

	snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(sqlite_db(f->st->conn), explain,
	    -1, &stmt, NULL), SQLITE_OK);
	*plan = '\0';
	while (sqlite3_step(stmt) == SQLITE_ROW && len < size)
		len += (size_t)snprintf(plan + len, size - len, "%s\n",
		    (const char *)sqlite3_column_text(stmt, 3));
	sqlite3_finalize(stmt);
}

static void
test_queue_plans_use_indexes(void **state)
{
	struct fixture *f = *state;
	int sort, tier, backward, all, ties;
	char plan[4096];

	fixture_sqlite_only("reads SQLite's query plans");
	for (sort = 0; sort < QSORT_COUNT; sort++)
	for (tier = 0; tier < TIER_COUNT; tier++)
	for (backward = 0; backward < 2; backward++)
	for (all = 0; all < 2; all++)
	for (ties = 0; ties < 2; ties++) {
		plan_read(f, queue_walk_text((enum queue_sort)sort,
		    (enum queue_tier)tier, backward, all, ties), plan,
		    sizeof plan);
		/* One range of the tier's index, in the page's order. */
		if (strstr(plan, "TEMP B-TREE") != NULL ||
		    strstr(plan, "SCAN l\n") != NULL ||
		    strstr(plan, "USING INDEX leads_") == NULL)
			fail_msg("sort %d tier %d backward %d all %d ties %d:"
			    "\n%s", sort, tier, backward, all, ties, plan);
		if (tier != TIER_FRESH && strstr(plan, "owner_id=?") == NULL)
			fail_msg("tier %d reads past its rep's leads:\n%s", tier,
			    plan);
	}
}

/*
 * PostgreSQL's queue finds its hours questions along leads_hours, one
 * probe each (schema 23): a query whose expression or WHERE drifted
 * from the index's would read every open lead instead, a second or
 * more at a million. Sequential scans are priced out, as a big floor
 * prices them, so that the plan shows whether the index can serve it.
 */
static void
test_queue_questions_read_their_index(void **state)
{
	struct fixture *f = *state;
	struct dbconn *c = f->st->conn;
	char explain[4096], plan[8192];
	const char *p;
	struct stmt *stmt;
	size_t len = 0;
	int scans = 0, hours = 0;

	if (!fixture_pg())
		skip();
	snprintf(explain, sizeof explain, "EXPLAIN %s", queue_asks_text());
	assert_int_equal(c->drv->exec(c, "SET enable_seqscan = off"), 0);
	assert_non_null(stmt = c->drv->prepare(c, explain));
	*plan = '\0';
	while (c->drv->step(stmt) == DB_ROW && len < sizeof plan)
		len += (size_t)snprintf(plan + len, sizeof plan - len, "%s\n",
		    c->drv->column_text(stmt, 0));
	c->drv->finalize(stmt);
	assert_int_equal(c->drv->exec(c, "RESET enable_seqscan"), 0);
	/* The first question, then each next one: both along the index. */
	for (p = plan; (p = strstr(p, " on leads ")) != NULL; p++)
		scans++;
	for (p = plan; (p = strstr(p, "using leads_hours on leads")) != NULL;
	    p++)
		hours++;
	if (hours != 2 || scans != 2)
		fail_msg("the hours questions do not read leads_hours:\n%s",
		    plan);
}

/*
 * A PostgreSQL floor made before schema 23 takes its step when callq
 * next opens it, and its queue then answers calling hours as before.
 */
static void
test_queue_pg_floor_upgrades(void **state)
{
	struct fixture *f = *state;
	struct err err = { 0 };
	struct rows r;
	int64_t ny;

	if (!fixture_pg())
		skip();
	fixture_region(f, "East", "US");
	ny = fixture_lead(f, &f->admin, &err, "name=NY", "region=East",
	    "phone=+12127360101", NULL);
	fixture_sql_run(f, "DROP INDEX leads_hours;"
	    " DROP TYPE callq_hours_question;"
	    " UPDATE schema_meta SET version = 22");
	store_close(f->st);
	assert_int_equal(store_open(f->path, STORE_OPEN, &f->st, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT version FROM schema_meta"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM pg_indexes"
	    " WHERE indexname = 'leads_hours'"), 1);
	/* 03:00 in New York: not to be called; 12:00: the lead is there. */
	r = queue_at(f, &f->admin, FIXTURE_NOW - 2 * 3600, 0);
	assert_int_equal(r.n, 0);
	r = queue_at(f, &f->admin, OPEN_NOW, 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ids[0], ny);
}

static void
test_lease_keeps_other_reps_off(void **state)
{
	struct fixture *f = *state;
	struct call_log log = { .disposition = "Busy" };
	struct call_result res;
	struct actor rep1, rep2;
	struct lease held;
	struct err err;
	struct rows r;
	int64_t id;

	fixture_region(f, "East", "US");
	rep1 = rep_make(f, "rep1");
	rep2 = rep_make(f, "rep2");
	id = fixture_lead(f, &f->admin, &err, "name=Shared", "region=East",
	    "phone=+12127360101", NULL);
	setenv("CALLQ_NOW", "1795363200", 1);	/* OPEN_NOW */
	assert_int_equal(store_lease_take(f->st, &rep1, id, &held, &err), 0);
	assert_int_equal(queue_at(f, &rep2, OPEN_NOW, 0).n, 0);
	assert_int_equal(queue_at(f, &rep1, OPEN_NOW, 0).n, 1);
	assert_int_equal(store_lease_take(f->st, &rep2, id, &held, &err),
	    EX_TEMPFAIL);
	assert_string_equal(held.holder, "rep1");
	assert_non_null(strstr(err.msg, "rep1 is working lead"));
	/* A lease left behind runs out after lease_minutes. */
	setenv("CALLQ_NOW", "1795364200", 1);	/* 1,000 s later */
	assert_int_equal(store_lease_take(f->st, &rep2, id, &held, &err), 0);
	/* Logging the call lets go of it. */
	log.lead_id = id;
	assert_int_equal(store_call_log(f->st, &rep2, &log, &res, &err), 0);
	assert_int_equal(store_lease_get(f->st, id, &held, &err), 0);
	assert_string_equal(held.holder, "");
	setenv("CALLQ_NOW", "1795341600", 1);
	/* Now rep2's lead: rep1 may not hold it, nor see it. */
	assert_int_equal(store_lease_take(f->st, &rep1, id, &held, &err),
	    EX_NOINPUT);
	r = queue_at(f, &rep1, OPEN_NOW + 1000, 1);
	assert_int_equal(r.n, 0);
}

static void
test_draft_kept_until_logged(void **state)
{
	struct fixture *f = *state;
	struct draft d = { 0 }, got;
	struct call_log log = { .disposition = "No answer" };
	struct call_result res;
	struct actor rep1;
	struct err err;
	int64_t id;

	fixture_region(f, "East", "US");
	rep1 = rep_make(f, "rep1");
	id = fixture_lead(f, &f->admin, &err, "name=Kept", "region=East",
	    "phone=+12127360101", NULL);
	d.lead_id = id;
	snprintf(d.disposition, sizeof d.disposition, "Callback requested");
	snprintf(d.note, sizeof d.note, "call her at the office");
	assert_int_equal(store_draft_save(f->st, &rep1, &d, &err), 0);
	assert_int_equal(store_draft_get(f->st, &rep1, &got, &err), 0);
	assert_int_equal(got.lead_id, id);
	assert_string_equal(got.note, "call her at the office");
	assert_string_equal(got.disposition, "Callback requested");
	log.lead_id = id;
	assert_int_equal(store_call_log(f->st, &rep1, &log, &res, &err), 0);
	assert_int_equal(store_draft_get(f->st, &rep1, &got, &err), 0);
	assert_int_equal(got.lead_id, 0);
}

static void
test_followup_on_fresh_lead_claims_it(void **state)
{
	struct fixture *f = *state;
	struct actor rep1, rep2;
	struct err err;
	struct rows r;
	int64_t id, fu;

	fixture_region(f, "East", "US");
	rep1 = rep_make(f, "rep1");
	rep2 = rep_make(f, "rep2");
	id = fixture_lead(f, &f->admin, &err, "name=Fresh", "region=East",
	    "phone=+12127360101", NULL);
	assert_int_equal(store_followup_add(f->st, &rep1, id, OPEN_NOW - 3600,
	    NULL, &fu, &err), 0);
	/* Booked by rep1, it is rep1's: due, it heads rep1's queue... */
	r = queue_at(f, &rep1, OPEN_NOW, 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.items[0].pos.tier, TIER_FOLLOWUP);
	/* ... and leaves rep2's fresh leads. */
	assert_int_equal(queue_at(f, &rep2, OPEN_NOW, 0).n, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM assignments"
	    " WHERE method = 'claim'"), 1);
}

static void
test_state_edit_moves_zones(void **state)
{
	struct fixture *f = *state;
	struct lead_change ch;
	struct err err;
	int64_t id;

	fixture_region(f, "East", "US");
	id = fixture_lead(f, &f->admin, &err, "name=Boise", "region=East",
	    "phone=+12087360101", NULL);
	assert_int_equal(fixture_count(f, "SELECT timezone = 'America/Denver'"
	    " FROM leads"), 1);
	assert_int_equal(lead_change_parse(lead_field_find("state"), "Idaho",
	    FIXTURE_NOW, &ch, &err), 0);
	assert_int_equal(store_lead_edit(f->st, &f->admin, id, &ch, 1, 0,
	    &err), 0);
	/* Idaho decides: Boise or Los Angeles, not the prefix's guess. */
	assert_int_equal(fixture_count(f, "SELECT timezone = 'America/Boise"
	    " America/Los_Angeles' AND tz_basis = 'region' FROM leads"), 1);
}

struct items {
	char text[8][200];
	char kind[8][32];
	int  n;
};

static int
item_take(const struct timeline_item *it, void *arg)
{
	struct items *x = arg;

	snprintf(x->text[x->n], sizeof x->text[0], "%s", it->text);
	snprintf(x->kind[x->n], sizeof x->kind[0], "%s", it->kind);
	return ++x->n == 8;
}

static void
test_timeline_newest_first(void **state)
{
	struct fixture *f = *state;
	struct call_log log = { .disposition = "Interested", .interest = 4,
	    .note = "wants a quote", .duration_s = 95 };
	struct call_result res;
	struct items x = { .n = 0 };
	struct actor rep1;
	struct err err;
	int64_t id;

	fixture_region(f, "East", "US");
	rep1 = rep_make(f, "rep1");
	setenv("CALLQ_NOW", "1795363200", 1);
	id = fixture_lead(f, &f->admin, &err, "name=Acme", "region=East",
	    "phone=+12127360101", NULL);
	setenv("CALLQ_NOW", "1795363260", 1);
	log.lead_id = id;
	if (store_call_log(f->st, &rep1, &log, &res, &err) != 0)
		fail_msg("%s", err.msg);
	setenv("CALLQ_NOW", "1795341600", 1);
	if (store_timeline(f->st, &rep1, id, 0, item_take, &x, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(x.n, 2);
	assert_string_equal(x.kind[0], "call");
	assert_string_equal(x.text[0],
	    "Interested 1:35, New -> Interested, stage: Interested: wants a "
	    "quote");
	assert_string_equal(x.kind[1], "add");
	assert_non_null(strstr(x.text[1], "name: Acme"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_queue_order),
		T(test_queue_calling_hours),
		T(test_queue_keyset_paging),
		T(test_queue_pages_through_ties),
		T(test_queue_plans_use_indexes),
		T(test_queue_questions_read_their_index),
		T(test_queue_pg_floor_upgrades),
		T(test_lease_keeps_other_reps_off),
		T(test_draft_kept_until_logged),
		T(test_timeline_newest_first),
		T(test_followup_on_fresh_lead_claims_it),
		T(test_state_edit_moves_zones),
		T(test_queue_odd_state_text),
#undef T
	};

	return cmocka_run_group_tests_name("queue", tests, NULL, NULL);
}
