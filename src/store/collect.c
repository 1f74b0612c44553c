/*
 * Collections: the queue of deals owing money, the calls that chase
 * them (each records its payment or promise in its own transaction) and
 * who chases which deal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "callq/collect.h"
#include "callq/payment.h"
#include "callq/text.h"
#include "leadrow.h"

/* How far ahead a promise may be given. */
#define PROMISE_DAYS_MAX 90

/*
 * Whose deals the queue shows: -1 everyone's, 0 the unassigned, else a
 * collector's id. A recovery agent sees only theirs, whatever it asks.
 */
static int
queue_collector(struct store *st, const struct actor *who,
    const struct collect_filter *f, int64_t *collector, struct err *err)
{
	/*
	 * Any case: SQLite's lower() folds ASCII as NOCASE did, and
	 * PostgreSQL has no NOCASE.
	 */
	static const char sql[] =
	    "SELECT id FROM users WHERE lower(login) = lower(?1)";
	struct stmt *stmt;
	int rc;

	if (perm_scope(who->role, ACT_PAYMENT) == SCOPE_CONVERTED) {
		*collector = who->id;
		return 0;
	}
	/* Who hands out the deals sees them all. */
	if (perm_scope(who->role, ACT_COLLECT_ASSIGN) == SCOPE_NONE)
		return err_set(err, EX_NOPERM, "%s is %s and has no "
		    "collections queue: it is for recovery agents, team leads "
		    "and admins", who->login, role_title(who->role));
	*collector = -1;
	if (f == NULL || f->collector == NULL)
		return 0;
	if (strcmp(f->collector, "none") == 0) {
		*collector = 0;
		return 0;
	}
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, f->collector);
	if ((rc = db_step(st, stmt, err, "finding the collector")) ==
	    DB_ROW)
		*collector = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW)
		return err_set(err, EX_DATAERR, "no user '%s': give --collector "
		    "a recovery agent's login, or none", f->collector);
	return 0;
}

/*
 * The queue's four groups, most urgent first: broken promises (oldest
 * first), overdue installments (oldest first), due today, promised
 * today. Each is one range of an index over the days a deal keeps
 * (schema 21): everyone's deals (deals_promise, deals_next_due) or one
 * collector's (deals_collector_*), read in the group's order no further
 * than the page's end (?5, -1 all). INDEXED BY: the planner, not knowing
 * how few deals are due, may read deals_collector (collector, status)
 * and sort every deal of the collector. PostgreSQL has no such hint: ix
 * is LITE_IX or PG_IX, and each text is written for both.
 */
#define LITE_IX(hint) hint
#define PG_IX(hint)
#define QUEUE_RANGE(ix, idx, coll, why, day, cond, order) \
	"SELECT * FROM (SELECT d.id, " why ", d." day " FROM deals d" \
	ix(" INDEXED BY " idx) " JOIN leads l ON l.id = d.lead_id" \
	" WHERE d.status <> 'Completed'" coll cond \
	" AND l.deleted_at IS NULL ORDER BY " order " LIMIT ?5) AS r"

#define QUEUE_RANGES(ix, promise, due, coll) \
	"WITH k(id, why, since) AS (" \
	QUEUE_RANGE(ix, promise, coll, "0", "promise_on", \
	    " AND d.promise_on < ?1", "d.promise_on, d.id") " UNION ALL " \
	QUEUE_RANGE(ix, due, coll, "1", "next_due_on", \
	    " AND d.promise_on IS NULL AND d.next_due_on < ?1", \
	    "d.next_due_on, d.id") " UNION ALL " \
	QUEUE_RANGE(ix, due, coll, "2", "next_due_on", \
	    " AND d.promise_on IS NULL AND d.next_due_on = ?1", "d.id") \
	" UNION ALL " \
	QUEUE_RANGE(ix, promise, coll, "3", "promise_on", \
	    " AND d.promise_on = ?1", "d.id") ")," \
	" p AS (SELECT * FROM k ORDER BY why, since, id LIMIT ?3 OFFSET ?4)"

/*
 * The page: ?1 today, ?2 the collector (0 none), ?3 limit (-1 all), ?4
 * offset, ?5 limit + offset (-1 all). Its deals are picked (p) before
 * their sums are worked out, for the page's rows only.
 */
/* Days from the day k.since to today (?1). */
#define LITE_DAYS "CAST(julianday(?1) - julianday(k.since) AS INTEGER)"
#define PG_DAYS "(CAST(?1 AS date) - CAST(k.since AS date))"

#define QUEUE_PAGE(days) \
	" SELECT d.id, d.lead_id, l.name, coalesce(l.phone_display," \
	"  l.phone_e164, l.phone_raw, ''), coalesce(l.timezone, '')," \
	"  coalesce(l.country, ''), coalesce(u.login, ''), d.currency, k.why," \
	"  k.since, " days "," \
	"  (SELECT coalesce(sum(amount_cents - paid_cents), 0)" \
	"   FROM installments WHERE deal_id = d.id AND due_on <= ?1)," \
	"  d.amount_cents - d.paid_cents, coalesce((SELECT sum(amount_cents)" \
	"   FROM promises WHERE deal_id = d.id AND state = 'open'" \
	"   AND due_on = k.since AND k.why IN (0, 3)), 0)," \
	"  coalesce((SELECT min(seq) FROM installments WHERE deal_id = d.id" \
	"   AND paid_cents < amount_cents), 0)," \
	"  (SELECT count(*) FROM installments WHERE deal_id = d.id)" \
	" FROM p k JOIN deals d ON d.id = k.id" \
	" JOIN leads l ON l.id = d.lead_id" \
	" LEFT JOIN users u ON u.id = d.collector_id" \
	" ORDER BY k.why, k.since, k.id"

/* [PostgreSQL][everyone's deals, or (?2) one collector's]. */
#define QUEUE_SQLS(ix, days) { \
	QUEUE_RANGES(ix, "deals_promise", "deals_next_due", "") \
	QUEUE_PAGE(days), \
	QUEUE_RANGES(ix, "deals_collector_promise", \
	    "deals_collector_next_due", \
	    " AND coalesce(d.collector_id, 0) = ?2") QUEUE_PAGE(days) }

static const char *const queue_sqls[2][2] = {
	QUEUE_SQLS(LITE_IX, LITE_DAYS), QUEUE_SQLS(PG_IX, PG_DAYS),
};

static void
item_from_row(struct stmt *stmt, struct collect_item *it)
{
	memset(it, 0, sizeof *it);
	it->deal_id = stmt_column_int64(stmt, 0);
	it->lead_id = stmt_column_int64(stmt, 1);
	it->lead_name = col_text(stmt, 2);
	it->phone_display = col_text(stmt, 3);
	it->timezone = col_text(stmt, 4);
	it->country = col_text(stmt, 5);
	it->collector = col_text(stmt, 6);
	it->currency = col_text(stmt, 7);
	it->why = (enum collect_why)stmt_column_int(stmt, 8);
	it->since = col_text(stmt, 9);
	it->days_late = stmt_column_int(stmt, 10);
	it->due_cents = stmt_column_int64(stmt, 11);
	it->balance_cents = stmt_column_int64(stmt, 12);
	it->promise_cents = stmt_column_int64(stmt, 13);
	it->seq = stmt_column_int(stmt, 14);
	it->ninstallments = stmt_column_int(stmt, 15);
}

const char *
store_collect_sql(int one)
{
	return queue_sqls[0][one != 0];
}

int
store_collect_queue(struct store *st, const struct actor *who,
    const struct collect_filter *f,
    int (*each)(const struct collect_item *, void *), void *arg,
    struct err *err)
{
	struct collect_item it;
	struct stmt *stmt;
	char today[DAY_SIZE];
	int64_t collector;
	int rc, limit, offset;

	if (queue_collector(st, who, f, &collector, err) != 0 ||
	    (stmt = stmt_get(st, queue_sqls[store_is_pg(st) != 0]
	    [collector != -1], err)) == NULL)
		return err->status;
	day_of(store_now(), today);
	limit = f != NULL && f->limit > 0 ? f->limit : -1;
	offset = f != NULL && f->offset > 0 ? f->offset : 0;
	bind_text(stmt, 1, today);
	stmt_bind_int64(stmt, 2, collector);
	stmt_bind_int64(stmt, 3, limit < 0 ? LIMIT_ALL : limit);
	stmt_bind_int(stmt, 4, offset);
	stmt_bind_int64(stmt, 5, limit < 0 ? LIMIT_ALL : limit + offset);
	while ((rc = db_step(st, stmt, err, "reading the collections queue"))
	    == DB_ROW) {
		item_from_row(stmt, &it);
		if (each(&it, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

struct collecting {
	const struct actor        *who;
	const struct collect_log  *log;
	struct collect_result     *res;
	struct lead_now            lead;
	int64_t                    lead_id;
	int64_t                    balance;
	int64_t                    due_now;	/* unpaid, due by today */
	char                       currency[8];
	char                       today[DAY_SIZE];
	char                       day[DAY_SIZE];	/* the payment's or promise's */
	int64_t                    amount;	/* what the call records */
};

static int
deal_read(struct store *st, struct collecting *c, struct err *err)
{
	static const char sql[] =
	    "SELECT lead_id, amount_cents - paid_cents, currency,"
	    " (SELECT coalesce(sum(amount_cents - paid_cents), 0)"
	    "  FROM installments WHERE deal_id = ?1 AND due_on <= ?2)"
	    " FROM deals WHERE id = ?1";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->log->deal);
	bind_text(stmt, 2, c->today);
	if ((rc = db_step(st, stmt, err, "reading the deal")) == DB_ROW) {
		c->lead_id = stmt_column_int64(stmt, 0);
		c->balance = stmt_column_int64(stmt, 1);
		snprintf(c->currency, sizeof c->currency, "%s",
		    col_text(stmt, 2));
		c->due_now = stmt_column_int64(stmt, 3);
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW)
		return err_set(err, EX_NOINPUT, "no deal %lld; see 'callq "
		    "collect queue' for the deals to chase",
		    (long long)c->log->deal);
	return 0;
}

/* The deal's lead, as who sees it, and who's right to collect on it. */
static int
deal_check(struct store *st, struct collecting *c, struct err *err)
{
	if (deal_read(st, c, err) != 0 ||
	    lead_load(st, c->who, c->lead_id, &c->lead, err) != 0)
		return err->status;
	if (c->lead.deleted)
		return err_set(err, EX_DATAERR, "deal %lld's lead is deleted; "
		    "nothing was logged", (long long)c->log->deal);
	if (!perm_lead_allows(c->who->role, ACT_PAYMENT, &c->lead.ctx))
		return deny_lead(c->who, ACT_PAYMENT, c->lead_id, &c->lead,
		    err);
	return lease_check_for_write(st, c->who, c->lead_id,
	    "log a collection call", NULL, err);
}

static int
amount_refuse(struct collecting *c, const char *what, struct err *err)
{
	char bal[32];

	money_format(c->balance, bal, sizeof bal);
	return err_set(err, EX_DATAERR, "%s on deal %lld must be more than 0 "
	    "and at most its balance, %s %s; give --amount", what,
	    (long long)c->log->deal, bal, c->currency);
}

static int
promise_check(struct collecting *c, struct err *err)
{
	char checked[DAY_SIZE];
	int ahead;

	c->amount = c->log->amount_cents;
	if (c->amount <= 0 || c->amount > c->balance)
		return amount_refuse(c, "a promise", err);
	if (c->log->day[0] == '\0')
		return err_set(err, EX_USAGE, "a promise needs the day it will "
		    "be paid by: add --date, e.g. +7d or %s", c->today);
	if (day_add_months(c->log->day, 0, checked) != 0)
		return err_set(err, EX_DATAERR, "'%s' is not a day; give --date "
		    "as YYYY-MM-DD, or +7d", c->log->day);
	ahead = day_diff(c->today, c->log->day);
	if (ahead < 0 || ahead > PROMISE_DAYS_MAX)
		return err_set(err, EX_DATAERR, "a promise's day must be from "
		    "today (%s) to %d days ahead, not %s", c->today,
		    PROMISE_DAYS_MAX, c->log->day);
	snprintf(c->day, sizeof c->day, "%s", c->log->day);
	return 0;
}

/*
 * "paid" with no amount pays all that is due now; a partial payment is
 * any part of the balance (the customer may pay ahead of the plan).
 */
static int
payment_check(struct collecting *c, struct err *err)
{
	char checked[DAY_SIZE];

	c->amount = c->log->amount_cents;
	if (c->balance <= 0)
		return err_set(err, EX_DATAERR, "deal %lld is paid in full; "
		    "there is nothing to collect", (long long)c->log->deal);
	if (c->log->outcome == OUT_PAID && c->amount == 0) {
		if (c->due_now == 0)
			return err_set(err, EX_DATAERR, "nothing is due now on "
			    "deal %lld; give --amount for a payment ahead of "
			    "the plan", (long long)c->log->deal);
		c->amount = c->due_now;
	}
	if (c->amount <= 0 || c->amount > c->balance)
		return amount_refuse(c, "a payment", err);
	snprintf(c->day, sizeof c->day, "%s", c->log->day[0] != '\0' ?
	    c->log->day : c->today);
	if (day_add_months(c->day, 0, checked) != 0)
		return err_set(err, EX_DATAERR, "'%s' is not a day; give --date "
		    "as YYYY-MM-DD, or yesterday", c->day);
	if (day_diff(c->today, c->day) > 0)
		return err_set(err, EX_DATAERR, "a payment cannot be made on "
		    "%s, after today (%s); give --date the day it was paid",
		    c->day, c->today);
	return 0;
}

static int
contact_check(struct store *st, struct collecting *c, struct err *err)
{
	static const char sql[] =
	    "SELECT 1 FROM contacts WHERE id = ?1 AND lead_id = ?2"
	    " AND deleted_at IS NULL";
	struct stmt *stmt;
	int rc;

	if (c->log->contact_id == 0)
		return 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->log->contact_id);
	stmt_bind_int64(stmt, 2, c->lead_id);
	rc = db_step(st, stmt, err, "reading the contact");
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW)
		return err_set(err, EX_DATAERR, "lead %lld has no contact %lld; "
		    "see its contacts with 'callq contact list %lld'",
		    (long long)c->lead_id, (long long)c->log->contact_id,
		    (long long)c->lead_id);
	return 0;
}

/* Completes who's open dial of the lead, else writes a new call. */
static int
collect_call(struct store *st, struct collecting *c, struct err *err)
{
	static const char complete[] =
	    "UPDATE calls SET note = ?2, state = 'logged', deal_id = ?3,"
	    " outcome = ?4, contact_id = coalesce(?5, contact_id),"
	    " ended_at = coalesce(ended_at, ?6), duration_s = CASE WHEN ?7 > 0"
	    " THEN ?7 ELSE CASE WHEN coalesce(ended_at, ?6) - started_at > 0"
	    " THEN coalesce(ended_at, ?6) - started_at ELSE 0 END END"
	    " WHERE id = ?1";
	static const char insert[] =
	    "INSERT INTO calls (lead_id, user_id, started_at, ended_at,"
	    " duration_s, note, state, deal_id, outcome, contact_id,"
	    " local_slot, region_id, source_id) VALUES (?1, ?8, ?6,"
	    " CAST(?6 AS BIGINT) + CAST(?7 AS BIGINT),"
	    " ?7, ?2, 'logged', ?3, ?4, ?5," CALL_PLACE("?1", "?6") ")"
	    " RETURNING id";
	const struct collect_log *log = c->log;
	struct stmt *stmt;
	int64_t open = 0;

	if (log->started_at == 0 && calls_open(st, c->lead_id, c->who->id,
	    &open, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, open ? complete : insert, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, open ? open : c->lead_id);
	bind_text(stmt, 2, log->note);
	stmt_bind_int64(stmt, 3, log->deal);
	bind_text(stmt, 4, outcome_key(log->outcome));
	bind_id(stmt, 5, log->contact_id);
	stmt_bind_int64(stmt, 6, log->started_at ? log->started_at :
	    store_now());
	stmt_bind_int(stmt, 7, log->duration_s);
	if (!open)
		stmt_bind_int64(stmt, 8, c->who->id);
	c->res->call_id = open;
	if (open)
		return db_run(st, stmt, err, "recording the call");
	return db_insert(st, stmt, &c->res->call_id, err,
	    "recording the call");
}

static int
collect_payment(struct store *st, struct collecting *c, struct err *err)
{
	struct payment_new p;

	memset(&p, 0, sizeof p);
	p.deal = c->log->deal;
	p.amount_cents = c->amount;
	snprintf(p.paid_on, sizeof p.paid_on, "%s", c->day);
	p.method = c->log->method;
	p.reference = c->log->reference;
	p.note = c->log->note;
	return payment_insert(st, c->who, &p, c->res->call_id,
	    &c->res->payment_id, err);
}

/*
 * The call settles the deal's open promises whose day went by unkept;
 * a payment it records may have kept one (deal_settle ran first).
 */
static int
promises_break(struct store *st, struct collecting *c, struct err *err)
{
	static const char sql[] =
	    "UPDATE promises SET state = 'broken', settled_at = ?3"
	    " WHERE deal_id = ?1 AND state = 'open' AND due_on < ?2";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->log->deal);
	bind_text(stmt, 2, c->today);
	stmt_bind_int64(stmt, 3, store_now());
	if (db_run(st, stmt, err, "settling the broken promises") != 0)
		return err->status;
	c->res->broken = conn_changes(st->conn);
	return 0;
}

static int
promise_insert(struct store *st, struct collecting *c, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO promises (deal_id, user_id, call_id, due_on,"
	    " amount_cents, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " RETURNING id";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->log->deal);
	stmt_bind_int64(stmt, 2, c->who->id);
	stmt_bind_int64(stmt, 3, c->res->call_id);
	bind_text(stmt, 4, c->day);
	stmt_bind_int64(stmt, 5, c->amount);
	stmt_bind_int64(stmt, 6, store_now());
	if (db_insert(st, stmt, &c->res->promise_id, err,
	    "recording the promise") != 0)
		return err->status;
	return 0;
}

/* The deal after the call, and the lead let go of. */
static int
collect_after(struct store *st, struct collecting *c, struct err *err)
{
	static const char deal[] =
	    "SELECT status, amount_cents - paid_cents FROM deals WHERE id = ?1";
	static const char lease[] =
	    "DELETE FROM leases WHERE lead_id = ?1 AND user_id = ?2";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, deal, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->log->deal);
	if ((rc = db_step(st, stmt, err, "reading the deal")) == DB_ROW) {
		snprintf(c->res->deal_state, sizeof c->res->deal_state, "%s",
		    col_text(stmt, 0));
		c->res->balance_cents = stmt_column_int64(stmt, 1);
	}
	stmt_reset(stmt);
	if (rc == -1 || (stmt = stmt_get(st, lease, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->lead_id);
	stmt_bind_int64(stmt, 2, c->who->id);
	return db_run(st, stmt, err, "letting go of the lead");
}

static int
collect_audit(struct store *st, struct collecting *c, struct err *err)
{
	struct details d;
	char buf[32];

	details_begin(&d);
	details_int(&d, "call_id", c->res->call_id);
	details_int(&d, "lead", c->lead_id);
	details_str(&d, "outcome", outcome_key(c->log->outcome));
	if (c->amount != 0) {
		money_format(c->amount, buf, sizeof buf);
		details_str(&d, "amount", buf);
		details_str(&d, "currency", c->currency);
	}
	if (c->day[0] != '\0')
		details_str(&d, "day", c->day);
	if (c->res->broken > 0)
		details_int(&d, "broken", c->res->broken);
	/* The number stays: what the customer dialled is kept in the row. */
	if (c->log->outcome == OUT_WRONG_NUMBER && c->lead.e164[0] != '\0')
		details_str(&d, "wrong_number", c->lead.e164);
	if (c->log->contact_id != 0)
		details_int(&d, "contact", c->log->contact_id);
	if (c->log->note != NULL)
		details_str(&d, "note", c->log->note);
	return audit_write(st, c->who, "deal", c->log->deal, "collect", &d,
	    err);
}

static int
collect_log_tx(struct store *st, void *arg, struct err *err)
{
	struct collecting *c = arg;
	enum outcome o = c->log->outcome;

	memset(c->res, 0, sizeof *c->res);
	c->amount = 0;
	c->day[0] = '\0';
	day_of(store_now(), c->today);
	if (deal_check(st, c, err) != 0 || contact_check(st, c, err) != 0 ||
	    (outcome_takes_promise(o) && promise_check(c, err) != 0) ||
	    (outcome_takes_payment(o) && payment_check(c, err) != 0) ||
	    collect_call(st, c, err) != 0 ||
	    (outcome_takes_payment(o) && collect_payment(st, c, err) != 0) ||
	    deal_settle(st, c->log->deal, store_now(), err) != 0 ||
	    promises_break(st, c, err) != 0 ||
	    (outcome_takes_promise(o) && promise_insert(st, c, err) != 0) ||
	    collect_after(st, c, err) != 0)
		return err->status;
	return collect_audit(st, c, err);
}

int
store_collect_log(struct store *st, const struct actor *who,
    const struct collect_log *log, struct collect_result *res,
    struct err *err)
{
	struct collecting c = { .who = who, .log = log, .res = res };

	if (require(who, ACT_PAYMENT, err) != 0 ||
	    text_check(log->note, "the note", err) != 0)
		return err->status;
	if ((int)log->outcome < 0 || log->outcome >= OUT_COUNT)
		return err_set(err, EX_USAGE, "no such outcome; use one of: "
		    "promise, paid, partial, dispute, no-answer, wrong-number");
	if (!outcome_takes_payment(log->outcome) &&
	    !outcome_takes_promise(log->outcome) && log->amount_cents != 0)
		return err_set(err, EX_USAGE, "'%s' records no amount; drop "
		    "--amount, or log paid, partial or promise",
		    outcome_key(log->outcome));
	return store_tx(st, collect_log_tx, &c, err);
}

/* A recovery agent deals may be given to, and what it holds. */
struct agent {
	int64_t id;
	char    login[64];
	int64_t held;		/* deals it collects that still owe */
	size_t  given;		/* by this call */
	int64_t first_lead;	/* the lead of the first deal given */
	int64_t first_deal;
};

#define AGENTS_MAX 256

struct giving {
	const struct actor *who;
	const int64_t      *deals;
	size_t              n;
	const char         *collector;	/* assign: login or NULL */
	enum collect_spread how;
	int                 spread;
	int                *changed;
	struct agent       *agents;
	size_t              nagents;
};

/*
 * The active recovery agents who may be given deals: a team lead's
 * team's (the floor's for one in no team), anyone's for an admin. Any
 * deal may be given: collections are the floor's, not a team's.
 */
static int
agents_load(struct store *st, struct giving *g, struct err *err)
{
	static const char sql[] =
	    "SELECT u.id, u.login, (SELECT count(*) FROM deals d WHERE"
	    "  d.collector_id = u.id AND d.status <> 'Completed')"
	    " FROM users u WHERE u.active <> 0 AND u.role = 'recovery'"
	    " AND (?1 = 0 OR u.team_id = ?1) ORDER BY u.id";
	struct stmt *stmt;
	struct agent *a;
	int rc = DB_DONE;

	g->nagents = 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, perm_scope(g->who->role,
	    ACT_COLLECT_ASSIGN) == SCOPE_TEAM ? g->who->team_id : 0);
	while (g->nagents < AGENTS_MAX && (rc = db_step(st, stmt, err,
	    "reading the recovery agents")) == DB_ROW) {
		a = &g->agents[g->nagents++];
		memset(a, 0, sizeof *a);
		a->id = stmt_column_int64(stmt, 0);
		snprintf(a->login, sizeof a->login, "%s", col_text(stmt, 1));
		a->held = stmt_column_int64(stmt, 2);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

static struct agent *
agent_named(struct giving *g, const char *login)
{
	size_t i;

	for (i = 0; i < g->nagents; i++)
		if (strcasecmp(g->agents[i].login, login) == 0)
			return &g->agents[i];
	return NULL;
}

/* The deal's lead and collector now; EX_NOINPUT for no such deal. */
static int
deal_holder(struct store *st, int64_t deal, int64_t *lead, int64_t *holder,
    char *login, size_t size, struct err *err)
{
	static const char sql[] =
	    "SELECT d.lead_id, coalesce(d.collector_id, 0), coalesce(u.login,"
	    " '') FROM deals d LEFT JOIN users u ON u.id = d.collector_id"
	    " WHERE d.id = ?1";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, deal);
	if ((rc = db_step(st, stmt, err, "reading the deal")) == DB_ROW) {
		*lead = stmt_column_int64(stmt, 0);
		*holder = stmt_column_int64(stmt, 1);
		snprintf(login, size, "%s", col_text(stmt, 2));
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW)
		return err_set(err, EX_NOINPUT, "no deal %lld; nothing was "
		    "assigned", (long long)deal);
	return 0;
}

/* Gives one deal to agent to (NULL: nobody); audited when it moved. */
static int
deal_give(struct store *st, struct giving *g, int64_t deal, struct agent *to,
    struct err *err)
{
	static const char sql[] =
	    "UPDATE deals SET collector_id = ?2, updated_at = ?3,"
	    " version = version + 1 WHERE id = ?1";
	char from[64];
	int64_t lead = 0, holder = 0;
	struct stmt *stmt;
	struct details d;

	if (deal_holder(st, deal, &lead, &holder, from, sizeof from, err) != 0)
		return err->status;
	if (to != NULL)
		to->held++;
	if (holder == (to != NULL ? to->id : 0))
		return 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, deal);
	bind_id(stmt, 2, to != NULL ? to->id : 0);
	stmt_bind_int64(stmt, 3, store_now());
	if (db_run(st, stmt, err, "assigning the deal") != 0)
		return err->status;
	if (to != NULL && to->given++ == 0) {
		to->first_lead = lead;
		to->first_deal = deal;
	}
	(*g->changed)++;
	details_begin(&d);
	details_int(&d, "lead", lead);
	details_str(&d, "from_collector", from[0] != '\0' ? from : NULL);
	details_str(&d, "collector", to != NULL ? to->login : NULL);
	return audit_write(st, g->who, "deal", deal, "assign", &d, err);
}

/*
 * The deals being spread count for nobody while they are dealt out, so
 * a split evens out what each agent holds afterwards.
 */
static int
held_release(struct store *st, struct giving *g, struct err *err)
{
	char login[64];
	int64_t lead = 0, holder = 0;
	size_t i, k;

	for (k = 0; k < g->n; k++) {
		if (deal_holder(st, g->deals[k], &lead, &holder, login,
		    sizeof login, err) != 0)
			return err->status;
		for (i = 0; i < g->nagents; i++)
			if (g->agents[i].id == holder)
				g->agents[i].held--;
	}
	return 0;
}

/* Split: the agent holding fewest, the first of them on a tie. */
static struct agent *
agent_fewest(struct giving *g)
{
	struct agent *best = &g->agents[0];
	size_t i;

	for (i = 1; i < g->nagents; i++)
		if (g->agents[i].held < best->held)
			best = &g->agents[i];
	return best;
}

/* Each agent given deals hears of it once, linked to the first. */
static int
give_notify(struct store *st, struct giving *g, struct err *err)
{
	char text[256];
	size_t i;
	struct agent *a;

	for (i = 0; i < g->nagents; i++) {
		a = &g->agents[i];
		if (a->given == 0 || a->id == g->who->id)
			continue;
		if (a->given == 1)
			snprintf(text, sizeof text, "%s gave you deal %lld to "
			    "collect", g->who->login, (long long)a->first_deal);
		else
			snprintf(text, sizeof text, "%s gave you %zu deals to "
			    "collect, from deal %lld", g->who->login, a->given,
			    (long long)a->first_deal);
		if (notify_add(st, a->id, "assigned", a->first_lead, 0, text,
		    err) != 0)
			return err->status;
	}
	return 0;
}

static int
give_tx(struct store *st, void *arg, struct err *err)
{
	struct giving *g = arg;
	struct agent *to = NULL;
	size_t k;

	*g->changed = 0;
	if (agents_load(st, g, err) != 0)
		return err->status;
	if (!g->spread && g->collector != NULL &&
	    (to = agent_named(g, g->collector)) == NULL)
		return err_set(err, EX_DATAERR, "'%s' is not an active recovery "
		    "agent%s; give --to a recovery agent's login, or none",
		    g->collector, perm_scope(g->who->role, ACT_COLLECT_ASSIGN) ==
		    SCOPE_TEAM ? " of your team" : "");
	if (g->spread && g->nagents == 0)
		return err_set(err, EX_DATAERR, "there is no active recovery "
		    "agent to spread the deals over; add one with 'callq user "
		    "add LOGIN --role recovery'");
	if (g->spread && held_release(st, g, err) != 0)
		return err->status;
	for (k = 0; k < g->n; k++) {
		if (g->spread)
			to = g->how == SPREAD_SPLIT ? agent_fewest(g) :
			    &g->agents[k % g->nagents];
		if (deal_give(st, g, g->deals[k], to, err) != 0)
			return err->status;
	}
	return give_notify(st, g, err);
}

static int
give(struct store *st, struct giving *g, struct err *err)
{
	struct agent *agents;
	int rc;

	if (require(g->who, ACT_COLLECT_ASSIGN, err) != 0)
		return err->status;
	if ((agents = calloc(AGENTS_MAX, sizeof *agents)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	g->agents = agents;
	rc = store_tx(st, give_tx, g, err);
	free(agents);
	return rc;
}

int
store_collect_assign(struct store *st, const struct actor *who,
    const int64_t *deals, size_t n, const char *collector, int *changed,
    struct err *err)
{
	struct giving g = { .who = who, .deals = deals, .n = n,
	    .collector = collector, .changed = changed };

	return give(st, &g, err);
}

int
store_collect_spread(struct store *st, const struct actor *who,
    const int64_t *deals, size_t n, enum collect_spread how, int *changed,
    struct err *err)
{
	struct giving g = { .who = who, .deals = deals, .n = n, .how = how,
	    .spread = 1, .changed = changed };

	return give(st, &g, err);
}

/*
 * ?1 the reader, ?2 its deal scope (enum scope), ?3 the deal (0: all),
 * ?4 today: an open promise past its day reads broken.
 */
#define PROMISE_SQL \
	"SELECT p.id, p.deal_id, l.name, p.due_on, p.amount_cents," \
	" CASE WHEN p.state = 'open' AND p.due_on < ?4 THEN 'broken'" \
	" ELSE p.state END, u.login, p.created_at" \
	" FROM promises p JOIN deals d ON d.id = p.deal_id" \
	" JOIN leads l ON l.id = d.lead_id JOIN users u ON u.id = p.user_id" \
	" WHERE (?3 = 0 OR p.deal_id = ?3) AND l.deleted_at IS NULL" \
	" AND (?2 = 4 OR ?2 = 3 OR (?2 = 2 AND d.collector_id = ?1)" \
	"  OR (?2 = 1 AND (d.owner_id = ?1 OR l.owner_id = ?1)))" \
	" ORDER BY p.created_at DESC, p.id DESC"

int
store_promise_list(struct store *st, const struct actor *who,
    int64_t deal, int (*each)(const struct promise *, void *), void *arg,
    struct err *err)
{
	static const char sql[] = PROMISE_SQL;
	struct promise p;
	struct stmt *stmt;
	char today[DAY_SIZE];
	int rc;

	if (require(who, ACT_DEAL_READ, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	day_of(store_now(), today);
	stmt_bind_int64(stmt, 1, who->id);
	stmt_bind_int(stmt, 2, perm_scope(who->role, ACT_DEAL_READ));
	stmt_bind_int64(stmt, 3, deal);
	bind_text(stmt, 4, today);
	while ((rc = db_step(st, stmt, err, "reading the promises")) ==
	    DB_ROW) {
		memset(&p, 0, sizeof p);
		p.id = stmt_column_int64(stmt, 0);
		p.deal_id = stmt_column_int64(stmt, 1);
		p.lead_name = col_text(stmt, 2);
		p.due_on = col_text(stmt, 3);
		p.amount_cents = stmt_column_int64(stmt, 4);
		p.state = col_text(stmt, 5);
		p.user = col_text(stmt, 6);
		p.created_at = (time_t)stmt_column_int64(stmt, 7);
		if (each(&p, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
