/*
 * Alerts: notifications to whoever must act when time runs out on
 * something. A pause over its reason's limit, a follow-up missed by more
 * than escalate_after_hours, and a fresh lead not called within
 * first_call_hours of its assignment go to the rep's team leads (the
 * admins when the rep's team has none); a lead stale in its pipeline
 * stage goes to its owner. Each is raised once, whoever sweeps first.
 */
#ifndef CALLQ_ALERT_H
#define CALLQ_ALERT_H

#include <time.h>

#include "callq/store.h"

/*
 * Raises every alert due by now and not yet raised, in one write
 * transaction opened only when one is due; *raised: how many
 * notifications were written. Any user may sweep: every screen does,
 * as does callq alert sweep from cron. A deadline that passed more than
 * ALERT_LOOKBACK_HOURS before any sweep is not announced.
 */
#define ALERT_LOOKBACK_HOURS 24
int store_alert_sweep(struct store *st, const struct actor *who, time_t now,
    int *raised, struct err *err);

#endif
