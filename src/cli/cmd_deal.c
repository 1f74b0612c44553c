/* callq deal and callq plan: deals on conversion and their plans. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/deal.h"
#include "cmd.h"

/* An amount typed by a person; EX_USAGE naming option when it is not one. */
static int
amount_arg(struct cli *c, const char *text, const char *option,
    int64_t *cents)
{
	if (money_parse(text, cents) != 0)
		return cli_usage_error(c, "%s takes an amount above 0 like "
		    "1,200.00, not '%s'", option, text);
	return 0;
}

static int
day_arg(struct cli *c, const char *text, const char *option,
    char out[DAY_SIZE])
{
	if (day_parse(text, store_now(), out) != 0)
		return cli_usage_error(c, "%s takes a day like 2026-12-01, "
		    "today or +1m, not '%s'", option, text);
	return 0;
}

int
cli_deal_option(struct cli *c, int ch, char **argv, struct deal_spec *spec)
{
	const char *arg = optarg;

	switch (ch) {
	case CLI_OPT_AMOUNT:
		return amount_arg(c, arg, "--amount", &spec->amount_cents);
	case CLI_OPT_PRODUCT:
		spec->product = arg;
		return 0;
	case CLI_OPT_WON:
		spec->won_reason = arg;
		return 0;
	case CLI_OPT_CLOSE:
		return day_arg(c, arg, "--close-date", spec->close_on);
	case CLI_OPT_INSTALLMENTS:
		if (cli_number(c, arg, "--installments", PLAN_MAX,
		    &spec->plan.n) != 0)
			return EX_USAGE;
		return spec->plan.n == 0 ? cli_usage_error(c, "--installments "
		    "takes 1 to %d", PLAN_MAX) : 0;
	case CLI_OPT_FIRST_DUE:
		return day_arg(c, arg, "--first-due", spec->plan.first_due);
	default:
		return cli_option(c, ch, argv);
	}
}

static void
deal_said(const char *what, int64_t id, int64_t lead, int64_t cents,
    int n)
{
	char amount[32];

	money_format(cents, amount, sizeof amount);
	cli_say("%s deal %lld on lead %lld: %s in %d installment%s", what,
	    (long long)id, (long long)lead, amount, n, n == 1 ? "" : "s");
}

int
cmd_deal_add(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = { CLI_DEAL_OPTIONS,
		{ NULL, 0, NULL, 0 } };
	struct deal_spec spec;
	int64_t lead, id;
	int ch, rc;

	memset(&spec, 0, sizeof spec);
	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1)
		if ((rc = cli_deal_option(c, ch, argv, &spec)) != 0)
			return rc;
	if (argc - optind != 1)
		return cli_usage_error(c, "give one lead ID");
	if ((rc = cli_id(c, argv[optind], "lead ID", &lead)) != 0)
		return rc;
	if (spec.amount_cents == 0)
		return cli_usage_error(c, "give the deal's value with --amount");
	if (store_deal_add(c->st, &c->who, lead, &spec, &id, &c->err) != 0)
		return c->err.status;
	deal_said("added", id, lead, spec.amount_cents,
	    spec.plan.n > 0 ? spec.plan.n : 1);
	return 0;
}

static const struct column deal_cols[] = {
	{ "id", 1 }, { "lead_id", 1 }, { "lead", 0 }, { "amount", 1 },
	{ "paid", 1 }, { "balance", 1 }, { "currency", 0 }, { "state", 0 },
	{ "product", 0 }, { "won_reason", 0 }, { "close_on", 0 },
	{ "owner", 0 }, { "collector", 0 }, { "installments", 1 },
};

#define DEAL_NCOLS ((int)(sizeof deal_cols / sizeof deal_cols[0]))

static int
deal_row(const struct deal *d, void *arg)
{
	struct table *t = arg;
	char id[24], lead[24], amount[32], paid[32], balance[32], n[16];
	const char *cells[] = { id, lead, d->lead_name, amount, paid, balance,
	    d->currency, deal_state_name(d->state), d->product, d->won_reason,
	    d->close_on, d->owner, d->collector, n };

	snprintf(id, sizeof id, "%lld", (long long)d->id);
	snprintf(lead, sizeof lead, "%lld", (long long)d->lead_id);
	snprintf(n, sizeof n, "%d", d->ninstallments);
	cli_money_cell(t, d->amount_cents, amount, sizeof amount);
	cli_money_cell(t, d->paid_cents, paid, sizeof paid);
	cli_money_cell(t, d->amount_cents - d->paid_cents, balance,
	    sizeof balance);
	return table_row(t, cells);
}

int
cmd_deal_list(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "state", required_argument, NULL, 's' },
		{ "owner", required_argument, NULL, 'o' },
		{ "collector", required_argument, NULL, 'c' },
		{ "limit", required_argument, NULL, 'l' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct deal_filter f = { 0 };
	struct table *t;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 's')
			rc = (f.state = optarg, 0);
		else if (ch == 'o')
			rc = (f.owner = optarg, 0);
		else if (ch == 'c')
			rc = (f.collector = optarg, 0);
		else if (ch == 'l')
			rc = cli_number(c, optarg, "--limit", INT_MAX, &f.limit);
		else
			rc = cli_option(c, ch, argv);
		if (rc != 0)
			return rc;
	}
	if (optind != argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	if ((t = cli_table(c, deal_cols, DEAL_NCOLS)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_deal_list(c->st, &c->who, &f,
	    deal_row, t, &c->err));
}

/*
 * deal show: its installments, each row carrying the deal for scripts;
 * people get the deal in a line above them.
 */
static const struct column inst_cols[] = {
	{ "deal_id", 1 }, { "lead_id", 1 }, { "lead", 0 }, { "currency", 0 },
	{ "deal_amount", 1 }, { "deal_paid", 1 }, { "deal_state", 0 },
	{ "product", 0 }, { "close_on", 0 }, { "seq", 1 }, { "due_on", 0 },
	{ "amount", 1 }, { "paid", 1 }, { "state", 0 }, { "days_late", 1 },
};

#define INST_NCOLS ((int)(sizeof inst_cols / sizeof inst_cols[0]))
#define INST_PEOPLE 9	/* the columns people get: from seq on */

static int
deal_show_rows(const struct deal *d, void *arg)
{
	struct table *t = arg;
	const struct installment *in;
	char id[24], lead[24], total[32], paid[32], seq[16], amount[32],
	    ipaid[32], late[16];
	const char *cells[] = { id, lead, d->lead_name, d->currency, total,
	    paid, deal_state_name(d->state), d->product, d->close_on, seq,
	    NULL, amount, ipaid, NULL, late };
	int i, rc = 0, people = table_format(t) == FORMAT_TABLE;

	snprintf(id, sizeof id, "%lld", (long long)d->id);
	snprintf(lead, sizeof lead, "%lld", (long long)d->lead_id);
	cli_money_cell(t, d->amount_cents, total, sizeof total);
	cli_money_cell(t, d->paid_cents, paid, sizeof paid);
	if (people)
		cli_say("deal %s on lead %s (%s): %s %s, %s paid, %s; %s%s"
		    "closed %s; owner %s%s%s", id, lead, d->lead_name, total,
		    d->currency, paid, deal_state_name(d->state), d->product,
		    d->product[0] ? ", " : "", d->close_on, d->owner[0] ?
		    d->owner : "none", d->collector[0] ? ", collector " : "",
		    d->collector);
	for (i = 0; rc == 0 && i < d->ninstallments; i++) {
		in = &d->installments[i];
		snprintf(seq, sizeof seq, "%d", in->seq);
		cells[10] = in->due_on;
		cli_money_cell(t, in->amount_cents, amount, sizeof amount);
		cli_money_cell(t, in->paid_cents, ipaid, sizeof ipaid);
		cells[13] = inst_state_name(in->state);
		snprintf(late, sizeof late, "%d", in->days_late);
		rc = table_row(t, people ? cells + INST_NCOLS - 6 : cells);
	}
	return rc;
}

int
cmd_deal_show(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "lead", required_argument, NULL, 'l' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int64_t id = 0, lead = 0;
	struct table *t;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'l')
			rc = cli_id(c, optarg, "lead ID", &lead);
		else
			rc = cli_option(c, ch, argv);
		if (rc != 0)
			return rc;
	}
	if (lead == 0 && argc - optind != 1)
		return cli_usage_error(c, "give one deal ID, or --lead ID");
	if (lead != 0 && argc != optind)
		return cli_usage_error(c, "give a deal ID or --lead ID, not "
		    "both");
	if (lead == 0 && (rc = cli_id(c, argv[optind], "deal ID", &id)) != 0)
		return rc;
	if ((t = c->format == FORMAT_TABLE ? cli_table(c, inst_cols +
	    INST_NCOLS - 6, 6) : cli_table(c, inst_cols, INST_NCOLS)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_deal_get(c->st, &c->who, id, lead,
	    deal_show_rows, t, &c->err));
}

int
cmd_deal_edit(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "amount", required_argument, NULL, 'a' },
		{ "product", required_argument, NULL, 'p' },
		{ "won-reason", required_argument, NULL, 'w' },
		{ "close-date", required_argument, NULL, 'c' },
		{ "if-version", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct deal_change ch = { 0 };
	char close_on[DAY_SIZE];
	int64_t id, version = 0;
	int o, rc;

	while ((o = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (o == 'a')
			rc = amount_arg(c, optarg, "--amount", &ch.amount_cents);
		else if (o == 'p')
			rc = (ch.product = optarg, 0);
		else if (o == 'w')
			rc = (ch.won_reason = optarg, 0);
		else if (o == 'c')
			rc = day_arg(c, optarg, "--close-date", close_on) != 0 ?
			    EX_USAGE : (ch.close_on = close_on, 0);
		else if (o == 'v')
			rc = cli_id(c, optarg, "version", &version);
		else
			rc = cli_option(c, o, argv);
		if (rc != 0)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(c, "give one deal ID");
	if ((rc = cli_id(c, argv[optind], "deal ID", &id)) != 0)
		return rc;
	if (ch.amount_cents == 0 && ch.product == NULL &&
	    ch.won_reason == NULL && ch.close_on == NULL)
		return cli_usage_error(c, "nothing to change; give --amount, "
		    "--product, --won-reason or --close-date");
	if (store_deal_edit(c->st, &c->who, id, &ch, version, &c->err) != 0)
		return c->err.status;
	cli_say("changed deal %lld", (long long)id);
	return 0;
}

/* --due DAY:AMOUNT, one explicit installment. */
static int
due_arg(struct cli *c, const char *text, struct plan_spec *p)
{
	const char *colon = strchr(text, ':');
	char day[DAY_SIZE + 8];

	if (p->n >= PLAN_MAX)
		return cli_usage_error(c, "a plan holds at most %d "
		    "installments", PLAN_MAX);
	if (colon == NULL || (size_t)(colon - text) >= sizeof day)
		return cli_usage_error(c, "--due takes DAY:AMOUNT, like "
		    "2026-12-01:400.00, not '%s'", text);
	memcpy(day, text, (size_t)(colon - text));
	day[colon - text] = '\0';
	if (day_arg(c, day, "--due", p->due[p->n]) != 0 ||
	    amount_arg(c, colon + 1, "--due", &p->cents[p->n]) != 0)
		return EX_USAGE;
	p->explicit_ = 1;
	p->n++;
	return 0;
}

int
cmd_plan_set(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "installments", required_argument, NULL, 'n' },
		{ "first-due", required_argument, NULL, 'f' },
		{ "due", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct plan_spec *p;
	int64_t id;
	int ch, rc = 0, equal = 0;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return err_set(&c->err, EX_OSERR, "out of memory");
	while (rc == 0 && (ch = getopt_long(argc, argv, ":", longs, NULL)) !=
	    -1) {
		if (ch == 'n')
			rc = cli_number(c, optarg, "--installments", PLAN_MAX,
			    &equal);
		else if (ch == 'f')
			rc = day_arg(c, optarg, "--first-due", p->first_due);
		else if (ch == 'd')
			rc = due_arg(c, optarg, p);
		else
			rc = cli_option(c, ch, argv);
	}
	if (rc == 0 && argc - optind != 1)
		rc = cli_usage_error(c, "give one deal ID");
	if (rc == 0)
		rc = cli_id(c, argv[optind], "deal ID", &id);
	if (rc == 0 && (equal > 0) == (p->explicit_ != 0))
		rc = cli_usage_error(c, "give --installments N, or --due "
		    "DAY:AMOUNT for each installment");
	if (rc == 0 && p->explicit_ && p->first_due[0] != '\0')
		rc = cli_usage_error(c, "--first-due goes with --installments");
	if (rc == 0 && !p->explicit_)
		p->n = equal;
	if (rc == 0 && store_plan_set(c->st, &c->who, id, p, &c->err) != 0)
		rc = c->err.status;
	if (rc == 0)
		cli_say("deal %lld has a new plan", (long long)id);
	free(p);
	return rc;
}
