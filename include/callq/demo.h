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
 * team, analyst analyst1, recovery agent recovery1, DEMO_LEADS leads
 * with fictional but valid numbers in the US, Canada and the UK, a month
 * of calls and of the reps' attendance (for the reports), follow-ups due
 * today, missed and upcoming, a deal with its plan on every converted
 * lead, most of them collected by recovery1 (payments, part payments,
 * promises ahead, kept and one broken), a few customers' contacts, and
 * today's attendance. The same floor to the byte for the same now; times
 * are relative to now.
 */
int demo_build(struct store *st, const struct actor *admin,
    struct demo_counts *counts, struct err *err);

#endif
