/*
 * Columns that give way on a narrow terminal: each has a minimum and a
 * preferred width and a rank for dropping, so a pane keeps what matters
 * most and drops the rest in order as the width shrinks (a row's whole
 * content is one key away on the detail line: detail.h).
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

#endif
