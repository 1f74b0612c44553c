#include <stdio.h>
#include <string.h>

#include "callq/user.h"
#include "cmd.h"

int
cmd_user_add(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "team", required_argument, NULL, 't' },
		{ "phone", required_argument, NULL, 'p' },
		{ "extension", required_argument, NULL, 'x' },
		{ "region", required_argument, NULL, 'g' },
		{ "email", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct user_spec u = { 0 };
	const char *role = NULL;
	int64_t id;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (ch) {
		case 'n': u.name = optarg; break;
		case 'r': role = optarg; break;
		case 't': u.team = optarg; break;
		case 'p': u.phone = optarg; break;
		case 'x': u.extension = optarg; break;
		case 'g': u.regions = optarg; break;
		case 'e': u.email = *optarg ? optarg : NULL; break;
		default:
			if ((rc = cli_option(c, ch, argv)) != 0)
				return rc;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(c, "give one LOGIN");
	u.login = argv[optind];
	if (u.name == NULL)
		u.name = u.login;
	if (role == NULL)
		return cli_usage_error(c, "give the role with --role");
	if (role_parse(role, &u.role) != 0)
		return cli_usage_error(c, "no role '%s'; the roles are admin, "
		    "lead, rep, analyst and recovery", role);
	if (store_user_add(c->st, &c->who, &u, &id, &c->err) != 0)
		return c->err.status;
	cli_say("added %s %s (%s)", role_name(u.role), u.login, u.name);
	return 0;
}

static const struct column user_cols[] = {
	{ "login", 0 }, { "name", 0 }, { "role", 0 }, { "team", 0 },
	{ "regions", 0 }, { "phone", 0 }, { "extension", 0 },
	{ "attendance", 0 }, { "active", 0 }, { "email", 0 },
};

static int
user_row(const struct user *u, void *arg)
{
	const char *cells[] = { u->login, u->name, role_name(u->role), u->team,
	    u->regions[0] ? u->regions : "all", u->phone, u->extension,
	    u->attendance, u->active ? "yes" : "no", u->email };

	return table_row(arg, cells);
}

static int
user_walk(struct cli *c, int64_t id, struct table *t)
{
	(void)id;
	return store_user_list(c->st, user_row, t, &c->err);
}

int
cmd_user_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { user_cols, 10, NULL, user_walk };

	return cli_list(c, argc, argv, &list);
}

int
cmd_user_set_role(struct cli *c, int argc, char **argv)
{
	enum role role;
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 2)) != 0)
		return rc;
	if (role_parse(argv[optind + 1], &role) != 0)
		return cli_usage_error(c, "no role '%s'; the roles are admin, "
		    "lead, rep, analyst and recovery", argv[optind + 1]);
	if (store_user_set_role(c->st, &c->who, argv[optind], role,
	    &c->err) != 0)
		return c->err.status;
	cli_say("%s is now %s", argv[optind], role_title(role));
	return 0;
}

int
cmd_user_deactivate(struct cli *c, int argc, char **argv)
{
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 1)) != 0)
		return rc;
	if (store_user_deactivate(c->st, &c->who, argv[optind], &c->err) != 0)
		return c->err.status;
	cli_say("deactivated %s", argv[optind]);
	return 0;
}

int
cmd_user_activate(struct cli *c, int argc, char **argv)
{
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 1)) != 0)
		return rc;
	if (store_user_activate(c->st, &c->who, argv[optind], &c->err) != 0)
		return c->err.status;
	cli_say("reactivated %s", argv[optind]);
	return 0;
}

#define EDIT_REGIONS 64

/* What user edit was given: each option's value, NULL when not given. */
struct user_edit {
	const char *phone, *ext, *team, *email;
	const char *add[EDIT_REGIONS], *drop[EDIT_REGIONS];
	int         nadd, ndrop;
};

static int
edit_region(struct cli *c, const char **list, int *n, const char *name)
{
	if (*n == EDIT_REGIONS)
		return cli_usage_error(c, "give at most %d regions at once",
		    EDIT_REGIONS);
	list[(*n)++] = name;
	return 0;
}

static int
edit_options(struct cli *c, int argc, char **argv, struct user_edit *e)
{
	static const struct option longs[] = {
		{ "phone", required_argument, NULL, 'p' },
		{ "extension", required_argument, NULL, 'x' },
		{ "team", required_argument, NULL, 't' },
		{ "region", required_argument, NULL, 'g' },
		{ "no-region", required_argument, NULL, 'G' },
		{ "email", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc = 0;

	while (rc == 0 && (ch = getopt_long(argc, argv, ":", longs, NULL)) !=
	    -1) {
		if (ch == 'p')
			e->phone = optarg;
		else if (ch == 'x')
			e->ext = optarg;
		else if (ch == 't')
			e->team = optarg;
		else if (ch == 'e')
			e->email = optarg;
		else if (ch == 'g')
			rc = edit_region(c, e->add, &e->nadd, optarg);
		else if (ch == 'G')
			rc = edit_region(c, e->drop, &e->ndrop, optarg);
		else
			rc = cli_option(c, ch, argv);
	}
	if (rc != 0)
		return rc;
	if (optind != argc - 1)
		return cli_usage_error(c, "give one LOGIN");
	if (e->phone == NULL && e->ext == NULL && e->team == NULL &&
	    e->email == NULL && e->nadd + e->ndrop == 0)
		return cli_usage_error(c, "give --phone, --extension, --team, "
		    "--email, --region or --no-region");
	return 0;
}

static int
region_has(const char *name, int has, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	if (has)
		snprintf(buf + len, 1024 - len, "%s%s", len ? ", " : "", name);
	return 0;
}

/* Says which regions login works now that they changed. */
static void
regions_say(struct cli *c, const char *login)
{
	char buf[1024] = "";

	if (store_user_region_each(c->st, login, region_has, buf,
	    &c->err) != 0)
		return;
	if (buf[0] == '\0')
		cli_say("%s has no regions now, so works every region", login);
	else
		cli_say("%s works %s", login, buf);
}

/* Every change user edit was given, in one transaction: all or none. */
struct edit_run {
	struct cli       *c;
	const char       *login;
	struct user_edit *e;
};

static int
edit_apply(struct store *st, void *arg, struct err *err)
{
	struct edit_run *r = arg;
	const struct user_edit *e = r->e;
	const struct actor *who = &r->c->who;

	if ((e->phone != NULL || e->ext != NULL) && store_user_contact(st, who,
	    r->login, e->phone, e->ext, err) != 0)
		return err->status;
	if (e->email != NULL && store_user_set_email(st, who, r->login,
	    e->email, err) != 0)
		return err->status;
	if (e->team != NULL && store_user_set_team(st, who, r->login, e->team,
	    err) != 0)
		return err->status;
	if (e->nadd + e->ndrop > 0 && store_user_regions(st, who, r->login,
	    e->add, e->nadd, e->drop, e->ndrop, err) != 0)
		return err->status;
	return 0;
}

int
cmd_user_edit(struct cli *c, int argc, char **argv)
{
	struct user_edit e = { 0 };
	struct edit_run r = { c, NULL, &e };
	int rc;

	if ((rc = edit_options(c, argc, argv, &e)) != 0)
		return rc;
	r.login = argv[optind];
	if (store_tx(c->st, edit_apply, &r, &c->err) != 0)
		return c->err.status;
	if (e.nadd + e.ndrop > 0)
		regions_say(c, r.login);
	else
		cli_say("changed %s", r.login);
	return 0;
}

int
cmd_region_add(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "country", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *country = NULL;
	int64_t id;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'c')
			country = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (optind != argc - 1)
		return cli_usage_error(c, "give one region NAME");
	if (store_region_add(c->st, &c->who, argv[optind], country, &id,
	    &c->err) != 0)
		return c->err.status;
	cli_say("added region %s", argv[optind]);
	return 0;
}

static const struct column region_cols[] = {
	{ "name", 0 }, { "country", 0 }, { "leads", 1 },
};

static int
region_row(const char *name, const char *country, int64_t leads, void *arg)
{
	char n[24];
	const char *cells[] = { name, country, n };

	snprintf(n, sizeof n, "%lld", (long long)leads);
	return table_row(arg, cells);
}

static int
region_walk(struct cli *c, int64_t id, struct table *t)
{
	(void)id;
	return store_region_list(c->st, region_row, t, &c->err);
}

int
cmd_region_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { region_cols, 3, NULL,
	    region_walk };

	return cli_list(c, argc, argv, &list);
}
