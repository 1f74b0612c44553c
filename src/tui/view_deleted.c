/*
 * Deleted: the leads and payments deleted, newest first, with who and
 * when. r restores the one under the cursor, asking why (the audit keeps
 * the reason).
 */
#include <stdlib.h>
#include <string.h>

#include "callq/deleted.h"
#include "callq/lead.h"
#include "callq/text.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "list.h"

#define MAX_ITEMS 500

struct gone {
	enum deleted_kind kind;
	int64_t id;
	char    what[64], by[64];
	time_t  at;
};

struct deleted {
	struct gone items[MAX_ITEMS];
	int         n;
	struct list list;
};

static const struct keybind deleted_keys[] = {
	NAV_KEYS,
	{ 'r', "r", TA_RESTORE, "Restore it, saying why", "Restore" },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static int
gone_take(const struct deleted_item *it, void *arg)
{
	struct deleted *d = arg;
	struct gone *g;

	if (d->n == MAX_ITEMS)
		return 1;
	g = &d->items[d->n++];
	g->kind = it->kind;
	g->id = it->id;
	text_fit(it->what, 40, 0, g->what, sizeof g->what);
	snprintf(g->by, sizeof g->by, "%s", it->deleted_by);
	g->at = it->deleted_at;
	return 0;
}

static void
deleted_reload(struct view *v)
{
	struct deleted *d = v->data;
	struct err err = { 0 };

	d->n = 0;
	if (store_deleted_list(v->tui->st, v->tui->who, gone_take, d, &err) !=
	    0)
		tui_message(v->tui, "%s", err.msg);
	list_fit(&d->list, d->n);
}

static const char *
kind_name(enum deleted_kind k)
{
	return k == DELETED_LEAD ? "lead" : "payment";
}

/*
 * The store's refusal in words for the screen: its sentence names the
 * command line's option; here Enter is the way to go on.
 */
static int
duplicate_said(struct tui *t, struct form *f, const struct err *err)
{
	const char *cut = strstr(err->msg, ", so nothing was restored");

	if (err->status != EX_DATAERR || cut == NULL ||
	    strstr(err->msg, "--allow-duplicate") == NULL)
		return 0;
	tui_message(t, "%.*s: Enter restores it anyway (audited), Esc keeps "
	    "it deleted.", (int)(cut - err->msg), err->msg);
	f->step = 1;	/* the next Enter allows the duplicate */
	return 1;
}

static int
restore_submit(struct tui *t, struct form *f)
{
	struct deleted *d = t->panes[PANE_DELETED].data;
	struct actor who = *t->who;
	const struct gone *g;
	struct err err = { 0 };
	char reason[512], said[160];
	int rc;

	text_trim(f->text, reason, sizeof reason);
	if (reason[0] == '\0') {
		tui_message(t, "Say why it comes back; the audit keeps it.");
		return 1;
	}
	if (d->n == 0)
		return 0;
	g = &d->items[d->list.sel];
	if (f->step == 1)
		who.overrides |= ACTOR_ALLOW_DUPLICATE;
	rc = g->kind == DELETED_LEAD ? store_lead_restore(t->st, &who, g->id,
	    reason, &err) : store_payment_restore(t->st, &who, g->id, reason,
	    &err);
	if (rc != 0 && duplicate_said(t, f, &err))
		return 1;
	if (rc != 0) {
		tui_message(t, "Not restored: %s.", err.msg);
		tui_reload(t);
		return 0;
	}
	snprintf(said, sizeof said, "Restored %s %lld, %s: it is back in the "
	    "lists%s.", kind_name(g->kind), (long long)g->id, g->what,
	    f->step == 1 ? ", with the same number as another lead" : "");
	tui_outcome(t, rc, &err, said);
	return 0;
}

static int
deleted_handle(struct view *v, enum tui_action a)
{
	struct deleted *d = v->data;
	char label[160];

	if (list_handle(&d->list, d->n, a))
		return 1;
	switch (a) {
	case TA_RESTORE:
		if (d->n == 0)
			break;
		snprintf(label, sizeof label, "Why restore %s %lld?",
		    kind_name(d->items[d->list.sel].kind),
		    (long long)d->items[d->list.sel].id);
		form_ask(v->tui, label, NULL, restore_submit);
		break;
	default:
		return 0;
	}
	return 1;
}

static void
gone_cells(const struct gone *g, char when[32], char id[24])
{
	struct tm tm;

	localtime_r(&g->at, &tm);
	strftime(when, 32, "%Y-%m-%d %H:%M", &tm);
	snprintf(id, 24, "%lld", (long long)g->id);
}

static void
deleted_draw(struct view *v, WINDOW *win)
{
	struct column cols[5] = {
		{ "Kind", 4, 8, 2, 0, 0, 0, 0 },
		{ "Id", 4, 7, 1, 1, 0, 0, 0 },
		{ "What", 16, 28, 0, 0, 1, 0, 0 },
		{ "Deleted", 16, 16, 3, 0, 0, 0, 0 },
		{ "By", 5, 12, 4, 0, 0, 0, 0 },
	};
	struct deleted *d = v->data;
	int i, h = getmaxy(win) - 2, w = getmaxx(win);
	char line[300], when[32], id[24];

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Deleted: %d (r restores, saying why)",
	    d->n);
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	columns_fit(cols, 5, w);
	columns_head(win, 1, cols, 5);
	if (d->n == 0)
		tui_put(win, 2, 1, w - 2, "Nothing is deleted.");
	*line = '\0';
	if (d->n > 0) {
		const struct gone *g = &d->items[d->list.sel];

		gone_cells(g, when, id);
		snprintf(line, sizeof line, "%s %s: %s, deleted %s by %s",
		    kind_name(g->kind), id, g->what, when, g->by);
	}
	h = detail_draw(v->tui, win, h, line);
	list_show(&d->list, h);
	for (i = 0; i < h && d->list.top + i < d->n; i++) {
		const struct gone *g = &d->items[d->list.top + i];
		const char *cells[5] = { kind_name(g->kind), id, g->what, when,
		    g->by };

		gone_cells(g, when, id);
		tui_row(win, 2 + i, w, "", d->list.top + i == d->list.sel, 0);
		if (d->list.top + i == d->list.sel)
			wattron(win, A_REVERSE);
		columns_row(win, 2 + i, cols, 5, cells);
		wattrset(win, A_NORMAL);
	}
}

const struct view_ops deleted_view = {
	.name = "Deleted",
	.keys = deleted_keys,
	.state_size = sizeof(struct deleted),
	VIEW_FOR(ACT_LEAD_RESTORE),
	.reload = deleted_reload,
	.draw = deleted_draw,
	.handle = deleted_handle,
};
