/*
 * The trend report: calls, connects and conversions per day, one
 * sparkline each, per rep and for the floor, over at most the last 30
 * days of the period (the title says so when it cut the period).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reportint.h"

#define TREND_DAYS 30

enum {
	T_REP, T_CALLS_BY_DAY, T_CONNECTS_BY_DAY, T_CONV_BY_DAY, T_CALLS,
	T_CONNECTS, T_CONV, T_NCOLS
};

static const struct report_col cols[T_NCOLS] = {
	{ "Rep", RK_TEXT },
	{ "Calls by day", RK_SERIES },
	{ "Connects by day", RK_SERIES },
	{ "Conversions by day", RK_SERIES },
	{ "Calls", RK_INT },
	{ "Connects", RK_INT },
	{ "Conversions", RK_INT },
};

/* Reps in scope: active reps, and whoever logged a call in the period. */
/*
 * By quarter hour of UTC: each local midnight falls on one, so C puts
 * each group in its day with no date arithmetic in SQL per call.
 */
#define CALLS_SQL(cross) \
    "SELECT u.id, c.started_at / 900, count(*), coalesce(sum(d.contact), 0)," \
    " coalesce(" REPORT_COUNT_IF("d.status = 'Converted'") ", 0)" \
    " FROM users u" cross "calls c ON c.user_id = u.id" \
    "  AND c.started_at >= ?1 AND c.started_at < ?2" \
    " JOIN dispositions d ON d.id = c.disposition_id" \
    " WHERE " REPORT_USER_IN("u.id") " AND " REPORT_CALL_LEAD_IN("c") \
    " GROUP BY 1, 2"
static const char calls_lite[] = CALLS_SQL(REPORT_CROSS_LITE);
static const char calls_pg[] = CALLS_SQL(REPORT_CROSS_PG);

struct trend {
	struct store *st;
	struct report_scope sc;	/* the period cut to its last 30 days */
	struct report *rep;
	struct err *err;
	time_t day[TREND_DAYS + 1];	/* each day's start, then the end */
	int ndays;
	int64_t *ids;		/* row r's user id */
	long long *n;		/* (nrows + 1) x 3 x TREND_DAYS: the floor last */
};

/* The first local midnight after at. */
static time_t
midnight_after(time_t at)
{
	struct tm tm;

	localtime_r(&at, &tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/*
 * The local days of [from, to): the first starts at from, the others at
 * local midnight. Keeps the last TREND_DAYS of them; 1 when it cut.
 */
static int
days_split(struct trend *t, time_t from, time_t to)
{
	time_t start[TREND_DAYS + 4], next;
	int n, cut = 0, i;

	/* A longer period: start a day or two before its last 30 days. */
	if (to - from > (time_t)(TREND_DAYS + 2) * 86400) {
		from = midnight_after(to - (time_t)(TREND_DAYS + 2) * 86400);
		cut = 1;
	}
	start[0] = from;
	for (n = 1; n < TREND_DAYS + 4; n++) {
		if ((next = midnight_after(start[n - 1])) >= to ||
		    next <= start[n - 1])
			break;
		start[n] = next;
	}
	cut |= n > TREND_DAYS;
	t->ndays = n > TREND_DAYS ? TREND_DAYS : n;
	for (i = 0; i < t->ndays; i++)
		t->day[i] = start[n - t->ndays + i];
	t->day[t->ndays] = to;
	return cut;
}

/* The day index of moment at (within the period). */
static int
day_of(const struct trend *t, time_t at)
{
	int lo = 0, hi = t->ndays - 1, mid;

	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (t->day[mid] <= at)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Adds a group's figures to row r's days and to the floor's. */
static void
figures_add(struct trend *t, int r, int day, struct stmt *stmt)
{
	size_t floor = (size_t)t->rep->nrows * 3 * TREND_DAYS;
	size_t at = (size_t)r * 3 * TREND_DAYS;
	long long v;
	int k;

	for (k = 0; k < 3; k++) {
		v = stmt_column_int64(stmt, 2 + k);
		if (r >= 0)
			t->n[at + (size_t)k * TREND_DAYS + (size_t)day] += v;
		t->n[floor + (size_t)k * TREND_DAYS + (size_t)day] += v;
	}
}

static int
calls_load(struct trend *t)
{
	int64_t user = 0, id;
	struct stmt *stmt;
	int rc, r = -1;

	if ((stmt = stmt_get(t->st, SQL_BOTH(t->st, calls_lite, calls_pg),
	    t->err)) == NULL)
		return t->err->status;
	report_bind(stmt, &t->sc);
	while ((rc = db_step(t->st, stmt, t->err, "reading calls")) ==
	    DB_ROW) {
		if ((id = stmt_column_int64(stmt, 0)) != user) {
			user = id;
			for (r = t->rep->nrows - 1; r >= 0; r--)
				if (t->ids[r] == id)
					break;
		}
		figures_add(t, r, day_of(t, (time_t)stmt_column_int64(stmt,
		    1) * 900), stmt);
	}
	stmt_reset(stmt);
	return rc == -1 ? t->err->status : 0;
}

/* Row r's series and totals from t->n's row from. */
static int
row_fill(struct trend *t, int r, int from)
{
	const long long *v;
	int k, i;

	for (k = 0; k < 3; k++) {
		v = t->n + ((size_t)from * 3 + (size_t)k) * TREND_DAYS;
		if (report_set_series(t->rep, r, T_CALLS_BY_DAY + k, v,
		    t->ndays, t->err) != 0)
			return t->err->status;
		for (i = 0; i < t->ndays; i++)
			REPORT_N(t->rep, r, T_CALLS + k) += v[i];
	}
	return 0;
}

static int
trend_fill(struct trend *t)
{
	int nreps, r;

	if (report_people_load(t->st, &t->sc, t->rep, T_REP, &t->ids,
	    t->err) != 0)
		return t->err->status;
	nreps = t->rep->nrows;
	if ((t->n = calloc((size_t)(nreps + 1) * 3 * TREND_DAYS,
	    sizeof *t->n)) == NULL)
		return err_set(t->err, EX_OSERR, "out of memory");
	if (calls_load(t) != 0)
		return t->err->status;
	for (r = 0; r < nreps; r++)
		if (row_fill(t, r, r) != 0)
			return t->err->status;
	if ((r = report_row_add(t->rep, t->err)) < 0 ||
	    report_set_text(t->rep, r, T_REP, "Floor", t->err) != 0)
		return t->err->status;
	t->rep->total = 1;
	return row_fill(t, r, nreps);
}

int
report_trend(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	struct trend t;
	char *title;
	size_t len;
	int cut, rc;

	memset(&t, 0, sizeof t);
	t.st = st;
	t.sc = *sc;
	t.rep = rep;
	t.err = err;
	cut = days_split(&t, sc->from, sc->to);
	t.sc.from = t.day[0];
	if (report_begin(rep, "Trend", &t.sc, cols, T_NCOLS, err) != 0)
		return err->status;
	if (cut) {
		len = strlen(rep->title) + 32;
		if ((title = malloc(len)) == NULL)
			return err_set(err, EX_OSERR, "out of memory");
		snprintf(title, len, "%s (the period's last %d days)",
		    rep->title, TREND_DAYS);
		free(rep->title);
		rep->title = title;
	}
	rc = trend_fill(&t);
	free(t.ids);
	free(t.n);
	rep->chart = CHART_SPARK;
	rep->chart_from = T_CALLS_BY_DAY;
	rep->chart_to = T_CONV_BY_DAY;
	rep->label_col = T_REP;
	return rc;
}
