/*
 * The lists, funnel, attendance and imports reports on a small floor
 * built through the store, each cell checked against figures worked out
 * by hand (in the comments).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/attendance.h"
#include "callq/call.h"
#include "callq/dnc.h"
#include "callq/import.h"
#include "callq/report.h"
#include "callq/stage.h"
#include "fixture.h"

#define HOUR 3600
#define DAY 86400
/* Thursday 2026-11-19 10:00 UTC: the main floor's leads are made then. */
#define T0 (FIXTURE_NOW - 3 * DAY)
/* The main period: 2026-11-18 00:00 to 2026-11-22 00:00 UTC. */
#define FROM (FIXTURE_NOW - 4 * DAY - 10 * HOUR)
#define TO (FIXTURE_NOW - 10 * HOUR)
/* The import's day, well before the main period. */
#define T_IMPORT (FIXTURE_NOW - 20 * DAY)

static void
at(time_t t)
{
	char s[32];

	snprintf(s, sizeof s, "%lld", (long long)t);
	setenv("CALLQ_NOW", s, 1);
}

static void
call(struct fixture *f, const struct actor *who, int64_t lead,
    const char *disposition, time_t when)
{
	struct call_log log = { .lead_id = lead, .disposition = disposition };
	struct call_result res;
	struct err err = { 0 };

	if (strcmp(disposition, "Interested") == 0)
		log.interest = 3;
	at(when);
	if (store_call_log(f->st, who, &log, &res, &err) != 0)
		fail_msg("call %s on lead %lld: %s", disposition,
		    (long long)lead, err.msg);
}

static void
attend(struct fixture *f, const struct actor *who, enum attendance state,
    const char *reason, time_t when)
{
	struct err err = { 0 };

	at(when);
	if (store_attendance_set(f->st, who, state, reason, &err) != 0)
		fail_msg("attendance: %s", err.msg);
}

static int64_t
lead(struct fixture *f, const char *name, const char *region,
    const char *phone, time_t when)
{
	char n[64], r[64], p[64];
	struct err err;
	int64_t id;

	snprintf(n, sizeof n, "name=%s", name);
	snprintf(r, sizeof r, "region=%s", region);
	snprintf(p, sizeof p, "phone=%s", phone);
	at(when);
	id = fixture_lead(f, &f->admin, &err, n, r, p, "owner=ann", NULL);
	if (id == 0)
		fail_msg("lead %s: %s", name, err.msg);
	return id;
}

/*
 * The floor. North is London (10:00 at FIXTURE_NOW: inside calling
 * hours), South New York (05:00: outside). Leads L1..L7 are made at T0,
 * L8 before the period.
 */
static struct actor
floor_build(struct fixture *f)
{
	const char *dnc[] = { "+442079460003" };
	struct stage_move move = { .stage = "Qualified" };
	enum stage_needs needs;
	struct actor ann;
	struct err err = { 0 };
	int64_t l[9];
	size_t added;
	int i;

	fixture_region(f, "North", "GB");
	fixture_region(f, "South", "US");
	ann = fixture_user(f, "ann", ROLE_REP, NULL, "North,South");
	l[1] = lead(f, "L1", "North", "+442079460001", T0);
	l[2] = lead(f, "L2", "North", "+442079460002", T0);
	l[3] = lead(f, "L3", "North", "+442079460003", T0);
	l[4] = lead(f, "L4", "North", "+442079460004", T0);
	l[5] = lead(f, "L5", "North", "+442079460005", T0);
	l[6] = lead(f, "L6", "South", "+12125550106", T0);
	l[7] = lead(f, "L7", "South", "+12125550107", T0);
	l[8] = lead(f, "L8", "South", "+12125550108", FIXTURE_NOW - 10 * DAY);
	at(T0);
	assert_int_equal(store_dnc_add(f->st, &f->admin, dnc, 1, NULL, &added,
	    &err), 0);
	call(f, &ann, l[1], "No answer", T0 + HOUR);
	call(f, &ann, l[2], "Converted", T0 + HOUR);
	for (i = 0; i < 6; i++)		/* max_attempts: 6 */
		call(f, &ann, l[4], "No answer", T0 + HOUR);
	call(f, &ann, l[1], "Interested", T0 + 5 * HOUR);
	call(f, &ann, l[7], "Not interested", T0 + 5 * HOUR);
	call(f, &ann, l[8], "No answer", FIXTURE_NOW - 9 * DAY);
	move.lead_id = l[5];
	at(T0 + 5 * HOUR);
	assert_int_equal(store_lead_stage_set(f->st, &f->admin, &move, &needs,
	    &err), 0);
	at(FIXTURE_NOW);
	return ann;
}

static struct report *
run(struct fixture *f, const struct actor *who, const char *name,
    const char *by, time_t from, time_t to)
{
	struct report_query q = { .from = from, .to = to, .by = by,
	    .now = FIXTURE_NOW };
	struct report *rep;
	struct err err = { 0 };

	if (store_report(f->st, who, report_find(name), &q, &rep, &err) != 0)
		fail_msg("report %s: %s", name, err.msg);
	return rep;
}

/* Row r as its cells' text joined by "|". */
static void
assert_row(const struct report *rep, int r, const char *want)
{
	char got[1024] = "", cell[256];
	int c;

	assert_true(r < rep->nrows);
	for (c = 0; c < rep->ncols; c++) {
		report_cell_text(rep, r, c, cell, sizeof cell);
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
		    c ? "|" : "", cell);
	}
	assert_string_equal(got, want);
}

static void
assert_header(const struct report *rep, const char *want)
{
	char got[512] = "";
	int c;

	for (c = 0; c < rep->ncols; c++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
		    c ? "|" : "", rep->cols[c].name);
	assert_string_equal(got, want);
}

/*
 * North: L1..L5; attempted L1 L2 L4; contacted L1 (Interested) L2;
 * converted L2; lost L4 (exhausted); DNC L3; callable L1 L5 (London is
 * open; L3 is on DNC). South: L6 L7 (L8 is older); attempted and
 * contacted L7 (Not interested), lost L7; New York is closed, so none
 * callable. Penetration 3/5, 1/2, 4/7.
 */
static void
test_lists_by_region(void **state)
{
	struct fixture *f = *state;
	struct report *rep;

	floor_build(f);
	rep = run(f, &f->admin, "lists", NULL, FROM, TO);
	assert_header(rep, "region|leads|attempted|contacted|converted|lost|"
	    "dnc|exhausted|callable|penetration");
	assert_int_equal(rep->nrows, 3);
	assert_row(rep, 0, "North|5|3|2|1|1|1|1|2|60.0%");
	assert_row(rep, 1, "South|2|1|1|0|1|0|0|0|50.0%");
	assert_row(rep, 2, "Total|7|4|3|1|2|1|1|2|57.1%");
	assert_true(rep->total);
	assert_int_equal(rep->chart, CHART_BARS);
	report_free(rep);
}

/* The rep sees only the leads she owns: all of them here but none new. */
static void
test_lists_scope_and_filters(void **state)
{
	struct fixture *f = *state;
	struct report_query q = { .from = FROM, .to = TO, .region = "South",
	    .now = FIXTURE_NOW };
	struct actor ann, bob;
	struct report *rep;
	struct err err = { 0 };

	ann = floor_build(f);
	bob = fixture_user(f, "bob", ROLE_REP, NULL, "North");
	assert_int_equal(store_report(f->st, &ann, report_find("lists"), &q,
	    &rep, &err), 0);
	assert_int_equal(rep->nrows, 2);
	assert_row(rep, 0, "South|2|1|1|0|1|0|0|0|50.0%");
	report_free(rep);
	q.region = NULL;
	assert_int_equal(store_report(f->st, &bob, report_find("lists"), &q,
	    &rep, &err), 0);
	assert_int_equal(rep->nrows, 1);
	assert_row(rep, 0, "Total|0|0|0|0|0|0|0|0|-");
	report_free(rep);
}

/*
 * Entered: Prospect L1..L7 (made in the period); Contacted L1 L4 (their
 * first No answer); Interested L1; Qualified L5 (moved); Won L2; Lost L4
 * L7. Prospect was left after 1h (L1 L2 L4) and 5h (L5 L7): 2.6h, 0.1
 * days on average; Contacted after 4h (L1) and 0 (L4): 2h, 0.1 days.
 */
static void
test_funnel(void **state)
{
	struct fixture *f = *state;
	struct report *rep;

	floor_build(f);
	rep = run(f, &f->admin, "funnel", NULL, FROM, TO);
	assert_header(rep, "stage|entered|to next|avg days in");
	assert_int_equal(rep->nrows, 9);
	assert_row(rep, 0, "Prospect|7|28.5%|0.1");
	assert_row(rep, 1, "Contacted|2|50.0%|0.1");
	assert_row(rep, 2, "Interested|1|100.0%|-");
	assert_row(rep, 3, "Qualified|1|0.0%|-");
	assert_row(rep, 4, "Proposal|0|-|-");
	assert_row(rep, 5, "Won|1|-|-");
	assert_row(rep, 6, "Lost|2|-|-");
	assert_row(rep, 7, "lost: No contact after 6 attempts|1|-|-");
	assert_row(rep, 8, "lost: Not interested|1|-|-");
	assert_false(rep->total);
	report_free(rep);
}

/* Another rep owns none of those leads: her funnel is empty. */
static void
test_funnel_scope(void **state)
{
	struct fixture *f = *state;
	struct report_query q = { .from = FROM, .to = TO, .region = "South",
	    .now = FIXTURE_NOW };
	struct actor bob;
	struct report *rep;
	struct err err = { 0 };

	floor_build(f);
	bob = fixture_user(f, "bob", ROLE_REP, NULL, "North");
	rep = run(f, &bob, "funnel", NULL, FROM, TO);
	assert_int_equal(rep->nrows, 7);
	assert_row(rep, 0, "Prospect|0|-|-");
	assert_row(rep, 6, "Lost|0|-|-");
	report_free(rep);
	/* South: L6 and L7 made; L7 lost after 5h in Prospect. */
	assert_int_equal(store_report(f->st, &f->admin, report_find("funnel"),
	    &q, &rep, &err), 0);
	assert_int_equal(rep->nrows, 8);
	assert_row(rep, 0, "Prospect|2|0.0%|0.2");
	assert_row(rep, 6, "Lost|1|-|-");
	assert_row(rep, 7, "lost: Not interested|1|-|-");
	report_free(rep);
}

/*
 * ann, Thursday: in 09:00 to 17:00 (8h) with Lunch 12:00-13:12 (72m,
 * over its 60) and a Short break 15:00-15:10. Friday: 08:30-12:30.
 * bob: Friday 22:00 to Saturday 02:00, split at midnight.
 */
static void
test_attendance(void **state)
{
	struct fixture *f = *state;
	time_t thu = FIXTURE_NOW - 3 * DAY - 10 * HOUR, fri = thu + DAY;
	struct actor ann, bob;
	struct report *rep;

	ann = fixture_user(f, "ann", ROLE_REP, NULL, NULL);
	bob = fixture_user(f, "bob", ROLE_REP, NULL, NULL);
	attend(f, &ann, ATT_IN, NULL, thu + 9 * HOUR);
	attend(f, &ann, ATT_PAUSED, "Lunch", thu + 12 * HOUR);
	attend(f, &ann, ATT_IN, NULL, thu + 13 * HOUR + 12 * 60);
	attend(f, &ann, ATT_PAUSED, "Short break", thu + 15 * HOUR);
	attend(f, &ann, ATT_IN, NULL, thu + 15 * HOUR + 10 * 60);
	attend(f, &ann, ATT_OUT, NULL, thu + 17 * HOUR);
	attend(f, &ann, ATT_IN, NULL, fri + 8 * HOUR + 30 * 60);
	attend(f, &ann, ATT_OUT, NULL, fri + 12 * HOUR + 30 * 60);
	attend(f, &bob, ATT_IN, NULL, fri + 22 * HOUR);
	attend(f, &bob, ATT_OUT, NULL, fri + 26 * HOUR);
	rep = run(f, &f->admin, "attendance", NULL, FROM, TO);
	assert_header(rep, "rep|day|first in|last out|time in|paused|"
	    "over limit|pauses");
	assert_int_equal(rep->nrows, 5);
	assert_row(rep, 0, "ann|2026-11-19|2026-11-19 09:00|2026-11-19 17:00|"
	    "8:00:00|1:22:00|1|Lunch 12:00 72m OVER 60, Short break 15:00 10m");
	assert_row(rep, 1, "ann|2026-11-20|2026-11-20 08:30|2026-11-20 12:30|"
	    "4:00:00|0:00:00|0|");
	assert_row(rep, 2, "bob|2026-11-20|2026-11-20 22:00|-|2:00:00|0:00:00|"
	    "0|");
	assert_row(rep, 3, "bob|2026-11-21|-|2026-11-21 02:00|2:00:00|0:00:00|"
	    "0|");
	assert_row(rep, 4, "Total||-|-|16:00:00|1:22:00|1|");
	report_free(rep);
	/* A rep reads only her own days. */
	rep = run(f, &bob, "attendance", NULL, FROM, TO);
	assert_int_equal(rep->nrows, 3);
	assert_row(rep, 2, "Total||-|-|4:00:00|0:00:00|0|");
	report_free(rep);
}

/*
 * One file: A and B are new, a second B is a duplicate, D is on the
 * do-not-call list, "12" is no number. A is converted since.
 */
static void
test_imports(void **state)
{
	struct fixture *f = *state;
	const char *dnc[] = { "+442079460099" };
	struct import_opts o = { .region = "West", .country = "GB",
	    .workers = 1 };
	struct import_result res;
	struct actor ann;
	struct report *rep;
	struct err err = { 0 };
	char path[160], want[256];
	size_t added;
	FILE *out;

	fixture_region(f, "West", "GB");
	ann = fixture_user(f, "ann", ROLE_REP, NULL, "West");
	snprintf(path, sizeof path, "%s/west.csv", f->dir);
	assert_non_null(out = fopen(path, "w"));
	fprintf(out, "Name,Formatted phone number\nA,+442079460101\n"
	    "B,+442079460102\nB again,+44 20 7946 0102\nD,+442079460099\n"
	    "E,12\n");
	assert_int_equal(fclose(out), 0);
	o.path = path;
	at(T_IMPORT);
	assert_int_equal(store_dnc_add(f->st, &f->admin, dnc, 1, NULL, &added,
	    &err), 0);
	assert_int_equal(import_run(f->st, &f->admin, &o, &res, &err), 0);
	call(f, &ann, fixture_count(f, "SELECT id FROM leads WHERE name = 'A'"),
	    "Converted", T_IMPORT + HOUR);
	rep = run(f, &f->admin, "imports", NULL, T_IMPORT - DAY,
	    T_IMPORT + DAY);
	assert_header(rep, "batch|file|region|started|rows|imported|"
	    "duplicates|dnc|rejected|attempted|contacted|converted|lost");
	assert_int_equal(rep->nrows, 2);
	snprintf(want, sizeof want, "1|%s|West|2026-11-02 10:00|5|2|1|1|1|1|"
	    "1|1|0", path);
	assert_row(rep, 0, want);
	assert_row(rep, 1, "-|Total||-|5|2|1|1|1|1|1|1|0");
	assert_int_equal(rep->chart, CHART_STACKED);
	report_free(rep);
	/* The same leads as a list, by batch. */
	rep = run(f, &f->admin, "lists", "batch", T_IMPORT - DAY,
	    T_IMPORT + DAY);
	snprintf(want, sizeof want, "#1 %s|2|1|1|1|0|0|0|1|50.0%%", path);
	assert_row(rep, 0, want);
	report_free(rep);
	/* Outside the period, nothing. */
	rep = run(f, &f->admin, "imports", NULL, FROM, TO);
	assert_int_equal(rep->nrows, 1);
	report_free(rep);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
    fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_lists_by_region),
		T(test_lists_scope_and_filters),
		T(test_funnel),
		T(test_funnel_scope),
		T(test_attendance),
		T(test_imports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
