/* The subcommands as a script sees them: output, formats, exit statuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <unistd.h>

#include "callq/cli.h"
#include "fixture.h"

static int quiet = -1;	/* /dev/null */

/* Runs `callq --as LOGIN words...`; returns the status, output in *out. */
static int
run(struct fixture *f, const char *as, char **out, ...)
{
	char *argv[32];
	int argc = 0, rc, saved;
	va_list ap;

	va_start(ap, out);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	/* The sentences on stderr are the store tests' business. */
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(quiet, STDERR_FILENO);
	fixture_capture_begin();
	rc = cli_run(f->path, as, NULL, argc, argv);
	*out = fixture_capture_end();
	dup2(saved, STDERR_FILENO);
	close(saved);
	return rc;
}

static void
seed(struct fixture *f)
{
	char *out;

	assert_int_equal(run(f, "boss", &out, "region", "add", "East",
	    "--country", "US", NULL), 0);
	free(out);
	assert_int_equal(run(f, "boss", &out, "user", "add", "rep1", "--role",
	    "rep", "--region", "East", NULL), 0);
	assert_string_equal(out, "added rep rep1 (rep1)\n");
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "add", "--name",
	    "Smith, Jones & \"Co\"", "--phone", "(305) 555-0142", "--country",
	    "us", "--region", "East", NULL), 0);
	assert_string_equal(out, "added lead 1\n");
	free(out);
}

static void
test_csv_has_header_and_quotes(void **state)
{
	struct fixture *f = *state;
	char *out;

	seed(f);
	assert_int_equal(run(f, "boss", &out, "lead", "list", "--format", "csv",
	    NULL), 0);
	assert_string_equal(out, "id,name,phone,phone_e164,region,country,"
	    "timezone,status,interest,owner,next_followup,customer_since\r\n"
	    "1,\"Smith, Jones & \"\"Co\"\"\",(305) 555-0142,+13055550142,East,"
	    "US,America/New_York,New,,,,\r\n");
	free(out);
}

static void
test_json_types(void **state)
{
	struct fixture *f = *state;
	char *out;

	seed(f);
	assert_int_equal(run(f, "boss", &out, "lead", "list", "--format",
	    "json", NULL), 0);
	assert_non_null(strstr(out, "[\n  {\"id\": 1, \"name\": "
	    "\"Smith, Jones & \\\"Co\\\"\", "));
	assert_non_null(strstr(out, "\"interest\": null, \"owner\": \"\""));
	assert_string_equal(out + strlen(out) - 4, "}\n]\n");
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "list", "--status",
	    "Lost", "--format", "json", NULL), 0);
	assert_string_equal(out, "[]\n");
	free(out);
}

static void
test_table_is_aligned(void **state)
{
	struct fixture *f = *state;
	char *out, *row;

	seed(f);
	assert_int_equal(run(f, "boss", &out, "user", "list", NULL), 0);
	row = strstr(out, "\nrep1");
	assert_non_null(row);
	/* The role column starts at the same place in header and rows. */
	assert_int_equal(strstr(out, "role") - out, strstr(row + 1, "rep ") -
	    (row + 1));
	free(out);
}

static void
test_usage_errors(void **state)
{
	struct fixture *f = *state;
	char *out;

	assert_int_equal(run(f, "boss", &out, "frobnicate", NULL), EX_USAGE);
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", NULL), EX_USAGE);
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "edit", "--name", "x",
	    NULL), EX_USAGE);
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "list", "--bogus", NULL),
	    EX_USAGE);
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "list", "--format", "xml",
	    NULL), EX_USAGE);
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "show", "abc", NULL),
	    EX_USAGE);
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "show", "99", NULL),
	    EX_NOINPUT);
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "list", "--limit", "ten",
	    NULL), EX_USAGE);
	free(out);
	assert_int_equal(run(f, "boss", &out, "log", "1", "--disposition",
	    "Busy", "--interest", "hot", NULL), EX_USAGE);
	free(out);
}

static void
test_help_lists_fields(void **state)
{
	struct fixture *f = *state;
	char *out;

	assert_int_equal(run(f, "boss", &out, "lead", "add", "--help", NULL),
	    0);
	assert_non_null(strstr(out, "usage: callq lead add --name NAME"));
	assert_non_null(strstr(out, "--postal-code"));
	assert_non_null(strstr(out, "--drop-reason"));
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "--help", NULL), 0);
	assert_non_null(strstr(out, "callq lead restore ID"));
	free(out);
}

static void
test_denied_is_77(void **state)
{
	struct fixture *f = *state;
	char *out;

	seed(f);
	assert_int_equal(run(f, "rep1", &out, "user", "add", "x", "--name", "X",
	    "--role", "admin", NULL), EX_NOPERM);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(run(f, "nobody", &out, "queue", NULL), EX_NOUSER);
	free(out);
}

static void
test_log_says_what_happened(void **state)
{
	struct fixture *f = *state;
	char *out;

	seed(f);
	assert_int_equal(run(f, "rep1", &out, "log", "1", "--disposition",
	    "no answer", NULL), 0);
	assert_string_equal(out, "logged No answer on lead 1; New -> CNP; "
	    "attempt 1 of 6\n");
	free(out);
	/* 15:00 is 10:00 in Miami, inside its calling hours. */
	assert_int_equal(run(f, "rep1", &out, "log", "1", "--disposition",
	    "Callback requested", "--followup", "tomorrow 15:00", NULL), 0);
	assert_string_equal(out, "logged Callback requested on lead 1; CNP -> "
	    "In Progress; follow-up Mon 15:00 (10:00 New York)\n");
	free(out);
	assert_int_equal(run(f, "rep1", &out, "followup", "add", "1",
	    "2026-01-01 10:00", NULL), EX_DATAERR);
	free(out);
	assert_int_equal(run(f, "rep1", &out, "followup", "add", "1", "soonish",
	    NULL), EX_USAGE);
	free(out);
	assert_int_equal(run(f, "rep1", &out, "followup", "list", "--format",
	    "csv", NULL), 0);
	assert_non_null(strstr(out, "\r\n1,1,\"Smith, Jones & \"\"Co\"\"\","
	    "+13055550142,2026-11-23T15:00:00+00:00,open,rep1,,10:00 New York,"
	    "\r\n"));
	free(out);
}

static void
test_queue_and_delete(void **state)
{
	struct fixture *f = *state;
	char *out;

	seed(f);
	setenv("CALLQ_NOW", "1795363200", 1);	/* 11:00 in New York */
	assert_int_equal(run(f, "rep1", &out, "queue", "--format", "csv", NULL),
	    0);
	assert_non_null(strstr(out, "\r\n1,"));
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "delete", "1", NULL), 0);
	free(out);
	assert_int_equal(run(f, "rep1", &out, "queue", "--format", "csv", NULL),
	    0);
	assert_string_equal(out, "id,name,phone,phone_e164,region,country,"
	    "timezone,status,interest,owner,next_followup,why\r\n");
	free(out);
	assert_int_equal(run(f, "boss", &out, "lead", "restore", "1", NULL), 0);
	free(out);
	assert_int_equal(run(f, "boss", &out, "audit", "list", "--entity",
	    "lead", "--format", "csv", NULL), 0);
	assert_non_null(strstr(out, ",boss,"));
	assert_non_null(strstr(out, ",lead,1,restore,"));
	assert_non_null(strstr(out, ",lead,1,delete,"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_csv_has_header_and_quotes),
		T(test_json_types),
		T(test_table_is_aligned),
		T(test_usage_errors),
		T(test_help_lists_fields),
		T(test_denied_is_77),
		T(test_log_says_what_happened),
		T(test_queue_and_delete),
#undef T
	};

	if ((quiet = open("/dev/null", O_WRONLY)) < 0)
		return 1;
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
