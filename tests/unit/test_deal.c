/* Deals on conversion, their plans, and the customers leads become. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/bulk.h"
#include "callq/call.h"
#include "callq/deal.h"
#include "callq/lead.h"
#include "callq/leadfield.h"
#include "callq/stage.h"
#include "fixture.h"

/* What a test reads of one deal. */
struct seen {
	int     n;
	int64_t id, amount, paid;
	char    state[16], product[64], close_on[DAY_SIZE];
	int     ninst;
	char    due[PLAN_MAX][DAY_SIZE];
	int64_t cents[PLAN_MAX], inst_paid[PLAN_MAX];
	char    inst_state[PLAN_MAX][16];
};

static int
seen_one(const struct deal *d, void *arg)
{
	struct seen *s = arg;
	int i;

	s->n++;
	s->id = d->id;
	s->amount = d->amount_cents;
	s->paid = d->paid_cents;
	snprintf(s->state, sizeof s->state, "%s", deal_state_name(d->state));
	snprintf(s->product, sizeof s->product, "%s", d->product);
	snprintf(s->close_on, sizeof s->close_on, "%s", d->close_on);
	s->ninst = d->ninstallments;
	for (i = 0; d->installments != NULL && i < d->ninstallments; i++) {
		snprintf(s->due[i], DAY_SIZE, "%s", d->installments[i].due_on);
		s->cents[i] = d->installments[i].amount_cents;
		s->inst_paid[i] = d->installments[i].paid_cents;
		snprintf(s->inst_state[i], 16, "%s",
		    inst_state_name(d->installments[i].state));
	}
	return 0;
}

static struct seen
deal_read(struct fixture *f, const struct actor *who, int64_t id)
{
	struct seen s;
	struct err err;

	memset(&s, 0, sizeof s);
	assert_int_equal(store_deal_get(f->st, who, id, 0, seen_one, &s,
	    &err), 0);
	assert_int_equal(s.n, 1);
	return s;
}

static int64_t
converted_lead(struct fixture *f, const char *name, const char *phone,
    const char *owner)
{
	char n[64], p[64], o[64];
	struct err err;
	int64_t id;

	snprintf(n, sizeof n, "name=%s", name);
	snprintf(p, sizeof p, "phone=%s", phone);
	snprintf(o, sizeof o, "owner=%s", owner);
	id = fixture_lead(f, &f->admin, &err, n, p, "region=East", o,
	    "status=Converted", NULL);
	assert_true(id > 0);
	return id;
}

static struct actor
floor_make(struct fixture *f)
{
	fixture_region(f, "East", "US");
	return fixture_user(f, "rep1", ROLE_REP, "A", "East");
}

static int
count_of(struct fixture *f, const char *fmt, long long id)
{
	char sql[256];

	snprintf(sql, sizeof sql, fmt, id);
	return fixture_count(f, sql);
}

static void
test_equal_installments_share_the_cents(void **state)
{
	struct fixture *f = *state;
	struct actor rep = floor_make(f);
	struct deal_spec spec = { .amount_cents = 120000, .product =
	    "Standard plan", .won_reason = "Price", .plan = { .n = 3 } };
	struct seen s;
	struct err err;
	int64_t lead, other, id;

	lead = converted_lead(f, "Acme", "+12127360101", "rep1");
	assert_int_equal(store_deal_add(f->st, &rep, lead, &spec, &id, &err),
	    0);
	s = deal_read(f, &rep, id);
	assert_int_equal(s.amount, 120000);
	assert_string_equal(s.state, "Pending");
	assert_string_equal(s.product, "Standard plan");
	/* The close date defaults to today, and the first due day to it. */
	assert_string_equal(s.close_on, "2026-11-22");
	assert_int_equal(s.ninst, 3);
	assert_string_equal(s.due[0], "2026-11-22");
	assert_string_equal(s.due[1], "2026-12-22");
	assert_string_equal(s.due[2], "2027-01-22");
	assert_true(s.cents[0] == 40000 && s.cents[1] == 40000 &&
	    s.cents[2] == 40000);
	assert_string_equal(s.inst_state[0], "Pending");

	other = converted_lead(f, "Beta", "+12127360102", "rep1");
	spec.amount_cents = 100000;
	assert_int_equal(store_deal_add(f->st, &rep, other, &spec, &id, &err),
	    0);
	s = deal_read(f, &rep, id);
	assert_true(s.cents[0] == 33334 && s.cents[1] == 33333 &&
	    s.cents[2] == 33333);
	/* One deal per lead. */
	assert_int_equal(store_deal_add(f->st, &rep, other, &spec, &id, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "already"));
	assert_int_equal(count_of(f, "SELECT count(*) FROM audit WHERE entity"
	    " = 'deal' AND action = 'add' AND entity_id = %lld", id), 1);
}

static void
test_month_end_is_cut_and_kept(void **state)
{
	struct fixture *f = *state;
	struct actor rep = floor_make(f);
	struct deal_spec spec = { .amount_cents = 30000, .close_on =
	    "2026-01-31", .plan = { .n = 4 } };
	struct seen s;
	struct err err;
	int64_t id;

	assert_int_equal(store_deal_add(f->st, &rep, converted_lead(f, "Acme",
	    "+12127360101", "rep1"), &spec, &id, &err), 0);
	s = deal_read(f, &rep, id);
	assert_string_equal(s.due[0], "2026-01-31");
	assert_string_equal(s.due[1], "2026-02-28");
	assert_string_equal(s.due[2], "2026-03-31");
	assert_string_equal(s.due[3], "2026-04-30");
	/* Due before 2026-11-22 and unpaid: overdue. */
	assert_string_equal(s.inst_state[0], "Overdue");
}

static void
test_explicit_plan_must_add_up(void **state)
{
	struct fixture *f = *state;
	struct actor rep = floor_make(f);
	struct deal_spec spec = { .amount_cents = 100000, .plan = { .n = 2,
	    .explicit_ = 1, .due = { "2026-12-01", "2027-01-01" },
	    .cents = { 50000, 40000 } } };
	struct seen s;
	struct err err;
	int64_t lead, id;

	lead = converted_lead(f, "Acme", "+12127360101", "rep1");
	assert_int_equal(store_deal_add(f->st, &rep, lead, &spec, &id, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "add up to 900.00, not 1,000.00"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM deals"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " customer = 1 AND name = 'Acme'"), 1);	/* by the lead add */
	/* Out of order. */
	spec.plan.cents[1] = 50000;
	memcpy(spec.plan.due[1], "2026-11-30", DAY_SIZE);
	assert_int_equal(store_deal_add(f->st, &rep, lead, &spec, &id, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "in order"));
	memcpy(spec.plan.due[1], "2027-01-01", DAY_SIZE);
	assert_int_equal(store_deal_add(f->st, &rep, lead, &spec, &id, &err),
	    0);
	s = deal_read(f, &rep, id);
	assert_int_equal(s.ninst, 2);
	assert_string_equal(s.due[1], "2027-01-01");
	/* Unknown product, lead not converted. */
	spec.product = "Gold";
	assert_int_equal(store_deal_add(f->st, &rep, converted_lead(f, "Beta",
	    "+12127360102", "rep1"), &spec, &id, &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "callq choice list product"));
	spec.product = NULL;
	lead = fixture_lead(f, &f->admin, &err, "name=Open",
	    "phone=+12127360103", "region=East", "owner=rep1", NULL);
	assert_int_equal(store_deal_add(f->st, &rep, lead, &spec, &id, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "not Converted"));
}

static int
count_deals(const struct deal *d, void *arg)
{
	(void)d;
	(*(int *)arg)++;
	return 0;
}

static int
visible(struct fixture *f, const struct actor *who)
{
	struct deal_filter all = { 0 };
	struct err err;
	int n = 0;

	assert_int_equal(store_deal_list(f->st, who, &all, count_deals, &n,
	    &err), 0);
	return n;
}

static void
test_scope_of_deals(void **state)
{
	struct fixture *f = *state;
	struct actor rep1 = floor_make(f);
	struct actor rep2 = fixture_user(f, "rep2", ROLE_REP, "B", "East");
	struct actor reco = fixture_user(f, "reco", ROLE_RECOVERY, NULL, NULL);
	struct actor tl = fixture_user(f, "tl", ROLE_LEAD, "B", NULL);
	struct deal_spec spec = { .amount_cents = 5000 };
	struct seen s;
	struct err err;
	int64_t mine, theirs;

	assert_int_equal(store_deal_add(f->st, &rep1, converted_lead(f, "Mine",
	    "+12127360101", "rep1"), &spec, &mine, &err), 0);
	/* A rep may not make a deal on another rep's lead. */
	assert_int_equal(store_deal_add(f->st, &rep1, converted_lead(f,
	    "Theirs", "+12127360102", "rep2"), &spec, &theirs, &err),
	    EX_NOINPUT);
	assert_int_equal(store_deal_add(f->st, &rep2, fixture_count(f,
	    "SELECT id FROM leads WHERE name = 'Theirs'"), &spec, &theirs,
	    &err), 0);
	assert_int_equal(visible(f, &rep1), 1);
	assert_int_equal(visible(f, &rep2), 1);
	assert_int_equal(visible(f, &tl), 2);
	assert_int_equal(visible(f, &f->admin), 2);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_deal_get(f->st, &rep1, theirs, 0, seen_one, &s,
	    &err), EX_NOINPUT);
	assert_int_equal(s.n, 0);
	/* The recovery agent sees the collections that are theirs only. */
	assert_int_equal(visible(f, &reco), 0);
	fixture_sql_run(f, "UPDATE deals SET collector_id = (SELECT id FROM"
	    " users WHERE login = 'reco') WHERE id = 2");
	assert_int_equal(visible(f, &reco), 1);
	s = deal_read(f, &reco, theirs);
	assert_int_equal(s.amount, 5000);
	/* A recovery agent reads the deal but never changes it. */
	assert_int_equal(store_deal_edit(f->st, &reco, theirs,
	    &(struct deal_change){ .amount_cents = 6000 }, 0, &err),
	    EX_NOPERM);
}

static const struct deal_spec sale = { .amount_cents = 120000,
	.product = "Premium plan", .plan = { .n = 3 } };

static void
test_converted_call_makes_the_deal(void **state)
{
	struct fixture *f = *state;
	struct actor rep = floor_make(f);
	struct call_log log = { .disposition = "Converted", .deal = &sale };
	struct deal_spec bad = sale;
	struct call_result res;
	struct seen s;
	struct err err;
	int64_t lead;

	lead = fixture_lead(f, &f->admin, &err, "name=Acme",
	    "phone=+12127360101", "region=East", "owner=rep1",
	    "status=Qualified", NULL);
	log.lead_id = lead;
	/* A refused deal leaves no call, no status change, no customer. */
	bad.product = "Gold";
	log.deal = &bad;
	assert_int_equal(store_call_log(f->st, &rep, &log, &res, &err),
	    EX_DATAERR);
	assert_int_equal(count_of(f, "SELECT count(*) FROM calls WHERE lead_id"
	    " = %lld", lead), 0);
	assert_int_equal(count_of(f, "SELECT customer FROM leads WHERE id ="
	    " %lld", lead), 0);
	assert_int_equal(count_of(f, "SELECT status = 'Qualified' FROM leads"
	    " WHERE id = %lld", lead), 1);
	/* A deal on a call that does not convert is refused. */
	log.deal = &sale;
	log.disposition = "No answer";
	assert_int_equal(store_call_log(f->st, &rep, &log, &res, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "only by a call that converts"));
	log.disposition = "Converted";
	assert_int_equal(store_call_log(f->st, &rep, &log, &res, &err), 0);
	assert_true(res.deal_id > 0);
	s = deal_read(f, &rep, res.deal_id);
	assert_int_equal(s.ninst, 3);
	assert_int_equal(count_of(f, "SELECT call_id FROM deals WHERE id ="
	    " %lld", res.deal_id), (int)res.call_id);
	assert_int_equal(count_of(f, "SELECT customer_at FROM leads WHERE id"
	    " = %lld", lead), FIXTURE_NOW);
}

static int64_t
plain_lead(struct fixture *f, const char *name, const char *phone)
{
	char n[64], p[64];
	struct err err;
	int64_t id;

	snprintf(n, sizeof n, "name=%s", name);
	snprintf(p, sizeof p, "phone=%s", phone);
	id = fixture_lead(f, &f->admin, &err, n, p, "region=East",
	    "owner=rep1", "status=Qualified", NULL);
	assert_true(id > 0);
	return id;
}

static int
is_customer(struct fixture *f, int64_t lead)
{
	return count_of(f, "SELECT count(*) FROM leads WHERE id = %lld"
	    " AND customer <> 0 AND customer_at IS NOT NULL", lead);
}

static void
test_every_conversion_makes_a_customer(void **state)
{
	struct fixture *f = *state;
	struct actor rep = floor_make(f);
	struct lead_change ch;
	struct stage_move mv = { .stage = "Won" };
	struct bulk_edit be = { .changes = &ch, .nchanges = 1 };
	struct call_log log = { .disposition = "Converted" };
	enum stage_needs needs;
	struct call_result res;
	struct err err;
	int64_t called, edited, moved, bulked, lost;

	called = plain_lead(f, "Called", "+12127360101");
	edited = plain_lead(f, "Edited", "+12127360102");
	moved = plain_lead(f, "Moved", "+12127360103");
	bulked = plain_lead(f, "Bulked", "+12127360104");
	lost = plain_lead(f, "Lost", "+12127360105");
	assert_false(is_customer(f, called));
	log.lead_id = called;
	assert_int_equal(store_call_log(f->st, &rep, &log, &res, &err), 0);
	assert_int_equal(res.deal_id, 0);
	assert_true(is_customer(f, called));
	assert_int_equal(lead_change_parse(lead_field_find("status"),
	    "Converted", FIXTURE_NOW, &ch, &err), 0);
	assert_int_equal(store_lead_edit(f->st, &rep, edited, &ch, 1, 0, &err),
	    0);
	assert_true(is_customer(f, edited));
	mv.lead_id = moved;
	assert_int_equal(store_lead_stage_set(f->st, &rep, &mv, &needs, &err),
	    0);
	assert_true(is_customer(f, moved));
	assert_int_equal(store_bulk_edit(f->st, &f->admin, &bulked, 1, &be,
	    &err), 0);
	assert_true(is_customer(f, bulked));
	assert_false(is_customer(f, lost));
	/* A customer stays one, with the day it became one. */
	fixture_sql_run(f, "UPDATE leads SET status = 'Lost' WHERE name ="
	    " 'Called'");
	assert_true(is_customer(f, called));
}

static void
test_amount_and_plan_changes(void **state)
{
	struct fixture *f = *state;
	struct actor rep = floor_make(f);
	struct actor tl = fixture_user(f, "tl", ROLE_LEAD, "A", NULL);
	struct plan_spec plan = { .n = 2 };
	struct seen s;
	struct err err;
	int64_t id;
	char sql[256];

	assert_int_equal(store_deal_add(f->st, &rep, converted_lead(f, "Acme",
	    "+12127360101", "rep1"), &sale, &id, &err), 0);
	/* 500.00 paid: the first installment, and 100.00 of the second. */
	snprintf(sql, sizeof sql, "INSERT INTO payments (lead_id, deal_id,"
	    " amount_cents, paid_on, recorded_by, created_at) SELECT lead_id,"
	    " id, 50000, '2026-11-22', 1, %d FROM deals", FIXTURE_NOW);
	fixture_sql_run(f, sql);
	assert_int_equal(store_deal_edit(f->st, &rep, id,
	    &(struct deal_change){ .product = "Standard plan" }, 0, &err), 0);
	s = deal_read(f, &rep, id);
	assert_int_equal(s.paid, 50000);
	assert_string_equal(s.state, "Partial");
	assert_string_equal(s.inst_state[0], "Paid");
	assert_string_equal(s.inst_state[1], "Partial");
	assert_int_equal(s.inst_paid[1], 10000);
	/* Not below what is paid. */
	assert_int_equal(store_deal_edit(f->st, &rep, id,
	    &(struct deal_change){ .amount_cents = 40000 }, 0, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "500.00 is paid"));
	/* Less: the last installments give it back, down to what is paid. */
	assert_int_equal(store_deal_edit(f->st, &rep, id,
	    &(struct deal_change){ .amount_cents = 60000 }, 0, &err), 0);
	s = deal_read(f, &rep, id);
	assert_int_equal(s.ninst, 2);
	assert_int_equal(s.cents[1], 20000);
	/* More: the last one open takes it. */
	assert_int_equal(store_deal_edit(f->st, &tl, id,
	    &(struct deal_change){ .amount_cents = 90000 }, 0, &err), 0);
	s = deal_read(f, &rep, id);
	assert_int_equal(s.ninst, 2);
	assert_int_equal(s.cents[1], 50000);
	/*
	 * A new plan keeps the installments paid into, the partly paid one
	 * closed at what was paid of it, and spreads the rest.
	 */
	assert_int_equal(store_plan_set(f->st, &rep, id, &plan, &err), 0);
	s = deal_read(f, &rep, id);
	assert_int_equal(s.ninst, 4);
	assert_int_equal(s.cents[0], 40000);
	assert_int_equal(s.cents[1], 10000);
	assert_string_equal(s.inst_state[1], "Paid");
	assert_int_equal(s.cents[2], 20000);
	assert_int_equal(s.cents[3], 20000);
	assert_string_equal(s.due[2], "2027-01-22");
	assert_int_equal(s.amount, 90000);
	plan = (struct plan_spec){ .n = 1, .explicit_ = 1,
	    .due = { "2026-01-01" }, .cents = { 10000 } };
	assert_int_equal(store_plan_set(f->st, &rep, id, &plan, &err),
	    EX_DATAERR);
	assert_int_equal(count_of(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'deal' AND entity_id = %lld", id), 5);
}

static void
test_more_on_a_paid_plan_is_a_new_installment(void **state)
{
	struct fixture *f = *state;
	struct actor rep = floor_make(f);
	struct deal_spec spec = { .amount_cents = 10000, .close_on =
	    "2027-01-31" };
	struct seen s;
	struct err err;
	int64_t id;
	char sql[256];

	assert_int_equal(store_deal_add(f->st, &rep, converted_lead(f, "Acme",
	    "+12127360101", "rep1"), &spec, &id, &err), 0);
	snprintf(sql, sizeof sql, "INSERT INTO payments (lead_id, deal_id,"
	    " amount_cents, paid_on, recorded_by, created_at) SELECT lead_id,"
	    " id, 10000, '2026-11-22', 1, %d FROM deals", FIXTURE_NOW);
	fixture_sql_run(f, sql);
	/* Any change settles the deal: Completed, as a payment would. */
	assert_int_equal(store_deal_edit(f->st, &rep, id,
	    &(struct deal_change){ .won_reason = "Timing" }, 0, &err), 0);
	assert_string_equal(deal_read(f, &rep, id).state, "Completed");
	assert_int_equal(store_deal_edit(f->st, &rep, id,
	    &(struct deal_change){ .amount_cents = 15000 }, 0, &err), 0);
	s = deal_read(f, &rep, id);
	assert_int_equal(s.ninst, 2);
	assert_string_equal(s.inst_state[0], "Paid");
	assert_string_equal(s.due[1], "2027-02-28");
	assert_int_equal(s.cents[1], 5000);
	assert_string_equal(s.state, "Partial");
	/* A stale version is refused. */
	assert_int_equal(store_deal_edit(f->st, &rep, id,
	    &(struct deal_change){ .product = "Standard plan" }, 1, &err),
	    EX_TEMPFAIL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_equal_installments_share_the_cents),
		T(test_month_end_is_cut_and_kept),
		T(test_explicit_plan_must_add_up),
		T(test_scope_of_deals),
		T(test_converted_call_makes_the_deal),
		T(test_every_conversion_makes_a_customer),
		T(test_amount_and_plan_changes),
		T(test_more_on_a_paid_plan_is_a_new_installment),
#undef T
	};

	return cmocka_run_group_tests_name("deal", tests, NULL, NULL);
}
