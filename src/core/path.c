#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "callq/path.h"
#include "callq/priv.h"

#ifndef CALLQ_STATEDIR
#define CALLQ_STATEDIR "/var/lib/callq"
#endif

const char *const PATH_SHARED_DB = CALLQ_STATEDIR "/callq.db";

static int
path_set(char *out, size_t size, struct err *err, const char *a,
    const char *b)
{
	if (snprintf(out, size, "%s%s", a, b) >= (int)size)
		return err_set(err, EX_USAGE, "the database path is too long");
	return 0;
}

int
path_data(const char *leaf, char *out, size_t size)
{
	const char *env, *home;
	struct passwd *pw;
	int n;

	/* secure_getenv: a setgid callq must not let callers redirect it. */
	if ((env = secure_getenv("XDG_DATA_HOME")) != NULL && *env == '/')
		n = snprintf(out, size, "%s/callq/%s", env, leaf);
	else {
		home = secure_getenv("HOME");
		if ((home == NULL || *home != '/') &&
		    (pw = getpwuid(getuid())) != NULL)
			home = pw->pw_dir;
		if (home == NULL) {
			errno = ENOENT;
			return -1;
		}
		n = snprintf(out, size, "%s/.local/share/callq/%s", home,
		    leaf);
	}
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
path_db(const char *option, char *out, size_t size, struct err *err)
{
	const char *env;

	if (option != NULL)
		return path_set(out, size, err, option, "");
	if (priv_shared())
		return path_set(out, size, err, PATH_SHARED_DB, "");
	if ((env = secure_getenv("CALLQ_DB")) != NULL && *env != '\0')
		return path_set(out, size, err, env, "");
	if (path_data("callq.db", out, size) == 0)
		return 0;
	if (errno == ENAMETOOLONG)
		return err_set(err, EX_USAGE, "the database path is too long");
	return err_set(err, EX_USAGE, "cannot tell where your home "
	    "directory is; name the database with --db PATH");
}
