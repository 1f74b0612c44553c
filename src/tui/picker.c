/*
 * The picker: a box over the screen listing what to pick from (reps, with
 * their state and load). The keys of every list move, Space chooses
 * several where several may be picked, Enter takes, Esc lets go.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/assign.h"
#include "callq/perm.h"
#include "list.h"

void
picker_close(struct tui *t)
{
	if (t->picker == NULL)
		return;
	free(t->picker->items);
	free(t->picker->data);
	free(t->picker);
	t->picker = NULL;
}

void
picker_open(struct tui *t, struct picker *p)
{
	picker_close(t);
	t->picker = p;
}

/* The box's height: its items and four lines around them. */
static int
picker_height(const struct picker *p)
{
	return p->n + 4 > LINES - 4 ? LINES - 4 : p->n + 4;
}

void
picker_key(struct tui *t, int key)
{
	struct picker *p = t->picker;
	struct list l = { .sel = p->sel, .height = picker_height(p) - 4 };
	enum tui_action a = list_key(key, &t->pending_g);

	if (a == TA_GOTO)
		return;
	if (list_handle(&l, p->n, a)) {
		p->sel = l.sel;
		return;
	}
	switch (key) {
	case ' ':
		if (p->multi && p->n > 0)
			p->items[p->sel].chosen = !p->items[p->sel].chosen;
		return;
	case 27:
		picker_close(t);
		tui_message(t, "Nothing was changed.");
		return;
	case '\r': case '\n': case KEY_ENTER:
		if (p->n == 0) {
			picker_close(t);
			return;
		}
		if (!p->multi)
			p->items[p->sel].chosen = 1;
		t->picker = NULL;	/* done may open another */
		p->done(t, p);
		free(p->items);
		free(p->data);
		free(p);
		return;
	}
	tui_message(t, p->multi ? "j/k move, Space picks, Enter takes the "
	    "picked, Esc cancels." : "j/k move, Enter picks, Esc cancels.");
}

void
picker_draw(struct tui *t)
{
	struct picker *p = t->picker;
	int h = picker_height(p), w = COLS - 8 > 72 ? 72 : COLS - 8, i;
	int top = 0;
	WINDOW *win;
	char line[192];

	if (h < 4 || w < 20 ||
	    (win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2)) == NULL)
		return;
	box(win, 0, 0);
	wattron(win, A_BOLD);
	tui_put(win, 0, 2, w - 4, p->title);
	wattroff(win, A_BOLD);
	if (p->sel >= h - 4)
		top = p->sel - (h - 4) + 1;
	for (i = 0; i < h - 4 && top + i < p->n; i++) {
		const struct picker_item *it = &p->items[top + i];

		snprintf(line, sizeof line, "%s%s", p->multi ? (it->chosen ?
		    "[x] " : "[ ] ") : "", it->label);
		if (top + i == p->sel)
			wattron(win, A_REVERSE);
		tui_put(win, 1 + i, 2, w - 4, line);
		wattroff(win, A_REVERSE);
	}
	tui_put(win, h - 2, 2, w - 4, p->multi ? "Space picks  Enter takes  "
	    "Esc cancels" : "Enter picks  Esc cancels");
	wnoutrefresh(win);
	delwin(win);
}

struct picker_item *
picker_add(struct picker *p, const char *label, const char *key)
{
	struct picker_item *v;

	if ((v = realloc(p->items, (size_t)(p->n + 1) * sizeof *v)) == NULL)
		return NULL;
	p->items = v;
	v = &p->items[p->n++];
	memset(v, 0, sizeof *v);
	snprintf(v->label, sizeof v->label, "%s", label);
	snprintf(v->key, sizeof v->key, "%s", key);
	return v;
}

int
picker_add_rep(const struct assign_rep *r, void *picker)
{
	char label[128];

	snprintf(label, sizeof label, "%-16s %-8s %5lld open", r->login,
	    role_name(r->role), (long long)r->open_leads);
	return picker_add(picker, label, r->login) == NULL;
}
