#include <errno.h>
#include <string.h>

#include "callq/period.h"
#include "callq/report.h"
#include "callq/report_out.h"
#include "cmd.h"

/* What `callq report NAME` was asked for, before the store reads it. */
struct report_args {
	const char         *period, *from, *to;
	const char         *output;
	struct report_query q;
	int                 narrowed;	/* a period or a filter was given */
};

/* "rep, region, source, day", or "" for a report that takes no --by. */
static void
by_names(const struct report_def *def, char *buf, size_t size)
{
	size_t used = 0;
	int i;

	*buf = '\0';
	for (i = 0; def->by != NULL && def->by[i] != NULL && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    i > 0 ? ", " : "", def->by[i]);
}

/* `callq report` alone: the reports, each with its groupings. */
static int
report_list(struct cli *c, const char *output)
{
	static const struct column cols[] = {
		{ "report", 0 }, { "by", 0 }, { "about", 0 },
	};
	const struct report_def *def;
	struct table *t;
	char by[128];
	int rc = 0;

	if (output != NULL && cli_output_open(c, output) != 0)
		return c->err.status;
	if ((t = cli_table(c, cols, 3)) == NULL)
		return c->err.status;
	for (def = report_defs; def->name != NULL && rc == 0; def++) {
		const char *cells[] = { def->name, by, def->about };

		by_names(def, by, sizeof by);
		rc = table_row(t, cells) != 0 ? err_set(&c->err, EX_OSERR,
		    "out of memory") : 0;
	}
	return cli_table_end(c, t, rc);
}

/* An unknown report is told with the names of those there are. */
static int
report_unknown(struct cli *c, const char *name)
{
	const struct report_def *def;
	char names[256] = "";
	size_t used = 0;

	for (def = report_defs; def->name != NULL && used < sizeof names;
	    def++)
		used += (size_t)snprintf(names + used, sizeof names - used,
		    "%s%s", def == report_defs ? "" : ", ", def->name);
	return err_set(&c->err, EX_USAGE, "there is no report '%.40s'; the "
	    "reports are %s", name, names);
}

/*
 * The period asked for into [q->from, q->to): --period, or --from (to
 * --to, else today), else today.
 */
static int
report_period(struct cli *c, const struct report_def *def,
    struct report_args *a, time_t now)
{
	if (a->period != NULL && (a->from != NULL || a->to != NULL))
		return cli_usage_error(c, "give --period or --from and --to, "
		    "not both");
	if (a->to != NULL && a->from == NULL)
		return cli_usage_error(c, "--to needs --from: give the "
		    "period's first day too");
	if (a->from != NULL)
		return period_span(a->from, a->to != NULL ? a->to : "today",
		    now, &a->q.from, &a->q.to, &c->err);
	return period_parse(a->period != NULL ? a->period : def->period, now,
	    &a->q.from, &a->q.to, &c->err);
}

/* A filter or the period into a; the rest as every command takes them. */
static int
report_option(struct cli *c, int ch, char **argv, struct report_args *a)
{
	const char **text = NULL;

	switch (ch) {
	case 'p': text = &a->period; break;
	case 'f': text = &a->from; break;
	case 't': text = &a->to; break;
	case 'T': text = &a->q.team; break;
	case 'r': text = &a->q.rep; break;
	case 'g': text = &a->q.region; break;
	case 's': text = &a->q.source; break;
	case 'B': text = &a->q.by; break;
	}
	if (text != NULL) {
		*text = optarg;
		a->narrowed = 1;
		return 0;
	}
	if (ch == 'b') {
		a->narrowed = 1;
		return cli_id(c, optarg, "batch number", &a->q.batch);
	}
	/* Opened once the report is read, so a refusal leaves FILE alone. */
	if (ch == 'O') {
		if (a->output != NULL)
			return cli_usage_error(c, "--output is given twice");
		a->output = optarg;
		return 0;
	}
	return cli_option(c, ch, argv);
}

static int
report_options(struct cli *c, int argc, char **argv, struct report_args *a)
{
	static const struct option longs[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "team", required_argument, NULL, 'T' },
		{ "rep", required_argument, NULL, 'r' },
		{ "region", required_argument, NULL, 'g' },
		{ "source", required_argument, NULL, 's' },
		{ "batch", required_argument, NULL, 'b' },
		{ "by", required_argument, NULL, 'B' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1)
		if ((rc = report_option(c, ch, argv, a)) != 0)
			return rc;
	if (argc - optind > 1)
		return cli_usage_error(c, "unexpected '%s'", argv[optind + 1]);
	return 0;
}

static enum report_format
report_format_of(enum format format)
{
	return format == FORMAT_CSV ? REPORT_CSV : format == FORMAT_JSON ?
	    REPORT_JSON : REPORT_TABLE;
}

int
cmd_report(struct cli *c, int argc, char **argv)
{
	struct report_args a = { 0 };
	const struct report_def *def;
	struct report *rep;
	time_t now = store_now();
	int rc;

	if ((rc = report_options(c, argc, argv, &a)) != 0)
		return rc;
	if (optind == argc) {
		if (a.narrowed)
			return cli_usage_error(c, "name the report; callq "
			    "report alone lists them");
		return report_list(c, a.output);
	}
	if ((def = report_find(argv[optind])) == NULL)
		return report_unknown(c, argv[optind]);
	a.q.now = now;
	if (report_period(c, def, &a, now) != 0 ||
	    store_report(c->st, &c->who, def, &a.q, &rep, &c->err) != 0)
		return c->err.status;
	if (a.output != NULL && cli_output_open(c, a.output) != 0)
		rc = c->err.status;
	else if (report_write(c->out != NULL ? c->out : stdout, rep,
	    report_format_of(c->format)) != 0)
		rc = err_set(&c->err, EX_IOERR, "cannot write the report: %s",
		    strerror(errno));
	report_free(rep);
	return rc;
}
