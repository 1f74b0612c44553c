/*
 * The collections and aging reports on a small floor of deals written
 * straight into the tables, each cell checked against figures worked out
 * by hand (in the comments). Today is Sunday 2026-11-22, TZ UTC.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/report.h"
#include "fixture.h"

#define DAY 86400
/* 2026-10-01, 2026-11-01 and 2026-12-01 at 00:00 UTC. */
#define OCT1 1790812800
#define NOV1 1793491200
#define DEC1 1796083200

struct floor {
	struct actor reca, recb, repa;
};

static int64_t
lead(struct fixture *f, const char *phone)
{
	char p[64];
	struct err err = { 0 };
	int64_t id;

	snprintf(p, sizeof p, "phone=%s", phone);
	id = fixture_lead(f, &f->admin, &err, "name=Acme", "region=North", p,
	    NULL);
	if (id == 0)
		fail_msg("lead: %s", err.msg);
	return id;
}

static void
sqlf(struct fixture *f, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	fixture_sql_run(f, sql);
}

/*
 * Deal 1 (reca, closed 2026-10-01): 400.00 due 10-20, 11-20 and 12-20;
 * paid 300.00 on 10-25 and 250.00 on 11-10, and 50.00 on 11-11 deleted.
 * Deal 2 (recb, closed 11-01): 500.00 due 11-05; 100.00 paid on 11-06,
 * recorded by reca. Deal 3 (nobody's, closed 07-15): 200.00 due 08-02.
 * A payment of 75.00 on 11-02 from before deals, on a lead alone.
 * Promises on deal 1: due 11-15 kept, 11-20 open (broken: past), 11-25
 * open, 11-18 cancelled, 10-30 broken; on deal 2: 11-10 broken.
 */
static void
floor_build(struct fixture *f, struct floor *fl)
{
	int64_t l1, l2, l3, l4;

	fixture_region(f, "North", "GB");
	fl->reca = fixture_user(f, "reca", ROLE_RECOVERY, NULL, NULL);
	fl->recb = fixture_user(f, "recb", ROLE_RECOVERY, NULL, NULL);
	fl->repa = fixture_user(f, "repa", ROLE_REP, NULL, "North");
	l1 = lead(f, "+442079460001");
	l2 = lead(f, "+442079460002");
	l3 = lead(f, "+442079460003");
	l4 = lead(f, "+442079460004");
	sqlf(f, "INSERT INTO deals (id, lead_id, amount_cents, currency,"
	    " close_on, collector_id, created_at, updated_at) VALUES"
	    " (1, %lld, 120000, 'USD', '2026-10-01', %lld, 0, 0),"
	    " (2, %lld, 50000, 'USD', '2026-11-01', %lld, 0, 0),"
	    " (3, %lld, 20000, 'USD', '2026-07-15', NULL, 0, 0)",
	    (long long)l1, (long long)fl->reca.id, (long long)l2,
	    (long long)fl->recb.id, (long long)l3);
	fixture_sql_run(f, "INSERT INTO installments (deal_id, seq, due_on,"
	    " amount_cents) VALUES (1, 1, '2026-10-20', 40000),"
	    " (1, 2, '2026-11-20', 40000), (1, 3, '2026-12-20', 40000),"
	    " (2, 1, '2026-11-05', 50000), (3, 1, '2026-08-02', 20000)");
	sqlf(f, "INSERT INTO payments (lead_id, deal_id, amount_cents,"
	    " paid_on, recorded_by, created_at, deleted_at) VALUES"
	    " (%lld, 1, 30000, '2026-10-25', %lld, 0, NULL),"
	    " (%lld, 1, 25000, '2026-11-10', %lld, 0, NULL),"
	    " (%lld, 1, 5000, '2026-11-11', %lld, 0, 1),"
	    " (%lld, 2, 10000, '2026-11-06', %lld, 0, NULL),"
	    " (%lld, NULL, 7500, '2026-11-02', %lld, 0, NULL)",
	    (long long)l1, (long long)fl->reca.id,
	    (long long)l1, (long long)fl->reca.id,
	    (long long)l1, (long long)fl->reca.id,
	    (long long)l2, (long long)fl->reca.id,
	    (long long)l4, (long long)f->admin.id);
	sqlf(f, "INSERT INTO promises (deal_id, user_id, due_on,"
	    " amount_cents, state, created_at) VALUES"
	    " (1, %lld, '2026-11-15', 100, 'kept', 0),"
	    " (1, %lld, '2026-11-20', 100, 'open', 0),"
	    " (1, %lld, '2026-11-25', 100, 'open', 0),"
	    " (1, %lld, '2026-11-18', 100, 'cancelled', 0),"
	    " (1, %lld, '2026-10-30', 100, 'broken', 0),"
	    " (2, %lld, '2026-11-10', 100, 'broken', 0)",
	    (long long)fl->reca.id, (long long)fl->reca.id,
	    (long long)fl->reca.id, (long long)fl->reca.id,
	    (long long)fl->reca.id, (long long)fl->recb.id);
}

static struct report *
run(struct fixture *f, const struct actor *who, const char *name,
    time_t from, time_t to)
{
	struct report_query q = { .from = from, .to = to, .now = FIXTURE_NOW };
	struct report *rep;
	struct err err = { 0 };

	if (store_report(f->st, who, report_find(name), &q, &rep, &err) != 0)
		fail_msg("report %s: %s", name, err.msg);
	return rep;
}

/* The row labelled label, failing when there is none. */
static int
row(const struct report *rep, const char *label)
{
	int r;

	for (r = 0; r < rep->nrows; r++)
		if (strcmp(REPORT_CELL(rep, r, rep->label_col)->s, label) == 0)
			return r;
	fail_msg("no row %s in %s", label, rep->title);
	return -1;
}

/* A cell as the table shows it. */
static const char *
text(const struct report *rep, const char *label, int c)
{
	static char buf[64];

	report_cell_text(rep, row(rep, label), c, buf, sizeof buf);
	return buf;
}

static void
cells_check(const struct report *rep, const char *label,
    const char *const *want)
{
	int c;

	for (c = 1; c < rep->ncols; c++)
		if (strcmp(text(rep, label, c), want[c - 1]) != 0)
			fail_msg("%s: %s's %s reads %s, not %s", rep->title,
			    label, rep->cols[c].name, text(rep, label, c),
			    want[c - 1]);
}

/*
 * November: due 400.00 (deal 1's second) and 500.00; collected goes to
 * the deal's collector (deal 2's 100.00 to recb though reca recorded
 * it), the lone lead's 75.00 to nobody. Promises due in November, the
 * cancelled aside: reca 3, 1 kept, 1 broken (11-20 open and past).
 */
static void
collections_by_agent(void **state)
{
	static const char *const reca[] = { "400.00", "250.00", "62.5%", "3",
		"1", "1", "50.0%" };
	static const char *const recb[] = { "500.00", "100.00", "20.0%", "1",
		"0", "1", "0.0%" };
	static const char *const none[] = { "0.00", "75.00", "-", "0", "0",
		"0", "-" };
	static const char *const total[] = { "900.00", "425.00", "47.2%",
		"4", "1", "2", "33.3%" };
	struct fixture *f = *state;
	struct floor fl;
	struct report *rep;

	floor_build(f, &fl);
	rep = run(f, &f->admin, "collections", NOV1, DEC1);
	assert_int_equal(rep->nrows, 4);
	assert_true(rep->total);
	cells_check(rep, "reca", reca);
	cells_check(rep, "recb", recb);
	cells_check(rep, "(unassigned)", none);
	cells_check(rep, "Total", total);
	assert_int_equal(row(rep, "Total"), 3);
	report_free(rep);
}

/* An agent reads their own row and a total of it: nobody else's money. */
static void
collections_own_row(void **state)
{
	static const char *const reca[] = { "400.00", "250.00", "62.5%", "3",
		"1", "1", "50.0%" };
	struct fixture *f = *state;
	struct floor fl;
	struct report *rep;

	floor_build(f, &fl);
	rep = run(f, &fl.reca, "collections", NOV1, DEC1);
	assert_int_equal(rep->nrows, 2);
	cells_check(rep, "reca", reca);
	cells_check(rep, "Total", reca);
	report_free(rep);
	rep = run(f, &fl.repa, "collections", NOV1, DEC1);
	assert_int_equal(rep->nrows, 1);
	assert_string_equal(text(rep, "Total", 2), "0.00");
	report_free(rep);
}

/*
 * Today: deal 1 has 550.00 paid, so its first is paid, its second owes
 * 250.00 two days late and its third 400.00 not due; deal 2 owes 400.00
 * 17 days late; deal 3 owes 200.00 112 days late.
 */
static void
aging_today(void **state)
{
	static const char *const reca[] = { "400.00", "250.00", "0.00",
		"0.00", "0.00", "650.00", "1", "1", "0", "0", "0", "1" };
	static const char *const recb[] = { "0.00", "400.00", "0.00",
		"0.00", "0.00", "400.00", "0", "1", "0", "0", "0", "1" };
	static const char *const none[] = { "0.00", "0.00", "0.00",
		"0.00", "200.00", "200.00", "0", "0", "0", "0", "1", "1" };
	static const char *const total[] = { "400.00", "650.00", "0.00",
		"0.00", "200.00", "1250.00", "1", "2", "0", "0", "1", "3" };
	struct fixture *f = *state;
	struct floor fl;
	struct report *rep;

	floor_build(f, &fl);
	rep = run(f, &f->admin, "aging", FIXTURE_NOW - 10 * 3600,
	    FIXTURE_NOW + 14 * 3600);
	assert_string_equal(rep->title, "Aging as of 2026-11-22");
	cells_check(rep, "reca", reca);
	cells_check(rep, "recb", recb);
	cells_check(rep, "(unassigned)", none);
	cells_check(rep, "Total", total);
	report_free(rep);
	/* A period running past today is aged as of today. */
	rep = run(f, &f->admin, "aging", NOV1, DEC1);
	assert_string_equal(rep->title, "Aging as of 2026-11-22");
	cells_check(rep, "Total", total);
	report_free(rep);
}

/*
 * As of 2026-10-31: deal 1 had 300.00 paid, so its first owed 100.00 11
 * days late and the others 800.00 not due; deal 2 was not closed yet;
 * deal 3 owed 200.00 90 days late, the last day of 61-90.
 */
static void
aging_in_the_past(void **state)
{
	static const char *const reca[] = { "800.00", "100.00", "0.00",
		"0.00", "0.00", "900.00", "1", "1", "0", "0", "0", "1" };
	static const char *const recb[] = { "0.00", "0.00", "0.00",
		"0.00", "0.00", "0.00", "0", "0", "0", "0", "0", "0" };
	static const char *const none[] = { "0.00", "0.00", "0.00",
		"200.00", "0.00", "200.00", "0", "0", "0", "1", "0", "1" };
	struct fixture *f = *state;
	struct floor fl;
	struct report *rep;

	floor_build(f, &fl);
	rep = run(f, &f->admin, "aging", OCT1, NOV1);
	assert_string_equal(rep->title, "Aging as of 2026-10-31");
	cells_check(rep, "reca", reca);
	cells_check(rep, "recb", recb);
	cells_check(rep, "(unassigned)", none);
	report_free(rep);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(collections_by_agent),
		T(collections_own_row),
		T(aging_today),
		T(aging_in_the_past),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
