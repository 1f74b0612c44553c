#include <curses.h>

#include "list.h"

static const struct keybind nav_keys[] = {
	NAV_KEYS,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

enum tui_action
list_action(int key)
{
	const struct keybind *k;

	for (k = nav_keys; k->key != 0; k++)
		if (k->key == key)
			return k->action;
	return TA_NONE;
}

enum tui_action
list_key(int key, int *pending_g)
{
	int was = *pending_g;

	*pending_g = key == 'g' && !was;
	if (key == 'g')
		return was ? TA_TOP : TA_GOTO;
	return list_action(key);
}

int
list_page(const struct list *l)
{
	/* Before the first draw, a page of a 24-line terminal. */
	int height = l->height > 0 ? l->height : 20;

	return height > 1 ? height - 1 : 1;
}

int
list_handle(struct list *l, int n, enum tui_action a)
{
	switch (a) {
	case TA_DOWN: l->sel++; break;
	case TA_UP: l->sel--; break;
	case TA_PAGE_DOWN: l->sel += list_page(l); break;
	case TA_PAGE_UP: l->sel -= list_page(l); break;
	case TA_TOP: l->sel = 0; break;
	case TA_BOTTOM: l->sel = n - 1; break;
	default: return 0;
	}
	list_fit(l, n);
	return 1;
}

int
list_scroll(struct list *l, int n, enum tui_action a)
{
	/* The tops that still fill the height are the rows of a list. */
	int tops = n - (l->height > 0 ? l->height : 1) + 1;

	l->sel = l->top;
	if (!list_handle(l, tops > 1 ? tops : 1, a))
		return 0;
	l->top = l->sel;
	return 1;
}

void
list_fit(struct list *l, int n)
{
	if (l->sel >= n)
		l->sel = n - 1;
	if (l->sel < 0)
		l->sel = 0;
}

int
list_show(struct list *l, int height)
{
	l->height = height;
	if (l->sel < l->top)
		l->top = l->sel;
	if (height > 0 && l->sel >= l->top + height)
		l->top = l->sel - height + 1;
	if (l->top < 0)
		l->top = 0;
	return l->top;
}

void
list_keys_define(void)
{
	static const struct { const char *seq; int key; } seqs[] = {
		{ "\033[1~", KEY_HOME }, { "\033[H", KEY_HOME },
		{ "\033OH", KEY_HOME }, { "\033[7~", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[F", KEY_END },
		{ "\033OF", KEY_END }, { "\033[8~", KEY_END },
	};
	size_t i;

	for (i = 0; i < sizeof seqs / sizeof seqs[0]; i++)
		define_key(seqs[i].seq, seqs[i].key);
}
