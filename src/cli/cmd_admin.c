#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/audit.h"
#include "callq/demo.h"
#include "callq/identity.h"
#include "callq/path.h"
#include "callq/priv.h"
#include "callq/user.h"
#include "callq/when.h"
#include "cmd.h"

/* A failed init leaves no half-made database behind. */
static void
remove_database(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-journal" };
	char name[4200];
	size_t i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
		unlink(name);
	}
}

/*
 * A server's database is its administrator's to drop, and callq's tables
 * are there already: the sentence says so, and what to do.
 */
static void
init_left_behind(struct err *err)
{
	char why[sizeof err->msg];

	snprintf(why, sizeof why, "%s", err->msg);
	err_set(err, err->status, "%s; the PostgreSQL database now holds a "
	    "half-made floor: drop the database and create it again before "
	    "another init", why);
}

static int
init_database(struct cli *c, int demo)
{
	char login[64], name[128];
	const char *file;
	struct demo_counts n;
	struct actor admin;

	/*
	 * Whoever creates a database is its first admin. The floor's is the
	 * one callq still holds its group for (main gives the group up for
	 * any other name): the shared file, or the server the floor's
	 * callq.conf names, whose name is not shown, as it may hold the
	 * floor's password.
	 */
	if (priv_shared() && getuid() != 0 &&
	    strcmp(c->db_path, PATH_SHARED_DB) == 0)
		return err_set(&c->err, EX_NOPERM, "only root creates the "
		    "floor's database %s; ask an admin to run: sudo make "
		    "install-shared", c->db_path);
	if (priv_shared() && getuid() != 0 && getegid() != getgid())
		return err_set(&c->err, EX_NOPERM, "only root creates the "
		    "floor's database; ask an admin to run: sudo callq init");
	if (identity_unix(login, sizeof login, name, sizeof name,
	    &c->err) != 0 ||
	    store_open(c->db_path, STORE_CREATE, &c->st, &c->err) != 0)
		return c->err.status;
	if (store_init(c->st, login, name, &admin, &c->err) != 0 ||
	    (demo && demo_build(c->st, &admin, &n, &c->err) != 0)) {
		store_close(c->st);
		c->st = NULL;
		if (path_db_kind(c->db_path, &file) == PATH_SQLITE)
			remove_database(file);
		else
			init_left_behind(&c->err);
		return c->err.status;
	}
	cli_say("created %s with %s as its admin", store_name(c->st), login);
	if (demo)
		cli_say("demo: %d regions, %d users, %d leads, %d calls, %d "
		    "follow-ups; try: callq --as rep1", n.regions, n.users,
		    n.leads, n.calls, n.followups);
	return 0;
}

int
cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "demo", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc, demo = 0;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'd')
			demo = 1;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (optind != argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	return init_database(c, demo);
}

static const struct column audit_cols[] = {
	{ "id", 1 }, { "at", 0 }, { "actor", 0 }, { "real_user", 0 },
	{ "entity", 0 }, { "entity_id", 1 }, { "action", 0 }, { "details", 0 },
};

static int
audit_row(const struct audit_row *r, void *arg)
{
	struct table *t = arg;
	int people = table_format(t) == FORMAT_TABLE;
	char id[24], at[40], eid[24] = "";
	const char *cells[] = { id, at, r->actor, r->real_login, r->entity, eid,
	    r->action, people ? r->text : r->details };

	snprintf(id, sizeof id, "%lld", (long long)r->id);
	cli_stamp_cell(t, r->at, at, sizeof at);
	if (r->entity_id != 0)
		snprintf(eid, sizeof eid, "%lld", (long long)r->entity_id);
	return table_row(t, cells);
}

int
cmd_audit_list(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "entity", required_argument, NULL, 'e' },
		{ "id", required_argument, NULL, 'i' },
		{ "user", required_argument, NULL, 'u' },
		{ "limit", required_argument, NULL, 'l' },
		{ "action", required_argument, NULL, 'A' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'U' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct audit_filter f = { NULL, 0, NULL, 50, NULL, 0, 0 };
	time_t from, to;
	struct table *t;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (ch) {
		case 'e': f.entity = optarg; break;
		case 'i':
			if ((rc = cli_id(c, optarg, "id", &f.entity_id)) != 0)
				return rc;
			break;
		case 'u': f.login = optarg; break;
		case 'A': f.action = optarg; break;
		case 's':
		case 'U':
			/* Whole days: --since and --until the same day is it. */
			if (when_day(optarg, store_now(), &from, &to) != 0)
				return cli_usage_error(c, "'%s' is not a day; "
				    "try %s", optarg, WHEN_EXAMPLES);
			if (ch == 's')
				f.since = from;
			else
				f.until = to;
			break;
		case 'l':
			if ((rc = cli_number(c, optarg, "--limit", INT_MAX,
			    &f.limit)) != 0)
				return rc;
			break;
		default:
			if ((rc = cli_option(c, ch, argv)) != 0)
				return rc;
		}
	}
	if (optind != argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	if ((t = cli_table(c, audit_cols, 8)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_audit_list(c->st, &c->who, &f,
	    audit_row, t, &c->err));
}
