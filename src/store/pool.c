#include <string.h>
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
 * id walked from, ?15 how many. Each pool or stage is one range of an
 * index in id order: leads_pool or leads_stage for any owner, and
 * leads_owner_pool or leads_owner_stage for one owner (or none), so a
 * rep's few leads among a million, or the fresh ones past thousands of
 * assigned New leads, are read without passing the others. A filter
 * compares its parameter first: PostgreSQL types it by that first use.
 */
#define POOL_WHERE \
	" WHERE" LEAD_READABLE " AND" LEAD_BATCH_DONE \
	" AND l.deleted_at IS NULL" \
	" AND (r.name = ?11 OR ?11 IS NULL)" \
	" AND (s.name = ?12 OR ?12 IS NULL) AND" LEAD_SEARCH("?13")
#define BY_STAGE " AND l.stage_id = ?4"
#define BY_POOL " AND (CASE l.status WHEN 'New' THEN 0 WHEN 'Converted'" \
	" THEN 2 WHEN 'Lost' THEN 3 ELSE 1 END) = ?5" \
	" AND (?5 <> 0 OR l.owner_id IS NULL)"
#define AFTER(ix) " AND l.id > ?14 ORDER BY l.id LIMIT ?15"
#define BEFORE(ix) " AND l.id < ?14 ORDER BY l.id DESC LIMIT ?15"
/*
 * A walk of one owner's range (or no one's). PostgreSQL drops a column
 * held equal to one value from the order it needs, but not one held IS
 * NULL: ordered by id alone, no one's leads of a stage looked as well
 * read along leads_stage, past every owned lead of the stage, as along
 * leads_owner_stage. Ordered by owner first, only the owner's index
 * gives the order.
 */
#define AFTER_OWNED(ix) " AND l.id > ?14 ORDER BY " ix("", "l.owner_id, ") \
	"l.id LIMIT ?15"
#define BEFORE_OWNED(ix) " AND l.id < ?14 ORDER BY " \
	ix("", "l.owner_id DESC, ") "l.id DESC LIMIT ?15"

/* Whose leads a walk reads, each its own statement (see owner_of). */
enum owner {
	OWNER_ANY,	/* anyone's or no one's */
	OWNER_LOGIN,	/* ?10's */
	OWNER_NONE,	/* no one's */
	OWNER_READER,	/* the reader's own and no one's: two walks merged */
	OWNER_COUNT
};

#define IS_LOGIN " AND l.owner_id = (SELECT id FROM users WHERE login = ?10)"
#define IS_NONE " AND l.owner_id IS NULL"
#define IS_READER " AND l.owner_id = ?1"

/*
 * The planner, seeing a pool's CASE and an owner, may take leads_owner
 * (owner_id, status) and sort the owner's every lead for each page;
 * INDEXED BY keeps each walk on the index whose order is the page's.
 * PostgreSQL has no such hint: ix is LITE_IX or PG_IX, each statement
 * is written for both, and the connection picks (pool_sql).
 */
#define LITE_IX(lite, pg) lite
#define PG_IX(lite, pg) pg
#define FROM_ANY(ix, key) " FROM leads l" ix(" INDEXED BY leads_" key, "") \
	LEAD_JOINS
#define FROM_OWNER(ix, key) " FROM leads l" \
	ix(" INDEXED BY leads_owner_" key, "") LEAD_JOINS

/* One walk: the rows of a pool or stage (by) of an owner, in id order. */
#define WALK(cols, from, by, own, dir) cols from POOL_WHERE by own dir

/*
 * The reader's own leads and the unassigned ones: each a walk of its own
 * owner's range, their ids (two pages at most) then read in the page's
 * order.
 */
#define MERGED(ix, key, by, dir) \
	" WHERE l.id IN (SELECT id FROM (" \
	WALK("SELECT l.id", FROM_OWNER(ix, key), by, IS_READER, \
	    dir##_OWNED(ix)) \
	") AS mine UNION ALL SELECT id FROM (" \
	WALK("SELECT l.id", FROM_OWNER(ix, key), by, IS_NONE, \
	    dir##_OWNED(ix)) \
	") AS nobody)"

#define WALKS(ix, key, by, dir, order) { \
	WALK(LEAD_COLUMNS, FROM_ANY(ix, key), by, "", dir(ix)), \
	WALK(LEAD_COLUMNS, FROM_OWNER(ix, key), by, IS_LOGIN, \
	    dir##_OWNED(ix)), \
	WALK(LEAD_COLUMNS, FROM_OWNER(ix, key), by, IS_NONE, \
	    dir##_OWNED(ix)), \
	LEAD_COLUMNS LEAD_FROM MERGED(ix, key, by, dir) \
	" ORDER BY l.id " order " LIMIT ?15" }

#define TALLY "SELECT count(*), coalesce(sum(v), 0) FROM ("
#define TALLIES(ix, key, by) { \
	TALLY WALK("SELECT l.value_cents AS v", FROM_ANY(ix, key), by, "", \
	    AFTER(ix)) ") AS t", \
	TALLY WALK("SELECT l.value_cents AS v", FROM_OWNER(ix, key), by, \
	    IS_LOGIN, AFTER_OWNED(ix)) ") AS t", \
	TALLY WALK("SELECT l.value_cents AS v", FROM_OWNER(ix, key), by, \
	    IS_NONE, AFTER_OWNED(ix)) ") AS t", \
	TALLY "SELECT l.value_cents AS v FROM leads l" MERGED(ix, key, by, \
	    AFTER) " ORDER BY l.id LIMIT ?15) AS t" }

/*
 * Which owner's range q's leads lie in for who: fresh leads and
 * owner=none are no one's; owner=LOGIN one login's; a rep (who reads
 * its own and the unassigned) both; anyone else, anyone's.
 */
static enum owner
owner_of(const struct actor *who, const struct pool_query *q)
{
	if (q->owner != NULL)
		return strcmp(q->owner, "none") == 0 ? OWNER_NONE :
		    OWNER_LOGIN;
	if (q->stage_id == 0 && q->pool == POOL_FRESH)
		return OWNER_NONE;
	return perm_scope(who->role, ACT_LEAD_READ) == SCOPE_OWN ?
	    OWNER_READER : OWNER_ANY;
}

static int
query_bind(struct stmt *stmt, const struct actor *who,
    const struct pool_query *q, int64_t from, struct err *err)
{
	stmt_bind_int64(stmt, 1, who->id);
	bind_id(stmt, 2, who->team_id);
	stmt_bind_int(stmt, 3, perm_scope(who->role, ACT_LEAD_READ));
	if (q->stage_id != 0)
		stmt_bind_int64(stmt, 4, q->stage_id);
	else
		stmt_bind_int(stmt, 5, (int)q->pool);
	bind_text(stmt, 10, q->owner);
	bind_text(stmt, 11, q->region);
	bind_text(stmt, 12, q->source);
	stmt_bind_int64(stmt, 14, from);
	return search_bind(stmt, 13, q->search, err);
}

/*
 * The statement walking q for who: [PostgreSQL][pool or stage][backward]
 * [owner].
 */
#define WALK_SQLS(ix) { \
	{ WALKS(ix, "pool", BY_POOL, AFTER, ""), \
	  WALKS(ix, "pool", BY_POOL, BEFORE, "DESC") }, \
	{ WALKS(ix, "stage", BY_STAGE, AFTER, ""), \
	  WALKS(ix, "stage", BY_STAGE, BEFORE, "DESC") } }

static const char *const walk_sqls[2][2][2][OWNER_COUNT] = {
	WALK_SQLS(LITE_IX), WALK_SQLS(PG_IX),
};

static const char *const tally_sqls[2][2][OWNER_COUNT] = {
	{ TALLIES(LITE_IX, "pool", BY_POOL),
	  TALLIES(LITE_IX, "stage", BY_STAGE) },
	{ TALLIES(PG_IX, "pool", BY_POOL), TALLIES(PG_IX, "stage", BY_STAGE) },
};

static const char *
pool_sql(int pg, const struct actor *who, const struct pool_query *q,
    int backward, int tally)
{
	return tally ? tally_sqls[pg][q->stage_id != 0][owner_of(who, q)] :
	    walk_sqls[pg][q->stage_id != 0][backward != 0][owner_of(who, q)];
}

/* SQLite's text, whose plans the tests read. */
const char *
store_pool_sql(const struct actor *who, const struct pool_query *q,
    int backward, int tally)
{
	return pool_sql(0, who, q, backward, tally);
}

int
store_pool_walk(struct store *st, const struct actor *who,
    const struct pool_query *q, int64_t from, int backward, int limit,
    int (*each)(const struct lead *, void *), void *arg, struct err *err)
{
	struct stmt *stmt;

	if ((stmt = stmt_get(st, pool_sql(store_is_pg(st) != 0, who, q,
	    backward, 0), err)) == NULL)
		return err->status;
	if (query_bind(stmt, who, q, from == 0 && backward ? INT64_MAX : from,
	    err) != 0)
		return err->status;
	stmt_bind_int(stmt, 15, limit);
	return lead_rows(st, stmt, each, arg, err);
}

int
store_pool_tally(struct store *st, const struct actor *who,
    const struct pool_query *q, int64_t cap, struct pool_tally *out,
    struct err *err)
{
	struct stmt *stmt;
	int rc;

	out->count = out->value_cents = 0;
	if ((stmt = stmt_get(st, pool_sql(store_is_pg(st) != 0, who, q, 0, 1),
	    err)) == NULL)
		return err->status;
	if (query_bind(stmt, who, q, 0, err) != 0)
		return err->status;
	stmt_bind_int64(stmt, 15, cap);
	if ((rc = db_step(st, stmt, err, "counting leads")) == DB_ROW) {
		out->count = stmt_column_int64(stmt, 0);
		out->value_cents = stmt_column_int64(stmt, 1);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
