/*
 * Collections: the recovery agent's queue of deals that owe money, the
 * outcomes of a collection call (each records what it says in the same
 * transaction: a payment, a promise), promises kept and broken, and who
 * chases which deal.
 */
#ifndef CALLQ_COLLECT_H
#define CALLQ_COLLECT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "callq/money.h"
#include "callq/store.h"

/* A collection call's outcome; its digit in the quick-log is its + 1. */
enum outcome { OUT_PROMISE, OUT_PAID, OUT_PARTIAL, OUT_DISPUTE,
	OUT_NO_ANSWER, OUT_WRONG_NUMBER, OUT_COUNT };

/* "promise", "paid", ... as stored in calls.outcome. */
const char *outcome_key(enum outcome o);
/* "Promise to pay", "Paid", "Partial payment", ... as people read them. */
const char *outcome_title(enum outcome o);
/* A key, a title or a digit "1".."6", any case; -1 when none. */
int outcome_parse(const char *text);
/* What it needs: a payment (paid, partial), a promise, or neither. */
int outcome_takes_payment(enum outcome o);
int outcome_takes_promise(enum outcome o);
/* Whether the call reached the customer (reports' connects). */
int outcome_reached(enum outcome o);

/* Why a deal is in the queue, most urgent first. */
enum collect_why { WHY_BROKEN, WHY_OVERDUE, WHY_DUE_TODAY, WHY_PROMISE_DUE,
	WHY_COUNT };
const char *collect_why_name(enum collect_why w);	/* "BROKEN", ... */

/* One row of the collections queue. */
struct collect_item {
	int64_t     deal_id;
	int64_t     lead_id;
	const char *lead_name;
	const char *phone_display;
	const char *timezone;
	const char *country;
	const char *collector;		/* login, or "" */
	const char *currency;
	enum collect_why why;
	const char *since;		/* the day it fell due or was promised */
	int         days_late;		/* 0 for today */
	int64_t     due_cents;		/* owed now: overdue and due today */
	int64_t     balance_cents;	/* all the deal still owes */
	int64_t     promise_cents;	/* the promise's, or 0 */
	int         seq, ninstallments;	/* the installment that fell due */
};

struct collect_filter {
	const char *collector;	/* login, "none"; NULL: as who sees them */
	int         limit;	/* 0: all */
	int         offset;
};

/*
 * The queue as of today, most urgent first: broken promises (an open
 * promise past its day), then overdue installments oldest first, then
 * installments due today, then promises due today. A deal with an open
 * promise still ahead waits for it. A recovery agent sees their own;
 * team leads and admins everyone's, or a collector's.
 */
int store_collect_queue(struct store *st, const struct actor *who,
    const struct collect_filter *f,
    int (*each)(const struct collect_item *, void *), void *arg,
    struct err *err);

/*
 * The SQL store_collect_queue runs for everyone's deals (one 0) or one
 * collector's (one 1): for a test to read its plan.
 */
const char *store_collect_sql(int one);

/*
 * What a collection call records. amount_cents: the payment (paid,
 * partial: "paid" with 0 pays all that is due now) or the promise;
 * day: the promise's day, or the day a payment was made ("": today).
 */
struct collect_log {
	int64_t     deal;
	enum outcome outcome;
	int64_t     amount_cents;
	char        day[DAY_SIZE];
	const char *method;		/* payments: a 'method' name, or NULL */
	const char *reference;
	const char *note;
	int64_t     contact_id;		/* who was reached; 0: the lead */
	time_t      started_at;		/* 0: now */
	int         duration_s;
};

struct collect_result {
	int64_t call_id;
	int64_t payment_id;		/* 0: none */
	int64_t promise_id;		/* 0: none */
	int     broken;			/* open promises settled as broken */
	char    deal_state[16];		/* after the call */
	int64_t balance_cents;
};

/*
 * Records the call (completing who's dial of the lead when there is
 * one), its payment or promise, settles the deal and its promises, and
 * lets go of the lease, all in one transaction. Audited.
 */
int store_collect_log(struct store *st, const struct actor *who,
    const struct collect_log *log, struct collect_result *res,
    struct err *err);

/*
 * Gives deals to a recovery agent (login; NULL: unassigned). Each deal
 * must be one who may assign; the agent is told. Audited per deal.
 */
int store_collect_assign(struct store *st, const struct actor *who,
    const int64_t *deals, size_t n, const char *collector, int *changed,
    struct err *err);

/*
 * Deals spread over the active recovery agents (who may assign: a team
 * lead's team): round-robin in queue order, or split evenly by what each
 * already holds. *changed: how many moved.
 */
enum collect_spread { SPREAD_ROUND_ROBIN, SPREAD_SPLIT };
int store_collect_spread(struct store *st, const struct actor *who,
    const int64_t *deals, size_t n, enum collect_spread how, int *changed,
    struct err *err);

struct promise {
	int64_t     id;
	int64_t     deal_id;
	const char *lead_name;
	const char *due_on;
	int64_t     amount_cents;
	const char *state;	/* "open", "kept", "broken" (an open one past
				   its day reads "broken"), "cancelled" */
	const char *user;	/* who took it */
	time_t      created_at;
};

/* A deal's promises (deal 0: all who may see), newest first. */
int store_promise_list(struct store *st, const struct actor *who,
    int64_t deal, int (*each)(const struct promise *, void *), void *arg,
    struct err *err);

#endif
