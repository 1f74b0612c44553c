/*
 * The agents, dispositions, trend and hours reports on a small fixed
 * floor, every cell checked against figures worked out by hand below.
 *
 * The floor (TZ UTC), the period Mon 2026-11-16 to Wed 2026-11-18:
 *   rep1 (team A), calls:
 *     Mon 14:00 L1 (New York)  No answer       0 s  09:00 Mon there
 *     Mon 15:00 L1 (New York)  Interested    120 s  10:00 Mon there
 *     Tue 15:30 L2 (New York)  Converted     300 s  10:30 Tue there
 *     Tue 16:00 L3 (Kolkata)   Busy            0 s  21:30 Tue there
 *   rep2 (team A):
 *     Mon 01:00 L7 (New York)  Qualified     200 s  20:00 Sun there
 *     Mon 13:00 L4 (New York)  Not interested 60 s  08:00 Mon there
 *     Wed 14:00 L5 (Kolkata)   Wrong number   30 s  19:30 Wed there
 *   rep3 (team B):
 *     Tue 10:00 L6 (Kolkata)   Converted     600 s  15:30 Tue there
 *     Thu 10:00 L8 (Kolkata)   No answer: after the period
 *   Attendance: rep1 in since Sun 20:00; Mon 12:00-12:45 Lunch, out
 *   18:00; Tue in 09:00, 10:00-10:10 Short break, out 17:00. rep2 in Wed
 *   09:00, paused (Meeting) from 10:00 on.
 *   Follow-ups: rep1's due Mon 10:00 done 09:50 (on time), due Tue 10:00
 *   done 11:00 (late), due Wed 10:00 open (missed), due Thu 10:00 open
 *   (after the period); rep2's due Wed 12:00 open (missed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/attendance.h"
#include "callq/call.h"
#include "callq/followup.h"
#include "callq/report.h"
#include "callq/settings.h"
#include "fixture.h"

#define MON 1794787200		/* 2026-11-16 00:00 UTC */
#define DAY 86400
#define HOUR 3600

struct floor {
	struct actor lead, rep1, rep2, rep3;
};

static void
now_set(time_t t)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)t);
	setenv("CALLQ_NOW", buf, 1);
}

static int64_t
lead_add(struct fixture *f, const char *name, const char *phone,
    const char *region, const char *owner)
{
	char n[64], p[64], r[64], o[64];
	struct err err;
	int64_t id;

	snprintf(n, sizeof n, "name=%s", name);
	snprintf(p, sizeof p, "phone=%s", phone);
	snprintf(r, sizeof r, "region=%s", region);
	snprintf(o, sizeof o, "owner=%s", owner);
	id = fixture_lead(f, &f->admin, &err, n, p, r, o, NULL);
	if (id == 0)
		fail_msg("lead %s: %s", name, err.msg);
	return id;
}

static void
call(struct fixture *f, const struct actor *who, int64_t lead, time_t at,
    const char *disposition, int secs)
{
	struct call_log log = { 0 };
	struct call_result res;
	struct err err = { 0 };

	log.lead_id = lead;
	log.started_at = at;
	log.disposition = disposition;
	log.duration_s = secs;
	log.interest = strcmp(disposition, "Interested") == 0 ? 3 : 0;
	if (store_call_log(f->st, who, &log, &res, &err) != 0)
		fail_msg("call %s: %s", disposition, err.msg);
}

static void
attend(struct fixture *f, const struct actor *who, time_t at,
    enum attendance state, const char *reason)
{
	struct err err = { 0 };

	now_set(at);
	if (store_attendance_set(f->st, who, state, reason, &err) != 0)
		fail_msg("attendance: %s", err.msg);
}

static void
followup(struct fixture *f, const struct actor *who, int64_t lead, time_t due,
    time_t done)
{
	struct err err = { 0 };
	int64_t id;

	now_set(MON - DAY);
	if (store_followup_add(f->st, who, lead, due, NULL, &id, &err) != 0)
		fail_msg("follow-up: %s", err.msg);
	if (done == 0)
		return;
	now_set(done);
	if (store_followup_done(f->st, who, id, NULL, &err) != 0)
		fail_msg("follow-up done: %s", err.msg);
}

static struct floor
floor_make(struct fixture *f)
{
	struct floor fl;
	struct err err = { 0 };
	int64_t l[11];

	fixture_region(f, "East", "US");
	fixture_region(f, "India", "IN");
	fl.lead = fixture_user(f, "lead1", ROLE_LEAD, "A", NULL);
	fl.rep1 = fixture_user(f, "rep1", ROLE_REP, "A", "East,India");
	fl.rep2 = fixture_user(f, "rep2", ROLE_REP, "A", "East,India");
	fl.rep3 = fixture_user(f, "rep3", ROLE_REP, "B", "East,India");
	/* Follow-ups at any hour: calling hours are not tested here. */
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours",
	    "00:00-24:00", &err), 0);
	l[1] = lead_add(f, "L1", "+13055550101", "East", "rep1");
	l[2] = lead_add(f, "L2", "+13055550102", "East", "rep1");
	l[3] = lead_add(f, "L3", "+919812345603", "India", "rep1");
	l[4] = lead_add(f, "L4", "+13055550104", "East", "rep2");
	l[5] = lead_add(f, "L5", "+919812345605", "India", "rep2");
	l[6] = lead_add(f, "L6", "+919812345606", "India", "rep3");
	l[7] = lead_add(f, "L7", "+13055550107", "East", "rep2");
	l[8] = lead_add(f, "L8", "+919812345608", "India", "rep3");
	l[9] = lead_add(f, "L9", "+13055550109", "East", "rep1");
	l[10] = lead_add(f, "L10", "+13055550110", "East", "rep2");
	call(f, &fl.rep1, l[1], MON + 14 * HOUR, "No answer", 0);
	call(f, &fl.rep1, l[1], MON + 15 * HOUR, "Interested", 120);
	call(f, &fl.rep1, l[2], MON + DAY + 15 * HOUR + 1800, "Converted", 300);
	call(f, &fl.rep1, l[3], MON + DAY + 16 * HOUR, "Busy", 0);
	call(f, &fl.rep2, l[7], MON + 1 * HOUR, "Qualified", 200);
	call(f, &fl.rep2, l[4], MON + 13 * HOUR, "Not interested", 60);
	call(f, &fl.rep2, l[5], MON + 2 * DAY + 14 * HOUR, "Wrong number", 30);
	call(f, &fl.rep3, l[6], MON + DAY + 10 * HOUR, "Converted", 600);
	call(f, &fl.rep3, l[8], MON + 3 * DAY + 10 * HOUR, "No answer", 0);
	attend(f, &fl.rep1, MON - 4 * HOUR, ATT_IN, NULL);
	attend(f, &fl.rep1, MON + 12 * HOUR, ATT_PAUSED, "Lunch");
	attend(f, &fl.rep1, MON + 12 * HOUR + 2700, ATT_IN, NULL);
	attend(f, &fl.rep1, MON + 18 * HOUR, ATT_OUT, NULL);
	attend(f, &fl.rep1, MON + DAY + 9 * HOUR, ATT_IN, NULL);
	attend(f, &fl.rep1, MON + DAY + 10 * HOUR, ATT_PAUSED, "Short break");
	attend(f, &fl.rep1, MON + DAY + 10 * HOUR + 600, ATT_IN, NULL);
	attend(f, &fl.rep1, MON + DAY + 17 * HOUR, ATT_OUT, NULL);
	attend(f, &fl.rep2, MON + 2 * DAY + 9 * HOUR, ATT_IN, NULL);
	attend(f, &fl.rep2, MON + 2 * DAY + 10 * HOUR, ATT_PAUSED, "Meeting");
	followup(f, &fl.rep1, l[9], MON + 10 * HOUR, MON + 10 * HOUR - 600);
	followup(f, &fl.rep1, l[9], MON + DAY + 10 * HOUR,
	    MON + DAY + 11 * HOUR);
	followup(f, &fl.rep1, l[9], MON + 2 * DAY + 10 * HOUR, 0);
	followup(f, &fl.rep1, l[9], MON + 3 * DAY + 10 * HOUR, 0);
	followup(f, &fl.rep2, l[10], MON + 2 * DAY + 12 * HOUR, 0);
	now_set(FIXTURE_NOW);
	return fl;
}

/* The report name over [from, to) as who, by by (or NULL). */
static struct report *
run(struct fixture *f, const struct actor *who, const char *name,
    time_t from, time_t to, const char *by)
{
	struct report_query q = { 0 };
	struct report *rep = NULL;
	struct err err = { 0 };

	q.from = from;
	q.to = to;
	q.by = by;
	q.now = FIXTURE_NOW;
	if (store_report(f->st, who, report_find(name), &q, &rep, &err) != 0)
		fail_msg("report %s: %s", name, err.msg);
	return rep;
}

/* Row r's cells as the CSV prints them, joined by "|". */
static const char *
row_text(const struct report *rep, int r)
{
	static char line[2048];
	char cell[512];
	int c;

	line[0] = '\0';
	for (c = 0; c < rep->ncols; c++) {
		report_cell_text(rep, r, c, cell, sizeof cell);
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "%s%s", c ? "|" : "", cell);
	}
	return line;
}

static const char *
head_text(const struct report *rep)
{
	static char line[2048];
	int c;

	line[0] = '\0';
	for (c = 0; c < rep->ncols; c++)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "%s%s", c ? "|" : "", rep->cols[c].name);
	return line;
}

static void
test_agents_per_rep_and_total(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct report *rep = run(f, &f->admin, "agents", MON, MON + 3 * DAY,
	    NULL);

	(void)fl;
	assert_string_equal(rep->title, "Agents, 2026-11-16 to 2026-11-18");
	assert_string_equal(head_text(rep), "Rep|Checked in|Paused|Pauses|"
	    "Calls|Connects|Contact rate|Conversions|Conversion rate|Talk|"
	    "Avg handle|Follow-ups on time|Follow-ups late|Follow-ups missed|"
	    "Occupancy");
	assert_int_equal(rep->nrows, 4);
	/*
	 * rep1 in: Mon 00:00-12:00 and 12:45-18:00, Tue 09:00-10:00 and
	 * 10:10-17:00: 43200 + 18900 + 3600 + 24600 = 90300 s; talk 420 s,
	 * 4 calls (105 s each), 2 connects, 1 conversion (of 2 connects);
	 * occupancy 420 / 90300 = 0.4%.
	 */
	assert_string_equal(row_text(rep, 0), "rep1|25:05:00|0:55:00|"
	    "Lunch 0:45:00, Short break 0:10:00|4|2|50.0%|1|50.0%|0:07:00|"
	    "0:01:45|1|1|1|0.4%");
	/* rep2 in Wed 09:00-10:00, then paused to the period's end: 14 h. */
	assert_string_equal(row_text(rep, 1), "rep2|1:00:00|14:00:00|"
	    "Meeting 14:00:00|3|2|66.6%|0|0.0%|0:04:50|0:01:36|0|0|1|8.0%");
	/* Never checked in: no occupancy to show. */
	assert_string_equal(row_text(rep, 2), "rep3|0:00:00|0:00:00||1|1|"
	    "100.0%|1|100.0%|0:10:00|0:10:00|0|0|0|-");
	assert_int_equal(rep->total, 1);
	/* 5 connects of 8 calls; 2 conversions of 5 connects; 1310 s talk. */
	assert_string_equal(row_text(rep, 3), "Total|26:05:00|14:55:00|"
	    "Lunch 0:45:00, Short break 0:10:00, Meeting 14:00:00|8|5|62.5%|"
	    "2|40.0%|0:21:50|0:02:43|1|1|2|1.3%");
	assert_int_equal(rep->chart, CHART_BARS);
	assert_int_equal(rep->chart_from, 4);
	report_free(rep);
}

static void
test_agents_scopes_and_filters(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct report_query q = { 0 };
	struct report *rep;
	struct err err = { 0 };

	/* A team lead sees their team; a rep themselves. */
	rep = run(f, &fl.lead, "agents", MON, MON + 3 * DAY, NULL);
	assert_int_equal(rep->nrows, 3);
	assert_string_equal(row_text(rep, 1), "rep2|1:00:00|14:00:00|"
	    "Meeting 14:00:00|3|2|66.6%|0|0.0%|0:04:50|0:01:36|0|0|1|8.0%");
	assert_int_equal(REPORT_CELL(rep, 2, 4)->n, 7);
	report_free(rep);
	rep = run(f, &fl.rep2, "agents", MON, MON + 3 * DAY, NULL);
	assert_int_equal(rep->nrows, 2);
	assert_string_equal(row_text(rep, 0), "rep2|1:00:00|14:00:00|"
	    "Meeting 14:00:00|3|2|66.6%|0|0.0%|0:04:50|0:01:36|0|0|1|8.0%");
	report_free(rep);
	/* A rep naming another rep gets 77 and no report. */
	q.from = MON;
	q.to = MON + 3 * DAY;
	q.rep = "rep1";
	assert_int_equal(store_report(f->st, &fl.rep2, report_find("agents"),
	    &q, &rep, &err), EX_NOPERM);
	assert_null(rep);
	/* The India region: its calls only, one each. */
	q.rep = NULL;
	q.region = "India";
	memset(&err, 0, sizeof err);
	assert_int_equal(store_report(f->st, &f->admin, report_find("agents"),
	    &q, &rep, &err), 0);
	assert_int_equal(REPORT_CELL(rep, 0, 4)->n, 1);
	assert_int_equal(REPORT_CELL(rep, 1, 4)->n, 1);
	assert_int_equal(REPORT_CELL(rep, 2, 4)->n, 1);
	assert_int_equal(REPORT_CELL(rep, 3, 4)->n, 3);
	assert_int_equal(REPORT_CELL(rep, 3, 5)->n, 1);
	report_free(rep);
}

/* My day: rep3 in since 08:00 today, counted to now (10:00), not to 24:00. */
static void
test_agents_today_counts_to_now(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	time_t today = FIXTURE_NOW - 10 * HOUR;
	struct report *rep;

	attend(f, &fl.rep3, today + 8 * HOUR, ATT_IN, NULL);
	now_set(FIXTURE_NOW);
	rep = run(f, &fl.rep3, "agents", today, today + DAY, NULL);
	assert_int_equal(rep->nrows, 2);
	assert_string_equal(row_text(rep, 0), "rep3|2:00:00|0:00:00||0|0|-|"
	    "0|-|0:00:00|-|0|0|0|0.0%");
	report_free(rep);
}

static void
test_dispositions_by_rep_and_day(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct report *rep = run(f, &f->admin, "dispositions", MON,
	    MON + 3 * DAY, NULL);

	(void)fl;
	assert_string_equal(rep->title,
	    "Dispositions by rep, 2026-11-16 to 2026-11-18");
	assert_string_equal(head_text(rep), "Rep|No answer|Busy|Wrong number|"
	    "Not interested|Interested|Callback requested|Qualified|Converted|"
	    "Do not call|Total|No answer %|Busy %|Wrong number %|"
	    "Not interested %|Interested %|Callback requested %|Qualified %|"
	    "Converted %|Do not call %");
	assert_int_equal(rep->nrows, 4);
	assert_string_equal(row_text(rep, 0), "rep1|1|1|0|0|1|0|0|1|0|4|"
	    "25.0%|25.0%|0.0%|0.0%|25.0%|0.0%|0.0%|25.0%|0.0%");
	assert_string_equal(row_text(rep, 1), "rep2|0|0|1|1|0|0|1|0|0|3|"
	    "0.0%|0.0%|33.3%|33.3%|0.0%|0.0%|33.3%|0.0%|0.0%");
	assert_string_equal(row_text(rep, 2), "rep3|0|0|0|0|0|0|0|1|0|1|"
	    "0.0%|0.0%|0.0%|0.0%|0.0%|0.0%|0.0%|100.0%|0.0%");
	assert_string_equal(row_text(rep, 3), "Total|1|1|1|1|1|0|1|2|0|8|"
	    "12.5%|12.5%|12.5%|12.5%|12.5%|0.0%|12.5%|25.0%|0.0%");
	assert_int_equal(rep->total, 1);
	assert_int_equal(rep->chart, CHART_STACKED);
	assert_int_equal(rep->chart_from, 1);
	assert_int_equal(rep->chart_to, 9);
	report_free(rep);

	rep = run(f, &f->admin, "dispositions", MON, MON + 3 * DAY, "day");
	assert_string_equal(rep->cols[0].name, "Day");
	assert_int_equal(rep->nrows, 4);
	assert_string_equal(row_text(rep, 0), "2026-11-16|1|0|0|1|1|0|1|0|0|4|"
	    "25.0%|0.0%|0.0%|25.0%|25.0%|0.0%|25.0%|0.0%|0.0%");
	assert_string_equal(row_text(rep, 1), "2026-11-17|0|1|0|0|0|0|0|2|0|3|"
	    "0.0%|33.3%|0.0%|0.0%|0.0%|0.0%|0.0%|66.6%|0.0%");
	assert_string_equal(row_text(rep, 2), "2026-11-18|0|0|1|0|0|0|0|0|0|1|"
	    "0.0%|0.0%|100.0%|0.0%|0.0%|0.0%|0.0%|0.0%|0.0%");
	report_free(rep);

	rep = run(f, &f->admin, "dispositions", MON, MON + 3 * DAY, "region");
	assert_int_equal(rep->nrows, 3);
	assert_string_equal(row_text(rep, 0), "East|1|0|0|1|1|0|1|1|0|5|"
	    "20.0%|0.0%|0.0%|20.0%|20.0%|0.0%|20.0%|20.0%|0.0%");
	assert_string_equal(row_text(rep, 1), "India|0|1|1|0|0|0|0|1|0|3|"
	    "0.0%|33.3%|33.3%|0.0%|0.0%|0.0%|0.0%|33.3%|0.0%");
	report_free(rep);

	/* No lead has a source: one row for them, then the total. */
	rep = run(f, &f->admin, "dispositions", MON, MON + 3 * DAY, "source");
	assert_int_equal(rep->nrows, 2);
	assert_string_equal(rep->cols[0].name, "Source");
	assert_string_equal(row_text(rep, 0), "(none)|1|1|1|1|1|0|1|2|0|8|"
	    "12.5%|12.5%|12.5%|12.5%|12.5%|0.0%|12.5%|25.0%|0.0%");
	report_free(rep);
}

static void
test_trend_per_day(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct report *rep = run(f, &f->admin, "trend", MON, MON + 3 * DAY,
	    NULL);

	(void)fl;
	assert_string_equal(head_text(rep), "Rep|Calls by day|"
	    "Connects by day|Conversions by day|Calls|Connects|Conversions");
	assert_int_equal(rep->nrows, 4);
	assert_string_equal(row_text(rep, 0), "rep1|2 2 0|1 1 0|0 1 0|4|2|1");
	assert_string_equal(row_text(rep, 1), "rep2|2 0 1|2 0 0|0 0 0|3|2|0");
	assert_string_equal(row_text(rep, 2), "rep3|0 1 0|0 1 0|0 1 0|1|1|1");
	assert_string_equal(row_text(rep, 3), "Floor|4 3 1|3 2 0|0 2 0|8|5|2");
	assert_int_equal(rep->total, 1);
	assert_int_equal(rep->chart, CHART_SPARK);
	report_free(rep);

	/* 40 days ending Thu: the last 30, rep3's Thursday call on the last. */
	rep = run(f, &f->admin, "trend", MON + 4 * DAY - 40 * DAY,
	    MON + 4 * DAY, NULL);
	assert_string_equal(rep->title, "Trend, 2026-10-21 to 2026-11-19 "
	    "(the period's last 30 days)");
	assert_int_equal(REPORT_CELL(rep, 3, 1)->nseries, 30);
	assert_int_equal(REPORT_CELL(rep, 3, 1)->series[29], 1);
	assert_int_equal(REPORT_CELL(rep, 3, 1)->series[26], 4);
	assert_int_equal(REPORT_CELL(rep, 3, 4)->n, 9);
	report_free(rep);
}

static void
test_hours_in_the_leads_zone(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct report *rep = run(f, &f->admin, "hours", MON, MON + 3 * DAY,
	    NULL);

	(void)fl;
	assert_string_equal(head_text(rep), "Day|08|09|10|11|12|13|14|15|16|"
	    "17|18|19|20|Calls|Connect rate");
	assert_int_equal(rep->nrows, 7);
	/* New York is 5 h behind in November; Kolkata 5:30 ahead. */
	assert_string_equal(row_text(rep, 0),
	    "Mon|100.0%|0.0%|100.0%|-|-|-|-|-|-|-|-|-|-|3|66.6%");
	/* 21:30 in Kolkata is past the columns, but in the day's figures. */
	assert_string_equal(row_text(rep, 1),
	    "Tue|-|-|100.0%|-|-|-|-|100.0%|-|-|-|-|-|3|66.6%");
	assert_string_equal(row_text(rep, 2),
	    "Wed|-|-|-|-|-|-|-|-|-|-|-|0.0%|-|1|0.0%");
	assert_string_equal(row_text(rep, 3),
	    "Thu|-|-|-|-|-|-|-|-|-|-|-|-|-|0|-");
	/* Monday 01:00 UTC is Sunday 20:00 in New York. */
	assert_string_equal(row_text(rep, 6),
	    "Sun|-|-|-|-|-|-|-|-|-|-|-|-|100.0%|1|100.0%");
	assert_int_equal(rep->chart, CHART_HEAT);
	assert_int_equal(rep->chart_from, 1);
	assert_int_equal(rep->chart_to, 13);
	report_free(rep);
}

/* Across the end of daylight saving (New York, Sun 2026-11-01 06:00 UTC). */
static void
test_hours_across_a_clock_change(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	int64_t id = lead_add(f, "L11", "+13055550111", "East", "rep1");
	time_t sat = MON - 16 * DAY;	/* 2026-10-31, New York at -4 */
	struct report *rep;

	call(f, &fl.rep1, id, sat + 14 * HOUR, "Busy", 0);	  /* 10:00 */
	call(f, &fl.rep1, id, sat + DAY + 14 * HOUR, "Qualified", 9);/* 09:00 */
	rep = run(f, &f->admin, "hours", sat, sat + 2 * DAY, NULL);
	assert_string_equal(row_text(rep, 5),
	    "Sat|-|-|0.0%|-|-|-|-|-|-|-|-|-|-|1|0.0%");
	assert_string_equal(row_text(rep, 6),
	    "Sun|-|100.0%|-|-|-|-|-|-|-|-|-|-|-|1|100.0%");
	report_free(rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_agents_per_rep_and_total,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_agents_scopes_and_filters,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_agents_today_counts_to_now,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_dispositions_by_rep_and_day, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_trend_per_day,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_hours_in_the_leads_zone,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_hours_across_a_clock_change, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
