#include <stdio.h>
#include <string.h>

#include "reportint.h"

/*
 * Each rep's attendance events in the period, after the last one before
 * it (the state the period opens in). Reps in scope only; the lead
 * filters (region, source, batch) do not apply to attendance.
 */
static const char events_sql[] =
    "SELECT a.user_id, u.login, a.state, coalesce(c.name, ''),"
    " coalesce(c.limit_minutes, 0), a.at FROM attendance a"
    " JOIN users u ON u.id = a.user_id"
    " LEFT JOIN choices c ON c.id = a.reason_id"
    " WHERE a.at < ?2 AND a.at >= coalesce((SELECT max(b.at)"
    "  FROM attendance b WHERE b.user_id = a.user_id AND b.at < ?1), ?1)"
    " AND " REPORT_USER_IN("a.user_id")
    " ORDER BY u.login, a.user_id, a.at, a.id";

enum { C_REP, C_DAY, C_FIRST_IN, C_LAST_OUT, C_TIME_IN, C_PAUSED, C_OVER,
	C_PAUSES, NCOLS };

static const struct report_col cols[NCOLS] = {
	{ "rep", RK_TEXT }, { "day", RK_TEXT }, { "first in", RK_TIME },
	{ "last out", RK_TIME }, { "time in", RK_SECONDS },
	{ "paused", RK_SECONDS }, { "over limit", RK_INT },
	{ "pauses", RK_TEXT },
};

/* A rep's state between two events, and the row of the day it is in. */
struct walk {
	int64_t user;
	char    login[64];
	char    state;		/* 'i', 'p', 'o' */
	time_t  since;		/* of the state, clipped to the period */
	char    reason[64];
	int     limit;		/* the pause reason's, in minutes; 0 none */
	time_t  pause_at;	/* when the pause began, not clipped */
	int     row;		/* the row of day day_start, or -1 */
	time_t  day_start, day_end;
	char    pauses[1024];	/* the day's pauses as text */
};

static void
day_bounds(time_t t, time_t *start, time_t *end)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*start = mktime(&tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*end = mktime(&tm);
}

/* The row of w's rep for the day holding t, added when it is new. */
static int
day_row(struct report *rep, struct walk *w, time_t t, struct err *err)
{
	char day[16];
	struct tm tm;
	int r;

	if (w->row >= 0 && t >= w->day_start && t < w->day_end)
		return w->row;
	if (w->row >= 0 && w->pauses[0] != '\0' && report_set_text(rep, w->row,
	    C_PAUSES, w->pauses, err) != 0)
		return -1;
	w->pauses[0] = '\0';
	day_bounds(t, &w->day_start, &w->day_end);
	strftime(day, sizeof day, "%Y-%m-%d", localtime_r(&t, &tm));
	if ((r = report_row_add(rep, err)) < 0 ||
	    report_set_text(rep, r, C_REP, w->login, err) != 0 ||
	    report_set_text(rep, r, C_DAY, day, err) != 0)
		return -1;
	REPORT_CELL(rep, r, C_FIRST_IN)->empty = 1;
	REPORT_CELL(rep, r, C_LAST_OUT)->empty = 1;
	return w->row = r;
}

/* Adds the time from w->since to until to the days it spans. */
static int
span_add(struct report *rep, struct walk *w, time_t until, struct err *err)
{
	time_t t = w->since, end;
	int r;

	while (t < until) {
		if ((r = day_row(rep, w, t, err)) < 0)
			return err->status;
		end = until < w->day_end ? until : w->day_end;
		REPORT_N(rep, r, C_TIME_IN) += end - t;
		if (w->state == 'p')
			REPORT_N(rep, r, C_PAUSED) += end - t;
		t = end;
	}
	return 0;
}

/*
 * Notes the pause that ended at end in the text of the day it began:
 * "Lunch 12:00 72m OVER 60". Minutes round up, so a pause reads over its
 * limit exactly when it is longer.
 */
static int
pause_note(struct report *rep, struct walk *w, time_t end, struct err *err)
{
	long long min = (end - w->pause_at + 59) / 60;
	size_t used = strlen(w->pauses);
	char at[8];
	struct tm tm;
	int r, over = w->limit > 0 && min > w->limit;

	if ((r = day_row(rep, w, w->pause_at, err)) < 0)
		return err->status;
	strftime(at, sizeof at, "%H:%M", localtime_r(&w->pause_at, &tm));
	snprintf(w->pauses + used, sizeof w->pauses - used, "%s%s %s %lldm",
	    used ? ", " : "", w->reason, at, min);
	used = strlen(w->pauses);
	if (over)
		snprintf(w->pauses + used, sizeof w->pauses - used,
		    " OVER %d", w->limit);
	REPORT_N(rep, r, C_OVER) += over;
	return 0;
}

/* The period's times: before it nothing counts, after it (or now) neither. */
static time_t
clip(const struct report_scope *sc, time_t t)
{
	time_t end = sc->now < sc->to ? sc->now : sc->to;

	return t < sc->from ? sc->from : t > end ? end : t;
}

/* Ends w's state at t (clipped): its time counted, its pause noted. */
static int
state_end(struct report *rep, const struct report_scope *sc, struct walk *w,
    time_t at, struct err *err)
{
	time_t t = clip(sc, at);

	if (w->state == 'p' && w->pause_at >= sc->from &&
	    pause_note(rep, w, t, err) != 0)
		return err->status;
	if (w->state != 'o' && span_add(rep, w, t, err) != 0)
		return err->status;
	w->since = t;
	return 0;
}

static int
event_take(struct report *rep, const struct report_scope *sc,
    struct walk *w, struct stmt *stmt, struct err *err)
{
	const char *state = col_text(stmt, 2);
	time_t at = (time_t)stmt_column_int64(stmt, 5);
	int r;

	if (state_end(rep, sc, w, at, err) != 0)
		return err->status;
	if (at >= sc->from && state[0] == 'i' && w->state == 'o') {
		if ((r = day_row(rep, w, at, err)) < 0)
			return err->status;
		if (REPORT_CELL(rep, r, C_FIRST_IN)->empty)
			REPORT_N(rep, r, C_FIRST_IN) = at;
		REPORT_CELL(rep, r, C_FIRST_IN)->empty = 0;
	}
	if (at >= sc->from && state[0] == 'o' && w->state != 'o') {
		if ((r = day_row(rep, w, at, err)) < 0)
			return err->status;
		REPORT_N(rep, r, C_LAST_OUT) = at;
		REPORT_CELL(rep, r, C_LAST_OUT)->empty = 0;
	}
	w->state = state[0];
	w->pause_at = at;
	snprintf(w->reason, sizeof w->reason, "%s", col_text(stmt, 3));
	w->limit = stmt_column_int(stmt, 4);
	return 0;
}

/* Closes w's rep: the state still running counts to the period's end. */
static int
rep_close(struct report *rep, const struct report_scope *sc, struct walk *w,
    struct err *err)
{
	if (w->user == 0)
		return 0;
	if (state_end(rep, sc, w, sc->to, err) != 0)
		return err->status;
	if (w->row >= 0 && w->pauses[0] != '\0' && report_set_text(rep, w->row,
	    C_PAUSES, w->pauses, err) != 0)
		return err->status;
	return 0;
}

static int
rep_open(struct report *rep, const struct report_scope *sc, struct walk *w,
    struct stmt *stmt, struct err *err)
{
	if (rep_close(rep, sc, w, err) != 0)
		return err->status;
	memset(w, 0, sizeof *w);
	w->user = stmt_column_int64(stmt, 0);
	snprintf(w->login, sizeof w->login, "%s", col_text(stmt, 1));
	w->state = 'o';
	w->row = -1;
	return 0;
}

static int
attendance_total(struct report *rep, struct err *err)
{
	int r, t;

	if ((t = report_row_add(rep, err)) < 0 ||
	    report_set_text(rep, t, C_REP, "Total", err) != 0)
		return err->status;
	REPORT_CELL(rep, t, C_FIRST_IN)->empty = 1;
	REPORT_CELL(rep, t, C_LAST_OUT)->empty = 1;
	for (r = 0; r < t; r++) {
		REPORT_N(rep, t, C_TIME_IN) += REPORT_N(rep, r, C_TIME_IN);
		REPORT_N(rep, t, C_PAUSED) += REPORT_N(rep, r, C_PAUSED);
		REPORT_N(rep, t, C_OVER) += REPORT_N(rep, r, C_OVER);
	}
	rep->total = 1;
	return 0;
}

int
report_attendance(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	struct walk w = { .row = -1 };
	struct stmt *stmt;
	int rc;

	if (report_begin(rep, "Attendance", sc, cols, NCOLS, err) != 0 ||
	    (stmt = stmt_get(st, events_sql, err)) == NULL)
		return err->status;
	rep->chart = CHART_BARS;
	rep->chart_from = rep->chart_to = C_TIME_IN;
	rep->label_col = C_REP;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the attendance report")) ==
	    DB_ROW) {
		if (stmt_column_int64(stmt, 0) != w.user &&
		    rep_open(rep, sc, &w, stmt, err) != 0)
			break;
		if (event_take(rep, sc, &w, stmt, err) != 0)
			break;
	}
	stmt_reset(stmt);
	if (rc == -1 || err->status || rep_close(rep, sc, &w, err) != 0)
		return err->status;
	return attendance_total(rep, err);
}
