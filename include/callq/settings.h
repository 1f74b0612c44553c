/*
 * The floor's settings: calling-hours windows ("hours", "hours.US",
 * "hours.US-FL"), how long a lease holds a lead ("lease_minutes"), how
 * long a called lead waits before it is offered again ("retry_minutes")
 * and the reps' daily call target ("target_calls").
 */
#ifndef CALLQ_SETTINGS_H
#define CALLQ_SETTINGS_H

#include <stddef.h>

#include "callq/hours.h"
#include "callq/store.h"

/* Sets key to value after checking both; admins only. */
int store_setting_set(struct store *st, const struct actor *who,
    const char *key, const char *value, struct err *err);

/* Every setting, by key. */
int store_setting_list(struct store *st,
    int (*each)(const char *key, const char *value, void *), void *arg,
    struct err *err);

/* A whole-number setting, or fallback when unset or malformed. */
int store_setting_int(struct store *st, const char *key, int fallback);

/* The calling-hours windows in force. */
int store_hours_rules(struct store *st, struct hours_rules *rules,
    struct err *err);

#endif
