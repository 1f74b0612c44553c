#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "callq/batch.h"
#include "callq/err.h"
#include "leadrow.h"
#include "pg.h"
#include "sqlite.h"

static const char *const state_names[] = {
	[BATCH_RUNNING] = "running",
	[BATCH_INTERRUPTED] = "interrupted",
	[BATCH_COMPLETE] = "complete",
	[BATCH_DISCARDED] = "discarded",
};

const char *
batch_state_name(enum batch_state state)
{
	return state_names[state];
}

int
store_batch_cache(struct store *st, int mib, struct err *err)
{
	if (sqlite_cache_size(st, mib * 1024) != 0)
		return db_fail(st, err, "setting up the import");
	return 0;
}

static enum batch_state
state_parse(const char *s)
{
	int i;

	for (i = 0; i <= BATCH_DISCARDED; i++)
		if (strcmp(s, state_names[i]) == 0)
			return (enum batch_state)i;
	return BATCH_INTERRUPTED;
}

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

#define BATCH_SELECT \
	"SELECT b.id, r.name, b.default_country, b.file_name, b.file_size," \
	" b.sha256, b.rejects_path, b.runner, b.state, b.rows_read," \
	" b.rows_imported, b.rows_duplicate, b.rows_dnc, b.rows_rejected," \
	" b.rows_warning, b.rejects_bytes, u.login, b.started_at," \
	" b.finished_at" \
	" FROM import_batches b JOIN regions r ON r.id = b.region_id" \
	" JOIN users u ON u.id = b.started_by"

static void
batch_from_row(struct stmt *s, struct batch *b)
{
	memset(b, 0, sizeof *b);
	b->id = stmt_column_int64(s, 0);
	copy(b->region, sizeof b->region, col_text(s, 1));
	copy(b->country, sizeof b->country, col_text(s, 2));
	copy(b->file_name, sizeof b->file_name, col_text(s, 3));
	b->file_size = stmt_column_int64(s, 4);
	copy(b->sha256, sizeof b->sha256, col_text(s, 5));
	copy(b->rejects_path, sizeof b->rejects_path, col_text(s, 6));
	copy(b->runner, sizeof b->runner, col_text(s, 7));
	b->state = state_parse(col_text(s, 8));
	b->counts.read = stmt_column_int64(s, 9);
	b->counts.imported = stmt_column_int64(s, 10);
	b->counts.duplicate = stmt_column_int64(s, 11);
	b->counts.dnc = stmt_column_int64(s, 12);
	b->counts.rejected = stmt_column_int64(s, 13);
	b->counts.warning = stmt_column_int64(s, 14);
	b->counts.rejects_bytes = stmt_column_int64(s, 15);
	copy(b->started_by, sizeof b->started_by, col_text(s, 16));
	b->started_at = (time_t)stmt_column_int64(s, 17);
	b->finished_at = (time_t)stmt_column_int64(s, 18);
}

int
store_batch_get(struct store *st, int64_t id, struct batch *b,
    struct err *err)
{
	static const char sql[] = BATCH_SELECT " WHERE b.id = ?";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	if ((rc = db_step(st, stmt, err, "reading the batch")) == DB_ROW)
		batch_from_row(stmt, b);
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW)
		return err_set(err, EX_NOINPUT, "there is no import batch %lld;"
		    " see callq batch list", (long long)id);
	return 0;
}

int
store_batch_list(struct store *st, const struct actor *who,
    int (*each)(const struct batch *, void *), void *arg, struct err *err)
{
	static const char sql[] = BATCH_SELECT " ORDER BY b.id DESC";
	struct stmt *stmt;
	struct batch b;
	int rc;

	if (require(who, ACT_IMPORT, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "listing batches")) == DB_ROW) {
		batch_from_row(stmt, &b);
		if (each(&b, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

struct begin {
	const struct actor *who;
	struct batch *b;
};

/* The region's id, adding it (with its own audit row) when it is new. */
static int
region_ensure(struct store *st, const struct actor *who, const char *name,
    const char *country, int64_t *id, struct err *err)
{
	static const char find[] = "SELECT id FROM regions WHERE name = ?";
	static const char add[] =
	    "INSERT INTO regions (name, country, created_at) VALUES (?,?,?)"
	    " RETURNING id";
	struct stmt *stmt;
	struct details d;
	int rc;

	if ((stmt = stmt_get(st, find, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, name);
	rc = db_step(st, stmt, err, "finding the region");
	*id = rc == DB_ROW ? stmt_column_int64(stmt, 0) : 0;
	stmt_reset(stmt);
	if (rc == -1 || *id != 0)
		return rc == -1 ? err->status : 0;
	if ((stmt = stmt_get(st, add, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, name);
	bind_text(stmt, 2, *country ? country : NULL);
	stmt_bind_int64(stmt, 3, store_now());
	if (db_insert(st, stmt, id, err, "adding the region") != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "name", name);
	if (*country)
		details_str(&d, "country", country);
	return audit_write(st, who, "region", *id, "add", &d, err);
}

static int
batch_insert(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO import_batches (region_id, file_name, file_size,"
	    " sha256, default_country, rejects_path, runner, state,"
	    " started_by, started_at) VALUES (?,?,?,?,?,?,?,'running',?,?)"
	    " RETURNING id";
	struct begin *g = arg;
	struct batch *b = g->b;
	int64_t region = 0;
	struct stmt *stmt;
	struct details d;

	if (region_ensure(st, g->who, b->region, b->country, &region,
	    err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, region);
	bind_text(stmt, 2, b->file_name);
	stmt_bind_int64(stmt, 3, b->file_size);
	bind_text(stmt, 4, b->sha256);
	bind_text(stmt, 5, *b->country ? b->country : NULL);
	bind_text(stmt, 6, b->rejects_path);
	bind_text(stmt, 7, b->runner);
	stmt_bind_int64(stmt, 8, g->who->id);
	stmt_bind_int64(stmt, 9, store_now());
	if (db_insert(st, stmt, &b->id, err, "recording the import") != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "file", b->file_name);
	details_int(&d, "size", b->file_size);
	details_str(&d, "sha256", b->sha256);
	details_str(&d, "region", b->region);
	return audit_write(st, g->who, "batch", b->id, "start", &d, err);
}

int
store_batch_begin(struct store *st, const struct actor *who,
    struct batch *b, struct err *err)
{
	struct begin g = { who, b };

	if (require(who, ACT_IMPORT, err) != 0)
		return err->status;
	return store_tx(st, batch_insert, &g, err);
}

struct claim {
	const struct actor *who;
	int64_t id;
	const char *old_runner, *runner;
};

static int
batch_take(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE import_batches SET runner = ?3, state = 'running'"
	    " WHERE id = ?1 AND state IN ('running','interrupted')"
	    " AND coalesce(runner, '') = ?2";
	struct claim *c = arg;
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->id);
	bind_text(stmt, 2, c->old_runner);
	bind_text(stmt, 3, c->runner);
	if (db_run(st, stmt, err, "taking over the batch") != 0)
		return err->status;
	if (conn_changes(st->conn) != 1)
		return err_set(err, EX_TEMPFAIL, "batch %lld was just taken"
		    " over by another callq; see callq batch list",
		    (long long)c->id);
	return audit_write(st, c->who, "batch", c->id, "resume", NULL, err);
}

int
store_batch_claim(struct store *st, const struct actor *who, int64_t id,
    const char *old_runner, const char *runner, struct err *err)
{
	struct claim c = { who, id, old_runner, runner };

	if (require(who, ACT_IMPORT, err) != 0)
		return err->status;
	return store_tx(st, batch_take, &c, err);
}

int
store_batch_known(struct store *st, struct batch_filter *f, struct err *err)
{
	/* Deleted leads too: the filter may say yes wrongly, never no. */
	static const char leads[] = "SELECT e164 FROM phones";
	static const char dnc[] = "SELECT phone_e164 FROM dnc";
	static const char top[] = "SELECT coalesce(max(id), 0) FROM leads";
	const char *const sqls[] = { top, leads, dnc };
	struct stmt *stmt;
	size_t i;
	int rc;

	for (i = 0; i < sizeof sqls / sizeof sqls[0]; i++) {
		if ((stmt = stmt_get(st, sqls[i], err)) == NULL)
			return err->status;
		while ((rc = db_step(st, stmt, err, "reading known numbers")) ==
		    DB_ROW) {
			if (sqls[i] == top)
				f->since = stmt_column_int64(stmt, 0);
			else
				f->add(col_text(stmt, 0), f->arg);
		}
		stmt_reset(stmt);
		if (rc == -1)
			return err->status;
	}
	return 0;
}

struct add {
	int64_t id;
	struct batch_lead *rows;
	size_t n;
	const struct batch_counts *start;
	struct batch_counts counts;	/* this attempt's; kept on success */
	struct batch_filter *filter;
	int64_t since;			/* the filter's, before any attempt */
	int64_t region;
	int64_t stage;			/* where new leads enter the pipeline */
	struct batch_lead **fresh;	/* the rows to insert */
	size_t nfresh;
};

/* Adds to the filter the numbers of leads others added since it looked. */
static int
filter_catch_up(struct store *st, struct batch_filter *f, struct err *err)
{
	static const char sql[] =
	    "SELECT id, phone_e164 FROM leads WHERE id > ?";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, f->since);
	while ((rc = db_step(st, stmt, err, "reading new leads")) ==
	    DB_ROW) {
		f->since = stmt_column_int64(stmt, 0);
		if (stmt_column_type(stmt, 1) != DB_NULL)
			f->add(col_text(stmt, 1), f->arg);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* Whether e164 is on the do-not-call list or a live lead's: 0 when new. */
static int
number_known(struct store *st, const char *e164, enum batch_outcome *out,
    struct err *err)
{
	static const char dnc[] = "SELECT 1 FROM dnc WHERE phone_e164 = ?";
	static const char lead[] = "SELECT 1 FROM phones p"
	    " JOIN leads l ON l.id = p.lead_id"
	    " WHERE p.e164 = ? AND l.deleted_at IS NULL LIMIT 1";
	const char *const sqls[] = { dnc, lead };
	const enum batch_outcome outcomes[] = { BATCH_DNC, BATCH_DUPLICATE };
	struct stmt *stmt;
	int i, rc;

	for (i = 0; i < 2; i++) {
		if ((stmt = stmt_get(st, sqls[i], err)) == NULL)
			return -1;
		bind_text(stmt, 1, e164);
		rc = db_step(st, stmt, err, "looking up the number");
		stmt_reset(stmt);
		if (rc == -1)
			return -1;
		if (rc == DB_ROW) {
			*out = outcomes[i];
			return 1;
		}
	}
	*out = BATCH_NEW;
	return 0;
}

/* Columns an import fills, and the parameters of one row's values. */
#define LEAD_INSERT \
	"INSERT INTO leads (name, phone_raw, phone_e164, phone_ext," \
	" country, street_number, street, city, state, postal_code, url," \
	" has_website, lat, lng, timezone, tz_basis, region_id, batch_id," \
	" extra, created_at, updated_at, phone_display, stage_id," \
	" stage_entered_at) VALUES "
#define LEAD_VALUES "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define LEAD_PARAMS 24
#define RETURNING_ID " RETURNING id"

/*
 * Rows per INSERT: one statement for many rows opens the table's and
 * indexes' cursors once, where a statement a row spends most of its time
 * opening and closing them.
 */
#define INSERT_ROWS 64

/* Binds lead r as the row of stmt's values starting at parameter p. */
static void
lead_bind(struct stmt *stmt, int p, const struct add *a,
    const struct batch_lead *r, int64_t now)
{
	const char *const text[] = { r->name ? r->name : "", r->phone_raw,
	    r->e164, r->ext, r->country, r->street_number, r->street, r->city,
	    r->state, r->postal_code, r->url };
	int i;

	/*
	 * Each text is copied as it is bound: the driver's rule for all. A
	 * NULL one is bound as NULL (bind_text), which not every driver's
	 * stmt_bind_text takes.
	 */
	for (i = 0; i < (int)(sizeof text / sizeof text[0]); i++)
		bind_text(stmt, p + i, text[i]);
	if (r->has_website >= 0)
		stmt_bind_int(stmt, p + 11, r->has_website);
	else
		stmt_bind_null(stmt, p + 11);
	if (r->has_coords) {
		stmt_bind_double(stmt, p + 12, r->lat);
		stmt_bind_double(stmt, p + 13, r->lng);
	} else {
		stmt_bind_null(stmt, p + 12);
		stmt_bind_null(stmt, p + 13);
	}
	bind_text(stmt, p + 14, r->timezone);
	bind_text(stmt, p + 15, r->tz_basis);
	bind_id(stmt, p + 16, a->region);
	stmt_bind_int64(stmt, p + 17, a->id);
	bind_text(stmt, p + 18, r->extra);
	stmt_bind_int64(stmt, p + 19, now);
	stmt_bind_int64(stmt, p + 20, now);
	bind_text(stmt, p + 21, r->display);
	bind_id(stmt, p + 22, a->stage);
	stmt_bind_int64(stmt, p + 23, now);
}

/* The INSERT of INSERT_ROWS rows: built once, from constants only. */
static const char *
insert_many_sql(void)
{
	static char sql[sizeof LEAD_INSERT + INSERT_ROWS * sizeof LEAD_VALUES +
	    sizeof RETURNING_ID];
	int i;

	if (sql[0] == '\0') {
		strcpy(sql, LEAD_INSERT LEAD_VALUES);
		for (i = 1; i < INSERT_ROWS; i++)
			strcat(strcat(sql, ","), LEAD_VALUES);
		strcat(sql, RETURNING_ID);
	}
	return sql;
}

/*
 * The contacts of rows[0..n), just inserted by one statement whose last
 * lead is last: the statement's leads took consecutive ids (each new
 * rowid is one past the largest, and the transaction holds the write
 * lock), so row k's lead is last - n + 1 + k.
 */
static int
contacts_insert(struct store *st, struct batch_lead *const *rows, size_t n,
    int64_t last, int64_t now, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO contacts (lead_id, name, role, position, created_at,"
	    " updated_at) VALUES (?1, substr(?2, 1, 200), substr(?3, 1, 100),"
	    " 1, ?4, ?4)";
	struct stmt *stmt;
	size_t k;

	for (k = 0; k < n; k++) {
		if (rows[k]->contact_name == NULL)
			continue;
		if ((stmt = stmt_get(st, sql, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, last - (int64_t)(n - 1 - k));
		bind_text(stmt, 2, rows[k]->contact_name);
		bind_text(stmt, 3, rows[k]->contact_role);
		stmt_bind_int64(stmt, 4, now);
		if (db_run(st, stmt, err, "adding imported contacts") != 0)
			return err->status;
	}
	return 0;
}

/*
 * Inserts rows[0..n) (all new), INSERT_ROWS to a statement; *last is the
 * largest id a lead took (left as it was when n is 0).
 */
static int
leads_insert(struct store *st, const struct add *a,
    struct batch_lead *const *rows, size_t n, int64_t now, int64_t *last,
    struct err *err)
{
	static const char one[] = LEAD_INSERT LEAD_VALUES RETURNING_ID;
	const char *many = insert_many_sql();
	struct stmt *stmt;
	size_t i, k, step;

	for (i = 0; i < n; i += step) {
		step = n - i >= INSERT_ROWS ? INSERT_ROWS : 1;
		if ((stmt = stmt_get(st, step > 1 ? many : one, err)) == NULL)
			return err->status;
		for (k = 0; k < step; k++)
			lead_bind(stmt, 1 + (int)k * LEAD_PARAMS, a, rows[i + k],
			    now);
		if (db_insert(st, stmt, last, err, "adding imported leads") !=
		    0 || contacts_insert(st, rows + i, step, *last, now,
		    err) != 0)
			return err->status;
	}
	return 0;
}

/*
 * PostgreSQL's way in: the rows go to the session's staging table by one
 * COPY, and one statement moves them into leads in row order and makes
 * their contacts, where a multi-row INSERT a round trip each spent most
 * of its time binding and parsing. Emptied at each commit; a failed
 * attempt's rows go with its transaction.
 */
#define STAGE_LEAD \
	"name, phone_raw, phone_e164, phone_ext, country, street_number," \
	" street, city, state, postal_code, url, has_website, lat, lng," \
	" timezone, tz_basis, extra, phone_display"
#define STAGE_COLUMNS	21	/* n, STAGE_LEAD, the contact's two */

static int
stage_send(struct store *st, struct batch_lead *const *rows, size_t n,
    struct err *err)
{
	static const char make[] = "CREATE TEMP TABLE IF NOT EXISTS"
	    " lead_stage (n bigint, name text, phone_raw text,"
	    " phone_e164 text, phone_ext text, country text,"
	    " street_number text, street text, city text, state text,"
	    " postal_code text, url text, has_website integer,"
	    " lat double precision, lng double precision, timezone text,"
	    " tz_basis text, extra text, phone_display text,"
	    " contact_name text, contact_role text) ON COMMIT DELETE ROWS";
	static const char copy_sql[] = "COPY lead_stage (n, " STAGE_LEAD
	    ", contact_name, contact_role) FROM STDIN";
	char num[24], lat[32], lng[32];
	size_t k;
	int rc = 0;

	if (conn_exec(st->conn, make) != 0 ||
	    pg_copy_begin(st->conn, copy_sql) != 0)
		return db_fail(st, err, "staging imported leads");
	for (k = 0; k < n && rc == 0; k++) {
		const struct batch_lead *r = rows[k];
		const char *const row[STAGE_COLUMNS] = { num,
		    r->name ? r->name : "", r->phone_raw, r->e164, r->ext,
		    r->country, r->street_number, r->street, r->city,
		    r->state, r->postal_code, r->url, r->has_website < 0 ?
		    NULL : r->has_website ? "1" : "0",
		    r->has_coords ? lat : NULL, r->has_coords ? lng : NULL,
		    r->timezone, r->tz_basis, r->extra, r->display,
		    r->contact_name, r->contact_role };

		snprintf(num, sizeof num, "%zu", k);
		snprintf(lat, sizeof lat, "%.17g", r->lat);
		snprintf(lng, sizeof lng, "%.17g", r->lng);
		rc = pg_copy_values(st->conn, row, STAGE_COLUMNS);
	}
	if (pg_copy_end(st->conn, rc == 0 ? NULL : "a row failed") != 0)
		return db_fail(st, err, "staging imported leads");
	return 0;
}

/*
 * The staged rows into leads, in row order, and their contacts; *last is
 * the largest id a lead took. The k-th lead by id is the k-th row: one
 * INSERT takes its ids in the order of its rows, rising.
 */
static int
stage_move(struct store *st, const struct add *a, int64_t now,
    int64_t *last, struct err *err)
{
	static const char sql[] =
	    "WITH ins AS (INSERT INTO leads (" STAGE_LEAD ", region_id,"
	    " batch_id, created_at, updated_at, stage_id, stage_entered_at)"
	    " SELECT " STAGE_LEAD ", CAST(?1 AS BIGINT), CAST(?2 AS BIGINT),"
	    " CAST(?3 AS BIGINT), CAST(?3 AS BIGINT), CAST(?4 AS BIGINT),"
	    " CAST(?3 AS BIGINT) FROM lead_stage ORDER BY n RETURNING id),"
	    " made AS (INSERT INTO contacts (lead_id, name, role, position,"
	    " created_at, updated_at) SELECT i.id, substr(s.contact_name, 1,"
	    " 200), substr(s.contact_role, 1, 100), 1, CAST(?3 AS BIGINT),"
	    " CAST(?3 AS BIGINT) FROM (SELECT id, row_number() OVER"
	    " (ORDER BY id) AS k FROM ins) i JOIN (SELECT contact_name,"
	    " contact_role, row_number() OVER (ORDER BY n) AS k"
	    " FROM lead_stage) s ON s.k = i.k"
	    " WHERE s.contact_name IS NOT NULL)"
	    " SELECT coalesce(max(id), 0) FROM ins";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_id(stmt, 1, a->region);
	stmt_bind_int64(stmt, 2, a->id);
	stmt_bind_int64(stmt, 3, now);
	bind_id(stmt, 4, a->stage);
	return db_insert(st, stmt, last, err, "adding imported leads");
}

static int
leads_copy(struct store *st, const struct add *a,
    struct batch_lead *const *rows, size_t n, int64_t now, int64_t *last,
    struct err *err)
{
	if (n == 0)
		return 0;
	if (stage_send(st, rows, n, err) != 0 ||
	    stage_move(st, a, now, last, err) != 0)
		return err->status;
	return 0;
}

static int
counts_write(struct store *st, int64_t id, const struct batch_counts *c,
    struct err *err)
{
	static const char sql[] =
	    "UPDATE import_batches SET rows_read = ?, rows_imported = ?,"
	    " rows_duplicate = ?, rows_dnc = ?, rows_rejected = ?,"
	    " rows_warning = ?, rejects_bytes = ? WHERE id = ?";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->read);
	stmt_bind_int64(stmt, 2, c->imported);
	stmt_bind_int64(stmt, 3, c->duplicate);
	stmt_bind_int64(stmt, 4, c->dnc);
	stmt_bind_int64(stmt, 5, c->rejected);
	stmt_bind_int64(stmt, 6, c->warning);
	stmt_bind_int64(stmt, 7, c->rejects_bytes);
	stmt_bind_int64(stmt, 8, id);
	return db_run(st, stmt, err, "recording the import's progress");
}

/* The running batch's region, and the stage its new leads enter. */
static int
batch_region(struct store *st, struct add *a, struct err *err)
{
	static const char sql[] = "SELECT region_id," STAGE_ENTRY
	    " FROM import_batches WHERE id = ? AND state = 'running'";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, a->id);
	rc = db_step(st, stmt, err, "reading the batch");
	a->region = rc == DB_ROW ? stmt_column_int64(stmt, 0) : 0;
	a->stage = rc == DB_ROW ? stmt_column_int64(stmt, 1) : 0;
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (a->region == 0)
		return err_set(err, EX_TEMPFAIL, "batch %lld is no longer"
		    " running: another callq discarded or took it over",
		    (long long)a->id);
	return 0;
}

static int
batch_rows(struct store *st, void *arg, struct err *err)
{
	struct add *a = arg;
	struct batch_filter *f = a->filter;
	struct batch_lead *r;
	int64_t last = 0;
	int known;

	/* A retried attempt starts again from nothing it did itself. */
	a->counts = *a->start;
	f->since = a->since;
	while (a->nfresh > 0)
		f->forget(a->fresh[--a->nfresh]->e164, f->numbers);
	if (store_tx_plans_fresh(st, err) != 0 ||
	    batch_region(st, a, err) != 0 || filter_catch_up(st, f, err) != 0)
		return err->status;
	for (r = a->rows; r < a->rows + a->n; r++) {
		known = 0;
		r->outcome = BATCH_NEW;
		if (f->has(r->e164, f->arg) &&
		    (known = number_known(st, r->e164, &r->outcome, err)) < 0)
			return err->status;
		if (!known && !f->first(r->e164, f->numbers)) {
			r->outcome = BATCH_DUPLICATE;	/* earlier in the file */
			known = 1;
		}
		if (!known)
			a->fresh[a->nfresh++] = r;
		else if (r->outcome == BATCH_DNC)
			a->counts.dnc++;
		else
			a->counts.duplicate++;
	}
	if ((store_is_pg(st) ? leads_copy : leads_insert)(st, a, a->fresh,
	    a->nfresh, store_now(), &last, err) != 0)
		return err->status;
	a->counts.imported += (int64_t)a->nfresh;
	if (counts_write(st, a->id, &a->counts, err) != 0)
		return err->status;
	if (last > f->since)
		f->since = last;
	return 0;
}

int
store_batch_add(struct store *st, int64_t id, struct batch_lead *rows,
    size_t n, struct batch_counts *counts, struct batch_filter *filter,
    struct err *err)
{
	struct add a = { id, rows, n, counts, *counts, filter, filter->since,
	    0, 0, NULL, 0 };
	int rc;

	if ((a.fresh = malloc((n ? n : 1) * sizeof *a.fresh)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	if ((rc = store_tx(st, batch_rows, &a, err)) == 0)
		*counts = a.counts;
	free(a.fresh);
	return rc;
}

/* A dry run's numbers so far: in-file duplicates count as they would. */
static int
dry_seen(struct store *st, const char *e164, int add, struct err *err)
{
	static const char make_lite[] = "CREATE TEMP TABLE IF NOT EXISTS"
	    " dry_seen (e164 TEXT PRIMARY KEY) WITHOUT ROWID";
	static const char make_pg[] = "CREATE TEMP TABLE IF NOT EXISTS"
	    " dry_seen (e164 text PRIMARY KEY)";
	static const char has[] = "SELECT 1 FROM dry_seen WHERE e164 = ?";
	static const char put[] = "INSERT INTO dry_seen (e164) VALUES (?)";
	struct stmt *stmt;
	int rc;

	if (conn_exec(st->conn, SQL_BOTH(st, make_lite, make_pg)) != 0)
		return db_fail(st, err, "checking the file");
	if ((stmt = stmt_get(st, add ? put : has, err)) == NULL)
		return -1;
	bind_text(stmt, 1, e164);
	rc = db_step(st, stmt, err, "checking the file");
	stmt_reset(stmt);
	return rc == -1 ? -1 : rc == DB_ROW;
}

static int
dry_row(struct store *st, struct batch_lead *r, struct batch_filter *f,
    struct batch_counts *c, struct err *err)
{
	int known = 0;

	r->outcome = BATCH_NEW;
	if (f->has(r->e164, f->arg) &&
	    (known = number_known(st, r->e164, &r->outcome, err)) < 0)
		return -1;
	/* What the file's set cannot hold, a temporary table can. */
	if (!known && (!f->first(r->e164, f->numbers) ||
	    (known = dry_seen(st, r->e164, 0, err)) != 0)) {
		if (known < 0)
			return -1;
		known = 1;
		r->outcome = BATCH_DUPLICATE;
	}
	if (r->outcome == BATCH_DNC)
		c->dnc++;
	else if (r->outcome == BATCH_DUPLICATE)
		c->duplicate++;
	else {
		if (dry_seen(st, r->e164, 1, err) < 0)
			return -1;
		c->imported++;
	}
	return 0;
}

int
store_batch_check(struct store *st, struct batch_lead *rows, size_t n,
    struct batch_counts *counts, struct batch_filter *f, struct err *err)
{
	size_t i;

	/* A read transaction: the temporary table takes no write lock. */
	if (conn_exec(st->conn, "BEGIN") != 0)
		return db_fail(st, err, "checking the file");
	for (i = 0; i < n; i++)
		if (dry_row(st, &rows[i], f, counts, err) != 0) {
			conn_exec(st->conn, "ROLLBACK");
			return err->status;
		}
	if (conn_exec(st->conn, "COMMIT") != 0)
		return db_fail(st, err, "checking the file");
	return 0;
}

/*
 * Settling a batch: its leads in number order (a temporary table, sorted
 * once, on disk), walked a chunk per transaction. The first lead of each
 * number stays and enters the number index, in order, so each chunk
 * writes a few neighbouring pages; a later one is a duplicate within the
 * file, and any whose number a live lead took meanwhile is one too.
 * Walking again after a crash finds the same answers: it can be resumed.
 * The search index comes last, by id (search_index_batch).
 *
 * A chunk is sized by time, not rows: each transaction holds the write
 * lock about SETTLE_TARGET seconds, on a quiet machine or a loaded one,
 * so a rep's quick-log never waits long behind it. It never shrinks
 * below SETTLE_MIN rows: each commit writes the indexes' last pages
 * (the trigram segments most) again, and on a starved machine chunks
 * of a few dozen rows spent more on that than on the rows, for hours.
 */
#define SETTLE_TARGET	0.05
#define SETTLE_FIRST	2000
#define SETTLE_MIN	500
#define SETTLE_MAX	100000

struct settle {
	int64_t id;
	int64_t from, to;		/* settle.n of this chunk */
	const struct batch_counts *start;
	struct batch_counts counts;
};

static int
settle_sort(struct store *st, int64_t id, int64_t *rows, struct err *err)
{
	/*
	 * The session's own tables, named unqualified (PostgreSQL has no
	 * temp.): settle numbers the batch's leads in number order (n, from
	 * 1 once emptied: SQLite's rowid, PostgreSQL's identity restarted).
	 */
	static const char make_lite[] = "CREATE TEMP TABLE IF NOT EXISTS"
	    " settle (n INTEGER PRIMARY KEY, e164 TEXT, lead_id INTEGER);"
	    "CREATE TEMP TABLE IF NOT EXISTS gone (id INTEGER PRIMARY KEY)";
	static const char make_pg[] = "CREATE TEMP TABLE IF NOT EXISTS"
	    " settle (n bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	    " e164 text, lead_id bigint);"
	    "CREATE TEMP TABLE IF NOT EXISTS gone (id bigint PRIMARY KEY)";
	static const char empty_lite[] = "DELETE FROM settle";
	static const char empty_pg[] = "TRUNCATE settle RESTART IDENTITY";
	static const char fill[] = "INSERT INTO settle (e164, lead_id)"
	    " SELECT phone_e164, id FROM leads WHERE batch_id = ?"
	    " ORDER BY phone_e164, id";
	struct stmt *stmt;

	if (conn_exec(st->conn, SQL_BOTH(st, make_lite, make_pg)) != 0 ||
	    conn_exec(st->conn, SQL_BOTH(st, empty_lite, empty_pg)) != 0)
		return db_fail(st, err, "sorting the batch");
	if ((stmt = stmt_get(st, fill, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	if (db_run(st, stmt, err, "sorting the batch") != 0)
		return err->status;
	/* The emptied table numbers its rows from 1: the last is the count. */
	*rows = conn_changes(st->conn);
	return 0;
}

/*
 * One chunk, set by set: the leads whose number the row before has (in
 * the file earlier) or a live lead outside the batch has (taken meanwhile)
 * go, in id order; the rest enter the number index, in number order.
 */
static int
settle_chunk(struct store *st, void *arg, struct err *err)
{
	/*
	 * A lead already gone, or a number already indexed, is skipped (ON
	 * CONFLICT); a lead without a number has none to index, which OR
	 * IGNORE skipped as a NOT NULL failure.
	 */
	static const char twice[] =
	    "INSERT INTO gone (id) SELECT s.lead_id FROM settle s"
	    " JOIN settle t ON t.n = s.n - 1 AND t.e164 = s.e164"
	    " WHERE s.n BETWEEN ?1 AND ?2 ON CONFLICT DO NOTHING";
	static const char taken_lite[] =
	    "INSERT INTO gone (id) SELECT s.lead_id FROM settle s"
	    " JOIN phones p ON p.e164 = s.e164 AND p.lead_id <> s.lead_id"
	    " JOIN leads l ON l.id = p.lead_id AND l.deleted_at IS NULL"
	    " AND l.batch_id IS DISTINCT FROM ?3"
	    " WHERE s.n BETWEEN ?1 AND ?2 ON CONFLICT DO NOTHING";
	/*
	 * PostgreSQL, whose statistics of leads an import outgrows, read
	 * all of leads for every chunk (leads outside the batch: "none") and
	 * hashed them, and inside a subquery joining phones to leads, did so
	 * for every row of the chunk. A scalar subquery it keeps as one,
	 * looked up by its key a row at a time: the number's phones, and
	 * for each the lead it names.
	 */
	static const char taken_pg[] =
	    "INSERT INTO gone (id) SELECT s.lead_id FROM settle s"
	    " WHERE s.n BETWEEN ?1 AND ?2 AND (SELECT p.lead_id FROM phones p"
	    " WHERE p.e164 = s.e164 AND p.lead_id <> s.lead_id"
	    " AND (SELECT l.deleted_at IS NULL AND l.batch_id IS DISTINCT FROM"
	    " ?3 FROM leads l WHERE l.id = p.lead_id) LIMIT 1) IS NOT NULL"
	    " ON CONFLICT DO NOTHING";
	const char *taken = SQL_BOTH(st, taken_lite, taken_pg);
	/* A lead of a batch still loading has only the import's contact. */
	static const char orphans[] =
	    "DELETE FROM contacts WHERE lead_id IN (SELECT id FROM gone)"
	    " AND deleted_at IS NULL";
	static const char drop[] =
	    "DELETE FROM leads WHERE id IN (SELECT id FROM gone)";
	static const char keep[] =
	    "INSERT INTO phones (e164, lead_id) SELECT s.e164, s.lead_id"
	    " FROM settle s WHERE s.n BETWEEN ?1 AND ?2"
	    " AND s.e164 IS NOT NULL"
	    " AND s.lead_id NOT IN (SELECT id FROM gone) ORDER BY s.n"
	    " ON CONFLICT DO NOTHING";
	const char *const sqls[] = { twice, taken, orphans, drop, keep };
	struct settle *s = arg;
	struct stmt *stmt;
	size_t i;

	s->counts = *s->start;
	if (store_tx_plans_fresh(st, err) != 0)
		return err->status;
	if (conn_exec(st->conn, "DELETE FROM gone") != 0)
		return db_fail(st, err, "settling the batch");
	for (i = 0; i < sizeof sqls / sizeof sqls[0]; i++) {
		if ((stmt = stmt_get(st, sqls[i], err)) == NULL)
			return err->status;
		if (sqls[i] != drop && sqls[i] != orphans) {
			stmt_bind_int64(stmt, 1, s->from);
			stmt_bind_int64(stmt, 2, s->to);
		}
		if (sqls[i] == taken)
			stmt_bind_int64(stmt, 3, s->id);
		if (db_run(st, stmt, err, "settling the batch") != 0)
			return err->status;
		if (sqls[i] == drop) {
			s->counts.imported -= conn_changes(st->conn);
			s->counts.duplicate += conn_changes(st->conn);
		}
	}
	return counts_write(st, s->id, &s->counts, err);
}

/*
 * The rows of the next chunk, from those of the last and how long its
 * transaction held the lock: about SETTLE_TARGET, and never more than
 * twice the last, as a quick chunk may have been a lucky one.
 */
static int64_t
chunk_next(int64_t rows, double took)
{
	double want = took > 0 ? (double)rows * SETTLE_TARGET / took :
	    (double)rows * 2;

	if (want > (double)rows * 2)
		want = (double)rows * 2;
	if (want < SETTLE_MIN)
		return SETTLE_MIN;
	return want > SETTLE_MAX ? SETTLE_MAX : (int64_t)want;
}

struct index {
	int64_t id;
	int64_t from, to;		/* lead ids of this chunk */
};

static int
index_chunk(struct store *st, void *arg, struct err *err)
{
	struct index *x = arg;

	if (store_tx_plans_fresh(st, err) != 0)
		return err->status;
	return search_index_batch(st, x->id, x->from, x->to, err);
}

/* The lowest and highest id of the sorted batch's leads (0, -1: none). */
static int
batch_ids(struct store *st, int64_t *low, int64_t *high, struct err *err)
{
	static const char sql[] = "SELECT min(lead_id), max(lead_id)"
	    " FROM settle";
	struct stmt *stmt;
	int rc;

	*low = 0;
	*high = -1;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	if ((rc = db_step(st, stmt, err, "indexing the batch")) ==
	    DB_ROW && stmt_column_type(stmt, 0) != DB_NULL) {
		*low = stmt_column_int64(stmt, 0);
		*high = stmt_column_int64(stmt, 1);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* The settled batch's leads into the search index, an id range a time. */
static int
settle_index(struct store *st, int64_t id, struct err *err)
{
	struct index x = { .id = id };
	int64_t high, rows = SETTLE_FIRST;

	if (batch_ids(st, &x.from, &high, err) != 0)
		return err->status;
	for (; x.from <= high; x.from = x.to + 1) {
		x.to = x.from + rows - 1;
		if (store_tx(st, index_chunk, &x, err) != 0)
			return err->status;
		rows = chunk_next(rows, store_tx_last(st));
	}
	return 0;
}

int
store_batch_settle(struct store *st, int64_t id, struct batch_counts *counts,
    struct err *err)
{
	struct settle s = { .id = id };
	struct batch_counts start;
	int64_t rows = 0, step = SETTLE_FIRST;

	if (conn_exec(st->conn, "BEGIN") != 0)
		return db_fail(st, err, "sorting the batch");
	if (store_tx_plans_fresh(st, err) != 0 ||
	    settle_sort(st, id, &rows, err) != 0) {
		conn_exec(st->conn, "ROLLBACK");
		return err->status;
	}
	if (conn_exec(st->conn, "COMMIT") != 0)
		return db_fail(st, err, "sorting the batch");
	for (s.from = 1; s.from <= rows; s.from = s.to + 1) {
		start = *counts;
		s.start = &start;
		s.to = s.from + step - 1;
		if (store_tx(st, settle_chunk, &s, err) != 0)
			return err->status;
		*counts = s.counts;
		step = chunk_next(step, store_tx_last(st));
	}
	if (settle_index(st, id, err) != 0)
		return err->status;
	return conn_exec(st->conn, "DELETE FROM settle") == 0 ? 0 :
	    db_fail(st, err, "settling the batch");
}

struct finish {
	const struct actor *who;
	int64_t id;
	enum batch_state state;
	const struct batch_counts *counts;
};

static int
batch_end(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE import_batches SET state = ?2, finished_at = ?3"
	    " WHERE id = ?1 AND state = 'running'";
	struct finish *f = arg;
	struct stmt *stmt;
	struct details d;

	if (counts_write(st, f->id, f->counts, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, f->id);
	bind_text(stmt, 2, state_names[f->state]);
	if (f->state == BATCH_COMPLETE)
		stmt_bind_int64(stmt, 3, store_now());
	if (db_run(st, stmt, err, "ending the import") != 0)
		return err->status;
	if (conn_changes(st->conn) != 1)
		return err_set(err, EX_TEMPFAIL, "batch %lld is no longer"
		    " running: another callq discarded or took it over",
		    (long long)f->id);
	if (f->state != BATCH_COMPLETE)
		return 0;
	details_begin(&d);
	details_int(&d, "imported", f->counts->imported);
	details_int(&d, "duplicates", f->counts->duplicate);
	details_int(&d, "dnc", f->counts->dnc);
	details_int(&d, "rejected", f->counts->rejected);
	details_int(&d, "warnings", f->counts->warning);
	return audit_write(st, f->who, "batch", f->id, "complete", &d, err);
}

int
store_batch_finish(struct store *st, const struct actor *who, int64_t id,
    enum batch_state state, const struct batch_counts *counts,
    struct err *err)
{
	struct finish f = { who, id, state, counts };

	return store_tx(st, batch_end, &f, err);
}

struct discard {
	const struct actor *who;
	int64_t id;
	const char *old_runner;
	int64_t removed;	/* this chunk's */
	int done;
};

/*
 * One chunk of a discard. The first marks the batch interrupted under the
 * discarder's name so that no resume can start meanwhile; the last, finding
 * nothing left, marks it discarded.
 */
static int
discard_chunk(struct store *st, void *arg, struct err *err)
{
	static const char take[] =
	    "UPDATE import_batches SET state = 'interrupted', runner = 'discard'"
	    " WHERE id = ?1 AND (state = 'interrupted' OR state = 'running')"
	    " AND coalesce(runner, '') IN (?2, 'discard')";
	/* The same leads both times: the first 5000 of the batch by id. */
	static const char orphans[] =
	    "DELETE FROM contacts WHERE deleted_at IS NULL AND lead_id IN"
	    " (SELECT id FROM leads WHERE batch_id = ? ORDER BY id"
	    " LIMIT 5000)";
	static const char del[] =
	    "DELETE FROM leads WHERE id IN (SELECT id FROM leads"
	    " WHERE batch_id = ? ORDER BY id LIMIT 5000)";
	static const char end[] = "UPDATE import_batches SET state ="
	    " 'discarded', runner = NULL, finished_at = ? WHERE id = ?";
	struct discard *c = arg;
	struct stmt *stmt;
	struct details d;

	if ((stmt = stmt_get(st, take, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->id);
	bind_text(stmt, 2, c->old_runner);
	if (db_run(st, stmt, err, "taking the batch") != 0)
		return err->status;
	if (conn_changes(st->conn) != 1)
		return err_set(err, EX_TEMPFAIL, "batch %lld was just taken"
		    " over by another callq; see callq batch list",
		    (long long)c->id);
	if ((stmt = stmt_get(st, orphans, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->id);
	if (db_run(st, stmt, err, "removing the batch's contacts") != 0 ||
	    (stmt = stmt_get(st, del, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->id);
	if (db_run(st, stmt, err, "removing the batch's leads") != 0)
		return err->status;
	if ((c->removed = conn_changes(st->conn)) > 0)
		return 0;
	if ((stmt = stmt_get(st, end, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, store_now());
	stmt_bind_int64(stmt, 2, c->id);
	if (db_run(st, stmt, err, "discarding the batch") != 0)
		return err->status;
	c->done = 1;
	details_begin(&d);
	details_str(&d, "state", "discarded");
	return audit_write(st, c->who, "batch", c->id, "discard", &d, err);
}

int
store_batch_discard(struct store *st, const struct actor *who, int64_t id,
    const char *old_runner, int64_t *removed, struct err *err)
{
	struct discard c = { who, id, old_runner, 0, 0 };

	*removed = 0;
	if (require(who, ACT_IMPORT, err) != 0)
		return err->status;
	while (!c.done) {
		if (store_tx(st, discard_chunk, &c, err) != 0)
			return err->status;
		*removed += c.removed;
	}
	return 0;
}
