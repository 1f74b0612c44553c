/* One clear sentence for the user, and the exit status that goes with it. */
#ifndef CALLQ_ERR_H
#define CALLQ_ERR_H

#include <sysexits.h>

struct err {
	int  status;		/* a sysexits(3) code; 0 while nothing failed */
	char msg[512];		/* what is wrong, where, and what to do */
};

/*
 * Records the sentence, its control characters masked (see text_mask),
 * and returns status, so callers can `return err_set(...)`.
 */
int err_set(struct err *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
