#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/attendance.h"
#include "callq/text.h"
#include "callq/tui.h"
#include "view.h"

/* How often, with no key pressed, the clock and other terminals' changes
 * are looked at: design.md wants changes on screen within a second. */
#define TICK_MS 500

enum pair { PAIR_BAR = 1, PAIR_NEW, PAIR_WORKING, PAIR_CNP, PAIR_HOT,
	PAIR_WON, PAIR_LOST };

const struct keybind tui_global_keys[] = {
	{ '?', "?", TA_HELP, "Show or hide this help", "Help" },
	{ 'q', "q", TA_QUIT, "Quit callq", "Quit" },
	{ 12, "Ctrl-L", TA_REDRAW, "Redraw the screen", NULL },
	{ 0, NULL, TA_NONE, NULL, NULL },
};

void
tui_message(struct tui *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->message, sizeof t->message, fmt, ap);
	va_end(ap);
}

/* The signal that asked callq to stop (Ctrl-C, kill, a closed SSH link). */
static volatile sig_atomic_t stop_signal;

static void
on_stop_signal(int sig)
{
	stop_signal = sig;
}

/*
 * Installed before initscr, so ncurses keeps ours: the loop then leaves
 * through the same clean-up as q, and the shell sees 128 + the signal.
 */
static void
signals_catch(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Set when the terminal's locale is not UTF-8: text is shown in ASCII. */
static int ascii_only;

/* Shows each non-ASCII character as '?', one column, as text_fit counted it. */
static void
ascii_fold(char *s)
{
	char *out = s;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x80)
			*out++ = *s;
		else if (((unsigned char)*s & 0xc0) != 0x80)
			*out++ = '?';
	}
	*out = '\0';
}

void
tui_put(WINDOW *win, int y, int x, int width, const char *s)
{
	char buf[1024];

	if (width <= 0)
		return;
	text_fit(s, width, 1, buf, sizeof buf);
	if (ascii_only)
		ascii_fold(buf);
	mvwaddstr(win, y, x, buf);
}

int
tui_status_attr(const struct tui *t, const char *status)
{
	static const struct { const char *status; enum pair pair; } map[] = {
		{ "New", PAIR_NEW }, { "In Progress", PAIR_WORKING },
		{ "CNP", PAIR_CNP }, { "Interested", PAIR_HOT },
		{ "Qualified", PAIR_HOT }, { "Converted", PAIR_WON },
		{ "Lost", PAIR_LOST },
	};
	size_t i;

	if (!t->color)
		return A_NORMAL;
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].status, status) == 0)
			return COLOR_PAIR(map[i].pair);
	return A_NORMAL;
}

/* Colors unless NO_COLOR is set (https://no-color.org) or there are none. */
static void
colors_start(struct tui *t)
{
	const char *no_color = getenv("NO_COLOR");

	t->color = (no_color == NULL || *no_color == '\0') && has_colors();
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_NEW, COLOR_CYAN, -1);
	init_pair(PAIR_WORKING, COLOR_BLUE, -1);
	init_pair(PAIR_CNP, COLOR_YELLOW, -1);
	init_pair(PAIR_HOT, COLOR_GREEN, -1);
	init_pair(PAIR_WON, COLOR_MAGENTA, -1);
	init_pair(PAIR_LOST, COLOR_RED, -1);
}

static void
bar_attr(const struct tui *t, int on)
{
	int attr = t->color ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;

	if (on)
		attron(attr);
	else
		attroff(attr);
}

/* What the screen shows besides the view, read again when data changes. */
static void
tui_reload(struct tui *t)
{
	enum attendance att = ATT_OUT;
	struct err err;

	store_attendance_get(t->st, t->who, &att, &err);
	t->attendance = attendance_name(att);
	t->view.ops->reload(&t->view);
}

static void
top_bar_draw(struct tui *t)
{
	char left[200], clock[8];
	struct tm tm;

	localtime_r(&t->now, &tm);
	strftime(clock, sizeof clock, "%H:%M", &tm);
	snprintf(left, sizeof left, " callq | %s (%s) | %s", t->who->login,
	    role_name(t->who->role), t->attendance);
	bar_attr(t, 1);
	tui_put(stdscr, 0, 0, COLS, left);
	if (COLS > (int)strlen(left) + 7)
		mvaddstr(0, COLS - 6, clock);
	bar_attr(t, 0);
}

/* The hint bar: the view's hinted keys, then the global ones. */
static void
hint_bar_draw(const struct tui *t)
{
	const struct keybind *tables[] = { t->view.ops->keys, tui_global_keys };
	char line[512] = "", item[64];
	const struct keybind *k;
	size_t i;

	for (i = 0; i < 2; i++)
		for (k = tables[i]; k->key != 0; k++) {
			if (k->hint == NULL)
				continue;
			snprintf(item, sizeof item, " %s %s ", k->keyname,
			    k->hint);
			strncat(line, item, sizeof line - strlen(line) - 1);
		}
	bar_attr(t, 1);
	tui_put(stdscr, LINES - 1, 0, COLS, line);
	bar_attr(t, 0);
}

static void
screen_draw(struct tui *t)
{
	WINDOW *pane;

	erase();
	top_bar_draw(t);
	tui_put(stdscr, LINES - 2, 0, COLS, t->message);
	hint_bar_draw(t);
	wnoutrefresh(stdscr);
	if (LINES > 3 && (pane = newwin(LINES - 3, COLS, 1, 0)) != NULL) {
		t->view.ops->draw(&t->view, pane);
		wnoutrefresh(pane);
		delwin(pane);
	}
	if (t->help)
		help_draw(t);
	doupdate();
}

static enum tui_action
key_action(const struct tui *t, int key)
{
	const struct keybind *tables[] = { t->view.ops->keys, tui_global_keys };
	const struct keybind *k;
	size_t i;

	for (i = 0; i < 2; i++)
		for (k = tables[i]; k->key != 0; k++)
			if (k->key == key)
				return k->action;
	return TA_NONE;
}

/* Returns 1 when the user asked to quit. */
static int
key_handle(struct tui *t, int key)
{
	enum tui_action a;

	t->message[0] = '\0';
	if (t->help) {		/* any key closes the help */
		t->help = 0;
		return 0;
	}
	if (key == KEY_RESIZE)
		return 0;
	a = key_action(t, key);
	if (a == TA_NONE) {
		tui_message(t, "That key does nothing here; ? lists the keys.");
		return 0;
	}
	if (t->view.ops->handle(&t->view, a))
		return 0;
	switch (a) {
	case TA_QUIT:
		return 1;
	case TA_HELP:
		t->help = 1;
		break;
	case TA_REDRAW:
		clearok(curscr, TRUE);
		break;
	default:
		break;
	}
	return 0;
}

/* Reads every key waiting; returns 1 to quit. */
static int
keys_drain(struct tui *t)
{
	wint_t wch;
	int rc;

	while ((rc = get_wch(&wch)) != ERR)
		if (key_handle(t, (int)wch))
			return 1;
	return 0;
}

static int
tui_loop(struct tui *t)
{
	struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
	int64_t seen = store_data_version(t->st), version;

	/* Redrawing on every wake is cheap: ncurses sends only what changed. */
	for (;;) {
		t->now = store_now();
		if ((version = store_data_version(t->st)) != seen) {
			seen = version;
			tui_reload(t);
		}
		screen_draw(t);
		if (poll(&pfd, 1, TICK_MS) < 0 && errno != EINTR)
			return EX_IOERR;
		if (stop_signal != 0)
			return 128 + stop_signal;
		/* The SSH session went away, whether or not SIGHUP came first. */
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
			return 128 + SIGHUP;
		if (keys_drain(t))
			return 0;
	}
}

int
tui_run(struct store *st, const struct actor *who)
{
	struct tui t = { .st = st, .who = who };
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "callq: the screen needs a terminal; use a "
		    "subcommand (callq --help) in scripts\n");
		return EX_USAGE;
	}
	setenv("ESCDELAY", "25", 0);
	ascii_only = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	signals_catch();
	if (initscr() == NULL)
		return EX_UNAVAILABLE;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	colors_start(&t);
	t.view = (struct view){ &queue_view, &t, NULL };
	if (t.view.ops->open(&t.view) != 0) {
		endwin();
		fprintf(stderr, "callq: %s\n", t.message);
		return EX_SOFTWARE;
	}
	tui_reload(&t);
	rc = tui_loop(&t);
	t.view.ops->close(&t.view);
	/*
	 * A blank screen with the cursor home: a terminal that restores its
	 * main screen at another size (tmux after a resize) then has nothing
	 * of ours to carry over into it.
	 */
	clear();
	refresh();
	endwin();
	return rc;
}
