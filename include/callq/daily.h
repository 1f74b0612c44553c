/*
 * A day on the floor as one user sees it, for the daily digest: the
 * conversions, the missed follow-ups and that user's own notifications.
 * Each reads in the reports' scope (team leads their team, admins and
 * analysts the floor, others their own) and never holds a write lock.
 */
#ifndef CALLQ_DAILY_H
#define CALLQ_DAILY_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

/* One line of a day: a lead, the rep it concerns, when, and a note. */
struct daily_item {
	int64_t     lead_id;
	const char *lead;	/* the lead's name */
	const char *rep;	/* the rep's login */
	time_t      at;	/* converted at; a follow-up's due time */
	const char *text;	/* a notification's own line; else "" */
};

/*
 * Calls in [from, to) by reps in who's scope whose disposition converted
 * the lead, in the order they were made. Strings are valid during the
 * callback only.
 */
int store_daily_conversions(struct store *st, const struct actor *who,
    time_t from, time_t to, int (*each)(const struct daily_item *, void *),
    void *arg, struct err *err);

/*
 * Follow-ups of reps in who's scope due in [from, to) and missed: not
 * done within WHEN_GRACE_MINUTES of their time (cancelled ones, closed
 * with their lead, are not missed), as of now.
 */
int store_daily_missed(struct store *st, const struct actor *who,
    time_t from, time_t to, time_t now,
    int (*each)(const struct daily_item *, void *), void *arg,
    struct err *err);

/* who's own notifications written in [from, to), oldest first. */
int store_daily_alerts(struct store *st, const struct actor *who,
    time_t from, time_t to, int (*each)(const struct daily_item *, void *),
    void *arg, struct err *err);

#endif
