/* Payments: allocation over a plan, the balance guard, delete/restore, scope. */
#include <stdio.h>
#include <string.h>

#include "callq/deal.h"
#include "callq/deleted.h"
#include "callq/err.h"
#include "callq/payment.h"
#include "fixture.h"

/*
 * A converted lead with a deal of 1,200.00 in three monthly installments
 * of 400.00 from 2026-11-01 (the fixture's today is 2026-11-22),
 * collected by collector (0: nobody; assigning is the collections'
 * work, so it is written here directly). Returns the deal's id.
 */
static int64_t
deal_make(struct fixture *f, const char *name, int64_t collector)
{
	struct deal_spec spec = { .amount_cents = 120000,
	    .close_on = "2026-11-01", .plan = { .n = 3 } };
	char sql[128], phone[32];
	struct err err;
	int64_t lead, deal;

	snprintf(phone, sizeof phone, "phone=+1212736%04d",
	    fixture_count(f, "SELECT count(*) FROM leads") + 101);
	lead = fixture_lead(f, &f->admin, &err, name, phone,
	    "status=Converted", NULL);
	assert_true(lead > 0);
	assert_int_equal(store_deal_add(f->st, &f->admin, lead, &spec, &deal,
	    &err), 0);
	if (collector != 0) {
		snprintf(sql, sizeof sql, "UPDATE deals SET collector_id = %lld"
		    " WHERE id = %lld", (long long)collector, (long long)deal);
		fixture_sql_run(f, sql);
	}
	return deal;
}

static int
pay(struct fixture *f, const struct actor *who, int64_t deal, int64_t cents,
    const char *day, int64_t *id, struct err *err)
{
	struct payment_new p = { .deal = deal, .amount_cents = cents,
	    .method = "Card", .reference = "TX-1" };

	snprintf(p.paid_on, sizeof p.paid_on, "%s", day);
	return store_payment_add(f->st, who, &p, id, err);
}

static int
paid_of(struct fixture *f, int seq)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT paid_cents FROM installments"
	    " WHERE seq = %d AND deal_id = 1", seq);
	return fixture_count(f, sql);
}

static int
deal_is(struct fixture *f, const char *status)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM deals WHERE id = 1"
	    " AND status = '%s'", status);
	return fixture_count(f, sql);
}

static void
test_payment_carries_over_installments(void **state)
{
	struct fixture *f = *state;
	struct err err;
	int64_t id = 0;

	deal_make(f, "name=Acme", 0);
	assert_int_equal(pay(f, &f->admin, 1, 50000, "", &id, &err), 0);
	assert_true(id > 0);
	assert_int_equal(paid_of(f, 1), 40000);
	assert_int_equal(paid_of(f, 2), 10000);
	assert_int_equal(paid_of(f, 3), 0);
	assert_int_equal(deal_is(f, "Partial"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM payments"
	    " WHERE paid_on = '2026-11-22' AND lead_id = 1 AND currency = 'USD'"
	    " AND method_id = (SELECT id FROM choices WHERE list = 'method'"
	    " AND name = 'Card') AND reference = 'TX-1'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'payment' AND action = 'add' AND details LIKE"
	    " '%\"amount_cents\":50000%' AND details LIKE '%\"deal\":1%'"), 1);
}

static void
test_payment_above_the_balance_is_refused(void **state)
{
	struct fixture *f = *state;
	struct err err;

	deal_make(f, "name=Acme", 0);
	assert_int_equal(pay(f, &f->admin, 1, 100000, "2026-11-20", NULL,
	    &err), 0);
	assert_int_equal(pay(f, &f->admin, 1, 20001, "", NULL, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "owes only 200.00 USD"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM payments"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'payment'"), 1);
	assert_int_equal(paid_of(f, 3), 20000);
	/* The exact balance completes the deal, to the cent. */
	assert_int_equal(pay(f, &f->admin, 1, 20000, "", NULL, &err), 0);
	assert_int_equal(deal_is(f, "Completed"), 1);
	assert_int_equal(pay(f, &f->admin, 1, 1, "", NULL, &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "paid in full"));
}

static void
test_payment_day_and_method_are_checked(void **state)
{
	struct fixture *f = *state;
	struct payment_new p = { .deal = 1, .amount_cents = 100,
	    .method = "Barter" };
	struct err err;

	deal_make(f, "name=Acme", 0);
	assert_int_equal(store_payment_add(f->st, &f->admin, &p, NULL, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "no active payment method"));
	p.method = NULL;
	assert_int_equal(pay(f, &f->admin, 1, 100, "2026-11-23", NULL, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "in the future"));
	assert_int_equal(pay(f, &f->admin, 1, 100, "2026-10-31", NULL, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "before the deal was closed"));
	snprintf(p.paid_on, sizeof p.paid_on, "2026-11-21");
	p.reference = "bad\033[2Jref";
	assert_int_equal(store_payment_add(f->st, &f->admin, &p, NULL, &err),
	    EX_DATAERR);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM payments"), 0);
}

static void
test_payment_delete_then_restore(void **state)
{
	struct fixture *f = *state;
	struct err err;
	int64_t first, second;

	deal_make(f, "name=Acme", 0);
	assert_int_equal(pay(f, &f->admin, 1, 50000, "", &first, &err), 0);
	assert_int_equal(store_payment_delete(f->st, &f->admin, first,
	    "typo", &err), 0);
	assert_int_equal(paid_of(f, 1), 0);
	assert_int_equal(deal_is(f, "Pending"), 1);
	assert_int_equal(store_payment_delete(f->st, &f->admin, first,
	    "again", &err), EX_DATAERR);
	assert_int_equal(store_payment_restore(f->st, &f->admin, first,
	    "was right", &err), 0);
	assert_int_equal(paid_of(f, 1), 40000);
	assert_int_equal(paid_of(f, 2), 10000);
	assert_int_equal(deal_is(f, "Partial"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'payment' AND entity_id = 1 AND ((action = 'delete'"
	    " AND details LIKE '%typo%') OR (action = 'restore' AND details"
	    " LIKE '%was right%'))"), 2);
	/* Deleted again, and the balance paid since: it may not come back. */
	assert_int_equal(store_payment_delete(f->st, &f->admin, first, NULL,
	    &err), 0);
	assert_int_equal(pay(f, &f->admin, 1, 100000, "", &second, &err), 0);
	assert_int_equal(store_payment_restore(f->st, &f->admin, first, NULL,
	    &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "would overpay deal 1"));
	assert_int_equal(fixture_count(f, "SELECT paid_cents FROM deals"),
	    100000);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM payments"
	    " WHERE deleted_at IS NOT NULL"), 1);
}

static void
test_payment_delete_is_for_admins(void **state)
{
	struct fixture *f = *state;
	struct actor agent = fixture_user(f, "agent", ROLE_RECOVERY, NULL,
	    NULL);
	struct err err;
	int64_t id;

	deal_make(f, "name=Acme", agent.id);
	assert_int_equal(pay(f, &agent, 1, 100, "", &id, &err), 0);
	assert_int_equal(store_payment_delete(f->st, &agent, id, NULL, &err),
	    EX_NOPERM);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM payments"
	    " WHERE deleted_at IS NULL"), 1);
}

static int
count_row(const struct payment *p, void *arg)
{
	char *seen = arg;
	size_t len = strlen(seen);

	snprintf(seen + len, 256 - len, "%s%s %lld", len > 0 ? "; " : "",
	    p->lead_name, (long long)p->amount_cents);
	return 0;
}

static void
test_payment_list_scope(void **state)
{
	struct fixture *f = *state;
	struct actor rep = fixture_user(f, "rep", ROLE_REP, NULL, NULL);
	struct actor mine = fixture_user(f, "mine", ROLE_RECOVERY, NULL, NULL);
	struct actor other = fixture_user(f, "other", ROLE_RECOVERY, NULL,
	    NULL);
	struct actor ana = fixture_user(f, "ana", ROLE_ANALYST, NULL, NULL);
	struct payment_filter all = { 0 };
	char seen[256] = "";
	struct err err;

	deal_make(f, "name=Acme", mine.id);
	deal_make(f, "name=Bolt", other.id);
	assert_int_equal(pay(f, &mine, 1, 1234, "", NULL, &err), 0);
	assert_int_equal(pay(f, &other, 2, 99, "", NULL, &err), 0);
	/* Someone else's collection reads as missing to an agent. */
	assert_int_equal(pay(f, &mine, 2, 100, "", NULL, &err), EX_NOINPUT);
	assert_int_equal(store_payment_list(f->st, &rep, &all, count_row, seen,
	    &err), EX_NOPERM);
	assert_string_equal(seen, "");
	assert_int_equal(store_payment_list(f->st, &mine, &all, count_row,
	    seen, &err), 0);
	assert_string_equal(seen, "Acme 1234");
	seen[0] = '\0';
	assert_int_equal(store_payment_list(f->st, &ana, &all, count_row,
	    seen, &err), 0);
	assert_string_equal(seen, "Bolt 99; Acme 1234");
	seen[0] = '\0';
	all.deal = 2;
	assert_int_equal(store_payment_list(f->st, &f->admin, &all, count_row,
	    seen, &err), 0);
	assert_string_equal(seen, "Bolt 99");
	/* A rep may not record one either. */
	assert_int_equal(pay(f, &rep, 1, 100, "", NULL, &err), EX_NOPERM);
}

static void
test_payment_money_is_exact(void **state)
{
	struct fixture *f = *state;
	struct err err;
	int i;

	deal_make(f, "name=Acme", 0);
	/* 0.10 a hundred times and 0.01 once: no float ever rounds. */
	for (i = 0; i < 100; i++)
		assert_int_equal(pay(f, &f->admin, 1, 10, "", NULL, &err), 0);
	assert_int_equal(pay(f, &f->admin, 1, 1, "", NULL, &err), 0);
	assert_int_equal(paid_of(f, 1), 1001);
	assert_int_equal(pay(f, &f->admin, 1, 118999, "", NULL, &err), 0);
	assert_int_equal(paid_of(f, 3), 40000);
	assert_int_equal(deal_is(f, "Completed"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_payment_carries_over_installments),
		T(test_payment_above_the_balance_is_refused),
		T(test_payment_day_and_method_are_checked),
		T(test_payment_delete_then_restore),
		T(test_payment_delete_is_for_admins),
		T(test_payment_list_scope),
		T(test_payment_money_is_exact),
#undef T
	};

	return cmocka_run_group_tests_name("payment", tests, NULL, NULL);
}
