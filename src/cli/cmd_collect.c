/*
 * callq collect ...: the collections queue, its calls and who chases
 * which deal; callq promise list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/collect.h"
#include "cmd.h"

static const struct column queue_cols[] = {
	{ "deal_id", 1 }, { "lead_id", 1 }, { "lead", 0 }, { "phone", 0 },
	{ "why", 0 }, { "since", 0 }, { "days_late", 1 }, { "due", 1 },
	{ "balance", 1 }, { "promise", 1 }, { "installment", 0 },
	{ "currency", 0 }, { "collector", 0 },
};

static int
queue_row(const struct collect_item *it, void *arg)
{
	struct table *t = arg;
	char deal[24], lead[24], late[16], due[32], bal[32], prom[32] = "",
	    inst[32] = "";
	const char *cells[] = { deal, lead, it->lead_name, it->phone_display,
	    collect_why_name(it->why), it->since, late, due, bal, prom, inst,
	    it->currency, it->collector };

	snprintf(deal, sizeof deal, "%lld", (long long)it->deal_id);
	snprintf(lead, sizeof lead, "%lld", (long long)it->lead_id);
	snprintf(late, sizeof late, "%d", it->days_late);
	cli_money_cell(t, it->due_cents, due, sizeof due);
	cli_money_cell(t, it->balance_cents, bal, sizeof bal);
	if (it->promise_cents != 0)
		cli_money_cell(t, it->promise_cents, prom, sizeof prom);
	if (it->seq != 0)
		snprintf(inst, sizeof inst, "%d of %d", it->seq,
		    it->ninstallments);
	return table_row(t, cells);
}

int
cmd_collect_queue(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "collector", required_argument, NULL, 'c' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct collect_filter f = { 0 };
	struct table *t;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'c')
			f.collector = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (optind != argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	if ((t = cli_table(c, queue_cols, 13)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_collect_queue(c->st, &c->who, &f,
	    queue_row, t, &c->err));
}

struct log_args {
	struct collect_log log;
	int                outcome_given;
};

static int
log_option(struct cli *c, int ch, struct log_args *a)
{
	int o;

	switch (ch) {
	case 'o':
		if ((o = outcome_parse(optarg)) < 0)
			return cli_usage_error(c, "no outcome '%s'; use one of: "
			    "promise, paid, partial, dispute, no-answer, "
			    "wrong-number", optarg);
		a->log.outcome = (enum outcome)o;
		a->outcome_given = 1;
		return 0;
	case 'a':
		if (money_parse(optarg, &a->log.amount_cents) != 0)
			return cli_usage_error(c, "cannot read '%s' as an amount; "
			    "give e.g. 250 or 1,200.50", optarg);
		return 0;
	case 'd':
		if (day_parse(optarg, store_now(), a->log.day) != 0)
			return cli_usage_error(c, "cannot read '%s' as a day; "
			    "give YYYY-MM-DD, today, tomorrow or +7d", optarg);
		return 0;
	case 'm':
		a->log.method = optarg;
		return 0;
	case 'r':
		a->log.reference = optarg;
		return 0;
	case 'n':
		a->log.note = optarg;
		return 0;
	case 'k':
		return cli_id(c, optarg, "contact ID", &a->log.contact_id);
	}
	return -2;
}

/* What the call recorded, in one line. */
static void
log_said(const struct collect_log *log, const struct collect_result *res)
{
	char bal[32], broken[48] = "", what[80] = "";

	money_format(res->balance_cents, bal, sizeof bal);
	if (res->payment_id != 0)
		snprintf(what, sizeof what, "; payment %lld",
		    (long long)res->payment_id);
	else if (res->promise_id != 0)
		snprintf(what, sizeof what, "; promise %lld by %s",
		    (long long)res->promise_id, log->day);
	if (res->broken > 0)
		snprintf(broken, sizeof broken, "; %d promise%s broken",
		    res->broken, res->broken == 1 ? "" : "s");
	cli_say("logged %s on deal %lld%s%s; deal %s, balance %s",
	    outcome_title(log->outcome), (long long)log->deal, what, broken,
	    res->deal_state, bal);
}

int
cmd_collect_log(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "outcome", required_argument, NULL, 'o' },
		{ "amount", required_argument, NULL, 'a' },
		{ "date", required_argument, NULL, 'd' },
		{ "method", required_argument, NULL, 'm' },
		{ "reference", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ "contact", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct log_args a;
	struct collect_result res;
	int ch, rc;

	memset(&a, 0, sizeof a);
	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if ((rc = log_option(c, ch, &a)) == -2)
			rc = cli_option(c, ch, argv);
		if (rc != 0)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(c, "give one deal ID");
	if (!a.outcome_given)
		return cli_usage_error(c, "give the call's --outcome: promise, "
		    "paid, partial, dispute, no-answer or wrong-number");
	if ((rc = cli_id(c, argv[optind], "deal ID", &a.log.deal)) != 0)
		return rc;
	if (store_collect_log(c->st, &c->who, &a.log, &res, &c->err) != 0)
		return c->err.status;
	log_said(&a.log, &res);
	return 0;
}

/* The deal IDs left on the command line; free *deals. */
static int
deal_ids(struct cli *c, int argc, char **argv, int64_t **deals, size_t *n)
{
	int i, rc;

	*n = 0;
	if (optind >= argc)
		return cli_usage_error(c, "give at least one deal ID");
	if ((*deals = calloc((size_t)(argc - optind), sizeof **deals)) == NULL)
		return err_set(&c->err, EX_OSERR, "out of memory");
	for (i = optind; i < argc; i++) {
		if ((rc = cli_id(c, argv[i], "deal ID", &(*deals)[*n])) != 0) {
			free(*deals);
			return rc;
		}
		(*n)++;
	}
	return 0;
}

int
cmd_collect_assign(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *to = NULL;
	int64_t *deals;
	size_t n;
	int ch, rc, changed = 0;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 't')
			to = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (to == NULL)
		return cli_usage_error(c, "give --to LOGIN, or --to none");
	if ((rc = deal_ids(c, argc, argv, &deals, &n)) != 0)
		return rc;
	rc = store_collect_assign(c->st, &c->who, deals, n,
	    strcmp(to, "none") == 0 ? NULL : to, &changed, &c->err);
	free(deals);
	if (rc != 0)
		return c->err.status;
	cli_say("%d of %zu deal%s now %s%s", changed, n, n == 1 ? "" : "s",
	    strcmp(to, "none") == 0 ? "unassigned" : "collected by ",
	    strcmp(to, "none") == 0 ? "" : to);
	return 0;
}

int
cmd_collect_spread(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "round-robin", no_argument, NULL, 'r' },
		{ "split", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	enum collect_spread how = SPREAD_ROUND_ROBIN;
	int64_t *deals;
	size_t n;
	int ch, rc, given = 0, changed = 0;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'r' || ch == 's') {
			how = ch == 'r' ? SPREAD_ROUND_ROBIN : SPREAD_SPLIT;
			given++;
		} else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (given != 1)
		return cli_usage_error(c, "give --round-robin or --split");
	if ((rc = deal_ids(c, argc, argv, &deals, &n)) != 0)
		return rc;
	rc = store_collect_spread(c->st, &c->who, deals, n, how, &changed,
	    &c->err);
	free(deals);
	if (rc != 0)
		return c->err.status;
	cli_say("%d of %zu deal%s moved (%s)", changed, n, n == 1 ? "" : "s",
	    how == SPREAD_SPLIT ? "split" : "round-robin");
	return 0;
}

static const struct column promise_cols[] = {
	{ "id", 1 }, { "deal_id", 1 }, { "lead", 0 }, { "due_on", 0 },
	{ "amount", 1 }, { "state", 0 }, { "user", 0 }, { "created", 0 },
};

static int
promise_row(const struct promise *p, void *arg)
{
	struct table *t = arg;
	char id[24], deal[24], amount[32], created[40];
	const char *cells[] = { id, deal, p->lead_name, p->due_on, amount,
	    p->state, p->user, created };

	snprintf(id, sizeof id, "%lld", (long long)p->id);
	snprintf(deal, sizeof deal, "%lld", (long long)p->deal_id);
	cli_money_cell(t, p->amount_cents, amount, sizeof amount);
	cli_time_cell(t, p->created_at, created, sizeof created);
	return table_row(t, cells);
}

int
cmd_promise_list(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "deal", required_argument, NULL, 'd' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct table *t;
	int64_t deal = 0;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'd') {
			if ((rc = cli_id(c, optarg, "deal ID", &deal)) != 0)
				return rc;
		} else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (optind != argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	if ((t = cli_table(c, promise_cols, 8)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_promise_list(c->st, &c->who, deal,
	    promise_row, t, &c->err));
}
