/*
 * Opening a floor's SQLite file: WAL where it is safe and a rollback
 * journal on network filesystems, -wal and -shm that belong to the
 * database's owner, a read-only floor read as far as it can be, and a
 * busy handler that treats every waiting writer alike.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "sqliteint.h"

/* How long one statement waits for the write lock before the whole
 * transaction is retried (store_tx). */
#define BUSY_WAIT_MS	2000


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

	sqlite3_file_control(sqlite_db(st->conn), "main",
	    SQLITE_FCNTL_PERSIST_WAL, &on);
	return conn_exec(st->conn, "PRAGMA journal_size_limit=67108864");
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
	if (conn_exec(st->conn, mode) != 0 ||
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
 * One connection to name (path, or a URI for it), with the functions and
 * busy handler callq's SQL needs.
 */
static int
conn_open(struct store *st, const char *name, int flags, const char *path,
    struct err *err)
{
	int rc = sqlite_conn_open(name, flags, &st->conn);

	if (rc != SQLITE_OK)
		return err_set(err, flags & SQLITE_OPEN_CREATE ? EX_CANTCREAT :
		    EX_NOINPUT, "cannot open database %s: %s", path,
		    st->conn != NULL ? conn_errmsg(st->conn) : "out of memory");
	sqlite_functions(sqlite_db(st->conn), st);
	sqlite3_busy_handler(sqlite_db(st->conn), busy_wait, st);
	return 0;
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

/* Nonzero when the last error says the file cannot be written. */
static int
cannot_write(struct store *st)
{
	return conn_fault(st->conn) == DB_FAULT_READONLY;
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

	store_conn_close(st);
	err->status = 0;
	if (conn_open(st, path, flags, path, err) == 0 &&
	    (check_version(st, path, version, err) == 0 || !cannot_write(st)))
		return err->status;
	store_conn_close(st);
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
	if (conn_exec(st->conn, "PRAGMA foreign_keys=ON") != 0)
		return db_fail(st, err, "opening the database");
	/* A database callq may only read keeps its journal and schema. */
	if (st->ro_status != 0 && version < STORE_SCHEMA_VERSION)
		return err_set(err, st->ro_status, "cannot upgrade the database "
		    "from schema version %d to %d: %s", version,
		    STORE_SCHEMA_VERSION, st->ro_msg);
	if (st->ro_status == 0 && journal_mode(st, path, err) != 0)
		return err->status;
	if (conn_exec(st->conn, "PRAGMA synchronous=NORMAL") != 0)
		return db_fail(st, err, "opening the database");
	sqlite3_wal_hook(sqlite_db(st->conn), wal_committed, st);
	return 0;
}

int
sqlite_store_open(struct store *st, const char *path, enum store_mode mode,
    int *version, struct err *err)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, rc;

	if (open_checks(path, mode, err) != 0 ||
	    (mode == STORE_OPEN && wal_files_check(path, err) != 0))
		return err->status;
	if (mode == STORE_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (conn_open(st, path, flags, path, err) != 0)
		return err->status;
	/*
	 * SQLite opens a file it may not write read-only, or fails its
	 * first read when it cannot make the -shm: either way the floor can
	 * still be read, and every write says why it cannot be.
	 */
	rc = check_version(st, path, version, err);
	if (mode == STORE_OPEN && ((rc != 0 && cannot_write(st)) ||
	    (rc == 0 && sqlite3_db_readonly(sqlite_db(st->conn), "main") ==
	    1))) {
		readonly_why(st, path);
		if (rc != 0)
			rc = open_readonly(st, path, version, err);
	}
	if (rc != 0)
		return err->status ? err->status : db_fail(st, err,
		    "opening the database");
	return conn_setup(st, path, *version, err);
}

int
sqlite_cache_size(struct store *st, int kib)
{
	char pragma[48];

	/* The server sizes its own buffers: nothing to ask for there. */
	if (store_is_pg(st))
		return 0;
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d", kib);
	return conn_exec(st->conn, pragma);
}
