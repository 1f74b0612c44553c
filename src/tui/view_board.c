/*
 * The team board: a row per rep of the team, live: attendance and the
 * time in it, the lead being worked now, today's calls, connects,
 * conversions and talk time, open and missed follow-ups, open leads.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/board.h"
#include "callq/when.h"
#include "view.h"

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
	int               n, sel, top;
	char              error[512];
};

static const struct keybind board_keys[] = {
	{ 'j', "j, Down", TA_DOWN, "Next rep", NULL },
	{ KEY_DOWN, NULL, TA_DOWN, NULL, NULL },
	{ 'k', "k, Up", TA_UP, "Previous rep", NULL },
	{ KEY_UP, NULL, TA_UP, NULL, NULL },
	{ '\r', "Enter", TA_OPEN, "Open the lead the rep is working", NULL },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
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
	if (b->sel >= b->n)
		b->sel = b->n > 0 ? b->n - 1 : 0;
}

static int
board_handle(struct view *v, enum tui_action a)
{
	struct board *b = v->data;

	switch (a) {
	case TA_DOWN:
		if (b->sel + 1 < b->n)
			b->sel++;
		break;
	case TA_UP:
		if (b->sel > 0)
			b->sel--;
		break;
	case TA_OPEN:
		if (b->n > 0 && b->items[b->sel].lead_id != 0)
			tui_lead_open(v->tui, b->items[b->sel].lead_id);
		else
			tui_message(v->tui, "That rep is not on a lead now.");
		break;
	default:
		return 0;
	}
	return 1;
}

static void
item_draw(struct view *v, WINDOW *win, int y, const struct board_item *it,
    int selected)
{
	long in_state = it->since && v->tui->now > it->since ?
	    (long)(v->tui->now - it->since) : 0;
	int w = getmaxx(win), lead_w = w - 2 - 79;
	char state[96], lead[128], line[256];

	snprintf(state, sizeof state, "%s%s%s %ld:%02ld", it->state == ATT_IN ?
	    "IN" : it->state == ATT_PAUSED ? "PAUSED" : "OUT",
	    it->reason[0] ? " " : "", it->reason, in_state / 3600,
	    in_state / 60 % 60);
	snprintf(line, sizeof line, "%-12.12s %-18.18s %5d %5d %4d %3d:%02d "
	    "%5d %6d %6lld", it->login, state, it->calls, it->connects,
	    it->conversions, it->talk_s / 3600, it->talk_s / 60 % 60,
	    it->open_followups, it->missed_followups,
	    (long long)it->open_leads);
	if (selected)
		wattron(win, v->tui->pane == PANE_BOARD ? A_REVERSE :
		    A_UNDERLINE);
	else if (it->state != ATT_IN)
		wattron(win, tui_dim_attr(v->tui));
	tui_put(win, y, 0, w, "");
	tui_put(win, y, 1, w - 2, line);
	if (lead_w > 4 && it->lead_id != 0) {
		snprintf(lead, sizeof lead, "%lld %.96s", (long long)it->lead_id,
		    it->lead_name);
		tui_put(win, y, 80, lead_w, lead);
	}
	wattrset(win, A_NORMAL);
}

static void
board_draw(struct view *v, WINDOW *win)
{
	struct board *b = v->data;
	int i, h = getmaxy(win) - 2, w = getmaxx(win);

	wattron(win, A_BOLD);
	tui_put(win, 0, 1, w - 2, "Team board: who is in, on what, and how "
	    "today goes");
	wattroff(win, A_BOLD);
	wattron(win, A_UNDERLINE);
	tui_put(win, 1, 1, w - 2, "Rep          State               Calls  "
	    "Conn Conv   Talk    FU Missed   Open  Working on");
	wattroff(win, A_UNDERLINE);
	if (b->error[0] != '\0') {
		tui_put(win, 2, 1, w - 2, b->error);
		return;
	}
	if (b->n == 0)
		tui_put(win, 2, 1, w - 2, "No rep in the team yet.");
	if (b->sel < b->top)
		b->top = b->sel;
	if (h > 0 && b->sel >= b->top + h)
		b->top = b->sel - h + 1;
	for (i = 0; i < h && b->top + i < b->n; i++)
		item_draw(v, win, 2 + i, &b->items[b->top + i],
		    b->top + i == b->sel);
}

static int
board_open(struct view *v)
{
	return (v->data = calloc(1, sizeof(struct board))) == NULL ? -1 : 0;
}

const struct view_ops board_view = {
	.name = "Team board",
	.keys = board_keys,
	.open = board_open,
	.close = view_data_free,
	.reload = board_reload,
	.draw = board_draw,
	.handle = board_handle,
};
