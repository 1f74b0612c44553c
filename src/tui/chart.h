/*
 * Charts in the terminal: horizontal bars, stacked bars, sparklines and a
 * heatmap, in Unicode block characters or, on a terminal without UTF-8,
 * ASCII. Shading carries every value, so a chart reads the same without
 * colour (NO_COLOR, a vt100).
 */
#ifndef CALLQ_TUI_CHART_H
#define CALLQ_TUI_CHART_H

#include <curses.h>

#include "callq/report.h"

struct chart_style {
	int ascii;	/* no UTF-8: ASCII glyphs only */
	int color;	/* colours may add to the shading, never replace it */
};

/*
 * Draws rep's chart (rep->chart) in the box of h lines and w columns at
 * y, x of win, one chart line per report row where the chart has rows,
 * with a legend where it needs one. Returns the lines it used.
 */
int chart_draw(WINDOW *win, const struct report *rep, int y, int x, int h,
    int w, const struct chart_style *style);

/* The lines chart_draw would use for rep at width w, with h to spare. */
int chart_lines(const struct report *rep, int w, int h);

#endif
