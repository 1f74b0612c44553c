/* The lead view's deal: the sale, its state and its installments. */
#ifndef CALLQ_TUI_DEAL_BOX_H
#define CALLQ_TUI_DEAL_BOX_H

#include "callq/lead.h"
#include "view.h"

/*
 * The lines the lead view shows of l as a customer: since when, its
 * deal's amount, product, close date, state, paid and balance, then its
 * installments. Each goes to add (head: a heading); none for a lead
 * that is not a customer. Payments themselves are not shown: a rep may
 * not read them (ACT_PAYMENT_READ), and the totals say enough.
 */
void deal_box_lines(struct tui *t, const struct lead *l,
    void (*add)(void *arg, int head, const char *text), void *arg);

#endif
