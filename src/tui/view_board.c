/*
 * The team board: a row per rep of the team, live: attendance and the
 * time in it, the lead being worked now, today's calls, connects,
 * conversions and talk time, open and missed follow-ups, open leads.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/board.h"
#include "callq/when.h"
#include "columns.h"
#include "detail.h"
#include "list.h"

#define MAX_REPS 200

struct board_item {
	char            login[64];
	enum attendance state;
	time_t          since;
	char            reason[64];
	int64_t         lead_id;
	char            lead_name[96];
	int             calls, connects, conversions, talk_s;
	int             open_followups, missed_followups;
	int64_t         open_leads;
};

struct board {
	struct board_item items[MAX_REPS];
	int               n;
	struct list       list;
	char              error[512];
};

static const struct keybind board_keys[] = {
	NAV_KEYS,
	{ '\r', "Enter", TA_OPEN, "Open the lead the rep is working", NULL },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static int
item_take(const struct board_row *r, void *arg)
{
	struct board *b = arg;
	struct board_item *it;

	if (b->n == MAX_REPS)
		return 1;
	it = &b->items[b->n++];
	snprintf(it->login, sizeof it->login, "%s", r->login);
	it->state = r->state;
	it->since = r->since;
	snprintf(it->reason, sizeof it->reason, "%s", r->reason);
	it->lead_id = r->lead_id;
	snprintf(it->lead_name, sizeof it->lead_name, "%s", r->lead_name);
	it->calls = r->calls;
	it->connects = r->connects;
	it->conversions = r->conversions;
	it->talk_s = r->talk_s;
	it->open_followups = r->open_followups;
	it->missed_followups = r->missed_followups;
	it->open_leads = r->open_leads;
	return 0;
}

static void
board_reload(struct view *v)
{
	struct board *b = v->data;
	struct err err = { 0 };

	b->n = 0;
	b->error[0] = '\0';
	if (store_board(v->tui->st, v->tui->who, when_day_start(v->tui->now),
	    item_take, b, &err) != 0)
		snprintf(b->error, sizeof b->error, "%s", err.msg);
	list_fit(&b->list, b->n);
}

static int
board_handle(struct view *v, enum tui_action a)
{
	struct board *b = v->data;

	if (list_handle(&b->list, b->n, a))
		return 1;
	switch (a) {
	case TA_OPEN:
		if (b->n > 0 && b->items[b->list.sel].lead_id != 0)
			tui_lead_open(v->tui, b->items[b->list.sel].lead_id);
		else
			tui_message(v->tui, "That rep is not on a lead now.");
		break;
	default:
		return 0;
	}
	return 1;
}

/* Rep, state, today's figures, follow-ups, open leads, the lead on hand. */
static const struct column board_columns[10] = {
	{ "Rep", 6, 8, 0, 0, 0, 0, 0 },
	{ "State", 6, 18, 0, 0, 0, 0, 0 },
	{ "Calls", 5, 5, 1, 1, 0, 0, 0 },
	{ "Conn", 4, 5, 4, 1, 0, 0, 0 },
	{ "Conv", 4, 4, 3, 1, 0, 0, 0 },
	{ "Talk", 5, 6, 5, 1, 0, 0, 0 },
	{ "FU", 3, 5, 6, 1, 0, 0, 0 },
	{ "Missed", 6, 6, 2, 1, 0, 0, 0 },
	{ "Open", 4, 6, 7, 1, 0, 0, 0 },
	{ "Working on", 12, 12, 1, 0, 1, 0, 0 },
};

/* An item's cells, written into text (ten cells of 128 bytes). */
static void
item_cells(const struct tui *t, const struct board_item *it,
    char text[10][128])
{
	long in_state = it->since && t->now > it->since ?
	    (long)(t->now - it->since) : 0;

	snprintf(text[0], 128, "%s", it->login);
	snprintf(text[1], 128, "%s%s%.64s %ld:%02ld", it->state == ATT_IN ?
	    "IN" : it->state == ATT_PAUSED ? "PAUSED" : "OUT",
	    it->reason[0] ? " " : "", it->reason, in_state / 3600,
	    in_state / 60 % 60);
	snprintf(text[2], 128, "%d", it->calls);
	snprintf(text[3], 128, "%d", it->connects);
	snprintf(text[4], 128, "%d", it->conversions);
	snprintf(text[5], 128, "%d:%02d", it->talk_s / 3600,
	    it->talk_s / 60 % 60);
	snprintf(text[6], 128, "%d", it->open_followups);
	snprintf(text[7], 128, "%d", it->missed_followups);
	snprintf(text[8], 128, "%lld", (long long)it->open_leads);
	*text[9] = '\0';
	if (it->lead_id != 0)
		snprintf(text[9], 128, "%lld %.96s", (long long)it->lead_id,
		    it->lead_name);
}

static void
item_draw(struct view *v, WINDOW *win, int y, const struct column *cols,
    const struct board_item *it, int selected)
{
	char text[10][128];
	const char *cells[10];
	int i;

	item_cells(v->tui, it, text);
	for (i = 0; i < 10; i++)
		cells[i] = text[i];
	if (selected)
		wattron(win, v->tui->pane == PANE_BOARD ? A_REVERSE :
		    A_UNDERLINE);
	else if (it->state != ATT_IN)
		wattron(win, tui_dim_attr(v->tui));
	tui_put(win, y, 0, getmaxx(win), "");
	columns_row(win, y, cols, 10, cells);
	wattrset(win, A_NORMAL);
}

/* The rep under the cursor whole, for the detail line. */
static void
board_detail(struct view *v, char *buf, size_t size)
{
	struct board *b = v->data;
	char c[10][128];

	*buf = '\0';
	if (b->n == 0)
		return;
	item_cells(v->tui, &b->items[b->list.sel], c);
	snprintf(buf, size, "%s, %s. Today: %s calls, %s connects, %s "
	    "converted, talk %s. Follow-ups: %s open, %s missed. %s open "
	    "leads. %s%s", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
	    c[8], c[9][0] ? "Working on lead " : "Not on a lead.", c[9]);
}

static void
board_draw(struct view *v, WINDOW *win)
{
	struct column cols[10];
	struct board *b = v->data;
	int i, h = getmaxy(win) - 2, w = getmaxx(win);
	char detail[1400];

	wattron(win, A_BOLD);
	tui_put(win, 0, 1, w - 2, "Team board: who is in, on what, and how "
	    "today goes");
	wattroff(win, A_BOLD);
	memcpy(cols, board_columns, sizeof cols);
	columns_fit(cols, 10, w);
	columns_head(win, 1, cols, 10);
	if (b->error[0] != '\0') {
		wrap_put(win, 2, 1, w - 2, h, b->error);
		return;
	}
	if (b->n == 0)
		tui_put(win, 2, 1, w - 2, "No rep in the team yet.");
	board_detail(v, detail, sizeof detail);
	h = detail_draw(v->tui, win, h, detail);
	list_show(&b->list, h);
	for (i = 0; i < h && b->list.top + i < b->n; i++)
		item_draw(v, win, 2 + i, cols, &b->items[b->list.top + i],
		    b->list.top + i == b->list.sel);
}

const struct view_ops board_view = {
	.name = "Team board",
	.keys = board_keys,
	.state_size = sizeof(struct board),
	.reload = board_reload,
	.draw = board_draw,
	.handle = board_handle,
};
