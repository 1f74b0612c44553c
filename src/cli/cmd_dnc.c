#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "callq/country.h"
#include "callq/csvin.h"
#include "callq/priv.h"
#include "callq/dnc.h"
#include "callq/phone.h"
#include "callq/text.h"
#include "cmd.h"

/* Numbers go to the store this many at a time: one transaction each. */
#define DNC_CHUNK 1000

struct dnc_opts {
	const char *reason;
	char        country[3];
};

static int
dnc_options(struct cli *c, int argc, char **argv, struct dnc_opts *o)
{
	static const struct option longs[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "country", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;

	memset(o, 0, sizeof *o);
	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'r')
			o->reason = optarg;
		else if (ch == 'c') {
			if (country_find(optarg, o->country) != 1 ||
			    !phone_region_known(o->country))
				return cli_usage_error(c, "--country %s: not a"
				    " country; give an ISO code such as US",
				    optarg);
		} else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (argc == optind)
		return cli_usage_error(c, "which number?");
	if (argc - optind > 1)
		return cli_usage_error(c, "unexpected '%s'", argv[optind + 1]);
	return 0;
}

/* Normalizes raw as an import would; a sentence when it is no number. */
static int
dnc_number(struct cli *c, const char *raw, const char *country,
    struct phone_key *key)
{
	switch (phone_check(raw, country[0] ? country : NULL, key)) {
	case PHONE_CHECK_VALID:
		return 0;
	case PHONE_CHECK_NO_COUNTRY:
		return err_set(&c->err, EX_DATAERR, "%s has no country code;"
		    " write it as +CC... or give --country", raw);
	default:
		return err_set(&c->err, EX_DATAERR, "%s is not a valid phone"
		    " number%s%s", raw, country[0] ? " in " : "", country);
	}
}

int
cmd_dnc_add(struct cli *c, int argc, char **argv)
{
	struct dnc_opts o;
	struct phone_key key;
	const char *e164 = key.e164;
	size_t added;
	int rc;

	if ((rc = dnc_options(c, argc, argv, &o)) != 0)
		return rc;
	if (dnc_number(c, argv[optind], o.country, &key) != 0 ||
	    store_dnc_add(c->st, &c->who, &e164, 1, o.reason, &added,
	    &c->err) != 0)
		return c->err.status;
	cli_say(added ? "added %s to the do-not-call list" :
	    "%s was already on the do-not-call list", key.e164);
	return 0;
}

struct dnc_file {
	struct cli      *c;
	struct dnc_opts *o;
	int              column;	/* the phone column, or 0 */
	char             (*e164)[24];
	size_t           n;
	size_t           added, listed, invalid;
};

static int
dnc_flush(struct dnc_file *d)
{
	const char *list[DNC_CHUNK];
	size_t i, added;

	for (i = 0; i < d->n; i++)
		list[i] = d->e164[i];
	if (d->n > 0 && store_dnc_add(d->c->st, &d->c->who, list, d->n,
	    d->o->reason, &added, &d->c->err) != 0)
		return d->c->err.status;
	if (d->n > 0) {
		d->added += added;
		d->listed += d->n - added;
	}
	d->n = 0;
	return 0;
}

/* A header names the phone column; a bare list starts with a number. */
static int
dnc_header(struct dnc_file *d, const struct csvin_record *r)
{
	static const char *const names[] = { "formatted phone number",
	    "phone", "number", "phone number", "e164" };
	char folded[64];
	size_t i, k;

	for (i = 0; i < r->n; i++) {
		text_fold(r->field[i], folded, sizeof folded);
		for (k = 0; k < sizeof names / sizeof names[0]; k++)
			if (strcmp(folded, names[k]) == 0) {
				d->column = (int)i;
				return 1;
			}
	}
	return 0;
}

static int
dnc_record(const struct csvin_record *r, void *arg)
{
	struct dnc_file *d = arg;
	struct phone_key key;
	char shown[64];

	if (r->number == 1 && dnc_header(d, r))
		return 0;
	if ((size_t)d->column >= r->n || r->field[d->column][0] == '\0')
		return 0;
	if (phone_check(r->field[d->column], d->o->country[0] ?
	    d->o->country : NULL, &key) != PHONE_CHECK_VALID) {
		if (d->invalid++ < 10) {
			text_fit(text_is_clean(r->field[d->column]) ?
			    r->field[d->column] : "?", 40, 0, shown,
			    sizeof shown);
			fprintf(stderr, "callq: line %lld: \"%s\" is not a"
			    " valid number; skipped\n", (long long)r->number,
			    shown);
		}
		return 0;
	}
	memcpy(d->e164[d->n++], key.e164, sizeof key.e164);
	return d->n == DNC_CHUNK ? dnc_flush(d) : 0;
}

int
cmd_dnc_import(struct cli *c, int argc, char **argv)
{
	struct dnc_opts o;
	struct dnc_file d = { c, &o, 0, NULL, 0, 0, 0, 0 };
	int fd, rc;

	if ((rc = dnc_options(c, argc, argv, &o)) != 0)
		return rc;
	if ((fd = priv_open(argv[optind], O_RDONLY | O_CLOEXEC, 0)) < 0)
		return err_set(&c->err, EX_NOINPUT, "cannot open %s: %s",
		    argv[optind], priv_strerror(errno));
	if ((d.e164 = malloc(DNC_CHUNK * sizeof *d.e164)) == NULL)
		rc = err_set(&c->err, EX_OSERR, "out of memory");
	else if ((rc = csvin_read(fd, argv[optind], dnc_record, &d,
	    &c->err)) == 0)
		rc = dnc_flush(&d);
	close(fd);
	free(d.e164);
	if (rc != 0)
		return rc;
	cli_say("added %zu, already listed %zu, invalid %zu", d.added,
	    d.listed, d.invalid);
	return 0;
}

static const struct column dnc_cols[] = {
	{ "number", 0 }, { "reason", 0 }, { "added_by", 0 }, { "added", 0 },
};

static int
dnc_row(const struct dnc_entry *e, void *arg)
{
	struct table *t = arg;
	char when[64];
	const char *cells[] = { e->e164, e->reason, e->added_by,
	    cli_stamp_cell(t, e->added_at, when, sizeof when) };

	return table_row(t, cells);
}

static int
dnc_walk(struct cli *c, int64_t id, struct table *t)
{
	(void)id;
	return store_dnc_list(c->st, &c->who, dnc_row, t, &c->err);
}

int
cmd_dnc_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { dnc_cols, 4, NULL, dnc_walk };

	return cli_list(c, argc, argv, &list);
}
