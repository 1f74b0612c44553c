/*
 * Charts in the terminal: horizontal bars, stacked bars, sparklines and a
 * heatmap, in Unicode block characters or, on a terminal without UTF-8,
 * ASCII. Shading carries every value, so a chart reads the same without
 * colour (NO_COLOR, a vt100).
 *
 * The renderers below are pure: each writes one chart's text for given
 * figures, so chart_draw only lays them out and the tests can check them
 * without a terminal.
 */
#ifndef CALLQ_TUI_CHART_H
#define CALLQ_TUI_CHART_H

#include <curses.h>
#include <stddef.h>

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

/*
 * A bar of v against max, cells columns long, into buf, padded with
 * spaces to exactly cells columns: full blocks and an eighth block
 * (U+2589..U+258F) for the rest, or '#' per whole column in ASCII. Any v
 * above 0 shows at least an eighth (a '#'); v <= 0 or max <= 0 shows
 * nothing, v above max a full bar. Returns the eighths drawn (ASCII:
 * eight per '#').
 */
int chart_bar_text(char *buf, size_t size, int cells, long long v,
    long long max, int ascii);

/*
 * Shares cells columns among the n parts in proportion to them (largest
 * remainders), into out: a part <= 0 gets none, and the columns add up
 * to cells exactly when any part is above 0, else to 0. Returns the sum.
 */
int chart_stack_cells(int *out, const long long *parts, int n, int cells);

/* The shade telling part i of a stacked bar apart (one column). */
const char *chart_part_glyph(int i, int ascii);

/*
 * A stacked bar of the n parts, cells columns long, each part's share in
 * its chart_part_glyph, into buf; padded with spaces to cells columns
 * when all parts are 0. Returns the columns filled.
 */
int chart_stack_text(char *buf, size_t size, const long long *parts, int n,
    int cells, int ascii);

/*
 * A sparkline of the n values into buf, one mark per value, scaled to the
 * series' own peak: a value of 0 (or below) is the lowest mark, the peak
 * the highest, any value above 0 above the lowest. Marks are U+2581..
 * U+2588, in ASCII "_.-=#". When n is more than points, each mark is the
 * mean of consecutive values so the line is points long. Returns the
 * marks written.
 */
int chart_spark_text(char *buf, size_t size, const long long *v, int n,
    int points, int ascii);

/*
 * The heatmap's shade (one column) for v against max, the best cell: a
 * blank for no figure (empty), a dot for 0, then under 25%, 50%, 75% and
 * from 75% of max up: " ", "·", "░", "▒", "▓", "█", in ASCII " ", "-",
 * ".", ":", "*", "#".
 */
const char *chart_heat_glyph(long long v, long long max, int empty,
    int ascii);

#endif
