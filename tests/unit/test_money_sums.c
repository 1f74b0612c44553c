/*
 * The money in the collections and aging reports, to the cent: 10,000
 * random deals with random plans (1 to 12 installments, equal monthly or
 * explicit) and promises, written with SQL a thousand deals a
 * transaction; random payments (carry-overs, paid-off deals, deleted
 * ones) recorded and deleted through the store, which settles each
 * deal; payments on leads alone from before deals. Then, for several
 * periods, every money column's total row and the sum of its agent rows
 * against what the tables hold, read with SQL of the test's own. The
 * seed is fixed (CALLQ_TEST_SEED changes it) and every failure names it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/money.h"
#include "callq/payment.h"
#include "callq/report.h"
#include "fixture.h"
#include "../../src/store/internal.h"

#define DEALS 10000
#define LONE_PAYMENTS 300
#define AGENTS 4
#define DAY 86400
/* 2025-06-01 00:00 UTC: the first close day; FIXTURE_NOW is 539 days on. */
#define BASE 1748736000
#define TODAY_N 539
#define LEAD0 100000
#define LONE0 200000

static unsigned long long seed = 19;
static unsigned long long rng_state;

static unsigned long long
rnd64(void)
{
	unsigned long long z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 0 to n - 1. */
static long long
rnd(long long n)
{
	return (long long)(rnd64() % (unsigned long long)n);
}

/* A growing buffer of SQL, run in one transaction per flush. */
struct sql {
	char  *s;
	size_t len, cap;
};

static void
sql_add(struct sql *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->s == NULL) {
		b->cap = 1 << 20;
		b->s = malloc(b->cap);
		assert_non_null(b->s);
	}
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (b->len + (size_t)n < b->cap)
			break;
		b->cap = b->cap * 2 + (size_t)n + 1;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	b->len += (size_t)n;
}

static void
sql_flush(struct fixture *f, struct sql *b)
{
	if (b->len == 0)
		return;
	sql_add(b, "COMMIT;");
	fixture_sql_run(f, b->s);
	b->len = 0;
	sql_add(b, "BEGIN;");
}

/* The day n days after BASE. */
static void
day_n(int n, char out[DAY_SIZE])
{
	day_of((time_t)BASE + (time_t)n * DAY, out);
}

/* A payment to record through the store, and to delete after if so. */
struct pay {
	int64_t deal, cents, id;
	int     day, deleted;
};

struct world {
	struct fixture *f;
	struct sql      sql;
	int64_t         agent[AGENTS];
	int64_t         admin;
	struct pay     *pay;
	size_t          npay, cap;
	size_t          next;	/* the first payment not yet recorded */
};

/* The plan's days and amounts: equal monthly, or explicit. */
/* A deal's installments, made before the deal they follow is written. */
struct plan {
	int     n;
	char    due[12][DAY_SIZE];
	int64_t amount[12];
};

static int64_t
plan_make(int close, struct plan *p)
{
	int n = 1 + (int)rnd(12), i, gap = (int)rnd(31);
	char first[DAY_SIZE];
	int64_t total = 100 + rnd(2000000), sum = 0;
	int monthly = (int)rnd(2);

	day_n(close + gap, first);
	for (i = 0; i < n; i++) {
		if (monthly) {
			assert_int_equal(day_add_months(first, i, p->due[i]),
			    0);
			p->amount[i] = money_share(total, n, i);
		} else {
			if (i > 0)
				gap += 1 + (int)rnd(60);
			day_n(close + gap, p->due[i]);
			p->amount[i] = 1 + rnd(300000);
		}
		sum += p->amount[i];
	}
	p->n = n;
	return sum;
}

/* After its deal: PostgreSQL checks a reference at once. */
static void
plan_write(struct world *w, int64_t deal, const struct plan *p)
{
	int i;

	for (i = 0; i < p->n; i++)
		sql_add(&w->sql, "INSERT INTO installments (deal_id, seq,"
		    " due_on, amount_cents) VALUES (%lld, %d, '%s', %lld);",
		    (long long)deal, i + 1, p->due[i], (long long)p->amount[i]);
}

static void
payment_add(struct world *w, int64_t lead, int64_t deal, int64_t cents,
    int day, int deleted)
{
	char on[DAY_SIZE], deal_text[24] = "NULL";
	int64_t by = rnd(AGENTS + 1) == 0 ? w->admin : w->agent[rnd(AGENTS)];

	day_n(day, on);
	if (deal != 0)
		snprintf(deal_text, sizeof deal_text, "%lld", (long long)deal);
	sql_add(&w->sql, "INSERT INTO payments (lead_id, deal_id, amount_cents,"
	    " paid_on, recorded_by, created_at, deleted_at) VALUES (%lld, %s,"
	    " %lld, '%s', %lld, %lld, %s);", (long long)lead, deal_text,
	    (long long)cents, on, (long long)by,
	    (long long)BASE + (long long)day * DAY + rnd(DAY),
	    deleted ? "1" : "NULL");
}

static void
pay_add(struct world *w, int64_t deal, int64_t cents, int day, int deleted)
{
	if (w->npay == w->cap) {
		w->cap = w->cap * 2 + 1024;
		w->pay = realloc(w->pay, w->cap * sizeof *w->pay);
		assert_non_null(w->pay);
	}
	w->pay[w->npay++] = (struct pay){ deal, cents, 0, day, deleted };
}

/*
 * Payments within what the deal still owes (the store refuses more); an
 * eighth are deleted once all are recorded, so they count against the
 * balance until then. A quarter pay off what is left.
 */
static void
payments_make(struct world *w, int64_t deal, int64_t amount, int close)
{
	int64_t left = amount, cents;
	int m = (int)rnd(7), i, deleted;

	for (i = 0; i < m && left > 0; i++) {
		deleted = rnd(8) == 0;
		cents = rnd(4) == 0 ? left : 1 + rnd(left);
		pay_add(w, deal, cents, close + (int)rnd(TODAY_N - close + 1),
		    deleted);
		left -= cents;
	}
}

/* Promises around today: some kept by the payments, broken, cancelled. */
static void
promises_make(struct world *w, int64_t deal, int64_t amount, int64_t by)
{
	static const char *const states[] = { "cancelled", "broken", "broken",
		"open", "open", "open", "open", "open", "open", "open" };
	char due[DAY_SIZE];
	int p = (int)rnd(3), i, day;

	for (i = 0; i < p; i++) {
		day = TODAY_N - 90 + (int)rnd(121);
		day_n(day, due);
		sql_add(&w->sql, "INSERT INTO promises (deal_id, user_id,"
		    " due_on, amount_cents, state, created_at) VALUES (%lld,"
		    " %lld, '%s', %lld, '%s', %lld);", (long long)deal,
		    (long long)by, due, (long long)(1 + rnd(amount)),
		    states[rnd(10)],
		    (long long)BASE + (long long)(day - (int)rnd(20)) * DAY);
	}
}

static void
world_deal_add(struct world *w, int64_t deal)
{
	int64_t lead = LEAD0 + deal, collector = 0, amount;
	int close = (int)rnd(TODAY_N + 1);
	char on[DAY_SIZE], who[24] = "NULL";
	struct plan plan;

	if (rnd(AGENTS + 1) < AGENTS) {
		collector = w->agent[rnd(AGENTS)];
		snprintf(who, sizeof who, "%lld", (long long)collector);
	}
	day_n(close, on);
	sql_add(&w->sql, "INSERT INTO leads (id, name, phone_raw, status,"
	    " customer, created_at, updated_at) VALUES (%lld, 'Deal %lld',"
	    " '+1212555%04lld', 'Converted', 1, 0, 0);", (long long)lead,
	    (long long)deal, (long long)(deal % 10000));
	amount = plan_make(close, &plan);
	sql_add(&w->sql, "INSERT INTO deals (id, lead_id, amount_cents,"
	    " currency, close_on, collector_id, created_at, updated_at) VALUES"
	    " (%lld, %lld, %lld, 'USD', '%s', %s, 0, 0);", (long long)deal,
	    (long long)lead, (long long)amount, on, who);
	plan_write(w, deal, &plan);
	payments_make(w, deal, amount, close);
	promises_make(w, deal, amount, collector != 0 ? collector : w->admin);
}

/*
 * Records the next thousand payments in one transaction, as a collection
 * call records its payment inside its own (payment_insert: the checks,
 * the audit row, deal_settle).
 */
static int
pays_record(struct store *st, void *arg, struct err *err)
{
	struct world *w = arg;
	struct payment_new p;
	size_t i;

	for (i = w->next; i < w->npay && i < w->next + 1000; i++) {
		memset(&p, 0, sizeof p);
		p.deal = w->pay[i].deal;
		p.amount_cents = w->pay[i].cents;
		day_n(w->pay[i].day, p.paid_on);
		if (payment_insert(st, &w->f->admin, &p, 0, &w->pay[i].id,
		    err) != 0)
			return err->status;
	}
	return 0;
}

/* Deletes the next thousand's deleted ones, their transactions joined. */
static int
pays_delete(struct store *st, void *arg, struct err *err)
{
	struct world *w = arg;
	size_t i;

	for (i = w->next; i < w->npay && i < w->next + 1000; i++)
		if (w->pay[i].deleted && store_payment_delete(st,
		    &w->f->admin, w->pay[i].id, "test", err) != 0)
			return err->status;
	return 0;
}

static void
pays_apply(struct world *w)
{
	struct err err = { 0 };

	for (w->next = 0; w->next < w->npay; w->next += 1000)
		if (store_tx(w->f->st, pays_record, w, &err) != 0)
			fail_msg("seed %llu: recording a payment: %s", seed,
			    err.msg);
	for (w->next = 0; w->next < w->npay; w->next += 1000)
		if (store_tx(w->f->st, pays_delete, w, &err) != 0)
			fail_msg("seed %llu: deleting a payment: %s", seed,
			    err.msg);
}

static void
world_build(struct world *w)
{
	char login[16];
	int64_t i;

	for (i = 0; i < AGENTS; i++) {
		snprintf(login, sizeof login, "agent%d", (int)i);
		w->agent[i] = fixture_user(w->f, login, ROLE_RECOVERY, NULL,
		    NULL).id;
	}
	w->admin = w->f->admin.id;
	sql_add(&w->sql, "BEGIN;");
	for (i = 1; i <= DEALS; i++) {
		world_deal_add(w, i);
		if (i % 1000 == 0)
			sql_flush(w->f, &w->sql);
	}
	for (i = 0; i < LONE_PAYMENTS; i++) {
		sql_add(&w->sql, "INSERT INTO leads (id, name, phone_raw,"
		    " created_at, updated_at) VALUES (%lld, 'Lone', '+1', 0,"
		    " 0);",
		    (long long)(LONE0 + i));
		payment_add(w, LONE0 + i, 0, 1 + rnd(500000),
		    (int)rnd(TODAY_N + 1), rnd(10) == 0);
	}
	sql_flush(w->f, &w->sql);
	pays_apply(w);
}

/* The first column of the first row of the SQL fmt makes, as a number. */
static long long
ask(struct dbconn *db, const char *fmt, ...)
{
	char sql[2048];
	struct stmt *stmt;
	long long n = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	if ((stmt = conn_prepare(db, sql)) == NULL)
		fail_msg("%s: %s", sql, conn_errmsg(db));
	if (stmt_step(stmt) == DB_ROW)
		n = stmt_column_int64(stmt, 0);
	stmt_finalize(stmt);
	return n;
}

/* Midnight UTC starting the day YYYY-MM-DD (days from civil, proleptic). */
static time_t
day_start(const char *day)
{
	int y, m, d;
	long long era, yoe, doy, doe;

	assert_int_equal(sscanf(day, "%d-%d-%d", &y, &m, &d), 3);
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (time_t)((era * 146097 + doe - 719468) * DAY);
}

static void
same(long long got, long long want, const char *what, const char *period)
{
	if (got != want)
		fail_msg("seed %llu, %s: %s reads %lld, the tables hold %lld",
		    seed, period, what, got, want);
}

static struct report *
run(struct fixture *f, const char *name, const char *from,
    const char *to)
{
	struct report_query q = { .now = FIXTURE_NOW };
	struct report *rep;
	struct err err = { 0 };

	q.from = day_start(from);
	q.to = day_start(to) + DAY;
	if (store_report(f->st, &f->admin, report_find(name), &q, &rep,
	    &err) != 0)
		fail_msg("seed %llu: report %s: %s", seed, name, err.msg);
	return rep;
}

/* Column c's total row against the sum of the rows above it. */
static long long
total_check(const struct report *rep, int c, const char *period)
{
	long long sum = 0;
	char what[96];
	int r, t = rep->nrows - 1;

	assert_true(rep->total);
	for (r = 0; r < t; r++)
		sum += REPORT_CELL(rep, r, c)->n;
	snprintf(what, sizeof what, "the %s's %s total", rep->title,
	    rep->cols[c].name);
	same(REPORT_CELL(rep, t, c)->n, sum, what, period);
	return sum;
}

#define BETWEEN(col) col " BETWEEN '%s' AND '%s'"

static void
collections_check(struct fixture *f, struct dbconn *db, const char *from,
    const char *to)
{
	struct report *rep = run(f, "collections", from, to);
	char period[32];
	int c;

	snprintf(period, sizeof period, "%s..%s", from, to);
	for (c = 1; c < rep->ncols; c++)
		if (rep->cols[c].kind != RK_PERMILLE)
			total_check(rep, c, period);
	same(total_check(rep, 1, period), ask(db, "SELECT coalesce("
	    "sum(amount_cents), 0) FROM installments WHERE "
	    BETWEEN("due_on"), from, to), "due", period);
	same(total_check(rep, 2, period), ask(db, "SELECT coalesce("
	    "sum(amount_cents), 0) FROM payments WHERE deleted_at IS NULL AND "
	    BETWEEN("paid_on"), from, to), "collected", period);
	same(total_check(rep, 4, period), ask(db, "SELECT count(*) FROM"
	    " promises WHERE state <> 'cancelled' AND " BETWEEN("due_on"),
	    from, to), "promises", period);
	same(total_check(rep, 5, period), ask(db, "SELECT count(*) FROM"
	    " promises WHERE state = 'kept' AND " BETWEEN("due_on"), from, to),
	    "kept", period);
	report_free(rep);
}

/*
 * What the deals closed by day a owed then, deal by deal: their amount
 * less what was paid by then (never more than the amount). It reads no
 * installment, so the report's spread over the plan is checked too.
 */
static long long
owed_on(struct dbconn *db, const char *a)
{
	return ask(db, "SELECT coalesce(sum(d.amount_cents -"
	    " CASE WHEN d.amount_cents < d.paid THEN d.amount_cents"
	    " ELSE d.paid END), 0) FROM (SELECT d.amount_cents,"
	    " (SELECT coalesce(sum(p.amount_cents), 0) FROM payments p"
	    "  WHERE p.deal_id = d.id AND p.deleted_at IS NULL"
	    "  AND p.paid_on <= '%s') AS paid FROM deals d"
	    " WHERE d.close_on <= '%s') AS d", a, a);
}

static void
aging_today_check(struct report *rep, struct dbconn *db, const char *period)
{
	/* The buckets' days past due, from and to, as due days. */
	static const int past[][2] = { { -100000, 0 }, { 1, 30 }, { 31, 60 },
		{ 61, 90 }, { 91, 100000 } };
	time_t today = day_start("2026-11-22") + DAY / 2;	/* any zone's */
	char first[DAY_SIZE], last[DAY_SIZE], sql[320];
	int t = rep->nrows - 1, b;

	same(REPORT_CELL(rep, t, 6)->n, ask(db, "SELECT sum(amount_cents -"
	    " paid_cents) FROM installments"), "unpaid today", period);
	same(REPORT_CELL(rep, t, 12)->n, ask(db, "SELECT count(*) FROM deals"
	    " WHERE paid_cents < amount_cents"), "deals owing today", period);
	for (b = 0; b < 5; b++) {
		day_of(today - (time_t)past[b][1] * DAY, first);
		day_of(today - (time_t)past[b][0] * DAY, last);
		snprintf(sql, sizeof sql, "SELECT coalesce(sum(amount_cents -"
		    " paid_cents), 0) FROM installments WHERE due_on BETWEEN"
		    " '%s' AND '%s'", first, last);
		same(REPORT_CELL(rep, t, 1 + b)->n, ask(db, "%s", sql),
		    rep->cols[1 + b].name, period);
	}
}

static void
aging_check(struct fixture *f, struct dbconn *db, const char *from,
    const char *to)
{
	struct report *rep = run(f, "aging", from, to);
	const char *a = strcmp(to, "2026-11-22") < 0 ? to : "2026-11-22";
	char period[32];
	long long buckets;
	int r, c;

	snprintf(period, sizeof period, "%s..%s", from, to);
	for (c = 1; c < rep->ncols; c++)
		total_check(rep, c, period);
	for (r = 0; r < rep->nrows; r++) {
		for (buckets = 0, c = 1; c <= 5; c++)
			buckets += REPORT_CELL(rep, r, c)->n;
		same(buckets, REPORT_CELL(rep, r, 6)->n, "the buckets' sum",
		    period);
	}
	same(REPORT_CELL(rep, rep->nrows - 1, 6)->n, owed_on(db, a),
	    "unpaid", period);
	if (a != to)
		aging_today_check(rep, db, period);
	report_free(rep);
}

/* deal_settle's invariants over every deal and installment. */
static void
deals_check(struct dbconn *db)
{
	same(ask(db, "SELECT count(*) FROM deals d WHERE paid_cents <>"
	    " (SELECT coalesce(sum(amount_cents), 0) FROM payments"
	    "  WHERE deal_id = d.id AND deleted_at IS NULL)"), 0,
	    "deals whose paid is not their payments'", "all");
	same(ask(db, "SELECT count(*) FROM deals d WHERE paid_cents <>"
	    " (SELECT sum(paid_cents) FROM installments WHERE deal_id = d.id)"
	    " OR amount_cents <> (SELECT sum(amount_cents) FROM installments"
	    "  WHERE deal_id = d.id)"), 0,
	    "deals whose installments do not add up", "all");
	same(ask(db, "SELECT count(*) FROM installments WHERE paid_cents < 0"
	    " OR paid_cents > amount_cents"), 0,
	    "installments paid past their amount", "all");
	same(ask(db, "SELECT count(*) FROM installments i WHERE paid_cents > 0"
	    " AND EXISTS (SELECT 1 FROM installments o WHERE o.deal_id ="
	    " i.deal_id AND o.seq < i.seq AND o.paid_cents < o.amount_cents)"),
	    0, "installments paid before an older one", "all");
	same(ask(db, "SELECT count(*) FROM deals WHERE status <> CASE WHEN"
	    " paid_cents = 0 THEN 'Pending' WHEN paid_cents = amount_cents"
	    " THEN 'Completed' ELSE 'Partial' END"), 0,
	    "deals whose status is not their payments'", "all");
	/* Not a vacuous world: every kind of deal is in it. */
	assert_true(ask(db, "SELECT count(DISTINCT status) FROM deals") == 3);
	assert_true(ask(db, "SELECT count(*) FROM payments WHERE deleted_at"
	    " IS NOT NULL") > 100);
	assert_true(ask(db, "SELECT count(*) FROM promises WHERE state ="
	    " 'kept'") > 10);
}

static void
money_sums(void **state)
{
	static const char *const periods[][2] = {
		{ "2025-06-01", "2025-06-30" }, { "2026-01-01", "2026-01-31" },
		{ "2026-02-01", "2026-02-28" }, { "2026-03-15", "2026-09-14" },
		{ "2026-11-01", "2026-11-30" }, { "2026-11-22", "2026-11-22" },
		{ "2026-11-21", "2026-11-21" }, { "2025-01-01", "2027-12-31" },
	};
	struct world w = { .f = *state };
	const char *env = getenv("CALLQ_TEST_SEED");
	struct dbconn *db;
	size_t i;

	if (env != NULL)
		seed = strtoull(env, NULL, 10);
	rng_state = seed;
	world_build(&w);
	free(w.sql.s);
	free(w.pay);
	db = fixture_conn_open(w.f);
	deals_check(db);
	for (i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		collections_check(w.f, db, periods[i][0], periods[i][1]);
		aging_check(w.f, db, periods[i][0], periods[i][1]);
	}
	db->drv->close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(money_sums, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
