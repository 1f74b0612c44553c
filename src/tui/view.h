/*
 * A view is a table of operations and a table of keys: adding a view
 * touches one file, and the help overlay and hint bar are generated from
 * the key tables, so they cannot go stale.
 */
#ifndef CALLQ_TUI_VIEW_H
#define CALLQ_TUI_VIEW_H

#include <curses.h>
#include <time.h>

#include "callq/store.h"

enum tui_action {
	TA_NONE, TA_QUIT, TA_HELP, TA_REDRAW,
	TA_DOWN, TA_UP, TA_PAGE_DOWN, TA_PAGE_UP, TA_TOP, TA_BOTTOM,
};

struct keybind {
	int         key;	/* 0 ends a table */
	const char *keyname;	/* as the help shows it: "j, Down" */
	enum tui_action action;
	const char *help;	/* "Move down" */
	const char *hint;	/* the hint bar's word, or NULL to leave out */
};

struct tui;
struct view;

struct view_ops {
	const char            *name;	/* "My Queue" */
	const struct keybind  *keys;
	int  (*open)(struct view *v);
	void (*close)(struct view *v);
	/* The database changed, or the view was opened: read it again. */
	void (*reload)(struct view *v);
	/* Draws into win, which the view owns for this call only. */
	void (*draw)(struct view *v, WINDOW *win);
	/* Returns 1 when the view handled action. */
	int  (*handle)(struct view *v, enum tui_action action);
};

struct view {
	const struct view_ops *ops;
	struct tui            *tui;
	void                  *data;	/* the view's own state */
};

struct tui {
	struct store       *st;
	const struct actor *who;
	struct view         view;
	int                 color;	/* colors in use (NO_COLOR unset) */
	int                 help;	/* the help overlay is open */
	char                message[256];	/* the status line */
	const char         *attendance;	/* "in", "paused", "out" */
	time_t              now;
};

/* The bindings every view shares, after its own. */
extern const struct keybind tui_global_keys[];

/* Shows a sentence on the status line until the next key. */
void tui_message(struct tui *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The attribute for a lead status: color when on, else plain. */
int tui_status_attr(const struct tui *t, const char *status);

/* Writes s at (y, x) in exactly width columns, cut or padded. */
void tui_put(WINDOW *win, int y, int x, int width, const char *s);

void help_draw(const struct tui *t);

extern const struct view_ops queue_view;

#endif
