#include <stdio.h>
#include <string.h>

#include "callq/queue.h"
#include "callq/settings.h"
#include "leadrow.h"

/*
 * The queries are put together once from the constant pieces below, one
 * for each tier, sort, direction and filter, and kept: statements are
 * cached by their text's address. No user text ever enters them; ?1 is
 * the rep, ?2 now, ?3 and ?4 the key and id walked from, ?5 the limit,
 * ?6 the search (search_bind), ?7 the retry_minutes setting.
 */
#define QUEUE_COMMON \
	" WHERE l.deleted_at IS NULL" \
	" AND l.status NOT IN ('Converted', 'Lost') AND" LEAD_BATCH_DONE \
	" AND NOT EXISTS (SELECT 1 FROM leases k WHERE k.lead_id = l.id" \
	"  AND k.user_id <> ?1 AND k.expires_at > ?2)" \
	" AND" LEAD_SEARCH("?6")

#define QUEUE_CALLABLE \
	" AND NOT EXISTS (SELECT 1 FROM dnc WHERE dnc.phone_e164 = l.phone_e164)" \
	" AND callq_callable(l.timezone, coalesce(l.country, r.country)," \
	"  l.state)"

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

/* How a tier is ordered: by key (NULL: by id alone), then id. */
struct order {
	const char *key;
	int         desc;
};

static const struct order orders[QSORT_COUNT][TIER_COUNT] = {
	[QSORT_QUEUE] = {
		{ "l.next_followup_at", 0 },
		/* Priority 9 first, then the earliest due; one number. */
		{ "(9 - l.priority) * 100000000000"
		  " + coalesce(l.due_at, 99999999999)", 0 },
		{ NULL, 0 },
	},
	[QSORT_NEWEST] = { { NULL, 1 }, { NULL, 1 }, { NULL, 1 } },
	[QSORT_UNTOUCHED] = {
		{ "coalesce(l.last_contacted_at, 0)", 0 },
		{ "coalesce(l.last_contacted_at, 0)", 0 },
		{ NULL, 0 },
	},
};

#define SQL_MAX 2048

static char walk_sql[QSORT_COUNT][TIER_COUNT][2][2][SQL_MAX];
static char count_sql[TIER_COUNT][2][SQL_MAX];

static const char *
walk_text(enum queue_sort sort, enum queue_tier tier, int backward, int all)
{
	char *sql = walk_sql[sort][tier][backward][all];
	const struct order *o = &orders[sort][tier];
	int down = o->desc != backward;	/* this walk goes down the keys */
	const char *dir = down ? " DESC" : "", *cmp = down ? "<" : ">";
	char key[160], where[256];

	if (*sql != '\0')
		return sql;
	snprintf(key, sizeof key, "%s", o->key ? o->key : "0");
	if (o->key != NULL)
		snprintf(where, sizeof where, " AND (%s, l.id) %s (?3, ?4)"
		    " ORDER BY %s%s, l.id%s", o->key, cmp, o->key, dir, dir);
	else
		snprintf(where, sizeof where, " AND l.id %s ?4"
		    " ORDER BY l.id%s", cmp, dir);
	snprintf(sql, SQL_MAX, "%s, %s, EXISTS (SELECT 1 FROM dnc WHERE"
	    " dnc.phone_e164 = l.phone_e164), coalesce(l.country, r.country)"
	    "%s%s%s%s%s LIMIT ?5", LEAD_COLUMNS, key, LEAD_FROM, QUEUE_COMMON,
	    all ? "" : QUEUE_CALLABLE, tier_where[tier], where);
	return sql;
}

static const char *
count_text(enum queue_tier tier, int all)
{
	char *sql = count_sql[tier][all];

	if (*sql == '\0')
		snprintf(sql, SQL_MAX, "SELECT count(*) FROM (SELECT 1 FROM"
		    " leads l LEFT JOIN regions r ON r.id = l.region_id%s%s%s"
		    " LIMIT ?5)", QUEUE_COMMON, all ? "" : QUEUE_CALLABLE,
		    tier_where[tier]);
	return sql;
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
item_fill(struct store *st, sqlite3_stmt *stmt, const struct lead *l,
    enum queue_tier tier, struct queue_item *it)
{
	const char *country = col_text(stmt, LEAD_NCOLUMNS + 2);

	it->pos.tier = tier;
	it->pos.key = sqlite3_column_int64(stmt, LEAD_NCOLUMNS);
	it->pos.id = l->id;
	it->dnc = sqlite3_column_int(stmt, LEAD_NCOLUMNS + 1);
	it->hours = hours_check(&st->hours, l->timezone, country, l->state,
	    st->hours_now, &it->opens);
	hours_local_clock(l->timezone, country, st->hours_now, it->local,
	    sizeof it->local);
}

/* Binds what walks and counts share: ?1, ?2, ?5 (limit), ?6 and ?7. */
static int
query_bind(struct store *st, sqlite3_stmt *stmt, const struct actor *who,
    const struct queue_query *q, int64_t limit, struct err *err)
{
	sqlite3_bind_int64(stmt, 1, who->id);
	sqlite3_bind_int64(stmt, 2, q->now);
	sqlite3_bind_int64(stmt, 5, limit);
	sqlite3_bind_int(stmt, 7, st->retry_minutes);
	return search_bind(stmt, 6, q->search, err);
}

/* Walks one tier; *left is what the page still wants. -1: stop. */
static int
tier_walk(struct store *st, const struct actor *who,
    const struct queue_query *q, enum queue_tier tier,
    const struct queue_pos *from, int backward, int inclusive, int *left,
    queue_each each, void *arg, struct err *err)
{
	const struct order *o = &orders[q->sort][tier];
	int down = o->desc != backward, rc, stop = 0;
	int64_t key = down ? INT64_MAX : INT64_MIN;
	int64_t id = down ? INT64_MAX : INT64_MIN;
	struct queue_item it;
	sqlite3_stmt *stmt;
	struct lead l;

	if (from != NULL) {
		key = from->key;
		id = from->id + (inclusive ? (down ? 1 : -1) : 0);
	}
	if ((stmt = stmt_get(st, walk_text(q->sort, tier, backward, q->all),
	    err)) == NULL)
		return -1;
	if (query_bind(st, stmt, who, q, *left, err) != 0)
		return -1;
	sqlite3_bind_int64(stmt, 3, key);
	sqlite3_bind_int64(stmt, 4, id);
	while (!stop && (rc = db_step(st, stmt, err, "reading the queue")) ==
	    SQLITE_ROW) {
		lead_from_row(stmt, &l);
		item_fill(st, stmt, &l, tier, &it);
		--*left;
		stop = each(&l, &it, arg) != 0;
	}
	sqlite3_reset(stmt);
	if (!stop && rc == -1)
		return -1;
	return stop;
}

int
store_queue_walk(struct store *st, const struct actor *who,
    const struct queue_query *q, const struct queue_pos *from, int backward,
    int inclusive, int limit, queue_each each, void *arg, struct err *err)
{
	int tier, step = backward ? -1 : 1, left = limit < 0 ? INT32_MAX :
	    limit, rc;

	if (queue_hours(st, q, err) != 0)
		return err->status;
	tier = from != NULL ? (int)from->tier : backward ? TIER_COUNT - 1 : 0;
	for (; tier >= 0 && tier < TIER_COUNT && left > 0; tier += step) {
		rc = tier_walk(st, who, q, (enum queue_tier)tier, from, backward,
		    inclusive, &left, each, arg, err);
		if (rc != 0)
			return rc < 0 ? err->status : 0;
		from = NULL;	/* the next tier from its edge */
	}
	return 0;
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
	sqlite3_stmt *stmt;
	int tier, rc;

	if (queue_hours(st, q, err) != 0)
		return err->status;
	for (tier = 0; tier < TIER_COUNT; tier++) {
		counts[tier] = 0;
		if ((stmt = stmt_get(st, count_text((enum queue_tier)tier,
		    q->all), err)) == NULL)
			return err->status;
		if (query_bind(st, stmt, who, q, cap, err) != 0)
			return err->status;
		rc = db_step(st, stmt, err, "counting the queue");
		if (rc == SQLITE_ROW)
			counts[tier] = sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
		if (rc == -1)
			return err->status;
	}
	return 0;
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
