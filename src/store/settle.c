/*
 * What a deal's payments mean, kept in the transaction that changes
 * them: each installment's paid share (the payments go to the oldest
 * installment first, the rest carrying to the next), the deal's paid
 * total and state, and which of its promises were kept; and where a
 * lead's deal is.
 */
#include <stdio.h>

#include "dealrow.h"

/*
 * What each installment has been paid, first ones first: MAX and MIN are
 * SQLite's scalar max and min, PostgreSQL's greatest and least.
 */
#define SETTLE_INSTALLMENTS(MAX, MIN) \
	"UPDATE installments SET paid_cents = " MAX "(0," \
	" " MIN "(amount_cents," \
	" (SELECT coalesce(sum(amount_cents), 0) FROM payments" \
	"  WHERE deal_id = ?1 AND deleted_at IS NULL)" \
	" - (SELECT coalesce(sum(i.amount_cents), 0) FROM installments i" \
	"  WHERE i.deal_id = ?1 AND i.seq < installments.seq)))" \
	" WHERE deal_id = ?1"

int
deal_settle(struct store *st, int64_t deal, time_t now, struct err *err)
{
	static const char lite[] = SETTLE_INSTALLMENTS("max", "min");
	static const char pg[] = SETTLE_INSTALLMENTS("greatest", "least");
	const char *const sql[] = {
	    SQL_BOTH(st, lite, pg),
	    "UPDATE deals SET paid_cents = p.paid, status = CASE"
	    " WHEN p.paid = 0 THEN 'Pending' WHEN p.paid >= amount_cents"
	    " THEN 'Completed' ELSE 'Partial' END, updated_at = ?2,"
	    " version = version + 1"
	    " FROM (SELECT coalesce(sum(amount_cents), 0) AS paid FROM payments"
	    "  WHERE deal_id = ?1 AND deleted_at IS NULL) p WHERE id = ?1",
	    /*
	     * Kept: the payments recorded since the promise, made by its
	     * day, reach its amount. A payment deleted since reopens it.
	     */
	    "UPDATE promises SET state = CASE WHEN k.kept THEN 'kept'"
	    " ELSE 'open' END,"
	    " settled_at = CASE WHEN k.kept THEN CAST(?2 AS BIGINT) END"
	    " FROM (SELECT p.id, (SELECT coalesce(sum(y.amount_cents), 0)"
	    "  FROM payments y WHERE y.deal_id = ?1 AND y.deleted_at IS NULL"
	    "  AND y.created_at >= p.created_at AND y.paid_on <= p.due_on)"
	    "  >= p.amount_cents AS kept FROM promises p"
	    "  WHERE p.deal_id = ?1 AND p.state IN ('open', 'kept')) k"
	    " WHERE promises.id = k.id AND promises.state <>"
	    " CASE WHEN k.kept THEN 'kept' ELSE 'open' END",
	};
	struct stmt *stmt;
	size_t i;

	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if ((stmt = stmt_get(st, sql[i], err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, deal);
		stmt_bind_int64(stmt, 2, (int64_t)now);
		if (db_run(st, stmt, err, "settling the deal") != 0)
			return err->status;
	}
	return 0;
}

int
deal_of_lead(struct store *st, int64_t lead, int64_t *id, struct err *err)
{
	static const char sql[] = "SELECT id FROM deals WHERE lead_id = ?";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	*id = 0;
	if ((rc = db_step(st, stmt, err, "reading the deal")) == DB_ROW)
		*id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
deal_not_found(const struct actor *who, int64_t id, struct err *err)
{
	return err_set(err, EX_NOINPUT, "no deal %lld that %s may see; see "
	    "them with: callq deal list", (long long)id, who->login);
}

static int
deal_read(struct store *st, int64_t id, struct deal_now *dn, int *found,
    struct err *err)
{
	static const char sql[] =
	    "SELECT lead_id, amount_cents, paid_cents, coalesce(collector_id,"
	    " 0), version, currency, close_on FROM deals WHERE id = ?";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	*found = 0;
	if ((rc = db_step(st, stmt, err, "reading the deal")) == DB_ROW) {
		*found = 1;
		dn->lead_id = stmt_column_int64(stmt, 0);
		dn->amount_cents = stmt_column_int64(stmt, 1);
		dn->paid_cents = stmt_column_int64(stmt, 2);
		dn->collector_id = stmt_column_int64(stmt, 3);
		dn->version = stmt_column_int64(stmt, 4);
		snprintf(dn->currency, sizeof dn->currency, "%s",
		    col_text(stmt, 5));
		snprintf(dn->close_on, sizeof dn->close_on, "%s",
		    col_text(stmt, 6));
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
deal_load(struct store *st, const struct actor *who, int64_t id,
    enum action action, struct deal_now *dn, struct err *err)
{
	int found;

	if (deal_read(st, id, dn, &found, err) != 0)
		return err->status;
	if (!found)
		return deal_not_found(who, id, err);
	if (lead_load(st, who, dn->lead_id, &dn->ln, err) != 0)
		return err->status == EX_NOINPUT ?
		    deal_not_found(who, id, err) : err->status;
	if (!perm_lead_allows(who->role, ACT_DEAL_READ, &dn->ln.ctx))
		return deal_not_found(who, id, err);
	if (dn->ln.deleted)
		return err_set(err, EX_DATAERR, "deal %lld's lead %lld is "
		    "deleted; restore the lead first", (long long)id,
		    (long long)dn->lead_id);
	if (!perm_lead_allows(who->role, action, &dn->ln.ctx))
		return deny_lead(who, action, dn->lead_id, &dn->ln, err);
	return 0;
}
