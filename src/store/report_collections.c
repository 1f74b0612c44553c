/*
 * The collections report: per recovery agent, what fell due in the
 * period against what was collected in it, and the promises due in it
 * kept and broken; a row for the deals nobody collects and a total last.
 *
 * Every figure goes to the deal's collector as the deal stands now, the
 * payments too (not whoever recorded them): the rate then compares an
 * agent's collected with their own due, and a deal handed to another
 * agent takes its history along. A payment kept on a lead alone (made
 * before deals existed) has no collector and counts as unassigned, so
 * the total is every payment made in the period.
 */
#include <stdlib.h>

#include "reportint.h"

enum { C_AGENT, C_DUE, C_COLLECTED, C_RATE, C_PROMISES, C_KEPT, C_BROKEN,
	C_KEPT_RATE, NCOLS };

static const struct report_col cols[NCOLS] = {
	{ "Agent", RK_TEXT }, { "Due", RK_CENTS }, { "Collected", RK_CENTS },
	{ "Collected of due", RK_PERMILLE }, { "Promises", RK_INT },
	{ "Kept", RK_INT }, { "Broken", RK_INT }, { "Kept rate", RK_PERMILLE },
};

#define COLLECTOR "coalesce(d.collector_id, 0)"
#define IN_PERIOD(day) \
	"(" day " >= " REPORT_DAY_FROM " AND " day " <= " REPORT_DAY_TO ")"

/* Installments falling due in the period, whatever has been paid. */
static const char due_sql[] =
    "SELECT " COLLECTOR ", sum(i.amount_cents) FROM installments i"
    " JOIN deals d ON d.id = i.deal_id"
    " WHERE " IN_PERIOD("i.due_on") " AND " REPORT_USER_IN(COLLECTOR)
    " AND " REPORT_ROW_LEAD_IN("d") " GROUP BY 1";

/* Payments made in the period and not deleted. */
static const char collected_sql[] =
    "SELECT " COLLECTOR ", sum(p.amount_cents) FROM payments p"
    " LEFT JOIN deals d ON d.id = p.deal_id"
    " WHERE p.deleted_at IS NULL AND " IN_PERIOD("p.paid_on")
    " AND " REPORT_USER_IN(COLLECTOR) " AND " REPORT_ROW_LEAD_IN("p")
    " GROUP BY 1";

/*
 * Promises due in the period, cancelled ones aside: kept, and broken
 * (settled so by a later call, or still open with their day gone by).
 */
static const char promises_sql[] =
    "SELECT " COLLECTOR ", count(*), " REPORT_COUNT_IF("pr.state = 'kept'")
    ", " REPORT_COUNT_IF("pr.state = 'broken' OR (pr.state = 'open'"
    "  AND pr.due_on < " REPORT_TODAY ")")
    " FROM promises pr JOIN deals d ON d.id = pr.deal_id"
    " WHERE pr.state <> 'cancelled' AND " IN_PERIOD("pr.due_on")
    " AND " REPORT_USER_IN(COLLECTOR) " AND " REPORT_ROW_LEAD_IN("d")
    " GROUP BY 1";

struct collections {
	struct store *st;
	const struct report_scope *sc;
	struct report *rep;
	struct err *err;
	int64_t *ids;
};

static int
row_of(const struct collections *c, int64_t id)
{
	int r;

	for (r = 0; r < c->rep->nrows; r++)
		if (c->ids[r] == id)
			return r;
	return -1;
}

/* Runs sql and copies its columns 1..n into each agent's columns to[]. */
static int
figures_load(struct collections *c, const char *sql, const int *to, int n,
    const char *what)
{
	struct stmt *stmt;
	int rc, r, i;

	if ((stmt = stmt_get(c->st, sql, c->err)) == NULL)
		return c->err->status;
	report_bind(stmt, c->sc);
	report_bind_days(stmt, c->sc);
	while ((rc = db_step(c->st, stmt, c->err, what)) == DB_ROW) {
		if ((r = row_of(c, stmt_column_int64(stmt, 0))) < 0)
			continue;
		for (i = 0; i < n; i++)
			REPORT_N(c->rep, r, to[i]) =
			    stmt_column_int64(stmt, i + 1);
	}
	stmt_reset(stmt);
	return rc == -1 ? c->err->status : 0;
}

/* Rates are of the promises settled either way: open ones are not yet. */
static void
rates_set(struct report *rep, int r)
{
	report_permille(REPORT_CELL(rep, r, C_RATE),
	    REPORT_N(rep, r, C_COLLECTED), REPORT_N(rep, r, C_DUE));
	report_permille(REPORT_CELL(rep, r, C_KEPT_RATE),
	    REPORT_N(rep, r, C_KEPT),
	    REPORT_N(rep, r, C_KEPT) + REPORT_N(rep, r, C_BROKEN));
}

static int
collections_fill(struct collections *c)
{
	static const int due_to[] = { C_DUE };
	static const int collected_to[] = { C_COLLECTED };
	static const int promises_to[] = { C_PROMISES, C_KEPT, C_BROKEN };
	static const int summed[] = { C_DUE, C_COLLECTED, C_PROMISES, C_KEPT,
		C_BROKEN };
	int r, t, i;

	if (report_collectors_load(c->st, c->sc, c->rep, C_AGENT, &c->ids,
	    c->err) != 0 ||
	    figures_load(c, due_sql, due_to, 1, "reading installments") != 0 ||
	    figures_load(c, collected_sql, collected_to, 1,
	    "reading payments") != 0 ||
	    figures_load(c, promises_sql, promises_to, 3,
	    "reading promises") != 0)
		return c->err->status;
	if ((t = report_row_add(c->rep, c->err)) < 0 ||
	    report_set_text(c->rep, t, C_AGENT, "Total", c->err) != 0)
		return c->err->status;
	for (r = 0; r < t; r++) {
		rates_set(c->rep, r);
		for (i = 0; i < (int)(sizeof summed / sizeof summed[0]); i++)
			REPORT_N(c->rep, t, summed[i]) +=
			    REPORT_N(c->rep, r, summed[i]);
	}
	rates_set(c->rep, t);
	c->rep->total = 1;
	return 0;
}

int
report_collections(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	struct collections c = { st, sc, rep, err, NULL };
	int rc;

	if (report_begin(rep, "Collections", sc, cols, NCOLS, err) != 0)
		return err->status;
	rc = collections_fill(&c);
	free(c.ids);
	/*
	 * The chart draws one figure per bar or a stack of parts; due and
	 * collected are neither parts of one whole nor one figure, so the
	 * bars are what was collected and the rate is in the table.
	 */
	rep->chart = CHART_BARS;
	rep->chart_from = rep->chart_to = C_COLLECTED;
	rep->label_col = C_AGENT;
	return rc;
}
