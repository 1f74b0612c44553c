#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/call.h"
#include "callq/settings.h"
#include "callq/text.h"
#include "callq/when.h"
#include "leadrow.h"

struct disposition {
	int64_t     id;
	char        name[64];
	enum status status;
	char        needs[16];
	int64_t     drop_reason;
	char        drop_name[64];
	int         retry_minutes;	/* -1: the retry_minutes setting */
};

/* Names the active dispositions, for a sentence that refuses one. */
static void
disposition_names(struct store *st, char *buf, size_t size)
{
	static const char lite[] =
	    "SELECT group_concat(key || ' ' || name, ', ') FROM"
	    " (SELECT key, name FROM dispositions WHERE active <> 0"
	    " ORDER BY key) AS k";
	static const char pg[] =
	    "SELECT string_agg(key || ' ' || name, ', ' ORDER BY key)"
	    " FROM dispositions WHERE active <> 0";
	struct stmt *stmt;
	struct err err;

	buf[0] = '\0';
	if ((stmt = stmt_get(st, SQL_BOTH(st, lite, pg), &err)) == NULL)
		return;
	if (stmt_step(stmt) == DB_ROW)
		snprintf(buf, size, "%s", col_text(stmt, 0));
	stmt_reset(stmt);
}

static int
disposition_find(struct store *st, const char *name, struct disposition *d,
    struct err *err)
{
	/*
	 * By name in any case (lower() folds ASCII, as NOCASE did), or by
	 * its key: ?2 the one character's digit, else 0, as SQLite's CAST
	 * of it read (PostgreSQL's refuses a letter).
	 */
	static const char sql[] =
	    "SELECT id, name, status, needs, drop_reason_id,"
	    " coalesce(retry_minutes, -1),"
	    " (SELECT name FROM choices WHERE id = drop_reason_id)"
	    " FROM dispositions WHERE active <> 0 AND (lower(name) = lower(?1)"
	    " OR (length(?1) = 1 AND key = ?2))";
	struct stmt *stmt;
	char names[512];
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, name);
	stmt_bind_int(stmt, 2, name != NULL && name[0] >= '0' &&
	    name[0] <= '9' ? name[0] - '0' : 0);
	if ((rc = db_step(st, stmt, err, "finding the disposition")) ==
	    DB_ROW) {
		d->id = stmt_column_int64(stmt, 0);
		snprintf(d->name, sizeof d->name, "%s", col_text(stmt, 1));
		if (status_parse(col_text(stmt, 2), &d->status) != 0)
			d->status = ST_IN_PROGRESS;
		snprintf(d->needs, sizeof d->needs, "%s", col_text(stmt, 3));
		d->drop_reason = stmt_column_int64(stmt, 4);
		d->retry_minutes = stmt_column_int(stmt, 5);
		snprintf(d->drop_name, sizeof d->drop_name, "%s",
		    col_text(stmt, 6));
	}
	stmt_reset(stmt);
	if (rc != DB_DONE)
		return rc == -1 ? err->status : 0;
	disposition_names(st, names, sizeof names);
	return err_set(err, EX_DATAERR, "no disposition '%s'; use one of: %s",
	    name, names);
}

struct logging {
	const struct actor     *who;
	const struct call_log  *log;
	struct call_result     *res;
	struct disposition      disp;
	struct lead_now         lead;
	enum status             to;	/* the status the call left it in */
	int                     attempt;	/* the count when it missed */
	int64_t                 drop;	/* the drop reason it left, or 0 */
	char                    drop_name[64];
};

/*
 * The rep's dial of this lead, still waiting for its log, becomes the
 * logged call: its duration runs from the request to the hang-up (or to
 * now), unless the log gives one. Sets res->call_id when there was one.
 */
int
calls_open(struct store *st, int64_t lead, int64_t user, int64_t *call,
    struct err *err)
{
	static const char sql[] =
	    "SELECT id FROM calls WHERE user_id = ?2 AND lead_id = ?1"
	    " AND state IN ('dialing','ringing','connected','ended')"
	    " ORDER BY id DESC LIMIT 1";
	struct stmt *stmt;
	int rc;

	*call = 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, user);
	if ((rc = db_step(st, stmt, err, "finding the open call")) ==
	    DB_ROW)
		*call = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

static int
call_complete(struct store *st, struct logging *g, struct err *err)
{
	static const char sql[] =
	    "UPDATE calls SET disposition_id = ?2, note = ?5, state = 'logged',"
	    " ended_at = coalesce(ended_at, ?3), duration_s = CASE WHEN ?4 > 0"
	    " THEN ?4 ELSE CASE WHEN coalesce(ended_at, ?3) - started_at > 0"
	    " THEN coalesce(ended_at, ?3) - started_at ELSE 0 END END"
	    " WHERE id = ?1";
	struct stmt *stmt;
	int64_t id;

	if (calls_open(st, g->log->lead_id, g->who->id, &id, err) != 0)
		return err->status;
	if (id == 0)
		return 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	stmt_bind_int64(stmt, 2, g->disp.id);
	stmt_bind_int64(stmt, 3, store_now());
	stmt_bind_int(stmt, 4, g->log->duration_s);
	bind_text(stmt, 5, g->log->note);
	if (db_run(st, stmt, err, "completing the call record") != 0)
		return err->status;
	g->res->call_id = id;
	return 0;
}

/*
 * The contact the log says was reached, one of the lead's own; a log
 * that names none keeps the one its dial named, and one that names the
 * lead clears it (the owner picked up the contact's line).
 */
static int
call_contact(struct store *st, struct logging *g, struct err *err)
{
	static const char sql[] =
	    "UPDATE calls SET contact_id = ?2 WHERE id = ?1 AND EXISTS"
	    " (SELECT 1 FROM contacts WHERE id = ?2 AND lead_id = ?3"
	    " AND deleted_at IS NULL) RETURNING id";
	static const char lead[] =
	    "UPDATE calls SET contact_id = NULL WHERE id = ?1";
	struct stmt *stmt;
	int rc;

	if (g->log->contact_id == 0)
		return 0;
	if (g->log->contact_id == CALL_REACHED_LEAD) {
		if ((stmt = stmt_get(st, lead, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, g->res->call_id);
		return db_run(st, stmt, err, "noting the lead reached");
	}
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, g->res->call_id);
	stmt_bind_int64(stmt, 2, g->log->contact_id);
	stmt_bind_int64(stmt, 3, g->log->lead_id);
	rc = db_step(st, stmt, err, "noting the contact reached");
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	return rc == DB_ROW ? 0 : err_set(err, EX_DATAERR, "contact %lld "
	    "is not one of lead %lld's; nothing was logged (see callq contact "
	    "list %lld)", (long long)g->log->contact_id,
	    (long long)g->log->lead_id, (long long)g->log->lead_id);
}

static int
call_insert(struct store *st, struct logging *g, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO calls (lead_id, user_id, disposition_id, started_at,"
	    " ended_at, duration_s, note, local_slot, region_id, source_id)"
	    " VALUES (?1,?2,?3,?4,"
	    " CAST(?4 AS BIGINT) + CAST(?5 AS BIGINT),?5,?6,"
	    CALL_PLACE("?1", "?4") ")"
	    " RETURNING id";
	struct stmt *stmt;

	if (g->log->started_at == 0 && call_complete(st, g, err) != 0)
		return err->status;
	if (g->res->call_id != 0)
		return call_contact(st, g, err);
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, g->log->lead_id);
	stmt_bind_int64(stmt, 2, g->who->id);
	stmt_bind_int64(stmt, 3, g->disp.id);
	stmt_bind_int64(stmt, 4, g->log->started_at ? g->log->started_at :
	    store_now());
	stmt_bind_int(stmt, 5, g->log->duration_s);
	bind_text(stmt, 6, g->log->note);
	if (db_insert(st, stmt, &g->res->call_id, err,
	    "recording the call") != 0)
		return err->status;
	return call_contact(st, g, err);
}

/*
 * Calling a lead back settles its follow-ups that were due; a new one is
 * scheduled when the log asks for it.
 */
static int
call_followups(struct store *st, struct logging *g, struct err *err)
{
	static const char settle[] =
	    "UPDATE followups SET state = 'done', done_at = ?3, call_id = ?4"
	    " WHERE lead_id = ?1 AND state = 'open' AND due_at <= ?2";
	static const char add[] =
	    "INSERT INTO followups (lead_id, user_id, due_at, note, call_id,"
	    " created_at, reason_id) VALUES (?,?,?,?,?,?, (SELECT id FROM"
	    " choices WHERE list = 'followup' AND name = ?7 AND active <> 0))"
	    " RETURNING id";
	time_t now = g->log->started_at ? g->log->started_at : store_now();
	struct stmt *stmt;

	if ((stmt = stmt_get(st, settle, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, g->log->lead_id);
	stmt_bind_int64(stmt, 2, now + WHEN_GRACE_MINUTES * 60);
	stmt_bind_int64(stmt, 3, now);
	stmt_bind_int64(stmt, 4, g->res->call_id);
	if (db_run(st, stmt, err, "settling follow-ups") != 0)
		return err->status;
	if (g->log->followup_at == 0)
		return 0;
	if ((stmt = stmt_get(st, add, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, g->log->lead_id);
	stmt_bind_int64(stmt, 2, g->who->id);
	stmt_bind_int64(stmt, 3, g->log->followup_at);
	bind_text(stmt, 4, g->log->note);
	stmt_bind_int64(stmt, 5, g->res->call_id);
	stmt_bind_int64(stmt, 6, now);
	bind_text(stmt, 7, g->log->followup_reason);
	if (db_insert(st, stmt, &g->res->followup_id, err,
	    "scheduling the follow-up") != 0)
		return err->status;
	return 0;
}

/*
 * Where the transitions table takes the lead; the rule it was seeded from
 * when it lacks the cell (or a hand edit put one there the flow forbids).
 */
static int
transition_find(struct store *st, struct logging *g, struct err *err)
{
	static const char sql[] =
	    "SELECT to_status FROM transitions WHERE disposition_id = ?1"
	    " AND from_status = ?2";
	struct stmt *stmt;
	enum status to;
	int rc;

	g->to = status_after_call(g->lead.status, g->disp.status);
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, g->disp.id);
	bind_text(stmt, 2, status_name(g->lead.status));
	if ((rc = db_step(st, stmt, err, "reading the transitions")) ==
	    DB_ROW && status_parse(col_text(stmt, 0), &to) == 0 &&
	    status_can_move(g->lead.status, to))
		g->to = to;
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* The drop reason of a lead out of attempts, added when it is missing. */
static int
exhausted_reason(struct store *st, struct logging *g, int max,
    struct err *err)
{
	static const char find[] =
	    "SELECT id FROM choices WHERE list = 'drop' AND name = ?1";
	static const char add[] =
	    "INSERT INTO choices (list, name, position) SELECT 'drop', ?1,"
	    " coalesce(max(position), 0) + 1 FROM choices WHERE list = 'drop'"
	    " RETURNING id";
	struct stmt *stmt;
	int rc;

	snprintf(g->drop_name, sizeof g->drop_name, "No contact after %d "
	    "attempts", max);
	if ((stmt = stmt_get(st, find, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, g->drop_name);
	if ((rc = db_step(st, stmt, err, "finding the drop reason")) ==
	    DB_ROW)
		g->drop = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc != DB_DONE)
		return rc == -1 ? err->status : 0;
	if ((stmt = stmt_get(st, add, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, g->drop_name);
	if (db_insert(st, stmt, &g->drop, err, "adding the drop reason") != 0)
		return err->status;
	return 0;
}

/*
 * A call that did not reach the lead (its disposition leads to CNP)
 * counts an attempt; one that did starts the count again. The attempt
 * that makes max_attempts drops the lead as Lost, unless it is Lost or
 * Converted already.
 */
static int
attempt_count(struct store *st, struct logging *g, struct err *err)
{
	static const char sql[] = "SELECT attempts FROM leads WHERE id = ?";
	struct stmt *stmt;
	int rc, max;

	if (g->to == ST_LOST) {
		g->drop = g->disp.drop_reason;
		snprintf(g->drop_name, sizeof g->drop_name, "%s",
		    g->disp.drop_name);
	}
	if (g->disp.status != ST_CNP)
		return 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, g->log->lead_id);
	if ((rc = db_step(st, stmt, err, "counting the attempts")) ==
	    DB_ROW)
		g->attempt = stmt_column_int(stmt, 0) + 1;
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	g->res->attempt = g->attempt;
	if (g->to == ST_LOST || !status_can_move(g->to, ST_LOST))
		return 0;
	max = store_setting_int(st, "max_attempts", 6);
	g->res->max_attempts = max;
	if (max == 0 || g->attempt < max)
		return 0;
	g->to = ST_LOST;
	return exhausted_reason(st, g, max, err);
}

/*
 * The transitions table moves the lead. A rep working a fresh lead takes
 * it.
 */
static int
lead_after_call(struct store *st, struct logging *g, struct err *err)
{
	static const char sql[] =
	    "UPDATE leads SET status = ?2, interest = coalesce(?3, interest),"
	    " drop_reason_id = coalesce(?4, drop_reason_id),"
	    " attempts = ?7, retry_minutes = ?8,"
	    " last_contacted_at = CASE WHEN coalesce(last_contacted_at, 0)"
	    " > ?6 THEN coalesce(last_contacted_at, 0) ELSE ?6 END,"
	    " version = version + 1, updated_at = ?5 WHERE id = ?1";
	struct stmt *stmt;

	if (transition_find(st, g, err) != 0 || attempt_count(st, g, err) != 0)
		return err->status;
	snprintf(g->res->status_from, sizeof g->res->status_from, "%s",
	    status_name(g->lead.status));
	snprintf(g->res->status_to, sizeof g->res->status_to, "%s",
	    status_name(g->to));
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, g->log->lead_id);
	bind_text(stmt, 2, status_name(g->to));
	if (g->log->interest > 0)
		stmt_bind_int(stmt, 3, g->log->interest);
	bind_id(stmt, 4, g->to == ST_LOST ? g->drop : 0);
	stmt_bind_int64(stmt, 5, store_now());
	stmt_bind_int64(stmt, 6, g->log->started_at ? g->log->started_at :
	    store_now());
	stmt_bind_int(stmt, 7, g->attempt);
	if (g->disp.retry_minutes >= 0)
		stmt_bind_int(stmt, 8, g->disp.retry_minutes);
	if (db_run(st, stmt, err, "updating the lead") != 0)
		return err->status;
	return lead_claim(st, g->who, g->log->lead_id, &g->lead, err);
}

static int
call_dnc(struct store *st, struct logging *g, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO dnc (phone_e164, reason, added_by, added_at)"
	    " SELECT phone_e164, ?2, ?3, ?4 FROM leads"
	    " WHERE id = ?1 AND phone_e164 IS NOT NULL"
	    " ON CONFLICT DO NOTHING";
	struct stmt *stmt;

	if (strcmp(g->disp.needs, "dnc") != 0)
		return 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, g->log->lead_id);
	bind_text(stmt, 2, g->disp.name);
	stmt_bind_int64(stmt, 3, g->who->id);
	stmt_bind_int64(stmt, 4, store_now());
	if (db_run(st, stmt, err, "adding the number to do-not-call") != 0)
		return err->status;
	g->res->added_to_dnc = conn_changes(st->conn) > 0;
	return 0;
}

/*
 * The follow-up the log booked is weighed against the lead as the call
 * left it; a call that ends the lead closes the others.
 */
static int
call_ends(struct store *st, struct logging *g, struct err *err)
{
	struct lead_now ln;
	int64_t reason;

	if (g->res->followup_id != 0 && (lead_load(st, g->who,
	    g->log->lead_id, &ln, err) != 0 || followup_check(st,
	    g->log->lead_id, &ln, g->log->followup_at, g->log->followup_reason,
	    &reason, err) != 0))
		return err->status;
	if (strcmp(g->disp.needs, "dnc") == 0 && g->lead.e164[0] != '\0' &&
	    followup_close_for_number(st, g->who, g->lead.e164, err) != 0)
		return err->status;
	if (g->to == g->lead.status || (g->to != ST_CONVERTED &&
	    g->to != ST_LOST))
		return 0;
	return followup_close_for_lead(st, g->who, g->log->lead_id, g->to ==
	    ST_CONVERTED ? FOLLOWUP_CLOSE_CONVERTED : FOLLOWUP_CLOSE_LOST,
	    g->res->followup_id, err);
}

/*
 * A call that converts the lead makes it a customer, and makes the
 * Converted form's deal when there is one, all in the call's transaction.
 */
static int
call_sale(struct store *st, struct logging *g, struct err *err)
{
	if (g->to != ST_CONVERTED) {
		if (g->log->deal != NULL)
			return err_set(err, EX_DATAERR, "'%s' leaves the lead "
			    "%s: a deal is made only by a call that converts "
			    "it; nothing was logged", g->disp.name,
			    status_name(g->to));
		return 0;
	}
	if (lead_customer_mark(st, g->log->lead_id, store_now(), err) != 0)
		return err->status;
	return g->log->deal == NULL ? 0 : deal_make(st, g->who,
	    g->log->lead_id, g->log->deal, g->res->call_id, &g->res->deal_id,
	    err);
}

static int
call_audit(struct store *st, struct logging *g, struct err *err)
{
	struct details d;

	details_begin(&d);
	details_int(&d, "call_id", g->res->call_id);
	details_str(&d, "disposition", g->disp.name);
	details_str(&d, "from_status", g->res->status_from);
	details_str(&d, "status", g->res->status_to);
	if (g->attempt > 0)
		details_int(&d, "attempt", g->attempt);
	if (g->to == ST_LOST && g->lead.status != ST_LOST &&
	    g->drop_name[0] != '\0') {
		details_str(&d, "drop_reason", g->drop_name);
		snprintf(g->res->drop_reason, sizeof g->res->drop_reason, "%s",
		    g->drop_name);
	}
	if (g->log->note != NULL)
		details_str(&d, "note", g->log->note);
	if (g->res->followup_id != 0)
		details_int(&d, "followup_at", g->log->followup_at);
	if (g->res->added_to_dnc)
		details_str(&d, "dnc", "added");
	/* The pipeline follows the call's outcome. */
	if (strcmp(g->res->status_from, g->res->status_to) != 0 &&
	    (lead_stage_follow(st, g->log->lead_id, g->to, 0, &d, err) != 0 ||
	    notify_status(st, g->who, g->log->lead_id, g->to, &d, err) != 0)) {
		details_free(&d);
		return err->status;
	}
	return audit_write(st, g->who, "lead", g->log->lead_id, "log", &d, err);
}

static int
needs_check(const struct logging *g, struct err *err)
{
	if (strcmp(g->disp.needs, "followup") == 0 && g->log->followup_at == 0)
		return err_set(err, EX_DATAERR, "'%s' needs a follow-up time: "
		    "add --followup WHEN, e.g. 'tomorrow 10:00'", g->disp.name);
	if (strcmp(g->disp.needs, "interest") == 0 && g->log->interest == 0 &&
	    g->lead.interest == 0)
		return err_set(err, EX_DATAERR, "'%s' needs an interest level: "
		    "add --interest 1-5", g->disp.name);
	return 0;
}

/* The log is written: the lead is free, the kept draft done with. */
static int
call_tidy(struct store *st, struct logging *g, struct err *err)
{
	static const char lease[] =
	    "DELETE FROM leases WHERE lead_id = ?1 AND user_id = ?2";
	static const char draft[] =
	    "DELETE FROM drafts WHERE lead_id = ?1 AND user_id = ?2";
	const char *sqls[] = { lease, draft };
	struct stmt *stmt;
	size_t i;

	for (i = 0; i < 2; i++) {
		if ((stmt = stmt_get(st, sqls[i], err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, g->log->lead_id);
		stmt_bind_int64(stmt, 2, g->who->id);
		if (db_run(st, stmt, err, "letting go of the lead") != 0)
			return err->status;
	}
	return 0;
}

/*
 * When the queue offers the lead again, for the confirmation: at its next
 * follow-up, else once the disposition's wait is over; a closed lead never.
 */
static int
call_next(struct store *st, struct logging *g, struct err *err)
{
	static const char sql[] =
	    "SELECT coalesce(next_followup_at, 0), coalesce(last_contacted_at"
	    " + 60 * coalesce(retry_minutes, ?2), 0) FROM leads WHERE id = ?1"
	    " AND status NOT IN ('Converted', 'Lost')";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, g->log->lead_id);
	stmt_bind_int(stmt, 2, store_setting_int(st, "retry_minutes", 60));
	if ((rc = db_step(st, stmt, err, "reading the lead's next call")) ==
	    DB_ROW) {
		g->res->followup_at = (time_t)stmt_column_int64(stmt, 0);
		if (g->res->followup_at == 0)
			g->res->retry_at = (time_t)stmt_column_int64(stmt, 1);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

static int
call_log_tx(struct store *st, void *arg, struct err *err)
{
	struct logging *g = arg;

	memset(g->res, 0, sizeof *g->res);
	g->attempt = 0;		/* a retried transaction starts afresh */
	g->drop = 0;
	g->drop_name[0] = '\0';
	if (lead_load(st, g->who, g->log->lead_id, &g->lead, err) != 0)
		return err->status;
	if (g->lead.deleted)
		return err_set(err, EX_DATAERR, "lead %lld is deleted; nothing "
		    "was logged", (long long)g->log->lead_id);
	if (!perm_lead_allows(g->who->role, ACT_CALL_LOG, &g->lead.ctx))
		return deny_lead(g->who, ACT_CALL_LOG, g->log->lead_id,
		    &g->lead, err);
	if (lease_check_for_write(st, g->who, g->log->lead_id, "log a call",
	    NULL, err) != 0)
		return err->status;
	if (disposition_find(st, g->log->disposition, &g->disp, err) != 0 ||
	    needs_check(g, err) != 0)
		return err->status;
	snprintf(g->res->disposition, sizeof g->res->disposition, "%s",
	    g->disp.name);
	if (call_insert(st, g, err) != 0 || call_followups(st, g, err) != 0 ||
	    lead_after_call(st, g, err) != 0 || call_dnc(st, g, err) != 0 ||
	    call_ends(st, g, err) != 0 ||
	    lead_followup_refresh(st, g->log->lead_id, err) != 0 ||
	    call_tidy(st, g, err) != 0 || call_next(st, g, err) != 0 ||
	    call_sale(st, g, err) != 0)
		return err->status;
	return call_audit(st, g, err);
}

int
store_call_log(struct store *st, const struct actor *who,
    const struct call_log *log, struct call_result *res, struct err *err)
{
	struct logging g = { .who = who, .log = log, .res = res };

	if (require(who, ACT_CALL_LOG, err) != 0 ||
	    text_check(log->note, "the note", err) != 0)
		return err->status;
	if (log->interest < 0 || log->interest > 5)
		return err_set(err, EX_DATAERR, "--interest must be from 1 to 5");
	return store_tx(st, call_log_tx, &g, err);
}

int
store_disposition_list(struct store *st,
    int (*each)(const struct disposition_item *, void *), void *arg,
    struct err *err)
{
	static const char sql[] =
	    "SELECT coalesce(key, -1), name, status, needs FROM dispositions"
	    " WHERE active <> 0 ORDER BY key IS NULL, key, position";
	struct disposition_item d;
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the dispositions")) ==
	    DB_ROW) {
		d.key = stmt_column_int(stmt, 0);
		d.name = col_text(stmt, 1);
		d.status = col_text(stmt, 2);
		d.needs = col_text(stmt, 3);
		if (each(&d, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_progress(struct store *st, const struct actor *who, time_t from,
    struct progress *out, struct err *err)
{
	static const char sql[] =
	    "SELECT count(*),"
	    " coalesce(sum(CASE WHEN d.status <> 'CNP' THEN 1 ELSE 0 END), 0),"
	    " coalesce(sum(CASE WHEN d.status = 'Converted' THEN 1 ELSE 0 END),"
	    " 0),"
	    " coalesce(sum(c.duration_s), 0) FROM calls c"
	    " LEFT JOIN dispositions d ON d.id = c.disposition_id"
	    " WHERE c.user_id = ?1 AND c.started_at >= ?2";
	struct stmt *stmt;
	int rc;

	memset(out, 0, sizeof *out);
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	stmt_bind_int64(stmt, 2, from);
	if ((rc = db_step(st, stmt, err, "counting today's calls")) ==
	    DB_ROW) {
		out->calls = stmt_column_int(stmt, 0);
		out->connects = stmt_column_int(stmt, 1);
		out->conversions = stmt_column_int(stmt, 2);
		out->talk_s = stmt_column_int(stmt, 3);
	}
	stmt_reset(stmt);
	out->target_calls = store_setting_int(st, "target_calls", 80);
	out->target_connects = store_setting_int(st, "target_connects", 0);
	out->target_conversions = store_setting_int(st, "target_conversions",
	    0);
	return rc == -1 ? err->status : 0;
}
