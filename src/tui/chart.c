#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/text.h"
#include "chart.h"

/*
 * The widest chart line drawn: a line is built in a buffer first, so the
 * box is cut to what a buffer of LINE_BYTES holds (4 bytes a column).
 */
#define MAX_COLS   512
#define LINE_BYTES (MAX_COLS * 4 + 64)

/* U+2588 (full) down to U+258F (one eighth): index e is e/8 of a column. */
static const char *const eighths[] = { "", "\u258f", "\u258e", "\u258d",
	"\u258c", "\u258b", "\u258a", "\u2589", "\u2588" };

/* Shades first, then patterns: no two parts look alike without colour. */
static const char *const parts_utf8[] = { "\u2588", "\u2593", "\u2592",
	"\u2591", "#", "=", "+", ":", "x", "o", "*", "%", "@" };
static const char *const parts_ascii[] = { "#", "=", "+", "-", ".", ":",
	"x", "o", "*", "%", "@", "~" };
static const char *const letters[] = { "A", "B", "C", "D", "E", "F", "G",
	"H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U",
	"V", "W", "X", "Y", "Z" };

static const char *const spark_utf8[] = { "\u2581", "\u2582", "\u2583",
	"\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
static const char *const spark_ascii[] = { "_", ".", "-", "=", "#" };

/* No figure, 0, then <25%, <50%, <75%, >=75% of the best. */
static const char *const heat_utf8[] = { " ", "\u00b7", "\u2591", "\u2592",
	"\u2593", "\u2588" };
static const char *const heat_ascii[] = { " ", "-", ".", ":", "*", "#" };

#define NELEM(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* Appends s to buf (size bytes) while it fits whole. */
static void
put(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf), n = strlen(s);

	if (len + n < size)
		memcpy(buf + len, s, n + 1);
}

static void
put_n(char *buf, size_t size, const char *s, int times)
{
	while (times-- > 0)
		put(buf, size, s);
}

int
chart_bar_text(char *buf, size_t size, int cells, long long v,
    long long max, int ascii)
{
	long long units, full = cells > 0 ? (long long)cells * 8 : 0;
	int whole;

	if (size == 0)
		return 0;
	*buf = '\0';
	if (v <= 0 || max <= 0 || cells <= 0)
		units = 0;
	else if (v >= max)
		units = full;
	else if (ascii)
		units = (long long)((long double)v * cells / max + 0.5L) * 8;
	else
		units = (long long)((long double)v * full / max + 0.5L);
	if (v > 0 && max > 0 && units == 0 && cells > 0)
		units = ascii ? 8 : 1;
	whole = (int)(units / 8);
	put_n(buf, size, ascii ? "#" : eighths[8], whole);
	if (units % 8 != 0)
		put(buf, size, eighths[units % 8]);
	put_n(buf, size, " ", cells - whole - (units % 8 != 0));
	return (int)units;
}

int
chart_stack_cells(int *out, const long long *parts, int n, int cells)
{
	long double total = 0, best, rem;
	int i, given = 0, pick;

	for (i = 0; i < n; i++) {
		out[i] = 0;
		if (parts[i] > 0)
			total += parts[i];
	}
	if (total <= 0 || cells <= 0)
		return 0;
	for (i = 0; i < n; i++)
		if (parts[i] > 0) {
			out[i] = (int)((long double)parts[i] * cells / total);
			given += out[i];
		}
	/* The columns rounding left go to the largest remainders. */
	while (given < cells) {
		pick = -1;
		best = -1;
		for (i = 0; i < n; i++) {
			if (parts[i] <= 0)
				continue;
			rem = (long double)parts[i] * cells / total - out[i];
			if (rem > best) {
				best = rem;
				pick = i;
			}
		}
		out[pick]++;
		given++;
	}
	for (i = 0; given > cells && i < n; i++)
		while (out[i] > 0 && given > cells) {
			out[i]--;
			given--;
		}
	return given;
}

const char *
chart_part_glyph(int i, int ascii)
{
	const char *const *set = ascii ? parts_ascii : parts_utf8;
	int n = ascii ? NELEM(parts_ascii) : NELEM(parts_utf8);

	if (i < 0)
		i = 0;
	return i < n ? set[i] : letters[(i - n) % NELEM(letters)];
}

int
chart_stack_text(char *buf, size_t size, const long long *parts, int n,
    int cells, int ascii)
{
	int *share, i, filled;

	if (size == 0)
		return 0;
	*buf = '\0';
	if (n <= 0 || (share = calloc((size_t)n, sizeof *share)) == NULL) {
		put_n(buf, size, " ", cells);
		return 0;
	}
	filled = chart_stack_cells(share, parts, n, cells);
	for (i = 0; i < n; i++)
		put_n(buf, size, chart_part_glyph(i, ascii), share[i]);
	put_n(buf, size, " ", cells - filled);
	free(share);
	return filled;
}

/* The mean of v[from..to), as a fraction so short buckets weigh alike. */
static long double
bucket_mean(const long long *v, int from, int to)
{
	long double sum = 0;
	int i;

	for (i = from; i < to; i++)
		sum += v[i];
	return to > from ? sum / (to - from) : 0;
}

int
chart_spark_text(char *buf, size_t size, const long long *v, int n,
    int points, int ascii)
{
	const char *const *set = ascii ? spark_ascii : spark_utf8;
	int top = (ascii ? NELEM(spark_ascii) : NELEM(spark_utf8)) - 1;
	long double mean, peak = 0;
	int i, m, level;

	if (size == 0)
		return 0;
	*buf = '\0';
	m = n < points ? n : points;
	for (i = 0; i < m; i++) {
		mean = bucket_mean(v, (int)((long long)i * n / m),
		    (int)((long long)(i + 1) * n / m));
		if (mean > peak)
			peak = mean;
	}
	for (i = 0; i < m; i++) {
		mean = bucket_mean(v, (int)((long long)i * n / m),
		    (int)((long long)(i + 1) * n / m));
		if (mean <= 0 || peak <= 0)
			level = 0;
		else if (mean >= peak)
			level = top;
		else
			level = 1 + (int)(mean * (top - 1) / peak);
		put(buf, size, set[level]);
	}
	return m > 0 ? m : 0;
}

const char *
chart_heat_glyph(long long v, long long max, int empty, int ascii)
{
	const char *const *set = ascii ? heat_ascii : heat_utf8;
	long double q;

	if (empty)
		return set[0];
	if (v <= 0 || max <= 0)
		return set[1];
	q = (long double)v * 4;
	if (q >= (long double)max * 3)
		return set[5];
	if (q >= (long double)max * 2)
		return set[4];
	if (q >= max)
		return set[3];
	return set[2];
}

/*
 * Where the lines go: drawn into the box when win is set, else only
 * counted (chart_lines), so the two can never disagree.
 */
struct sink {
	WINDOW *win;
	int     y, x, h, w, n;
	int     ascii;
};

/* Shows each non-ASCII character as '?', one column, as text_fit counted. */
static void
ascii_fold(char *s)
{
	char *out = s;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x80)
			*out++ = *s;
		else if (((unsigned char)*s & 0xc0) != 0x80)
			*out++ = '?';
	}
	*out = '\0';
}

/* The next line of the box, cut or padded to its width, masked. */
static void
sink_line(struct sink *s, const char *text, int attr)
{
	char buf[LINE_BYTES];
	attr_t old;
	short pair;

	if (s->n >= s->h)
		return;
	if (s->win != NULL) {
		text_fit(text, s->w, 1, buf, sizeof buf);
		if (s->ascii)
			ascii_fold(buf);
		wattr_get(s->win, &old, &pair, NULL);
		wattrset(s->win, attr);
		mvwaddstr(s->win, s->y + s->n, s->x, buf);
		wattr_set(s->win, old, pair, NULL);
	}
	s->n++;
}

/* Appends s fitted (masked) to exactly width columns; right-aligned. */
static void
put_fit(char *buf, size_t size, const char *s, int width, int right)
{
	char fit[LINE_BYTES];
	int used;

	if (width <= 0)
		return;
	used = text_fit(s, width, 0, fit, sizeof fit);
	if (right)
		put_n(buf, size, " ", width - used);
	put(buf, size, fit);
	if (!right)
		put_n(buf, size, " ", width - used);
}

/* The rows a chart draws: the data rows, and the total row when kept. */
struct rows {
	int data;	/* rows 0..data-1 are drawn */
	int total;	/* the total row is drawn last */
	int more;	/* rows left out for want of room */
};

/* Fits the rows in room lines, keeping the total row last when it is. */
static struct rows
rows_fit(const struct report *rep, int keep_total, int room)
{
	struct rows rs;
	int ndata = rep->nrows - (rep->total && rep->nrows > 0);
	int with_total = keep_total && rep->total && rep->nrows > 0;
	int shown;

	rs.data = ndata;
	rs.total = with_total;
	rs.more = 0;
	if (ndata + with_total <= room)
		return rs;
	shown = room > 1 ? room - 1 : 0;
	rs.total = with_total && shown >= 2;
	rs.data = shown - rs.total;
	rs.more = ndata + with_total - shown;
	return rs;
}

static void
more_line(struct sink *s, int more)
{
	char line[32];

	if (more > 0) {
		snprintf(line, sizeof line, "+%d more", more);
		sink_line(s, line, A_NORMAL);
	}
}

/* The label's width: the widest label, within a quarter of the box. */
static int
label_width(const struct report *rep, int w)
{
	char text[256];
	int r, width = 0, cap = w / 4 < 6 ? 6 : w / 4 > 16 ? 16 : w / 4;

	for (r = 0; r < rep->nrows; r++) {
		report_cell_text(rep, r, rep->label_col, text, sizeof text);
		if (text_width(text) > width)
			width = text_width(text);
	}
	return width < 3 ? 3 : width > cap ? cap : width;
}

static void
put_label(char *buf, size_t size, const struct report *rep, int r, int lw)
{
	char text[256];

	report_cell_text(rep, r, rep->label_col, text, sizeof text);
	put_fit(buf, size, text, lw, 0);
	put(buf, size, " ");
}

/* The figure of column c at row r for a chart: an empty cell reads 0. */
static long long
figure(const struct report *rep, int r, int c)
{
	const struct report_cell *cell = REPORT_CELL(rep, r, c);

	return cell->empty ? 0 : cell->n;
}

static int
row_attr(const struct report *rep, int r)
{
	return rep->total && r == rep->nrows - 1 ? A_BOLD : A_NORMAL;
}

/* Calls draw for each row rs keeps, then says how many it left out. */
static void
rows_each(struct sink *s, const struct report *rep, struct rows rs,
    void (*draw)(struct sink *, const struct report *, int, const void *),
    const void *ctx)
{
	int r;

	for (r = 0; r < rs.data; r++)
		draw(s, rep, r, ctx);
	if (rs.total)
		draw(s, rep, rep->nrows - 1, ctx);
	more_line(s, rs.more);
}

struct bars {
	int       lw, cells, vw;
	long long max;
};

static void
bars_row(struct sink *s, const struct report *rep, int r, const void *ctx)
{
	const struct bars *b = ctx;
	char line[LINE_BYTES] = "", bar[LINE_BYTES], val[64];

	put_label(line, sizeof line, rep, r, b->lw);
	chart_bar_text(bar, sizeof bar, b->cells, figure(rep, r,
	    rep->chart_from), b->max, s->ascii);
	put(line, sizeof line, bar);
	put(line, sizeof line, " ");
	report_cell_text(rep, r, rep->chart_from, val, sizeof val);
	put_fit(line, sizeof line, val, b->vw, 1);
	sink_line(s, line, row_attr(rep, r));
}

/* One bar per row, scaled to the largest; the total row left out. */
static void
bars_draw(struct sink *s, const struct report *rep)
{
	char line[LINE_BYTES] = "", val[64];
	struct bars b;
	struct rows rs = rows_fit(rep, 0, s->h - 1);
	int r, ndata = rep->nrows - rep->total;

	b.lw = label_width(rep, s->w);
	b.max = 0;
	b.vw = 1;
	for (r = 0; r < ndata; r++) {
		if (figure(rep, r, rep->chart_from) > b.max)
			b.max = figure(rep, r, rep->chart_from);
		report_cell_text(rep, r, rep->chart_from, val, sizeof val);
		if (text_width(val) > b.vw)
			b.vw = text_width(val);
	}
	b.cells = s->w - b.lw - 1 - 1 - b.vw;
	if (b.cells < 1)
		b.cells = 1;
	put_fit(line, sizeof line, rep->cols[rep->label_col].name, b.lw, 0);
	put(line, sizeof line, " ");
	put(line, sizeof line, rep->cols[rep->chart_from].name);
	sink_line(s, line, A_UNDERLINE);
	rows_each(s, rep, rs, bars_row, &b);
}

struct stack {
	int lw, cells, vw, nparts;
	int counts;	/* the parts are counts: their sum is shown */
	long long *parts;
};

static long long
stack_parts(const struct report *rep, int r, long long *parts)
{
	long long sum = 0;
	int i;

	for (i = 0; i <= rep->chart_to - rep->chart_from; i++) {
		parts[i] = figure(rep, r, rep->chart_from + i);
		if (parts[i] > 0)
			sum += parts[i];
	}
	return sum;
}

static void
stack_row(struct sink *s, const struct report *rep, int r, const void *ctx)
{
	const struct stack *st = ctx;
	char line[LINE_BYTES] = "", bar[LINE_BYTES], val[32];
	long long sum = stack_parts(rep, r, st->parts);

	put_label(line, sizeof line, rep, r, st->lw);
	chart_stack_text(bar, sizeof bar, st->parts, st->nparts, st->cells,
	    s->ascii);
	put(line, sizeof line, bar);
	if (st->counts) {
		snprintf(val, sizeof val, "%lld", sum);
		put(line, sizeof line, " ");
		put_fit(line, sizeof line, val, st->vw, 1);
	}
	sink_line(s, line, row_attr(rep, r));
}

/* A legend's items, two spaces apart, in as many lines as they take. */
static void
legend_draw(struct sink *s, const char *const *items, int n)
{
	char line[LINE_BYTES] = "";
	int i, used = 0, iw;

	for (i = 0; i < n; i++) {
		iw = text_width(items[i]);
		if (used > 0 && used + 2 + iw > s->w) {
			sink_line(s, line, A_NORMAL);
			*line = '\0';
			used = 0;
		}
		if (used > 0) {
			put(line, sizeof line, "  ");
			used += 2;
		}
		put_fit(line, sizeof line, items[i], iw < s->w ? iw : s->w, 0);
		used += iw;
	}
	if (used > 0)
		sink_line(s, line, A_NORMAL);
}

/* The legend naming each part's shade. */
static void
stack_legend(struct sink *s, const struct report *rep)
{
	int i, n = rep->chart_to - rep->chart_from + 1;
	char **items = calloc((size_t)n, sizeof *items);

	if (items == NULL)
		return;
	for (i = 0; i < n; i++) {
		if ((items[i] = malloc(LINE_BYTES)) == NULL)
			break;
		snprintf(items[i], LINE_BYTES, "%s %s", chart_part_glyph(i,
		    s->ascii), rep->cols[rep->chart_from + i].name);
	}
	legend_draw(s, (const char *const *)items, i);
	while (i-- > 0)
		free(items[i]);
	free(items);
}

/* One bar per row in shares of its parts; the total row set apart. */
static void
stack_draw(struct sink *s, const struct report *rep)
{
	struct sink count = { NULL, 0, 0, INT_MAX, s->w, 0, s->ascii };
	struct stack st;
	struct rows rs;
	char val[32];
	int r, c;

	stack_legend(&count, rep);
	rs = rows_fit(rep, 1, s->h - count.n);
	st.nparts = rep->chart_to - rep->chart_from + 1;
	if ((st.parts = calloc((size_t)st.nparts, sizeof *st.parts)) == NULL)
		return;
	st.counts = 1;
	for (c = rep->chart_from; c <= rep->chart_to; c++)
		st.counts &= rep->cols[c].kind == RK_INT;
	st.vw = 0;
	for (r = 0; st.counts && r < rep->nrows; r++) {
		snprintf(val, sizeof val, "%lld", stack_parts(rep, r,
		    st.parts));
		if ((int)strlen(val) > st.vw)
			st.vw = (int)strlen(val);
	}
	st.lw = label_width(rep, s->w);
	st.cells = s->w - st.lw - 1 - (st.counts ? st.vw + 1 : 0);
	if (st.cells < 1)
		st.cells = 1;
	rows_each(s, rep, rs, stack_row, &st);
	stack_legend(s, rep);
	free(st.parts);
}

/* The sparkline columns: RK_SERIES ones in chart_from..chart_to, or all. */
static int
spark_cols(const struct report *rep, int *cols)
{
	int c, n = 0;

	for (c = rep->chart_from < 0 ? 0 : rep->chart_from;
	    c <= rep->chart_to && c < rep->ncols; c++)
		if (rep->cols[c].kind == RK_SERIES)
			cols[n++] = c;
	for (c = 0; n == 0 && c < rep->ncols; c++)
		if (rep->cols[c].kind == RK_SERIES)
			cols[n++] = c;
	return n;
}

static long long
series_sum(const struct report_cell *cell)
{
	long long sum = 0;
	int i;

	for (i = 0; i < cell->nseries; i++)
		sum += cell->series[i];
	return sum;
}

struct spark {
	int  lw, points, days, n;
	int *cols, *tw;
};

static void
spark_row(struct sink *s, const struct report *rep, int r, const void *ctx)
{
	const struct spark *sp = ctx;
	const struct report_cell *cell;
	char line[LINE_BYTES] = "", marks[LINE_BYTES], val[32];
	int j, used;

	put_label(line, sizeof line, rep, r, sp->lw);
	for (j = 0; j < sp->n; j++) {
		cell = REPORT_CELL(rep, r, sp->cols[j]);
		used = 0;
		*val = '\0';
		if (!cell->empty && cell->nseries > 0) {
			used = chart_spark_text(marks, sizeof marks,
			    cell->series, cell->nseries, sp->points, s->ascii);
			put(line, sizeof line, marks);
			snprintf(val, sizeof val, "%lld", series_sum(cell));
		}
		put_n(line, sizeof line, " ", sp->points - used + 1);
		put_fit(line, sizeof line, val, sp->tw[j], 1);
		if (j + 1 < sp->n)
			put(line, sizeof line, "  ");
	}
	sink_line(s, line, row_attr(rep, r));
}

/*
 * The series' width: the longest series, within what the box leaves.
 * Where it does not fit, each mark stands for as many days as it takes
 * (sp->days), the same for every line so they stay comparable.
 */
static void
spark_points(const struct report *rep, struct spark *sp, int w)
{
	int r, j, longest = 1, room = w - sp->lw - 1 - 2 * (sp->n - 1);

	for (j = 0; j < sp->n; j++) {
		room -= 1 + sp->tw[j];
		for (r = 0; r < rep->nrows; r++)
			if (REPORT_CELL(rep, r, sp->cols[j])->nseries > longest)
				longest = REPORT_CELL(rep, r,
				    sp->cols[j])->nseries;
	}
	room = room / sp->n < 1 ? 1 : room / sp->n;
	sp->days = (longest + room - 1) / room;
	sp->points = (longest + sp->days - 1) / sp->days;
	if (sp->days > 1 && sp->lw < 12) {
		sp->lw = 12;
		spark_points(rep, sp, w);
	}
}

/*
 * The series' names over their lines; where a mark stands for more than
 * a day, the label's heading says for how many.
 */
static void
spark_head(struct sink *s, const struct report *rep, const struct spark *sp)
{
	char line[LINE_BYTES] = "", days[32];
	int j;

	snprintf(days, sizeof days, "per %d days", sp->days);
	put_fit(line, sizeof line, sp->days > 1 ? days :
	    rep->cols[rep->label_col].name, sp->lw, 0);
	put(line, sizeof line, " ");
	for (j = 0; j < sp->n; j++) {
		put_fit(line, sizeof line, rep->cols[sp->cols[j]].name,
		    sp->points + 1 + sp->tw[j], 0);
		if (j + 1 < sp->n)
			put(line, sizeof line, "  ");
	}
	sink_line(s, line, A_UNDERLINE);
}

/* Per row, a sparkline per series column and the series' total. */
static void
spark_draw(struct sink *s, const struct report *rep)
{
	char val[32];
	struct spark sp;
	int r, j;

	sp.cols = calloc((size_t)rep->ncols, sizeof *sp.cols);
	sp.tw = calloc((size_t)rep->ncols, sizeof *sp.tw);
	if (sp.cols == NULL || sp.tw == NULL ||
	    (sp.n = spark_cols(rep, sp.cols)) == 0)
		goto done;
	for (j = 0; j < sp.n; j++)
		for (r = 0, sp.tw[j] = 1; r < rep->nrows; r++) {
			snprintf(val, sizeof val, "%lld",
			    series_sum(REPORT_CELL(rep, r, sp.cols[j])));
			if ((int)strlen(val) > sp.tw[j])
				sp.tw[j] = (int)strlen(val);
		}
	sp.lw = label_width(rep, s->w);
	spark_points(rep, &sp, s->w);
	spark_head(s, rep, &sp);
	rows_each(s, rep, rows_fit(rep, 1, s->h - 1), spark_row, &sp);
done:
	free(sp.cols);
	free(sp.tw);
}

struct heat {
	int       lw, cw, ncols;
	long long max;
};

static void
heat_row(struct sink *s, const struct report *rep, int r, const void *ctx)
{
	const struct heat *ht = ctx;
	const struct report_cell *cell;
	char line[LINE_BYTES] = "";
	int j, glyphs = ht->cw >= 3 ? ht->cw - 1 : ht->cw;

	put_label(line, sizeof line, rep, r, ht->lw);
	for (j = 0; j < ht->ncols; j++) {
		cell = REPORT_CELL(rep, r, rep->chart_from + j);
		put_n(line, sizeof line, chart_heat_glyph(cell->n, ht->max,
		    cell->empty, s->ascii), glyphs);
		put_n(line, sizeof line, " ", ht->cw - glyphs);
	}
	sink_line(s, line, A_NORMAL);
}

/* The column names over their cells, each where the last leaves room. */
static void
heat_head(struct sink *s, const struct report *rep, const struct heat *ht)
{
	char line[LINE_BYTES] = "";
	const char *name;
	int j, at = 0, x, nw;

	put_fit(line, sizeof line, rep->cols[rep->label_col].name, ht->lw, 0);
	put(line, sizeof line, " ");
	for (j = 0; j < ht->ncols; j++) {
		name = rep->cols[rep->chart_from + j].name;
		x = j * ht->cw;
		nw = text_width(name);
		if (x < at || nw > ht->cw * (ht->ncols - j))
			continue;
		put_n(line, sizeof line, " ", x - at);
		put_fit(line, sizeof line, name, nw, 0);
		at = x + nw + 1;
		put(line, sizeof line, " ");
	}
	sink_line(s, line, A_UNDERLINE);
}

static void
heat_legend(struct sink *s, const struct report *rep, int br, int bc)
{
	char items[6][128], best[64] = "-";
	const char *const list[6] = { items[0], items[1], items[2], items[3],
		items[4], items[5] };
	int a = s->ascii;

	if (br >= 0)
		report_cell_text(rep, br, bc, best, sizeof best);
	snprintf(items[0], sizeof items[0], "%s <25%%",
	    chart_heat_glyph(1, 8, 0, a));
	snprintf(items[1], sizeof items[1], "%s <50%%",
	    chart_heat_glyph(2, 8, 0, a));
	snprintf(items[2], sizeof items[2], "%s <75%%",
	    chart_heat_glyph(4, 8, 0, a));
	snprintf(items[3], sizeof items[3], "%s >=75%% of the best (%s)",
	    chart_heat_glyph(8, 8, 0, a), best);
	snprintf(items[4], sizeof items[4], "%s 0",
	    chart_heat_glyph(0, 8, 0, a));
	snprintf(items[5], sizeof items[5], "blank: none");
	legend_draw(s, list, 6);
}

/* Rows by columns chart_from..chart_to, shaded against the best cell. */
static void
heat_draw(struct sink *s, const struct report *rep)
{
	struct sink count = { NULL, 0, 0, INT_MAX, s->w, 0, s->ascii };
	const struct report_cell *cell;
	struct heat ht;
	int r, j, br = -1, bc = -1, room;

	ht.max = 0;
	ht.ncols = rep->chart_to - rep->chart_from + 1;
	for (r = 0; r < rep->nrows - rep->total; r++)
		for (j = 0; j < ht.ncols; j++) {
			cell = REPORT_CELL(rep, r, rep->chart_from + j);
			if (!cell->empty && (br < 0 || cell->n > ht.max)) {
				ht.max = cell->n;
				br = r;
				bc = rep->chart_from + j;
			}
		}
	heat_legend(&count, rep, br, bc);
	ht.lw = label_width(rep, s->w);
	room = s->w - ht.lw - 1;
	ht.cw = room / ht.ncols > 3 ? 3 : room / ht.ncols;
	if (ht.cw < 1) {
		ht.cw = 1;
		ht.ncols = room > 0 ? room : 0;
	}
	heat_head(s, rep, &ht);
	rows_each(s, rep, rows_fit(rep, 0, s->h - 1 - count.n), heat_row,
	    &ht);
	heat_legend(s, rep, br, bc);
}

/* The columns the chart names exist and are in order. */
static int
chart_valid(const struct report *rep)
{
	if (rep == NULL || rep->nrows <= 0 || rep->ncols <= 0 ||
	    rep->label_col < 0 || rep->label_col >= rep->ncols)
		return 0;
	if (rep->chart == CHART_SPARK)
		return 1;
	return rep->chart_from >= 0 && rep->chart_to < rep->ncols &&
	    rep->chart_from <= rep->chart_to &&
	    rep->nrows - rep->total > 0;
}

static int
chart_run(struct sink *s, const struct report *rep)
{
	if (s->h <= 0 || s->w <= 0 || !chart_valid(rep))
		return 0;
	if (s->w > MAX_COLS)
		s->w = MAX_COLS;
	switch (rep->chart) {
	case CHART_BARS:
		bars_draw(s, rep);
		break;
	case CHART_STACKED:
		stack_draw(s, rep);
		break;
	case CHART_SPARK:
		spark_draw(s, rep);
		break;
	case CHART_HEAT:
		heat_draw(s, rep);
		break;
	case CHART_NONE:
		break;
	}
	return s->n;
}

int
chart_draw(WINDOW *win, const struct report *rep, int y, int x, int h,
    int w, const struct chart_style *style)
{
	struct sink s = { win, y, x, h, w, 0, 0 };

	s.ascii = style != NULL && style->ascii;
	return chart_run(&s, rep);
}

int
chart_lines(const struct report *rep, int w, int h)
{
	struct sink s = { NULL, 0, 0, h, w, 0, 0 };

	return chart_run(&s, rep);
}
