#include <stdio.h>
#include <string.h>

#include "callq/callrec.h"
#include "callq/hours.h"
#include "callq/lease.h"
#include "callq/settings.h"
#include "callq/when.h"
#include "leadrow.h"

struct opening {
	const struct actor *who;
	int64_t             lead;
	const char         *provider;
	struct call_target *out;
};

/* What calling hours and the do-not-call list need to know of the lead. */
struct callee {
	char timezone[128], state[64], raw[64];
	int  dnc;
};

static int
callee_read(struct store *st, struct opening *o, struct callee *c,
    struct err *err)
{
	static const char sql[] =
	    "SELECT l.timezone, l.state, l.phone_raw, coalesce(nullif("
	    " l.phone_display, ''), l.phone_e164),"
	    " EXISTS (SELECT 1 FROM dnc WHERE dnc.phone_e164 = l.phone_e164),"
	    " u.phone, u.extension FROM leads l, users u"
	    " WHERE l.id = ?1 AND u.id = ?2";
	sqlite3_stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, o->lead);
	sqlite3_bind_int64(stmt, 2, o->who->id);
	if ((rc = db_step(st, stmt, err, "reading the lead")) == SQLITE_ROW) {
		snprintf(c->timezone, sizeof c->timezone, "%s",
		    col_text(stmt, 0));
		snprintf(c->state, sizeof c->state, "%s", col_text(stmt, 1));
		snprintf(c->raw, sizeof c->raw, "%s", col_text(stmt, 2));
		snprintf(o->out->lead_display, sizeof o->out->lead_display,
		    "%s", col_text(stmt, 3));
		c->dnc = sqlite3_column_int(stmt, 4);
		snprintf(o->out->rep_phone, sizeof o->out->rep_phone, "%s",
		    col_text(stmt, 5));
		snprintf(o->out->rep_extension, sizeof o->out->rep_extension,
		    "%s", col_text(stmt, 6));
	}
	sqlite3_reset(stmt);
	if (rc == -1)
		return err->status;
	return rc == SQLITE_ROW ? 0 : err_set(err, EX_NOINPUT, "no lead %lld",
	    (long long)o->lead);
}

/* The rules a dial must pass before anything is sent. */
static int
callee_check(struct store *st, struct opening *o, const struct lead_now *ln,
    const struct callee *c, struct err *err)
{
	long long id = (long long)o->lead;
	struct hours_rules rules;
	char when[48];
	time_t opens;

	if (ln->e164[0] == '\0')
		return err_set(err, EX_DATAERR, "lead %lld has no number callq "
		    "can dial ('%s'); correct it with e (callq lead edit %lld "
		    "--phone NUMBER)", id, c->raw, id);
	if (c->dnc)
		return err_set(err, EX_DATAERR, "lead %lld's number %s is on "
		    "the do-not-call list; it must not be called", id,
		    ln->e164);
	if (store_hours_rules(st, &rules, err) != 0)
		return err->status;
	switch (hours_check(&rules, c->timezone, ln->country, c->state,
	    store_now(), &opens)) {
	case HOURS_OPEN:
		return 0;
	case HOURS_NO_ZONE:
		return err_set(err, EX_DATAERR, "lead %lld has no known time "
		    "zone, so its calling hours cannot be checked; correct its "
		    "number or country", id);
	default:
		if (opens == 0)
			return err_set(err, EX_TEMPFAIL, "lead %lld is outside "
			    "its calling hours", id);
		when_label(opens, store_now(), when, sizeof when);
		return err_set(err, EX_TEMPFAIL, "lead %lld is outside its "
		    "calling hours; it may be called from %s", id, when);
	}
}

/*
 * One unfinished dial per rep: a new one ends the last. The rows are
 * found through calls_open, whose WHERE the subquery repeats word for
 * word (SQLite uses a partial index only then): by user alone it read
 * every call the rep ever made, under the write lock.
 */
static int
earlier_end(struct store *st, const struct actor *who, struct err *err)
{
	static const char sql[] =
	    "UPDATE calls SET state = 'ended', ended_at = coalesce(ended_at,"
	    " ?2) WHERE id IN (SELECT id FROM calls WHERE user_id = ?1"
	    " AND state IN ('dialing','ringing','connected','ended'))"
	    " AND state IN ('dialing','ringing','connected')";
	sqlite3_stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, who->id);
	sqlite3_bind_int64(stmt, 2, store_now());
	return db_run(st, stmt, err, "ending the last call");
}

static int
call_row_open(struct store *st, struct opening *o, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO calls (lead_id, user_id, started_at, requested_at,"
	    " provider, state, local_slot, region_id, source_id) VALUES (?1,"
	    " ?2, ?3, ?3, ?4, 'dialing', " CALL_PLACE("?1", "?3") ")";
	sqlite3_stmt *stmt;
	struct details d;

	o->out->requested_at = store_now();
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, o->lead);
	sqlite3_bind_int64(stmt, 2, o->who->id);
	sqlite3_bind_int64(stmt, 3, o->out->requested_at);
	bind_text(stmt, 4, o->provider);
	if (db_run(st, stmt, err, "opening the call record") != 0)
		return err->status;
	o->out->call_id = sqlite3_last_insert_rowid(st->db);
	details_begin(&d);
	details_int(&d, "call_id", o->out->call_id);
	details_str(&d, "provider", o->provider);
	return audit_write(st, o->who, "lead", o->lead, "dial", &d, err);
}

static int
call_open_tx(struct store *st, void *arg, struct err *err)
{
	struct opening *o = arg;
	struct lead_now ln;
	struct callee c;
	struct lease held;

	if (lead_may(st, o->who, o->lead, ACT_CALL_LOG, &ln, err) != 0 ||
	    callee_read(st, o, &c, err) != 0 ||
	    callee_check(st, o, &ln, &c, err) != 0 ||
	    lease_hold(st, o->who, o->lead, "call it", &held, err) != 0 ||
	    earlier_end(st, o->who, err) != 0)
		return err->status;
	snprintf(o->out->lead_e164, sizeof o->out->lead_e164, "%s", ln.e164);
	return call_row_open(st, o, err);
}

int
store_call_open(struct store *st, const struct actor *who, int64_t lead,
    const char *provider, struct call_target *out, struct err *err)
{
	struct opening o = { who, lead, provider, out };

	memset(out, 0, sizeof *out);
	if (require(who, ACT_CALL_LOG, err) != 0)
		return err->status;
	return store_tx(st, call_open_tx, &o, err);
}

struct change {
	const struct actor *who;
	int64_t     call;
	const char *sql;	/* constant: ?1 call, ?2 user, ?3 now, then own */
	const char *action;	/* the audit's */
	const char *ref, *error;
	int         answered;
};

static int
call_change_tx(struct store *st, void *arg, struct err *err)
{
	struct change *c = arg;
	sqlite3_stmt *stmt;
	struct details d;
	int64_t lead = 0;
	int rc;

	if ((stmt = stmt_get(st, c->sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, c->call);
	sqlite3_bind_int64(stmt, 2, c->who->id);
	sqlite3_bind_int64(stmt, 3, store_now());
	/* The end's statement has no ?4 to ?6: binding them does nothing. */
	bind_text(stmt, 4, c->ref);
	bind_text(stmt, 5, c->error);
	sqlite3_bind_int(stmt, 6, c->answered);
	if ((rc = db_step(st, stmt, err, "updating the call record")) ==
	    SQLITE_ROW)
		lead = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == -1)
		return err->status;
	if (lead == 0)
		return err_set(err, EX_NOINPUT, "call %lld is not an open call "
		    "of yours", (long long)c->call);
	details_begin(&d);
	details_int(&d, "call_id", c->call);
	if (c->ref != NULL)
		details_str(&d, "provider_ref", c->ref);
	if (c->error != NULL)
		details_str(&d, "error", c->error);
	return audit_write(st, c->who, "lead", lead, c->error != NULL ?
	    "dial-failed" : c->action, &d, err);
}

int
store_call_answer(struct store *st, const struct actor *who, int64_t call,
    const char *ref, int answered, const char *error, struct err *err)
{
	struct change c = { who, call,
	    "UPDATE calls SET state = CASE WHEN ?5 IS NOT NULL THEN 'failed'"
	    " WHEN ?6 THEN 'connected' ELSE 'ringing' END,"
	    " provider_ref = ?4, error = ?5, ended_at = CASE WHEN ?5 IS NOT"
	    " NULL THEN ?3 END, answered_at = CASE WHEN ?6 THEN ?3 END"
	    " WHERE id = ?1 AND user_id = ?2 AND state = 'dialing'"
	    " RETURNING lead_id", "dial-answer", ref, error, answered };

	return store_tx(st, call_change_tx, &c, err);
}

int
store_call_end(struct store *st, const struct actor *who, int64_t call,
    struct err *err)
{
	struct change c = { who, call,
	    "UPDATE calls SET state = 'ended', ended_at = ?3"
	    " WHERE id = ?1 AND user_id = ?2"
	    " AND state IN ('dialing','ringing','connected') RETURNING lead_id",
	    "dial-end", NULL, NULL, 0 };

	return store_tx(st, call_change_tx, &c, err);
}
