#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/priv.h"

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

	if (shared < 0)
		shared = getegid() != getgid() || getauxval(AT_SECURE) != 0 ||
		    (stat("/proc/self/exe", &sb) == 0 &&
		    (sb.st_mode & S_ISGID) != 0);
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

struct opening {
	const char *path;
	int         flags;
	mode_t      mode;
	const char *fmode;
	FILE       *f;
};

static int
opening_open(void *arg)
{
	struct opening *o = arg;

	return open(o->path, o->flags, o->mode);
}

static int
opening_fopen(void *arg)
{
	struct opening *o = arg;

	o->f = fopen(o->path, o->fmode);
	return o->f == NULL ? -1 : 0;
}

int
priv_open(const char *path, int flags, mode_t mode)
{
	struct opening o = { path, flags, mode, NULL, NULL };

	return priv_as_user(opening_open, &o);
}

FILE *
priv_fopen(const char *path, const char *mode)
{
	struct opening o = { path, 0, 0, mode, NULL };

	return priv_as_user(opening_fopen, &o) == 0 ? o.f : NULL;
}

int
priv_drop(void)
{
	gid_t gid = getgid();

	if (setresgid(gid, gid, gid) != 0)
		return -1;
	return getegid() == gid ? 0 : -1;
}
