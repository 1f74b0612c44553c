/*
 * Notifications: what a user should hear of, written in the transaction
 * of the event that causes it (a lead assigned to you, one of your team's
 * leads converted or dropped, a lead deleted) or, for a follow-up that
 * comes due or is missed, by the first session of its user to look.
 */
#ifndef CALLQ_NOTIFY_H
#define CALLQ_NOTIFY_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

struct notification {
	int64_t     id;
	const char *kind;	/* "assigned", "followup-due", ... */
	int64_t     lead_id;	/* 0: none */
	const char *text;	/* one readable line */
	time_t      at;
	int         read;
};

/* who's notifications, newest first; unread only when asked. */
int store_notify_list(struct store *st, const struct actor *who,
    int unread_only, int limit, int (*each)(const struct notification *,
    void *), void *arg, struct err *err);

/* How many of who's notifications are unread. */
int store_notify_unread(struct store *st, const struct actor *who, int *n,
    struct err *err);

/* Marks one of who's notifications read (id 0: all); *n: how many. */
int store_notify_read(struct store *st, const struct actor *who, int64_t id,
    int *n, struct err *err);

/*
 * Announces, once each, who's follow-ups that are due by now or missed;
 * writes nothing when there are none new.
 */
int store_notify_due(struct store *st, const struct actor *who, time_t now,
    struct err *err);

#endif
