/*
 * My Queue: the signed-in user's callable leads, in the order they are
 * worked. It holds only the rows on screen and walks the store from the
 * first or last of them, so a million leads page as fast as a hundred.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/queue.h"
#include "callq/when.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "list.h"
#include "pager.h"

#define MAX_ROWS 256	/* taller terminals show this many */
#define COUNT_CAP 1000	/* counting further would cost a scan */

struct queue_row {
	struct queue_item item;
	char    name[160];
	char    phone[56];
	char    status[16];
	char    region[64];
	int     interest;
	time_t  followup;
};

struct queue {
	struct pager     pg;		/* over rows, fetching into got */
	struct queue_row rows[MAX_ROWS];
	struct queue_row got[MAX_ROWS];
	int64_t counts[TIER_COUNT];
	struct queue_query query;
	char    search[256];
	char    error[sizeof ((struct err *)0)->msg];
	struct view *view;
};

static const struct keybind queue_keys[] = {
	NAV_KEYS,
	{ '\r', "Enter", TA_OPEN, "Open the lead", "Open" },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
	{ 'c', "c", TA_CALL, "Call the lead: your phone rings, then theirs",
	  "Call" },
	{ 'l', "l", TA_LOG, "Log a call on the lead", "Log" },
	{ 'n', "n", TA_NEXT_LEAD, "Open the next lead", "Next" },
	{ 'f', "f", TA_FILTER, "Filter by name, phone or city", "Filter" },
	{ 's', "s", TA_SORT, "Change the order", NULL },
	{ 'h', "h", TA_HOURS, "Show leads not callable now, greyed", NULL },
	{ 'N', "N", TA_NEW_LEAD, "Add a lead by hand", NULL },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static struct queue *
queue_of(struct tui *t)
{
	return t->panes[PANE_QUEUE].data;
}

static int
row_take(const struct lead *l, const struct queue_item *it, void *arg)
{
	struct queue *q = arg;
	struct queue_row *r = &q->got[q->pg.ngot++];

	r->item = *it;
	snprintf(r->name, sizeof r->name, "%s", l->name);
	/* As stored when the number was last set: +1 305-555-0142. */
	snprintf(r->phone, sizeof r->phone, "%s", l->phone_display[0] ?
	    l->phone_display : l->phone_raw);
	snprintf(r->status, sizeof r->status, "%s", l->status);
	snprintf(r->region, sizeof r->region, "%s", l->region);
	r->interest = l->interest;
	r->followup = l->next_followup_at;
	return q->pg.ngot == MAX_ROWS;
}

/* The pager's walk: rows next to from's place in the queue. */
static void
walk(struct pager *pg, const void *from, int backward, int inclusive, int n)
{
	struct queue *q = pg->owner;
	const struct queue_row *r = from;
	struct err err = { 0 };

	q->query.now = q->view->tui->now;
	q->query.search = q->search[0] ? q->search : NULL;
	if (store_queue_walk(q->view->tui->st, q->view->tui->who, &q->query,
	    r ? &r->item.pos : NULL, backward, inclusive, n, row_take, q,
	    &err) != 0)
		snprintf(q->error, sizeof q->error, "%s", err.msg);
}

static int64_t
row_id(const void *row)
{
	return ((const struct queue_row *)row)->item.pos.id;
}

/* The page from the list's first row, the cursor on it. */
static void
fill_start(struct view *v)
{
	struct queue *q = v->data;

	q->error[0] = '\0';
	pager_top(&q->pg);
}

static void
counts_load(struct view *v)
{
	struct queue *q = v->data;
	struct err err = { 0 };

	if (store_queue_count(v->tui->st, v->tui->who, &q->query, q->counts,
	    COUNT_CAP, &err) != 0)
		snprintf(q->error, sizeof q->error, "%s", err.msg);
}

static void
queue_reload(struct view *v)
{
	struct queue *q = v->data;

	q->query.now = v->tui->now;
	q->error[0] = '\0';
	counts_load(v);
	pager_reload(&q->pg);
}

int64_t
queue_selected(struct tui *t)
{
	const struct queue_row *r = pager_selected(&queue_of(t)->pg);

	return r ? r->item.pos.id : 0;
}

int
queue_next(struct tui *t)
{
	int64_t was = queue_selected(t);

	pager_move(&queue_of(t)->pg, 1, 0);
	return queue_selected(t) != was;
}

void
queue_after_log(struct tui *t, int64_t id)
{
	struct queue *q = queue_of(t);
	int64_t next = 0;
	int i, drawer = t->pane == PANE_LEAD && t->lead_id == id;
	/* Opened from another list, the lead closes back to it instead. */
	int from_queue = stack_below(t) == PANE_QUEUE ||
	    stack_below(t) == PANE_COUNT;

	if (queue_selected(t) == id && queue_next(t))
		next = queue_selected(t);
	if (t->lead_id == id)
		t->lead_id = 0;
	tui_reload(t);
	for (i = 0; i < q->pg.nrows; i++)
		if (q->rows[i].item.pos.id == next)
			q->pg.sel = i;
	if (drawer && from_queue && queue_selected(t) != 0)
		tui_lead_open(t, queue_selected(t));
	else if (drawer)
		stack_remove(t, PANE_LEAD);
}

static int
queue_open(struct view *v)
{
	struct queue *q = v->data;

	q->view = v;
	q->pg = (struct pager){ .rows = (char *)q->rows, .got = (char *)q->got,
	    .size = sizeof q->rows[0], .max = MAX_ROWS, .owner = q,
	    .walk = walk, .id_of = row_id };
	return 0;
}

/* A new order or a new filter: the queue from its start. */
static void
queue_restart(struct view *v)
{
	counts_load(v);
	fill_start(v);
}

static int
filter_submit(struct tui *t, struct form *f)
{
	struct queue *q = queue_of(t);

	snprintf(q->search, sizeof q->search, "%.*s", (int)sizeof q->search - 1,
	    f->text);
	queue_restart(&t->panes[PANE_QUEUE]);
	return 0;
}

static void
filter_open(struct tui *t)
{
	struct form *f = form_new("Filter (name, phone or city; empty for "
	    "all):", queue_of(t)->search);

	if (f != NULL)
		f->submit = filter_submit;
	form_open(t, f);
}

static int
queue_handle(struct view *v, enum tui_action a)
{
	struct queue *q = v->data;

	if (pager_handle(&q->pg, a))
		return 1;
	switch (a) {
	case TA_OPEN:
		if (queue_selected(v->tui) != 0)
			tui_lead_open(v->tui, queue_selected(v->tui));
		break;
	case TA_LOG:
		if (queue_selected(v->tui) != 0)
			quicklog_open(v->tui, queue_selected(v->tui), NULL);
		break;
	case TA_CALL:
		/* The lead opens first: its page shows the call. */
		if (queue_selected(v->tui) != 0 &&
		    tui_lead_open(v->tui, queue_selected(v->tui)) == 0)
			dialing_start(v->tui, v->tui->lead_id);
		break;
	case TA_NEXT_LEAD:
		if (queue_next(v->tui))
			tui_lead_open(v->tui, queue_selected(v->tui));
		else
			tui_message(v->tui, "That was the last lead.");
		break;
	case TA_FILTER: filter_open(v->tui); break;
	case TA_NEW_LEAD: lead_new_open(v->tui); break;
	case TA_SORT:
		q->query.sort = (q->query.sort + 1) % QSORT_COUNT;
		queue_restart(v);
		tui_message(v->tui, "Sorted: %s.", queue_sort_name(q->query.sort));
		break;
	case TA_HOURS:
		q->query.all = !q->query.all;
		queue_restart(v);
		tui_message(v->tui, q->query.all ? "Showing leads that may not "
		    "be called now, greyed." : "Showing callable leads only.");
		break;
	default:
		return 0;
	}
	return 1;
}

/* Name, phone, status, interest, region, local time, follow-up. */
static const struct column queue_columns[7] = {
	{ "Name", 12, 22, 0, 0, 1, 0, 0 },
	{ "Phone", 12, 16, 0, 0, 0, 0, 0 },
	{ "Status", 6, 11, 1, 0, 0, 0, 0 },
	{ "Int", 3, 3, 3, 0, 0, 0, 0 },
	{ "Region", 8, 24, 5, 0, 0, 0, 0 },
	{ "Local", 5, 6, 2, 0, 0, 0, 0 },
	{ "Follow-up", 9, 14, 4, 0, 0, 0, 0 },
};

/* The last column: the follow-up, or why the lead may not be called. */
static void
when_cell(const struct tui *t, const struct queue_row *r, char *buf,
    size_t size)
{
	char at[32];

	*buf = '\0';
	if (r->item.dnc)
		snprintf(buf, size, "DNC");
	else if (r->item.hours == HOURS_NO_ZONE)
		snprintf(buf, size, "No zone");
	else if (r->item.hours == HOURS_CLOSED && r->item.opens == 0)
		snprintf(buf, size, "Closed");
	else if (r->item.hours == HOURS_CLOSED) {
		when_label(r->item.opens, t->now, at, sizeof at);
		snprintf(buf, size, "From %s", strncmp(at, "Today ", 6) == 0 ?
		    at + 6 : at);
	} else if (r->followup != 0)
		when_label(r->followup, t->now, buf, size);
}

static void
row_cells(const struct tui *t, const struct queue_row *r, char when[40],
    char interest[12], const char *cells[7])
{
	when_cell(t, r, when, 40);
	*interest = '\0';
	if (r->interest > 0)
		snprintf(interest, 12, "%d", r->interest);
	cells[0] = r->name;
	cells[1] = r->phone;
	cells[2] = r->status;
	cells[3] = interest;
	cells[4] = r->region;
	cells[5] = r->item.local;
	cells[6] = when;
}

static void
lead_draw(struct view *v, WINDOW *win, int y, const struct column *cols,
    const struct queue_row *r, int selected)
{
	char when[40], interest[12];
	const char *cells[7];
	int blocked = r->item.dnc || r->item.hours != HOURS_OPEN;

	row_cells(v->tui, r, when, interest, cells);
	if (selected && v->tui->pane == PANE_QUEUE)
		wattron(win, A_REVERSE);
	else if (selected)
		wattron(win, A_UNDERLINE);
	if (blocked)
		wattron(win, tui_dim_attr(v->tui));
	tui_put(win, y, 0, getmaxx(win), "");
	columns_row(win, y, cols, 7, cells);
	if (!selected && !blocked)	/* the label stays; color adds to it */
		columns_cell(win, y, &cols[2], r->status,
		    tui_status_attr(v->tui, r->status));
	wattrset(win, A_NORMAL);
}

/* The lead under the cursor whole, for the detail line. */
static void
queue_detail(struct view *v, char *buf, size_t size)
{
	const struct queue_row *r = pager_selected(&((struct queue *)
	    v->data)->pg);
	char when[40], interest[12];
	const char *c[7];

	*buf = '\0';
	if (r == NULL)
		return;
	row_cells(v->tui, r, when, interest, c);
	snprintf(buf, size, "%s, %s, %s%s%s, %s, %s there%s%s", c[0], c[1],
	    c[2], interest[0] ? ", interest " : "", interest, c[4][0] ? c[4] :
	    "no region", c[5][0] ? c[5] : "no time", when[0] ? ", " : "",
	    when);
}

/* "1,000+" when the count stopped at the cap. */
static void
count_text(int64_t n, char *buf, size_t size)
{
	snprintf(buf, size, "%lld%s", (long long)n, n >= COUNT_CAP ? "+" : "");
}

static void
title_draw(struct view *v, WINDOW *win)
{
	struct queue *q = v->data;
	char title[512], c[3][24], all[24];

	count_text(q->counts[0], c[0], sizeof c[0]);
	count_text(q->counts[1], c[1], sizeof c[1]);
	count_text(q->counts[2], c[2], sizeof c[2]);
	count_text(q->counts[0] + q->counts[1] + q->counts[2], all,
	    sizeof all);
	snprintf(title, sizeof title, "My Queue (%s): %s due, %s mine, %s "
	    "fresh%s%s%s%s%s", all, c[0], c[1], c[2],
	    q->query.sort ? " | " : "", q->query.sort ?
	    queue_sort_name(q->query.sort) : "", q->search[0] ? " | /" : "",
	    q->search, q->query.all ? " | +not callable" : "");
	wattron(win, A_BOLD);
	tui_put(win, 0, 1, getmaxx(win) - 2, title);
	wattroff(win, A_BOLD);
}

static void
queue_draw(struct view *v, WINDOW *win)
{
	struct column cols[7];
	struct queue *q = v->data;
	int i, height = getmaxy(win) - 2;
	char detail[600];

	memcpy(cols, queue_columns, sizeof cols);
	columns_fit(cols, 7, getmaxx(win));
	queue_detail(v, detail, sizeof detail);
	height = detail_draw(v->tui, win, height, detail);
	if (height < 1)
		height = 1;
	/*
	 * A new height (a resize, or the first draw): only the page is
	 * read again. The counts hold whatever the height; reading them
	 * here too doubled the first screen's time.
	 */
	if (height != q->pg.height) {
		q->pg.height = height;
		pager_reload(&q->pg);
	}
	title_draw(v, win);
	columns_head(win, 1, cols, 7);
	if (q->error[0] != '\0')
		wrap_put(win, 2, 1, getmaxx(win) - 2, height, q->error);
	else if (q->pg.nrows == 0)
		wrap_put(win, 2, 1, getmaxx(win) - 2, height, q->search[0] ?
		    "No lead matches the filter; f and Enter on an empty line "
		    "clears it." : "Nothing to call right now: no follow-ups "
		    "due, no leads of yours or fresh ones callable (h shows "
		    "the rest).");
	for (i = 0; i < q->pg.nrows && i < height; i++)
		lead_draw(v, win, i + 2, cols, &q->rows[i], i == q->pg.sel);
}

const struct view_ops queue_view = {
	.name = "My Queue",
	.keys = queue_keys,
	.state_size = sizeof(struct queue),
	.open = queue_open,
	.reload = queue_reload,
	.draw = queue_draw,
	.handle = queue_handle,
};
