/* My Queue's walks as SQL, for the tests that read their query plans. */
#ifndef CALLQ_STORE_QUEUEINT_H
#define CALLQ_STORE_QUEUEINT_H

#include "callq/queue.h"

/*
 * The text of one part of a tier's walk (store/queue.c): ties nonzero
 * for the part that reads the ties of the row walked from, zero for the
 * rest (a tier ordered by id alone has only that part).
 */
const char *queue_walk_text(enum queue_sort sort, enum queue_tier tier,
    int backward, int all, int ties);

/* PostgreSQL's: the statement that reads the floor's hours questions. */
const char *queue_asks_text(void);

#endif
