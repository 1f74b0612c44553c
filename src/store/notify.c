#include <stdio.h>
#include <string.h>

#include "callq/notify.h"
#include "callq/when.h"
#include "leadrow.h"

int
notify_add(struct store *st, int64_t user, const char *kind, int64_t lead,
    int64_t followup, const char *text, struct err *err)
{
	/*
	 * A follow-up's notice is written once (its unique index); every
	 * kind and text passes the table's checks, so DO NOTHING skips
	 * what OR IGNORE did.
	 */
	static const char sql[] =
	    "INSERT INTO notifications (user_id, kind, lead_id,"
	    " followup_id, text, created_at) VALUES (?,?,?,?,?,?)"
	    " ON CONFLICT DO NOTHING";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, user);
	bind_text(stmt, 2, kind);
	bind_id(stmt, 3, lead);
	bind_id(stmt, 4, followup);
	bind_text(stmt, 5, text);
	stmt_bind_int64(stmt, 6, store_now());
	return db_run(st, stmt, err, "writing a notification");
}

/*
 * Who hears of a lead's conversion or loss: the team leads of its
 * owner's team, else (no owner, or no team) the admins; never the one
 * who did it.
 */
static const char status_heard_sql[] =
    "SELECT u.id, u.login FROM users u, leads l"
    " LEFT JOIN users o ON o.id = l.owner_id"
    " WHERE l.id = ?1 AND u.active <> 0 AND u.id <> ?2 AND CASE"
    "  WHEN o.team_id IS NOT NULL AND EXISTS (SELECT 1 FROM users t"
    "   WHERE t.team_id = o.team_id AND t.role = 'lead' AND t.active <> 0)"
    "  THEN u.role = 'lead' AND u.team_id = o.team_id"
    "  ELSE u.role = 'admin' END ORDER BY u.login";

static const char deleted_heard_sql[] =
    "SELECT u.id, u.login FROM users u WHERE ?1 <> 0 AND u.active <> 0"
    " AND u.id <> ?2"
    " AND u.role = 'admin' ORDER BY u.login";

/* Tells the users sql finds of lead, in text, as kind; notes who in d. */
static int
notify_heard(struct store *st, const char *sql, const struct actor *who,
    int64_t lead, const char *kind, const char *text, struct details *d,
    struct err *err)
{
	char heard[512] = "";
	struct stmt *stmt;
	int64_t ids[64];
	int n = 0, i, rc;
	size_t len;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, who->id);
	while ((rc = db_step(st, stmt, err, "finding who to tell")) ==
	    DB_ROW && n < 64) {
		ids[n++] = stmt_column_int64(stmt, 0);
		len = strlen(heard);
		snprintf(heard + len, sizeof heard - len, "%s%s", len ? ", " :
		    "", col_text(stmt, 1));
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	for (i = 0; i < n; i++)
		if (notify_add(st, ids[i], kind, lead, 0, text, err) != 0)
			return err->status;
	if (n > 0)
		details_str(d, "notified", heard);
	return 0;
}

int
notify_status(struct store *st, const struct actor *who, int64_t lead,
    enum status to, struct details *d, struct err *err)
{
	char text[256];

	if (to != ST_CONVERTED && to != ST_LOST)
		return 0;
	snprintf(text, sizeof text, "%s %s lead %lld", who->login,
	    to == ST_CONVERTED ? "converted" : "dropped", (long long)lead);
	return notify_heard(st, status_heard_sql, who, lead, to == ST_CONVERTED ?
	    "converted" : "dropped", text, d, err);
}

int
notify_deleted(struct store *st, const struct actor *who, int64_t lead,
    struct details *d, struct err *err)
{
	char text[256];

	snprintf(text, sizeof text, "%s deleted lead %lld", who->login,
	    (long long)lead);
	return notify_heard(st, deleted_heard_sql, who, lead, "deleted", text, d,
	    err);
}

int
store_notify_list(struct store *st, const struct actor *who, int unread_only,
    int limit, int (*each)(const struct notification *, void *), void *arg,
    struct err *err)
{
	static const char sql[] =
	    "SELECT id, kind, coalesce(lead_id, 0), text, created_at,"
	    " read_at IS NOT NULL FROM notifications WHERE user_id = ?1"
	    " AND (?2 = 0 OR read_at IS NULL) ORDER BY id DESC"
	    " LIMIT ?3";
	struct notification n;
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	stmt_bind_int(stmt, 2, unread_only);
	stmt_bind_int64(stmt, 3, limit > 0 ? limit : LIMIT_ALL);
	while ((rc = db_step(st, stmt, err, "reading notifications")) ==
	    DB_ROW) {
		n.id = stmt_column_int64(stmt, 0);
		n.kind = col_text(stmt, 1);
		n.lead_id = stmt_column_int64(stmt, 2);
		n.text = col_text(stmt, 3);
		n.at = (time_t)stmt_column_int64(stmt, 4);
		n.read = stmt_column_int(stmt, 5);
		if (each(&n, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_notify_unread(struct store *st, const struct actor *who, int *n,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM notifications"
	    " WHERE user_id = ? AND read_at IS NULL";
	struct stmt *stmt;
	int rc;

	*n = 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	if ((rc = db_step(st, stmt, err, "counting notifications")) ==
	    DB_ROW)
		*n = stmt_column_int(stmt, 0);
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

struct mark {
	const struct actor *who;
	int64_t id;
	int *n;
};

static int
notify_read_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE notifications SET read_at = ?3 WHERE user_id = ?1"
	    " AND (?2 = 0 OR id = ?2) AND read_at IS NULL";
	struct mark *m = arg;
	struct stmt *stmt;
	struct details d;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, m->who->id);
	stmt_bind_int64(stmt, 2, m->id);
	stmt_bind_int64(stmt, 3, store_now());
	if (db_run(st, stmt, err, "marking notifications read") != 0)
		return err->status;
	if ((*m->n = conn_changes(st->conn)) == 0)
		return 0;
	details_begin(&d);
	if (m->id != 0)
		details_int(&d, "notification", m->id);
	details_int(&d, "read", *m->n);
	return audit_write(st, m->who, "user", m->who->id, "notifications-read",
	    &d, err);
}

int
store_notify_read(struct store *st, const struct actor *who, int64_t id,
    int *n, struct err *err)
{
	struct mark m = { who, id, n };

	*n = 0;
	return store_tx(st, notify_read_tx, &m, err);
}

/*
 * Follow-ups of who's due by now (and those missed) with no notification
 * of that kind yet, the longest due first (followups_user's order, so
 * every driver takes the same hundred). A missed one never announced as
 * due is announced missed only.
 */
static const char due_sql[] =
    "SELECT f.id, f.lead_id, f.due_at, l.name FROM followups f"
    " JOIN leads l ON l.id = f.lead_id WHERE f.user_id = ?1"
    " AND f.state = 'open' AND f.due_at <= ?2 AND l.deleted_at IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.followup_id = f.id"
    "  AND n.kind = CASE WHEN f.due_at < ?3 THEN 'followup-missed'"
    "   ELSE 'followup-due' END) ORDER BY f.due_at, f.id LIMIT 100";

struct due {
	const struct actor *who;
	time_t now;
};

static int
notify_due_tx(struct store *st, void *arg, struct err *err)
{
	struct due *du = arg;
	time_t missed = du->now - WHEN_GRACE_MINUTES * 60;
	struct { int64_t id, lead; int missed; char text[256]; } got[100];
	struct details d;
	struct stmt *stmt;
	int n = 0, i, rc;

	if ((stmt = stmt_get(st, due_sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, du->who->id);
	stmt_bind_int64(stmt, 2, du->now);
	stmt_bind_int64(stmt, 3, missed);
	while ((rc = db_step(st, stmt, err, "reading due follow-ups")) ==
	    DB_ROW && n < 100) {
		got[n].id = stmt_column_int64(stmt, 0);
		got[n].lead = stmt_column_int64(stmt, 1);
		got[n].missed = stmt_column_int64(stmt, 2) < missed;
		snprintf(got[n].text, sizeof got[n].text, "Follow-up %s: %s "
		    "(lead %lld)", got[n].missed ? "missed" : "due now",
		    col_text(stmt, 3), (long long)got[n].lead);
		n++;
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	for (i = 0; i < n; i++) {
		if (notify_add(st, du->who->id, got[i].missed ?
		    "followup-missed" : "followup-due", got[i].lead, got[i].id,
		    got[i].text, err) != 0)
			return err->status;
		details_begin(&d);
		details_int(&d, "followup", got[i].id);
		details_str(&d, "notified", du->who->login);
		if (audit_write(st, du->who, "lead", got[i].lead, got[i].missed ?
		    "followup-missed" : "followup-due", &d, err) != 0)
			return err->status;
	}
	return 0;
}

int
store_notify_due(struct store *st, const struct actor *who, time_t now,
    struct err *err)
{
	static const char any[] =
	    "SELECT 1 FROM followups f WHERE f.user_id = ?1 AND f.state = 'open'"
	    " AND f.due_at <= ?2 AND NOT EXISTS (SELECT 1 FROM notifications n"
	    " WHERE n.followup_id = f.id AND n.kind = CASE WHEN f.due_at < ?3"
	    " THEN 'followup-missed' ELSE 'followup-due' END) LIMIT 1";
	struct due du = { who, now };
	struct stmt *stmt;
	int rc;

	/* Looked at every minute by every session: no write unless needed. */
	if ((stmt = stmt_get(st, any, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	stmt_bind_int64(stmt, 2, now);
	stmt_bind_int64(stmt, 3, now - WHEN_GRACE_MINUTES * 60);
	rc = db_step(st, stmt, err, "reading due follow-ups");
	stmt_reset(stmt);
	if (rc != DB_ROW)
		return rc == -1 ? err->status : 0;
	return store_tx(st, notify_due_tx, &du, err);
}
