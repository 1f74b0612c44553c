/*
 * Charts read by their shading alone, on a UTF-8 terminal or in ASCII:
 * bars in eighths of a column, stacked shares that fill the bar exactly,
 * sparklines and heat shades at their thresholds, and whole charts drawn
 * into a box they never leave.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fixture.h"
#include "../../src/tui/chart.h"

static int
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static void
test_bar_ends_and_eighths(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(chart_bar_text(buf, sizeof buf, 4, 0, 10, 0), 0);
	assert_string_equal(buf, "    ");
	assert_int_equal(chart_bar_text(buf, sizeof buf, 4, 10, 10, 0), 32);
	assert_string_equal(buf, "████");
	/* 5 of 16 over 2 columns: 5 eighths, U+258B. */
	assert_int_equal(chart_bar_text(buf, sizeof buf, 2, 5, 16, 0), 5);
	assert_string_equal(buf, "▋ ");
	/* 3 of 8 over 4 columns: a column and a half. */
	chart_bar_text(buf, sizeof buf, 4, 3, 8, 0);
	assert_string_equal(buf, "█▌  ");
	/* A sliver above 0 still shows. */
	assert_int_equal(chart_bar_text(buf, sizeof buf, 3, 1, 1000000, 0), 1);
	assert_string_equal(buf, "▏  ");
}

static void
test_bar_odd_figures_stay_in_the_box(void **state)
{
	char buf[128];

	(void)state;
	/* A negative figure, a max of 0 or below: no bar, still padded. */
	assert_int_equal(chart_bar_text(buf, sizeof buf, 3, -5, 10, 0), 0);
	assert_string_equal(buf, "   ");
	assert_int_equal(chart_bar_text(buf, sizeof buf, 3, 5, 0, 0), 0);
	assert_string_equal(buf, "   ");
	assert_int_equal(chart_bar_text(buf, sizeof buf, 3, 5, -1, 0), 0);
	/* Above the max (a total row): the full bar and no more. */
	assert_int_equal(chart_bar_text(buf, sizeof buf, 3, 50, 10, 0), 24);
	assert_string_equal(buf, "███");
	/* Figures near the limit of a long long do not overflow. */
	chart_bar_text(buf, sizeof buf, 10, LLONG_MAX / 2, LLONG_MAX, 0);
	assert_string_equal(buf, "█████     ");
}

static void
test_bar_ascii(void **state)
{
	char buf[128];

	(void)state;
	chart_bar_text(buf, sizeof buf, 4, 10, 10, 1);
	assert_string_equal(buf, "####");
	chart_bar_text(buf, sizeof buf, 4, 3, 8, 1);
	assert_string_equal(buf, "##  ");
	/* 1.45 columns is one '#', rounded once. */
	chart_bar_text(buf, sizeof buf, 5, 29, 100, 1);
	assert_string_equal(buf, "#    ");
	chart_bar_text(buf, sizeof buf, 4, 1, 1000, 1);
	assert_string_equal(buf, "#   ");
	chart_bar_text(buf, sizeof buf, 4, 0, 1000, 1);
	assert_string_equal(buf, "    ");
}

static int
sum_of(const int *v, int n)
{
	int i, s = 0;

	for (i = 0; i < n; i++)
		s += v[i];
	return s;
}

static void
test_stack_fills_the_width_exactly(void **state)
{
	const long long thirds[] = { 1, 1, 1 };
	const long long gap[] = { 5, 0, 5 };
	const long long huge[] = { LLONG_MAX / 2, LLONG_MAX / 2, 1 };
	const long long none[] = { 0, 0, -3 };
	const long long neg[] = { 4, -4, 4 };
	long long parts[7];
	int out[7], i, j, cells;

	(void)state;
	assert_int_equal(chart_stack_cells(out, thirds, 3, 10), 10);
	assert_int_equal(out[0], 4);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 3);
	/* A part of 0 takes no column, even where rounding has one over. */
	assert_int_equal(chart_stack_cells(out, gap, 3, 7), 7);
	assert_int_equal(out[1], 0);
	assert_int_equal(out[0] + out[2], 7);
	assert_int_equal(chart_stack_cells(out, huge, 3, 80), 80);
	assert_int_equal(out[0], 40);
	assert_int_equal(out[1], 40);
	assert_int_equal(out[2], 0);
	assert_int_equal(chart_stack_cells(out, none, 3, 9), 0);
	assert_int_equal(sum_of(out, 3), 0);
	assert_int_equal(chart_stack_cells(out, neg, 3, 9), 9);
	assert_int_equal(out[1], 0);
	/* Whatever the figures, the parts add up to the bar, none over. */
	srand(18);
	for (i = 0; i < 2000; i++) {
		cells = rand() % 90;
		for (j = 0; j < 7; j++)
			parts[j] = rand() % 4 == 0 ? 0 : rand() % 1000;
		chart_stack_cells(out, parts, 7, cells);
		if (sum_of(out, 7) != 0)
			assert_int_equal(sum_of(out, 7), cells);
		for (j = 0; j < 7; j++) {
			assert_in_range(out[j], 0, cells);
			if (parts[j] == 0)
				assert_int_equal(out[j], 0);
		}
	}
}

static void
test_stack_text_shades_each_part(void **state)
{
	const long long mix[] = { 2, 1, 1 };
	const long long zero[] = { 0, 0 };
	char buf[128];
	int i;

	(void)state;
	assert_int_equal(chart_stack_text(buf, sizeof buf, mix, 3, 4, 0), 4);
	assert_string_equal(buf, "██▓▒");
	chart_stack_text(buf, sizeof buf, mix, 3, 8, 1);
	assert_string_equal(buf, "####==++");
	assert_int_equal(chart_stack_text(buf, sizeof buf, zero, 2, 3, 0), 0);
	assert_string_equal(buf, "   ");
	/* Neighbouring parts never share a shade, however many there are. */
	for (i = 1; i < 40; i++) {
		assert_string_not_equal(chart_part_glyph(i, 0),
		    chart_part_glyph(i - 1, 0));
		assert_string_not_equal(chart_part_glyph(i, 1),
		    chart_part_glyph(i - 1, 1));
	}
}

static void
test_spark(void **state)
{
	const long long flat[] = { 3, 3, 3 };
	const long long one[] = { 5 };
	const long long zeros[] = { 0, 0 };
	const long long ramp[] = { 0, 7, 14 };
	const long long pairs[] = { 1, 1, 4, 4 };
	const long long steps[] = { 0, 1, 2, 4 };
	char buf[128];

	(void)state;
	assert_int_equal(chart_spark_text(buf, sizeof buf, flat, 3, 30, 0), 3);
	assert_string_equal(buf, "███");
	chart_spark_text(buf, sizeof buf, one, 1, 30, 0);
	assert_string_equal(buf, "█");
	chart_spark_text(buf, sizeof buf, zeros, 2, 30, 0);
	assert_string_equal(buf, "▁▁");
	chart_spark_text(buf, sizeof buf, ramp, 3, 30, 0);
	assert_string_equal(buf, "▁▅█");
	/* Longer than the room: each mark the mean of its days. */
	assert_int_equal(chart_spark_text(buf, sizeof buf, pairs, 4, 2, 0), 2);
	assert_string_equal(buf, "▃█");
	chart_spark_text(buf, sizeof buf, steps, 4, 30, 1);
	assert_string_equal(buf, "_.-#");
	chart_spark_text(buf, sizeof buf, flat, 3, 30, 1);
	assert_string_equal(buf, "###");
	assert_int_equal(chart_spark_text(buf, sizeof buf, one, 0, 30, 0), 0);
	assert_string_equal(buf, "");
}

static void
test_heat_thresholds(void **state)
{
	(void)state;
	assert_string_equal(chart_heat_glyph(24, 100, 0, 0), "░");
	assert_string_equal(chart_heat_glyph(25, 100, 0, 0), "▒");
	assert_string_equal(chart_heat_glyph(49, 100, 0, 0), "▒");
	assert_string_equal(chart_heat_glyph(50, 100, 0, 0), "▓");
	assert_string_equal(chart_heat_glyph(74, 100, 0, 0), "▓");
	assert_string_equal(chart_heat_glyph(75, 100, 0, 0), "█");
	assert_string_equal(chart_heat_glyph(100, 100, 0, 0), "█");
	/* No calls is not a rate of 0. */
	assert_string_equal(chart_heat_glyph(0, 100, 0, 0), "·");
	assert_string_equal(chart_heat_glyph(0, 100, 1, 0), " ");
	assert_string_equal(chart_heat_glyph(0, 0, 0, 0), "·");
	assert_string_equal(chart_heat_glyph(24, 100, 0, 1), ".");
	assert_string_equal(chart_heat_glyph(25, 100, 0, 1), ":");
	assert_string_equal(chart_heat_glyph(50, 100, 0, 1), "*");
	assert_string_equal(chart_heat_glyph(75, 100, 0, 1), "#");
	assert_string_equal(chart_heat_glyph(0, 100, 0, 1), "-");
	assert_string_equal(chart_heat_glyph(0, 100, 1, 1), " ");
}

static void
test_ascii_is_ascii(void **state)
{
	const long long v[] = { 0, 3, 9, 1, 27, 5, 2, 8, 4 };
	char buf[256];
	int i, n;

	(void)state;
	for (n = 1; n <= 9; n++) {
		chart_stack_text(buf, sizeof buf, v, n, 40, 1);
		assert_true(is_ascii(buf));
		chart_spark_text(buf, sizeof buf, v, n, 40, 1);
		assert_true(is_ascii(buf));
		chart_bar_text(buf, sizeof buf, 10, v[n - 1], 27, 1);
		assert_true(is_ascii(buf));
	}
	for (i = 0; i < 60; i++)
		assert_true(is_ascii(chart_part_glyph(i, 1)));
	for (i = 0; i <= 100; i++) {
		assert_true(is_ascii(chart_heat_glyph(i, 100, 0, 1)));
		assert_true(is_ascii(chart_heat_glyph(i, 100, 1, 1)));
	}
}

/* A dummy terminal to draw on: pads need no screen of their own. */
static SCREEN *screen;
static FILE *term_in, *term_out;

static int
term_setup(void **state)
{
	(void)state;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return -1;
	term_out = fopen("/dev/null", "w");
	term_in = fopen("/dev/null", "r");
	if (term_out == NULL || term_in == NULL)
		return -1;
	screen = newterm("xterm", term_out, term_in);
	return screen == NULL ? -1 : 0;
}

static int
term_teardown(void **state)
{
	(void)state;
	endwin();
	delscreen(screen);
	fclose(term_out);
	fclose(term_in);
	return 0;
}

/* A pad of h lines and w columns, every cell a '~' to see what is drawn. */
static WINDOW *
pad_new(int h, int w)
{
	WINDOW *pad = newpad(h, w);
	int y, x;

	assert_non_null(pad);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			mvwaddch(pad, y, x, '~');
	return pad;
}

/* Line y of pad, columns x to x + n, as UTF-8. */
static const char *
pad_line(WINDOW *pad, int y, int x, int n)
{
	static char out[1024];
	wchar_t wide[256];

	assert_true(n < 256);
	assert_int_not_equal(mvwinnwstr(pad, y, x, wide, n), ERR);
	assert_true(wcstombs(out, wide, sizeof out) != (size_t)-1);
	return out;
}

static const struct report_col agent_cols[] = {
	{ "Rep", RK_TEXT }, { "Calls", RK_INT },
};

/* A two-column report; cells row by row, text in s, numbers in n. */
static void
report_make(struct report *rep, struct report_cell *cells,
    const struct report_col *cols, int ncols, int nrows)
{
	memset(rep, 0, sizeof *rep);
	rep->cols = (struct report_col *)cols;
	rep->ncols = ncols;
	rep->nrows = nrows;
	rep->cells = cells;
}

static void
test_draw_bars(void **state)
{
	struct report_cell cells[8] = {
		{ .s = "ann" }, { .n = 8 }, { .s = "bob" }, { .n = 4 },
		{ .s = "c\x1b[2J" }, { .n = 1 }, { .s = "Total" }, { .n = 13 },
	};
	const struct chart_style style = { 0, 0 };
	struct report rep;
	WINDOW *pad = pad_new(8, 24);

	(void)state;
	report_make(&rep, cells, agent_cols, 2, 4);
	rep.total = 1;
	rep.chart = CHART_BARS;
	rep.chart_from = rep.chart_to = 1;
	assert_int_equal(chart_lines(&rep, 20, 10), 4);
	assert_int_equal(chart_draw(pad, &rep, 1, 2, 10, 20, &style), 4);
	assert_string_equal(pad_line(pad, 0, 0, 24),
	    "~~~~~~~~~~~~~~~~~~~~~~~~");
	assert_string_equal(pad_line(pad, 1, 0, 24),
	    "~~Rep   Calls         ~~");
	assert_string_equal(pad_line(pad, 2, 0, 24),
	    "~~ann   ████████████ 8~~");
	assert_string_equal(pad_line(pad, 3, 0, 24),
	    "~~bob   ██████       4~~");
	/* The escape in a label is masked: it cannot reach the terminal. */
	assert_string_equal(pad_line(pad, 4, 0, 24),
	    "~~c?[2J █▌           1~~");
	assert_string_equal(pad_line(pad, 5, 0, 24),
	    "~~~~~~~~~~~~~~~~~~~~~~~~");
	/* Two lines to spare: the heading, one bar, and what is left out. */
	assert_int_equal(chart_lines(&rep, 20, 3), 3);
	assert_int_equal(chart_draw(pad, &rep, 5, 2, 3, 20, &style), 3);
	assert_string_equal(pad_line(pad, 6, 0, 24),
	    "~~ann   ████████████ 8~~");
	assert_string_equal(pad_line(pad, 7, 0, 24),
	    "~~+2 more             ~~");
	delwin(pad);
}

static const struct report_col mix_cols[] = {
	{ "Rep", RK_TEXT }, { "Sale", RK_INT }, { "Busy", RK_INT },
	{ "No answer", RK_INT },
};

static void
test_draw_stacked(void **state)
{
	struct report_cell cells[12] = {
		{ .s = "ann" }, { .n = 2 }, { .n = 1 }, { .n = 1 },
		{ .s = "bob" }, { .n = 0 }, { .n = 0 }, { .empty = 1 },
		{ .s = "Total" }, { .n = 2 }, { .n = 1 }, { .n = 1 },
	};
	const struct chart_style utf8 = { 0, 0 }, ascii = { 1, 0 };
	struct report rep;
	WINDOW *pad = pad_new(12, 16);
	int y;

	(void)state;
	report_make(&rep, cells, mix_cols, 4, 3);
	rep.total = 1;
	rep.chart = CHART_STACKED;
	rep.chart_from = 1;
	rep.chart_to = 3;
	assert_int_equal(chart_draw(pad, &rep, 0, 0, 12, 16, &utf8), 5);
	assert_string_equal(pad_line(pad, 0, 0, 16), "ann   ████▓▓▒▒ 4");
	assert_string_equal(pad_line(pad, 1, 0, 16), "bob            0");
	/* The floor's mix is drawn too, in bold, set apart from the rest. */
	assert_string_equal(pad_line(pad, 2, 0, 16), "Total ████▓▓▒▒ 4");
	assert_true(mvwinch(pad, 2, 0) & A_BOLD);
	assert_false(mvwinch(pad, 0, 0) & A_BOLD);
	assert_string_equal(pad_line(pad, 3, 0, 16), "█ Sale  ▓ Busy  ");
	assert_string_equal(pad_line(pad, 4, 0, 16), "▒ No answer     ");
	assert_int_equal(chart_lines(&rep, 16, 12), 5);
	assert_int_equal(chart_draw(pad, &rep, 5, 0, 7, 16, &ascii), 5);
	assert_string_equal(pad_line(pad, 5, 0, 16), "ann   ####==++ 4");
	assert_string_equal(pad_line(pad, 8, 0, 16), "# Sale  = Busy  ");
	assert_string_equal(pad_line(pad, 9, 0, 16), "+ No answer     ");
	for (y = 5; y < 10; y++)
		assert_true(is_ascii(pad_line(pad, y, 0, 16)));
	assert_string_equal(pad_line(pad, 10, 0, 16), "~~~~~~~~~~~~~~~~");
	delwin(pad);
}

static const struct report_col hour_cols[] = {
	{ "Day", RK_TEXT }, { "08", RK_PERMILLE }, { "09", RK_PERMILLE },
	{ "10", RK_PERMILLE },
};

static void
test_draw_heat(void **state)
{
	struct report_cell cells[8] = {
		{ .s = "Mon" }, { .n = 100 }, { .n = 0 }, { .empty = 1 },
		{ .s = "Tue" }, { .n = 1000 }, { .n = 500 }, { .n = 249 },
	};
	const struct chart_style style = { 0, 1 };
	struct report rep;
	WINDOW *pad = pad_new(8, 40);

	(void)state;
	report_make(&rep, cells, hour_cols, 4, 2);
	rep.chart = CHART_HEAT;
	rep.chart_from = 1;
	rep.chart_to = 3;
	assert_int_equal(chart_draw(pad, &rep, 0, 0, 8, 40, &style), 6);
	assert_string_equal(pad_line(pad, 0, 0, 18), "Day 08 09 10      ");
	assert_string_equal(pad_line(pad, 1, 0, 18), "Mon ░░ ··         ");
	assert_string_equal(pad_line(pad, 2, 0, 18), "Tue ██ ▓▓ ░░      ");
	assert_string_equal(pad_line(pad, 3, 0, 40),
	    "░ <25%  ▒ <50%  ▓ <75%                  ");
	assert_string_equal(pad_line(pad, 4, 0, 40),
	    "█ >=75% of the best (100.0%)  · 0       ");
	assert_string_equal(pad_line(pad, 5, 0, 40),
	    "blank: none                             ");
	assert_string_equal(pad_line(pad, 6, 0, 40),
	    "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~");
	assert_int_equal(chart_lines(&rep, 40, 8), 6);
	/* Too little room for the rows: they are counted, the legend kept. */
	assert_int_equal(chart_draw(pad, &rep, 0, 0, 5, 40, &style), 5);
	assert_string_equal(pad_line(pad, 0, 0, 12), "Day 08 09 10");
	assert_string_equal(pad_line(pad, 1, 0, 12), "+2 more     ");
	assert_string_equal(pad_line(pad, 2, 0, 6), "░ <25%");
	delwin(pad);
}

static const struct report_col trend_cols[] = {
	{ "Rep", RK_TEXT }, { "Calls", RK_SERIES }, { "Won", RK_SERIES },
	{ "Total", RK_INT },
};

static void
test_draw_spark(void **state)
{
	long long ann_calls[] = { 0, 7, 14 }, ann_won[] = { 0, 0, 1 };
	long long all_calls[] = { 2, 7, 14 }, all_won[] = { 1, 1, 1 };
	struct report_cell cells[8] = {
		{ .s = "Zoë" }, { .series = ann_calls, .nseries = 3 },
		{ .series = ann_won, .nseries = 3 }, { .n = 21 },
		{ .s = "Floor" }, { .series = all_calls, .nseries = 3 },
		{ .series = all_won, .nseries = 3 }, { .n = 23 },
	};
	const struct chart_style style = { 1, 0 };
	struct report rep;
	WINDOW *pad = pad_new(4, 32);

	(void)state;
	report_make(&rep, cells, trend_cols, 4, 2);
	rep.total = 1;
	rep.chart = CHART_SPARK;
	rep.chart_from = 1;
	rep.chart_to = 2;
	assert_int_equal(chart_lines(&rep, 30, 4), 3);
	assert_int_equal(chart_draw(pad, &rep, 0, 0, 4, 30, &style), 3);
	assert_string_equal(pad_line(pad, 0, 0, 32),
	    "Rep   Calls   Won             ~~");
	/* In ASCII a letter the terminal cannot show is a '?', one column. */
	assert_string_equal(pad_line(pad, 1, 0, 32),
	    "Zo?   _-# 21  __# 1           ~~");
	assert_string_equal(pad_line(pad, 2, 0, 32),
	    "Floor .-# 23  ### 3           ~~");
	assert_true(mvwinch(pad, 2, 0) & A_BOLD);
	assert_string_equal(pad_line(pad, 3, 0, 32),
	    "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~");
	delwin(pad);
}

static void
test_draw_spark_narrow(void **state)
{
	long long calls[] = { 0, 0, 0, 3, 3, 3, 6, 6, 6, 9, 9, 9 };
	struct report_cell cells[2] = {
		{ .s = "anna.b" }, { .series = calls, .nseries = 12 },
	};
	const struct chart_style style = { 1, 0 };
	struct report rep;
	WINDOW *pad = pad_new(2, 20);

	(void)state;
	report_make(&rep, cells, trend_cols, 2, 1);
	rep.chart = CHART_SPARK;
	rep.chart_from = rep.chart_to = 1;
	/* 12 days in 4 marks: the heading says each is 3 days' mean. */
	assert_int_equal(chart_draw(pad, &rep, 0, 0, 2, 20, &style), 2);
	assert_string_equal(pad_line(pad, 0, 0, 20), "per 3 days   Calls  ");
	assert_string_equal(pad_line(pad, 1, 0, 20), "anna.b       _-=# 54");
	delwin(pad);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_bar_ends_and_eighths),
		cmocka_unit_test(test_bar_odd_figures_stay_in_the_box),
		cmocka_unit_test(test_bar_ascii),
		cmocka_unit_test(test_stack_fills_the_width_exactly),
		cmocka_unit_test(test_stack_text_shades_each_part),
		cmocka_unit_test(test_spark),
		cmocka_unit_test(test_heat_thresholds),
		cmocka_unit_test(test_ascii_is_ascii),
	};
	const struct CMUnitTest drawn[] = {
		cmocka_unit_test(test_draw_bars),
		cmocka_unit_test(test_draw_stacked),
		cmocka_unit_test(test_draw_heat),
		cmocka_unit_test(test_draw_spark),
		cmocka_unit_test(test_draw_spark_narrow),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("chart", pure, NULL, NULL) |
	    cmocka_run_group_tests_name("chart drawn", drawn, term_setup,
	    term_teardown);
}
