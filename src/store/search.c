#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/fold.h"
#include "callq/phone.h"
#include "callq/search.h"
#include "callq/text.h"
#include "leadrow.h"

/* Writes the digits of s, last first, into out (size > 0). */
void
digits_reversed(const char *s, char *out, size_t size)
{
	size_t n = 0, i = strlen(s);

	while (i-- > 0 && n + 1 < size)
		if (isdigit((unsigned char)s[i]))
			out[n++] = s[i];
	out[n] = '\0';
}

/*
 * Reindexes the leads that FROM and WHERE (over l) pick, by id: a lead
 * indexed already has its keys replaced (from has a WHERE, which SQLite
 * needs before ON CONFLICT).
 */
#define INDEX_KEYS(from) \
	"INSERT INTO lead_keys (lead_id, name, digits)" \
	" SELECT l.id, " SEARCH_KEY_NAME ", " SEARCH_KEY_DIGITS from \
	" ORDER BY l.id ON CONFLICT (lead_id) DO UPDATE" \
	" SET name = excluded.name, digits = excluded.digits"
#define INDEX_DROP(ids) "DELETE FROM lead_text WHERE rowid IN (" ids ")"
#define INDEX_TEXT(from) \
	"INSERT INTO lead_text (rowid, body) SELECT l.id, " SEARCH_KEY_BODY from \
	" ORDER BY l.id"
/* SEARCH_KEY_BODY as PostgreSQL writes it: chr() and string_agg(). */
#define PG_KEY_BODY \
	"callq_fold(l.name || chr(10) || coalesce(l.city, '') || chr(10)" \
	" || coalesce(l.email, '') || coalesce((SELECT chr(10) ||" \
	" string_agg(n.body, chr(10) ORDER BY n.id) FROM notes n" \
	" WHERE n.lead_id = l.id AND n.deleted_at IS NULL), ''))"
#define PG_INDEX_TEXT(from) \
	"INSERT INTO lead_text (rowid, body) SELECT l.id, " PG_KEY_BODY from \
	" ORDER BY l.id"

/* Runs sqls[0..n), each bound to ?1 (and ?2 when b is not 0). */
static int
index_run(struct store *st, const char *const *sqls, size_t n, int64_t a,
    int64_t b, struct err *err)
{
	struct stmt *stmt;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((stmt = stmt_get(st, sqls[i], err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, a);
		if (b != 0)
			stmt_bind_int64(stmt, 2, b);
		if (db_run(st, stmt, err, "indexing the lead for search") != 0)
			return err->status;
	}
	return 0;
}

int
search_index_lead(struct store *st, int64_t id, struct err *err)
{
	static const char *const sqls[2][3] = { {
		INDEX_KEYS(" FROM leads l WHERE l.id = ?1"),
		INDEX_DROP("?1"),
		INDEX_TEXT(" FROM leads l WHERE l.id = ?1"),
	}, {
		INDEX_KEYS(" FROM leads l WHERE l.id = ?1"),
		INDEX_DROP("?1"),
		PG_INDEX_TEXT(" FROM leads l WHERE l.id = ?1"),
	} };

	return index_run(st, sqls[store_is_pg(st) != 0], 3, id, 0, err);
}

/*
 * By id, so that lead_keys, lead_text's content and the trigram segments
 * each flushes grow at their end rather than all over: a batch's leads
 * take neighbouring ids. The '+' keeps the planner off leads_batch, which
 * would walk the whole batch for each range, not the range's rows.
 */
#define BATCH_RANGE \
	" FROM leads l WHERE l.id BETWEEN ?1 AND ?2 AND +l.batch_id = ?3"

int
search_index_batch(struct store *st, int64_t batch, int64_t from,
    int64_t to, struct err *err)
{
	/* A range indexed again after a crash is indexed again, not twice. */
	static const char *const sqls[2][3] = { {
		INDEX_KEYS(BATCH_RANGE),
		INDEX_DROP("SELECT l.id" BATCH_RANGE),
		INDEX_TEXT(BATCH_RANGE),
	}, {
		INDEX_KEYS(BATCH_RANGE),
		INDEX_DROP("SELECT l.id" BATCH_RANGE),
		PG_INDEX_TEXT(BATCH_RANGE),
	} };
	const char *const *sql = sqls[store_is_pg(st) != 0];
	struct stmt *stmt;
	size_t i;

	for (i = 0; i < 3; i++) {
		if ((stmt = stmt_get(st, sql[i], err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, from);
		stmt_bind_int64(stmt, 2, to);
		stmt_bind_int64(stmt, 3, batch);
		if (db_run(st, stmt, err, "indexing the batch for search") != 0)
			return err->status;
	}
	return 0;
}

/*
 * The stages of a search, best first. Each selects the columns of a hit
 * from l, a lead who (?1..?3) may read, that is live, with ?4 the key
 * and ?5 how many.
 */
#define HIT_COLUMNS \
	"SELECT l.id, l.name, coalesce(nullif(l.phone_display, ''), l.phone_raw)," \
	" l.status, o.login, r.name, l.timezone, l.country, l.customer"
#define HIT_SELECT HIT_COLUMNS " FROM "
#define HIT_JOIN \
	" JOIN leads l ON l.id = "
#define HIT_LIVE \
	" LEFT JOIN users o ON o.id = l.owner_id" \
	" LEFT JOIN regions r ON r.id = l.region_id" \
	" WHERE l.deleted_at IS NULL AND" LEAD_READABLE " AND" LEAD_BATCH_DONE

static const char stage_id[] = HIT_SELECT "leads l" HIT_LIVE
    " AND l.id = ?4 LIMIT ?5";
static const char stage_phone[] = HIT_SELECT "phones p" HIT_JOIN "p.lead_id"
    HIT_LIVE " AND p.e164 = ?4 ORDER BY l.id LIMIT ?5";
/* A lead one of whose live contacts has the number; column 8 names them. */
static const char stage_contact[] = HIT_COLUMNS ", k.name FROM contact_phones"
    " cp JOIN contacts k ON k.id = cp.contact_id AND k.deleted_at IS NULL"
    HIT_JOIN "k.lead_id" HIT_LIVE " AND cp.phone_e164 = ?4"
    " ORDER BY l.id, cp.id LIMIT ?5";
static const char stage_name[] = HIT_SELECT "lead_keys k" HIT_JOIN
    "k.lead_id" HIT_LIVE " AND k.name >= ?4 AND k.name < ?6"
    " ORDER BY k.name, k.lead_id LIMIT ?5";
static const char stage_tail[] = HIT_SELECT "lead_keys k" HIT_JOIN
    "k.lead_id" HIT_LIVE " AND k.digits >= ?4 AND k.digits < ?4 || ':'"
    " ORDER BY k.digits, k.lead_id LIMIT ?5";
/* The trigram search: SQLite's FTS5 answers GLOB, PostgreSQL's index LIKE. */
static const char stage_text_lite[] = HIT_SELECT "lead_text t" HIT_JOIN
    "t.rowid" HIT_LIVE " AND t.body GLOB ?4 ORDER BY t.rowid LIMIT ?5";
static const char stage_text_pg[] = HIT_SELECT "lead_text t" HIT_JOIN
    "t.rowid" HIT_LIVE " AND t.body LIKE ?4 ORDER BY t.rowid LIMIT ?5";

/*
 * The names that start with key: stage_name's ?6, key followed by the
 * last character there is (U+10FFFF), which sorts after them all.
 */
static int
name_bound(struct stmt *stmt, const char *key, int len)
{
	static const char last[] = "\xf4\x8f\xbf\xbf";
	size_t n = len < 0 ? strlen(key) : (size_t)len;
	char *b = malloc(n + sizeof last);

	if (b == NULL)
		return -1;
	memcpy(b, key, n);
	memcpy(b + n, last, sizeof last);
	stmt_bind_text(stmt, 6, b, (int)(n + sizeof last - 1));
	free(b);
	return 0;
}

/* A search under way: what it found so far, so no lead comes twice. */
struct hunt {
	const struct actor *who;
	int (*each)(const struct search_hit *, void *);
	void *arg;
	int limit;
	int found;
	int stop;
	int64_t *ids;
};

static int
hunt_seen(const struct hunt *h, int64_t id)
{
	int i;

	for (i = 0; i < h->found; i++)
		if (h->ids[i] == id)
			return 1;
	return 0;
}

/* Runs one stage with key (len bytes), handing on the leads not seen. */
static int
hunt_stage(struct store *st, struct hunt *h, const char *sql,
    enum search_rank rank, const char *key, int len, struct err *err)
{
	struct search_hit hit = { .rank = rank };
	struct stmt *stmt;
	int rc;

	if (h->stop || h->found >= h->limit)
		return 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, h->who->id);
	bind_id(stmt, 2, h->who->team_id);
	stmt_bind_int(stmt, 3, perm_scope(h->who->role, ACT_LEAD_READ));
	if (rank == SEARCH_ID)
		stmt_bind_int64(stmt, 4, strtoll(key, NULL, 10));
	else
		stmt_bind_text(stmt, 4, key, len);
	stmt_bind_int(stmt, 5, h->limit);
	if (sql == stage_name && name_bound(stmt, key, len) != 0)
		return err_set(err, EX_OSERR, "out of memory");
	while (h->found < h->limit &&
	    (rc = db_step(st, stmt, err, "searching")) == DB_ROW) {
		hit.id = stmt_column_int64(stmt, 0);
		if (hunt_seen(h, hit.id))
			continue;
		hit.name = col_text(stmt, 1);
		hit.phone = col_text(stmt, 2);
		hit.status = col_text(stmt, 3);
		hit.owner = col_text(stmt, 4);
		hit.region = col_text(stmt, 5);
		hit.timezone = col_text(stmt, 6);
		hit.country = col_text(stmt, 7);
		hit.customer = stmt_column_int(stmt, 8);
		hit.contact = sql == stage_contact ? col_text(stmt, 9) : "";
		h->ids[h->found++] = hit.id;
		if (h->each(&hit, h->arg) != 0) {
			h->stop = 1;
			break;
		}
	}
	stmt_reset(stmt);
	return err->status;
}

/*
 * The country a number without one is read in: the user's (that of
 * their regions), else the floor's (the setting "country", else the
 * country most regions are in). "" when none is known.
 */
static int
search_country(struct store *st, const struct actor *who, char out[4],
    struct err *err)
{
	static const char sql[] =
	    "SELECT coalesce((SELECT r.country FROM user_regions u"
	    "  JOIN regions r ON r.id = u.region_id WHERE u.user_id = ?1"
	    "  AND r.country IS NOT NULL ORDER BY r.id LIMIT 1),"
	    " (SELECT value FROM settings WHERE key = 'country'),"
	    " (SELECT country FROM regions WHERE country IS NOT NULL"
	    "  GROUP BY country ORDER BY count(*) DESC, country LIMIT 1))";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	out[0] = '\0';
	if ((rc = db_step(st, stmt, err, "searching")) == DB_ROW)
		snprintf(out, 4, "%s", col_text(stmt, 0));
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* The E.164 form of number read in who's country, or "" when none. */
static int
search_e164(struct store *st, const struct actor *who, const char *number,
    char out[24], struct err *err)
{
	char country[4];
	struct phone ph;

	out[0] = '\0';
	if (search_country(st, who, country, err) != 0)
		return err->status;
	if (phone_parse(number, country[0] ? country : NULL, &ph) == PHONE_OK &&
	    ph.e164[0] == '+')
		snprintf(out, 24, "%s", ph.e164);
	return 0;
}

/* Nonzero when text is only what numbers are written with. */
static int
is_number(const char *text, int *digits)
{
	*digits = 0;
	for (; *text != '\0'; text++) {
		if (isdigit((unsigned char)*text))
			(*digits)++;
		else if (strchr(" +-().", *text) == NULL)
			return 0;
	}
	return 1;
}

static int
hunt_number(struct store *st, struct hunt *h, const char *text,
    struct err *err)
{
	char e164[24], tail[64];

	if (search_e164(st, h->who, text, e164, err) != 0)
		return err->status;
	digits_reversed(text, tail, sizeof tail);
	if (e164[0] != '\0' && (hunt_stage(st, h, stage_phone, SEARCH_PHONE,
	    e164, -1, err) != 0 || hunt_stage(st, h, stage_contact,
	    SEARCH_PHONE, e164, -1, err) != 0))
		return err->status;
	return hunt_stage(st, h, stage_tail, SEARCH_OTHER, tail, -1, err);
}

/* Characters (not bytes) in the UTF-8 text s. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * "%text%" with LIKE's own characters (and its escape, PostgreSQL's
 * backslash) standing for themselves.
 */
static char *
like_inside(const char *text)
{
	char *l = malloc(2 * strlen(text) + 3), *p = l;

	if (l == NULL)
		return NULL;
	*p++ = '%';
	for (; *text != '\0'; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			*p++ = '\\';
		*p++ = *text;
	}
	*p++ = '%';
	*p = '\0';
	return l;
}

/* "*text*" with GLOB's own characters standing for themselves. */
static char *
glob_inside(const char *text)
{
	char *g = malloc(3 * strlen(text) + 3), *p = g;

	if (g == NULL)
		return NULL;
	*p++ = '*';
	for (; *text != '\0'; text++) {
		if (*text == '*' || *text == '?' || *text == '[') {
			*p++ = '[';
			*p++ = *text;
			*p++ = ']';
		} else
			*p++ = *text;
	}
	*p++ = '*';
	*p = '\0';
	return g;
}

static int
hunt_words(struct store *st, struct hunt *h, const char *text,
    struct err *err)
{
	char *folded, *glob = NULL;
	size_t len;

	if ((folded = fold_text(text, &len)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	if (len > 0 && hunt_stage(st, h, stage_name, SEARCH_NAME, folded,
	    (int)len, err) == 0 && chars(folded) >= 3) {
		/* Trigrams: fewer characters than three find nothing. */
		glob = store_is_pg(st) ? like_inside(folded) :
		    glob_inside(folded);
		if (glob == NULL)
			err_set(err, EX_OSERR, "out of memory");
		else
			hunt_stage(st, h, SQL_BOTH(st, stage_text_lite,
			    stage_text_pg), SEARCH_OTHER, glob, -1, err);
	}
	free(glob);
	free(folded);
	return err->status;
}

/* Nonzero when text is "#" and digits (the id in *id). */
static int
is_id(const char *text)
{
	size_t n = strspn(text + 1, "0123456789");

	return text[0] == '#' && n > 0 && n < 19 && text[1 + n] == '\0';
}

int
store_search(struct store *st, const struct actor *who, const char *text,
    int limit, int (*each)(const struct search_hit *, void *), void *arg,
    struct err *err)
{
	struct hunt h = { who, each, arg, limit, 0, 0, NULL };
	char trimmed[512];
	int digits, rc;

	text_trim(text, trimmed, sizeof trimmed);
	if (limit <= 0 || trimmed[0] == '\0')
		return 0;
	if ((h.ids = calloc((size_t)limit, sizeof *h.ids)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	if (is_id(trimmed))
		rc = hunt_stage(st, &h, stage_id, SEARCH_ID, trimmed + 1, -1,
		    err);
	else if (is_number(trimmed, &digits))
		rc = digits >= SEARCH_MIN_DIGITS ?
		    hunt_number(st, &h, trimmed, err) : 0;
	else
		rc = hunt_words(st, &h, trimmed, err);
	free(h.ids);
	return rc;
}

int
store_who(struct store *st, const struct actor *who, const char *number,
    int (*each)(const struct search_hit *, void *), void *arg,
    struct err *err)
{
	struct hunt h = { who, each, arg, 1000, 0, 0, NULL };
	char e164[24];
	int digits, rc;

	if (!is_number(number, &digits) || digits == 0 ||
	    search_e164(st, who, number, e164, err) != 0 || e164[0] == '\0')
		return err->status ? err->status : err_set(err, EX_DATAERR,
		    "'%s' is not a phone number; give one like +1 617 555 0120"
		    " or, in your country, (617) 555-0120", number);
	if ((h.ids = calloc((size_t)h.limit, sizeof *h.ids)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	if ((rc = hunt_stage(st, &h, stage_phone, SEARCH_PHONE, e164, -1,
	    err)) == 0)
		rc = hunt_stage(st, &h, stage_contact, SEARCH_PHONE, e164, -1,
		    err);
	free(h.ids);
	return rc;
}
