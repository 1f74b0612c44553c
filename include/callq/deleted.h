/*
 * What was deleted and can come back: leads and payments, with who
 * deleted them and when. Admins only (restoring is theirs).
 */
#ifndef CALLQ_DELETED_H
#define CALLQ_DELETED_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

enum deleted_kind { DELETED_LEAD, DELETED_PAYMENT };

struct deleted_item {
	enum deleted_kind kind;
	int64_t     id;
	const char *what;	/* a lead's name, or "12.50 USD from Acme (lead 7)" */
	time_t      deleted_at;
	const char *deleted_by;	/* login, or "" */
};

/* Newest first; strings valid during the callback. */
int store_deleted_list(struct store *st, const struct actor *who,
    int (*each)(const struct deleted_item *, void *), void *arg,
    struct err *err);

/* Brings a deleted payment back, reason going to the audit. */
int store_payment_restore(struct store *st, const struct actor *who,
    int64_t id, const char *reason, struct err *err);

#endif
