/*
 * Team leads: round-robin fairness and split evenness (the arithmetic and
 * the store's rules of who is eligible), the pipeline's moves and
 * stages, and notifications.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/assign.h"
#include "callq/attendance.h"
#include "callq/call.h"
#include "callq/followup.h"
#include "callq/notify.h"
#include "callq/pool.h"
#include "callq/rotation.h"
#include "callq/settings.h"
#include "callq/stage.h"
#include "callq/timeline.h"
#include "fixture.h"

static void
test_rotation_no_rep_twice_before_all(void **state)
{
	const int64_t ids[] = { 3, 7, 9, 12 };
	size_t counts[4], last, start = rotation_start(ids, 4, 0), k, got[4];
	size_t given[4] = { 0 };

	(void)state;
	assert_int_equal(start, 0);
	last = rotation_deal(4, start, 10, counts);
	/* 10 over 4: two reps get 3, two get 2, the extras to the first. */
	assert_int_equal(counts[0], 3);
	assert_int_equal(counts[1], 3);
	assert_int_equal(counts[2], 2);
	assert_int_equal(counts[3], 2);
	assert_int_equal(last, 1);
	/* Lead k goes to (start + k) % n: nobody twice in any 4 in a row. */
	for (k = 0; k + 4 <= 10; k++) {
		memset(got, 0, sizeof got);
		got[(start + k) % 4]++, got[(start + k + 1) % 4]++;
		got[(start + k + 2) % 4]++, got[(start + k + 3) % 4]++;
		assert_true(got[0] == 1 && got[1] == 1 && got[2] == 1 &&
		    got[3] == 1);
	}
	/* The next deal goes on after rep 7, the last one given a lead. */
	start = rotation_start(ids, 4, ids[last]);
	assert_int_equal(start, 2);
	rotation_deal(4, start, 2, counts);
	assert_int_equal(counts[2], 1);
	assert_int_equal(counts[3], 1);
	assert_int_equal(counts[0] + counts[1], 0);
	/*
	 * Over many deals of all sizes, none among them, the reps' totals
	 * never differ by more than one.
	 */
	last = 3;
	for (k = 1; k < 50; k++) {
		size_t i, lo, hi;

		start = rotation_start(ids, 4, ids[last]);
		last = rotation_deal(4, start, k % 7, counts);
		for (i = 0, lo = SIZE_MAX, hi = 0; i < 4; i++) {
			given[i] += counts[i];
			lo = given[i] < lo ? given[i] : lo;
			hi = given[i] > hi ? given[i] : hi;
		}
		assert_true(hi - lo <= 1);
	}
}

static void
test_rotation_skips_a_rep_who_left(void **state)
{
	const int64_t now_in[] = { 3, 9, 12 };	/* rep 7 paused meanwhile */

	(void)state;
	/* Rep 7 had the last lead: the deal goes on with the one after. */
	assert_int_equal(rotation_start(now_in, 3, 7), 1);
	/* The last one was the highest: it wraps to the first. */
	assert_int_equal(rotation_start(now_in, 3, 12), 0);
	assert_int_equal(rotation_start(now_in, 3, 40), 0);
}

static void
test_split_is_even(void **state)
{
	size_t counts[7], n, total, i, lo, hi;

	(void)state;
	for (n = 1; n <= 7; n++)
		for (total = 0; total < 60; total += 7) {
			split_counts(n, total, counts);
			lo = hi = counts[0];
			for (i = 0, total -= 0; i < n; i++) {
				lo = counts[i] < lo ? counts[i] : lo;
				hi = counts[i] > hi ? counts[i] : hi;
			}
			assert_true(hi - lo <= 1);
			for (i = 1; i < n; i++)	/* fewest-open first gets more */
				assert_true(counts[i] <= counts[i - 1]);
		}
	split_counts(3, 10, counts);
	assert_int_equal(counts[0] + counts[1] + counts[2], 10);
}

/* A team lead, four reps of team A and one of team B, and leads. */
struct floor {
	struct actor lead, rep[4], other;
	int64_t      ids[40];
};

static struct floor
floor_make(struct fixture *f, int nleads)
{
	struct floor fl;
	struct err err;
	char name[32], phone[32];
	int i;

	fixture_region(f, "East", "US");
	fl.lead = fixture_user(f, "lead1", ROLE_LEAD, "A", NULL);
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "rep%d", i + 1);
		fl.rep[i] = fixture_user(f, name, ROLE_REP, "A", "East");
	}
	fl.other = fixture_user(f, "far", ROLE_REP, "B", "East");
	for (i = 0; i < nleads; i++) {
		snprintf(name, sizeof name, "name=Lead %d", i);
		snprintf(phone, sizeof phone, "phone=+1305555%04d", 100 + i);
		fl.ids[i] = fixture_lead(f, &f->admin, &err, name, "region=East",
		    phone, NULL);
		assert_true(fl.ids[i] > 0);
	}
	return fl;
}

static void
attend(struct fixture *f, const struct actor *who, enum attendance state)
{
	struct err err;

	if (state != ATT_OUT)
		assert_int_equal(store_attendance_set(f->st, who, ATT_IN, NULL,
		    &err), 0);
	if (state == ATT_PAUSED)
		assert_int_equal(store_attendance_set(f->st, who, ATT_PAUSED,
		    "Lunch", &err), 0);
}

static int
owned_by(struct fixture *f, const char *login)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM leads l JOIN users u"
	    " ON u.id = l.owner_id WHERE u.login = '%s'", login);
	return fixture_count(f, sql);
}

static void
test_round_robin_deals_to_reps_in_only(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f, 32);
	struct assign_plan *p = calloc(1, sizeof *p);
	struct err err;

	attend(f, &fl.rep[0], ATT_IN);
	attend(f, &fl.rep[1], ATT_IN);
	attend(f, &fl.rep[2], ATT_PAUSED);	/* paused: nothing */
	attend(f, &fl.rep[3], ATT_IN);
	attend(f, &fl.other, ATT_IN);		/* another team: nothing */
	assert_int_equal(store_assign(f->st, &fl.lead, fl.ids, 30,
	    ASSIGN_ROUND_ROBIN, NULL, 0, p, &err), 0);
	assert_int_equal(owned_by(f, "rep1"), 10);
	assert_int_equal(owned_by(f, "rep2"), 10);
	assert_int_equal(owned_by(f, "rep3"), 0);
	assert_int_equal(owned_by(f, "rep4"), 10);
	assert_int_equal(owned_by(f, "far"), 0);
	/* rep4 had the 30th: the next two go to rep1 and rep2. */
	assert_int_equal(store_assign(f->st, &fl.lead, fl.ids + 30, 2,
	    ASSIGN_ROUND_ROBIN, NULL, 0, p, &err), 0);
	assert_int_equal(owned_by(f, "rep1"), 11);
	assert_int_equal(owned_by(f, "rep2"), 11);
	assert_int_equal(owned_by(f, "rep4"), 10);
	/* Every lead audited with its method, once; each rep told once. */
#define ASSIGNED(detail) "SELECT count(*) FROM audit WHERE" \
	    " action = 'assign' AND " detail("method") " = 'round-robin'"
	assert_int_equal(fixture_count(f, fixture_pg() ?
	    ASSIGNED(DETAIL_PG) : ASSIGNED(DETAIL_LITE)), 32);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM assignments "
	    "WHERE method = 'round-robin'"), 32);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notifications "
	    "WHERE kind = 'assigned'"), 5);
	free(p);
}

static void
test_round_robin_with_nobody_in_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f, 3);
	struct assign_plan *p = calloc(1, sizeof *p);
	struct err err;

	attend(f, &fl.rep[0], ATT_PAUSED);
	assert_int_equal(store_assign(f->st, &fl.lead, fl.ids, 3,
	    ASSIGN_ROUND_ROBIN, NULL, 0, p, &err), EX_UNAVAILABLE);
	assert_non_null(strstr(err.msg, "checked in and not paused"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE "
	    "owner_id IS NOT NULL"), 0);
	free(p);
}

static void
test_split_fewest_open_first(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f, 12);
	struct assign_plan *p = calloc(1, sizeof *p);
	const char *three[] = { "rep1", "rep2", "rep3" };
	const char *far[] = { "far" };
	struct err err;

	/* rep1 already has two: it gets the smaller share. */
	assert_int_equal(store_assign(f->st, &fl.lead, fl.ids, 2, ASSIGN_MANUAL,
	    three, 1, p, &err), 0);
	assert_int_equal(store_assign(f->st, &fl.lead, fl.ids + 2, 10,
	    ASSIGN_SPLIT, three, 3, p, &err), 0);
	assert_int_equal(owned_by(f, "rep1"), 2 + 3);
	assert_int_equal(owned_by(f, "rep2"), 4);
	assert_int_equal(owned_by(f, "rep3"), 3);
	assert_string_equal(p->reps[0].login, "rep2");
	/* Outside the team: refused whole. */
	assert_int_equal(store_assign(f->st, &fl.lead, fl.ids, 1, ASSIGN_MANUAL,
	    far, 1, p, &err), EX_DATAERR);
	/* A rep cannot assign at all. */
	assert_int_equal(store_assign(f->st, &fl.rep[0], fl.ids, 1,
	    ASSIGN_MANUAL, three + 1, 1, p, &err), EX_NOPERM);
	assert_int_equal(owned_by(f, "rep2"), 4);
	free(p);
}

static int
item_take(const struct timeline_item *it, void *arg)
{
	char *all = arg;
	size_t len = strlen(all);

	snprintf(all + len, 4096 - len, "%s|%s\n", it->kind, it->text);
	return 0;
}

static int64_t
stage_id(struct fixture *f, const char *name)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT id FROM pipeline_stages WHERE name ="
	    " '%s'", name);
	return fixture_count(f, sql);
}

static void
test_stage_move_into_lost_asks_why(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f, 2);
	struct stage_move m = { .lead_id = fl.ids[0] };
	enum stage_needs needs;
	char *tl = calloc(1, 4096);
	struct err err;

	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l JOIN "
	    "pipeline_stages s ON s.id = l.stage_id WHERE s.name = "
	    "'Prospect'"), 2);
	m.stage_id = stage_id(f, "Lost");
	assert_int_equal(store_lead_stage_set(f->st, &fl.lead, &m, &needs,
	    &err), EX_DATAERR);
	assert_int_equal(needs, STAGE_NEEDS_DROP);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE "
	    "action = 'stage'"), 0);
	m.drop_reason = "Not interested";
	assert_int_equal(store_lead_stage_set(f->st, &fl.lead, &m, &needs,
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE "
	    "status = 'Lost' AND drop_reason_id IS NOT NULL"), 1);
	/* A lost lead is only reopened, not made Interested at once. */
	m = (struct stage_move){ .lead_id = fl.ids[0],
	    .stage_id = stage_id(f, "Interested") };
	assert_int_equal(store_lead_stage_set(f->st, &fl.lead, &m, &needs,
	    &err), EX_DATAERR);
	assert_int_equal(needs, STAGE_NEEDS_NOTHING);
	/* Into Interested: an interest level, then it is asked no more. */
	m = (struct stage_move){ .lead_id = fl.ids[1],
	    .stage_id = stage_id(f, "Interested") };
	assert_int_equal(store_lead_stage_set(f->st, &fl.lead, &m, &needs,
	    &err), EX_DATAERR);
	assert_int_equal(needs, STAGE_NEEDS_INTEREST);
	m.interest = 4;
	assert_int_equal(store_lead_stage_set(f->st, &fl.lead, &m, &needs,
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT interest FROM leads WHERE "
	    "status = 'Interested'"), 4);
	assert_int_equal(store_timeline(f->st, &fl.lead, fl.ids[0], 0, item_take,
	    tl, &err), 0);
	assert_non_null(strstr(tl, "stage|from_stage: Prospect, stage: Lost, "
	    "from_status: New, status: Lost, drop_reason: Not interested"));
	/* A stale version writes nothing. */
	m = (struct stage_move){ .lead_id = fl.ids[1], .stage = "Qualified",
	    .expect_version = 1 };
	assert_int_equal(store_lead_stage_set(f->st, &fl.lead, &m, &needs,
	    &err), EX_TEMPFAIL);
	free(tl);
}

static void
test_call_outcome_moves_the_card_and_tells_the_lead(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f, 1);
	struct call_log log = { .lead_id = 0, .disposition = "Not interested" };
	struct call_result res;
	struct err err;

	log.lead_id = fl.ids[0];
	assert_int_equal(store_call_log(f->st, &fl.rep[0], &log, &res, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l JOIN "
	    "pipeline_stages s ON s.id = l.stage_id WHERE s.name = 'Lost'"), 1);
	/* rep1 took the lead; its team lead hears it was dropped. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notifications n"
	    " JOIN users u ON u.id = n.user_id WHERE u.login = 'lead1' AND"
	    " n.kind = 'dropped'"), 1);
#define TOLD(detail) "SELECT count(*) FROM audit WHERE" \
	    " action = 'log' AND " detail("notified") " = 'lead1'"
	assert_int_equal(fixture_count(f, fixture_pg() ?
	    TOLD(DETAIL_PG) : TOLD(DETAIL_LITE)), 1);
}

static int
stage_count(const struct stage *s, void *arg)
{
	(void)s;
	++*(int *)arg;
	return 0;
}

static void
test_stage_with_leads_is_not_removed(void **state)
{
	struct fixture *f = *state;
	struct stage_spec sp = { "Demo booked", 50, 0, 0, 5, NULL, 3 };
	int n = 0;
	struct err err;

	floor_make(f, 2);
	assert_int_equal(store_stage_add(f->st, &f->admin, &sp, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT position FROM pipeline_stages"
	    " WHERE name = 'Demo booked'"), 3);
	assert_int_equal(store_stage_remove(f->st, &f->admin, "Prospect", NULL,
	    &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "has 2 leads"));
	assert_int_equal(store_stage_remove(f->st, &f->admin, "Prospect",
	    "Contacted", &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l JOIN "
	    "pipeline_stages s ON s.id = l.stage_id WHERE s.name = "
	    "'Contacted'"), 2);
	assert_int_equal(store_stage_list(f->st, 0, stage_count, &n, &err), 0);
	assert_int_equal(n, 7);
	assert_int_equal(fixture_count(f, "SELECT max(position) FROM "
	    "pipeline_stages"), 7);
	assert_int_equal(store_stage_move(f->st, &f->admin, "Lost", 1, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT position FROM pipeline_stages"
	    " WHERE name = 'Lost'"), 1);
	assert_int_equal(store_stage_rename(f->st, &f->admin, "Lost", "Won",
	    &err), EX_DATAERR);
}

static void
test_followup_due_told_once(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f, 1);
	struct err err;
	int64_t id;
	int n;

	/* Follow-ups at any hour: the calling hours are not tested here. */
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours",
	    "00:00-24:00", &err), 0);
	assert_int_equal(store_followup_add(f->st, &fl.rep[0], fl.ids[0],
	    FIXTURE_NOW + 600, NULL, &id, &err), 0);
	assert_int_equal(store_notify_due(f->st, &fl.rep[0], FIXTURE_NOW, &err),
	    0);
	assert_int_equal(store_notify_unread(f->st, &fl.rep[0], &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_notify_due(f->st, &fl.rep[0], FIXTURE_NOW + 600,
	    &err), 0);
	assert_int_equal(store_notify_due(f->st, &fl.rep[0], FIXTURE_NOW + 660,
	    &err), 0);
	assert_int_equal(store_notify_unread(f->st, &fl.rep[0], &n, &err), 0);
	assert_int_equal(n, 1);
	/* Past the grace, it is missed: told once more, then no more. */
	assert_int_equal(store_notify_due(f->st, &fl.rep[0], FIXTURE_NOW + 7200,
	    &err), 0);
	assert_int_equal(store_notify_due(f->st, &fl.rep[0], FIXTURE_NOW + 9000,
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notifications"),
	    2);
	assert_int_equal(store_notify_read(f->st, &fl.rep[0], 0, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_notify_unread(f->st, &fl.rep[0], &n, &err), 0);
	assert_int_equal(n, 0);
}

static int
lead_count(const struct lead *l, void *arg)
{
	(void)l;
	++*(int *)arg;
	return 0;
}

static void
test_pools_hold_what_they_say(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f, 5);
	struct pool_query q = { .pool = POOL_FRESH };
	struct call_log log = { .lead_id = 0, .disposition = "No answer" };
	struct call_result res;
	struct err err;
	int n = 0;

	log.lead_id = fl.ids[0];
	assert_int_equal(store_call_log(f->st, &fl.rep[0], &log, &res, &err), 0);
	assert_int_equal(store_pool_walk(f->st, &fl.lead, &q, 0, 0, 50,
	    lead_count, &n, &err), 0);
	assert_int_equal(n, 4);
	q.pool = POOL_WORKING;
	n = 0;
	assert_int_equal(store_pool_walk(f->st, &fl.lead, &q, 0, 0, 50,
	    lead_count, &n, &err), 0);
	assert_int_equal(n, 1);
	/* Walking back from the end gives the highest ids first. */
	q.pool = POOL_FRESH;
	n = 0;
	assert_int_equal(store_pool_walk(f->st, &fl.lead, &q, 0, 1, 2,
	    lead_count, &n, &err), 0);
	assert_int_equal(n, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rotation_no_rep_twice_before_all),
		cmocka_unit_test(test_rotation_skips_a_rep_who_left),
		cmocka_unit_test(test_split_is_even),
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_round_robin_deals_to_reps_in_only),
		T(test_round_robin_with_nobody_in_writes_nothing),
		T(test_split_fewest_open_first),
		T(test_stage_move_into_lost_asks_why),
		T(test_call_outcome_moves_the_card_and_tells_the_lead),
		T(test_stage_with_leads_is_not_removed),
		T(test_followup_due_told_once),
		T(test_pools_hold_what_they_say),
#undef T
	};

	return cmocka_run_group_tests_name("team", tests, NULL, NULL);
}
