/* What the store's files share; nothing outside src/store/ includes this. */
#ifndef CALLQ_STORE_INTERNAL_H
#define CALLQ_STORE_INTERNAL_H

#include <stdio.h>

#include "callq/hours.h"
#include "callq/store.h"
#include "dialect.h"
#include "driver.h"

struct store {
	struct dbconn *conn;
	char    *path;		/* as opened, for naming a lock's holder */
	int      wal;		/* journal_mode=WAL, not a rollback journal */
	/*
	 * Nonzero when callq may only read the database: EX_IOERR on a
	 * read-only filesystem, EX_NOPERM when the user may not write it;
	 * ro_msg says which, for every write refused.
	 */
	int      ro_status;
	char     ro_msg[400];
	int      depth;		/* > 0 inside store_tx */
	/*
	 * Nonzero on a PostgreSQL floor whose row-level security binds this
	 * session (a user's own role): what reaches past the user's scope
	 * goes through the server's functions (SQL_OWN).
	 */
	int      own_role;
	char     own_login[64];	/* ... and that role's name, the user's login */
	int      busy;		/* this transaction met DB_FAULT_BUSY */
	int      gone;		/* ... or DB_FAULT_GONE, before its COMMIT */
	/*
	 * How long the last and the longest write transaction held the
	 * write lock (seconds): what everyone else waited for at most.
	 */
	double   tx_last, tx_longest;
	struct timespec tx_released;	/* when the last commit let go */
	int      released;		/* tx_released is this commit's */
	unsigned jitter;	/* rand_r state for the busy handler's waits */
	/* What the SQL function callq_callable() answers by. */
	struct hours_rules hours;
	time_t   hours_now;
	int      retry_minutes;	/* the queue's: see store/queue.c */
	int      ncache, capacity;
	struct cached {
		const char   *sql;	/* a string constant: keyed by address */
		struct stmt  *stmt;
	} *cache;
	/* Statements built at run time (a lead edit's UPDATE), by text. */
	int      nbuilt;
	struct cached built[16];
};

/*
 * A prepared statement for sql, which must be a string constant: it is
 * kept for the life of the store, reset and unbound. NULL on error.
 */
struct stmt *stmt_get(struct store *st, const char *sql, struct err *err);

/*
 * A prepared statement for sql built at run time from constants only
 * (never from user text), kept by its text while it is among the last
 * few used: preparing an UPDATE of leads costs more than running it.
 */
struct stmt *stmt_built(struct store *st, const char *sql, struct err *err);

/*
 * As store_tx, but one attempt: a database kept busy is reported
 * (EX_TEMPFAIL, st->busy set), not waited out, and a transaction the
 * server's going away cut off is not run again. For work that may as
 * well be left to a quieter moment.
 */
int store_tx_once(struct store *st,
    int (*fn)(struct store *, void *, struct err *), void *arg,
    struct err *err);

/* Turns the connection's last error into a sentence; returns the status. */
int db_fail(struct store *st, struct err *err, const char *what);

/* Steps a statement that returns no row. */
int db_run(struct store *st, struct stmt *stmt, struct err *err,
    const char *what);

/*
 * Steps an INSERT ... RETURNING id: *id is the largest id it returned,
 * 0 when it inserted nothing (an INSERT OR IGNORE that ignored). The id
 * is read back from the statement because PostgreSQL has no last insert
 * id that a trigger's own inserts cannot disturb (lastval()).
 */
int db_insert(struct store *st, struct stmt *stmt, int64_t *id,
    struct err *err, const char *what);

/* Steps once: DB_ROW, DB_DONE, or -1 with err set. */
int db_step(struct store *st, struct stmt *stmt, struct err *err,
    const char *what);

void bind_text(struct stmt *stmt, int i, const char *s);	/* NULL: null */
void bind_id(struct stmt *stmt, int i, int64_t id);		/* 0: null */
const char *col_text(struct stmt *stmt, int i);		/* NULL: "" */

/* Closes st's connection and every statement prepared on it. */
void store_conn_close(struct store *st);

/* Refuses a write on a database callq may only read: ro_msg says why. */
int readonly_fail(struct store *st, struct err *err);

/*
 * A LIMIT's value for every row: SQLite reads a negative LIMIT so, and
 * PostgreSQL refuses one; both take the largest integer.
 */
#define LIMIT_ALL INT64_MAX

struct details;

/*
 * Writes the mutation's one audit row. d (or NULL for none) is finished
 * and freed here, whatever happens.
 */
int audit_write(struct store *st, const struct actor *who, const char *entity,
    int64_t entity_id, const char *action, struct details *d,
    struct err *err);

/* Writes the digits of s, last first, into out (store/search.c). */
void digits_reversed(const char *s, char *out, size_t size);

/*
 * Applies the migrations a database at version lacks, each in its own
 * transaction (each step checks again, as another process may be first).
 */
int schema_migrate(struct store *st, int version, struct err *err);
int schema_version(struct store *st, int *version, struct err *err);

/*
 * Who holds the database's write lock, in words for an admin ("process
 * 4242 (callq dnc import big.txt) of rep1, stopped"); 0, or -1 when it
 * cannot be told (no other process holds it, or it is out of sight).
 */
int lock_holder(const struct store *st, char *buf, size_t size);

/*
 * Before user's attendance changes: when it ends a pause that ran over
 * its reason's limit and was not announced yet, the team leads hear of
 * it now (store/alert.c); *raised: how many were told.
 */
int alert_pause_ended(struct store *st, int64_t user, time_t now,
    int *raised, struct err *err);

/*
 * Brings deal's derived figures in line with its payments (installments'
 * paid shares, the deal's paid total and state, its promises kept or
 * open again): every write of a payment or a plan calls it in its own
 * transaction (store/settle.c).
 */
int deal_settle(struct store *st, int64_t deal, time_t now, struct err *err);

/* Sets *id to lead's deal, or 0 when it has none (store/settle.c). */
int deal_of_lead(struct store *st, int64_t lead, int64_t *id,
    struct err *err);

struct payment_new;

/*
 * Records payment p on its deal inside the caller's transaction (a
 * collection call's, or store_payment_add's): who must be allowed
 * ACT_PAYMENT on the deal's lead (refused here too, a missing deal and
 * one out of sight alike), the amount at most the deal's balance, the
 * day not in the future nor before the close date, the method an active
 * 'method' name. call_id (0: none) is the call it was taken on. Settles
 * the deal and writes the payment's audit row; sets *id (may be NULL).
 */
int payment_insert(struct store *st, const struct actor *who,
    const struct payment_new *p, int64_t call_id, int64_t *id,
    struct err *err);

/*
 * user's dial of lead still waiting for its log (the newest), which the
 * log completes rather than adding a call; *call is 0 when none.
 */
int calls_open(struct store *st, int64_t lead, int64_t user, int64_t *call,
    struct err *err);

struct deal_spec;

/*
 * store_deal_add inside the caller's transaction (store_call_log's
 * Converted form): call is the converting call, 0 for none (store/deal.c).
 */
int deal_make(struct store *st, const struct actor *who, int64_t lead,
    const struct deal_spec *spec, int64_t call, int64_t *id,
    struct err *err);

/*
 * Marks lead a customer, since now, if it is Converted and was not one:
 * every change that can convert a lead calls it (store/deal.c).
 */
int lead_customer_mark(struct store *st, int64_t lead, time_t now,
    struct err *err);

/*
 * Sets *id to the active value name of settings list (0 when name is
 * NULL or ""); refused with a sentence naming what it is and the command
 * that lists them (store/choice.c).
 */
int choice_active_id(struct store *st, const char *list, const char *what,
    const char *name, int64_t *id, struct err *err);

/* Fills the settings lists of a new database from data/. */
int seed_defaults(struct store *st, struct err *err);

/* Refuses an action: EX_NOPERM with a sentence naming role and action. */
int deny(const struct actor *who, enum action action, struct err *err);

/* Refuses unless who's role may do action at all (any scope). */
int require(const struct actor *who, enum action action, struct err *err);

/*
 * A JSON object built up for an audit row's details and handed to
 * audit_write. When memory runs out the calls do nothing and audit_write
 * reports it.
 */
struct details {
	FILE  *f;
	char  *buf;
	size_t len;
	int    n;
};
void details_begin(struct details *d);
void details_str(struct details *d, const char *key, const char *value);
void details_strn(struct details *d, const char *key, const char *value,
    size_t len);
void details_int(struct details *d, const char *key, long long value);
void details_free(struct details *d);	/* for a mutation that failed */

/*
 * An audit row's details (the JSON column col) as people read them:
 * "key: value" pairs, times as dates in the reader's zone, the lead's
 * value in units and cents rather than raw cents, nulls as "(none)";
 * only the members cond (over j, the member) keeps. Details that are not
 * JSON (an older database) read as nothing rather than failing the list.
 */
#define DETAILS_TEXT(col, cond) \
	"coalesce((SELECT group_concat(j.key || ': ' || CASE" \
	" WHEN j.type = 'null' THEN '(none)'" \
	" WHEN j.type = 'integer' AND (j.key LIKE '%\\_at' ESCAPE '\\'" \
	"  OR j.key = 'due')" \
	"  THEN strftime('%Y-%m-%d %H:%M', j.value, 'unixepoch', 'localtime')" \
	" WHEN j.type = 'integer' AND j.key = 'value'" \
	"  THEN CASE WHEN j.value < 0 THEN '-' ELSE '' END" \
	"  || printf('%d.%02d', abs(j.value) / 100, abs(j.value) % 100)" \
	" ELSE j.value END, ', ') FROM json_each(CASE WHEN json_valid(" col \
	") THEN " col " END) j WHERE " cond "), '')"

/*
 * DETAILS_TEXT in PostgreSQL's words, to read the same: json (not jsonb)
 * keeps the members in the order written, which ORDINALITY then holds
 * the aggregate to; a string unquoted, true and false as SQLite's 1 and
 * 0. Times are in the session's zone (UTC: pg.c) rather than the
 * process's. Details that are not an object read as nothing.
 */
#define DETAILS_TEXT_PG(col, cond) \
	"coalesce((SELECT string_agg(j.key || ': ' || CASE" \
	" WHEN json_typeof(j.value) = 'null' THEN '(none)'" \
	" WHEN " PG_JSON_INT("j.value") " AND (j.key LIKE '%\\_at'" \
	"  ESCAPE '\\' OR j.key = 'due')" \
	"  THEN to_char(to_timestamp(CAST(j.value::text AS bigint))," \
	"  'YYYY-MM-DD HH24:MI')" \
	" WHEN " PG_JSON_INT("j.value") " AND j.key = 'value'" \
	"  THEN CASE WHEN j.value::text LIKE '-%' THEN '-' ELSE '' END" \
	"  || " PG_CENTS("abs(CAST(j.value::text AS bigint))", "") \
	" WHEN json_typeof(j.value) = 'string' THEN j.value #>> '{}'" \
	" WHEN json_typeof(j.value) = 'boolean'" \
	"  THEN CASE WHEN j.value::text = 'true' THEN '1' ELSE '0' END" \
	" ELSE j.value::text END, ', ' ORDER BY j.n)" \
	" FROM json_each(" PG_JSON_OBJECT(col) ") WITH ORDINALITY" \
	" AS j(key, value, n) WHERE " cond "), '')"

/* Whether the json v is an integer, as SQLite's json_each type 'integer'. */
#define PG_JSON_INT(v) \
	"(json_typeof(" v ") = 'number' AND " v "::text ~ '^-?[0-9]+$')"

/*
 * The text column col as json when it holds an object, else NULL: the
 * audit's details are text on both drivers (pgschema.c), and PostgreSQL
 * has no json_valid before 16, so a row another program wrote that is
 * not an object reads as no details rather than failing the query.
 */
#define PG_JSON_OBJECT(col) \
	"CASE WHEN " col " LIKE '{%}' THEN CAST(" col " AS json) END"

/* Member key of the JSON text col as text, as json_extract reads it. */
#define PG_JSON_GET(col, key) \
	"(" PG_JSON_OBJECT(col) " ->> '" key "')"

/*
 * The bigint cents x as SQLite's printf('%d.%02d', x / 100, x % 100)
 * writes them, sep "," for printf's "%,d" thousands (to_char's "FM"
 * drops its padding), negative cents as printf writes them too.
 */
#define PG_CENTS(x, sep) \
	"to_char((" x ") / 100, 'FM999" sep "999" sep "999" sep "999" sep \
	"999" sep "999" sep "990') || '.' || CASE WHEN (" x ") % 100" \
	" BETWEEN 0 AND 9 THEN '0' ELSE '' END || ((" x ") % 100)::text"

/*
 * Seeded defaults that a migration applies to an existing floor too: a
 * disposition counts as a contact when the call reached someone (not a
 * miss, not a wrong number); Lunch and Short break have limits.
 */
#define REPORT_CONTACT_DEFAULT \
	"(CASE WHEN status = 'CNP' OR name = 'Wrong number' THEN 0 ELSE 1 END)"
#define PAUSE_LIMIT_DEFAULT \
	"(CASE name WHEN 'Lunch' THEN 60 WHEN 'Short break' THEN 15 END)"

/*
 * Where a call's lead is as the call starts, for the call row's
 * local_slot, region_id and source_id (schema 12): lead and at are the
 * statement's parameters for the lead's id and the call's start.
 */
#define CALL_PLACE(lead, at) \
	" (SELECT callq_local_slot(timezone, " at ") FROM leads" \
	"  WHERE id = " lead "), (SELECT region_id FROM leads" \
	"  WHERE id = " lead "), (SELECT source_id FROM leads" \
	"  WHERE id = " lead ")"

#endif
