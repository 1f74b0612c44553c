/*
 * Notifications: what the user should hear of, newest first. Enter opens
 * the lead it is about (and marks it read), m marks it read, M marks all.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/notify.h"
#include "columns.h"
#include "detail.h"
#include "list.h"

#define MAX_ITEMS 200

struct notice {
	int64_t id, lead_id;
	time_t  at;
	int     read;
	char    text[256];
};

struct notices {
	struct notice items[MAX_ITEMS];
	int           n;
	struct list   list;
};

static const struct keybind notify_keys[] = {
	NAV_KEYS,
	{ '\r', "Enter", TA_OPEN, "Open its lead, marking it read", "Open" },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
	{ 'm', "m", TA_READ, "Mark it read", "Read" },
	{ 'M', "M", TA_READ_ALL, "Mark all read", "All read" },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static int
notice_take(const struct notification *n, void *arg)
{
	struct notices *ns = arg;
	struct notice *it;

	if (ns->n == MAX_ITEMS)
		return 1;
	it = &ns->items[ns->n++];
	it->id = n->id;
	it->lead_id = n->lead_id;
	it->at = n->at;
	it->read = n->read;
	snprintf(it->text, sizeof it->text, "%s", n->text);
	return 0;
}

static void
notify_reload(struct view *v)
{
	struct notices *ns = v->data;
	struct err err = { 0 };
	int64_t id = ns->n > 0 ? ns->items[ns->list.sel].id : 0;
	int i;

	ns->n = 0;
	if (store_notify_list(v->tui->st, v->tui->who, 0, MAX_ITEMS,
	    notice_take, ns, &err) != 0)
		tui_message(v->tui, "%s", err.msg);
	for (i = 0; i < ns->n; i++)
		if (ns->items[i].id == id)
			ns->list.sel = i;
	list_fit(&ns->list, ns->n);
}

static void
mark_read(struct view *v, int64_t id)
{
	struct err err = { 0 };
	int n;

	if (store_notify_read(v->tui->st, v->tui->who, id, &n, &err) != 0)
		tui_message(v->tui, "%s", err.msg);
	else if (id == 0)
		tui_message(v->tui, "%d marked read.", n);
	tui_reload(v->tui);
}

static int
notify_handle(struct view *v, enum tui_action a)
{
	struct notices *ns = v->data;
	struct notice *it = ns->n > 0 ? &ns->items[ns->list.sel] : NULL;

	if (list_handle(&ns->list, ns->n, a))
		return 1;
	switch (a) {
	case TA_OPEN:
		if (it == NULL)
			break;
		if (!it->read)
			mark_read(v, it->id);
		if (it->lead_id != 0)
			tui_lead_open(v->tui, it->lead_id);
		break;
	case TA_READ:
		if (it != NULL && !it->read)
			mark_read(v, it->id);
		break;
	case TA_READ_ALL: mark_read(v, 0); break;
	default:
		return 0;
	}
	return 1;
}

/* "Today 14:05", else "2026-11-30 09:12": when it was said. */
static void
at_text(time_t at, time_t now, char *buf, size_t size)
{
	struct tm a, n;

	localtime_r(&at, &a);
	localtime_r(&now, &n);
	strftime(buf, size, a.tm_yday == n.tm_yday && a.tm_year == n.tm_year ?
	    "Today %H:%M" : "%Y-%m-%d %H:%M", &a);
}

static void
notify_draw(struct view *v, WINDOW *win)
{
	struct column cols[3] = {
		{ "", 1, 1, 0, 0, 0, 0, 0 },
		{ "", 16, 16, 1, 0, 0, 0, 0 },
		{ "", 20, 30, 0, 0, 1, 0, 0 },
	};
	struct notices *ns = v->data;
	int i, h = getmaxy(win) - 1, w = getmaxx(win);
	char line[400], when[32];

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Notifications: %d unread", v->tui->unread);
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	if (ns->n == 0)
		wrap_put(win, 1, 1, w - 2, h, "Nothing yet: assignments, "
		    "follow-ups due and leads closed show here.");
	columns_fit(cols, 3, w);
	*line = '\0';
	if (ns->n > 0) {
		at_text(ns->items[ns->list.sel].at, v->tui->now, when, sizeof when);
		snprintf(line, sizeof line, "%s: %s", when,
		    ns->items[ns->list.sel].text);
	}
	h = detail_draw(v->tui, win, h, line);
	list_show(&ns->list, h);
	for (i = 0; i < h && ns->list.top + i < ns->n; i++) {
		const struct notice *it = &ns->items[ns->list.top + i];
		const char *cells[3] = { it->read ? " " : "*", when, it->text };

		at_text(it->at, v->tui->now, when, sizeof when);
		if (ns->list.top + i == ns->list.sel)
			wattron(win, v->tui->pane == PANE_NOTIFY ? A_REVERSE :
			    A_UNDERLINE);
		else if (it->read)
			wattron(win, A_DIM);
		else
			wattron(win, A_BOLD);
		tui_put(win, 1 + i, 0, w, "");
		columns_row(win, 1 + i, cols, 3, cells);
		wattrset(win, A_NORMAL);
	}
}

const struct view_ops notify_view = {
	.name = "Notifications",
	.keys = notify_keys,
	.state_size = sizeof(struct notices),
	.reload = notify_reload,
	.draw = notify_draw,
	.handle = notify_handle,
};
