#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "callq/country.h"
#include "callq/import.h"
#include "callq/json.h"
#include "callq/plural.h"
#include "cmd.h"

static volatile sig_atomic_t stop_asked;

static void
on_stop(int sig)
{
	(void)sig;
	stop_asked = 1;
}

/* Ctrl-C, a hang-up or kill end the import at a chunk's edge, resumable. */
static void
stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The bar on stderr: at most four redraws a second. */
static void
progress_bar(const struct import_progress *p, void *arg)
{
	double *last = arg, rate, frac, eta;
	char bar[31];
	int i, fill;

	if (p->seconds - *last < 0.25 && p->bytes < p->total)
		return;
	*last = p->seconds;
	frac = p->total > 0 ? (double)p->bytes / (double)p->total : 1;
	rate = p->seconds > 0 ? (double)p->rows / p->seconds : 0;
	eta = frac > 0 ? p->seconds * (1 - frac) / frac : 0;
	fill = (int)(frac * 30);
	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	fprintf(stderr, "\r[%s] %3d%%  %lld %s  %.0f rows/s  ETA %d:%02d ",
	    bar, (int)(frac * 100), (long long)p->rows,
	    plural(p->rows, "row", "rows"), rate,
	    (int)eta / 60, (int)eta % 60);
	fflush(stderr);
}

/*
 * --country: an ISO code or a name. Not asked of libphonenumber: loading
 * its metadata here would add megabytes to the reading process for
 * nothing; the workers load their own.
 */
static int
country_option(struct cli *c, const char *text, char code[3])
{
	if (country_find(text, code) != 1)
		return cli_usage_error(c, "--country %s: not a country; give"
		    " an ISO code such as US or GB", text);
	return 0;
}

static int
map_option(struct cli *c, const char *text, struct import_opts *o)
{
	const char *eq = strchr(text, '=');
	char field[32];
	int f;

	if (eq == NULL || eq == text || eq[1] == '\0' ||
	    (size_t)(eq - text) >= sizeof field)
		return cli_usage_error(c, "--map %s: expected FIELD=HEADER,"
		    " e.g. --map phone=\"Tel\"", text);
	snprintf(field, sizeof field, "%.*s", (int)(eq - text), text);
	if ((f = import_field_parse(field)) < 0)
		return cli_usage_error(c, "--map %s: no field '%s'; the fields"
		    " are name, phone, street_number, street, city, region,"
		    " postal_code, country, url, website, lat, lng", text,
		    field);
	o->map[f] = eq + 1;
	return 0;
}

static void
summary_json(const struct import_result *r)
{
	const struct batch_counts *n = &r->counts;

	printf("{\"imported\":%lld,\"duplicates\":%lld,\"dnc\":%lld,"
	    "\"rejected\":%lld,\"warnings\":%lld,\"batch\":%lld,\"rejects\":",
	    (long long)n->imported, (long long)n->duplicate,
	    (long long)n->dnc, (long long)n->rejected, (long long)n->warning,
	    (long long)r->batch);
	json_write_string(stdout, r->rejects_path[0] ? r->rejects_path : NULL);
	printf("}\n");
}

static void
summary(struct cli *c, const struct import_opts *o,
    const struct import_result *r)
{
	const struct batch_counts *n = &r->counts;
	char batch[32];

	/* On stderr, whatever the format: stdout stays the summary. */
	if (r->rejects_moved && r->rejects_path[0])
		fprintf(stderr, "callq: the directory of %s cannot be written,"
		    " so its rejects went to %s\n", o->path, r->rejects_path);
	if (c->format == FORMAT_JSON) {
		summary_json(r);
		return;
	}
	if (o->dry_run)
		snprintf(batch, sizeof batch, "dry run: nothing written");
	else
		snprintf(batch, sizeof batch, "batch %lld", (long long)r->batch);
	cli_say("imported %lld, duplicates %lld, dnc %lld, rejected %lld,"
	    " warnings %lld (%s)", (long long)n->imported,
	    (long long)n->duplicate, (long long)n->dnc,
	    (long long)n->rejected, (long long)n->warning, batch);
	if (r->rejects_path[0])
		cli_say("rejects: %s", r->rejects_path);
	if (n->imported == 0 && n->duplicate > 0)
		fprintf(stderr, "callq: nothing new: every number in %s is"
		    " already a lead%s\n", o->path, r->same_as ?
		    " (the same file was imported before)" : "");
}

/* --timings: where the time went, on stderr. */
static void
timings(const struct import_result *r)
{
	const struct import_times *t = &r->times;

	fprintf(stderr, "time: total %.2f s; hash %.2f, read %.2f,"
	    " phone %.2f (workers' busy time), waiting for phones %.2f,"
	    " leads %.2f, insert %.2f, settle %.2f; longest write"
	    " transaction %.3f s\n", t->total, t->hash, t->read, t->phone,
	    t->wait, t->leads, t->insert, t->settle, t->longest);
}

static int
import_go(struct cli *c, struct import_opts *o, int show_times)
{
	struct import_result r;
	double last = -1;
	int rc;

	if (isatty(STDERR_FILENO)) {
		o->progress = progress_bar;
		o->arg = &last;
	}
	o->stop = &stop_asked;
	/* Reps log calls meanwhile: none waits long behind a chunk. */
	o->tx_target = IMPORT_TX_TARGET;
	stop_signals();
	rc = import_run(c->st, &c->who, o, &r, &c->err);
	if (o->progress != NULL && last >= 0)
		fprintf(stderr, "\r\033[K");
	if (rc == 0)
		summary(c, o, &r);
	if (rc == 0 && show_times)
		timings(&r);
	return rc;
}

static int
import_discard_go(struct cli *c, int64_t id)
{
	int64_t removed;

	if (import_discard(c->st, &c->who, id, &removed, &c->err) != 0)
		return c->err.status;
	cli_say("discarded batch %lld: removed %lld %s", (long long)id,
	    (long long)removed, plural(removed, "lead", "leads"));
	return 0;
}

int
cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "region", required_argument, NULL, 'r' },
		{ "country", required_argument, NULL, 'c' },
		{ "rejects", required_argument, NULL, 'j' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "map", required_argument, NULL, 'm' },
		{ "resume", required_argument, NULL, 'R' },
		{ "discard", required_argument, NULL, 'D' },
		{ "workers", required_argument, NULL, 'w' },
		{ "timings", no_argument, NULL, 't' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct import_opts o = { .workers = -1 };
	char country[3];
	int64_t discard = 0;
	int ch, rc, show_times = 0;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		rc = 0;
		switch (ch) {
		case 'r': o.region = optarg; break;
		case 'c':
			if ((rc = country_option(c, optarg, country)) == 0)
				o.country = country;
			break;
		case 'j':
			if (optarg[0] == '\0')
				rc = cli_usage_error(c, "--rejects: name the"
				    " file for the rows that are refused");
			o.rejects = optarg;
			break;
		case 'n': o.dry_run = 1; break;
		case 't': show_times = 1; break;
		case 'm': rc = map_option(c, optarg, &o); break;
		case 'R': rc = cli_id(c, optarg, "--resume", &o.resume); break;
		case 'D': rc = cli_id(c, optarg, "--discard", &discard); break;
		case 'w':
			rc = cli_number(c, optarg, "--workers", 16, &o.workers);
			break;
		default:
			rc = cli_option(c, ch, argv);
		}
		if (rc != 0)
			return rc;
	}
	if (discard != 0) {
		if (optind != argc)
			return cli_usage_error(c, "--discard takes no file");
		return import_discard_go(c, discard);
	}
	if (argc - optind != 1)
		return cli_usage_error(c, argc == optind ? "which file?" :
		    "one file at a time");
	if (o.dry_run && o.resume)
		return cli_usage_error(c, "--dry-run checks a new import;"
		    " it cannot resume one");
	o.path = argv[optind];
	return import_go(c, &o, show_times);
}

static const struct column batch_cols[] = {
	{ "batch", 1 }, { "state", 0 }, { "region", 0 }, { "file", 0 },
	{ "rows", 1 }, { "imported", 1 }, { "duplicates", 1 }, { "dnc", 1 },
	{ "rejected", 1 }, { "warnings", 1 }, { "by", 0 }, { "started", 0 },
};

static int
batch_row(const struct batch *b, void *arg)
{
	struct table *t = arg;
	char n[7][24], when[64];
	const int64_t v[] = { b->id, b->counts.read, b->counts.imported,
	    b->counts.duplicate, b->counts.dnc, b->counts.rejected,
	    b->counts.warning };
	int i;

	for (i = 0; i < 7; i++)
		snprintf(n[i], sizeof n[i], "%lld", (long long)v[i]);
	const char *cells[] = { n[0], batch_state_name(import_state(b)),
	    b->region,
	    b->file_name, n[1], n[2], n[3], n[4], n[5], n[6], b->started_by,
	    cli_stamp_cell(t, b->started_at, when, sizeof when) };
	return table_row(t, cells);
}

static int
batch_walk(struct cli *c, int64_t id, struct table *t)
{
	(void)id;
	return store_batch_list(c->st, &c->who, batch_row, t, &c->err);
}

int
cmd_batch_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { batch_cols, 12, NULL,
	    batch_walk };

	return cli_list(c, argc, argv, &list);
}
