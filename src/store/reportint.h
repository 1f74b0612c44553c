/*
 * What the reports share inside the store: the resolved scope and
 * filters, bound the same way into every report's SQL, and building the
 * table a report returns.
 */
#ifndef CALLQ_REPORTINT_H
#define CALLQ_REPORTINT_H

#include "callq/report.h"
#include "internal.h"

/*
 * The query with its names resolved to ids and who's scope applied: a
 * rep's user_id is their own, a team lead's team_id their team.
 */
struct report_scope {
	time_t  from, to, now;
	int64_t team_id;	/* 0: any */
	int64_t user_id;	/* 0: any user in scope */
	int64_t region_id, source_id, batch_id;	/* 0: any */
	const char *by;		/* the grouping asked for, or NULL */
};

/*
 * Every report's SQL takes the same parameters, bound by report_bind:
 * ?1 from, ?2 to (the period, [from, to)), ?3 team id, ?4 user id,
 * ?5 region id, ?6 source id, ?7 batch id (0: any), ?8 now.
 * REPORT_USER_IN(u) keeps users (u: a users.id expression) in scope;
 * REPORT_LEAD_IN(l) keeps leads (l: a leads alias) that pass the filters.
 */
#define REPORT_USER_IN(u) \
	"((?4 = 0 OR " u " = ?4) AND (?3 = 0 OR " u " IN" \
	" (SELECT id FROM users WHERE team_id = ?3)))"
#define REPORT_LEAD_IN(l) \
	"((?5 = 0 OR " l ".region_id = ?5) AND (?6 = 0 OR " l ".source_id = ?6)" \
	" AND (?7 = 0 OR " l ".batch_id = ?7))"

/*
 * Keeps rows with a lead_id (r: their alias, a follow-up's) whose lead
 * passes the filters; with no lead filter it reads no lead at all.
 */
#define REPORT_ROW_LEAD_IN(r) \
	"(?5 = 0 AND ?6 = 0 AND ?7 = 0 OR EXISTS (SELECT 1 FROM leads cl" \
	" WHERE cl.id = " r ".lead_id AND " REPORT_LEAD_IN("cl") "))"

/*
 * Keeps calls (c: a calls alias) that pass the filters: by the region and
 * source their lead had when the call was made (kept on the call), and
 * by the lead's import batch; without a batch it reads no lead at all,
 * so a scan of calls stays on calls_report.
 */
#define REPORT_CALL_LEAD_IN(c) \
	"((?5 = 0 OR " c ".region_id = ?5) AND (?6 = 0 OR " c ".source_id = ?6)" \
	" AND (?7 = 0 OR EXISTS (SELECT 1 FROM leads cl" \
	" WHERE cl.id = " c ".lead_id AND cl.batch_id = ?7)))"

void report_bind(struct stmt *stmt, const struct report_scope *sc);

/*
 * A join whose order is the plan: SQLite keeps a CROSS JOIN's order (the
 * reps, then each one's rows by calls_report), PostgreSQL plans a JOIN
 * itself and refuses ON after CROSS JOIN. A statement with one is
 * written as a macro of its join, X(REPORT_CROSS_LITE) for SQLite and
 * X(REPORT_CROSS_PG) for PostgreSQL, and picked with SQL_BOTH.
 */
#define REPORT_CROSS_LITE " CROSS JOIN "
#define REPORT_CROSS_PG " JOIN "

/* sum(cond) counted as both read it: PostgreSQL sums no boolean. */
#define REPORT_COUNT_IF(cond) "sum(CASE WHEN " cond " THEN 1 ELSE 0 END)"

/*
 * What became of a lead (l: a leads alias), as the lists and imports
 * reports count it: called at least once (a call row of any kind), and
 * reached (a call whose disposition is a contact). Triggers keep both
 * columns (schema version 12).
 */
#define REPORT_LEAD_CALLED(l) l ".called"
#define REPORT_LEAD_CONTACTED(l) l ".contacted"

/*
 * n of d in tenths of a percent, rounded down as every report rounds a
 * rate (so 2 of 3 reads 66.6%), into cell; "-" when d is 0.
 */
static inline void
report_permille(struct report_cell *cell, long long n, long long d)
{
	cell->empty = d == 0;
	cell->n = d == 0 ? 0 : n * 1000 / d;
}

/*
 * Starts rep with ncols columns (cols must outlive it) and no rows, and
 * a title "NAME, PERIOD". Returns 0, or EX_OSERR.
 */
int report_begin(struct report *rep, const char *name,
    const struct report_scope *sc, const struct report_col *cols, int ncols,
    struct err *err);

/* Appends a row of empty cells and returns its index, or -1 (EX_OSERR). */
int report_row_add(struct report *rep, struct err *err);

/*
 * Adds a row per rep a per-rep report covers (the active reps in scope,
 * and anyone in scope who logged a call in the period), by login, the
 * login in column label; (*ids)[row] is the row's user id, an array the
 * caller frees. 0, or the failure's status.
 */
int report_people_load(struct store *st, const struct report_scope *sc,
    struct report *rep, int label, int64_t **ids, struct err *err);

/*
 * Adds a row per recovery agent a collections report covers (the active
 * recovery agents in scope, and anyone in scope who collects a deal), by
 * login, then "(unassigned)" (id 0) for the deals nobody collects when
 * the scope is the whole floor; (*ids)[row] as report_people_load's.
 */
int report_collectors_load(struct store *st, const struct report_scope *sc,
    struct report *rep, int label, int64_t **ids, struct err *err);

/*
 * The period's first and last local days and today, for the tables that
 * hold calendar days (installments, payments, promises): ?9, ?10 and
 * ?11 as report_bind_days binds them, from report_bind's ?1, ?2 and ?8.
 * A day counts when any of it is in the period. Named in C, not SQL:
 * SQLite's 'localtime' is the process's zone, which a PostgreSQL
 * session (in UTC) does not know.
 */
#define REPORT_DAY_FROM "?9"
#define REPORT_DAY_TO "?10"
#define REPORT_TODAY "?11"

/* Binds REPORT_DAY_FROM, REPORT_DAY_TO and REPORT_TODAY for sc. */
void report_bind_days(struct stmt *stmt, const struct report_scope *sc);

/* Sets a text cell to a copy of s; 0, or EX_OSERR. */
int report_set_text(struct report *rep, int r, int c, const char *s,
    struct err *err);

/* Sets a series cell, taking a copy of the n values; 0, or EX_OSERR. */
int report_set_series(struct report *rep, int r, int c, const long long *v,
    int n, struct err *err);

/* The row's figure in column c, for sums and rates. */
#define REPORT_N(rep, r, c) (REPORT_CELL(rep, r, c)->n)

/* Each report's body, called by store_report with the scope resolved. */
int report_agents(struct store *, const struct report_scope *,
    struct report *, struct err *);
int report_dispositions(struct store *, const struct report_scope *,
    struct report *, struct err *);
int report_lists(struct store *, const struct report_scope *,
    struct report *, struct err *);
int report_funnel(struct store *, const struct report_scope *,
    struct report *, struct err *);
int report_hours(struct store *, const struct report_scope *,
    struct report *, struct err *);
int report_trend(struct store *, const struct report_scope *,
    struct report *, struct err *);
int report_attendance(struct store *, const struct report_scope *,
    struct report *, struct err *);
int report_imports(struct store *, const struct report_scope *,
    struct report *, struct err *);
int report_collections(struct store *, const struct report_scope *,
    struct report *, struct err *);
int report_aging(struct store *, const struct report_scope *,
    struct report *, struct err *);

#endif
