/*
 * callq migrate --to postgresql://...: the floor's SQLite database copied
 * into an empty PostgreSQL database and checked (src/store/migrate.c),
 * or, with --verify, checked only; from a PostgreSQL floor, --to
 * sqlite:PATH copies it back into a new SQLite file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "callq/migrate.h"
#include "cmd.h"

#define OPT_TO		400
#define OPT_VERIFY	401

/* The hash's first digits: enough to tell two apart by eye. */
#define SHA_SHOWN	16

static const struct column migrate_cols[] = {
	{ "table", 0 }, { "rows", 1 }, { "sha256", 0 }, { "check", 0 },
};

static int
migrate_options(struct cli *c, int argc, char **argv, const char **to,
    int *verify)
{
	static const struct option longs[] = {
		{ "to", required_argument, NULL, OPT_TO },
		{ "verify", no_argument, NULL, OPT_VERIFY },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;

	*to = NULL;
	*verify = 0;
	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == OPT_TO)
			*to = optarg;
		else if (ch == OPT_VERIFY)
			*verify = 1;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	if (*to == NULL)
		return cli_usage_error(c, "give the database to copy the floor "
		    "into with --to postgresql://... (or, from a PostgreSQL "
		    "floor, --to sqlite:PATH)");
	return 0;
}

/* One table's row: its rows and hash on the floor, and the check's word. */
static int
migrate_row(struct table *t, const struct migrate_table *m)
{
	char rows[24], sha[SHA_SHOWN + 1], check[96];
	const char *cells[4] = { m->name, rows, sha, check };

	snprintf(rows, sizeof rows, "%" PRId64, m->rows_floor);
	snprintf(sha, sizeof sha, "%s", m->sha_floor);
	if (m->same)
		snprintf(check, sizeof check, "ok");
	else
		snprintf(check, sizeof check, "DIFFERS: %" PRId64 " rows, "
		    "sha256 %.*s there", m->rows_target, SHA_SHOWN,
		    m->sha_target);
	return table_row(t, cells);
}

/* The last line, under a people's table: what was done, how fast. */
static void
migrate_say(const struct migrate_result *r, int verify)
{
	const char *copy = r->back ? "the SQLite file" :
	    "the PostgreSQL database";

	if (verify)
		cli_say("%d tables, %" PRId64 " rows: %s %s the floor "
		    "(checked in %.1f s)", r->ntables, r->rows, copy,
		    r->ndiffer == 0 ? "matches" : "differs from",
		    r->verify_s);
	else
		cli_say("%d tables, %" PRId64 " rows copied in %.1f s and "
		    "checked in %.1f s: %s matches the floor", r->ntables,
		    r->rows, r->copy_s, r->verify_s, copy);
}

int
cmd_migrate(struct cli *c, int argc, char **argv)
{
	static struct migrate_result r;
	const char *to;
	struct table *t;
	int verify, rc, i;

	if ((rc = migrate_options(c, argc, argv, &to, &verify)) != 0)
		return rc;
	rc = store_migrate(c->st, &c->who, to, verify, &r, &c->err);
	/* A check that ran shows its table, failed or not. */
	if (!r.checked)
		return rc;
	if ((t = cli_table(c, migrate_cols, 4)) == NULL)
		return c->err.status;
	for (i = 0; i < r.ntables; i++)
		if (migrate_row(t, &r.tables[i]) != 0)
			break;
	if (cli_table_end(c, t, 0) != 0 && rc == 0)
		return c->err.status;
	if (rc == 0 && c->format == FORMAT_TABLE)
		migrate_say(&r, verify);
	return rc;
}
