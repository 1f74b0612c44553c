/*
 * A view is a table of operations and a table of keys: adding a view
 * touches one file, and the help overlay and hint bar are generated from
 * the key tables, so they cannot go stale.
 */
#ifndef CALLQ_TUI_VIEW_H
#define CALLQ_TUI_VIEW_H

#include <curses.h>
#include <poll.h>
#include <stdint.h>
#include <time.h>

#include "callq/attendance.h"
#include "callq/call.h"
#include "callq/store.h"

enum tui_action {
	TA_NONE, TA_QUIT, TA_QUIT_ALL, TA_HELP, TA_REDRAW, TA_GOTO,
	TA_DOWN, TA_UP, TA_PAGE_DOWN, TA_PAGE_UP, TA_TOP, TA_BOTTOM,
	TA_NEXT_PANE, TA_PREV_PANE,
	TA_PANE_QUEUE, TA_PANE_FOLLOWUPS, TA_PANE_LEAD, TA_PANE_DAY,
	TA_OPEN, TA_CLOSE, TA_LOG, TA_NEXT_LEAD, TA_EDIT,
	TA_FILTER, TA_GOTO_LEAD, TA_SORT, TA_HOURS, TA_DONE, TA_RESCHEDULE,
	TA_CHECKIN, TA_PAUSE, TA_CHECKOUT,
	TA_PANE_PIPELINE, TA_PANE_BOARD, TA_PANE_POOLS, TA_PANE_NOTIFY,
	TA_LEFT, TA_RIGHT, TA_MOVE_BACK, TA_MOVE_ON, TA_MOVE_TO,
	TA_MARK, TA_MARK_ALL, TA_ASSIGN, TA_ROUND_ROBIN, TA_SPLIT, TA_UNASSIGN,
	TA_READ, TA_READ_ALL, TA_CALL,
	TA_PANE_IMPORT, TA_BACK, TA_PATH, TA_HOME, TA_MAP, TA_RESUME,
	TA_DISCARD, TA_REJECTS,
	TA_PANE_USERS, TA_USER_ADD, TA_USER_ROLE, TA_USER_TEAM, TA_USER_PHONE,
	TA_USER_EMAIL, TA_USER_DEACTIVATE, TA_MATRIX,
	TA_PANE_SETTINGS, TA_SET_ADD, TA_SET_EDIT, TA_SET_LATER, TA_SET_SOONER,
	TA_SET_ACTIVE, TA_SET_LIMIT,
	TA_PANE_DELETED, TA_PANE_AUDIT, TA_RESTORE, TA_AUDIT,
	TA_RANGE, TA_BULK_EDIT, TA_NEW_LEAD, TA_DELETE,
	/* A digit of a count, for * to mark that many: TA_COUNT_0 + digit. */
	TA_COUNT_0, TA_COUNT_1, TA_COUNT_2, TA_COUNT_3, TA_COUNT_4,
	TA_COUNT_5, TA_COUNT_6, TA_COUNT_7, TA_COUNT_8, TA_COUNT_9,
	TA_DETAIL, TA_SEARCH, TA_PREV_LEAD,
	TA_PANE_REPORTS, TA_PERIOD, TA_EXPORT,
	TA_PANE_COLLECT,
	TA_CONTACT_NEXT, TA_CONTACT_PREV, TA_CONTACT_ADD, TA_CONTACT_EDIT,
	TA_CONTACT_DELETE,
	TA_PAYMENT,
};

/*
 * A typed character whose code ncurses' key codes overlap (U+0101 and
 * up), as the loop hands it on: a key never is.
 */
#define TUI_KEY_CHAR 0x40000000


/*
 * Who may use a key follows from its action (tui_may): an action that
 * needs a permission is one the permission table gives the user.
 */
struct keybind {
	int         key;	/* 0 ends a table */
	const char *keyname;	/* as the help shows it: "j, Down" */
	enum tui_action action;
	const char *help;	/* "Move down" */
	const char *hint;	/* the hint bar's word, or NULL to leave out */
};

struct tui;
struct view;

/*
 * A view's operations. Its state, state_size bytes, is allocated zeroed
 * for it before open and freed after close; open and close, when there
 * is more to do, need do only that.
 */
struct view_ops {
	const char            *name;	/* "My Queue" */
	const struct keybind  *keys;
	size_t                 state_size;
	/* The permission the view is for (VIEW_FOR); NULL: everyone's. */
	const enum action     *need;
	/* Another that is enough on its own (NULL: need alone). */
	const enum action     *or_need;
	int  (*open)(struct view *v);	/* NULL: nothing to do */
	void (*close)(struct view *v);	/* NULL: nothing to do */
	/* The database changed, or the view was shown: read it again. */
	void (*reload)(struct view *v);
	/* Draws into win, which the view owns for this call only. */
	void (*draw)(struct view *v, WINDOW *win);
	/* Returns 1 when the view handled action. */
	int  (*handle)(struct view *v, enum tui_action action);
};

/* For a view_ops: the view is for the roles that may do act at all. */
#define VIEW_FOR(act)	.need = &(const enum action){ act }

struct view {
	const struct view_ops *ops;
	struct tui            *tui;
	void                  *data;	/* the view's own state */
};

/* Sets v up as a view of ops: its state, then its open. 0, or -1. */
int view_open(struct view *v, const struct view_ops *ops, struct tui *t);

/* Lets go of what view_open took. */
void view_close(struct view *v);

/* Nonzero when the user's role has a use for the view. */
int view_visible(const struct view_ops *ops, const struct tui *t);

enum pane { PANE_QUEUE, PANE_FOLLOWUPS, PANE_LEAD, PANE_DAY, PANE_PIPELINE,
	PANE_BOARD, PANE_POOLS, PANE_NOTIFY, PANE_IMPORT, PANE_USERS,
	PANE_SETTINGS, PANE_DELETED, PANE_AUDIT, PANE_SEARCH, PANE_REPORTS,
	PANE_COLLECT, PANE_COUNT };

struct form;
struct picker;
struct tui_call;

/* The leads marked for an assignment, in the order they were marked. */
struct marks {
	int64_t *ids;
	size_t   n, cap;
	/*
	 * V started a range at lead anchor of list (a pipeline stage's id,
	 * 0 for the pools): it runs to the cursor until it ends.
	 */
	int      ranging;
	int64_t  anchor, list;
	int      count;		/* digits typed for *, 0: none */
};

struct tui {
	struct store         *st;
	const struct actor   *who;
	struct view           panes[PANE_COUNT];
	enum pane             pane;	/* the one with the keys: stack's top */
	/* The views opened, each from the one before it (src/tui/stack.c). */
	enum pane             stack[PANE_COUNT];
	int                   depth;
	int                   quitting;	/* asked: Q or y quits, else stays */
	int64_t               lead_id;	/* the lead pane's lead, 0: none */
	/*
	 * The lead whose hold by another user this user (a team lead or an
	 * admin) chose to override, 0: none; forcing is then who, with
	 * ACTOR_FORCE, for the writes to that lead (see tui_actor).
	 */
	int64_t               override_lead;
	struct actor          forcing;
	int                   color;	/* colors in use (NO_COLOR unset) */
	int                   help;	/* the help overlay is open */
	int                   help_top;	/* its first line shown */
	int                   detail;	/* lists show the selected row whole */
	int                   pending_g;	/* g was pressed: a pane letter next */
	struct form          *form;	/* the open one-line form, or NULL */
	struct picker        *picker;	/* the open list to pick from, or NULL */
	struct marks          marks;
	struct tui_call      *call;	/* the call the rep is on, or NULL */
	const char           *config_path;	/* --config, or NULL */
	int                   unread;	/* notifications not yet read */
	char                  message[256];	/* the status line */
	struct attendance_now attendance;
	int                   due, missed;	/* the follow-ups badge */
	struct progress       progress;
	time_t                now;
	struct timespec       started;	/* for CALLQ_TRACE's first screen */
	unsigned long         drawn;	/* screens drawn by the loop */
};

/* The bindings every view shares, after its own. */
extern const struct keybind tui_global_keys[];

/* A pane's keys: its F-key (0: none), and g with a letter. */
struct goto_key {
	enum tui_action action;
	enum pane       pane;
	int             fkey;
	int             letter;
	const char     *help;
};

/* The keys to each pane, ending in TA_NONE: they dispatch and help lists. */
extern const struct goto_key tui_goto_keys[];

/* "F2, g q": a pane's keys as the help and callq(1) name them. */
void tui_goto_name(const struct goto_key *g, char *buf, size_t size);

/* Nonzero when the user's role may use action (see struct keybind). */
int tui_may(const struct tui *t, enum tui_action action);

/* Nonzero when pane p is for the user's role. */
int tui_pane_visible(const struct tui *t, enum pane p);

/* The view of pane p. */
const struct view_ops *tui_pane_ops(enum pane p);

/*
 * After a change from a form: the store's sentence when it refused
 * (rc != 0), else said; then everything on screen is read again.
 */
void tui_outcome(struct tui *t, int rc, const struct err *err,
    const char *said);

/* Shows a sentence on the status line until the next key. */
void tui_message(struct tui *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The attribute for a lead status: color when on, else plain. */
int tui_status_attr(const struct tui *t, const char *status);

/* Attributes for text that is there but not to be worked: dim. */
int tui_dim_attr(const struct tui *t);

/* Writes s at (y, x) in exactly width columns, cut or padded. */
void tui_put(WINDOW *win, int y, int x, int width, const char *s);

/* A list's line y across the window: in reverse when selected, else attr. */
void tui_row(WINDOW *win, int y, int w, const char *text, int selected,
    int attr);


/* Nonzero when the lead pane sits beside the queue rather than over it. */
int tui_wide(void);

/*
 * Shows lead id in the lead pane and holds it (a lease); a lead another
 * rep holds is shown with who, and not held. Returns 0 when held.
 */
int tui_lead_open(struct tui *t, int64_t id);

/*
 * Lets go of the lead pane's lead and closes the pane: back to the view
 * it was opened from.
 */
void tui_lead_close(struct tui *t);

/* Opens a quick-log on lead id, offering to override another's hold. */
void tui_lead_log(struct tui *t, int64_t id);

/*
 * Who writes to lead: the user, or the user forcing another's hold when
 * they chose to override it (tui_override_ask). Until the lead pane
 * opens or closes a lead.
 */
const struct actor *tui_actor(struct tui *t, int64_t lead);

/* Nonzero when the user may override another user's hold on a lead. */
int tui_may_override(const struct tui *t);

/*
 * Asks whether to override holder's hold on lead; Enter runs go(t, arg)
 * with the hold overridden (the store audits it and tells the holder),
 * Esc drops it. Takes arg, which is freed after go.
 */
void tui_override_ask(struct tui *t, int64_t lead, const char *holder,
    void (*go)(struct tui *, void *), void *arg);

/* Moves the queue's cursor down one lead; 0 when there was none. */
int queue_next(struct tui *t);

/* The lead under the queue's cursor, 0 when none. */
int64_t queue_selected(struct tui *t);

/* After a log: the cursor goes to the lead that followed id. */
void queue_after_log(struct tui *t, int64_t id);

/* The top bar's badge, as the follow-ups pane last read them. */
void followups_badge(struct tui *t, int *due, int *missed);

/*
 * Opens pane p over the view in use, when the user's role has a use for
 * it (else says so): q and Esc come back. A pane already open moves up.
 */
void tui_pane_show(struct tui *t, enum pane p);

/* N: the new-lead form, a field at a time (src/tui/lead_new.c). */
void lead_new_open(struct tui *t);

/*
 * D on lead id (admins): asks with a line naming it (name, owner), then
 * deletes it and closes its pane.
 */
void lead_delete_ask(struct tui *t, int64_t id, const char *name,
    const char *owner);

/*
 * The view stack (src/tui/stack.c), tig's: a view opened from another
 * goes on top of it; going to a pane already open cuts the stack back
 * to it; Tab replaces the top.
 */
void stack_start(struct tui *t, enum pane first);
void stack_push(struct tui *t, enum pane p);
void stack_cut(struct tui *t, enum pane p);
void stack_replace(struct tui *t, enum pane p);
/* Takes p off the stack; the first view, alone, becomes the queue. */
void stack_remove(struct tui *t, enum pane p);
/* The view under the top, PANE_COUNT when the top is the first. */
enum pane stack_below(const struct tui *t);

/*
 * Closes the view in use (the lead pane lets its lead go): back to the
 * view it was opened from. 0 when it is the first view, left open.
 */
int tui_view_close(struct tui *t);

/*
 * Quitting: 1 to quit now; with a call, a form or a quick-log under way,
 * asks first (0) and quit_key has the next key: Q or y quits (1).
 */
int quit_request(struct tui *t);
int quit_key(struct tui *t, int key);

/*
 * The search (src/tui/view_search.c): opens it over the pane shown, with
 * text typed already; Esc there goes back.
 */
void search_open(struct tui *t, const char *text);

/* A key while the search is shown: 1 when it was typing, which it took. */
int search_key(struct tui *t, int key);

/*
 * n and N in the lead opened from the search: opens the lead found step
 * (1 or -1) from it and returns 1; 0 when the lead came from elsewhere.
 */
int search_step(struct tui *t, int step);

/* Nonzero when lead is the one the search opened last. */
int search_opened(struct tui *t, int64_t lead);

/* The audit pane, on the rows of one lead. */
void audit_show_lead(struct tui *t, int64_t lead);

/* Reads everything on screen again. */
void tui_reload(struct tui *t);

/* Draws the screen now: for work that keeps the loop waiting (an import). */
void tui_draw(struct tui *t);

/* Nonzero once a signal (Ctrl-C, a closed link) asked callq to stop. */
int tui_stopping(void);

/* Notes how long something took (seconds), when CALLQ_TRACE asks. */
void tui_trace(struct tui *t, const char *what, double seconds);

void help_draw(struct tui *t);
int help_handle(struct tui *t, int key);

/*
 * The rep's call (src/tui/dialing.c). c on a lead dials it; while the
 * request is out, its descriptors are polled with the keyboard.
 */
void dialing_start(struct tui *t, int64_t lead);
/*
 * c on a contact's number: phone is a contact_phones id of contact's
 * (contact 0: the lead's own number, as dialing_start).
 */
void dialing_start_contact(struct tui *t, int64_t lead, int64_t contact,
    int64_t phone);
/* The contact dialed on lead's call, 0: the lead, or no call. */
int64_t dialing_contact(const struct tui *t, int64_t lead);
/* The number on the phone as the rep reads it, "" when none. */
const char *dialing_number(const struct tui *t);
int  dialing_pollfds(struct tui *t, struct pollfd *fds, int max,
    int *timeout_ms);
void dialing_work(struct tui *t, const struct pollfd *fds, int n);
/* Esc: cancels a request still out; 1 when there was one. */
int  dialing_cancel(struct tui *t);
/*
 * Ends the call on lead before its log: 1 when there was one, 0 when
 * none, -1 (with a message) while the request is still out.
 */
int  dialing_end(struct tui *t, int64_t lead);
int  dialing_on(const struct tui *t, int64_t lead);
/* The lead on the phone, 0: none. */
int64_t dialing_lead(const struct tui *t);
/* Each minute: the lead on the phone stays held however long the call. */
void dialing_tick(struct tui *t);
/* The status line's account of the call; only while t->call is set. */
void dialing_text(const struct tui *t, char *buf, size_t size);
/* Quitting: a request still out is cancelled. */
void dialing_close(struct tui *t);

/* Marks: Space toggles one, * marks all a list holds (up to a cap). */
int marks_has(const struct tui *t, int64_t id);
int marks_add(struct tui *t, int64_t id);	/* 0, or -1 out of memory */
void marks_toggle(struct tui *t, int64_t id);
void marks_clear(struct tui *t);
/*
 * Whether a row shows as marked: marked, or inside a range being made
 * in list (as struct marks says) up to cursor, the lead under it.
 */
int marks_shown(const struct tui *t, int64_t id, int64_t list,
    int64_t cursor);

struct pool_query;

/*
 * The marking and assigning keys every lead list shares (Space, *, a, R,
 * S, u): on the marked leads, else on selected; q is what * marks.
 * Returns 1 when a was one of them.
 */
int assign_handle(struct tui *t, enum tui_action a, int64_t selected,
    const struct pool_query *q);

/*
 * The marks' own keys (V, a count and *), for assign_handle: ends a
 * range on any key but a move; 1 when a was one of them.
 */
int marks_handle(struct tui *t, enum tui_action a, int64_t selected,
    const struct pool_query *q);

/*
 * Opens the bulk edit of the marked leads (else of selected): a field,
 * then its value, then Enter on what it will do.
 */
void bulk_edit_open(struct tui *t, int64_t selected);

/* The marking and assigning keys, for a list's key table. */
#define ASSIGN_KEYS \
	{ ' ', "Space", TA_MARK, "Mark or unmark the lead, and go on", "Mark" }, \
	{ '*', "*", TA_MARK_ALL, "Mark every lead the list holds", NULL }, \
	{ '1', "<n>*", TA_COUNT_1, "A count, then *: mark the next n leads " \
	  "(20*)", NULL }, \
	{ '2', NULL, TA_COUNT_2, NULL, NULL }, \
	{ '3', NULL, TA_COUNT_3, NULL, NULL }, \
	{ '4', NULL, TA_COUNT_4, NULL, NULL }, \
	{ '5', NULL, TA_COUNT_5, NULL, NULL }, \
	{ '6', NULL, TA_COUNT_6, NULL, NULL }, \
	{ '7', NULL, TA_COUNT_7, NULL, NULL }, \
	{ '8', NULL, TA_COUNT_8, NULL, NULL }, \
	{ '9', NULL, TA_COUNT_9, NULL, NULL }, \
	{ '0', NULL, TA_COUNT_0, NULL, NULL }, \
	{ 'V', "V", TA_RANGE, "Start a range; moves extend it, V marks it", \
	  NULL }, \
	{ 'e', "e", TA_BULK_EDIT, "Edit the marked leads: status, stage, " \
	  "priority, source, region or owner", NULL }, \
	{ 'a', "a", TA_ASSIGN, "Assign the marked leads to a rep", "Assign" }, \
	{ 'R', "R", TA_ROUND_ROBIN, "Round-robin them over the reps in", \
	  NULL }, \
	{ 'S', "S", TA_SPLIT, "Split them evenly over reps you pick", NULL }, \
	{ 'u', "u", TA_UNASSIGN, "Unassign them", NULL }

/*
 * A filter typed as "owner=rep1; region=East; source=Web; text": parsed
 * into q, pointing into text (which is cut up). Returns 0, or -1 with a
 * sentence in why.
 */
int filter_parse(char *text, struct pool_query *q, char *why, size_t size);

/* The picker: a list over the screen, one or several to pick. */
struct picker_item {
	char label[128];
	char key[64];		/* what the pick hands back: a login */
	int  chosen;
};

struct picker {
	char                title[160];
	struct picker_item *items;
	int                 n, sel, multi;
	/* Enter: the items chosen (or, single, the one under the cursor). */
	void              (*done)(struct tui *t, struct picker *p);
	void               *data;	/* the caller's, freed with the picker */
};

/* Opens p (taking it) over the screen; it has every key until Enter/Esc. */
void picker_open(struct tui *t, struct picker *p);
/* Adds an item: label shown, key handed back; NULL when out of memory. */
struct picker_item *picker_add(struct picker *p, const char *label,
    const char *key);
struct assign_rep;
/*
 * store_assign_reps' callback filling a picker with reps: login, role and
 * open leads; nonzero (stop) when out of memory.
 */
int picker_add_rep(const struct assign_rep *r, void *picker);
void picker_close(struct tui *t);
void picker_key(struct tui *t, int key);
void picker_draw(struct tui *t);

extern const struct view_ops queue_view, followups_view, lead_view, day_view,
    pipeline_view, board_view, pools_view, notify_view, import_view,
    users_view, settings_view, deleted_view, audit_view, search_view,
    reports_view, collect_view;

#endif
