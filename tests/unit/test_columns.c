/*
 * The column layout of the narrow screen: the least important columns go
 * first, none is drawn narrower than its minimum while others are shown,
 * the most important widen first, and nothing runs past the pane's edge.
 */
#include "fixture.h"
#include "../../src/tui/columns.h"

/* Name (what is left), phone, status, region: dropped region first. */
static void
layout(struct column cols[4], int w)
{
	const struct column spec[4] = {
		{ "Name", 12, 22, 0, 0, 1, 0, 0 },
		{ "Phone", 12, 16, 0, 0, 0, 0, 0 },
		{ "Status", 6, 11, 1, 0, 0, 0, 0 },
		{ "Region", 8, 24, 2, 0, 0, 0, 0 },
	};
	int i;

	for (i = 0; i < 4; i++)
		cols[i] = spec[i];
	columns_fit(cols, 4, w);
}

/* The column's right edge is inside the pane, its margin kept. */
static void
assert_inside(const struct column *cols, int n, int w)
{
	int i;

	for (i = 0; i < n; i++)
		if (cols[i].width > 0)
			assert_true(cols[i].x + cols[i].width <= w - 1);
}

static void
test_wide_pane_shows_all_at_their_best(void **state)
{
	struct column c[4];

	(void)state;
	layout(c, 132);
	assert_int_equal(c[1].width, 16);
	assert_int_equal(c[2].width, 11);
	assert_int_equal(c[3].width, 24);
	/* The name takes what is left: 130 - 16 - 11 - 24 - 3 spaces. */
	assert_int_equal(c[0].width, 76);
	assert_int_equal(c[0].x, 1);
	assert_int_equal(c[1].x, 78);
	assert_inside(c, 4, 132);
}

static void
test_narrow_pane_drops_least_important_first(void **state)
{
	struct column c[4];

	(void)state;
	/* 22 + 16 + 11 leave 58 - 51 = 7: too few for the region's 8. */
	layout(c, 60);
	assert_int_equal(c[3].width, 0);
	assert_int_equal(c[0].width, 29);
	assert_int_equal(c[2].width, 11);
	assert_inside(c, 4, 60);
	/* Narrower still: the status too, never the name below 12. */
	layout(c, 40);
	assert_int_equal(c[2].width, 0);
	assert_int_equal(c[3].width, 0);
	/* Of equal rank, the first widens first: 38 - 1 leaves 15 to phone. */
	assert_int_equal(c[0].width, 22);
	assert_int_equal(c[1].width, 15);
	assert_inside(c, 4, 40);
}

static void
test_too_narrow_cuts_at_the_edge(void **state)
{
	struct column c[4];
	int w;

	(void)state;
	for (w = 0; w < 30; w++) {
		layout(c, w);
		assert_int_equal(c[2].width, 0);
		assert_int_equal(c[3].width, 0);
		assert_true(c[0].width >= 0 && c[1].width >= 0);
		assert_inside(c, 2, w < 2 ? 2 : w);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wide_pane_shows_all_at_their_best),
		cmocka_unit_test(test_narrow_pane_drops_least_important_first),
		cmocka_unit_test(test_too_narrow_cuts_at_the_edge),
	};

	return cmocka_run_group_tests_name("columns", tests, NULL, NULL);
}
