/*
 * The admin's store: the settings lists, settings, teams, what was
 * deleted, the audit's filters, working hours, and the user-named files
 * a shared install opens as the user.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "callq/attendance.h"
#include "callq/audit.h"
#include "callq/call.h"
#include "callq/choice.h"
#include "callq/deleted.h"
#include "callq/hours.h"
#include "callq/lead.h"
#include "callq/settings.h"
#include "callq/user.h"
#include "callq/when.h"
#include "fixture.h"

/* The names of list, in order, as "a,b,c" (inactive ones as "-a"). */
struct names {
	char text[1024];
};

static int
name_take(const struct choice *c, void *arg)
{
	struct names *n = arg;
	size_t len = strlen(n->text);

	snprintf(n->text + len, sizeof n->text - len, "%s%s%s", len ? "," : "",
	    c->active ? "" : "-", c->name);
	return 0;
}

static const char *
names_of(struct fixture *f, enum choice_list list, struct names *n)
{
	struct err err;

	n->text[0] = '\0';
	assert_int_equal(store_choice_list(f->st, list, name_take, n, &err), 0);
	return n->text;
}

static void
test_choice_add_move_rename_deactivate(void **state)
{
	struct fixture *f = *state;
	struct names n;
	struct err err;

	assert_int_equal(store_choice_add(f->st, &f->admin, LIST_PAUSE,
	    "Coaching", NULL, &err), 0);
	assert_string_equal(names_of(f, LIST_PAUSE, &n), "Lunch,Short break,"
	    "Meeting,Training,Personal,Coaching");
	assert_int_equal(store_choice_move(f->st, &f->admin, LIST_PAUSE,
	    "Coaching", 2, &err), 0);
	assert_string_equal(names_of(f, LIST_PAUSE, &n), "Lunch,Coaching,"
	    "Short break,Meeting,Training,Personal");
	/* Past the end is the end; moving down shifts the others up. */
	assert_int_equal(store_choice_move(f->st, &f->admin, LIST_PAUSE,
	    "Lunch", 99, &err), 0);
	assert_string_equal(names_of(f, LIST_PAUSE, &n), "Coaching,"
	    "Short break,Meeting,Training,Personal,Lunch");
	assert_int_equal(store_choice_rename(f->st, &f->admin, LIST_PAUSE,
	    "Meeting", "Team meeting", &err), 0);
	assert_int_equal(store_choice_rename(f->st, &f->admin, LIST_PAUSE,
	    "Training", "lunch", &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "already"));
	assert_int_equal(store_choice_set_active(f->st, &f->admin, LIST_PAUSE,
	    "Personal", 0, &err), 0);
	assert_string_equal(names_of(f, LIST_PAUSE, &n), "Coaching,"
	    "Short break,Team meeting,Training,-Personal,Lunch");
	assert_int_equal(store_choice_rename(f->st, &f->admin, LIST_PAUSE,
	    "Nothing", "X", &err), EX_DATAERR);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'choice'"), 5);
}

static int
reason_count(const char *name, void *arg)
{
	(void)name;
	++*(int *)arg;
	return 0;
}

static void
test_inactive_reason_leaves_the_picker_not_the_record(void **state)
{
	struct fixture *f = *state;
	struct actor rep = fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	struct attendance_now now;
	struct err err;
	int before = 0, after = 0;

	assert_int_equal(store_attendance_set(f->st, &rep, ATT_PAUSED, "Lunch",
	    &err), 0);
	store_pause_reasons(f->st, reason_count, &before, &err);
	assert_int_equal(store_choice_set_active(f->st, &f->admin, LIST_PAUSE,
	    "Lunch", 0, &err), 0);
	store_pause_reasons(f->st, reason_count, &after, &err);
	assert_int_equal(after, before - 1);
	assert_int_equal(store_attendance_now(f->st, rep.id, &now, &err), 0);
	assert_string_equal(now.reason, "Lunch");
	assert_int_equal(store_attendance_set(f->st, &rep, ATT_PAUSED, "Lunch",
	    &err), EX_DATAERR);
}

static void
test_disposition_add_and_its_key(void **state)
{
	struct fixture *f = *state;
	struct disposition_spec vm = { 0, "CNP", NULL };
	struct disposition_spec taken = { 1, "CNP", NULL };
	struct disposition_spec bad = { -1, "Maybe", NULL };
	struct actor rep = fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	struct call_log log = { 0 };
	struct call_result res;
	struct err err;
	int64_t id;

	assert_int_equal(store_choice_add(f->st, &f->admin, LIST_DISPOSITION,
	    "Voicemail", &vm, &err), 0);
	assert_int_equal(store_choice_add(f->st, &f->admin, LIST_DISPOSITION,
	    "Hung up", &taken, &err), EX_DATAERR);
	assert_int_equal(store_choice_add(f->st, &f->admin, LIST_DISPOSITION,
	    "Odd", &bad, &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "no status 'Maybe'"));
	id = fixture_lead(f, &rep, &err, "name=Acme", "phone=+12127360101",
	    NULL);
	assert_true(id > 0);
	log.lead_id = id;
	log.disposition = "0";
	assert_int_equal(store_call_log(f->st, &rep, &log, &res, &err), 0);
	assert_string_equal(res.disposition, "Voicemail");
	assert_string_equal(res.status_to, "CNP");
	/* Taken out, its digit is free for another. */
	assert_int_equal(store_choice_set_active(f->st, &f->admin,
	    LIST_DISPOSITION, "No answer", 0, &err), 0);
	assert_int_equal(store_choice_add(f->st, &f->admin, LIST_DISPOSITION,
	    "Hung up", &taken, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls c JOIN"
	    " dispositions d ON d.id = c.disposition_id WHERE d.name ="
	    " 'Voicemail'"), 1);
}

static void
test_lists_are_for_admins(void **state)
{
	struct fixture *f = *state;
	struct actor lead = fixture_user(f, "lead1", ROLE_LEAD, "A", NULL);
	struct err err;

	assert_int_equal(store_choice_add(f->st, &lead, LIST_SOURCE, "Web",
	    NULL, &err), EX_NOPERM);
	assert_int_equal(store_setting_set(f->st, &lead, "work_hours",
	    "09:00-17:00", &err), EX_NOPERM);
	assert_int_equal(store_user_set_team(f->st, &lead, "lead1", "B", &err),
	    EX_NOPERM);
}

static void
test_setting_get_says_what_applies(void **state)
{
	struct fixture *f = *state;
	struct setting s;
	struct err err;

	/* A new floor has no working hours: the setting is off. */
	assert_int_equal(store_setting_get(f->st, "work_hours", &s, &err), 0);
	assert_string_equal(s.value, "");
	assert_true(s.is_default);
	assert_int_equal(store_setting_get(f->st, "lease_minutes", &s, &err), 0);
	assert_string_equal(s.value, "15");
	assert_int_equal(store_setting_set(f->st, &f->admin, "lease_minutes",
	    "20", &err), 0);
	assert_int_equal(store_setting_get(f->st, "lease_minutes", &s, &err), 0);
	assert_string_equal(s.value, "20");
	assert_false(s.is_default);
	assert_int_equal(store_setting_get(f->st, "lease", &s, &err),
	    EX_DATAERR);
	assert_int_equal(store_setting_set(f->st, &f->admin, "work_hours",
	    "9-5", &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "a window like 09:00-18:00"));
}

static void
test_work_hours_warn_outside(void **state)
{
	struct fixture *f = *state;
	struct hours_window w;
	struct err err;
	char why[128];

	assert_int_equal(store_work_hours(f->st, &w), 0);
	assert_int_equal(store_setting_set(f->st, &f->admin, "work_hours",
	    "09:00-17:00", &err), 0);
	assert_int_equal(store_work_hours(f->st, &w), 1);
	setenv("TZ", "UTC", 1);
	tzset();
	/* Sunday 10:00 UTC is inside; 07:00 is not. */
	assert_int_equal(hours_outside_work(&w, FIXTURE_NOW, why, sizeof why),
	    0);
	assert_int_equal(hours_outside_work(&w, FIXTURE_NOW - 3 * 3600, why,
	    sizeof why), 1);
	assert_string_equal(why, "it is 07:00, outside the floor's working "
	    "hours (09:00-17:00)");
}

/* An empty value clears a setting: its default applies again, audited. */
static void
test_setting_cleared_by_an_empty_value(void **state)
{
	struct fixture *f = *state;
	struct hours_window w;
	struct setting s;
	struct err err;

	assert_int_equal(store_setting_set(f->st, &f->admin, "work_hours",
	    "09:00-17:00", &err), 0);
	assert_int_equal(store_setting_set(f->st, &f->admin, "work_hours", "",
	    &err), 0);
	assert_int_equal(store_work_hours(f->st, &w), 0);
	assert_int_equal(store_setting_get(f->st, "work_hours", &s, &err), 0);
	assert_true(s.is_default);
	assert_string_equal(s.value, "");
	assert_int_equal(store_setting_set(f->st, &f->admin, "lease_minutes",
	    "20", &err), 0);
	assert_int_equal(store_setting_set(f->st, &f->admin, "lease_minutes",
	    "", &err), 0);
	assert_int_equal(store_setting_get(f->st, "lease_minutes", &s, &err), 0);
	assert_string_equal(s.value, "15");
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours.GB",
	    "09:00-20:00", &err), 0);
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours.GB", "",
	    &err), 0);
	assert_int_equal(store_setting_get(f->st, "hours.GB", &s, &err),
	    EX_DATAERR);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE "
	    "entity = 'setting' AND action = 'clear'"), 3);
	/* Clearing is setting: the key must be one callq knows. */
	assert_int_equal(store_setting_set(f->st, &f->admin, "work_hour", "",
	    &err), EX_DATAERR);
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours.G", "",
	    &err), EX_DATAERR);
}

static int
user_team(const struct user *u, void *arg)
{
	if (strcmp(u->login, "rep1") == 0)
		snprintf(arg, 64, "%s", u->team);
	return 0;
}

static void
test_set_team_creates_and_clears(void **state)
{
	struct fixture *f = *state;
	char team[64] = "?";
	struct err err;

	fixture_user(f, "rep1", ROLE_REP, "A", NULL);
	assert_int_equal(store_user_set_team(f->st, &f->admin, "rep1", "Night",
	    &err), 0);
	store_user_list(f->st, user_team, team, &err);
	assert_string_equal(team, "Night");
	assert_int_equal(store_user_set_team(f->st, &f->admin, "rep1", "",
	    &err), 0);
	store_user_list(f->st, user_team, team, &err);
	assert_string_equal(team, "");
	assert_int_equal(store_user_set_team(f->st, &f->admin, "nobody", "A",
	    &err), EX_NOUSER);
}

static int
deleted_take(const struct deleted_item *it, void *arg)
{
	char *out = arg;
	size_t len = strlen(out);

	snprintf(out + len, 256 - len, "%s%s %lld %s by %s", len ? "; " : "",
	    it->kind == DELETED_LEAD ? "lead" : "payment", (long long)it->id,
	    it->what, it->deleted_by);
	return 0;
}

static void
test_deleted_lists_leads_and_payments(void **state)
{
	struct fixture *f = *state;
	char out[256] = "";
	struct err err;
	sqlite3 *db;
	int64_t id;

	id = fixture_lead(f, &f->admin, &err, "name=Acme",
	    "phone=+12127360101", NULL);
	assert_int_equal(store_lead_delete(f->st, &f->admin, id, &err), 0);
	/* Nothing records payments yet: one written as the schema has it. */
	fixture_sqlite_only("opens the SQLite file");
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO payments (lead_id,"
	    " amount_cents, recorded_by, created_at, deleted_at, deleted_by)"
	    " VALUES (1, 1250, 1, 0, 5, 1)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_deleted_list(f->st, &f->admin, deleted_take, out,
	    &err), 0);
	assert_string_equal(out, "lead 1 Acme by boss; payment 1 12.50 USD from "
	    "Acme (lead 1) by boss");
	assert_int_equal(store_payment_restore(f->st, &f->admin, 1, "mistake",
	    &err), 0);
	assert_int_equal(store_payment_restore(f->st, &f->admin, 1, "again",
	    &err), EX_DATAERR);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'payment' AND action = 'restore' AND details LIKE"
	    " '%mistake%'"), 1);
	out[0] = '\0';
	assert_int_equal(store_deleted_list(f->st, &f->admin, deleted_take, out,
	    &err), 0);
	assert_string_equal(out, "lead 1 Acme by boss");
}

static int
audit_take(const struct audit_row *r, void *arg)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

static int
audit_rows(struct fixture *f, const struct audit_filter *filter)
{
	struct err err;
	int n = 0;

	assert_int_equal(store_audit_list(f->st, &f->admin, filter, audit_take,
	    &n, &err), 0);
	return n;
}

static void
test_audit_filters_by_action_and_day(void **state)
{
	struct fixture *f = *state;
	struct audit_filter by_action = { NULL, 0, NULL, 0, "delete", 0, 0 };
	struct audit_filter by_day = { 0 };
	struct err err;
	int64_t id;

	id = fixture_lead(f, &f->admin, &err, "name=Acme",
	    "phone=+12127360101", NULL);
	assert_int_equal(store_lead_delete(f->st, &f->admin, id, &err), 0);
	assert_int_equal(audit_rows(f, &by_action), 1);
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(when_day("today", FIXTURE_NOW, &by_day.since,
	    &by_day.until), 0);
	assert_int_equal(by_day.until - by_day.since, 86400);
	assert_true(audit_rows(f, &by_day) >= 2);
	assert_int_equal(when_day("yesterday", FIXTURE_NOW, &by_day.since,
	    &by_day.until), 0);
	assert_int_equal(audit_rows(f, &by_day), 0);
}

/* The text of the one audit row whose action is the filter's. */
static int
audit_text_take(const struct audit_row *r, void *arg)
{
	snprintf(arg, 256, "%s", r->text);
	return 0;
}

static void
audit_text_of(struct fixture *f, const char *action, char *out)
{
	struct audit_filter by_action = { NULL, 0, NULL, 0, action, 0, 0 };
	struct err err;

	out[0] = '\0';
	assert_int_equal(store_audit_list(f->st, &f->admin, &by_action,
	    audit_text_take, out, &err), 0);
}

/*
 * What audit list shows of a row's details, on either driver: members in
 * the order written, strings unquoted, times as dates, the lead's value
 * in units, nulls as (none), true as 1; details that are not JSON (a row
 * another program wrote) as nothing, not an error.
 */
static void
test_audit_details_read_as_people_read_them(void **state)
{
	struct fixture *f = *state;
	char text[256];

	fixture_sql_run(f, "INSERT INTO audit (at, actor_id, real_login,"
	    " entity, entity_id, action, details) SELECT 1795341600, id,"
	    " 'boss', 'lead', 7, 'probe', '{\"zone\":\"Europe/London\","
	    "\"due\":1795341600,\"value\":-123405,\"note\":\"say \\\"hi\\\"\","
	    "\"gone\":null,\"n\":3,\"called_at\":1795345200,\"ok\":true}'"
	    " FROM users WHERE login = 'boss';"
	    "INSERT INTO audit (at, actor_id, real_login, entity, entity_id,"
	    " action, details) SELECT 1795341600, id, 'boss', 'lead', 7,"
	    " 'garbled', 'not json' FROM users WHERE login = 'boss'");
	audit_text_of(f, "probe", text);
	assert_string_equal(text, "zone: Europe/London, due: 2026-11-22 10:00,"
	    " value: -1234.05, note: say \"hi\", gone: (none), n: 3,"
	    " called_at: 2026-11-22 11:00, ok: 1");
	audit_text_of(f, "garbled", text);
	assert_string_equal(text, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_choice_add_move_rename_deactivate),
		T(test_inactive_reason_leaves_the_picker_not_the_record),
		T(test_disposition_add_and_its_key),
		T(test_lists_are_for_admins),
		T(test_setting_get_says_what_applies),
		T(test_work_hours_warn_outside),
		T(test_setting_cleared_by_an_empty_value),
		T(test_set_team_creates_and_clears),
		T(test_deleted_lists_leads_and_payments),
		T(test_audit_filters_by_action_and_day),
		T(test_audit_details_read_as_people_read_them),
#undef T
	};

	return cmocka_run_group_tests_name("admin", tests, NULL, NULL);
}
