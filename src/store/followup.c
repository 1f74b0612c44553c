#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "callq/followup.h"
#include "callq/text.h"
#include "callq/when.h"
#include "leadrow.h"

int
lead_followup_refresh(struct store *st, int64_t lead, struct err *err)
{
	static const char sql[] =
	    "UPDATE leads SET next_followup_at = (SELECT min(due_at) FROM"
	    " followups WHERE lead_id = ?1 AND state = 'open') WHERE id = ?1";
	sqlite3_stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, lead);
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

struct fu_add {
	const struct actor *who;
	int64_t lead;
	time_t due;
	const char *note;
	int64_t id;
};

static int
followup_add_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO followups (lead_id, user_id, due_at, note, created_at)"
	    " VALUES (?,?,?,?,?)";
	struct fu_add *a = arg;
	struct lead_now ln;
	sqlite3_stmt *stmt;

	if (lead_may(st, a->who, a->lead, ACT_FOLLOWUP, &ln, err) != 0 ||
	    lead_claim(st, a->who, a->lead, &ln, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, a->lead);
	sqlite3_bind_int64(stmt, 2, a->who->id);
	sqlite3_bind_int64(stmt, 3, a->due);
	bind_text(stmt, 4, a->note);
	sqlite3_bind_int64(stmt, 5, store_now());
	if (db_run(st, stmt, err, "scheduling the follow-up") != 0)
		return err->status;
	a->id = sqlite3_last_insert_rowid(st->db);
	if (lead_followup_refresh(st, a->lead, err) != 0)
		return err->status;
	return followup_audit(st, a->who, a->lead, "followup-add", a->id,
	    a->due, err);
}

int
store_followup_add(struct store *st, const struct actor *who, int64_t lead,
    time_t due, const char *note, int64_t *id, struct err *err)
{
	struct fu_add a = { who, lead, due, note, 0 };

	if (require(who, ACT_FOLLOWUP, err) != 0 ||
	    text_check(note, "the follow-up's note", err) != 0)
		return err->status;
	if (store_tx(st, followup_add_tx, &a, err) != 0)
		return err->status;
	*id = a.id;
	return 0;
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
    struct err *err)
{
	static const char find[] =
	    "SELECT lead_id, state FROM followups WHERE id = ?";
	struct lead_now ln;
	sqlite3_stmt *stmt;
	int rc, open = 0;

	if ((stmt = stmt_get(st, find, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, a->id);
	if ((rc = db_step(st, stmt, err, "finding the follow-up")) ==
	    SQLITE_ROW) {
		*lead = sqlite3_column_int64(stmt, 0);
		open = sqlite3_column_text(stmt, 1)[0] == 'o';
	}
	sqlite3_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc == SQLITE_DONE ||
	    (rc = lead_load(st, a->who, *lead, &ln, err)) == EX_NOINPUT)
		return err_set(err, EX_NOINPUT, "no follow-up %lld that %s may "
		    "see; see: callq followup list", (long long)a->id,
		    a->who->login);
	if (rc != 0)
		return rc;
	if (!open)
		return err_set(err, EX_DATAERR, "follow-up %lld is already "
		    "closed", (long long)a->id);
	if (!perm_lead_allows(a->who->role, ACT_FOLLOWUP, &ln.ctx))
		return deny_lead(a->who, ACT_FOLLOWUP, *lead, &ln, err);
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
	sqlite3_stmt *stmt;
	int64_t lead = 0;

	if (followup_open_find(st, a, &lead, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, a->due ? move : done, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, a->due ? a->due : store_now());
	sqlite3_bind_int64(stmt, 2, a->id);
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
followup_rows(struct store *st, sqlite3_stmt *stmt,
    int (*each)(const struct followup *, void *), void *arg,
    struct err *err)
{
	struct followup f;
	int rc;

	while ((rc = db_step(st, stmt, err, "listing follow-ups")) ==
	    SQLITE_ROW) {
		f.id = sqlite3_column_int64(stmt, 0);
		f.lead_id = sqlite3_column_int64(stmt, 1);
		f.lead_name = col_text(stmt, 2);
		f.phone_e164 = col_text(stmt, 3);
		f.user = col_text(stmt, 4);
		f.note = col_text(stmt, 5);
		f.state = col_text(stmt, 6);
		f.due_at = (time_t)sqlite3_column_int64(stmt, 7);
		f.outcome = col_text(stmt, 8);
		if (each(&f, arg) != 0)
			break;
	}
	sqlite3_reset(stmt);
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
	    " f.state, f.due_at, f.outcome FROM followups f"
	    " JOIN leads l ON l.id = f.lead_id JOIN users u ON u.id = f.user_id"
	    " WHERE u.login = ?1 AND f.state = 'open' AND l.deleted_at IS NULL"
	    " AND f.due_at >= ?2 AND f.due_at < ?3"
	    " AND (?4 OR u.id = ?5 OR u.team_id = ?6)"
	    " ORDER BY f.due_at, f.id";
	time_t now = store_now(), grace = now - WHEN_GRACE_MINUTES * 60;
	time_t from = 0, to = INT64_MAX;
	sqlite3_stmt *stmt;
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
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, to);
	/* Whose follow-ups: as far as the audit the actor reads reaches. */
	sqlite3_bind_int(stmt, 4,
	    perm_scope(who->role, ACT_AUDIT_READ) == SCOPE_ALL);
	sqlite3_bind_int64(stmt, 5, who->id);
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
	    " f.state, f.due_at, f.outcome FROM followups f"
	    " JOIN leads l ON l.id = f.lead_id JOIN users u ON u.id = f.user_id"
	    " WHERE f.lead_id = ?1 AND f.state <> 'cancelled'"
	    " ORDER BY f.state <> 'open', f.due_at DESC, f.id DESC";
	struct lead_now ln;
	sqlite3_stmt *stmt;

	if (lead_may(st, who, lead, ACT_LEAD_READ, &ln, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, lead);
	return followup_rows(st, stmt, each, arg, err);
}
