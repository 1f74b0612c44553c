/*
 * Audit: every change, newest first, as the store wrote it. / filters
 * by user, entity (and id), action and days, typed as
 * "user=rep1 entity=lead id=12 action=edit since=2026-11-30 until=today";
 * A on a lead opens this pane on that lead's rows.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/audit.h"
#include "callq/plural.h"
#include "callq/text.h"
#include "callq/when.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "list.h"

#define MAX_ROWS 500

struct audit_line {
	time_t  at;
	char    actor[64], real[64], entity[24], action[24];
	int64_t entity_id;
	char    details[600];
};

struct audit_view {
	struct audit_line rows[MAX_ROWS];
	int               n;
	struct list       list;
	/* The filter in force, and the text it was read from. */
	char              user[64], entity[24], action[24];
	int64_t           id;
	time_t            since, until;
	char              text[1024];
};

static const struct keybind audit_keys[] = {
	NAV_KEYS,
	{ 'f', "f", TA_FILTER, "Filter: user=, entity=, id=, action=, since=, "
	  "until=", "Filter" },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static struct audit_view *
audit_of(struct tui *t)
{
	return t->panes[PANE_AUDIT].data;
}

static int
row_take(const struct audit_row *r, void *arg)
{
	struct audit_view *a = arg;
	struct audit_line *l;

	if (a->n == MAX_ROWS)
		return 1;
	l = &a->rows[a->n++];
	l->at = r->at;
	snprintf(l->actor, sizeof l->actor, "%s", r->actor);
	snprintf(l->real, sizeof l->real, "%s", r->real_login);
	snprintf(l->entity, sizeof l->entity, "%.23s", r->entity);
	snprintf(l->action, sizeof l->action, "%.23s", r->action);
	l->entity_id = r->entity_id;
	text_fit(r->text, (int)sizeof l->details, 0, l->details,
	    sizeof l->details);
	return 0;
}

static void
audit_reload(struct view *v)
{
	struct audit_view *a = v->data;
	struct audit_filter f = { a->entity[0] ? a->entity : NULL, a->id,
	    a->user[0] ? a->user : NULL, MAX_ROWS,
	    a->action[0] ? a->action : NULL, a->since, a->until };
	struct err err = { 0 };

	a->n = 0;
	if (store_audit_list(v->tui->st, v->tui->who, &f, row_take, a, &err) !=
	    0)
		tui_message(v->tui, "%s", err.msg);
	list_fit(&a->list, a->n);
}

/* One "key=value" of the filter; a sentence in why when it is wrong. */
static int
filter_term(struct audit_view *a, const char *term, time_t now, char *why,
    size_t size)
{
	const char *v = strchr(term, '=');
	time_t from, to;
	char *end;

	if (v == NULL || v == term) {
		snprintf(why, size, "'%.40s' is not key=value; the keys: user, "
		    "entity, id, action, since, until", term);
		return -1;
	}
	v++;
	if (strncmp(term, "user=", 5) == 0)
		snprintf(a->user, sizeof a->user, "%.63s", v);
	else if (strncmp(term, "entity=", 7) == 0)
		snprintf(a->entity, sizeof a->entity, "%.23s", v);
	else if (strncmp(term, "action=", 7) == 0)
		snprintf(a->action, sizeof a->action, "%.23s", v);
	else if (strncmp(term, "id=", 3) == 0) {
		a->id = strtoll(v, &end, 10);
		if (*v == '\0' || *end != '\0' || a->id <= 0) {
			snprintf(why, size, "id= takes a number, not '%.20s'", v);
			return -1;
		}
	} else if ((strncmp(term, "since=", 6) == 0 ||
	    strncmp(term, "until=", 6) == 0)) {
		if (when_day(v, now, &from, &to) != 0) {
			snprintf(why, size, "'%.30s' is not a day; try "
			    "2026-11-30, today or yesterday", v);
			return -1;
		}
		if (term[0] == 's')
			a->since = from;
		else
			a->until = to;
	} else {
		snprintf(why, size, "no filter '%.30s'; the keys: user, entity, "
		    "id, action, since, until", term);
		return -1;
	}
	return 0;
}

static int
filter_submit(struct tui *t, struct form *f)
{
	struct audit_view *a = audit_of(t), saved = *a;
	char text[1024], why[160], *term, *save = NULL;

	snprintf(text, sizeof text, "%s", f->text);
	a->user[0] = a->entity[0] = a->action[0] = '\0';
	a->id = 0;
	a->since = a->until = 0;
	for (term = strtok_r(text, " ;", &save); term != NULL;
	    term = strtok_r(NULL, " ;", &save))
		if (filter_term(a, term, t->now, why, sizeof why) != 0) {
			*a = saved;
			tui_message(t, "%s.", why);
			return 1;
		}
	snprintf(a->text, sizeof a->text, "%s", f->text);
	a->list.sel = a->list.top = 0;
	audit_reload(&t->panes[PANE_AUDIT]);
	return 0;
}

void
audit_show_lead(struct tui *t, int64_t lead)
{
	struct audit_view *a = audit_of(t);

	memset(a->user, 0, sizeof a->user);
	a->action[0] = '\0';
	a->since = a->until = 0;
	snprintf(a->entity, sizeof a->entity, "lead");
	a->id = lead;
	snprintf(a->text, sizeof a->text, "entity=lead id=%lld",
	    (long long)lead);
	a->list.sel = a->list.top = 0;
	tui_pane_show(t, PANE_AUDIT);
}

static int
audit_handle(struct view *v, enum tui_action act)
{
	struct audit_view *a = v->data;

	if (list_handle(&a->list, a->n, act))
		return 1;
	switch (act) {
	case TA_FILTER:
		form_ask(v->tui, "Filter (user= entity= id= action= since= "
		    "until=; empty: all):", a->text, filter_submit);
		break;
	default:
		return 0;
	}
	return 1;
}

/* The row's cells: when, who (and the Unix account when another ran callq). */
static void
audit_cells(const struct audit_line *l, char when[32], char who[140],
    char id[24])
{
	struct tm tm;

	localtime_r(&l->at, &tm);
	strftime(when, 32, "%Y-%m-%d %H:%M", &tm);
	snprintf(who, 140, strcmp(l->actor, l->real) ? "%s (%s)" : "%s",
	    l->actor, l->real);
	snprintf(id, 24, "%lld", (long long)l->entity_id);
}

/* The selected row whole, for the detail line. */
static void
audit_detail(const struct audit_view *a, char *buf, size_t size)
{
	char when[32], who[140], id[24];
	const struct audit_line *l = &a->rows[a->list.sel];

	*buf = '\0';
	if (a->n == 0)
		return;
	audit_cells(l, when, who, id);
	snprintf(buf, size, "%s by %s: %s %s %s. %s", when, who, l->action,
	    l->entity, id, l->details[0] ? l->details : "No details.");
}

static void
audit_draw(struct view *v, WINDOW *win)
{
	struct column cols[] = {
		{ "When", 16, 16, 0, 0, 0, 0, 0 },
		{ "Who", 8, 12, 2, 0, 0, 0, 0 },
		{ "Entity", 6, 8, 4, 0, 0, 0, 0 },
		{ "Id", 4, 6, 3, 1, 0, 0, 0 },
		{ "Action", 6, 11, 1, 0, 0, 0, 0 },
		{ "Details", 24, 30, 0, 0, 1, 0, 0 },
	};
	struct audit_view *a = v->data;
	int i, h = getmaxy(win) - 2, w = getmaxx(win);
	char line[1200], when[32], who[140], id[24];

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Audit: %d %s%s%s%s", a->n,
	    plural(a->n, "row", "rows"), a->n == MAX_ROWS ? " (the newest)" : "",
	    a->text[0] ? " where " : "", a->text);
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	columns_fit(cols, 6, w);
	columns_head(win, 1, cols, 6);
	audit_detail(a, line, sizeof line);
	h = detail_draw(v->tui, win, h, line);
	list_show(&a->list, h);
	for (i = 0; i < h && a->list.top + i < a->n; i++) {
		const struct audit_line *l = &a->rows[a->list.top + i];
		const char *cells[] = { when, who, l->entity, id, l->action,
		    l->details };

		audit_cells(l, when, who, id);
		tui_row(win, 2 + i, w, "", a->list.top + i == a->list.sel, 0);
		if (a->list.top + i == a->list.sel)
			wattron(win, A_REVERSE);
		columns_row(win, 2 + i, cols, 6, cells);
		wattrset(win, A_NORMAL);
	}
}

const struct view_ops audit_view = {
	.name = "Audit",
	.keys = audit_keys,
	.state_size = sizeof(struct audit_view),
	VIEW_FOR(ACT_AUDIT_READ),
	.reload = audit_reload,
	.draw = audit_draw,
	.handle = audit_handle,
};
