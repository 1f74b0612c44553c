/*
 * The Converted form, step by step: typed values are read with the same
 * rules as the command line's (money_parse, day_parse), the lists are
 * picked by digit as the quick-log's reasons are.
 */
#include <stdio.h>
#include <string.h>

#include "callq/choice.h"
#include "callq/settings.h"
#include "deal_form.h"

enum df_step { DF_AMOUNT = DEAL_FORM_STEP, DF_PRODUCT, DF_CLOSE, DF_WON,
	DF_INSTALLMENTS, DF_FIRST };

struct df_list {
	char (*names)[64];
	int   *n;
};

static int
list_take(const struct choice *c, void *arg)
{
	struct df_list *l = arg;

	if (!c->active || *l->n == DEAL_FORM_PICKS)
		return 0;
	snprintf(l->names[(*l->n)++], 64, "%s", c->name);
	return 0;
}

/* "Product:  1 Standard plan  2 Premium plan  0 none" */
static void
picks_text(const char *what, char (*names)[64], int n, char *buf,
    size_t size)
{
	size_t len;
	int i;

	snprintf(buf, size, "%s:", what);
	for (i = 0; i < n; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "  %d %s", i + 1, names[i]);
	}
	len = strlen(buf);
	snprintf(buf + len, size - len, "  0 none");
}

int
deal_form_start(struct tui *t, struct form *f, struct deal_form *df)
{
	struct df_list products = { df->products, &df->nproducts };
	struct df_list reasons = { df->reasons, &df->nreasons };
	struct setting cur;
	struct err err = { 0 };
	char label[160];

	memset(df, 0, sizeof *df);
	if (store_choice_list(t->st, LIST_PRODUCT, list_take, &products,
	    &err) != 0 || store_choice_list(t->st, LIST_WON, list_take,
	    &reasons, &err) != 0 || store_setting_get(t->st, "currency", &cur,
	    &err) != 0) {
		tui_message(t, "%s", err.msg);
		return err.status;
	}
	snprintf(df->currency, sizeof df->currency, "%.7s", cur.value);
	snprintf(label, sizeof label, "Converted: the deal. Amount in %s, "
	    "like 1,200.00 (Esc: back to the log):", df->currency);
	form_step(f, DF_AMOUNT, label, NULL);
	return 0;
}

static int
step_pick(struct form *f, int step, const char *what, char (*names)[64],
    int n)
{
	char label[96];

	snprintf(label, sizeof label, "%s (a digit):", what);
	form_step(f, step, label, NULL);
	picks_text(what, names, n, f->choices, sizeof f->choices);
	return 1;
}

/* What comes after step, skipping a list with nothing to pick. */
static int
step_after(struct form *f, struct deal_form *df, int step)
{
	switch (step) {
	case DF_AMOUNT:
		if (df->nproducts > 0)
			return step_pick(f, DF_PRODUCT, "Product", df->products,
			    df->nproducts);
		/* FALLTHROUGH */
	case DF_PRODUCT:
		form_step(f, DF_CLOSE, "Close date (Enter: today):", NULL);
		return 1;
	case DF_CLOSE:
		if (df->nreasons > 0)
			return step_pick(f, DF_WON, "Won reason", df->reasons,
			    df->nreasons);
		/* FALLTHROUGH */
	case DF_WON:
		form_step(f, DF_INSTALLMENTS, "Installments, equal and monthly "
		    "(Enter: 1):", NULL);
		return 1;
	case DF_INSTALLMENTS:
		form_step(f, DF_FIRST, "First due (Enter: the close date):",
		    NULL);
		return 1;
	default:
		return 0;
	}
}

int
deal_form_pick(struct tui *t, struct form *f, struct deal_form *df,
    int digit)
{
	int n = f->step == DF_PRODUCT ? df->nproducts : df->nreasons;

	if (digit > n) {
		tui_message(t, "Nothing has the key %d here.", digit);
		return 1;
	}
	if (f->step == DF_PRODUCT)
		df->spec.product = digit > 0 ? df->products[digit - 1] : NULL;
	else
		df->spec.won_reason = digit > 0 ? df->reasons[digit - 1] : NULL;
	return step_after(f, df, f->step);
}

static int
day_take(struct form *f, const char *text, time_t now, char out[DAY_SIZE])
{
	if (text[0] == '\0') {
		out[0] = '\0';
		return 0;
	}
	if (day_parse(text, now, out) != 0)
		return form_refuse(f, "'%s' is not a day: give one like "
		    "2026-12-01, today or +1m.", text);
	return 0;
}

int
deal_form_submit(struct tui *t, struct form *f, struct deal_form *df)
{
	int n;

	switch (f->step) {
	case DF_AMOUNT:
		if (money_parse(f->text, &df->spec.amount_cents) != 0)
			return form_refuse(f, "Give the amount above 0 like "
			    "1,200.00, in %s.", df->currency);
		break;
	case DF_CLOSE:
		if (day_take(f, f->text, t->now, df->spec.close_on) != 0)
			return 1;
		break;
	case DF_INSTALLMENTS:
		if (f->text[0] == '\0')
			n = 1;
		else if (sscanf(f->text, "%d", &n) != 1 || n < 1 ||
		    n > PLAN_MAX || strspn(f->text, "0123456789") !=
		    strlen(f->text))
			return form_refuse(f, "Installments are 1 to %d.",
			    PLAN_MAX);
		df->spec.plan.n = n;
		break;
	case DF_FIRST:
		return day_take(f, f->text, t->now, df->spec.plan.first_due);
	default:
		return 0;
	}
	return step_after(f, df, f->step);
}
