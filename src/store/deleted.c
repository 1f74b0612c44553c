#include "callq/deleted.h"
#include "callq/money.h"
#include "callq/text.h"
#include "internal.h"

/* A deleted payment as the list names it: "250.00 USD from Acme (lead 7)". */
static const char *
payment_what(struct stmt *stmt, char *buf, size_t size)
{
	char amount[32];

	money_format(stmt_column_int64(stmt, 5), amount, sizeof amount);
	snprintf(buf, size, "%s %s from %s (lead %lld)", amount,
	    col_text(stmt, 6), col_text(stmt, 2),
	    (long long)stmt_column_int64(stmt, 7));
	return buf;
}

int
store_deleted_list(struct store *st, const struct actor *who,
    int (*each)(const struct deleted_item *, void *), void *arg,
    struct err *err)
{
	static const char sql[] =
	    "SELECT 0, l.id, l.name, l.deleted_at, coalesce(u.login, ''),"
	    " 0, '', 0 FROM leads l LEFT JOIN users u ON u.id = l.deleted_by"
	    " WHERE l.deleted_at IS NOT NULL"
	    " UNION ALL"
	    " SELECT 1, p.id, l.name, p.deleted_at, coalesce(u.login, ''),"
	    "  p.amount_cents, p.currency, p.lead_id"
	    " FROM payments p JOIN leads l ON l.id = p.lead_id"
	    " LEFT JOIN users u ON u.id = p.deleted_by"
	    " WHERE p.deleted_at IS NOT NULL"
	    " ORDER BY 4 DESC, 2 DESC";
	struct deleted_item it;
	char what[400];
	struct stmt *stmt;
	int rc;

	if (require(who, ACT_LEAD_RESTORE, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading what was deleted")) ==
	    DB_ROW) {
		it.kind = stmt_column_int(stmt, 0) ? DELETED_PAYMENT :
		    DELETED_LEAD;
		it.id = stmt_column_int64(stmt, 1);
		it.what = col_text(stmt, 2);
		if (it.kind == DELETED_PAYMENT)
			it.what = payment_what(stmt, what, sizeof what);
		it.deleted_at = (time_t)stmt_column_int64(stmt, 3);
		it.deleted_by = col_text(stmt, 4);
		if (each(&it, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

struct restoring {
	const struct actor *who;
	int64_t id;
	const char *reason;
};

/*
 * Restoring a payment must not pay its deal beyond its amount: payments
 * recorded since the delete may have taken its place.
 */
static int
restore_fits(struct store *st, int64_t id, int64_t *deal, struct err *err)
{
	static const char sql[] =
	    "SELECT coalesce(p.deal_id, 0), p.amount_cents,"
	    " coalesce(d.amount_cents - d.paid_cents, 0), coalesce(d.currency,"
	    " '') FROM payments p LEFT JOIN deals d ON d.id = p.deal_id"
	    " WHERE p.id = ? AND p.deleted_at IS NOT NULL";
	int64_t cents = 0, balance = 0;
	char owed[32], amount[32], currency[8] = "";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	*deal = 0;
	if ((rc = db_step(st, stmt, err, "reading the payment")) ==
	    DB_ROW) {
		*deal = stmt_column_int64(stmt, 0);
		cents = stmt_column_int64(stmt, 1);
		balance = stmt_column_int64(stmt, 2);
		snprintf(currency, sizeof currency, "%s", col_text(stmt, 3));
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW)
		return err_set(err, EX_DATAERR, "there is no deleted payment "
		    "%lld; see: callq deleted list", (long long)id);
	if (*deal == 0 || cents <= balance)
		return 0;
	money_format(cents, amount, sizeof amount);
	money_format(balance, owed, sizeof owed);
	return err_set(err, EX_DATAERR, "payment %lld of %s %s would overpay "
	    "deal %lld, which owes only %s %s now; delete a later payment "
	    "first, or leave this one deleted", (long long)id, amount,
	    currency, (long long)*deal, owed, currency);
}

static int
payment_restore_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE payments SET deleted_at = NULL, deleted_by = NULL"
	    " WHERE id = ? AND deleted_at IS NOT NULL";
	struct restoring *r = arg;
	struct stmt *stmt;
	struct details d;
	int64_t deal = 0;

	if (restore_fits(st, r->id, &deal, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, r->id);
	if (db_run(st, stmt, err, "restoring the payment") != 0 ||
	    (deal != 0 && deal_settle(st, deal, store_now(), err) != 0))
		return err->status;
	details_begin(&d);
	if (deal != 0)
		details_int(&d, "deal", deal);
	if (r->reason != NULL)
		details_str(&d, "reason", r->reason);
	return audit_write(st, r->who, "payment", r->id, "restore", &d, err);
}

int
store_payment_restore(struct store *st, const struct actor *who, int64_t id,
    const char *reason, struct err *err)
{
	struct restoring r = { who, id, reason };

	if (require(who, ACT_LEAD_RESTORE, err) != 0 ||
	    text_check(reason, "the reason", err) != 0)
		return err->status;
	return store_tx(st, payment_restore_tx, &r, err);
}
