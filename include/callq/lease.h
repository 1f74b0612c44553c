/*
 * Leases: a lead opened or dialed by a rep is held for that rep, so no
 * other user dials it or writes to it meanwhile (a team lead or admin
 * may override, audited, the holder told). A lease ends when the call
 * is logged, when the rep leaves the lead, or after lease_minutes.
 */
#ifndef CALLQ_LEASE_H
#define CALLQ_LEASE_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

struct lease {
	char   holder[64];	/* login; "" when nobody holds the lead */
	time_t expires_at;
};

/*
 * Takes (or renews) who's lease on lead. When another user holds it,
 * fills *held and returns EX_TEMPFAIL with a sentence naming them;
 * unless who may override and says ACTOR_FORCE: then who takes it over.
 */
int store_lease_take(struct store *st, const struct actor *who, int64_t lead,
    struct lease *held, struct err *err);

/* Lets go of who's lease on lead, if any. */
int store_lease_release(struct store *st, const struct actor *who,
    int64_t lead, struct err *err);

/* Who holds lead now, if anyone. */
int store_lease_get(struct store *st, int64_t lead, struct lease *out,
    struct err *err);

#endif
