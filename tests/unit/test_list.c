/*
 * The arithmetic behind every list's keys: the cursor stays on a row the
 * list holds, a page moves a page less one, and the first row shown keeps
 * the cursor in view, whatever the list's length against its height.
 */
#include "../../src/tui/list.h"
#include "fixture.h"

/* The list after a, of n rows shown height at a time, cursor at sel. */
static struct list
after(int n, int height, int sel, enum tui_action a)
{
	struct list l = { .sel = sel, .height = height };

	list_show(&l, height);
	assert_int_equal(list_handle(&l, n, a), 1);
	list_show(&l, height);
	return l;
}

static void
test_empty_list(void **state)
{
	static const enum tui_action all[] = { TA_DOWN, TA_UP, TA_PAGE_DOWN,
	    TA_PAGE_UP, TA_TOP, TA_BOTTOM };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		struct list l = after(0, 10, 0, all[i]);

		assert_int_equal(l.sel, 0);
		assert_int_equal(l.top, 0);
	}
}

static void
test_one_row(void **state)
{
	(void)state;
	assert_int_equal(after(1, 10, 0, TA_DOWN).sel, 0);
	assert_int_equal(after(1, 10, 0, TA_UP).sel, 0);
	assert_int_equal(after(1, 10, 0, TA_PAGE_DOWN).sel, 0);
	assert_int_equal(after(1, 10, 0, TA_BOTTOM).sel, 0);
	assert_int_equal(after(1, 10, 0, TA_BOTTOM).top, 0);
}

static void
test_page_larger_than_list(void **state)
{
	(void)state;
	assert_int_equal(after(5, 20, 0, TA_PAGE_DOWN).sel, 4);
	assert_int_equal(after(5, 20, 0, TA_PAGE_DOWN).top, 0);
	assert_int_equal(after(5, 20, 4, TA_PAGE_UP).sel, 0);
	assert_int_equal(after(5, 20, 2, TA_BOTTOM).sel, 4);
}

static void
test_end_then_page_up(void **state)
{
	struct list l = { 0 };

	(void)state;
	list_show(&l, 10);
	list_handle(&l, 100, TA_BOTTOM);
	assert_int_equal(l.sel, 99);
	assert_int_equal(list_show(&l, 10), 90);
	/* A page less the line kept in view: 9 rows up, the top with it. */
	list_handle(&l, 100, TA_PAGE_UP);
	assert_int_equal(l.sel, 90);
	assert_int_equal(list_show(&l, 10), 90);
	list_handle(&l, 100, TA_PAGE_UP);
	assert_int_equal(l.sel, 81);
	assert_int_equal(list_show(&l, 10), 81);
	list_handle(&l, 100, TA_TOP);
	assert_int_equal(l.sel, 0);
	assert_int_equal(list_show(&l, 10), 0);
}

static void
test_not_navigation(void **state)
{
	struct list l = { .sel = 3, .top = 1, .height = 5 };

	(void)state;
	assert_int_equal(list_handle(&l, 10, TA_OPEN), 0);
	assert_int_equal(l.sel, 3);
	assert_int_equal(l.top, 1);
}

static void
test_shrunk_list_keeps_cursor(void **state)
{
	struct list l = { .sel = 40 };

	(void)state;
	list_fit(&l, 12);
	assert_int_equal(l.sel, 11);
	list_fit(&l, 0);
	assert_int_equal(l.sel, 0);
}

static void
test_scroll_stops_at_a_full_page(void **state)
{
	struct list l = { .height = 10 };

	(void)state;
	assert_int_equal(list_scroll(&l, 25, TA_BOTTOM), 1);
	assert_int_equal(l.top, 15);
	list_scroll(&l, 25, TA_DOWN);
	assert_int_equal(l.top, 15);
	list_scroll(&l, 25, TA_PAGE_UP);
	assert_int_equal(l.top, 6);
	list_scroll(&l, 25, TA_TOP);
	assert_int_equal(l.top, 0);
	/* A text shorter than the height does not scroll. */
	list_scroll(&l, 4, TA_PAGE_DOWN);
	assert_int_equal(l.top, 0);
}

static void
test_keys_and_gg(void **state)
{
	int pending = 0;

	(void)state;
	assert_int_equal(list_action('j'), TA_DOWN);
	assert_int_equal(list_action(KEY_END), TA_BOTTOM);
	assert_int_equal(list_action('G'), TA_BOTTOM);
	assert_int_equal(list_action('x'), TA_NONE);
	assert_int_equal(list_key('g', &pending), TA_GOTO);
	assert_int_equal(list_key('g', &pending), TA_TOP);
	assert_int_equal(pending, 0);
	assert_int_equal(list_key('g', &pending), TA_GOTO);
	assert_int_equal(list_key('x', &pending), TA_NONE);
	assert_int_equal(pending, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_list),
		cmocka_unit_test(test_one_row),
		cmocka_unit_test(test_page_larger_than_list),
		cmocka_unit_test(test_end_then_page_up),
		cmocka_unit_test(test_not_navigation),
		cmocka_unit_test(test_shrunk_list_keeps_cursor),
		cmocka_unit_test(test_scroll_stops_at_a_full_page),
		cmocka_unit_test(test_keys_and_gg),
	};

	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
