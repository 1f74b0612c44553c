/*
 * The pipeline: configurable stages (name, order, win probability, won
 * and lost flags, the days before a card is stale, the status a lead
 * takes on entering) and moving a lead from one stage to another.
 */
#ifndef CALLQ_STAGE_H
#define CALLQ_STAGE_H

#include <stdint.h>

#include "callq/store.h"

struct stage {
	int64_t     id;
	const char *name;
	int         position;	/* 1 for the first */
	int         probability;	/* percent */
	int         is_won, is_lost;
	int         stale_days;	/* 0: never stale */
	const char *status;	/* what entering it makes a lead, or "" */
	int64_t     leads;	/* leads in it, when counted */
};

/*
 * The active stages in order, with their leads counted when asked (a
 * scan of every lead); strings valid during the callback.
 */
int store_stage_list(struct store *st, int count_leads,
    int (*each)(const struct stage *, void *), void *arg, struct err *err);

/* What stage add takes; status NULL for none. Admins only, as below. */
struct stage_spec {
	const char *name;
	int         probability;
	int         is_won, is_lost;
	int         stale_days;
	const char *status;
	int         position;	/* 0: last */
};

int store_stage_add(struct store *st, const struct actor *who,
    const struct stage_spec *spec, struct err *err);
int store_stage_rename(struct store *st, const struct actor *who,
    const char *name, const char *new_name, struct err *err);
/* Moves a stage to position (1 for the first), shifting the others. */
int store_stage_move(struct store *st, const struct actor *who,
    const char *name, int position, struct err *err);
/*
 * Removes a stage; one with leads in it is refused unless move_to names
 * the stage they go to (in the same transaction).
 */
int store_stage_remove(struct store *st, const struct actor *who,
    const char *name, const char *move_to, struct err *err);

/* Moving one lead: the checks of every edit, and what the move needs. */
struct stage_move {
	int64_t     lead_id;
	int64_t     stage_id;		/* 0: the stage named stage */
	const char *stage;
	const char *drop_reason;	/* into a lost stage: required */
	int         interest;		/* into an Interested stage, when the
					 * lead has none: required */
	int64_t     expect_version;	/* 0: whatever the lead's */
};

/* What a move needs that the caller has not given, for a form to ask. */
enum stage_needs { STAGE_NEEDS_NOTHING, STAGE_NEEDS_DROP, STAGE_NEEDS_INTEREST };

/*
 * Moves the lead; when the move needs a drop reason or an interest that
 * m lacks, nothing is written, *needs says which and EX_DATAERR is
 * returned with a sentence.
 */
int store_lead_stage_set(struct store *st, const struct actor *who,
    const struct stage_move *m, enum stage_needs *needs, struct err *err);

/* The drop reasons in their settings order. */
int store_drop_reasons(struct store *st,
    int (*each)(const char *name, void *), void *arg, struct err *err);

#endif
