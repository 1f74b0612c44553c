/*
 * Giving leads to reps: to one rep, round-robin over the reps who can
 * take work now, or split evenly over reps picked by hand; and taking
 * them back. One transaction per action, every lead's change audited
 * with its method, each rep told once.
 */
#ifndef CALLQ_ASSIGN_H
#define CALLQ_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "callq/attendance.h"
#include "callq/store.h"

enum assign_method { ASSIGN_MANUAL, ASSIGN_ROUND_ROBIN, ASSIGN_SPLIT,
	ASSIGN_UNASSIGN };

#define ASSIGN_MAX_REPS 256

/* A user leads can be given to, as the picker shows them. */
struct assign_rep {
	int64_t         id;
	char            login[64];
	enum role       role;
	enum attendance state;
	int64_t         open_leads;	/* assigned, not converted or lost */
};

/* The users who may give leads to, in the picker's order (by login). */
int store_assign_reps(struct store *st, const struct actor *who,
    int (*each)(const struct assign_rep *, void *), void *arg,
    struct err *err);

/* What an assignment will do, or did. */
struct assign_plan {
	enum assign_method method;
	size_t             nleads;
	size_t             nreps;
	struct assign_rep  reps[ASSIGN_MAX_REPS];
	size_t             counts[ASSIGN_MAX_REPS];	/* leads each */
	size_t             start;	/* round-robin: the first rep dealt to */
};

/*
 * Works out, writing nothing, what giving nleads leads by method would
 * do. Round-robin takes the eligible reps: role rep, active, checked in
 * and not paused, in who's team (the whole floor for one in no team),
 * from the rep after the last one dealt to. Split takes logins, fewest
 * open leads first; manual takes one login; unassign none.
 */
int store_assign_plan(struct store *st, const struct actor *who,
    enum assign_method method, const char *const *logins, size_t nlogins,
    size_t nleads, struct assign_plan *plan, struct err *err);

/*
 * Assigns leads ids[0..n) by method, a few hundred to a transaction so
 * that no writer waits long: the plan is worked out again inside the
 * first, into *done. Any lead who may not assign refuses the whole
 * action, naming it, before anything is written; a later failure (the
 * database busy, a lead taken meanwhile) says how many were given.
 */
int store_assign(struct store *st, const struct actor *who,
    const int64_t *ids, size_t n, enum assign_method method,
    const char *const *logins, size_t nlogins, struct assign_plan *done,
    struct err *err);

/*
 * "Assign 240 leads: rep1 40, rep2 40, ..." (or "Unassign 3 leads"); in
 * the past tense ("Assigned ...") once done.
 */
void assign_plan_text(const struct assign_plan *plan, int done, char *buf,
    size_t size);

const char *assign_method_name(enum assign_method method);

#endif
