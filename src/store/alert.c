#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/alert.h"
#include "callq/settings.h"
#include "internal.h"

/*
 * How alerts are raised. A pause running long or a deadline passing
 * writes nothing of its own, so every session's screen sweeps on its
 * poll (each minute, and whenever the database changes) and cron may
 * run callq alert sweep. A sweep first asks, read only, whether any
 * alert is due; only then does it open a write transaction, where each
 * kind is one INSERT ... SELECT that skips what is raised already. The
 * alert's key (notifications.alert_key, unique per user) makes it once
 * whoever sweeps. Each kind reads only the rows whose deadline passed
 * within ALERT_LOOKBACK_HOURS, through an index on that time.
 *
 * The parameters every statement shares: ?1 now, ?2 escalate_after_hours
 * and ?3 first_call_hours in seconds (0: off), ?4 the look-back.
 */

/*
 * Who hears of rep r: the team leads of r's team, else (no team, or a
 * team without a lead) the admins; never r. Joined last: CROSS JOIN
 * keeps SQLite to the order written, the time index first.
 */
#define HEARD \
	" CROSS JOIN users u" \
	" WHERE u.active <> 0 AND u.id <> r.id AND CASE" \
	"  WHEN r.team_id IS NOT NULL AND EXISTS (SELECT 1 FROM users t" \
	"   WHERE t.team_id = r.team_id AND t.role = 'lead' AND" \
	" t.active <> 0)" \
	"  THEN u.role = 'lead' AND u.team_id = r.team_id" \
	"  ELSE u.role = 'admin' END"

#define NOT_RAISED(key) \
	" AND NOT EXISTS (SELECT 1 FROM notifications n" \
	"  WHERE n.alert_key = " key ")"

/* A rep's pause, still going on, over its reason's limit. */
#define PAUSE_FROM \
	" FROM choices c CROSS JOIN attendance a CROSS JOIN users r" HEARD \
	" AND c.list = 'pause' AND c.limit_minutes > 0" \
	" AND a.state = 'paused' AND a.reason_id = c.id" \
	" AND a.at < ?1 - c.limit_minutes * 60" \
	" AND a.at >= ?1 - c.limit_minutes * 60 - ?4 AND r.id = a.user_id" \
	" AND NOT EXISTS (SELECT 1 FROM attendance b WHERE b.user_id =" \
	"  a.user_id AND (b.at > a.at OR b.at = a.at AND b.id > a.id))" \
	NOT_RAISED("'pause:' || a.id")

/* An open follow-up missed by more than escalate_after_hours. */
#define ESCALATE_FROM \
	" FROM followups f CROSS JOIN leads l CROSS JOIN users r" HEARD \
	" AND ?2 > 0 AND f.state = 'open' AND f.due_at < ?1 - ?2" \
	" AND f.due_at >= ?1 - ?2 - ?4 AND l.id = f.lead_id" \
	" AND l.deleted_at IS NULL AND r.id = f.user_id" \
	NOT_RAISED("'followup:' || f.id")

/*
 * A lead still New, still its rep's, with no call since it was last
 * given to them, first_call_hours after that. A lead the rep took
 * (a claim) was not given: its follow-up, if any, escalates instead.
 */
#define FIRST_CALL_FROM \
	" FROM assignments a CROSS JOIN leads l CROSS JOIN users r" HEARD \
	" AND ?3 > 0 AND a.user_id IS NOT NULL AND a.method <> 'claim'" \
	" AND a.at < ?1 - ?3 AND a.at >= ?1 - ?3 - ?4" \
	" AND l.id = a.lead_id AND l.owner_id = a.user_id" \
	" AND l.status = 'New' AND l.deleted_at IS NULL AND r.id = a.user_id" \
	" AND NOT EXISTS (SELECT 1 FROM assignments b" \
	"  WHERE b.lead_id = a.lead_id AND b.id > a.id)" \
	" AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.lead_id = l.id" \
	"  AND k.started_at >= a.at)" \
	NOT_RAISED("'assign:' || a.id")

/*
 * An owned lead in an open stage longer than the stage's stale_days:
 * each stage's one day of leads read along leads_stage_entered. SQLite
 * joins in the order a CROSS JOIN writes, stages first (STALE_LITE);
 * PostgreSQL reorders, and at a million leads read every owned lead
 * to probe its stage, a third of a second in every session's sweep, so
 * there the stage's leads are a LATERAL subquery of their own that it
 * can neither flatten nor start from (STALE_PG).
 */
#define STALE_KEY "'stale:' || l.id || ':' || l.stage_entered_at"
#define STALE_DAY \
	" l.stage_entered_at < ?1 - s.stale_days * 86400" \
	" AND l.stage_entered_at >= ?1 - s.stale_days * 86400 - ?4"
#define STALE_LITE " CROSS JOIN leads l"
#define STALE_PG " CROSS JOIN LATERAL (SELECT * FROM leads l" \
	" WHERE l.stage_id = s.id AND l.deleted_at IS NULL AND" STALE_DAY \
	" OFFSET 0) AS l"
#define STALE_FROM(leads) \
	" FROM pipeline_stages s" leads " CROSS JOIN users u" \
	" WHERE s.stale_days > 0 AND s.active <> 0 AND s.is_won = 0" \
	" AND s.is_lost = 0 AND l.stage_id = s.id AND l.deleted_at IS NULL" \
	" AND" STALE_DAY \
	" AND l.owner_id IS NOT NULL AND u.id = l.owner_id AND u.active <> 0" \
	NOT_RAISED(STALE_KEY)

/* Bounds one transaction: the rest waits for the next sweep. */
#define SWEEP_MAX " LIMIT 500"

/*
 * An alert already raised (its key, per user) is skipped. DO NOTHING,
 * like the OR IGNORE it replaces, leaves the rest of the sweep going.
 */
#define INSERT_ALERT \
	"INSERT INTO notifications (user_id, kind, lead_id, text," \
	" created_at, alert_key) "
#define ALERT_SKIP " ON CONFLICT DO NOTHING"

/*
 * The alert's text: SQLite's printf or PostgreSQL's format, the latter
 * writing a number with %s (ALERT_KINDS(fmt, d, stale): d the number's;
 * stale how the stale leads are joined).
 */
#define ALERT_KINDS(fmt, d, stale) { \
	{ "pause-over", INSERT_ALERT "SELECT u.id, 'pause-over', NULL," \
	  " " fmt "('%s has been on %s for " d " min (limit " d ")'," \
	  " r.login, c.name, (?1 - a.at + 59) / 60, c.limit_minutes), ?1," \
	  " 'pause:' || a.id" PAUSE_FROM SWEEP_MAX ALERT_SKIP }, \
	{ "escalated", INSERT_ALERT "SELECT u.id, 'escalated', l.id," \
	  " " fmt "('%s missed the follow-up on %s (lead " d ") by " d " h" \
	  " (escalates after " d " h)', r.login, l.name, l.id," \
	  " (?1 - f.due_at) / 3600, ?2 / 3600), ?1, 'followup:' || f.id" \
	  ESCALATE_FROM SWEEP_MAX ALERT_SKIP }, \
	{ "first-call", INSERT_ALERT "SELECT u.id, 'first-call', l.id," \
	  " " fmt "('%s has not called %s (lead " d ") in the " d " h since" \
	  " it was assigned (limit " d " h)', r.login, l.name, l.id," \
	  " (?1 - a.at) / 3600, ?3 / 3600), ?1, 'assign:' || a.id" \
	  FIRST_CALL_FROM SWEEP_MAX ALERT_SKIP }, \
	{ "stale", INSERT_ALERT "SELECT u.id, 'stale', l.id," \
	  " " fmt "('%s (lead " d ") has been in %s for " d " days" \
	  " (stale after " d ")', l.name, l.id, s.name," \
	  " (?1 - l.stage_entered_at) / 86400, s.stale_days), ?1, " \
	  STALE_KEY STALE_FROM(stale) SWEEP_MAX ALERT_SKIP } }

struct kind {
	const char *kind;
	const char *insert;
};

/* [PostgreSQL][kind] */
static const struct kind kinds[2][4] = {
	ALERT_KINDS("printf", "%d", STALE_LITE),
	ALERT_KINDS("format", "%s", STALE_PG),
};

#define NKINDS (sizeof kinds[0] / sizeof kinds[0][0])

/*
 * Whether any alert is due: the sweep's only work most of the time.
 * [PostgreSQL]
 */
#define DUE_SQL(stale) \
    "SELECT EXISTS (SELECT 1" PAUSE_FROM ")" \
    " OR EXISTS (SELECT 1" ESCALATE_FROM ")" \
    " OR EXISTS (SELECT 1" FIRST_CALL_FROM ")" \
    " OR EXISTS (SELECT 1" STALE_FROM(stale) ")"

static const char *const due_sqls[2] = {
	DUE_SQL(STALE_LITE), DUE_SQL(STALE_PG),
};

struct sweep {
	const struct actor *who;
	int64_t v[4];		/* ?1 .. ?4 */
	int *raised;
};

/* The highest ?N that sql names: how many parameters it takes. */
static int
params_in(const char *sql)
{
	int n = 0, k;

	for (; (sql = strchr(sql, '?')) != NULL; sql++)
		if ((k = atoi(sql + 1)) > n)
			n = k;
	return n;
}

/*
 * stmt (its text sql) with the sweep's parameters, those it uses: a
 * parameter the statement lacks is not one to bind.
 */
static void
sweep_bind(struct stmt *stmt, const char *sql, const struct sweep *s)
{
	int i, n = params_in(sql);

	for (i = 1; i <= n && i <= 4; i++)
		stmt_bind_int64(stmt, i, s->v[i - 1]);
}

static int
sweep_tx(struct store *st, void *arg, struct err *err)
{
	struct sweep *s = arg;
	const struct kind *kind = kinds[store_is_pg(st) != 0];
	struct stmt *stmt;
	struct details d;
	int n[NKINDS];
	size_t i;

	*s->raised = 0;
	for (i = 0; i < NKINDS; i++) {
		if ((stmt = stmt_get(st, kind[i].insert, err)) == NULL)
			return err->status;
		sweep_bind(stmt, kind[i].insert, s);
		if (db_run(st, stmt, err, "raising alerts") != 0)
			return err->status;
		n[i] = conn_changes(st->conn);
		*s->raised += n[i];
	}
	if (*s->raised == 0)
		return 0;
	details_begin(&d);
	for (i = 0; i < NKINDS; i++)
		if (n[i] > 0)
			details_int(&d, kind[i].kind, n[i]);
	return audit_write(st, s->who, "user", s->who->id, "alerts-raised", &d,
	    err);
}

int
store_alert_sweep(struct store *st, const struct actor *who, time_t now,
    int *raised, struct err *err)
{
	struct sweep s = { who, { now, 0, 0, ALERT_LOOKBACK_HOURS * 3600 },
	    raised };
	const char *due_sql = due_sqls[store_is_pg(st) != 0];
	struct stmt *stmt;
	int rc, due = 0;

	*raised = 0;
	s.v[1] = (int64_t)store_setting_int(st, "escalate_after_hours", 0) *
	    3600;
	s.v[2] = (int64_t)store_setting_int(st, "first_call_hours", 0) * 3600;
	if ((stmt = stmt_get(st, due_sql, err)) == NULL)
		return err->status;
	sweep_bind(stmt, due_sql, &s);
	if ((rc = db_step(st, stmt, err, "looking for alerts")) == DB_ROW)
		due = stmt_column_int(stmt, 0);
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	return due ? store_tx(st, sweep_tx, &s, err) : 0;
}

int
alert_pause_ended(struct store *st, int64_t user, time_t now, int *raised,
    struct err *err)
{
#define PAUSE_ENDED(fmt, d) INSERT_ALERT \
	    "SELECT u.id, 'pause-over', NULL, " fmt "('%s was on %s for " d \
	    " min (limit " d ")', r.login, c.name, (?1 - a.at + 59) / 60," \
	    " c.limit_minutes), ?1, 'pause:' || a.id" \
	    " FROM attendance a CROSS JOIN choices c CROSS JOIN users r" HEARD \
	    " AND c.id = a.reason_id AND c.limit_minutes > 0" \
	    " AND r.id = a.user_id" \
	    " AND a.id = (SELECT id FROM attendance WHERE user_id = ?2" \
	    "  ORDER BY at DESC, id DESC LIMIT 1) AND a.state = 'paused'" \
	    " AND a.at < ?1 - c.limit_minutes * 60" \
	    NOT_RAISED("'pause:' || a.id") ALERT_SKIP
	static const char lite[] = PAUSE_ENDED("printf", "%d");
	static const char pg[] = PAUSE_ENDED("format", "%s");
	struct stmt *stmt;

	*raised = 0;
	if ((stmt = stmt_get(st, SQL_BOTH(st, lite, pg), err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, now);
	stmt_bind_int64(stmt, 2, user);
	if (db_run(st, stmt, err, "raising alerts") != 0)
		return err->status;
	*raised = conn_changes(st->conn);
	return 0;
}
