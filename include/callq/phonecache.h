/*
 * A cache in front of phone_check for the import's workers: the numbers
 * of the North American plan come in blocks of a thousand (NPA-NXX-X)
 * that libphonenumber's metadata never tells apart, so the first number
 * of a block pays for libphonenumber and the rest are answered from it.
 */
#ifndef CALLQ_PHONECACHE_H
#define CALLQ_PHONECACHE_H

#include "callq/phone.h"

/*
 * What phone_check(raw, region, out) answers, from this process's cache
 * when raw is a plain ten-digit North American number whose block was
 * checked before (region NULL or "" for none).
 */
enum phone_check phonecache_check(const char *raw, const char *region,
    struct phone_key *out);

/* Empties the cache (tests: compare with and without it). */
void phonecache_clear(void);

#endif
