/* A deterministic demo call floor for `callq init --demo`. */
#ifndef CALLQ_DEMO_H
#define CALLQ_DEMO_H

#include "callq/store.h"

#define DEMO_LEADS 5000

struct demo_counts {
	int regions, users, leads, calls, followups;
};

/*
 * Fills a new database through the ordinary mutations, in one
 * transaction: 3 regions, team lead lead1 and reps rep1..rep6 in one
 * team, DEMO_LEADS leads with fictional but valid numbers in the US,
 * Canada and the UK, a history of calls, follow-ups due today, missed
 * and upcoming, and attendance. The same names and numbers every time;
 * times are relative to now.
 */
int demo_build(struct store *st, const struct actor *admin,
    struct demo_counts *counts, struct err *err);

#endif
