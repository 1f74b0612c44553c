/*
 * A page of rows walked from the store a few at a time (keyset paging):
 * the rows on screen are all a list holds, and moving past the page's
 * edge fetches the next rows from the first or last one shown. My Queue
 * and the pools page this way; each says how to walk its own rows. The
 * keys are those of every list (list.h).
 */
#ifndef CALLQ_TUI_PAGER_H
#define CALLQ_TUI_PAGER_H

#include <stddef.h>
#include <stdint.h>

#include "view.h"

struct pager {
	char  *rows;		/* max rows of size bytes: those on screen */
	char  *got;		/* max more: a walk's, nearest first */
	size_t size;
	int    max;
	int    nrows, ngot;
	int    sel;		/* the cursor's row */
	int    height;		/* rows the list showed last; 0: not yet */
	void  *owner;		/* the list's, for walk */
	/*
	 * Fetches up to n rows next to row from into got (setting ngot):
	 * after it, or before it when backward; from itself on when
	 * inclusive. from NULL starts at the first row (backward: the last).
	 */
	void (*walk)(struct pager *pg, const void *from, int backward,
	    int inclusive, int n);
	/* The lead a row is of, to keep the cursor on it across reloads. */
	int64_t (*id_of)(const void *row);
};

/* The rows a page holds: the list's height, within max. */
int pager_page(const struct pager *pg);

/* Row i of the page, and the cursor's row (NULL when there is none). */
void *pager_row(const struct pager *pg, int i);
void *pager_selected(const struct pager *pg);

/* Fills the page from row from on (NULL: the first), backing up at the end. */
void pager_fill(struct pager *pg, const void *from);

/*
 * The data changed: reads the page again from its first row, the cursor
 * kept on its lead when the lead is still there, else on its line.
 */
void pager_reload(struct pager *pg);

/* Moves the cursor n rows down (backward: up), walking past the edge. */
void pager_move(struct pager *pg, int n, int backward);

/* The first page, the cursor on its first row. */
void pager_top(struct pager *pg);

/* The last page, the cursor on its last row. */
void pager_bottom(struct pager *pg);

/*
 * Moves the cursor for a navigation action (j/k, PgDn/PgUp, Home/End);
 * returns 0 when a is not one.
 */
int pager_handle(struct pager *pg, enum tui_action a);

#endif
