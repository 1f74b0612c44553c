#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/conf.h"
#include "callq/path.h"
#include "callq/priv.h"

#ifndef CALLQ_STATEDIR
#define CALLQ_STATEDIR "/var/lib/callq"
#endif
#ifndef CALLQ_SYSCONFDIR
#define CALLQ_SYSCONFDIR "/etc/callq"
#endif

const char *const PATH_SHARED_DB = CALLQ_STATEDIR "/callq.db";
static const char floor_conf[] = CALLQ_SYSCONFDIR "/callq.conf";

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

/* [database] has one key: a misspelt one would be passed over unseen. */
static int
floor_keys_check(const struct conf *c, struct err *err)
{
	char where[4200];
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->entries[i].section, "database") == 0 &&
		    strcmp(c->entries[i].key, "postgresql") != 0) {
			conf_where(c, &c->entries[i], where, sizeof where);
			return err_set(err, EX_CONFIG, "%s: unknown key '%s' "
			    "in [database]; the key is postgresql; see "
			    "callq.conf(5)", where, c->entries[i].key);
		}
	return 0;
}

/* The floor's [database] postgresql entry e as a postgresql: name. */
static int
server_name(const struct conf *c, const struct conf_entry *e, char *out,
    size_t size, struct err *err)
{
	char where[4200];
	const char *rest;

	/* libpq would read "" as its defaults: the user's own role. */
	if (e->value[0] == '\0') {
		conf_where(c, e, where, sizeof where);
		return err_set(err, EX_CONFIG, "%s: [database] postgresql is "
		    "empty; name the floor's database there, or remove the "
		    "key; see callq.conf(5)", where);
	}
	if (path_db_kind(e->value, &rest) == PATH_POSTGRES)
		return path_set(out, size, err, e->value, "");
	return path_set(out, size, err, "postgresql:", e->value);
}

/*
 * The database server the floor's callq.conf names ([database]
 * postgresql), into out as a postgresql: name; *named is 0 when the file
 * is not there or names none. Only the floor's file is read: it is what
 * everyone on the machine shares, and a user has --db and CALLQ_DB.
 */
static int
floor_server(char *out, size_t size, int *named, struct err *err)
{
	const struct conf_entry *e;
	struct conf c = { 0 };
	int rc = 0;

	*named = 0;
	if (access(floor_conf, F_OK) != 0 && errno == ENOENT)
		return 0;
	/*
	 * A callq without the floor's group (a build of one's own beside a
	 * shared install) cannot read the floor's file, which is mode 0640:
	 * it is not the floor's install, and goes on to the user's own
	 * database as it did before [database] was read. A floor on a
	 * server that plain installs share makes the file readable to all.
	 */
	if (!priv_shared() && access(floor_conf, R_OK) != 0 &&
	    errno == EACCES)
		return 0;
	if (conf_read(&c, floor_conf, 0, err) != 0)
		return err->status;
	if ((rc = floor_keys_check(&c, err)) == 0 &&
	    (e = conf_get(&c, "database", "postgresql")) != NULL) {
		*named = 1;
		rc = server_name(&c, e, out, size, err);
	}
	conf_free(&c);
	return rc;
}

int
path_db(const char *option, char *out, size_t size, int *floor,
    struct err *err)
{
	const char *env;
	int named;

	*floor = 0;
	if (option != NULL)
		return path_set(out, size, err, option, "");
	if (!priv_shared() && (env = secure_getenv("CALLQ_DB")) != NULL &&
	    *env != '\0')
		return path_set(out, size, err, env, "");
	if (floor_server(out, size, &named, err) != 0)
		return err->status;
	if (named || priv_shared()) {
		*floor = 1;
		return named ? 0 : path_set(out, size, err, PATH_SHARED_DB, "");
	}
	if (path_data("callq.db", out, size) == 0)
		return 0;
	if (errno == ENAMETOOLONG)
		return err_set(err, EX_USAGE, "the database path is too long");
	return err_set(err, EX_USAGE, "cannot tell where your home "
	    "directory is; name the database with --db PATH");
}

enum path_kind
path_db_kind(const char *db, const char **rest)
{
	static const char *const pg[] = { "postgresql:", "postgres:" };
	size_t i, n;

	for (i = 0; i < sizeof pg / sizeof pg[0]; i++) {
		n = strlen(pg[i]);
		if (strncmp(db, pg[i], n) == 0) {
			/* libpq reads a URL whole, keywords without the scheme. */
			*rest = strncmp(db + n, "//", 2) == 0 ? db : db + n;
			return PATH_POSTGRES;
		}
	}
	if (strncmp(db, "sqlite://", 9) == 0)
		*rest = db + 9;
	else if (strncmp(db, "sqlite:", 7) == 0)
		*rest = db + 7;
	else
		*rest = db;
	return PATH_SQLITE;
}
