/*
 * Columns that give way on a narrow terminal: each has a minimum and a
 * preferred width and a rank for dropping, so a pane keeps what matters
 * most and drops the rest in order as the width shrinks. A row's whole
 * content is then one key away on the detail line (w).
 */
#ifndef CALLQ_TUI_COLUMNS_H
#define CALLQ_TUI_COLUMNS_H

#include <curses.h>

#include "view.h"

struct column {
	const char *title;
	int         min;	/* never narrower: dropped instead */
	int         pref;	/* all it is worth, when there is room */
	int         drop;	/* the highest is dropped first; 0: never */
	int         right;	/* numbers: aligned right */
	int         flex;	/* takes the room left once all have pref */
	int         x, width;	/* columns_fit's; width 0 when dropped */
};

/*
 * Lays the n columns out across a pane w wide, a margin of one on each
 * side and a space between. A column is shown when the more important
 * ones at their preferred widths leave it its minimum (those of drop 0
 * always are); the most important are widened first. Returns how many
 * were dropped.
 */
int columns_fit(struct column *cols, int n, int w);

/* The titles, underlined, on line y. */
void columns_head(WINDOW *win, int y, const struct column *cols, int n);

/* A row's cells (one a column, dropped ones skipped) on line y. */
void columns_row(WINDOW *win, int y, const struct column *cols, int n,
    const char *const cells[]);

/* Cell c's own text, with the attribute attr, over what columns_row drew. */
void columns_cell(WINDOW *win, int y, const struct column *c,
    const char *s, int attr);

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

/* The detail key, for a list's key table. */
#define DETAIL_KEY \
	{ 'w', "w", TA_DETAIL, "Show the selected row whole under the " \
	  "list; w again hides it", "Whole" }

#endif
