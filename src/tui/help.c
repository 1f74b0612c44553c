#include <string.h>

#include "view.h"

/* Rows the overlay needs for one key table. */
static int
help_rows(const struct keybind *k)
{
	int n = 0;

	for (; k->key != 0; k++)
		n += k->keyname != NULL;
	return n;
}

static int
help_section(WINDOW *w, int y, int width, const char *title,
    const struct keybind *k)
{
	int rows = getmaxy(w) - 1;

	wattron(w, A_BOLD);
	tui_put(w, y++, 2, width - 4, title);
	wattroff(w, A_BOLD);
	for (; k->key != 0 && y < rows; k++) {
		if (k->keyname == NULL)
			continue;
		tui_put(w, y, 4, 14, k->keyname);
		tui_put(w, y++, 19, width - 21, k->help);
	}
	return y + 1;
}

/* Generated from the key tables, so it always says what the keys do. */
void
help_draw(const struct tui *t)
{
	const struct keybind *view_keys = t->view.ops->keys;
	int want = help_rows(view_keys) + help_rows(tui_global_keys) + 7;
	int h = want < LINES - 2 ? want : LINES - 2;
	int w = COLS < 60 ? COLS : 60;
	WINDOW *win;
	int y;

	if (h < 3 || w < 20 || (win = newwin(h, w, (LINES - h) / 2,
	    (COLS - w) / 2)) == NULL)
		return;
	werase(win);
	box(win, 0, 0);
	mvwaddstr(win, 0, 2, " Help ");
	y = help_section(win, 1, w, t->view.ops->name, view_keys);
	y = help_section(win, y, w, "Everywhere", tui_global_keys);
	if (h - 1 > 1)
		tui_put(win, h - 1, 2, w - 4, " any key closes this ");
	wnoutrefresh(win);
	delwin(win);
}
