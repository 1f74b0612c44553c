/*
 * The write lock on a shared floor: nothing a user does to their own
 * callq keeps it, and no bulk command holds it for long.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/assign.h"
#include "callq/dnc.h"
#include "callq/user.h"
#include "fixture.h"
/* The connection itself, to count its commits. */
#include "../../src/store/sqliteint.h"

static volatile sig_atomic_t stops;

static void
stop_caught(int sig)
{
	(void)sig;
	stops++;
}

struct stopping {
	const struct actor *who;
	int                 stops_inside;
};

/* Ctrl-Z in the middle of a write. */
static int
write_with_stop(struct store *st, void *arg, struct err *err)
{
	struct stopping *s = arg;
	const char *number[] = { "+14155550123" };
	size_t added;

	raise(SIGTSTP);
	raise(SIGTTOU);
	s->stops_inside = stops;
	return store_dnc_add(st, s->who, number, 1, NULL, &added, err);
}

static void
test_a_stop_waits_for_the_commit(void **state)
{
	struct fixture *f = *state;
	struct stopping s = { &f->admin, -1 };
	struct sigaction sa, old_tstp, old_ttou;
	struct err err;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = stop_caught;
	sigaction(SIGTSTP, &sa, &old_tstp);
	sigaction(SIGTTOU, &sa, &old_ttou);
	stops = 0;
	assert_int_equal(store_tx(f->st, write_with_stop, &s, &err), 0);
	sigaction(SIGTSTP, &old_tstp, NULL);
	sigaction(SIGTTOU, &old_ttou, NULL);
	/* Not one stop inside the transaction; both once it committed. */
	assert_int_equal(s.stops_inside, 0);
	assert_int_equal(stops, 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM dnc"), 1);
}

static int
commit_counted(void *arg)
{
	(*(int *)arg)++;
	return 0;
}

/* A team lead's big assignment is written a few hundred leads at a time. */
static void
test_assign_commits_in_chunks(void **state)
{
	struct fixture *f = *state;
	struct assign_plan *p = calloc(1, sizeof *p);
	const char *to[] = { "rep1" };
	char name[32], phone[32];
	int64_t ids[1200];
	struct err err;
	int i, commits = 0;

	fixture_region(f, "East", "US");
	fixture_user(f, "rep1", ROLE_REP, "A", "East");
	for (i = 0; i < 1200; i++) {
		snprintf(name, sizeof name, "name=Lead %d", i);
		snprintf(phone, sizeof phone, "phone=+1305556%04d", i);
		ids[i] = fixture_lead(f, &f->admin, &err, name, "region=East",
		    phone, NULL);
		assert_true(ids[i] > 0);
	}
	if (!fixture_pg())
		sqlite3_commit_hook(sqlite_db(f->st->conn), commit_counted,
		    &commits);
	assert_int_equal(store_assign(f->st, &f->admin, ids, 1200,
	    ASSIGN_MANUAL, to, 1, p, &err), 0);
	if (!fixture_pg()) {
		sqlite3_commit_hook(sqlite_db(f->st->conn), NULL, NULL);
		assert_int_equal(commits, 3);
	} else {
		/* PostgreSQL has no commit hook: each row names the
		 * transaction that last wrote it. */
		assert_int_equal(fixture_count(f, "SELECT count(DISTINCT"
		    " CAST(xmin AS text)) FROM leads"), 3);
	}
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l JOIN "
	    "users u ON u.id = l.owner_id WHERE u.login = 'rep1'"), 1200);
	/* Told once, as before. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM notifications "
	    "WHERE kind = 'assigned'"), 1);
	free(p);
}

/* One lead it may not give refuses all of them, before any is written. */
static void
test_assign_refused_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct assign_plan *p = calloc(1, sizeof *p);
	const char *to[] = { "lead1" };
	char name[32], phone[32];
	int64_t ids[700];
	struct actor lead;
	struct err err;
	int i;

	fixture_region(f, "East", "US");
	lead = fixture_user(f, "lead1", ROLE_LEAD, "A", NULL);
	fixture_user(f, "far", ROLE_REP, "B", "East");
	for (i = 0; i < 700; i++) {
		snprintf(name, sizeof name, "name=Lead %d", i);
		snprintf(phone, sizeof phone, "phone=+1305557%04d", i);
		ids[i] = fixture_lead(f, &f->admin, &err, name, "region=East",
		    phone, i == 650 ? "owner=far" : "owner=none", NULL);
		assert_true(ids[i] > 0);
	}
	assert_int_equal(store_assign(f->st, &lead, ids, 700, ASSIGN_MANUAL,
	    to, 1, p, &err), EX_NOPERM);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l JOIN "
	    "users u ON u.id = l.owner_id WHERE u.login = 'lead1'"), 0);
	free(p);
}

/*
 * -wal and -shm outlive the last connection: made once by whoever
 * created the database, never again by a user's callq.
 */
static void
test_wal_files_are_kept(void **state)
{
	struct fixture *f = *state;
	char name[600];
	struct stat sb;
	struct err err;

	fixture_sqlite_only("the -wal and -shm files");
	store_close(f->st);
	f->st = NULL;
	snprintf(name, sizeof name, "%s-wal", f->path);
	assert_int_equal(stat(name, &sb), 0);
	assert_int_equal(sb.st_size, 0);	/* emptied at close */
	snprintf(name, sizeof name, "%s-shm", f->path);
	assert_int_equal(stat(name, &sb), 0);
	assert_int_equal(store_open(f->path, STORE_OPEN, &f->st, &err), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
    fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_a_stop_waits_for_the_commit),
		T(test_assign_commits_in_chunks),
		T(test_assign_refused_writes_nothing),
		T(test_wal_files_are_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
