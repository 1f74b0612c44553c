/*
 * The lease holds for every writer: a lead another user holds refuses
 * each write, naming them, unless a team lead or admin forces it (audited,
 * the holder told). And no lead gets a live lead's number by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/call.h"
#include "callq/callrec.h"
#include "callq/followup.h"
#include "callq/lead.h"
#include "callq/lease.h"
#include "callq/note.h"
#include "callq/notify.h"
#include "callq/stage.h"
#include "fixture.h"

/* 16:00 UTC, 11:00 in New York: inside the leads' calling hours. */
#define OPEN_NOW "1795363200"

struct floor {
	struct actor rep1, rep2, lead1;
	int64_t      lead;		/* unassigned, of East: both see it */
	int64_t      followup;	/* rep2's, on lead */
};

static struct floor
floor_make(struct fixture *f)
{
	struct floor fl;
	struct err err = { 0 };

	setenv("CALLQ_NOW", OPEN_NOW, 1);
	fixture_region(f, "East", "US");
	fl.rep1 = fixture_user(f, "rep1", ROLE_REP, "A", "East");
	fl.rep2 = fixture_user(f, "rep2", ROLE_REP, "A", "East");
	fl.lead1 = fixture_user(f, "lead1", ROLE_LEAD, "A", NULL);
	fl.lead = fixture_lead(f, &f->admin, &err, "name=Shared",
	    "region=East", "phone=+12127360101", NULL);
	assert_int_not_equal(fl.lead, 0);
	assert_int_equal(store_followup_add(f->st, &f->admin, fl.lead,
	    1795370000, NULL, &fl.followup, &err), 0);
	return fl;
}

/* One write to a lead, as who. */
typedef int (*write_op)(struct fixture *, const struct actor *, int64_t,
    const struct floor *, struct err *);

static int
op_log(struct fixture *f, const struct actor *who, int64_t id,
    const struct floor *fl, struct err *err)
{
	struct call_log log = { .lead_id = id, .disposition = "No answer" };
	struct call_result res;

	(void)fl;
	return store_call_log(f->st, who, &log, &res, err);
}

static int
op_followup_add(struct fixture *f, const struct actor *who, int64_t id,
    const struct floor *fl, struct err *err)
{
	int64_t fu;

	(void)fl;
	return store_followup_add(f->st, who, id, 1795380000, NULL, &fu, err);
}

static int
op_followup_done(struct fixture *f, const struct actor *who, int64_t id,
    const struct floor *fl, struct err *err)
{
	(void)id;
	return store_followup_done(f->st, who, fl->followup, NULL, err);
}

static int
op_followup_move(struct fixture *f, const struct actor *who, int64_t id,
    const struct floor *fl, struct err *err)
{
	(void)id;
	return store_followup_move(f->st, who, fl->followup, 1795390000, err);
}

static int
op_edit(struct fixture *f, const struct actor *who, int64_t id,
    const struct floor *fl, struct err *err)
{
	struct lead_change ch;

	(void)fl;
	assert_int_equal(lead_change_parse(lead_field_find("email"),
	    "a@example.com", FIXTURE_NOW, &ch, err), 0);
	return store_lead_edit(f->st, who, id, &ch, 1, 0, err);
}

static int
op_stage(struct fixture *f, const struct actor *who, int64_t id,
    const struct floor *fl, struct err *err)
{
	struct stage_move m = { .lead_id = id, .stage = "Contacted" };
	enum stage_needs needs;

	(void)fl;
	return store_lead_stage_set(f->st, who, &m, &needs, err);
}

static int
op_note(struct fixture *f, const struct actor *who, int64_t id,
    const struct floor *fl, struct err *err)
{
	(void)fl;
	return store_note_add(f->st, who, id, "rang twice", err);
}

static int
op_dial(struct fixture *f, const struct actor *who, int64_t id,
    const struct floor *fl, struct err *err)
{
	struct call_target t;

	(void)fl;
	return store_call_open(f->st, who, id, "none", &t, err);
}

static int
op_delete(struct fixture *f, const struct actor *who, int64_t id,
    const struct floor *fl, struct err *err)
{
	(void)fl;
	return store_lead_delete(f->st, who, id, err);
}

static const struct {
	const char *name;
	write_op    op;
} writes[] = {
	{ "log", op_log }, { "followup add", op_followup_add },
	{ "followup done", op_followup_done },
	{ "followup move", op_followup_move }, { "edit", op_edit },
	{ "stage", op_stage }, { "note", op_note }, { "dial", op_dial },
	{ "delete", op_delete },
};
#define NWRITES (sizeof writes / sizeof writes[0])

/* Everything a write to a lead leaves behind, summed. */
static int
traces(struct fixture *f)
{
	return fixture_count(f, "SELECT (SELECT count(*) FROM audit) +"
	    " (SELECT count(*) FROM calls) + (SELECT count(*) FROM notes) +"
	    " (SELECT count(*) FROM notifications) +"
	    " (SELECT count(*) FROM followups WHERE state = 'open') +"
	    " (SELECT sum(version) FROM leads) +"
	    " (SELECT count(*) FROM leases)");
}

static void
test_held_lead_refuses_every_write(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct lease held;
	struct err err;
	char want[96];
	size_t i;
	int before;

	assert_int_equal(store_lease_take(f->st, &fl.rep1, fl.lead, &held,
	    &err), 0);
	snprintf(want, sizeof want, "rep1 is working lead %lld; it is free "
	    "again when they log the call", (long long)fl.lead);
	before = traces(f);
	for (i = 0; i < NWRITES; i++) {
		const struct actor *who = writes[i].op == op_delete ?
		    &f->admin : &fl.rep2;

		memset(&err, 0, sizeof err);
		if (writes[i].op(f, who, fl.lead, &fl, &err) != EX_TEMPFAIL ||
		    strncmp(err.msg, want, strlen(want)) != 0)
			fail_msg("%s by %s on a held lead: %d '%s'",
			    writes[i].name, who->login, err.status, err.msg);
		assert_int_equal(traces(f), before);
	}
	/* Its holder writes on: the log lets go of the lead. */
	assert_int_equal(op_note(f, &fl.rep1, fl.lead, &fl, &err), 0);
	assert_int_equal(op_log(f, &fl.rep1, fl.lead, &fl, &err), 0);
	assert_int_equal(store_lease_get(f->st, fl.lead, &held, &err), 0);
	assert_string_equal(held.holder, "");
}

static void
test_expired_lease_holds_nothing(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct lease held;
	struct err err;

	assert_int_equal(store_lease_take(f->st, &fl.rep1, fl.lead, &held,
	    &err), 0);
	assert_int_equal(op_edit(f, &fl.rep2, fl.lead, &fl, &err),
	    EX_TEMPFAIL);
	/* lease_minutes (15) and a second later, rep1's hold has run out. */
	setenv("CALLQ_NOW", "1795364101", 1);
	assert_int_equal(op_edit(f, &fl.rep2, fl.lead, &fl, &err), 0);
}

/* An analyst who opens a lead to read it holds nothing: the rep logs on. */
static void
test_reader_takes_no_hold(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct actor ana = fixture_user(f, "ana", ROLE_ANALYST, NULL, NULL);
	struct lease held;
	struct err err;

	assert_int_equal(store_lease_take(f->st, &ana, fl.lead, &held, &err),
	    0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leases"), 0);
	assert_int_equal(op_log(f, &fl.rep2, fl.lead, &fl, &err), 0);
}

static void
test_force_is_for_team_leads_and_admins(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct actor rep2 = fl.rep2, lead1 = fl.lead1;
	struct lease held;
	struct err err;
	int before;

	assert_int_equal(store_lease_take(f->st, &fl.rep1, fl.lead, &held,
	    &err), 0);
	before = traces(f);
	/* A rep cannot force it, and is told so, with the holder's name. */
	rep2.overrides = ACTOR_FORCE;
	assert_int_equal(op_log(f, &rep2, fl.lead, &fl, &err), EX_NOPERM);
	assert_non_null(strstr(err.msg, "rep1 is working lead"));
	assert_non_null(strstr(err.msg, "rep2 is a rep, who cannot work a "
	    "lead another user holds"));
	/* A team lead is refused too, and told of --force. */
	assert_int_equal(op_log(f, &lead1, fl.lead, &fl, &err), EX_TEMPFAIL);
	assert_non_null(strstr(err.msg, "or add --force to override their "
	    "hold"));
	assert_int_equal(traces(f), before);
	/* Forced: written, audited, and rep1 hears of it. */
	lead1.overrides = ACTOR_FORCE;
	assert_int_equal(op_log(f, &lead1, fl.lead, &fl, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit a"
	    " JOIN users u ON u.id = a.actor_id WHERE u.login = 'lead1'"
	    " AND a.action = 'override' AND a.details ="
	    " '{\"holder\":\"rep1\",\"to\":\"log a call\","
	    "\"notified\":\"rep1\"}'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notifications"
	    " n JOIN users u ON u.id = n.user_id WHERE u.login = 'rep1'"
	    " AND n.kind = 'override' AND n.text LIKE"
	    " 'lead1 overrode your hold on lead % to log a call'"), 1);
	/* rep1 still holds the lead: a forced write is one write. */
	assert_int_equal(store_lease_get(f->st, fl.lead, &held, &err), 0);
	assert_string_equal(held.holder, "rep1");
	/* An admin may force the rest. */
	f->admin.overrides = ACTOR_FORCE;
	assert_int_equal(op_note(f, &f->admin, fl.lead, &fl, &err), 0);
	assert_int_equal(op_edit(f, &f->admin, fl.lead, &fl, &err), 0);
	assert_int_equal(op_followup_move(f, &f->admin, fl.lead, &fl, &err),
	    0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notifications"
	    " WHERE kind = 'override'"), 4);
	f->admin.overrides = 0;
}

static void
test_forced_dial_takes_the_lead(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct actor lead1 = fl.lead1;
	struct lease held;
	struct err err;

	assert_int_equal(store_lease_take(f->st, &fl.rep1, fl.lead, &held,
	    &err), 0);
	lead1.overrides = ACTOR_FORCE;
	assert_int_equal(op_dial(f, &lead1, fl.lead, &fl, &err), 0);
	assert_int_equal(store_lease_get(f->st, fl.lead, &held, &err), 0);
	assert_string_equal(held.holder, "lead1");
	/* Now rep1 is the one kept off. */
	assert_int_equal(op_note(f, &fl.rep1, fl.lead, &fl, &err),
	    EX_TEMPFAIL);
	assert_non_null(strstr(err.msg, "lead1 is working lead"));
}

/* A forced write that fails later leaves no override behind either. */
static void
test_failed_forced_write_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct call_log log = { .disposition = "Callback requested" };
	struct actor lead1 = fl.lead1;
	struct call_result res;
	struct lease held;
	struct err err;
	int before;

	assert_int_equal(store_lease_take(f->st, &fl.rep1, fl.lead, &held,
	    &err), 0);
	before = traces(f);
	lead1.overrides = ACTOR_FORCE;
	log.lead_id = fl.lead;
	/* A call back needs its time: the log fails after the override. */
	assert_int_equal(store_call_log(f->st, &lead1, &log, &res, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "needs a follow-up time"));
	assert_int_equal(traces(f), before);
}

/* A lead out of who's sight reads as missing, held or not. */
static void
test_unseen_held_lead_stays_unseen(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct actor west;
	struct lease held;
	struct err err;

	fixture_region(f, "West", "US");
	west = fixture_user(f, "west", ROLE_REP, "B", "West");
	assert_int_equal(store_lease_take(f->st, &fl.rep1, fl.lead, &held,
	    &err), 0);
	assert_int_equal(op_edit(f, &west, fl.lead, &fl, &err), EX_NOINPUT);
	assert_null(strstr(err.msg, "rep1"));
}

static void
test_duplicate_number_refused(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct actor rep1 = fl.rep1, west;
	struct lead_change ch;
	struct err err;
	int64_t id, mine;
	char want[160];

	/* The same number written another way is the same number. */
	assert_int_equal(fixture_lead(f, &f->admin, &err, "name=Again",
	    "region=East", "country=US", "phone=(212) 736-0101", NULL), 0);
	assert_int_equal(err.status, EX_DATAERR);
	snprintf(want, sizeof want, "lead %lld (no owner) has +12127360101 "
	    "already, so nothing was added; work that lead, or add "
	    "--allow-duplicate to add this one anyway", (long long)fl.lead);
	assert_string_equal(err.msg, want);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads"), 1);
	/* Owned by rep1, it is named so to those who see it. */
	mine = fixture_lead(f, &fl.rep1, &err, "name=Mine", "region=East",
	    "phone=+12127360102", NULL);
	assert_int_not_equal(mine, 0);
	assert_int_equal(fixture_lead(f, &fl.lead1, &err, "name=Again",
	    "phone=+1 212 736 0102", NULL), 0);
	assert_non_null(strstr(err.msg, "(owner rep1) has +12127360102"));
	/* A rep who may not see that lead learns only that it exists. */
	fixture_region(f, "West", "US");
	west = fixture_user(f, "west", ROLE_REP, "B", "West");
	assert_int_equal(fixture_lead(f, &west, &err, "name=Again",
	    "region=West", "phone=+12127360102", NULL), 0);
	assert_string_equal(err.msg, "a lead you cannot see has +12127360102 "
	    "already, so nothing was added; ask a team lead about it, or add "
	    "--allow-duplicate to add this one anyway");
	assert_null(strstr(err.msg, "rep1"));
	/* Editing another lead to the number is refused the same way. */
	assert_int_equal(lead_change_parse(lead_field_find("phone"),
	    "+12127360101", FIXTURE_NOW, &ch, &err), 0);
	assert_int_equal(store_lead_edit(f->st, &rep1, mine, &ch, 1, 0, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "so nothing was changed"));
	/* A lead's own number, written anew, is no duplicate. */
	assert_int_equal(lead_change_parse(lead_field_find("phone"),
	    "212-736-0102", FIXTURE_NOW, &ch, &err), 0);
	assert_int_equal(store_lead_edit(f->st, &rep1, mine, &ch, 1, 0, &err),
	    0);
	/* Asked for, it is added, and the audit says which lead it repeats. */
	rep1.overrides = ACTOR_ALLOW_DUPLICATE;
	id = fixture_lead(f, &rep1, &err, "name=Branch", "region=East",
	    "phone=+12127360101", NULL);
	assert_int_not_equal(id, 0);
	snprintf(want, sizeof want, "SELECT count(*) FROM audit WHERE"
	    " entity_id = %lld AND action = 'add' AND details LIKE"
	    " '%%\"duplicate_of\":%lld%%'", (long long)id, (long long)fl.lead);
	assert_int_equal(fixture_count(f, want), 1);
}

static void
test_deleted_lead_number_is_free(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct err err;

	assert_int_equal(store_lead_delete(f->st, &f->admin, fl.lead, &err),
	    0);
	assert_int_not_equal(fixture_lead(f, &f->admin, &err, "name=Again",
	    "region=East", "phone=+12127360101", NULL), 0);
}

/*
 * A lead deleted while another took its number comes back only when
 * asked to, and the audit says which lead it repeats.
 */
static void
test_restore_refuses_a_taken_number(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct actor admin = f->admin;
	struct err err = { 0 };
	int64_t again;
	char want[256];

	assert_int_equal(store_lead_delete(f->st, &admin, fl.lead, &err), 0);
	again = fixture_lead(f, &admin, &err, "name=Again", "region=East",
	    "phone=+12127360101", NULL);
	assert_int_not_equal(again, 0);
	assert_int_equal(store_lead_restore(f->st, &admin, fl.lead, NULL,
	    &err), EX_DATAERR);
	snprintf(want, sizeof want, "lead %lld (no owner) has +12127360101 "
	    "already, so nothing was restored", (long long)again);
	assert_non_null(strstr(err.msg, want));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads"
	    " WHERE deleted_at IS NULL AND phone_e164 = '+12127360101'"), 1);
	admin.overrides = ACTOR_ALLOW_DUPLICATE;
	assert_int_equal(store_lead_restore(f->st, &admin, fl.lead, NULL,
	    &err), 0);
	snprintf(want, sizeof want, "SELECT count(*) FROM audit WHERE"
	    " entity_id = %lld AND action = 'restore' AND details LIKE"
	    " '%%\"duplicate_of\":%lld%%'", (long long)fl.lead,
	    (long long)again);
	assert_int_equal(fixture_count(f, want), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_held_lead_refuses_every_write),
		T(test_expired_lease_holds_nothing),
		T(test_reader_takes_no_hold),
		T(test_force_is_for_team_leads_and_admins),
		T(test_forced_dial_takes_the_lead),
		T(test_failed_forced_write_leaves_nothing),
		T(test_unseen_held_lead_stays_unseen),
		T(test_duplicate_number_refused),
		T(test_deleted_lead_number_is_free),
		T(test_restore_refuses_a_taken_number),
#undef T
	};

	return cmocka_run_group_tests_name("lease", tests, NULL, NULL);
}
