/*
 * The Converted form: what the quick-log asks after the note when the
 * disposition converts the lead (amount, product, close date, won
 * reason, installments, first due day), as further steps of its form.
 */
#ifndef CALLQ_TUI_DEAL_FORM_H
#define CALLQ_TUI_DEAL_FORM_H

#include "callq/deal.h"
#include "form.h"

/* The form's steps are numbered from here, after the quick-log's. */
#define DEAL_FORM_STEP 100

/* Digits pick a product or a won reason: 1 to 9, 0 for none. */
#define DEAL_FORM_PICKS 9

struct deal_form {
	struct deal_spec spec;
	char             currency[8];
	char             products[DEAL_FORM_PICKS][64];
	int              nproducts;
	char             reasons[DEAL_FORM_PICKS][64];
	int              nreasons;
};

/* Starts the form's first step on f; 0, or the store's status (said). */
int deal_form_start(struct tui *t, struct form *f, struct deal_form *df);

/* Enter at one of its steps: 1 while it asks more, 0 when it is done. */
int deal_form_submit(struct tui *t, struct form *f, struct deal_form *df);

/* A digit at a picking step: 1 while it asks more, 0 when it is done. */
int deal_form_pick(struct tui *t, struct form *f, struct deal_form *df,
    int digit);

#endif
