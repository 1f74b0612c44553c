/*
 * Lead lists a team lead works from: the pools (Fresh: unassigned and
 * New; Working: In Progress, CNP, Interested, Qualified; Converted;
 * Lost) and the pipeline's columns (one stage each). Both are walked by
 * lead id a page at a time, as the queue is, so a million leads page as
 * fast as a hundred, and counted no further than a cap.
 */
#ifndef CALLQ_POOL_H
#define CALLQ_POOL_H

#include <stdint.h>

#include "callq/lead.h"

enum pool { POOL_FRESH, POOL_WORKING, POOL_CONVERTED, POOL_LOST, POOL_COUNT };

/* Which leads: a pool, or (stage_id not 0) a pipeline stage. */
struct pool_query {
	enum pool   pool;
	int64_t     stage_id;	/* not 0: the stage's leads, any pool */
	const char *owner;	/* login, "none" for unassigned; NULL: any */
	const char *region;	/* NULL: any */
	const char *source;	/* NULL: any */
	const char *search;	/* in name, phone, city; NULL: none */
};

/*
 * Up to limit leads next to lead id from, nearest first: with higher ids
 * (backward 0) or lower (backward 1); from 0 starts at either end.
 */
int store_pool_walk(struct store *st, const struct actor *who,
    const struct pool_query *q, int64_t from, int backward, int limit,
    int (*each)(const struct lead *, void *), void *arg, struct err *err);

/*
 * The SQL store_pool_walk runs for who and q (backward or not), or the
 * tally's (tally 1): for a test to read its plan.
 */
const char *store_pool_sql(const struct actor *who,
    const struct pool_query *q, int backward, int tally);

/* The leads q holds, counted no further than cap, and their value. */
struct pool_tally {
	int64_t count;		/* cap when there are more */
	int64_t value_cents;	/* of those counted */
};

int store_pool_tally(struct store *st, const struct actor *who,
    const struct pool_query *q, int64_t cap, struct pool_tally *out,
    struct err *err);

const char *pool_name(enum pool pool);		/* "Fresh" */
int pool_parse(const char *text, enum pool *pool);	/* 0, or -1 */

#endif
