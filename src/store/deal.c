/*
 * Deals and their plans: what a conversion sold, the installments that
 * pay it, and the customer the lead became. The figures a payment
 * changes (paid shares, the deal's state) are deal_settle's.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/deal.h"
#include "callq/perm.h"
#include "callq/status.h"
#include "callq/text.h"
#include "internal.h"
#include "dealrow.h"
#include "variant.h"

const char *
inst_state_name(enum inst_state s)
{
	static const char *const names[] = { "Pending", "Partial", "Paid",
	    "Overdue" };

	return (unsigned)s < 4 ? names[s] : "?";
}

const char *
deal_state_name(enum deal_state s)
{
	static const char *const names[] = { "Pending", "Partial",
	    "Completed" };

	return (unsigned)s < 3 ? names[s] : "?";
}

static enum deal_state
deal_state_parse(const char *s)
{
	if (strcmp(s, "Completed") == 0)
		return DEAL_COMPLETED;
	return strcmp(s, "Partial") == 0 ? DEAL_PARTIAL : DEAL_PENDING;
}

static int
day_valid(const char *day)
{
	char out[DAY_SIZE];

	return day_add_months(day, 0, out) == 0 && strcmp(out, day) == 0;
}

/* A plan's installments, worked out before anything is written. */
struct sched {
	int     n;
	char    due[PLAN_MAX][DAY_SIZE];
	int64_t cents[PLAN_MAX];
};

static int
amount_check(int64_t cents, struct err *err)
{
	if (cents <= 0 || cents > MONEY_MAX_CENTS)
		return err_set(err, EX_DATAERR, "the amount must be above 0.00 "
		    "and at most 1,000,000,000.00; give it like 1,200.00");
	return 0;
}

static int
explicit_build(const struct plan_spec *p, int64_t total, const char *after,
    struct sched *s, struct err *err)
{
	char a[32], b[32];
	int64_t sum = 0;
	int i;

	for (i = 0; i < p->n; i++) {
		if (!day_valid(p->due[i]))
			return err_set(err, EX_DATAERR, "installment %d's due "
			    "day '%s' is not a day; give it as YYYY-MM-DD",
			    i + 1, p->due[i]);
		if (p->cents[i] <= 0 || p->cents[i] > MONEY_MAX_CENTS)
			return err_set(err, EX_DATAERR, "installment %d's "
			    "amount must be above 0.00", i + 1);
		if ((i > 0 && strcmp(p->due[i], p->due[i - 1]) < 0) ||
		    (i == 0 && after[0] != '\0' && strcmp(p->due[0], after) < 0))
			return err_set(err, EX_DATAERR, "installment %d is due "
			    "%s, before the one ahead of it; give the days in "
			    "order", i + 1, p->due[i]);
		sum += p->cents[i];
		memcpy(s->due[s->n], p->due[i], DAY_SIZE);
		s->cents[s->n++] = p->cents[i];
	}
	if (sum != total) {
		money_format(sum, a, sizeof a);
		money_format(total, b, sizeof b);
		return err_set(err, EX_DATAERR, "the installments add up to "
		    "%s, not %s; make them add up to it exactly", a, b);
	}
	return 0;
}

/*
 * Appends to s the plan p of total: n equal monthly ones from first
 * (day_add_months from the first day, so a 31st stays the 31st where
 * the month has one), or p's explicit ones, due no earlier than after.
 */
static int
plan_build(const struct plan_spec *p, int64_t total, const char *first,
    const char *after, struct sched *s, struct err *err)
{
	int n = p->n == 0 ? 1 : p->n, i;

	if (p->n < 0 || p->n > PLAN_MAX || s->n + n > PLAN_MAX)
		return err_set(err, EX_DATAERR, "a plan holds 1 to %d "
		    "installments", PLAN_MAX);
	if (p->explicit_)
		return explicit_build(p, total, after, s, err);
	if (p->first_due[0] != '\0')
		first = p->first_due;
	if (!day_valid(first))
		return err_set(err, EX_DATAERR, "the first due day '%s' is not "
		    "a day; give it as YYYY-MM-DD", first);
	if (after[0] != '\0' && strcmp(first, after) < 0)
		return err_set(err, EX_DATAERR, "the first due day %s is before "
		    "%s, the last installment kept; give a later one", first,
		    after);
	if (total < n)
		return err_set(err, EX_DATAERR, "%d installments cannot share "
		    "less than %d cents", n, n);
	for (i = 0; i < n; i++) {
		if (day_add_months(first, i, s->due[s->n]) != 0)
			return err_set(err, EX_DATAERR, "the plan runs past the "
			    "year 9999");
		s->cents[s->n++] = money_share(total, n, i);
	}
	return 0;
}

static int
sched_write(struct store *st, int64_t deal, int from, const struct sched *s,
    struct err *err)
{
	static const char sql[] =
	    "INSERT INTO installments (deal_id, seq, due_on, amount_cents)"
	    " VALUES (?1, ?2, ?3, ?4)";
	struct stmt *stmt;
	int i;

	for (i = from; i < s->n; i++) {
		if ((stmt = stmt_get(st, sql, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, deal);
		stmt_bind_int(stmt, 2, i + 1);
		bind_text(stmt, 3, s->due[i]);
		stmt_bind_int64(stmt, 4, s->cents[i]);
		if (db_run(st, stmt, err, "writing the plan") != 0)
			return err->status;
	}
	return 0;
}

int
lead_customer_mark(struct store *st, int64_t lead, time_t now,
    struct err *err)
{
	static const char sql[] =
	    "UPDATE leads SET customer = 1, customer_at = ?2"
	    " WHERE id = ?1 AND status = 'Converted' AND customer = 0";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, (int64_t)now);
	return db_run(st, stmt, err, "marking the customer");
}

static int
deal_exists(struct store *st, int64_t lead, struct err *err)
{
	static const char sql[] = "SELECT id FROM deals WHERE lead_id = ?";
	struct stmt *stmt;
	int64_t id = 0;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	if ((rc = db_step(st, stmt, err, "reading the deals")) == DB_ROW)
		id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (id != 0)
		return err_set(err, EX_DATAERR, "lead %lld has deal %lld "
		    "already; change it with: callq deal edit %lld",
		    (long long)lead, (long long)id, (long long)id);
	return 0;
}

static int
deal_insert(struct store *st, int64_t lead, const struct deal_spec *spec,
    const char *close_on, int64_t product, int64_t won, int64_t call,
    int64_t *id, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO deals (lead_id, amount_cents, currency, product_id,"
	    " won_reason_id, close_on, owner_id, call_id, created_at,"
	    " updated_at) VALUES (?1, ?2, coalesce((SELECT value FROM settings"
	    " WHERE key = 'currency'), 'USD'), ?3, ?4, ?5, (SELECT owner_id"
	    " FROM leads WHERE id = ?1), ?6, ?7, ?7) RETURNING id";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, spec->amount_cents);
	bind_id(stmt, 3, product);
	bind_id(stmt, 4, won);
	bind_text(stmt, 5, close_on);
	bind_id(stmt, 6, call);
	stmt_bind_int64(stmt, 7, store_now());
	if (db_insert(st, stmt, id, err, "writing the deal") != 0)
		return err->status;
	return 0;
}

static int
deal_add_audit(struct store *st, const struct actor *who, int64_t id,
    int64_t lead, const struct deal_spec *spec, const char *close_on,
    int n, struct err *err)
{
	struct details d;

	details_begin(&d);
	details_int(&d, "lead_id", lead);
	details_int(&d, "amount_cents", spec->amount_cents);
	if (spec->product != NULL && spec->product[0] != '\0')
		details_str(&d, "product", spec->product);
	if (spec->won_reason != NULL && spec->won_reason[0] != '\0')
		details_str(&d, "won_reason", spec->won_reason);
	details_str(&d, "close_on", close_on);
	details_int(&d, "installments", n);
	return audit_write(st, who, "deal", id, "add", &d, err);
}

int
deal_make(struct store *st, const struct actor *who, int64_t lead,
    const struct deal_spec *spec, int64_t call, int64_t *id,
    struct err *err)
{
	struct lead_now ln;
	struct sched *s;
	char close_on[DAY_SIZE];
	int64_t product, won;
	int rc;

	if (amount_check(spec->amount_cents, err) != 0)
		return err->status;
	if (lead_may(st, who, lead, ACT_LEAD_READ, &ln, err) != 0)
		return err->status;
	if (ln.deleted)
		return err_set(err, EX_DATAERR, "lead %lld is deleted",
		    (long long)lead);
	if (ln.status != ST_CONVERTED)
		return err_set(err, EX_DATAERR, "lead %lld is %s, not Converted;"
		    " a deal is made when a lead is converted", (long long)lead,
		    status_name(ln.status));
	if (!perm_lead_allows(who->role, ACT_DEAL_EDIT, &ln.ctx))
		return deny_lead(who, ACT_DEAL_EDIT, lead, &ln, err);
	if (deal_exists(st, lead, err) != 0 ||
	    choice_active_id(st, "product", "product", spec->product,
	    &product, err) != 0 || choice_active_id(st, "won", "won reason",
	    spec->won_reason, &won, err) != 0)
		return err->status;
	if (spec->close_on[0] == '\0')
		day_of(store_now(), close_on);
	else if (!day_valid(spec->close_on))
		return err_set(err, EX_DATAERR, "the close date '%s' is not a "
		    "day; give it as YYYY-MM-DD", spec->close_on);
	else
		memcpy(close_on, spec->close_on, DAY_SIZE);
	if ((s = calloc(1, sizeof *s)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	rc = plan_build(&spec->plan, spec->amount_cents, close_on, "", s, err);
	if (rc == 0)
		rc = deal_insert(st, lead, spec, close_on, product, won, call,
		    id, err);
	if (rc == 0)
		rc = sched_write(st, *id, 0, s, err);
	if (rc == 0)
		rc = lead_customer_mark(st, lead, store_now(), err);
	if (rc == 0)
		rc = deal_settle(st, *id, store_now(), err);
	if (rc == 0)
		rc = deal_add_audit(st, who, *id, lead, spec, close_on, s->n,
		    err);
	free(s);
	return rc;
}

struct adding {
	const struct actor     *who;
	int64_t                 lead;
	const struct deal_spec *spec;
	int64_t                *id;
};

static int
deal_add_tx(struct store *st, void *arg, struct err *err)
{
	struct adding *a = arg;

	return deal_make(st, a->who, a->lead, a->spec, 0, a->id, err);
}

int
store_deal_add(struct store *st, const struct actor *who, int64_t lead,
    const struct deal_spec *spec, int64_t *id, struct err *err)
{
	struct adding a = { who, lead, spec, id };

	if (require(who, ACT_DEAL_EDIT, err) != 0 ||
	    amount_check(spec->amount_cents, err) != 0)
		return err->status;
	return store_tx(st, deal_add_tx, &a, err);
}

struct editing {
	const struct actor       *who;
	int64_t                   id;
	const struct deal_change *c;
	int64_t                   expect;
};

/* Adds an installment of cents a month after the plan's last. */
static int
plan_extend(struct store *st, int64_t id, int64_t cents, struct err *err)
{
	static const char last[] =
	    "SELECT seq, due_on FROM installments WHERE deal_id = ?"
	    " ORDER BY seq DESC LIMIT 1";
	struct sched s = { .n = 0 };
	struct stmt *stmt;
	int rc, seq = 0;

	if ((stmt = stmt_get(st, last, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	if ((rc = db_step(st, stmt, err, "reading the plan")) == DB_ROW) {
		seq = stmt_column_int(stmt, 0);
		if (day_add_months(col_text(stmt, 1), 1, s.due[seq]) != 0)
			rc = err_set(err, EX_DATAERR, "the plan runs past the "
			    "year 9999");
	}
	stmt_reset(stmt);
	if (rc != DB_ROW)
		return rc == DB_DONE ? err_set(err, EX_SOFTWARE, "deal %lld "
		    "has no plan; report this", (long long)id) : err->status;
	if (seq >= PLAN_MAX)
		return err_set(err, EX_DATAERR, "a plan holds 1 to %d "
		    "installments", PLAN_MAX);
	s.cents[seq] = cents;
	s.n = seq + 1;
	return sched_write(st, id, seq, &s, err);
}

/*
 * A new amount moves the plan's end: more is added to the last
 * installment (a new one a month after it when that one is paid in
 * full); less is taken from the last installments back, each down to
 * what is paid of it, one left at nothing dropped.
 */
static int
deal_replan(struct store *st, int64_t id, int64_t diff, struct err *err)
{
	static const char grow[] =
	    "UPDATE installments SET amount_cents = amount_cents + ?2"
	    " WHERE deal_id = ?1 AND seq = (SELECT max(seq) FROM installments"
	    " WHERE deal_id = ?1) AND paid_cents < amount_cents";
	static const char last[] =
	    "SELECT seq, amount_cents - paid_cents, paid_cents FROM installments"
	    " WHERE deal_id = ?1 AND paid_cents < amount_cents"
	    " ORDER BY seq DESC LIMIT 1";
	static const char shrink[] =
	    "UPDATE installments SET amount_cents = amount_cents - ?3"
	    " WHERE deal_id = ?1 AND seq = ?2";
	static const char drop[] =
	    "DELETE FROM installments WHERE deal_id = ?1 AND seq = ?2";
	struct stmt *stmt;
	int64_t take, seq, open, paid, cut;
	int rc;

	if (diff > 0) {
		if ((stmt = stmt_get(st, grow, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, id);
		stmt_bind_int64(stmt, 2, diff);
		if (db_run(st, stmt, err, "changing the plan") != 0)
			return err->status;
		return conn_changes(st->conn) > 0 ? 0 :
		    plan_extend(st, id, diff, err);
	}
	/* Paid shares are a prefix of the plan: the open ones are its tail. */
	for (take = -diff; take > 0; take -= cut) {
		if ((stmt = stmt_get(st, last, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, id);
		seq = open = paid = 0;
		if ((rc = db_step(st, stmt, err, "reading the plan")) ==
		    DB_ROW) {
			seq = stmt_column_int64(stmt, 0);
			open = stmt_column_int64(stmt, 1);
			paid = stmt_column_int64(stmt, 2);
		}
		stmt_reset(stmt);
		if (rc != DB_ROW)
			return rc == -1 ? err->status : err_set(err,
			    EX_SOFTWARE, "the plan does not cover the deal; "
			    "report this");
		cut = open < take ? open : take;
		if ((stmt = stmt_get(st, cut == open && paid == 0 ? drop :
		    shrink, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, id);
		stmt_bind_int64(stmt, 2, seq);
		if (cut != open || paid != 0)
			stmt_bind_int64(stmt, 3, cut);
		if (db_run(st, stmt, err, "changing the plan") != 0)
			return err->status;
	}
	return 0;
}

static int
deal_edit_write(struct store *st, struct editing *e, int64_t product,
    int64_t won, struct err *err)
{
	static const char sql[] =
	    "UPDATE deals SET amount_cents = coalesce(?2, amount_cents),"
	    " product_id = CASE WHEN ?3 <> 0 THEN ?4 ELSE product_id END,"
	    " won_reason_id = CASE WHEN ?5 <> 0 THEN ?6 ELSE won_reason_id END,"
	    " close_on = coalesce(?7, close_on), updated_at = ?8,"
	    " version = version + 1 WHERE id = ?1";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, e->id);
	if (e->c->amount_cents != 0)
		stmt_bind_int64(stmt, 2, e->c->amount_cents);
	stmt_bind_int(stmt, 3, e->c->product != NULL);
	bind_id(stmt, 4, product);
	stmt_bind_int(stmt, 5, e->c->won_reason != NULL);
	bind_id(stmt, 6, won);
	bind_text(stmt, 7, e->c->close_on);
	stmt_bind_int64(stmt, 8, store_now());
	return db_run(st, stmt, err, "changing the deal");
}

static int
deal_edit_audit(struct store *st, const struct editing *e, int64_t before,
    struct err *err)
{
	struct details d;

	details_begin(&d);
	if (e->c->amount_cents != 0) {
		details_int(&d, "from_amount_cents", before);
		details_int(&d, "amount_cents", e->c->amount_cents);
	}
	if (e->c->product != NULL)
		details_str(&d, "product", e->c->product);
	if (e->c->won_reason != NULL)
		details_str(&d, "won_reason", e->c->won_reason);
	if (e->c->close_on != NULL)
		details_str(&d, "close_on", e->c->close_on);
	return audit_write(st, e->who, "deal", e->id, "edit", &d, err);
}

static int
deal_edit_tx(struct store *st, void *arg, struct err *err)
{
	struct editing *e = arg;
	struct deal_now dn;
	int64_t product, won;
	char a[32], b[32];

	if (deal_load(st, e->who, e->id, ACT_DEAL_EDIT, &dn, err) != 0)
		return err->status;
	if (e->expect != 0 && dn.version != e->expect)
		return err_set(err, EX_TEMPFAIL, "deal %lld was changed by "
		    "someone else meanwhile; nothing was changed: look at it "
		    "again and redo the change", (long long)e->id);
	if (e->c->amount_cents != 0 && e->c->amount_cents < dn.paid_cents) {
		money_format(dn.paid_cents, a, sizeof a);
		money_format(e->c->amount_cents, b, sizeof b);
		return err_set(err, EX_DATAERR, "%s is paid on deal %lld "
		    "already, more than %s; give an amount of %s or more",
		    a, (long long)e->id, b, a);
	}
	if (choice_active_id(st, "product", "product", e->c->product,
	    &product, err) != 0 || choice_active_id(st, "won", "won reason",
	    e->c->won_reason, &won, err) != 0 ||
	    deal_edit_write(st, e, product, won, err) != 0)
		return err->status;
	if (e->c->amount_cents != 0 && e->c->amount_cents != dn.amount_cents &&
	    deal_replan(st, e->id, e->c->amount_cents - dn.amount_cents, err) != 0)
		return err->status;
	if (deal_settle(st, e->id, store_now(), err) != 0)
		return err->status;
	return deal_edit_audit(st, e, dn.amount_cents, err);
}

int
store_deal_edit(struct store *st, const struct actor *who, int64_t id,
    const struct deal_change *c, int64_t expect_version, struct err *err)
{
	struct editing e = { who, id, c, expect_version };

	if (require(who, ACT_DEAL_EDIT, err) != 0)
		return err->status;
	if (c->amount_cents != 0 && amount_check(c->amount_cents, err) != 0)
		return err->status;
	if (c->close_on != NULL && !day_valid(c->close_on))
		return err_set(err, EX_DATAERR, "the close date '%s' is not a "
		    "day; give it as YYYY-MM-DD", c->close_on);
	return store_tx(st, deal_edit_tx, &e, err);
}

struct planning {
	const struct actor     *who;
	int64_t                 id;
	const struct plan_spec *plan;
};

/*
 * The installments a payment reached (a prefix of the plan: payments
 * go to the oldest first) into s, one partly paid closed at what was
 * paid of it; sets *covered to what they add up to and last to the
 * last one's day ("" for none).
 */
static int
plan_kept(struct store *st, int64_t id, struct sched *s, int64_t *covered,
    char last[DAY_SIZE], struct err *err)
{
	static const char sql[] =
	    "SELECT due_on, paid_cents FROM installments WHERE deal_id = ?"
	    " AND paid_cents > 0 ORDER BY seq";
	struct stmt *stmt;
	int rc = DB_DONE;

	*covered = 0;
	last[0] = '\0';
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	while (s->n < PLAN_MAX && (rc = db_step(st, stmt, err,
	    "reading the plan")) == DB_ROW) {
		snprintf(s->due[s->n], DAY_SIZE, "%s", col_text(stmt, 0));
		s->cents[s->n] = stmt_column_int64(stmt, 1);
		*covered += s->cents[s->n];
		memcpy(last, s->due[s->n++], DAY_SIZE);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

static int
plan_default_first(struct store *st, int64_t id, const char *after,
    char out[DAY_SIZE], struct err *err)
{
	static const char sql[] = "SELECT close_on FROM deals WHERE id = ?";
	struct stmt *stmt;
	int rc;

	if (after[0] != '\0')
		return day_add_months(after, 1, out) == 0 ? 0 : err_set(err,
		    EX_DATAERR, "the plan runs past the year 9999");
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	if ((rc = db_step(st, stmt, err, "reading the deal")) == DB_ROW)
		snprintf(out, DAY_SIZE, "%s", col_text(stmt, 0));
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

static int
plan_trim(struct store *st, int64_t id, int kept, const char *sql,
    struct err *err)
{
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	stmt_bind_int(stmt, 2, kept);
	return db_run(st, stmt, err, "replacing the plan");
}

static int
plan_replace(struct store *st, struct planning *p, struct sched *s,
    struct err *err)
{
	static const char drop[] =
	    "DELETE FROM installments WHERE deal_id = ?1 AND seq > ?2";
	static const char close[] =
	    "UPDATE installments SET amount_cents = paid_cents"
	    " WHERE deal_id = ?1 AND seq <= ?2";
	struct deal_now dn;
	struct details d;
	char last[DAY_SIZE], first[DAY_SIZE], a[32];
	int64_t covered;
	int kept;

	if (deal_load(st, p->who, p->id, ACT_PLAN_EDIT, &dn, err) != 0 ||
	    plan_kept(st, p->id, s, &covered, last, err) != 0)
		return err->status;
	kept = s->n;
	if (covered >= dn.amount_cents) {
		money_format(dn.paid_cents, a, sizeof a);
		return err_set(err, EX_DATAERR, "every installment of deal "
		    "%lld has a payment (%s paid), so there is nothing left to "
		    "plan", (long long)p->id, a);
	}
	if (plan_default_first(st, p->id, last, first, err) != 0 ||
	    plan_build(p->plan, dn.amount_cents - covered, first, last, s,
	    err) != 0)
		return err->status;
	if (plan_trim(st, p->id, kept, drop, err) != 0 ||
	    plan_trim(st, p->id, kept, close, err) != 0 ||
	    sched_write(st, p->id, kept, s, err) != 0 ||
	    deal_settle(st, p->id, store_now(), err) != 0)
		return err->status;
	details_begin(&d);
	details_int(&d, "kept", kept);
	details_int(&d, "installments", s->n);
	details_str(&d, "first_due", s->due[kept]);
	return audit_write(st, p->who, "deal", p->id, "plan", &d, err);
}

static int
plan_set_tx(struct store *st, void *arg, struct err *err)
{
	struct sched *s;
	int rc;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	rc = plan_replace(st, arg, s, err);
	free(s);
	return rc;
}

int
store_plan_set(struct store *st, const struct actor *who, int64_t deal,
    const struct plan_spec *plan, struct err *err)
{
	struct planning p = { who, deal, plan };

	if (require(who, ACT_PLAN_EDIT, err) != 0)
		return err->status;
	return store_tx(st, plan_set_tx, &p, err);
}

/*
 * Who sees which deals (ACT_DEAL_READ): a rep the deals of the leads
 * they own, a recovery agent the deals they collect, a team lead their
 * team's, the others all. ?1 is the scope, ?2 the actor, ?3 their team.
 */
#define DEAL_COLS \
	"SELECT d.id, d.lead_id, l.name, d.currency, d.amount_cents," \
	" d.paid_cents, coalesce(p.name, ''), coalesce(w.name, ''), d.close_on," \
	" coalesce(o.login, ''), coalesce(c.login, ''), d.status," \
	" (SELECT count(*) FROM installments i WHERE i.deal_id = d.id)," \
	" d.created_at, d.version FROM deals d JOIN leads l ON l.id = d.lead_id" \
	" LEFT JOIN choices p ON p.id = d.product_id" \
	" LEFT JOIN choices w ON w.id = d.won_reason_id" \
	" LEFT JOIN users o ON o.id = d.owner_id" \
	" LEFT JOIN users c ON c.id = d.collector_id" \
	" LEFT JOIN users lo ON lo.id = l.owner_id" \
	" WHERE l.deleted_at IS NULL AND (?1 = 4 OR (?1 = 1 AND l.owner_id = ?2)" \
	" OR (?1 = 2 AND d.collector_id = ?2) OR (?1 = 3 AND (l.owner_id IS NULL" \
	" OR lo.team_id = ?3)))"

static void
scope_bind(struct stmt *stmt, const struct actor *who)
{
	stmt_bind_int(stmt, 1, (int)perm_scope(who->role, ACT_DEAL_READ));
	stmt_bind_int64(stmt, 2, who->id);
	stmt_bind_int64(stmt, 3, who->team_id);
}

static void
deal_row(struct stmt *stmt, struct deal *d)
{
	memset(d, 0, sizeof *d);
	d->id = stmt_column_int64(stmt, 0);
	d->lead_id = stmt_column_int64(stmt, 1);
	d->lead_name = col_text(stmt, 2);
	d->currency = col_text(stmt, 3);
	d->amount_cents = stmt_column_int64(stmt, 4);
	d->paid_cents = stmt_column_int64(stmt, 5);
	d->product = col_text(stmt, 6);
	d->won_reason = col_text(stmt, 7);
	d->close_on = col_text(stmt, 8);
	d->owner = col_text(stmt, 9);
	d->collector = col_text(stmt, 10);
	d->state = deal_state_parse(col_text(stmt, 11));
	d->ninstallments = stmt_column_int(stmt, 12);
	d->created_at = (time_t)stmt_column_int64(stmt, 13);
	d->version = stmt_column_int64(stmt, 14);
}

/*
 * deal list's filters, one fragment each (store/variant.h), so that an
 * owner or collector searches deals_owner or deals_collector rather
 * than every deal; a user is looked up once, by login.
 */
enum {
	DEAL_F_STATE,
	DEAL_F_OWNER,
	DEAL_F_UNCOLLECTED,	/* collector "none": none, or a user so named */
	DEAL_F_COLLECTOR,
};

static const char *const deal_list_frags[] = {
	[DEAL_F_STATE] = " AND d.status = ?4",
	[DEAL_F_OWNER] =
	    " AND d.owner_id = (SELECT id FROM users WHERE login = ?5)",
	[DEAL_F_UNCOLLECTED] = " AND (d.collector_id IS NULL OR c.login = ?6)",
	[DEAL_F_COLLECTOR] =
	    " AND d.collector_id = (SELECT id FROM users WHERE login = ?6)",
};

static const struct variant deal_list_variant = {
	DEAL_COLS,
	deal_list_frags,
	(int)(sizeof deal_list_frags / sizeof deal_list_frags[0]),
	" ORDER BY d.created_at DESC, d.id DESC LIMIT ?7",
};

static unsigned
deal_list_mask(const struct deal_filter *f)
{
	unsigned m = 0;

	if (f->state != NULL)
		m |= VARIANT_BIT(DEAL_F_STATE);
	if (f->owner != NULL)
		m |= VARIANT_BIT(DEAL_F_OWNER);
	if (f->collector != NULL)
		m |= VARIANT_BIT(strcmp(f->collector, "none") == 0 ?
		    DEAL_F_UNCOLLECTED : DEAL_F_COLLECTOR);
	return m;
}

int
store_deal_list(struct store *st, const struct actor *who,
    const struct deal_filter *f, int (*each)(const struct deal *, void *),
    void *arg, struct err *err)
{
	struct stmt *stmt;
	struct deal d;
	int rc;

	if (require(who, ACT_DEAL_READ, err) != 0)
		return err->status;
	if (f->state != NULL && strcmp(f->state, "Pending") != 0 &&
	    strcmp(f->state, "Partial") != 0 &&
	    strcmp(f->state, "Completed") != 0)
		return err_set(err, EX_USAGE, "--state takes Pending, Partial or "
		    "Completed, not '%s'", f->state);
	if ((stmt = variant_get(st, &deal_list_variant, deal_list_mask(f),
	    err)) == NULL)
		return err->status;
	scope_bind(stmt, who);
	bind_text(stmt, 4, f->state);
	bind_text(stmt, 5, f->owner);
	bind_text(stmt, 6, f->collector);
	stmt_bind_int64(stmt, 7, f->limit > 0 ? f->limit : LIMIT_ALL);
	while ((rc = db_step(st, stmt, err, "listing deals")) == DB_ROW) {
		deal_row(stmt, &d);
		if ((rc = each(&d, arg)) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : rc == DB_DONE ? 0 : rc;
}

/* A deal's installments, with their states as of today. */
struct inst_list {
	int                 n;
	struct installment *v;
	char              (*due)[DAY_SIZE];
};

static int
inst_load(struct store *st, int64_t deal, struct inst_list *il,
    struct err *err)
{
	static const char sql[] =
	    "SELECT id, seq, due_on, amount_cents, paid_cents FROM installments"
	    " WHERE deal_id = ? ORDER BY seq";
	char today[DAY_SIZE];
	struct installment *in;
	struct stmt *stmt;
	int rc = DB_DONE;

	day_of(store_now(), today);
	if ((il->v = calloc(PLAN_MAX + 1, sizeof *il->v)) == NULL ||
	    (il->due = calloc(PLAN_MAX + 1, sizeof *il->due)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, deal);
	while (il->n <= PLAN_MAX && (rc = db_step(st, stmt, err,
	    "reading the plan")) == DB_ROW) {
		in = &il->v[il->n];
		in->id = stmt_column_int64(stmt, 0);
		in->seq = stmt_column_int(stmt, 1);
		snprintf(il->due[il->n], DAY_SIZE, "%s", col_text(stmt, 2));
		in->due_on = il->due[il->n];
		in->amount_cents = stmt_column_int64(stmt, 3);
		in->paid_cents = stmt_column_int64(stmt, 4);
		if (in->paid_cents >= in->amount_cents)
			in->state = INST_PAID;
		else if (strcmp(in->due_on, today) < 0) {
			in->state = INST_OVERDUE;
			in->days_late = day_diff(in->due_on, today);
		} else
			in->state = in->paid_cents > 0 ? INST_PARTIAL :
			    INST_PENDING;
		il->n++;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

static int
deal_get_one(struct store *st, const struct actor *who, int64_t id,
    struct inst_list *il, int (*each)(const struct deal *, void *),
    void *arg, struct err *err)
{
	static const char sql[] = DEAL_COLS " AND d.id = ?4";
	struct stmt *stmt;
	struct deal d;
	int rc;

	if (inst_load(st, id, il, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	scope_bind(stmt, who);
	stmt_bind_int64(stmt, 4, id);
	if ((rc = db_step(st, stmt, err, "reading the deal")) == DB_ROW) {
		deal_row(stmt, &d);
		d.ninstallments = il->n;
		d.installments = il->v;
		rc = each(&d, arg);
	} else if (rc == DB_DONE)
		rc = deal_not_found(who, id, err);
	else
		rc = err->status;
	stmt_reset(stmt);
	return rc;
}

int
store_deal_get(struct store *st, const struct actor *who, int64_t id,
    int64_t lead, int (*each)(const struct deal *, void *), void *arg,
    struct err *err)
{
	struct inst_list il = { 0, NULL, NULL };
	int rc;

	if (require(who, ACT_DEAL_READ, err) != 0)
		return err->status;
	if (id == 0 && deal_of_lead(st, lead, &id, err) != 0)
		return err->status;
	if (id == 0)
		return err_set(err, EX_NOINPUT, "lead %lld has no deal that "
		    "you may see; add one with: callq deal add %lld",
		    (long long)lead, (long long)lead);
	rc = deal_get_one(st, who, id, &il, each, arg, err);
	free(il.v);
	free(il.due);
	return rc;
}
