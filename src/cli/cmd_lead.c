#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "callq/bulk.h"
#include "callq/deleted.h"
#include "callq/lead.h"
#include "callq/money.h"
#include "callq/search.h"
#include "callq/status.h"
#include "callq/when.h"
#include "cmd.h"

#define OPT_FIELD	256	/* getopt values of field options start here */
#define OPT_IF_VERSION	'v'
#define OPT_DUPLICATE	'D'
#define OPT_STAGE	'S'

/* The most leads lead list --search lists without --limit. */
#define LEAD_SEARCH_MAX 1000

/*
 * The long options of lead add and edit: one per lead field, then
 * --allow-duplicate, and for an edit --if-version, --stage and --force.
 */
static struct option *
field_options(int editing)
{
	struct option *o = calloc(LEAD_FIELD_COUNT + 5, sizeof *o);
	size_t i;

	if (o == NULL)
		return NULL;
	for (i = 0; i < LEAD_FIELD_COUNT; i++)
		o[i] = (struct option){ lead_fields[i].name, required_argument,
		    NULL, OPT_FIELD + (int)i };
	o[i++] = (struct option){ "allow-duplicate", no_argument, NULL,
	    OPT_DUPLICATE };
	if (editing) {
		o[i++] = (struct option){ "if-version", required_argument,
		    NULL, OPT_IF_VERSION };
		o[i++] = (struct option){ "stage", required_argument, NULL,
		    OPT_STAGE };
		o[i] = (struct option)CLI_FORCE_OPTION;
	}
	return o;
}

/* Adds or replaces (a later --name wins) the change for one field. */
static int
change_put(struct cli *c, struct lead_change *ch, size_t *n,
    const struct lead_field *f, const char *value)
{
	struct lead_change one;
	size_t i;

	if (lead_change_parse(f, value, store_now(), &one, &c->err) != 0)
		return c->err.status;
	for (i = 0; i < *n; i++)
		if (ch[i].field == f)
			break;
	ch[i] = one;
	if (i == *n)
		(*n)++;
	return 0;
}

/*
 * Parses field options into ch (LEAD_FIELD_COUNT places); an edit's
 * --if-version and --stage into if_version and *stage.
 */
static int
lead_changes(struct cli *c, int argc, char **argv, struct lead_change *ch,
    size_t *n, int64_t *if_version, const char **stage)
{
	struct option *longs = field_options(if_version != NULL);
	int opt, rc = 0;

	*n = 0;
	if (longs == NULL)
		return err_set(&c->err, EX_OSERR, "out of memory");
	while (rc == 0 &&
	    (opt = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (opt >= OPT_FIELD)
			rc = change_put(c, ch, n, &lead_fields[opt - OPT_FIELD],
			    optarg);
		else if (opt == OPT_IF_VERSION)
			rc = cli_id(c, optarg, "version number", if_version);
		else if (opt == OPT_STAGE)
			*stage = optarg;
		else if (opt == OPT_DUPLICATE)
			c->who.overrides |= ACTOR_ALLOW_DUPLICATE;
		else
			rc = cli_option(c, opt, argv);
	}
	free(longs);
	return rc;
}

int
cmd_lead_add(struct cli *c, int argc, char **argv)
{
	struct lead_change ch[LEAD_FIELD_COUNT];
	size_t n;
	int64_t id;
	int rc;

	if ((rc = lead_changes(c, argc, argv, ch, &n, NULL, NULL)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage_error(c, "unexpected '%s'", argv[optind]);
	if (store_lead_add(c->st, &c->who, ch, n, &id, &c->err) != 0)
		return c->err.status;
	cli_say("added lead %lld", (long long)id);
	return 0;
}

/* "12,40,41" into ids (BULK_MAX places): every one a lead ID. */
static int
lead_ids(struct cli *c, const char *text, int64_t *ids, size_t *n)
{
	char one[32];
	const char *p = text, *comma;
	size_t len;
	int rc;

	for (*n = 0; *p != '\0'; p = *comma ? comma + 1 : comma) {
		comma = p + strcspn(p, ",");
		len = (size_t)(comma - p);
		if (*n == BULK_MAX)
			return cli_usage_error(c, "more than %d lead IDs; edit "
			    "them in parts", BULK_MAX);
		snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len :
		    sizeof one - 1), p);
		if ((rc = cli_id(c, one, "lead ID", &ids[(*n)++])) != 0)
			return rc;
	}
	return *n == 0 ? cli_usage_error(c, "give a lead ID") : 0;
}

/* Several leads, or a stage: one transaction for them all. */
static int
lead_edit_many(struct cli *c, const int64_t *ids, size_t nids,
    const struct lead_change *ch, size_t n, const char *stage)
{
	struct bulk_edit e = { ch, n, stage };

	if (store_bulk_edit(c->st, &c->who, ids, nids, &e, &c->err) != 0)
		return c->err.status;
	if (nids == 1)
		cli_say("changed lead %lld", (long long)ids[0]);
	else
		cli_say("changed %zu leads", nids);
	return 0;
}

int
cmd_lead_edit(struct cli *c, int argc, char **argv)
{
	struct lead_change ch[LEAD_FIELD_COUNT];
	int64_t *ids, if_version = 0;
	const char *stage = NULL;
	size_t n, nids;
	int rc;

	if ((rc = lead_changes(c, argc, argv, ch, &n, &if_version, &stage)) !=
	    0)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(c, "give one lead ID, or IDs joined by "
		    "commas");
	if ((ids = calloc(BULK_MAX, sizeof *ids)) == NULL)
		return err_set(&c->err, EX_OSERR, "out of memory");
	if ((rc = lead_ids(c, argv[optind], ids, &nids)) == 0 &&
	    (nids > 1 || stage != NULL) && if_version != 0)
		rc = cli_usage_error(c, "--if-version is for one lead's "
		    "fields");
	else if (rc == 0 && (nids > 1 || stage != NULL))
		rc = lead_edit_many(c, ids, nids, ch, n, stage);
	else if (rc == 0 && store_lead_edit(c->st, &c->who, ids[0], ch, n,
	    if_version, &c->err) != 0)
		rc = c->err.status;
	else if (rc == 0)
		cli_say("changed lead %lld", (long long)ids[0]);
	free(ids);
	return rc;
}

const struct column lead_list_cols[LEAD_LIST_NCOLS] = {
	{ "id", 1 }, { "name", 0 }, { "phone", 0 }, { "phone_e164", 0 },
	{ "region", 0 }, { "country", 0 }, { "timezone", 0 }, { "status", 0 },
	{ "interest", 1 }, { "owner", 0 }, { "next_followup", 0 },
};

int
lead_list_row(struct table *t, const struct lead *l, const char *more)
{
	char id[24], interest[12] = "", when[40];
	const char *cells[] = { id, l->name, l->phone_raw, l->phone_e164,
	    l->region, l->country, l->timezone, l->status, interest, l->owner,
	    when, more };

	snprintf(id, sizeof id, "%lld", (long long)l->id);
	if (l->interest > 0)
		snprintf(interest, sizeof interest, "%d", l->interest);
	cli_time_cell(t, l->next_followup_at, when, sizeof when);
	return table_row(t, cells);
}

/*
 * lead list's last column, for scripts only (a people's table stops
 * before it): the day the lead became a customer, or nothing.
 */
static const struct column customer_col = { "customer_since", 0 };

static int
lead_row(const struct lead *l, void *arg)
{
	char since[DAY_SIZE] = "";

	if (l->customer_at != 0)
		day_of(l->customer_at, since);
	return lead_list_row(arg, l, since);
}

/* lead list --search: the leads find finds, that pass the other options. */
struct found {
	const struct lead_filter *f;
	struct table *t;
	int64_t *ids;
	int n;
};

static int
found_id(const struct search_hit *h, void *arg)
{
	struct found *fd = arg;

	fd->ids[fd->n++] = h->id;
	return 0;
}

static int
found_row(const struct lead *l, void *arg)
{
	const struct found *fd = arg;
	const struct lead_filter *f = fd->f;

	if ((f->status != NULL && strcmp(l->status, f->status) != 0) ||
	    (f->region != NULL && strcasecmp(l->region, f->region) != 0) ||
	    (f->owner != NULL && strcmp(l->owner, strcmp(f->owner, "none") ==
	    0 ? "" : f->owner) != 0) || (f->customers && l->customer_at == 0))
		return 0;
	return lead_row(l, fd->t);
}

static int
lead_list_found(struct cli *c, const struct lead_filter *f, struct table *t)
{
	struct found fd = { f, t, NULL, 0 };
	int i, limit = f->limit > 0 ? f->limit : LEAD_SEARCH_MAX;

	if ((fd.ids = calloc((size_t)limit, sizeof *fd.ids)) == NULL)
		return err_set(&c->err, EX_OSERR, "out of memory");
	if (store_search(c->st, &c->who, f->search, limit, found_id, &fd,
	    &c->err) == 0)
		for (i = 0; i < fd.n; i++)
			if (store_lead_get(c->st, &c->who, fd.ids[i], found_row,
			    &fd, &c->err) != 0)
				break;
	free(fd.ids);
	return c->err.status;
}

int
cmd_lead_list(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "status", required_argument, NULL, 's' },
		{ "owner", required_argument, NULL, 'o' },
		{ "region", required_argument, NULL, 'r' },
		{ "search", required_argument, NULL, 'q' },
		{ "deleted", no_argument, NULL, 'd' },
		{ "customers", no_argument, NULL, 'C' },
		{ "limit", required_argument, NULL, 'l' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct column cols[LEAD_LIST_NCOLS + 1];
	struct lead_filter f = { 0 };
	struct table *t;
	enum status st;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (status_parse(optarg, &st) != 0)
				return cli_usage_error(c, "no status '%s'",
				    optarg);
			f.status = status_name(st);
			break;
		case 'o': f.owner = optarg; break;
		case 'r': f.region = optarg; break;
		case 'q': f.search = optarg; break;
		case 'd': f.deleted = 1; break;
		case 'C': f.customers = 1; break;
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
	memcpy(cols, lead_list_cols, sizeof lead_list_cols);
	cols[LEAD_LIST_NCOLS] = customer_col;
	if ((t = cli_table(c, cols, LEAD_LIST_NCOLS +
	    (c->format != FORMAT_TABLE))) == NULL)
		return c->err.status;
	if (f.search != NULL && !f.deleted)
		return cli_table_end(c, t, lead_list_found(c, &f, t));
	return cli_table_end(c, t, store_lead_list(c->st, &c->who, &f,
	    lead_row, t, &c->err));
}

/* lead show: one row per field, so it reads down the screen. */
static const struct column show_cols[] = { { "field", 0 }, { "value", 0 } };

static void
show_field(struct table *t, const char *field, const char *value)
{
	const char *cells[] = { field, value };

	if (value != NULL && value[0] != '\0')
		table_row(t, cells);
}

static void
show_time(struct table *t, const char *field, time_t when)
{
	char buf[40];

	if (when != 0) {
		when_iso(when, buf, sizeof buf);
		show_field(t, field, buf);
	}
}

static void
show_number(struct table *t, const char *field, long long n, int shown)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", n);
	if (shown)
		show_field(t, field, buf);
}

static int
lead_show_row(const struct lead *l, void *arg)
{
	struct table *t = arg;
	char buf[64];

	show_number(t, "id", l->id, 1);
	show_field(t, "name", l->name);
	show_field(t, "phone", l->phone_raw);
	show_field(t, "phone_e164", l->phone_e164);
	show_field(t, "extension", l->phone_ext);
	show_field(t, "status", l->status);
	show_field(t, "stage", l->stage);
	show_number(t, "interest", l->interest, l->interest > 0);
	show_field(t, "drop_reason", l->drop_reason);
	show_field(t, "owner", l->owner);
	show_field(t, "region", l->region);
	show_field(t, "source", l->source);
	show_field(t, "street_number", l->street_number);
	show_field(t, "street", l->street);
	show_field(t, "city", l->city);
	show_field(t, "state", l->state);
	show_field(t, "postal_code", l->postal_code);
	show_field(t, "country", l->country);
	show_field(t, "timezone", l->timezone);
	show_field(t, "timezone_from", l->tz_basis);
	show_field(t, "email", l->email);
	show_field(t, "url", l->url);
	show_field(t, "extra", l->extra);
	show_field(t, "website", l->has_website < 0 ? "" :
	    l->has_website ? "Y" : "N");
	snprintf(buf, sizeof buf, "%.6f, %.6f", l->lat, l->lng);
	show_field(t, "lat_lng", l->has_coords ? buf : "");
	show_number(t, "priority", l->priority, 1);
	snprintf(buf, sizeof buf, "%lld.%02lld", (long long)l->value_cents /
	    100, (long long)l->value_cents % 100);
	show_field(t, "value", l->has_value ? buf : "");
	show_time(t, "due", l->due_at);
	show_time(t, "next_followup", l->next_followup_at);
	show_time(t, "last_contacted", l->last_contacted_at);
	show_time(t, "customer_since", l->customer_at);
	show_number(t, "attempts", l->attempts, 1);
	show_time(t, "created", l->created_at);
	show_time(t, "updated", l->updated_at);
	show_time(t, "deleted", l->deleted_at);
	show_number(t, "version", l->version, 1);
	return 0;
}

static int
lead_show_walk(struct cli *c, int64_t id, struct table *t)
{
	return store_lead_get(c->st, &c->who, id, lead_show_row, t, &c->err);
}

int
cmd_lead_show(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { show_cols, 2, "lead ID",
	    lead_show_walk };

	return cli_list(c, argc, argv, &list);
}

int
cmd_lead_delete(struct cli *c, int argc, char **argv)
{
	int64_t id;
	int rc;

	if ((rc = cli_write_options(c, argc, argv, 1)) != 0 ||
	    (rc = cli_id(c, argv[optind], "lead ID", &id)) != 0)
		return rc;
	if (store_lead_delete(c->st, &c->who, id, &c->err) != 0)
		return c->err.status;
	cli_say("deleted lead %lld; bring it back with: callq lead restore "
	    "%lld", (long long)id, (long long)id);
	return 0;
}

int
cmd_lead_restore(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "allow-duplicate", no_argument, NULL, OPT_DUPLICATE },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL, *noun = c->cmd->noun;
	int payment = strcmp(noun, "payment") == 0;
	int64_t id;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'r')
			reason = optarg;
		else if (ch == OPT_DUPLICATE && !payment)
			c->who.overrides |= ACTOR_ALLOW_DUPLICATE;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(c, "give one %s ID", noun);
	if ((rc = cli_id(c, argv[optind], payment ? "payment ID" : "lead ID",
	    &id)) != 0)
		return rc;
	if ((payment ? store_payment_restore(c->st, &c->who, id, reason,
	    &c->err) : store_lead_restore(c->st, &c->who, id, reason,
	    &c->err)) != 0)
		return c->err.status;
	cli_say("restored %s %lld", noun, (long long)id);
	return 0;
}

static const struct column deleted_cols[] = {
	{ "kind", 0 }, { "id", 1 }, { "what", 0 }, { "deleted_at", 0 },
	{ "deleted_by", 0 },
};

static int
deleted_row(const struct deleted_item *it, void *arg)
{
	char id[24], at[40];
	const char *cells[] = { it->kind == DELETED_LEAD ? "lead" : "payment",
	    id, it->what, at, it->deleted_by };

	snprintf(id, sizeof id, "%lld", (long long)it->id);
	when_iso(it->deleted_at, at, sizeof at);
	return table_row(arg, cells);
}

static int
deleted_walk(struct cli *c, int64_t id, struct table *t)
{
	(void)id;
	return store_deleted_list(c->st, &c->who, deleted_row, t, &c->err);
}

int
cmd_deleted_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { deleted_cols, 5, NULL,
	    deleted_walk };

	return cli_list(c, argc, argv, &list);
}
