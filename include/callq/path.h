/* Where the database lives. */
#ifndef CALLQ_PATH_H
#define CALLQ_PATH_H

#include <stddef.h>

#include "callq/err.h"

/* The floor's database of a shared install (make install-shared). */
extern const char *const PATH_SHARED_DB;

/*
 * The database path: option (from --db) when given; else, in a shared
 * install, PATH_SHARED_DB; else CALLQ_DB, else
 * $XDG_DATA_HOME/callq/callq.db, else ~/.local/share/callq/callq.db.
 */
int path_db(const char *option, char *out, size_t size, struct err *err);

/*
 * The user's own data directory's leaf: $XDG_DATA_HOME/callq/LEAF, else
 * ~/.local/share/callq/LEAF (the environment is ignored when callq is
 * setgid, so the home is the account's). 0, or -1 with errno ENOENT (no
 * home) or ENAMETOOLONG.
 */
int path_data(const char *leaf, char *out, size_t size);

#endif
