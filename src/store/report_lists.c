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
	" coalesce(l.country, r.country), l.state,"
#define LISTS_WHERE(JOIN) \
	" LEFT JOIN regions r ON r.id = l.region_id " JOIN \
	" WHERE l.deleted_at IS NULL AND l.created_at >= ?1" \
	" AND l.created_at < ?2 AND (l.batch_id IS NULL OR l.batch_id IN" \
	" (SELECT id FROM import_batches WHERE state = 'complete'))" \
	" AND " REPORT_LEAD_IN("l") " AND " REPORT_USER_IN("l.owner_id")
#define LEAD_OPEN "l.status NOT IN ('Converted', 'Lost')"
/* A condition as the 1 or 0 C reads (PostgreSQL's would be a boolean). */
#define LISTS_FLAG(cond) "CASE WHEN " cond " THEN 1 ELSE 0 END"

/*
 * One row per lead, grouped in C (lists_zone): SQLite would sort them
 * all to group them, which costs more than the rest of the report.
 */
#define LISTS_SQL(KEY, LABEL, JOIN) \
	LISTS_FROM(KEY, LABEL) " 1, " REPORT_LEAD_CALLED("l") "," \
	" " REPORT_LEAD_CONTACTED("l") "," \
	" " LISTS_FLAG("l.status = 'Converted'") "," \
	" " LISTS_FLAG("l.status = 'Lost'") ", 0," \
	/* Out of attempts: the reason call logging gives (store/call.c). */ \
	" " LISTS_FLAG("l.status = 'Lost' AND l.drop_reason_id IN (SELECT id" \
	"  FROM choices WHERE list = 'drop'" \
	"  AND name LIKE 'No contact after % attempts')") ", " \
	LISTS_FLAG(LEAD_OPEN) " FROM leads l" LISTS_WHERE(JOIN)

#define LISTS_DNC_SQL(cross, KEY, LABEL, JOIN) \
	LISTS_FROM(KEY, LABEL) " count(*), " REPORT_COUNT_IF(LEAD_OPEN) \
	" FROM dnc d" cross "phones p ON p.e164 = d.phone_e164" \
	cross "leads l ON l.id = p.lead_id" \
	" AND l.phone_e164 = d.phone_e164" LISTS_WHERE(JOIN) \
	" GROUP BY 1, 2, 3, 4, 5"

/* [PostgreSQL][the leads, the numbers on the DNC list]. */
#define LISTS(name, KEY, LABEL, JOIN) \
	static const char *const name[2][2] = { \
	    { LISTS_SQL(KEY, LABEL, JOIN), \
	      LISTS_DNC_SQL(REPORT_CROSS_LITE, KEY, LABEL, JOIN) }, \
	    { LISTS_SQL(KEY, LABEL, JOIN), \
	      LISTS_DNC_SQL(REPORT_CROSS_PG, KEY, LABEL, JOIN) } }

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
zone_open(struct stmt *stmt, const struct hours_rules *rules, time_t now)
{
	return hours_check(rules, stmt_column_text(stmt, 2),
	    stmt_column_text(stmt, 3),
	    stmt_column_text(stmt, 4), now, NULL) ==
	    HOURS_OPEN;
}

/*
 * Adds one zone's do-not-call leads (stmt's row: their count, those
 * still open) to the row of key: none of them is callable.
 */
static void
zone_dnc(struct report *rep, const int64_t *keys, struct stmt *stmt,
    const struct hours_rules *rules, time_t now)
{
	int64_t key = stmt_column_int64(stmt, 0);
	int r;

	for (r = 0; r < rep->nrows && keys[r] != key; r++)
		;
	if (r == rep->nrows)
		return;
	REPORT_N(rep, r, C_DNC) += stmt_column_int64(stmt, 5);
	if (zone_open(stmt, rules, now))
		REPORT_N(rep, r, C_CALLABLE) -= stmt_column_int64(stmt, 6);
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

/* One group's leads in one zone, as the leads are read. */
struct zone {
	char *id;		/* key, zone, country, state */
	char *cut;		/* the same, cut into part[1..3] */
	int64_t key;
	const char *part[4];	/* label, zone, country, state (NULL) */
	long long n[C_CALLABLE + 1];
};

/* The zones seen, and an open-addressed index of them by id. */
struct zones {
	struct zone *z;
	int n, cap;
	int *slot;		/* index + 1; 0: free */
	unsigned nslot;
};

/* The id of stmt's row's zone into buf: fields cut by \x1f, NULL \x1e. */
static size_t
zone_id(struct stmt *stmt, char *buf, size_t size)
{
	size_t len;
	int i;

	len = (size_t)snprintf(buf, size, "%lld",
	    (long long)stmt_column_int64(stmt, 0));
	for (i = 2; i <= 4 && len < size; i++) {
		const char *t = stmt_column_text(stmt, i);

		len += (size_t)snprintf(buf + len, size - len, "\x1f%s",
		    t ? t : "\x1e");
	}
	return len;
}

static unsigned
zone_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Doubles the index of zs (or makes it), putting every zone back. */
static int
zones_grow(struct zones *zs)
{
	unsigned n = zs->nslot ? 2 * zs->nslot : 64, h;
	int *slot, i;

	if ((slot = calloc(n, sizeof *slot)) == NULL)
		return -1;
	for (i = 0; i < zs->n; i++) {
		for (h = zone_hash(zs->z[i].id) & (n - 1); slot[h];
		    h = (h + 1) & (n - 1))
			;
		slot[h] = i + 1;
	}
	free(zs->slot);
	zs->slot = slot;
	zs->nslot = n;
	return 0;
}

/* A new zone for stmt's row, named id, at slot h of the index. */
static struct zone *
zone_new(struct zones *zs, struct stmt *stmt, const char *id, unsigned h)
{
	struct zone *z;
	char *p;
	int i;

	if (zs->n == zs->cap) {
		int cap = zs->cap ? 2 * zs->cap : 16;

		if ((z = realloc(zs->z, (size_t)cap * sizeof *z)) == NULL)
			return NULL;
		zs->z = z;
		zs->cap = cap;
	}
	z = &zs->z[zs->n];
	memset(z, 0, sizeof *z);
	if ((z->id = strdup(id)) == NULL || (z->cut = strdup(id)) == NULL ||
	    (z->part[0] = strdup(col_text(stmt, 1))) == NULL)
		goto fail;
	z->key = stmt_column_int64(stmt, 0);
	p = strchr(z->cut, '\x1f');
	for (i = 1; i < 4; i++) {
		*p++ = '\0';
		z->part[i] = *p == '\x1e' ? NULL : p;
		if ((p = strchr(p, '\x1f')) == NULL)
			break;
	}
	zs->slot[h] = ++zs->n;
	return z;
fail:
	free(z->id);
	free(z->cut);
	return NULL;
}

/* The zone of stmt's row, made when new; NULL when memory ran out. */
static struct zone *
zone_find(struct zones *zs, struct stmt *stmt)
{
	char id[2048];
	unsigned h;

	if (zs->n * 2 >= (int)zs->nslot && zones_grow(zs) != 0)
		return NULL;
	zone_id(stmt, id, sizeof id);
	for (h = zone_hash(id) & (zs->nslot - 1); zs->slot[h];
	    h = (h + 1) & (zs->nslot - 1))
		if (strcmp(zs->z[zs->slot[h] - 1].id, id) == 0)
			return &zs->z[zs->slot[h] - 1];
	return zone_new(zs, stmt, id, h);
}
static void
zones_free(struct zones *zs)
{
	int i;

	for (i = 0; i < zs->n; i++) {
		free(zs->z[i].id);
		free(zs->z[i].cut);
		free((char *)zs->z[i].part[0]);
	}
	free(zs->z);
	free(zs->slot);
}

/* Reads every lead of the report into its zone. */
static int
zones_read(struct store *st, const struct report_scope *sc,
    const char *sql, struct zones *zs, struct err *err)
{
	struct stmt *stmt;
	struct zone *z;
	int c, rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the lists report")) ==
	    DB_ROW) {
		if ((z = zone_find(zs, stmt)) == NULL) {
			err_set(err, EX_OSERR, "out of memory");
			break;
		}
		for (c = C_LEADS; c <= C_CALLABLE; c++)
			z->n[c] += stmt_column_int64(stmt, QCOL(c));
	}
	stmt_reset(stmt);
	return rc == -1 || err->status ? err->status : 0;
}

/* Rows in the order of their labels, then keys (as ORDER BY 2, 1). */
static int
zone_cmp(const void *a, const void *b)
{
	const struct zone *x = a, *y = b;
	int d = strcmp(x->part[0], y->part[0]);

	return d ? d : (x->key > y->key) - (x->key < y->key);
}

/* One report row per key from the zones, its key into keys[row]. */
static int
zones_rows(struct zones *zs, const struct hours_rules *rules, time_t now,
    struct report *rep, int64_t *keys, struct err *err)
{
	struct zone *z;
	int i, r = -1, c;

	if (zs->n > 0)
		qsort(zs->z, (size_t)zs->n, sizeof *zs->z, zone_cmp);
	for (i = 0; i < zs->n; i++) {
		z = &zs->z[i];
		if (r < 0 || keys[r] != z->key) {
			if ((r = report_row_add(rep, err)) < 0 ||
			    report_set_text(rep, r, C_LABEL, z->part[0],
			    err) != 0)
				return err->status;
			keys[r] = z->key;
		}
		for (c = C_LEADS; c <= C_EXHAUSTED; c++)
			REPORT_N(rep, r, c) += z->n[c];
		if (hours_check(rules, z->part[1], z->part[2], z->part[3], now,
		    NULL) == HOURS_OPEN)
			REPORT_N(rep, r, C_CALLABLE) += z->n[C_CALLABLE];
	}
	return 0;
}

static int
lists_dnc(struct store *st, const struct report_scope *sc, const char *sql,
    const struct hours_rules *rules, struct report *rep,
    const int64_t *keys, struct err *err)
{
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the lists report")) ==
	    DB_ROW)
		zone_dnc(rep, keys, stmt, rules, sc->now);
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

static int
lists_read(struct store *st, const struct report_scope *sc,
    const char *const sql[2], struct report *rep, struct err *err)
{
	struct hours_rules rules;
	struct zones zs = { NULL, 0, 0, NULL, 0 };
	int64_t *keys = NULL;

	if (store_hours_rules(st, &rules, err) == 0 &&
	    zones_read(st, sc, sql[0], &zs, err) == 0) {
		if ((keys = malloc(((size_t)zs.n + 1) * sizeof *keys)) == NULL)
			err_set(err, EX_OSERR, "out of memory");
		else if (zones_rows(&zs, &rules, sc->now, rep, keys, err) == 0)
			lists_dnc(st, sc, sql[1], &rules, rep, keys, err);
	}
	zones_free(&zs);
	free(keys);
	return err->status ? err->status : lists_total(rep, err);
}

int
report_lists(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	const struct report_col *cols = cols_region;
	int pg = store_is_pg(st) != 0;
	const char *const *sql = by_region[pg];

	if (strcmp(sc->by, "source") == 0) {
		cols = cols_source;
		sql = by_source[pg];
	} else if (strcmp(sc->by, "batch") == 0) {
		cols = cols_batch;
		sql = by_batch[pg];
	}
	if (report_begin(rep, "Lists", sc, cols, NCOLS, err) != 0)
		return err->status;
	rep->chart = CHART_BARS;
	rep->chart_from = rep->chart_to = C_PENETRATION;
	rep->label_col = C_LABEL;
	return lists_read(st, sc, sql, rep, err);
}
