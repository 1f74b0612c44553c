#include "callq/board.h"
#include "callq/when.h"
#include "internal.h"

/*
 * ?1 the team (0: all), ?2 the day's start, ?3 now, ?4 missed before.
 * Each column is a lookup by index for its rep: the latest attendance
 * row (attendance_user, not a ranking of every attendance row), today's
 * calls, open follow-ups (followups_user), the latest lease
 * (leases_user) and the open leads kept in owner_counts, so the board
 * costs the same for a rep of 600 leads as for one of 12,600.
 */
static const char board_sql[] =
    "SELECT u.id, u.login, u.name, coalesce(t.state, 'out'),"
    " coalesce(t.at, 0), coalesce(r.name, ''),"
    " coalesce(h.lead_id, 0), coalesce(hl.name, ''),"
    " (SELECT count(*) FROM calls c WHERE c.user_id = u.id"
    "  AND c.started_at >= ?2),"
    " (SELECT count(*) FROM calls c JOIN dispositions d"
    "  ON d.id = c.disposition_id WHERE c.user_id = u.id"
    "  AND c.started_at >= ?2 AND d.status <> 'CNP'),"
    " (SELECT count(*) FROM calls c JOIN dispositions d"
    "  ON d.id = c.disposition_id WHERE c.user_id = u.id"
    "  AND c.started_at >= ?2 AND d.status = 'Converted'),"
    " (SELECT coalesce(sum(c.duration_s), 0) FROM calls c"
    "  WHERE c.user_id = u.id AND c.started_at >= ?2),"
    " (SELECT count(*) FROM followups f WHERE f.user_id = u.id"
    "  AND f.state = 'open'),"
    " (SELECT count(*) FROM followups f WHERE f.user_id = u.id"
    "  AND f.state = 'open' AND f.due_at < ?4),"
    " coalesce((SELECT o.open FROM owner_counts o"
    "  WHERE o.user_id = u.id), 0)"
    " FROM users u LEFT JOIN attendance t ON t.id = (SELECT a.id"
    "  FROM attendance a WHERE a.user_id = u.id"
    "  ORDER BY a.at DESC, a.id DESC LIMIT 1)"
    " LEFT JOIN choices r ON r.id = t.reason_id"
    " LEFT JOIN leases h ON h.lead_id = (SELECT x.lead_id FROM leases x"
    "  WHERE x.user_id = u.id AND x.expires_at > ?3"
    "  ORDER BY x.taken_at DESC LIMIT 1)"
    " LEFT JOIN leads hl ON hl.id = h.lead_id"
    " WHERE u.active <> 0 AND u.role = 'rep' AND (?1 = 0 OR u.team_id = ?1)"
    " ORDER BY u.login";

static void
row_read(struct stmt *stmt, struct board_row *r)
{
	const char *s = col_text(stmt, 3);

	r->id = stmt_column_int64(stmt, 0);
	r->login = col_text(stmt, 1);
	r->name = col_text(stmt, 2);
	r->state = s[0] == 'i' ? ATT_IN : s[0] == 'p' ? ATT_PAUSED : ATT_OUT;
	r->since = (time_t)stmt_column_int64(stmt, 4);
	r->reason = col_text(stmt, 5);
	r->lead_id = stmt_column_int64(stmt, 6);
	r->lead_name = col_text(stmt, 7);
	r->calls = stmt_column_int(stmt, 8);
	r->connects = stmt_column_int(stmt, 9);
	r->conversions = stmt_column_int(stmt, 10);
	r->talk_s = stmt_column_int(stmt, 11);
	r->open_followups = stmt_column_int(stmt, 12);
	r->missed_followups = stmt_column_int(stmt, 13);
	r->open_leads = stmt_column_int64(stmt, 14);
}

int
store_board(struct store *st, const struct actor *who, time_t day_start,
    int (*each)(const struct board_row *, void *), void *arg,
    struct err *err)
{
	time_t now = store_now();
	struct board_row r;
	struct stmt *stmt;
	int rc;

	if (require(who, ACT_BOARD_READ, err) != 0 ||
	    (stmt = stmt_get(st, board_sql, err)) == NULL)
		return err->status;
	/*
	 * Whoever is in a team sees it; an admin or analyst in none, the
	 * floor; a team lead in none, nobody (-1 is no team's id).
	 */
	stmt_bind_int64(stmt, 1, who->team_id != 0 ? who->team_id :
	    perm_scope(who->role, ACT_BOARD_READ) == SCOPE_ALL ? 0 : -1);
	stmt_bind_int64(stmt, 2, day_start);
	stmt_bind_int64(stmt, 3, now);
	stmt_bind_int64(stmt, 4, now - WHEN_GRACE_MINUTES * 60);
	while ((rc = db_step(st, stmt, err, "reading the team board")) ==
	    DB_ROW) {
		row_read(stmt, &r);
		if (each(&r, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
