#include <string.h>

#include "callq/settings.h"
#include "leadrow.h"
#include "reportint.h"

/*
 * List penetration: the leads created in the period (the lists loaded
 * then) and what has become of them by now. Deleted leads are off the
 * list. Rows come per group and zone (zone, country, state), so calling
 * hours are decided once per zone in C, not once per lead.
 */

/* The lead's number is on the do-not-call list (a lead without one: no). */
#define LEAD_DNC(l) \
	"coalesce(" l ".phone_e164 IN (SELECT phone_e164 FROM dnc), 0)"

#define LISTS_SQL(KEY, LABEL, JOIN) \
	"SELECT " KEY ", " LABEL ", l.timezone," \
	" coalesce(l.country, r.country), l.state, count(*)," \
	" sum(" REPORT_LEAD_CALLED("l") ")," \
	" sum(" REPORT_LEAD_CONTACTED("l") ")," \
	" sum(l.status = 'Converted'), sum(l.status = 'Lost')," \
	" sum(" LEAD_DNC("l") ")," \
	/* Out of attempts: the reason call logging gives (store/call.c). */ \
	" sum(l.status = 'Lost' AND l.drop_reason_id IN (SELECT id" \
	"  FROM choices WHERE list = 'drop'" \
	"  AND name LIKE 'No contact after % attempts'))," \
	" sum(l.status NOT IN ('Converted', 'Lost')" \
	"  AND NOT " LEAD_DNC("l") ")" \
	" FROM leads l LEFT JOIN regions r ON r.id = l.region_id " JOIN \
	" WHERE l.deleted_at IS NULL AND l.created_at >= ?1" \
	" AND l.created_at < ?2 AND" LEAD_BATCH_DONE \
	" AND " REPORT_LEAD_IN("l") " AND " REPORT_USER_IN("l.owner_id") \
	" GROUP BY 1, 3, 4, 5 ORDER BY 2, 1"

static const char by_region[] = LISTS_SQL("coalesce(l.region_id, 0)",
    "coalesce(r.name, '(no region)')", "");
static const char by_source[] = LISTS_SQL("coalesce(l.source_id, 0)",
    "coalesce(s.name, '(no source)')",
    "LEFT JOIN choices s ON s.id = l.source_id");
static const char by_batch[] = LISTS_SQL("coalesce(l.batch_id, 0)",
    "CASE WHEN b.id IS NULL THEN '(added by hand)'"
    " ELSE '#' || b.id || ' ' || b.file_name END",
    "LEFT JOIN import_batches b ON b.id = l.batch_id");

enum { C_LABEL, C_LEADS, C_ATTEMPTED, C_CONTACTED, C_CONVERTED, C_LOST,
	C_DNC, C_EXHAUSTED, C_CALLABLE, C_PENETRATION, NCOLS };

#define LISTS_COLS(first) { \
	{ first, RK_TEXT }, { "leads", RK_INT }, { "attempted", RK_INT }, \
	{ "contacted", RK_INT }, { "converted", RK_INT }, \
	{ "lost", RK_INT }, { "dnc", RK_INT }, { "exhausted", RK_INT }, \
	{ "callable", RK_INT }, { "penetration", RK_PERMILLE } }

static const struct report_col cols_region[NCOLS] = LISTS_COLS("region");
static const struct report_col cols_source[NCOLS] = LISTS_COLS("source");
static const struct report_col cols_batch[NCOLS] = LISTS_COLS("batch");

/* The query's column of report column c (leads..callable): after the zone. */
#define QCOL(c) ((c) + 4)

/* Adds the counts of one zone's row of stmt to report row r. */
static void
zone_add(struct report *rep, int r, sqlite3_stmt *stmt,
    const struct hours_rules *rules, time_t now)
{
	int c;

	for (c = C_LEADS; c <= C_EXHAUSTED; c++)
		REPORT_N(rep, r, c) += sqlite3_column_int64(stmt, QCOL(c));
	if (hours_check(rules, (const char *)sqlite3_column_text(stmt, 2),
	    (const char *)sqlite3_column_text(stmt, 3),
	    (const char *)sqlite3_column_text(stmt, 4), now, NULL) ==
	    HOURS_OPEN)
		REPORT_N(rep, r, C_CALLABLE) += sqlite3_column_int64(stmt,
		    QCOL(C_CALLABLE));
}

static int
lists_total(struct report *rep, struct err *err)
{
	int r, t, c;

	if ((t = report_row_add(rep, err)) < 0 ||
	    report_set_text(rep, t, C_LABEL, "Total", err) != 0)
		return err->status;
	for (r = 0; r < t; r++)
		for (c = C_LEADS; c <= C_CALLABLE; c++)
			REPORT_N(rep, t, c) += REPORT_N(rep, r, c);
	for (r = 0; r <= t; r++)
		report_permille(REPORT_CELL(rep, r, C_PENETRATION),
		    REPORT_N(rep, r, C_ATTEMPTED), REPORT_N(rep, r, C_LEADS));
	rep->total = 1;
	return 0;
}

static int
lists_read(struct store *st, const struct report_scope *sc, const char *sql,
    struct report *rep, struct err *err)
{
	struct hours_rules rules;
	sqlite3_stmt *stmt;
	int64_t key = -1;
	int r = -1, rc;

	if (store_hours_rules(st, &rules, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the lists report")) ==
	    SQLITE_ROW) {
		if (r < 0 || sqlite3_column_int64(stmt, 0) != key) {
			key = sqlite3_column_int64(stmt, 0);
			if ((r = report_row_add(rep, err)) < 0 ||
			    report_set_text(rep, r, C_LABEL,
			    col_text(stmt, 1), err) != 0)
				break;
		}
		zone_add(rep, r, stmt, &rules, sc->now);
	}
	sqlite3_reset(stmt);
	if (rc == -1 || err->status)
		return err->status;
	return lists_total(rep, err);
}

int
report_lists(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	const struct report_col *cols = cols_region;
	const char *sql = by_region;

	if (strcmp(sc->by, "source") == 0) {
		cols = cols_source;
		sql = by_source;
	} else if (strcmp(sc->by, "batch") == 0) {
		cols = cols_batch;
		sql = by_batch;
	}
	if (report_begin(rep, "Lists", sc, cols, NCOLS, err) != 0)
		return err->status;
	rep->chart = CHART_BARS;
	rep->chart_from = rep->chart_to = C_PENETRATION;
	rep->label_col = C_LABEL;
	return lists_read(st, sc, sql, rep, err);
}
