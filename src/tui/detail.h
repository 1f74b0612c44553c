/*
 * Text that wraps between words rather than being cut, and the detail
 * line: the selected row of a list shown whole under it, on w, for what
 * a narrow screen's columns leave out.
 */
#ifndef CALLQ_TUI_DETAIL_H
#define CALLQ_TUI_DETAIL_H

#include <curses.h>

#include "view.h"

/* Lines s takes wrapped between words at width columns. */
int wrap_count(const char *s, int width);

/*
 * Writes s wrapped between words at width columns from line y on, no
 * more than max lines. Returns the lines written.
 */
int wrap_put(WINDOW *win, int y, int x, int width, int max, const char *s);

/*
 * The detail line under a list h lines high ending at the foot of win:
 * when it is on (w), s (the selected row whole; "" when there is none)
 * wrapped on the last lines, under a rule. Returns the lines left for
 * the list.
 */
int detail_draw(const struct tui *t, WINDOW *win, int h, const char *s);

/* The detail key, for a list's key table (left out of the full hint bar). */
#define DETAIL_KEY \
	{ 'w', "w", TA_DETAIL, "Show the selected row whole under the " \
	  "list; w again hides it", NULL }

#endif
