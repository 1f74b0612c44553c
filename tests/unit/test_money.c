/*
 * Money and calendar days at their edges: amounts people type, amounts
 * shown, a plan's months and its split into installments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "callq/money.h"
#include "fixture.h"

static int64_t
parsed(const char *text)
{
	int64_t cents = -1;

	if (money_parse(text, &cents) != 0)
		fail_msg("'%s' was refused", text);
	return cents;
}

static void
money_parse_takes(void **state)
{
	(void)state;
	assert_int_equal(parsed("1200"), 120000);
	assert_int_equal(parsed("1,200.00"), 120000);
	assert_int_equal(parsed("1200.5"), 120050);
	assert_int_equal(parsed("$1,200"), 120000);
	assert_int_equal(parsed(" 0.01 "), 1);
	assert_int_equal(parsed("12,345,678.90"), 1234567890);
	assert_int_equal(parsed("1,000,000,000.00"), MONEY_MAX_CENTS);
}

static void
money_parse_refuses(void **state)
{
	static const char *const bad[] = { "", "$", "-5", "+5", "0", "0.00",
		"1.234", "1.", ".50", "1,20", "1234,567", ",100", "1,,000",
		"12,34.00", "1,000,000,000.01", "99999999999999999999",
		"1 200", "12abc", "1e3", "$ 5", "1.2.3", NULL };
	int64_t cents;
	int i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		if (money_parse(bad[i], &cents) == 0)
			fail_msg("'%s' was taken as %lld cents", bad[i],
			    (long long)cents);
}

static void
money_format_groups(void **state)
{
	static const struct { int64_t cents; const char *text; } cases[] = {
		{ 0, "0.00" }, { 5, "0.05" }, { 100, "1.00" },
		{ 99999, "999.99" }, { 100000, "1,000.00" },
		{ 120000, "1,200.00" }, { 123456789, "1,234,567.89" },
		{ MONEY_MAX_CENTS, "1,000,000,000.00" }, { -1250, "-12.50" },
		{ -100000, "-1,000.00" },
		{ INT64_MIN, "-92,233,720,368,547,758.08" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		money_format(cases[i].cents, buf, sizeof buf);
		assert_string_equal(buf, cases[i].text);
	}
}

/* What money_format writes, money_parse reads back. */
static void
money_round_trip(void **state)
{
	static const int64_t amounts[] = { 1, 99, 100, 101, 99999, 100000,
		123456789, MONEY_MAX_CENTS };
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		money_format(amounts[i], buf, sizeof buf);
		assert_int_equal(parsed(buf), amounts[i]);
	}
}

static void
months_case(const char *day, int months, const char *want)
{
	char out[DAY_SIZE];

	if (day_add_months(day, months, out) != 0)
		fail_msg("%s plus %d months was refused", day, months);
	if (strcmp(out, want) != 0)
		fail_msg("%s plus %d months is %s, not %s", day, months, out,
		    want);
}

static void
day_add_months_cuts_to_month_end(void **state)
{
	(void)state;
	months_case("2026-01-31", 1, "2026-02-28");
	months_case("2028-01-31", 1, "2028-02-29");	/* leap */
	months_case("2100-01-31", 1, "2100-02-28");	/* not leap */
	months_case("2000-01-31", 1, "2000-02-29");	/* leap */
	months_case("2026-01-31", 2, "2026-03-31");	/* not 03-28 */
	months_case("2026-08-31", 1, "2026-09-30");
	months_case("2026-11-15", 2, "2027-01-15");
	months_case("2026-12-31", 12, "2027-12-31");
	months_case("2026-03-31", -1, "2026-02-28");
	months_case("2026-01-15", -1, "2025-12-15");
	months_case("2026-01-15", -13, "2024-12-15");
	months_case("2026-05-20", 0, "2026-05-20");
}

static void
days_refused(void **state)
{
	static const char *const bad[] = { "", "2026-02-30", "2026-13-01",
		"2026-00-10", "2026-01-00", "2026-1-05", "2026-+1-05",
		"2026- 1-05", "2026-01-05x", "2026/01/05", "today", NULL };
	char out[DAY_SIZE];
	int i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		if (day_add_months(bad[i], 1, out) == 0)
			fail_msg("'%s' was taken as a day (%s)", bad[i], out);
}

/* A plan's first due day and those after, as day_parse reads them. */
static void
day_parse_relative(void **state)
{
	char out[DAY_SIZE];

	(void)state;
	/* FIXTURE_NOW: Sunday 2026-11-22. */
	assert_int_equal(day_parse("+1m", FIXTURE_NOW, out), 0);
	assert_string_equal(out, "2026-12-22");
	assert_int_equal(day_parse("+10d", FIXTURE_NOW, out), 0);
	assert_string_equal(out, "2026-12-02");
	assert_int_equal(day_parse("+2w", FIXTURE_NOW, out), 0);
	assert_string_equal(out, "2026-12-06");
	assert_int_equal(day_parse("2027-02-28", FIXTURE_NOW, out), 0);
	assert_string_equal(out, "2027-02-28");
	assert_int_equal(day_parse("+5", FIXTURE_NOW, out), -1);
	assert_int_equal(day_parse("+5y", FIXTURE_NOW, out), -1);
	assert_int_equal(day_parse("+1201d", FIXTURE_NOW, out), -1);
}

/* Whole days, also across a daylight saving change. */
static void
day_diff_counts_days(void **state)
{
	(void)state;
	assert_int_equal(day_diff("2026-11-20", "2026-11-22"), 2);
	assert_int_equal(day_diff("2026-11-22", "2026-11-20"), -2);
	assert_int_equal(day_diff("2026-08-02", "2026-10-31"), 90);
	assert_int_equal(day_diff("2028-02-28", "2028-03-01"), 2);
	setenv("TZ", "America/New_York", 1);
	tzset();
	assert_int_equal(day_diff("2026-03-07", "2026-03-09"), 2);
	assert_int_equal(day_diff("2026-10-31", "2026-11-02"), 2);
	setenv("TZ", "UTC", 1);
	tzset();
}

/* The parts add up to the total exactly, larger first, a cent apart. */
static void
money_share_adds_up(void **state)
{
	static const int64_t totals[] = { 1, 2, 11, 100, 101, 120000, 100001,
		99999999, MONEY_MAX_CENTS };
	int64_t sum, part, prev;
	size_t t;
	int n, i;

	(void)state;
	for (t = 0; t < sizeof totals / sizeof totals[0]; t++)
		for (n = 1; n <= 24; n++) {
			sum = 0;
			prev = INT64_MAX;
			for (i = 0; i < n; i++) {
				part = money_share(totals[t], n, i);
				assert_true(part <= prev);
				assert_true(part >= totals[t] / n &&
				    part <= totals[t] / n + 1);
				sum += part;
				prev = part;
			}
			assert_int_equal(sum, totals[t]);
		}
	/* 1,200.00 in 3 and 1,000.00 in 3: 333.34 first, then 333.33. */
	assert_int_equal(money_share(120000, 3, 0), 40000);
	assert_int_equal(money_share(100000, 3, 0), 33334);
	assert_int_equal(money_share(100000, 3, 2), 33333);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(money_parse_takes),
		cmocka_unit_test(money_parse_refuses),
		cmocka_unit_test(money_format_groups),
		cmocka_unit_test(money_round_trip),
		cmocka_unit_test(day_add_months_cuts_to_month_end),
		cmocka_unit_test(days_refused),
		cmocka_unit_test(day_parse_relative),
		cmocka_unit_test(day_diff_counts_days),
		cmocka_unit_test(money_share_adds_up),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
