#include "callq/timeline.h"
#include "leadrow.h"

/* Cents as people read money: 1,200.00. */
#define MONEY(x) " printf('%,d.%02d', (" x ") / 100, (" x ") % 100)"

/*
 * Events of the same second are ordered by their audit rows: a
 * collection call's is the deal's 'collect' row; a promise settled comes
 * after whatever settled it.
 */
#define COLLECT_SEQ(call) \
    " (SELECT a.id FROM audit a WHERE a.entity = 'deal'" \
    "  AND a.action = 'collect' AND json_extract(a.details, '$.call_id') = " \
    call ")"
#define SETTLED_SEQ "9223372036854775807"

/*
 * Calls come from the calls table (they carry the duration), with the
 * status and stage moves and who was told, as their audit row recorded;
 * every other lead audit row is shown as its details, "key: value"
 * pairs (see DETAILS_TEXT). The log and dial audit rows are the calls
 * themselves, so they are left out, but order the calls among the rest
 * when the clock gives several events the same second. After the sale:
 * the deal's own audit rows (made, planned, edited, its collector), its
 * payments (only for who may read payments: they are finance's), its
 * promises as given and as kept or broken; collection calls are calls,
 * named by their outcome.
 */
static const char timeline_sql[] =
    "SELECT at, who, kind, text FROM ("
    " SELECT c.started_at AS at, u.login AS who, 'call' AS kind,"
    "  coalesce(d.name, CASE c.outcome WHEN 'promise' THEN"
    "   'collection: promise to pay' WHEN 'paid' THEN 'collection: paid'"
    "   WHEN 'partial' THEN 'collection: partial payment' WHEN 'dispute'"
    "   THEN 'collection: dispute' WHEN 'no-answer' THEN"
    "   'collection: no answer' WHEN 'wrong-number' THEN"
    "   'collection: wrong number' END,"
    "   CASE c.state WHEN 'failed' THEN 'dial failed'"
    "   WHEN 'logged' THEN 'call' ELSE 'dialed, not logged yet' END)"
    "  || CASE WHEN c.duration_s > 0 THEN printf(' %d:%02d',"
    "   c.duration_s / 60, c.duration_s % 60) ELSE '' END"
    "  || coalesce(' via ' || c.provider || coalesce(' ' ||"
    "   nullif(c.provider_ref, ''), ''), '')"
    "  || coalesce(': ' || c.error, '')"
    "  || coalesce((SELECT ', ' || json_extract(a.details, '$.from_status')"
    "   || ' -> ' || json_extract(a.details, '$.status') FROM audit a"
    "   WHERE a.entity = 'lead' AND a.entity_id = ?1 AND a.action = 'log'"
    "   AND json_extract(a.details, '$.call_id') = c.id"
    "   AND json_extract(a.details, '$.from_status')"
    "    <> json_extract(a.details, '$.status')), '')"
    "  || coalesce((SELECT coalesce(', attempt '"
    "   || json_extract(a.details, '$.attempt'), '')"
    "   || coalesce(', drop reason: '"
    "   || json_extract(a.details, '$.drop_reason'), '')"
    "   || coalesce(', stage: '"
    "   || json_extract(a.details, '$.stage'), '')"
    "   || coalesce(', notified: ' || json_extract(a.details, '$.notified'),"
    "   '')"
    "   || coalesce(', follow-up ' || strftime('%Y-%m-%d %H:%M',"
    "   json_extract(a.details, '$.followup_at'), 'unixepoch', 'localtime'),"
    "   '') FROM audit a WHERE a.entity = 'lead' AND a.entity_id = ?1"
    "   AND a.action = 'log' AND json_extract(a.details, '$.call_id') = c.id),"
    "   '')"
    "  || CASE WHEN coalesce(c.note, '') <> '' THEN ': ' || c.note"
    "   ELSE '' END AS text, coalesce((SELECT a.id FROM audit a"
    "   WHERE a.entity = 'lead' AND a.entity_id = ?1 AND a.action = 'log'"
    "   AND json_extract(a.details, '$.call_id') = c.id), " COLLECT_SEQ("c.id")
    ", 0) AS seq"
    " FROM calls c JOIN users u ON u.id = c.user_id"
    " LEFT JOIN dispositions d ON d.id = c.disposition_id"
    " WHERE c.lead_id = ?1"
    " UNION ALL"
    " SELECT a.at, u.login, a.action,"
    DETAILS_TEXT("a.details", "j.key NOT LIKE '%\\_id' ESCAPE '\\'") ","
    "  a.id"
    " FROM audit a JOIN users u ON u.id = a.actor_id"
    " WHERE a.entity = 'lead' AND a.entity_id = ?1 AND a.action <> 'log'"
    " AND a.action NOT LIKE 'dial%'"
    " UNION ALL"
    " SELECT a.at, u.login, 'deal-' || a.action, CASE a.action"
    "  WHEN 'add' THEN 'deal ' || " MONEY("json_extract(a.details,"
    "   '$.amount_cents')") " || ' ' || k.currency || ', closed '"
    "   || json_extract(a.details, '$.close_on')"
    "   || coalesce(', ' || json_extract(a.details, '$.product'), '')"
    "   || coalesce(', ' || json_extract(a.details, '$.installments')"
    "   || ' installment(s)', '')"
    "  WHEN 'plan' THEN 'plan: ' || json_extract(a.details,"
    "   '$.installments') || ' installment(s), first due '"
    "   || json_extract(a.details, '$.first_due')"
    "  WHEN 'assign' THEN coalesce('collector: ' || json_extract(a.details,"
    "   '$.collector'), 'collector removed')"
    "  ELSE " DETAILS_TEXT("a.details", "j.key NOT LIKE '%\\_id' ESCAPE '\\'"
    "   AND j.key <> 'lead'") " END, a.id"
    " FROM audit a JOIN users u ON u.id = a.actor_id"
    " JOIN deals k ON k.id = a.entity_id"
    " WHERE a.entity = 'deal' AND k.lead_id = ?1 AND a.action <> 'collect'"
    /* Payments are finance's: ?3 is 0 for who may not read them. */
    " UNION ALL"
    " SELECT p.created_at, u.login, 'payment', 'payment ' || "
    MONEY("p.amount_cents") " || ' ' || p.currency || ', paid '"
    "  || p.paid_on || coalesce(' by ' || m.name, '')"
    "  || coalesce(', reference ' || p.reference, '')"
    "  || CASE WHEN p.deleted_at IS NOT NULL THEN ' (deleted)' ELSE '' END,"
    "  (SELECT a.id FROM audit a WHERE a.entity = 'payment'"
    "   AND a.entity_id = p.id AND a.action = 'add')"
    " FROM payments p JOIN users u ON u.id = p.recorded_by"
    " LEFT JOIN choices m ON m.id = p.method_id"
    " WHERE p.lead_id = ?1 AND p.deal_id IS NOT NULL AND ?3 <> 0"
    " UNION ALL"
    " SELECT r.created_at, u.login, 'promise', 'promise to pay ' || "
    MONEY("r.amount_cents") " || ' by ' || r.due_on,"
    " coalesce(" COLLECT_SEQ("r.call_id") ", 0)"
    " FROM promises r JOIN deals k ON k.id = r.deal_id"
    " JOIN users u ON u.id = r.user_id WHERE k.lead_id = ?1"
    " UNION ALL"
    " SELECT r.settled_at, u.login, 'promise-' || r.state, 'promise of ' || "
    MONEY("r.amount_cents") " || ' by ' || r.due_on || ' ' || r.state,"
    " " SETTLED_SEQ
    " FROM promises r JOIN deals k ON k.id = r.deal_id"
    " JOIN users u ON u.id = r.user_id WHERE k.lead_id = ?1"
    " AND r.settled_at IS NOT NULL AND r.state IN ('kept', 'broken')"
    ") AS t ORDER BY at DESC, seq DESC LIMIT ?2";

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
	if ((stmt = stmt_get(st, timeline_sql, err)) == NULL)
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
