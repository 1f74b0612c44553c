/*
 * My day: attendance and the rep's progress against the daily target.
 * The keys that change attendance work everywhere; this pane shows them.
 */
#include <stdlib.h>
#include <string.h>

#include "view.h"

static const struct keybind day_keys[] = {
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static void
day_reload(struct view *v)
{
	(void)v;		/* the shell reads attendance and progress */
}

static int
day_handle(struct view *v, enum tui_action a)
{
	(void)v;
	(void)a;
	return 0;
}

/* A bar of width cells, filled in proportion to done of target. */
static void
bar_text(int done, int target, int width, char *buf, size_t size)
{
	int i, fill = target > 0 ? (done >= target ? width :
	    done * width / target) : 0;

	if ((size_t)width + 3 > size)
		width = (int)size - 3;
	buf[0] = '[';
	for (i = 0; i < width; i++)
		buf[1 + i] = i < fill ? '#' : '.';
	buf[1 + width] = ']';
	buf[2 + width] = '\0';
}

static void
day_draw(struct view *v, WINDOW *win)
{
	const struct tui *t = v->tui;
	const struct progress *p = &t->progress;
	int w = getmaxx(win), y = 0;
	char line[256], bar[64];
	long in_state = t->attendance.since && t->now > t->attendance.since ?
	    (long)(t->now - t->attendance.since) : 0;

	wattron(win, A_BOLD);
	tui_put(win, y++, 1, w - 2, "My day");
	wattroff(win, A_BOLD);
	snprintf(line, sizeof line, "Attendance  %s%s%s, for %ld:%02ld",
	    attendance_name(t->attendance.state), t->attendance.reason[0] ?
	    ": " : "", t->attendance.reason, in_state / 3600,
	    in_state / 60 % 60);
	tui_put(win, ++y, 1, w - 2, line);
	tui_put(win, ++y, 1, w - 2, "            i checks in, p pauses (p "
	    "again resumes), o checks out");
	y++;
	bar_text(p->calls, p->target_calls, 30, bar, sizeof bar);
	snprintf(line, sizeof line, "Calls       %d of %d  %s", p->calls,
	    p->target_calls, bar);
	tui_put(win, ++y, 1, w - 2, line);
	snprintf(line, sizeof line, "Connects    %d", p->connects);
	tui_put(win, ++y, 1, w - 2, line);
	snprintf(line, sizeof line, "Conversions %d", p->conversions);
	tui_put(win, ++y, 1, w - 2, line);
	snprintf(line, sizeof line, "Talk time   %d:%02d", p->talk_s / 3600,
	    p->talk_s / 60 % 60);
	tui_put(win, ++y, 1, w - 2, line);
}

static int
day_open(struct view *v)
{
	v->data = NULL;
	return 0;
}

const struct view_ops day_view = {
	.name = "My day",
	.keys = day_keys,
	.open = day_open,
	.close = view_data_free,
	.reload = day_reload,
	.draw = day_draw,
	.handle = day_handle,
};
