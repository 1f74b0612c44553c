#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "callq/hours.h"
#include "callq/search.h"
#include "cmd.h"

/* Leads find lists unless --limit says otherwise. */
#define FIND_LIMIT 20

static const struct column find_cols[] = {
	{ "id", 1 }, { "name", 0 }, { "phone", 0 }, { "status", 0 },
	{ "owner", 0 }, { "region", 0 }, { "local_time", 0 },
	{ "timezone", 0 }, { "match", 0 },
};

static const char *const rank_names[] = {
	[SEARCH_ID] = "id", [SEARCH_PHONE] = "phone",
	[SEARCH_NAME] = "name", [SEARCH_OTHER] = "text",
};

static int
find_row(const struct search_hit *h, void *arg)
{
	char id[24], clock[16];
	const char *cells[] = { id, h->name, h->phone, h->status, h->owner,
	    h->region, clock, h->timezone, rank_names[h->rank] };
	struct table *t = arg;

	snprintf(id, sizeof id, "%lld", (long long)h->id);
	hours_local_clock(h->timezone, h->country, store_now(), clock,
	    sizeof clock);
	return table_row(t, cells);
}

int
cmd_find(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "limit", required_argument, NULL, 'l' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc, limit = FIND_LIMIT;
	struct table *t;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'l')
			rc = cli_number(c, optarg, "--limit", 10000, &limit);
		else
			rc = cli_option(c, ch, argv);
		if (rc != 0)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(c, "give the text to find, quoted when "
		    "it has spaces");
	if ((t = cli_table(c, find_cols, 9)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, store_search(c->st, &c->who, argv[optind],
	    limit, find_row, t, &c->err));
}

/* find's columns, then the contact whose number it is ("": the lead's). */
static const struct column who_cols[] = {
	{ "id", 1 }, { "name", 0 }, { "phone", 0 }, { "status", 0 },
	{ "owner", 0 }, { "region", 0 }, { "local_time", 0 },
	{ "timezone", 0 }, { "match", 0 }, { "contact", 0 },
};

struct who_rows {
	struct table *t;
	int n;
};

static int
who_row(const struct search_hit *h, void *arg)
{
	struct who_rows *w = arg;
	char id[24], clock[16];
	const char *cells[] = { id, h->name, h->phone, h->status, h->owner,
	    h->region, clock, h->timezone, rank_names[h->rank], h->contact };

	w->n++;
	snprintf(id, sizeof id, "%lld", (long long)h->id);
	hours_local_clock(h->timezone, h->country, store_now(), clock,
	    sizeof clock);
	return table_row(w->t, cells);
}

/* Exits 1 when no lead has the number, for a screen-pop script. */
int
cmd_who(struct cli *c, int argc, char **argv)
{
	struct who_rows w = { NULL, 0 };
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 1)) != 0)
		return rc;
	if ((w.t = cli_table(c, who_cols, 10)) == NULL)
		return c->err.status;
	rc = cli_table_end(c, w.t, store_who(c->st, &c->who, argv[optind],
	    who_row, &w, &c->err));
	if (rc == 0 && w.n == 0)
		return err_set(&c->err, 1, "no lead you may see has the number"
		    " %s", argv[optind]);
	return rc;
}
