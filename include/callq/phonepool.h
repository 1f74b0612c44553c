/*
 * Phone checks for an import, spread over worker processes. libphonenumber
 * keeps one utility per process behind a lock, so threads gain little;
 * processes use every core. Workers are forked before the work and end
 * when their pipe closes, so a killed import leaves none behind.
 */
#ifndef CALLQ_PHONEPOOL_H
#define CALLQ_PHONEPOOL_H

#include <stddef.h>

#include "callq/err.h"
#include "callq/phone.h"

#define PHONEPOOL_RAW_MAX 4097	/* an import refuses longer fields */

struct phone_job {
	const char      *raw;		/* the row's phone text */
	char             region[3];	/* alpha-2 to read it in, or "" */
	enum phone_check result;	/* the answer: */
	struct phone_key key;
};

struct phonepool;

/* Starts workers processes (0: check in this process). */
int phonepool_start(struct phonepool **pool, int workers, struct err *err);

/*
 * Hands jobs[0..n) to the workers; the answers come with phonepool_wait.
 * Both fail with EX_TEMPFAIL, saying how, when a worker died.
 */
int phonepool_send(struct phonepool *pool, struct phone_job *jobs, size_t n,
    struct err *err);

/*
 * Waits for the answers to the jobs last sent and fills them in; adds the
 * seconds the workers spent on them to *busy.
 */
int phonepool_wait(struct phonepool *pool, struct phone_job *jobs, size_t n,
    double *busy, struct err *err);

/* Ends the workers and frees the pool. */
void phonepool_stop(struct phonepool *pool);

#endif
