/* Core rules: the permission table, statuses, WHEN, lead fields, phones. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "callq/dict.h"
#include "callq/hours.h"
#include "callq/leadfield.h"
#include "callq/path.h"
#include "callq/perm.h"
#include "callq/phone.h"
#include "callq/status.h"
#include "callq/text.h"
#include "callq/when.h"
#include "fixture.h"

static void
test_only_admins_manage(void **state)
{
	int r;

	(void)state;
	for (r = 0; r < ROLE_COUNT; r++) {
		int admin = r == ROLE_ADMIN;
		assert_int_equal(perm_scope(r, ACT_USER_MANAGE) != SCOPE_NONE,
		    admin);
		assert_int_equal(perm_scope(r, ACT_SETTINGS) != SCOPE_NONE,
		    admin);
		assert_int_equal(perm_scope(r, ACT_IMPORT) != SCOPE_NONE, admin);
		assert_int_equal(perm_scope(r, ACT_LEAD_DELETE) != SCOPE_NONE,
		    admin);
		assert_int_equal(perm_scope(r, ACT_LEAD_RESTORE) != SCOPE_NONE,
		    admin);
	}
}

static void
test_analyst_reads_only(void **state)
{
	static const enum action writes[] = { ACT_USER_MANAGE, ACT_SETTINGS,
	    ACT_IMPORT, ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_LEAD_ASSIGN,
	    ACT_LEAD_DELETE, ACT_LEAD_RESTORE, ACT_CALL_LOG, ACT_FOLLOWUP,
	    ACT_PAYMENT };
	size_t i;

	(void)state;
	assert_int_equal(perm_scope(ROLE_ANALYST, ACT_LEAD_READ), SCOPE_ALL);
	assert_int_equal(perm_scope(ROLE_ANALYST, ACT_AUDIT_READ), SCOPE_ALL);
	for (i = 0; i < sizeof writes / sizeof writes[0]; i++)
		assert_int_equal(perm_scope(ROLE_ANALYST, writes[i]),
		    SCOPE_NONE);
}

static void
test_rep_scope(void **state)
{
	struct lead_ctx own = { .owned_by_actor = 1 };
	struct lead_ctx fresh_mine = { .unassigned = 1, .in_actor_regions = 1 };
	struct lead_ctx fresh_other = { .unassigned = 1 };
	struct lead_ctx others = { .owner_in_team = 1 };

	(void)state;
	assert_true(perm_lead_allows(ROLE_REP, ACT_LEAD_EDIT, &own));
	assert_true(perm_lead_allows(ROLE_REP, ACT_CALL_LOG, &fresh_mine));
	assert_false(perm_lead_allows(ROLE_REP, ACT_CALL_LOG, &fresh_other));
	assert_false(perm_lead_allows(ROLE_REP, ACT_LEAD_EDIT, &others));
	assert_true(perm_lead_allows(ROLE_LEAD, ACT_LEAD_EDIT, &others));
	assert_false(perm_lead_allows(ROLE_REP, ACT_LEAD_ASSIGN, &own));
}

static void
test_recovery_works_converted_leads(void **state)
{
	struct lead_ctx converted = { .converted = 1 };
	struct lead_ctx open = { .unassigned = 1, .in_actor_regions = 1 };

	(void)state;
	assert_true(perm_lead_allows(ROLE_RECOVERY, ACT_CALL_LOG, &converted));
	assert_true(perm_lead_allows(ROLE_RECOVERY, ACT_PAYMENT, &converted));
	assert_false(perm_lead_allows(ROLE_RECOVERY, ACT_CALL_LOG, &open));
	assert_false(perm_lead_allows(ROLE_RECOVERY, ACT_LEAD_EDIT,
	    &converted));
}

static void
test_role_names(void **state)
{
	enum role r;

	(void)state;
	assert_int_equal(role_parse("Admin", &r), 0);
	assert_int_equal(r, ROLE_ADMIN);
	assert_int_equal(role_parse("team-lead", &r), 0);
	assert_int_equal(r, ROLE_LEAD);
	assert_int_equal(role_parse("boss", &r), -1);
	assert_string_equal(role_title(ROLE_ANALYST), "an analyst");
}

static void
test_status_parse(void **state)
{
	enum status st;

	(void)state;
	assert_int_equal(status_parse("in-progress", &st), 0);
	assert_int_equal(st, ST_IN_PROGRESS);
	assert_int_equal(status_parse("IN PROGRESS", &st), 0);
	assert_int_equal(status_parse("cnp", &st), 0);
	assert_int_equal(st, ST_CNP);
	assert_int_equal(status_parse("In Progres", &st), -1);
	assert_int_equal(status_parse("", &st), -1);
	assert_string_equal(status_name(ST_LOST), "Lost");
}

static void
test_status_flow(void **state)
{
	int s;

	(void)state;
	assert_true(status_can_move(ST_NEW, ST_IN_PROGRESS));
	assert_true(status_can_move(ST_CNP, ST_CNP));	/* retried */
	assert_true(status_can_move(ST_INTERESTED, ST_QUALIFIED));
	assert_true(status_can_move(ST_QUALIFIED, ST_CONVERTED));
	assert_true(status_can_move(ST_LOST, ST_IN_PROGRESS));
	assert_false(status_can_move(ST_LOST, ST_CONVERTED));
	for (s = 0; s < ST_COUNT; s++) {
		assert_int_equal(status_can_move(ST_CONVERTED, s),
		    s == ST_CONVERTED);
		assert_int_equal(status_can_move(s, ST_NEW), s == ST_NEW);
	}
}

/* Sunday 2026-11-22 10:00 UTC. */
static time_t
at(const char *when)
{
	time_t t;

	if (when_parse(when, FIXTURE_NOW, &t) != 0)
		fail_msg("'%s' was refused", when);
	return t;
}

static void
test_when_forms(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(at("2026-12-01 14:30"), 1796135400);
	assert_int_equal(at("2026-12-01"), 1796115600);	/* 09:00 */
	assert_int_equal(at("14:30"), FIXTURE_NOW + 4 * 3600 + 1800);
	assert_int_equal(at("09:00"), FIXTURE_NOW + 23 * 3600);	/* past */
	assert_int_equal(at("today 11:15"), FIXTURE_NOW + 4500);
	assert_int_equal(at("tomorrow"), FIXTURE_NOW + 23 * 3600);
	assert_int_equal(at("Tomorrow 10:00"), FIXTURE_NOW + 86400);
	assert_int_equal(at("mon 09:30"), FIXTURE_NOW + 23 * 3600 + 1800);
	assert_int_equal(at("sunday 11:00"), FIXTURE_NOW + 3600);
	assert_int_equal(at("sun 09:00"), FIXTURE_NOW + 7 * 86400 - 3600);
	assert_int_equal(at("+2h"), FIXTURE_NOW + 7200);
	assert_int_equal(at("+30m"), FIXTURE_NOW + 1800);
	assert_int_equal(at(" +3d "), FIXTURE_NOW + 3 * 86400);
	assert_int_equal(at("+1w"), FIXTURE_NOW + 7 * 86400);
	assert_int_equal(at("now"), FIXTURE_NOW);
}

/* The times people say: 3pm, 3:30pm, noon, midnight, after a day too. */
static void
test_when_spoken_times(void **state)
{
	static const char *const bad[] = { "13pm", "0am", "3:75pm", "3p",
	    "3pmm", "noonish", "tomorrow 3", "3:3pm", "pm", "-3pm", "123pm" };
	size_t i;
	time_t t;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(at("3pm"), FIXTURE_NOW + 5 * 3600);
	assert_int_equal(at("3:30pm"), FIXTURE_NOW + 5 * 3600 + 1800);
	assert_int_equal(at("3 PM"), FIXTURE_NOW + 5 * 3600);
	assert_int_equal(at("9am"), FIXTURE_NOW + 23 * 3600);	/* past */
	assert_int_equal(at("12pm"), FIXTURE_NOW + 2 * 3600);
	assert_int_equal(at("12am"), FIXTURE_NOW + 14 * 3600);
	assert_int_equal(at("noon"), FIXTURE_NOW + 2 * 3600);
	assert_int_equal(at("today noon"), FIXTURE_NOW + 2 * 3600);
	assert_int_equal(at("midnight"), FIXTURE_NOW + 14 * 3600);
	assert_int_equal(at("tomorrow 3pm"), FIXTURE_NOW + 29 * 3600);
	assert_int_equal(at("tomorrow noon"), FIXTURE_NOW + 26 * 3600);
	assert_int_equal(at("tomorrow midnight"), FIXTURE_NOW + 14 * 3600);
	assert_int_equal(at("mon 3pm"), FIXTURE_NOW + 29 * 3600);
	assert_int_equal(at("Friday noon"), FIXTURE_NOW + 5 * 86400 + 7200);
	assert_int_equal(at("2026-12-01 3pm"), 1796137200);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (when_parse(bad[i], FIXTURE_NOW, &t) == 0)
			fail_msg("'%s' was accepted", bad[i]);
}

/* History is dated, never "Missed": a call an hour ago was made. */
static void
test_when_stamps(void **state)
{
	char buf[32];

	(void)state;
	when_stamp(FIXTURE_NOW - 3600, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "Today 09:00");
	when_stamp(FIXTURE_NOW - 86400, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "Yesterday 10:00");
	when_stamp(FIXTURE_NOW - 3 * 86400, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-19 10:00");
	when_stamp(FIXTURE_NOW + 86400, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-23 10:00");
}

static void
test_when_refuses(void **state)
{
	static const char *const bad[] = { "", "25:00", "12:3", "12:345",
	    "2026-02-30 10:00", "2026-13-01", "tomorow", "+0h", "+5y", "+h",
	    "mon 9", "next week", "2026-12-01 14:30 extra", "-2h" };
	size_t i;
	time_t t;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (when_parse(bad[i], FIXTURE_NOW, &t) == 0)
			fail_msg("'%s' was accepted", bad[i]);
}

/* Local time: "tomorrow 09:00" across a DST change is 20 hours away. */
static void
test_when_daylight_saving(void **state)
{
	time_t now = 1772902800, t;	/* 2026-03-07 12:00 EST */

	(void)state;
	setenv("TZ", "America/New_York", 1);
	tzset();
	assert_int_equal(when_parse("tomorrow 09:00", now, &t), 0);
	assert_int_equal(t - now, 20 * 3600);
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_when_labels(void **state)
{
	char buf[32];

	(void)state;
	when_label(FIXTURE_NOW - 3600, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "Missed");
	when_label(FIXTURE_NOW - 600, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "Today 09:50");	/* within the grace */
	when_label(FIXTURE_NOW + 3600, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "Today 11:00");
	when_label(FIXTURE_NOW + 86400, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "Tomorrow 10:00");
	when_label(FIXTURE_NOW + 3 * 86400, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "Wed 10:00");
	when_label(FIXTURE_NOW + 30 * 86400, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "2026-12-22");
	when_iso(FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-22T10:00:00+00:00");
}

static int
field(const char *name, const char *value, struct lead_change *c)
{
	struct err err = { 0 };

	return lead_change_parse(lead_field_find(name), value, FIXTURE_NOW, c,
	    &err);
}

static void
test_lead_fields(void **state)
{
	struct lead_change c;

	(void)state;
	assert_int_equal(field("interest", "4", &c), 0);
	assert_int_equal(c.num, 4);
	assert_int_equal(field("interest", "6", &c), EX_DATAERR);
	assert_int_equal(field("interest", "4x", &c), EX_DATAERR);
	assert_int_equal(field("value", "1234.5", &c), 0);
	assert_int_equal(c.num, 123450);
	assert_int_equal(field("value", "12.345", &c), EX_DATAERR);
	assert_int_equal(field("value", "-5", &c), EX_DATAERR);
	assert_int_equal(field("lat", "91", &c), EX_DATAERR);
	assert_int_equal(field("lng", "-122.4194", &c), 0);
	assert_int_equal(field("website", "y", &c), 0);
	assert_int_equal(c.num, 1);
	assert_int_equal(field("country", "gb", &c), 0);
	assert_string_equal(c.code, "GB");
	assert_int_equal(field("country", "XX", &c), EX_DATAERR);
	assert_int_equal(field("status", "qualified", &c), 0);
	assert_int_equal(c.num, ST_QUALIFIED);
	assert_int_equal(field("due", "tomorrow 10:00", &c), 0);
	assert_int_equal(c.num, FIXTURE_NOW + 86400);
	assert_int_equal(field("owner", "none", &c), 0);
	assert_true(c.is_null);
	assert_int_equal(field("name", "  Acme Ltd  ", &c), 0);
	assert_int_equal(c.len, 8);
	assert_int_equal(field("name", "Acme\x1b[31m", &c), EX_DATAERR);
	assert_int_equal(field("name", "bad \xc0\xaf utf8", &c), EX_DATAERR);
}

static void
test_hours_windows(void **state)
{
	struct hours_rules r;
	struct hours_window w;

	(void)state;
	assert_int_equal(hours_parse("08:00-21:00", &w), 0);
	assert_int_equal(w.open, 480);
	assert_int_equal(w.close, 1260);
	assert_int_equal(hours_parse("21:00-08:00", &w), -1);
	assert_int_equal(hours_parse("8-21", &w), -1);
	assert_int_equal(hours_parse("08:00-21:00 ", &w), -1);
	hours_rules_default(&r);
	assert_int_equal(hours_window_for(&r, "US", "Florida").close, 1200);
	assert_int_equal(hours_window_for(&r, "US", "fl").close, 1200);
	assert_int_equal(hours_window_for(&r, "US", "NY").close, 1260);
	assert_int_equal(hours_rules_set(&r, "gb", "09:00-20:00"), 0);
	assert_int_equal(hours_window_for(&r, "GB", NULL).open, 540);
	assert_int_equal(hours_rules_set(&r, "nonsense!", "09:00-20:00"), -1);
}

static void
test_hours_strictest_zone_wins(void **state)
{
	struct hours_rules r;
	time_t opens;

	(void)state;
	hours_rules_default(&r);
	/* 15:30 UTC: Boise 08:30, Los Angeles 07:30. */
	assert_int_equal(hours_check(&r, "America/Boise America/Los_Angeles",
	    "US", NULL, FIXTURE_NOW + 5 * 3600 + 1800, &opens), HOURS_CLOSED);
	assert_int_equal(opens, FIXTURE_NOW + 6 * 3600);
	assert_int_equal(hours_check(&r, "America/Boise America/Los_Angeles",
	    "US", NULL, FIXTURE_NOW + 6 * 3600, NULL), HOURS_OPEN);
	/* No zone of its own: its country's (London for GB). */
	assert_int_equal(hours_check(&r, "", "GB", NULL, FIXTURE_NOW, NULL),
	    HOURS_OPEN);
	assert_int_equal(hours_check(&r, NULL, "GB", NULL, FIXTURE_NOW -
	    4 * 3600, &opens), HOURS_CLOSED);
	assert_int_equal(opens, FIXTURE_NOW - 2 * 3600);
	assert_int_equal(hours_check(&r, NULL, NULL, NULL, FIXTURE_NOW, NULL),
	    HOURS_NO_ZONE);
}

static void
test_hours_local_clock(void **state)
{
	char buf[16];

	(void)state;
	hours_local_clock("America/New_York", "US", FIXTURE_NOW, buf,
	    sizeof buf);
	assert_string_equal(buf, "05:00");
	hours_local_clock("America/Boise America/Los_Angeles", "US",
	    FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "03:00+");
	hours_local_clock(NULL, NULL, FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "");
}

static void
test_hours_at_a_future_moment(void **state)
{
	struct hours_rules r;
	time_t near;

	(void)state;
	hours_rules_default(&r);
	/* Sunday 06:00 in New York: its 08:00 is nearer than last night. */
	assert_int_equal(hours_check_at(&r, "America/New_York", "US", NULL,
	    FIXTURE_NOW + 3600, FIXTURE_NOW, 900, &near), HOURS_CLOSED);
	assert_int_equal(near, FIXTURE_NOW + 3 * 3600);
	/* 21:10: 20:45 is, the last time that leaves the grace inside. */
	assert_int_equal(hours_check_at(&r, "America/New_York", "US", NULL,
	    FIXTURE_NOW + 16 * 3600 + 600, FIXTURE_NOW, 900, &near),
	    HOURS_CLOSED);
	assert_int_equal(near, FIXTURE_NOW + 15 * 3600 + 2700);
	/* ... unless that has gone by: then the next morning. */
	assert_int_equal(hours_check_at(&r, "America/New_York", "US", NULL,
	    FIXTURE_NOW + 16 * 3600 + 600, FIXTURE_NOW + 16 * 3600, 900,
	    &near), HOURS_CLOSED);
	assert_int_equal(near, FIXTURE_NOW + 27 * 3600);
	/*
	 * 2027-03-15 12:30 UTC is 08:30 in New York, on daylight saving
	 * time: open, though by today's offset it would be 07:30.
	 */
	assert_int_equal(hours_check_at(&r, "America/New_York", "US", NULL,
	    1805113800, FIXTURE_NOW, 900, &near), HOURS_OPEN);
	/* The strictest zone wins: Boise 08:30, Los Angeles 07:30. */
	assert_int_equal(hours_check_at(&r, "America/Boise America/Los_Angeles",
	    "US", NULL, FIXTURE_NOW + 5 * 3600 + 1800, FIXTURE_NOW, 900,
	    &near), HOURS_CLOSED);
	assert_int_equal(near, FIXTURE_NOW + 6 * 3600);
	assert_int_equal(hours_check_at(&r, NULL, NULL, NULL, FIXTURE_NOW,
	    FIXTURE_NOW, 900, &near), HOURS_NO_ZONE);
}

static void
test_hours_both_clocks(void **state)
{
	char buf[96];

	(void)state;
	hours_clock_at("Europe/London", "GB", FIXTURE_NOW, buf, sizeof buf);
	assert_string_equal(buf, "10:00 London");
	/* Saturday 23:00 there while Sunday here: its day is named. */
	hours_clock_at("America/New_York", "US", FIXTURE_NOW - 6 * 3600, buf,
	    sizeof buf);
	assert_string_equal(buf, "Sat 23:00 New York");
	hours_clock_at("America/Boise America/Los_Angeles", "US", FIXTURE_NOW,
	    buf, sizeof buf);
	assert_string_equal(buf, "03:00 Boise or other");
	hours_when_both(FIXTURE_NOW + 4 * 86400, FIXTURE_NOW, "Europe/London",
	    "GB", buf, sizeof buf);
	assert_string_equal(buf, "Thu 10:00 (10:00 London)");
	hours_when_both(FIXTURE_NOW + 8 * 86400 + 3600, FIXTURE_NOW,
	    "America/New_York", "US", buf, sizeof buf);
	assert_string_equal(buf, "2026-11-30 11:00 (06:00 New York)");
	hours_when_both(FIXTURE_NOW, FIXTURE_NOW, NULL, NULL, buf, sizeof buf);
	assert_string_equal(buf, "Sun 10:00");
}

static void
test_hours_when_there(void **state)
{
	time_t at;

	(void)state;
	/* "there": the lead's clock; 10:00 in New York is 15:00 here. */
	assert_int_equal(hours_when_parse("tomorrow 10:00 there", FIXTURE_NOW,
	    "America/New_York America/Chicago", "US", &at), 0);
	assert_int_equal(at, FIXTURE_NOW + 86400 + 5 * 3600);
	/* No zone of its own: its country's first. */
	assert_int_equal(hours_when_parse("tomorrow 10:00 THERE ", FIXTURE_NOW,
	    "", "GB", &at), 0);
	assert_int_equal(at, FIXTURE_NOW + 86400);
	/* Without it, the user's own (UTC here), and TZ is left as it was. */
	assert_int_equal(hours_when_parse("tomorrow 10:00", FIXTURE_NOW,
	    "America/New_York", "US", &at), 0);
	assert_int_equal(at, FIXTURE_NOW + 86400);
	assert_string_equal(getenv("TZ"), "UTC");
	assert_int_equal(hours_when_parse("tomorrow 10:00 there", FIXTURE_NOW,
	    NULL, NULL, &at), -1);
	assert_int_equal(hours_when_parse("there", FIXTURE_NOW,
	    "Europe/London", "GB", &at), -1);
}

static void
test_text(void **state)
{
	char buf[64];

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_true(text_is_clean("Zoë's Bakery"));
	assert_false(text_is_clean("tab\there"));
	assert_false(text_is_clean("\xed\xa0\x80"));	/* a surrogate */
	assert_int_equal(text_width("Zoë"), 3);
	assert_int_equal(text_width("東京"), 4);
	assert_int_equal(text_fit("東京タワー", 5, 1, buf, sizeof buf), 5);
	assert_string_equal(buf, "東京 ");	/* never half a character */
	assert_int_equal(text_fit("Siobhán", 4, 0, buf, sizeof buf), 4);
	assert_string_equal(buf, "Siob");
}

static void
test_phones(void **state)
{
	struct phone ph;

	(void)state;
	assert_int_equal(phone_parse("(208) 555-0142 ext. 12", "US", &ph),
	    PHONE_OK);
	assert_true(ph.valid);
	assert_string_equal(ph.e164, "+12085550142");
	assert_string_equal(ph.ext, "12");
	assert_string_equal(ph.national, "(208) 555-0142");
	assert_int_equal(phone_parse("020 7946 0123", "GB", &ph), PHONE_OK);
	assert_string_equal(ph.e164, "+442079460123");
	assert_string_equal(ph.region, "GB");
	assert_int_equal(phone_parse("+1 415 555 0100", NULL, &ph), PHONE_OK);
	assert_string_equal(ph.international, "+1 415-555-0100");
	assert_int_equal(phone_parse("555 0100", "US", &ph), PHONE_OK);
	assert_false(ph.valid);
	assert_int_equal(phone_parse("020 7946 0123", NULL, &ph),
	    PHONE_NO_REGION);
	assert_int_equal(phone_parse("call me", "US", &ph), PHONE_UNPARSEABLE);
	assert_true(phone_region_known("CA"));
	assert_false(phone_region_known("XX"));
}

/* A refused allocation returns NULL here, as it does without ASan. */
const char *__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* Memory running out keeps a dictionary as it was, and usable. */
static void
test_dict_survives_a_refused_allocation(void **state)
{
	struct dict d = { 0 };
	size_t cap, i;

	(void)state;
	assert_int_equal(dict_add(&d, "a", "1"), 0);
	cap = d.cap;
	/* As if it held 2^40 entries: growing would ask for 32 TiB. */
	d.n = d.cap = (size_t)1 << 40;
	assert_int_equal(dict_add(&d, "b", "2"), -1);
	assert_true(d.cap == (size_t)1 << 40);
	d.n = 1;
	d.cap = cap;
	assert_int_equal(dict_add(&d, "b", "2"), 0);
	assert_string_equal(dict_get(&d, "a"), "1");
	assert_string_equal(dict_get(&d, "b"), "2");
	for (i = 0; i < d.n; i++)
		free(d.e[i].key);
	free(d.e);
}

/* A name picks its driver; the driver gets what it opens, prefix and all. */
static void
test_database_names(void **state)
{
	static const struct {
		const char    *name;
		enum path_kind kind;
		const char    *rest;
	} cases[] = {
		{ "/srv/floor.db", PATH_SQLITE, "/srv/floor.db" },
		{ "floor.db", PATH_SQLITE, "floor.db" },
		{ "sqlite:floor.db", PATH_SQLITE, "floor.db" },
		{ "sqlite:///srv/floor.db", PATH_SQLITE, "/srv/floor.db" },
		{ "postgresql://db.example/callq", PATH_POSTGRES,
		    "postgresql://db.example/callq" },
		{ "postgres://u@/callq?host=/run/postgresql", PATH_POSTGRES,
		    "postgres://u@/callq?host=/run/postgresql" },
		{ "postgresql:service=floor", PATH_POSTGRES, "service=floor" },
		{ "postgresql:", PATH_POSTGRES, "" },
		/* A file may be called this; only the scheme's colon decides. */
		{ "postgresql.db", PATH_SQLITE, "postgresql.db" },
	};
	const char *rest;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(path_db_kind(cases[i].name, &rest),
		    cases[i].kind);
		assert_string_equal(rest, cases[i].rest);
	}
}

/* --db wins over CALLQ_DB, which wins over the user's own default. */
static void
test_database_chosen(void **state)
{
	struct err err = { 0 };
	char path[4096];
	int floor = -1;

	(void)state;
	setenv("CALLQ_DB", "postgresql:service=floor", 1);
	assert_int_equal(path_db("/tmp/mine.db", path, sizeof path, &floor,
	    &err), 0);
	assert_string_equal(path, "/tmp/mine.db");
	assert_int_equal(floor, 0);
	assert_int_equal(path_db(NULL, path, sizeof path, &floor, &err), 0);
	assert_string_equal(path, "postgresql:service=floor");
	unsetenv("CALLQ_DB");
	setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
	assert_int_equal(path_db(NULL, path, sizeof path, &floor, &err), 0);
	assert_string_equal(path, "/tmp/xdg/callq/callq.db");
	assert_int_equal(floor, 0);
	unsetenv("XDG_DATA_HOME");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_admins_manage),
		cmocka_unit_test(test_analyst_reads_only),
		cmocka_unit_test(test_rep_scope),
		cmocka_unit_test(test_recovery_works_converted_leads),
		cmocka_unit_test(test_role_names),
		cmocka_unit_test(test_status_parse),
		cmocka_unit_test(test_status_flow),
		cmocka_unit_test(test_when_forms),
		cmocka_unit_test(test_when_spoken_times),
		cmocka_unit_test(test_when_stamps),
		cmocka_unit_test(test_when_refuses),
		cmocka_unit_test(test_when_daylight_saving),
		cmocka_unit_test(test_when_labels),
		cmocka_unit_test(test_lead_fields),
		cmocka_unit_test(test_hours_windows),
		cmocka_unit_test(test_hours_strictest_zone_wins),
		cmocka_unit_test(test_hours_local_clock),
		cmocka_unit_test(test_hours_at_a_future_moment),
		cmocka_unit_test(test_hours_both_clocks),
		cmocka_unit_test(test_hours_when_there),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_dict_survives_a_refused_allocation),
		cmocka_unit_test(test_database_names),
		cmocka_unit_test(test_database_chosen),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
