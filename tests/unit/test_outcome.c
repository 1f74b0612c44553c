/* What a call's outcome does to a lead: the transitions table, attempts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "callq/call.h"
#include "callq/choice.h"
#include "callq/data.h"
#include "callq/lead.h"
#include "callq/queue.h"
#include "callq/settings.h"
#include "callq/stage.h"
#include "callq/status.h"
#include "callq/timeline.h"
#include "fixture.h"

#define MAX_DISPOSITIONS 16

/* data/transitions.tsv as read here, apart from the store's seeding. */
struct table {
	int         n;
	char        name[MAX_DISPOSITIONS][64];
	enum status to[MAX_DISPOSITIONS][ST_COUNT];
};

static int
table_row(char **f, int n, void *arg)
{
	struct table *t = arg;
	int from;

	assert_int_equal(n, ST_COUNT + 1);
	assert_true(t->n < MAX_DISPOSITIONS);
	snprintf(t->name[t->n], sizeof t->name[0], "%s", f[0]);
	for (from = 0; from < ST_COUNT; from++) {
		if (strcmp(f[from + 1], "-") == 0)
			t->to[t->n][from] = (enum status)from;
		else
			assert_int_equal(status_parse(f[from + 1],
			    &t->to[t->n][from]), 0);
	}
	t->n++;
	return 0;
}

static void
table_read(struct table *t)
{
	memset(t, 0, sizeof *t);
	assert_int_equal(data_each_row("transitions.tsv", ST_COUNT + 1,
	    table_row, t), 0);
	assert_int_equal(t->n, 9);
}

/* The stage a lead in status st sits in, as call logging puts it. */
static int
stage_of(struct fixture *f, int64_t lead)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT stage_id FROM leads WHERE id = %lld",
	    (long long)lead);
	return fixture_count(f, sql);
}

static int
lead_int(struct fixture *f, int64_t lead, const char *column)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT %s FROM leads WHERE id = %lld",
	    column, (long long)lead);
	return fixture_count(f, sql);
}

/*
 * Puts a lead in status st, in the stage that status maps to (the first
 * open stage for New), as if its earlier calls had taken it there.
 */
static void
lead_put(struct fixture *f, int64_t lead, enum status st)
{
	char sql[512];

	snprintf(sql, sizeof sql, "UPDATE leads SET status = '%s', stage_id ="
	    " coalesce((SELECT id FROM pipeline_stages WHERE status = CASE"
	    " '%s' WHEN 'CNP' THEN 'In Progress' ELSE '%s' END), stage_id)"
	    " WHERE id = %lld", status_name(st), status_name(st),
	    status_name(st), (long long)lead);
	fixture_sql_run(f, sql);
}

static int64_t
lead_new(struct fixture *f, int n)
{
	struct err err = { 0 };
	char phone[40];
	int64_t id;

	snprintf(phone, sizeof phone, "phone=+1305555%04d", n);
	id = fixture_lead(f, &f->admin, &err, "name=Lead", phone, NULL);
	if (id == 0)
		fail_msg("lead add: %s", err.msg);
	return id;
}

struct seen {
	struct table *t;
	int           rows;
};

static int
transition_check(const struct transition_row *r, void *arg)
{
	struct seen *s = arg;
	int i, from;

	for (i = 0; i < s->t->n; i++)
		if (strcmp(s->t->name[i], r->disposition) == 0)
			break;
	assert_true(i < s->t->n);
	for (from = 0; from < ST_COUNT; from++)
		assert_int_equal(r->to[from], s->t->to[i][from]);
	s->rows++;
	return 0;
}

/*
 * The file is the rule, the flow allows every cell, and the database
 * holds the file: what the Settings pane and callq choice transitions
 * show.
 */
static void
test_table_is_seeded_and_follows_the_rule(void **state)
{
	struct fixture *f = *state;
	struct err err = { 0 };
	struct table t;
	struct seen s = { &t, 0 };
	int i, from;

	table_read(&t);
	for (i = 0; i < t.n; i++)
		for (from = 0; from < ST_COUNT; from++)
			assert_true(status_can_move((enum status)from,
			    t.to[i][from]));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM transitions"),
	    9 * ST_COUNT);
	assert_int_equal(store_transition_list(f->st, transition_check, &s,
	    &err), 0);
	assert_int_equal(s.rows, 9);
	/* The rule a disposition added later gets its row from. */
	for (from = 0; from < ST_COUNT; from++) {
		assert_int_equal(status_after_call((enum status)from, ST_CNP),
		    t.to[0][from]);
		assert_int_equal(status_after_call((enum status)from,
		    ST_INTERESTED), t.to[4][from]);
		assert_int_equal(status_after_call((enum status)from,
		    ST_IN_PROGRESS), t.to[5][from]);
	}
}

/*
 * Every disposition logged on a lead in every status lands where the
 * table says; a lead that keeps its status keeps its stage; a call that
 * did not reach it counts an attempt, one that did starts again.
 */
static void
test_every_disposition_on_every_status(void **state)
{
	struct fixture *f = *state;
	struct call_log log = { 0 };
	struct call_result res;
	struct err err = { 0 };
	struct table t;
	int i, from, stage, n = 0;
	int64_t id;

	table_read(&t);
	for (i = 0; i < t.n; i++)
		for (from = 0; from < ST_COUNT; from++) {
			id = lead_new(f, ++n);
			lead_put(f, id, (enum status)from);
			fixture_sql_run(f, "UPDATE leads SET attempts = 2");
			stage = stage_of(f, id);
			memset(&log, 0, sizeof log);
			log.lead_id = id;
			log.disposition = t.name[i];
			/*
			 * Monday 11:00 in Florida, where the leads are; none
			 * on a lead the call leaves Lost or on do-not-call,
			 * which refuse one.
			 */
			log.followup_at = t.to[i][from] == ST_LOST ||
			    strcmp(t.name[i], "Do not call") == 0 ? 0 :
			    FIXTURE_NOW + 30 * 3600;
			log.interest = 3;
			if (store_call_log(f->st, &f->admin, &log, &res,
			    &err) != 0)
				fail_msg("%s on %s: %s", t.name[i],
				    status_name((enum status)from), err.msg);
			if (strcmp(res.status_to,
			    status_name(t.to[i][from])) != 0)
				fail_msg("%s on %s: %s, not %s", t.name[i],
				    status_name((enum status)from),
				    res.status_to, status_name(t.to[i][from]));
			assert_string_equal(res.status_from,
			    status_name((enum status)from));
			if (t.to[i][from] == (enum status)from)
				assert_int_equal(stage_of(f, id), stage);
			/* No answer and Busy miss the lead: the rest reach it. */
			assert_int_equal(lead_int(f, id, "attempts"), i < 2 ?
			    3 : 0);
			assert_int_equal(res.attempt, i < 2 ? 3 : 0);
		}
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"),
	    9 * ST_COUNT);
}

/* The case reported: No answer on a Qualified lead undid its progress. */
static void
test_no_answer_keeps_qualified(void **state)
{
	struct fixture *f = *state;
	struct call_log log = { 0 };
	struct call_result res;
	struct err err = { 0 };
	int64_t id = lead_new(f, 1);
	int stage;

	lead_put(f, id, ST_QUALIFIED);
	stage = stage_of(f, id);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM pipeline_stages"
	    " WHERE name = 'Qualified' AND id = (SELECT stage_id FROM leads"
	    " WHERE id = 1)"), 1);
	log.lead_id = id;
	log.disposition = "No answer";
	assert_int_equal(store_call_log(f->st, &f->admin, &log, &res, &err), 0);
	assert_string_equal(res.status_to, "Qualified");
	log.disposition = "Busy";
	assert_int_equal(store_call_log(f->st, &f->admin, &log, &res, &err), 0);
	assert_string_equal(res.status_to, "Qualified");
	assert_int_equal(stage_of(f, id), stage);
	assert_int_equal(lead_int(f, id, "attempts"), 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " status = 'Qualified'"), 1);
}

static int
timeline_find(const struct timeline_item *it, void *arg)
{
	const char **want = arg;

	if (*want != NULL && strstr(it->text, *want) != NULL)
		*want = NULL;
	return 0;
}

static int
log_n(struct fixture *f, int64_t id, const char *disposition, int n,
    struct call_result *res)
{
	struct call_log log = { 0 };
	struct err err = { 0 };
	int i;

	log.lead_id = id;
	log.disposition = disposition;
	log.interest = 2;
	for (i = 0; i < n; i++)
		if (store_call_log(f->st, &f->admin, &log, res, &err) != 0)
			fail_msg("%s: %s", disposition, err.msg);
	return 0;
}

/*
 * max_attempts calls in a row that miss the lead drop it as Lost, with
 * the drop reason that says so, in its timeline; a call that reaches it
 * starts the count again, and 0 turns the rule off.
 */
static void
test_attempts_drop_the_lead(void **state)
{
	struct fixture *f = *state;
	struct call_result res;
	struct err err = { 0 };
	struct stage_move move = { 0 };
	enum stage_needs needs;
	int64_t id = lead_new(f, 1), other = lead_new(f, 2);
	const char *want = "No answer, Interested -> Lost, attempt 6, drop "
	    "reason: No contact after 6 attempts, stage: Lost";

	log_n(f, id, "Interested", 1, &res);
	log_n(f, id, "No answer", 5, &res);
	assert_int_equal(res.attempt, 5);
	assert_int_equal(res.max_attempts, 6);
	log_n(f, id, "Interested", 1, &res);	/* reached: counts again */
	assert_int_equal(lead_int(f, id, "attempts"), 0);
	log_n(f, id, "Busy", 5, &res);
	assert_string_equal(res.status_to, "Interested");
	log_n(f, id, "No answer", 1, &res);
	assert_string_equal(res.status_to, "Lost");
	assert_string_equal(res.drop_reason, "No contact after 6 attempts");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l JOIN"
	    " choices c ON c.id = l.drop_reason_id WHERE l.id = 1 AND"
	    " l.status = 'Lost' AND c.list = 'drop' AND"
	    " c.name = 'No contact after 6 attempts'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM choices WHERE"
	    " name LIKE 'No contact%'"), 1);
	assert_int_equal(store_timeline(f->st, &f->admin, id, 0, timeline_find,
	    &want, &err), 0);
	assert_null(want);
	/* Reopened, it gets a new round of attempts. */
	move.lead_id = id;
	move.stage = "Contacted";
	assert_int_equal(store_lead_stage_set(f->st, &f->admin, &move, &needs,
	    &err), 0);
	assert_int_equal(lead_int(f, id, "attempts"), 0);
	log_n(f, id, "Busy", 1, &res);
	assert_string_equal(res.status_to, "CNP");
	assert_int_equal(res.attempt, 1);
	/* Another maximum names its own number; 0: never dropped. */
	assert_int_equal(store_setting_set(f->st, &f->admin, "max_attempts",
	    "2", &err), 0);
	log_n(f, other, "Busy", 2, &res);
	assert_string_equal(res.drop_reason, "No contact after 2 attempts");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM choices WHERE"
	    " list = 'drop' AND name = 'No contact after 2 attempts'"), 1);
	assert_int_equal(store_setting_set(f->st, &f->admin, "max_attempts",
	    "0", &err), 0);
	other = lead_new(f, 3);
	log_n(f, other, "Busy", 20, &res);
	assert_string_equal(res.status_to, "CNP");
	assert_int_equal(res.attempt, 20);
	assert_int_equal(store_setting_set(f->st, &f->admin, "max_attempts",
	    "101", &err), EX_DATAERR);
}

static int
count_item(const struct lead *l, const struct queue_item *it, void *arg)
{
	(void)l;
	(void)it;
	++*(int *)arg;
	return 0;
}

/* Whether the rep's queue offers the lead at now. */
static int
offered(struct fixture *f, const struct actor *rep, time_t now)
{
	struct queue_query q = { .now = now };
	struct err err = { 0 };
	int n = 0;

	assert_int_equal(store_queue_page(f->st, rep, &q, 10, count_item, &n,
	    &err), 0);
	return n;
}

/*
 * No answer waits 2 h and Busy 30 min before the lead is offered again;
 * another disposition waits retry_minutes; retry_minutes.NAME changes a
 * disposition's wait and an empty value gives it retry_minutes again.
 */
static void
test_retry_waits_per_disposition(void **state)
{
	struct fixture *f = *state;
	struct actor rep;
	struct call_log log = { 0 };
	struct call_result res;
	struct setting s;
	struct err err = { 0 };
	time_t at = FIXTURE_NOW + 6 * 3600;	/* inside calling hours */
	int64_t id;

	fixture_region(f, "East", "US");
	rep = fixture_user(f, "rep1", ROLE_REP, "A", "East");
	id = fixture_lead(f, &f->admin, &err, "name=Acme", "region=East",
	    "phone=+13055550142", "owner=rep1", NULL);
	assert_true(id > 0);
	log.lead_id = id;
	log.started_at = at;
	log.disposition = "Busy";
	assert_int_equal(store_call_log(f->st, &rep, &log, &res, &err), 0);
	assert_int_equal(offered(f, &rep, at + 29 * 60), 0);
	assert_int_equal(offered(f, &rep, at + 30 * 60), 1);
	log.started_at = at += 3600;
	log.disposition = "No answer";
	assert_int_equal(store_call_log(f->st, &rep, &log, &res, &err), 0);
	assert_int_equal(offered(f, &rep, at + 119 * 60), 0);
	assert_int_equal(offered(f, &rep, at + 120 * 60), 1);
	log.started_at = at += 3 * 3600;
	log.disposition = "Interested";
	log.interest = 3;
	assert_int_equal(store_call_log(f->st, &rep, &log, &res, &err), 0);
	assert_int_equal(offered(f, &rep, at + 59 * 60), 0);
	assert_int_equal(offered(f, &rep, at + 60 * 60), 1);
	/* A disposition's own wait, as a setting. */
	assert_int_equal(store_setting_set(f->st, &f->admin,
	    "retry_minutes.Busy", "10", &err), 0);
	assert_int_equal(store_setting_get(f->st, "retry_minutes.Busy", &s,
	    &err), 0);
	assert_string_equal(s.value, "10");
	assert_false(s.is_default);
	log.started_at = at += 3600;
	log.disposition = "Busy";
	assert_int_equal(store_call_log(f->st, &rep, &log, &res, &err), 0);
	assert_int_equal(offered(f, &rep, at + 9 * 60), 0);
	assert_int_equal(offered(f, &rep, at + 10 * 60), 1);
	assert_int_equal(store_setting_set(f->st, &f->admin,
	    "retry_minutes.Busy", "", &err), 0);
	assert_int_equal(store_setting_get(f->st, "retry_minutes.Busy", &s,
	    &err), 0);
	assert_string_equal(s.value, "60");
	assert_true(s.is_default);
	assert_int_equal(store_setting_set(f->st, &f->admin,
	    "retry_minutes.Nope", "10", &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "no disposition 'Nope'"));
	assert_int_equal(store_setting_set(f->st, &f->admin,
	    "retry_minutes.Busy", "-1", &err), EX_DATAERR);
	assert_int_equal(store_setting_set(f->st, &rep, "retry_minutes.Busy",
	    "5", &err), EX_NOPERM);
}

/*
 * A floor made before the table gets it by the same rule, its No answer
 * and Busy their waits, attempts recounted from its calls, and the drop
 * reason in its list.
 */
static void
test_migration_fills_the_table(void **state)
{
	struct fixture *f = *state;
	struct call_result res;
	struct err err = { 0 };
	struct table t;
	struct seen s = { &t, 0 };
	int64_t id;

	fixture_sqlite_only("undoes SQLite's migrations to run them again");
	id = lead_new(f, 1);
	log_n(f, id, "Busy", 1, &res);
	log_n(f, id, "Interested", 1, &res);
	log_n(f, id, "No answer", 2, &res);
	store_close(f->st);
	f->st = NULL;
	fixture_sql_run(f, FIXTURE_UNDO_SINCE_15 FIXTURE_UNDO_14 FIXTURE_UNDO_13
	    "DROP INDEX calls_report; ALTER TABLE calls DROP COLUMN"
	    " local_slot; ALTER TABLE calls DROP COLUMN region_id;"
	    "ALTER TABLE calls DROP COLUMN source_id;"
	    "CREATE INDEX calls_user ON calls(user_id, started_at);"
	    "DROP INDEX notifications_alert; DROP INDEX attendance_paused;"
	    "DROP INDEX followups_open; DROP INDEX assignments_at;"
	    "DROP INDEX leads_stage_entered;"
	    "ALTER TABLE notifications DROP COLUMN alert_key;"
	    "DROP TABLE transitions; DROP TRIGGER leads_reopen;"
	    "DROP TRIGGER lead_search_remove; DROP TABLE lead_keys;"
	    "DROP TABLE lead_text;"
	    "ALTER TABLE dispositions DROP COLUMN contact;"
	    "ALTER TABLE choices DROP COLUMN limit_minutes;"
	    "ALTER TABLE users DROP COLUMN email;"
	    "ALTER TABLE dispositions DROP COLUMN retry_minutes;"
	    "ALTER TABLE leads DROP COLUMN retry_minutes;"
	    "DELETE FROM choices WHERE name = 'No contact after 6 attempts';"
	    "UPDATE leads SET attempts = 4;"
	    "PRAGMA user_version = 5;");
	assert_int_equal(store_open(f->path, STORE_OPEN, &f->st, &err), 0);
	assert_int_equal(fixture_count(f, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	table_read(&t);
	assert_int_equal(store_transition_list(f->st, transition_check, &s,
	    &err), 0);
	assert_int_equal(s.rows, 9);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM transitions"),
	    9 * ST_COUNT);
	assert_int_equal(fixture_count(f, "SELECT group_concat(name || '=' ||"
	    " retry_minutes) = 'No answer=120,Busy=30' FROM dispositions"
	    " WHERE retry_minutes IS NOT NULL"), 1);
	assert_int_equal(lead_int(f, id, "attempts"), 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM choices WHERE"
	    " list = 'drop' AND name = 'No contact after 6 attempts'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM sqlite_schema"
	    " WHERE type = 'trigger' AND name = 'leads_reopen'"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_table_is_seeded_and_follows_the_rule),
		T(test_every_disposition_on_every_status),
		T(test_no_answer_keeps_qualified),
		T(test_attempts_drop_the_lead),
		T(test_retry_waits_per_disposition),
		T(test_migration_fills_the_table),
#undef T
	};

	return cmocka_run_group_tests_name("outcome", tests, NULL, NULL);
}
