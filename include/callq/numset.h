/*
 * The numbers met so far in one file, exactly, up to a fixed memory: an
 * open-addressing set of E.164 numbers as integers (15 digits fit in 64
 * bits). Once full it remembers no more, and says so; what it misses, the
 * batch's settling finds.
 */
#ifndef CALLQ_NUMSET_H
#define CALLQ_NUMSET_H

#include <stddef.h>

/* 2^21 slots: 16 MiB, about 1.5 million numbers. */
#define NUMSET_SLOTS_MAX (1u << 21)

struct numset;

struct numset *numset_new(void);	/* NULL when memory runs out */

/*
 * 1 when e164 is new (and now remembered, room permitting), 0 when it was
 * met before, -1 when it is not "+" and digits.
 */
int numset_first(struct numset *s, const char *e164);

/* Forgets e164 (a transaction that counted it was rolled back). */
void numset_forget(struct numset *s, const char *e164);

void numset_free(struct numset *s);

#endif
