/*
 * Reports: the list of reports across the top, the one picked below it
 * as a table (numbers right-aligned, the total row set apart) with its
 * chart under it, over a period and filters picked with the keyboard.
 * The store scopes every figure to who asks, so a rep's Reports is their
 * own day: F5 opens it on the agents report for today.
 * A report can take half a second on a big floor: it is run again when
 * what it asks changes, and on another terminal's change at most once a
 * second, never on a key that changes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/batch.h"
#include "callq/choice.h"
#include "callq/clock.h"
#include "callq/period.h"
#include "callq/plural.h"
#include "callq/priv.h"
#include "callq/report.h"
#include "callq/report_out.h"
#include "callq/text.h"
#include "callq/user.h"
#include "callq/when.h"
#include "chart.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "list.h"

/* Another terminal's change runs the report again after this long. */
#define RERUN_SECONDS 1.0

#define MAX_COLS 32

struct reports_view {
	int                 def;		/* report_defs' index */
	char                period[64];	/* a name, or FROM..TO typed */
	int                 period_chosen;	/* else each report's own */
	char                team[64], login[64], region[104], source[64];
	char                by[16];
	int64_t             batch;
	struct report      *rep;		/* NULL: error says why */
	char                error[300];
	struct list         list;		/* over the rows but the total */
	struct timespec     ran;		/* when it last ran */
	int                 stale;		/* the floor changed since */
	enum report_format  format;		/* the export asked for */
	char                field[16];		/* the filter being picked */
};

static const struct keybind reports_keys[] = {
	NAV_KEYS,
	{ KEY_LEFT, "Left, [", TA_LEFT, "Previous report", NULL },
	{ '[', NULL, TA_LEFT, NULL, NULL },
	{ KEY_RIGHT, "Right, ]", TA_RIGHT, "Next report", "Report" },
	{ ']', NULL, TA_RIGHT, NULL, NULL },
	{ 'P', "P", TA_PERIOD, "The period: today, yesterday, this or last "
	  "week or month, the last 7 or 30 days, or FROM..TO", "Period" },
	{ 'f', "f", TA_FILTER, "Filter by team, rep, region, source or "
	  "import batch, or group", "Filter" },
	{ 'x', "x", TA_EXPORT, "Export the report shown, as CSV or JSON, "
	  "to a file", "Export" },
	{ '\r', "Enter", TA_OPEN, "Run the report again now", NULL },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static struct reports_view *
reports_of(struct tui *t)
{
	return t->panes[PANE_REPORTS].data;
}

/* The period text names, [*from, *to), or why not in one sentence. */
static int
reports_period(const char *text, time_t now, time_t *from, time_t *to,
    char *why, size_t size)
{
	struct err err = { 0 };

	if (period_parse(text, now, from, to, &err) == 0)
		return 0;
	snprintf(why, size, "%s", err.msg);
	return -1;
}

/* The store's words as a sentence: a capital first, a stop at the end. */
static void
sentence(const char *msg, char *buf, size_t size)
{
	size_t len;

	snprintf(buf, size, "%s", msg);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	len = strlen(buf);
	if (len > 0 && len + 1 < size && buf[len - 1] != '.')
		strcat(buf, ".");
}

/* The rows the cursor moves over: all but the total. */
static int
body_rows(const struct reports_view *r)
{
	if (r->rep == NULL)
		return 0;
	return r->rep->nrows - (r->rep->total && r->rep->nrows > 0);
}

static void
reports_run(struct view *v)
{
	struct reports_view *r = v->data;
	struct tui *t = v->tui;
	const struct report_def *def = &report_defs[r->def];
	struct report_query q = { .now = t->now };
	struct err err = { 0 };
	struct timespec t0;
	char why[512], what[64];

	report_free(r->rep);
	r->rep = NULL;
	r->error[0] = '\0';
	r->stale = 0;
	clock_gettime(CLOCK_MONOTONIC, &r->ran);
	if (reports_period(r->period, t->now, &q.from, &q.to, why,
	    sizeof why) != 0) {
		sentence(why, r->error, sizeof r->error);
		return;
	}
	q.team = r->team[0] ? r->team : NULL;
	q.rep = r->login[0] ? r->login : NULL;
	q.region = r->region[0] ? r->region : NULL;
	q.source = r->source[0] ? r->source : NULL;
	q.batch = r->batch;
	q.by = r->by[0] ? r->by : NULL;
	t0 = r->ran;
	if (store_report(t->st, t->who, def, &q, &r->rep, &err) != 0)
		sentence(err.msg, r->error, sizeof r->error);
	snprintf(what, sizeof what, "report %s", def->name);
	tui_trace(t, what, clock_since(&t0));
	list_fit(&r->list, body_rows(r));
}

/* A change of what is asked: run it now, from its first row. */
static void
reports_rerun(struct tui *t)
{
	struct reports_view *r = reports_of(t);

	r->list.sel = r->list.top = 0;
	reports_run(&t->panes[PANE_REPORTS]);
}

static int
reports_open(struct view *v)
{
	struct reports_view *r = v->data;

	snprintf(r->period, sizeof r->period, "%s", report_defs[0].period);
	return 0;
}

static void
reports_close(struct view *v)
{
	struct reports_view *r = v->data;

	report_free(r->rep);
	r->rep = NULL;
}

/* Another terminal changed the floor, or the pane is shown again. */
static void
reports_reload(struct view *v)
{
	struct reports_view *r = v->data;

	if (r->ran.tv_sec == 0 || clock_since(&r->ran) >= RERUN_SECONDS)
		reports_run(v);
	else
		r->stale = 1;
}

/* "today (2026-11-23)", "2026-11-01 to 2026-11-15": the period's words. */
static void
heading_period(const struct reports_view *r, time_t now, char *buf,
    size_t size)
{
	char span[64], why[512];
	time_t from, to;
	int i;

	if (reports_period(r->period, now, &from, &to, why, sizeof why) != 0) {
		snprintf(buf, size, "%s", r->period);
		return;
	}
	period_label(from, to, span, sizeof span);
	for (i = 0; period_names[i] != NULL; i++)
		if (strcmp(period_names[i], r->period) == 0)
			break;
	if (period_names[i] != NULL)
		snprintf(buf, size, "%.40s (%.50s)", r->period, span);
	else
		snprintf(buf, size, "%s", span);
}

/* The line over the table: the report, its period and its filters. */
static void
heading(const struct reports_view *r, time_t now, char *buf, size_t size)
{
	char period[96];
	size_t len;

	heading_period(r, now, period, sizeof period);
	snprintf(buf, size, "%s, %s", report_defs[r->def].title, period);
	len = strlen(buf);
	if (r->team[0])
		len += (size_t)snprintf(buf + len, size - len, "; team %s",
		    r->team);
	if (r->login[0] && len < size)
		len += (size_t)snprintf(buf + len, size - len, "; rep %s",
		    r->login);
	if (r->region[0] && len < size)
		len += (size_t)snprintf(buf + len, size - len, "; region %s",
		    r->region);
	if (r->source[0] && len < size)
		len += (size_t)snprintf(buf + len, size - len, "; source %s",
		    r->source);
	if (r->batch != 0 && len < size)
		len += (size_t)snprintf(buf + len, size - len, "; batch %lld",
		    (long long)r->batch);
	if (r->by[0] && len < size)
		snprintf(buf + len, size - len, "; by %s", r->by);
}

static int
period_typed(struct tui *t, struct form *f)
{
	struct reports_view *r = reports_of(t);
	char why[512];
	time_t from, to;

	if (reports_period(f->text, t->now, &from, &to, why, sizeof why) != 0)
		return form_refuse(f, "%s.", why);
	snprintf(r->period, sizeof r->period, "%.63s", f->text);
	r->period_chosen = 1;
	reports_rerun(t);
	return 0;
}

static void
period_picked(struct tui *t, struct picker *p)
{
	struct reports_view *r = reports_of(t);
	const char *key = p->items[p->sel].key;

	if (key[0] == '\0') {
		form_ask(t, "Period (a day, or FROM..TO, as 2026-11-01.."
		    "2026-11-15):", NULL, period_typed);
		return;
	}
	snprintf(r->period, sizeof r->period, "%s", key);
	r->period_chosen = 1;
	reports_rerun(t);
}

/* A picker for the pane, with its title and what Enter does. */
static struct picker *
picker_made(struct tui *t, const char *title,
    void (*done)(struct tui *, struct picker *))
{
	struct picker *p = calloc(1, sizeof *p);

	if (p == NULL) {
		tui_message(t, "Out of memory: nothing was changed.");
		return NULL;
	}
	snprintf(p->title, sizeof p->title, "%s", title);
	p->done = done;
	return p;
}

/* Opens p, or lets it go when filling it failed (said). */
static void
picker_offer(struct tui *t, struct picker *p, int failed, const char *why)
{
	if (failed || p->n == 0) {
		tui_message(t, "%s", why);
		free(p->items);
		free(p);
		return;
	}
	picker_open(t, p);
}

static void
period_pick(struct tui *t)
{
	struct picker *p = picker_made(t, " The period of the report: ",
	    period_picked);
	int i, failed = 0;

	if (p == NULL)
		return;
	for (i = 0; period_names[i] != NULL && !failed; i++)
		failed = picker_add(p, period_names[i], period_names[i]) ==
		    NULL;
	if (!failed)
		failed = picker_add(p, "a day or FROM..TO, typed", "") == NULL;
	picker_offer(t, p, failed, "Out of memory: nothing was changed.");
}

/* The filters f offers, by the key the picker hands back. */
static const struct { const char *key, *name; } fields[] = {
	{ "team", "Team" }, { "rep", "Rep" }, { "region", "Region" },
	{ "source", "Source" }, { "batch", "Import batch" },
	{ "by", "Group by" }, { NULL, NULL },
};

static const char *
field_name(const char *key)
{
	int i;

	for (i = 0; fields[i].key != NULL; i++)
		if (strcmp(fields[i].key, key) == 0)
			return fields[i].name;
	return key;
}

/* What the user's role may filter on: a rep only their own figures. */
static enum scope
report_scope_of(const struct tui *t)
{
	return perm_scope(t->who->role, ACT_REPORT_READ);
}

static void
value_set(struct tui *t, const char *field, const char *value)
{
	struct reports_view *r = reports_of(t);

	if (strcmp(field, "team") == 0)
		snprintf(r->team, sizeof r->team, "%s", value);
	else if (strcmp(field, "rep") == 0)
		snprintf(r->login, sizeof r->login, "%s", value);
	else if (strcmp(field, "region") == 0)
		snprintf(r->region, sizeof r->region, "%s", value);
	else if (strcmp(field, "source") == 0)
		snprintf(r->source, sizeof r->source, "%s", value);
	else if (strcmp(field, "by") == 0)
		snprintf(r->by, sizeof r->by, "%s", value);
	else if (strcmp(field, "batch") == 0)
		r->batch = strtoll(value, NULL, 10);
	reports_rerun(t);
}

static void
value_picked(struct tui *t, struct picker *p)
{
	value_set(t, reports_of(t)->field, p->items[p->sel].key);
}

static int
batch_typed(struct tui *t, struct form *f)
{
	char *end;
	long long id = strtoll(f->text, &end, 10);

	if (f->text[0] != '\0' && (*end != '\0' || id <= 0))
		return form_refuse(f, "'%.20s' is not a batch number; type "
		    "one (callq import lists them), or nothing for any",
		    f->text);
	value_set(t, "batch", f->text);
	return 0;
}

/* The values seen so far, so a team is offered once. */
struct seen {
	struct picker   *p;
	const struct tui *t;
	char             team[64];	/* a team lead's own team */
	int              failed;
};

static int
seen_add(struct seen *s, const char *label, const char *key)
{
	int i;

	for (i = 0; i < s->p->n; i++)
		if (strcmp(s->p->items[i].key, key) == 0)
			return 0;
	if (picker_add(s->p, label, key) == NULL)
		s->failed = 1;
	return s->failed;
}

static int
team_item(const struct user *u, void *arg)
{
	return u->team[0] ? seen_add(arg, u->team, u->team) : 0;
}

static int
own_team(const struct user *u, void *arg)
{
	struct seen *s = arg;

	if (u->id == s->t->who->id)
		snprintf(s->team, sizeof s->team, "%s", u->team);
	return 0;
}

/* The users whose figures the reports count: reps and team leads. */
static int
rep_item(const struct user *u, void *arg)
{
	struct seen *s = arg;
	char label[128];

	if ((u->role != ROLE_REP && u->role != ROLE_LEAD) || !u->active ||
	    (report_scope_of(s->t) == SCOPE_TEAM && s->team[0] &&
	    strcmp(u->team, s->team) != 0))
		return 0;
	snprintf(label, sizeof label, "%-16s %s", u->login, u->team);
	return seen_add(s, label, u->login);
}

static int
region_item(const char *name, const char *country, int64_t leads, void *arg)
{
	(void)country;
	(void)leads;
	return seen_add(arg, name, name);
}

static int
source_item(const struct choice *c, void *arg)
{
	return seen_add(arg, c->name, c->name);
}

static int
batch_item(const struct batch *b, void *arg)
{
	char label[128], key[24];
	const char *slash = strrchr(b->file_name, '/');

	snprintf(key, sizeof key, "%lld", (long long)b->id);
	snprintf(label, sizeof label, "%-5s %.40s, %.60s", key, b->region,
	    slash != NULL ? slash + 1 : b->file_name);
	return seen_add(arg, label, key);
}

/* Fills s->p with field's values after "any"; the store's status. */
static int
values_fill(struct tui *t, const char *field, struct seen *s,
    struct err *err)
{
	const char *const *by = report_defs[reports_of(t)->def].by;
	int i;

	if (strcmp(field, "team") == 0)
		return store_user_list(t->st, team_item, s, err);
	if (strcmp(field, "rep") == 0)
		return store_user_list(t->st, own_team, s, err) ||
		    store_user_list(t->st, rep_item, s, err);
	if (strcmp(field, "region") == 0)
		return store_region_list(t->st, region_item, s, err);
	if (strcmp(field, "source") == 0)
		return store_choice_list(t->st, LIST_SOURCE, source_item, s,
		    err);
	if (strcmp(field, "batch") == 0)
		return store_batch_list(t->st, t->who, batch_item, s, err);
	for (i = 0; by != NULL && by[i] != NULL; i++)
		seen_add(s, by[i], by[i]);
	return 0;
}

static void
field_picked(struct tui *t, struct picker *fp)
{
	struct reports_view *r = reports_of(t);
	const char *field = fp->items[fp->sel].key;
	struct err err = { 0 };
	struct seen s = { NULL, t, "", 0 };
	char title[96];

	if (strcmp(field, "clear") == 0) {
		r->team[0] = r->login[0] = r->region[0] = r->source[0] = '\0';
		r->by[0] = '\0';
		r->batch = 0;
		reports_rerun(t);
		return;
	}
	snprintf(r->field, sizeof r->field, "%.15s", field);
	snprintf(title, sizeof title, " %s: ", field_name(field));
	/* Only admins list the batches: the others type a batch's number. */
	if (strcmp(field, "batch") == 0 &&
	    perm_scope(t->who->role, ACT_IMPORT) == SCOPE_NONE) {
		form_ask(t, "Import batch number (empty: any):", NULL,
		    batch_typed);
		return;
	}
	if ((s.p = picker_made(t, title, value_picked)) == NULL)
		return;
	if (strcmp(field, "by") != 0)
		seen_add(&s, "any", "");
	values_fill(t, field, &s, &err);
	picker_offer(t, s.p, s.failed || err.status != 0, err.msg[0] ?
	    err.msg : "Out of memory: nothing was changed.");
}

/* "Region     East": a filter and what it holds, for the first picker. */
static void
field_add(struct seen *s, const char *key, const char *value)
{
	char label[128];

	snprintf(label, sizeof label, "%-13s %s", field_name(key), value[0] ?
	    value : "any");
	seen_add(s, label, key);
}

static void
filter_pick(struct tui *t)
{
	struct reports_view *r = reports_of(t);
	const struct report_def *def = &report_defs[r->def];
	struct seen s = { NULL, t, "", 0 };
	enum scope scope = report_scope_of(t);
	char batch[24] = "";

	if ((s.p = picker_made(t, " Filter the report by: ", field_picked)) ==
	    NULL)
		return;
	if (r->batch != 0)
		snprintf(batch, sizeof batch, "%lld", (long long)r->batch);
	if (scope == SCOPE_ALL)
		field_add(&s, "team", r->team);
	if (scope == SCOPE_ALL || scope == SCOPE_TEAM)
		field_add(&s, "rep", r->login);
	field_add(&s, "region", r->region);
	field_add(&s, "source", r->source);
	field_add(&s, "batch", batch);
	if (def->by != NULL)
		field_add(&s, "by", r->by[0] ? r->by : def->by[0]);
	seen_add(&s, "Clear every filter", "clear");
	picker_offer(t, s.p, s.failed, "Out of memory: nothing was changed.");
}

/* "~/x.csv" is in the user's home, as a shell would have it. */
static void
path_expand(const char *text, char *buf, size_t size)
{
	const char *home = getenv("HOME");

	if (strncmp(text, "~/", 2) == 0 && home != NULL && *home != '\0')
		snprintf(buf, size, "%s%s", home, text + 1);
	else
		snprintf(buf, size, "%s", text);
}

static int
path_unlink(void *path)
{
	return unlink(path);
}

static int
export_submit(struct tui *t, struct form *f)
{
	struct reports_view *r = reports_of(t);
	char path[4096];
	FILE *out;
	int fd, failed;

	if (r->rep == NULL)
		return form_refuse(f, "There is no report to export: %s",
		    r->error);
	if (f->text[0] == '\0')
		return form_refuse(f, "Type the path of the file to write, "
		    "or Esc");
	path_expand(f->text, path, sizeof path);
	fd = priv_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || (out = fdopen(fd, "w")) == NULL) {
		failed = errno;
		if (fd >= 0)
			close(fd);
		return form_refuse(f, "Could not write %s: %s; type another "
		    "path", path, priv_strerror(failed));
	}
	failed = report_write(out, r->rep, r->format) != 0;
	if (fclose(out) != 0 || failed) {
		failed = errno;
		/* Nothing half-written is left behind. */
		priv_as_user(path_unlink, path);
		return form_refuse(f, "Could not write all of %s: %s; type "
		    "another path", path, strerror(failed));
	}
	tui_message(t, "Wrote %d %s of %s to %s.", r->rep->nrows,
	    plural(r->rep->nrows, "row", "rows"), r->rep->title, path);
	return 0;
}

static void
format_picked(struct tui *t, struct picker *p)
{
	struct reports_view *r = reports_of(t);
	const char *ext = p->items[p->sel].key;
	char label[96], name[96];
	time_t from, to;
	struct tm tm;
	char day[16], why[512];

	r->format = strcmp(ext, "json") == 0 ? REPORT_JSON : REPORT_CSV;
	if (reports_period(r->period, t->now, &from, &to, why,
	    sizeof why) != 0)
		from = t->now;
	strftime(day, sizeof day, "%Y-%m-%d", localtime_r(&from, &tm));
	snprintf(name, sizeof name, "callq-%s-%s.%s",
	    report_defs[r->def].name, day, ext);
	snprintf(label, sizeof label, "Write the %s to (a path):",
	    r->format == REPORT_JSON ? "JSON" : "CSV");
	form_ask(t, label, name, export_submit);
}

static void
export_pick(struct tui *t)
{
	struct reports_view *r = reports_of(t);
	struct picker *p;
	int failed;

	if (r->rep == NULL) {
		tui_message(t, "There is no report to export: %s", r->error);
		return;
	}
	if ((p = picker_made(t, " Export the report as: ", format_picked)) ==
	    NULL)
		return;
	failed = picker_add(p, "CSV, for a spreadsheet", "csv") == NULL ||
	    picker_add(p, "JSON, for a script", "json") == NULL;
	picker_offer(t, p, failed, "Out of memory: nothing was changed.");
}

static int
reports_handle(struct view *v, enum tui_action a)
{
	struct reports_view *r = v->data;
	int n = 0;

	while (report_defs[n].name != NULL)
		n++;
	if (list_handle(&r->list, body_rows(r), a))
		return 1;
	switch (a) {
	case TA_LEFT:
	case TA_RIGHT:
		r->def = (r->def + n + (a == TA_LEFT ? -1 : 1)) % n;
		r->by[0] = '\0';	/* each report has its own groupings */
		if (!r->period_chosen)
			snprintf(r->period, sizeof r->period, "%s",
			    report_defs[r->def].period);
		reports_rerun(v->tui);
		break;
	case TA_OPEN: reports_run(v); break;
	case TA_PERIOD: period_pick(v->tui); break;
	case TA_FILTER: filter_pick(v->tui); break;
	case TA_EXPORT: export_pick(v->tui); break;
	default:
		return 0;
	}
	return 1;
}

/* The reports across the top, the one shown in reverse. */
static void
strip_draw(WINDOW *win, const struct reports_view *r, int w)
{
	const struct report_def *d;
	char line[160];
	int x = 1, n = 0, need = 1;

	for (d = report_defs; d->name != NULL; d++, n++)
		need += text_width(d->title) + 2;
	if (need > w) {		/* too narrow for all: the one, and where */
		snprintf(line, sizeof line, "< %s >  %d of %d", report_defs[
		    r->def].title, r->def + 1, n);
		wattron(win, A_REVERSE);
		tui_put(win, 0, 1, text_width(line), line);
		wattroff(win, A_REVERSE);
		return;
	}
	for (d = report_defs; d->name != NULL; d++) {
		snprintf(line, sizeof line, " %s ", d->title);
		if (d - report_defs == r->def)
			wattron(win, A_REVERSE);
		tui_put(win, 0, x, text_width(line), line);
		wattroff(win, A_REVERSE);
		x += text_width(line);
	}
}

/*
 * The report's columns as pane columns, each with its report column in
 * map: numbers right, dropped rightmost first, widths from what the
 * cells hold. A series is left to the chart, which draws it whole; the
 * exports keep it.
 */
static int
columns_of(const struct report *rep, struct column *cols, int *map, int w)
{
	char cell[256];
	int c, row, n = 0, most, text_max;

	for (c = 0; c < rep->ncols && n < MAX_COLS; c++) {
		if (rep->cols[c].kind == RK_SERIES)
			continue;
		text_max = c == rep->label_col || w >= 100 ? 40 : 20;
		most = 0;
		for (row = 0; row < rep->nrows; row++) {
			report_cell_text(rep, row, c, cell, sizeof cell);
			if (text_width(cell) > most)
				most = text_width(cell);
		}
		cols[n] = (struct column){ rep->cols[c].name, 0, 0,
		    c == rep->label_col ? 0 : n + 1,
		    rep->cols[c].kind != RK_TEXT, 0, 0, 0 };
		cols[n].pref = text_width(cols[n].title) > most ?
		    text_width(cols[n].title) : most;
		/*
		 * On a narrow screen a text beside the row's name (an
		 * agent's pauses) is cut before it pushes the figures after
		 * it off; w shows it whole.
		 */
		if (cols[n].pref > text_max)
			cols[n].pref = text_max;
		/* A number and its head are never cut, only dropped. */
		cols[n].min = cols[n].right ? cols[n].pref :
		    (cols[n].pref < 8 ? cols[n].pref : 8);
		if (cols[n].min < 1)
			cols[n].min = 1;
		map[n++] = c;
	}
	return n;
}

static void
row_draw(WINDOW *win, int y, const struct report *rep, int row,
    const struct column *cols, const int *map, int n)
{
	char cell[256];
	int c;

	for (c = 0; c < n; c++) {
		report_cell_text(rep, row, map[c], cell, sizeof cell);
		columns_cell(win, y, &cols[c], cell, 0);
	}
}

/* The selected row whole: "calls 12, connects 5, ...". */
static void
row_detail(const struct reports_view *r, char *buf, size_t size)
{
	const struct report *rep = r->rep;
	char cell[256];
	size_t len = 0;
	int c;

	*buf = '\0';
	if (body_rows(r) == 0)
		return;
	for (c = 0; c < rep->ncols && len + 1 < size; c++) {
		report_cell_text(rep, r->list.sel, c, cell, sizeof cell);
		len += (size_t)snprintf(buf + len, size - len, "%s%s %s",
		    c ? ", " : "", rep->cols[c].name, cell);
	}
	if (len > 0 && len + 1 < size)
		strcat(buf, ".");
}

/* The table in lines y to y + h - 1: the head, the rows, the total. */
static void
table_draw(struct view *v, WINDOW *win, int y, int h)
{
	struct reports_view *r = v->data;
	const struct report *rep = r->rep;
	struct column cols[MAX_COLS];
	int map[MAX_COLS];
	int w = getmaxx(win), n, i, rows, sel;
	int body = body_rows(r), total = rep->nrows - body;

	n = columns_of(rep, cols, map, w);
	/*
	 * Columns go from the right: the first that does not fit, and all
	 * after it, even a narrow one that would.
	 */
	while (n > 1 && columns_fit(cols, n, w) > 0)
		n--;
	columns_head(win, y, cols, n);
	rows = h - 1 - 2 * total;
	if (rows < 1)
		rows = 1;
	list_show(&r->list, rows);
	for (i = 0; i < rows && r->list.top + i < body; i++) {
		sel = r->list.top + i == r->list.sel;
		tui_row(win, y + 1 + i, w, "", sel, 0);
		if (sel)
			wattron(win, A_REVERSE);
		row_draw(win, y + 1 + i, rep, r->list.top + i, cols, map, n);
		wattrset(win, A_NORMAL);
	}
	if (body == 0)
		tui_put(win, y + 1, 1, w - 2, "No figures for this period and "
		    "these filters.");
	if (total == 0)
		return;
	i = y + 1 + (i > 0 ? i : 1);
	mvwhline(win, i, 1, ACS_HLINE, w - 2);
	wattron(win, A_BOLD);
	row_draw(win, i + 1, rep, rep->nrows - 1, cols, map, n);
	wattroff(win, A_BOLD);
}

static void
reports_draw(struct view *v, WINDOW *win)
{
	struct reports_view *r = v->data;
	struct chart_style style = { strcmp(nl_langinfo(CODESET), "UTF-8") !=
	    0, v->tui->color };
	int w = getmaxx(win), h = getmaxy(win), y = 1, need, chart, spare;
	char line[1024];

	if (r->stale && clock_since(&r->ran) >= RERUN_SECONDS)
		reports_run(v);
	strip_draw(win, r, w);
	heading(r, v->tui->now, line, sizeof line);
	wattron(win, A_BOLD);
	tui_put(win, y++, 1, w - 2, line);
	wattroff(win, A_BOLD);
	if (h >= 18) {		/* room to say what the report is */
		wattron(win, A_DIM);
		tui_put(win, y++, 1, w - 2, report_defs[r->def].about);
		wattroff(win, A_DIM);
	}
	if (r->rep == NULL) {
		wrap_put(win, y + 1, 1, w - 2, h - y - 1, r->error);
		return;
	}
	row_detail(r, line, sizeof line);
	h = y + detail_draw(v->tui, win, h - y, line);
	need = 1 + r->rep->nrows + (r->rep->total ? 1 : 0);
	spare = h - y - (need < (h - y) / 2 ? need : (h - y) / 2) - 1;
	chart = spare > 0 ? chart_lines(r->rep, w - 2, spare) : 0;
	if (chart > spare)
		chart = spare;
	table_draw(v, win, y, h - y - (chart > 0 ? chart + 1 : 0));
	if (chart > 0)
		chart_draw(win, r->rep, h - chart, 1, chart, w - 2, &style);
}

const struct view_ops reports_view = {
	.name = "Reports",
	.keys = reports_keys,
	.state_size = sizeof(struct reports_view),
	VIEW_FOR(ACT_REPORT_READ),
	.open = reports_open,
	.close = reports_close,
	.reload = reports_reload,
	.draw = reports_draw,
	.handle = reports_handle,
};
