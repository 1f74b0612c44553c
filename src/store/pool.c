#include <strings.h>

#include "callq/pool.h"
#include "leadrow.h"

static const char *const pools[POOL_COUNT] = {
	[POOL_FRESH] = "Fresh", [POOL_WORKING] = "Working",
	[POOL_CONVERTED] = "Converted", [POOL_LOST] = "Lost",
};

const char *
pool_name(enum pool pool)
{
	return pools[pool];
}

int
pool_parse(const char *text, enum pool *pool)
{
	int p;

	for (p = 0; p < POOL_COUNT; p++)
		if (strcasecmp(text, pools[p]) == 0) {
			*pool = (enum pool)p;
			return 0;
		}
	return -1;
}

/*
 * ?1..?3 the reader, ?4 the stage, else ?5 the pool (fresh ones are
 * unassigned too); ?10 owner, ?11 region, ?12 source, ?13 search, ?14 the
 * id walked from. Each pool or stage is one range of an index
 * (leads_pool, leads_stage) in id order.
 */
#define POOL_WHERE \
	" WHERE" LEAD_READABLE " AND" LEAD_BATCH_DONE \
	" AND l.deleted_at IS NULL" \
	" AND (?10 IS NULL OR (?10 = 'none' AND l.owner_id IS NULL)" \
	"  OR o.login = ?10)" \
	" AND (?11 IS NULL OR r.name = ?11)" \
	" AND (?12 IS NULL OR s.name = ?12) AND" LEAD_SEARCH("?13")
#define BY_STAGE " AND l.stage_id = ?4"
#define BY_POOL " AND (CASE l.status WHEN 'New' THEN 0 WHEN 'Converted'" \
	" THEN 2 WHEN 'Lost' THEN 3 ELSE 1 END) = ?5" \
	" AND (?5 <> 0 OR l.owner_id IS NULL)"
#define AFTER " AND l.id > ?14 ORDER BY l.id LIMIT ?15"
#define BEFORE " AND l.id < ?14 ORDER BY l.id DESC LIMIT ?15"

static int
query_bind(sqlite3_stmt *stmt, const struct actor *who,
    const struct pool_query *q, int64_t from, struct err *err)
{
	sqlite3_bind_int64(stmt, 1, who->id);
	bind_id(stmt, 2, who->team_id);
	sqlite3_bind_int(stmt, 3, perm_scope(who->role, ACT_LEAD_READ));
	if (q->stage_id != 0)
		sqlite3_bind_int64(stmt, 4, q->stage_id);
	else
		sqlite3_bind_int(stmt, 5, (int)q->pool);
	bind_text(stmt, 10, q->owner);
	bind_text(stmt, 11, q->region);
	bind_text(stmt, 12, q->source);
	sqlite3_bind_int64(stmt, 14, from);
	return search_bind(stmt, 13, q->search, err);
}

int
store_pool_walk(struct store *st, const struct actor *who,
    const struct pool_query *q, int64_t from, int backward, int limit,
    int (*each)(const struct lead *, void *), void *arg, struct err *err)
{
	static const char *const sqls[2][2] = {
		{ LEAD_SELECT POOL_WHERE BY_POOL AFTER,
		  LEAD_SELECT POOL_WHERE BY_POOL BEFORE },
		{ LEAD_SELECT POOL_WHERE BY_STAGE AFTER,
		  LEAD_SELECT POOL_WHERE BY_STAGE BEFORE },
	};
	sqlite3_stmt *stmt;

	if ((stmt = stmt_get(st, sqls[q->stage_id != 0][backward != 0],
	    err)) == NULL)
		return err->status;
	if (query_bind(stmt, who, q, from == 0 && backward ? INT64_MAX : from,
	    err) != 0)
		return err->status;
	sqlite3_bind_int(stmt, 15, limit);
	return lead_rows(st, stmt, each, arg, err);
}

int
store_pool_tally(struct store *st, const struct actor *who,
    const struct pool_query *q, int64_t cap, struct pool_tally *out,
    struct err *err)
{
	static const char *const sqls[2] = {
		"SELECT count(*), coalesce(sum(v), 0) FROM (SELECT l.value_cents"
		" AS v" LEAD_FROM POOL_WHERE BY_POOL AFTER ")",
		"SELECT count(*), coalesce(sum(v), 0) FROM (SELECT l.value_cents"
		" AS v" LEAD_FROM POOL_WHERE BY_STAGE AFTER ")",
	};
	sqlite3_stmt *stmt;
	int rc;

	out->count = out->value_cents = 0;
	if ((stmt = stmt_get(st, sqls[q->stage_id != 0], err)) == NULL)
		return err->status;
	if (query_bind(stmt, who, q, 0, err) != 0)
		return err->status;
	sqlite3_bind_int64(stmt, 15, cap);
	if ((rc = db_step(st, stmt, err, "counting leads")) == SQLITE_ROW) {
		out->count = sqlite3_column_int64(stmt, 0);
		out->value_cents = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc == -1 ? err->status : 0;
}
