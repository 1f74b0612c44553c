/*
 * The pools and pipeline columns: a rep sees its own leads and the
 * unassigned ones, others' never; a walk pages through them in id order,
 * each lead once, forward and back; the tally counts the same leads up
 * to its cap; and every walk reads an index in the page's order, never
 * the whole table, never sorting.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "callq/pool.h"
#include "fixture.h"

#define NLEADS 40
#define MAXGOT 64

struct got {
	int64_t id[MAXGOT];
	int     n;
};

static int
got_take(const struct lead *l, void *arg)
{
	struct got *g = arg;

	if (g->n < MAXGOT)
		g->id[g->n++] = l->id;
	return 0;
}

/* Everyone's: reps a and b, lead, and NLEADS leads in East. */
struct floor {
	struct actor a, b, lead;
	int64_t id[NLEADS];
};

/*
 * Lead i is rep a's when i % 5 == 1, rep b's when i % 5 == 2, else no
 * one's; In Progress (Working) when i % 3 != 0, else New.
 */
static void
floor_build(struct fixture *f, struct floor *fl)
{
	struct err err = { 0 };
	char sql[256], name[32], phone[32];
	int i;

	fixture_region(f, "East", "US");
	fl->a = fixture_user(f, "repa", ROLE_REP, "A", "East");
	fl->b = fixture_user(f, "repb", ROLE_REP, "A", "East");
	fl->lead = fixture_user(f, "leada", ROLE_LEAD, "A", NULL);
	for (i = 0; i < NLEADS; i++) {
		snprintf(name, sizeof name, "name=Shop %d", i);
		snprintf(phone, sizeof phone, "phone=+1212555%04d", i);
		fl->id[i] = fixture_lead(f, &f->admin, &err, name, phone,
		    "country=US", "region=East", NULL);
		if (fl->id[i] <= 0)
			fail_msg("lead %d: %s", i, err.msg);
		snprintf(sql, sizeof sql, "UPDATE leads SET owner_id = %s,"
		    " status = '%s' WHERE id = %lld", i % 5 == 1 ?
		    "(SELECT id FROM users WHERE login = 'repa')" : i % 5 == 2 ?
		    "(SELECT id FROM users WHERE login = 'repb')" : "NULL",
		    i % 3 != 0 ? "In Progress" : "New", (long long)fl->id[i]);
		fixture_sql_run(f, sql);
	}
}

/* Whether lead i is in pool (or any, -1) and one who reads: rep a. */
static int
rep_a_sees(int i, int working)
{
	int mine = i % 5 == 1, none = i % 5 != 1 && i % 5 != 2;

	return working ? i % 3 != 0 && (mine || none) : i % 3 == 0 && none;
}

/* The whole walk, page by page of n, forward or backward. */
static struct got
walk_all(struct fixture *f, const struct actor *who,
    const struct pool_query *q, int backward, int n)
{
	struct got all = { .n = 0 }, page;
	struct err err = { 0 };
	int64_t from = 0;
	int i;

	do {
		page.n = 0;
		assert_int_equal(store_pool_walk(f->st, who, q, from, backward,
		    n, got_take, &page, &err), 0);
		for (i = 0; i < page.n && all.n < MAXGOT; i++)
			all.id[all.n++] = page.id[i];
		if (page.n > 0)
			from = page.id[page.n - 1];
	} while (page.n == n);
	return all;
}

static void
assert_walk(struct fixture *f, const struct floor *fl, int working)
{
	struct pool_query q = { .pool = working ? POOL_WORKING : POOL_FRESH };
	struct got want = { .n = 0 }, fwd, back;
	int i, n;

	for (i = 0; i < NLEADS; i++)
		if (rep_a_sees(i, working))
			want.id[want.n++] = fl->id[i];
	for (n = 1; n <= 4; n++) {
		fwd = walk_all(f, &fl->a, &q, 0, n);
		back = walk_all(f, &fl->a, &q, 1, n);
		assert_int_equal(fwd.n, want.n);
		assert_int_equal(back.n, want.n);
		for (i = 0; i < want.n; i++) {
			assert_int_equal(fwd.id[i], want.id[i]);
			assert_int_equal(back.id[i], want.id[want.n - 1 - i]);
		}
	}
}

/* A rep's pools: its own and the unassigned, each once, in order. */
static void
test_pool_rep_pages(void **state)
{
	struct fixture *f = *state;
	struct floor fl;

	floor_build(f, &fl);
	assert_walk(f, &fl, 1);
	assert_walk(f, &fl, 0);
}

/* A rep's pipeline column: the same merge, by stage. */
static void
test_pool_rep_stage(void **state)
{
	struct fixture *f = *state;
	struct pool_query q = { .pool = POOL_WORKING };
	struct floor fl;
	struct got fwd, back;
	char sql[256];
	int i, want;

	floor_build(f, &fl);
	snprintf(sql, sizeof sql, "SELECT stage_id FROM leads WHERE id = %lld",
	    (long long)fl.id[1]);	/* rep a's, In Progress */
	q.stage_id = fixture_count(f, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM leads WHERE"
	    " stage_id = %lld AND deleted_at IS NULL AND (owner_id IS NULL"
	    " OR owner_id = %lld)", (long long)q.stage_id, (long long)fl.a.id);
	want = fixture_count(f, sql);
	assert_true(want > 1);
	fwd = walk_all(f, &fl.a, &q, 0, 2);
	back = walk_all(f, &fl.a, &q, 1, 3);
	assert_int_equal(fwd.n, want);
	assert_int_equal(back.n, want);
	for (i = 0; i < want; i++) {
		assert_true(i == 0 || fwd.id[i] > fwd.id[i - 1]);
		assert_int_equal(back.id[i], fwd.id[want - 1 - i]);
	}
}

static int64_t
tally(struct fixture *f, const struct actor *who, const struct pool_query *q,
    int64_t cap)
{
	struct pool_tally t;
	struct err err = { 0 };

	assert_int_equal(store_pool_tally(f->st, who, q, cap, &t, &err), 0);
	return t.count;
}

/* Who sees what, counted to a cap, and the owner filter. */
static void
test_pool_scope(void **state)
{
	struct fixture *f = *state;
	struct pool_query q = { .pool = POOL_WORKING };
	struct floor fl;
	int i, mine = 0, none = 0, theirs = 0;

	floor_build(f, &fl);
	for (i = 0; i < NLEADS; i++)
		if (i % 3 != 0) {
			mine += i % 5 == 1;
			theirs += i % 5 == 2;
			none += i % 5 != 1 && i % 5 != 2;
		}
	assert_int_equal(tally(f, &fl.a, &q, 1000), mine + none);
	assert_int_equal(tally(f, &fl.a, &q, 3), 3);
	assert_int_equal(tally(f, &fl.lead, &q, 1000), mine + none + theirs);
	assert_int_equal(tally(f, &f->admin, &q, 1000), mine + none + theirs);
	q.owner = "repb";
	assert_int_equal(tally(f, &f->admin, &q, 1000), theirs);
	assert_int_equal(tally(f, &fl.a, &q, 1000), 0);
	q.owner = "none";
	assert_int_equal(tally(f, &fl.a, &q, 1000), none);
	q.owner = "nobody";
	assert_int_equal(tally(f, &f->admin, &q, 1000), 0);
	q.owner = NULL;
	q.pool = POOL_FRESH;	/* New and unassigned only */
	for (i = 0, none = 0; i < NLEADS; i++)
		none += i % 3 == 0 && i % 5 != 1 && i % 5 != 2;
	assert_int_equal(tally(f, &f->admin, &q, 1000), none);
	assert_int_equal(tally(f, &fl.b, &q, 1000), none);
}

/*
 * The plan of sql: leads read through a range of an index (two ranges
 * when merged: a rep's own and the unassigned) or by id, and no sort:
 * the index gives the page's order.
 */
static void
assert_plan(struct fixture *f, const char *sql, int merged)
{
	char explain[16384], line[512], plan[4096] = "";
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int sorts = 0, reads = 0;

	snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
	fixture_sqlite_only("opens the SQLite file");
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, explain, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(line, sizeof line, "%s",
		    (const char *)sqlite3_column_text(stmt, 3));
		snprintf(plan + strlen(plan), sizeof plan - strlen(plan),
		    "\n  %s", line);
		if (strncmp(line, "SCAN l", 6) == 0 && (line[6] == '\0' ||
		    line[6] == ' '))
			fail_msg("reads every lead: %s", line);
		if (strncmp(line, "SEARCH l USING INDEX leads_", 27) == 0)
			reads++;
		if (strstr(line, "TEMP B-TREE FOR ORDER BY") != NULL ||
		    strstr(line, "TEMP B-TREE FOR LAST") != NULL)
			sorts++;
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	if (reads != (merged ? 2 : 1) || sorts > 0)
		fail_msg("%d index reads, %d sorts:%s", reads, sorts, plan);
}

/* Each walk and tally, for each kind of reader and owner filter. */
static void
test_pool_plans(void **state)
{
	struct fixture *f = *state;
	struct floor fl;
	const struct actor *who[3];
	const char *owners[3] = { NULL, "none", "repb" };
	struct pool_query q = { .pool = POOL_WORKING };
	int w, o, stage, back;

	floor_build(f, &fl);
	who[0] = &f->admin, who[1] = &fl.a, who[2] = &fl.lead;
	for (stage = 0; stage < 2; stage++)
		for (w = 0; w < 3; w++)
			for (o = 0; o < 3; o++) {
				int merged = w == 1 && o == 0;

				q.stage_id = stage;
				q.owner = owners[o];
				for (back = 0; back < 2; back++)
					assert_plan(f, store_pool_sql(who[w],
					    &q, back, 0), merged);
				assert_plan(f, store_pool_sql(who[w], &q, 0,
				    1), merged);
			}
	q.stage_id = 0;
	q.owner = NULL;
	q.pool = POOL_FRESH;
	assert_plan(f, store_pool_sql(&fl.a, &q, 0, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pool_rep_pages,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pool_rep_stage,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pool_scope,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pool_plans,
		    fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
