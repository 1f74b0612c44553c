/* Who is using callq: the Unix account, mapped to a callq user by login. */
#ifndef CALLQ_IDENTITY_H
#define CALLQ_IDENTITY_H

#include <stddef.h>

#include "callq/store.h"

/* The Unix account running callq: its login and display name. */
int identity_unix(char *login, size_t login_size, char *name,
    size_t name_size, struct err *err);

/*
 * Fills *out with the acting user: the Unix account's callq user, or
 * as_login (when not NULL) if that is allowed: the process has no
 * elevated group, or the real user is an admin. Connected as a user's
 * own PostgreSQL role, it is that user, and an as_login naming another
 * is refused.
 */
int identity_resolve(struct store *st, const char *as_login,
    struct actor *out, struct err *err);

#endif
