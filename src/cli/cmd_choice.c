/* The settings lists from a script: sources, reasons, dispositions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/choice.h"
#include "cmd.h"

static int
list_arg(struct cli *c, const char *text, enum choice_list *list)
{
	int l;

	if (text == NULL)
		return cli_usage_error(c, "give the list: source, pause, "
		    "followup, drop or disposition");
	if ((l = choice_list_parse(text)) < 0)
		return cli_usage_error(c, "no list '%s'; the lists: source, "
		    "pause, followup, drop, disposition", text);
	*list = (enum choice_list)l;
	return 0;
}

static const struct column choice_cols[] = {
	{ "position", 1 }, { "name", 0 }, { "active", 0 }, { "key", 0 },
	{ "status", 0 }, { "needs", 0 }, { "contact", 0 },
};

static const struct column pause_cols[] = {
	{ "position", 1 }, { "name", 0 }, { "active", 0 },
	{ "limit_minutes", 1 },
};

struct listing {
	struct table    *t;
	enum choice_list list;
};

static int
choice_row(const struct choice *ch, void *arg)
{
	struct listing *l = arg;
	char position[16], key[16] = "", limit[16];
	const char *cells[] = { position, ch->name, ch->active ? "yes" : "no",
	    key, ch->status, ch->needs, ch->contact ? "yes" : "no" };

	snprintf(position, sizeof position, "%d", ch->position);
	if (l->list == LIST_PAUSE) {
		snprintf(limit, sizeof limit, "%d", ch->limit_minutes);
		cells[3] = ch->limit_minutes > 0 ? limit : NULL;
	}
	if (ch->key >= 0)
		snprintf(key, sizeof key, "%d", ch->key);
	return table_row(l->t, cells);
}

int
cmd_choice_list(struct cli *c, int argc, char **argv)
{
	struct listing l = { NULL, LIST_SOURCE };
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 1)) != 0 ||
	    (rc = list_arg(c, argv[optind], &l.list)) != 0)
		return rc;
	l.t = l.list == LIST_PAUSE ? cli_table(c, pause_cols, 4) :
	    cli_table(c, choice_cols, l.list == LIST_DISPOSITION ? 7 : 3);
	if (l.t == NULL)
		return c->err.status;
	return cli_table_end(c, l.t, store_choice_list(c->st, l.list,
	    choice_row, &l, &c->err));
}

/* --limit's minutes: '' clears (0). */
static int
limit_arg(struct cli *c, const char *text, int *minutes)
{
	int rc;

	if (*text == '\0') {
		*minutes = 0;
		return 0;
	}
	if ((rc = cli_number(c, text, "--limit", CHOICE_LIMIT_MAX, minutes)) !=
	    0)
		return rc;
	if (*minutes == 0)
		return cli_usage_error(c, "--limit takes minutes, 1 to %d, or ''"
		    " for none", CHOICE_LIMIT_MAX);
	return 0;
}

static int
contact_arg(struct cli *c, const char *text, int *contact)
{
	if (strcmp(text, "yes") == 0 || strcmp(text, "no") == 0) {
		*contact = text[0] == 'y';
		return 0;
	}
	return cli_usage_error(c, "--contact takes yes or no, not '%s'", text);
}

/* What choice edit was asked to change; -1: leave it. */
struct edit {
	int limit, contact;
};

static int
edit_options(struct cli *c, int argc, char **argv, struct edit *e)
{
	static const struct option longs[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "contact", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'l')
			rc = limit_arg(c, optarg, &e->limit);
		else if (ch == 'c')
			rc = contact_arg(c, optarg, &e->contact);
		else
			rc = cli_option(c, ch, argv);
		if (rc != 0)
			return rc;
	}
	if (argc - optind != 2)
		return cli_usage_error(c, "give the list and the value's name");
	if (e->limit < 0 && e->contact < 0)
		return cli_usage_error(c, "say what to change: --limit for a "
		    "pause reason, --contact for a disposition");
	return 0;
}

int
cmd_choice_edit(struct cli *c, int argc, char **argv)
{
	struct edit e = { -1, -1 };
	enum choice_list list = LIST_SOURCE;
	const char *name;
	int rc;

	if ((rc = edit_options(c, argc, argv, &e)) != 0 ||
	    (rc = list_arg(c, argv[optind], &list)) != 0)
		return rc;
	name = argv[optind + 1];
	if ((e.limit >= 0 && list != LIST_PAUSE) ||
	    (e.contact >= 0 && list != LIST_DISPOSITION))
		return cli_usage_error(c, "--limit is for pause reasons and "
		    "--contact for dispositions");
	if (e.limit >= 0) {
		if (store_choice_set_limit(c->st, &c->who, name, e.limit,
		    &c->err) != 0)
			return c->err.status;
		if (e.limit > 0)
			cli_say("a pause for '%s' longer than %d min alerts the "
			    "team lead", name, e.limit);
		else
			cli_say("'%s' has no limit", name);
		return 0;
	}
	if (store_choice_set_contact(c->st, &c->who, name, e.contact,
	    &c->err) != 0)
		return c->err.status;
	cli_say(e.contact ? "a call logged '%s' counts as a contact" :
	    "a call logged '%s' no longer counts as a contact", name);
	return 0;
}

int
cmd_choice_add(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "status", required_argument, NULL, 's' },
		{ "needs", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct disposition_spec spec = { -1, NULL, NULL };
	enum choice_list list = LIST_SOURCE;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'k') {
			if ((rc = cli_number(c, optarg, "--key", 9,
			    &spec.key)) != 0)
				return rc;
		} else if (ch == 's')
			spec.status = optarg;
		else if (ch == 'n')
			spec.needs = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (argc - optind != 2)
		return cli_usage_error(c, "give the list and the new name");
	if ((rc = list_arg(c, argv[optind], &list)) != 0)
		return rc;
	if (list != LIST_DISPOSITION && (spec.key >= 0 || spec.status ||
	    spec.needs))
		return cli_usage_error(c, "--key, --status and --needs are for "
		    "dispositions");
	if (store_choice_add(c->st, &c->who, list, argv[optind + 1], &spec,
	    &c->err) != 0)
		return c->err.status;
	cli_say("added '%s' to the %s", argv[optind + 1],
	    choice_list_title(list));
	return 0;
}

int
cmd_choice_rename(struct cli *c, int argc, char **argv)
{
	enum choice_list list = LIST_SOURCE;
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 3)) != 0 ||
	    (rc = list_arg(c, argv[optind], &list)) != 0)
		return rc;
	if (store_choice_rename(c->st, &c->who, list, argv[optind + 1],
	    argv[optind + 2], &c->err) != 0)
		return c->err.status;
	cli_say("renamed '%s' to '%s'", argv[optind + 1], argv[optind + 2]);
	return 0;
}

int
cmd_choice_move(struct cli *c, int argc, char **argv)
{
	enum choice_list list = LIST_SOURCE;
	int rc, position;

	if ((rc = cli_list_options(c, argc, argv, 3)) != 0 ||
	    (rc = list_arg(c, argv[optind], &list)) != 0 ||
	    (rc = cli_number(c, argv[optind + 2], "POSITION", 1000,
	    &position)) != 0)
		return rc;
	if (store_choice_move(c->st, &c->who, list, argv[optind + 1],
	    position, &c->err) != 0)
		return c->err.status;
	cli_say("moved '%s'", argv[optind + 1]);
	return 0;
}

/* activate and deactivate: the verb says which. */
int
cmd_choice_active(struct cli *c, int argc, char **argv)
{
	int active = strcmp(c->cmd->verb, "activate") == 0, rc;
	enum choice_list list = LIST_SOURCE;

	if ((rc = cli_list_options(c, argc, argv, 2)) != 0 ||
	    (rc = list_arg(c, argv[optind], &list)) != 0)
		return rc;
	if (store_choice_set_active(c->st, &c->who, list, argv[optind + 1],
	    active, &c->err) != 0)
		return c->err.status;
	cli_say(active ? "'%s' is offered again" : "'%s' is no longer offered;"
	    " records that have it keep it", argv[optind + 1]);
	return 0;
}

static const struct column transition_cols[] = {
	{ "disposition", 0 }, { "New", 0 }, { "In Progress", 0 }, { "CNP", 0 },
	{ "Interested", 0 }, { "Qualified", 0 }, { "Converted", 0 },
	{ "Lost", 0 }, { "active", 0 },
};

/* A cell reads "-" where the lead keeps its status, as in the data file. */
static int
transition_row(const struct transition_row *r, void *arg)
{
	const char *cells[ST_COUNT + 2];
	int s;

	cells[0] = r->disposition;
	for (s = 0; s < ST_COUNT; s++)
		cells[s + 1] = r->to[s] == (enum status)s ? "-" :
		    status_name(r->to[s]);
	cells[ST_COUNT + 1] = r->active ? "yes" : "no";
	return table_row(arg, cells);
}

static int
transition_walk(struct cli *c, int64_t id, struct table *t)
{
	(void)id;
	return store_transition_list(c->st, transition_row, t, &c->err);
}

int
cmd_choice_transitions(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { transition_cols, ST_COUNT + 2,
	    NULL, transition_walk };

	return cli_list(c, argc, argv, &list);
}
