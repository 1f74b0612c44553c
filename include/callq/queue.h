/*
 * My Queue: follow-ups due now or missed, then leads assigned to me by
 * priority and due time, then fresh leads of my regions. Paged, never
 * loaded whole.
 */
#ifndef CALLQ_QUEUE_H
#define CALLQ_QUEUE_H

#include "callq/lead.h"

enum queue_tier { TIER_FOLLOWUP, TIER_ASSIGNED, TIER_FRESH };

int store_queue_count(struct store *st, const struct actor *who,
    int64_t *count, struct err *err);

/* Rows offset .. offset + limit - 1 of who's queue, in order. */
int store_queue_page(struct store *st, const struct actor *who, time_t now,
    int64_t offset, int limit,
    int (*each)(const struct lead *, enum queue_tier, void *), void *arg,
    struct err *err);

#endif
