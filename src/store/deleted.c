#include "callq/deleted.h"
#include "callq/text.h"
#include "internal.h"

int
store_deleted_list(struct store *st, const struct actor *who,
    int (*each)(const struct deleted_item *, void *), void *arg,
    struct err *err)
{
	static const char sql[] =
	    "SELECT 0, l.id, l.name, l.deleted_at, coalesce(u.login, '')"
	    " FROM leads l LEFT JOIN users u ON u.id = l.deleted_by"
	    " WHERE l.deleted_at IS NOT NULL"
	    " UNION ALL"
	    " SELECT 1, p.id, printf('%.2f %s on lead %d',"
	    "  p.amount_cents / 100.0, p.currency, p.lead_id), p.deleted_at,"
	    "  coalesce(u.login, '')"
	    " FROM payments p LEFT JOIN users u ON u.id = p.deleted_by"
	    " WHERE p.deleted_at IS NOT NULL"
	    " ORDER BY 4 DESC, 2 DESC";
	struct deleted_item it;
	sqlite3_stmt *stmt;
	int rc;

	if (require(who, ACT_LEAD_RESTORE, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading what was deleted")) ==
	    SQLITE_ROW) {
		it.kind = sqlite3_column_int(stmt, 0) ? DELETED_PAYMENT :
		    DELETED_LEAD;
		it.id = sqlite3_column_int64(stmt, 1);
		it.what = col_text(stmt, 2);
		it.deleted_at = (time_t)sqlite3_column_int64(stmt, 3);
		it.deleted_by = col_text(stmt, 4);
		if (each(&it, arg) != 0)
			break;
	}
	sqlite3_reset(stmt);
	return rc == -1 ? err->status : 0;
}

struct restoring {
	const struct actor *who;
	int64_t id;
	const char *reason;
};

static int
payment_restore_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE payments SET deleted_at = NULL, deleted_by = NULL"
	    " WHERE id = ? AND deleted_at IS NOT NULL";
	struct restoring *r = arg;
	sqlite3_stmt *stmt;
	struct details d;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, r->id);
	if (db_run(st, stmt, err, "restoring the payment") != 0)
		return err->status;
	if (sqlite3_changes(st->db) == 0)
		return err_set(err, EX_DATAERR, "there is no deleted payment "
		    "%lld; see: callq deleted list", (long long)r->id);
	details_begin(&d);
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
