/* Attendance: who is checked in, paused (and why) or out. */
#ifndef CALLQ_ATTENDANCE_H
#define CALLQ_ATTENDANCE_H

#include <time.h>

#include "callq/store.h"

enum attendance { ATT_IN, ATT_PAUSED, ATT_OUT };

/* reason is a pause reason name, required for ATT_PAUSED. */
int store_attendance_set(struct store *st, const struct actor *who,
    enum attendance state, const char *reason, struct err *err);

/*
 * Records user's attendance event at a past time, as an admin (the demo
 * floor's history); the audit row names the admin and the time.
 */
int store_attendance_record(struct store *st, const struct actor *admin,
    int64_t user, enum attendance state, const char *reason, time_t at,
    struct err *err);

/* who's current state, ATT_OUT when never checked in. */
int store_attendance_get(struct store *st, const struct actor *who,
    enum attendance *state, struct err *err);

/* A user's attendance as the top bar shows it. */
struct attendance_now {
	enum attendance state;
	time_t          since;		/* 0: never checked in */
	char            reason[64];	/* the pause reason, or "" */
};

int store_attendance_now(struct store *st, int64_t user,
    struct attendance_now *out, struct err *err);

/* The pause reasons in their settings order. */
int store_pause_reasons(struct store *st,
    int (*each)(const char *name, void *), void *arg, struct err *err);

const char *attendance_name(enum attendance state);

#endif
