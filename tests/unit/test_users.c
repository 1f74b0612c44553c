/*
 * Users from start to end in the store: deactivated and reactivated,
 * regions given and taken after the user was added, each change with
 * its audit row, and the refusals that change nothing.
 */
#include <stdio.h>
#include <string.h>

#include "callq/user.h"
#include "fixture.h"

#define AUDIT "SELECT count(*) FROM audit"

/* login's regions as "East,West" (by name), "" for none. */
static int
has_take(const char *name, int has, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	if (has)
		snprintf(buf + len, 256 - len, "%s%s", len ? "," : "", name);
	return 0;
}

static const char *
regions_of(struct fixture *f, const char *login, char buf[256])
{
	struct err err = { 0 };

	buf[0] = '\0';
	assert_int_equal(store_user_region_each(f->st, login, has_take, buf,
	    &err), 0);
	return buf;
}

static void
test_reactivate_after_deactivate(void **state)
{
	struct fixture *f = *state;
	struct err err = { 0 };
	struct actor rep;
	int audit;

	fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	audit = fixture_count(f, AUDIT);
	assert_int_equal(store_user_deactivate(f->st, &f->admin, "rep1", &err),
	    0);
	assert_int_equal(store_user_actor(f->st, "rep1", &rep, &err),
	    EX_NOUSER);
	assert_int_equal(store_user_activate(f->st, &f->admin, "rep1", &err),
	    0);
	assert_int_equal(store_user_actor(f->st, "rep1", &rep, &err), 0);
	assert_int_equal(fixture_count(f, AUDIT), audit + 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'user' AND action = 'activate' AND actor_id = 1"
	    " AND details LIKE '%\"login\":\"rep1\"%'"), 1);
}

static void
test_activate_refusals_change_nothing(void **state)
{
	struct fixture *f = *state;
	struct actor rep = fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	struct err err = { 0 };
	int audit;

	fixture_user(f, "rep2", ROLE_REP, NULL, NULL);
	assert_int_equal(store_user_deactivate(f->st, &f->admin, "rep2", &err),
	    0);
	audit = fixture_count(f, AUDIT);
	assert_int_equal(store_user_activate(f->st, &f->admin, "rep1", &err),
	    EX_DATAERR);
	assert_string_equal(err.msg, "rep1 is already active; nothing was "
	    "changed");
	assert_int_equal(store_user_deactivate(f->st, &f->admin, "rep2", &err),
	    EX_DATAERR);
	assert_string_equal(err.msg, "rep2 is already inactive; nothing was "
	    "changed");
	assert_int_equal(store_user_activate(f->st, &rep, "rep2", &err),
	    EX_NOPERM);
	assert_int_equal(store_user_activate(f->st, &f->admin, "nobody", &err),
	    EX_NOUSER);
	assert_int_equal(fixture_count(f, AUDIT), audit);
	assert_int_equal(fixture_count(f, "SELECT active FROM users"
	    " WHERE login = 'rep2'"), 0);
}

static void
test_regions_added_and_removed(void **state)
{
	struct fixture *f = *state;
	const char *add[] = { "West", "North" }, *drop[] = { "East" };
	struct err err = { 0 };
	char buf[256];
	int audit;

	fixture_region(f, "East", "US");
	fixture_region(f, "West", "US");
	fixture_region(f, "North", "US");
	fixture_user(f, "rep1", ROLE_REP, NULL, "East");
	audit = fixture_count(f, AUDIT);
	assert_int_equal(store_user_regions(f->st, &f->admin, "rep1", add, 2,
	    drop, 1, &err), 0);
	assert_string_equal(regions_of(f, "rep1", buf), "North,West");
	assert_int_equal(fixture_count(f, AUDIT), audit + 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'user' AND action = 'regions' AND details ="
	    " '{\"login\":\"rep1\",\"added\":\"West, North\",\"removed\":"
	    "\"East\",\"regions\":\"North, West\"}'"), 1);
	/* With no region left, the user works every region, and it says so. */
	assert_int_equal(store_user_regions(f->st, &f->admin, "rep1", NULL, 0,
	    add, 2, &err), 0);
	assert_string_equal(regions_of(f, "rep1", buf), "");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " action = 'regions' AND details LIKE '%\"regions\":\"all\"%'"), 1);
}

static void
test_region_refusals_change_nothing(void **state)
{
	struct fixture *f = *state;
	struct actor rep;
	const char *add[] = { "West", "Wset" }, *drop[] = { "East" };
	struct err err = { 0 };
	char buf[256];
	int audit;

	fixture_region(f, "East", "US");
	fixture_region(f, "West", "US");
	rep = fixture_user(f, "rep1", ROLE_REP, NULL, "East");
	audit = fixture_count(f, AUDIT);
	assert_int_equal(store_user_regions(f->st, &f->admin, "rep1", add, 2,
	    drop, 1, &err), EX_DATAERR);
	assert_string_equal(err.msg, "no region 'Wset'; nothing was changed "
	    "(see: callq region list)");
	assert_int_equal(store_user_regions(f->st, &f->admin, "rep1", drop, 1,
	    drop, 1, &err), EX_USAGE);
	assert_string_equal(err.msg, "region 'East' is both added and removed;"
	    " give it once");
	assert_int_equal(store_user_regions(f->st, &rep, "rep1", add, 1, NULL,
	    0, &err), EX_NOPERM);
	assert_int_equal(store_user_regions(f->st, &f->admin, "nobody", add, 1,
	    NULL, 0, &err), EX_NOUSER);
	assert_int_equal(store_user_regions(f->st, &f->admin, "rep1", NULL, 0,
	    NULL, 0, &err), EX_USAGE);
	assert_string_equal(regions_of(f, "rep1", buf), "East");
	assert_int_equal(fixture_count(f, AUDIT), audit);
}

static void
test_login_check_before_the_form_goes_on(void **state)
{
	struct fixture *f = *state;
	struct err err = { 0 };

	fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	assert_int_equal(store_user_login_check(f->st, "rep2", &err), 0);
	assert_int_equal(store_user_login_check(f->st, "rep1", &err),
	    EX_DATAERR);
	assert_string_equal(err.msg, "a user 'rep1' already exists; give "
	    "another login");
	assert_int_equal(store_user_login_check(f->st, "Rep 2", &err),
	    EX_DATAERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_reactivate_after_deactivate),
		T(test_activate_refusals_change_nothing),
		T(test_regions_added_and_removed),
		T(test_region_refusals_change_nothing),
		T(test_login_check_before_the_form_goes_on),
#undef T
	};

	return cmocka_run_group_tests_name("users", tests, NULL, NULL);
}
