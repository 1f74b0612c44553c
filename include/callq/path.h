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

#endif
