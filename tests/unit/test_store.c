/* The store: schema, mutations, audit rows, permissions, the queue. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "callq/attendance.h"
#include "callq/call.h"
#include "callq/dnc.h"
#include "callq/followup.h"
#include "callq/lead.h"
#include "callq/queue.h"
#include "callq/settings.h"
#include "callq/stage.h"
#include "callq/user.h"
#include "fixture.h"

#define AUDIT "SELECT count(*) FROM audit"

/* A floor: two regions, a team with a lead and two reps, an analyst. */
struct floor {
	struct actor lead, rep1, rep2, analyst, outsider;
};

static struct floor
floor_make(struct fixture *f)
{
	struct floor fl;

	fixture_region(f, "East", "US");
	fixture_region(f, "UK", "GB");
	fl.lead = fixture_user(f, "lead1", ROLE_LEAD, "A", NULL);
	fl.rep1 = fixture_user(f, "rep1", ROLE_REP, "A", "East");
	fl.rep2 = fixture_user(f, "rep2", ROLE_REP, "A", "UK");
	fl.analyst = fixture_user(f, "ana", ROLE_ANALYST, NULL, NULL);
	fl.outsider = fixture_user(f, "zed", ROLE_REP, "B", "East");
	return fl;
}

static void
test_schema_is_current_and_wal(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	sqlite3_stmt *stmt;

	fixture_sqlite_only("reads SQLite's own catalog and opens its file");
	assert_int_equal(fixture_count(f, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM sqlite_schema"
	    " WHERE type = 'table' AND name IN ('users','teams','regions',"
	    "'import_batches','leads','assignments','calls','notes',"
	    "'followups','attendance','payments','pipeline_stages','choices',"
	    "'dispositions','dnc','audit','settings')"), 17);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void
test_defaults_seeded_from_data(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fixture_count(f, "SELECT count(*) FROM dispositions"
	    " WHERE name IN ('No answer','Busy','Wrong number',"
	    "'Not interested','Interested','Callback requested','Qualified',"
	    "'Converted','Do not call')"), 9);
	assert_int_equal(fixture_count(f, "SELECT key FROM dispositions"
	    " WHERE name = 'Callback requested'"), 6);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM choices"
	    " WHERE list = 'drop'"), 8);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM"
	    " pipeline_stages WHERE is_won <> 0"), 1);
	/* init is one mutation: one audit row, by the new admin. */
	assert_int_equal(fixture_count(f, AUDIT), 1);
}

static void
test_reopen_keeps_data(void **state)
{
	struct fixture *f = *state;
	struct err err = { 0 };

	fixture_region(f, "East", "US");
	store_close(f->st);
	assert_int_equal(store_open(f->path, STORE_OPEN, &f->st, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM regions"), 1);
}

static void
test_newer_schema_refused_unchanged(void **state)
{
	struct fixture *f = *state;
	struct store *other = NULL;
	struct err err = { 0 };
	char before[64], after[64], cmd[1200];
	sqlite3 *db;
	FILE *p;

	store_close(f->st);
	f->st = NULL;
	fixture_sqlite_only("opens the SQLite file");
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE);"
	    "PRAGMA journal_mode=DELETE; PRAGMA user_version=99", 0, 0, 0);
	sqlite3_close(db);
	snprintf(cmd, sizeof cmd, "sha1sum < '%s'; ls '%s' | wc -l", f->path,
	    f->dir);
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(fgets(before, sizeof before, p));
	pclose(p);
	assert_int_equal(store_open(f->path, STORE_OPEN, &other, &err),
	    EX_UNAVAILABLE);
	assert_null(other);
	assert_non_null(strstr(err.msg, "schema version 99"));
	assert_non_null(strstr(err.msg, "upgrade callq"));
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(fgets(after, sizeof after, p));
	pclose(p);
	assert_string_equal(before, after);
	assert_int_equal(store_open(f->path, STORE_OPEN, &f->st, &err),
	    EX_UNAVAILABLE);
}

static void
test_missing_and_existing_paths(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	struct err err = { 0 };
	char path[160];

	snprintf(path, sizeof path, "%s/none.db", f->dir);
	assert_int_equal(store_open(path, STORE_OPEN, &st, &err), EX_NOINPUT);
	assert_non_null(strstr(err.msg, "callq init"));
	assert_int_equal(access(path, F_OK), -1);	/* nothing created */
	assert_int_equal(store_open(f->path, STORE_CREATE, &st, &err),
	    EX_CANTCREAT);
	snprintf(path, sizeof path, "%s/a/b/c.db", f->dir);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), 0);
	store_close(st);
}

static void
test_network_filesystems(void **state)
{
	const char *name = NULL;

	(void)state;
	assert_true(store_fs_is_network(0x6969, &name));
	assert_string_equal(name, "NFS");
	assert_true(store_fs_is_network((long)0xff534d42, &name));
	assert_string_equal(name, "CIFS");
	assert_true(store_fs_is_network(0xfe534d42L, &name));
	assert_false(store_fs_is_network(0xef53, &name));	/* ext4 */
	assert_false(store_fs_is_network(0x01021994, &name));	/* tmpfs */
}

static void
test_rep_cannot_add_users(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct user_spec u = { "x", "X", ROLE_ADMIN, NULL, NULL, NULL, NULL,
	    NULL };
	struct err err = { 0 };
	int audit = fixture_count(f, AUDIT);
	int64_t id;

	assert_int_equal(store_user_add(f->st, &fl.rep1, &u, &id, &err),
	    EX_NOPERM);
	assert_string_equal(err.msg, "rep1 is a rep, and a rep cannot manage "
	    "users; nothing was changed");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM users"
	    " WHERE login = 'x'"), 0);
	assert_int_equal(fixture_count(f, AUDIT), audit);
}

static void
test_user_mutations_audited(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct err err = { 0 };
	int audit = fixture_count(f, AUDIT);

	assert_int_equal(store_user_set_role(f->st, &f->admin, "rep2",
	    ROLE_LEAD, &err), 0);
	assert_int_equal(fixture_count(f, AUDIT), audit + 1);
	assert_int_equal(store_user_deactivate(f->st, &f->admin, "rep2", &err),
	    0);
	assert_int_equal(fixture_count(f, AUDIT), audit + 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " action = 'deactivate' AND actor_id = (SELECT id FROM users"
	    " WHERE login = 'boss') AND real_login = 'boss'"),
	    1);
	/* A deactivated user can no longer act. */
	assert_int_equal(store_user_actor(f->st, "rep2", &fl.rep2, &err),
	    EX_NOUSER);
	assert_int_equal(store_user_set_role(f->st, &f->admin, "nobody",
	    ROLE_REP, &err), EX_NOUSER);
	assert_int_equal(fixture_count(f, AUDIT), audit + 2);
}

static void
test_duplicate_and_bad_users(void **state)
{
	struct fixture *f = *state;
	struct user_spec u = { "boss", "B", ROLE_REP, NULL, NULL, NULL, NULL,
	    NULL };
	struct err err = { 0 };
	int64_t id;

	assert_int_equal(store_user_add(f->st, &f->admin, &u, &id, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "already exists"));
	u.login = "Bad Login";
	assert_int_equal(store_user_add(f->st, &f->admin, &u, &id, &err),
	    EX_DATAERR);
	u.login = "ok";
	u.phone = "12345";
	assert_int_equal(store_user_add(f->st, &f->admin, &u, &id, &err),
	    EX_DATAERR);
	u.phone = "+14155550100";
	u.regions = "Nowhere";
	assert_int_equal(store_user_add(f->st, &f->admin, &u, &id, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "no region 'Nowhere'"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM users"), 1);
}

static void
test_lead_add_normalizes_and_audits(void **state)
{
	struct fixture *f = *state;
	struct err err;
	int64_t id;

	fixture_region(f, "East", "US");
	id = fixture_lead(f, &f->admin, &err, "name=Acme Plumbing",
	    "phone=(305) 555-0142", "region=East", "interest=3", NULL);
	assert_true(id > 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " phone_raw = '(305) 555-0142' AND phone_e164 = '+13055550142'"
	    " AND status = 'New' AND version = 1"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " entity = 'lead' AND action = 'add'"), 1);
}

static void
test_lead_add_refuses_bad_phone(void **state)
{
	struct fixture *f = *state;
	struct err err;
	int audit = fixture_count(f, AUDIT);

	assert_int_equal(fixture_lead(f, &f->admin, &err, "name=X",
	    "phone=555 0100", "country=US", NULL), 0);
	assert_int_equal(err.status, EX_DATAERR);
	assert_string_equal(err.msg, "'555 0100' is not a valid phone number "
	    "for US; check the digits or give --country");
	assert_int_equal(fixture_lead(f, &f->admin, &err, "name=X",
	    "phone=020 7946 0123", NULL), 0);
	assert_non_null(strstr(err.msg, "cannot tell the country"));
	assert_int_equal(fixture_lead(f, &f->admin, &err, "name=X", NULL), 0);
	assert_int_equal(err.status, EX_USAGE);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads"), 0);
	assert_int_equal(fixture_count(f, AUDIT), audit);
}

static void
test_lead_edit_rules(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct lead_change ch[2];
	struct err err;
	int64_t id;
	int audit;

	id = fixture_lead(f, &f->admin, &err, "name=Acme", "phone=+442079460123",
	    "region=UK", "owner=rep2", NULL);
	assert_true(id > 0);
	audit = fixture_count(f, AUDIT);
	/*
	 * rep2's lead is not there for rep1, whose it is untold; the
	 * analyst may not edit at all.
	 */
	lead_change_parse(lead_field_find("name"), "Mine now", FIXTURE_NOW,
	    &ch[0], &err);
	assert_int_equal(store_lead_edit(f->st, &fl.rep1, id, ch, 1, 0, &err),
	    EX_NOINPUT);
	assert_null(strstr(err.msg, "rep2"));
	assert_int_equal(store_lead_edit(f->st, &fl.analyst, id, ch, 1, 0,
	    &err), EX_NOPERM);
	/* Reps do not assign; team leads assign within their team only. */
	lead_change_parse(lead_field_find("owner"), "rep1", FIXTURE_NOW,
	    &ch[0], &err);
	assert_int_equal(store_lead_edit(f->st, &fl.rep2, id, ch, 1, 0, &err),
	    EX_NOPERM);
	lead_change_parse(lead_field_find("owner"), "zed", FIXTURE_NOW,
	    &ch[1], &err);
	assert_int_equal(store_lead_edit(f->st, &fl.lead, id, &ch[1], 1, 0,
	    &err), EX_NOPERM);
	assert_int_equal(fixture_count(f, AUDIT), audit);
	assert_int_equal(store_lead_edit(f->st, &fl.lead, id, ch, 1, 0, &err),
	    0);
	assert_int_equal(fixture_count(f, AUDIT), audit + 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM assignments"
	    " WHERE user_id = 3 AND method = 'manual'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " details LIKE '%\"from_owner\":\"rep2\"%'"), 1);
}

static void
test_lead_status_needs(void **state)
{
	struct fixture *f = *state;
	struct lead_change ch[2];
	struct err err;
	int64_t id;

	id = fixture_lead(f, &f->admin, &err, "name=Acme",
	    "phone=+13055550142", NULL);
	lead_change_parse(lead_field_find("status"), "Lost", FIXTURE_NOW,
	    &ch[0], &err);
	assert_int_equal(store_lead_edit(f->st, &f->admin, id, ch, 1, 0, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "--drop-reason"));
	lead_change_parse(lead_field_find("drop-reason"), "Financial",
	    FIXTURE_NOW, &ch[1], &err);
	assert_int_equal(store_lead_edit(f->st, &f->admin, id, ch, 2, 0, &err),
	    0);
	lead_change_parse(lead_field_find("status"), "Converted", FIXTURE_NOW,
	    &ch[0], &err);
	assert_int_equal(store_lead_edit(f->st, &f->admin, id, ch, 1, 0, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "cannot go from Lost to Converted"));
}

static void
test_stale_version_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct lead_change ch;
	struct err err;
	int64_t id;
	int audit;

	id = fixture_lead(f, &f->admin, &err, "name=Acme",
	    "phone=+13055550142", NULL);
	audit = fixture_count(f, AUDIT);
	lead_change_parse(lead_field_find("name"), "Acme Two", FIXTURE_NOW, &ch,
	    &err);
	assert_int_equal(store_lead_edit(f->st, &f->admin, id, &ch, 1, 2,
	    &err), EX_TEMPFAIL);
	assert_non_null(strstr(err.msg, "changed by someone else"));
	assert_int_equal(fixture_count(f, AUDIT), audit);
	assert_int_equal(store_lead_edit(f->st, &f->admin, id, &ch, 1, 1,
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT version FROM leads"), 2);
}

static int
count_lead(const struct lead *l, void *arg)
{
	(void)l;
	++*(int *)arg;
	return 0;
}

static int
count_queue(const struct lead *l, const struct queue_item *it, void *arg)
{
	(void)it;
	return count_lead(l, arg);
}

/* 16:00 UTC: inside calling hours on the US East coast and in the UK. */
static const struct queue_query open_hours = { .now = FIXTURE_NOW + 6 * 3600 };

static void
test_soft_delete_and_restore(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct lead_filter all = { 0 }, deleted = { .deleted = 1 };
	struct err err;
	char sql[128];
	int64_t id;
	int n, audit;

	id = fixture_lead(f, &f->admin, &err, "name=Acme", "region=East",
	    "phone=+13055550142", NULL);
	audit = fixture_count(f, AUDIT);
	assert_int_equal(store_lead_delete(f->st, &fl.rep1, id, &err),
	    EX_NOPERM);
	assert_int_equal(store_lead_delete(f->st, &f->admin, id, &err), 0);
	n = 0;
	store_lead_list(f->st, &f->admin, &all, count_lead, &n, &err);
	assert_int_equal(n, 0);
	n = 0;
	store_queue_page(f->st, &fl.rep1, &open_hours, 50, count_queue, &n,
	    &err);
	assert_int_equal(n, 0);
	n = 0;
	store_lead_list(f->st, &f->admin, &deleted, count_lead, &n, &err);
	assert_int_equal(n, 1);
	assert_int_equal(store_lead_delete(f->st, &f->admin, id, &err),
	    EX_DATAERR);
	assert_int_equal(store_lead_restore(f->st, &f->admin, id, "mistake",
	    &err), 0);
	n = 0;
	store_queue_page(f->st, &fl.rep1, &open_hours, 50, count_queue, &n,
	    &err);
	assert_int_equal(n, 1);
	assert_int_equal(fixture_count(f, AUDIT), audit + 2);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE"
	    " action IN ('delete','restore') AND entity_id = %lld",
	    (long long)id);
	assert_int_equal(fixture_count(f, sql), 2);
}

static void
test_log_moves_lead_and_settles(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct call_log log = { 0 };
	struct call_result res;
	struct err err;
	int64_t id, fu;
	int audit;

	/* Follow-ups at any hour: the calling hours are not tested here. */
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours",
	    "00:00-24:00", &err), 0);
	id = fixture_lead(f, &f->admin, &err, "name=Acme", "region=East",
	    "phone=+13055550142", NULL);
	assert_int_equal(store_followup_add(f->st, &f->admin, id, FIXTURE_NOW -
	    60, NULL, &fu, &err), 0);
	audit = fixture_count(f, AUDIT);
	log.lead_id = id;
	log.disposition = "6";		/* Callback requested, by its key */
	assert_int_equal(store_call_log(f->st, &fl.rep1, &log, &res, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "needs a follow-up time"));
	log.followup_at = FIXTURE_NOW + 86400;
	assert_int_equal(store_call_log(f->st, &fl.rep1, &log, &res, &err), 0);
	assert_string_equal(res.status_to, "In Progress");
	assert_int_equal(fixture_count(f, AUDIT), audit + 1);
	/* The rep took the fresh lead, the due follow-up is settled and the
	 * new one is next; the call reached the lead: no attempt counted. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " owner_id = 3 AND attempts = 0 AND next_followup_at = 1795428000"),
	    1);
	assert_int_equal(fixture_count(f, "SELECT state = 'done' FROM"
	    " followups WHERE id = 1"), 1);
	/* Another rep may not log on it now: for them it is not there. */
	log.followup_at = 0;
	log.disposition = "No answer";
	assert_int_equal(store_call_log(f->st, &fl.outsider, &log, &res, &err),
	    EX_NOINPUT);
	log.disposition = "Maybe";
	assert_int_equal(store_call_log(f->st, &fl.rep1, &log, &res, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "1 No answer, 2 Busy"));
	assert_int_equal(fixture_count(f, AUDIT), audit + 1);
}

static void
test_do_not_call_leaves_queue(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct call_log log = { 0 };
	struct call_result res;
	struct err err;
	int64_t a, b;
	int n = 0;

	a = fixture_lead(f, &f->admin, &err, "name=A", "region=East",
	    "phone=+13055550142", NULL);
	b = fixture_lead(f, &f->admin, &err, "name=B", "region=East",
	    "phone=+13055550142", "owner=rep1", NULL);
	log.lead_id = a;
	log.disposition = "Do not call";
	assert_int_equal(store_call_log(f->st, &fl.rep1, &log, &res, &err), 0);
	assert_true(res.added_to_dnc);
	assert_string_equal(res.status_to, "Lost");
	/* The number is on the list, so its other lead is not offered. */
	store_queue_page(f->st, &fl.rep1, &open_hours, 50, count_queue, &n,
	    &err);
	assert_int_equal(n, 0);
	(void)b;
}

static void
test_converted_stays_converted(void **state)
{
	struct fixture *f = *state;
	struct actor rec;
	struct call_log log = { 0 };
	struct call_result res;
	struct err err;
	char sql[256];
	int64_t id;

	rec = fixture_user(f, "rec1", ROLE_RECOVERY, NULL, NULL);
	id = fixture_lead(f, &f->admin, &err, "name=A", "phone=+13055550142",
	    "status=Converted", NULL);
	/* A recovery agent works the converted leads whose deal it collects. */
	snprintf(sql, sizeof sql, "INSERT INTO deals (lead_id, amount_cents,"
	    " currency, close_on, collector_id, created_at, updated_at)"
	    " VALUES (%lld, 100, 'USD', '2026-11-01', %lld, 1, 1)",
	    (long long)id, (long long)rec.id);
	fixture_sql_run(f, sql);
	log.lead_id = id;
	log.disposition = "No answer";
	assert_int_equal(store_call_log(f->st, &rec, &log, &res, &err), 0);
	assert_string_equal(res.status_from, "Converted");
	assert_string_equal(res.status_to, "Converted");
}

static void
test_followups_lists(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct err err;
	int64_t id, a, b, c;
	int n;

	/* Follow-ups at any hour: the calling hours are not tested here. */
	assert_int_equal(store_setting_set(f->st, &f->admin, "hours",
	    "00:00-24:00", &err), 0);
	id = fixture_lead(f, &f->admin, &err, "name=A", "region=East",
	    "phone=+13055550142", "owner=rep1", NULL);
	store_followup_add(f->st, &fl.rep1, id, FIXTURE_NOW - 7200, NULL, &a,
	    &err);
	store_followup_add(f->st, &fl.rep1, id, FIXTURE_NOW + 3600, NULL, &b,
	    &err);
	store_followup_add(f->st, &fl.rep1, id, FIXTURE_NOW + 3 * 86400, NULL,
	    &c, &err);
	n = fixture_count(f, "SELECT next_followup_at FROM leads");
	assert_int_equal(n, FIXTURE_NOW - 7200);
	assert_int_equal(store_followup_done(f->st, &fl.rep2, a, NULL, &err),
	    EX_NOINPUT);
	assert_int_equal(store_followup_done(f->st, &fl.rep1, a, NULL, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT next_followup_at FROM leads"),
	    FIXTURE_NOW + 3600);
	assert_int_equal(store_followup_done(f->st, &fl.rep1, a, NULL, &err),
	    EX_DATAERR);
	assert_int_equal(store_followup_done(f->st, &fl.rep1, 99, NULL, &err),
	    EX_NOINPUT);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " action LIKE 'followup-%'"), 4);
	(void)c;
}

/* 09:00 in New York (FIXTURE_NOW is 05:00 there): inside its hours. */
#define NY_MORNING (FIXTURE_NOW + 4 * 3600)

/* A lead of rep1's in New York ("phone=...") with two open follow-ups. */
static int64_t
lead_with_followups(struct fixture *f, const struct floor *fl,
    const char *phone)
{
	struct err err;
	int64_t id, fu;

	id = fixture_lead(f, &f->admin, &err, "name=A", "region=East",
	    "owner=rep1", phone, NULL);
	assert_true(id > 0);
	assert_int_equal(store_followup_add(f->st, &fl->rep1, id,
	    FIXTURE_NOW - 3600, NULL, &fu, &err), 0);	/* missed */
	assert_int_equal(store_followup_add(f->st, &fl->rep1, id, NY_MORNING,
	    NULL, &fu, &err), 0);
	return id;
}

/* The follow-ups of lead that closed with outcome, and those still open. */
static int
closed_with(struct fixture *f, int64_t lead, const char *outcome, int *open)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM followups WHERE"
	    " lead_id = %lld AND state = 'open'", (long long)lead);
	*open = fixture_count(f, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM followups WHERE"
	    " lead_id = %lld AND state = 'cancelled' AND outcome = '%s'",
	    (long long)lead, outcome);
	return fixture_count(f, sql);
}

static void
test_followups_close_with_the_lead(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct lead_change ch[2];
	struct stage_move m = { 0 };
	enum stage_needs needs;
	struct call_log log = { 0 };
	struct call_result res;
	const char *dnc = "+12127360103";
	struct err err;
	int64_t won, lost, moved, banned, gone, called, kept;
	size_t added;
	int open, n;

	won = lead_with_followups(f, &fl, "phone=+12127360101");
	lost = lead_with_followups(f, &fl, "phone=+12127360102");
	banned = lead_with_followups(f, &fl, "phone=+12127360103");
	gone = lead_with_followups(f, &fl, "phone=+12127360104");
	moved = lead_with_followups(f, &fl, "phone=+12127360105");
	called = lead_with_followups(f, &fl, "phone=+12127360106");
	n = fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " action = 'followups-closed'");
	assert_int_equal(n, 0);

	lead_change_parse(lead_field_find("status"), "Converted", FIXTURE_NOW,
	    &ch[0], &err);
	assert_int_equal(store_lead_edit(f->st, &f->admin, won, ch, 1, 0, &err),
	    0);
	assert_int_equal(closed_with(f, won, "closed: the lead was converted",
	    &open), 2);
	assert_int_equal(open, 0);
	/* Its next follow-up goes with them: no queue counts it missed. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " next_followup_at IS NOT NULL AND status = 'Converted'"), 0);

	lead_change_parse(lead_field_find("status"), "Lost", FIXTURE_NOW,
	    &ch[0], &err);
	lead_change_parse(lead_field_find("drop-reason"), "Not interested",
	    FIXTURE_NOW, &ch[1], &err);
	assert_int_equal(store_lead_edit(f->st, &f->admin, lost, ch, 2, 0,
	    &err), 0);
	assert_int_equal(closed_with(f, lost, "closed: the lead was lost: Not "
	    "interested", &open), 2);
	assert_int_equal(open, 0);

	m.lead_id = moved;
	m.stage = "Won";
	assert_int_equal(store_lead_stage_set(f->st, &f->admin, &m, &needs,
	    &err), 0);
	assert_int_equal(closed_with(f, moved, "closed: the lead was converted",
	    &open), 2);

	assert_int_equal(store_dnc_add(f->st, &f->admin, &dnc, 1, NULL, &added,
	    &err), 0);
	assert_int_equal(closed_with(f, banned,
	    "closed: the number is on do-not-call", &open), 2);
	assert_int_equal(open, 0);

	assert_int_equal(store_lead_delete(f->st, &f->admin, gone, &err), 0);
	assert_int_equal(closed_with(f, gone, "closed: the lead was deleted",
	    &open), 2);

	/*
	 * A call that converts closes the open ones but keeps the one it
	 * books (a payment reminder, say).
	 */
	log.lead_id = called;
	log.disposition = "Converted";
	log.followup_at = NY_MORNING + 86400;
	log.followup_reason = "Payment reminder";
	assert_int_equal(store_call_log(f->st, &fl.rep1, &log, &res, &err), 0);
	assert_int_equal(closed_with(f, called, "closed: the lead was converted",
	    &open), 1);		/* the missed one was settled by the call */
	assert_int_equal(open, 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM followups f"
	    " JOIN choices c ON c.id = f.reason_id WHERE f.state = 'open'"
	    " AND c.name = 'Payment reminder'"), 1);

	/* A call that puts the number on do-not-call closes them too. */
	kept = lead_with_followups(f, &fl, "phone=+12127360107");
	log.lead_id = kept;
	log.disposition = "Do not call";
	log.followup_at = 0;
	log.followup_reason = NULL;
	assert_int_equal(store_call_log(f->st, &fl.rep1, &log, &res, &err), 0);
	closed_with(f, kept, "", &open);
	assert_int_equal(open, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE"
	    " action = 'followups-closed'"), 7);
	/* Not one missed follow-up is left where no queue would offer it. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM followups f"
	    " JOIN leads l ON l.id = f.lead_id WHERE f.state = 'open' AND"
	    " (l.status IN ('Converted', 'Lost') OR l.deleted_at IS NOT NULL)"
	    " AND f.due_at < 1795341600"), 0);
}

static void
test_followups_booked_by_the_rules(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct followup_new n = { 0 };
	struct call_log log = { 0 };
	struct call_result res;
	struct err err;
	const char *dnc = "+12127360102";
	char why[160];
	int64_t ny, lost, banned, gone, fu;
	size_t added;

	ny = fixture_lead(f, &f->admin, &err, "name=NY", "region=East",
	    "owner=rep1", "phone=+12127360101", NULL);
	banned = fixture_lead(f, &f->admin, &err, "name=DNC", "region=East",
	    "owner=rep1", "phone=+12127360102", NULL);
	lost = fixture_lead(f, &f->admin, &err, "name=Lost", "region=East",
	    "owner=rep1", "phone=+12127360103", "status=Lost",
	    "drop-reason=Not interested", NULL);
	gone = fixture_lead(f, &f->admin, &err, "name=Gone", "region=East",
	    "owner=rep1", "phone=+12127360104", NULL);
	assert_true(ny > 0 && banned > 0 && lost > 0 && gone > 0);
	assert_int_equal(store_dnc_add(f->st, &f->admin, &dnc, 1, NULL, &added,
	    &err), 0);
	assert_int_equal(store_lead_delete(f->st, &f->admin, gone, &err), 0);

	/* 06:00 in New York: refused, offering its 08:00 (13:00 UTC). */
	n.lead = ny;
	n.due = FIXTURE_NOW + 3600;
	assert_int_equal(store_followup_book(f->st, &fl.rep1, &n, &fu, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "Sun 11:00 (06:00 New York) is outside"
	    " lead 1's calling hours (08:00-21:00 its time); the nearest "
	    "allowed time is Sun 13:00 (08:00 New York)"));
	/* 21:10 there: the nearer is 20:45, which leaves the grace inside. */
	n.due = FIXTURE_NOW + 16 * 3600 + 600;
	assert_int_equal(store_followup_book(f->st, &fl.rep1, &n, &fu, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "nearest allowed time is Mon 01:45 "
	    "(Sun 20:45 New York)"));
	/* A reason must be one of the list, and is kept. */
	n.due = NY_MORNING;
	n.reason = "Lunch";
	assert_int_equal(store_followup_book(f->st, &fl.rep1, &n, &fu, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "use one of: Callback requested, Send "
	    "information"));
	n.reason = "Send information";
	assert_int_equal(store_followup_book(f->st, &fl.rep1, &n, &fu, &err),
	    0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM followups f"
	    " JOIN choices c ON c.id = f.reason_id WHERE c.name ="
	    " 'Send information'"), 1);
	/* Moved, it is held to the same hours. */
	assert_int_equal(store_followup_move(f->st, &fl.rep1, fu,
	    FIXTURE_NOW + 7200, &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "nearest allowed time"));

	/* Lost, on do-not-call or deleted: no follow-up at all. */
	n.reason = NULL;
	n.lead = lost;
	assert_int_equal(store_followup_book(f->st, &fl.rep1, &n, &fu, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "lead 3 is Lost"));
	n.lead = banned;
	assert_int_equal(store_followup_book(f->st, &fl.rep1, &n, &fu, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "do-not-call"));
	n.lead = gone;
	assert_int_equal(store_followup_book(f->st, &f->admin, &n, &fu, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "deleted"));
	/* A log that would book one on a lead it leaves Lost writes nothing. */
	log.lead_id = ny;
	log.disposition = "Not interested";
	log.followup_at = NY_MORNING + 3600;
	assert_int_equal(store_call_log(f->st, &fl.rep1, &log, &res, &err),
	    EX_DATAERR);
	assert_non_null(strstr(err.msg, "lead 1 is Lost"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM followups"), 1);

	/* Further ahead than followup_max_days (4 by default) warns. */
	assert_int_equal(store_followup_far(f->st, FIXTURE_NOW + 4 * 86400,
	    why, sizeof why), 0);
	assert_int_equal(store_followup_far(f->st, FIXTURE_NOW + 5 * 86400,
	    why, sizeof why), 1);
	assert_non_null(strstr(why, "5 days ahead, past the 4 days"));
	assert_int_equal(store_setting_set(f->st, &f->admin,
	    "followup_max_days", "0", &err), 0);
	assert_int_equal(store_followup_far(f->st, FIXTURE_NOW + 99 * 86400,
	    why, sizeof why), 0);
}

static void
test_attendance(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	enum attendance att;
	struct err err;

	assert_int_equal(store_attendance_get(f->st, &fl.rep1, &att, &err), 0);
	assert_int_equal(att, ATT_OUT);
	assert_int_equal(store_attendance_set(f->st, &fl.rep1, ATT_IN, NULL,
	    &err), 0);
	assert_int_equal(store_attendance_set(f->st, &fl.rep1, ATT_PAUSED,
	    "Coffee", &err), EX_DATAERR);
	assert_int_equal(store_attendance_set(f->st, &fl.rep1, ATT_PAUSED,
	    "Lunch", &err), 0);
	store_attendance_get(f->st, &fl.rep1, &att, &err);
	assert_int_equal(att, ATT_PAUSED);
}

/* The demo's history: an admin writes a rep's past day, nobody else. */
static void
test_attendance_record(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct attendance_now now;
	time_t lunch = FIXTURE_NOW - 86400 + 3 * 3600;
	struct err err;

	assert_int_equal(store_attendance_record(f->st, &fl.lead, fl.rep1.id,
	    ATT_IN, NULL, lunch - 3600, &err), EX_NOPERM);
	assert_int_equal(store_attendance_record(f->st, &fl.rep1, fl.rep1.id,
	    ATT_IN, NULL, lunch - 3600, &err), EX_NOPERM);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM attendance"),
	    0);
	assert_int_equal(store_attendance_record(f->st, &f->admin, fl.rep1.id,
	    ATT_PAUSED, "Coffee", lunch, &err), EX_DATAERR);
	assert_int_equal(store_attendance_record(f->st, &f->admin, fl.rep1.id,
	    ATT_PAUSED, "Lunch", lunch, &err), 0);
	assert_int_equal(store_attendance_now(f->st, fl.rep1.id, &now, &err),
	    0);
	assert_int_equal(now.state, ATT_PAUSED);
	assert_int_equal(now.since, lunch);
	assert_string_equal(now.reason, "Lunch");
#define ATTENDED(detail) "SELECT count(*) FROM audit WHERE" \
	    " action = 'attendance' AND actor_id = (SELECT id FROM users" \
	    " WHERE login = 'boss') AND entity_id = (SELECT id FROM users" \
	    " WHERE login = 'rep1') AND " detail("happened_at") " =" \
	    " 1795341600 - 86400 + 3 * 3600"
	assert_int_equal(fixture_count(f, fixture_pg() ?
	    ATTENDED(DETAIL_INT_PG) : ATTENDED(DETAIL_INT_LITE)), 1);
	/* Checking in now comes after the recorded past. */
	assert_int_equal(store_attendance_set(f->st, &fl.rep1, ATT_IN, NULL,
	    &err), 0);
	store_attendance_now(f->st, fl.rep1.id, &now, &err);
	assert_int_equal(now.state, ATT_IN);
	assert_int_equal(now.since, FIXTURE_NOW);
}

struct holder {
	const char *path;
	int         taken[2];	/* a pipe: a byte once the lock is held */
};

/*
 * Holds the write lock from another connection, says so once it has it,
 * and lets it go a moment later.
 */
static void *
hold_lock(void *arg)
{
	struct holder *h = arg;
	sqlite3 *db;

	sqlite3_open(h->path, &db);
	sqlite3_exec(db, "BEGIN IMMEDIATE; UPDATE leads SET priority = 9",
	    0, 0, 0);
	if (write(h->taken[1], "", 1) != 1)
		abort();	/* cmocka's asserts belong to the test's thread */
	usleep(300 * 1000);
	sqlite3_exec(db, "COMMIT", 0, 0, 0);
	sqlite3_close(db);
	return NULL;
}

static void
test_busy_writer_waits_and_retries(void **state)
{
	struct fixture *f = *state;
	struct holder h = { f->path, { -1, -1 } };
	struct lead_change ch;
	struct err err;
	pthread_t t;
	int64_t id;
	char byte;

	fixture_sqlite_only("holds the write lock through the file");
	id = fixture_lead(f, &f->admin, &err, "name=Acme",
	    "phone=+13055550142", NULL);
	assert_int_equal(pipe(h.taken), 0);
	pthread_create(&t, NULL, hold_lock, &h);
	/* The lock is held before this writer starts, however slow. */
	assert_int_equal(read(h.taken[0], &byte, 1), 1);
	lead_change_parse(lead_field_find("name"), "Waited", FIXTURE_NOW, &ch,
	    &err);
	assert_int_equal(store_lead_edit(f->st, &f->admin, id, &ch, 1, 0, &err),
	    0);
	pthread_join(t, NULL);
	close(h.taken[0]);
	close(h.taken[1]);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " name = 'Waited' AND priority = 9"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_schema_is_current_and_wal),
		T(test_defaults_seeded_from_data),
		T(test_reopen_keeps_data),
		T(test_newer_schema_refused_unchanged),
		T(test_missing_and_existing_paths),
		T(test_network_filesystems),
		T(test_rep_cannot_add_users),
		T(test_user_mutations_audited),
		T(test_duplicate_and_bad_users),
		T(test_lead_add_normalizes_and_audits),
		T(test_lead_add_refuses_bad_phone),
		T(test_lead_edit_rules),
		T(test_lead_status_needs),
		T(test_stale_version_writes_nothing),
		T(test_soft_delete_and_restore),
		T(test_log_moves_lead_and_settles),
		T(test_do_not_call_leaves_queue),
		T(test_converted_stays_converted),
		T(test_followups_lists),
		T(test_attendance),
		T(test_attendance_record),
		T(test_busy_writer_waits_and_retries),
		T(test_followups_close_with_the_lead),
		T(test_followups_booked_by_the_rules),
#undef T
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
