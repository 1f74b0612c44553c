/*
 * Editing many leads at once (a team lead's marked leads): the same
 * checks and audit as one lead's edit, for each lead, in one
 * transaction, so either every lead changes or none does.
 */
#ifndef CALLQ_BULK_H
#define CALLQ_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "callq/leadfield.h"
#include "callq/store.h"

/* More than this at once is a script's job, and a long transaction. */
#define BULK_MAX 1000

/* What each lead gets: field changes, a stage, or both. */
struct bulk_edit {
	const struct lead_change *changes;
	size_t                    nchanges;
	const char               *stage;	/* NULL: it stays */
};

/*
 * Applies e to the n leads of ids, each checked and audited as
 * store_lead_edit (and store_lead_stage_set) do; a lead that is refused
 * (out of who's scope, held by another user without ACTOR_FORCE, a move
 * its status does not allow) refuses the whole edit, with one sentence
 * naming that lead, and nothing is written.
 */
int store_bulk_edit(struct store *st, const struct actor *who,
    const int64_t *ids, size_t n, const struct bulk_edit *e,
    struct err *err);

#endif
