#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/call.h"
#include "callq/deal.h"
#include "callq/followup.h"
#include "callq/hours.h"
#include "callq/queue.h"
#include "callq/when.h"
#include "cmd.h"

/*
 * Reads a WHEN for a follow-up on lead, in the user's time or, ending in
 * "there", the lead's; it must lie ahead: one in the past is a typo.
 */
static int
future_when(struct cli *c, const char *text, int64_t lead, time_t *out)
{
	struct followup_fit fit;
	struct err err = { 0 };
	time_t now = store_now();

	/* A lead not to be seen is said so by the operation itself. */
	if (store_followup_fit(c->st, &c->who, lead, now, &fit, &err) != 0)
		fit.zones[0] = fit.country[0] = '\0';
	if (hours_when_parse(text, now, fit.zones, fit.country, out) != 0)
		return cli_usage_error(c, "cannot read '%s' as a time; try "
		    WHEN_EXAMPLES, text);
	if (*out < now)
		return err_set(&c->err, EX_DATAERR, "'%s' has already passed; "
		    "give a time ahead", text);
	return 0;
}

/*
 * A follow-up's time as the rep and the lead read it, "Thu 10:00 (15:00
 * London)"; a note on stderr when it lies further ahead than the floor
 * likes.
 */
static const char *
followup_when(struct cli *c, int64_t lead, time_t due, char *buf,
    size_t size)
{
	struct followup_fit fit;
	struct err err = { 0 };
	char why[160];

	if (store_followup_fit(c->st, &c->who, lead, due, &fit, &err) != 0)
		fit.zones[0] = fit.country[0] = '\0';
	hours_when_both(due, store_now(), fit.zones, fit.country, buf, size);
	if (store_followup_far(c->st, due, why, sizeof why))
		fprintf(stderr, "callq: note: %s\n", why);
	return buf;
}

/* What the log did, in one line. */
static void
log_said(struct cli *c, const struct call_log *log,
    const struct call_result *res)
{
	char when[128], moved[128] = "", followup[160] = "", attempt[40] = "";

	if (strcmp(res->status_from, res->status_to) != 0)
		snprintf(moved, sizeof moved, "; %s -> %s%s%s%s",
		    res->status_from, res->status_to, res->drop_reason[0] ?
		    " (" : "", res->drop_reason, res->drop_reason[0] ? ")" : "");
	if (res->attempt > 0 && res->max_attempts > 0)
		snprintf(attempt, sizeof attempt, "; attempt %d of %d",
		    res->attempt, res->max_attempts);
	else if (res->attempt > 0)
		snprintf(attempt, sizeof attempt, "; attempt %d", res->attempt);
	if (res->followup_id != 0)
		snprintf(followup, sizeof followup, "; follow-up %s",
		    followup_when(c, log->lead_id, log->followup_at, when,
		    sizeof when));
	cli_say("logged %s on lead %lld%s%s%s%s", res->disposition,
	    (long long)log->lead_id, moved, attempt, followup,
	    res->added_to_dnc ?
	    "; number added to do-not-call" : "");
	if (res->deal_id != 0)
		cli_say("added deal %lld; see it with: callq deal show %lld",
		    (long long)res->deal_id, (long long)res->deal_id);
}

int
cmd_log(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "disposition", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ "followup", required_argument, NULL, 'f' },
		{ "interest", required_argument, NULL, 'i' },
		{ "duration", required_argument, NULL, 't' },
		{ "followup-reason", required_argument, NULL, 'r' },
		{ "contact", required_argument, NULL, 'k' },
		CLI_FORCE_OPTION, CLI_DEAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct call_log log = { 0 };
	struct deal_spec deal = { 0 };
	struct call_result res;
	const char *followup = NULL, *contact = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (ch) {
		case 'd': log.disposition = optarg; break;
		case 'n': log.note = optarg; break;
		case 'r': log.followup_reason = optarg; break;
		case 'k': contact = optarg; break;
		case 'f':
			followup = optarg;
			break;
		case 'i':
			if ((rc = cli_number(c, optarg, "--interest", 5,
			    &log.interest)) != 0)
				return rc;
			break;
		case 't':
			if ((rc = cli_number(c, optarg, "--duration", 86400,
			    &log.duration_s)) != 0)
				return rc;
			break;
		default:
			if ((rc = cli_deal_option(c, ch, argv, &deal)) != 0)
				return rc;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(c, "give one lead ID");
	if (deal.amount_cents != 0)
		log.deal = &deal;
	else if (deal.product != NULL || deal.won_reason != NULL ||
	    deal.close_on[0] != '\0' || deal.plan.n != 0 ||
	    deal.plan.first_due[0] != '\0')
		return cli_usage_error(c, "a deal needs its value: add "
		    "--amount A");
	if ((rc = cli_id(c, argv[optind], "lead ID", &log.lead_id)) != 0 ||
	    (followup != NULL && (rc = future_when(c, followup, log.lead_id,
	    &log.followup_at)) != 0))
		return rc;
	if (contact != NULL && strcmp(contact, "lead") == 0)
		log.contact_id = CALL_REACHED_LEAD;
	else if (contact != NULL && (rc = cli_id(c, contact, "contact ID",
	    &log.contact_id)) != 0)
		return rc;
	if (log.disposition == NULL)
		return cli_usage_error(c, "give the outcome with --disposition");
	if (log.followup_reason != NULL && followup == NULL)
		return cli_usage_error(c, "--followup-reason goes with "
		    "--followup WHEN");
	if (store_call_log(c->st, &c->who, &log, &res, &c->err) != 0)
		return c->err.status;
	log_said(c, &log, &res);
	return 0;
}

int
cmd_followup_add(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "reason", required_argument, NULL, 'r' },
		CLI_FORCE_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	struct followup_new n = { 0 };
	int64_t id;
	char when[128];
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'n')
			n.note = optarg;
		else if (ch == 'r')
			n.reason = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (argc - optind != 2)
		return cli_usage_error(c, "give a lead ID and WHEN (quote a "
		    "WHEN with a space: 'tomorrow 10:00')");
	if ((rc = cli_id(c, argv[optind], "lead ID", &n.lead)) != 0 ||
	    (rc = future_when(c, argv[optind + 1], n.lead, &n.due)) != 0)
		return rc;
	if (store_followup_book(c->st, &c->who, &n, &id, &c->err) != 0)
		return c->err.status;
	cli_say("follow-up %lld on lead %lld: %s%s%s", (long long)id,
	    (long long)n.lead, followup_when(c, n.lead, n.due, when,
	    sizeof when), n.reason ? ", " : "", n.reason ? n.reason : "");
	return 0;
}

static const struct column followup_cols[] = {
	{ "id", 1 }, { "lead_id", 1 }, { "lead", 0 }, { "phone_e164", 0 },
	{ "due", 0 }, { "state", 0 }, { "user", 0 }, { "note", 0 },
	{ "lead_time", 0 }, { "reason", 0 },
};

static int
followup_row(const struct followup *f, void *arg)
{
	static const char *const states[] = { "missed", "due", "due", "open" };
	struct table *t = arg;
	char id[24], lead[24], due[40], local[80];
	const char *cells[] = { id, lead, f->lead_name, f->phone_e164, due,
	    states[when_due_state(f->due_at, store_now())], f->user, f->note,
	    local, f->reason };

	/* The lead's wall clock at the time due, where it lives. */
	hours_clock_at(f->zones, f->country, f->due_at, local, sizeof local);
	snprintf(id, sizeof id, "%lld", (long long)f->id);
	snprintf(lead, sizeof lead, "%lld", (long long)f->lead_id);
	cli_time_cell(t, f->due_at, due, sizeof due);
	return table_row(t, cells);
}

int
cmd_followup_list(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "due", no_argument, NULL, 'd' },
		{ "missed", no_argument, NULL, 'm' },
		{ "user", required_argument, NULL, 'u' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum followup_which which = FOLLOWUP_OPEN;
	const char *login = NULL;
	struct table *t;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'd' || ch == 'm') {
			if (which != FOLLOWUP_OPEN)
				return cli_usage_error(c, "give --due or "
				    "--missed, not both");
			which = ch == 'd' ? FOLLOWUP_DUE : FOLLOWUP_MISSED;
		} else if (ch == 'u')
			login = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (optind != argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	if ((t = cli_table(c, followup_cols, 10)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_followup_list(c->st, &c->who, login,
	    which, followup_row, t, &c->err));
}

int
cmd_followup_done(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "outcome", required_argument, NULL, 'o' },
		CLI_FORCE_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const char *outcome = NULL;
	int64_t id;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'o')
			outcome = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(c, "give one follow-up ID");
	if ((rc = cli_id(c, argv[optind], "follow-up ID", &id)) != 0)
		return rc;
	if (store_followup_done(c->st, &c->who, id, outcome, &c->err) != 0)
		return c->err.status;
	cli_say("follow-up %lld done", (long long)id);
	return 0;
}

int
cmd_followup_move(struct cli *c, int argc, char **argv)
{
	char when[128];
	int64_t id, lead;
	time_t due;
	int rc;

	if ((rc = cli_write_options(c, argc, argv, 2)) != 0 ||
	    (rc = cli_id(c, argv[optind], "follow-up ID", &id)) != 0)
		return rc;
	if (store_followup_lead(c->st, &c->who, id, &lead, &c->err) != 0)
		return c->err.status;
	if ((rc = future_when(c, argv[optind + 1], lead, &due)) != 0)
		return rc;
	if (store_followup_move(c->st, &c->who, id, due, &c->err) != 0)
		return c->err.status;
	cli_say("follow-up %lld moved to %s", (long long)id,
	    followup_when(c, lead, due, when, sizeof when));
	return 0;
}

/* Why a lead is where it is: its tier, or why it may not be called. */
static void
queue_why(const struct queue_item *it, char *buf, size_t size)
{
	char opens[40];

	if (it->dnc)
		snprintf(buf, size, "do not call");
	else if (it->hours == HOURS_NO_ZONE)
		snprintf(buf, size, "no known time zone");
	else if (it->hours == HOURS_CLOSED) {
		if (it->opens != 0)
			when_label(it->opens, store_now(), opens, sizeof opens);
		snprintf(buf, size, "outside calling hours%s%s",
		    it->opens ? " until " : "", it->opens ? opens : "");
	} else
		snprintf(buf, size, "%s", queue_tier_name(it->pos.tier));
}

static int
queue_row(const struct lead *l, const struct queue_item *it, void *arg)
{
	char why[80];

	queue_why(it, why, sizeof why);
	return lead_list_row(arg, l, why);
}

int
cmd_queue(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "all", no_argument, NULL, 'a' },
		{ "search", required_argument, NULL, 's' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct column cols[LEAD_LIST_NCOLS + 1];
	struct queue_query q = { .now = store_now() };
	struct table *t;
	int ch, rc, limit = 50;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'l')
			rc = cli_number(c, optarg, "--limit", INT_MAX, &limit);
		else if (ch == 'a')
			rc = (q.all = 1, 0);
		else if (ch == 's')
			rc = (q.search = optarg, 0);
		else
			rc = cli_option(c, ch, argv);
		if (rc != 0)
			return rc;
	}
	if (optind != argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	memcpy(cols, lead_list_cols, sizeof lead_list_cols);
	cols[LEAD_LIST_NCOLS] = (struct column){ "why", 0 };
	if ((t = cli_table(c, cols, LEAD_LIST_NCOLS + 1)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_queue_page(c->st, &c->who, &q,
	    limit > 0 ? limit : -1, queue_row, t, &c->err));
}
