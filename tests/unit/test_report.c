/*
 * Reports around their bodies: whose figures a body is asked for (a rep
 * their own, a team lead their team's, analysts and admins anyone's), the
 * filters refused before a body runs, and a report written out as a
 * table, CSV and JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "callq/report_out.h"
#include "fixture.h"
#include "../../src/store/reportint.h"

/* The scope the probe body was last run with, and how often it ran. */
static struct report_scope seen;
static int runs;

static const struct report_col probe_cols[] = {
	{ "rep", RK_TEXT }, { "calls", RK_INT },
};

static int
probe_run(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	int r;

	(void)st;
	seen = *sc;
	runs++;
	if (report_begin(rep, "Probe", sc, probe_cols, 2, err) != 0 ||
	    (r = report_row_add(rep, err)) < 0 ||
	    report_set_text(rep, r, 0, "someone", err) != 0)
		return err->status;
	REPORT_CELL(rep, r, 1)->n = 1;
	return 0;
}

static const char *const probe_by[] = { "rep", "day", NULL };
static const struct report_def probe = { "probe", "Probe", "a test body",
	probe_by, "today", probe_run };

struct floor {
	struct actor leada, repa, repb, ana, reco;
	int64_t      team_a, team_b;
};

static void
floor_make(struct fixture *f, struct floor *fl)
{
	fl->leada = fixture_user(f, "leada", ROLE_LEAD, "A", NULL);
	fl->repa = fixture_user(f, "repa", ROLE_REP, "A", NULL);
	fl->repb = fixture_user(f, "repb", ROLE_REP, "B", NULL);
	fl->ana = fixture_user(f, "ana", ROLE_ANALYST, NULL, NULL);
	fl->reco = fixture_user(f, "reco", ROLE_RECOVERY, NULL, NULL);
	fl->team_a = fixture_count(f, "SELECT id FROM teams WHERE name = 'A'");
	fl->team_b = fixture_count(f, "SELECT id FROM teams WHERE name = 'B'");
	fixture_region(f, "East", "US");
}

/* Runs probe for who with the filters given; returns the status. */
static int
ask(struct fixture *f, const struct actor *who, const char *team,
    const char *rep, struct err *err)
{
	struct report_query q = { FIXTURE_NOW - 3600, FIXTURE_NOW + 3600,
	    team, rep, NULL, NULL, 0, NULL, FIXTURE_NOW };
	struct report *out = (struct report *)&q;
	int rc;

	memset(err, 0, sizeof *err);
	memset(&seen, 0, sizeof seen);
	rc = store_report(f->st, who, &probe, &q, &out, err);
	if (rc != 0)
		assert_null(out);
	report_free(out);
	return rc;
}

/* A refusal: status, nothing run, and the sentence holding what. */
static void
refused(struct fixture *f, const struct actor *who, const char *team,
    const char *rep, int status, const char *what)
{
	int before = runs;
	struct err err;

	assert_int_equal(ask(f, who, team, rep, &err), status);
	assert_int_equal(runs, before);
	if (strstr(err.msg, what) == NULL)
		fail_msg("told '%s', without '%s'", err.msg, what);
}

static void
test_report_rep_scope(void **state)
{
	struct fixture *f = *state;
	struct floor fl;
	struct err err;

	floor_make(f, &fl);
	/* A rep gets their own figures without asking... */
	assert_int_equal(ask(f, &fl.repa, NULL, NULL, &err), 0);
	assert_int_equal(seen.user_id, fl.repa.id);
	assert_int_equal(seen.team_id, 0);
	assert_int_equal(ask(f, &fl.repa, NULL, "repa", &err), 0);
	assert_int_equal(seen.user_id, fl.repa.id);
	/* ...and nobody else's, nor a team's, their own team's included. */
	refused(f, &fl.repa, NULL, "repb", EX_NOPERM,
	    "repa is a rep and may read only their own figures");
	refused(f, &fl.repa, NULL, "leada", EX_NOPERM, "their own");
	refused(f, &fl.repa, "A", NULL, EX_NOPERM, "their own");
	refused(f, &fl.repa, "B", "repa", EX_NOPERM, "their own");
	/* A recovery agent reads as a rep does. */
	assert_int_equal(ask(f, &fl.reco, NULL, NULL, &err), 0);
	assert_int_equal(seen.user_id, fl.reco.id);
	refused(f, &fl.reco, NULL, "repa", EX_NOPERM, "their own");
}

static void
test_report_lead_scope(void **state)
{
	struct fixture *f = *state;
	struct floor fl;
	struct err err;

	floor_make(f, &fl);
	assert_int_equal(ask(f, &fl.leada, NULL, NULL, &err), 0);
	assert_int_equal(seen.team_id, fl.team_a);
	assert_int_equal(seen.user_id, 0);
	assert_int_equal(ask(f, &fl.leada, "A", "repa", &err), 0);
	assert_int_equal(seen.team_id, fl.team_a);
	assert_int_equal(seen.user_id, fl.repa.id);
	refused(f, &fl.leada, "B", NULL, EX_NOPERM,
	    "leada is a team lead and may read only their team's figures");
	refused(f, &fl.leada, NULL, "repb", EX_NOPERM, "their team's");
	refused(f, &fl.leada, NULL, "ana", EX_NOPERM, "their team's");
}

static void
test_report_floor_scope(void **state)
{
	struct fixture *f = *state;
	const struct actor *readers[2];
	struct floor fl;
	struct err err;
	int i;

	floor_make(f, &fl);
	readers[0] = &fl.ana;
	readers[1] = &f->admin;
	for (i = 0; i < 2; i++) {
		assert_int_equal(ask(f, readers[i], NULL, NULL, &err), 0);
		assert_true(seen.team_id == 0 && seen.user_id == 0);
		assert_int_equal(ask(f, readers[i], "B", NULL, &err), 0);
		assert_int_equal(seen.team_id, fl.team_b);
		assert_int_equal(ask(f, readers[i], NULL, "repa", &err), 0);
		assert_int_equal(seen.user_id, fl.repa.id);
	}
}

static void
test_report_filters_refused(void **state)
{
	struct fixture *f = *state;
	struct report_query q = { FIXTURE_NOW - 3600, FIXTURE_NOW + 3600,
	    NULL, NULL, NULL, NULL, 0, NULL, FIXTURE_NOW };
	struct report *out;
	struct floor fl;
	struct err err = { 0, "" };
	int before;

	floor_make(f, &fl);
	refused(f, &fl.ana, "Z", NULL, EX_DATAERR, "there is no team 'Z'");
	refused(f, &fl.ana, NULL, "ghost", EX_DATAERR,
	    "there is no user 'ghost'");
	/* An unknown team is unknown to a rep too, before their scope. */
	refused(f, &fl.repa, "Z", NULL, EX_DATAERR, "no team 'Z'");
	before = runs;
	q.region = "West";
	assert_int_equal(store_report(f->st, &fl.ana, &probe, &q, &out, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "there is no region 'West'"));
	q.region = "East";
	q.source = "Carrier pigeon";
	memset(&err, 0, sizeof err);
	assert_int_equal(store_report(f->st, &fl.ana, &probe, &q, &out, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "no source 'Carrier pigeon'"));
	q.source = NULL;
	q.batch = 99;
	memset(&err, 0, sizeof err);
	assert_int_equal(store_report(f->st, &fl.ana, &probe, &q, &out, &err),
	    EX_DATAERR);
	assert_string_equal(err.msg, "there is no import batch 99; see callq "
	    "batch list");
	q.batch = 0;
	q.by = "region";
	memset(&err, 0, sizeof err);
	assert_int_equal(store_report(f->st, &fl.ana, &probe, &q, &out, &err),
	    EX_USAGE);
	assert_non_null(strstr(err.msg, "use one of: rep, day"));
	q.by = NULL;
	q.to = q.from;
	memset(&err, 0, sizeof err);
	assert_int_equal(store_report(f->st, &fl.ana, &probe, &q, &out, &err),
	    EX_USAGE);
	assert_int_equal(runs, before);
	/* With no --by, a body is given its first grouping. */
	q.to = q.from + 3600;
	memset(&err, 0, sizeof err);
	assert_int_equal(store_report(f->st, &fl.ana, &probe, &q, &out, &err),
	    0);
	assert_string_equal(seen.by, "rep");
	assert_int_equal(seen.region_id, fixture_count(f,
	    "SELECT id FROM regions WHERE name = 'East'"));
	report_free(out);
}

static const struct report_col out_cols[] = {
	{ "rep", RK_TEXT }, { "calls", RK_INT }, { "value", RK_CENTS },
	{ "talk", RK_SECONDS }, { "rate", RK_PERMILLE },
	{ "first in", RK_TIME }, { "trend", RK_SERIES },
};

/* Three rows, the last a total: text users wrote, and every kind. */
static struct report *
out_report(void)
{
	static const long long rows[3][6] = {
		{ 12, 175000, 3723, 417, 1795449600, 0 },
		{ 3, 0, 59, -1, 0, 0 },
		{ 15, 175000, 3782, 400, 0, 0 },
	};
	static const char *const names[3] = { "alice", "=HYPERLINK(\"x\")",
	    "Total" };
	static const long long series[] = { 1, 0, 11 };
	struct report_scope sc = { 0 };
	struct report *rep = calloc(1, sizeof *rep);
	struct err err = { 0, "" };
	int r, c;

	sc.from = 1795392000;	/* 2026-11-23 */
	sc.to = sc.from + 86400;
	assert_non_null(rep);
	assert_int_equal(report_begin(rep, "Probe", &sc, out_cols, 7, &err),
	    0);
	for (r = 0; r < 3; r++) {
		assert_int_equal(report_row_add(rep, &err), r);
		assert_int_equal(report_set_text(rep, r, 0, names[r], &err), 0);
		for (c = 1; c < 6; c++) {
			REPORT_CELL(rep, r, c)->n = rows[r][c - 1];
			REPORT_CELL(rep, r, c)->empty = rows[r][c - 1] < 0;
		}
		assert_int_equal(report_set_series(rep, r, 6, series, r + 1,
		    &err), 0);
	}
	rep->total = 1;
	return rep;
}

static char *
written(const struct report *rep, enum report_format format)
{
	FILE *out = tmpfile();
	char *text;
	long size;

	assert_non_null(out);
	assert_int_equal(report_write(out, rep, format), 0);
	size = ftell(out);
	rewind(out);
	text = calloc(1, (size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, out), (size_t)size);
	fclose(out);
	return text;
}

static void
test_report_table(void **state)
{
	struct report *rep = out_report();
	char *text;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	text = written(rep, REPORT_TABLE);
	assert_string_equal(text,
	    "Probe, 2026-11-23\n"
	    "\n"
	    "rep              calls    value     talk   rate  first in"
	    "          trend\n"
	    "alice               12  1750.00  1:02:03  41.7%  2026-11-23 16:00"
	    "  1\n"
	    "=HYPERLINK(\"x\")      3     0.00  0:00:59      -                  "
	    "  1 0\n"
	    "-----------------------------------------------------------------"
	    "--------\n"
	    "Total               15  1750.00  1:03:02  40.0%                  "
	    "  1 0 11\n");
	free(text);
	/* A row whose last cells are empty ends where its text does. */
	REPORT_CELL(rep, 1, 6)->nseries = 0;
	text = written(rep, REPORT_TABLE);
	assert_non_null(strstr(text, "\n=HYPERLINK(\"x\")      3     0.00  "
	    "0:00:59      -\n"));
	free(text);
	report_free(rep);
}

static void
test_report_csv(void **state)
{
	struct report *rep = out_report();
	char *text;

	(void)state;
	setenv("TZ", "America/New_York", 1);
	tzset();
	text = written(rep, REPORT_CSV);
	/* A formula is neutralized; a time is ISO 8601 with its offset. */
	assert_string_equal(text,
	    "rep,calls,value,talk,rate,first in,trend\r\n"
	    "alice,12,1750.00,1:02:03,41.7%,2026-11-23T11:00:00-05:00,1\r\n"
	    "\"'=HYPERLINK(\"\"x\"\")\",3,0.00,0:00:59,-,,1 0\r\n"
	    "Total,15,1750.00,1:03:02,40.0%,,1 0 11\r\n");
	free(text);
	report_free(rep);
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_report_json(void **state)
{
	struct report *rep = out_report();
	char *text;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	report_set_text(rep, 0, 0, "al\x1b[2Jice", &(struct err){ 0, "" });
	text = written(rep, REPORT_JSON);
	assert_string_equal(text,
	    "{\"title\":\"Probe, 2026-11-23\",\"columns\":["
	    "{\"name\":\"rep\",\"type\":\"text\"},"
	    "{\"name\":\"calls\",\"type\":\"count\"},"
	    "{\"name\":\"value\",\"type\":\"cents\"},"
	    "{\"name\":\"talk\",\"type\":\"seconds\"},"
	    "{\"name\":\"rate\",\"type\":\"permille\"},"
	    "{\"name\":\"first in\",\"type\":\"time\"},"
	    "{\"name\":\"trend\",\"type\":\"series\"}],\"rows\":[\n"
	    "{\"rep\":\"al\\u001b[2Jice\",\"calls\":12,\"value\":175000,"
	    "\"talk\":3723,\"rate\":417,"
	    "\"first in\":\"2026-11-23T16:00:00+00:00\",\"trend\":[1]},\n"
	    "{\"rep\":\"=HYPERLINK(\\\"x\\\")\",\"calls\":3,\"value\":0,"
	    "\"talk\":59,\"rate\":null,\"first in\":null,\"trend\":[1,0]},\n"
	    "{\"rep\":\"Total\",\"calls\":15,\"value\":175000,\"talk\":3782,"
	    "\"rate\":400,\"first in\":null,\"trend\":[1,0,11],"
	    "\"total\":true}]}\n");
	free(text);
	/* On a terminal's table, the escape is shown, never sent. */
	text = written(rep, REPORT_TABLE);
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "al?[2Jice"));
	free(text);
	report_free(rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_report_rep_scope,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_report_lead_scope,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_report_floor_scope,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_report_filters_refused,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test(test_report_table),
		cmocka_unit_test(test_report_csv),
		cmocka_unit_test(test_report_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
