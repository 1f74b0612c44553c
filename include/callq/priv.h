/*
 * The privileged group of a shared install. There callq runs setgid to a
 * group that alone may reach the database and the floor's callq.conf;
 * everything else a user names (a CSV to import, an export target, a
 * directory to browse, a trace file) is opened with the user's own group,
 * so the privilege never reaches what callq was not built to guard.
 */
#ifndef CALLQ_PRIV_H
#define CALLQ_PRIV_H

#include <stdio.h>
#include <sys/types.h>

/* Nonzero in a shared install: this callq is setgid (see make install-shared). */
int priv_shared(void);

/*
 * Runs fn(arg) with the effective group set to the real one, then sets
 * it back. Returns fn's value, or -1 with errno set when either switch
 * fails (fn is then not run, or callq cannot safely go on: it aborts).
 */
int priv_as_user(int (*fn)(void *), void *arg);

/*
 * open(2) and fopen(3) of a file the user named, as the user. What was
 * opened is then checked, and refused with EPERM when it is callq's own:
 * the database or its journals, anything in the state or configuration
 * directory, or any file of callq's group. O_TRUNC waits for the check.
 */
int priv_open(const char *path, int flags, mode_t mode);
FILE *priv_fopen(const char *path, const char *mode);

/* strerror(3), but saying why priv_open refused one of callq's files. */
const char *priv_strerror(int errnum);

/* The database in use, which priv_open refuses besides the floor's files. */
void priv_guard(const char *db_path);

/*
 * Nonzero when path names one of the files priv_open would refuse; then
 * priv_strerror(EPERM) says why, as after a refusal of priv_open.
 */
int priv_path_is_floors(const char *path);

/*
 * Gives up the privileged group for good (real, effective and saved):
 * before anything that must not reach the database. 0, or -1 with errno.
 */
int priv_drop(void);

#endif
