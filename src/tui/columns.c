#include "callq/text.h"
#include "columns.h"

/* The widths of the columns shown and the spaces between them. */
static int
columns_need(const struct column *cols, int n, const int *shown)
{
	int i, need = -1;

	for (i = 0; i < n; i++)
		if (shown[i])
			need += cols[i].min + 1;
	return need < 0 ? 0 : need;
}

static int
columns_top_rank(const struct column *cols, int n)
{
	int i, top = 0;

	for (i = 0; i < n; i++)
		if (cols[i].drop > top)
			top = cols[i].drop;
	return top;
}

/*
 * Picks the columns shown, the most important first: each when those
 * before it, at their preferred widths, leave it its minimum.
 */
static int
columns_pick(const struct column *cols, int n, int avail, int *shown)
{
	int rank, i, used = -1, dropped = 0, top = columns_top_rank(cols, n);

	for (rank = 0; rank <= top; rank++)
		for (i = 0; i < n; i++) {
			if (cols[i].drop != rank)
				continue;
			shown[i] = rank == 0 || used + 1 + cols[i].min <= avail;
			if (shown[i])
				used += 1 + (cols[i].pref > cols[i].min ?
				    cols[i].pref : cols[i].min);
			else
				dropped++;
		}
	return dropped;
}

/* Gives what is left to the columns shown, the most important first. */
static int
columns_grow(struct column *cols, int n, const int *shown, int left)
{
	int rank, i, more, top = columns_top_rank(cols, n);

	for (rank = 0; rank <= top && left > 0; rank++)
		for (i = 0; i < n && left > 0; i++) {
			if (!shown[i] || cols[i].drop != rank ||
			    cols[i].pref <= cols[i].width)
				continue;
			more = cols[i].pref - cols[i].width;
			more = more < left ? more : left;
			cols[i].width += more;
			left -= more;
		}
	for (i = 0; i < n && left > 0; i++)
		if (shown[i] && cols[i].flex) {
			cols[i].width += left;
			left = 0;
		}
	return left;
}

int
columns_fit(struct column *cols, int n, int w)
{
	int shown[32], i, dropped, x = 1, avail = w - 2;

	if (n > 32)
		n = 32;
	dropped = columns_pick(cols, n, avail, shown);
	for (i = 0; i < n; i++)
		cols[i].width = shown[i] ? cols[i].min : 0;
	columns_grow(cols, n, shown, avail - columns_need(cols, n, shown));
	for (i = 0; i < n; i++) {
		if (!shown[i])
			continue;
		cols[i].x = x;
		/* Narrower than the minimums: the last ones are cut. */
		if (x + cols[i].width > 1 + avail)
			cols[i].width = 1 + avail - x > 0 ? 1 + avail - x : 0;
		x += cols[i].width + 1;
	}
	return dropped;
}

void
columns_cell(WINDOW *win, int y, const struct column *c, const char *s,
    int attr)
{
	int tw;

	if (c->width <= 0)
		return;
	tw = text_width(s);
	wattron(win, attr);
	if (c->right && tw < c->width)
		tui_put(win, y, c->x + c->width - tw, tw, s);
	else
		tui_put(win, y, c->x, c->width, s);
	wattroff(win, attr);
}

void
columns_row(WINDOW *win, int y, const struct column *cols, int n,
    const char *const cells[])
{
	int i;

	for (i = 0; i < n; i++)
		columns_cell(win, y, &cols[i], cells[i], 0);
}

void
columns_head(WINDOW *win, int y, const struct column *cols, int n)
{
	int i;

	wattron(win, A_UNDERLINE);
	for (i = 0; i < n; i++)
		columns_cell(win, y, &cols[i], cols[i].title, 0);
	wattroff(win, A_UNDERLINE);
}
