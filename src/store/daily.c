#include "callq/daily.h"
#include "callq/when.h"
#include "reportint.h"
#include "variant.h"

/*
 * The reports' team (?3) and user (?4) filters, bound from who's scope
 * as the reports resolve it: a team lead their team (or the floor, when
 * in none), a rep themselves.
 */
static int
scope_of(const struct actor *who, int64_t *team, int64_t *user,
    struct err *err)
{
	*team = *user = 0;
	switch (perm_scope(who->role, ACT_REPORT_READ)) {
	case SCOPE_NONE:
		return deny(who, ACT_REPORT_READ, err);
	case SCOPE_ALL:
		return 0;
	case SCOPE_TEAM:
		*team = who->team_id;	/* a lead of no team: the floor */
		return 0;
	default:
		*user = who->id;
		return 0;
	}
}

/*
 * The day's scope as fragments of a variant (store/variant.h), over u
 * the rows' users.id: a rep's own rows, a team lead's team's, so that
 * the rows are searched by user and time rather than all read.
 */
enum {
	DAILY_F_USER,
	DAILY_F_TEAM,
};

#define DAILY_FRAGS(u) { \
	[DAILY_F_USER] = " AND " u " = ?4", \
	[DAILY_F_TEAM] = " AND " u " IN (SELECT id FROM users" \
	    " WHERE team_id = ?3)", \
}

#define DAILY_NFRAGS 2

/*
 * Runs v into each: ?1 from, ?2 to, ?3 team, ?4 user, ?5 extra, ?6 the
 * grace a follow-up has, in seconds; a query binds only what it names.
 */
static int
daily_walk(struct store *st, const struct actor *who,
    const struct variant *v, time_t from, time_t to, int64_t extra,
    int (*each)(const struct daily_item *, void *), void *arg,
    struct err *err)
{
	struct daily_item it;
	struct stmt *stmt;
	int64_t team, user;
	int rc;

	if (scope_of(who, &team, &user, err) != 0 ||
	    (stmt = variant_get(st, v, (user ? VARIANT_BIT(DAILY_F_USER) : 0) |
	    (team ? VARIANT_BIT(DAILY_F_TEAM) : 0), err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, (int64_t)from);
	stmt_bind_int64(stmt, 2, (int64_t)to);
	stmt_bind_int64(stmt, 3, team);
	stmt_bind_int64(stmt, 4, user);
	stmt_bind_int64(stmt, 5, extra);
	stmt_bind_int64(stmt, 6, WHEN_GRACE_MINUTES * 60);
	while ((rc = db_step(st, stmt, err, "reading the day")) ==
	    DB_ROW) {
		it.lead_id = stmt_column_int64(stmt, 0);
		it.lead = col_text(stmt, 1);
		it.rep = col_text(stmt, 2);
		it.at = (time_t)stmt_column_int64(stmt, 3);
		it.text = col_text(stmt, 4);
		if (each(&it, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_daily_conversions(struct store *st, const struct actor *who,
    time_t from, time_t to, int (*each)(const struct daily_item *, void *),
    void *arg, struct err *err)
{
	static const char *const frags[] = DAILY_FRAGS("c.user_id");
	static const struct variant v = {
	    "SELECT l.id, l.name, u.login, c.started_at, '' FROM calls c"
	    " JOIN dispositions d ON d.id = c.disposition_id"
	    " JOIN leads l ON l.id = c.lead_id JOIN users u ON u.id = c.user_id"
	    " WHERE c.started_at >= ?1 AND c.started_at < ?2"
	    " AND d.status = 'Converted'", frags, DAILY_NFRAGS,
	    " ORDER BY c.started_at, c.id" };

	return daily_walk(st, who, &v, from, to, 0, each, arg, err);
}

int
store_daily_missed(struct store *st, const struct actor *who, time_t from,
    time_t to, time_t now, int (*each)(const struct daily_item *, void *),
    void *arg, struct err *err)
{
	static const char *const frags[] = DAILY_FRAGS("f.user_id");
	static const struct variant v = {
	    "SELECT l.id, l.name, u.login, f.due_at, '' FROM followups f"
	    " JOIN leads l ON l.id = f.lead_id JOIN users u ON u.id = f.user_id"
	    " WHERE f.due_at >= ?1 AND f.due_at < ?2 AND f.state <> 'cancelled'"
	    " AND f.due_at + ?6 < ?5"
	    " AND (f.done_at IS NULL OR f.done_at > f.due_at + ?6)",
	    frags, DAILY_NFRAGS, " ORDER BY f.due_at, f.id" };

	return daily_walk(st, who, &v, from, to, (int64_t)now, each, arg,
	    err);
}

int
store_daily_alerts(struct store *st, const struct actor *who, time_t from,
    time_t to, int (*each)(const struct daily_item *, void *), void *arg,
    struct err *err)
{
	/* One's own alerts, whatever one's scope: no fragment applies. */
	static const struct variant v = {
	    "SELECT coalesce(n.lead_id, 0), coalesce(l.name, ''), '',"
	    " n.created_at, n.text FROM notifications n"
	    " LEFT JOIN leads l ON l.id = n.lead_id"
	    " WHERE n.user_id = ?5 AND n.created_at >= ?1 AND n.created_at < ?2",
	    NULL, 0, " ORDER BY n.created_at, n.id" };

	return daily_walk(st, who, &v, from, to, who->id, each, arg, err);
}
