/*
 * callq contact add|list|edit|delete: the people of a lead, from a
 * script; and which of a contact's numbers callq call --contact dials.
 */
#include <stdio.h>
#include <string.h>

#include "callq/contact.h"
#include "cmd.h"

enum {
	OPT_NAME = 'n', OPT_ROLE = 'r', OPT_EMAIL = 'e', OPT_PHONE = 'p',
	OPT_DNC = 'd', OPT_OPT_IN = 'i', OPT_NO_PHONES = 'N',
};

static const struct option contact_longs[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ "no-phones", no_argument, NULL, OPT_NO_PHONES },
	{ "dnc", required_argument, NULL, OPT_DNC },
	{ "opt-in", required_argument, NULL, OPT_OPT_IN },
	CLI_FORCE_OPTION,
	{ NULL, 0, NULL, 0 },
};

static int
yes_no(struct cli *c, const char *text, const char *option, int *out)
{
	if (strcmp(text, "yes") == 0)
		return *out = 1, 0;
	if (strcmp(text, "no") == 0)
		return *out = 0, 0;
	return cli_usage_error(c, "%s takes yes or no, not '%s'", option,
	    text);
}

static int
spec_option(struct cli *c, int ch, char **argv, struct contact_spec *s)
{
	switch (ch) {
	case OPT_NAME: s->name = optarg; return 0;
	case OPT_ROLE: s->role = optarg; return 0;
	case OPT_EMAIL: s->email = optarg; return 0;
	case OPT_DNC: return yes_no(c, optarg, "--dnc", &s->dnc);
	case OPT_OPT_IN: return yes_no(c, optarg, "--opt-in", &s->opt_in);
	case OPT_NO_PHONES:
		s->nphones = 0;
		return 0;
	case OPT_PHONE:
		if (s->nphones < 0)
			s->nphones = 0;
		if (s->nphones == CONTACT_PHONES_MAX)
			return cli_usage_error(c, "a contact keeps at most %d "
			    "numbers", CONTACT_PHONES_MAX);
		s->phones[s->nphones++] = optarg;
		return 0;
	default:
		return cli_option(c, ch, argv);
	}
}

/* Reads the options of add and edit, then one id. */
static int
spec_read(struct cli *c, int argc, char **argv, struct contact_spec *s)
{
	int ch, rc, cleared = 0, given = 0;

	*s = (struct contact_spec){ .dnc = -1, .opt_in = -1, .nphones = -1 };
	while ((ch = getopt_long(argc, argv, ":", contact_longs, NULL)) !=
	    -1) {
		cleared |= ch == OPT_NO_PHONES;
		given |= ch == OPT_PHONE;
		if ((rc = spec_option(c, ch, argv, s)) != 0)
			return rc;
	}
	if (cleared && given)
		return cli_usage_error(c, "--no-phones and --phone cannot go "
		    "together");
	if (argc - optind != 1)
		return cli_usage_error(c, "give one ID");
	return 0;
}

int
cmd_contact_add(struct cli *c, int argc, char **argv)
{
	struct contact_spec s;
	int64_t lead, id;
	int rc;

	if ((rc = spec_read(c, argc, argv, &s)) != 0 ||
	    (rc = cli_id(c, argv[optind], "lead ID", &lead)) != 0)
		return rc;
	if (store_contact_add(c->st, &c->who, lead, &s, &id, &c->err) != 0)
		return c->err.status;
	cli_say("added contact %lld to lead %lld", (long long)id,
	    (long long)lead);
	return 0;
}

int
cmd_contact_edit(struct cli *c, int argc, char **argv)
{
	struct contact_spec s;
	int64_t id;
	int rc;

	if ((rc = spec_read(c, argc, argv, &s)) != 0 ||
	    (rc = cli_id(c, argv[optind], "contact ID", &id)) != 0)
		return rc;
	if (store_contact_edit(c->st, &c->who, id, &s, 0, &c->err) != 0)
		return c->err.status;
	cli_say("changed contact %lld", (long long)id);
	return 0;
}

int
cmd_contact_delete(struct cli *c, int argc, char **argv)
{
	int64_t id;
	int rc;

	if ((rc = cli_write_options(c, argc, argv, 1)) != 0 ||
	    (rc = cli_id(c, argv[optind], "contact ID", &id)) != 0)
		return rc;
	if (store_contact_delete(c->st, &c->who, id, &c->err) != 0)
		return c->err.status;
	cli_say("deleted contact %lld", (long long)id);
	return 0;
}

static const struct column contact_cols[] = {
	{ "id", 1 }, { "name", 0 }, { "role", 0 }, { "phones", 0 },
	{ "email", 0 }, { "dnc", 0 }, { "opt_in", 0 },
};

/* "mobile +1 305-555-0142 (#7), +1 212-736-0101 (#8)": #N dials it. */
static void
phones_cell(const struct contact *k, char *buf, size_t size)
{
	const struct contact_phone *p;
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < k->nphones && len < size; i++) {
		p = &k->phones[i];
		len += (size_t)snprintf(buf + len, size - len, "%s%s%s%s",
		    i ? ", " : "", p->label, p->label[0] ? " " : "",
		    p->display[0] ? p->display : p->raw);
	}
}

static int
contact_row(const struct contact *k, void *arg)
{
	struct table *t = arg;
	char id[24], phones[4 * 128];
	const char *cells[] = { id, k->name, k->role, phones, k->email,
	    k->dnc ? "yes" : "no", k->opt_in ? "yes" : "no" };

	snprintf(id, sizeof id, "%lld", (long long)k->id);
	phones_cell(k, phones, sizeof phones);
	return table_row(t, cells);
}

static int
contact_walk(struct cli *c, int64_t lead, struct table *t)
{
	return store_contact_list(c->st, &c->who, lead, contact_row, t,
	    &c->err);
}

int
cmd_contact_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { contact_cols, 7, "lead ID",
	    contact_walk };

	return cli_list(c, argc, argv, &list);
}

struct pick {
	int64_t lead;
	int     n;		/* which number, from 1 */
	int64_t phone;		/* its contact_phones id; 0: none */
	int64_t of;		/* the contact's lead */
};

static int
pick_phone(const struct contact *k, void *arg)
{
	struct pick *p = arg;

	p->of = k->lead_id;
	if (p->n <= k->nphones)
		p->phone = k->phones[p->n - 1].id;
	return 0;
}

int
contact_phone_pick(struct cli *c, int64_t lead, int64_t contact, int n,
    int64_t *phone)
{
	struct pick p = { lead, n, 0, 0 };

	if (store_contact_get(c->st, &c->who, contact, pick_phone, &p,
	    &c->err) != 0)
		return c->err.status;
	if (p.of != lead)
		return err_set(&c->err, EX_DATAERR, "contact %lld is not one "
		    "of lead %lld's; see callq contact list %lld",
		    (long long)contact, (long long)lead, (long long)lead);
	if (p.phone == 0)
		return err_set(&c->err, EX_DATAERR, "contact %lld has no "
		    "number %d to call; give it one with callq contact edit "
		    "%lld --phone NUMBER", (long long)contact, n,
		    (long long)contact);
	*phone = p.phone;
	return 0;
}
