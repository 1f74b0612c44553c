#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/assign.h"
#include "callq/plural.h"
#include "callq/rotation.h"
#include "leadrow.h"

static const char *const method_names[] = {
	[ASSIGN_MANUAL] = "manual", [ASSIGN_ROUND_ROBIN] = "round-robin",
	[ASSIGN_SPLIT] = "split", [ASSIGN_UNASSIGN] = "manual",
};

const char *
assign_method_name(enum assign_method method)
{
	return method_names[method];
}

/*
 * The users of who's team (the whole floor for one in no team) with
 * their attendance now and their open leads (kept in owner_counts, not
 * counted per rep on each draw of the picker); ?2 1 for reps only.
 */
#define REPS_SQL \
	"SELECT u.id, u.login, u.role, coalesce((SELECT a.state FROM" \
	"  attendance a WHERE a.user_id = u.id ORDER BY a.at DESC, a.id DESC" \
	"  LIMIT 1), 'out'), coalesce((SELECT o.open FROM owner_counts o" \
	"  WHERE o.user_id = u.id), 0) FROM users u WHERE u.active <> 0" \
	" AND (?1 = 0 OR u.team_id = ?1) AND u.role IN ('rep', 'lead'," \
	" 'recovery') AND (?2 = 0 OR u.role = 'rep')"

static void
rep_from_row(struct stmt *stmt, struct assign_rep *r)
{
	const char *s = col_text(stmt, 3);

	r->id = stmt_column_int64(stmt, 0);
	snprintf(r->login, sizeof r->login, "%s", col_text(stmt, 1));
	if (role_parse(col_text(stmt, 2), &r->role) != 0)
		r->role = ROLE_REP;
	r->state = s[0] == 'i' ? ATT_IN : s[0] == 'p' ? ATT_PAUSED : ATT_OUT;
	r->open_leads = stmt_column_int64(stmt, 4);
}

/* A team lead gives leads within the team; an admin in none, anywhere. */
static int64_t
team_of(const struct actor *who)
{
	return perm_scope(who->role, ACT_LEAD_ASSIGN) == SCOPE_TEAM ||
	    who->team_id != 0 ? who->team_id : 0;
}

int
store_assign_reps(struct store *st, const struct actor *who,
    int (*each)(const struct assign_rep *, void *), void *arg,
    struct err *err)
{
	static const char sql[] = REPS_SQL " ORDER BY u.login";
	struct assign_rep r;
	struct stmt *stmt;
	int rc;

	if (require(who, ACT_LEAD_ASSIGN, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, team_of(who));
	stmt_bind_int(stmt, 2, 0);
	while ((rc = db_step(st, stmt, err, "reading the reps")) == DB_ROW) {
		rep_from_row(stmt, &r);
		if (each(&r, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* Round-robin's reps: checked in, not paused, in rotation (id) order. */
static int
plan_round_robin(struct store *st, const struct actor *who,
    struct assign_plan *p, struct err *err)
{
	static const char sql[] = REPS_SQL " ORDER BY u.id";
	static const char last[] =
	    "SELECT last_user_id FROM rotations WHERE team_id = ?";
	int64_t ids[ASSIGN_MAX_REPS], prev = 0;
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, team_of(who));
	stmt_bind_int(stmt, 2, 1);
	while ((rc = db_step(st, stmt, err, "reading the reps")) ==
	    DB_ROW && p->nreps < ASSIGN_MAX_REPS) {
		rep_from_row(stmt, &p->reps[p->nreps]);
		if (p->reps[p->nreps].state == ATT_IN)
			ids[p->nreps] = p->reps[p->nreps].id, p->nreps++;
	}
	stmt_reset(stmt);
	if (rc == -1 || (stmt = stmt_get(st, last, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, team_of(who));
	if ((rc = db_step(st, stmt, err, "reading the rotation")) == DB_ROW)
		prev = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (p->nreps == 0)
		return err_set(err, EX_UNAVAILABLE, "no rep can take leads now: "
		    "round-robin deals to reps who are checked in and not "
		    "paused; nothing was assigned");
	p->start = rotation_start(ids, p->nreps, prev);
	rotation_deal(p->nreps, p->start, p->nleads, p->counts);
	return 0;
}

static int
rep_by_login(const struct assign_rep *r, size_t n, const char *login)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(r[i].login, login) == 0)
			return (int)i;
	return -1;
}

static int
rep_take(const struct assign_rep *r, void *arg)
{
	struct assign_plan *all = arg;

	if (all->nreps < ASSIGN_MAX_REPS)
		all->reps[all->nreps++] = *r;
	return 0;
}

static int
fewest_first(const void *a, const void *b)
{
	const struct assign_rep *x = a, *y = b;

	if (x->open_leads != y->open_leads)
		return x->open_leads < y->open_leads ? -1 : 1;
	return strcmp(x->login, y->login);
}

/* Manual and split: the users named, each one who may be given leads. */
static int
plan_named(struct store *st, const struct actor *who, const char *const *logins,
    size_t nlogins, struct assign_plan *p, struct err *err)
{
	struct assign_plan *all = calloc(1, sizeof *all);
	size_t i;
	int k;

	if (all == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	if (store_assign_reps(st, who, rep_take, all, err) != 0)
		goto out;
	for (i = 0; i < nlogins && p->nreps < ASSIGN_MAX_REPS; i++) {
		if ((k = rep_by_login(all->reps, all->nreps, logins[i])) < 0) {
			err_set(err, EX_DATAERR, "'%s' cannot be given leads by "
			    "%s: no active rep of that login%s; see: callq user "
			    "list", logins[i], who->login, team_of(who) ?
			    " in the team" : "");
			goto out;
		}
		if (rep_by_login(p->reps, p->nreps, logins[i]) < 0)
			p->reps[p->nreps++] = all->reps[k];
	}
	qsort(p->reps, p->nreps, sizeof p->reps[0], fewest_first);
	split_counts(p->nreps, p->nleads, p->counts);
out:
	free(all);
	return err->status;
}

int
store_assign_plan(struct store *st, const struct actor *who,
    enum assign_method method, const char *const *logins, size_t nlogins,
    size_t nleads, struct assign_plan *p, struct err *err)
{
	memset(p, 0, sizeof *p);
	p->method = method;
	p->nleads = nleads;
	if (require(who, ACT_LEAD_ASSIGN, err) != 0)
		return err->status;
	switch (method) {
	case ASSIGN_ROUND_ROBIN:
		return plan_round_robin(st, who, p, err);
	case ASSIGN_MANUAL:
		if (nlogins != 1)
			return err_set(err, EX_USAGE, "give one login to assign "
			    "to");
		return plan_named(st, who, logins, 1, p, err);
	case ASSIGN_SPLIT:
		if (nlogins == 0)
			return err_set(err, EX_USAGE, "name the reps to split "
			    "over");
		return plan_named(st, who, logins, nlogins, p, err);
	case ASSIGN_UNASSIGN:
		break;
	}
	return 0;
}

void
assign_plan_text(const struct assign_plan *p, int done, char *buf,
    size_t size)
{
	const char *verb = done ? "ed" : "";
	size_t i, len, shown = 0;

	if (p->method == ASSIGN_UNASSIGN) {
		snprintf(buf, size, "Unassign%s %zu %s", verb, p->nleads,
		    plural((long long)p->nleads, "lead", "leads"));
		return;
	}
	snprintf(buf, size, "Assign%s %zu %s%s:", verb, p->nleads,
	    plural((long long)p->nleads, "lead", "leads"), p->method == ASSIGN_ROUND_ROBIN ?
	    " round-robin" : p->method == ASSIGN_SPLIT ? " split evenly" : "");
	for (i = 0; i < p->nreps; i++) {
		if (p->counts[i] == 0 && p->method == ASSIGN_ROUND_ROBIN)
			continue;
		len = strlen(buf);
		if (len + 40 > size) {
			snprintf(buf + len, size - len, " ... (%zu %s)",
			    p->nreps, plural((long long)p->nreps, "rep",
			    "reps"));
			return;
		}
		snprintf(buf + len, size - len, "%s %s %zu", shown++ ? "," : "",
		    p->reps[i].login, p->counts[i]);
	}
}

/* The rep index lead k of the plan goes to. */
static size_t
plan_rep_of(const struct assign_plan *p, size_t k)
{
	size_t i, seen = 0;

	if (p->method == ASSIGN_ROUND_ROBIN)
		return (p->start + k) % p->nreps;
	for (i = 0; i < p->nreps; i++) {
		seen += p->counts[i];
		if (k < seen)
			return i;
	}
	return 0;
}

struct assigning {
	const struct actor *who;
	const int64_t      *ids;
	size_t              n;
	enum assign_method  method;
	const char *const  *logins;
	size_t              nlogins;
	struct assign_plan *plan;
	int64_t            *first;	/* each rep's first lead, to link */
	size_t              from, to;	/* the chunk being written */
};

/*
 * Leads per transaction: a team lead's 10,000 leads must not hold the
 * write lock for long, nor keep every rep's log waiting behind them.
 */
#define ASSIGN_CHUNK 500

/* Checks and writes one lead's new owner, with its assignment and audit. */
static int
lead_assign_one(struct store *st, struct assigning *a, int64_t id,
    const struct assign_rep *to, struct err *err)
{
	static const char set[] =
	    "UPDATE leads SET owner_id = ?2, version = version + 1,"
	    " updated_at = ?3 WHERE id = ?1";
	static const char row[] =
	    "INSERT INTO assignments (lead_id, user_id, assigned_by, method, at)"
	    " VALUES (?1, ?2, ?4, ?5, ?3)";
	const char *const sqls[] = { set, row };
	struct lead_now ln;
	struct details d;
	struct stmt *stmt;
	size_t i;

	if (lead_may(st, a->who, id, ACT_LEAD_ASSIGN, &ln, err) != 0)
		return err->status;
	for (i = 0; i < 2; i++) {
		if ((stmt = stmt_get(st, sqls[i], err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, id);
		bind_id(stmt, 2, to ? to->id : 0);
		stmt_bind_int64(stmt, 3, store_now());
		if (i == 1) {
			stmt_bind_int64(stmt, 4, a->who->id);
			bind_text(stmt, 5, assign_method_name(a->method));
		}
		if (db_run(st, stmt, err, "assigning the lead") != 0)
			return err->status;
	}
	details_begin(&d);
	if (ln.owner[0] != '\0')
		details_str(&d, "from_owner", ln.owner);
	details_str(&d, "owner", to ? to->login : NULL);
	details_str(&d, "method", assign_method_name(a->method));
	if (to != NULL && to->id != a->who->id)
		details_str(&d, "notified", to->login);
	return audit_write(st, a->who, "lead", id, "assign", &d, err);
}

/* Each rep given leads hears of it once, linked to the first of them. */
static int
assign_notify(struct store *st, const struct assigning *a, struct err *err)
{
	const struct assign_plan *p = a->plan;
	char text[256];
	size_t i;

	for (i = 0; i < p->nreps; i++) {
		if (p->counts[i] == 0 || p->reps[i].id == a->who->id)
			continue;
		if (p->counts[i] == 1)
			snprintf(text, sizeof text, "%s assigned you lead %lld",
			    a->who->login, (long long)a->first[i]);
		else
			snprintf(text, sizeof text, "%s assigned you %zu leads "
			    "(%s), from lead %lld", a->who->login, p->counts[i],
			    assign_method_name(p->method), (long long)a->first[i]);
		if (notify_add(st, p->reps[i].id, "assigned", a->first[i], 0,
		    text, err) != 0)
			return err->status;
	}
	return 0;
}

/* Round-robin goes on, next time, after the rep given the last lead. */
static int
rotation_save(struct store *st, const struct assigning *a, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO rotations (team_id, last_user_id) VALUES (?1, ?2)"
	    " ON CONFLICT (team_id) DO UPDATE SET last_user_id = ?2";
	const struct assign_plan *p = a->plan;
	struct stmt *stmt;

	if (p->method != ASSIGN_ROUND_ROBIN || p->nleads == 0)
		return 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, team_of(a->who));
	stmt_bind_int64(stmt, 2,
	    p->reps[plan_rep_of(p, p->nleads - 1)].id);
	return db_run(st, stmt, err, "saving the rotation");
}

/*
 * One chunk: the first works out the plan (again, in a transaction, so
 * that it holds what it read); the last tells the reps and saves where
 * round-robin goes on.
 */
static int
assign_tx(struct store *st, void *arg, struct err *err)
{
	struct assigning *a = arg;
	struct assign_plan *p = a->plan;
	size_t k, r;

	if (a->from == 0) {
		if (store_assign_plan(st, a->who, a->method, a->logins,
		    a->nlogins, a->n, p, err) != 0)
			return err->status;
		memset(a->first, 0, sizeof a->first[0] * ASSIGN_MAX_REPS);
	}
	for (k = a->from; k < a->to; k++) {
		r = a->method == ASSIGN_UNASSIGN ? 0 : plan_rep_of(p, k);
		if (a->method != ASSIGN_UNASSIGN && a->first[r] == 0)
			a->first[r] = a->ids[k];
		if (lead_assign_one(st, a, a->ids[k], a->method ==
		    ASSIGN_UNASSIGN ? NULL : &p->reps[r], err) != 0)
			return err->status;
	}
	if (a->to < a->n)
		return 0;
	if (assign_notify(st, a, err) != 0)
		return err->status;
	return rotation_save(st, a, err);
}

/* Any lead who may not assign refuses the whole action, before a write. */
static int
assign_check(struct store *st, const struct assigning *a, struct err *err)
{
	struct lead_now ln;
	size_t k;

	for (k = 0; k < a->n; k++)
		if (lead_may(st, a->who, a->ids[k], ACT_LEAD_ASSIGN, &ln,
		    err) != 0)
			return err->status;
	return 0;
}

/* The chunks in turn; one that fails says how many went before it. */
static int
assign_chunks(struct store *st, struct assigning *a, struct err *err)
{
	char why[sizeof err->msg];

	for (a->from = 0; a->from < a->n; a->from = a->to) {
		a->to = a->n - a->from > ASSIGN_CHUNK ? a->from + ASSIGN_CHUNK :
		    a->n;
		if (store_tx(st, assign_tx, a, err) == 0)
			continue;
		if (a->from > 0) {
			snprintf(why, sizeof why, "%s", err->msg);
			err_set(err, err->status, "%zu of the %zu %s were "
			    "given before this: %s", a->from, a->n,
			    plural((long long)a->n, "lead", "leads"), why);
		}
		return err->status;
	}
	return 0;
}

int
store_assign(struct store *st, const struct actor *who, const int64_t *ids,
    size_t n, enum assign_method method, const char *const *logins,
    size_t nlogins, struct assign_plan *done, struct err *err)
{
	struct assigning a = { who, ids, n, method, logins, nlogins, done,
	    NULL, 0, 0 };
	int rc;

	if (n == 0)
		return err_set(err, EX_USAGE, "no leads to assign: mark some, or"
		    " name their IDs");
	if (require(who, ACT_LEAD_ASSIGN, err) != 0 ||
	    assign_check(st, &a, err) != 0)
		return err->status;
	if ((a.first = calloc(ASSIGN_MAX_REPS, sizeof *a.first)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	rc = assign_chunks(st, &a, err);
	free(a.first);
	return rc;
}
