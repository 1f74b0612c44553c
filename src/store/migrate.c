/*
 * callq migrate: the floor callq has open (SQLite) copied into an empty
 * PostgreSQL database, then checked; or back, a PostgreSQL floor copied
 * into a new SQLite file.
 *
 * The tables, their columns, keys and foreign keys are read from the
 * PostgreSQL catalog (once pg_schema has made them, on the way there),
 * so the list lives in pgschema.c alone (with the steps past it,
 * pg_steps): the floor must be at this callq's version, and tests/pg/migrate.sh
 * checks that both schemas name the same tables. Each table is read from
 * the floor in key order and sent with COPY (or INSERT, into SQLite);
 * its rows go into a SHA-256 on the way, over a canonical text that both
 * drivers produce alike (row_hash), and the copy is read back the same
 * way before the commit.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "callq/migrate.h"
#include "callq/path.h"
#include "callq/priv.h"
#include "callq/sha256.h"
#include "internal.h"
#include "pg.h"
#include "pgschema.h"

#define COLS_MAX	96
#define KEYS_MAX	4
#define EDGES_MAX	256
#define NAME_MAX_LEN	63
/*
 * PostgreSQL's driver holds a statement's whole result: the copy is read
 * back this many rows at a time, from where the last page ended.
 */
#define PAGE_ROWS	10000
#define SQL_MAX		8192

/* How a column's values read on both sides, by its PostgreSQL type. */
enum col_class {
	COL_INT,
	COL_FLOAT,
	COL_TEXT,
};

struct mcol {
	char           name[NAME_MAX_LEN + 1];
	enum col_class cls;
};

struct mtable {
	char        name[NAME_MAX_LEN + 1];
	int         ncols;
	struct mcol cols[COLS_MAX];
	int         nkeys;
	int         keys[KEYS_MAX];	/* the primary key's, into cols */
};

struct plan {
	int           n;		/* in foreign-key order once sorted */
	struct mtable t[MIGRATE_TABLES_MAX];
	/* The target sorts text bytewise: no COLLATE "C" is needed. */
	int           bytewise;
};

/*
 * One run of store_migrate. Into PostgreSQL, cat and dst are the
 * target's connection and src the floor's; back into SQLite, cat and src
 * are the floor's and dst the new file's (dst_st).
 */
struct run {
	struct store          *st;
	struct dbconn         *cat;	/* PostgreSQL's side: the plan */
	struct dbconn         *src;	/* the floor, read */
	struct dbconn         *dst;	/* the copy, written and read back */
	struct store          *dst_st;	/* the SQLite copy's store, or NULL */
	struct stmt           *ins;	/* into SQLite: the table's INSERT */
	struct plan           *plan;
	struct migrate_result *r;
	struct err            *err;
	/* What was set aside during the copy (indexes, triggers), as made. */
	char                 **defs;
	char                 **names;
	int                    ndefs;
};

/* A table's rows being hashed: its canonical text, buffered. */
struct walk {
	struct sha256 sha;
	int64_t       rows;
	size_t        len;
	char          buf[64 * 1024];
};

/* The last row of a page: where the next one starts. */
struct keyval {
	int64_t num;
	char   *text;
};

static double
seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A failure of the PostgreSQL target as a sentence; returns the status. */
static int
pg_failed(struct run *m, const char *what)
{
	enum db_fault fault = conn_fault(m->dst);
	int status = fault == DB_FAULT_GONE || fault == DB_FAULT_INDOUBT ?
	    EX_UNAVAILABLE : fault == DB_FAULT_READONLY ? EX_NOPERM : EX_IOERR;

	/* A COMMIT sent and never answered may have saved the whole copy. */
	if (fault == DB_FAULT_INDOUBT)
		return err_set(m->err, status, "PostgreSQL did not answer %s: "
		    "%s; whether the copy was saved is not known, so run "
		    "the same callq migrate with --verify once the server "
		    "answers", what, conn_errmsg(m->dst));
	return err_set(m->err, status, "PostgreSQL refused %s: %s; the "
	    "target database was left as it was", what, conn_errmsg(m->dst));
}

/* A failure on connection c, whichever side it is; returns the status. */
static int
side_failed(struct run *m, struct dbconn *c, const char *what)
{
	if (c == m->st->conn)
		return db_fail(m->st, m->err, what);
	if (m->dst_st != NULL)
		return db_fail(m->dst_st, m->err, what);
	return pg_failed(m, what);
}

static int
side_run(struct run *m, struct dbconn *c, const char *sql, const char *what)
{
	return conn_exec(c, sql) != 0 ? side_failed(m, c, what) : 0;
}

static int
pg_run(struct run *m, const char *sql, const char *what)
{
	return side_run(m, m->dst, sql, what);
}

/* A name from the catalog that may go into SQL as it is. */
static int
name_ok(const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;

	return n > 0 && n <= NAME_MAX_LEN &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static int
name_bad(struct run *m, const char *name)
{
	return err_set(m->err, EX_DATAERR, "the PostgreSQL catalog names a "
	    "table or column \"%s\", which callq did not make; migrate into "
	    "an empty database", name != NULL ? name : "");
}

typedef int (*row_fn)(struct run *, struct stmt *, void *);

/*
 * Runs query sql on c with text parameter arg (NULL: none), calling fn
 * on each row; 0 or the status.
 */
static int
conn_rows(struct run *m, struct dbconn *c, const char *sql, const char *arg,
    row_fn fn, void *data)
{
	struct stmt *s = conn_prepare(c, sql);
	int rc;

	if (s == NULL)
		return side_failed(m, c, "reading its catalog");
	if (arg != NULL)
		stmt_bind_text(s, 1, arg, -1);
	while ((rc = stmt_step(s)) == DB_ROW)
		if ((rc = fn(m, s, data)) != 0)
			break;
	if (rc == -1)
		rc = side_failed(m, c, "reading its catalog");
	stmt_finalize(s);
	return rc == DB_DONE ? 0 : rc;
}

/* conn_rows on PostgreSQL's side, whose catalog is the plan. */
static int
catalog_rows(struct run *m, const char *sql, const char *arg, row_fn fn,
    void *data)
{
	return conn_rows(m, m->cat, sql, arg, fn, data);
}

/* The relations in the target's schema: callq's, or anyone's. */
static const char count_sql[] =
	"SELECT count(*) FROM pg_class c"
	" WHERE c.relnamespace = current_schema()::regnamespace"
	" AND c.relkind IN ('r', 'p', 'v', 'm', 'f')";
static const char has_floor_sql[] =
	"SELECT count(*) FROM pg_class c"
	" WHERE c.relnamespace = current_schema()::regnamespace"
	" AND c.relname = 'schema_meta'";

static int
count_read(struct run *m, struct stmt *s, void *data)
{
	(void)m;
	*(int64_t *)data = stmt_column_int64(s, 0);
	return 0;
}

static int
target_empty(struct run *m)
{
	int64_t n = 0;

	if (catalog_rows(m, count_sql, NULL, count_read, &n) != 0)
		return m->err->status;
	if (n > 0)
		return err_set(m->err, EX_CANTCREAT, "the target PostgreSQL "
		    "database already holds %" PRId64 " table%s, and callq "
		    "migrate copies only into an empty one: create a new "
		    "database (CREATE DATABASE ... OWNER ...) and name that",
		    n, n == 1 ? "" : "s");
	return 0;
}

static int
target_floor(struct run *m)
{
	int64_t n = 0;

	if (catalog_rows(m, has_floor_sql, NULL, count_read, &n) != 0)
		return m->err->status;
	if (n == 0)
		return err_set(m->err, EX_DATAERR, "the target PostgreSQL "
		    "database holds no callq floor to verify; run callq "
		    "migrate --to without --verify first");
	return 0;
}

/* Every table pg_schema made but schema_meta, the floor's user_version. */
static const char tables_sql[] =
	"SELECT c.relname FROM pg_class c"
	" WHERE c.relnamespace = current_schema()::regnamespace"
	" AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_meta'"
	" ORDER BY c.relname";
static const char columns_sql[] =
	"SELECT column_name::text, data_type::text"
	" FROM information_schema.columns"
	" WHERE table_schema = current_schema() AND table_name::text = ?1"
	" ORDER BY ordinal_position";
static const char keys_sql[] =
	"SELECT a.attname FROM pg_index i JOIN pg_attribute a"
	" ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
	" WHERE i.indisprimary AND i.indrelid = (SELECT c.oid FROM pg_class c"
	" WHERE c.relname = ?1"
	" AND c.relnamespace = current_schema()::regnamespace)"
	" ORDER BY array_position(i.indkey::int2[], a.attnum)";
static const char fkeys_sql[] =
	"SELECT c.relname, p.relname FROM pg_constraint k"
	" JOIN pg_class c ON c.oid = k.conrelid"
	" JOIN pg_class p ON p.oid = k.confrelid"
	" WHERE k.contype = 'f'"
	" AND k.connamespace = current_schema()::regnamespace";
static const char collate_sql[] =
	"SELECT count(*) FROM pg_database WHERE datname = current_database()"
	" AND datcollate IN ('C', 'POSIX')";

static int
table_read(struct run *m, struct stmt *s, void *data)
{
	struct plan *p = m->plan;
	const char *name = stmt_column_text(s, 0);

	(void)data;
	if (!name_ok(name))
		return name_bad(m, name);
	if (p->n == MIGRATE_TABLES_MAX)
		return err_set(m->err, EX_SOFTWARE, "the floor has more than "
		    "%d tables, more than callq migrate can copy: report this",
		    MIGRATE_TABLES_MAX);
	snprintf(p->t[p->n++].name, NAME_MAX_LEN + 1, "%s", name);
	return 0;
}

static enum col_class
class_of(const char *type)
{
	if (strcmp(type, "bigint") == 0 || strcmp(type, "integer") == 0 ||
	    strcmp(type, "smallint") == 0 || strcmp(type, "boolean") == 0)
		return COL_INT;
	if (strcmp(type, "double precision") == 0 ||
	    strcmp(type, "real") == 0 || strcmp(type, "numeric") == 0)
		return COL_FLOAT;
	return COL_TEXT;
}

static int
column_read(struct run *m, struct stmt *s, void *data)
{
	struct mtable *t = data;
	const char *name = stmt_column_text(s, 0);
	const char *type = stmt_column_text(s, 1);

	if (!name_ok(name))
		return name_bad(m, name);
	if (t->ncols == COLS_MAX)
		return err_set(m->err, EX_SOFTWARE, "table %s has more than "
		    "%d columns, more than callq migrate can copy: report "
		    "this", t->name, COLS_MAX);
	snprintf(t->cols[t->ncols].name, NAME_MAX_LEN + 1, "%s", name);
	t->cols[t->ncols++].cls = class_of(type != NULL ? type : "");
	return 0;
}

static int
key_read(struct run *m, struct stmt *s, void *data)
{
	struct mtable *t = data;
	const char *name = stmt_column_text(s, 0);
	int i;

	for (i = 0; i < t->ncols; i++)
		if (name != NULL && strcmp(t->cols[i].name, name) == 0)
			break;
	if (i == t->ncols || t->nkeys == KEYS_MAX)
		return err_set(m->err, EX_SOFTWARE, "the primary key of table "
		    "%s is not one callq migrate can read in order: report "
		    "this", t->name);
	t->keys[t->nkeys++] = i;
	return 0;
}

/* A foreign key: table from refers to table to (indexes into the plan). */
struct edges {
	int n;
	int from[EDGES_MAX], to[EDGES_MAX];
};

static int
plan_find(const struct plan *p, const char *name)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (name != NULL && strcmp(p->t[i].name, name) == 0)
			return i;
	return -1;
}

static int
fkey_read(struct run *m, struct stmt *s, void *data)
{
	struct edges *e = data;
	int from = plan_find(m->plan, stmt_column_text(s, 0));
	int to = plan_find(m->plan, stmt_column_text(s, 1));

	/* A table's reference to itself needs no order between tables. */
	if (from < 0 || to < 0 || from == to)
		return 0;
	if (e->n == EDGES_MAX)
		return err_set(m->err, EX_SOFTWARE, "the floor has more than "
		    "%d foreign keys, more than callq migrate can order: "
		    "report this", EDGES_MAX);
	e->from[e->n] = from;
	e->to[e->n++] = to;
	return 0;
}

/* Nonzero when every table t refers to is placed already. */
static int
table_ready(const struct edges *e, int t, const int *placed)
{
	int i;

	for (i = 0; i < e->n; i++)
		if (e->from[i] == t && !placed[e->to[i]])
			return 0;
	return 1;
}

/*
 * Puts the tables in an order where each comes after every table it
 * refers to (the foreign keys are checked row by row during the copy),
 * by name among those ready at once.
 */
static int
plan_sort(struct run *m, const struct edges *e)
{
	struct plan *p = m->plan;
	struct mtable *sorted = malloc(sizeof *sorted * MIGRATE_TABLES_MAX);
	int placed[MIGRATE_TABLES_MAX] = { 0 }, n = 0, i, progress = 1;

	if (sorted == NULL)
		return err_set(m->err, EX_OSERR, "out of memory");
	while (n < p->n && progress) {
		progress = 0;
		for (i = 0; i < p->n; i++)
			if (!placed[i] && table_ready(e, i, placed)) {
				sorted[n++] = p->t[i];
				placed[i] = 1;
				progress = 1;
			}
	}
	if (n == p->n)
		memcpy(p->t, sorted, sizeof sorted[0] * (size_t)n);
	free(sorted);
	if (n < p->n)
		return err_set(m->err, EX_SOFTWARE, "the floor's foreign keys "
		    "go round in a circle, which callq migrate cannot order: "
		    "report this");
	return 0;
}

/* Reads the plan from the target's catalog: tables, columns, keys, order. */
static int
plan_load(struct run *m)
{
	struct plan *p = m->plan;
	struct edges e = { 0 };
	int64_t bytewise = 0;
	int i;

	p->n = 0;
	if (catalog_rows(m, tables_sql, NULL, table_read, NULL) != 0)
		return m->err->status;
	for (i = 0; i < p->n; i++) {
		p->t[i].ncols = p->t[i].nkeys = 0;
		if (catalog_rows(m, columns_sql, p->t[i].name, column_read,
		    &p->t[i]) != 0 || catalog_rows(m, keys_sql, p->t[i].name,
		    key_read, &p->t[i]) != 0)
			return m->err->status;
		if (p->t[i].nkeys == 0)
			return err_set(m->err, EX_SOFTWARE, "table %s has no "
			    "primary key to read it in order by: report this",
			    p->t[i].name);
	}
	if (catalog_rows(m, fkeys_sql, NULL, fkey_read, &e) != 0 ||
	    catalog_rows(m, collate_sql, NULL, count_read, &bytewise) != 0)
		return m->err->status;
	p->bytewise = bytewise > 0;
	return plan_sort(m, &e);
}

/* Appends text to buf (size SQL_MAX); -1 when it would not fit. */
static int
sql_add(char *buf, const char *text)
{
	size_t n = strlen(buf), k = strlen(text);

	if (n + k >= SQL_MAX)
		return -1;
	memcpy(buf + n, text, k + 1);
	return 0;
}

/* "a", "b", ... : the table's columns, quoted. */
static int
sql_columns(char *buf, const struct mtable *t)
{
	char one[NAME_MAX_LEN + 8];
	int i;

	for (i = 0; i < t->ncols; i++) {
		snprintf(one, sizeof one, "%s\"%s\"", i > 0 ? ", " : "",
		    t->cols[i].name);
		if (sql_add(buf, one) != 0)
			return -1;
	}
	return 0;
}

/* The key's columns, each sorted bytewise as SQLite's BINARY sorts. */
static int
sql_keys(char *buf, const struct mtable *t, int collate)
{
	char one[NAME_MAX_LEN + 24];
	int i;

	for (i = 0; i < t->nkeys; i++) {
		const struct mcol *c = &t->cols[t->keys[i]];

		snprintf(one, sizeof one, "%s\"%s\"%s", i > 0 ? ", " : "",
		    c->name, collate && c->cls == COL_TEXT ?
		    " COLLATE \"C\"" : "");
		if (sql_add(buf, one) != 0)
			return -1;
	}
	return 0;
}

/*
 * SELECT of t's columns in key order. collate: the key's text must be
 * given COLLATE "C"; paged: LIMIT PAGE_ROWS, and after: from the row
 * past the key given as ?1, ?2, ...
 */
static int
sql_select(char *buf, const struct mtable *t, int collate, int paged,
    int after)
{
	char one[NAME_MAX_LEN + 16];
	int i, rc;

	buf[0] = '\0';
	rc = sql_add(buf, "SELECT ") | sql_columns(buf, t);
	snprintf(one, sizeof one, " FROM \"%s\"", t->name);
	rc |= sql_add(buf, one);
	if (after) {
		rc |= sql_add(buf, " WHERE (") | sql_keys(buf, t, collate) |
		    sql_add(buf, ") > (");
		for (i = 0; i < t->nkeys; i++) {
			snprintf(one, sizeof one, "%s?%d", i > 0 ? ", " : "",
			    i + 1);
			rc |= sql_add(buf, one);
		}
		rc |= sql_add(buf, ")");
	}
	rc |= sql_add(buf, " ORDER BY ") | sql_keys(buf, t, collate);
	if (paged) {
		snprintf(one, sizeof one, " LIMIT %d", PAGE_ROWS);
		rc |= sql_add(buf, one);
	}
	return rc;
}

static int
walk_start(struct run *m, struct walk *w)
{
	w->rows = 0;
	w->len = 0;
	if (sha256_init(&w->sha) != 0)
		return err_set(m->err, EX_OSERR, "out of memory");
	return 0;
}

static void
walk_put(struct walk *w, const void *data, size_t len)
{
	if (len > sizeof w->buf - w->len) {
		sha256_update(&w->sha, w->buf, w->len);
		w->len = 0;
	}
	if (len > sizeof w->buf) {
		sha256_update(&w->sha, data, len);
		return;
	}
	memcpy(w->buf + w->len, data, len);
	w->len += len;
}

/* Ends w into rows and hex; an unfinished walk is ended all the same. */
static void
walk_end(struct walk *w, int64_t *rows, char hex[65])
{
	sha256_update(&w->sha, w->buf, w->len);
	w->len = 0;
	if (sha256_hex(&w->sha, hex) != 0)
		snprintf(hex, 65, "(no hash: libcrypto failed)");
	*rows = w->rows;
}

/*
 * One row's canonical text, by its column's class whatever the value's
 * type on either side: integers in decimal, floats as %.17g, text as its
 * bytes with their length, NULL apart from every value; a row ends with
 * a newline.
 */
static void
row_hash(struct walk *w, struct stmt *s, const struct mtable *t)
{
	char num[48];
	const char *v;
	size_t len;
	int i, n;

	for (i = 0; i < t->ncols; i++) {
		if (stmt_column_type(s, i) == DB_NULL) {
			walk_put(w, "N;", 2);
			continue;
		}
		switch (t->cols[i].cls) {
		case COL_INT:
			n = snprintf(num, sizeof num, "i%" PRId64 ";",
			    stmt_column_int64(s, i));
			walk_put(w, num, (size_t)n);
			break;
		case COL_FLOAT:
			n = snprintf(num, sizeof num, "f%.17g;",
			    stmt_column_double(s, i));
			walk_put(w, num, (size_t)n);
			break;
		case COL_TEXT:
			v = stmt_column_text(s, i);
			len = v != NULL ? strlen(v) : 0;
			n = snprintf(num, sizeof num, "t%zu:", len);
			walk_put(w, num, (size_t)n);
			walk_put(w, v, len);
			walk_put(w, ";", 1);
			break;
		}
	}
	walk_put(w, "\n", 1);
	w->rows++;
}

/*
 * Where each row read for the copy also goes: the target, as COPY data
 * or an INSERT. Returns 0 or the status, set in m->err.
 */
typedef int (*row_sink)(struct run *, struct stmt *, const struct mtable *);

/* Reads table t from c whole, in key order, into w (and sink, if any). */
static int
whole_walk(struct run *m, struct dbconn *c, const struct mtable *t,
    struct walk *w, row_sink sink)
{
	char sql[SQL_MAX], what[128];
	struct stmt *s;
	int rc;

	snprintf(what, sizeof what, "reading table %s", t->name);
	if (sql_select(sql, t, 0, 0, 0) != 0)
		return err_set(m->err, EX_SOFTWARE, "table %s has too many "
		    "columns to read: report this", t->name);
	if ((s = conn_prepare(c, sql)) == NULL)
		return side_failed(m, c, what);
	while ((rc = stmt_step(s)) == DB_ROW) {
		row_hash(w, s, t);
		if (sink != NULL && sink(m, s, t) != 0) {
			stmt_finalize(s);
			return m->err->status;
		}
	}
	if (rc != DB_DONE)
		side_failed(m, c, what);
	stmt_finalize(s);
	return rc == DB_DONE ? 0 : m->err->status;
}

static void
keys_free(struct keyval *k, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(k[i].text);
		k[i].text = NULL;
	}
}

/* Keeps the key of s's current row, where the next page starts. */
static int
keys_keep(struct run *m, struct stmt *s, const struct mtable *t,
    struct keyval *k)
{
	int i;

	keys_free(k, t->nkeys);
	for (i = 0; i < t->nkeys; i++) {
		const char *v;

		if (t->cols[t->keys[i]].cls == COL_INT) {
			k[i].num = stmt_column_int64(s, t->keys[i]);
			continue;
		}
		v = stmt_column_text(s, t->keys[i]);
		if ((k[i].text = strdup(v != NULL ? v : "")) == NULL)
			return err_set(m->err, EX_OSERR, "out of memory");
	}
	return 0;
}

static void
keys_bind(struct stmt *s, const struct mtable *t, const struct keyval *k)
{
	int i;

	for (i = 0; i < t->nkeys; i++) {
		if (t->cols[t->keys[i]].cls == COL_INT)
			stmt_bind_int64(s, i + 1, k[i].num);
		else
			stmt_bind_text(s, i + 1, k[i].text, -1);
	}
}

/*
 * Steps one page of s into w (and sink); *full: it held PAGE_ROWS rows.
 * -1 when s failed, else 0 or the sink's status.
 */
static int
page_walk(struct run *m, struct stmt *s, const struct mtable *t,
    struct walk *w, row_sink sink, struct keyval *k, int *full)
{
	int rc, got = 0;

	while ((rc = stmt_step(s)) == DB_ROW) {
		row_hash(w, s, t);
		if (sink != NULL && sink(m, s, t) != 0)
			return m->err->status;
		if (++got == PAGE_ROWS && keys_keep(m, s, t, k) != 0)
			return m->err->status;
	}
	*full = got == PAGE_ROWS;
	return rc == DB_DONE ? 0 : -1;
}

/* Reads table t from PostgreSQL (c) in key order, a page at a time. */
static int
paged_walk(struct run *m, struct dbconn *c, const struct mtable *t,
    struct walk *w, row_sink sink)
{
	char first_sql[SQL_MAX], next_sql[SQL_MAX], what[128];
	struct keyval k[KEYS_MAX] = { { 0, NULL } };
	struct stmt *first = NULL, *next = NULL, *s;
	int rc = 0, full = 1, collate = !m->plan->bytewise;

	snprintf(what, sizeof what, "reading table %s", t->name);
	if (sql_select(first_sql, t, collate, 1, 0) != 0 ||
	    sql_select(next_sql, t, collate, 1, 1) != 0)
		return err_set(m->err, EX_SOFTWARE, "table %s has too many "
		    "columns to read: report this", t->name);
	if ((first = conn_prepare(c, first_sql)) == NULL ||
	    (next = conn_prepare(c, next_sql)) == NULL)
		rc = side_failed(m, c, what);
	for (s = first; rc == 0 && full; s = next) {
		if (s == next) {
			stmt_reset(next);
			keys_bind(next, t, k);
		}
		if ((rc = page_walk(m, s, t, w, sink, k, &full)) == -1)
			rc = side_failed(m, c, what);
	}
	keys_free(k, KEYS_MAX);
	stmt_finalize(first);
	stmt_finalize(next);
	return rc;
}

/*
 * Reads table t from c in key order into w (and sink): PostgreSQL's
 * driver holds a statement's whole result, so its side goes by pages.
 */
static int
table_walk(struct run *m, struct dbconn *c, const struct mtable *t,
    struct walk *w, row_sink sink)
{
	return c == m->cat ? paged_walk(m, c, t, w, sink) :
	    whole_walk(m, c, t, w, sink);
}

/* Reads table t from the floor into sink; notes its rows and hash. */
static int
table_send(struct run *m, const struct mtable *t, row_sink sink,
    struct migrate_table *out)
{
	struct walk *w = malloc(sizeof *w);
	int rc;

	if (w == NULL || walk_start(m, w) != 0) {
		free(w);
		return err_set(m->err, EX_OSERR, "out of memory");
	}
	rc = table_walk(m, m->src, t, w, sink);
	walk_end(w, &out->rows_floor, out->sha_floor);
	free(w);
	return rc;
}

static int
copy_sink(struct run *m, struct stmt *s, const struct mtable *t)
{
	char what[128];

	if (pg_copy_row(m->dst, s, t->ncols) == 0)
		return 0;
	snprintf(what, sizeof what, "the rows of table %s", t->name);
	return pg_failed(m, what);
}

/*
 * Copies table t into the PostgreSQL target, its triggers off (what they
 * would write is copied as data), and notes its rows and hash as the
 * floor's. pg_schema's own rows (its settings) give way to the floor's.
 */
static int
table_copy(struct run *m, const struct mtable *t, struct migrate_table *out)
{
	char sql[SQL_MAX], what[128];
	int rc;

	snprintf(what, sizeof what, "copying table %s", t->name);
	snprintf(sql, sizeof sql, "ALTER TABLE \"%s\" DISABLE TRIGGER USER;"
	    " DELETE FROM \"%s\"", t->name, t->name);
	if (pg_run(m, sql, what) != 0)
		return m->err->status;
	snprintf(sql, sizeof sql, "COPY \"%s\" (", t->name);
	if (sql_columns(sql, t) != 0 || sql_add(sql, ") FROM STDIN") != 0)
		return err_set(m->err, EX_SOFTWARE, "table %s has too many "
		    "columns to copy: report this", t->name);
	if (pg_copy_begin(m->dst, sql) != 0)
		return pg_failed(m, what);
	if ((rc = table_send(m, t, copy_sink, out)) != 0) {
		pg_copy_end(m->dst, "callq migrate could not read the floor");
		return rc;
	}
	return pg_copy_end(m->dst, NULL) != 0 ? pg_failed(m, what) : 0;
}

/* Hashes table t on the target (and on the floor too, with both). */
static int
table_check(struct run *m, const struct mtable *t, int both,
    struct migrate_table *out)
{
	struct walk *w = malloc(sizeof *w);
	int rc = 0;

	if (w == NULL)
		return err_set(m->err, EX_OSERR, "out of memory");
	if (both) {
		if ((rc = walk_start(m, w)) == 0) {
			rc = table_walk(m, m->src, t, w, NULL);
			walk_end(w, &out->rows_floor, out->sha_floor);
		}
	}
	if (rc == 0 && (rc = walk_start(m, w)) == 0) {
		rc = table_walk(m, m->dst, t, w, NULL);
		walk_end(w, &out->rows_target, out->sha_target);
	}
	free(w);
	out->same = rc == 0 && out->rows_floor == out->rows_target &&
	    strcmp(out->sha_floor, out->sha_target) == 0;
	return rc;
}

/* Checks every table; both: hash the floor's side too. */
static int
tables_check(struct run *m, int both)
{
	struct migrate_result *r = m->r;
	double t0 = seconds_now();
	int i;

	r->ndiffer = 0;
	r->rows = 0;
	for (i = 0; i < m->plan->n; i++) {
		struct migrate_table *out = &r->tables[i];

		snprintf(out->name, sizeof out->name, "%s", m->plan->t[i].name);
		if (table_check(m, &m->plan->t[i], both, out) != 0)
			return m->err->status;
		r->ndiffer += !out->same;
		r->rows += out->rows_floor;
	}
	r->ntables = m->plan->n;
	r->verify_s = seconds_now() - t0;
	r->checked = 1;
	return 0;
}

/* The first table that differs, as the command's failure. */
static int
differ_fail(struct run *m, const char *outcome)
{
	const struct migrate_table *t = m->r->tables;

	while (t->same)
		t++;
	return err_set(m->err, EX_DATAERR, "table %s differs between the "
	    "floor and the %s (%" PRId64 " rows against %" PRId64 "%s)%s%s",
	    t->name, m->dst_st != NULL ? "SQLite file" : "PostgreSQL database",
	    t->rows_floor, t->rows_target,
	    t->rows_floor == t->rows_target ? ", same count, other contents" :
	    "", m->r->ndiffer > 1 ? ", and so do others" : "", outcome);
}

/* The target's session for a long transaction: no statement limits. */
static const char copy_begin_sql[] =
	"BEGIN;"
	" SET LOCAL statement_timeout = 0;"
	" SET LOCAL idle_in_transaction_session_timeout = 0";
static const char verify_begin_sql[] =
	"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
	" SET LOCAL statement_timeout = 0;"
	" SET LOCAL idle_in_transaction_session_timeout = 0";

/*
 * The indexes that back no constraint: made again once the rows are in,
 * each in one pass over its table, rather than kept up row by row (the
 * trigram index of lead_text most of all). Primary keys and UNIQUE
 * constraints stay: the foreign keys are checked against them, and
 * they refuse a duplicate at once.
 */
static const char indexes_sql[] =
	"SELECT x.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
	" JOIN pg_class c ON c.oid = i.indrelid"
	" JOIN pg_class x ON x.oid = i.indexrelid"
	" WHERE c.relnamespace = current_schema()::regnamespace"
	" AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
	" WHERE k.conindid = i.indexrelid)"
	" ORDER BY x.relname";

/* What one copy sets aside: the PostgreSQL floor has some 60 indexes. */
#define ASIDE_MAX 256

/* Keeps a row's name (column 0) and CREATE statement (1) to make again. */
static int
aside_keep(struct run *m, struct stmt *s, void *data)
{
	const char *name = stmt_column_text(s, 0);
	const char *def = stmt_column_text(s, 1);

	(void)data;
	if (!name_ok(name))
		return name_bad(m, name);
	if (m->ndefs == ASIDE_MAX)
		return err_set(m->err, EX_SOFTWARE, "the floor has more than "
		    "%d indexes or triggers to set aside for the copy: report "
		    "this", ASIDE_MAX);
	if (def == NULL || (m->defs[m->ndefs] = strdup(def)) == NULL)
		return err_set(m->err, EX_OSERR, "out of memory");
	if ((m->names[m->ndefs] = strdup(name)) == NULL) {
		free(m->defs[m->ndefs]);
		return err_set(m->err, EX_OSERR, "out of memory");
	}
	m->ndefs++;
	return 0;
}

/*
 * Drops each kind ("INDEX", "TRIGGER") of thing that sql lists on c, its
 * CREATE kept to make it again after the rows. Dropped once all are read:
 * SQLite will not change its schema under a read of it.
 */
static int
aside_take(struct run *m, struct dbconn *c, const char *sql,
    const char *kind)
{
	char drop[NAME_MAX_LEN + 32], what[64];
	int i;

	m->defs = calloc(ASIDE_MAX, sizeof *m->defs);
	m->names = calloc(ASIDE_MAX, sizeof *m->names);
	if (m->defs == NULL || m->names == NULL)
		return err_set(m->err, EX_OSERR, "out of memory");
	if (conn_rows(m, c, sql, NULL, aside_keep, NULL) != 0)
		return m->err->status;
	snprintf(what, sizeof what, "setting a %s aside for the copy", kind);
	for (i = 0; i < m->ndefs; i++) {
		snprintf(drop, sizeof drop, "DROP %s \"%s\"", kind,
		    m->names[i]);
		if (side_run(m, c, drop, what) != 0)
			return m->err->status;
	}
	return 0;
}

static int
aside_remake(struct run *m, struct dbconn *c)
{
	int i;

	for (i = 0; i < m->ndefs; i++)
		if (side_run(m, c, m->defs[i], "making an index or a trigger "
		    "again after the copy") != 0)
			return m->err->status;
	return 0;
}

static void
aside_free(struct run *m)
{
	int i;

	for (i = 0; i < m->ndefs; i++) {
		free(m->defs[i]);
		free(m->names[i]);
	}
	free(m->defs);
	free(m->names);
	m->defs = m->names = NULL;
	m->ndefs = 0;
}

/* Inside the target's transaction: schema, rows, sequences, check. */
static int
copy_all(struct run *m)
{
	char sql[200];
	int i;

	for (i = 0; pg_schema[i] != NULL; i++)
		if (pg_run(m, pg_schema[i], "creating callq's tables") != 0)
			return m->err->status;
	for (i = PG_SCHEMA_VERSION; i < STORE_SCHEMA_VERSION; i++)
		if (pg_run(m, pg_steps[i], "upgrading the new schema") != 0)
			return m->err->status;
	if (plan_load(m) != 0 ||
	    aside_take(m, m->dst, indexes_sql, "INDEX") != 0)
		return m->err->status;
	for (i = 0; i < m->plan->n; i++) {
		m->r->ntables = i + 1;
		snprintf(m->r->tables[i].name, sizeof m->r->tables[i].name,
		    "%s", m->plan->t[i].name);
		if (table_copy(m, &m->plan->t[i], &m->r->tables[i]) != 0)
			return m->err->status;
	}
	if (aside_remake(m, m->dst) != 0 ||
	    pg_run(m, pg_schema_resync, "moving the id sequences on") != 0)
		return m->err->status;
	for (i = 0; i < m->plan->n; i++) {
		snprintf(sql, sizeof sql, "ALTER TABLE \"%s\" ENABLE TRIGGER "
		    "USER", m->plan->t[i].name);
		if (pg_run(m, sql, "turning the triggers back on") != 0)
			return m->err->status;
	}
	return 0;
}

static int
migrate_copy(struct run *m)
{
	double t0 = seconds_now();
	int rc;

	if (target_empty(m) != 0)
		return m->err->status;
	if (pg_run(m, copy_begin_sql, "starting the copy") != 0)
		return m->err->status;
	rc = copy_all(m);
	aside_free(m);
	if (rc == 0)
		rc = tables_check(m, 0);
	if (rc == 0 && m->r->ndiffer > 0)
		rc = differ_fail(m, "; nothing was written: the target "
		    "database is left empty");
	if (rc != 0) {
		m->dst->drv->rollback(m->dst);
		return rc;
	}
	if (m->dst->drv->commit(m->dst) != 0)
		return pg_failed(m, "the copy at its commit");
	m->r->copy_s = seconds_now() - t0 - m->r->verify_s;
	return 0;
}

static int
migrate_verify(struct run *m)
{
	int rc;

	if (target_floor(m) != 0)
		return m->err->status;
	if (pg_run(m, verify_begin_sql, "a read transaction") != 0)
		return m->err->status;
	if ((rc = plan_load(m)) == 0)
		rc = tables_check(m, 1);
	m->dst->drv->rollback(m->dst);
	if (rc == 0 && m->r->ndiffer > 0)
		rc = differ_fail(m, "; the copy no longer matches the floor");
	return rc;
}

struct target {
	const char     *conninfo;
	struct dbconn **pg;
	struct err     *err;
};

static int
target_connect(void *arg)
{
	struct target *t = arg;

	return pg_conn_open(t->conninfo, t->pg, t->err) != 0 ? -1 : 0;
}

/* What priv_as_user's failure to run fn at all reads as. */
static int
as_user_failed(struct err *err, const char *what)
{
	if (err->status == 0)
		return err_set(err, EX_OSERR, "cannot open %s without the "
		    "group callq runs with: %s", what, strerror(errno));
	return err->status;
}

/*
 * The target is the admin's to name, so it is reached with the admin's
 * own group, as a file the admin names is opened: held, the floor's
 * group would let a conninfo reach a socket directory, a key
 * (sslkey=), a certificate or a password file that only the group may
 * read. libpq reads all of those while it connects; what follows runs
 * on the connection it made.
 */
static int
target_open(const char *conninfo, struct dbconn **pg, struct err *err)
{
	struct target t = { conninfo, pg, err };

	if (priv_as_user(target_connect, &t) == 0)
		return 0;
	return as_user_failed(err, "the PostgreSQL database");
}

/* A SQLite floor into PostgreSQL (conninfo): copied, or checked only. */
static int
migrate_there(struct run *m, const char *conninfo, int verify_only)
{
	struct dbconn *pg;
	int rc;

	if (target_open(conninfo, &pg, m->err) != 0)
		return m->err->status;
	m->cat = m->dst = pg;
	m->src = m->st->conn;
	/* The floor's rows as of one moment: a read transaction. */
	if (conn_exec(m->src, "BEGIN") != 0) {
		rc = db_fail(m->st, m->err, "starting a read transaction");
	} else {
		rc = verify_only ? migrate_verify(m) : migrate_copy(m);
		conn_exec(m->src, "ROLLBACK");	/* it wrote nothing */
	}
	pg->drv->close(pg);
	return rc;
}

/*
 * The way back: a PostgreSQL floor into a new SQLite file. The file is
 * made by store_open, with SQLite's schema at the same version; its
 * triggers are set aside while the rows go in (their counters, search
 * rows and audit trail are copied as data), its seeded rows give way to
 * the floor's, and the foreign keys are checked at the commit, once
 * every table is in. SQLite keeps no sequences: an id after the largest
 * is what it hands out next.
 */
static const char lite_triggers_sql[] =
	"SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
	" ORDER BY name";

static int
insert_sink(struct run *m, struct stmt *s, const struct mtable *t)
{
	char what[128];
	int i;

	stmt_reset(m->ins);
	for (i = 0; i < t->ncols; i++) {
		if (stmt_column_type(s, i) == DB_NULL)
			stmt_bind_null(m->ins, i + 1);
		else if (t->cols[i].cls == COL_INT)
			stmt_bind_int64(m->ins, i + 1, stmt_column_int64(s, i));
		else if (t->cols[i].cls == COL_FLOAT)
			stmt_bind_double(m->ins, i + 1,
			    stmt_column_double(s, i));
		else
			stmt_bind_text(m->ins, i + 1, stmt_column_text(s, i),
			    -1);
	}
	if (stmt_step(m->ins) == DB_DONE)
		return 0;
	snprintf(what, sizeof what, "copying table %s", t->name);
	return side_failed(m, m->dst, what);
}

/* INSERT INTO "t" (...) VALUES (?1, ...) for table t. */
static int
sql_insert(char *buf, const struct mtable *t)
{
	char one[24];
	int i, rc;

	snprintf(buf, SQL_MAX, "INSERT INTO \"%s\" (", t->name);
	rc = sql_columns(buf, t) | sql_add(buf, ") VALUES (");
	for (i = 0; i < t->ncols; i++) {
		snprintf(one, sizeof one, "%s?%d", i > 0 ? ", " : "", i + 1);
		rc |= sql_add(buf, one);
	}
	return rc | sql_add(buf, ")");
}

static int
back_table_copy(struct run *m, const struct mtable *t,
    struct migrate_table *out)
{
	char sql[SQL_MAX], what[128];
	int rc;

	snprintf(what, sizeof what, "copying table %s", t->name);
	snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", t->name);
	if (side_run(m, m->dst, sql, what) != 0)
		return m->err->status;
	if (sql_insert(sql, t) != 0)
		return err_set(m->err, EX_SOFTWARE, "table %s has too many "
		    "columns to copy: report this", t->name);
	if ((m->ins = conn_prepare(m->dst, sql)) == NULL)
		return side_failed(m, m->dst, what);
	rc = table_send(m, t, insert_sink, out);
	stmt_finalize(m->ins);
	m->ins = NULL;
	return rc;
}

/* Inside the new file's transaction: the rows, then the triggers. */
static int
back_copy_all(struct run *m)
{
	int i;

	if (side_run(m, m->dst, "PRAGMA defer_foreign_keys = ON",
	    "starting the copy") != 0 || plan_load(m) != 0 ||
	    aside_take(m, m->dst, lite_triggers_sql, "TRIGGER") != 0)
		return m->err->status;
	for (i = 0; i < m->plan->n; i++) {
		m->r->ntables = i + 1;
		snprintf(m->r->tables[i].name, sizeof m->r->tables[i].name,
		    "%s", m->plan->t[i].name);
		if (back_table_copy(m, &m->plan->t[i], &m->r->tables[i]) != 0)
			return m->err->status;
	}
	return aside_remake(m, m->dst);
}

static int
back_copy(struct run *m)
{
	double t0 = seconds_now();
	int rc;

	if (m->dst->drv->begin(m->dst) != 0)
		return side_failed(m, m->dst, "starting the copy");
	rc = back_copy_all(m);
	aside_free(m);
	if (rc == 0)
		rc = tables_check(m, 0);
	if (rc == 0 && m->r->ndiffer > 0)
		rc = differ_fail(m, "; nothing was kept: the file is removed");
	if (rc != 0) {
		m->dst->drv->rollback(m->dst);
		return rc;
	}
	if (m->dst->drv->commit(m->dst) != 0)
		return side_failed(m, m->dst, "the copy at its commit");
	m->r->copy_s = seconds_now() - t0 - m->r->verify_s;
	return 0;
}

static int
back_verify(struct run *m)
{
	int rc;

	if ((rc = plan_load(m)) == 0)
		rc = tables_check(m, 1);
	if (rc == 0 && m->r->ndiffer > 0)
		rc = differ_fail(m, "; the copy no longer matches the floor");
	return rc;
}

struct file_target {
	const char      *path;
	enum store_mode  mode;
	struct store   **st;
	struct err      *err;
};

static int
file_connect(void *arg)
{
	struct file_target *f = arg;

	return store_open(f->path, f->mode, f->st, f->err) != 0 ? -1 : 0;
}

/* The file and what SQLite keeps beside it, gone: a copy that failed. */
static void
file_remove(const char *path)
{
	static const char *const beside[] = { "", "-wal", "-shm", "-journal" };
	char name[4096];
	size_t i;

	for (i = 0; i < sizeof beside / sizeof beside[0]; i++) {
		snprintf(name, sizeof name, "%s%s", path, beside[i]);
		unlink(name);
	}
}

/*
 * A PostgreSQL floor into the new SQLite file at path: copied, or
 * checked only. The path is the admin's to name, so the file is made
 * and opened with the admin's own group (target_open says why).
 */
static int
migrate_back(struct run *m, const char *path, int verify_only)
{
	struct file_target f = { path, verify_only ? STORE_OPEN :
	    STORE_CREATE, &m->dst_st, m->err };
	struct stat sb;
	int rc;

	if (!verify_only && stat(path, &sb) == 0)
		return err_set(m->err, EX_CANTCREAT, "%s exists already, and "
		    "callq migrate copies a floor back into a new file only: "
		    "name one that does not exist", path);
	if (priv_as_user(file_connect, &f) != 0) {
		if (!verify_only)
			file_remove(path);
		return as_user_failed(m->err, path);
	}
	m->cat = m->src = m->st->conn;
	m->dst = m->dst_st->conn;
	m->r->back = 1;
	/* The floor's rows as of one moment: a read transaction. */
	if ((rc = side_run(m, m->src, verify_begin_sql,
	    "a read transaction")) == 0) {
		rc = verify_only ? back_verify(m) : back_copy(m);
		m->src->drv->rollback(m->src);	/* it wrote nothing */
	}
	store_close(m->dst_st);
	if (rc != 0 && !verify_only)
		file_remove(path);
	return rc;
}

/* The floor and the target must be one of each driver. */
static int
kinds_check(struct store *st, enum path_kind kind, struct err *err)
{
	if (store_is_pg(st) && kind == PATH_POSTGRES)
		return err_set(err, EX_USAGE, "the floor open (--db) is on "
		    "PostgreSQL and so is --to: callq migrate copies a SQLite "
		    "floor into PostgreSQL, or a PostgreSQL floor into a new "
		    "SQLite file (--to sqlite:PATH)");
	if (!store_is_pg(st) && kind != PATH_POSTGRES)
		/* Not echoed: a mistyped name may hold a password. */
		return err_set(err, EX_USAGE, "--to names no PostgreSQL "
		    "database: give postgresql://HOST/DB or "
		    "postgresql:KEYWORDS; a SQLite floor is copied into "
		    "PostgreSQL only");
	return 0;
}

int
store_migrate(struct store *st, const struct actor *who, const char *to,
    int verify_only, struct migrate_result *r, struct err *err)
{
	struct run m = { .st = st, .r = r, .err = err };
	const char *name;
	enum path_kind kind = path_db_kind(to, &name);
	int version, rc;

	memset(r, 0, sizeof *r);
	if (kinds_check(st, kind, err) != 0 ||
	    require(who, ACT_SETTINGS, err) != 0 ||
	    schema_version(st, &version, err) != 0)
		return err->status;
	if (version != STORE_SCHEMA_VERSION)
		return err_set(err, EX_SOFTWARE, "this floor is at schema "
		    "version %d and callq migrate copies version %d only: "
		    "report this", version, STORE_SCHEMA_VERSION);
	if ((m.plan = calloc(1, sizeof *m.plan)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	rc = kind == PATH_POSTGRES ? migrate_there(&m, name, verify_only) :
	    migrate_back(&m, name, verify_only);
	free(m.plan);
	return rc;
}
