/*
 * Pools: the leads a team lead hands out, by where they stand: Fresh
 * (unassigned and New), Working, Converted and Lost. Left/Right (or [
 * and ]) change pool, f filters, l logs a call; Space, *, a, R, S and u
 * mark and assign. Walked a page at a
 * time by lead id, so a million fresh leads page as fast as ten.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/plural.h"
#include "callq/pool.h"
#include "callq/when.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "list.h"
#include "pager.h"

#define MAX_ROWS 256
#define COUNT_CAP 1000

struct pool_row {
	int64_t id;
	char    name[160];
	char    phone[56];
	char    status[16];	/* a customer's followed by " $" */
	char    region[64];
	char    owner[64];
	time_t  followup;
};

struct pools {
	struct pager      pg;		/* over rows, fetching into got */
	struct pool_row   rows[MAX_ROWS];
	struct pool_row   got[MAX_ROWS];
	struct pool_query q;
	char              filter[256];	/* as typed */
	char              parsed[256];	/* cut up by filter_parse for q */
	int64_t           count;
	char              error[512];
	struct view      *view;
};

static const struct keybind pool_keys[] = {
	NAV_KEYS,
	{ KEY_LEFT, "Left, [", TA_LEFT, "Previous pool", NULL },
	{ '[', NULL, TA_LEFT, NULL, NULL },
	{ KEY_RIGHT, "Right, ]", TA_RIGHT, "Next pool", "Pool" },
	{ ']', NULL, TA_RIGHT, NULL, NULL },
	{ '\r', "Enter", TA_OPEN, "Open the lead", NULL },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
	{ 'l', "l", TA_LOG, "Log a call on the lead", "Log" },
	{ 'f', "f", TA_FILTER, "Filter: owner=, region=, source=, text",
	  "Filter" },
	ASSIGN_KEYS,
	{ 'N', "N", TA_NEW_LEAD, "Add a lead by hand", NULL },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static int
row_take(const struct lead *l, void *arg)
{
	struct pools *p = arg;
	struct pool_row *r = &p->got[p->pg.ngot++];

	r->id = l->id;
	snprintf(r->name, sizeof r->name, "%s", l->name);
	snprintf(r->phone, sizeof r->phone, "%s", l->phone_display[0] ?
	    l->phone_display : l->phone_raw);
	snprintf(r->status, sizeof r->status, "%s%s", l->status,
	    l->customer_at != 0 ? " $" : "");
	snprintf(r->region, sizeof r->region, "%s", l->region);
	snprintf(r->owner, sizeof r->owner, "%s", l->owner);
	r->followup = l->next_followup_at;
	return p->pg.ngot == MAX_ROWS;
}

/* The pager's walk: the pool's leads next to from's id. */
static void
walk(struct pager *pg, const void *from, int backward, int inclusive, int n)
{
	struct pools *p = pg->owner;
	const struct pool_row *r = from;
	struct err err = { 0 };
	int64_t id = r ? r->id : 0;

	if (r && inclusive)	/* the store walks from past an id */
		id += backward ? 1 : -1;
	if (store_pool_walk(p->view->tui->st, p->view->tui->who, &p->q, id,
	    backward, n, row_take, p, &err) != 0)
		snprintf(p->error, sizeof p->error, "%s", err.msg);
}

static int64_t
row_id(const void *row)
{
	return ((const struct pool_row *)row)->id;
}

/* The page from the list's first row, the cursor on it. */
static void
fill_start(struct view *v)
{
	struct pools *p = v->data;

	p->error[0] = '\0';
	pager_top(&p->pg);
}

static void
count_load(struct view *v)
{
	struct pools *p = v->data;
	struct pool_tally tally;
	struct err err = { 0 };

	p->count = 0;
	if (store_pool_tally(v->tui->st, v->tui->who, &p->q, COUNT_CAP,
	    &tally, &err) != 0)
		snprintf(p->error, sizeof p->error, "%s", err.msg);
	else
		p->count = tally.count;
}

static void
pools_reload(struct view *v)
{
	struct pools *p = v->data;

	p->error[0] = '\0';
	count_load(v);
	pager_reload(&p->pg);
}

static void
restart(struct view *v)
{
	count_load(v);
	fill_start(v);
}

static int
filter_submit(struct tui *t, struct form *f)
{
	struct view *v = &t->panes[PANE_POOLS];
	struct pools *p = v->data;
	char why[160];

	snprintf(p->parsed, sizeof p->parsed, "%.*s", (int)sizeof p->parsed - 1,
	    f->text);
	if (filter_parse(p->parsed, &p->q, why, sizeof why) != 0) {
		tui_message(t, "%s", why);
		return 1;
	}
	snprintf(p->filter, sizeof p->filter, "%.*s", (int)sizeof p->filter - 1,
	    f->text);
	restart(v);
	return 0;
}

static void
filter_open(struct tui *t, struct pools *p)
{
	struct form *f = form_new("Filter (owner=LOGIN; region=R; source=S; "
	    "text):", p->filter);

	if (f != NULL)
		f->submit = filter_submit;
	form_open(t, f);
}

static int
pools_handle(struct view *v, enum tui_action a)
{
	struct pools *p = v->data;
	const struct pool_row *r = pager_selected(&p->pg);
	int64_t sel = r ? r->id : 0;

	if (assign_handle(v->tui, a, sel, &p->q)) {
		if (a == TA_MARK)	/* Space marks and goes on */
			pager_move(&p->pg, 1, 0);
		return 1;
	}
	if (pager_handle(&p->pg, a))
		return 1;
	switch (a) {
	case TA_LEFT:
	case TA_RIGHT:
		p->q.pool = (p->q.pool + (a == TA_LEFT ? POOL_COUNT - 1 : 1)) %
		    POOL_COUNT;
		restart(v);
		break;
	case TA_OPEN:
		if (sel != 0)
			tui_lead_open(v->tui, sel);
		break;
	case TA_LOG: tui_lead_log(v->tui, sel); break;
	case TA_FILTER: filter_open(v->tui, p); break;
	case TA_NEW_LEAD: lead_new_open(v->tui); break;
	default:
		return 0;
	}
	return 1;
}

static void
title_draw(struct view *v, WINDOW *win)
{
	struct pools *p = v->data;
	char title[512], tabs[128] = "", marked[32] = "";
	size_t len;
	int i;

	for (i = 0; i < POOL_COUNT; i++) {
		len = strlen(tabs);
		snprintf(tabs + len, sizeof tabs - len, i == (int)p->q.pool ?
		    " [%s]" : " %s", pool_name((enum pool)i));
	}
	if (v->tui->marks.n)
		snprintf(marked, sizeof marked, " | %zu marked", v->tui->marks.n);
	snprintf(title, sizeof title, "Pools:%s | %lld%s %s%s%s%s", tabs,
	    (long long)p->count, p->count >= COUNT_CAP ? "+" : "",
	    plural(p->count, "lead", "leads"),
	    p->filter[0] ? " | f " : "", p->filter, marked);
	wattron(win, A_BOLD);
	tui_put(win, 0, 1, getmaxx(win) - 2, title);
	wattroff(win, A_BOLD);
}

/* Mark, ID, name, phone, status, owner, follow-up, region: dropped last first. */
static const struct column pool_columns[8] = {
	{ "", 1, 1, 0, 0, 0, 0, 0 },
	{ "ID", 4, 6, 5, 1, 0, 0, 0 },
	{ "Name", 12, 26, 0, 0, 1, 0, 0 },
	{ "Phone", 12, 16, 1, 0, 0, 0, 0 },
	{ "Status", 8, 11, 2, 0, 0, 0, 0 },
	{ "Owner", 5, 8, 3, 0, 0, 0, 0 },
	{ "Follow-up", 9, 13, 4, 0, 0, 0, 0 },
	{ "Region", 8, 16, 6, 0, 0, 0, 0 },
};

static void
row_cells(struct view *v, const struct pool_row *r, char id[16],
    char when[32], const char *cells[8])
{
	const struct pool_row *cursor = pager_selected(&((struct pools *)
	    v->data)->pg);

	snprintf(id, 16, "%lld", (long long)r->id);
	*when = '\0';
	if (r->followup != 0)
		when_label(r->followup, v->tui->now, when, 32);
	cells[0] = marks_shown(v->tui, r->id, 0, cursor ? cursor->id : 0) ?
	    "*" : "";
	cells[1] = id;
	cells[2] = r->name;
	cells[3] = r->phone;
	cells[4] = r->status;
	cells[5] = r->owner[0] ? r->owner : "-";
	cells[6] = when;
	cells[7] = r->region;
}

static void
row_draw(struct view *v, WINDOW *win, int y, const struct column *cols,
    const struct pool_row *r, int selected)
{
	char id[16], when[32];
	const char *cells[8];

	row_cells(v, r, id, when, cells);
	if (selected)
		wattron(win, v->tui->pane == PANE_POOLS ? A_REVERSE :
		    A_UNDERLINE);
	tui_put(win, y, 0, getmaxx(win), "");
	columns_row(win, y, cols, 8, cells);
	wattrset(win, A_NORMAL);
}

/* The selected lead whole, for the detail line. */
static void
pools_detail(struct view *v, char *buf, size_t size)
{
	const struct pool_row *r = pager_selected(&((struct pools *)
	    v->data)->pg);
	char id[16], when[32];
	const char *c[8];

	*buf = '\0';
	if (r == NULL)
		return;
	row_cells(v, r, id, when, c);
	snprintf(buf, size, "Lead %s: %s, %s, %s, owner %s, %s%s%s", id, c[2],
	    c[3], c[4], c[5], c[7][0] ? c[7] : "no region", when[0] ?
	    ", follow-up " : "", when);
}

static void
pools_draw(struct view *v, WINDOW *win)
{
	struct column cols[8];
	struct pools *p = v->data;
	int i, height = getmaxy(win) - 2, w = getmaxx(win);
	char detail[600];

	memcpy(cols, pool_columns, sizeof cols);
	columns_fit(cols, 8, w);
	pools_detail(v, detail, sizeof detail);
	height = detail_draw(v->tui, win, height, detail);
	if (height < 1)
		height = 1;
	if (height != p->pg.height) {	/* a resize: refill the page */
		p->pg.height = height;
		pools_reload(v);
	}
	title_draw(v, win);
	tui_put(win, 1, 0, w, "");
	columns_head(win, 1, cols, 8);
	if (p->error[0] != '\0')
		tui_put(win, 2, 1, w - 2, p->error);
	else if (p->pg.nrows == 0)
		tui_put(win, 2, 1, w - 2, p->filter[0] ? "No lead of this pool "
		    "matches the filter; f and an empty line clears it." :
		    "This pool is empty; Left and Right show the others.");
	for (i = 0; i < p->pg.nrows && i < height; i++)
		row_draw(v, win, i + 2, cols, &p->rows[i], i == p->pg.sel);
}

static int
pools_open(struct view *v)
{
	struct pools *p = v->data;

	p->view = v;
	p->pg = (struct pager){ .rows = (char *)p->rows, .got = (char *)p->got,
	    .size = sizeof p->rows[0], .max = MAX_ROWS, .owner = p,
	    .walk = walk, .id_of = row_id };
	return 0;
}

const struct view_ops pools_view = {
	.name = "Pools",
	.keys = pool_keys,
	.state_size = sizeof(struct pools),
	.open = pools_open,
	.reload = pools_reload,
	.draw = pools_draw,
	.handle = pools_handle,
};
