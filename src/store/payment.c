/*
 * Payments on a deal. The payments themselves are the record; what they
 * mean for the plan (which installment they pay, the deal's state, the
 * promises kept) is derived by deal_settle in the same transaction, so
 * a delete or a restore needs no allocation of its own.
 */
#include <string.h>

#include "callq/payment.h"
#include "callq/text.h"
#include "internal.h"
#include "dealrow.h"
#include "variant.h"

/* Longer references and notes are refused rather than cut. */
#define REFERENCE_MAX 100
#define NOTE_MAX 1000

/* A deal not there and one out of sight read the same (see lead_load). */
static int
amount_check(int64_t id, const struct deal_now *dn, int64_t cents,
    struct err *err)
{
	int64_t balance = dn->amount_cents - dn->paid_cents;
	char buf[32];

	if (cents <= 0 || cents > MONEY_MAX_CENTS)
		return err_set(err, EX_DATAERR, "the amount must be more than "
		    "0.00 and at most 1,000,000,000.00; nothing was recorded");
	if (balance <= 0)
		return err_set(err, EX_DATAERR, "deal %lld is paid in full; "
		    "nothing was recorded", (long long)id);
	if (cents > balance) {
		money_format(balance, buf, sizeof buf);
		return err_set(err, EX_DATAERR, "deal %lld owes only %s %s; "
		    "record at most that (nothing was recorded)",
		    (long long)id, buf, dn->currency);
	}
	return 0;
}

/*
 * The day paid: a day, not after today (a payment not made yet is a
 * promise), not before the deal was closed (it would pay a plan that
 * did not exist). out is today when day is "".
 */
static int
paid_on_check(const char *day, const struct deal_now *dn, char out[DAY_SIZE],
    struct err *err)
{
	char today[DAY_SIZE];

	day_of(store_now(), today);
	if (day[0] == '\0') {
		memcpy(out, today, DAY_SIZE);
		return 0;
	}
	if (strlen(day) != DAY_SIZE - 1 || day_add_months(day, 0, out) != 0 ||
	    strcmp(out, day) != 0)
		return err_set(err, EX_DATAERR, "the day paid must be a day "
		    "as YYYY-MM-DD; nothing was recorded");
	if (strcmp(day, today) > 0)
		return err_set(err, EX_DATAERR, "the day paid, %s, is in the "
		    "future; record a payment once it is made (a promise "
		    "says when one will be)", day);
	if (strcmp(day, dn->close_on) < 0)
		return err_set(err, EX_DATAERR, "the day paid, %s, is before "
		    "the deal was closed on %s; give a day from %s on", day,
		    dn->close_on, dn->close_on);
	return 0;
}

static int
text_limit(const char *s, const char *what, size_t max, struct err *err)
{
	if (text_check(s, what, err) != 0)
		return err->status;
	if (s != NULL && strlen(s) > max)
		return err_set(err, EX_DATAERR, "%s is longer than %zu bytes; "
		    "shorten it", what, max);
	return 0;
}

static void
payment_details(struct details *d, const struct payment_new *p,
    const struct deal_now *dn, const char *paid_on, int64_t call_id)
{
	char buf[32];

	details_begin(d);
	money_format(p->amount_cents, buf, sizeof buf);
	details_str(d, "amount", buf);
	details_int(d, "amount_cents", p->amount_cents);
	details_str(d, "currency", dn->currency);
	details_int(d, "deal", p->deal);
	details_int(d, "lead", dn->lead_id);
	details_str(d, "paid_on", paid_on);
	details_str(d, "method", p->method != NULL && p->method[0] != '\0' ?
	    p->method : NULL);
	details_str(d, "reference", p->reference);
	if (call_id != 0)
		details_int(d, "call", call_id);
}

int
payment_insert(struct store *st, const struct actor *who,
    const struct payment_new *p, int64_t call_id, int64_t *id,
    struct err *err)
{
	static const char sql[] =
	    "INSERT INTO payments (lead_id, amount_cents, currency, note,"
	    " recorded_by, created_at, deal_id, paid_on, method_id, reference,"
	    " call_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	struct deal_now dn;
	char paid_on[DAY_SIZE];
	int64_t method, pid;
	struct stmt *stmt;
	struct details d;
	time_t now = store_now();

	if (deal_load(st, who, p->deal, ACT_PAYMENT, &dn, err) != 0 ||
	    amount_check(p->deal, &dn, p->amount_cents, err) != 0 ||
	    paid_on_check(p->paid_on, &dn, paid_on, err) != 0 ||
	    choice_active_id(st, "method", "payment method", p->method,
	    &method, err) != 0 ||
	    text_limit(p->reference, "the reference", REFERENCE_MAX, err) != 0 ||
	    text_limit(p->note, "the note", NOTE_MAX, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, dn.lead_id);
	stmt_bind_int64(stmt, 2, p->amount_cents);
	bind_text(stmt, 3, dn.currency);
	bind_text(stmt, 4, p->note != NULL && p->note[0] != '\0' ? p->note :
	    NULL);
	stmt_bind_int64(stmt, 5, who->id);
	stmt_bind_int64(stmt, 6, (int64_t)now);
	stmt_bind_int64(stmt, 7, p->deal);
	bind_text(stmt, 8, paid_on);
	bind_id(stmt, 9, method);
	bind_text(stmt, 10, p->reference != NULL && p->reference[0] != '\0' ?
	    p->reference : NULL);
	bind_id(stmt, 11, call_id);
	if (db_insert(st, stmt, &pid, err, "recording the payment") != 0)
		return err->status;
	if (deal_settle(st, p->deal, now, err) != 0)
		return err->status;
	payment_details(&d, p, &dn, paid_on, call_id);
	if (audit_write(st, who, "payment", pid, "add", &d, err) != 0)
		return err->status;
	if (id != NULL)
		*id = pid;
	return 0;
}

struct adding {
	const struct actor        *who;
	const struct payment_new  *p;
	int64_t                   *id;
};

static int
payment_add_tx(struct store *st, void *arg, struct err *err)
{
	struct adding *a = arg;

	return payment_insert(st, a->who, a->p, 0, a->id, err);
}

int
store_payment_add(struct store *st, const struct actor *who,
    const struct payment_new *p, int64_t *id, struct err *err)
{
	struct adding a = { who, p, id };

	if (require(who, ACT_PAYMENT, err) != 0)
		return err->status;
	return store_tx(st, payment_add_tx, &a, err);
}

struct deleting {
	const struct actor *who;
	int64_t             id;
	const char         *reason;
};

static int
payment_delete_tx(struct store *st, void *arg, struct err *err)
{
	static const char find[] =
	    "SELECT coalesce(deal_id, 0), amount_cents, lead_id FROM payments"
	    " WHERE id = ? AND deleted_at IS NULL";
	static const char del[] =
	    "UPDATE payments SET deleted_at = ?2, deleted_by = ?3 WHERE id = ?1";
	struct deleting *x = arg;
	int64_t deal = 0, cents = 0, lead = 0;
	struct stmt *stmt;
	struct details d;
	time_t now = store_now();
	int rc;

	if ((stmt = stmt_get(st, find, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, x->id);
	if ((rc = db_step(st, stmt, err, "reading the payment")) ==
	    DB_ROW) {
		deal = stmt_column_int64(stmt, 0);
		cents = stmt_column_int64(stmt, 1);
		lead = stmt_column_int64(stmt, 2);
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW)
		return err_set(err, EX_DATAERR, "there is no payment %lld to "
		    "delete (a deleted one is in: callq payment list "
		    "--deleted)", (long long)x->id);
	if ((stmt = stmt_get(st, del, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, x->id);
	stmt_bind_int64(stmt, 2, (int64_t)now);
	stmt_bind_int64(stmt, 3, x->who->id);
	if (db_run(st, stmt, err, "deleting the payment") != 0 ||
	    (deal != 0 && deal_settle(st, deal, now, err) != 0))
		return err->status;
	details_begin(&d);
	details_int(&d, "amount_cents", cents);
	if (deal != 0)
		details_int(&d, "deal", deal);
	details_int(&d, "lead", lead);
	details_str(&d, "reason", x->reason);
	return audit_write(st, x->who, "payment", x->id, "delete", &d, err);
}

int
store_payment_delete(struct store *st, const struct actor *who, int64_t id,
    const char *reason, struct err *err)
{
	struct deleting x = { who, id, reason };

	if (require(who, ACT_PAYMENT_DELETE, err) != 0 ||
	    text_limit(reason, "the reason", NOTE_MAX, err) != 0)
		return err->status;
	return store_tx(st, payment_delete_tx, &x, err);
}

/*
 * payment list's filters, one fragment each (store/variant.h), so that a
 * deal searches payments_deal and a day range payments_paid, in the
 * list's order, rather than every payment; the reader's bounds only when
 * the reader may not see them all.
 */
enum {
	PAY_F_DEAL,
	PAY_F_LEAD,
	PAY_F_FROM,
	PAY_F_TO,
	PAY_F_BY,
	PAY_F_DELETED,
	PAY_F_LIVE,
	PAY_F_BOUNDED,
};

static const char *const payment_list_frags[] = {
	[PAY_F_DEAL] = " AND p.deal_id = ?1",
	[PAY_F_LEAD] = " AND p.lead_id = ?10",
	[PAY_F_FROM] = " AND p.paid_on >= ?2",
	[PAY_F_TO] = " AND p.paid_on <= ?3",
	[PAY_F_BY] = " AND u.login = ?4",
	[PAY_F_DELETED] = " AND p.deleted_at IS NOT NULL",
	[PAY_F_LIVE] = " AND p.deleted_at IS NULL",
	[PAY_F_BOUNDED] = " AND l.deleted_at IS NULL AND ("
	    "  (?6 = 3 AND (l.owner_id IS NULL OR l.owner_id IN"
	    "   (SELECT id FROM users WHERE team_id = ?7)))"
	    "  OR (?6 = 2 AND d.collector_id = ?8))",
};

static const struct variant payment_list_variant = {
	"SELECT p.id, coalesce(p.deal_id, 0), p.lead_id, l.name,"
	" p.amount_cents, p.currency, coalesce(p.paid_on, ''),"
	" coalesce(c.name, ''), coalesce(p.reference, ''),"
	" coalesce(p.note, ''), coalesce(u.login, ''), p.created_at,"
	" p.deleted_at IS NOT NULL"
	" FROM payments p JOIN leads l ON l.id = p.lead_id"
	" LEFT JOIN deals d ON d.id = p.deal_id"
	" LEFT JOIN choices c ON c.id = p.method_id"
	" LEFT JOIN users u ON u.id = p.recorded_by WHERE true",
	payment_list_frags,
	(int)(sizeof payment_list_frags / sizeof payment_list_frags[0]),
	" ORDER BY p.paid_on DESC, p.id DESC LIMIT ?9",
};

static unsigned
payment_list_mask(enum scope scope, const struct payment_filter *f)
{
	unsigned m = VARIANT_BIT(f->deleted ? PAY_F_DELETED : PAY_F_LIVE);

	if (f->deal != 0)
		m |= VARIANT_BIT(PAY_F_DEAL);
	if (f->lead != 0)
		m |= VARIANT_BIT(PAY_F_LEAD);
	if (f->from != NULL)
		m |= VARIANT_BIT(PAY_F_FROM);
	if (f->to != NULL)
		m |= VARIANT_BIT(PAY_F_TO);
	if (f->recorded_by != NULL)
		m |= VARIANT_BIT(PAY_F_BY);
	if (scope != SCOPE_ALL)
		m |= VARIANT_BIT(PAY_F_BOUNDED);
	return m;
}

/*
 * Who sees which payments: the scope of ACT_PAYMENT_READ (a team lead
 * their team's leads and the unassigned, a recovery agent the deals they
 * collect). Payments are finance data, so a role without it is refused
 * outright rather than shown an empty list.
 */
int
store_payment_list(struct store *st, const struct actor *who,
    const struct payment_filter *f,
    int (*each)(const struct payment *, void *), void *arg,
    struct err *err)
{
	enum scope scope = perm_scope(who->role, ACT_PAYMENT_READ);
	struct payment pay;
	struct stmt *stmt;
	int rc;

	if (scope == SCOPE_NONE)
		return err_set(err, EX_NOPERM, "%s is %s, and %s cannot see "
		    "payments: methods, references and who paid when are "
		    "finance data; a deal's paid total shows on its lead",
		    who->login, role_title(who->role), role_title(who->role));
	if ((stmt = variant_get(st, &payment_list_variant,
	    payment_list_mask(scope, f), err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, f->deal);
	bind_text(stmt, 2, f->from);
	bind_text(stmt, 3, f->to);
	bind_text(stmt, 4, f->recorded_by);
	stmt_bind_int(stmt, 5, f->deleted != 0);
	stmt_bind_int(stmt, 6, (int)scope);
	stmt_bind_int64(stmt, 7, who->team_id != 0 ? who->team_id : -1);
	stmt_bind_int64(stmt, 8, who->id);
	stmt_bind_int64(stmt, 9, f->limit > 0 ? f->limit : LIMIT_ALL);
	stmt_bind_int64(stmt, 10, f->lead);
	while ((rc = db_step(st, stmt, err, "reading the payments")) ==
	    DB_ROW) {
		pay.id = stmt_column_int64(stmt, 0);
		pay.deal_id = stmt_column_int64(stmt, 1);
		pay.lead_id = stmt_column_int64(stmt, 2);
		pay.lead_name = col_text(stmt, 3);
		pay.amount_cents = stmt_column_int64(stmt, 4);
		pay.currency = col_text(stmt, 5);
		pay.paid_on = col_text(stmt, 6);
		pay.method = col_text(stmt, 7);
		pay.reference = col_text(stmt, 8);
		pay.note = col_text(stmt, 9);
		pay.recorded_by = col_text(stmt, 10);
		pay.created_at = (time_t)stmt_column_int64(stmt, 11);
		pay.deleted = stmt_column_int(stmt, 12);
		if (each(&pay, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_payment_due(struct store *st, const struct actor *who, int64_t id,
    int64_t lead, struct payment_due *due, struct err *err)
{
	struct deal_now dn;

	if (id == 0 && deal_of_lead(st, lead, &id, err) != 0)
		return err->status;
	if (id == 0)
		return err_set(err, EX_NOINPUT, "lead %lld has no deal: a "
		    "payment is recorded on a customer's deal", (long long)lead);
	if (deal_load(st, who, id, ACT_PAYMENT, &dn, err) != 0)
		return err->status;
	memset(due, 0, sizeof *due);
	due->deal = id;
	due->lead = dn.lead_id;
	due->balance_cents = dn.amount_cents - dn.paid_cents;
	memcpy(due->currency, dn.currency, sizeof due->currency);
	memcpy(due->close_on, dn.close_on, sizeof due->close_on);
	return 0;
}

int
store_payment_methods(struct store *st,
    int (*each)(const char *name, void *), void *arg, struct err *err)
{
	static const char sql[] =
	    "SELECT name FROM choices WHERE list = 'method' AND active <> 0"
	    " ORDER BY position, id";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the payment methods")) ==
	    DB_ROW)
		if (each(col_text(stmt, 0), arg) != 0)
			break;
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
