#include <string.h>

#include "list.h"

/*
 * The overlay lists every key of every pane, generated from the key
 * tables, so it always says what the keys do. It scrolls when the
 * terminal is too short for all of it.
 */
struct help_line {
	const char *key;	/* NULL: a section title in text */
	const char *text;
};

#define HELP_MAX 256

/* The keys of table the user may use, after a title. */
static int
keys_add(const struct tui *t, const char *title, const struct keybind *keys,
    struct help_line *out, int n)
{
	const struct keybind *k;

	out[n++] = (struct help_line){ NULL, title };
	for (k = keys; k->key != 0 && n < HELP_MAX - 1; k++)
		if (k->keyname != NULL && tui_may(t, k->action))
			out[n++] = (struct help_line){ k->keyname, k->help };
	return n;
}

/* The panes' own keys, from the table that dispatches them. */
static int
goto_add(const struct tui *t, char names[][16], struct help_line *out, int n)
{
	const struct goto_key *g;
	int i = 0;

	out[n++] = (struct help_line){ NULL, "Panes" };
	for (g = tui_goto_keys; g->action != TA_NONE && n < HELP_MAX - 1 &&
	    i < PANE_COUNT; g++) {
		if (!tui_pane_visible(t, g->pane))
			continue;
		tui_goto_name(g, names[i], sizeof names[0]);
		out[n++] = (struct help_line){ names[i++], g->help };
	}
	return n;
}

/* Two columns of keys where they fit. */
static int
help_cols(void)
{
	return COLS >= 124 ? 2 : 1;
}

static int
help_lines(const struct tui *t, struct help_line *out, char names[][16])
{
	int n = 0, i;

	/* The pane in use first, then the others, then the shared keys. */
	n = keys_add(t, t->panes[t->pane].ops->name,
	    t->panes[t->pane].ops->keys, out, n);
	for (i = 0; i < PANE_COUNT && n < HELP_MAX - 2; i++) {
		/* A pane the role cannot open has no keys to tell of. */
		if (i == (int)t->pane || t->panes[i].ops->keys[0].key == 0 ||
		    !tui_pane_visible(t, (enum pane)i))
			continue;
		n = keys_add(t, t->panes[i].ops->name, t->panes[i].ops->keys,
		    out, n);
	}
	if (n < HELP_MAX - 2)
		n = goto_add(t, names, out, n);
	if (n < HELP_MAX - 2)
		n = keys_add(t, "Everywhere", tui_global_keys, out, n);
	return n;
}

void
help_draw(struct tui *t)
{
	struct help_line lines[HELP_MAX];
	char names[PANE_COUNT][16];
	int n = help_lines(t, lines, names), cols = help_cols();
	int w = COLS < 62 * cols ? COLS : 62 * cols, h = LINES - 2;
	int rows = h - 2, per, i, y, x;
	WINDOW *win;

	if (h < 3 || w < 20 || (win = newwin(h, w, 1, (COLS - w) / 2)) == NULL)
		return;
	per = (n + cols - 1) / cols;
	if (t->help_top > per - rows)
		t->help_top = per - rows > 0 ? per - rows : 0;
	werase(win);
	box(win, 0, 0);
	mvwaddstr(win, 0, 2, " Help ");
	for (i = 0; i < n; i++) {
		y = i % per - t->help_top + 1;
		x = (i / per) * (w / cols) + 2;
		if (y < 1 || y > rows)
			continue;
		if (lines[i].key == NULL) {
			wattron(win, A_BOLD);
			tui_put(win, y, x, w / cols - 4, lines[i].text);
			wattroff(win, A_BOLD);
			continue;
		}
		tui_put(win, y, x + 2, 13, lines[i].key);
		tui_put(win, y, x + 16, w / cols - 19, lines[i].text);
	}
	tui_put(win, h - 1, 2, w - 4, per > rows ? " j/k, PgDn, End scroll; "
	    "any other key closes this " : " any key closes this ");
	wnoutrefresh(win);
	delwin(win);
}

/* The keys of every list scroll it; any other closes it. */
int
help_handle(struct tui *t, int key)
{
	struct help_line lines[HELP_MAX];
	char names[PANE_COUNT][16];
	int n = help_lines(t, lines, names), cols = help_cols();
	/* The rows help_draw shows: the screen less bars and the box. */
	struct list l = { .top = t->help_top, .height = LINES - 4 };
	enum tui_action a = list_key(key, &t->pending_g);

	if (a == TA_GOTO)
		return 0;
	if (list_scroll(&l, (n + cols - 1) / cols, a))
		t->help_top = l.top;
	else
		t->help = 0;
	return 0;
}
