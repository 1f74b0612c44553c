/*
 * The dispositions report: how the period's logged calls ended, by rep,
 * region, source or day: a count per disposition in settings order, the
 * row's total, then each disposition's share of it. The counts and the
 * total come first so that at 80 columns the table shows them whole; the
 * shares follow for wider screens and the exports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reportint.h"

#define CALLS_IN_PERIOD(cross) \
	" FROM users u" cross "calls c ON c.user_id = u.id" \
	"  AND c.started_at >= ?1 AND c.started_at < ?2" \
	"  AND c.disposition_id IS NOT NULL"

#define BY_REP_SQL(cross) \
    "SELECT u.login, c.disposition_id, count(*)" CALLS_IN_PERIOD(cross) \
    " WHERE " REPORT_USER_IN("u.id") " AND " REPORT_CALL_LEAD_IN("c") \
    " GROUP BY u.id, c.disposition_id ORDER BY u.login"

/*
 * By the region or source the call's lead had when the call was made,
 * kept on the call: a lead moved since leaves its calls where they were.
 */
#define BY_CALL_COLUMN(cross, col) \
	" (SELECT " col " AS key, c.disposition_id AS disp, count(*) AS n" \
	CALLS_IN_PERIOD(cross) " WHERE " REPORT_USER_IN("u.id") " AND " \
	REPORT_CALL_LEAD_IN("c") " GROUP BY 1, 2) g"

#define BY_REGION_SQL(cross) \
    "SELECT coalesce(r.name, '(none)'), g.disp, g.n FROM" \
    BY_CALL_COLUMN(cross, "c.region_id") \
    " LEFT JOIN regions r ON r.id = g.key" \
    " ORDER BY r.name IS NULL, r.name"

#define BY_SOURCE_SQL(cross) \
    "SELECT coalesce(s.name, '(none)'), g.disp, g.n FROM" \
    BY_CALL_COLUMN(cross, "c.source_id") \
    " LEFT JOIN choices s ON s.id = g.key" \
    " ORDER BY s.name IS NULL, s.name"

/*
 * By quarter hour of UTC, not by day: every zone's midnight falls on a
 * quarter hour, so C names each group's local day without SQL doing it
 * for every call.
 */
#define BY_DAY_SQL(cross) \
    "SELECT c.started_at / 900, c.disposition_id, count(*)" \
    CALLS_IN_PERIOD(cross) \
    " WHERE " REPORT_USER_IN("u.id") " AND " REPORT_CALL_LEAD_IN("c") \
    " GROUP BY 1, 2 ORDER BY 1"

enum mix_by { MIX_REP, MIX_REGION, MIX_SOURCE, MIX_DAY };

#define MIX_SQLS(cross) { BY_REP_SQL(cross), BY_REGION_SQL(cross), \
	BY_SOURCE_SQL(cross), BY_DAY_SQL(cross) }

/* [PostgreSQL][by]: see REPORT_CROSS_LITE. */
static const char *const mix_sqls[2][4] = {
	MIX_SQLS(REPORT_CROSS_LITE), MIX_SQLS(REPORT_CROSS_PG),
};

static const char disp_sql[] =
    "SELECT id, name, active FROM dispositions ORDER BY position, id";

#define DISP_MAX 64

struct mix {
	int     ndisp;
	int64_t id[DISP_MAX];
	char    name[DISP_MAX][48];
	int     active[DISP_MAX];
	int     used[DISP_MAX];
	int     nrows;
	char  **label;		/* nrows */
	long long *n;		/* nrows x DISP_MAX */
};

static void
mix_free(struct mix *m)
{
	int r;

	for (r = 0; r < m->nrows; r++)
		free(m->label[r]);
	free(m->label);
	free(m->n);
}

static int
disp_load(struct store *st, struct mix *m, struct err *err)
{
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, disp_sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading dispositions")) ==
	    DB_ROW && m->ndisp < DISP_MAX) {
		m->id[m->ndisp] = stmt_column_int64(stmt, 0);
		snprintf(m->name[m->ndisp], sizeof m->name[0], "%s",
		    col_text(stmt, 1));
		m->active[m->ndisp] = stmt_column_int(stmt, 2);
		m->ndisp++;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* Starts a row labelled label, unless the last row has that label. */
static int
mix_row(struct mix *m, const char *label, struct err *err)
{
	char **labels;
	long long *n;

	if (m->nrows > 0 && strcmp(m->label[m->nrows - 1], label) == 0)
		return 0;
	if ((labels = realloc(m->label, (size_t)(m->nrows + 1) *
	    sizeof *labels)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	m->label = labels;
	if ((n = realloc(m->n, (size_t)(m->nrows + 1) * DISP_MAX *
	    sizeof *n)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	m->n = n;
	memset(n + (size_t)m->nrows * DISP_MAX, 0, DISP_MAX * sizeof *n);
	if ((labels[m->nrows] = strdup(label)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	m->nrows++;
	return 0;
}

static void
mix_count(struct mix *m, int64_t disp, long long n)
{
	int i;

	for (i = 0; i < m->ndisp; i++)
		if (m->id[i] == disp) {
			m->n[(size_t)(m->nrows - 1) * DISP_MAX + i] += n;
			m->used[i] = 1;
		}
}

static int
mix_load(struct store *st, const struct report_scope *sc, struct mix *m,
    struct err *err)
{
	int day = strcmp(sc->by, "day") == 0;
	enum mix_by by = day ? MIX_DAY : strcmp(sc->by, "region") == 0 ?
	    MIX_REGION : strcmp(sc->by, "source") == 0 ? MIX_SOURCE : MIX_REP;
	const char *sql = mix_sqls[store_is_pg(st) != 0][by];
	struct stmt *stmt;
	char label[64];
	time_t at;
	struct tm tm;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading calls")) == DB_ROW) {
		if (day) {
			at = (time_t)stmt_column_int64(stmt, 0) * 900;
			strftime(label, sizeof label, "%Y-%m-%d",
			    localtime_r(&at, &tm));
		} else {
			snprintf(label, sizeof label, "%s", col_text(stmt, 0));
		}
		if (mix_row(m, label, err) != 0)
			break;
		mix_count(m, stmt_column_int64(stmt, 1),
		    stmt_column_int64(stmt, 2));
	}
	stmt_reset(stmt);
	return rc == -1 || err->status ? err->status : 0;
}

/*
 * The columns, in one block the report frees: the grouping, a count per
 * disposition that is active or was used, the total, then the shares.
 */
static struct report_col *
cols_build(struct mix *m, const char *by, int *ncols, int *shown,
    struct err *err)
{
	static const char *const heads[] = { "rep", "Rep", "region", "Region",
		"source", "Source", "day", "Day" };
	struct report_col *cols;
	size_t size = 0, i;
	char *names;
	int k = 0, n = 0;

	for (i = 0; i < (size_t)m->ndisp; i++)
		if (m->active[i] || m->used[i]) {
			shown[k++] = (int)i;
			size += 2 * strlen(m->name[i]) + 4;
		}
	*ncols = 2 * k + 2;
	if ((cols = malloc((size_t)*ncols * sizeof *cols + size)) == NULL) {
		err_set(err, EX_OSERR, "out of memory");
		return NULL;
	}
	names = (char *)(cols + *ncols);
	cols[n].name = "Rep";
	for (i = 0; i < sizeof heads / sizeof heads[0]; i += 2)
		if (strcmp(by, heads[i]) == 0)
			cols[n].name = heads[i + 1];
	cols[n++].kind = RK_TEXT;
	for (i = 0; i < (size_t)k; i++) {
		cols[n].name = strcpy(names, m->name[shown[i]]);
		names += strlen(names) + 1;
		cols[n++].kind = RK_INT;
	}
	cols[n].name = "Total";
	cols[n++].kind = RK_INT;
	for (i = 0; i < (size_t)k; i++) {
		cols[n].name = names;
		names += sprintf(names, "%s %%", m->name[shown[i]]) + 1;
		cols[n++].kind = RK_PERMILLE;
	}
	return cols;
}

/* Fills row r with counts (k of them, in the order shown) and shares. */
static void
row_fill(struct report *rep, int r, const long long *n, const int *shown,
    int k)
{
	long long total = 0;
	int i;

	for (i = 0; i < k; i++) {
		REPORT_N(rep, r, 1 + i) = n[shown[i]];
		total += n[shown[i]];
	}
	REPORT_N(rep, r, 1 + k) = total;
	for (i = 0; i < k; i++) {
		if (total == 0)
			REPORT_CELL(rep, r, 2 + k + i)->empty = 1;
		else
			REPORT_N(rep, r, 2 + k + i) = n[shown[i]] * 1000 /
			    total;
	}
}

static int
mix_report(struct mix *m, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	long long sum[DISP_MAX] = { 0 };
	int shown[DISP_MAX], ncols, k, r, i, j;
	struct report_col *cols;
	char title[64];

	if ((cols = cols_build(m, sc->by, &ncols, shown, err)) == NULL)
		return err->status;
	rep->owned = cols;
	k = (ncols - 2) / 2;
	snprintf(title, sizeof title, "Dispositions by %s", sc->by);
	if (report_begin(rep, title, sc, cols, ncols, err) != 0)
		return err->status;
	for (i = 0; i <= m->nrows; i++) {
		if ((r = report_row_add(rep, err)) < 0 ||
		    report_set_text(rep, r, 0, i < m->nrows ? m->label[i] :
		    "Total", err) != 0)
			return err->status;
		if (i == m->nrows) {
			row_fill(rep, r, sum, shown, k);
			break;
		}
		row_fill(rep, r, m->n + (size_t)i * DISP_MAX, shown, k);
		for (j = 0; j < m->ndisp; j++)
			sum[j] += m->n[(size_t)i * DISP_MAX + j];
	}
	rep->total = 1;
	rep->chart = CHART_STACKED;
	rep->chart_from = 1;
	rep->chart_to = k;
	rep->label_col = 0;
	return 0;
}

int
report_dispositions(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	struct mix m;
	int rc;

	memset(&m, 0, sizeof m);
	rc = disp_load(st, &m, err) != 0 || mix_load(st, sc, &m, err) != 0 ?
	    err->status : mix_report(&m, sc, rep, err);
	mix_free(&m);
	return rc;
}
