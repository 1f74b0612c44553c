/*
 * Reports: the floor's figures over a period, as a table of typed cells
 * and the chart that goes with it. The store computes them (all SQL is
 * there), scoped to who asks: analysts and admins see the floor, team
 * leads their team, reps only their own figures. The CLI prints a
 * report as a table, CSV or JSON; the Reports pane draws it and its chart.
 */
#ifndef CALLQ_REPORT_H
#define CALLQ_REPORT_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

/* How a cell's number reads; the CLI and the pane format it alike. */
enum report_kind {
	RK_TEXT,	/* s */
	RK_INT,		/* n: a count */
	RK_CENTS,	/* n: money, "1750.00" */
	RK_SECONDS,	/* n: a duration, "1:02:03" */
	RK_DAYS,	/* n: a duration in seconds, read in days, "3.4" */
	RK_PERMILLE,	/* n: a rate or share in tenths of a percent, "41.7%" */
	RK_TIME,	/* n: unix seconds, shown in the viewer's zone; 0 empty */
	RK_SERIES,	/* series/nseries: one value per day, for sparklines */
};

struct report_col {
	const char      *name;	/* the header, and the CSV/JSON key */
	enum report_kind kind;
};

struct report_cell {
	long long  n;
	char      *s;		/* RK_TEXT; NULL reads as "" (null in JSON) */
	long long *series;	/* RK_SERIES */
	int        nseries;
	int        empty;	/* no figure (a rate of nothing): "-", null */
};

enum report_chart {
	CHART_NONE,
	CHART_BARS,	/* one bar per row, of column chart_from */
	CHART_STACKED,	/* one bar per row, of columns chart_from..chart_to */
	CHART_SPARK,	/* the RK_SERIES columns, one sparkline per cell */
	CHART_HEAT,	/* rows x columns chart_from..chart_to, shaded */
};

struct report {
	char              *title;	/* "Agents, 2026-11-01 to 2026-11-30" */
	int                ncols, nrows;
	struct report_col *cols;
	struct report_cell *cells;	/* nrows * ncols, row by row */
	int                total;	/* the last row is a total row */
	enum report_chart  chart;
	int                chart_from, chart_to;
	int                label_col;	/* the column naming each row */
	void              *owned;	/* freed with it: columns named at run time */
};

/* The cell at row r, column c. */
#define REPORT_CELL(rep, r, c) (&(rep)->cells[(size_t)(r) * (rep)->ncols + (c)])

/* What a report is asked for: a period [from, to) and filters. */
struct report_query {
	time_t      from, to;
	const char *team;	/* team name, or NULL: every team in scope */
	const char *rep;	/* login, or NULL */
	const char *region;	/* region name, or NULL */
	const char *source;	/* source name, or NULL */
	int64_t     batch;	/* import batch id, or 0 */
	const char *by;		/* dispositions, lists: "rep", "region",
				   "source", "day", "batch"; NULL: the first */
	time_t      now;	/* "now" for figures such as still callable */
};

struct report_scope;	/* the query resolved in who's scope */

struct report_def {
	const char *name;	/* "agents" */
	const char *title;	/* "Agents" */
	const char *about;	/* one line for the pane's list and --help */
	const char *const *by;	/* the groupings it takes, NULL-ended, or NULL */
	const char *period;	/* the period when none is asked for */
	int (*run)(struct store *, const struct report_scope *,
	    struct report *, struct err *);
};

/* Every report, in the order the pane lists them; NULL-ended. */
extern const struct report_def report_defs[];

/* The report named name, or NULL. */
const struct report_def *report_find(const char *name);

/*
 * Runs def for who over q into a report the caller frees with
 * report_free. A filter outside who's scope (a rep naming another rep, a
 * team lead another team) is refused with EX_NOPERM and nothing else; a
 * filter naming nothing that exists is EX_DATAERR. Reads only: never
 * holds a write lock.
 */
int store_report(struct store *st, const struct actor *who,
    const struct report_def *def, const struct report_query *q,
    struct report **out, struct err *err);

void report_free(struct report *rep);

/*
 * A cell as text, as the table and CSV show it (times in the local zone,
 * money in units, durations h:mm:ss, rates with one decimal and "%").
 */
void report_cell_text(const struct report *rep, int r, int c, char *buf,
    size_t size);

#endif
