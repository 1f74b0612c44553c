#include "leadrow.h"
#include "reportint.h"

/*
 * A lead enters a stage when it is created (the first open stage) and
 * whenever an audit row of it names a stage: a move on the board, a
 * call or an edit the pipeline followed (stage_moves, kept beside the
 * audit since schema version 12, holds those rows). Stage names are
 * matched as the audit wrote them. The funnel is history: a lead
 * deleted since still counts. Filters and scope (by owner) apply as
 * the lead is now.
 */

/* Lead id (an expression) passes the filters and scope; no lookup when
 * none is asked for. */
#define FUNNEL_LEAD_IN(id) \
	"(?3 = 0 AND ?4 = 0 AND ?5 = 0 AND ?6 = 0 AND ?7 = 0 OR " id \
	" IN (SELECT l.id FROM leads l WHERE " REPORT_LEAD_IN("l") \
	"  AND " REPORT_USER_IN("l.owner_id") "))"

#define FUNNEL_MOVES \
	"WITH mv AS (SELECT m.lead_id AS lead, m.at, m.added, m.stage," \
	"  m.prev_at, m.prev_stage FROM stage_moves m" \
	"  WHERE m.at >= ?1 AND m.at < ?2 AND m.stage IS NOT NULL" \
	"  AND " FUNNEL_LEAD_IN("m.lead_id") ")," \
	" entry AS (SELECT name FROM pipeline_stages WHERE id =" STAGE_ENTRY ")"

#define CREATED_AT(id) "(SELECT created_at FROM leads WHERE id = " id ")"

/*
 * Per stage: leads that entered it in the period. Those created then
 * entered the first stage by being created: a move back into it does
 * not count them twice.
 */
/*
 * A move names its stage as text, matched in any case: SQLite's NOCASE,
 * PostgreSQL's lower() of both sides (stage_moves.stage is text there).
 * FUNNEL_CI_*(x): x as compared and grouped; the stage's name is
 * compared as its FUNNEL_CI too.
 */
#define FUNNEL_CI_LITE(x) x " COLLATE NOCASE"
#define FUNNEL_CI_PG(x) "lower(" x ")"
#define FUNNEL_KEY_LITE(x) x
#define FUNNEL_KEY_PG(x) "lower(" x ")"

#define ENTERED_SQL(CI, KEY) \
    FUNNEL_MOVES "," \
    " ent AS (SELECT " KEY("mv.stage") " AS stage," \
    "  count(DISTINCT CASE WHEN " KEY("mv.stage") " =" \
    "  " CI("(SELECT name FROM entry)") " AND " CREATED_AT("mv.lead") \
    "  >= ?1 THEN NULL ELSE mv.lead END) AS n FROM mv" \
    "  GROUP BY " CI("mv.stage") ")" \
    " SELECT s.name, s.is_won, s.is_lost, coalesce(e.n, 0)" \
    " + CASE WHEN s.name = (SELECT name FROM entry) THEN (SELECT count(*)" \
    "  FROM leads c WHERE c.created_at >= ?1 AND c.created_at < ?2" \
    "  AND " FUNNEL_LEAD_IN("c.id") ") ELSE 0 END" \
    " FROM pipeline_stages s LEFT JOIN ent e" \
    " ON e.stage = " CI("s.name") \
    " WHERE s.active <> 0 ORDER BY s.position, s.id"
static const char entered_lite[] = ENTERED_SQL(FUNNEL_CI_LITE,
    FUNNEL_KEY_LITE);
static const char entered_pg[] = ENTERED_SQL(FUNNEL_CI_PG, FUNNEL_KEY_PG);

/*
 * Per stage left in the period: the average time it was held, from the
 * lead's previous entry (its creation when there is none) to the move.
 * A lead created with a status passed the first stage in no time.
 */
#define HELD_SQL(CI, KEY) \
    FUNNEL_MOVES "," \
    " ex AS (SELECT mv.at - mv.prev_at AS held," \
    "  coalesce(mv.prev_stage, (SELECT name FROM entry)) AS stage" \
    "  FROM mv WHERE mv.added = 0)" \
    " SELECT s.name, e.held FROM pipeline_stages s LEFT JOIN" \
    " (SELECT " KEY("stage") " AS stage, avg(held) AS held FROM ex" \
    " GROUP BY " CI("stage") ")" \
    " e ON e.stage = " CI("s.name") " WHERE s.active <> 0" \
    " ORDER BY s.position, s.id"
static const char held_lite[] = HELD_SQL(FUNNEL_CI_LITE, FUNNEL_KEY_LITE);
static const char held_pg[] = HELD_SQL(FUNNEL_CI_PG, FUNNEL_KEY_PG);

/* Leads lost in the period, by the drop reason given then. */
static const char lost_sql[] =
    "SELECT m.lost, count(DISTINCT m.lead_id) FROM stage_moves m"
    " WHERE m.at >= ?1 AND m.at < ?2 AND m.lost IS NOT NULL"
    " AND " FUNNEL_LEAD_IN("m.lead_id")
    " GROUP BY 1 ORDER BY 2 DESC, 1";

enum { C_STAGE, C_ENTERED, C_NEXT, C_HELD, NCOLS };

static const struct report_col cols[NCOLS] = {
	{ "stage", RK_TEXT }, { "entered", RK_INT },
	{ "to next", RK_PERMILLE }, { "avg days in", RK_DAYS },
};

/* Where each row's stage ends: won or lost stages lead nowhere. */
struct stage_kind {
	int won, lost;
};

static int
funnel_entered(struct store *st, const struct report_scope *sc,
    struct report *rep, struct stage_kind *kind, int max, struct err *err)
{
	struct stmt *stmt;
	int r, rc;

	if ((stmt = stmt_get(st, SQL_BOTH(st, entered_lite, entered_pg),
	    err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the funnel report")) ==
	    DB_ROW && rep->nrows < max) {
		if ((r = report_row_add(rep, err)) < 0 ||
		    report_set_text(rep, r, C_STAGE, col_text(stmt, 0),
		    err) != 0)
			break;
		kind[r].won = stmt_column_int(stmt, 1);
		kind[r].lost = stmt_column_int(stmt, 2);
		REPORT_N(rep, r, C_ENTERED) = stmt_column_int64(stmt, 3);
	}
	stmt_reset(stmt);
	return err->status;
}

static int
funnel_held(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	struct stmt *stmt;
	int r = 0, rc;

	if ((stmt = stmt_get(st, SQL_BOTH(st, held_lite, held_pg),
	    err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the funnel report")) ==
	    DB_ROW && r < rep->nrows) {
		REPORT_CELL(rep, r, C_HELD)->empty =
		    stmt_column_type(stmt, 1) == DB_NULL;
		REPORT_N(rep, r, C_HELD) =
		    (long long)(stmt_column_double(stmt, 1) + 0.5);
		r++;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/*
 * An open stage's "to next" is the share of its entries that the next
 * stage not lost (the won one after the last open) saw.
 */
static void
funnel_next(struct report *rep, const struct stage_kind *kind)
{
	int r, n;

	for (r = 0; r < rep->nrows; r++) {
		for (n = r + 1; n < rep->nrows && kind[n].lost; n++)
			;
		if (kind[r].won || kind[r].lost || n == rep->nrows) {
			REPORT_CELL(rep, r, C_NEXT)->empty = 1;
			continue;
		}
		report_permille(REPORT_CELL(rep, r, C_NEXT),
		    REPORT_N(rep, n, C_ENTERED),
		    REPORT_N(rep, r, C_ENTERED));
	}
}

static int
funnel_lost(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	char label[160];
	struct stmt *stmt;
	int r, rc;

	if ((stmt = stmt_get(st, lost_sql, err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the funnel report")) ==
	    DB_ROW) {
		snprintf(label, sizeof label, "lost: %s", col_text(stmt, 0));
		if ((r = report_row_add(rep, err)) < 0 ||
		    report_set_text(rep, r, C_STAGE, label, err) != 0)
			break;
		REPORT_N(rep, r, C_ENTERED) = stmt_column_int64(stmt, 1);
		REPORT_CELL(rep, r, C_NEXT)->empty = 1;
		REPORT_CELL(rep, r, C_HELD)->empty = 1;
	}
	stmt_reset(stmt);
	return err->status;
}

/* The most stages a floor may have that the report shows. */
#define FUNNEL_STAGES 64

int
report_funnel(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	struct stage_kind kind[FUNNEL_STAGES] = { { 0, 0 } };

	if (report_begin(rep, "Funnel", sc, cols, NCOLS, err) != 0 ||
	    funnel_entered(st, sc, rep, kind, FUNNEL_STAGES, err) != 0 ||
	    funnel_held(st, sc, rep, err) != 0)
		return err->status;
	funnel_next(rep, kind);
	rep->chart = CHART_BARS;
	rep->chart_from = rep->chart_to = C_ENTERED;
	rep->label_col = C_STAGE;
	return funnel_lost(st, sc, rep, err);
}
