#include "reportint.h"

/*
 * Complete import batches started in the period, with the file's counts
 * as the import wrote them and what has become of its leads since (those
 * not deleted, in scope by owner and passing the source filter). The
 * rejects' reasons are in each batch's rejects file, not in the
 * database: the report gives their total.
 */
static const char imports_sql[] =
    "SELECT b.id, b.file_name, r.name, b.started_at, b.rows_read,"
    " b.rows_imported, b.rows_duplicate, b.rows_dnc, b.rows_rejected,"
    " coalesce(f.attempted, 0), coalesce(f.contacted, 0),"
    " coalesce(f.converted, 0), coalesce(f.lost, 0)"
    " FROM import_batches b JOIN regions r ON r.id = b.region_id"
    " LEFT JOIN (SELECT l.batch_id,"
    "  sum(" REPORT_LEAD_CALLED("l") ") AS attempted,"
    "  sum(" REPORT_LEAD_CONTACTED("l") ") AS contacted,"
    "  " REPORT_COUNT_IF("l.status = 'Converted'") " AS converted,"
    "  " REPORT_COUNT_IF("l.status = 'Lost'") " AS lost FROM leads l"
    "  WHERE l.batch_id IN (SELECT id FROM import_batches"
    "   WHERE state = 'complete' AND started_at >= ?1 AND started_at < ?2)"
    "  AND l.deleted_at IS NULL AND " REPORT_LEAD_IN("l")
    "  AND " REPORT_USER_IN("l.owner_id") " GROUP BY l.batch_id) f"
    " ON f.batch_id = b.id"
    " WHERE b.state = 'complete' AND b.started_at >= ?1 AND b.started_at < ?2"
    " AND (?5 = 0 OR b.region_id = ?5) AND (?7 = 0 OR b.id = ?7)"
    " ORDER BY b.started_at, b.id";

enum { C_BATCH, C_FILE, C_REGION, C_STARTED, C_ROWS, C_IMPORTED,
	C_DUPLICATES, C_DNC, C_REJECTED, C_ATTEMPTED, C_CONTACTED,
	C_CONVERTED, C_LOST, NCOLS };

static const struct report_col cols[NCOLS] = {
	{ "batch", RK_INT }, { "file", RK_TEXT }, { "region", RK_TEXT },
	{ "started", RK_TIME }, { "rows", RK_INT }, { "imported", RK_INT },
	{ "duplicates", RK_INT }, { "dnc", RK_INT }, { "rejected", RK_INT },
	{ "attempted", RK_INT }, { "contacted", RK_INT },
	{ "converted", RK_INT }, { "lost", RK_INT },
};

static int
imports_total(struct report *rep, struct err *err)
{
	int r, t, c;

	if ((t = report_row_add(rep, err)) < 0 ||
	    report_set_text(rep, t, C_FILE, "Total", err) != 0)
		return err->status;
	REPORT_CELL(rep, t, C_BATCH)->empty = 1;
	REPORT_CELL(rep, t, C_STARTED)->empty = 1;
	for (r = 0; r < t; r++)
		for (c = C_ROWS; c < NCOLS; c++)
			REPORT_N(rep, t, c) += REPORT_N(rep, r, c);
	rep->total = 1;
	return 0;
}

int
report_imports(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	struct stmt *stmt;
	int r, c, rc;

	if (report_begin(rep, "Imports", sc, cols, NCOLS, err) != 0 ||
	    (stmt = stmt_get(st, imports_sql, err)) == NULL)
		return err->status;
	rep->chart = CHART_STACKED;
	rep->chart_from = C_IMPORTED;
	rep->chart_to = C_REJECTED;
	rep->label_col = C_FILE;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the imports report")) ==
	    DB_ROW) {
		if ((r = report_row_add(rep, err)) < 0 ||
		    report_set_text(rep, r, C_FILE, col_text(stmt, 1),
		    err) != 0 ||
		    report_set_text(rep, r, C_REGION, col_text(stmt, 2),
		    err) != 0)
			break;
		for (c = 0; c < NCOLS; c++)
			if (cols[c].kind != RK_TEXT)
				REPORT_N(rep, r, c) =
				    stmt_column_int64(stmt, c);
	}
	stmt_reset(stmt);
	if (rc == -1 || err->status)
		return err->status;
	return imports_total(rep, err);
}
