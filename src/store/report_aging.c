/*
 * The aging report: what the deals owed at the period's last day (today
 * when the period runs past it), by how many days each installment was
 * past due then, per recovery agent (the deal's collector now), a row
 * for the deals nobody collects and a total last.
 *
 * The day may be in the past, so installments' paid_cents (which are
 * now's) are not read: each deal's payments made by that day, and not
 * deleted, are spread over its installments oldest first as deal_settle
 * spreads them, and a deal closed after that day owed nothing yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/money.h"
#include "reportint.h"

enum { G_AGENT, G_CURRENT, G_30, G_60, G_90, G_OVER, G_UNPAID,
	G_CURRENT_DEALS, G_30_DEALS, G_60_DEALS, G_90_DEALS, G_OVER_DEALS,
	G_DEALS, NCOLS };

/* Amounts first, then the deals owing them: the chart stacks the amounts. */
static const struct report_col cols[NCOLS] = {
	{ "Agent", RK_TEXT }, { "Current", RK_CENTS }, { "1-30", RK_CENTS },
	{ "31-60", RK_CENTS }, { "61-90", RK_CENTS }, { "90+", RK_CENTS },
	{ "Unpaid", RK_CENTS }, { "Current deals", RK_INT },
	{ "1-30 deals", RK_INT }, { "31-60 deals", RK_INT },
	{ "61-90 deals", RK_INT }, { "90+ deals", RK_INT },
	{ "Deals", RK_INT },
};

#define BUCKETS 5

#define AS_OF "CASE WHEN " REPORT_DAY_TO " < " REPORT_TODAY " THEN " \
	REPORT_DAY_TO " ELSE " REPORT_TODAY " END"

/*
 * Each agent's unpaid amount and deals per bucket (0 current, 1 1-30
 * days past due, ... 4 over 90), and the same over every bucket as
 * bucket 5: a deal owing in two buckets counts once there. The texts
 * differ in name alone: SQLite's scalar max() and min() are
 * PostgreSQL's greatest() and least(), and a difference of days is
 * julianday()'s or date subtraction's (AGING_DAYS_*).
 */
#define AGING_DAYS_LITE(a, b) "CAST(julianday(" a ") - julianday(" b ")" \
	" AS INTEGER)"
#define AGING_DAYS_PG(a, b) "(CAST(" a " AS date) - CAST(" b " AS date))"
#define AGING_SQL(MAX, MIN, DAYS) \
    "WITH paid AS MATERIALIZED (SELECT deal_id, sum(amount_cents) AS cents" \
    "  FROM payments WHERE deleted_at IS NULL AND deal_id IS NOT NULL" \
    "  AND paid_on <= " AS_OF " GROUP BY deal_id)," \
    " owed AS (SELECT coalesce(d.collector_id, 0) AS agent, i.deal_id," \
    "  i.amount_cents - " MAX "(0, " MIN "(i.amount_cents," \
    "   coalesce(paid.cents, 0)" \
    "   - coalesce(sum(i.amount_cents) OVER (PARTITION BY i.deal_id" \
    "   ORDER BY i.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)," \
    "   0))) AS cents," \
    "  " DAYS(AS_OF, "i.due_on") " AS late" \
    "  FROM installments i JOIN deals d ON d.id = i.deal_id" \
    "  LEFT JOIN paid ON paid.deal_id = i.deal_id" \
    "  WHERE d.close_on <= " AS_OF " AND " \
    REPORT_USER_IN("coalesce(d.collector_id, 0)") \
    "  AND " REPORT_ROW_LEAD_IN("d") ")," \
    " aged AS (SELECT agent, deal_id, cents, CASE WHEN late <= 0 THEN 0" \
    "  WHEN late <= 30 THEN 1 WHEN late <= 60 THEN 2 WHEN late <= 90 THEN 3" \
    "  ELSE 4 END AS bucket FROM owed WHERE cents > 0)" \
    " SELECT agent, bucket, sum(cents), count(DISTINCT deal_id) FROM aged" \
    "  GROUP BY agent, bucket" \
    " UNION ALL SELECT agent, 5, sum(cents), count(DISTINCT deal_id)" \
    "  FROM aged GROUP BY agent"
static const char aging_lite[] = AGING_SQL("max", "min", AGING_DAYS_LITE);
static const char aging_pg[] = AGING_SQL("greatest", "least", AGING_DAYS_PG);

static int
row_of(const int64_t *ids, int nrows, int64_t id)
{
	int r;

	for (r = 0; r < nrows; r++)
		if (ids[r] == id)
			return r;
	return -1;
}

static int
aging_load(struct store *st, const struct report_scope *sc,
    struct report *rep, const int64_t *ids, struct err *err)
{
	struct stmt *stmt;
	int rc, r, b;

	if ((stmt = stmt_get(st, SQL_BOTH(st, aging_lite, aging_pg),
	    err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	report_bind_days(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading installments")) ==
	    DB_ROW) {
		r = row_of(ids, rep->nrows, stmt_column_int64(stmt, 0));
		b = stmt_column_int(stmt, 1);
		if (r < 0 || b < 0 || b > BUCKETS)
			continue;
		REPORT_N(rep, r, G_CURRENT + b) =
		    stmt_column_int64(stmt, 2);
		REPORT_N(rep, r, G_CURRENT_DEALS + b) =
		    stmt_column_int64(stmt, 3);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* "Aging as of 2026-11-22": the one day the figures are of. */
static int
title_set(struct report *rep, const struct report_scope *sc,
    struct err *err)
{
	char day[DAY_SIZE], today[DAY_SIZE], title[64];

	day_of(sc->to - 1, day);
	day_of(sc->now, today);
	snprintf(title, sizeof title, "Aging as of %s",
	    strcmp(day, today) < 0 ? day : today);
	free(rep->title);
	if ((rep->title = strdup(title)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	return 0;
}

int
report_aging(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	int64_t *ids = NULL;
	int r, t, c;

	if (report_begin(rep, "Aging", sc, cols, NCOLS, err) != 0 ||
	    title_set(rep, sc, err) != 0)
		return err->status;
	rep->chart = CHART_STACKED;
	rep->chart_from = G_CURRENT;
	rep->chart_to = G_OVER;
	rep->label_col = G_AGENT;
	if (report_collectors_load(st, sc, rep, G_AGENT, &ids, err) != 0 ||
	    aging_load(st, sc, rep, ids, err) != 0 ||
	    (t = report_row_add(rep, err)) < 0 ||
	    report_set_text(rep, t, G_AGENT, "Total", err) != 0) {
		free(ids);
		return err->status;
	}
	free(ids);
	for (r = 0; r < t; r++)
		for (c = G_CURRENT; c < NCOLS; c++)
			REPORT_N(rep, t, c) += REPORT_N(rep, r, c);
	rep->total = 1;
	return 0;
}
