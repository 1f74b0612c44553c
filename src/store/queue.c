#include "callq/queue.h"
#include "leadrow.h"

/*
 * Who may be offered a lead: ?1 is the rep. Closed, deleted and
 * do-not-call leads are never offered, nor leads of an import batch that
 * has not completed.
 */
#define QUEUE_WHERE \
	" WHERE l.deleted_at IS NULL" \
	" AND l.status NOT IN ('Converted', 'Lost')" \
	" AND (l.owner_id = ?1 OR (l.owner_id IS NULL AND l.status = 'New'" \
	"  AND (NOT EXISTS (SELECT 1 FROM user_regions WHERE user_id = ?1)" \
	"   OR l.region_id IN (SELECT region_id FROM user_regions" \
	"    WHERE user_id = ?1))))" \
	" AND" LEAD_BATCH_DONE \
	" AND NOT EXISTS (SELECT 1 FROM dnc WHERE dnc.phone_e164 = l.phone_e164)"

#define QUEUE_TIER \
	" CASE WHEN l.owner_id = ?1 AND l.next_followup_at <= ?4 THEN 0" \
	" WHEN l.owner_id = ?1 THEN 1 ELSE 2 END"

int
store_queue_count(struct store *st, const struct actor *who, int64_t *count,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM leads l" QUEUE_WHERE;
	sqlite3_stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, who->id);
	rc = db_step(st, stmt, err, "counting the queue");
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_queue_page(struct store *st, const struct actor *who, time_t now,
    int64_t offset, int limit,
    int (*each)(const struct lead *, enum queue_tier, void *), void *arg,
    struct err *err)
{
	static const char sql[] = LEAD_COLUMNS ", " QUEUE_TIER " AS tier"
	    LEAD_FROM QUEUE_WHERE
	    " ORDER BY tier,"
	    " CASE WHEN tier = 0 THEN l.next_followup_at END,"
	    " CASE WHEN tier = 1 THEN -l.priority END,"
	    " CASE WHEN tier = 1 THEN coalesce(l.due_at, 9e18) END,"
	    " l.id LIMIT ?2 OFFSET ?3";
	sqlite3_stmt *stmt;
	struct lead l;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, who->id);
	sqlite3_bind_int(stmt, 2, limit);
	sqlite3_bind_int64(stmt, 3, offset);
	sqlite3_bind_int64(stmt, 4, now);
	while ((rc = db_step(st, stmt, err, "reading the queue")) ==
	    SQLITE_ROW) {
		lead_from_row(stmt, &l);
		if (each(&l, (enum queue_tier)sqlite3_column_int(stmt, LEAD_NCOLUMNS),
		    arg) != 0)
			break;
	}
	sqlite3_reset(stmt);
	return rc == -1 ? err->status : 0;
}
