/*
 * The digest's parts without a network: users' e-mail and its checks,
 * the [mail] settings, the message as it goes to the server (headers,
 * line ends, nothing forged from user data), and a day's conversions,
 * missed follow-ups and alerts in each reader's scope.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/call.h"
#include "callq/daily.h"
#include "callq/dial.h"
#include "callq/followup.h"
#include "callq/settings.h"
#include "callq/smtp.h"
#include "callq/user.h"
#include "fixture.h"

static void
test_email_check_takes_addresses_only(void **state)
{
	static const char *const good[] = { "a@b.co", "tl1@floor.example",
	    "first.last+digest@mail.example.com" };
	static const char *const bad[] = { "", "plain", "@floor.example",
	    "tl1@", "a@b@c.d", "a@localhost", "tl 1@floor.example",
	    "tl1@floor.example\r\nBcc: x@evil.example", "\"q\"@floor.example",
	    "<tl1@floor.example>", "tl1@floor.example,x@evil.example",
	    "tl1@floor.éxample" };
	struct err err = { 0 };
	char longest[300];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(store_email_check(good[i], &err), 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(store_email_check(bad[i], &err), EX_DATAERR);
		assert_non_null(strstr(err.msg, "name@example.com"));
	}
	memset(longest, 'a', sizeof longest);
	snprintf(longest + 250, 50, "@b.co");
	assert_int_equal(store_email_check(longest, &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "longer than 254"));
}

static int
email_of(const struct user *u, void *arg)
{
	if (strcmp(u->login, "tl1") == 0)
		snprintf(arg, 64, "%s", u->email);
	return 0;
}

static void
test_email_is_set_by_admins_audited_and_cleared(void **state)
{
	struct fixture *f = *state;
	struct actor rep = fixture_user(f, "rep1", ROLE_REP, "East", NULL);
	struct err err = { 0 };
	char email[64] = "?";

	fixture_user(f, "tl1", ROLE_LEAD, "East", NULL);
	assert_int_equal(store_user_set_email(f->st, &rep, "tl1",
	    "x@evil.example", &err), EX_NOPERM);
	assert_int_equal(store_user_set_email(f->st, &f->admin, "tl1",
	    "tl1@floor.example", &err), 0);
	store_user_list(f->st, email_of, email, &err);
	assert_string_equal(email, "tl1@floor.example");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE "
	    "entity = 'user' AND action = 'edit' AND details LIKE "
	    "'%tl1@floor.example%'"), 1);
	assert_int_equal(store_user_set_email(f->st, &f->admin, "tl1",
	    "not an address", &err), EX_DATAERR);
	assert_int_equal(store_user_set_email(f->st, &f->admin, "tl1", "",
	    &err), 0);
	store_user_list(f->st, email_of, email, &err);
	assert_string_equal(email, "");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM users WHERE "
	    "login = 'tl1' AND email IS NULL"), 1);
	assert_int_equal(store_user_set_email(f->st, &f->admin, "nobody",
	    "n@floor.example", &err), EX_NOUSER);
}

/* Writes text to a file of mode; returns its path. */
static const char *
conf_file(const char *text, mode_t mode)
{
	static char path[64];
	static int n;
	FILE *f;

	snprintf(path, sizeof path, "/tmp/callq-mail-%d-%d", (int)getpid(),
	    n++);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

/* Loads text and returns 0 or the status, with the sentence in *err. */
static int
mail_load(const char *text, struct dial_config *cfg, struct err *err)
{
	const char *path = conf_file(text, 0600);
	int rc;

	memset(err, 0, sizeof *err);
	rc = dial_config_load(cfg, path, err);
	unlink(path);
	return rc;
}

static void
test_mail_settings_are_checked_as_read(void **state)
{
	static const struct { const char *text, *want; } bad[] = {
		{ "[mail]\nsmtp_url = https://mail.example\nfrom = c@f.example\n",
		  ":2: [mail] smtp_url is not an smtp:// or smtps:// address" },
		{ "[mail]\nsmtp_url = smtp://\nfrom = c@f.example\n",
		  ":2: [mail] smtp_url is not an smtp:// or smtps:// address" },
		{ "[mail]\nsmtp_url = smtps://u:Pw0rd@mail.example\n",
		  ":2: [mail] smtp_url holds a user name or password; give "
		  "credentials in [mail] user and password" },
		{ "[mail]\nsmtp_url = smtp://mail.example\n",
		  "[mail] smtp_url needs [mail] from" },
		{ "[mail]\nfrom = callq <c@f.example>\n",
		  ":2: [mail] from 'callq <c@f.example>' is not a plain e-mail "
		  "address" },
		{ "[mail]\nfrom = \"c@f.example Bcc: x@evil.example\"\n",
		  ":2: [mail] from 'c@f.example Bcc: x@evil.example' is not a "
		  "plain e-mail address" },
		{ "[mail]\nsmtp_url = smtp://m.example\nfrom = c@f.example\n"
		  "user = callq\n", "[mail] user needs [mail] password" },
		{ "[mail]\nrelay = smtp://m.example\n",
		  ":2: unknown key 'relay' in [mail]" },
	};
	struct dial_config cfg;
	struct err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(mail_load(bad[i].text, &cfg, &err), EX_CONFIG);
		if (strstr(err.msg, bad[i].want) == NULL)
			fail_msg("%s: got %s", bad[i].want, err.msg);
		assert_null(strstr(err.msg, "Pw0rd"));
	}
	assert_int_equal(mail_load("[dial]\nprovider = none\n[mail]\n"
	    "smtp_url = smtps://mail.example:465\nfrom = callq@f.example\n"
	    "user = callq\npassword = s3cret\n", &cfg, &err), 0);
	assert_string_equal(cfg.mail.url, "smtps://mail.example:465");
	assert_string_equal(cfg.mail.from, "callq@f.example");
	assert_string_equal(cfg.mail.user, "callq");
	assert_string_equal(cfg.mail.password, "s3cret");
	assert_int_equal(mail_load("[dial]\nprovider = none\n", &cfg, &err), 0);
	assert_string_equal(cfg.mail.url, "");
}

static void
test_message_has_its_headers_and_crlf_lines(void **state)
{
	struct mail_config cfg = { "smtp://127.0.0.1", "callq@floor.example",
	    "", "" };
	struct mail_msg m = { "tl1@floor.example", "callq digest for "
	    "2026-11-23", "line one\n.dot first\r\nÉvora Café\n",
	    FIXTURE_NOW };
	struct err err = { 0 };
	char *msg, *body;
	size_t len;

	(void)state;
	assert_int_equal(smtp_message(&cfg, &m, &msg, &len, &err), 0);
	assert_int_equal(len, strlen(msg));
	assert_non_null(body = strstr(msg, "\r\n\r\n"));
	assert_string_equal(body + 4,
	    "line one\r\n.dot first\r\nÉvora Café\r\n");
	*body = '\0';
	assert_non_null(strstr(msg, "From: callq <callq@floor.example>\r\n"
	    "To: <tl1@floor.example>\r\nSubject: callq digest for 2026-11-23"
	    "\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\nMessage-ID: "
	    "<callq.1795341600."));
	assert_non_null(strstr(msg, "@floor.example>\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit"));
	free(msg);
	m.to = "tl1@floor.example\r\nBcc: x@evil.example";
	assert_int_equal(smtp_message(&cfg, &m, &msg, &len, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "cannot be a mail recipient"));
	m.to = "tl1@floor.example";
	m.subject = "digest\nBcc: x@evil.example";
	assert_int_equal(smtp_message(&cfg, &m, &msg, &len, &err), EX_CONFIG);
}

/* The floor of two teams, with a day of calls and follow-ups. */
struct day {
	struct actor tl1, tl2, rep1, rep3;
	int64_t      acme, bravo, wharf;
};

static void
day_make(struct fixture *f, struct day *d)
{
	struct call_log log = { 0 };
	struct call_result res;
	struct err err = { 0 };
	int64_t fu;

	fixture_region(f, "East", "US");
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours",
	    "00:00-24:00", &err), 0);
	d->tl1 = fixture_user(f, "tl1", ROLE_LEAD, "East", NULL);
	d->tl2 = fixture_user(f, "tl2", ROLE_LEAD, "West", NULL);
	d->rep1 = fixture_user(f, "rep1", ROLE_REP, "East", NULL);
	d->rep3 = fixture_user(f, "rep3", ROLE_REP, "West", NULL);
	d->acme = fixture_lead(f, &d->rep1, &err, "name=Acme Deli",
	    "phone=+12127360101", "region=East", NULL);
	d->bravo = fixture_lead(f, &d->rep1, &err, "name=Bravo Bakery",
	    "phone=+12127360102", "region=East", NULL);
	d->wharf = fixture_lead(f, &d->rep3, &err, "name=Wharf Fish",
	    "phone=+12127360103", "region=East", NULL);
	assert_int_equal(err.status, 0);
	log.lead_id = d->acme;
	log.disposition = "Converted";
	assert_int_equal(store_call_log(f->st, &d->rep1, &log, &res, &err), 0);
	assert_int_equal(store_followup_add(f->st, &d->rep1, d->bravo,
	    FIXTURE_NOW - 3600, NULL, &fu, &err), 0);
	assert_int_equal(store_followup_add(f->st, &d->rep3, d->wharf,
	    FIXTURE_NOW - 7200, NULL, &fu, &err), 0);
}

static int
item_names(const struct daily_item *it, void *arg)
{
	char *names = arg;
	size_t len = strlen(names);

	snprintf(names + len, 256 - len, "%s%s/%s", len ? ", " : "",
	    it->text[0] ? it->text : it->lead, it->rep);
	return 0;
}

static void
test_day_is_read_in_each_readers_scope(void **state)
{
	struct fixture *f = *state;
	time_t from = FIXTURE_NOW - 10 * 3600, to = from + 86400;
	struct err err = { 0 };
	char names[256];
	struct day d;

	day_make(f, &d);
	names[0] = '\0';
	assert_int_equal(store_daily_conversions(f->st, &d.tl1, from, to,
	    item_names, names, &err), 0);
	assert_string_equal(names, "Acme Deli/rep1");
	names[0] = '\0';
	assert_int_equal(store_daily_conversions(f->st, &d.tl2, from, to,
	    item_names, names, &err), 0);
	assert_string_equal(names, "");
	names[0] = '\0';
	assert_int_equal(store_daily_conversions(f->st, &d.tl1, to, to + 86400,
	    item_names, names, &err), 0);
	assert_string_equal(names, "");
	names[0] = '\0';
	assert_int_equal(store_daily_missed(f->st, &f->admin, from, to,
	    FIXTURE_NOW, item_names, names, &err), 0);
	assert_string_equal(names, "Wharf Fish/rep3, Bravo Bakery/rep1");
	names[0] = '\0';
	assert_int_equal(store_daily_missed(f->st, &d.tl2, from, to,
	    FIXTURE_NOW, item_names, names, &err), 0);
	assert_string_equal(names, "Wharf Fish/rep3");
	names[0] = '\0';
	/* Within its grace a follow-up is not missed yet. */
	assert_int_equal(store_daily_missed(f->st, &d.tl1, from, to,
	    FIXTURE_NOW - 3000, item_names, names, &err), 0);
	assert_string_equal(names, "");
	names[0] = '\0';
	assert_int_equal(store_daily_alerts(f->st, &d.tl1, from, to,
	    item_names, names, &err), 0);
	assert_non_null(strstr(names, "rep1 converted lead"));
	names[0] = '\0';
	assert_int_equal(store_daily_alerts(f->st, &d.tl2, from, to,
	    item_names, names, &err), 0);
	assert_string_equal(names, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_check_takes_addresses_only),
		cmocka_unit_test_setup_teardown(
		    test_email_is_set_by_admins_audited_and_cleared,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test(test_mail_settings_are_checked_as_read),
		cmocka_unit_test(test_message_has_its_headers_and_crlf_lines),
		cmocka_unit_test_setup_teardown(
		    test_day_is_read_in_each_readers_scope, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
