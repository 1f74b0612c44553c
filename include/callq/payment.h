/*
 * Payments on a deal: amount (cents), the day paid, method, reference
 * and note; soft delete and restore, all audited. A payment goes to the
 * oldest installment not yet paid and carries what is left to the next;
 * one larger than what the deal still owes is refused.
 */
#ifndef CALLQ_PAYMENT_H
#define CALLQ_PAYMENT_H

#include <stdint.h>
#include <time.h>

#include "callq/money.h"
#include "callq/store.h"

struct payment_new {
	int64_t     deal;
	int64_t     amount_cents;
	char        paid_on[DAY_SIZE];	/* "": today */
	const char *method;		/* a name of the 'method' list; NULL */
	const char *reference;		/* NULL: none */
	const char *note;		/* NULL: none */
};

/* Records a payment and settles the deal; sets *id. */
int store_payment_add(struct store *st, const struct actor *who,
    const struct payment_new *p, int64_t *id, struct err *err);

/* Soft-deletes a payment (admins) and settles its deal again. */
int store_payment_delete(struct store *st, const struct actor *who,
    int64_t id, const char *reason, struct err *err);

struct payment {
	int64_t     id;
	int64_t     deal_id;
	int64_t     lead_id;
	const char *lead_name;
	int64_t     amount_cents;
	const char *currency;
	const char *paid_on;
	const char *method;		/* "" when none */
	const char *reference;
	const char *note;
	const char *recorded_by;	/* login */
	time_t      created_at;
	int         deleted;
};

struct payment_filter {
	int64_t     deal;		/* 0: any */
	const char *from, *to;		/* days paid, both included; NULL */
	const char *recorded_by;	/* login; NULL any */
	int         deleted;		/* list the deleted ones instead */
	int         limit;
	int64_t     lead;		/* 0: any; else that lead's deal's */
};

/* Payments who may see, newest first. */
int store_payment_list(struct store *st, const struct actor *who,
    const struct payment_filter *f,
    int (*each)(const struct payment *, void *), void *arg,
    struct err *err);

/* What a payment form shows before asking: the deal and its balance. */
struct payment_due {
	int64_t deal;
	int64_t lead;
	int64_t balance_cents;
	char    currency[8];
	char    close_on[DAY_SIZE];
};

/*
 * The deal (by id, or id 0: lead's) that who may record a payment on,
 * and what it still owes. EX_NOINPUT when there is none who may see,
 * EX_NOPERM when who may see it but not record payments.
 */
int store_payment_due(struct store *st, const struct actor *who, int64_t id,
    int64_t lead, struct payment_due *due, struct err *err);

/* The active names of the 'method' list, in order, for a picker. */
int store_payment_methods(struct store *st,
    int (*each)(const char *name, void *), void *arg, struct err *err);

#endif
