/* Shared set-up for the unit tests: a fresh database per test. */
#ifndef CALLQ_TEST_FIXTURE_H
#define CALLQ_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "callq/batch.h"
#include "callq/numset.h"
#include "callq/store.h"

/* Sunday 2026-11-22 10:00:00 UTC: the tests' fixed "now". */
#define FIXTURE_NOW 1795341600

struct fixture {
	char          dir[64];
	/* What store_open opens: a file, or postgresql:CONNINFO dbname=db. */
	char          path[512];
	char          db[64];	/* the floor's database on PostgreSQL, or "" */
	struct store *st;
	struct actor  admin;	/* the first admin, "boss" */
};

/*
 * Nonzero when the floors are PostgreSQL's: CALLQ_TEST_DRIVER=pg, on the
 * server CALLQ_TEST_PG names (fails the test when that is unset).
 */
int fixture_pg(void);

/*
 * For a test that opens or inspects the SQLite file itself (what names
 * it): on PostgreSQL the test stops here, counted as skipped, with a
 * line saying why; on SQLite nothing happens.
 */
void fixture_sqlite_only(const char *what);

/* cmocka setup/teardown: state is a struct fixture. */
int fixture_setup(void **state);
int fixture_teardown(void **state);

/* Adds user login (role, team, regions; NULL for none) and returns its actor. */
struct actor fixture_user(struct fixture *f, const char *login,
    enum role role, const char *team, const char *regions);

/* Adds a region. */
void fixture_region(struct fixture *f, const char *name, const char *country);

/*
 * Adds a lead as who from "field=value" strings ending in NULL; returns
 * its id, or 0 with *err set when the store refused it.
 */
int64_t fixture_lead(struct fixture *f, const struct actor *who,
    struct err *err, ...);

/*
 * The batch filter import tests want (callq/batch.h): every number looked
 * up in the database; each one added counted in *(int *)filter.arg when
 * the test sets arg; the file's own numbers kept in numbers.
 */
struct batch_filter fixture_batch_filter(struct numset *numbers);

/* A batch row holding only a name and an E.164 number. */
struct batch_lead fixture_batch_lead(const char *name, const char *e164);

/*
 * Runs sql on the floor through a connection of its own, beside the
 * store's, on either driver: a test writes it in SQL both read.
 */
void fixture_sql_run(struct fixture *f, const char *sql);

struct dbconn;

/*
 * A connection of the test's own to its floor, through the driver of the
 * floor's kind (read-only on SQLite); close it with c->drv->close(c).
 */
struct dbconn *fixture_conn_open(struct fixture *f);

/*
 * SQL that takes schema 13's objects out of a floor, for tests that set
 * a floor back to an older version and let the migrations run again.
 */
#define FIXTURE_UNDO_13 \
	"DROP TRIGGER audit_stage_move; DROP TRIGGER calls_lead_add;" \
	"DROP TRIGGER calls_lead_change; DROP TRIGGER calls_lead_remove;" \
	"DROP TRIGGER dispositions_contact; DROP TRIGGER lead_moves_remove;" \
	"DROP TABLE stage_moves;" \
	"DROP INDEX leads_lists; DROP INDEX leads_batch;" \
	"CREATE INDEX leads_batch ON leads(batch_id)" \
	" WHERE batch_id IS NOT NULL;" \
	"ALTER TABLE leads DROP COLUMN called;" \
	"ALTER TABLE leads DROP COLUMN contacted;"

/*
 * Schemas 15 to 22 taken back out, newest first, for FIXTURE_UNDO_14 to
 * follow (15 to 18 are empty).
 */
#define FIXTURE_UNDO_SINCE_15 \
	FIXTURE_UNDO_22 FIXTURE_UNDO_21 FIXTURE_UNDO_20 FIXTURE_UNDO_19

/* Schema 22 (filters' indexes). */
#define FIXTURE_UNDO_22 \
	"DROP INDEX audit_kind; DROP INDEX audit_actor;" \
	"DROP INDEX leads_owner_id;" \
	"DROP INDEX leads_status;" \
	"DROP INDEX calls_started;"

/* Schema 21 (pools, pipeline, search, collections). */
#define FIXTURE_UNDO_21 \
	"DROP INDEX leads_owner_pool; DROP INDEX leads_owner_stage;" \
	"DROP TRIGGER installments_deal_add;" \
	"DROP TRIGGER installments_deal_change;" \
	"DROP TRIGGER installments_deal_remove;" \
	"DROP TRIGGER promises_deal_add; DROP TRIGGER promises_deal_change;" \
	"DROP TRIGGER promises_deal_remove;" \
	"DROP INDEX deals_promise; DROP INDEX deals_next_due;" \
	"DROP INDEX deals_collector_promise;" \
	"DROP INDEX deals_collector_next_due;" \
	"ALTER TABLE deals DROP COLUMN next_due_on;" \
	"ALTER TABLE deals DROP COLUMN promise_on;"

/* Schema 20 (queue). */
#define FIXTURE_UNDO_20 \
	"DROP INDEX leads_queue_mine; DROP INDEX leads_queue_mine_untouched;" \
	"DROP INDEX leads_queue_mine_newest;" \
	"DROP INDEX leads_queue_due_untouched;" \
	"DROP INDEX leads_queue_due_newest;"

/* Schema 19 (counters). */
#define FIXTURE_UNDO_19 \
	"DROP TRIGGER lead_counts_owner; DROP TRIGGER lead_counts_region;" \
	"DROP TRIGGER lead_counts_remove; DROP TRIGGER lead_counts_add;" \
	"DROP TRIGGER owner_counts_add; DROP TRIGGER region_counts_add;" \
	"DROP TABLE owner_counts; DROP TABLE region_counts;" \
	"DROP INDEX leases_user;"

/* Schema 14 taken back out, for FIXTURE_UNDO_13 to follow. */
#define FIXTURE_UNDO_14 \
	"DROP TABLE promises; DROP TABLE installments;" \
	"DROP INDEX calls_deal; DROP INDEX payments_deal;" \
	"DROP INDEX payments_paid;" \
	"ALTER TABLE payments DROP COLUMN deal_id;" \
	"ALTER TABLE payments DROP COLUMN paid_on;" \
	"ALTER TABLE payments DROP COLUMN method_id;" \
	"ALTER TABLE payments DROP COLUMN reference;" \
	"ALTER TABLE payments DROP COLUMN call_id;" \
	"ALTER TABLE calls DROP COLUMN contact_id;" \
	"ALTER TABLE calls DROP COLUMN deal_id;" \
	"ALTER TABLE calls DROP COLUMN outcome;" \
	"DROP TABLE deals; DROP TABLE contact_phones; DROP TABLE contacts;" \
	"ALTER TABLE leads DROP COLUMN customer;" \
	"ALTER TABLE leads DROP COLUMN customer_at;" \
	"DELETE FROM choices WHERE list IN ('product', 'won', 'method');"

/* The first column of the first row of sql, on a connection of its own. */
int fixture_count(struct fixture *f, const char *sql);

/*
 * An audit row's details member k in a test's own SQL, as text and as a
 * number: the column is text on both drivers (pgschema.c), which only
 * SQLite reads as JSON uncast, and neither reads the other's words for
 * it; a test writes its query as a macro of one of these and hands
 * fixture_count the one fixture_pg() names.
 */
#define DETAIL_LITE(k) "json_extract(details, '$." k "')"
#define DETAIL_PG(k) "(CAST(details AS json) ->> '" k "')"
#define DETAIL_INT_LITE(k) DETAIL_LITE(k)
#define DETAIL_INT_PG(k) "CAST(" DETAIL_PG(k) " AS bigint)"

/* Captures stdout into a buffer until fixture_capture_end (free it). */
void fixture_capture_begin(void);
char *fixture_capture_end(void);

#endif
