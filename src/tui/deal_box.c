/* The lead view's deal, as lines for its pane to draw. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "callq/deal.h"
#include "deal_box.h"

struct box {
	void (*add)(void *arg, int head, const char *text);
	void  *arg;
};

static void
box_line(struct box *b, int head, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
box_line(struct box *b, int head, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	b->add(b->arg, head, text);
}

static int
deal_take(const struct deal *d, void *arg)
{
	struct box *b = arg;
	const struct installment *in;
	char amount[32], paid[32], balance[32];
	int i;

	money_format(d->amount_cents, amount, sizeof amount);
	money_format(d->paid_cents, paid, sizeof paid);
	money_format(d->amount_cents - d->paid_cents, balance,
	    sizeof balance);
	box_line(b, 1, "Deal %lld", (long long)d->id);
	box_line(b, 0, "Amount   %s %s   %s%sclosed %s", amount, d->currency,
	    d->product, d->product[0] ? "   " : "", d->close_on);
	box_line(b, 0, "State    %s   paid %s   balance %s",
	    deal_state_name(d->state), paid, balance);
	box_line(b, 0, "    #  Due             Amount         Paid  State");
	for (i = 0; i < d->ninstallments; i++) {
		in = &d->installments[i];
		money_format(in->amount_cents, amount, sizeof amount);
		money_format(in->paid_cents, paid, sizeof paid);
		box_line(b, 0, "  %3d  %s  %12s %12s  %s", in->seq, in->due_on,
		    amount, paid, inst_state_name(in->state));
	}
	return 0;
}

void
deal_box_lines(struct tui *t, const struct lead *l,
    void (*add)(void *arg, int head, const char *text), void *arg)
{
	struct box b = { add, arg };
	struct err err = { 0 };
	char since[DAY_SIZE];

	if (l->customer_at == 0)
		return;
	day_of(l->customer_at, since);
	box_line(&b, 0, "Customer since %s", since);
	/* A customer converted before deals, or one not theirs to see. */
	store_deal_get(t->st, t->who, 0, l->id, deal_take, &b, &err);
}
