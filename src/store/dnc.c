#include <stdint.h>

#include "callq/dnc.h"
#include "callq/err.h"
#include "callq/text.h"
#include "leadrow.h"

struct dnc_add {
	const struct actor *who;
	const char *const *e164s;
	size_t n;
	const char *reason;
	size_t added;
};

static int
dnc_insert(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO dnc (phone_e164, reason, added_by, added_at)"
	    " VALUES (?,?,?,?) ON CONFLICT (phone_e164) DO NOTHING";
	struct dnc_add *a = arg;
	struct stmt *stmt;
	struct details d;
	size_t i;

	a->added = 0;
	for (i = 0; i < a->n; i++) {
		if ((stmt = stmt_get(st, sql, err)) == NULL)
			return err->status;
		bind_text(stmt, 1, a->e164s[i]);
		bind_text(stmt, 2, a->reason);
		stmt_bind_int64(stmt, 3, a->who->id);
		stmt_bind_int64(stmt, 4, store_now());
		if (db_run(st, stmt, err, "adding to the do-not-call list") != 0)
			return err->status;
		a->added += (size_t)conn_changes(st->conn);
		if (followup_close_for_number(st, a->who, a->e164s[i], err) != 0)
			return err->status;
	}
	details_begin(&d);
	if (a->n == 1)
		details_str(&d, "number", a->e164s[0]);
	details_int(&d, "added", (long long)a->added);
	if (a->reason != NULL)
		details_str(&d, "reason", a->reason);
	return audit_write(st, a->who, "dnc", 0, "add", &d, err);
}

int
store_dnc_add(struct store *st, const struct actor *who,
    const char *const *e164s, size_t n, const char *reason, size_t *added,
    struct err *err)
{
	struct dnc_add a = { who, e164s, n, reason, 0 };

	if (require(who, ACT_DNC_ADD, err) != 0 ||
	    text_check(reason, "the reason", err) != 0 ||
	    store_tx(st, dnc_insert, &a, err) != 0)
		return err->status;
	*added = a.added;
	return 0;
}

int
store_dnc_list(struct store *st, const struct actor *who,
    int (*each)(const struct dnc_entry *, void *), void *arg,
    struct err *err)
{
	static const char sql[] =
	    "SELECT d.phone_e164, d.reason, u.login, d.added_at FROM dnc d"
	    " LEFT JOIN users u ON u.id = d.added_by ORDER BY d.phone_e164";
	struct dnc_entry e;
	struct stmt *stmt;
	int rc;

	if (require(who, ACT_DNC_READ, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "listing the do-not-call list")) ==
	    DB_ROW) {
		e.e164 = col_text(stmt, 0);
		e.reason = col_text(stmt, 1);
		e.added_by = col_text(stmt, 2);
		e.added_at = (time_t)stmt_column_int64(stmt, 3);
		if (each(&e, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
