/*
 * What a team lead does from a script: the pools, assignment, the
 * pipeline's stages, the team board and notifications.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "callq/assign.h"
#include "callq/board.h"
#include "callq/notify.h"
#include "callq/plural.h"
#include "callq/pool.h"
#include "callq/stage.h"
#include "callq/when.h"
#include "cmd.h"

#define POOL_PAGE 500
#define MAX_LOGINS 64

/* The options that pick leads from a pool, for pool list and assign. */
struct picking {
	struct pool_query q;
	int               has_pool;
	int               limit;	/* 0: all */
};

#define PICKING_OPTIONS \
	{ "pool", required_argument, NULL, 'P' }, \
	{ "owner", required_argument, NULL, 'o' }, \
	{ "region", required_argument, NULL, 'r' }, \
	{ "source", required_argument, NULL, 's' }, \
	{ "search", required_argument, NULL, 'q' }, \
	{ "limit", required_argument, NULL, 'l' }

/* Handles ch when it is a picking option: 1 with *rc set, else 0. */
static int
picking_option(struct cli *c, int ch, struct picking *p, int *rc)
{
	*rc = 0;
	switch (ch) {
	case 'P':
		p->has_pool = 1;
		if (pool_parse(optarg, &p->q.pool) != 0)
			*rc = cli_usage_error(c, "no pool '%s'; the pools: "
			    "fresh, working, converted, lost", optarg);
		return 1;
	case 'o': p->q.owner = optarg; return 1;
	case 'r': p->q.region = optarg; return 1;
	case 's': p->q.source = optarg; return 1;
	case 'q': p->q.search = optarg; return 1;
	case 'l':
		*rc = cli_number(c, optarg, "--limit", INT_MAX, &p->limit);
		return 1;
	}
	return 0;
}

/* A walk over a pool, page by page: each lead to a table or a list. */
struct walk {
	struct table *t;	/* pool list's, or NULL */
	int64_t      *ids;	/* assign's, grown as needed */
	size_t        n, cap;
	int64_t       last;
	int           limit;
	int           oom;
};

static int
walk_take(const struct lead *l, void *arg)
{
	struct walk *w = arg;
	int64_t *v;

	w->last = l->id;
	if (w->t != NULL && lead_list_row(w->t, l, NULL) != 0)
		return 1;
	if (w->t == NULL && w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 1024;
		if ((v = realloc(w->ids, w->cap * sizeof *v)) == NULL)
			return w->oom = 1;
		w->ids = v;
	}
	if (w->t == NULL)
		w->ids[w->n] = l->id;
	w->n++;
	return w->limit > 0 && w->n >= (size_t)w->limit;
}

static int
picking_walk(struct cli *c, const struct picking *p, struct walk *w)
{
	size_t before;

	w->limit = p->limit;
	do {
		before = w->n;
		if (store_pool_walk(c->st, &c->who, &p->q, w->last, 0,
		    POOL_PAGE, walk_take, w, &c->err) != 0)
			return c->err.status;
		if (w->oom)
			return err_set(&c->err, EX_OSERR, "out of memory");
	} while (w->n == before + POOL_PAGE &&
	    (p->limit == 0 || w->n < (size_t)p->limit));
	return 0;
}

int
cmd_pool_list(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		PICKING_OPTIONS,
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct picking p = { .limit = 0 };
	struct walk w = { 0 };
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1)
		if ((picking_option(c, ch, &p, &rc) ? rc :
		    (rc = cli_option(c, ch, argv))) != 0)
			return rc;
	if (argc - optind != 1 || pool_parse(argv[optind], &p.q.pool) != 0)
		return cli_usage_error(c, "name one pool: fresh, working, "
		    "converted or lost");
	if ((w.t = cli_table(c, lead_list_cols, LEAD_LIST_NCOLS)) == NULL)
		return c->err.status;
	return cli_table_end(c, w.t, picking_walk(c, &p, &w));
}

/* "rep1,rep2" into logins (pointing into text, which is cut up). */
static size_t
logins_split(char *text, const char **logins)
{
	size_t n = 0;
	char *tok, *save;

	for (tok = strtok_r(text, ",", &save); tok != NULL && n < MAX_LOGINS;
	    tok = strtok_r(NULL, ",", &save))
		if (*tok != '\0')
			logins[n++] = tok;
	return n;
}

struct assigning {
	enum assign_method method;
	int                methods;	/* how many were given */
	const char        *logins[MAX_LOGINS];
	size_t             nlogins;
	int                dry_run;
};

static int
assign_options(struct cli *c, int argc, char **argv, struct assigning *a,
    struct picking *p)
{
	static const struct option longs[] = {
		PICKING_OPTIONS,
		{ "to", required_argument, NULL, 't' },
		{ "round-robin", no_argument, NULL, 'R' },
		{ "split", required_argument, NULL, 'S' },
		{ "unassign", no_argument, NULL, 'u' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (picking_option(c, ch, p, &rc)) {
			if (rc != 0)
				return rc;
			continue;
		}
		switch (ch) {
		case 't':
			a->method = ASSIGN_MANUAL;
			a->logins[0] = optarg;
			a->nlogins = 1;
			break;
		case 'R': a->method = ASSIGN_ROUND_ROBIN; break;
		case 'S':
			a->method = ASSIGN_SPLIT;
			a->nlogins = logins_split(optarg, a->logins);
			break;
		case 'u': a->method = ASSIGN_UNASSIGN; break;
		case 'n': a->dry_run = 1; continue;
		default:
			if ((rc = cli_option(c, ch, argv)) != 0)
				return rc;
			continue;
		}
		a->methods++;
	}
	if (a->methods != 1)
		return cli_usage_error(c, "give one of --to LOGIN, --round-robin,"
		    " --split LOGIN,LOGIN,... or --unassign");
	if (p->has_pool == (optind < argc))
		return cli_usage_error(c, "give lead IDs or --pool, not %s",
		    p->has_pool ? "both" : "neither");
	return 0;
}

static int
assign_ids(struct cli *c, int argc, char **argv, struct walk *w)
{
	int i, rc;

	if ((w->ids = calloc((size_t)(argc - optind), sizeof *w->ids)) == NULL)
		return err_set(&c->err, EX_OSERR, "out of memory");
	for (i = optind; i < argc; i++)
		if ((rc = cli_id(c, argv[i], "lead ID", &w->ids[w->n++])) != 0)
			return rc;
	return 0;
}

int
cmd_assign(struct cli *c, int argc, char **argv)
{
	struct assigning a = { .method = ASSIGN_MANUAL };
	struct picking p = { .limit = 0 };
	struct walk w = { 0 };
	struct assign_plan *plan = calloc(1, sizeof *plan);
	char said[1024];
	int rc;

	if (plan == NULL)
		return err_set(&c->err, EX_OSERR, "out of memory");
	if ((rc = assign_options(c, argc, argv, &a, &p)) != 0 ||
	    (rc = p.has_pool ? picking_walk(c, &p, &w) :
	    assign_ids(c, argc, argv, &w)) != 0)
		goto out;
	if (a.dry_run)
		rc = store_assign_plan(c->st, &c->who, a.method, a.logins,
		    a.nlogins, w.n, plan, &c->err);
	else
		rc = store_assign(c->st, &c->who, w.ids, w.n, a.method,
		    a.logins, a.nlogins, plan, &c->err);
	if (rc == 0) {
		assign_plan_text(plan, !a.dry_run, said, sizeof said);
		cli_say("%s%s", said, a.dry_run ? " (dry run: nothing was "
		    "written)" : "");
	}
out:
	free(w.ids);
	free(plan);
	return rc;
}

static const struct column stage_cols[] = {
	{ "position", 1 }, { "name", 0 }, { "probability", 1 }, { "flag", 0 },
	{ "stale_days", 1 }, { "status", 0 }, { "leads", 1 },
};

static int
stage_row(const struct stage *s, void *arg)
{
	char pos[16], prob[16], stale[16], leads[24];
	const char *cells[] = { pos, s->name, prob, s->is_won ? "won" :
	    s->is_lost ? "lost" : "", stale, s->status, leads };

	snprintf(pos, sizeof pos, "%d", s->position);
	snprintf(prob, sizeof prob, "%d", s->probability);
	snprintf(stale, sizeof stale, "%d", s->stale_days);
	snprintf(leads, sizeof leads, "%lld", (long long)s->leads);
	return table_row(arg, cells);
}

static int
stage_walk(struct cli *c, int64_t id, struct table *t)
{
	(void)id;
	return store_stage_list(c->st, 1, stage_row, t, &c->err);
}

int
cmd_stage_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { stage_cols, 7, NULL,
	    stage_walk };

	return cli_list(c, argc, argv, &list);
}

int
cmd_stage_add(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "probability", required_argument, NULL, 'p' },
		{ "won", no_argument, NULL, 'w' },
		{ "lost", no_argument, NULL, 'L' },
		{ "stale-days", required_argument, NULL, 'd' },
		{ "status", required_argument, NULL, 's' },
		{ "position", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct stage_spec sp = { 0 };
	int ch, rc = 0;

	while (rc == 0 && (ch = getopt_long(argc, argv, ":", longs, NULL)) != -1)
		switch (ch) {
		case 'p':
			rc = cli_number(c, optarg, "--probability", 100,
			    &sp.probability);
			break;
		case 'w': sp.is_won = 1; break;
		case 'L': sp.is_lost = 1; break;
		case 'd':
			rc = cli_number(c, optarg, "--stale-days", 3650,
			    &sp.stale_days);
			break;
		case 's': sp.status = optarg; break;
		case 'P':
			rc = cli_number(c, optarg, "--position", 64,
			    &sp.position);
			break;
		default: rc = cli_option(c, ch, argv);
		}
	if (rc != 0)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(c, "give the stage's name");
	sp.name = argv[optind];
	if (store_stage_add(c->st, &c->who, &sp, &c->err) != 0)
		return c->err.status;
	cli_say("added stage %s", sp.name);
	return 0;
}

int
cmd_stage_rename(struct cli *c, int argc, char **argv)
{
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 2)) != 0)
		return rc;
	if (store_stage_rename(c->st, &c->who, argv[optind], argv[optind + 1],
	    &c->err) != 0)
		return c->err.status;
	cli_say("renamed stage %s to %s", argv[optind], argv[optind + 1]);
	return 0;
}

int
cmd_stage_move(struct cli *c, int argc, char **argv)
{
	int rc, pos;

	if ((rc = cli_list_options(c, argc, argv, 2)) != 0 ||
	    (rc = cli_number(c, argv[optind + 1], "POSITION", 64, &pos)) != 0)
		return rc;
	if (store_stage_move(c->st, &c->who, argv[optind], pos, &c->err) != 0)
		return c->err.status;
	cli_say("moved stage %s to position %d", argv[optind], pos);
	return 0;
}

int
cmd_stage_remove(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "move-to", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *move_to = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1)
		if (ch == 'm')
			move_to = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	if (argc - optind != 1)
		return cli_usage_error(c, "give the stage's name");
	if (store_stage_remove(c->st, &c->who, argv[optind], move_to,
	    &c->err) != 0)
		return c->err.status;
	cli_say("removed stage %s%s%s", argv[optind], move_to ? "; its leads "
	    "are in " : "", move_to ? move_to : "");
	return 0;
}

int
cmd_lead_stage(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "drop-reason", required_argument, NULL, 'd' },
		{ "interest", required_argument, NULL, 'i' },
		{ "if-version", required_argument, NULL, 'v' },
		CLI_FORCE_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	struct stage_move m = { 0 };
	enum stage_needs needs;
	int ch, rc = 0;

	while (rc == 0 && (ch = getopt_long(argc, argv, ":", longs, NULL)) != -1)
		switch (ch) {
		case 'd': m.drop_reason = optarg; break;
		case 'i': rc = cli_number(c, optarg, "--interest", 5,
		    &m.interest); break;
		case 'v': rc = cli_id(c, optarg, "version number",
		    &m.expect_version); break;
		default: rc = cli_option(c, ch, argv);
		}
	if (rc != 0)
		return rc;
	if (argc - optind != 2)
		return cli_usage_error(c, "give a lead ID and a stage");
	if ((rc = cli_id(c, argv[optind], "lead ID", &m.lead_id)) != 0)
		return rc;
	m.stage = argv[optind + 1];
	if (store_lead_stage_set(c->st, &c->who, &m, &needs, &c->err) != 0)
		return c->err.status;
	cli_say("lead %lld is in %s", (long long)m.lead_id, m.stage);
	return 0;
}

static const struct column board_cols[] = {
	{ "login", 0 }, { "state", 0 }, { "since", 0 }, { "working_on", 0 },
	{ "calls", 1 }, { "connects", 1 }, { "conversions", 1 },
	{ "talk", 0 }, { "followups", 1 }, { "missed", 1 }, { "open_leads", 1 },
};

static int
board_row(const struct board_row *r, void *arg)
{
	struct table *t = arg;
	char state[96], since[40], lead[192], n[6][24], talk[16];
	const char *cells[] = { r->login, state, since, lead, n[0], n[1], n[2],
	    talk, n[3], n[4], n[5] };

	snprintf(state, sizeof state, "%s%s%s", attendance_name(r->state),
	    r->reason[0] ? ": " : "", r->reason);
	cli_stamp_cell(t, r->since, since, sizeof since);
	if (r->lead_id != 0)
		snprintf(lead, sizeof lead, "%lld %s", (long long)r->lead_id,
		    r->lead_name);
	else
		lead[0] = '\0';
	snprintf(n[0], sizeof n[0], "%d", r->calls);
	snprintf(n[1], sizeof n[1], "%d", r->connects);
	snprintf(n[2], sizeof n[2], "%d", r->conversions);
	snprintf(n[3], sizeof n[3], "%d", r->open_followups);
	snprintf(n[4], sizeof n[4], "%d", r->missed_followups);
	snprintf(n[5], sizeof n[5], "%lld", (long long)r->open_leads);
	snprintf(talk, sizeof talk, "%d:%02d", r->talk_s / 3600,
	    r->talk_s / 60 % 60);
	return table_row(t, cells);
}

static int
board_walk(struct cli *c, int64_t id, struct table *t)
{
	(void)id;
	return store_board(c->st, &c->who, when_day_start(store_now()),
	    board_row, t, &c->err);
}

int
cmd_board(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { board_cols, 11, NULL,
	    board_walk };

	return cli_list(c, argc, argv, &list);
}

static const struct column notify_cols[] = {
	{ "id", 1 }, { "at", 0 }, { "kind", 0 }, { "lead", 1 }, { "read", 0 },
	{ "text", 0 },
};

static int
notify_row(const struct notification *n, void *arg)
{
	struct table *t = arg;
	char id[24], at[40], lead[24] = "";
	const char *cells[] = { id, at, n->kind, lead, n->read ? "yes" : "no",
	    n->text };

	snprintf(id, sizeof id, "%lld", (long long)n->id);
	cli_stamp_cell(t, n->at, at, sizeof at);
	if (n->lead_id != 0)
		snprintf(lead, sizeof lead, "%lld", (long long)n->lead_id);
	return table_row(t, cells);
}

int
cmd_notify_list(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "unread", no_argument, NULL, 'u' },
		{ "limit", required_argument, NULL, 'l' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc, unread = 0, limit = 50;
	struct table *t;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1)
		if (ch == 'u')
			unread = 1;
		else if (ch == 'l') {
			if ((rc = cli_number(c, optarg, "--limit", INT_MAX,
			    &limit)) != 0)
				return rc;
		} else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	if (optind != argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	if (store_notify_due(c->st, &c->who, store_now(), &c->err) != 0 ||
	    (t = cli_table(c, notify_cols, 6)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_notify_list(c->st, &c->who, unread,
	    limit, notify_row, t, &c->err));
}

int
cmd_notify_read(struct cli *c, int argc, char **argv)
{
	int64_t id = 0;
	int rc, n;

	if ((rc = cli_list_options(c, argc, argv, 1)) != 0)
		return rc;
	if (strcmp(argv[optind], "all") != 0 &&
	    (rc = cli_id(c, argv[optind], "notification ID or all", &id)) != 0)
		return rc;
	if (store_notify_read(c->st, &c->who, id, &n, &c->err) != 0)
		return c->err.status;
	cli_say("%d %s marked read", n, plural(n, "notification",
	    "notifications"));
	return 0;
}
