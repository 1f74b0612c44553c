/*
 * One navigation for every list on the screen: j/k, Down/Up, PgDn/PgUp,
 * Home/End, g g and G move a cursor the same way in each pane, the help
 * and the picker. A list keeps its cursor, its first row shown and the
 * height it was last drawn at; the view keeps its rows and their count.
 * Lists paged from the store (My Queue, the pools) do the same through
 * the pager (pager.h).
 */
#ifndef CALLQ_TUI_LIST_H
#define CALLQ_TUI_LIST_H

#include "view.h"

struct list {
	int sel;	/* the cursor's row */
	int top;	/* the first row shown */
	int height;	/* rows shown at the last draw; 0: not drawn yet */
};

/* The navigation keys, for a list's key table (g g is in the goto table). */
#define NAV_KEYS \
	{ 'j', "j, Down", TA_DOWN, "Down a line", NULL }, \
	{ KEY_DOWN, NULL, TA_DOWN, NULL, NULL }, \
	{ 'k', "k, Up", TA_UP, "Up a line", NULL }, \
	{ KEY_UP, NULL, TA_UP, NULL, NULL }, \
	{ KEY_NPAGE, "PgDn", TA_PAGE_DOWN, "Down a page", NULL }, \
	{ KEY_PPAGE, "PgUp", TA_PAGE_UP, "Up a page", NULL }, \
	{ KEY_HOME, "Home, g g", TA_TOP, "To the first line", NULL }, \
	{ KEY_END, "End, G", TA_BOTTOM, "To the last line", NULL }, \
	{ 'G', NULL, TA_BOTTOM, NULL, NULL }

/* The navigation action of key, TA_NONE when it is not one. */
enum tui_action list_action(int key);

/*
 * The same in an overlay that has every key (the help, the picker), g g
 * included: TA_GOTO for a first g, which *pending_g then remembers.
 */
enum tui_action list_key(int key, int *pending_g);

/* The rows PgDn and PgUp move: a page less the line kept in view. */
int list_page(const struct list *l);

/*
 * Moves the cursor of a list of n rows for a navigation action; returns
 * 0, leaving the list as it was, when a is not one.
 */
int list_handle(struct list *l, int n, enum tui_action a);

/*
 * The same for a text with no cursor (the lead's page, the help): the
 * action scrolls it, top staying where a full page still shows.
 */
int list_scroll(struct list *l, int n, enum tui_action a);

/* After the rows changed: the cursor kept on one of the n there are. */
void list_fit(struct list *l, int n);

/*
 * Drawing height rows of the list: notes the height and moves top as
 * little as keeps the cursor shown; returns top.
 */
int list_show(struct list *l, int height);

/*
 * Makes the keys terminals send for Home and End (xterm, screen, tmux,
 * rxvt) arrive as KEY_HOME and KEY_END whatever terminfo says.
 */
void list_keys_define(void);

#endif
