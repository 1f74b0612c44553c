#include <string.h>

#include "callq/text.h"
#include "detail.h"

int
wrap_count(const char *s, int width)
{
	size_t next;
	int lines = 0;

	while (*s != '\0') {
		text_wrap(s, width, &next);
		s += next;
		lines++;
	}
	return lines;
}

int
wrap_put(WINDOW *win, int y, int x, int width, int max, const char *s)
{
	char line[1024];
	size_t len, next;
	int i;

	for (i = 0; i < max && *s != '\0'; i++) {
		len = text_wrap(s, width, &next);
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, s, len);
		line[len] = '\0';
		tui_put(win, y + i, x, width, line);
		s += next;
	}
	return i;
}

int
detail_draw(const struct tui *t, WINDOW *win, int h, const char *s)
{
	int w = getmaxx(win) - 2, n, foot = getmaxy(win);

	if (!t->detail || h < 3 || w < 1)
		return h;
	if (*s == '\0')
		s = "Nothing is selected.";
	n = wrap_count(s, w);
	if (n > h / 2)
		n = h / 2;
	mvwhline(win, foot - n - 1, 0, ACS_HLINE, getmaxx(win));
	wattron(win, A_BOLD);
	wrap_put(win, foot - n, 1, w, n, s);
	wattroff(win, A_BOLD);
	return h - n - 1;
}
