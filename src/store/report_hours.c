/*
 * The hours report: the connect rate by the lead's local weekday and
 * hour, when to call whom. Each call keeps its hour of the week in the
 * lead's first zone (calls.local_slot, set as the call is written), so
 * a month of a big floor is one range of the calls_report index and no
 * lead is read; a lead whose zone changes later keeps its past calls in
 * the hours they were made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reportint.h"

#define HOUR_FIRST 8
#define HOUR_LAST 20
#define NHOURS (HOUR_LAST - HOUR_FIRST + 1)

enum { H_DAY, H_HOUR, H_CALLS = H_HOUR + NHOURS, H_RATE, H_NCOLS };

/*
 * 08 to 20: the default calling hours (08:00-21:00) in every zone. Calls
 * outside them still count in the weekday's Calls and Connect rate.
 */
static const struct report_col cols[H_NCOLS] = {
	{ "Day", RK_TEXT },
	{ "08", RK_PERMILLE }, { "09", RK_PERMILLE }, { "10", RK_PERMILLE },
	{ "11", RK_PERMILLE }, { "12", RK_PERMILLE }, { "13", RK_PERMILLE },
	{ "14", RK_PERMILLE }, { "15", RK_PERMILLE }, { "16", RK_PERMILLE },
	{ "17", RK_PERMILLE }, { "18", RK_PERMILLE }, { "19", RK_PERMILLE },
	{ "20", RK_PERMILLE },
	{ "Calls", RK_INT },
	{ "Connect rate", RK_PERMILLE },
};

_Static_assert(sizeof cols / sizeof cols[0] == H_NCOLS, "an hour each");

#define CALLS_SQL(cross) \
    "SELECT c.local_slot, count(*), coalesce(sum(d.contact), 0)" \
    " FROM users u" cross "calls c ON c.user_id = u.id" \
    "  AND c.started_at >= ?1 AND c.started_at < ?2" \
    " JOIN dispositions d ON d.id = c.disposition_id" \
    " WHERE " REPORT_USER_IN("u.id") " AND " REPORT_CALL_LEAD_IN("c") \
    "  AND c.local_slot IS NOT NULL GROUP BY 1"
static const char calls_lite[] = CALLS_SQL(REPORT_CROSS_LITE);
static const char calls_pg[] = CALLS_SQL(REPORT_CROSS_PG);

struct grid {
	long long calls[7][24], connects[7][24];
};

static int
grid_load(struct store *st, const struct report_scope *sc, struct grid *g,
    struct err *err)
{
	struct stmt *stmt;
	int rc, slot;

	if ((stmt = stmt_get(st, SQL_BOTH(st, calls_lite, calls_pg),
	    err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading calls")) == DB_ROW) {
		slot = stmt_column_int(stmt, 0);
		if (slot < 0 || slot >= 7 * 24)
			continue;	/* the schema's CHECK keeps it in range */
		g->calls[slot / 24][slot % 24] += stmt_column_int64(stmt, 1);
		g->connects[slot / 24][slot % 24] +=
		    stmt_column_int64(stmt, 2);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

static void
rate_set(struct report *rep, int r, int c, long long num, long long den)
{
	if (den == 0)
		REPORT_CELL(rep, r, c)->empty = 1;
	else
		REPORT_N(rep, r, c) = num * 1000 / den;
}

int
report_hours(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat", "Sun" };
	struct grid g;
	long long calls, connects;
	int d, h, r;

	memset(&g, 0, sizeof g);
	if (report_begin(rep, "Hours", sc, cols, H_NCOLS, err) != 0 ||
	    grid_load(st, sc, &g, err) != 0)
		return err->status;
	for (d = 0; d < 7; d++) {
		if ((r = report_row_add(rep, err)) < 0 ||
		    report_set_text(rep, r, H_DAY, days[d], err) != 0)
			return err->status;
		calls = connects = 0;
		for (h = 0; h < 24; h++) {
			calls += g.calls[d][h];
			connects += g.connects[d][h];
			if (h >= HOUR_FIRST && h <= HOUR_LAST)
				rate_set(rep, r, H_HOUR + h - HOUR_FIRST,
				    g.connects[d][h], g.calls[d][h]);
		}
		REPORT_N(rep, r, H_CALLS) = calls;
		rate_set(rep, r, H_RATE, connects, calls);
	}
	rep->chart = CHART_HEAT;
	rep->chart_from = H_HOUR;
	rep->chart_to = H_HOUR + NHOURS - 1;
	rep->label_col = H_DAY;
	return 0;
}
