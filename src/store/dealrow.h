/* A deal as the operations on it check it first; store/settle.c. */
#ifndef CALLQ_STORE_DEALROW_H
#define CALLQ_STORE_DEALROW_H

#include "callq/money.h"
#include "leadrow.h"

struct deal_now {
	int64_t lead_id;
	int64_t amount_cents, paid_cents;
	int64_t collector_id;		/* 0: unassigned */
	int64_t version;
	char    currency[8];
	char    close_on[DAY_SIZE];
	struct lead_now ln;		/* its lead, as who sees it */
};

/*
 * Loads deal id and refuses unless who may do action on its lead: a
 * deal who may not see reads as missing, one whose lead is deleted is
 * refused until the lead is restored.
 */
int deal_load(struct store *st, const struct actor *who, int64_t id,
    enum action action, struct deal_now *dn, struct err *err);

/* Refuses deal id as missing (EX_NOINPUT), as one who may not see. */
int deal_not_found(const struct actor *who, int64_t id, struct err *err);

#endif
