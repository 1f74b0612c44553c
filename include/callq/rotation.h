/*
 * How leads are dealt to reps: round-robin, which goes on where the last
 * deal stopped, and an even split. Pure arithmetic, so the store's
 * transaction and the confirmation line ("Assign 240 leads: rep1 40,
 * ...") agree, and the tests can check fairness without a database.
 */
#ifndef CALLQ_ROTATION_H
#define CALLQ_ROTATION_H

#include <stddef.h>
#include <stdint.h>

/*
 * Where a deal over reps ids[0..n) (in rotation order, ascending ids)
 * starts: the first rep after last, wrapping; 0 when last is 0 or after
 * every one of them.
 */
size_t rotation_start(const int64_t *ids, size_t n, int64_t last);

/*
 * Deals nleads one each in turn over n reps from rep start: counts[i] is
 * rep i's share, and lead k goes to rep (start + k) % n. Returns the rep
 * given the last lead (for none, the one before start, so that the next
 * deal starts where this one would have).
 */
size_t rotation_deal(size_t n, size_t start, size_t nleads, size_t *counts);

/*
 * Splits nleads as evenly as can be over n reps, ordered fewest open
 * leads first: the first nleads % n get one more. Lead k goes to the rep
 * whose block holds k.
 */
void split_counts(size_t n, size_t nleads, size_t *counts);

#endif
