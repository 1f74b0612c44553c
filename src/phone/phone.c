/*
 * The C side of include/callq/phone.h: loads callq-phone.so (phone.cc,
 * with libphonenumber, protobuf, ICU and libstdc++ behind it) on the
 * first number to read. Most commands read none, and linking it in made
 * every start map and relocate it: with libcurl, which is loaded late for
 * the same reason (src/dial/curlib.c), 8 ms of CPU for callq --version
 * and 9.5 MB of a rep's screen session.
 *
 * callq may run setgid on a shared machine, so the object comes only from
 * where the binary itself lies (/proc/self/exe), never from a name the
 * environment could redirect; it must be a regular file that no one but
 * its owner (root or the binary's owner) can write, and the file checked
 * is the one loaded (dlopen of the open descriptor, not of the path).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "callq/phone.h"
#include "shim.h"

static const struct phone_shim *shim;
static void (*leave_hook)(void);

void
phone_before_exit(void (*leave)(void))
{
	leave_hook = leave;
}

/* Says why no number can be read, and ends callq: EX_UNAVAILABLE. */
static void __attribute__((noreturn))
shim_fail(const char *fmt, const char *a, const char *b)
{
	if (leave_hook != NULL)
		leave_hook();
	fputs("callq: ", stderr);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(EX_UNAVAILABLE);
}

/* The binary's directory and owner, as the kernel knows them. */
static void
exe_where(char *dir, size_t size, uid_t *owner)
{
	struct stat st;
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", dir, size - 1);
	if (n <= 0 || (size_t)n >= size - 1 || stat("/proc/self/exe", &st) != 0)
		shim_fail("cannot find where callq is installed (%s%s), so "
		    "it cannot load its phone number library", "/proc/self/exe",
		    " is unreadable");
	dir[n] = '\0';
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	*owner = st.st_uid;
}

/*
 * Opens path for loading if it is safe to: -1 and errno ENOENT when it is
 * not there (the caller tries the next place); ends callq when it is
 * there but refused.
 */
static int
shim_open(const char *path, uid_t owner)
{
	struct stat st;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return -1;
		shim_fail("refusing to load %s: %s (it must be a regular file, "
		    "not a symbolic link)", path, strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		shim_fail("refusing to load %s%s", path,
		    ": it is not a regular file");
	if (st.st_uid != 0 && st.st_uid != owner)
		shim_fail("refusing to load %s%s", path, ": it is owned by "
		    "neither root nor the owner of callq");
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
		shim_fail("refusing to load %s%s", path, ": others than its "
		    "owner may write it (chmod go-w)");
	return fd;
}

/* Loads the checked file through its descriptor. */
static void
shim_link(int fd, const char *path)
{
	char self[64];
	void *so;

	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	so = dlopen(self, RTLD_NOW | RTLD_LOCAL);
	close(fd);
	if (so == NULL)
		shim_fail("cannot load %s: %s", path, dlerror());
	if ((shim = dlsym(so, PHONE_SHIM_SYMBOL)) == NULL)
		shim_fail("cannot load %s: %s", path, "it is not callq's "
		    "phone number library");
}

void
phone_load(void)
{
	static const char *const places[] = {
		"/../lib/callq/" PHONE_SHIM_FILE,	/* make install */
		"/" PHONE_SHIM_FILE,			/* a build tree */
	};
	char dir[PATH_MAX], path[PATH_MAX + 32];
	uid_t owner;
	size_t i;
	int fd;

	if (shim != NULL)
		return;
	exe_where(dir, sizeof dir, &owner);
	for (i = 0; i < sizeof places / sizeof places[0]; i++) {
		snprintf(path, sizeof path, "%s%s", dir, places[i]);
		if ((fd = shim_open(path, owner)) >= 0) {
			shim_link(fd, path);
			return;
		}
	}
	shim_fail("cannot read phone numbers: its library " PHONE_SHIM_FILE
	    " is in neither %s/../lib/callq nor %s; reinstall callq", dir,
	    dir);
}

enum phone_result
phone_parse(const char *raw, const char *default_region, struct phone *out)
{
	phone_load();
	return shim->parse(raw, default_region, out);
}

enum phone_check
phone_check(const char *raw, const char *region, struct phone_key *out)
{
	phone_load();
	return shim->check(raw, region, out);
}

int
phone_region_known(const char *cc)
{
	phone_load();
	return shim->calling_code(cc) != 0;
}

int
phone_calling_code(const char *cc)
{
	phone_load();
	return shim->calling_code(cc);
}
