/*
 * The payment form: the amount, the day it was paid (today unless
 * changed), the method (a digit), a reference and a note, a step each at
 * the bottom of the screen; then the payment is recorded on the deal,
 * which the store settles. The store checks everything again: the form
 * checks the amount and the day early only to keep what was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/money.h"
#include "callq/payment.h"
#include "form.h"
#include "payment_form.h"

#define METHODS_MAX 9	/* one digit each; 0 is "none" */

enum pay_step { PAY_AMOUNT, PAY_DAY, PAY_METHOD, PAY_REFERENCE, PAY_NOTE };

struct paying {
	struct payment_due due;
	int64_t cents;
	char    day[DAY_SIZE];
	char    methods[METHODS_MAX][64];
	int     nmethods;
	int     picked;			/* index in methods, -1: none */
	char    reference[1024];	/* as typed: the store says when too long */
};

static int
method_take(const char *name, void *arg)
{
	struct paying *p = arg;

	if (p->nmethods == METHODS_MAX)
		return 1;
	snprintf(p->methods[p->nmethods++], sizeof p->methods[0], "%s", name);
	return 0;
}

static void
step_reference(struct form *f)
{
	form_step(f, PAY_REFERENCE, "Reference, e.g. the bank's (Enter "
	    "skips):", NULL);
}

static void
step_method(struct form *f)
{
	struct paying *p = f->data;
	size_t len;
	int i;

	if (p->nmethods == 0) {
		step_reference(f);
		return;
	}
	form_step(f, PAY_METHOD, "Paid by (a digit):", "");
	for (i = 0; i < p->nmethods; i++) {
		len = strlen(f->choices);
		snprintf(f->choices + len, sizeof f->choices - len, "%s%d %s",
		    i > 0 ? "  " : "", i + 1, p->methods[i]);
	}
	len = strlen(f->choices);
	snprintf(f->choices + len, sizeof f->choices - len, "  0 not said");
}

static void
pay_pick(struct tui *t, struct form *f, int digit)
{
	struct paying *p = f->data;

	if (digit > p->nmethods) {
		tui_message(t, "No method has the number %d.", digit);
		return;
	}
	p->picked = digit - 1;
	step_reference(f);
}

static int
amount_taken(struct form *f)
{
	struct paying *p = f->data;
	char owed[32];

	if (money_parse(f->text, &p->cents) != 0)
		return form_refuse(f, "Type an amount above zero such as "
		    "250.00, two decimals at most.");
	if (p->cents > p->due.balance_cents) {
		money_format(p->due.balance_cents, owed, sizeof owed);
		return form_refuse(f, "The deal owes only %s %s; type at most "
		    "that.", owed, p->due.currency);
	}
	form_step(f, PAY_DAY, "Day paid (YYYY-MM-DD, yesterday; Enter: "
	    "today):", NULL);
	return 1;
}

static int
day_taken(struct tui *t, struct form *f)
{
	struct paying *p = f->data;

	if (f->text[0] == '\0')
		p->day[0] = '\0';
	else if (day_parse(f->text, t->now, p->day) != 0)
		return form_refuse(f, "Type a day such as 2026-11-20 or "
		    "yesterday, or nothing for today.");
	step_method(f);
	return 1;
}

static int
pay_record(struct tui *t, struct form *f)
{
	struct paying *p = f->data;
	struct payment_new pn = { .deal = p->due.deal,
	    .amount_cents = p->cents,
	    .method = p->picked >= 0 ? p->methods[p->picked] : NULL,
	    .reference = p->reference, .note = f->text };
	struct err err = { 0 };
	char amount[32], said[160];
	int64_t id;
	int rc;

	memcpy(pn.paid_on, p->day, sizeof pn.paid_on);
	rc = store_payment_add(t->st, t->who, &pn, &id, &err);
	money_format(p->cents, amount, sizeof amount);
	snprintf(said, sizeof said, "Recorded %s %s on deal %lld.", amount,
	    p->due.currency, (long long)p->due.deal);
	return form_outcome(t, f, rc, &err, said);
}

static int
pay_submit(struct tui *t, struct form *f)
{
	struct paying *p = f->data;

	switch (f->step) {
	case PAY_AMOUNT:
		return amount_taken(f);
	case PAY_DAY:
		return day_taken(t, f);
	case PAY_REFERENCE:
		snprintf(p->reference, sizeof p->reference, "%s", f->text);
		form_step(f, PAY_NOTE, "Note (Enter skips and records the "
		    "payment):", NULL);
		return 1;
	case PAY_NOTE:
		return pay_record(t, f);
	default:
		return 1;
	}
}

int
payment_form_open(struct tui *t, int64_t deal, int64_t lead)
{
	struct err err = { 0 };
	struct paying *p;
	struct form *f;
	char owed[32], label[160];

	if ((p = calloc(1, sizeof *p)) == NULL) {
		tui_message(t, "Out of memory: the payment form did not open.");
		return EX_OSERR;
	}
	p->picked = -1;
	if (store_payment_due(t->st, t->who, deal, lead, &p->due, &err) != 0 ||
	    store_payment_methods(t->st, method_take, p, &err) != 0) {
		tui_message(t, "%s", err.msg);
		free(p);
		return err.status;
	}
	money_format(p->due.balance_cents, owed, sizeof owed);
	snprintf(label, sizeof label, "Payment on deal %lld, which owes %s "
	    "%s. Amount:", (long long)p->due.deal, owed, p->due.currency);
	if ((f = form_new(label, NULL)) == NULL) {
		free(p);
		form_open(t, NULL);
		return EX_OSERR;
	}
	f->data = p;
	f->id = p->due.deal;
	f->submit = pay_submit;
	f->pick = pay_pick;
	form_open(t, f);
	return 0;
}
