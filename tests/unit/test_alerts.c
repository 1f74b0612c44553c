/*
 * Alerts: each raised when its time has come and not before, once
 * however many sweeps run, to the right people, and not at all when its
 * setting is off; a sweep with nothing due writes nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "callq/alert.h"
#include "callq/assign.h"
#include "callq/attendance.h"
#include "callq/call.h"
#include "callq/choice.h"
#include "callq/followup.h"
#include "callq/notify.h"
#include "callq/settings.h"
#include "callq/stage.h"
#include "fixture.h"

#define T FIXTURE_NOW
#define MIN 60
#define HOUR 3600
#define DAY 86400

struct floor {
	struct actor lead, rep, loner;	/* loner: a rep in no team */
	int64_t      ids[4];
};

static struct floor
floor_make(struct fixture *f)
{
	struct floor fl;
	struct err err;
	char name[32], phone[40];
	int i;

	fixture_region(f, "East", "US");
	fl.lead = fixture_user(f, "tl", ROLE_LEAD, "A", NULL);
	fl.rep = fixture_user(f, "rep1", ROLE_REP, "A", "East");
	fl.loner = fixture_user(f, "solo", ROLE_REP, NULL, "East");
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "name=Acme %d", i + 1);
		snprintf(phone, sizeof phone, "phone=+1305555%04d", 100 + i);
		fl.ids[i] = fixture_lead(f, &f->admin, &err, name, "region=East",
		    phone, NULL);
		assert_true(fl.ids[i] > 0);
	}
	return fl;
}

/* Makes store_now() read at. */
static void
clock_at(time_t at)
{
	char v[32];

	snprintf(v, sizeof v, "%lld", (long long)at);
	setenv("CALLQ_NOW", v, 1);
}

static int
sweep(struct fixture *f, time_t now)
{
	struct err err = { 0 };
	int raised = -1;

	if (store_alert_sweep(f->st, &f->admin, now, &raised, &err) != 0)
		fail_msg("sweep: %s", err.msg);
	return raised;
}

/* How many notifications of kind login has, and the text of the last. */
struct heard {
	const char *kind;
	int         n;
	char        text[256];
};

static int
heard_take(const struct notification *n, void *arg)
{
	struct heard *h = arg;

	if (strcmp(n->kind, h->kind) == 0 && h->n++ == 0)
		snprintf(h->text, sizeof h->text, "%s", n->text);
	return 0;
}

static struct heard
heard(struct fixture *f, const struct actor *who, const char *kind)
{
	struct heard h = { kind, 0, "" };
	struct err err = { 0 };

	assert_int_equal(store_notify_list(f->st, who, 0, 0, heard_take, &h,
	    &err), 0);
	return h;
}

static void
pause_at(struct fixture *f, const struct actor *who, time_t at,
    const char *reason)
{
	struct err err = { 0 };

	clock_at(at);
	if (store_attendance_set(f->st, who, ATT_IN, NULL, &err) != 0 ||
	    (reason != NULL && store_attendance_set(f->st, who, ATT_PAUSED,
	    reason, &err) != 0))
		fail_msg("attendance: %s", err.msg);
	clock_at(T);
}

static void
set(struct fixture *f, const char *key, const char *value)
{
	struct err err = { 0 };

	if (store_setting_set(f->st, &f->admin, key, value, &err) != 0)
		fail_msg("%s: %s", key, err.msg);
}

/*
 * A pause over its reason's limit tells the rep's team lead once, with
 * who, what and how long; a rep in no team is the admins' to hear of.
 */
static void
test_pause_over_its_limit(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct heard h;

	pause_at(f, &fl.rep, T, "Lunch");
	pause_at(f, &fl.loner, T, "Meeting");	/* no limit */
	assert_int_equal(sweep(f, T + 60 * MIN), 0);
	assert_int_equal(heard(f, &fl.lead, "pause-over").n, 0);
	assert_int_equal(sweep(f, T + 72 * MIN), 1);
	h = heard(f, &fl.lead, "pause-over");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.text, "rep1 has been on Lunch for 72 min "
	    "(limit 60)");
	assert_int_equal(heard(f, &f->admin, "pause-over").n, 0);
	assert_int_equal(heard(f, &fl.rep, "pause-over").n, 0);
	assert_int_equal(sweep(f, T + 90 * MIN), 0);
	assert_int_equal(heard(f, &fl.lead, "pause-over").n, 1);
	/* A pause of its own later is an alert of its own. */
	pause_at(f, &fl.rep, T + 2 * HOUR, "Short break");
	pause_at(f, &fl.loner, T + 2 * HOUR, "Short break");
	assert_int_equal(sweep(f, T + 2 * HOUR + 16 * MIN), 2);
	assert_int_equal(heard(f, &fl.lead, "pause-over").n, 2);
	h = heard(f, &f->admin, "pause-over");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.text, "solo has been on Short break for 16 min "
	    "(limit 15)");
	/* Audited, with what was raised. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " action = 'alerts-raised'"), 2);
}

/*
 * A pause that ends over its limit before any sweep saw it is announced
 * by the resume itself, in its transaction; a limit changed or cleared
 * applies to pauses from then on.
 */
static void
test_pause_ended_over_its_limit(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct err err = { 0 };
	struct heard h;

	pause_at(f, &fl.rep, T, "Short break");
	pause_at(f, &fl.rep, T + 20 * MIN, NULL);
	h = heard(f, &fl.lead, "pause-over");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.text, "rep1 was on Short break for 20 min "
	    "(limit 15)");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " action = 'attendance' AND details LIKE '%\"alerted\":1%'"), 1);
	assert_int_equal(sweep(f, T + 21 * MIN), 0);
	/* Within its limit: nothing. */
	pause_at(f, &fl.rep, T + HOUR, "Short break");
	pause_at(f, &fl.rep, T + HOUR + 10 * MIN, NULL);
	assert_int_equal(heard(f, &fl.lead, "pause-over").n, 1);
	/* Cleared: no limit, no alert. */
	assert_int_equal(store_choice_set_limit(f->st, &f->admin, "Lunch", 0,
	    &err), 0);
	pause_at(f, &fl.rep, T + 2 * HOUR, "Lunch");
	assert_int_equal(sweep(f, T + 5 * HOUR), 0);
	/* Set: pauses over it alert. */
	assert_int_equal(store_choice_set_limit(f->st, &f->admin, "Meeting", 30,
	    &err), 0);
	pause_at(f, &fl.rep, T + 6 * HOUR, "Meeting");
	assert_int_equal(sweep(f, T + 6 * HOUR + 31 * MIN), 1);
	assert_int_equal(heard(f, &fl.lead, "pause-over").n, 2);
	/* Admins only, and a limit is minutes within a day. */
	assert_int_equal(store_choice_set_limit(f->st, &fl.lead, "Meeting", 10,
	    &err), EX_NOPERM);
	assert_int_equal(store_choice_set_limit(f->st, &f->admin, "Meeting",
	    CHOICE_LIMIT_MAX + 1, &err), EX_DATAERR);
	assert_int_equal(store_choice_set_limit(f->st, &f->admin, "Siesta", 10,
	    &err), EX_DATAERR);
}

/* A follow-up missed by more than escalate_after_hours: the team lead. */
static void
test_missed_followup_escalates(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct err err = { 0 };
	time_t due = T + 6 * HOUR;	/* 11:00 in Florida */
	int64_t fu, fu2;
	struct heard h;

	assert_int_equal(store_followup_add(f->st, &fl.rep, fl.ids[0], due,
	    NULL, &fu, &err), 0);
	assert_int_equal(store_followup_add(f->st, &fl.rep, fl.ids[1], due,
	    NULL, &fu2, &err), 0);
	/* Off while the setting is empty, however late. */
	assert_int_equal(sweep(f, due + 30 * HOUR), 0);
	set(f, "escalate_after_hours", "24");
	assert_int_equal(sweep(f, due + 23 * HOUR), 0);
	/* The second is done in time: only the first escalates. */
	assert_int_equal(store_followup_done(f->st, &fl.rep, fu2, NULL, &err),
	    0);
	assert_int_equal(sweep(f, due + 25 * HOUR), 1);
	h = heard(f, &fl.lead, "escalated");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.text, "rep1 missed the follow-up on Acme 1 "
	    "(lead 1) by 25 h (escalates after 24 h)");
	assert_int_equal(heard(f, &fl.rep, "escalated").n, 0);
	assert_int_equal(sweep(f, due + 26 * HOUR), 0);
	assert_int_equal(heard(f, &fl.lead, "escalated").n, 1);
	/* Cleared: off again. */
	set(f, "escalate_after_hours", "");
	assert_int_equal(store_followup_add(f->st, &fl.rep, fl.ids[2], due,
	    NULL, &fu2, &err), 0);
	assert_int_equal(sweep(f, due + 25 * HOUR), 0);
}

/*
 * A fresh lead given to a rep and not called within first_call_hours:
 * the team lead. A lead called in time, or given to another since, is
 * not one.
 */
static void
test_first_call_late(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct assign_plan *plan = calloc(1, sizeof *plan);
	const char *to[] = { "rep1" };
	struct call_log log = { 0 };
	struct call_result res;
	struct err err = { 0 };
	struct heard h;

	assert_non_null(plan);
	assert_int_equal(store_assign(f->st, &f->admin, fl.ids, 3,
	    ASSIGN_MANUAL, to, 1, plan, &err), 0);
	assert_int_equal(sweep(f, T + 5 * HOUR), 0);	/* off */
	set(f, "first_call_hours", "4");
	assert_int_equal(sweep(f, T + 3 * HOUR), 0);
	/* Lead 2 is called in time; lead 3 goes to the lone rep. */
	clock_at(T + HOUR);
	log.lead_id = fl.ids[1];
	log.disposition = "No answer";
	assert_int_equal(store_call_log(f->st, &fl.rep, &log, &res, &err), 0);
	to[0] = "solo";
	assert_int_equal(store_assign(f->st, &f->admin, fl.ids + 2, 1,
	    ASSIGN_MANUAL, to, 1, plan, &err), 0);
	clock_at(T);
	assert_int_equal(sweep(f, T + 4 * HOUR + 1), 1);
	h = heard(f, &fl.lead, "first-call");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.text, "rep1 has not called Acme 1 (lead 1) in "
	    "the 4 h since it was assigned (limit 4 h)");
	/* Lead 3's own four hours run from its assignment, to the admins. */
	assert_int_equal(sweep(f, T + 5 * HOUR + 1), 1);
	h = heard(f, &f->admin, "first-call");
	assert_int_equal(h.n, 1);
	assert_non_null(strstr(h.text, "solo has not called Acme 3 (lead 3)"));
	assert_int_equal(sweep(f, T + 9 * HOUR), 0);
	assert_int_equal(heard(f, &fl.lead, "first-call").n, 1);
	free(plan);
}

/* A lead longer than its stage's stale_days in it: its owner hears. */
static void
test_stale_lead_tells_its_owner(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct assign_plan *plan = calloc(1, sizeof *plan);
	struct stage_move m = { 0 };
	enum stage_needs needs;
	const char *to[] = { "rep1" };
	struct err err = { 0 };
	struct heard h;

	assert_non_null(plan);
	assert_int_equal(store_assign(f->st, &f->admin, fl.ids, 1,
	    ASSIGN_MANUAL, to, 1, plan, &err), 0);
	/* Contacted goes stale after 10 days; lead 2 is nobody's. */
	clock_at(T + DAY);
	m.stage = "Contacted";
	m.lead_id = fl.ids[0];
	assert_int_equal(store_lead_stage_set(f->st, &f->admin, &m, &needs,
	    &err), 0);
	m.lead_id = fl.ids[1];
	assert_int_equal(store_lead_stage_set(f->st, &f->admin, &m, &needs,
	    &err), 0);
	clock_at(T);
	assert_int_equal(sweep(f, T + 10 * DAY), 0);
	assert_int_equal(sweep(f, T + 12 * DAY), 1);
	h = heard(f, &fl.rep, "stale");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.text, "Acme 1 (lead 1) has been in Contacted for "
	    "11 days (stale after 10)");
	assert_int_equal(heard(f, &fl.lead, "stale").n, 0);
	assert_int_equal(sweep(f, T + 12 * DAY + HOUR), 0);
	free(plan);
}

/* Sweeps by several processes at once raise each alert once. */
static void
test_concurrent_sweeps_raise_once(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct store *other;
	struct err err = { 0 };
	pid_t kids[4];
	int i, status, raised;

	pause_at(f, &fl.rep, T, "Lunch");
	pause_at(f, &fl.loner, T, "Lunch");
	for (i = 0; i < 4; i++) {
		if ((kids[i] = fork()) == 0) {
			struct store *st;
			int j, ok = store_open(f->path, STORE_OPEN, &st,
			    &err) == 0;

			for (j = 0; ok && j < 20; j++)
				ok = store_alert_sweep(st, &f->admin, T + 2 * HOUR,
				    &raised, &err) == 0;
			if (ok)
				store_close(st);
			_exit(ok ? 0 : 1);
		}
		assert_true(kids[i] > 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	/* And a second connection of this process finds nothing left. */
	assert_int_equal(store_open(f->path, STORE_OPEN, &other, &err), 0);
	assert_int_equal(store_alert_sweep(other, &f->admin, T + 2 * HOUR,
	    &raised, &err), 0);
	assert_int_equal(raised, 0);
	store_close(other);
	assert_int_equal(sweep(f, T + 2 * HOUR), 0);
	assert_int_equal(heard(f, &fl.lead, "pause-over").n, 1);
	assert_int_equal(heard(f, &f->admin, "pause-over").n, 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notifications"
	    " WHERE kind = 'pause-over'"), 2);
}

/*
 * With nothing due a sweep only reads: it goes through while another
 * connection holds the write lock, which any write would wait on.
 */
static void
test_nothing_due_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	sqlite3 *db;

	set(f, "escalate_after_hours", "1");
	set(f, "first_call_hours", "1");
	pause_at(f, &fl.rep, T, "Lunch");
	assert_int_equal(sweep(f, T + 2 * HOUR), 1);	/* raised, so done */
	fixture_sqlite_only("opens the SQLite file");
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sweep(f, T + 2 * HOUR + MIN), 0);
	assert_int_equal(sweep(f, T + 10 * MIN), 0);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
}

/* A disposition's contact flag is set, listed and audited. */
static int
contact_of(const struct choice *c, void *arg)
{
	int *busy = arg;

	if (strcmp(c->name, "Busy") == 0)
		*busy = c->contact;
	return 0;
}

static void
test_contact_flag(void **state)
{
	struct fixture *f = *state;
	struct actor rep = fixture_user(f, "rep9", ROLE_REP, NULL, NULL);
	struct err err = { 0 };
	int busy = -1;

	assert_int_equal(store_choice_list(f->st, LIST_DISPOSITION, contact_of,
	    &busy, &err), 0);
	assert_int_equal(busy, 0);
	assert_int_equal(store_choice_set_contact(f->st, &f->admin, "Busy", 1,
	    &err), 0);
	assert_int_equal(store_choice_list(f->st, LIST_DISPOSITION, contact_of,
	    &busy, &err), 0);
	assert_int_equal(busy, 1);
	assert_int_equal(fixture_count(f, "SELECT contact FROM dispositions"
	    " WHERE name = 'Busy'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'disposition' AND action = 'contact'"), 1);
	assert_int_equal(store_choice_set_contact(f->st, &rep, "Busy", 0,
	    &err), EX_NOPERM);
	assert_int_equal(store_choice_set_contact(f->st, &f->admin, "Nope", 0,
	    &err), EX_DATAERR);
}

int
main(void)
{
#define U(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
	const struct CMUnitTest tests[] = {
		U(test_pause_over_its_limit),
		U(test_pause_ended_over_its_limit),
		U(test_missed_followup_escalates),
		U(test_first_call_late),
		U(test_stale_lead_tells_its_owner),
		U(test_concurrent_sweeps_raise_once),
		U(test_nothing_due_writes_nothing),
		U(test_contact_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
