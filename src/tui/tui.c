#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/alert.h"
#include "callq/clock.h"
#include "callq/draft.h"
#include "callq/lease.h"
#include "callq/plural.h"
#include "callq/priv.h"
#include "callq/settings.h"
#include "callq/notify.h"
#include "callq/phone.h"
#include "callq/text.h"
#include "callq/tui.h"
#include "callq/when.h"
#include "detail.h"
#include "form.h"
#include "list.h"

/* How often, with no key pressed, the clock and other terminals' changes
 * are looked at: design.md wants changes on screen within a second. */
#define TICK_MS 250

/*
 * Other terminals' changes are read again RELOAD_MS after the last reload
 * ended, at the soonest: on a busy floor they come many times a second
 * and each reload reads every pane, so one reload takes in all that came
 * meanwhile, still within design.md's second. After a reload that took
 * longer than RELOAD_MS / RELOAD_SHARE (a large floor, or a server kept
 * busy), the wait is RELOAD_SHARE times what it took: the sessions then
 * leave the server room for the calls being logged.
 */
#define RELOAD_MS 500
#define RELOAD_SHARE 2

/* The lead pane sits beside the queue from this width on. */
#define WIDE_COLS 120

/* The smallest screen every pane is drawn in; a smaller one is told so. */
#define MIN_COLS 60
#define MIN_LINES 15

enum pair { PAIR_BAR = 1, PAIR_NEW, PAIR_WORKING, PAIR_CNP, PAIR_HOT,
	PAIR_WON, PAIR_LOST, PAIR_DIM };

static const struct view_ops *const pane_ops[PANE_COUNT] = {
	[PANE_QUEUE] = &queue_view,
	[PANE_FOLLOWUPS] = &followups_view,
	[PANE_LEAD] = &lead_view,
	[PANE_DAY] = &day_view,
	[PANE_PIPELINE] = &pipeline_view,
	[PANE_BOARD] = &board_view,
	[PANE_POOLS] = &pools_view,
	[PANE_NOTIFY] = &notify_view,
	[PANE_IMPORT] = &import_view,
	[PANE_USERS] = &users_view,
	[PANE_SETTINGS] = &settings_view,
	[PANE_DELETED] = &deleted_view,
	[PANE_AUDIT] = &audit_view,
	[PANE_SEARCH] = &search_view,
	[PANE_REPORTS] = &reports_view,
	[PANE_COLLECT] = &collect_view,
};

const struct keybind tui_global_keys[] = {
	{ '\t', "Tab", TA_NEXT_PANE, "Next pane, in place of this one",
	  "Panes" },
	{ KEY_BTAB, "Shift-Tab", TA_PREV_PANE, "Previous pane, in place of "
	  "this one", NULL },
	{ '/', "/", TA_SEARCH, "Find any lead you may see: a number in any "
	  "spelling, a name, city, e-mail or note", "Find" },
	{ '#', "#", TA_GOTO_LEAD, "Open a lead by its ID (Find, with # typed)",
	  NULL },
	{ 'g', NULL, TA_GOTO, NULL, NULL },
	{ 'i', "i", TA_CHECKIN, "Check in", NULL },
	{ 'p', "p", TA_PAUSE, "Pause, with a reason; p again resumes",
	  "Pause" },
	{ 'o', "o", TA_CHECKOUT, "Check out", NULL },
	{ '?', "?, F1", TA_HELP, "Show or hide this help", "Help" },
	{ KEY_F(1), NULL, TA_HELP, NULL, NULL },
	{ 'q', "q, Esc", TA_QUIT, "Close this view, back to the one it was "
	  "opened from; q on the first quits", NULL },
	{ 27, NULL, TA_CLOSE, NULL, NULL },
	{ 'Q', "Q", TA_QUIT_ALL, "Quit callq (asks first on a call or with "
	  "a form open)", "Quit" },
	{ 12, "Ctrl-L", TA_REDRAW, "Redraw the screen", NULL },
	{ 0, NULL, TA_NONE, NULL, NULL },
};

/* g and a letter as well as F-keys: F-keys do not always arrive over SSH. */
const struct goto_key tui_goto_keys[] = {
	{ TA_PANE_QUEUE, PANE_QUEUE, KEY_F(2), 'q', "My Queue" },
	{ TA_PANE_FOLLOWUPS, PANE_FOLLOWUPS, KEY_F(3), 'f', "Follow-ups" },
	{ TA_PANE_LEAD, PANE_LEAD, KEY_F(4), 'l', "The open lead" },
	/* A rep's day is their agents report for today: F5 opens it. */
	{ TA_PANE_REPORTS, PANE_REPORTS, KEY_F(5), 'R', "Reports: the "
	  "floor's figures; a rep's own day" },
	{ TA_PANE_DAY, PANE_DAY, 0, 'd', "My day: attendance, progress "
	  "against the targets" },
	{ TA_PANE_PIPELINE, PANE_PIPELINE, KEY_F(6), 'p', "The pipeline, a "
	  "column a stage" },
	{ TA_PANE_BOARD, PANE_BOARD, KEY_F(7), 'b', "The team board" },
	{ TA_PANE_POOLS, PANE_POOLS, KEY_F(8), 'o', "Pools: fresh, working, "
	  "converted, lost leads" },
	{ TA_PANE_NOTIFY, PANE_NOTIFY, KEY_F(9), 'n', "Notifications" },
	{ TA_PANE_IMPORT, PANE_IMPORT, KEY_F(10), 'i', "Import a lead list" },
	{ TA_PANE_USERS, PANE_USERS, KEY_F(11), 'u', "Users and roles" },
	{ TA_PANE_SETTINGS, PANE_SETTINGS, KEY_F(12), 's', "Settings: lists, "
	  "hours, values" },
	{ TA_PANE_DELETED, PANE_DELETED, 0, 'r', "Deleted leads and "
	  "payments, to restore" },
	{ TA_PANE_AUDIT, PANE_AUDIT, 0, 'a', "The audit: every change, "
	  "filtered" },
	{ TA_PANE_COLLECT, PANE_COLLECT, 0, 'c', "Collections: deals that "
	  "owe money, most urgent first" },
	{ TA_NONE, PANE_COUNT, 0, 0, NULL },
};

/*
 * The actions only some roles may take, and the permission each needs:
 * a key to one of them is neither shown to nor taken from the others.
 */
static const struct { enum tui_action action; enum action needs; } needs[] = {
	{ TA_PANE_BOARD, ACT_BOARD_READ }, { TA_PANE_IMPORT, ACT_IMPORT },
	{ TA_PANE_USERS, ACT_USER_MANAGE }, { TA_PANE_SETTINGS, ACT_SETTINGS },
	{ TA_PANE_DELETED, ACT_LEAD_RESTORE }, { TA_PANE_AUDIT, ACT_AUDIT_READ },
	{ TA_AUDIT, ACT_AUDIT_READ }, { TA_RESTORE, ACT_LEAD_RESTORE },
	{ TA_PANE_REPORTS, ACT_REPORT_READ },
	{ TA_CALL, ACT_CALL_LOG }, { TA_LOG, ACT_CALL_LOG },
	{ TA_MOVE_BACK, ACT_LEAD_EDIT }, { TA_MOVE_ON, ACT_LEAD_EDIT },
	{ TA_MOVE_TO, ACT_LEAD_EDIT },
	{ TA_MARK, ACT_LEAD_ASSIGN }, { TA_MARK_ALL, ACT_LEAD_ASSIGN },
	{ TA_ASSIGN, ACT_LEAD_ASSIGN }, { TA_ROUND_ROBIN, ACT_LEAD_ASSIGN },
	{ TA_SPLIT, ACT_LEAD_ASSIGN }, { TA_UNASSIGN, ACT_LEAD_ASSIGN },
	{ TA_DONE, ACT_FOLLOWUP }, { TA_RESCHEDULE, ACT_FOLLOWUP },
	{ TA_CONTACT_ADD, ACT_CONTACT_EDIT },
	{ TA_CONTACT_EDIT, ACT_CONTACT_EDIT },
	{ TA_CONTACT_DELETE, ACT_CONTACT_EDIT },
};

int
tui_may(const struct tui *t, enum tui_action action)
{
	size_t i;

	for (i = 0; i < sizeof needs / sizeof needs[0]; i++)
		if (needs[i].action == action)
			return perm_scope(t->who->role, needs[i].needs) !=
			    SCOPE_NONE;
	return 1;
}

void
tui_goto_name(const struct goto_key *g, char *buf, size_t size)
{
	if (g->fkey != 0)
		snprintf(buf, size, "F%d, g %c", g->fkey - KEY_F0, g->letter);
	else
		snprintf(buf, size, "g %c", g->letter);
}

const struct view_ops *
tui_pane_ops(enum pane p)
{
	return pane_ops[p];
}

static FILE *trace_file;	/* CALLQ_TRACE: timings for make bench */

void
tui_trace(struct tui *t, const char *what, double seconds)
{
	(void)t;
	if (trace_file != NULL) {
		fprintf(trace_file, "%s %.3f\n", what, seconds * 1e3);
		fflush(trace_file);
	}
}

void
tui_outcome(struct tui *t, int rc, const struct err *err, const char *said)
{
	tui_message(t, "%s", rc != 0 ? err->msg : said);
	tui_reload(t);
}

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

/*
 * A phone library that cannot be loaded ends callq with a sentence
 * (src/phone/phone.c): the terminal is given back first, so it is read.
 */
static void
screen_leave(void)
{
	if (!isendwin())
		endwin();
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

void
tui_row(WINDOW *win, int y, int w, const char *text, int selected, int attr)
{
	wattrset(win, selected ? (int)A_REVERSE : attr);
	tui_put(win, y, 0, w, "");
	tui_put(win, y, 1, w - 2, text);
	wattrset(win, A_NORMAL);
}


int
tui_wide(void)
{
	return COLS >= WIDE_COLS;
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

int
tui_dim_attr(const struct tui *t)
{
	return t->color ? COLOR_PAIR(PAIR_DIM) | A_DIM : A_DIM;
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
	init_pair(PAIR_DIM, COLOR_WHITE, -1);
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

/*
 * The pane drawn beside the lead on a wide terminal: the view it was
 * opened from, the queue when it was opened from none.
 */
static enum pane
beside(const struct tui *t)
{
	if (t->pane != PANE_LEAD || !tui_wide())
		return PANE_COUNT;
	return stack_below(t) != PANE_COUNT ? stack_below(t) : PANE_QUEUE;
}

void
tui_reload(struct tui *t)
{
	struct err err = { 0 };
	int i, raised;

	store_attendance_now(t->st, t->who->id, &t->attendance, &err);
	store_progress(t->st, t->who, when_day_start(t->now), &t->progress, &err);
	store_notify_due(t->st, t->who, t->now, &err);
	store_alert_sweep(t->st, t->who, t->now, &raised, &err);
	store_notify_unread(t->st, t->who, &t->unread, &err);
	/* The rep's panes always; a team lead's only when on screen. */
	for (i = 0; i < PANE_COUNT; i++)
		if ((i != PANE_LEAD || t->lead_id != 0) &&
		    (i < PANE_PIPELINE || i == (int)t->pane ||
		    i == (int)beside(t)))
			t->panes[i].ops->reload(&t->panes[i]);
	followups_badge(t, &t->due, &t->missed);
}

int
tui_lead_open(struct tui *t, int64_t id)
{
	struct err err = { 0 };
	struct lease held;
	int rc;

	if (t->lead_id != 0 && t->lead_id != id)
		store_lease_release(t->st, t->who, t->lead_id, &err);
	t->override_lead = 0;
	rc = store_lease_take(t->st, t->who, id, &held, &err);
	/* The store's way to override is the command line's; here, a key. */
	if (rc == EX_TEMPFAIL && held.holder[0] && tui_may_override(t))
		tui_message(t, "%s is working lead %lld; c, l or e offers to "
		    "override their hold.", held.holder, (long long)id);
	else if (rc != 0)
		tui_message(t, "%s", err.msg);
	t->lead_id = id;
	stack_push(t, PANE_LEAD);
	t->panes[PANE_LEAD].ops->reload(&t->panes[PANE_LEAD]);
	return rc;
}

void
tui_lead_close(struct tui *t)
{
	struct err err = { 0 };

	/* A lead on the phone stays held until its call is logged. */
	if (t->lead_id != 0 && !dialing_on(t, t->lead_id))
		store_lease_release(t->st, t->who, t->lead_id, &err);
	t->lead_id = 0;
	t->override_lead = 0;
	stack_remove(t, PANE_LEAD);
}

const struct actor *
tui_actor(struct tui *t, int64_t lead)
{
	if (lead == 0 || lead != t->override_lead)
		return t->who;
	t->forcing = *t->who;
	t->forcing.overrides |= ACTOR_FORCE;
	return &t->forcing;
}

int
tui_may_override(const struct tui *t)
{
	return perm_scope(t->who->role, ACT_LEASE_OVERRIDE) != SCOPE_NONE;
}

struct overriding {
	void (*go)(struct tui *, void *);
	void  *arg;
};

static void
override_cancel(struct tui *t, struct form *f)
{
	struct overriding *o = f->data;

	(void)t;
	free(o->arg);
}

static int
override_submit(struct tui *t, struct form *f)
{
	struct overriding o = *(struct overriding *)f->data;

	t->override_lead = f->id;
	form_close(t);		/* go may open a form of its own */
	o.go(t, o.arg);
	free(o.arg);
	return 0;
}

void
tui_override_ask(struct tui *t, int64_t lead, const char *holder,
    void (*go)(struct tui *, void *), void *arg)
{
	struct overriding *o = malloc(sizeof *o);
	char label[160];
	struct form *f;

	snprintf(label, sizeof label, "%s holds lead %lld: Enter overrides "
	    "(%s is told), Esc cancels:", holder, (long long)lead, holder);
	if (o == NULL || (f = form_new(label, NULL)) == NULL) {
		free(o);
		free(arg);
		form_open(t, NULL);
		return;
	}
	*o = (struct overriding){ go, arg };
	f->id = lead;
	f->data = o;
	f->submit = override_submit;
	f->cancel = override_cancel;
	form_open(t, f);
}

static void
log_go(struct tui *t, void *arg)
{
	quicklog_open(t, *(int64_t *)arg, NULL);
}

void
tui_lead_log(struct tui *t, int64_t id)
{
	struct err err = { 0 };
	struct lease held;
	int64_t *arg;

	if (id == 0)
		return;
	if (id != t->override_lead && tui_may_override(t) &&
	    store_lease_get(t->st, id, &held, &err) == 0 && held.holder[0] &&
	    strcmp(held.holder, t->who->login) != 0 &&
	    (arg = malloc(sizeof *arg)) != NULL) {
		*arg = id;
		tui_override_ask(t, id, held.holder, log_go, arg);
		return;
	}
	quicklog_open(t, id, NULL);
}

static void
top_bar_draw(struct tui *t)
{
	char left[384], clock[8], badge[64] = "", bell[32] = "";
	long in_state = t->attendance.since && t->now > t->attendance.since ?
	    (long)(t->now - t->attendance.since) : 0;
	struct tm tm;

	localtime_r(&t->now, &tm);
	strftime(clock, sizeof clock, "%H:%M", &tm);
	if (t->due || t->missed)
		snprintf(badge, sizeof badge, " | Follow-ups: %d due, %d "
		    "missed", t->due, t->missed);
	if (t->unread)
		snprintf(bell, sizeof bell, " | (%d) new", t->unread);
	snprintf(left, sizeof left, " callq | %s (%s) | %s%s%s %ld:%02ld%s%s",
	    t->who->login, role_name(t->who->role),
	    t->attendance.state == ATT_IN ? "IN" : t->attendance.state ==
	    ATT_PAUSED ? "PAUSED" : "OUT", t->attendance.reason[0] ? " " : "",
	    t->attendance.reason, in_state / 3600, in_state / 60 % 60, bell,
	    badge);
	bar_attr(t, 1);
	tui_put(stdscr, 0, 0, COLS, left);
	if (COLS > text_width(left) + 7)
		mvaddstr(0, COLS - 6, clock);
	bar_attr(t, 0);
}

/*
 * The lines the status line takes: a message wraps between words onto
 * as many as it needs, up to half the panes' room; a form has its own.
 */
static int
status_lines(const struct tui *t)
{
	int n, most = (LINES - 3) / 2;

	if (t->form != NULL || t->message[0] == '\0')
		return 1;
	n = wrap_count(t->message, COLS);
	return n > most ? (most > 1 ? most : 1) : n > 1 ? n : 1;
}

/* The status line: a message, else the call, else today's progress. */
static void
status_draw(const struct tui *t, int lines)
{
	const struct progress *p = &t->progress;
	char line[256];

	if (t->message[0] != '\0') {
		wrap_put(stdscr, LINES - 1 - lines, 0, COLS, lines, t->message);
		return;
	}
	if (t->call != NULL) {
		dialing_text(t, line, sizeof line);
		attron(A_BOLD);
		tui_put(stdscr, LINES - 2, 0, COLS, line);
		attroff(A_BOLD);
		return;
	}
	snprintf(line, sizeof line, " Today: %d/%d calls | %d %s | %d "
	    "converted | talk %d:%02d", p->calls, p->target_calls, p->connects,
	    plural(p->connects, "connect", "connects"), p->conversions,
	    p->talk_s / 3600, p->talk_s / 60 % 60);
	if (text_width(line) > COLS)
		snprintf(line, sizeof line, " Today: %d/%d calls, %d conn, %d "
		    "conv, talk %d:%02d", p->calls, p->target_calls,
		    p->connects, p->conversions, p->talk_s / 3600,
		    p->talk_s / 60 % 60);
	attron(A_DIM);
	tui_put(stdscr, LINES - 2, 0, COLS, line);
	attroff(A_DIM);
}

/* The hint bar: the pane's hinted keys, then the global ones. */
static void
hint_bar_draw(const struct tui *t)
{
	const struct keybind *tables[] = { t->panes[t->pane].ops->keys,
	    tui_global_keys };
	char line[512] = "", item[64];
	const struct keybind *k;
	size_t i;

	if (t->form != NULL)
		snprintf(line, sizeof line, " Enter OK  Esc Cancel  Backspace "
		    "Erase  Ctrl-U Clear");
	for (i = 0; t->form == NULL && i < 2; i++)
		for (k = tables[i]; k->key != 0; k++) {
			if (k->hint == NULL || !tui_may(t, k->action))
				continue;
			/* The first of a key's names: "Esc", not "Esc, Left". */
			snprintf(item, sizeof item, " %.*s %s ",
			    (int)strcspn(k->keyname, ","), k->keyname, k->hint);
			/* A key that does not fit is left out, not cut. */
			if (text_width(line) + text_width(item) - 1 <= COLS)
				strncat(line, item, sizeof line - strlen(line) -
				    1);
		}
	bar_attr(t, 1);
	tui_put(stdscr, LINES - 1, 0, COLS, line);
	bar_attr(t, 0);
}

static void
pane_draw(struct tui *t, enum pane p, int x, int w, int h)
{
	WINDOW *win;

	if (w <= 0 || h <= 0 || (win = newwin(h, w, 1, x)) == NULL)
		return;
	t->panes[p].ops->draw(&t->panes[p], win);
	wnoutrefresh(win);
	delwin(win);
}

int
tui_stopping(void)
{
	return stop_signal != 0;
}

/* A screen too small for the panes says so rather than draw them cut up. */
static void
too_small_draw(void)
{
	char line[160];

	erase();
	snprintf(line, sizeof line, "callq needs at least %dx%d; this "
	    "terminal is %dx%d: make it larger.", MIN_COLS, MIN_LINES, COLS,
	    LINES);
	wrap_put(stdscr, 0, 0, COLS, LINES, line);
	wnoutrefresh(stdscr);
	doupdate();
}

void
tui_draw(struct tui *t)
{
	int split = COLS * 3 / 5, lines, h;

	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		too_small_draw();
		return;
	}
	lines = status_lines(t);
	h = LINES - 2 - lines;
	erase();
	top_bar_draw(t);
	status_draw(t, lines);
	hint_bar_draw(t);
	if (t->form != NULL)
		form_draw(t);
	if (beside(t) != PANE_COUNT) {
		mvvline(1, split, ACS_VLINE, h);
		wnoutrefresh(stdscr);
		pane_draw(t, beside(t), 0, split, h);
		pane_draw(t, PANE_LEAD, split + 1, COLS - split - 1, h);
	} else {
		wnoutrefresh(stdscr);
		pane_draw(t, t->pane, 0, COLS, h);
	}
	if (t->form != NULL)	/* its line is drawn over the pane's last */
		form_draw(t), wnoutrefresh(stdscr);
	if (t->picker != NULL)
		picker_draw(t);
	if (t->help)
		help_draw(t);
	doupdate();
}

static enum tui_action
key_action(const struct tui *t, int key)
{
	const struct keybind *tables[] = { t->panes[t->pane].ops->keys,
	    tui_global_keys };
	const struct keybind *k;
	size_t i;

	for (i = 0; i < 2; i++)
		for (k = tables[i]; k->key != 0; k++)
			if (k->key == key && tui_may(t, k->action))
				return k->action;
	return TA_NONE;
}

struct reasons {
	char name[9][64];
	int  n;
};

static int
reason_take(const char *name, void *arg)
{
	struct form *f = arg;
	struct reasons *r = f->data;
	size_t len = strlen(f->choices);

	if (r->n == 9)
		return 1;
	snprintf(r->name[r->n++], sizeof r->name[0], "%s", name);
	snprintf(f->choices + len, sizeof f->choices - len, "  %d %s", r->n,
	    name);
	return 0;
}

static void
pause_pick(struct tui *t, struct form *f, int digit)
{
	struct reasons *r = f->data;
	struct err err = { 0 };

	if (digit < 1 || digit > r->n) {
		tui_message(t, "Pick one of the reasons shown, or Esc.");
		return;
	}
	if (store_attendance_set(t->st, t->who, ATT_PAUSED,
	    r->name[digit - 1], &err) != 0)
		tui_message(t, "%s", err.msg);
	else
		tui_message(t, "Paused: %s. p resumes.", r->name[digit - 1]);
	form_close(t);
	tui_reload(t);
}

/* Enter with no digit: form_key has already said what to do. */
static int
pause_submit(struct tui *t, struct form *f)
{
	(void)t;
	(void)f;
	return 1;
}

static void
attendance_change(struct tui *t, enum tui_action a)
{
	struct hours_window w;
	struct err err = { 0 };
	char why[128];
	struct form *f;

	if (a == TA_PAUSE && t->attendance.state != ATT_PAUSED) {
		if ((f = form_new("Pause for (Esc cancels):", NULL)) == NULL ||
		    (f->data = calloc(1, sizeof(struct reasons))) == NULL) {
			free(f);
			form_open(t, NULL);
			return;
		}
		snprintf(f->choices, sizeof f->choices, "Pause:");
		store_pause_reasons(t->st, reason_take, f, &err);
		f->pick = pause_pick;
		f->submit = pause_submit;
		form_open(t, f);
		return;
	}
	if (store_attendance_set(t->st, t->who, a == TA_CHECKOUT ? ATT_OUT :
	    ATT_IN, NULL, &err) != 0) {
		tui_message(t, "%s", err.msg);
		return;
	}
	tui_message(t, a == TA_CHECKOUT ? "Checked out." : a == TA_PAUSE ?
	    "Resumed." : "Checked in.");
	if (a == TA_CHECKIN && store_work_hours(t->st, &w) &&
	    hours_outside_work(&w, t->now, why, sizeof why))
		tui_message(t, "Checked in, but %s.", why);
	tui_reload(t);
}

int
tui_pane_visible(const struct tui *t, enum pane p)
{
	const struct goto_key *g;

	for (g = tui_goto_keys; g->action != TA_NONE; g++)
		if (g->pane == p && !tui_may(t, g->action))
			return 0;
	return view_visible(pane_ops[p], t);
}

/* The next pane the user has a use for, by step (1 or -1). */
static enum pane
pane_next(const struct tui *t, int step)
{
	int p = (int)t->pane;

	do
		p = (p + PANE_COUNT + step) % PANE_COUNT;
	while (!tui_pane_visible(t, (enum pane)p) && p != (int)t->pane);
	return (enum pane)p;
}

/* Says why p is not shown; 0 when it is for the user. */
static int
pane_refused(struct tui *t, enum pane p)
{
	if (tui_pane_visible(t, p))
		return 0;
	tui_message(t, "%s is not for %s.", pane_ops[p]->name,
	    role_title(t->who->role));
	return 1;
}

/* Read before it has the keys: a pane shown anew starts at its top. */
static void
pane_enter(struct tui *t, enum pane p)
{
	if (p == PANE_LEAD && t->lead_id == 0)
		tui_message(t, "No lead is open: Enter on a lead opens it.");
	t->panes[p].ops->reload(&t->panes[p]);
}

void
tui_pane_show(struct tui *t, enum pane p)
{
	if (pane_refused(t, p))
		return;
	pane_enter(t, p);
	stack_push(t, p);
}

/* A pane's own key (F-key, g letter): the stack is cut back to it. */
static void
pane_goto(struct tui *t, enum pane p)
{
	if (pane_refused(t, p))
		return;
	pane_enter(t, p);
	stack_cut(t, p);
}

/* Tab and Shift-Tab: another pane in place of the top one. */
static void
pane_step(struct tui *t, int step)
{
	enum pane p = pane_next(t, step);

	pane_enter(t, p);
	stack_replace(t, p);
}

/* q and Esc: back a view; q on the first quits. Returns 1 to quit. */
static int
view_back(struct tui *t, enum tui_action a)
{
	if (tui_view_close(t))
		return 0;
	if (a == TA_QUIT)
		return quit_request(t);
	tui_message(t, "This is the first view: q quits.");
	return 0;
}

/* The actions every pane shares. Returns 1 to quit. */
static int
global_handle(struct tui *t, enum tui_action a)
{
	const struct goto_key *g;

	for (g = tui_goto_keys; g->action != TA_NONE; g++)
		if (g->action == a) {
			pane_goto(t, g->pane);
			return 0;
		}
	switch (a) {
	case TA_QUIT:
	case TA_CLOSE: return view_back(t, a);
	case TA_QUIT_ALL: return quit_request(t);
	case TA_HELP: t->help = 1; t->help_top = 0; break;
	case TA_REDRAW: clearok(curscr, TRUE); break;
	case TA_DETAIL: t->detail = !t->detail; break;
	case TA_GOTO: t->pending_g = 1; break;
	case TA_SEARCH: search_open(t, ""); break;
	case TA_GOTO_LEAD: search_open(t, "#"); break;
	case TA_NEXT_PANE: pane_step(t, 1); break;
	case TA_PREV_PANE: pane_step(t, -1); break;
	case TA_CHECKIN:
	case TA_PAUSE:
	case TA_CHECKOUT: attendance_change(t, a); break;
	default:
		tui_message(t, "That key does nothing here; ? lists the keys.");
	}
	return 0;
}

/*
 * The action of a pane's own key: its F-key, or (letter) g's letter.
 * A pane not for the user is still taken, to say so in a sentence.
 */
static enum tui_action
goto_action(int key, int letter)
{
	const struct goto_key *g;

	for (g = tui_goto_keys; g->action != TA_NONE; g++)
		if (key != 0 && (letter ? g->letter : g->fkey) == key)
			return g->action;
	return TA_NONE;
}

/* g and a key no pane has: the letters there are, from goto_keys. */
static void
goto_said(struct tui *t)
{
	char line[sizeof t->message] = "g goes to a pane:";
	const struct goto_key *g;
	size_t len;
	int n = 0, last = 0;

	for (g = tui_goto_keys; g->action != TA_NONE; g++)
		if (tui_pane_visible(t, g->pane))
			last = (int)(g - tui_goto_keys);
	for (g = tui_goto_keys; g->action != TA_NONE; g++) {
		if (!tui_pane_visible(t, g->pane))
			continue;
		len = strlen(line);
		snprintf(line + len, sizeof line - len, "%s g %c", n++ == 0 ?
		    "" : g - tui_goto_keys == last ? " or" : ",", g->letter);
	}
	tui_message(t, "%s.", line);
}

/*
 * A form that offers digits to pick types no letters: Q quits from it,
 * and so does q over the first view, asking first.
 */
static int
form_quits(const struct tui *t, int key)
{
	return t->form->choices[0] != '\0' && (key == 'Q' ||
	    (key == 'q' && t->depth == 1));
}

/* Returns 1 when the user asked to quit. */
static int
key_handle(struct tui *t, int key)
{
	enum tui_action a;

	if (key == KEY_RESIZE)
		return 0;
	t->message[0] = '\0';
	if (t->quitting)
		return quit_key(t, key);
	if (t->help)
		return help_handle(t, key), 0;
	if (t->picker != NULL)
		return picker_key(t, key), 0;
	if (t->form != NULL && form_quits(t, key))
		return quit_request(t);
	if (t->form != NULL)
		return form_key(t, key), 0;
	if (key == 27 && dialing_cancel(t))
		return 0;
	if (t->pane == PANE_SEARCH && search_key(t, key))
		return 0;
	if (t->pending_g) {
		t->pending_g = 0;
		if (key != 'g') {	/* g and a letter: a pane */
			if ((a = goto_action(key, 1)) == TA_NONE)
				return goto_said(t), 0;
			return global_handle(t, a);
		}
		a = TA_TOP;		/* g g: the top of the list */
	} else if ((a = goto_action(key, 0)) != TA_NONE)
		return global_handle(t, a);
	else
		a = key_action(t, key);
	if (a != TA_NONE && t->panes[t->pane].ops->handle(&t->panes[t->pane],
	    a))
		return 0;
	return global_handle(t, a);
}

/* For CALLQ_TRACE: the key as ncurses names it, and whether a form had it. */
static void
key_trace(struct tui *t, int key, int in_form, const struct timespec *t0)
{
	char what[48];
	const char *name = key < KEY_MIN ? NULL : keyname(key);

	if (trace_file == NULL)
		return;
	if (name == NULL)
		snprintf(what, sizeof what, "key %d%s", key, in_form ?
		    " form" : "");
	else
		snprintf(what, sizeof what, "key %s%s", name, in_form ?
		    " form" : "");
	tui_trace(t, what, clock_since(t0));
}

/*
 * Reads every key waiting, each handled and drawn before the next, so
 * what a key did is on screen at once; returns 1 to quit.
 */
static int
keys_drain(struct tui *t)
{
	struct timespec t0;
	wint_t wch;
	int in_form, rc, key;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if ((rc = get_wch(&wch)) == ERR)
			return 0;
		key = rc == OK && wch >= KEY_MIN ? (int)wch | TUI_KEY_CHAR :
		    (int)wch;
		in_form = t->form != NULL;
		if (key_handle(t, key))
			return 1;
		tui_draw(t);
		key_trace(t, key, in_form, &t0);
	}
}

/* Reloads for others' changes; returns how long the next one waits. */
static int
changes_reload(struct tui *t, struct timespec *done)
{
	int took;

	clock_gettime(CLOCK_MONOTONIC, done);
	tui_reload(t);
	took = (int)(clock_since(done) * 1e3) * RELOAD_SHARE;
	clock_gettime(CLOCK_MONOTONIC, done);
	return took > RELOAD_MS ? took : RELOAD_MS;
}

/*
 * While the database server does not answer, the status line says so and
 * the screen stays as it was (a reload would read nothing); the store
 * reconnects by itself (store_data_version). *was: lost at the last
 * tick. 1 while that lasts.
 */
static int
server_lost(struct tui *t, int *was)
{
	static const char lost[] = "The database server does not answer; "
	    "callq keeps this screen and reconnects when it does.";
	int now = store_lost(t->st);

	if (now && (!*was || t->message[0] == '\0'))
		tui_message(t, "%s", lost);
	else if (!now && *was)
		tui_message(t, "The database server answers again.");
	*was = now;
	return now;
}

/* The keyboard first, then what a dial in flight waits on. */
#define LOOP_FDS 5

static int
tui_loop(struct tui *t)
{
	struct pollfd fds[LOOP_FDS] = { { STDIN_FILENO, POLLIN, 0 } };
	int64_t seen = store_data_version(t->st), version;
	time_t minute = t->now / 60;	/* tui_run has just read it all */
	struct timespec reloaded;
	int n, wait, dial_wait, held, hold = RELOAD_MS, lost = 0;

	clock_gettime(CLOCK_MONOTONIC, &reloaded);
	/* Redrawing on every wake is cheap: ncurses sends only what changed. */
	for (;; t->drawn++) {
		t->now = store_now();
		if (t->now / 60 != minute)
			dialing_tick(t);
		version = store_data_version(t->st);
		held = hold - (int)(clock_since(&reloaded) * 1e3);
		if (!server_lost(t, &lost) && ((version != seen && held <= 0) ||
		    t->now / 60 != minute)) {
			seen = version;
			minute = t->now / 60;	/* calling hours move on */
			hold = changes_reload(t, &reloaded);
		}
		tui_draw(t);
		if (t->drawn == 0)
			tui_trace(t, "first-screen", clock_since(&t->started));
		n = 1 + dialing_pollfds(t, fds + 1, LOOP_FDS - 1, &dial_wait);
		wait = dial_wait >= 0 && dial_wait < TICK_MS ? dial_wait :
		    TICK_MS;
		/* A change held back wakes the loop when its turn comes. */
		if (version != seen && held > 0 && held < wait)
			wait = held;
		fds[0].revents = 0;
		if (poll(fds, (nfds_t)n, wait) < 0 && errno != EINTR)
			return EX_IOERR;
		if (stop_signal != 0)
			return 128 + stop_signal;
		/* The SSH session went away, whether or not SIGHUP came first. */
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return 128 + SIGHUP;
		t->now = store_now();
		dialing_work(t, fds + 1, n - 1);
		if (keys_drain(t))
			return 0;
	}
}

static int
panes_open(struct tui *t)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		if (view_open(&t->panes[i], pane_ops[i], t) != 0)
			return -1;
	return 0;
}

static void
panes_close(struct tui *t)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		view_close(&t->panes[i]);
}

/* A quick-log the last session left open comes back before the queue. */
static void
draft_resume(struct tui *t)
{
	struct err err = { 0 };
	char why[sizeof t->message];
	struct draft d;
	int rc;

	if (store_draft_get(t->st, t->who, &d, &err) != 0 || d.lead_id == 0)
		return;
	tui_lead_open(t, d.lead_id);
	rc = quicklog_open(t, d.lead_id, &d);
	/* Held by someone else: kept for later. Gone or not ours: dropped. */
	if (rc != 0 && rc != EX_TEMPFAIL &&
	    store_draft_clear(t->st, t->who, &err) == 0) {
		snprintf(why, sizeof why, "%s", t->message);
		tui_lead_close(t);
		tui_message(t, "The call log kept for lead %lld was dropped: "
		    "%s", (long long)d.lead_id, why);
	}
}

static void
curses_start(struct tui *t)
{
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	list_keys_define();
	nodelay(stdscr, TRUE);
	curs_set(0);
	colors_start(t);
}

/* Leaves: what is being typed is kept, the lead let go unless it is. */
static void
tui_leave(struct tui *t, int rc)
{
	struct err err = { 0 };

	if (rc > 128)
		quicklog_keep(t);
	else if (t->form == NULL && t->lead_id != 0)
		store_lease_release(t->st, t->who, t->lead_id, &err);
	dialing_close(t);
	form_close(t);
	picker_close(t);
	marks_clear(t);
	panes_close(t);
}

int
tui_run(struct store *st, const struct actor *who, const char *config_path)
{
	struct tui t = { .st = st, .who = who, .config_path = config_path };
	const char *path = getenv("CALLQ_TRACE");
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t.started);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "callq: the screen needs a terminal; use a "
		    "subcommand (callq --help) in scripts\n");
		return EX_USAGE;
	}
	if (path != NULL && *path != '\0')
		trace_file = priv_fopen(path, "a");
	/*
	 * The screen reads a page of rows at a time, and the operating
	 * system caches the file for every session: a small cache of its own
	 * keeps each rep's session small (make bench).
	 */
	store_cache_limit(st, 512);
	setenv("ESCDELAY", "25", 0);
	ascii_only = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	signals_catch();
	phone_before_exit(screen_leave);
	if (initscr() == NULL)
		return EX_UNAVAILABLE;
	curses_start(&t);
	if (panes_open(&t) != 0) {
		panes_close(&t);
		endwin();
		fprintf(stderr, "callq: out of memory\n");
		return EX_OSERR;
	}
	t.now = store_now();
	/* An analyst has no queue: reading the figures is their work; a
	 * recovery agent's is the collections. */
	stack_start(&t, who->role == ROLE_ANALYST ? PANE_REPORTS :
	    who->role == ROLE_RECOVERY ? PANE_COLLECT : PANE_QUEUE);
	tui_reload(&t);
	draft_resume(&t);
	rc = tui_loop(&t);
	tui_leave(&t, rc);
	/*
	 * A blank screen with the cursor home: a terminal that restores its
	 * main screen at another size (tmux after a resize) then has nothing
	 * of ours to carry over into it.
	 */
	clear();
	refresh();
	endwin();
	if (trace_file != NULL)
		fclose(trace_file);
	return rc;
}
