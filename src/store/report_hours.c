/*
 * The hours report: the connect rate by the lead's local weekday and
 * hour, when to call whom. The lead's zone is the first of its zones.
 * SQL groups the calls by zone and quarter hour of UTC (every zone's
 * offset is a whole number of quarter hours and changes on one), and C
 * maps each group to its local hour: the zone lookups are per group and
 * per month of the period, never per call.
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

/*
 * Grouped by lead first, so the leads are read in id order (a page
 * once) rather than a random page per call.
 */
static const char calls_sql[] =
    "SELECT l.timezone, g.q, g.n, g.k FROM"
    " (SELECT c.lead_id AS lead, c.started_at / 900 AS q, count(*) AS n,"
    "  coalesce(sum(d.contact), 0) AS k"
    "  FROM users u CROSS JOIN calls c ON c.user_id = u.id"
    "   AND c.started_at >= ?1 AND c.started_at < ?2"
    "  JOIN dispositions d ON d.id = c.disposition_id"
    "  WHERE " REPORT_USER_IN("u.id") " GROUP BY 1, 2) g"
    " CROSS JOIN leads l ON l.id = g.lead"
    " WHERE " REPORT_LEAD_IN("l")
    "  AND l.timezone IS NOT NULL AND l.timezone <> ''";

/* Offsets change at most twice a year, months apart: sampled this often. */
#define SAMPLE (28 * 86400)

/* A zone's offsets over the period: off[i] from at[i] on. */
struct zone_line {
	int     n, cap;
	time_t *at;
	long   *off;
};

/*
 * The first quarter hour in (lo, hi] with an offset other than was,
 * lo having it: a binary search, for a change between two samples.
 */
static time_t
change_find(const char *zone, time_t lo, time_t hi, long was)
{
	time_t mid;

	while (hi - lo > 900) {
		mid = lo + (hi - lo) / 2;
		mid -= mid % 900;
		if (mid <= lo)
			mid = lo + 900 - lo % 900;
		if (mid >= hi)
			break;
		if (hours_offset(zone, mid) == was)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/*
 * Samples the zone every SAMPLE and finds each change between samples
 * by halving: three or four lookups a zone for a month.
 */
static int
line_build(struct zone_line *z, const char *zone, time_t from, time_t to,
    struct err *err)
{
	int cap = (int)((to - from) / SAMPLE) + 3;
	time_t t, last = from;
	long o;

	if (cap > z->cap) {
		free(z->at);
		free(z->off);
		z->cap = 0;
		if ((z->at = malloc((size_t)cap * sizeof *z->at)) == NULL ||
		    (z->off = malloc((size_t)cap * sizeof *z->off)) == NULL)
			return err_set(err, EX_OSERR, "out of memory");
		z->cap = cap;
	}
	z->at[0] = from;
	z->off[0] = hours_offset(zone, from);
	z->n = 1;
	for (t = from + SAMPLE; last < to - 1 && z->n < z->cap; t += SAMPLE) {
		if (t > to - 1)
			t = to - 1;
		if ((o = hours_offset(zone, t)) != z->off[z->n - 1]) {
			z->at[z->n] = change_find(zone, last, t,
			    z->off[z->n - 1]);
			z->off[z->n++] = o;
		}
		last = t;
	}
	return 0;
}

static long
line_offset(const struct zone_line *z, time_t t)
{
	int i = z->n - 1;

	if (z->n == 0)
		return 0;	/* a zone list starting with a blank */
	while (i > 0 && z->at[i] > t)
		i--;
	return z->off[i];
}

struct grid {
	long long calls[7][24], connects[7][24];
};

/* Adds a group of calls at quarter hour t of a zone offset off east. */
static void
grid_add(struct grid *g, time_t t, long off, long long calls,
    long long connects)
{
	long long local = (long long)t + off;
	long long day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int hour = (int)((local - day * 86400) / 3600);
	int wday = (int)(((day + 3) % 7 + 7) % 7);	/* 1970-01-01: Thu */

	g->calls[wday][hour] += calls;
	g->connects[wday][hour] += connects;
}

/* The zone lines of the zone lists met so far, by the list's text. */
#define ZONE_SLOTS 512

struct zone_slot {
	char text[96];
	struct zone_line line;
};

static unsigned
text_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The line of the first zone of list (a leads.timezone), built once. */
static const struct zone_line *
zone_lookup(struct zone_slot *slot, const char *list,
    const struct report_scope *sc, struct err *err)
{
	char text[96], zone[48];
	unsigned h, i;
	size_t len;

	snprintf(text, sizeof text, "%s", list);
	h = text_hash(text);
	for (i = 0; i < ZONE_SLOTS; i++) {
		struct zone_slot *z = &slot[(h + i) % ZONE_SLOTS];

		if (z->text[0] == '\0')
			break;
		if (strcmp(z->text, text) == 0)
			return &z->line;
	}
	/* A full table (hundreds of zone lists) reuses a slot. */
	slot = &slot[(h + (i < ZONE_SLOTS ? i : 0)) % ZONE_SLOTS];
	memcpy(slot->text, text, sizeof text);
	len = strcspn(list, " ");
	snprintf(zone, sizeof zone, "%.*s", (int)(len < sizeof zone ? len :
	    sizeof zone - 1), list);
	if (line_build(&slot->line, zone, sc->from, sc->to, err) != 0)
		return NULL;
	return &slot->line;
}

static int
grid_read(struct store *st, const struct report_scope *sc, struct grid *g,
    struct zone_slot *slot, struct err *err)
{
	const struct zone_line *z;
	sqlite3_stmt *stmt;
	time_t t;
	int rc;

	if ((stmt = stmt_get(st, calls_sql, err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading calls")) == SQLITE_ROW) {
		if ((z = zone_lookup(slot, col_text(stmt, 0), sc, err)) ==
		    NULL)
			break;
		t = (time_t)sqlite3_column_int64(stmt, 1) * 900;
		grid_add(g, t, line_offset(z, t),
		    sqlite3_column_int64(stmt, 2),
		    sqlite3_column_int64(stmt, 3));
	}
	sqlite3_reset(stmt);
	return rc == -1 || err->status ? err->status : 0;
}

static int
grid_load(struct store *st, const struct report_scope *sc, struct grid *g,
    struct err *err)
{
	struct zone_slot *slot = calloc(ZONE_SLOTS, sizeof *slot);
	int rc, i;

	if (slot == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	rc = grid_read(st, sc, g, slot, err);
	for (i = 0; i < ZONE_SLOTS; i++) {
		free(slot[i].line.at);
		free(slot[i].line.off);
	}
	free(slot);
	return rc;
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
