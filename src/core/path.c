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
path_db(const char *option, char *out, size_t size, struct err *err)
{
	const char *env, *home;
	struct passwd *pw;

	if (option != NULL)
		return path_set(out, size, err, option, "");
	if (priv_shared())
		return path_set(out, size, err, PATH_SHARED_DB, "");
	/* secure_getenv: a setgid callq must not let callers redirect it. */
	if ((env = secure_getenv("CALLQ_DB")) != NULL && *env != '\0')
		return path_set(out, size, err, env, "");
	if ((env = secure_getenv("XDG_DATA_HOME")) != NULL && *env == '/')
		return path_set(out, size, err, env, "/callq/callq.db");
	home = secure_getenv("HOME");
	if ((home == NULL || *home != '/') && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL)
		return err_set(err, EX_USAGE, "cannot tell where your home "
		    "directory is; name the database with --db PATH");
	return path_set(out, size, err, home, "/.local/share/callq/callq.db");
}
