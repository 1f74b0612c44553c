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

static const struct view_ops *const help_panes[] = {
	&queue_view, &followups_view, &lead_view, &day_view, &pipeline_view,
	&board_view, &pools_view, &notify_view, &import_view, &users_view,
	&settings_view, &deleted_view, &audit_view,
};

/* Two columns of keys where they fit. */
static int
help_cols(void)
{
	return COLS >= 124 ? 2 : 1;
}

static int
help_lines(const struct tui *t, struct help_line *out)
{
	const struct view_ops *first = t->panes[t->pane].ops;
	const struct keybind *k;
	int n = 0, i;

	/* The pane in use first, then the others, then the shared keys. */
	for (i = -1; i < (int)(sizeof help_panes / sizeof help_panes[0]); i++) {
		const struct view_ops *ops = i < 0 ? first : help_panes[i];

		if (i >= 0 && ops == first)
			continue;
		/* A pane the role cannot open has no keys to tell of. */
		if (ops->keys[0].key == 0 || !view_visible(ops, t))
			continue;
		out[n++] = (struct help_line){ NULL, ops->name };
		for (k = ops->keys; k->key != 0 && n < HELP_MAX - 2; k++)
			if (k->keyname != NULL)
				out[n++] = (struct help_line){ k->keyname,
				    k->help };
	}
	out[n++] = (struct help_line){ NULL, "Everywhere" };
	for (k = tui_global_keys; k->key != 0 && n < HELP_MAX; k++)
		if (k->keyname != NULL)
			out[n++] = (struct help_line){ k->keyname, k->help };
	return n;
}

void
help_draw(struct tui *t)
{
	struct help_line lines[HELP_MAX];
	int n = help_lines(t, lines), cols = help_cols();
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
	int n = help_lines(t, lines), cols = help_cols();
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
