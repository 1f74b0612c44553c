/*
 * Editing marked leads in bulk: one audit row per lead, all or nothing
 * when one lead is refused, and only within the editor's scope.
 */
#include <stdio.h>
#include <string.h>

#include "callq/bulk.h"
#include "callq/lead.h"
#include "callq/lease.h"
#include "fixture.h"

struct floor {
	struct actor lead, rep1, rep2, other;
	int64_t      ids[5];
};

static void
floor_make(struct fixture *f, struct floor *fl)
{
	struct err err = { 0 };
	char phone[32];
	int i;

	fixture_region(f, "East", "US");
	fl->lead = fixture_user(f, "lead1", ROLE_LEAD, "A", NULL);
	fl->rep1 = fixture_user(f, "rep1", ROLE_REP, "A", "East");
	fl->rep2 = fixture_user(f, "rep2", ROLE_REP, "A", "East");
	fl->other = fixture_user(f, "far", ROLE_REP, "B", "East");
	for (i = 0; i < 5; i++) {
		snprintf(phone, sizeof phone, "phone=+1212736%04d", 100 + i);
		fl->ids[i] = fixture_lead(f, &f->admin, &err, "name=Lead",
		    phone, "region=East", "owner=rep1", NULL);
		assert_true(fl->ids[i] > 0);
	}
}

static struct lead_change
change(const char *field, const char *value)
{
	struct lead_change c;
	struct err err = { 0 };

	assert_int_equal(lead_change_parse(lead_field_find(field), value,
	    FIXTURE_NOW, &c, &err), 0);
	return c;
}

static void
test_bulk_one_audit_row_per_lead(void **state)
{
	struct fixture *f = *state;
	struct floor fl;
	struct lead_change ch;
	struct bulk_edit e;
	struct err err = { 0 };
	int before;

	floor_make(f, &fl);
	ch = change("owner", "rep2");
	e = (struct bulk_edit){ &ch, 1, NULL };
	before = fixture_count(f, "SELECT count(*) FROM audit");
	assert_int_equal(store_bulk_edit(f->st, &fl.lead, fl.ids, 5, &e,
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l JOIN "
	    "users u ON u.id = l.owner_id WHERE u.login = 'rep2'"), 5);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit") -
	    before, 5);
	assert_int_equal(fixture_count(f, "SELECT count(DISTINCT entity_id) "
	    "FROM audit WHERE entity = 'lead' AND action = 'edit'"), 5);
	/* A stage for all of them, audited once each too. */
	e = (struct bulk_edit){ NULL, 0, "Contacted" };
	before = fixture_count(f, "SELECT count(*) FROM audit");
	assert_int_equal(store_bulk_edit(f->st, &fl.lead, fl.ids, 5, &e,
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l JOIN "
	    "pipeline_stages s ON s.id = l.stage_id WHERE s.name = "
	    "'Contacted'"), 5);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit") -
	    before, 5);
}

static void
test_bulk_rolls_back_when_one_is_held(void **state)
{
	struct fixture *f = *state;
	struct floor fl;
	struct lead_change ch;
	struct bulk_edit e;
	struct err err = { 0 };
	struct lease held;
	struct actor forcing;
	int before;

	floor_make(f, &fl);
	assert_int_equal(store_lease_take(f->st, &fl.rep1, fl.ids[3], &held,
	    &err), 0);
	ch = change("priority", "7");
	e = (struct bulk_edit){ &ch, 1, NULL };
	before = fixture_count(f, "SELECT count(*) FROM audit");
	assert_int_equal(store_bulk_edit(f->st, &fl.lead, fl.ids, 5, &e,
	    &err), EX_TEMPFAIL);
	/* One sentence naming the lead held, and nothing written. */
	assert_non_null(strstr(err.msg, "(Lead) refused the edit"));
	assert_non_null(strstr(err.msg, "none of the 5 leads"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE "
	    "priority = 7"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit"),
	    before);
	/* Forcing the hold, as --force does, edits every one. */
	forcing = fl.lead;
	forcing.overrides |= ACTOR_FORCE;
	memset(&err, 0, sizeof err);
	assert_int_equal(store_bulk_edit(f->st, &forcing, fl.ids, 5, &e,
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE "
	    "priority = 7"), 5);
}

static void
test_bulk_keeps_to_scope(void **state)
{
	struct fixture *f = *state;
	struct floor fl;
	struct lead_change ch;
	struct bulk_edit e;
	struct err err = { 0 };
	int64_t mine[2];

	floor_make(f, &fl);
	/* A rep edits only the rep's own leads: rep2 owns none of these. */
	ch = change("priority", "3");
	e = (struct bulk_edit){ &ch, 1, NULL };
	assert_int_not_equal(store_bulk_edit(f->st, &fl.rep2, fl.ids, 5, &e,
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE "
	    "priority = 3"), 0);
	/* A team lead cannot hand leads to another team's rep. */
	ch = change("owner", "far");
	mine[0] = fl.ids[0];
	mine[1] = fl.ids[1];
	memset(&err, 0, sizeof err);
	assert_int_equal(store_bulk_edit(f->st, &fl.lead, mine, 2, &e, &err),
	    EX_NOPERM);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l JOIN "
	    "users u ON u.id = l.owner_id WHERE u.login = 'far'"), 0);
	/* The same lead twice, or none, is refused before anything runs. */
	mine[1] = mine[0];
	memset(&err, 0, sizeof err);
	assert_int_equal(store_bulk_edit(f->st, &fl.lead, mine, 2, &e, &err),
	    EX_USAGE);
	memset(&err, 0, sizeof err);
	assert_int_equal(store_bulk_edit(f->st, &fl.lead, mine, 0, &e, &err),
	    EX_USAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_bulk_one_audit_row_per_lead),
		T(test_bulk_rolls_back_when_one_is_held),
		T(test_bulk_keeps_to_scope),
#undef T
	};

	return cmocka_run_group_tests_name("bulk", tests, NULL, NULL);
}
