/*
 * The floor's settings: calling-hours windows ("hours", "hours.US",
 * "hours.US-FL"), how long a lease holds a lead ("lease_minutes"), how
 * long a called lead waits before it is offered again ("retry_minutes",
 * or "retry_minutes.NAME" after disposition NAME), how many calls in a
 * row may miss a lead before it is dropped ("max_attempts"),
 * the reps' daily call target ("target_calls"), the floor's working
 * hours ("work_hours"), how far ahead a follow-up may be booked
 * without a warning ("followup_max_days"), and when a team lead is
 * alerted of a missed follow-up ("escalate_after_hours") or of a lead
 * not called ("first_call_hours"), those two off when unset, and the
 * floor's currency ("currency", an ISO 4217 code) new deals are made in.
 */
#ifndef CALLQ_SETTINGS_H
#define CALLQ_SETTINGS_H

#include <stddef.h>

#include "callq/hours.h"
#include "callq/store.h"

/*
 * Sets key to value after checking both; an empty value clears key, so
 * its default applies again. Admins only.
 */
int store_setting_set(struct store *st, const struct actor *who,
    const char *key, const char *value, struct err *err);

struct setting {
	char key[40];
	char value[64];
	int  is_default;	/* not set: value is what applies */
	char about[80];		/* what it is for */
};

/* One setting as it applies now; EX_DATAERR for a key callq lacks. */
int store_setting_get(struct store *st, const char *key, struct setting *out,
    struct err *err);

/* Every setting callq knows, set or not, then each hours.CC set. */
int store_setting_list(struct store *st,
    int (*each)(const struct setting *, void *), void *arg,
    struct err *err);

/* 1 and *w when the floor has working hours, else 0. */
int store_work_hours(struct store *st, struct hours_window *w);

/* A whole-number setting, or fallback when unset or malformed. */
int store_setting_int(struct store *st, const char *key, int fallback);

/* The calling-hours windows in force. */
int store_hours_rules(struct store *st, struct hours_rules *rules,
    struct err *err);

#endif
