/*
 * The agents report: per rep, time checked in and paused, calls and what
 * came of them, follow-ups kept, and occupancy; a floor total last. For
 * one rep and today it is the rep's My day, so every figure is read by
 * per-user index ranges (calls_report, attendance_user, followups_user).
 *
 * calls_report (schema 12) holds every column of the call read here, so
 * a month of a big floor's calls is read from the index alone, never a
 * call's row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reportint.h"

enum {
	A_REP, A_IN, A_PAUSED, A_PAUSES, A_CALLS, A_CONNECTS, A_CONTACT_RATE,
	A_CONV, A_CONV_RATE, A_TALK, A_AHT, A_FU_ON_TIME, A_FU_LATE,
	A_FU_MISSED, A_OCCUPANCY, A_NCOLS
};

/*
 * Pauses by reason go in one text cell beside the paused total: reasons
 * are a settings list that grows and changes, and a column each would
 * change the CSV's shape from floor to floor and push the table past 80
 * columns.
 */
static const struct report_col cols[A_NCOLS] = {
	{ "Rep", RK_TEXT },
	{ "Checked in", RK_SECONDS },
	{ "Paused", RK_SECONDS },
	{ "Pauses", RK_TEXT },
	{ "Calls", RK_INT },
	{ "Connects", RK_INT },
	{ "Contact rate", RK_PERMILLE },
	{ "Conversions", RK_INT },
	{ "Conversion rate", RK_PERMILLE },
	{ "Talk", RK_SECONDS },
	{ "Avg handle", RK_SECONDS },
	{ "Follow-ups on time", RK_INT },
	{ "Follow-ups late", RK_INT },
	{ "Follow-ups missed", RK_INT },
	{ "Occupancy", RK_PERMILLE },
};

/* Reps in scope: active reps, and whoever logged a call in the period. */
#define CALLS_SQL(cross) \
    "SELECT u.id, count(*), coalesce(sum(d.contact), 0)," \
    " coalesce(" REPORT_COUNT_IF("d.status = 'Converted'") ", 0)," \
    " coalesce(sum(c.duration_s), 0)" \
    " FROM users u" cross "calls c ON c.user_id = u.id" \
    "  AND c.started_at >= ?1 AND c.started_at < ?2" \
    " JOIN dispositions d ON d.id = c.disposition_id" \
    " WHERE " REPORT_USER_IN("u.id") " AND " REPORT_CALL_LEAD_IN("c") \
    " GROUP BY u.id"
static const char calls_lite[] = CALLS_SQL(REPORT_CROSS_LITE);
static const char calls_pg[] = CALLS_SQL(REPORT_CROSS_PG);

/*
 * Follow-ups due in the period: done by their time, done after it, and
 * still open with their time gone by. Cancelled ones count nowhere.
 */
#define FOLLOWUPS_SQL(cross) \
    "SELECT u.id," \
    " coalesce(" REPORT_COUNT_IF("f.state = 'done' AND f.done_at <= f.due_at") \
    ", 0)," \
    " coalesce(" REPORT_COUNT_IF("f.state = 'done' AND f.done_at > f.due_at") \
    ", 0)," \
    " coalesce(" REPORT_COUNT_IF("f.state = 'open' AND f.due_at < ?8") ", 0)" \
    " FROM users u" cross "followups f ON f.user_id = u.id" \
    "  AND f.state IN ('open', 'done')" \
    "  AND f.due_at >= ?1 AND f.due_at < ?2" \
    " WHERE " REPORT_USER_IN("u.id") " AND " REPORT_ROW_LEAD_IN("f") \
    " GROUP BY u.id"
static const char followups_lite[] = FOLLOWUPS_SQL(REPORT_CROSS_LITE);
static const char followups_pg[] = FOLLOWUPS_SQL(REPORT_CROSS_PG);

/*
 * Each rep's attendance events in the period, from the last one before
 * it (the state the period opens in).
 */
#define ATTENDANCE_SQL(cross) \
    "SELECT u.id, a.state, coalesce(a.reason_id, 0), a.at" \
    " FROM users u" cross "attendance a ON a.user_id = u.id" \
    "  AND a.at >= coalesce((SELECT max(p.at) FROM attendance p" \
    "   WHERE p.user_id = u.id AND p.at < ?1), ?1)" \
    "  AND a.at < ?2 AND a.at < ?8" \
    " WHERE " REPORT_USER_IN("u.id") " ORDER BY u.id, a.at, a.id"
static const char attendance_lite[] = ATTENDANCE_SQL(REPORT_CROSS_LITE);
static const char attendance_pg[] = ATTENDANCE_SQL(REPORT_CROSS_PG);

static const char reasons_sql[] =
    "SELECT id, name FROM choices WHERE list = 'pause'"
    " ORDER BY position, id";

#define REASONS_MAX 64

struct agents {
	struct store *st;
	const struct report_scope *sc;
	struct report *rep;
	struct err *err;
	int64_t *ids;		/* row r's user id */
	long long *paused;	/* nrows x nreasons seconds */
	int nreasons;
	int64_t reason_id[REASONS_MAX];
	char reason[REASONS_MAX][48];
};

/* The row of user id, or -1 when the user is not in the report. */
static int
row_of(const struct agents *a, int64_t id)
{
	int r;

	for (r = 0; r < a->rep->nrows; r++)
		if (a->ids[r] == id)
			return r;
	return -1;
}

static int
reasons_load(struct agents *a)
{
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(a->st, reasons_sql, a->err)) == NULL)
		return a->err->status;
	while ((rc = db_step(a->st, stmt, a->err, "reading pause reasons")) ==
	    DB_ROW && a->nreasons < REASONS_MAX) {
		a->reason_id[a->nreasons] = stmt_column_int64(stmt, 0);
		snprintf(a->reason[a->nreasons], sizeof a->reason[0], "%s",
		    col_text(stmt, 1));
		a->nreasons++;
	}
	stmt_reset(stmt);
	return rc == -1 ? a->err->status : 0;
}

/* Runs sql and copies its columns 1..n into each rep's columns to[]. */
static int
figures_load(struct agents *a, const char *sql, const int *to, int n,
    const char *what)
{
	struct stmt *stmt;
	int rc, r, i;

	if ((stmt = stmt_get(a->st, sql, a->err)) == NULL)
		return a->err->status;
	report_bind(stmt, a->sc);
	while ((rc = db_step(a->st, stmt, a->err, what)) == DB_ROW) {
		if ((r = row_of(a, stmt_column_int64(stmt, 0))) < 0)
			continue;
		for (i = 0; i < n; i++)
			REPORT_N(a->rep, r, to[i]) =
			    stmt_column_int64(stmt, i + 1);
	}
	stmt_reset(stmt);
	return rc == -1 ? a->err->status : 0;
}

/* Adds the time from since to until, clipped to the period, to state's. */
static void
span_add(struct agents *a, int r, char state, int64_t reason, time_t since,
    time_t until)
{
	time_t from = since > a->sc->from ? since : a->sc->from;
	int i;

	if (r < 0 || until <= from)
		return;
	if (state == 'i') {
		REPORT_N(a->rep, r, A_IN) += until - from;
		return;
	}
	if (state != 'p')
		return;
	REPORT_N(a->rep, r, A_PAUSED) += until - from;
	for (i = 0; i < a->nreasons; i++)
		if (a->reason_id[i] == reason)
			a->paused[(size_t)r * REASONS_MAX + i] += until - from;
}

static int
attendance_load(struct agents *a)
{
	time_t end = a->sc->to < a->sc->now ? a->sc->to : a->sc->now, at;
	int64_t user = 0, reason = 0, id;
	struct stmt *stmt;
	char state = 'o';
	time_t since = 0;
	int rc, r = -1;

	if ((stmt = stmt_get(a->st, SQL_BOTH(a->st, attendance_lite,
	    attendance_pg), a->err)) == NULL)
		return a->err->status;
	report_bind(stmt, a->sc);
	while ((rc = db_step(a->st, stmt, a->err, "reading attendance")) ==
	    DB_ROW) {
		id = stmt_column_int64(stmt, 0);
		at = (time_t)stmt_column_int64(stmt, 3);
		if (id != user) {
			span_add(a, r, state, reason, since, end);
			user = id;
			r = row_of(a, id);
		} else {
			span_add(a, r, state, reason, since, at);
		}
		state = col_text(stmt, 1)[0];
		reason = stmt_column_int64(stmt, 2);
		since = at;
	}
	stmt_reset(stmt);
	span_add(a, r, state, reason, since, end);
	return rc == -1 ? a->err->status : 0;
}

/* "Lunch 0:45:00, Short break 0:12:00": the reasons with time, in order. */
static int
pauses_text(struct agents *a, int r, const long long *secs)
{
	char buf[1024] = "";
	size_t used = 0;
	int i, n;

	for (i = 0; i < a->nreasons && used < sizeof buf; i++) {
		if (secs[i] == 0)
			continue;
		n = snprintf(buf + used, sizeof buf - used,
		    "%s%s %lld:%02lld:%02lld", used ? ", " : "", a->reason[i],
		    secs[i] / 3600, secs[i] / 60 % 60, secs[i] % 60);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return report_set_text(a->rep, r, A_PAUSES, buf, a->err);
}

/* A rate in permille of num over den; empty when den is 0. */
static void
rate_set(struct report *rep, int r, int c, long long num, long long den)
{
	if (den == 0)
		REPORT_CELL(rep, r, c)->empty = 1;
	else
		REPORT_N(rep, r, c) = num * 1000 / den;
}

static void
derived_set(struct report *rep, int r)
{
	long long calls = REPORT_N(rep, r, A_CALLS);

	rate_set(rep, r, A_CONTACT_RATE, REPORT_N(rep, r, A_CONNECTS), calls);
	rate_set(rep, r, A_CONV_RATE, REPORT_N(rep, r, A_CONV),
	    REPORT_N(rep, r, A_CONNECTS));
	if (calls == 0)
		REPORT_CELL(rep, r, A_AHT)->empty = 1;
	else
		REPORT_N(rep, r, A_AHT) = REPORT_N(rep, r, A_TALK) / calls;
	rate_set(rep, r, A_OCCUPANCY, REPORT_N(rep, r, A_TALK),
	    REPORT_N(rep, r, A_IN));
}

static int
total_add(struct agents *a)
{
	static const int summed[] = { A_IN, A_PAUSED, A_CALLS, A_CONNECTS,
		A_CONV, A_TALK, A_FU_ON_TIME, A_FU_LATE, A_FU_MISSED };
	long long *secs;
	int n = a->rep->nrows, t, r, i;

	if ((t = report_row_add(a->rep, a->err)) < 0 ||
	    report_set_text(a->rep, t, A_REP, "Total", a->err) != 0)
		return a->err->status;
	secs = a->paused + (size_t)t * REASONS_MAX;
	for (r = 0; r < n; r++) {
		for (i = 0; i < (int)(sizeof summed / sizeof summed[0]); i++)
			REPORT_N(a->rep, t, summed[i]) +=
			    REPORT_N(a->rep, r, summed[i]);
		for (i = 0; i < a->nreasons; i++)
			secs[i] += a->paused[(size_t)r * REASONS_MAX + i];
	}
	derived_set(a->rep, t);
	a->rep->total = 1;
	return pauses_text(a, t, secs);
}

static int
agents_fill(struct agents *a)
{
	static const int calls_to[] = { A_CALLS, A_CONNECTS, A_CONV, A_TALK };
	static const int fu_to[] = { A_FU_ON_TIME, A_FU_LATE, A_FU_MISSED };
	int r;

	if (reasons_load(a) != 0 || report_people_load(a->st, a->sc, a->rep, A_REP,
	    &a->ids, a->err) != 0 ||
	    figures_load(a, SQL_BOTH(a->st, calls_lite, calls_pg), calls_to, 4,
	    "reading calls") != 0 ||
	    figures_load(a, SQL_BOTH(a->st, followups_lite, followups_pg),
	    fu_to, 3, "reading follow-ups") != 0)
		return a->err->status;
	/* One row more than the reps: the total's pauses. */
	if ((a->paused = calloc((size_t)(a->rep->nrows + 1) * REASONS_MAX,
	    sizeof *a->paused)) == NULL)
		return err_set(a->err, EX_OSERR, "out of memory");
	if (attendance_load(a) != 0)
		return a->err->status;
	for (r = 0; r < a->rep->nrows; r++) {
		derived_set(a->rep, r);
		if (pauses_text(a, r, a->paused + (size_t)r * REASONS_MAX) != 0)
			return a->err->status;
	}
	return total_add(a);
}

int
report_agents(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	struct agents a = { st, sc, rep, err, NULL, NULL, 0, { 0 }, { "" } };
	int rc;

	if (report_begin(rep, "Agents", sc, cols, A_NCOLS, err) != 0)
		return err->status;
	rc = agents_fill(&a);
	free(a.ids);
	free(a.paused);
	rep->chart = CHART_BARS;
	rep->chart_from = rep->chart_to = A_CALLS;
	rep->label_col = A_REP;
	return rc;
}
