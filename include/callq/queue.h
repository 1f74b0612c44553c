/*
 * My Queue: follow-ups due now or missed, then leads assigned to me by
 * priority and due time, then fresh leads of my regions. Leads outside
 * their calling hours, on the do-not-call list or held by another rep are
 * not offered. Walked a page at a time from a row's position (keyset
 * paging), never loaded whole and never counted past a cap, so a
 * million leads cost what a hundred do.
 */
#ifndef CALLQ_QUEUE_H
#define CALLQ_QUEUE_H

#include "callq/hours.h"
#include "callq/lead.h"

enum queue_tier { TIER_FOLLOWUP, TIER_ASSIGNED, TIER_FRESH, TIER_COUNT };

enum queue_sort {
	QSORT_QUEUE,		/* the order above */
	QSORT_NEWEST,		/* newest leads first within each tier */
	QSORT_UNTOUCHED,	/* longest since last contact first */
	QSORT_COUNT
};

/* What the rep asked to see. */
struct queue_query {
	time_t          now;
	enum queue_sort sort;
	const char     *search;	/* in name, phone, city; NULL: none */
	int             all;	/* also leads outside hours or on DNC */
};

/* Where a row sits: its tier, its sort key within the tier, its id. */
struct queue_pos {
	enum queue_tier tier;
	int64_t         key;
	int64_t         id;
};

/* What the queue knows of a row beyond the lead. */
struct queue_item {
	struct queue_pos   pos;
	int                dnc;		/* its number is on the DNC list */
	enum hours_verdict hours;
	time_t             opens;	/* HOURS_CLOSED: when it may be called */
	char               local[8];	/* the lead's clock: "14:05", "" */
};

typedef int (*queue_each)(const struct lead *, const struct queue_item *,
    void *);

/*
 * Up to limit rows next to from, nearest first: after it (backward 0) or
 * before it (backward 1), from itself on when inclusive. from NULL starts
 * at the queue's first row (or, backward, its last).
 */
int store_queue_walk(struct store *st, const struct actor *who,
    const struct queue_query *q, const struct queue_pos *from, int backward,
    int inclusive, int limit, queue_each each, void *arg, struct err *err);

/* The first limit rows (limit < 0: all). */
int store_queue_page(struct store *st, const struct actor *who,
    const struct queue_query *q, int limit, queue_each each, void *arg,
    struct err *err);

/* Rows in each tier, each counted no further than cap. */
int store_queue_count(struct store *st, const struct actor *who,
    const struct queue_query *q, int64_t counts[TIER_COUNT], int64_t cap,
    struct err *err);

const char *queue_sort_name(enum queue_sort sort);	/* "queue order" */
const char *queue_tier_name(enum queue_tier tier);	/* "follow-up" */

#endif
