/*
 * Each list command, with its common filters, searches its big table
 * (leads, audit, payments, calls) by an index, in the list's order,
 * rather than reading every row or sorting them all: the query plans a
 * store call ran with are read back through store_plan_watch, which
 * reads SQLite's. On PostgreSQL, tests/e2e/plans.sh reads the plans the
 * server logs for the list and report commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/audit.h"
#include "callq/daily.h"
#include "callq/deal.h"
#include "callq/lead.h"
#include "callq/payment.h"
#include "callq/plan.h"
#include "fixture.h"

/* Every plan line of a call, one a line, for the failure message. */
struct plan {
	char text[16384];
	size_t len;
};

static int
plan_add(int n, const char *line, void *arg)
{
	struct plan *p = arg;
	int w = snprintf(p->text + p->len, sizeof p->text - p->len,
	    "%d: %s\n", n, line);

	if (w > 0 && (size_t)w < sizeof p->text - p->len)
		p->len += (size_t)w;
	return 0;
}

static int
lead_none(const struct lead *l, void *arg)
{
	(void)l, (void)arg;
	return 0;
}

static int
audit_none(const struct audit_row *r, void *arg)
{
	(void)r, (void)arg;
	return 0;
}

static int
payment_none(const struct payment *p, void *arg)
{
	(void)p, (void)arg;
	return 0;
}

static int
deal_none(const struct deal *d, void *arg)
{
	(void)d, (void)arg;
	return 0;
}

static int
daily_none(const struct daily_item *it, void *arg)
{
	(void)it, (void)arg;
	return 0;
}

/*
 * Whether a plan reads all of table (its alias in the queries): "SCAN a"
 * reads every row, with an index or without; a SEARCH reads a range.
 */
static int
plan_scans(const struct plan *p, const char *alias)
{
	char want[32];
	const char *at;
	size_t n;

	n = (size_t)snprintf(want, sizeof want, ": SCAN %s", alias);
	for (at = p->text; (at = strstr(at, want)) != NULL; at += n)
		if (at[n] == '\n' || at[n] == ' ')
			return 1;
	return 0;
}

/* The plan must read table by index, in order: no scan and no sort. */
static void
assert_searched(const struct plan *p, const char *alias)
{
	if (plan_scans(p, alias) ||
	    strstr(p->text, "TEMP B-TREE FOR ORDER BY") != NULL)
		fail_msg("%s is scanned or sorted:\n%s", alias, p->text);
}

static void
lead_plan(struct fixture *f, const struct actor *who,
    const struct lead_filter *lf, struct plan *p)
{
	struct err err = { 0 };

	memset(p, 0, sizeof *p);
	assert_int_equal(store_plan_watch(f->st, &err), 0);
	assert_int_equal(store_lead_list(f->st, who, lf, lead_none, NULL,
	    &err), 0);
	assert_int_equal(store_plan_end(f->st, plan_add, p, &err), 0);
}

static void
floor_make(struct fixture *f, struct actor *rep)
{
	struct err err = { 0 };

	fixture_region(f, "East", "US");
	*rep = fixture_user(f, "rep1", ROLE_REP, "T1", "East");
	assert_true(fixture_lead(f, &f->admin, &err, "name=Acme",
	    "phone=+12125550101", "region=East", "owner=rep1", NULL) > 0);
}

static void
test_lead_list_by_owner(void **state)
{
	fixture_sqlite_only("reads SQLite's query plans");
	struct fixture *f = *state;
	struct lead_filter lf = { .owner = "rep1", .limit = 50 };
	struct actor rep;
	struct plan p;

	floor_make(f, &rep);
	lead_plan(f, &f->admin, &lf, &p);
	assert_searched(&p, "l");
	assert_non_null(strstr(p.text, "leads_owner_id"));
	lead_plan(f, &rep, &lf, &p);
	assert_searched(&p, "l");
}

static void
test_lead_list_by_status(void **state)
{
	fixture_sqlite_only("reads SQLite's query plans");
	struct fixture *f = *state;
	struct lead_filter lf = { .status = "Interested", .limit = 50 };
	struct actor rep;
	struct plan p;

	floor_make(f, &rep);
	lead_plan(f, &f->admin, &lf, &p);
	assert_searched(&p, "l");
	assert_non_null(strstr(p.text, "leads_status"));
	lf.owner = "rep1";		/* both: status within the owner's */
	lead_plan(f, &f->admin, &lf, &p);
	assert_searched(&p, "l");
}

/*
 * New leads (an import's) and a region's are most of a floor's: no
 * index holds them all (an import would pay for it), so they are read
 * in id order, and a page stops the reading; never sorted.
 */
static void
test_lead_list_by_region(void **state)
{
	fixture_sqlite_only("reads SQLite's query plans");
	struct fixture *f = *state;
	struct lead_filter lf = { .region = "East", .limit = 50 };
	struct actor rep;
	struct plan p;

	floor_make(f, &rep);
	lead_plan(f, &f->admin, &lf, &p);
	assert_null(strstr(p.text, "TEMP B-TREE"));
	lf.region = NULL;
	lf.status = "New";
	lead_plan(f, &f->admin, &lf, &p);
	assert_null(strstr(p.text, "TEMP B-TREE"));
	lf.owner = "rep1";		/* the owner's: searched */
	lead_plan(f, &f->admin, &lf, &p);
	assert_searched(&p, "l");
}

/*
 * Text anywhere in a name can use no index, but the leads are read in
 * id order and a page stops the reading: never all of them sorted.
 */
static void
test_lead_list_search(void **state)
{
	fixture_sqlite_only("reads SQLite's query plans");
	struct fixture *f = *state;
	struct lead_filter lf = { .search = "acme", .limit = 50 };
	struct actor rep;
	struct plan p;

	floor_make(f, &rep);
	lead_plan(f, &f->admin, &lf, &p);
	assert_null(strstr(p.text, "TEMP B-TREE"));
	lf.owner = "rep1";
	lead_plan(f, &f->admin, &lf, &p);
	assert_searched(&p, "l");
}

static void
audit_plan(struct fixture *f, const struct audit_filter *af,
    struct plan *p)
{
	struct err err = { 0 };

	memset(p, 0, sizeof *p);
	assert_int_equal(store_plan_watch(f->st, &err), 0);
	assert_int_equal(store_audit_list(f->st, &f->admin, af, audit_none,
	    NULL, &err), 0);
	assert_int_equal(store_plan_end(f->st, plan_add, p, &err), 0);
}

static void
test_audit_by_entity(void **state)
{
	fixture_sqlite_only("reads SQLite's query plans");
	struct fixture *f = *state;
	struct audit_filter af = { .entity = "lead", .entity_id = 1,
	    .limit = 50 };
	struct actor rep;
	struct plan p;

	floor_make(f, &rep);
	audit_plan(f, &af, &p);
	assert_searched(&p, "a");
	assert_non_null(strstr(p.text, "audit_entity"));
	af.entity_id = 0;		/* every lead's rows, newest first */
	audit_plan(f, &af, &p);
	assert_searched(&p, "a");
	assert_non_null(strstr(p.text, "audit_kind"));
}

static void
test_audit_by_actor(void **state)
{
	fixture_sqlite_only("reads SQLite's query plans");
	struct fixture *f = *state;
	struct audit_filter af = { .login = "rep1", .limit = 50 };
	struct actor rep;
	struct plan p;

	floor_make(f, &rep);
	audit_plan(f, &af, &p);
	assert_searched(&p, "a");
	assert_non_null(strstr(p.text, "audit_actor"));
}

static void
test_payments_by_deal(void **state)
{
	fixture_sqlite_only("reads SQLite's query plans");
	struct fixture *f = *state;
	struct payment_filter pf = { .deal = 1, .limit = 50 };
	struct err err = { 0 };
	struct plan p = { 0 };

	assert_int_equal(store_plan_watch(f->st, &err), 0);
	assert_int_equal(store_payment_list(f->st, &f->admin, &pf,
	    payment_none, NULL, &err), 0);
	assert_int_equal(store_plan_end(f->st, plan_add, &p, &err), 0);
	assert_searched(&p, "p");
	assert_non_null(strstr(p.text, "payments_deal"));
}

/* A collector's deals: theirs searched, then sorted (a desk's worth). */
static void
test_deals_by_collector(void **state)
{
	fixture_sqlite_only("reads SQLite's query plans");
	struct fixture *f = *state;
	struct deal_filter df = { .collector = "rep1", .limit = 50 };
	struct err err = { 0 };
	struct actor rep;
	struct plan p = { 0 };

	floor_make(f, &rep);
	assert_int_equal(store_plan_watch(f->st, &err), 0);
	assert_int_equal(store_deal_list(f->st, &f->admin, &df, deal_none,
	    NULL, &err), 0);
	assert_int_equal(store_plan_end(f->st, plan_add, &p, &err), 0);
	if (plan_scans(&p, "d"))
		fail_msg("deals are scanned:\n%s", p.text);
	assert_non_null(strstr(p.text, "deals_collector"));
}

static void
day_plan(struct fixture *f, const struct actor *who, struct plan *p)
{
	struct err err = { 0 };

	memset(p, 0, sizeof *p);
	assert_int_equal(store_plan_watch(f->st, &err), 0);
	assert_int_equal(store_daily_conversions(f->st, who,
	    FIXTURE_NOW - 86400, FIXTURE_NOW, daily_none, NULL, &err), 0);
	assert_int_equal(store_plan_end(f->st, plan_add, p, &err), 0);
}

/*
 * The day's conversions: a rep's own calls by user and time, a team
 * lead's by each member's (then sorted: a day of a team's calls), the
 * floor's by time.
 */
static void
test_calls_by_user_day(void **state)
{
	fixture_sqlite_only("reads SQLite's query plans");
	struct fixture *f = *state;
	struct actor rep, lead;
	struct plan p;

	floor_make(f, &rep);
	lead = fixture_user(f, "lead1", ROLE_LEAD, "T1", NULL);
	day_plan(f, &rep, &p);
	assert_searched(&p, "c");
	day_plan(f, &lead, &p);		/* members' days merged: sorted */
	if (plan_scans(&p, "c"))
		fail_msg("calls are scanned:\n%s", p.text);
	day_plan(f, &f->admin, &p);
	assert_searched(&p, "c");
	assert_non_null(strstr(p.text, "calls_started"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lead_list_by_owner,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_lead_list_by_status,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_lead_list_by_region,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_lead_list_search,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_audit_by_entity,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_audit_by_actor,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_payments_by_deal,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_deals_by_collector,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_calls_by_user_day,
		    fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
