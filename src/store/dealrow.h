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

/*
 * The days a deal (id: an expression) keeps for the collections queue
 * (schema 21): its first unpaid installment's, its first open promise's.
 */
#define DEAL_NEXT_DUE(id) \
	"(SELECT min(due_on) FROM installments i WHERE i.deal_id = " id \
	" AND i.paid_cents < i.amount_cents)"
#define DEAL_PROMISE_ON(id) \
	"(SELECT min(due_on) FROM promises p WHERE p.deal_id = " id \
	" AND p.state = 'open')"

/* A deal's collector, 0 for none: as the queue's indexes read it. */
#define DEAL_COLLECTOR "coalesce(collector_id, 0)"

/*
 * Triggers keeping deals.column the day (DEAL_NEXT_DUE or
 * DEAL_PROMISE_ON) table's rows give it, on every change to the
 * columns the day reads.
 */
#define DEAL_DAYS_TRIGGERS(table, day, column, columns) \
	"CREATE TRIGGER " table "_deal_add AFTER INSERT ON " table \
	" BEGIN UPDATE deals SET " column " = " day("NEW.deal_id") \
	"  WHERE id = NEW.deal_id; END;" \
	"CREATE TRIGGER " table "_deal_change AFTER UPDATE OF " columns \
	"  ON " table " BEGIN UPDATE deals SET " column " = " day("deals.id") \
	"  WHERE id IN (OLD.deal_id, NEW.deal_id); END;" \
	"CREATE TRIGGER " table "_deal_remove AFTER DELETE ON " table \
	" BEGIN UPDATE deals SET " column " = " day("OLD.deal_id") \
	"  WHERE id = OLD.deal_id; END;"

#endif
