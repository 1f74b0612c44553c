/*
 * An import's rejects file: the header and each refused row as they were,
 * plus two last columns: Reject reason, and Row (its record in the file,
 * the header being 1). Opened at the first reject, so a
 * clean file leaves none; cut back to a batch's last commit on resume.
 */
#ifndef CALLQ_REJECTS_H
#define CALLQ_REJECTS_H

#include <stddef.h>
#include <stdint.h>

#include "callq/err.h"

struct rejects;

/*
 * 0 when path could be written as the user (it, or its directory when it
 * does not exist yet), else -1 with errno (see priv_strerror): an import
 * refuses an unwritable rejects file before it writes anything. A full
 * disk is only found when writing.
 */
int rejects_check(const char *path);

/*
 * Where an import's rejects go when none was named and the default beside
 * csv cannot be written (a list on a read-only share): the user's own
 * data directory (path_data), as rejects/BASE-SHA8.rejects.csv, made as
 * the user. n above 0 adds "-N+1", for a name an unfinished batch still
 * holds. 0 once out is a path rejects_check allows, else -1 with errno.
 */
int rejects_fallback(const char *csv, const char *sha, int n, char *out,
    size_t size);

/*
 * 0 when a resume can go on after the first keep bytes of path: a file
 * that still holds them, or a device or FIFO, which keeps nothing to cut
 * back. -1 when it was cut or removed since.
 */
int rejects_kept(const char *path, int64_t keep);

/*
 * Opens path for rejects. When keep is above 0 the file's first keep bytes
 * (an earlier run's, header included) stay and the rest goes (a device or
 * a FIFO is written on); else it starts anew with header[0..n).
 */
int rejects_open(struct rejects **out, const char *path, int64_t keep,
    char *const *header, const size_t *lens, size_t n, struct err *err);

int rejects_write(struct rejects *r, char *const *fields, const size_t *lens,
    size_t n, const char *reason, int64_t row, struct err *err);

/*
 * Hands what was written to the kernel, where a killed import cannot lose
 * it, and sets *bytes to the file's length. Not fsync: the database's own
 * commits are not synced either (WAL, synchronous=NORMAL), and a resume
 * cuts the file back to what the batch recorded.
 */
int rejects_sync(struct rejects *r, int64_t *bytes, struct err *err);

void rejects_close(struct rejects *r);

#endif
