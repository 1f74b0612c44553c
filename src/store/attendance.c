#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/attendance.h"
#include "internal.h"

static const char *const names[] = { "in", "paused", "out" };

const char *
attendance_name(enum attendance state)
{
	return names[state];
}

struct att {
	const struct actor *by;		/* who acts: the audit row's actor */
	int64_t user;			/* whose attendance */
	enum attendance state;
	const char *reason;
	time_t at;
	int recorded;			/* after the fact, by an admin */
};

static int
attendance_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO attendance (user_id, state, reason_id, at) VALUES"
	    " (?1, ?2, (SELECT id FROM choices WHERE list = 'pause'"
	    "  AND name = ?3 AND active <> 0), ?4) RETURNING reason_id";
	struct att *a = arg;
	struct details d;
	struct stmt *stmt;
	int rc, alerted = 0;

	/* History written after the fact alerts no one: it is not news. */
	if ((!a->recorded && alert_pause_ended(st, a->user, a->at, &alerted,
	    err) != 0) || (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, a->user);
	bind_text(stmt, 2, names[a->state]);
	bind_text(stmt, 3, a->reason);
	stmt_bind_int64(stmt, 4, a->at);
	rc = db_step(st, stmt, err, "recording attendance");
	if (rc == DB_ROW && a->state == ATT_PAUSED &&
	    stmt_column_type(stmt, 0) == DB_NULL) {
		stmt_reset(stmt);
		return err_set(err, EX_DATAERR, "no pause reason '%s'",
		    a->reason ? a->reason : "");
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	details_begin(&d);
	details_str(&d, "state", names[a->state]);
	if (a->reason != NULL)
		details_str(&d, "reason", a->reason);
	if (alerted > 0)
		details_int(&d, "alerted", alerted);
	/* An event recorded after the fact says when it happened. */
	if (a->recorded)
		details_int(&d, "happened_at", a->at);
	return audit_write(st, a->by, "user", a->user, "attendance", &d, err);
}

int
store_attendance_set(struct store *st, const struct actor *who,
    enum attendance state, const char *reason, struct err *err)
{
	struct att a = { who, who->id, state, state == ATT_PAUSED ? reason :
	    NULL, store_now(), 0 };

	if (require(who, ACT_ATTENDANCE, err) != 0)
		return err->status;
	return store_tx(st, attendance_tx, &a, err);
}

int
store_attendance_record(struct store *st, const struct actor *admin,
    int64_t user, enum attendance state, const char *reason, time_t at,
    struct err *err)
{
	struct att a = { admin, user, state, state == ATT_PAUSED ? reason :
	    NULL, at, 1 };

	/* Rewriting someone's day is managing users, not checking in. */
	if (require(admin, ACT_USER_MANAGE, err) != 0)
		return err->status;
	return store_tx(st, attendance_tx, &a, err);
}

int
store_attendance_get(struct store *st, const struct actor *who,
    enum attendance *state, struct err *err)
{
	static const char sql[] =
	    "SELECT state FROM attendance WHERE user_id = ?"
	    " ORDER BY at DESC, id DESC LIMIT 1";
	struct stmt *stmt;
	int rc;

	*state = ATT_OUT;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	if ((rc = db_step(st, stmt, err, "reading attendance")) == DB_ROW)
		*state = col_text(stmt, 0)[0] == 'i' ? ATT_IN :
		    col_text(stmt, 0)[0] == 'p' ? ATT_PAUSED : ATT_OUT;
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_attendance_now(struct store *st, int64_t user,
    struct attendance_now *out, struct err *err)
{
	static const char sql[] =
	    "SELECT a.state, a.at, c.name FROM attendance a"
	    " LEFT JOIN choices c ON c.id = a.reason_id WHERE a.user_id = ?"
	    " ORDER BY a.at DESC, a.id DESC LIMIT 1";
	struct stmt *stmt;
	const char *s;
	int rc;

	memset(out, 0, sizeof *out);
	out->state = ATT_OUT;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, user);
	if ((rc = db_step(st, stmt, err, "reading attendance")) ==
	    DB_ROW) {
		s = col_text(stmt, 0);
		out->state = s[0] == 'i' ? ATT_IN : s[0] == 'p' ? ATT_PAUSED :
		    ATT_OUT;
		out->since = (time_t)stmt_column_int64(stmt, 1);
		snprintf(out->reason, sizeof out->reason, "%s",
		    col_text(stmt, 2));
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_pause_reasons(struct store *st, int (*each)(const char *, void *),
    void *arg, struct err *err)
{
	static const char sql[] =
	    "SELECT name FROM choices WHERE list = 'pause' AND active <> 0"
	    " ORDER BY position, id";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the pause reasons")) ==
	    DB_ROW)
		if (each(col_text(stmt, 0), arg) != 0)
			break;
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
