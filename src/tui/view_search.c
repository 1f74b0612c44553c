/*
 * Find: any lead the user may see, from a number in any spelling or its
 * last digits, a name, city, e-mail or note, or #ID; results as the text
 * is typed. Enter opens the lead, and n/N in the lead step through the
 * results; Esc goes back to the view the search was opened from.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "callq/hours.h"
#include "callq/search.h"
#include "callq/text.h"
#include "list.h"

#define SEARCH_ROWS 100

struct found {
	int64_t id;
	char    name[128], phone[48], status[16], owner[64], region[64];
	char    marked[20];	/* the status, a customer's followed by " $" */
	char    zones[160], country[4];
};

struct search {
	char         text[256];	/* as typed */
	char         shown[256];	/* what the results are for */
	struct found rows[SEARCH_ROWS];
	int          n;
	struct list  list;
	int64_t      opened;	/* the lead Enter (or n, N) opened last */
};

/*
 * Typing keys are the view's own (search_key), but for ? (help); these
 * are what is left.
 */
static const struct keybind search_keys[] = {
	{ KEY_DOWN, "Down", TA_DOWN, "Next lead found", NULL },
	{ KEY_UP, "Up", TA_UP, "Previous lead found", NULL },
	{ KEY_NPAGE, "PgDn", TA_PAGE_DOWN, "Next page", NULL },
	{ KEY_PPAGE, "PgUp", TA_PAGE_UP, "Previous page", NULL },
	{ KEY_HOME, "Home", TA_TOP, "First lead found", NULL },
	{ KEY_END, "End", TA_BOTTOM, "Last lead found", NULL },
	{ '\r', "Enter", TA_OPEN, "Open the lead; n and N there step through "
	  "the leads found", "Open" },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
	{ 27, "Esc", TA_CLOSE, "Back to where / was pressed", "Back" },
	{ -1, "Backspace, Ctrl-U", TA_NONE, "Take back a character, or all",
	  NULL },
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static struct search *
search_of(struct tui *t)
{
	return t->panes[PANE_SEARCH].data;
}

static int
found_take(const struct search_hit *h, void *arg)
{
	struct search *s = arg;
	struct found *f = &s->rows[s->n++];

	f->id = h->id;
	snprintf(f->name, sizeof f->name, "%s", h->name);
	snprintf(f->phone, sizeof f->phone, "%s", h->phone);
	snprintf(f->status, sizeof f->status, "%s", h->status);
	snprintf(f->marked, sizeof f->marked, "%s%s", h->status,
	    h->customer ? " $" : "");
	snprintf(f->owner, sizeof f->owner, "%s", h->owner);
	snprintf(f->region, sizeof f->region, "%s", h->region);
	snprintf(f->zones, sizeof f->zones, "%s", h->timezone);
	snprintf(f->country, sizeof f->country, "%s", h->country);
	return 0;
}

/* Runs the search for what is typed, unless the results are for it. */
static void
search_run(struct tui *t, struct search *s, int again)
{
	struct err err = { 0 };

	if (!again && strcmp(s->text, s->shown) == 0)
		return;
	snprintf(s->shown, sizeof s->shown, "%s", s->text);
	s->n = 0;
	s->list.sel = s->list.top = 0;
	if (store_search(t->st, t->who, s->text, SEARCH_ROWS, found_take, s,
	    &err) != 0)
		tui_message(t, "%s", err.msg);
}

static void
search_reload(struct view *v)
{
	struct search *s = v->data;
	int64_t id = s->n > 0 ? s->rows[s->list.sel].id : 0;
	int i;

	search_run(v->tui, s, 1);
	for (i = 0; i < s->n; i++)
		if (s->rows[i].id == id)
			s->list.sel = i;
	list_fit(&s->list, s->n);
}

void
search_open(struct tui *t, const char *text)
{
	struct search *s = search_of(t);

	snprintf(s->text, sizeof s->text, "%s", text);
	s->shown[0] = '\0';
	tui_pane_show(t, PANE_SEARCH);
}

int
search_key(struct tui *t, int key)
{
	struct search *s = search_of(t);

	if (key == KEY_BACKSPACE || key == 127 || key == 8)
		text_pop(s->text);
	else if (key == 21)		/* Ctrl-U */
		s->text[0] = '\0';
	else if (key & TUI_KEY_CHAR)
		text_push(s->text, sizeof s->text, (wchar_t)(key & ~TUI_KEY_CHAR));
	else if (key >= ' ' && key < KEY_MIN && key != 127 && key != '?')
		text_push(s->text, sizeof s->text, (wchar_t)key);
	else
		return 0;
	search_run(t, s, 0);
	return 1;
}

/*
 * Opens row i's lead, remembered for n and N in the lead. A lead asked
 * for by #ID takes Find's place, as a jump: Esc in it goes back to where
 * # was pressed.
 */
static void
found_open(struct tui *t, struct search *s, int i)
{
	s->list.sel = i;
	s->opened = s->rows[i].id;
	if (s->shown[0] == '#' && t->pane == PANE_SEARCH)
		stack_remove(t, PANE_SEARCH);
	tui_lead_open(t, s->opened);
}

int
search_step(struct tui *t, int step)
{
	struct search *s = search_of(t);
	int i;

	if (s->opened == 0 || s->opened != t->lead_id)
		return 0;
	for (i = 0; i < s->n && s->rows[i].id != s->opened; i++)
		;
	if (i == s->n)
		return 0;
	if (i + step < 0 || i + step >= s->n) {
		tui_message(t, "That was the %s lead found for \"%s\".",
		    step > 0 ? "last" : "first", s->shown);
		return 1;
	}
	tui_lead_close(t);
	found_open(t, s, i + step);
	return 1;
}

int
search_opened(struct tui *t, int64_t lead)
{
	return lead != 0 && search_of(t)->opened == lead;
}

static int
search_handle(struct view *v, enum tui_action a)
{
	struct search *s = v->data;

	if (list_handle(&s->list, s->n, a))
		return 1;
	if (a != TA_OPEN)
		return 0;	/* Esc: the stack goes back */
	if (s->n > 0)
		found_open(v->tui, s, s->list.sel);
	else
		tui_message(v->tui, "No lead to open: type a number, a name or "
		    "#ID first.");
	return 1;
}

/* Columns, least needed last: dropped in that order on narrow screens. */
enum { COL_PHONE, COL_STATUS, COL_LOCAL, COL_OWNER, COL_REGION, NCOLS };
static const struct { const char *title; int width; } cols[NCOLS] = {
	{ "Phone", 17 }, { "Status", 12 }, { "Local", 7 }, { "Owner", 9 },
	{ "Region", 12 },
};

/* How many of cols fit beside a name of 20 columns in w. */
static int
cols_shown(int w)
{
	int n = 0, used = 20;

	while (n < NCOLS && used + cols[n].width <= w)
		used += cols[n++].width;
	return n;
}

static void
found_line(struct tui *t, WINDOW *win, int y, int w, int ncols,
    const struct found *f)
{
	const char *cells[NCOLS] = { f->phone, f->marked, NULL, f->owner,
	    f->region };
	char local[24];
	int i, x = w;

	hours_local_clock(f->zones, f->country, t->now, local, sizeof local);
	cells[COL_LOCAL] = local;
	for (i = ncols - 1; i >= 0; i--) {
		x -= cols[i].width;
		if (i == COL_STATUS)
			wattron(win, tui_status_attr(t, f->status));
		tui_put(win, y, x, cols[i].width - 1, cells[i]);
		if (i == COL_STATUS)
			wattroff(win, tui_status_attr(t, f->status));
	}
	tui_put(win, y, 1, x - 2, f->name);
}

static void
search_head(struct tui *t, struct search *s, WINDOW *win, int w, int ncols)
{
	char line[400];
	int i, x = w;

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Find: %s", s->text);
	tui_put(win, 0, 1, w - 2, line);
	if (t->pane == PANE_SEARCH && (int)strlen(line) + 1 < w - 1)
		mvwaddch(win, 0, 1 + text_width(line), '_');
	wattroff(win, A_BOLD);
	if (s->n == 0)
		return;
	wattron(win, A_UNDERLINE);
	tui_put(win, 1, 0, w, "");
	for (i = ncols - 1; i >= 0; i--) {
		x -= cols[i].width;
		tui_put(win, 1, x, cols[i].width - 1, cols[i].title);
	}
	tui_put(win, 1, 1, x - 2, "Name");
	wattroff(win, A_UNDERLINE);
}

/* What an empty list means: nothing typed yet, or nothing found. */
static void
search_empty(const struct search *s, WINDOW *win, int w)
{
	const char *say = s->text[0] == '\0' ?
	    "Type a number (any spelling, or its last 4 digits or more), a "
	    "name, a city, an e-mail, words of a note, or #ID." :
	    "No lead you may see matches. Names, cities, e-mails and notes "
	    "match from 3 characters, a number's end from 4 digits.";

	tui_put(win, 2, 1, w - 2, say);
}

static void
search_draw(struct view *v, WINDOW *win)
{
	struct search *s = v->data;
	int i, h = getmaxy(win) - 2, w = getmaxx(win), ncols = cols_shown(w);

	search_run(v->tui, s, 0);
	search_head(v->tui, s, win, w, ncols);
	if (s->n == 0) {
		search_empty(s, win, w);
		return;
	}
	list_show(&s->list, h);
	for (i = 0; i < h && s->list.top + i < s->n; i++) {
		if (s->list.top + i == s->list.sel)
			wattron(win, A_REVERSE);
		tui_put(win, 2 + i, 0, w, "");
		found_line(v->tui, win, 2 + i, w, ncols, &s->rows[s->list.top + i]);
		wattrset(win, A_NORMAL);
	}
}

const struct view_ops search_view = {
	.name = "Find",
	.keys = search_keys,
	.state_size = sizeof(struct search),
	.reload = search_reload,
	.draw = search_draw,
	.handle = search_handle,
};
