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
	int64_t             phone;	/* a contact's number; 0: the lead's */
	int64_t             contact;
};

/*
 * What calling hours and the do-not-call list need to know of the lead,
 * or of the contact whose number is dialed.
 */
struct callee {
	char timezone[512], state[64], raw[80];
	char e164[24], name[208];
	int  dnc, contact_dnc;
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
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, o->lead);
	stmt_bind_int64(stmt, 2, o->who->id);
	if ((rc = db_step(st, stmt, err, "reading the lead")) == DB_ROW) {
		snprintf(c->timezone, sizeof c->timezone, "%s",
		    col_text(stmt, 0));
		snprintf(c->state, sizeof c->state, "%s", col_text(stmt, 1));
		snprintf(c->raw, sizeof c->raw, "%s", col_text(stmt, 2));
		snprintf(o->out->lead_display, sizeof o->out->lead_display,
		    "%s", col_text(stmt, 3));
		c->dnc = stmt_column_int(stmt, 4);
		snprintf(o->out->rep_phone, sizeof o->out->rep_phone, "%s",
		    col_text(stmt, 5));
		snprintf(o->out->rep_extension, sizeof o->out->rep_extension,
		    "%s", col_text(stmt, 6));
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	return rc == DB_ROW ? 0 : err_set(err, EX_NOINPUT, "no lead %lld",
	    (long long)o->lead);
}

/* The rules a dial must pass before anything is sent. */
static int
callee_check(struct store *st, struct opening *o, const struct lead_now *ln,
    const struct callee *c, struct err *err)
{
	long long id = (long long)o->lead;
	struct hours_rules rules;
	char what[96], when[48];
	time_t opens;

	if (o->contact != 0)
		snprintf(what, sizeof what, "contact %lld's number %s",
		    (long long)o->contact, c->e164);
	else
		snprintf(what, sizeof what, "lead %lld", id);
	if (c->e164[0] == '\0' && o->contact == 0)
		return err_set(err, EX_DATAERR, "lead %lld has no number callq "
		    "can dial ('%s'); correct it with e (callq lead edit %lld "
		    "--phone NUMBER)", id, c->raw, id);
	if (c->e164[0] == '\0')
		return err_set(err, EX_DATAERR, "contact %lld's number '%s' is "
		    "not one callq can dial; correct it with callq contact edit "
		    "%lld --phone NUMBER", (long long)o->contact, c->raw,
		    (long long)o->contact);
	if (c->contact_dnc)
		return err_set(err, EX_DATAERR, "contact %lld (%s) asked not to "
		    "be called; they must not be called", (long long)o->contact,
		    c->name);
	if (c->dnc && o->contact == 0)
		return err_set(err, EX_DATAERR, "lead %lld's number %s is on "
		    "the do-not-call list; it must not be called", id, c->e164);
	if (c->dnc)
		return err_set(err, EX_DATAERR, "%s is on the do-not-call list; "
		    "it must not be called", what);
	if (store_hours_rules(st, &rules, err) != 0)
		return err->status;
	switch (hours_check(&rules, c->timezone, ln->country, c->state,
	    store_now(), &opens)) {
	case HOURS_OPEN:
		return 0;
	case HOURS_NO_ZONE:
		return err_set(err, EX_DATAERR, "%s has no known time zone, so "
		    "its calling hours cannot be checked; correct its number or "
		    "country", what);
	default:
		if (opens == 0)
			return err_set(err, EX_TEMPFAIL, "%s is outside its "
			    "calling hours", what);
		when_label(opens, store_now(), when, sizeof when);
		return err_set(err, EX_TEMPFAIL, "%s is outside its calling "
		    "hours; it may be called from %s", what, when);
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
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	stmt_bind_int64(stmt, 2, store_now());
	return db_run(st, stmt, err, "ending the last call");
}

/*
 * The contact behind a number: its lead, and what the checks need of it
 * in place of the lead's own. A deleted contact's numbers are not there.
 */
static int
contact_callee_read(struct store *st, struct opening *o, struct callee *c,
    struct err *err)
{
	static const char sql[] =
	    "SELECT k.lead_id, k.id, k.name, k.dnc, p.phone_raw,"
	    " coalesce(p.phone_e164, ''), coalesce(nullif(p.phone_display,"
	    " ''), p.phone_e164, ''), coalesce(p.timezone, ''),"
	    " EXISTS (SELECT 1 FROM dnc WHERE dnc.phone_e164 = p.phone_e164)"
	    " FROM contact_phones p JOIN contacts k ON k.id = p.contact_id"
	    " WHERE p.id = ?1 AND k.deleted_at IS NULL";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, o->phone);
	if ((rc = db_step(st, stmt, err, "reading the contact")) ==
	    DB_ROW) {
		o->lead = stmt_column_int64(stmt, 0);
		o->contact = stmt_column_int64(stmt, 1);
		snprintf(c->name, sizeof c->name, "%s", col_text(stmt, 2));
		c->contact_dnc = stmt_column_int(stmt, 3);
		snprintf(c->raw, sizeof c->raw, "%s", col_text(stmt, 4));
		snprintf(c->e164, sizeof c->e164, "%s", col_text(stmt, 5));
		snprintf(o->out->lead_display, sizeof o->out->lead_display,
		    "%s", col_text(stmt, 6));
		snprintf(c->timezone, sizeof c->timezone, "%s",
		    col_text(stmt, 7));
		c->dnc = stmt_column_int(stmt, 8);
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	return rc == DB_ROW ? 0 : err_set(err, EX_NOINPUT, "no contact "
	    "number %lld that %s may call; list a lead's contacts with: callq "
	    "contact list LEAD", (long long)o->phone, o->who->login);
}

/*
 * Who is dialed: the lead (its number, zones and state), or for a
 * contact's number the contact, in the lead's state. A contact of a lead
 * who may not see reads as missing, as the lead would.
 */
static int
callee_load(struct store *st, struct opening *o, struct lead_now *ln,
    struct callee *c, struct err *err)
{
	char display[sizeof o->out->lead_display];
	struct callee k;

	memset(c, 0, sizeof *c);
	if (o->phone == 0) {
		if (lead_may(st, o->who, o->lead, ACT_CALL_LOG, ln, err) != 0 ||
		    callee_read(st, o, c, err) != 0)
			return err->status;
		snprintf(c->e164, sizeof c->e164, "%s", ln->e164);
		return 0;
	}
	memset(&k, 0, sizeof k);
	if (contact_callee_read(st, o, &k, err) != 0)
		return err->status;
	if (lead_may(st, o->who, o->lead, ACT_CALL_LOG, ln, err) != 0) {
		if (err->status != EX_NOINPUT)
			return err->status;
		return err_set(err, EX_NOINPUT, "no contact number %lld that "
		    "%s may call; list a lead's contacts with: callq contact "
		    "list LEAD", (long long)o->phone, o->who->login);
	}
	memcpy(display, o->out->lead_display, sizeof display);
	if (callee_read(st, o, c, err) != 0)
		return err->status;
	memcpy(o->out->lead_display, display, sizeof display);
	memcpy(c->timezone, k.timezone, sizeof c->timezone);
	memcpy(c->raw, k.raw, sizeof c->raw);
	memcpy(c->e164, k.e164, sizeof c->e164);
	memcpy(c->name, k.name, sizeof c->name);
	c->dnc = k.dnc;
	c->contact_dnc = k.contact_dnc;
	return 0;
}

static int
call_row_open(struct store *st, struct opening *o, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO calls (lead_id, user_id, started_at, requested_at,"
	    " provider, state, local_slot, region_id, source_id, contact_id)"
	    " VALUES (?1, ?2, ?3, ?3, ?4, 'dialing', " CALL_PLACE("?1", "?3")
	    ", ?5) RETURNING id";
	struct stmt *stmt;
	struct details d;

	o->out->requested_at = store_now();
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, o->lead);
	stmt_bind_int64(stmt, 2, o->who->id);
	stmt_bind_int64(stmt, 3, o->out->requested_at);
	bind_text(stmt, 4, o->provider);
	bind_id(stmt, 5, o->contact);
	if (db_insert(st, stmt, &o->out->call_id, err,
	    "opening the call record") != 0)
		return err->status;
	details_begin(&d);
	details_int(&d, "call_id", o->out->call_id);
	if (o->contact != 0)
		details_int(&d, "contact_id", o->contact);
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

	if (callee_load(st, o, &ln, &c, err) != 0 ||
	    callee_check(st, o, &ln, &c, err) != 0 ||
	    lease_hold(st, o->who, o->lead, "call it", &held, err) != 0 ||
	    earlier_end(st, o->who, err) != 0)
		return err->status;
	snprintf(o->out->lead_e164, sizeof o->out->lead_e164, "%s", c.e164);
	return call_row_open(st, o, err);
}

static int
call_open_run(struct store *st, struct opening *o, struct err *err)
{
	memset(o->out, 0, sizeof *o->out);
	if (require(o->who, ACT_CALL_LOG, err) != 0)
		return err->status;
	return store_tx(st, call_open_tx, o, err);
}

int
store_call_open(struct store *st, const struct actor *who, int64_t lead,
    const char *provider, struct call_target *out, struct err *err)
{
	struct opening o = { who, lead, provider, out, 0, 0 };

	return call_open_run(st, &o, err);
}

int
store_call_open_contact(struct store *st, const struct actor *who,
    int64_t phone, const char *provider, struct call_target *out,
    struct err *err)
{
	struct opening o = { who, 0, provider, out, phone, 0 };

	return call_open_run(st, &o, err);
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
	struct stmt *stmt;
	struct details d;
	int64_t lead = 0;
	int rc;

	if ((stmt = stmt_get(st, c->sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->call);
	stmt_bind_int64(stmt, 2, c->who->id);
	stmt_bind_int64(stmt, 3, store_now());
	/* The end's statement has no ?4 to ?6: binding them does nothing. */
	bind_text(stmt, 4, c->ref);
	bind_text(stmt, 5, c->error);
	stmt_bind_int(stmt, 6, c->answered);
	if ((rc = db_step(st, stmt, err, "updating the call record")) ==
	    DB_ROW)
		lead = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
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
	    "UPDATE calls SET state = CASE WHEN CAST(?5 AS TEXT) IS NOT NULL"
	    " THEN 'failed' WHEN ?6 <> 0 THEN 'connected' ELSE 'ringing' END,"
	    " provider_ref = ?4, error = ?5, ended_at = CASE WHEN ?5 IS NOT"
	    " NULL THEN CAST(?3 AS BIGINT) END,"
	    " answered_at = CASE WHEN ?6 <> 0 THEN CAST(?3 AS BIGINT) END"
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
