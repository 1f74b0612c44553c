/* Where the database lives. */
#ifndef CALLQ_PATH_H
#define CALLQ_PATH_H

#include <stddef.h>

#include "callq/err.h"

/* The floor's database of a shared install (make install-shared). */
extern const char *const PATH_SHARED_DB;

/*
 * The database callq opens: option (from --db) when given; else CALLQ_DB
 * (not on a shared install); else the server the floor's callq.conf
 * names in [database] postgresql; else, on a shared install,
 * PATH_SHARED_DB; else $XDG_DATA_HOME/callq/callq.db, else
 * ~/.local/share/callq/callq.db. *floor is set when the name is the
 * floor's own (its callq.conf's, or PATH_SHARED_DB), which a shared
 * install opens with the floor's group.
 */
int path_db(const char *option, char *out, size_t size, int *floor,
    struct err *err);

enum path_kind {
	PATH_SQLITE,	/* a file: a path, sqlite:PATH or sqlite://PATH */
	PATH_POSTGRES,	/* postgresql://URL, or postgresql:KEYWORDS */
};

/*
 * Which driver db (as path_db gave it) is for; *rest is what that
 * driver opens: the file's path, or libpq's connection string (a
 * postgresql:// URL whole, the keywords after "postgresql:"); postgres:
 * is read as postgresql:.
 */
enum path_kind path_db_kind(const char *db, const char **rest);

/*
 * The user's own data directory's leaf: $XDG_DATA_HOME/callq/LEAF, else
 * ~/.local/share/callq/LEAF (the environment is ignored when callq is
 * setgid, so the home is the account's). 0, or -1 with errno ENOENT (no
 * home) or ENAMETOOLONG.
 */
int path_data(const char *leaf, char *out, size_t size);

#endif
