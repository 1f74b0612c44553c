#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/priv.h"

#ifndef CALLQ_STATEDIR
#define CALLQ_STATEDIR "/var/lib/callq"
#endif
#ifndef CALLQ_SYSCONFDIR
#define CALLQ_SYSCONFDIR "/etc/callq"
#endif

static gid_t floor_gid;		/* the group callq started with */
static char  guarded_db[4096];	/* the database in use (priv_guard) */
static int   refused;		/* the last open was refused by the guard */

/*
 * Running with another group, or started as a setgid program, or this
 * binary is one: a user put in the group (or root, whose group callq's
 * may be) still runs the floor's install.
 */
int
priv_shared(void)
{
	static int shared = -1;
	struct stat sb;

	if (shared < 0) {
		floor_gid = getegid();
		shared = floor_gid != getgid() || getauxval(AT_SECURE) != 0 ||
		    (stat("/proc/self/exe", &sb) == 0 &&
		    (sb.st_mode & S_ISGID) != 0);
	}
	return shared;
}

int
priv_as_user(int (*fn)(void *), void *arg)
{
	gid_t egid = getegid(), gid = getgid();
	int rc, saved;

	if (egid == gid)
		return fn(arg);
	if (setegid(gid) != 0)
		return -1;
	rc = fn(arg);
	saved = errno;
	/*
	 * Going on without the group would fail later at the database in
	 * ways nobody could read; going on with the wrong one cannot happen.
	 */
	if (setegid(egid) != 0)
		abort();
	errno = saved;
	return rc;
}

void
priv_guard(const char *db_path)
{
	snprintf(guarded_db, sizeof guarded_db, "%s", db_path);
}

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The database or one of the files SQLite keeps beside it. */
static int
is_database(const struct stat *sb)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-journal" };
	char path[4200];
	struct stat db;
	size_t i;

	if (guarded_db[0] == '\0')
		return 0;
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(path, sizeof path, "%s%s", guarded_db, suffixes[i]);
		if (stat(path, &db) == 0 && same_file(sb, &db))
			return 1;
	}
	return 0;
}

/* dir itself or anything directly in it. */
static int
is_in_dir(const struct stat *sb, const char *dir)
{
	struct dirent *de;
	struct stat entry;
	int found = 0;
	DIR *d;

	if (stat(dir, &entry) == 0 && same_file(sb, &entry))
		return 1;
	if ((d = opendir(dir)) == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL)
		found = fstatat(dirfd(d), de->d_name, &entry,
		    AT_SYMLINK_NOFOLLOW) == 0 && same_file(sb, &entry);
	closedir(d);
	return found;
}

/*
 * Decided on what was opened, not on its name: /proc/self/fd/N, a link
 * or a second name reaches the same file. A file of callq's group is the
 * floor's whatever its name, as no user can give a file that group.
 */
static int
is_floors(int fd)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		return 1;
	return (priv_shared() && sb.st_gid == floor_gid &&
	    floor_gid != getgid()) || is_database(&sb) ||
	    is_in_dir(&sb, CALLQ_STATEDIR) || is_in_dir(&sb, CALLQ_SYSCONFDIR);
}

struct opening {
	const char *path;
	int         flags;
	mode_t      mode;
};

static int
opening_open(void *arg)
{
	struct opening *o = arg;

	return open(o->path, o->flags, o->mode);
}

int
priv_path_is_floors(const char *path)
{
	struct opening o = { path, O_PATH | O_CLOEXEC, 0 };
	int fd, floors;

	if ((fd = priv_as_user(opening_open, &o)) < 0)
		return 0;
	floors = refused = is_floors(fd);
	close(fd);
	return floors;
}

static int
is_regular(int fd)
{
	struct stat sb;

	return fstat(fd, &sb) != 0 || S_ISREG(sb.st_mode);
}

int
priv_open(const char *path, int flags, mode_t mode)
{
	/* Truncating waits for the check: a refused file keeps its bytes. */
	struct opening o = { path, flags & ~O_TRUNC, mode };
	int fd;

	refused = 0;
	if ((fd = priv_as_user(opening_open, &o)) < 0)
		return -1;
	if (is_floors(fd)) {
		close(fd);
		refused = 1;
		errno = EPERM;
		return -1;
	}
	/* As open(2): a device or a FIFO has nothing to cut. */
	if ((flags & O_TRUNC) && is_regular(fd) && ftruncate(fd, 0) != 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

FILE *
priv_fopen(const char *path, const char *mode)
{
	int flags = mode[0] == 'r' ? O_RDONLY : O_WRONLY | O_CREAT |
	    (mode[0] == 'a' ? O_APPEND : O_TRUNC);
	int fd = priv_open(path, flags | O_CLOEXEC, 0666);
	FILE *f;

	if (fd < 0)
		return NULL;
	if ((f = fdopen(fd, mode)) == NULL)
		close(fd);
	return f;
}

const char *
priv_strerror(int errnum)
{
	if (refused && errnum == EPERM)
		return "it is one of callq's own files, which callq opens for "
		    "no user";
	return strerror(errnum);
}

int
priv_drop(void)
{
	gid_t gid = getgid();

	if (setresgid(gid, gid, gid) != 0)
		return -1;
	return getegid() == gid ? 0 : -1;
}
