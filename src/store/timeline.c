#include "callq/timeline.h"
#include "leadrow.h"

/*
 * The timeline is one text in two dialects: TIMELINE(D) with D_ naming
 * each place they differ, LITE_ (SQLite's) and PG_ (PostgreSQL's); and
 * OWN_, PostgreSQL's under a user's own role, whose audit policy may
 * hide the lead's rows from the reader: the server's callq_lead_audit
 * gives them to whoever may read the lead (pgpolicy.c).
 */
#define LITE_AUDIT "audit"
#define PG_AUDIT "audit"
#define OWN_AUDIT "callq_lead_audit(?1)"
/* Cents as people read money: 1,200.00. */
#define LITE_MONEY(x) " printf('%,d.%02d', (" x ") / 100, (" x ") % 100)"
#define PG_MONEY(x) " " PG_CENTS("CAST(" x " AS bigint)", ",")
/* Audit row a's details member k as text, and as a number. */
#define LITE_JTEXT(k) "json_extract(a.details, '$." k "')"
#define PG_JTEXT(k) PG_JSON_GET("a.details", k)
#define LITE_JINT(k) LITE_JTEXT(k)
#define PG_JINT(k) "CAST(" PG_JTEXT(k) " AS bigint)"
/* A call's minutes and seconds, " 3:07". */
#define LITE_MIN_SEC(s) "printf(' %d:%02d', " s " / 60, " s " % 60)"
#define PG_MIN_SEC(s) "format(' %s:%s', " s " / 60, lpad((" s " % 60)::text," \
	" 2, '0'))"
/* The Unix time t as a date and minute in the reader's zone. */
#define LITE_MINUTE(t) "strftime('%Y-%m-%d %H:%M', " t ", 'unixepoch'," \
	" 'localtime')"
#define PG_MINUTE(t) "to_char(to_timestamp(" t "), 'YYYY-MM-DD HH24:MI')"
#define LITE_DETAILS_TEXT(col, cond) DETAILS_TEXT(col, cond)
#define PG_DETAILS_TEXT(col, cond) DETAILS_TEXT_PG(col, cond)
#define OWN_MONEY PG_MONEY
#define OWN_JTEXT PG_JTEXT
#define OWN_JINT PG_JINT
#define OWN_MIN_SEC PG_MIN_SEC
#define OWN_MINUTE PG_MINUTE
#define OWN_DETAILS_TEXT PG_DETAILS_TEXT

/*
 * Events of the same second are ordered by their audit rows: a
 * collection call's is the deal's 'collect' row; a promise settled comes
 * after whatever settled it.
 */
#define COLLECT_SEQ(D, call) \
    " (SELECT a.id FROM " D##AUDIT " a WHERE a.entity = 'deal'" \
    "  AND a.action = 'collect' AND " D##JINT("call_id") " = " call ")"
#define SETTLED_SEQ "9223372036854775807"

/*
 * Calls come from the calls table (they carry the duration), with the
 * status and stage moves and who was told, as their audit row recorded;
 * every other lead audit row is shown as its details, "key: value"
 * pairs (see DETAILS_TEXT). The log and dial audit rows are the calls
 * themselves, so they are left out, but order the calls among the rest
 * when the clock gives several events the same second; what still ties
 * (a collection call and the promise it took) comes in the order of the
 * parts below, then of their rows, on either driver. After the sale:
 * the deal's own audit rows (made, planned, edited, its collector), its
 * payments (only for who may read payments: they are finance's), its
 * promises as given and as kept or broken; collection calls are calls,
 * named by their outcome.
 */
#define TIMELINE(D) \
    "SELECT at, who, kind, text FROM (" \
    " SELECT c.started_at AS at, u.login AS who, 'call' AS kind," \
    "  coalesce(d.name, CASE c.outcome WHEN 'promise' THEN" \
    "   'collection: promise to pay' WHEN 'paid' THEN 'collection: paid'" \
    "   WHEN 'partial' THEN 'collection: partial payment' WHEN 'dispute'" \
    "   THEN 'collection: dispute' WHEN 'no-answer' THEN" \
    "   'collection: no answer' WHEN 'wrong-number' THEN" \
    "   'collection: wrong number' END," \
    "   CASE c.state WHEN 'failed' THEN 'dial failed'" \
    "   WHEN 'logged' THEN 'call' ELSE 'dialed, not logged yet' END)" \
    "  || CASE WHEN c.duration_s > 0 THEN " D##MIN_SEC("c.duration_s") \
    " ELSE '' END" \
    "  || coalesce(' via ' || c.provider || coalesce(' ' ||" \
    "   nullif(c.provider_ref, ''), ''), '')" \
    "  || coalesce(': ' || c.error, '')" \
    "  || coalesce((SELECT ', ' || " D##JTEXT("from_status") \
    "   || ' -> ' || " D##JTEXT("status") " FROM " D##AUDIT " a" \
    "   WHERE a.entity = 'lead' AND a.entity_id = ?1 AND a.action = 'log'" \
    "   AND " D##JINT("call_id") " = c.id" \
    "   AND " D##JTEXT("from_status") \
    "    <> " D##JTEXT("status") "), '')" \
    "  || coalesce((SELECT coalesce(', attempt '" \
    "   || " D##JTEXT("attempt") ", '')" \
    "   || coalesce(', drop reason: '" \
    "   || " D##JTEXT("drop_reason") ", '')" \
    "   || coalesce(', stage: '" \
    "   || " D##JTEXT("stage") ", '')" \
    "   || coalesce(', notified: ' || " D##JTEXT("notified") ", '')" \
    "   || coalesce(', follow-up ' || " \
    D##MINUTE(D##JINT("followup_at")) ", '')" \
    "   FROM " D##AUDIT " a WHERE a.entity = 'lead' AND a.entity_id = ?1" \
    "   AND a.action = 'log' AND " D##JINT("call_id") " = c.id)," \
    "   '')" \
    "  || CASE WHEN coalesce(c.note, '') <> '' THEN ': ' || c.note" \
    "   ELSE '' END AS text, coalesce((SELECT a.id FROM " D##AUDIT " a" \
    "   WHERE a.entity = 'lead' AND a.entity_id = ?1 AND a.action = 'log'" \
    "   AND " D##JINT("call_id") " = c.id), " COLLECT_SEQ(D, "c.id") \
    ", 0) AS seq, 0 AS part, c.id AS rid" \
    " FROM calls c JOIN users u ON u.id = c.user_id" \
    " LEFT JOIN dispositions d ON d.id = c.disposition_id" \
    " WHERE c.lead_id = ?1" \
    " UNION ALL" \
    " SELECT a.at, u.login, a.action," \
    D##DETAILS_TEXT("a.details", "j.key NOT LIKE '%\\_id' ESCAPE '\\'") \
    "," \
    "  a.id, 1, a.id" \
    " FROM " D##AUDIT " a JOIN users u ON u.id = a.actor_id" \
    " WHERE a.entity = 'lead' AND a.entity_id = ?1 AND a.action <> 'log'" \
    " AND a.action NOT LIKE 'dial%'" \
    " UNION ALL" \
    " SELECT a.at, u.login, 'deal-' || a.action, CASE a.action" \
    "  WHEN 'add' THEN 'deal ' || " D##MONEY(D##JTEXT("amount_cents")) \
    " || ' ' || k.currency || ', closed '" \
    "   || " D##JTEXT("close_on") \
    "   || coalesce(', ' || " D##JTEXT("product") ", '')" \
    "   || coalesce(', ' || " D##JTEXT("installments") \
    "   || ' installment(s)', '')" \
    "  WHEN 'plan' THEN 'plan: ' || " D##JTEXT("installments") \
    " || ' installment(s), first due '" \
    "   || " D##JTEXT("first_due") \
    "  WHEN 'assign' THEN coalesce('collector: ' || " \
    D##JTEXT("collector") \
    ", 'collector removed')" \
    "  ELSE " D##DETAILS_TEXT("a.details", \
    "j.key NOT LIKE '%\\_id' ESCAPE '\\' AND j.key <> 'lead'") " END," \
    " a.id, 2, a.id" \
    " FROM " D##AUDIT " a JOIN users u ON u.id = a.actor_id" \
    " JOIN deals k ON k.id = a.entity_id" \
    " WHERE a.entity = 'deal' AND k.lead_id = ?1 AND a.action <> 'collect'" \
    /* Payments are finance's: ?3 is 0 for who may not read them. */ \
    " UNION ALL" \
    " SELECT p.created_at, u.login, 'payment', 'payment ' || " \
    D##MONEY("p.amount_cents") " || ' ' || p.currency || ', paid '" \
    "  || p.paid_on || coalesce(' by ' || m.name, '')" \
    "  || coalesce(', reference ' || p.reference, '')" \
    "  || CASE WHEN p.deleted_at IS NOT NULL THEN ' (deleted)' ELSE '' END," \
    "  (SELECT a.id FROM " D##AUDIT " a WHERE a.entity = 'payment'" \
    "   AND a.entity_id = p.id AND a.action = 'add'), 3, p.id" \
    " FROM payments p JOIN users u ON u.id = p.recorded_by" \
    " LEFT JOIN choices m ON m.id = p.method_id" \
    " WHERE p.lead_id = ?1 AND p.deal_id IS NOT NULL AND ?3 <> 0" \
    " UNION ALL" \
    " SELECT r.created_at, u.login, 'promise', 'promise to pay ' || " \
    D##MONEY("r.amount_cents") " || ' by ' || r.due_on," \
    " coalesce(" COLLECT_SEQ(D, "r.call_id") ", 0), 4, r.id" \
    " FROM promises r JOIN deals k ON k.id = r.deal_id" \
    " JOIN users u ON u.id = r.user_id WHERE k.lead_id = ?1" \
    " UNION ALL" \
    " SELECT r.settled_at, u.login, 'promise-' || r.state," \
    " 'promise of ' || " \
    D##MONEY("r.amount_cents") " || ' by ' || r.due_on || ' ' || r.state," \
    " " SETTLED_SEQ ", 5, r.id" \
    " FROM promises r JOIN deals k ON k.id = r.deal_id" \
    " JOIN users u ON u.id = r.user_id WHERE k.lead_id = ?1" \
    " AND r.settled_at IS NOT NULL AND r.state IN ('kept', 'broken')" \
    ") AS t ORDER BY at DESC, seq DESC, part, rid LIMIT ?2"

static const char timeline_lite[] = TIMELINE(LITE_);
static const char timeline_pg[] = TIMELINE(PG_);
static const char timeline_own[] = TIMELINE(OWN_);

int
store_timeline(struct store *st, const struct actor *who, int64_t lead,
    int limit, int (*each)(const struct timeline_item *, void *), void *arg,
    struct err *err)
{
	struct timeline_item it;
	struct lead_now ln;
	struct stmt *stmt;
	int rc;

	if (lead_may(st, who, lead, ACT_LEAD_READ, &ln, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, SQL_OWN(st, SQL_BOTH(st, timeline_lite,
	    timeline_pg), timeline_own), err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, limit > 0 ? limit : LIMIT_ALL);
	stmt_bind_int(stmt, 3, perm_lead_allows(who->role, ACT_PAYMENT_READ,
	    &ln.ctx));
	while ((rc = db_step(st, stmt, err, "reading the timeline")) ==
	    DB_ROW) {
		it.at = (time_t)stmt_column_int64(stmt, 0);
		it.who = col_text(stmt, 1);
		it.kind = col_text(stmt, 2);
		it.text = col_text(stmt, 3);
		if (each(&it, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
