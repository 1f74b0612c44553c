/* Counts read as people write them: "1 lead", "0 leads", "2 leads". */
#include <string.h>

#include "callq/assign.h"
#include "callq/plural.h"
#include "fixture.h"

static void
test_plural_noun(void **state)
{
	(void)state;
	assert_string_equal(plural(1, "lead", "leads"), "lead");
	assert_string_equal(plural(0, "lead", "leads"), "leads");
	assert_string_equal(plural(2, "lead", "leads"), "leads");
	assert_string_equal(plural(-1, "day", "days"), "days");
	assert_string_equal(plural(1, "batch", "batches"), "batch");
	assert_string_equal(plural(3, "batch", "batches"), "batches");
}

/* The line a team lead reads before Enter assigns. */
static void
test_plural_in_the_assign_line(void **state)
{
	struct assign_plan p;
	char buf[256];

	(void)state;
	memset(&p, 0, sizeof p);
	p.method = ASSIGN_UNASSIGN;
	p.nleads = 1;
	assign_plan_text(&p, 0, buf, sizeof buf);
	assert_string_equal(buf, "Unassign 1 lead");
	p.nleads = 2;
	assign_plan_text(&p, 1, buf, sizeof buf);
	assert_string_equal(buf, "Unassigned 2 leads");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plural_noun),
		cmocka_unit_test(test_plural_in_the_assign_line),
	};

	return cmocka_run_group_tests_name("plural", tests, NULL, NULL);
}
