/*
 * The PostgreSQL driver: driver.h over libpq (loaded by pglib.c). One
 * connection is one server session; each prepared statement is a
 * server-side prepared statement named for this session alone.
 *
 * SQLite's ?N and ? become $N (sql_rewrite). Parameters go as text, the
 * server inferring their types from the statement; results come back as
 * text, all rows of a statement at once, and are handed out one a step.
 *
 * A session the server ended (a restart, a failover, a killed backend,
 * a dropped network) is replaced by a new one with the same conninfo and
 * settings on the next call outside a transaction: each statement is
 * prepared again on the new session when it next runs, and a read that
 * found the session gone runs once more on the new one. Inside a
 * transaction nothing is sent again: the transaction is over, and the
 * store decides whether to run it again (store_tx).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/auxv.h>
#include <time.h>
#include <unistd.h>

#include "pglib.h"
#include "pg.h"

/*
 * The session's limits. A writer waits this long behind another's row
 * lock before the store retries its transaction, as long as SQLite's
 * busy handler waits (BUSY_WAIT_MS in store.c).
 */
#define PG_LOCK_TIMEOUT		"2s"
/*
 * A client stopped (Ctrl-Z) or cut off inside a transaction is
 * disconnected by the server after this, which frees its locks: no user
 * can stall the floor's writers for longer by stopping their own callq.
 */
#define PG_IDLE_TX_TIMEOUT	"5s"
/*
 * No statement of the store's runs near this long; one that does is a
 * runaway that holds its locks and a backend, and the store's own
 * transaction deadline (TX_DEADLINE_MS in store.c) has passed by then.
 */
#define PG_STATEMENT_TIMEOUT	"30s"
/* How long libpq waits for a server that does not answer, unless told. */
#define PG_CONNECT_TIMEOUT	"10"
/*
 * After a failed try to reconnect, the next waits this long: a screen
 * polling every tick while the server is down must not hammer it.
 */
#define PG_REVIVE_MS		1000
/* A new session begun by a poll is given up after this, as libpq would. */
#define PG_REVIVE_WAIT_MS	10000

/* The session's settings, and the channel data_version listens on. */
static const char session_sql[] =
    "SET lock_timeout = '" PG_LOCK_TIMEOUT "';"
    "SET statement_timeout = '" PG_STATEMENT_TIMEOUT "';"
    "SET idle_in_transaction_session_timeout = '" PG_IDLE_TX_TIMEOUT "';"
    "SET application_name = 'callq';"
    "SET client_encoding = 'UTF8';"
    "SET TimeZone = 'UTC';"	/* until session_zone, if it can */
    "LISTEN " PG_CHANGE_CHANNEL;

/* A path no one can create: libpq finds no file there. */
#define PG_NO_FILE "/dev/null/none"

/* Type OIDs from the server's catalog (pg_type.dat), which never change. */
#define OID_BOOL	16
#define OID_INT8	20
#define OID_INT2	21
#define OID_INT4	23
#define OID_OID		26
#define OID_FLOAT4	700
#define OID_FLOAT8	701
#define OID_NUMERIC	1700

/* PostgreSQL takes at most this many parameters in one statement. */
#define PG_MAX_PARAMS	65535
/* pg_type.oid of text (catalog/pg_type_d.h: TEXTOID). */
#define PG_TEXT_OID	25

struct pgconn {
	struct dbconn base;
	PGconn       *pg;
	int           pid;		/* this session's backend */
	/*
	 * The session is gone (DB_FAULT_GONE); cut: it was inside a
	 * transaction then, which the caller has not ended yet, so no new
	 * session is made for it. intx: a transaction was open when the
	 * last statement was sent.
	 */
	int           lost, cut, intx;
	int           committing;	/* COMMIT is on its way */
	unsigned long epoch;		/* sessions so far: 1 for the first */
	long long     revive_after;	/* no new try before (PG_REVIVE_MS) */
	/* conn_revive's new session on its way: what it waits for, until. */
	int           resetting;
	PostgresPollingStatusType reset_wait;
	long long     reset_until;
	unsigned long nstmts;		/* prepared so far: names them */
	int64_t       changes;
	int64_t       version;		/* other sessions' notifications */
	enum db_fault fault;
	/*
	 * A serialization failure or deadlock ended this transaction. A
	 * read that drops its error (a setting's fallback, say) leaves the
	 * next statement to fail "transaction is aborted": that one is
	 * BUSY too, so the store retries the transaction rather than fail.
	 */
	int           tx_busy;
	char          errmsg[512];
	/* Statements finalized inside a failed transaction (see finalize). */
	char        **pending;
	size_t        npending;
	/* COPY FROM STDIN's rows not sent yet (pg_copy_row). */
	char         *copybuf;
	size_t        copylen, copycap;
};

enum pgstmt_state {
	PGSTMT_READY,		/* not run since prepare or reset */
	PGSTMT_ROWS,		/* run: rows being handed out */
	PGSTMT_DONE,
};

struct pgstmt {
	struct stmt       base;
	char              name[32];
	char             *text;		/* as the server reads it */
	Oid              *types;	/* of each parameter, or NULL */
	unsigned long     epoch;	/* the session it was prepared on */
	int               read;		/* a SELECT: may run twice */
	int               nparams;
	char            **params;	/* text of each; NULL: null */
	int               lost;		/* a value's copy ran out of memory */
	PGresult         *res;
	int               row;		/* the row handed out */
	enum pgstmt_state state;
};

static const struct db_driver pg_driver;

/* Copies a libpq message as one line: its newlines and tabs as spaces. */
static void
msg_copy(char *dst, size_t size, const char *src)
{
	size_t n = 0;
	int space = 0;

	for (; *src != '\0' && n + 1 < size; src++) {
		if (*src == '\n' || *src == '\t' || *src == ' ') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < size)
			dst[n++] = ' ';
		space = 0;
		dst[n++] = *src;
	}
	dst[n] = '\0';
}

/* The fault a SQLSTATE stands for. */
static enum db_fault
fault_of(const char *state)
{
	if (state == NULL || strlen(state) != 5)
		return DB_FAULT_OTHER;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return DB_FAULT_BUSY;
	if (strcmp(state, "23505") == 0)
		return DB_FAULT_UNIQUE;
	if (strncmp(state, "23", 2) == 0)
		return DB_FAULT_CONSTRAINT;
	if (strcmp(state, "25006") == 0 || strcmp(state, "42501") == 0)
		return DB_FAULT_READONLY;
	if (strcmp(state, "53100") == 0)
		return DB_FAULT_FULL;
	/*
	 * Connection exceptions, the server shutting down or ending this
	 * session (57P01-57P05), and the idle-in-transaction timeout: the
	 * session is over.
	 */
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0 ||
	    strcmp(state, "25P03") == 0)
		return DB_FAULT_GONE;
	return DB_FAULT_OTHER;
}

/*
 * Adds to the server's refusal what the user can do about it: a role the
 * server has granted too little needs a grant; a session the server
 * keeps to reads (a standby, or a database set read-only) needs the
 * primary. Other refusals of the same codes (a row-level security
 * policy's, the security's own functions') say what they need already.
 */
static void
readonly_advice(struct pgconn *c, const char *state, const char *primary)
{
	size_t n = strlen(c->errmsg);
	const char *advice = NULL;

	if (strcmp(state, "25006") == 0)
		advice = "; the server takes only reads here, so point callq "
		    "at the primary, or ask its administrator why the database "
		    "is read-only";
	else if (primary != NULL && strncmp(primary, "permission denied for ",
	    22) == 0)
		advice = "; ask the database's administrator to grant it to "
		    "your PostgreSQL role";
	if (advice != NULL)
		snprintf(c->errmsg + n, sizeof c->errmsg - n, "%s", advice);
}

/* Records why res (NULL: no result at all) failed; returns -1. */
static int
conn_fail(struct pgconn *c, const PGresult *res)
{
	const char *state = NULL, *primary = NULL;

	if (res != NULL) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	}
	c->fault = fault_of(state);
	if (c->fault == DB_FAULT_BUSY)
		c->tx_busy = 1;
	else if (c->tx_busy && state != NULL && strcmp(state, "25P02") == 0)
		c->fault = DB_FAULT_BUSY;
	/*
	 * An error of libpq's own (no SQLSTATE) on a connection that can no
	 * longer be read: the server closed it, or the network did.
	 */
	if (PQstatus(c->pg) == CONNECTION_BAD || (state == NULL &&
	    PQconsumeInput(c->pg) == 0))
		c->fault = DB_FAULT_GONE;
	if (c->fault == DB_FAULT_GONE) {
		char why[400];

		const char *m = primary != NULL ? primary :
		    PQerrorMessage(c->pg), *sev = strstr(m, ":  ");

		/* libpq's own text leads with the severity: "FATAL:  ". */
		if (sev != NULL && sev - m < 16 && strspn(m, "ABCDEFGHIJKLMNOP"
		    "QRSTUVWXYZ") == (size_t)(sev - m))
			m = sev + 3;
		c->lost = 1;
		c->cut = c->cut || c->intx;

		/* libpq's first line says what happened; the rest guesses. */
		snprintf(why, sizeof why, "%.*s", (int)strcspn(m, "\n"), m);
		snprintf(c->errmsg, sizeof c->errmsg, "the connection to the "
		    "PostgreSQL server was lost%s (%s)", c->committing ?
		    " before it answered COMMIT" : "", why[0] != '\0' ? why :
		    "no reason given");
		if (c->committing)
			c->fault = DB_FAULT_INDOUBT;
		return -1;
	}
	msg_copy(c->errmsg, sizeof c->errmsg, primary != NULL ? primary :
	    PQerrorMessage(c->pg));
	if (c->errmsg[0] == '\0')
		snprintf(c->errmsg, sizeof c->errmsg, "PostgreSQL failed "
		    "without saying why");
	if (c->fault == DB_FAULT_READONLY)
		readonly_advice(c, state, primary);
	return -1;
}

/* A command's row count, for changes: only what SQLite would count. */
static void
changes_note(struct pgconn *c, PGresult *res)
{
	const char *cmd = PQcmdStatus(res);

	if (strncmp(cmd, "INSERT ", 7) == 0 || strncmp(cmd, "UPDATE ", 7) == 0 ||
	    strncmp(cmd, "DELETE ", 7) == 0 || strncmp(cmd, "MERGE ", 6) == 0)
		c->changes = strtoll(PQcmdTuples(res), NULL, 10);
}

/* Clears res; 0 if it succeeded, else -1 with the fault recorded. */
static int
result_done(struct pgconn *c, PGresult *res)
{
	ExecStatusType st = res != NULL ? PQresultStatus(res) :
	    PGRES_FATAL_ERROR;
	int rc = 0;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		c->fault = DB_FAULT_NONE;
		changes_note(c, res);
	} else {
		rc = conn_fail(c, res);
	}
	PQclear(res);
	return rc;
}

/* Runs sql whose outcome nobody reads (DEALLOCATE, ROLLBACK). */
static void
conn_quiet(struct pgconn *c, const char *sql)
{
	if (!c->lost && PQstatus(c->pg) == CONNECTION_OK)
		PQclear(PQexec(c->pg, sql));
}

/* DEALLOCATEs what finalize could not, once the failed transaction ended. */
static void
pending_flush(struct pgconn *c)
{
	char sql[64];
	size_t i;

	if (PQtransactionStatus(c->pg) == PQTRANS_INERROR)
		return;
	for (i = 0; i < c->npending; i++) {
		snprintf(sql, sizeof sql, "DEALLOCATE %s", c->pending[i]);
		conn_quiet(c, sql);
		free(c->pending[i]);
	}
	c->npending = 0;
}

#define IDENT_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
    "_0123456789"

/* A character that continues an identifier or a keyword. */
static int
ident_char(char ch)
{
	return ch != '\0' && strchr(IDENT_CHARS, ch) != NULL;
}

/* Whether sql's first word is word (upper case), in any case. */
static int
sql_starts(const char *sql, const char *word)
{
	size_t n = strlen(word);

	sql += strspn(sql, " \t\r\n(");
	return strncasecmp(sql, word, n) == 0 && !ident_char(sql[n]);
}

static long long
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
conn_lost(struct pgconn *c)
{
	return c->lost || PQstatus(c->pg) != CONNECTION_OK;
}

/*
 * Whether the server has ended the session, read without waiting. Its
 * last words (a FATAL error, which libpq hands an idle session's notice
 * processor) come before the end of the stream: a second read finds
 * that end.
 */
static int
conn_ended(struct pgconn *c)
{
	return PQconsumeInput(c->pg) == 0 || PQconsumeInput(c->pg) == 0 ||
	    PQstatus(c->pg) != CONNECTION_OK;
}

/* The settings every session gets; 0 or -1 with the fault recorded. */
static int session_setup(struct pgconn *c);

/*
 * The new session is there: statements prepared on the old one are
 * prepared again when they next run (epoch), and data_version moves on,
 * as what others committed meanwhile was never notified. 0, or -1.
 */
static int
revive_done(struct pgconn *c)
{
	size_t i;

	c->lost = c->cut = c->intx = 0;
	c->epoch++;
	c->version++;
	c->pid = PQbackendPID(c->pg);
	for (i = 0; i < c->npending; i++)	/* the old session's */
		free(c->pending[i]);
	c->npending = 0;
	if (session_setup(c) == 0) {
		c->revive_after = 0;
		return 0;
	}
	c->lost = 1;
	c->fault = DB_FAULT_GONE;
	c->revive_after = clock_ms() + PG_REVIVE_MS;
	return -1;
}

/* No new session, why (libpq's first line, else why): -1 (GONE). */
static int
revive_failed(struct pgconn *c, const char *why)
{
	const char *m = why != NULL ? why : PQerrorMessage(c->pg);

	c->fault = DB_FAULT_GONE;
	snprintf(c->errmsg, sizeof c->errmsg, "the PostgreSQL server does not "
	    "answer: %.*s", (int)strcspn(m, "\n"), m);
	c->revive_after = clock_ms() + PG_REVIVE_MS;
	return -1;
}

/*
 * A new session in place of the lost one: the same conninfo, the same
 * settings, taken a step at a time as its socket allows (PQresetStart,
 * PQresetPoll), and given up after PG_REVIVE_WAIT_MS. With wait, the
 * steps wait on the socket, as PQreset would; without, each call takes
 * the session as far as it can without waiting, so that a screen that
 * polls (data_version, each tick) never stalls on a server that does
 * not answer at all (a network gone). 0 once the session is there; -1
 * (GONE) before, and when it cannot be had.
 */
static int
conn_revive(struct pgconn *c, int wait)
{
	long long now = clock_ms();
	struct pollfd pfd;
	int ready;

	if (!c->resetting) {
		if (now < c->revive_after) {
			c->fault = DB_FAULT_GONE;
			return -1;
		}
		if (PQresetStart(c->pg) == 0)
			return revive_failed(c, NULL);
		c->resetting = 1;
		c->reset_until = now + PG_REVIVE_WAIT_MS;
		c->reset_wait = PGRES_POLLING_WRITING;
	}
	for (;;) {
		pfd.fd = PQsocket(c->pg);
		pfd.events = c->reset_wait == PGRES_POLLING_READING ? POLLIN :
		    POLLOUT;
		pfd.revents = 0;
		now = clock_ms();
		if (pfd.fd < 0 || now >= c->reset_until)
			break;
		ready = poll(&pfd, 1, wait ? (int)(c->reset_until - now) : 0);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0 && !wait) {
			c->fault = DB_FAULT_GONE;
			return -1;
		}
		if (ready <= 0)
			break;
		c->reset_wait = PQresetPoll(c->pg);
		if (c->reset_wait == PGRES_POLLING_OK) {
			c->resetting = 0;
			return revive_done(c);
		}
		if (c->reset_wait == PGRES_POLLING_FAILED) {
			c->resetting = 0;
			return revive_failed(c, NULL);
		}
	}
	c->resetting = 0;
	return revive_failed(c, "no answer within ten seconds");
}

/*
 * The first try after the session was lost waits for its answer; once a
 * try has failed, the server is known not to answer, and a statement
 * fails at once rather than stall the screen it came from.
 */
static int
conn_revive_now(struct pgconn *c)
{
	return conn_revive(c, c->revive_after == 0);
}

/*
 * Before a statement is sent: a lost session is replaced, unless a
 * transaction was cut off with it and has not been ended by the caller.
 * Notes whether a transaction is open, for conn_fail. 0, or -1 (GONE).
 */
static int
conn_ready(struct pgconn *c)
{
	if (conn_lost(c)) {
		if (c->cut) {
			c->fault = DB_FAULT_GONE;
			return -1;
		}
		if (conn_revive_now(c) != 0)
			return -1;
	}
	c->intx = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
	return 0;
}

/*
 * SQLite's parameters in PostgreSQL's spelling: ?N becomes $N, and a bare
 * ? the next number after the largest so far, as SQLite numbers it.
 * String literals ('', E'' with its backslashes), quoted identifiers,
 * dollar-quoted strings and comments are copied untouched; a $N already
 * there counts as parameter N. PostgreSQL's operators spelled with ?
 * (jsonb's ?, ?| and ?&) cannot be written: SQLite has none. Returns the
 * new text (free it) and the largest number in *nparams, and marks each
 * number the text uses in used (PG_MAX_PARAMS + 1 entries); NULL when a
 * number is out of range or memory ran out.
 */
static char *
sql_rewrite(const char *sql, int *nparams, unsigned char *used)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 6 + 1), *o = out;	/* "?" -> "$65535" */
	const char *p = sql, *end;
	int max = 0, depth;

	if (out == NULL)
		return NULL;
	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			/* E'...': a backslash escapes the next character. */
			int esc = q == '\'' && p > sql && (p[-1] == 'E' ||
			    p[-1] == 'e') && (p - 1 == sql || !ident_char(p[-2]));

			*o++ = *p++;
			while (*p != '\0') {
				if (esc && *p == '\\' && p[1] != '\0') {
					*o++ = *p++;
					*o++ = *p++;
					continue;
				}
				if (*p == q && p[1] == q) {	/* '' or "" */
					*o++ = *p++;
					*o++ = *p++;
					continue;
				}
				if (*p == q)
					break;
				*o++ = *p++;
			}
			if (*p != '\0')
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				*o++ = *p++;
		} else if (p[0] == '/' && p[1] == '*') {
			/* PostgreSQL's block comments nest. */
			depth = 0;
			do {
				if (p[0] == '/' && p[1] == '*') {
					depth++;
					*o++ = *p++;
				} else if (p[0] == '*' && p[1] == '/') {
					depth--;
					*o++ = *p++;
				}
				*o++ = *p++;
			} while (*p != '\0' && depth > 0);
		} else if (*p == '$' && (p == sql || !ident_char(p[-1])) &&
		    !(p[1] >= '0' && p[1] <= '9') &&
		    (end = strchr(p + 1, '$')) != NULL &&
		    strspn(p + 1, IDENT_CHARS) == (size_t)(end - p - 1)) {
			/* $tag$ ... $tag$: copied to the closing tag. */
			size_t tag = (size_t)(end - p) + 1;
			const char *q;

			for (q = end + 1; *q != '\0'; q++)
				if (strncmp(q, p, tag) == 0)
					break;
			q = *q != '\0' ? q + tag : q;
			memcpy(o, p, (size_t)(q - p));
			o += q - p;
			p = q;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			/* Already $N: counted, so that it gets its value. */
			long n = strtol(p + 1, NULL, 10);

			if (n > max && n <= PG_MAX_PARAMS)
				max = (int)n;
			if (n >= 1 && n <= PG_MAX_PARAMS)
				used[n] = 1;
			*o++ = *p++;
		} else if (*p == '?') {
			long n;
			char *digits_end;

			p++;
			if (*p >= '0' && *p <= '9') {
				n = strtol(p, &digits_end, 10);
				p = digits_end;
			} else {
				n = max + 1;
			}
			if (n < 1 || n > PG_MAX_PARAMS) {
				free(out);
				return NULL;
			}
			if (n > max)
				max = (int)n;
			used[n] = 1;
			o += sprintf(o, "$%ld", n);
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	*nparams = max;
	return out;
}

/*
 * The types the server is told: none for a parameter the text uses (it
 * infers one), text for one it skips. SQLite lets a statement leave a
 * number out (a filter set or not binds ?4 either way); PostgreSQL
 * cannot infer a type for a number the text never names and refuses the
 * statement. NULL when memory ran out.
 */
static Oid *
param_types(const unsigned char *used, int n)
{
	Oid *types = calloc((size_t)n, sizeof *types);
	int i;

	for (i = 0; types != NULL && i < n; i++)
		types[i] = used[i + 1] ? 0 : PG_TEXT_OID;
	return types;
}

/* The statement's text as PostgreSQL reads it, and its types; or NULL. */
static char *
pg_text(struct pgconn *c, const char *sql, int *n, Oid **types)
{
	unsigned char *used = calloc(PG_MAX_PARAMS + 1, 1);
	char *text = used != NULL ? sql_rewrite(sql, n, used) : NULL;

	*types = text != NULL && *n > 0 ? param_types(used, *n) : NULL;
	free(used);
	if (text != NULL && (*n == 0 || *types != NULL))
		return text;
	free(text);
	c->fault = DB_FAULT_OTHER;
	snprintf(c->errmsg, sizeof c->errmsg, "a statement has a parameter "
	    "number out of range, or memory ran out");
	return NULL;
}

static struct stmt *
pg_prepare(struct dbconn *dc, const char *sql)
{
	struct pgconn *c = (struct pgconn *)dc;
	struct pgstmt *s;
	Oid *types;
	char *text;
	int n, rc;

	if (conn_ready(c) != 0)
		return NULL;
	pending_flush(c);
	if ((text = pg_text(c, sql, &n, &types)) == NULL)
		return NULL;
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (n > 0 && (s->params = calloc((size_t)n, sizeof *s->params)) == NULL)) {
		free(s);
		free(text);
		free(types);
		c->fault = DB_FAULT_OTHER;
		snprintf(c->errmsg, sizeof c->errmsg, "out of memory");
		return NULL;
	}
	s->base.drv = &pg_driver;
	s->base.conn = dc;
	s->nparams = n;
	s->text = text;
	s->types = types;
	s->epoch = c->epoch;
	s->read = sql_starts(text, "SELECT");
	snprintf(s->name, sizeof s->name, "callq_%lu", ++c->nstmts);
	rc = result_done(c, PQprepare(c->pg, s->name, text, n, types));
	if (rc != 0) {
		free(s->params);
		free(s->text);
		free(s->types);
		free(s);
		return NULL;
	}
	return &s->base;
}

/* Forgets the last run's rows and every parameter. */
static void
pg_reset(struct stmt *st)
{
	struct pgstmt *s = (struct pgstmt *)st;
	int i;

	PQclear(s->res);
	s->res = NULL;
	s->state = PGSTMT_READY;
	s->lost = 0;
	for (i = 0; i < s->nparams; i++) {
		free(s->params[i]);
		s->params[i] = NULL;
	}
}

/*
 * DEALLOCATE fails inside a failed transaction: the name then waits for
 * the transaction's end (pending_flush). A session that is gone took its
 * statements with it.
 */
static void
pg_finalize(struct stmt *st)
{
	struct pgstmt *s = (struct pgstmt *)st;
	struct pgconn *c = (struct pgconn *)st->conn;
	char sql[64], **more;

	pg_reset(st);
	if (s->epoch != c->epoch || conn_lost(c)) {
		/* Its session is gone, or has not prepared it. */
	} else if (PQtransactionStatus(c->pg) == PQTRANS_INERROR) {
		more = realloc(c->pending, (c->npending + 1) * sizeof *more);
		if (more != NULL) {
			c->pending = more;
			if ((more[c->npending] = strdup(s->name)) != NULL)
				c->npending++;
		}
	} else {
		snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
		conn_quiet(c, sql);
	}
	free(s->params);
	free(s->text);
	free(s->types);
	free(s);
}

/*
 * Sets parameter i (from 1) to text, taking it; out of range: dropped.
 * NULL is a null only when that was meant: a copy that ran out of memory
 * fails the next run rather than writing a null in the value's place.
 */
static void
param_set(struct pgstmt *s, int i, char *text, int null)
{
	if (text == NULL && !null)
		s->lost = 1;
	if (i < 1 || i > s->nparams) {
		free(text);
		return;
	}
	free(s->params[i - 1]);
	s->params[i - 1] = text;
}

static void
pg_bind_int64(struct stmt *st, int i, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%" PRId64, v);
	param_set((struct pgstmt *)st, i, strdup(buf), 0);
}

static void
pg_bind_double(struct stmt *st, int i, double v)
{
	char buf[40];

	snprintf(buf, sizeof buf, "%.17g", v);
	param_set((struct pgstmt *)st, i, strdup(buf), 0);
}

/* NULL text binds a null, as sqlite3_bind_text does. */
static void
pg_bind_text(struct stmt *st, int i, const char *text, int len)
{
	size_t n;
	char *copy;

	if (text == NULL) {
		param_set((struct pgstmt *)st, i, NULL, 1);
		return;
	}
	n = len < 0 ? strlen(text) : (size_t)len;
	if ((copy = malloc(n + 1)) != NULL) {
		memcpy(copy, text, n);
		copy[n] = '\0';
	}
	param_set((struct pgstmt *)st, i, copy, 0);
}

static void
pg_bind_null(struct stmt *st, int i)
{
	param_set((struct pgstmt *)st, i, NULL, 1);
}

/*
 * Runs the statement once, preparing it first on a session that has not
 * seen it: 0 and its rows in *out, or -1 with the fault recorded.
 */
static int
stmt_send(struct pgconn *c, struct pgstmt *s, PGresult **out)
{
	PGresult *res;
	ExecStatusType st;

	*out = NULL;
	if (s->epoch != c->epoch) {
		if (result_done(c, PQprepare(c->pg, s->name, s->text,
		    s->nparams, s->types)) != 0)
			return -1;
		s->epoch = c->epoch;
	}
	res = PQexecPrepared(c->pg, s->name, s->nparams,
	    (const char *const *)s->params, NULL, NULL, 0);
	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		conn_fail(c, res);
		PQclear(res);
		return -1;
	}
	*out = res;
	return 0;
}

/*
 * The first step: runs the statement and keeps its rows. A read that
 * found the session gone, outside a transaction, runs once more on a
 * new one: it changed nothing, so running it again cannot write twice.
 */
static int
stmt_run(struct pgstmt *s)
{
	struct pgconn *c = (struct pgconn *)s->base.conn;
	PGresult *res;
	int rc;

	if (s->lost) {
		c->fault = DB_FAULT_OTHER;
		snprintf(c->errmsg, sizeof c->errmsg, "out of memory");
		return -1;
	}
	if (conn_ready(c) != 0)
		return -1;
	rc = stmt_send(c, s, &res);
	if (rc != 0 && c->fault == DB_FAULT_GONE && s->read && !c->cut &&
	    conn_revive_now(c) == 0)
		rc = stmt_send(c, s, &res);
	if (rc != 0)
		return -1;
	c->fault = DB_FAULT_NONE;
	changes_note(c, res);
	s->res = res;
	s->row = -1;
	s->state = PGSTMT_ROWS;
	return 0;
}

static int
pg_step(struct stmt *st)
{
	struct pgstmt *s = (struct pgstmt *)st;

	if (s->state == PGSTMT_READY && stmt_run(s) != 0)
		return -1;
	if (s->state == PGSTMT_ROWS) {
		if (++s->row < PQntuples(s->res))
			return DB_ROW;
		s->state = PGSTMT_DONE;
	}
	return DB_DONE;
}

/* Column i of the current row, or NULL when it is null or not there. */
static const char *
cell(struct pgstmt *s, int i)
{
	if (s->state != PGSTMT_ROWS || i < 0 || i >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

/* A numeric's text that holds an integer, as SQLite's sum() gives one. */
static int
is_integer_text(const char *v)
{
	if (*v == '-' || *v == '+')
		v++;
	return *v != '\0' && strspn(v, "0123456789") == strlen(v);
}

static enum db_type
pg_column_type(struct stmt *st, int i)
{
	struct pgstmt *s = (struct pgstmt *)st;
	const char *v = cell(s, i);
	int mod;

	if (v == NULL)
		return DB_NULL;
	switch (PQftype(s->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return DB_INTEGER;
	case OID_NUMERIC:
		/*
		 * numeric(p) or numeric(p,0) holds integers. Unconstrained
		 * numeric (-1) is what sum() and avg() of integers give:
		 * integral values read as integers, as SQLite's sum() does.
		 */
		mod = PQfmod(s->res, i);
		if (mod >= 4 ? ((mod - 4) & 0xffff) == 0 : is_integer_text(v))
			return DB_INTEGER;
		return DB_FLOAT;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return DB_FLOAT;
	default:
		return DB_TEXT;
	}
}

static int64_t
pg_column_int64(struct stmt *st, int i)
{
	struct pgstmt *s = (struct pgstmt *)st;
	const char *v = cell(s, i);
	char *end;
	long long n;

	if (v == NULL)
		return 0;
	if (PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't';
	n = strtoll(v, &end, 10);
	/* 2.5 or 1e3: as SQLite, the real's integer part. */
	if (*end == '.' || *end == 'e' || *end == 'E') {
		double d = strtod(v, NULL);

		if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
			return (int64_t)d;
		return d < 0 ? INT64_MIN : INT64_MAX;
	}
	return n;
}

static double
pg_column_double(struct stmt *st, int i)
{
	struct pgstmt *s = (struct pgstmt *)st;
	const char *v = cell(s, i);

	if (v == NULL)
		return 0.0;
	if (PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't' ? 1.0 : 0.0;
	return strtod(v, NULL);
}

/* A boolean reads as SQLite's 1 or 0, as its column_int64 does. */
static const char *
pg_column_text(struct stmt *st, int i)
{
	struct pgstmt *s = (struct pgstmt *)st;
	const char *v = cell(s, i);

	if (v != NULL && PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't' ? "1" : "0";
	return v;
}

static int64_t
pg_changes(struct dbconn *dc)
{
	return ((struct pgconn *)dc)->changes;
}

/*
 * COMMIT, or END: sent only to a session still there, as one the server
 * has ended committed nothing, and the caller may run the transaction
 * again (GONE); a session lost after COMMIT was sent may have committed
 * it, and may not (INDOUBT). Its result, or NULL with the fault set.
 */
static PGresult *
commit_send(struct pgconn *c, const char *sql)
{
	PGresult *res;
	ExecStatusType st;

	c->cut = 0;		/* the caller is done with the transaction */
	c->intx = 0;
	if (c->lost || conn_ended(c)) {
		if (!c->lost)
			conn_fail(c, NULL);
		c->fault = DB_FAULT_GONE;
		return NULL;
	}
	c->committing = 1;
	res = PQexec(c->pg, sql);
	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK) {
		conn_fail(c, res);
		PQclear(res);
		res = NULL;
	}
	c->committing = 0;
	return res;
}

/*
 * A transaction's own statements tell the driver that the caller is
 * done with one a lost session cut off: a new session may then be had.
 */
static int
pg_exec(struct dbconn *dc, const char *sql)
{
	struct pgconn *c = (struct pgconn *)dc;
	PGresult *res;

	if (sql_starts(sql, "COMMIT") || sql_starts(sql, "END")) {
		if ((res = commit_send(c, sql)) == NULL)
			return -1;
		return result_done(c, res);
	}
	if (sql_starts(sql, "ROLLBACK") || sql_starts(sql, "ABORT")) {
		c->cut = 0;
		if (conn_lost(c))	/* the server rolled it back */
			return 0;
	}
	if (sql_starts(sql, "BEGIN") || sql_starts(sql, "START"))
		c->cut = 0;
	if (conn_ready(c) != 0)
		return -1;
	return result_done(c, PQexec(c->pg, sql));
}

/*
 * SERIALIZABLE: SQLite runs one writer at a time, and the store's checks
 * read, then write on what they read; a concurrent transaction that
 * would break that fails here with a serialization failure (BUSY), and
 * the store retries it. A BEGIN that found the session gone did
 * nothing, and is sent once more to a new one.
 */
static int
pg_begin(struct dbconn *dc)
{
	static const char sql[] = "BEGIN ISOLATION LEVEL SERIALIZABLE";
	struct pgconn *c = (struct pgconn *)dc;
	int rc;

	c->tx_busy = 0;
	c->cut = 0;
	if (conn_ready(c) != 0)
		return -1;
	rc = result_done(c, PQexec(c->pg, sql));
	if (rc != 0 && c->fault == DB_FAULT_GONE && conn_revive_now(c) == 0)
		rc = result_done(c, PQexec(c->pg, sql));
	return rc;
}

static int
pg_commit(struct dbconn *dc)
{
	struct pgconn *c = (struct pgconn *)dc;
	PGresult *res = commit_send(c, "COMMIT");
	int rolled_back;

	if (res == NULL)
		return -1;
	/* COMMIT of a transaction an error ended rolls it back. */
	rolled_back = strcmp(PQcmdStatus(res), "ROLLBACK") == 0;
	PQclear(res);
	pending_flush(c);
	if (rolled_back) {
		c->fault = c->tx_busy ? DB_FAULT_BUSY : DB_FAULT_OTHER;
		snprintf(c->errmsg, sizeof c->errmsg, "the transaction "
		    "was rolled back after an earlier error");
		return -1;
	}
	c->fault = DB_FAULT_NONE;
	return 0;
}

/* Keeps the fault of what failed, which the caller reads after this. */
static void
pg_rollback(struct dbconn *dc)
{
	struct pgconn *c = (struct pgconn *)dc;

	c->cut = 0;
	conn_quiet(c, "ROLLBACK");
	pending_flush(c);
}

static enum db_fault
pg_fault(struct dbconn *dc)
{
	return ((struct pgconn *)dc)->fault;
}

static const char *
pg_errmsg(struct dbconn *dc)
{
	return ((struct pgconn *)dc)->errmsg;
}

/*
 * Reads what the server has sent without waiting for more, and counts
 * the notifications of other sessions: this session's own writes are not
 * news to it, as SQLite's data_version ignores its own connection's. A
 * lost session is replaced here too (at most once a second while the
 * server does not answer): a screen that polls this comes back by
 * itself, and the new session moves the version on.
 */
static int64_t
pg_data_version(struct dbconn *dc)
{
	struct pgconn *c = (struct pgconn *)dc;
	PGnotify *n;

	if (conn_lost(c) && (c->cut || conn_revive(c, 0) != 0))
		return c->version;
	c->intx = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
	if (conn_ended(c)) {
		conn_fail(c, NULL);
		if (c->cut || conn_revive(c, 0) != 0)
			return c->version;
	}
	while ((n = PQnotifies(c->pg)) != NULL) {
		if (n->be_pid != c->pid &&
		    strcmp(n->relname, PG_CHANGE_CHANNEL) == 0)
			c->version++;
		PQfreemem(n);
	}
	return c->version;
}

/*
 * Lost, and a try to reconnect has failed since: a new session on its
 * way, or just killed, is no news to a user.
 */
static int
pg_lost(struct dbconn *dc)
{
	struct pgconn *c = (struct pgconn *)dc;

	return conn_lost(c) && c->revive_after != 0;
}

/* Every statement must have been finalized. */
static void
pg_close(struct dbconn *dc)
{
	struct pgconn *c = (struct pgconn *)dc;
	size_t i;

	PQfinish(c->pg);
	for (i = 0; i < c->npending; i++)
		free(c->pending[i]);
	free(c->pending);
	free(c->copybuf);
	free(c);
}

static const struct db_driver pg_driver = {
	.name = "pg",
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_type = pg_column_type,
	.column_int64 = pg_column_int64,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.changes = pg_changes,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.fault = pg_fault,
	.errmsg = pg_errmsg,
	.data_version = pg_data_version,
	.lost = pg_lost,
	.close = pg_close,
};

/*
 * COPY FROM STDIN. Rows are gathered in copybuf and sent this many bytes
 * at a time: one message per row would cost a write per row.
 */
#define PG_COPY_CHUNK	(256 * 1024)

int
pg_copy_begin(struct dbconn *dc, const char *sql)
{
	struct pgconn *c = (struct pgconn *)dc;
	PGresult *res;

	pending_flush(c);
	res = PQexec(c->pg, sql);
	if (res != NULL && PQresultStatus(res) == PGRES_COPY_IN) {
		PQclear(res);
		c->copylen = 0;
		c->fault = DB_FAULT_NONE;
		return 0;
	}
	if (res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK) {
		PQclear(res);
		c->fault = DB_FAULT_OTHER;
		snprintf(c->errmsg, sizeof c->errmsg, "the statement given to "
		    "pg_copy_begin is no COPY FROM STDIN");
		return -1;
	}
	conn_fail(c, res);
	PQclear(res);
	return -1;
}

/* Makes room for n more bytes in copybuf; -1 when memory ran out. */
static int
copy_room(struct pgconn *c, size_t n)
{
	size_t cap = c->copycap ? c->copycap : PG_COPY_CHUNK * 2;
	char *grown;

	if (c->copylen + n <= c->copycap)
		return 0;
	while (cap < c->copylen + n)
		cap *= 2;
	if ((grown = realloc(c->copybuf, cap)) == NULL)
		return -1;
	c->copybuf = grown;
	c->copycap = cap;
	return 0;
}

/*
 * Appends one value in COPY's text format: backslash, tab, newline and
 * carriage return escaped, as the format's delimiters and escape.
 */
static int
copy_text(struct pgconn *c, const char *v)
{
	size_t n = strlen(v), i;
	char *o;

	if (copy_room(c, n * 2 + 2) != 0)
		return -1;
	o = c->copybuf + c->copylen;
	for (i = 0; i < n; i++) {
		switch (v[i]) {
		case '\\': *o++ = '\\'; *o++ = '\\'; break;
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		default: *o++ = v[i];
		}
	}
	c->copylen = (size_t)(o - c->copybuf);
	return 0;
}

/* Appends bytes as they are: COPY's delimiters and its \\N. */
static int
copy_raw(struct pgconn *c, const char *v, size_t n)
{
	if (copy_room(c, n) != 0)
		return -1;
	memcpy(c->copybuf + c->copylen, v, n);
	c->copylen += n;
	return 0;
}

/* Sends what copybuf holds. */
static int
copy_flush(struct pgconn *c)
{
	if (c->copylen > 0 && PQputCopyData(c->pg, c->copybuf,
	    (int)c->copylen) != 1)
		return conn_fail(c, NULL);
	c->copylen = 0;
	return 0;
}

/*
 * Ends the row just appended (rc: 0, or -1 when memory ran out for it),
 * sending the buffer once it holds a chunk.
 */
static int
copy_row_end(struct pgconn *c, int rc)
{
	if (rc == 0)
		rc = copy_raw(c, "\n", 1);
	if (rc != 0) {
		c->fault = DB_FAULT_OTHER;
		snprintf(c->errmsg, sizeof c->errmsg, "out of memory");
		return -1;
	}
	return c->copylen >= PG_COPY_CHUNK ? copy_flush(c) : 0;
}

int
pg_copy_row(struct dbconn *dc, struct stmt *src, int ncols)
{
	struct pgconn *c = (struct pgconn *)dc;
	char num[40];
	int i, rc = 0;

	for (i = 0; i < ncols && rc == 0; i++) {
		if (i > 0)
			rc = copy_raw(c, "\t", 1);
		switch (rc == 0 ? stmt_column_type(src, i) : DB_NULL) {
		case DB_NULL:
			if (rc == 0)
				rc = copy_raw(c, "\\N", 2);
			break;
		case DB_INTEGER:
			snprintf(num, sizeof num, "%" PRId64,
			    stmt_column_int64(src, i));
			rc = copy_text(c, num);
			break;
		case DB_FLOAT:
			snprintf(num, sizeof num, "%.17g",
			    stmt_column_double(src, i));
			rc = copy_text(c, num);
			break;
		case DB_TEXT:
			rc = copy_text(c, stmt_column_text(src, i));
			break;
		}
	}
	return copy_row_end(c, rc);
}

int
pg_copy_values(struct dbconn *dc, const char *const *values, int n)
{
	struct pgconn *c = (struct pgconn *)dc;
	int i, rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0)
			rc = copy_raw(c, "\t", 1);
		if (rc == 0)
			rc = values[i] == NULL ? copy_raw(c, "\\N", 2) :
			    copy_text(c, values[i]);
	}
	return copy_row_end(c, rc);
}

int
pg_copy_end(struct dbconn *dc, const char *abort_why)
{
	struct pgconn *c = (struct pgconn *)dc;
	PGresult *res;
	int rc = 0;

	if (abort_why == NULL && copy_flush(c) != 0)
		abort_why = "sending the rows failed";
	c->copylen = 0;
	if (PQputCopyEnd(c->pg, abort_why) != 1 && abort_why == NULL)
		rc = conn_fail(c, NULL);
	/* The COPY's own result, then NULL: every one must be read. */
	while ((res = PQgetResult(c->pg)) != NULL) {
		if (rc == 0 && abort_why == NULL)
			rc = result_done(c, res);
		else
			PQclear(res);
	}
	return abort_why != NULL ? -1 : rc;
}

/* Running setuid or setgid, or with either changed since exec. */
static int
pg_privileged(void)
{
	return getuid() != geteuid() || getgid() != getegid() ||
	    getauxval(AT_SECURE) != 0;
}

/*
 * libpq takes its defaults from PG* environment variables and from files
 * in the user's home (~/.pgpass, ~/.pg_service.conf, ~/.postgresql/).
 * When callq runs with a privilege the user lacks, the user must not
 * steer it with them: where it connects (PGHOST, or a service file
 * giving the floor's service another host, to which libpq would send a
 * password the floor's conninfo holds), what it sends (PGOPTIONS), which
 * certificates it trusts, or which message catalogs libpq formats its
 * errors with (PGLOCALEDIR). So every PG* variable is removed, before
 * the first connection and each one after, and the user's files are
 * replaced by a path where no file can be. What the floor's conninfo
 * names itself still counts, and so does the system's service file
 * (pg_service.conf in libpq's compiled-in configuration directory);
 * GSSAPI encryption is used only when the conninfo asks for it, since
 * Kerberos takes its credentials from the user's environment.
 */
static void
env_scrub(void)
{
	extern char **environ;
	static const char *const files[] = { "PGPASSFILE", "PGSERVICEFILE",
	    "PGSSLCERT", "PGSSLKEY", "PGSSLROOTCERT", "PGSSLCRL" };
	char name[128];
	size_t i, n;

	for (i = 0; environ[i] != NULL; i++) {
		if (strncmp(environ[i], "PG", 2) != 0)
			continue;
		n = strcspn(environ[i], "=");
		if (n >= sizeof name) {
			/* Too long to name: made harmless by emptying it. */
			environ[i][2] = '\0';
			continue;
		}
		memcpy(name, environ[i], n);
		name[n] = '\0';
		unsetenv(name);
		i = (size_t)-1;		/* environ moved: from the start */
	}
	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		setenv(files[i], PG_NO_FILE, 1);
	setenv("PGGSSENCMODE", "disable", 1);
}

/* Notices (NOTICE, WARNING) would land on the terminal's screen. */
static void
notice_drop(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * libpq's complaint about a name it cannot read quotes the text around
 * the fault, which may be the floor's password, and would reach every
 * rep's screen; so the name is read first, and a fault is told without
 * libpq's words. A bare word is a database's name, which cannot fail.
 */
static int
conninfo_check(const char *conninfo, struct err *err)
{
	PQconninfoOption *opts;
	char *why = NULL;

	if (strchr(conninfo, '=') == NULL && strncmp(conninfo, "postgres", 8)
	    != 0)
		return 0;
	if ((opts = PQconninfoParse(conninfo, &why)) != NULL) {
		PQconninfoFree(opts);
		return 0;
	}
	PQfreemem(why);
	return err_set(err, EX_CONFIG, "the PostgreSQL database's name is not "
	    "one libpq reads; it is not shown here, as it may hold a "
	    "password: check --db, CALLQ_DB or [database] postgresql in "
	    "callq.conf against libpq's connection strings");
}

#define ZONEINFO "/usr/share/zoneinfo/"

/*
 * The process's time zone as a zoneinfo name, which PostgreSQL reads
 * from the same tz database: TZ (":" and the directory taken off), else
 * where /etc/localtime points; NULL for anything else (a POSIX rule,
 * a name no file holds), which the session then reads as UTC.
 */
static const char *
zone_name(char *buf, size_t size)
{
	const char *tz = getenv("TZ");
	char path[512];
	ssize_t n;
	int len;

	if (tz != NULL && *tz == ':')
		tz++;
	if (tz == NULL || *tz == '\0') {
		if ((n = readlink("/etc/localtime", buf, size - 1)) <= 0)
			return NULL;
		buf[n] = '\0';
		tz = buf;
	}
	if (strncmp(tz, ZONEINFO, strlen(ZONEINFO)) == 0)
		tz += strlen(ZONEINFO);
	len = snprintf(path, sizeof path, ZONEINFO "%s", tz);
	if (*tz == '/' || strstr(tz, "..") != NULL || len <= 0 ||
	    (size_t)len >= sizeof path || access(path, R_OK) != 0)
		return NULL;
	return tz;
}

/*
 * Times the server formats (an audit detail, a follow-up in the
 * timeline) read in the user's zone, as SQLite's 'localtime' reads them.
 * Without a zoneinfo name the session keeps UTC: the store passes
 * instants as integers, so only such text is affected.
 */
static void
session_zone(struct dbconn *dc)
{
	char buf[256];
	const char *zone = zone_name(buf, sizeof buf);
	struct stmt *s;

	if (zone == NULL ||
	    (s = pg_prepare(dc, "SELECT set_config('TimeZone', ?1, false)")) ==
	    NULL)
		return;
	pg_bind_text(s, 1, zone, -1);
	pg_step(s);
	pg_finalize(s);
}

static int
session_setup(struct pgconn *c)
{
	if (result_done(c, PQexec(c->pg, session_sql)) != 0)
		return -1;
	session_zone(&c->base);
	return 0;
}

/* libpq's message without the hints it indents, as one line. */
static void
msg_unhinted(char *dst, size_t size, const char *src)
{
	char buf[1024];
	size_t n = 0, len;

	while (*src != '\0') {
		len = strcspn(src, "\n");
		if (*src != '\t' && n + len + 2 < sizeof buf) {
			memcpy(buf + n, src, len);
			n += len;
			buf[n++] = '\n';
		}
		src += len + (src[len] == '\n');
	}
	buf[n] = '\0';
	msg_copy(dst, size, buf);
}

int
pg_conn_open(const char *conninfo, struct dbconn **out, struct err *err)
{
	/* connect_timeout first: the conninfo's own, if any, overrides it. */
	const char *const keys[] = { "connect_timeout", "dbname", NULL };
	const char *const values[] = { PG_CONNECT_TIMEOUT, conninfo, NULL };
	char why[sizeof ((struct pgconn *)0)->errmsg];
	struct pgconn *c;

	*out = NULL;
	if (pglib_load(err) != 0)
		return err->status;
	if (pg_privileged())
		env_scrub();
	if (conninfo_check(conninfo, err) != 0)
		return err->status;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	c->base.drv = &pg_driver;
	c->epoch = 1;
	c->pg = PQconnectdbParams(keys, values, 1);
	if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK) {
		msg_unhinted(why, sizeof why, c->pg != NULL ?
		    PQerrorMessage(c->pg) : "out of memory");
		pg_close(&c->base);
		return err_set(err, EX_UNAVAILABLE, "cannot connect to the "
		    "PostgreSQL database: %s", why);
	}
	PQsetNoticeProcessor(c->pg, notice_drop, NULL);
	c->pid = PQbackendPID(c->pg);
	if (session_setup(c) != 0) {
		snprintf(why, sizeof why, "%s", c->errmsg);
		pg_close(&c->base);
		return err_set(err, EX_UNAVAILABLE, "cannot set up the "
		    "PostgreSQL session: %s", why);
	}
	*out = &c->base;
	return 0;
}
