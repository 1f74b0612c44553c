/* The do-not-call list: numbers, in E.164, that no one may be offered. */
#ifndef CALLQ_DNC_H
#define CALLQ_DNC_H

#include <stddef.h>
#include <time.h>

#include "callq/store.h"

struct dnc_entry {
	const char *e164, *reason, *added_by;
	time_t      added_at;
};

/*
 * Adds e164s[0..n) with reason (or NULL) in one transaction and one audit
 * row; numbers already listed are left as they are. Sets *added.
 */
int store_dnc_add(struct store *st, const struct actor *who,
    const char *const *e164s, size_t n, const char *reason, size_t *added,
    struct err *err);

int store_dnc_list(struct store *st, const struct actor *who,
    int (*each)(const struct dnc_entry *, void *), void *arg,
    struct err *err);

#endif
