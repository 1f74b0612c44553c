/*
 * A lead's timeline: everything that happened to it, newest first, from
 * the calls and the audit trail: calls with disposition, duration and
 * note (and the status they moved), edits, assignments, follow-ups.
 */
#ifndef CALLQ_TIMELINE_H
#define CALLQ_TIMELINE_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

struct timeline_item {
	time_t      at;
	const char *who;	/* acting login */
	const char *kind;	/* "call", "add", "edit", "followup-add", ... */
	const char *text;	/* one readable line */
};

/* Newest first, at most limit items (0: all). */
int store_timeline(struct store *st, const struct actor *who, int64_t lead,
    int limit, int (*each)(const struct timeline_item *, void *), void *arg,
    struct err *err);

#endif
