#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/queue.h"
#include "callq/settings.h"
#include "leadrow.h"
#include "queueint.h"

/*
 * The queries are put together once from the constant pieces below, one
 * for each tier, sort, direction and filter, and kept: statements are
 * cached by their text's address. No user text ever enters them; ?1 is
 * the rep, ?2 now, ?3 and ?4 the key and id walked from, ?5 the limit,
 * ?6 the search (search_bind), ?7 the retry_minutes setting; on
 * PostgreSQL ?8 the hours questions open now (QUEUE_CALLABLE_PG).
 */
#define QUEUE_COMMON \
	" WHERE l.deleted_at IS NULL" \
	" AND l.status NOT IN ('Converted', 'Lost') AND" LEAD_BATCH_DONE \
	" AND NOT EXISTS (SELECT 1 FROM leases k WHERE k.lead_id = l.id" \
	"  AND k.user_id <> ?1 AND k.expires_at > ?2)" \
	" AND" LEAD_SEARCH("?6")

/*
 * Who may be called now is decided per row, after the index: calling
 * hours move with the clock, so no index can hold them. A walk reads
 * past the leads it skips, then, and when a whole tier may not be called
 * (a one-country floor at night) a page and a count read the tier to its
 * end: O(tier), not O(page). Bounding that would hide callable leads
 * past the bound, so it is left so; h (all, greyed) reads only the page.
 */
#define QUEUE_CALLABLE \
	QUEUE_DNC_FREE \
	" AND callq_callable(l.timezone, coalesce(l.country, r.country)," \
	"  l.state)"

/*
 * PostgreSQL has no callq_callable: the hours rules, a country's zones
 * and the codes of states by name live in C, not in the database. So
 * the store asks first which hours questions (zone, country, state) the
 * open leads pose, answers each with hours_check as SQLite's function
 * does, and the walk keeps the leads whose question was answered open:
 * ?8, an array of QUEUE_HOURS_KEY texts. One meaning, the same C; a
 * floor poses a few hundred questions, not one per lead.
 */
#define QUEUE_HOURS_KEY \
	"(coalesce(l.timezone, '') || chr(31) ||" \
	" coalesce(l.country, r.country, '') || chr(31) ||" \
	" coalesce(l.state, ''))"
/*
 * Under a user's own role the server's row-level security would keep
 * leads_hours from bounding QUEUE_ASKS's probes (a policy runs before
 * an operator that is not leakproof, as the composite's comparison is
 * not), and every probe would read the index from its start: the owner's
 * callq_hours_questions (pgpolicy.c) runs it instead.
 */
#define QUEUE_ASKS_OWN "SELECT * FROM callq_hours_questions()"
#define QUEUE_DNC_FREE \
	" AND NOT EXISTS (SELECT 1 FROM dnc WHERE dnc.phone_e164 = l.phone_e164)"
#define QUEUE_CALLABLE_PG \
	QUEUE_DNC_FREE " AND " QUEUE_HOURS_KEY " = ANY (CAST(?8 AS text[]))"

/*
 * The follow-up tier's ties in queue order, where the key is the
 * follow-up time: next_followup_at = ?3 (the walk's own term) and ?3 due
 * say what tier_where's first line says. SQLite, given both that range
 * and the equality on a partial index, bounds the walk by the range and
 * sorts the ties; this way it reads them in id order.
 */
#define TIER_DUE_TIES " AND l.owner_id = ?1 AND ?3 <= ?2"

static const char *const tier_where[TIER_COUNT] = {
	" AND l.owner_id = ?1 AND l.next_followup_at <= ?2",
	/*
	 * A lead with a call-back booked waits for it; one just called
	 * waits what its last disposition asked (l.retry_minutes), else
	 * retry_minutes, so a rep is not sent round the same unanswered
	 * numbers.
	 */
	" AND l.owner_id = ?1 AND l.next_followup_at IS NULL"
	" AND (l.last_contacted_at IS NULL OR l.last_contacted_at <="
	"  ?2 - 60 * coalesce(l.retry_minutes, ?7))",
	" AND l.owner_id IS NULL AND l.status = 'New'"
	" AND (NOT EXISTS (SELECT 1 FROM user_regions WHERE user_id = ?1)"
	"  OR l.region_id IN (SELECT region_id FROM user_regions"
	"   WHERE user_id = ?1))",
};

/*
 * How a tier is ordered: by key (NULL: by id alone), then id; and the
 * index that holds the tier's leads in that order (schema 20's, and
 * leads_owner, whose owner_id IS NULL, 'New' range is the fresh leads
 * by id). The walk names it with INDEXED BY: today's planner finds it
 * unaided, but several indexes start with owner_id, and one chosen on
 * other grounds (statistics, an index added later) would sort the rep's
 * whole book for every page. test_queue_plans_use_indexes reads each
 * plan.
 */
struct order {
	const char *key;
	int         desc;
	const char *index;
};

static const struct order orders[QSORT_COUNT][TIER_COUNT] = {
	[QSORT_QUEUE] = {
		{ "l.next_followup_at", 0, "leads_followup" },
		/* Priority 9 first, then the earliest due; one number. */
		{ QUEUE_KEY_PRIORITY("l."), 0, "leads_queue_mine" },
		{ NULL, 0, "leads_owner" },
	},
	[QSORT_NEWEST] = {
		{ NULL, 1, "leads_queue_due_newest" },
		{ NULL, 1, "leads_queue_mine_newest" },
		{ NULL, 1, "leads_owner" },
	},
	[QSORT_UNTOUCHED] = {
		{ QUEUE_KEY_UNTOUCHED("l."), 0, "leads_queue_due_untouched" },
		{ QUEUE_KEY_UNTOUCHED("l."), 0, "leads_queue_mine_untouched" },
		{ NULL, 0, "leads_owner" },
	},
};

#define SQL_MAX 3072	/* LEAD_SEARCH and the longest key fit */

/*
 * A walk from a row is two queries, each one range of the tier's index:
 * the row's ties (its key, the ids past it), then the keys past it. One
 * row-value comparison, (key, id) > (?3, ?4), reads the same, but SQLite
 * cannot bound an index range with it over an expression, so it would
 * read the tier from its start. A tier ordered by id alone is one query.
 */
enum walk_part { WALK_TIES, WALK_PAST };

/* [PostgreSQL]...: its texts name no index (it has no INDEXED BY). */
static char walk_sql[2][QSORT_COUNT][TIER_COUNT][2][2][2][SQL_MAX];
static char count_sql[2][TIER_COUNT][2][SQL_MAX];

/* " INDEXED BY index" for SQLite, nothing for PostgreSQL. */
static const char *
index_hint(int pg, const char *index, char *buf, size_t size)
{
	if (pg)
		return "";
	snprintf(buf, size, " INDEXED BY %s", index);
	return buf;
}


static const char *
walk_text(int pg, enum queue_sort sort, enum queue_tier tier, int backward,
    int all, enum walk_part part)
{
	char *sql = walk_sql[pg][sort][tier][backward][all][part];
	const struct order *o = &orders[sort][tier];
	int down = o->desc != backward;	/* this walk goes down the keys */
	const char *dir = down ? " DESC" : "", *cmp = down ? "<" : ">";
	char key[160], where[320], hint[64];

	if (*sql != '\0')
		return sql;
	snprintf(key, sizeof key, "%s", o->key ? o->key : "0");
	if (o->key == NULL)
		snprintf(where, sizeof where, " AND l.id %s ?4"
		    " ORDER BY l.id%s", cmp, dir);
	else if (part == WALK_TIES)
		snprintf(where, sizeof where, " AND %s = ?3 AND l.id %s ?4"
		    " ORDER BY l.id%s", o->key, cmp, dir);
	else
		snprintf(where, sizeof where, " AND %s %s ?3"
		    " ORDER BY %s%s, l.id%s", o->key, cmp, o->key, dir, dir);
	snprintf(sql, SQL_MAX, "%s, %s, EXISTS (SELECT 1 FROM dnc WHERE"
	    " dnc.phone_e164 = l.phone_e164), coalesce(l.country, r.country)"
	    " FROM leads l%s" LEAD_JOINS "%s%s%s%s LIMIT ?5",
	    LEAD_COLUMNS, key, index_hint(pg, o->index, hint, sizeof hint),
	    QUEUE_COMMON, all ? "" : pg ? QUEUE_CALLABLE_PG :
	    QUEUE_CALLABLE, part == WALK_TIES && sort == QSORT_QUEUE &&
	    tier == TIER_FOLLOWUP ? TIER_DUE_TIES : tier_where[tier], where);
	return sql;
}

const char *
queue_walk_text(enum queue_sort sort, enum queue_tier tier, int backward,
    int all, int ties)
{
	return walk_text(0, sort, tier, backward, all, ties ? WALK_TIES :
	    WALK_PAST);
}

const char *
queue_asks_text(void)
{
	return QUEUE_ASKS;
}

static const char *
count_text(int pg, enum queue_tier tier, int all)
{
	char *sql = count_sql[pg][tier][all];
	char hint[64];

	if (*sql == '\0')
		snprintf(sql, SQL_MAX, "SELECT count(*) FROM (SELECT 1 FROM"
		    " leads l%s LEFT JOIN regions r ON"
		    " r.id = l.region_id%s%s%s LIMIT ?5) AS n",
		    index_hint(pg, orders[QSORT_NEWEST][tier].index, hint,
		    sizeof hint), QUEUE_COMMON, all ? "" : pg ?
		    QUEUE_CALLABLE_PG : QUEUE_CALLABLE, tier_where[tier]);
	return sql;
}

/* The questions answered open: a PostgreSQL text[] literal. */
struct open_keys {
	char   *text;
	size_t  len, size;
	int     n;	/* how many */
};

/* Appends n bytes of s to k's text; -1 when memory runs out. */
static int
keys_put(struct open_keys *k, const char *s, size_t n)
{
	char *more;

	if (k->len + n + 1 > k->size) {
		k->size = (k->len + n + 1) * 2;
		if ((more = realloc(k->text, k->size)) == NULL)
			return -1;
		k->text = more;
	}
	memcpy(k->text + k->len, s, n);
	k->len += n;
	k->text[k->len] = '\0';
	return 0;
}

/* Appends field to a quoted array element, its '"' and '\\' escaped. */
static int
keys_field(struct open_keys *k, const char *field)
{
	for (; *field != '\0'; field++) {
		if ((*field == '"' || *field == '\\') &&
		    keys_put(k, "\\", 1) != 0)
			return -1;
		if (keys_put(k, field, 1) != 0)
			return -1;
	}
	return 0;
}

/* Adds a QUEUE_ASKS row's question, as QUEUE_HOURS_KEY writes it, to k. */
static int
keys_add(struct open_keys *k, struct stmt *stmt)
{
	int i;

	if (keys_put(k, k->len > 1 ? ",\"" : "\"", k->len > 1 ? 2 : 1) != 0)
		return -1;
	for (i = 0; i < 3; i++)
		if ((i > 0 && keys_put(k, "\x1f", 1) != 0) ||
		    keys_field(k, col_text(stmt, i)) != 0)
			return -1;
	return keys_put(k, "\"", 1);
}

/* The windows and moment callq_callable() answers for. */
static int
queue_hours(struct store *st, const struct queue_query *q, struct err *err)
{
	st->hours_now = q->now;
	st->retry_minutes = store_setting_int(st, "retry_minutes", 60);
	return store_hours_rules(st, &st->hours, err);
}

static void
item_fill(struct store *st, struct stmt *stmt, const struct lead *l,
    enum queue_tier tier, struct queue_item *it)
{
	const char *country = col_text(stmt, LEAD_NCOLUMNS + 2);

	it->pos.tier = tier;
	it->pos.key = stmt_column_int64(stmt, LEAD_NCOLUMNS);
	it->pos.id = l->id;
	it->dnc = stmt_column_int(stmt, LEAD_NCOLUMNS + 1);
	it->hours = hours_check(&st->hours, l->timezone, country, l->state,
	    st->hours_now, &it->opens);
	hours_local_clock(l->timezone, country, st->hours_now, it->local,
	    sizeof it->local);
}

/* Binds what walks and counts share: ?1, ?2, ?5 (limit), ?6 and ?7. */
static int
query_bind(struct store *st, struct stmt *stmt, const struct actor *who,
    const struct queue_query *q, int64_t limit, struct err *err)
{
	stmt_bind_int64(stmt, 1, who->id);
	stmt_bind_int64(stmt, 2, q->now);
	stmt_bind_int64(stmt, 5, limit);
	stmt_bind_int(stmt, 7, st->retry_minutes);
	return search_bind(stmt, 6, q->search, err);
}

/*
 * Asks which of the floor's hours questions are open now, answered as
 * callq_callable answers SQLite, into k (zeroed before; free k->text
 * after).
 */
static int
keys_find(struct store *st, struct open_keys *k, struct err *err)
{
	struct stmt *stmt;
	int rc;

	if (keys_put(k, "{", 1) != 0)
		return err_set(err, EX_OSERR, "out of memory");
	if ((stmt = stmt_get(st, SQL_OWN(st, QUEUE_ASKS, QUEUE_ASKS_OWN),
	    err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the queue's hours")) ==
	    DB_ROW) {
		if (hours_check(&st->hours, col_text(stmt, 0), col_text(stmt,
		    1), col_text(stmt, 2), st->hours_now, NULL) != HOURS_OPEN)
			continue;
		k->n++;
		if (keys_add(k, stmt) != 0) {
			stmt_reset(stmt);
			return err_set(err, EX_OSERR, "out of memory");
		}
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (keys_put(k, "}", 1) != 0)
		return err_set(err, EX_OSERR, "out of memory");
	return 0;
}

/*
 * On PostgreSQL, unless q shows every lead: the questions open now,
 * into k, whose text the walks and counts bind as ?8.
 */
static int
keys_open(struct store *st, const struct queue_query *q, struct open_keys *k,
    struct err *err)
{
	if (!store_is_pg(st) || q->all)
		return 0;
	return keys_find(st, k, err);
}

/* Whether a walk or count may find a lead: not when no question is open. */
static int
keys_any(struct store *st, const struct queue_query *q,
    const struct open_keys *k)
{
	return !store_is_pg(st) || q->all || k->n > 0;
}

/*
 * Steps one part of a tier's walk, from key and id on; *left is what
 * the page still wants. 1: each said stop; -1: an error.
 */
static int
part_walk(struct store *st, const struct actor *who,
    const struct queue_query *q, enum queue_tier tier, int backward,
    enum walk_part part, int64_t key, int64_t id, const char *open,
    int *left, queue_each each, void *arg, struct err *err)
{
	struct queue_item it;
	struct stmt *stmt;
	struct lead l;
	int rc, stop = 0;

	if ((stmt = stmt_get(st, walk_text(store_is_pg(st) != 0, q->sort,
	    tier, backward, q->all, part), err)) == NULL)
		return -1;
	if (query_bind(st, stmt, who, q, *left, err) != 0)
		return -1;
	stmt_bind_int64(stmt, 3, key);
	stmt_bind_int64(stmt, 4, id);
	if (open != NULL)
		stmt_bind_text(stmt, 8, open, -1);
	while (!stop && (rc = db_step(st, stmt, err, "reading the queue")) ==
	    DB_ROW) {
		lead_from_row(stmt, &l);
		item_fill(st, stmt, &l, tier, &it);
		--*left;
		stop = each(&l, &it, arg) != 0;
	}
	stmt_reset(stmt);
	if (!stop && rc == -1)
		return -1;
	return stop;
}

/* Walks one tier's parts; open: as part_walk. */
static int
parts_walk(struct store *st, const struct actor *who,
    const struct queue_query *q, enum queue_tier tier,
    const struct queue_pos *from, int backward, int inclusive,
    const char *open, int *left, queue_each each, void *arg,
    struct err *err)
{
	const struct order *o = &orders[q->sort][tier];
	int down = o->desc != backward, rc;
	int64_t key = down ? INT64_MAX : INT64_MIN;
	int64_t id = down ? INT64_MAX : INT64_MIN;

	if (from != NULL) {
		key = from->key;
		id = from->id + (inclusive ? (down ? 1 : -1) : 0);
	}
	if (o->key != NULL && from != NULL) {
		rc = part_walk(st, who, q, tier, backward, WALK_TIES, key, id,
		    open, left, each, arg, err);
		if (rc != 0 || *left <= 0)
			return rc;
	}
	return part_walk(st, who, q, tier, backward, WALK_PAST, key, id, open,
	    left, each, arg, err);
}

int
store_queue_walk(struct store *st, const struct actor *who,
    const struct queue_query *q, const struct queue_pos *from, int backward,
    int inclusive, int limit, queue_each each, void *arg, struct err *err)
{
	struct open_keys k = { NULL, 0, 0, 0 };
	int tier, step = backward ? -1 : 1, left = limit < 0 ? INT32_MAX :
	    limit, rc = 0;

	if (queue_hours(st, q, err) != 0 || keys_open(st, q, &k, err) != 0) {
		free(k.text);
		return err->status;
	}
	tier = from != NULL ? (int)from->tier : backward ? TIER_COUNT - 1 : 0;
	for (; keys_any(st, q, &k) && tier >= 0 && tier < TIER_COUNT &&
	    left > 0 && rc == 0; tier += step) {
		rc = parts_walk(st, who, q, (enum queue_tier)tier, from,
		    backward, inclusive, k.text, &left, each, arg, err);
		from = NULL;	/* the next tier from its edge */
	}
	free(k.text);
	return rc < 0 ? err->status : 0;
}

int
store_queue_page(struct store *st, const struct actor *who,
    const struct queue_query *q, int limit, queue_each each, void *arg,
    struct err *err)
{
	return store_queue_walk(st, who, q, NULL, 0, 0, limit, each, arg, err);
}

int
store_queue_count(struct store *st, const struct actor *who,
    const struct queue_query *q, int64_t counts[TIER_COUNT], int64_t cap,
    struct err *err)
{
	struct open_keys k = { NULL, 0, 0, 0 };
	struct stmt *stmt;
	int tier, rc = 0;

	memset(counts, 0, sizeof *counts * TIER_COUNT);
	if (queue_hours(st, q, err) != 0 || keys_open(st, q, &k, err) != 0) {
		free(k.text);
		return err->status;
	}
	for (tier = 0; keys_any(st, q, &k) && tier < TIER_COUNT && rc != -1;
	    tier++) {
		if ((stmt = stmt_get(st, count_text(store_is_pg(st) != 0,
		    (enum queue_tier)tier, q->all), err)) == NULL ||
		    query_bind(st, stmt, who, q, cap, err) != 0) {
			rc = -1;
			break;
		}
		if (k.text != NULL)
			stmt_bind_text(stmt, 8, k.text, -1);
		rc = db_step(st, stmt, err, "counting the queue");
		if (rc == DB_ROW)
			counts[tier] = stmt_column_int64(stmt, 0);
		stmt_reset(stmt);
	}
	free(k.text);
	return rc == -1 ? err->status : 0;
}

const char *
queue_sort_name(enum queue_sort sort)
{
	static const char *const names[] = { "queue order", "newest first",
	    "longest untouched" };

	return names[sort];
}

const char *
queue_tier_name(enum queue_tier tier)
{
	static const char *const names[] = { "follow-up", "assigned",
	    "fresh" };

	return names[tier];
}
