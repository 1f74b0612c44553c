#include <stdlib.h>
#include <string.h>

#include "pager.h"

int
pager_page(const struct pager *pg)
{
	if (pg->height <= 0)
		return 24;
	return pg->height < pg->max ? pg->height : pg->max;
}

void *
pager_row(const struct pager *pg, int i)
{
	return pg->rows + (size_t)i * pg->size;
}

void *
pager_selected(const struct pager *pg)
{
	return pg->nrows > 0 ? pager_row(pg, pg->sel) : NULL;
}

static int
fetch(struct pager *pg, const void *from, int backward, int inclusive, int n)
{
	pg->ngot = 0;
	if (n > pg->max)
		n = pg->max;
	if (n > 0)
		pg->walk(pg, from, backward, inclusive, n);
	return pg->ngot;
}

/* Puts the k rows fetched (nearest first) above the first keep rows. */
static void
got_above(struct pager *pg, int k, int keep)
{
	int i;

	memmove(pager_row(pg, k), pg->rows, (size_t)keep * pg->size);
	for (i = 0; i < k; i++)
		memcpy(pager_row(pg, k - 1 - i), pg->got + (size_t)i * pg->size,
		    pg->size);
}

void
pager_fill(struct pager *pg, const void *from)
{
	int k, h = pager_page(pg);

	pg->nrows = fetch(pg, from, 0, 1, h);
	memcpy(pg->rows, pg->got, (size_t)pg->nrows * pg->size);
	if (pg->nrows == h || (from == NULL && pg->nrows == 0))
		return;
	k = fetch(pg, pg->nrows > 0 ? pager_row(pg, 0) : from, 1, 0,
	    h - pg->nrows);
	got_above(pg, k, pg->nrows);
	pg->nrows += k;
	pg->sel += k;
}

void
pager_reload(struct pager *pg)
{
	const void *sel = pager_selected(pg);
	int64_t id = sel ? pg->id_of(sel) : 0;
	void *top = pg->nrows > 0 ? malloc(pg->size) : NULL;
	int i;

	/* Out of memory, the page starts again from the list's first row. */
	if (top != NULL)
		memcpy(top, pg->rows, pg->size);
	pager_fill(pg, top);
	free(top);
	for (i = 0; i < pg->nrows; i++)
		if (pg->id_of(pager_row(pg, i)) == id)
			pg->sel = i;
	if (pg->sel >= pg->nrows)
		pg->sel = pg->nrows - 1;
	if (pg->sel < 0)
		pg->sel = 0;
}

void
pager_move(struct pager *pg, int n, int backward)
{
	int k, h = pager_page(pg), keep;

	if (pg->nrows == 0)
		return;
	if (!backward && pg->sel + n < pg->nrows) {
		pg->sel += n;
		return;
	}
	if (backward && pg->sel - n >= 0) {
		pg->sel -= n;
		return;
	}
	k = fetch(pg, pager_row(pg, backward ? 0 : pg->nrows - 1), backward, 0,
	    n);
	if (k == 0) {
		pg->sel = backward ? 0 : pg->nrows - 1;
		return;
	}
	keep = pg->nrows + k > h ? h - k : pg->nrows;
	if (backward) {
		got_above(pg, k, keep);
		pg->sel = pg->sel - n + k;
	} else {
		memmove(pg->rows, pager_row(pg, pg->nrows - keep),
		    (size_t)keep * pg->size);
		memcpy(pager_row(pg, keep), pg->got, (size_t)k * pg->size);
		pg->sel = pg->sel + n - (pg->nrows - keep);
	}
	pg->nrows = keep + k;
	if (pg->sel < 0)
		pg->sel = 0;
	if (pg->sel >= pg->nrows)
		pg->sel = pg->nrows - 1;
}

void
pager_bottom(struct pager *pg)
{
	int k = fetch(pg, NULL, 1, 0, pager_page(pg));

	got_above(pg, k, 0);
	pg->nrows = k;
	pg->sel = k > 0 ? k - 1 : 0;
}

void
pager_top(struct pager *pg)
{
	pg->nrows = pg->sel = 0;
	pager_fill(pg, NULL);
}

int
pager_handle(struct pager *pg, enum tui_action a)
{
	/* A page less the line kept in view, as in every list. */
	int page = pager_page(pg) > 1 ? pager_page(pg) - 1 : 1;

	switch (a) {
	case TA_DOWN: pager_move(pg, 1, 0); break;
	case TA_UP: pager_move(pg, 1, 1); break;
	case TA_PAGE_DOWN: pager_move(pg, page, 0); break;
	case TA_PAGE_UP: pager_move(pg, page, 1); break;
	case TA_TOP: pager_top(pg); break;
	case TA_BOTTOM: pager_bottom(pg); break;
	default: return 0;
	}
	return 1;
}
