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
	struct stmt *stmt;
	int rc;

	out->holder[0] = '\0';
	out->expires_at = 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, store_now());
	if ((rc = db_step(st, stmt, err, "reading the lease")) == DB_ROW) {
		snprintf(out->holder, sizeof out->holder, "%s",
		    col_text(stmt, 0));
		out->expires_at = stmt_column_int64(stmt, 1);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* Another user's unexpired lease on lead; *holder is 0 when none. */
static int
lease_other(struct store *st, const struct actor *who, int64_t lead,
    struct lease *held, int64_t *holder, struct err *err)
{
	static const char sql[] =
	    "SELECT u.id, u.login, k.expires_at FROM leases k JOIN users u"
	    " ON u.id = k.user_id WHERE k.lead_id = ?1 AND k.expires_at > ?2"
	    " AND k.user_id <> ?3";
	struct stmt *stmt;
	int rc;

	*holder = 0;
	held->holder[0] = '\0';
	held->expires_at = 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, store_now());
	stmt_bind_int64(stmt, 3, who->id);
	if ((rc = db_step(st, stmt, err, "reading the lease")) == DB_ROW) {
		*holder = stmt_column_int64(stmt, 0);
		snprintf(held->holder, sizeof held->holder, "%s",
		    col_text(stmt, 1));
		held->expires_at = stmt_column_int64(stmt, 2);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* The holder hears of the override, and the audit keeps it. */
static int
lease_override(struct store *st, const struct actor *who, int64_t lead,
    const char *doing, const struct lease *held, int64_t holder,
    struct err *err)
{
	struct details d;
	char text[256];

	snprintf(text, sizeof text, "%s overrode your hold on lead %lld to "
	    "%s", who->login, (long long)lead, doing);
	if (notify_add(st, holder, "override", lead, 0, text, err) != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "holder", held->holder);
	details_str(&d, "to", doing);
	details_str(&d, "notified", held->holder);
	return audit_write(st, who, "lead", lead, "override", &d, err);
}

int
lease_check_for_write(struct store *st, const struct actor *who,
    int64_t lead, const char *doing, struct lease *held, struct err *err)
{
	struct lease other;
	struct lead_now ln;
	int64_t holder;
	int may;

	if (held == NULL)
		held = &other;
	if (lease_other(st, who, lead, held, &holder, err) != 0)
		return err->status;
	if (holder == 0)
		return 0;
	may = perm_scope(who->role, ACT_LEASE_OVERRIDE) != SCOPE_NONE;
	if (!(who->overrides & ACTOR_FORCE))
		return err_set(err, EX_TEMPFAIL, "%s is working lead %lld; it "
		    "is free again when they log the call%s", held->holder,
		    (long long)lead, may ? ", or add --force to override "
		    "their hold" : "");
	if (lead_load(st, who, lead, &ln, err) != 0)
		return err->status;
	if (!may || !perm_lead_allows(who->role, ACT_LEASE_OVERRIDE, &ln.ctx))
		return err_set(err, EX_NOPERM, "%s is working lead %lld, and "
		    "%s is %s, who cannot %s; nothing was changed", held->holder,
		    (long long)lead, who->login, role_title(who->role),
		    action_text(ACT_LEASE_OVERRIDE));
	return lease_override(st, who, lead, doing, held, holder, err);
}

int
lease_hold(struct store *st, const struct actor *who, int64_t lead,
    const char *doing, struct lease *held, struct err *err)
{
	/* lease_check_for_write has let who have it: free, or overridden. */
	static const char sql[] =
	    "INSERT INTO leases (lead_id, user_id, taken_at, expires_at)"
	    " VALUES (?1, ?2, ?3, CAST(?3 AS BIGINT) + CAST(?4 AS BIGINT))"
	    " ON CONFLICT (lead_id) DO UPDATE"
	    " SET user_id = ?2, taken_at = CASE WHEN leases.user_id = ?2"
	    "  THEN leases.taken_at ELSE ?3 END,"
	    " expires_at = CAST(?3 AS BIGINT) + CAST(?4 AS BIGINT)";
	struct stmt *stmt;

	if (lease_check_for_write(st, who, lead, doing, held, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, who->id);
	stmt_bind_int64(stmt, 3, store_now());
	stmt_bind_int64(stmt, 4,
	    (int64_t)store_setting_int(st, "lease_minutes", 15) * 60);
	return db_run(st, stmt, err, "holding the lead");
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
	int64_t holder;

	if (lead_may(st, t->who, t->lead, ACT_LEAD_READ, &ln, err) != 0)
		return err->status;
	/*
	 * A hold keeps every other writer off the lead: one who may only
	 * read it (an analyst browsing) must not stop the rep who works it.
	 */
	if (!perm_lead_allows(t->who->role, ACT_CALL_LOG, &ln.ctx))
		return lease_other(st, t->who, t->lead, t->held, &holder, err);
	return lease_hold(st, t->who, t->lead, "work it", t->held, err);
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
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, r->lead);
	stmt_bind_int64(stmt, 2, r->who->id);
	return db_run(st, stmt, err, "letting go of the lead");
}

int
store_lease_release(struct store *st, const struct actor *who, int64_t lead,
    struct err *err)
{
	struct release r = { who, lead };

	return store_tx(st, lease_release_tx, &r, err);
}
