/*
 * The counters the board, the assign picker and region list read
 * (region_counts, owner_counts) against a fresh count of the leads,
 * after every kind of change a floor makes: adds, assigns, status
 * changes, region moves, deletes and restores, an import batch hidden
 * then settled, a discarded one, and a rolled-back transaction. With
 * any one of the triggers that keep them gone, the counts drift.
 */
#include <stdio.h>
#include <string.h>

#include "callq/assign.h"
#include "callq/batch.h"
#include "callq/board.h"
#include "callq/lead.h"
#include "callq/leadfield.h"
#include "callq/numset.h"
#include "callq/user.h"
#include "fixture.h"

/* Regions and users whose kept count is not what counting finds. */
#define REGIONS_WRONG \
	"SELECT count(*) FROM regions r LEFT JOIN region_counts c" \
	" ON c.region_id = r.id WHERE c.leads IS DISTINCT FROM (SELECT count(*)" \
	" FROM leads l WHERE l.region_id = r.id AND l.deleted_at IS NULL)"
#define OWNERS_WRONG \
	"SELECT count(*) FROM users u LEFT JOIN owner_counts c" \
	" ON c.user_id = u.id WHERE c.open IS DISTINCT FROM (SELECT count(*)" \
	" FROM leads l WHERE l.owner_id = u.id AND l.deleted_at IS NULL" \
	" AND l.status NOT IN ('Converted', 'Lost'))"

/* How many counters are wrong now; each step adds to a running sum. */
static int
counters_wrong(struct fixture *f)
{
	return fixture_count(f, REGIONS_WRONG) + fixture_count(f,
	    OWNERS_WRONG);
}

/* Sets a field of lead id; a lead lost takes its reason, "Not interested". */
static void
lead_set(struct fixture *f, int64_t id, const char *field, const char *value)
{
	struct lead_change ch[2];
	struct err err = { 0 };
	size_t n = 1;

	assert_int_equal(lead_change_parse(lead_field_find(field), value,
	    FIXTURE_NOW, &ch[0], &err), 0);
	if (strcmp(value, "Lost") == 0)
		assert_int_equal(lead_change_parse(lead_field_find(
		    "drop-reason"), "Not interested", FIXTURE_NOW, &ch[n++],
		    &err), 0);
	if (store_lead_edit(f->st, &f->admin, id, ch, n, 0, &err) != 0)
		fail_msg("lead %lld %s=%s: %s", (long long)id, field, value,
		    err.msg);
}

static int64_t
lead_add(struct fixture *f, int n, const char *region, const char *owner)
{
	char name[32], phone[32], reg[64], own[64];
	struct err err;
	int64_t id;

	snprintf(name, sizeof name, "name=Lead %d", n);
	snprintf(phone, sizeof phone, "phone=+1 212 555 %04d", n);
	snprintf(reg, sizeof reg, "region=%s", region);
	snprintf(own, sizeof own, "owner=%s", owner);
	id = fixture_lead(f, &f->admin, &err, name, phone, reg, own, NULL);
	if (id == 0)
		fail_msg("lead %d: %s", n, err.msg);
	return id;
}

static void
assign_to(struct fixture *f, const int64_t *ids, size_t n, const char *login)
{
	struct assign_plan done;
	struct err err = { 0 };

	if (store_assign(f->st, &f->admin, ids, n, ASSIGN_MANUAL, &login, 1,
	    &done, &err) != 0)
		fail_msg("assign to %s: %s", login, err.msg);
}

/* Adds, assigns, status changes, region moves, deletes and restores. */
static int
floor_work(struct fixture *f)
{
	struct err err = { 0 };
	int64_t ids[12];
	int wrong = 0, i;

	fixture_region(f, "East", "US");
	fixture_region(f, "West", "US");
	fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	fixture_user(f, "rep2", ROLE_REP, NULL, NULL);
	wrong += counters_wrong(f);
	for (i = 0; i < 12; i++)
		ids[i] = lead_add(f, i, i % 3 ? "East" : "West",
		    i % 4 == 0 ? "rep1" : i % 4 == 1 ? "rep2" : "none");
	wrong += counters_wrong(f);
	assign_to(f, ids, 6, "rep2");
	assign_to(f, ids + 6, 2, "rep1");
	wrong += counters_wrong(f);
	lead_set(f, ids[0], "status", "Converted");
	lead_set(f, ids[1], "status", "Lost");
	lead_set(f, ids[2], "status", "In Progress");
	wrong += counters_wrong(f);
	lead_set(f, ids[1], "status", "In Progress");	/* reopened */
	lead_set(f, ids[2], "region", "West");
	lead_set(f, ids[4], "owner", "none");
	wrong += counters_wrong(f);
	assert_int_equal(store_lead_delete(f->st, &f->admin, ids[5], &err), 0);
	assert_int_equal(store_lead_delete(f->st, &f->admin, ids[0], &err), 0);
	assert_int_equal(store_lead_delete(f->st, &f->admin, ids[9], &err), 0);
	wrong += counters_wrong(f);
	assert_int_equal(store_lead_restore(f->st, &f->admin, ids[5], "back",
	    &err), 0);
	assert_int_equal(store_lead_restore(f->st, &f->admin, ids[0], "back",
	    &err), 0);
	wrong += counters_wrong(f);
	/* Undone with its transaction: the counters with it. */
	fixture_sql_run(f, "BEGIN; UPDATE leads SET owner_id = NULL,"
	    " region_id = NULL; DELETE FROM assignments WHERE lead_id = 8;"
	    " DELETE FROM leads WHERE id = 8;"
	    " ROLLBACK;");
	return wrong + counters_wrong(f);
}

/* Starts a batch into a region new to the floor; sets *b. */
static void
batch_start(struct fixture *f, struct batch *b, const char *region)
{
	struct err err = { 0 };

	memset(b, 0, sizeof *b);
	snprintf(b->region, sizeof b->region, "%s", region);
	strcpy(b->file_name, "leads.csv");
	strcpy(b->sha256, "00");
	strcpy(b->runner, "test:1:1");
	if (store_batch_begin(f->st, &f->admin, b, &err) != 0)
		fail_msg("batch: %s", err.msg);
}

/*
 * Rows the set cannot tell apart (a resumed import) go in hidden, twice
 * for one number; settling takes the second out. A second batch is
 * discarded while hidden.
 */
static int
batch_work(struct fixture *f)
{
	struct numset *numbers = numset_new();
	struct batch_filter filter = fixture_batch_filter(numbers);
	struct batch_counts n = { 0 };
	struct batch_lead rows[3];
	struct batch b, gone;
	struct err err = { 0 };
	int64_t removed;
	int wrong = 0;

	batch_start(f, &b, "North");
	wrong += counters_wrong(f);
	rows[0] = fixture_batch_lead("One", "+12127360101");
	rows[1] = fixture_batch_lead("Two", "+12127360102");
	n.read = 2;
	assert_int_equal(store_batch_add(f->st, b.id, rows, 2, &n, &filter,
	    &err), 0);
	numset_free(numbers);
	filter.numbers = numbers = numset_new();
	rows[0] = fixture_batch_lead("One again", "+12127360101");
	n.read++;
	assert_int_equal(store_batch_add(f->st, b.id, rows, 1, &n, &filter,
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads"
	    " WHERE batch_id IS NOT NULL"), 3);
	wrong += counters_wrong(f);
	assert_int_equal(store_batch_settle(f->st, b.id, &n, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads"
	    " WHERE batch_id IS NOT NULL"), 2);
	assert_int_equal(store_batch_finish(f->st, &f->admin, b.id,
	    BATCH_COMPLETE, &n, &err), 0);
	wrong += counters_wrong(f);

	batch_start(f, &gone, "South");
	rows[0] = fixture_batch_lead("Gone", "+12127360103");
	memset(&n, 0, sizeof n);
	n.read = 1;
	assert_int_equal(store_batch_add(f->st, gone.id, rows, 1, &n,
	    &filter, &err), 0);
	wrong += counters_wrong(f);
	assert_int_equal(store_batch_discard(f->st, &f->admin, gone.id,
	    gone.runner, &removed, &err), 0);
	assert_int_equal(removed, 1);
	numset_free(numbers);
	return wrong + counters_wrong(f);
}

static void
test_counters_follow_floor_work(void **state)
{
	assert_int_equal(floor_work(*state), 0);
}

static void
test_counters_follow_batches(void **state)
{
	assert_int_equal(batch_work(*state), 0);
}

static int
region_take(const char *name, const char *country, int64_t leads,
    void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	(void)country;
	snprintf(buf + len, 256 - len, "%s=%lld ", name, (long long)leads);
	return 0;
}

static int
rep_take(const struct assign_rep *r, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	snprintf(buf + len, 256 - len, "%s=%lld ", r->login,
	    (long long)r->open_leads);
	return 0;
}

static int
board_take(const struct board_row *r, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	snprintf(buf + len, 256 - len, "%s=%lld ", r->login,
	    (long long)r->open_leads);
	return 0;
}

/* What region list, the assign picker and the board show, from the counters. */
static void
test_counters_shown(void **state)
{
	struct fixture *f = *state;
	struct err err = { 0 };
	char buf[256] = "";

	assert_int_equal(floor_work(f), 0);
	assert_int_equal(store_region_list(f->st, region_take, buf, &err), 0);
	assert_string_equal(buf, "East=7 West=4 ");
	buf[0] = '\0';
	assert_int_equal(store_assign_reps(f->st, &f->admin, rep_take, buf,
	    &err), 0);
	/* rep2: 1-6 and 10, less 1 (Converted), 5 (unowned), 10 (deleted). */
	assert_string_equal(buf, "rep1=3 rep2=4 ");
	buf[0] = '\0';
	assert_int_equal(store_board(f->st, &f->admin, FIXTURE_NOW, board_take,
	    buf, &err), 0);
	assert_string_equal(buf, "rep1=3 rep2=4 ");
	/* They show the counters, not a count of the leads on each read. */
	fixture_sql_run(f, "UPDATE owner_counts SET open = open + 100;"
	    "UPDATE region_counts SET leads = leads + 100");
	buf[0] = '\0';
	assert_int_equal(store_region_list(f->st, region_take, buf, &err), 0);
	assert_string_equal(buf, "East=107 West=104 ");
	buf[0] = '\0';
	assert_int_equal(store_assign_reps(f->st, &f->admin, rep_take, buf,
	    &err), 0);
	assert_string_equal(buf, "rep1=103 rep2=104 ");
	buf[0] = '\0';
	assert_int_equal(store_board(f->st, &f->admin, FIXTURE_NOW, board_take,
	    buf, &err), 0);
	assert_string_equal(buf, "rep1=103 rep2=104 ");
}

/* A floor from before the counters gets them filled when it is opened. */
static void
test_counters_filled_by_migration(void **state)
{
	struct fixture *f = *state;
	struct err err = { 0 };

	fixture_sqlite_only("migrates the file from schema 14");
	assert_int_equal(floor_work(f), 0);
	assert_int_equal(batch_work(f), 0);
	store_close(f->st);
	f->st = NULL;
	fixture_sql_run(f, FIXTURE_UNDO_SINCE_15 "PRAGMA user_version = 14;");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM sqlite_schema"
	    " WHERE name = 'owner_counts'"), 0);
	assert_int_equal(store_open(f->path, STORE_OPEN, &f->st, &err), 0);
	assert_int_equal(fixture_count(f, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM region_counts"),
	    fixture_count(f, "SELECT count(*) FROM regions"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM owner_counts"),
	    fixture_count(f, "SELECT count(*) FROM users"));
	assert_int_equal(counters_wrong(f), 0);
	/* And the triggers keep them from there. */
	assert_int_equal(store_lead_delete(f->st, &f->admin, 2, &err), 0);
	lead_set(f, 3, "owner", "rep1");
	assert_int_equal(counters_wrong(f), 0);
}

/*
 * A floor opened by the build that reserved steps 15 to 18 empty says 18
 * without what issue 20 put in them: it gets all of it, counters filled.
 */
static void
test_counters_reach_a_floor_marked_18(void **state)
{
	struct fixture *f = *state;
	struct err err = { 0 };

	fixture_sqlite_only("migrates the file from schema 18");
	assert_int_equal(floor_work(f), 0);
	store_close(f->st);
	f->st = NULL;
	fixture_sql_run(f, FIXTURE_UNDO_SINCE_15 "PRAGMA user_version = 18;");
	assert_int_equal(store_open(f->path, STORE_OPEN, &f->st, &err), 0);
	assert_int_equal(fixture_count(f, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM sqlite_schema"
	    " WHERE name IN ('owner_counts', 'leads_queue_mine',"
	    " 'leads_owner_pool', 'audit_kind')"), 4);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM"
	    " pragma_table_info('deals') WHERE name = 'next_due_on'"), 1);
	assert_int_equal(counters_wrong(f), 0);
}

/*
 * The same work with each trigger gone in turn goes wrong: the test
 * above would catch any of them dropped.
 */
static void
test_counters_need_each_trigger(void **state)
{
	/* PostgreSQL counts a statement at a time: one trigger an event. */
	static const char *const lite[] = {
		"region_counts_add ON regions", "owner_counts_add ON users",
		"lead_counts_add ON leads", "lead_counts_remove ON leads",
		"lead_counts_region ON leads", "lead_counts_owner ON leads",
		NULL,
	};
	static const char *const pg[] = {
		"region_counts_add ON regions", "owner_counts_add ON users",
		"lead_counts_add ON leads", "lead_counts_remove ON leads",
		"lead_counts_change ON leads", NULL,
	};
	const char *const *triggers = fixture_pg() ? pg : lite;
	char sql[80];
	size_t i;

	(void)state;
	for (i = 0; triggers[i] != NULL; i++) {
		void *f;

		assert_int_equal(fixture_setup(&f), 0);
		/* SQLite's DROP TRIGGER names no table: the name alone. */
		snprintf(sql, sizeof sql, "DROP TRIGGER %.*s",
		    fixture_pg() ? (int)strlen(triggers[i]) :
		    (int)strcspn(triggers[i], " "), triggers[i]);
		fixture_sql_run(f, sql);
		if (floor_work(f) + batch_work(f) == 0)
			fail_msg("nothing noticed %s gone", triggers[i]);
		assert_int_equal(fixture_teardown(&f), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_counters_follow_floor_work),
		T(test_counters_follow_batches),
		T(test_counters_shown),
		T(test_counters_filled_by_migration),
		T(test_counters_reach_a_floor_marked_18),
		cmocka_unit_test(test_counters_need_each_trigger),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
