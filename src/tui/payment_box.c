/*
 * A customer's payments in the lead view: day paid, amount, method,
 * reference and who recorded it. Only for those who may see payments
 * (finance data: reps see the deal's paid total, not this).
 */
#include <stdio.h>

#include "callq/money.h"
#include "callq/payment.h"
#include "payment_form.h"

struct boxing {
	void  (*add)(void *arg, int head, const char *text);
	void   *arg;
	int     n;
};

static int
box_take(const struct payment *p, void *arg)
{
	struct boxing *b = arg;
	char amount[32], line[256];

	if (b->n++ == 0)
		b->add(b->arg, 1, "Payments");
	money_format(p->amount_cents, amount, sizeof amount);
	snprintf(line, sizeof line, "  %s  %s %s  %s  %.40s  by %s",
	    p->paid_on, amount, p->currency, p->method[0] ? p->method : "-",
	    p->reference[0] ? p->reference : "-", p->recorded_by);
	b->add(b->arg, 0, line);
	return 0;
}

void
payment_box_lines(struct tui *t, int64_t lead,
    void (*add)(void *arg, int head, const char *text), void *arg)
{
	struct payment_filter f = { .lead = lead, .limit = 50 };
	struct boxing b = { add, arg, 0 };
	struct err err = { 0 };

	if (lead == 0 || perm_scope(t->who->role, ACT_PAYMENT_READ) ==
	    SCOPE_NONE)
		return;
	if (store_payment_list(t->st, t->who, &f, box_take, &b, &err) != 0)
		add(arg, 0, err.msg);
}
