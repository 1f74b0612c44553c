#include <stdlib.h>
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

/*
 * The groups' leads and what became of them, per zone, and then the
 * same for those of them whose number is on the do-not-call list: read
 * from the list's side (a few numbers), not by a lookup per lead. Leads
 * of a batch not complete are left out (LEAD_BATCH_DONE, as one list).
 */
#define LISTS_FROM(KEY, LABEL) \
	"SELECT " KEY ", " LABEL ", l.timezone," \
	" coalesce(l.country, r.country), l.state, count(*),"
#define LISTS_WHERE(JOIN) \
	" LEFT JOIN regions r ON r.id = l.region_id " JOIN \
	" WHERE l.deleted_at IS NULL AND l.created_at >= ?1" \
	" AND l.created_at < ?2 AND (l.batch_id IS NULL OR l.batch_id IN" \
	" (SELECT id FROM import_batches WHERE state = 'complete'))" \
	" AND " REPORT_LEAD_IN("l") " AND " REPORT_USER_IN("l.owner_id") \
	" GROUP BY 1, 3, 4, 5 ORDER BY 2, 1"
#define LEAD_OPEN "sum(l.status NOT IN ('Converted', 'Lost'))"

#define LISTS_SQL(KEY, LABEL, JOIN) \
	LISTS_FROM(KEY, LABEL) \
	" sum(" REPORT_LEAD_CALLED("l") ")," \
	" sum(" REPORT_LEAD_CONTACTED("l") ")," \
	" sum(l.status = 'Converted'), sum(l.status = 'Lost'), 0," \
	/* Out of attempts: the reason call logging gives (store/call.c). */ \
	" sum(l.status = 'Lost' AND l.drop_reason_id IN (SELECT id" \
	"  FROM choices WHERE list = 'drop'" \
	"  AND name LIKE 'No contact after % attempts')), " LEAD_OPEN \
	" FROM leads l" LISTS_WHERE(JOIN)

#define LISTS_DNC_SQL(KEY, LABEL, JOIN) \
	LISTS_FROM(KEY, LABEL) " " LEAD_OPEN " FROM dnc d" \
	" CROSS JOIN phones p ON p.e164 = d.phone_e164" \
	" CROSS JOIN leads l ON l.id = p.lead_id" \
	" AND l.phone_e164 = d.phone_e164" LISTS_WHERE(JOIN)

#define LISTS(name, KEY, LABEL, JOIN) \
	static const char *const name[2] = { LISTS_SQL(KEY, LABEL, JOIN), \
	    LISTS_DNC_SQL(KEY, LABEL, JOIN) }

LISTS(by_region, "coalesce(l.region_id, 0)",
    "coalesce(r.name, '(no region)')", "");
LISTS(by_source, "coalesce(l.source_id, 0)",
    "coalesce(s.name, '(no source)')",
    "LEFT JOIN choices s ON s.id = l.source_id");
LISTS(by_batch, "coalesce(l.batch_id, 0)",
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

/* Whether the zone of stmt's row may be called now. */
static int
zone_open(sqlite3_stmt *stmt, const struct hours_rules *rules, time_t now)
{
	return hours_check(rules, (const char *)sqlite3_column_text(stmt, 2),
	    (const char *)sqlite3_column_text(stmt, 3),
	    (const char *)sqlite3_column_text(stmt, 4), now, NULL) ==
	    HOURS_OPEN;
}

/* Adds the counts of one zone's row of stmt to report row r. */
static void
zone_add(struct report *rep, int r, sqlite3_stmt *stmt,
    const struct hours_rules *rules, time_t now)
{
	int c;

	for (c = C_LEADS; c <= C_EXHAUSTED; c++)
		REPORT_N(rep, r, c) += sqlite3_column_int64(stmt, QCOL(c));
	if (zone_open(stmt, rules, now))
		REPORT_N(rep, r, C_CALLABLE) += sqlite3_column_int64(stmt,
		    QCOL(C_CALLABLE));
}

/*
 * Adds one zone's do-not-call leads (stmt's row: their count, those
 * still open) to the row of key: none of them is callable.
 */
static void
zone_dnc(struct report *rep, const int64_t *keys, sqlite3_stmt *stmt,
    const struct hours_rules *rules, time_t now)
{
	int64_t key = sqlite3_column_int64(stmt, 0);
	int r;

	for (r = 0; r < rep->nrows && keys[r] != key; r++)
		;
	if (r == rep->nrows)
		return;
	REPORT_N(rep, r, C_DNC) += sqlite3_column_int64(stmt, 5);
	if (zone_open(stmt, rules, now))
		REPORT_N(rep, r, C_CALLABLE) -= sqlite3_column_int64(stmt, 6);
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

/* Reads the groups' rows into rep, their keys into *keys (free it). */
static int
lists_groups(struct store *st, const struct report_scope *sc,
    const char *sql, const struct hours_rules *rules, struct report *rep,
    int64_t **keys, struct err *err)
{
	sqlite3_stmt *stmt;
	int64_t *k;
	int r = -1, cap = 0, rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the lists report")) ==
	    SQLITE_ROW) {
		if (r < 0 || sqlite3_column_int64(stmt, 0) != (*keys)[r]) {
			if ((r = report_row_add(rep, err)) < 0 ||
			    report_set_text(rep, r, C_LABEL,
			    col_text(stmt, 1), err) != 0)
				break;
			if (r >= cap) {
				cap = cap ? 2 * cap : 16;
				if ((k = realloc(*keys, (size_t)cap *
				    sizeof *k)) == NULL) {
					err_set(err, EX_OSERR, "out of memory");
					break;
				}
				*keys = k;
			}
			(*keys)[r] = sqlite3_column_int64(stmt, 0);
		}
		zone_add(rep, r, stmt, rules, sc->now);
	}
	sqlite3_reset(stmt);
	return rc == -1 || err->status ? err->status : 0;
}

static int
lists_read(struct store *st, const struct report_scope *sc,
    const char *const sql[2], struct report *rep, struct err *err)
{
	struct hours_rules rules;
	sqlite3_stmt *stmt;
	int64_t *keys = NULL;
	int rc;

	if (store_hours_rules(st, &rules, err) != 0 ||
	    lists_groups(st, sc, sql[0], &rules, rep, &keys, err) != 0 ||
	    (stmt = stmt_get(st, sql[1], err)) == NULL) {
		free(keys);
		return err->status;
	}
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the lists report")) ==
	    SQLITE_ROW)
		zone_dnc(rep, keys, stmt, &rules, sc->now);
	sqlite3_reset(stmt);
	free(keys);
	if (rc == -1 || err->status)
		return err->status;
	return lists_total(rep, err);
}

int
report_lists(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	const struct report_col *cols = cols_region;
	const char *const *sql = by_region;

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
