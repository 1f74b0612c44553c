#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "callq/phone.h"
#include "internal.h"

/* How long one statement waits for the write lock before the whole
 * transaction is retried, and how long retrying may go on. */
#define BUSY_WAIT_MS	2000
#define TX_DEADLINE_MS	30000

/*
 * SQLite calls this once a commit is in the WAL and the write lock let
 * go. It does what its default would (a passive checkpoint once the WAL
 * holds 1,000 pages), noting the moment first: the lock store_tx_longest
 * reports ends there, not after the checkpoint's fsyncs, which no other
 * writer waits for.
 */
static int
wal_committed(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store *st = arg;

	clock_gettime(CLOCK_MONOTONIC, &st->tx_released);
	st->released = 1;
	if (pages >= 1000)
		sqlite3_wal_checkpoint(db, name);
	return SQLITE_OK;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * SQLite's default handler sleeps longer each time it is called, so a
 * writer that has waited long polls least often and newcomers overtake
 * it. Every waiter here polls at the same short, jittered interval.
 */
static int
busy_wait(void *arg, int count)
{
	struct store *st = arg;
	struct timespec ts = { 0, 0 };

	if (count >= BUSY_WAIT_MS)	/* each wait is one millisecond on average */
		return 0;
	/* Jitter keeps waiters from waking in lockstep. */
	ts.tv_nsec = (500 + rand_r(&st->jitter) % 1000) * 1000L;
	nanosleep(&ts, NULL);
	return 1;
}

time_t
store_now(void)
{
	const char *fixed = secure_getenv("CALLQ_NOW");

	return fixed != NULL && *fixed != '\0' ? (time_t)atoll(fixed)
	    : time(NULL);
}

int
store_fs_is_network(long f_type, const char **name)
{
	static const struct { long magic; const char *name; } fs[] = {
		{ 0x6969, "NFS" },
		{ 0x517b, "SMB" },
		{ (long)0xff534d42, "CIFS" },
		{ (long)0xfe534d42, "SMB2" },
		{ 0x01021997, "9P" },
		{ 0x65735546, "FUSE" },
		{ 0x73757245, "Coda" },
		{ 0x5346414f, "AFS" },
		{ 0x00c36400, "CephFS" },
		{ 0x47504653, "GPFS" },
		{ 0x0bd00bd0, "Lustre" },
	};
	size_t i;

	for (i = 0; i < sizeof fs / sizeof fs[0]; i++)
		if ((f_type & 0xffffffffL) == (fs[i].magic & 0xffffffffL)) {
			*name = fs[i].name;
			return 1;
		}
	return 0;
}

/* mkdir -p for the database's directory. */
static int
make_parent_dirs(const char *path, struct err *err)
{
	char dir[4096];
	char *p;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return err_set(err, EX_USAGE, "database path is too long");
	if ((p = strrchr(dir, '/')) == NULL || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return err_set(err, EX_CANTCREAT, "cannot create "
			    "directory %s: %s", dir, strerror(errno));
		if ((*p = c) == '\0')
			break;
	}
	return 0;
}

/* Nonzero when the directory holding path is on a network filesystem. */
static int
path_on_network(const char *path, const char **fsname)
{
	char dir[4096], *slash;
	struct statfs sfs;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	return statfs(dir, &sfs) == 0 &&
	    store_fs_is_network((long)sfs.f_type, fsname);
}

/*
 * SQLite makes -wal and -shm as whoever opens the database first and
 * deletes them when the last connection closes, so on a shared floor
 * they would soon belong to a rep, who could open them as their owner.
 * They are kept instead (persistent WAL, emptied at close), made once by
 * the install as the database's owner, and checked at every open: a
 * user's callq neither makes them nor opens ones another user owns.
 */
static int
wal_keep(struct store *st)
{
	int on = 1;

	sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
	return sqlite3_exec(st->db, "PRAGMA journal_size_limit=67108864", NULL,
	    NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* The directory holding path decides the journal: WAL is unsafe on NFS. */
static int
journal_mode(struct store *st, const char *path, struct err *err)
{
	const char *fsname, *mode = "PRAGMA journal_mode=WAL";

	st->wal = 1;
	if (path_on_network(path, &fsname)) {
		fprintf(stderr, "callq: notice: %s is on a network filesystem "
		    "(%s); using a rollback journal instead of WAL\n", path,
		    fsname);
		mode = "PRAGMA journal_mode=DELETE";
		st->wal = 0;
	}
	/*
	 * Only now: a database refused before keeps no -wal it did not
	 * have, and one leaving WAL for a rollback journal keeps none.
	 */
	if (sqlite3_exec(st->db, mode, NULL, NULL, NULL) != SQLITE_OK ||
	    (st->wal && wal_keep(st) != 0))
		return db_fail(st, err, "setting the journal mode");
	return 0;
}

static int
wal_files_check(const char *path, struct err *err)
{
	static const char *const suffixes[] = { "-wal", "-shm" };
	char name[4200];
	const char *fsname;
	struct stat db, sb;
	size_t i;

	/* Root makes them, as the owner of the database (see os_unix.c). */
	if (getegid() == getgid() || geteuid() == 0 || stat(path, &db) != 0 ||
	    path_on_network(path, &fsname))
		return 0;
	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
		if (lstat(name, &sb) != 0)
			return err_set(err, EX_UNAVAILABLE, "the floor's "
			    "database has no %s; an admin must run callq "
			    "once as root (or sudo make install-shared) so "
			    "that root makes it", name);
		if (!S_ISREG(sb.st_mode) || sb.st_uid != db.st_uid ||
		    sb.st_gid != db.st_gid)
			return err_set(err, EX_UNAVAILABLE, "%s does not belong"
			    " to the database's owner and group; an admin "
			    "must run: sudo make install-shared", name);
	}
	return 0;
}

static int
open_checks(const char *path, enum store_mode mode, struct err *err)
{
	struct stat sb;

	if (mode == STORE_OPEN && stat(path, &sb) != 0)
		return err_set(err, EX_NOINPUT, "no database at %s; create one "
		    "with: callq init (or callq init --demo)", path);
	if (mode == STORE_CREATE && stat(path, &sb) == 0)
		return err_set(err, EX_CANTCREAT, "a database already exists "
		    "at %s; use it, or name another with --db", path);
	if (mode == STORE_CREATE)
		return make_parent_dirs(path, err);
	return 0;
}

/* Refuses, before anything is written, a schema newer than ours. */
static int
check_version(struct store *st, const char *path, int *version,
    struct err *err)
{
	if (schema_version(st, version, err) != 0)
		return err->status;
	if (*version > STORE_SCHEMA_VERSION)
		return err_set(err, EX_UNAVAILABLE, "%s has schema version %d "
		    "but this callq knows only up to %d; upgrade callq to use "
		    "it (the database was not changed)", path, *version,
		    STORE_SCHEMA_VERSION);
	return 0;
}

/*
 * callq_callable(zones, country, state): 1 when the lead may be called at
 * the moment and in the windows the store was last given.
 */
static void
sql_callable(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct store *st = sqlite3_user_data(ctx);
	const char *f[3];
	int i;

	(void)argc;
	for (i = 0; i < 3; i++)
		f[i] = (const char *)sqlite3_value_text(argv[i]);
	sqlite3_result_int(ctx, hours_check(&st->hours, f[0], f[1], f[2],
	    st->hours_now, NULL) == HOURS_OPEN);
}

/* callq_phone_display(e164): the international form, for migration 3. */
static void
sql_phone_display(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *e164 = (const char *)sqlite3_value_text(argv[0]);
	struct phone ph;

	(void)argc;
	if (e164 != NULL && phone_parse(e164, NULL, &ph) == PHONE_OK)
		sqlite3_result_text(ctx, ph.international, -1,
		    SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/*
 * callq_local_slot(zones, at): the hour of the week (Monday 00:00 is 0)
 * at the moment at in the first zone of a leads.timezone, NULL with no
 * zone: kept on each call row when it is written (and by migration 12)
 * so the hours report reads no lead. The offset comes from
 * hours_offset's cache, never from TZ per row.
 */
static void
sql_local_slot(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *zones = (const char *)sqlite3_value_text(argv[0]);
	long long local, day;
	char zone[48];
	size_t len;

	(void)argc;
	if (zones == NULL || (len = strcspn(zones, " ")) == 0 ||
	    len >= sizeof zone || sqlite3_value_type(argv[1]) !=
	    SQLITE_INTEGER) {
		sqlite3_result_null(ctx);
		return;
	}
	memcpy(zone, zones, len);
	zone[len] = '\0';
	local = sqlite3_value_int64(argv[1]);
	local += hours_offset(zone, (time_t)local);
	day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	/* 1970-01-01 was a Thursday: day 0 is weekday 3 counted from Monday. */
	sqlite3_result_int64(ctx, ((day + 3) % 7 + 7) % 7 * 24 +
	    (local - day * 86400) / 3600);
}

/*
 * One connection to name (path, or a URI for it), with the functions and
 * busy handler callq's SQL needs.
 */
static int
conn_open(struct store *st, const char *name, int flags, const char *path,
    struct err *err)
{
	if (sqlite3_open_v2(name, &st->db, flags, NULL) != SQLITE_OK)
		return err_set(err, flags & SQLITE_OPEN_CREATE ? EX_CANTCREAT :
		    EX_NOINPUT, "cannot open database %s: %s", path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory");
	sqlite3_create_function(st->db, "callq_callable", 3,
	    SQLITE_UTF8, st, sql_callable, NULL, NULL);
	sqlite3_create_function(st->db, "callq_phone_display", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_phone_display, NULL,
	    NULL);
	sqlite3_create_function(st->db, "callq_local_slot", 2,
	    SQLITE_UTF8, NULL, sql_local_slot, NULL, NULL);
	search_functions(st->db);
	sqlite3_busy_handler(st->db, busy_wait, st);
	sqlite3_extended_result_codes(st->db, 1);
	return 0;
}

/* Closes the connection and every statement prepared on it. */
static void
conn_close(struct store *st)
{
	int i;

	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	st->ncache = 0;
	for (i = 0; i < st->nbuilt; i++) {
		sqlite3_finalize(st->built[i].stmt);
		free((char *)st->built[i].sql);
	}
	st->nbuilt = 0;
	sqlite3_close(st->db);
	st->db = NULL;
}

/*
 * Why callq may only read path, said once at open for every write it
 * then refuses: a read-only mount is an I/O matter (EX_IOERR), a file
 * or directory the user may not write a permission one (EX_NOPERM).
 */
static void
readonly_why(struct store *st, const char *path)
{
	struct statvfs vfs;

	st->ro_status = EX_NOPERM;
	if (statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) {
		st->ro_status = EX_IOERR;
		snprintf(st->ro_msg, sizeof st->ro_msg, "%s is on a read-only "
		    "filesystem, where callq can only read it; remount it "
		    "read-write to change it", path);
	} else if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0)
		snprintf(st->ro_msg, sizeof st->ro_msg, "you may not write %s,"
		    " so callq can only read it; ask its owner for write "
		    "access", path);
	else
		snprintf(st->ro_msg, sizeof st->ro_msg, "you may not write the "
		    "directory of %s, where SQLite keeps its journal, so callq "
		    "can only read it; ask the directory's owner for write "
		    "access", path);
}

/* Nonzero when the last error is SQLite's: the file cannot be written. */
static int
cannot_write(struct store *st)
{
	int code = sqlite3_extended_errcode(st->db) & 0xff;

	return code == SQLITE_READONLY || code == SQLITE_PERM ||
	    code == SQLITE_CANTOPEN;
}

static int
readonly_fail(struct store *st, struct err *err)
{
	return err_set(err, st->ro_status, "cannot change the database: %s",
	    st->ro_msg);
}

/* path as an SQLite URI for an immutable read (see open_readonly). */
static char *
immutable_uri(const char *path)
{
	char *uri, *u;
	const char *p;

	if ((uri = malloc(strlen(path) * 3 + 32)) == NULL)
		return NULL;
	/* "file://" then the path: a path starting "//" is no authority. */
	u = uri + sprintf(uri, "file:%s", *path == '/' ? "//" : "");
	for (p = path; *p != '\0'; p++)
		if (*p == '%' || *p == '?' || *p == '#')
			u += sprintf(u, "%%%02X", (unsigned char)*p);
		else
			*u++ = *p;
	strcpy(u, "?mode=ro&immutable=1");
	return uri;
}

/*
 * Reopens path read-only after a connection that asked for write access
 * could not even read it: a WAL database needs its -shm, and the user may
 * not make one. With the -wal and -shm there, SQLite reads a read-only
 * WAL database (3.22 and later). Without them, and unable to make them,
 * it reads only an immutable file, which ignores the -wal: that is safe
 * while the -wal holds nothing. Such a reader sees no change made after
 * it opened; none can be made by a user who cannot make the -wal.
 */
static int
open_readonly(struct store *st, const char *path, int *version,
    struct err *err)
{
	const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	char wal[4200], *uri;
	struct stat sb;
	int rc;

	conn_close(st);
	err->status = 0;
	if (conn_open(st, path, flags, path, err) == 0 &&
	    (check_version(st, path, version, err) == 0 || !cannot_write(st)))
		return err->status;
	conn_close(st);
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (lstat(wal, &sb) == 0 && sb.st_size > 0)
		return err_set(err, st->ro_status, "cannot read %s: %s holds "
		    "changes not yet in the database, which SQLite reads only "
		    "through a -shm that callq may not make here; open the "
		    "database once with write access to take them in", path,
		    wal);
	if ((uri = immutable_uri(path)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	err->status = 0;
	rc = conn_open(st, uri, flags | SQLITE_OPEN_URI, path, err);
	free(uri);
	return rc != 0 ? rc : check_version(st, path, version, err);
}

/* What every connection to the database sets before its first use. */
static int
conn_setup(struct store *st, const char *path, int version, struct err *err)
{
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys=ON", NULL, NULL,
	    NULL) != SQLITE_OK)
		return db_fail(st, err, "opening the database");
	/* A database callq may only read keeps its journal and schema. */
	if (st->ro_status != 0 && version < STORE_SCHEMA_VERSION)
		return err_set(err, st->ro_status, "cannot upgrade the database "
		    "from schema version %d to %d: %s", version,
		    STORE_SCHEMA_VERSION, st->ro_msg);
	if (st->ro_status == 0 && journal_mode(st, path, err) != 0)
		return err->status;
	if (sqlite3_exec(st->db, "PRAGMA synchronous=NORMAL", NULL, NULL,
	    NULL) != SQLITE_OK)
		return db_fail(st, err, "opening the database");
	sqlite3_wal_hook(st->db, wal_committed, st);
	return schema_migrate(st, version, err);
}

int
store_open(const char *path, enum store_mode mode, struct store **out,
    struct err *err)
{
	struct store *st;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, version, rc;

	*out = NULL;
	if (open_checks(path, mode, err) != 0 ||
	    (mode == STORE_OPEN && wal_files_check(path, err) != 0))
		return err->status;
	if ((st = calloc(1, sizeof *st)) == NULL ||
	    (st->path = strdup(path)) == NULL) {
		free(st);
		return err_set(err, EX_OSERR, "out of memory");
	}
	if (mode == STORE_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	st->jitter = (unsigned)getpid() ^ (unsigned)time(NULL);
	hours_rules_default(&st->hours);
	if (conn_open(st, path, flags, path, err) != 0) {
		store_close(st);
		return err->status;
	}
	/*
	 * SQLite opens a file it may not write read-only, or fails its
	 * first read when it cannot make the -shm: either way the floor can
	 * still be read, and every write says why it cannot be.
	 */
	rc = check_version(st, path, &version, err);
	if (mode == STORE_OPEN && ((rc != 0 && cannot_write(st)) ||
	    (rc == 0 && sqlite3_db_readonly(st->db, "main") == 1))) {
		readonly_why(st, path);
		if (rc != 0)
			rc = open_readonly(st, path, &version, err);
	}
	if (rc != 0 || conn_setup(st, path, version, err) != 0) {
		if (err->status == 0)
			db_fail(st, err, "opening the database");
		store_close(st);
		return err->status;
	}
	*out = st;
	return 0;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	conn_close(st);
	free(st->cache);
	free(st->path);
	free(st);
}

sqlite3_stmt *
stmt_get(struct store *st, const char *sql, struct err *err)
{
	struct cached *grown;
	sqlite3_stmt *stmt;
	int i;

	for (i = 0; i < st->ncache; i++)
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL) != SQLITE_OK) {
		db_fail(st, err, "preparing a query");
		return NULL;
	}
	if (st->ncache == st->capacity) {
		int capacity = st->capacity ? st->capacity * 2 : 64;

		if ((grown = realloc(st->cache, (size_t)capacity *
		    sizeof *grown)) == NULL) {
			sqlite3_finalize(stmt);
			err_set(err, EX_OSERR, "out of memory");
			return NULL;
		}
		st->cache = grown;
		st->capacity = capacity;
	}
	st->cache[st->ncache].sql = sql;
	st->cache[st->ncache++].stmt = stmt;
	return stmt;
}

sqlite3_stmt *
stmt_built(struct store *st, const char *sql, struct err *err)
{
	const int max = (int)(sizeof st->built / sizeof st->built[0]);
	sqlite3_stmt *stmt;
	char *copy;
	int i;

	for (i = 0; i < st->nbuilt; i++)
		if (strcmp(st->built[i].sql, sql) == 0) {
			sqlite3_reset(st->built[i].stmt);
			sqlite3_clear_bindings(st->built[i].stmt);
			return st->built[i].stmt;
		}
	if ((copy = strdup(sql)) == NULL) {
		err_set(err, EX_OSERR, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL) != SQLITE_OK) {
		free(copy);
		db_fail(st, err, "preparing a query");
		return NULL;
	}
	if (st->nbuilt == max) {	/* the oldest goes */
		sqlite3_finalize(st->built[0].stmt);
		free((char *)st->built[0].sql);
		memmove(st->built, st->built + 1, (size_t)(max - 1) *
		    sizeof st->built[0]);
		st->nbuilt--;
	}
	st->built[st->nbuilt].sql = copy;
	st->built[st->nbuilt++].stmt = stmt;
	return stmt;
}

int
db_fail(struct store *st, struct err *err, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);

	if (st->ro_status != 0 && cannot_write(st))
		return readonly_fail(st, err);
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
		st->busy = 1;
		return err_set(err, EX_TEMPFAIL, "the database stayed busy "
		    "while %s; try again", what);
	}
	if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_PERM ||
	    (code & 0xff) == SQLITE_CANTOPEN)
		return err_set(err, EX_NOPERM, "cannot write the database while "
		    "%s: %s", what, sqlite3_errmsg(st->db));
	if ((code & 0xff) == SQLITE_FULL)
		return err_set(err, EX_IOERR, "the disk holding %s is full (while "
		    "%s); free space there and try again", st->path, what);
	if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT)
		return err_set(err, EX_DATAERR, "the file is not a callq "
		    "database (%s)", sqlite3_errmsg(st->db));
	return err_set(err, EX_IOERR, "database error while %s: %s", what,
	    sqlite3_errmsg(st->db));
}

int
db_step(struct store *st, sqlite3_stmt *stmt, struct err *err,
    const char *what)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	db_fail(st, err, what);
	sqlite3_reset(stmt);
	return -1;
}

int
db_run(struct store *st, sqlite3_stmt *stmt, struct err *err,
    const char *what)
{
	int rc = db_step(st, stmt, err, what);

	sqlite3_reset(stmt);
	return rc == -1 ? err->status : 0;
}

void
bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

void
bind_id(sqlite3_stmt *stmt, int i, int64_t id)
{
	if (id == 0)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_int64(stmt, i, id);
}

const char *
col_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	return s != NULL ? (const char *)s : "";
}

static int
exec(struct store *st, const char *sql, struct err *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	return db_fail(st, err, "starting or ending a transaction");
}

/* Notes how long the write lock taken at t0 was held. */
static void
tx_held(struct store *st, const struct timespec *t0)
{
	struct timespec t1;

	if (st->released)
		t1 = st->tx_released;
	else
		clock_gettime(CLOCK_MONOTONIC, &t1);
	st->released = 0;
	st->tx_last = (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
	if (st->tx_last > st->tx_longest)
		st->tx_longest = st->tx_last;
}

/*
 * One attempt: 0 committed; EX_TEMPFAIL with st->busy set to retry.
 * Ctrl-Z waits for the end of it: a rep's stopped callq would otherwise
 * hold the write lock, and every other writer on the floor would wait.
 */
static int
tx_attempt(struct store *st, int (*fn)(struct store *, void *, struct err *),
    void *arg, struct err *err)
{
	struct timespec t0;
	sigset_t stops, old;
	int rc;

	sigemptyset(&stops);
	sigaddset(&stops, SIGTSTP);
	sigaddset(&stops, SIGTTIN);
	sigaddset(&stops, SIGTTOU);
	sigprocmask(SIG_BLOCK, &stops, &old);
	st->busy = 0;
	if ((rc = exec(st, "BEGIN IMMEDIATE", err)) == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st->released = 0;
		st->depth = 1;
		rc = fn(st, arg, err);
		st->depth = 0;
		if (rc == 0)
			rc = exec(st, "COMMIT", err);
		if (rc != 0 && !sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		tx_held(st, &t0);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* Giving up: the sentence names whoever holds the lock, if anyone can. */
static int
tx_give_up(struct store *st, struct err *err)
{
	char holder[400];

	if (lock_holder(st, holder, sizeof holder) != 0)
		return err_set(err, EX_TEMPFAIL, "the database stayed busy "
		    "for %d seconds; try again", TX_DEADLINE_MS / 1000);
	return err_set(err, EX_TEMPFAIL, "the database stayed busy for %d "
	    "seconds: %s holds its write lock; try again, or ask an admin to "
	    "end that process (see SECURITY in callq(1))",
	    TX_DEADLINE_MS / 1000, holder);
}

int
store_tx(struct store *st, int (*fn)(struct store *, void *, struct err *),
    void *arg, struct err *err)
{
	long long deadline = now_ms() + TX_DEADLINE_MS;
	int rc;

	if (st->ro_status != 0)
		return readonly_fail(st, err);
	if (st->depth > 0)
		return fn(st, arg, err);
	for (;;) {
		err->status = 0;
		rc = tx_attempt(st, fn, arg, err);
		if (rc == 0 || !st->busy)
			return rc;
		if (now_ms() > deadline)
			return tx_give_up(st, err);
	}
}

double
store_tx_last(const struct store *st)
{
	return st->tx_last;
}

double
store_tx_longest(const struct store *st)
{
	return st->tx_longest;
}

void
store_cache_limit(struct store *st, int kib)
{
	char pragma[48];

	snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d", kib);
	sqlite3_exec(st->db, pragma, NULL, NULL, NULL);
}

int64_t
store_data_version(struct store *st)
{
	sqlite3_stmt *stmt;
	struct err err;
	int64_t v = -1;

	if ((stmt = stmt_get(st, "PRAGMA data_version", &err)) != NULL &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	if (stmt != NULL)
		sqlite3_reset(stmt);
	return v;
}
