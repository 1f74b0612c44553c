/*
 * Follow-ups: the rep's promised call-backs, grouped Missed, Today and
 * Upcoming, each at its time in the rep's clock and the lead's. Enter
 * opens the lead, d closes one with its outcome, r moves it to another
 * time inside the lead's calling hours.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/followup.h"
#include "callq/hours.h"
#include "callq/text.h"
#include "callq/when.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "list.h"

#define MAX_ITEMS 500

struct fu_item {
	int64_t id, lead_id;
	time_t  due;
	char    name[160];
	char    note[200];
	char    reason[64];
	char    zones[256];	/* the lead's: its own time is shown too */
	char    country[4];
};

struct fu_pane {
	struct fu_item items[MAX_ITEMS];
	int            n;
	struct list    list;
	int            counts[3];	/* missed, today, upcoming */
	int            due;		/* of today's, those due now */
};

static const struct keybind followup_keys[] = {
	NAV_KEYS,
	{ '\r', "Enter", TA_OPEN, "Open its lead", "Open" },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
	{ 'd', "d", TA_DONE, "Mark done, with its outcome", "Done" },
	{ 'r', "r", TA_RESCHEDULE, "Reschedule it", "Reschedule" },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

/* 0 missed, 1 today (due now included), 2 upcoming. */
static int
group_of(time_t due, time_t now)
{
	switch (when_due_state(due, now)) {
	case DUE_MISSED: return 0;
	case DUE_NOW:
	case DUE_TODAY: return 1;
	default: return 2;
	}
}

static int
item_take(const struct followup *f, void *arg)
{
	struct fu_pane *p = arg;
	struct fu_item *it;

	if (p->n == MAX_ITEMS)
		return 1;
	it = &p->items[p->n++];
	it->id = f->id;
	it->lead_id = f->lead_id;
	it->due = f->due_at;
	snprintf(it->name, sizeof it->name, "%s", f->lead_name);
	snprintf(it->note, sizeof it->note, "%s", f->note);
	snprintf(it->reason, sizeof it->reason, "%s", f->reason);
	snprintf(it->zones, sizeof it->zones, "%s", f->zones);
	snprintf(it->country, sizeof it->country, "%s", f->country);
	return 0;
}

static void
followups_reload(struct view *v)
{
	struct fu_pane *p = v->data;
	struct err err = { 0 };
	/* In use, the cursor stays on its follow-up; shown anew, it starts
	 * at the top, where the missed ones are. */
	int64_t id = p->n > 0 && v->tui->pane == PANE_FOLLOWUPS ?
	    p->items[p->list.sel].id : 0;
	int i;

	p->n = 0;
	memset(p->counts, 0, sizeof p->counts);
	if (store_followup_list(v->tui->st, v->tui->who, NULL, FOLLOWUP_OPEN,
	    item_take, p, &err) != 0)
		tui_message(v->tui, "%s", err.msg);
	p->list.sel = 0;
	p->due = 0;
	for (i = 0; i < p->n; i++) {
		p->counts[group_of(p->items[i].due, v->tui->now)]++;
		p->due += when_due_state(p->items[i].due, v->tui->now) ==
		    DUE_NOW;
		if (p->items[i].id == id)
			p->list.sel = i;
	}
	list_fit(&p->list, p->n);
}

void
followups_badge(struct tui *t, int *due, int *missed)
{
	const struct fu_pane *p = t->panes[PANE_FOLLOWUPS].data;

	*due = p->due;
	*missed = p->counts[0];
}

static int
done_submit(struct tui *t, struct form *f)
{
	struct err err = { 0 };

	if (store_followup_done(t->st, t->who, f->id, f->text[0] ? f->text :
	    NULL, &err) != 0) {
		tui_message(t, "Not done: %s", err.msg);
		return 1;
	}
	tui_message(t, "Follow-up done.");
	tui_reload(t);
	return 0;
}

/* The lead a reschedule is about: the form's own data. */
static int64_t
move_lead(const struct form *f)
{
	return f->data != NULL ? *(const int64_t *)f->data : 0;
}

static void
move_preview(struct tui *t, const struct form *f, char *buf, size_t size)
{
	form_followup_preview(t, f, move_lead(f), buf, size);
}

static int
move_submit(struct tui *t, struct form *f)
{
	struct followup_fit fit;
	struct err err = { 0 };
	char when[128], far[160];
	time_t at;

	if (form_followup_when(t, move_lead(f), f->text, &at) != 0 ||
	    at <= t->now) {
		tui_message(t, "Give a time ahead, like %s.", WHEN_EXAMPLES);
		return 1;
	}
	if (!form_followup_fits(t, f, move_lead(f), at))
		return 1;
	if (store_followup_move(t->st, t->who, f->id, at, &err) != 0) {
		tui_message(t, "Not moved: %s", err.msg);
		return 1;
	}
	if (store_followup_fit(t->st, t->who, move_lead(f), at, &fit,
	    &err) != 0)
		fit.zones[0] = fit.country[0] = '\0';
	hours_when_both(at, t->now, fit.zones, fit.country, when, sizeof when);
	if (store_followup_far(t->st, at, far, sizeof far))
		tui_message(t, "Follow-up moved to %s; note: %s.", when, far);
	else
		tui_message(t, "Follow-up moved to %s.", when);
	tui_reload(t);
	return 0;
}

static void
prompt_open(struct tui *t, const struct fu_item *it, int move)
{
	struct form *f = form_new(move ? "Reschedule to:" : "Outcome (Enter "
	    "for none):", NULL);
	int64_t *lead;

	if (f != NULL) {
		f->id = it->id;
		f->submit = move ? move_submit : done_submit;
		if (move && (lead = malloc(sizeof *lead)) != NULL) {
			*lead = it->lead_id;
			f->data = lead;
			f->preview = move_preview;
		}
	}
	form_open(t, f);
}

static int
followups_handle(struct view *v, enum tui_action a)
{
	struct fu_pane *p = v->data;
	struct fu_item *it = p->n > 0 ? &p->items[p->list.sel] : NULL;

	if (list_handle(&p->list, p->n, a))
		return 1;
	switch (a) {
	case TA_OPEN:
		if (it != NULL)
			tui_lead_open(v->tui, it->lead_id);
		break;
	case TA_DONE:
	case TA_RESCHEDULE:
		if (it != NULL)
			prompt_open(v->tui, it, a == TA_RESCHEDULE);
		break;
	default:
		return 0;
	}
	return 1;
}

/* A follow-up's cells: its tag, when, when in the lead's clock, note. */
static void
item_cells(const struct tui *t, const struct fu_item *it, int g,
    char when[40], char theirs[96], char note[300], const char *cells[6])
{
	char local[80];

	when_label(it->due, t->now, when, 40);
	hours_clock_at(it->zones, it->country, it->due, local, sizeof local);
	*theirs = '\0';
	if (local[0] != '\0')
		snprintf(theirs, 96, "(%.60s)", local);
	snprintf(note, 300, "%s%s%s", it->reason, it->reason[0] &&
	    it->note[0] ? ": " : "", it->note);
	cells[0] = "";
	cells[1] = g == 0 ? "[MISSED]" : g == 1 ? "[TODAY]" : "[LATER]";
	cells[2] = when;
	cells[3] = theirs;
	cells[4] = it->name;
	cells[5] = note;
}

/* The follow-up under the cursor whole, for the detail line. */
static void
followups_detail(struct view *v, char *buf, size_t size)
{
	struct fu_pane *p = v->data;
	char when[40], theirs[96], note[300];
	const char *c[6];

	*buf = '\0';
	if (p->n == 0)
		return;
	item_cells(v->tui, &p->items[p->list.sel], group_of(p->items[p->list.sel].due,
	    v->tui->now), when, theirs, note, c);
	snprintf(buf, size, "%s %s %s: %s%s%s", c[1], when, theirs, c[4],
	    note[0] ? ". " : "", note);
}

static void
followups_draw(struct view *v, WINDOW *win)
{
	static const char *const groups[] = { "Missed", "Today", "Upcoming" };
	struct column cols[6] = {
		{ "", 1, 1, 0, 0, 0, 0, 0 },
		{ "", 8, 9, 4, 0, 0, 0, 0 },
		{ "", 9, 15, 0, 0, 0, 0, 0 },
		{ "", 10, 20, 2, 0, 0, 0, 0 },
		{ "", 12, 22, 0, 0, 0, 0, 0 },
		{ "", 10, 20, 1, 0, 1, 0, 0 },
	};
	struct fu_pane *p = v->data;
	int i, y = 1, g = -1, w = getmaxx(win), h = getmaxy(win);
	char title[128], line[640], when[40], theirs[96], note[300];
	const char *cells[6];

	snprintf(title, sizeof title, "Follow-ups: %d missed, %d today, %d "
	    "upcoming", p->counts[0], p->counts[1], p->counts[2]);
	wattron(win, A_BOLD);
	tui_put(win, 0, 1, w - 2, title);
	wattroff(win, A_BOLD);
	if (p->n == 0)
		tui_put(win, 2, 1, w - 2, "No open follow-ups.");
	columns_fit(cols, 6, w);
	followups_detail(v, line, sizeof line);
	h = detail_draw(v->tui, win, h - 1, line) + 1;
	/* Keep the cursor on screen, the title and group heads aside. */
	list_show(&p->list, h - 5);
	for (i = p->list.top; i < p->n && y < h; i++) {
		if (group_of(p->items[i].due, v->tui->now) != g) {
			g = group_of(p->items[i].due, v->tui->now);
			wattron(win, g == 0 ? A_BOLD | tui_status_attr(v->tui,
			    "Lost") : A_BOLD);
			snprintf(line, sizeof line, "%s (%d)", groups[g],
			    p->counts[g]);
			tui_put(win, y++, 1, w - 2, line);
			wattrset(win, A_NORMAL);
			if (y >= h)
				break;
		}
		item_cells(v->tui, &p->items[i], g, when, theirs, note, cells);
		if (i == p->list.sel && v->tui->pane == PANE_FOLLOWUPS)
			wattron(win, A_REVERSE);
		tui_put(win, y, 0, w, "");
		columns_row(win, y++, cols, 6, cells);
		wattrset(win, A_NORMAL);
	}
}

const struct view_ops followups_view = {
	.name = "Follow-ups",
	.keys = followup_keys,
	.state_size = sizeof(struct fu_pane),
	.reload = followups_reload,
	.draw = followups_draw,
	.handle = followups_handle,
};
