#include "chart.h"

/* Not yet built: no chart is drawn. */
int
chart_draw(WINDOW *win, const struct report *rep, int y, int x, int h,
    int w, const struct chart_style *style)
{
	(void)win; (void)rep; (void)y; (void)x; (void)h; (void)w;
	(void)style;
	return 0;
}

int
chart_lines(const struct report *rep, int w, int h)
{
	(void)rep; (void)w; (void)h;
	return 0;
}
