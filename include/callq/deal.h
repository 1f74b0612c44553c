/*
 * Deals: what a conversion sold (amount in cents in the floor's
 * currency, product, close date, won reason), the plan of installments
 * that pays it, and the customer the lead became.
 */
#ifndef CALLQ_DEAL_H
#define CALLQ_DEAL_H

#include <stdint.h>
#include <time.h>

#include "callq/money.h"
#include "callq/store.h"

/* The most installments one plan holds. */
#define PLAN_MAX 120

/*
 * A plan: n equal monthly installments from first_due (the cents split
 * by money_share), or n explicit ones (due[i], cents[i]) that must add
 * up to the deal's amount.
 */
struct plan_spec {
	int         n;		/* 1..PLAN_MAX; 0: one, due on the close date */
	int         explicit_;	/* due[] and cents[] are given */
	char        first_due[DAY_SIZE];	/* "": the close date */
	char        due[PLAN_MAX][DAY_SIZE];
	int64_t     cents[PLAN_MAX];
};

/*
 * What the Converted form asks. NULL product or won reason: none;
 * close "" : today. amount_cents must be > 0.
 */
struct deal_spec {
	int64_t          amount_cents;
	const char      *product;	/* a name of the 'product' list */
	const char      *won_reason;	/* a name of the 'won' list */
	char             close_on[DAY_SIZE];
	struct plan_spec plan;
};

/* Installment and deal states, derived from the payments recorded. */
enum inst_state { INST_PENDING, INST_PARTIAL, INST_PAID, INST_OVERDUE };
enum deal_state { DEAL_PENDING, DEAL_PARTIAL, DEAL_COMPLETED };

const char *inst_state_name(enum inst_state s);	/* "Pending", ... */
const char *deal_state_name(enum deal_state s);

struct installment {
	int64_t     id;
	int         seq;		/* 1 for the first */
	const char *due_on;
	int64_t     amount_cents;
	int64_t     paid_cents;
	enum inst_state state;		/* as of today */
	int         days_late;		/* 0 unless overdue */
};

struct deal {
	int64_t     id;
	int64_t     lead_id;
	const char *lead_name;
	const char *currency;
	int64_t     amount_cents;
	int64_t     paid_cents;
	const char *product;		/* "" when none */
	const char *won_reason;
	const char *close_on;
	const char *owner;		/* login of the rep who won it, or "" */
	const char *collector;		/* login of its recovery agent, or "" */
	enum deal_state state;
	int         ninstallments;
	const struct installment *installments;	/* NULL in lists */
	time_t      created_at;
	int64_t     version;
};

/*
 * Makes lead id's deal (the lead must be Converted and have none) with
 * its plan, and marks the lead a customer. Used by store_call_log for
 * the Converted form, and by `callq deal add` for a lead converted some
 * other way. Sets *id. Audited.
 */
int store_deal_add(struct store *st, const struct actor *who, int64_t lead,
    const struct deal_spec *spec, int64_t *id, struct err *err);

/*
 * Changes a deal's amount, product, won reason or close date (NULL or 0:
 * keep). A new amount must not be below what is paid; the plan's last
 * unpaid installments take the difference. Audited.
 */
struct deal_change {
	int64_t     amount_cents;
	const char *product, *won_reason;
	const char *close_on;
};
int store_deal_edit(struct store *st, const struct actor *who, int64_t id,
    const struct deal_change *c, int64_t expect_version, struct err *err);

/* Replaces the plan; installments already paid must stay as they are. */
int store_plan_set(struct store *st, const struct actor *who, int64_t deal,
    const struct plan_spec *plan, struct err *err);

struct deal_filter {
	const char *state;	/* "Pending", "Partial", "Completed"; NULL any */
	const char *owner;	/* login; NULL any */
	const char *collector;	/* login, "none"; NULL any */
	int         limit;
};

/* The deals who may see, newest first. */
int store_deal_list(struct store *st, const struct actor *who,
    const struct deal_filter *f, int (*each)(const struct deal *, void *),
    void *arg, struct err *err);

/* One deal with its installments, by its id or (id 0) its lead's. */
int store_deal_get(struct store *st, const struct actor *who, int64_t id,
    int64_t lead, int (*each)(const struct deal *, void *), void *arg,
    struct err *err);

#endif
