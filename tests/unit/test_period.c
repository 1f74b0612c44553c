/*
 * Periods: whole local days, weeks from Monday, months to their last day,
 * across daylight saving changes in two zones, and a bad period told in
 * one sentence.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "callq/period.h"

static void
zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* Asserts that text at now reads as [from, to). */
static void
reads(const char *text, time_t now, time_t from, time_t to)
{
	struct err err = { 0, "" };
	time_t f = 0, t = 0;

	if (period_parse(text, now, &f, &t, &err) != 0)
		fail_msg("'%s' refused: %s", text, err.msg);
	if (f != from || t != to)
		fail_msg("'%s' read as [%lld, %lld), not [%lld, %lld)", text,
		    (long long)f, (long long)t, (long long)from,
		    (long long)to);
}

/* Asserts that text is refused with a sentence holding what. */
static void
refused(const char *text, time_t now, const char *what)
{
	struct err err = { 0, "" };
	time_t f = 0, t = 0;

	if (period_parse(text, now, &f, &t, &err) == 0)
		fail_msg("'%s' was taken as a period", text);
	assert_int_equal(err.status, EX_USAGE);
	if (strstr(err.msg, what) == NULL)
		fail_msg("'%s' told '%s', without '%s'", text, err.msg, what);
	assert_null(strchr(err.msg, '\n'));
}

#define DAY 86400

/* Sunday 2026-11-22 10:00 UTC. */
static void
test_period_names(void **state)
{
	const time_t now = FIXTURE_NOW, mon = 1794787200; /* 2026-11-16 */
	const time_t today = 1795305600, tomorrow = today + DAY;

	(void)state;
	zone("UTC");
	reads("today", now, today, tomorrow);
	reads("yesterday", now, today - DAY, today);
	reads("this week", now, mon, mon + 7 * DAY);
	reads("last week", now, mon - 7 * DAY, mon);
	reads("last 7 days", now, today - 6 * DAY, tomorrow);
	reads("last 30 days", now, today - 29 * DAY, tomorrow);
	reads("this month", now, 1793491200, 1796083200); /* Nov 1, Dec 1 */
	reads("last month", now, 1790812800, 1793491200); /* Oct 1, Nov 1 */
	reads("last 90 days", now, today - 89 * DAY, tomorrow);
	reads("last 1 day", now, today, tomorrow);
	reads("This-Week", now, mon, mon + 7 * DAY);
	reads("  LAST_7_DAYS ", now, today - 6 * DAY, tomorrow);
	/* On a Monday, this week is that day on. */
	reads("this week", mon + 3600, mon, mon + 7 * DAY);
	reads("last week", mon + 3600, mon - 7 * DAY, mon);
}

static void
test_period_every_name_reads(void **state)
{
	struct err err = { 0, "" };
	time_t f, t;
	int i;

	(void)state;
	zone("UTC");
	for (i = 0; period_names[i] != NULL; i++) {
		assert_int_equal(period_parse(period_names[i], FIXTURE_NOW, &f,
		    &t, &err), 0);
		assert_true(f < t && f <= FIXTURE_NOW && FIXTURE_NOW < t + 32 *
		    DAY);
	}
	assert_int_equal(i, 8);
	assert_string_equal(period_names[0], "today");
	assert_string_equal(period_names[7], "last month");
}

static void
test_period_spans(void **state)
{
	const time_t now = FIXTURE_NOW, today = 1795305600;
	struct err err = { 0, "" };
	time_t f, t;

	(void)state;
	zone("UTC");
	/* TO is included: November whole. */
	reads("2026-11-01..2026-11-30", now, 1793491200, 1796083200);
	reads("2026-11-01 .. 2026-11-01", now, 1793491200, 1793577600);
	reads("2026-11-20..today", now, today - 2 * DAY, today + DAY);
	reads("yesterday..today", now, today - DAY, today + DAY);
	reads("2026-11-20..", now, today - 2 * DAY, today + DAY);
	/* A time in a side is the day it falls on. */
	reads("2026-11-20 14:30..2026-11-21 09:00", now, today - 2 * DAY,
	    today);
	/* A weekday looks back: on Sunday, mon is six days ago... */
	reads("mon..today", now, today - 6 * DAY, today + DAY);
	reads("monday..wed", now, today - 6 * DAY, today - 3 * DAY);
	/* ...and today is its own weekday. */
	reads("sun", now, today, today + DAY);
	/* One day alone. */
	reads("2026-11-05", now, 1793836800, 1793923200);
	assert_int_equal(period_span("2026-11-01", "2026-11-30", now, &f, &t,
	    &err), 0);
	assert_true(f == 1793491200 && t == 1796083200);
}

/* Fall back and spring forward in New York: a week is 7 whole days. */
static void
test_period_dst_new_york(void **state)
{
	(void)state;
	zone("America/New_York");
	/* Sunday 2026-11-01 12:00 EST, the day the clocks went back. */
	reads("this week", 1793552400, 1792987200, 1793595600);
	reads("today", 1793552400, 1793595600 - 25 * 3600, 1793595600);
	reads("2026-10-26..2026-11-01", 1793552400, 1792987200, 1793595600);
	/* Sunday 2026-03-08 12:00 EDT: 23 hours that day. */
	reads("this week", 1772985600, 1772427600, 1773028800);
	reads("last 7 days", 1773028800 + 3600, 1772427600 + DAY,
	    1773028800 + DAY);
	assert_int_equal(1793595600 - 1792987200, 7 * DAY + 3600);
	assert_int_equal(1773028800 - 1772427600, 7 * DAY - 3600);
	zone("UTC");
}

static void
test_period_dst_london(void **state)
{
	(void)state;
	zone("Europe/London");
	/* Sunday 2026-10-25 12:00 GMT, BST over that morning. */
	reads("this week", 1792929600, 1792364400, 1792972800);
	reads("yesterday", 1792972800 + 3600, 1792972800 - 25 * 3600,
	    1792972800);
	/* Sunday 2026-03-29 12:00 BST, begun that morning. */
	reads("this week", 1774782000, 1774224000, 1774825200);
	reads("this month", 1774782000, 1772323200, 1774998000);
	reads("last month", 1774998000, 1772323200, 1774998000);
	zone("UTC");
}

static void
test_period_month_ends(void **state)
{
	(void)state;
	zone("UTC");
	/* 2026-03-31 23:00: last month is February's 28 days. */
	reads("last month", 1774998000, 1769904000, 1772323200);
	/* 2028-03-01 09:00: February 2028 has 29. */
	reads("last month", 1835514000, 1832976000, 1835481600);
	reads("2028-02-29", 1835514000, 1835395200, 1835481600);
	reads("yesterday", 1835514000, 1835395200, 1835481600);
	refused("2027-02-29", 1835514000, "not a period");
	/* January's last month is the last year's December. */
	reads("last month", 1767225600 + 3600, 1764547200, 1767225600);
}

static void
test_period_refuses(void **state)
{
	(void)state;
	zone("UTC");
	refused("fortnight", FIXTURE_NOW, "'fortnight' is not a period");
	refused("fortnight", FIXTURE_NOW, "FROM..TO");
	refused("", FIXTURE_NOW, "not a period");
	refused("last 0 days", FIXTURE_NOW, "not a period");
	refused("last 367 days", FIXTURE_NOW, "not a period");
	refused("last 3.5 days", FIXTURE_NOW, "not a period");
	refused("last three days", FIXTURE_NOW, "not a period");
	refused("2026-11-05..2026-11-01", FIXTURE_NOW,
	    "the period ends on 2026-11-01, before it starts on 2026-11-05");
	refused("today..yesterday", FIXTURE_NOW, "before it starts");
	refused("2026-13-01..today", FIXTURE_NOW,
	    "'2026-13-01' is not a day");
	refused("..today", FIXTURE_NOW, "'' is not a day");
	refused("soon..today", FIXTURE_NOW, "'soon' is not a day");
	refused("this week\x1b[2J", FIXTURE_NOW, "not a period");
}

static void
test_period_labels(void **state)
{
	char buf[64];

	(void)state;
	zone("UTC");
	period_label(1795305600, 1795305600 + DAY, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-22");
	period_label(1793491200, 1796083200, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-01 to 2026-11-30");
	zone("America/New_York");
	period_label(1792987200, 1793595600, buf, sizeof buf);
	assert_string_equal(buf, "2026-10-26 to 2026-11-01");
	zone("UTC");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_names),
		cmocka_unit_test(test_period_every_name_reads),
		cmocka_unit_test(test_period_spans),
		cmocka_unit_test(test_period_dst_new_york),
		cmocka_unit_test(test_period_dst_london),
		cmocka_unit_test(test_period_month_ends),
		cmocka_unit_test(test_period_refuses),
		cmocka_unit_test(test_period_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
