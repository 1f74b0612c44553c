#include <stdio.h>

#include "callq/lease.h"
#include "callq/settings.h"
#include "leadrow.h"

int
store_lease_get(struct store *st, int64_t lead, struct lease *out,
    struct err *err)
{
	static const char sql[] =
	    "SELECT u.login, k.expires_at FROM leases k JOIN users u"
	    " ON u.id = k.user_id WHERE k.lead_id = ?1 AND k.expires_at > ?2";
	sqlite3_stmt *stmt;
	int rc;

	out->holder[0] = '\0';
	out->expires_at = 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, lead);
	sqlite3_bind_int64(stmt, 2, store_now());
	if ((rc = db_step(st, stmt, err, "reading the lease")) == SQLITE_ROW) {
		snprintf(out->holder, sizeof out->holder, "%s",
		    col_text(stmt, 0));
		out->expires_at = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
lease_hold(struct store *st, const struct actor *who, int64_t lead,
    struct lease *held, struct err *err)
{
	/* Taken when free, expired or already ours; else left alone. */
	static const char sql[] =
	    "INSERT INTO leases (lead_id, user_id, taken_at, expires_at)"
	    " VALUES (?1, ?2, ?3, ?3 + ?4) ON CONFLICT (lead_id) DO UPDATE"
	    " SET user_id = ?2, taken_at = CASE WHEN user_id = ?2"
	    "  THEN taken_at ELSE ?3 END, expires_at = ?3 + ?4"
	    " WHERE user_id = ?2 OR expires_at <= ?3";
	sqlite3_stmt *stmt;

	held->holder[0] = '\0';
	held->expires_at = 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, lead);
	sqlite3_bind_int64(stmt, 2, who->id);
	sqlite3_bind_int64(stmt, 3, store_now());
	sqlite3_bind_int64(stmt, 4,
	    (int64_t)store_setting_int(st, "lease_minutes", 15) * 60);
	if (db_run(st, stmt, err, "holding the lead") != 0)
		return err->status;
	if (sqlite3_changes(st->db) > 0)
		return 0;
	if (store_lease_get(st, lead, held, err) != 0)
		return err->status;
	return err_set(err, EX_TEMPFAIL, "%s is working lead %lld; it is "
	    "free again when they log the call", held->holder,
	    (long long)lead);
}

struct take {
	const struct actor *who;
	int64_t lead;
	struct lease *held;
};

static int
lease_take_tx(struct store *st, void *arg, struct err *err)
{
	struct take *t = arg;
	struct lead_now ln;

	if (lead_may(st, t->who, t->lead, ACT_LEAD_READ, &ln, err) != 0)
		return err->status;
	return lease_hold(st, t->who, t->lead, t->held, err);
}

int
store_lease_take(struct store *st, const struct actor *who, int64_t lead,
    struct lease *held, struct err *err)
{
	struct take t = { who, lead, held };

	held->holder[0] = '\0';
	held->expires_at = 0;
	return store_tx(st, lease_take_tx, &t, err);
}

struct release {
	const struct actor *who;
	int64_t lead;
};

static int
lease_release_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "DELETE FROM leases WHERE lead_id = ?1 AND user_id = ?2";
	struct release *r = arg;
	sqlite3_stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	sqlite3_bind_int64(stmt, 1, r->lead);
	sqlite3_bind_int64(stmt, 2, r->who->id);
	return db_run(st, stmt, err, "letting go of the lead");
}

int
store_lease_release(struct store *st, const struct actor *who, int64_t lead,
    struct err *err)
{
	struct release r = { who, lead };

	return store_tx(st, lease_release_tx, &r, err);
}
