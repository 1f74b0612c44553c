/* callq payment add, list and delete (restore is with lead restore). */
#include <stdio.h>

#include "callq/money.h"
#include "callq/payment.h"
#include "callq/when.h"
#include "cmd.h"

/* A day a person typed (YYYY-MM-DD, today, yesterday, ...) for option. */
static int
payment_day(struct cli *c, const char *text, const char *option,
    char out[DAY_SIZE])
{
	if (day_parse(text, store_now(), out) != 0)
		return cli_usage_error(c, "%s wants a day such as 2026-11-22 or "
		    "yesterday, not '%s'", option, text);
	return 0;
}

int
cmd_payment_add(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "amount", required_argument, NULL, 'a' },
		{ "date", required_argument, NULL, 'd' },
		{ "method", required_argument, NULL, 'm' },
		{ "reference", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct payment_new p = { 0 };
	const char *amount = NULL;
	char buf[32];
	int64_t id;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'a')
			amount = optarg;
		else if (ch == 'd') {
			if ((rc = payment_day(c, optarg, "--date", p.paid_on)) != 0)
				return rc;
		} else if (ch == 'm')
			p.method = optarg;
		else if (ch == 'r')
			p.reference = optarg;
		else if (ch == 'n')
			p.note = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(c, "give one deal ID");
	if ((rc = cli_id(c, argv[optind], "deal ID", &p.deal)) != 0)
		return rc;
	if (amount == NULL)
		return cli_usage_error(c, "give the amount paid: --amount 250.00");
	if (money_parse(amount, &p.amount_cents) != 0)
		return cli_usage_error(c, "--amount wants an amount above zero "
		    "such as 1,200.50 (two decimals at most), not '%s'", amount);
	if (store_payment_add(c->st, &c->who, &p, &id, &c->err) != 0)
		return c->err.status;
	money_format(p.amount_cents, buf, sizeof buf);
	cli_say("recorded payment %lld of %s on deal %lld", (long long)id, buf,
	    (long long)p.deal);
	return 0;
}

int
cmd_payment_delete(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL;
	int64_t id;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'r')
			reason = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(c, "give one payment ID");
	if ((rc = cli_id(c, argv[optind], "payment ID", &id)) != 0)
		return rc;
	if (store_payment_delete(c->st, &c->who, id, reason, &c->err) != 0)
		return c->err.status;
	cli_say("deleted payment %lld; callq payment restore %lld brings it "
	    "back", (long long)id, (long long)id);
	return 0;
}

static const struct column payment_cols[] = {
	{ "id", 1 }, { "deal", 1 }, { "lead", 1 }, { "name", 0 },
	{ "paid_on", 0 }, { "amount", 1 }, { "currency", 0 }, { "method", 0 },
	{ "reference", 0 }, { "by", 0 }, { "recorded_at", 0 }, { "note", 0 },
};

#define PAYMENT_NCOLS ((int)(sizeof payment_cols / sizeof payment_cols[0]))

/*
 * Amounts go out as decimal units ("1200.50", no thousands separator) so
 * that a CSV or JSON reader takes them as numbers; people read the same.
 */
static int
payment_row(const struct payment *p, void *arg)
{
	char id[24], deal[24], lead[24], amount[32], at[40];
	const char *cells[] = { id, deal, lead, p->lead_name, p->paid_on,
	    amount, p->currency, p->method, p->reference, p->recorded_by, at,
	    p->note };

	snprintf(id, sizeof id, "%lld", (long long)p->id);
	snprintf(deal, sizeof deal, "%lld", (long long)p->deal_id);
	snprintf(lead, sizeof lead, "%lld", (long long)p->lead_id);
	cli_money_cell(arg, p->amount_cents, amount, sizeof amount);
	when_iso(p->created_at, at, sizeof at);
	return table_row(arg, cells);
}

int
cmd_payment_list(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "deal", required_argument, NULL, 'd' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "deleted", no_argument, NULL, 'x' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct payment_filter f = { 0 };
	char from[DAY_SIZE], to[DAY_SIZE];
	struct table *t;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'd') {
			if ((rc = cli_id(c, optarg, "--deal", &f.deal)) != 0)
				return rc;
		} else if (ch == 'f') {
			if ((rc = payment_day(c, optarg, "--from", from)) != 0)
				return rc;
			f.from = from;
		} else if (ch == 't') {
			if ((rc = payment_day(c, optarg, "--to", to)) != 0)
				return rc;
			f.to = to;
		} else if (ch == 'b')
			f.recorded_by = optarg;
		else if (ch == 'x')
			f.deleted = 1;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (argc - optind > 0)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	if ((t = cli_table(c, payment_cols, PAYMENT_NCOLS)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_payment_list(c->st, &c->who, &f,
	    payment_row, t, &c->err));
}
