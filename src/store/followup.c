#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/followup.h"
#include "callq/plural.h"
#include "callq/settings.h"
#include "callq/text.h"
#include "callq/when.h"
#include "leadrow.h"

int
lead_followup_refresh(struct store *st, int64_t lead, struct err *err)
{
	static const char sql[] =
	    "UPDATE leads SET next_followup_at = (SELECT min(due_at) FROM"
	    " followups WHERE lead_id = ?1 AND state = 'open') WHERE id = ?1";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	return db_run(st, stmt, err, "updating the next follow-up");
}

static int
followup_audit(struct store *st, const struct actor *who, int64_t lead,
    const char *action, int64_t id, time_t due, struct err *err)
{
	struct details d;

	details_begin(&d);
	details_int(&d, "followup_id", id);
	if (due != 0)
		details_int(&d, "due_at", due);
	return audit_write(st, who, "lead", lead, action, &d, err);
}

int
followup_close_for_lead(struct store *st, const struct actor *who,
    int64_t lead, enum followup_close why, int64_t keep, struct err *err)
{
	static const char sql[] =
	    "UPDATE followups SET state = 'cancelled', done_at = ?2,"
	    " outcome = ?3 || coalesce((SELECT ': ' || c.name FROM leads l"
	    "  JOIN choices c ON c.id = l.drop_reason_id WHERE l.id = ?1"
	    "  AND ?4 <> 0), '')"
	    " WHERE lead_id = ?1 AND state = 'open'"
	    " AND id IS DISTINCT FROM ?5";
	static const char *const outcomes[] = {
		[FOLLOWUP_CLOSE_CONVERTED] = "closed: the lead was converted",
		[FOLLOWUP_CLOSE_LOST] = "closed: the lead was lost",
		[FOLLOWUP_CLOSE_DNC] = "closed: the number is on do-not-call",
		[FOLLOWUP_CLOSE_DELETED] = "closed: the lead was deleted",
	};
	struct stmt *stmt;
	struct details d;
	int n;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, store_now());
	bind_text(stmt, 3, outcomes[why]);
	stmt_bind_int(stmt, 4, why == FOLLOWUP_CLOSE_LOST);
	bind_id(stmt, 5, keep);
	if (db_run(st, stmt, err, "closing the lead's follow-ups") != 0)
		return err->status;
	if ((n = conn_changes(st->conn)) == 0)
		return 0;
	if (lead_followup_refresh(st, lead, err) != 0)
		return err->status;
	details_begin(&d);
	details_int(&d, "closed", n);
	details_str(&d, "outcome", outcomes[why]);
	return audit_write(st, who, "lead", lead, "followups-closed", &d, err);
}

int
followup_close_for_number(struct store *st, const struct actor *who,
    const char *e164, struct err *err)
{
	static const char sql[] =
	    "SELECT DISTINCT f.lead_id FROM followups f JOIN phones p"
	    " ON p.lead_id = f.lead_id WHERE p.e164 = ? AND f.state = 'open'";
	/*
	 * Under a user's own role other users' follow-ups are out of reach:
	 * the server closes them, and audits each lead as below.
	 */
	static const char own_sql[] = "SELECT callq_dnc_close(?)";
	int64_t ids[64];
	struct stmt *stmt;
	int n, i, rc;

	if (st->own_role) {
		if ((stmt = stmt_get(st, own_sql, err)) == NULL)
			return err->status;
		bind_text(stmt, 1, e164);
		return db_run(st, stmt, err, "closing the number's follow-ups");
	}
	/* Closing changes what the query reads: take a batch, then close. */
	do {
		if ((stmt = stmt_get(st, sql, err)) == NULL)
			return err->status;
		bind_text(stmt, 1, e164);
		n = 0;
		while (n < 64 && (rc = db_step(st, stmt, err,
		    "finding the number's follow-ups")) == DB_ROW)
			ids[n++] = stmt_column_int64(stmt, 0);
		stmt_reset(stmt);
		if (rc == -1)
			return err->status;
		for (i = 0; i < n; i++)
			if (followup_close_for_lead(st, who, ids[i],
			    FOLLOWUP_CLOSE_DNC, 0, err) != 0)
				return err->status;
	} while (n == 64);
	return 0;
}

/* Names the active follow-up reasons, for a sentence that refuses one. */
static int
reason_name_add(const char *name, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	snprintf(buf + len, 512 - len, "%s%s", len ? ", " : "", name);
	return 0;
}

static int
reason_find(struct store *st, const char *name, int64_t *id, struct err *err)
{
	static const char sql[] = "SELECT id FROM choices WHERE list ="
	    " 'followup' AND name = ? AND active <> 0";
	char names[512] = "";
	struct stmt *stmt;
	struct err ignored;
	int rc;

	*id = 0;
	if (name == NULL)
		return 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, name);
	if ((rc = db_step(st, stmt, err, "finding the follow-up reason")) ==
	    DB_ROW)
		*id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc != DB_DONE)
		return rc == -1 ? err->status : 0;
	store_followup_reasons(st, reason_name_add, names, &ignored);
	return err_set(err, EX_DATAERR, "no follow-up reason '%s'; use one of: "
	    "%s", name, names);
}

/* The lead's zones and whether its number is on do-not-call. */
static int
lead_zones(struct store *st, int64_t lead, char *zones, size_t size,
    int *dnc, struct err *err)
{
	static const char sql[] =
	    "SELECT timezone, EXISTS (SELECT 1 FROM dnc d"
	    " WHERE d.phone_e164 = l.phone_e164) FROM leads l WHERE id = ?";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	zones[0] = '\0';
	*dnc = 0;
	if ((rc = db_step(st, stmt, err, "reading the lead's zones")) ==
	    DB_ROW) {
		snprintf(zones, size, "%s", col_text(stmt, 0));
		*dnc = stmt_column_int(stmt, 1);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* Weighs due against the lead's calling hours into fit. */
static int
fit_find(struct store *st, int64_t lead, const struct lead_now *ln,
    time_t due, struct followup_fit *fit, int *dnc, struct err *err)
{
	struct hours_rules rules;
	time_t now = store_now();

	memset(fit, 0, sizeof *fit);
	snprintf(fit->country, sizeof fit->country, "%s", ln->country);
	if (lead_zones(st, lead, fit->zones, sizeof fit->zones, dnc, err) != 0 ||
	    store_hours_rules(st, &rules, err) != 0)
		return err->status;
	fit->hours = hours_window_for(&rules, ln->country, ln->state);
	/* A time gone by books nothing to dial: only one ahead is weighed. */
	fit->open = due <= now || hours_check_at(&rules, fit->zones,
	    ln->country, ln->state, due, now, WHEN_GRACE_MINUTES * 60,
	    &fit->nearest) != HOURS_CLOSED;
	return 0;
}

int
followup_check(struct store *st, int64_t lead, const struct lead_now *ln,
    time_t due, const char *reason, int64_t *reason_id, struct err *err)
{
	struct followup_fit fit;
	char when[128], near[128], hours[48];
	int dnc;

	if (ln->status == ST_LOST)
		return err_set(err, EX_DATAERR, "lead %lld is Lost, so no "
		    "follow-up was booked; reopen it (--status 'In Progress') "
		    "first", (long long)lead);
	if (fit_find(st, lead, ln, due, &fit, &dnc, err) != 0)
		return err->status;
	if (dnc)
		return err_set(err, EX_DATAERR, "lead %lld's number %s is on the"
		    " do-not-call list, so no follow-up was booked",
		    (long long)lead, ln->e164);
	if (reason_find(st, reason, reason_id, err) != 0)
		return err->status;
	if (fit.open)
		return 0;
	hours_when_both(due, store_now(), fit.zones, fit.country, when,
	    sizeof when);
	snprintf(hours, sizeof hours, "%02d:%02d-%02d:%02d its time",
	    fit.hours.open / 60, fit.hours.open % 60, fit.hours.close / 60,
	    fit.hours.close % 60);
	if (fit.nearest == 0)
		return err_set(err, EX_DATAERR, "%s is outside lead %lld's "
		    "calling hours (%s), and none open within two days; no "
		    "follow-up was booked", when, (long long)lead, hours);
	hours_when_both(fit.nearest, store_now(), fit.zones, fit.country, near,
	    sizeof near);
	return err_set(err, EX_DATAERR, "%s is outside lead %lld's calling "
	    "hours (%s); the nearest allowed time is %s", when,
	    (long long)lead, hours, near);
}

int
store_followup_fit(struct store *st, const struct actor *who, int64_t lead,
    time_t due, struct followup_fit *fit, struct err *err)
{
	struct lead_now ln;
	int dnc;

	if (lead_may(st, who, lead, ACT_LEAD_READ, &ln, err) != 0)
		return err->status;
	return fit_find(st, lead, &ln, due, fit, &dnc, err);
}

int
store_followup_far(struct store *st, time_t due, char *why, size_t size)
{
	int days = store_setting_int(st, "followup_max_days", 4);
	time_t now = store_now();
	long long ahead;

	if (days <= 0 || due <= now + (time_t)days * 86400)
		return 0;
	ahead = (due - now + 86399) / 86400;
	snprintf(why, size, "that is %lld %s ahead, past the %d %s "
	    "followup_max_days allows between follow-ups", ahead,
	    plural(ahead, "day", "days"), days, plural(days, "day", "days"));
	return 1;
}

int
store_followup_reasons(struct store *st, int (*each)(const char *, void *),
    void *arg, struct err *err)
{
	static const char sql[] =
	    "SELECT name FROM choices WHERE list = 'followup' AND active <> 0"
	    " ORDER BY position, id";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the follow-up reasons")) ==
	    DB_ROW)
		if (each(col_text(stmt, 0), arg) != 0)
			break;
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

struct fu_add {
	const struct actor *who;
	const struct followup_new *n;
	int64_t id;
};

static int
followup_add_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO followups (lead_id, user_id, due_at, note, reason_id,"
	    " created_at) VALUES (?,?,?,?,?,?) RETURNING id";
	struct fu_add *a = arg;
	const struct followup_new *n = a->n;
	struct lead_now ln;
	struct stmt *stmt;
	int64_t reason;

	if (lead_may(st, a->who, n->lead, ACT_FOLLOWUP, &ln, err) != 0 ||
	    lease_check_for_write(st, a->who, n->lead, "schedule a "
	    "follow-up", NULL, err) != 0 ||
	    followup_check(st, n->lead, &ln, n->due, n->reason, &reason,
	    err) != 0 || lead_claim(st, a->who, n->lead, &ln, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, n->lead);
	stmt_bind_int64(stmt, 2, a->who->id);
	stmt_bind_int64(stmt, 3, n->due);
	bind_text(stmt, 4, n->note);
	bind_id(stmt, 5, reason);
	stmt_bind_int64(stmt, 6, store_now());
	if (db_insert(st, stmt, &a->id, err, "scheduling the follow-up") != 0)
		return err->status;
	if (lead_followup_refresh(st, n->lead, err) != 0)
		return err->status;
	return followup_audit(st, a->who, n->lead, "followup-add", a->id,
	    n->due, err);
}

int
store_followup_book(struct store *st, const struct actor *who,
    const struct followup_new *n, int64_t *id, struct err *err)
{
	struct fu_add a = { who, n, 0 };

	if (require(who, ACT_FOLLOWUP, err) != 0 ||
	    text_check(n->note, "the follow-up's note", err) != 0)
		return err->status;
	if (store_tx(st, followup_add_tx, &a, err) != 0)
		return err->status;
	*id = a.id;
	return 0;
}

int
store_followup_add(struct store *st, const struct actor *who, int64_t lead,
    time_t due, const char *note, int64_t *id, struct err *err)
{
	struct followup_new n = { lead, due, note, NULL };

	return store_followup_book(st, who, &n, id, err);
}

/* Closing one (due 0) or moving it to due. */
struct fu_change {
	const struct actor *who;
	int64_t id;
	const char *outcome;
	time_t due;
};

/*
 * Finds open follow-up id the actor may change; sets *lead. A follow-up
 * of a lead the actor may not see is missing, closed or not.
 */
static int
followup_open_find(struct store *st, const struct fu_change *a, int64_t *lead,
    struct lead_now *ln, struct err *err)
{
	static const char find[] =
	    "SELECT lead_id, state FROM followups WHERE id = ?";
	struct stmt *stmt;
	int rc, open = 0;

	if ((stmt = stmt_get(st, find, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, a->id);
	if ((rc = db_step(st, stmt, err, "finding the follow-up")) ==
	    DB_ROW) {
		*lead = stmt_column_int64(stmt, 0);
		open = stmt_column_text(stmt, 1)[0] == 'o';
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc == DB_DONE ||
	    (rc = lead_load(st, a->who, *lead, ln, err)) == EX_NOINPUT)
		return err_set(err, EX_NOINPUT, "no follow-up %lld that %s may "
		    "see; see: callq followup list", (long long)a->id,
		    a->who->login);
	if (rc != 0)
		return rc;
	if (!open)
		return err_set(err, EX_DATAERR, "follow-up %lld is already "
		    "closed", (long long)a->id);
	if (!perm_lead_allows(a->who->role, ACT_FOLLOWUP, &ln->ctx))
		return deny_lead(a->who, ACT_FOLLOWUP, *lead, ln, err);
	return 0;
}

static int
followup_change_tx(struct store *st, void *arg, struct err *err)
{
	static const char done[] =
	    "UPDATE followups SET state = 'done', done_at = ?1, outcome = ?3"
	    " WHERE id = ?2";
	static const char move[] =
	    "UPDATE followups SET due_at = ?1 WHERE id = ?2";
	struct fu_change *a = arg;
	struct lead_now ln;
	struct stmt *stmt;
	int64_t lead = 0, reason;

	if (followup_open_find(st, a, &lead, &ln, err) != 0 ||
	    lease_check_for_write(st, a->who, lead, "change a follow-up",
	    NULL, err) != 0 || (a->due != 0 &&
	    followup_check(st, lead, &ln, a->due, NULL, &reason, err) != 0))
		return err->status;
	if ((stmt = stmt_get(st, a->due ? move : done, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, a->due ? a->due : store_now());
	stmt_bind_int64(stmt, 2, a->id);
	if (a->due == 0)
		bind_text(stmt, 3, a->outcome);
	if (db_run(st, stmt, err, "changing the follow-up") != 0 ||
	    lead_followup_refresh(st, lead, err) != 0)
		return err->status;
	return followup_audit(st, a->who, lead, a->due ? "followup-move" :
	    "followup-done", a->id, a->due, err);
}

int
store_followup_done(struct store *st, const struct actor *who, int64_t id,
    const char *outcome, struct err *err)
{
	struct fu_change a = { who, id, outcome, 0 };

	if (require(who, ACT_FOLLOWUP, err) != 0 ||
	    text_check(outcome, "the outcome", err) != 0)
		return err->status;
	return store_tx(st, followup_change_tx, &a, err);
}

int
store_followup_move(struct store *st, const struct actor *who, int64_t id,
    time_t due, struct err *err)
{
	struct fu_change a = { who, id, NULL, due };

	if (require(who, ACT_FOLLOWUP, err) != 0)
		return err->status;
	return store_tx(st, followup_change_tx, &a, err);
}

/* Steps a query of the follow-up columns, calling each; resets it. */
static int
followup_rows(struct store *st, struct stmt *stmt,
    int (*each)(const struct followup *, void *), void *arg,
    struct err *err)
{
	struct followup f;
	int rc;

	while ((rc = db_step(st, stmt, err, "listing follow-ups")) ==
	    DB_ROW) {
		f.id = stmt_column_int64(stmt, 0);
		f.lead_id = stmt_column_int64(stmt, 1);
		f.lead_name = col_text(stmt, 2);
		f.phone_e164 = col_text(stmt, 3);
		f.user = col_text(stmt, 4);
		f.note = col_text(stmt, 5);
		f.state = col_text(stmt, 6);
		f.due_at = (time_t)stmt_column_int64(stmt, 7);
		f.outcome = col_text(stmt, 8);
		f.reason = col_text(stmt, 9);
		f.zones = col_text(stmt, 10);
		f.country = col_text(stmt, 11);
		if (each(&f, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_followup_list(struct store *st, const struct actor *who,
    const char *login, enum followup_which which,
    int (*each)(const struct followup *, void *), void *arg,
    struct err *err)
{
	static const char sql[] =
	    "SELECT f.id, f.lead_id, l.name, l.phone_e164, u.login, f.note,"
	    " f.state, f.due_at, f.outcome, c.name, l.timezone,"
	    " coalesce(l.country, r.country) FROM followups f"
	    " JOIN leads l ON l.id = f.lead_id JOIN users u ON u.id = f.user_id"
	    " LEFT JOIN choices c ON c.id = f.reason_id"
	    " LEFT JOIN regions r ON r.id = l.region_id"
	    " WHERE u.login = ?1 AND f.state = 'open' AND l.deleted_at IS NULL"
	    " AND f.due_at >= ?2 AND f.due_at < ?3"
	    " AND (?4 OR u.id = ?5 OR u.team_id = ?6)"
	    " ORDER BY f.due_at, f.id";
	time_t now = store_now(), grace = now - WHEN_GRACE_MINUTES * 60;
	time_t from = 0, to = INT64_MAX;
	struct stmt *stmt;
	struct tm tm;

	if (login != NULL && perm_scope(who->role, ACT_AUDIT_READ) ==
	    SCOPE_NONE && strcmp(login, who->login) != 0)
		return err_set(err, EX_NOPERM, "%s is %s and sees only their "
		    "own follow-ups", who->login, role_title(who->role));
	if (which == FOLLOWUP_MISSED)
		to = grace;
	else if (which == FOLLOWUP_DUE) {
		localtime_r(&now, &tm);
		tm.tm_mday++;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		from = grace;
		to = mktime(&tm);
	}
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, login != NULL ? login : who->login);
	stmt_bind_int64(stmt, 2, from);
	stmt_bind_int64(stmt, 3, to);
	/* Whose follow-ups: as far as the audit the actor reads reaches. */
	stmt_bind_int(stmt, 4,
	    perm_scope(who->role, ACT_AUDIT_READ) == SCOPE_ALL);
	stmt_bind_int64(stmt, 5, who->id);
	bind_id(stmt, 6, who->team_id);
	return followup_rows(st, stmt, each, arg, err);
}

int
store_followup_of_lead(struct store *st, const struct actor *who,
    int64_t lead, int (*each)(const struct followup *, void *), void *arg,
    struct err *err)
{
	static const char sql[] =
	    "SELECT f.id, f.lead_id, l.name, l.phone_e164, u.login, f.note,"
	    " f.state, f.due_at, f.outcome, c.name, l.timezone,"
	    " coalesce(l.country, r.country) FROM followups f"
	    " JOIN leads l ON l.id = f.lead_id JOIN users u ON u.id = f.user_id"
	    " LEFT JOIN choices c ON c.id = f.reason_id"
	    " LEFT JOIN regions r ON r.id = l.region_id"
	    " WHERE f.lead_id = ?1"
	    " ORDER BY f.state <> 'open', f.due_at DESC, f.id DESC";
	struct lead_now ln;
	struct stmt *stmt;

	if (lead_may(st, who, lead, ACT_LEAD_READ, &ln, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	return followup_rows(st, stmt, each, arg, err);
}

int
store_followup_lead(struct store *st, const struct actor *who, int64_t id,
    int64_t *lead, struct err *err)
{
	static const char sql[] = "SELECT lead_id FROM followups WHERE id = ?";
	struct lead_now ln;
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	*lead = 0;
	if ((rc = db_step(st, stmt, err, "finding the follow-up")) ==
	    DB_ROW)
		*lead = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc == DB_DONE || lead_load(st, who, *lead, &ln, err) != 0)
		return err_set(err, EX_NOINPUT, "no follow-up %lld that %s may "
		    "see; see: callq followup list", (long long)id, who->login);
	return 0;
}
