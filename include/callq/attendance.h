/* Attendance: who is checked in, paused (and why) or out. */
#ifndef CALLQ_ATTENDANCE_H
#define CALLQ_ATTENDANCE_H

#include "callq/store.h"

enum attendance { ATT_IN, ATT_PAUSED, ATT_OUT };

/* reason is a pause reason name, required for ATT_PAUSED. */
int store_attendance_set(struct store *st, const struct actor *who,
    enum attendance state, const char *reason, struct err *err);

/* who's current state, ATT_OUT when never checked in. */
int store_attendance_get(struct store *st, const struct actor *who,
    enum attendance *state, struct err *err);

const char *attendance_name(enum attendance state);

#endif
