/* Counts in sentences: "1 lead", "0 leads", "2 batches". */
#ifndef CALLQ_PLURAL_H
#define CALLQ_PLURAL_H

/*
 * The noun that goes with n: one when n is 1, else many. Written
 * "%lld %s", n, plural(n, "lead", "leads"), so irregular nouns need no
 * rule and every count in callq reads the same way.
 */
const char *plural(long long n, const char *one, const char *many);

#endif
