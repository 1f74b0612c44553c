/*
 * My day: attendance and the rep's progress against the daily target.
 * The keys that change attendance work everywhere; this pane shows them.
 */
#include <stdlib.h>
#include <string.h>

#include "detail.h"
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

/* "Calls       12 of 80  [###...]", or only the count with no target. */
static void
progress_line(WINDOW *win, int y, int w, const char *what, int done,
    int target)
{
	char line[256], bar[64];

	bar_text(done, target, 30, bar, sizeof bar);
	if (target > 0)
		snprintf(line, sizeof line, "%s %d of %d  %s", what, done,
		    target, bar);
	else
		snprintf(line, sizeof line, "%s %d", what, done);
	tui_put(win, y, 1, w - 2, line);
}

static void
day_draw(struct view *v, WINDOW *win)
{
	const struct tui *t = v->tui;
	const struct progress *p = &t->progress;
	int w = getmaxx(win), y = 0;
	char line[256];
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
	y++;
	y += wrap_put(win, y, 13, w - 14, 3, "i checks in, p pauses (p again "
	    "resumes), o checks out") - 1;
	y++;
	progress_line(win, ++y, w, "Calls      ", p->calls, p->target_calls);
	progress_line(win, ++y, w, "Connects   ", p->connects,
	    p->target_connects);
	progress_line(win, ++y, w, "Conversions", p->conversions,
	    p->target_conversions);
	snprintf(line, sizeof line, "Talk time   %d:%02d", p->talk_s / 3600,
	    p->talk_s / 60 % 60);
	tui_put(win, ++y, 1, w - 2, line);
}

const struct view_ops day_view = {
	.name = "My day",
	.keys = day_keys,
	.reload = day_reload,
	.draw = day_draw,
	.handle = day_handle,
};
