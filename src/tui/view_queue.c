/*
 * My Queue: the signed-in user's callable leads, in the order they are
 * worked. It holds only the rows on screen and pages through the store.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/phone.h"
#include "callq/queue.h"
#include "callq/when.h"
#include "view.h"

#define MAX_ROWS 256	/* taller terminals show this many */

struct queue_row {
	int64_t id;
	char    name[160];
	char    phone[56];
	char    status[16];
	char    region[64];
	time_t  followup;
};

struct queue {
	struct queue_row rows[MAX_ROWS];
	int     nrows;		/* rows held, from index first */
	int64_t first;		/* queue index of rows[0] */
	int64_t count;		/* the whole queue */
	int64_t selected;	/* queue index of the cursor */
	int     height;		/* rows the pane showed last */
	char    error[sizeof ((struct err *)0)->msg];
};

static const struct keybind queue_keys[] = {
	{ 'j', "j, Down", TA_DOWN, "Next lead", "Move" },
	{ KEY_DOWN, NULL, TA_DOWN, NULL, NULL },
	{ 'k', "k, Up", TA_UP, "Previous lead", NULL },
	{ KEY_UP, NULL, TA_UP, NULL, NULL },
	{ KEY_NPAGE, "PgDn", TA_PAGE_DOWN, "Next page", NULL },
	{ KEY_PPAGE, "PgUp", TA_PAGE_UP, "Previous page", NULL },
	{ KEY_HOME, "Home", TA_TOP, "First lead", NULL },
	{ KEY_END, "End", TA_BOTTOM, "Last lead", NULL },
	{ 0, NULL, TA_NONE, NULL, NULL },
};

/* Readable international form: +1 305-555-0142. */
static void
phone_readable(const struct lead *l, char *out, size_t size)
{
	struct phone ph;

	if (l->phone_e164[0] != '\0' &&
	    phone_parse(l->phone_e164, NULL, &ph) == PHONE_OK)
		snprintf(out, size, "%s", ph.international);
	else
		snprintf(out, size, "%s", l->phone_raw);
}

static int
row_take(const struct lead *l, enum queue_tier tier, void *arg)
{
	struct queue *q = arg;
	struct queue_row *r = &q->rows[q->nrows++];

	(void)tier;
	r->id = l->id;
	snprintf(r->name, sizeof r->name, "%s", l->name);
	phone_readable(l, r->phone, sizeof r->phone);
	snprintf(r->status, sizeof r->status, "%s", l->status);
	snprintf(r->region, sizeof r->region, "%s", l->region);
	r->followup = l->next_followup_at;
	return q->nrows == MAX_ROWS;
}

/* Reads the page starting at queue index first. */
static void
page_load(struct view *v, int64_t first)
{
	struct queue *q = v->data;
	struct err err = { 0 };
	int height = q->height > 0 ? q->height : 24;

	q->nrows = 0;
	q->first = first;
	q->error[0] = '\0';
	if (store_queue_page(v->tui->st, v->tui->who, store_now(), first,
	    height < MAX_ROWS ? height : MAX_ROWS, row_take, q, &err) != 0)
		snprintf(q->error, sizeof q->error, "%s", err.msg);
}

static int
queue_open(struct view *v)
{
	if ((v->data = calloc(1, sizeof(struct queue))) == NULL) {
		tui_message(v->tui, "out of memory");
		return -1;
	}
	return 0;
}

static void
queue_close(struct view *v)
{
	free(v->data);
	v->data = NULL;
}

/*
 * Keeps the cursor inside the queue, and the page from first on (moved
 * as little as needs be to show the cursor) loaded.
 */
static void
cursor_fix(struct view *v, int64_t first)
{
	struct queue *q = v->data;
	int64_t height = q->height > 0 ? q->height : 1;	/* 0 until drawn */

	if (q->selected >= q->count)
		q->selected = q->count - 1;
	if (q->selected < 0)
		q->selected = 0;
	if (first > q->count - height)
		first = q->count - height;
	if (q->selected < first)
		first = q->selected;
	else if (q->selected >= first + height)
		first = q->selected - height + 1;
	if (first < 0)
		first = 0;
	if (first != q->first || q->nrows < height)
		page_load(v, first);
}

/*
 * The data changed: count the queue again (scrolling never changes it),
 * then load the page once, the cursor kept on a lead if the queue shrank.
 */
static void
queue_reload(struct view *v)
{
	struct queue *q = v->data;
	struct err err = { 0 };

	if (store_queue_count(v->tui->st, v->tui->who, &q->count, &err) != 0) {
		snprintf(q->error, sizeof q->error, "%s", err.msg);
		return;
	}
	q->nrows = 0;		/* what is held is stale: cursor_fix reloads it */
	cursor_fix(v, q->first);
}

static int
queue_handle(struct view *v, enum tui_action a)
{
	struct queue *q = v->data;
	int64_t page = q->height > 1 ? q->height - 1 : 1, first = q->first;

	switch (a) {
	case TA_DOWN: q->selected++; break;
	case TA_UP: q->selected--; break;
	case TA_PAGE_DOWN: q->selected += page; first += page; break;
	case TA_PAGE_UP: q->selected -= page; first -= page; break;
	case TA_TOP: q->selected = 0; break;
	case TA_BOTTOM: q->selected = q->count - 1; break;
	default:
		return 0;
	}
	cursor_fix(v, first);
	return 1;
}

/* Column widths for a pane w wide: name and region share what is left. */
struct layout {
	int name, phone, status, region, followup;
};

static struct layout
layout_for(int w)
{
	struct layout l = { 0, 16, 11, 0, 14 };
	int rest = w - l.phone - l.status - l.followup - 6;

	l.region = rest / 3 > 24 ? 24 : rest / 3;
	l.name = rest - l.region;
	return l;
}

static void
row_draw(WINDOW *win, int y, const struct layout *l,
    const char *const cells[5])
{
	int x = 1;

	tui_put(win, y, x, l->name, cells[0]);
	tui_put(win, y, x += l->name + 1, l->phone, cells[1]);
	tui_put(win, y, x += l->phone + 1, l->status, cells[2]);
	tui_put(win, y, x += l->status + 1, l->region, cells[3]);
	tui_put(win, y, x += l->region + 1, l->followup, cells[4]);
}

static void
lead_draw(struct view *v, WINDOW *win, int y, const struct layout *l,
    const struct queue_row *r, int selected)
{
	char when[32] = "";
	const char *cells[5] = { r->name, r->phone, r->status, r->region,
	    when };
	int x = 1 + l->name + 1 + l->phone + 1;

	if (r->followup != 0)
		when_label(r->followup, v->tui->now, when, sizeof when);
	if (selected)
		wattron(win, A_REVERSE);
	tui_put(win, y, 0, getmaxx(win), "");
	row_draw(win, y, l, cells);
	if (!selected) {	/* the label stays; color only adds to it */
		wattron(win, tui_status_attr(v->tui, r->status));
		tui_put(win, y, x, l->status, r->status);
		wattroff(win, tui_status_attr(v->tui, r->status));
	}
	wattroff(win, A_REVERSE);
}

static void
queue_draw(struct view *v, WINDOW *win)
{
	static const char *const heads[5] = { "Name", "Phone", "Status",
	    "Region", "Follow-up" };
	struct queue *q = v->data;
	struct layout l = layout_for(getmaxx(win));
	char title[96];
	int i, height = getmaxy(win) - 2;

	if (height != q->height) {	/* a resize: refill the page */
		q->height = height > 0 ? height : 1;
		cursor_fix(v, q->first);
	}
	snprintf(title, sizeof title, "My Queue (%lld)", (long long)q->count);
	wattron(win, A_BOLD);
	tui_put(win, 0, 1, getmaxx(win) - 2, title);
	wattroff(win, A_BOLD);
	wattron(win, A_UNDERLINE);
	row_draw(win, 1, &l, heads);
	wattroff(win, A_UNDERLINE);
	if (q->error[0] != '\0')
		tui_put(win, 2, 1, getmaxx(win) - 2, q->error);
	else if (q->count == 0)
		tui_put(win, 2, 1, getmaxx(win) - 2, "Nothing to call right "
		    "now: no follow-ups due, no leads assigned or fresh.");
	for (i = 0; i < q->nrows && i < height; i++)
		lead_draw(v, win, i + 2, &l, &q->rows[i],
		    q->first + i == q->selected);
}

const struct view_ops queue_view = {
	.name = "My Queue",
	.keys = queue_keys,
	.open = queue_open,
	.close = queue_close,
	.reload = queue_reload,
	.draw = queue_draw,
	.handle = queue_handle,
};
