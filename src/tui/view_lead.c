/*
 * The lead: contact, status, owner, follow-ups, notes and the timeline of
 * everything that happened to it. Beside the queue on a wide terminal,
 * over it on a narrow one. The lead is held (a lease) while it is open.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/followup.h"
#include "callq/hours.h"
#include "callq/lead.h"
#include "callq/lease.h"
#include "callq/note.h"
#include "callq/settings.h"
#include "callq/text.h"
#include "callq/timeline.h"
#include "callq/when.h"
#include "contacts.h"
#include "deal_box.h"
#include "detail.h"
#include "form.h"
#include "list.h"
#include "payment_form.h"

#define MAX_LINES 400

enum line_kind { LINE_TEXT, LINE_HEAD, LINE_STATUS, LINE_WARN };

struct line {
	enum line_kind kind;
	char           text[256];
	/* A contact's line: cut to one row, and ] and [ move onto it. */
	int64_t        contact, phone;
	int            nphones;
};

/* What an edit is checked against: the lead as it was shown. */
struct shown {
	int64_t version;
	char    name[256], phone[64], email[256], status[16], owner[64];
	char    phone_dial[64];	/* as shown to dial: +1 415-555-0132 */
	char    followup[40];
};

struct lead_pane {
	struct line  lines[MAX_LINES];
	int          nlines;
	struct list  list;		/* scrolled: its top, no cursor */
	int64_t      id;		/* the lead the lines are of */
	int          found;
	struct shown shown;
	char         holder[64];	/* another rep holding it, or "" */
	time_t       held_until;
	/* The contact line ] and [ moved onto (-1: none, c calls the lead),
	 * found again by its ids when the lines are read again. */
	int          sel;
	int64_t      sel_contact, sel_phone;
	/*
	 * The last top that still fills the page, as last drawn: lines wrap,
	 * so a count of lines would stop G and PgDn short of the end.
	 */
	int          last_top;
	int          sel_shown;	/* the next draw scrolls to it */
};

enum edit_field { EDIT_NAME = 1, EDIT_PHONE, EDIT_EMAIL, EDIT_NOTE };

static const struct keybind lead_keys[] = {
	NAV_KEYS,
	{ 'c', "c", TA_CALL, "Call the lead: your phone rings, then theirs",
	  "Call" },
	{ 'l', "l", TA_LOG, "Log a call on this lead", "Log" },
	{ 'n', "n", TA_NEXT_LEAD, "Leave it; open the next lead (of the "
	  "search, when it opened this one)", "Next" },
	{ 'N', "N", TA_PREV_LEAD, "Leave it; open the search's lead before",
	  NULL },
	{ 'e', "e", TA_EDIT, "Edit name, phone, email; add a note (on a "
	  "call: end it and log it)", "End/Edit" },
	{ 'A', "A", TA_AUDIT, "The lead's audit: who changed what, when",
	  NULL },
	{ 'D', "D", TA_DELETE, "Delete the lead, after a yes (admins)",
	  NULL },
	{ ']', "]", TA_CONTACT_NEXT, "Onto the next contact or number: c "
	  "calls it, E edits, X deletes the contact", "Contacts" },
	{ '[', "[", TA_CONTACT_PREV, "Onto the contact line before; from "
	  "the first, back to the lead", NULL },
	{ 'C', "C", TA_CONTACT_ADD, "Add a contact: name, role, numbers, "
	  "e-mail", NULL },
	{ 'E', "E", TA_CONTACT_EDIT, "Edit the contact under the cursor, or "
	  "flip its do-not-call or opt-in", NULL },
	{ 'X', "X", TA_CONTACT_DELETE, "Delete the contact under the cursor, "
	  "after a yes", NULL },
	{ 'w', "w", TA_DETAIL, "Show contact lines whole rather than cut; "
	  "w again cuts them", NULL },
	{ '$', "$", TA_PAYMENT, "Record a payment on the customer's deal",
	  NULL },
	{ 27, "Esc, Left", TA_CLOSE, "Close the lead (lets go of it)", "Close" },
	{ KEY_LEFT, NULL, TA_CLOSE, NULL, NULL },
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static struct lead_pane *
pane_of(struct tui *t)
{
	return t->panes[PANE_LEAD].data;
}

static struct line *
line_add(struct lead_pane *p, enum line_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct line *
line_add(struct lead_pane *p, enum line_kind kind, const char *fmt, ...)
{
	struct line *l;
	va_list ap;

	if (p->nlines == MAX_LINES)
		return NULL;
	l = &p->lines[p->nlines++];
	l->kind = kind;
	l->contact = l->phone = 0;
	l->nphones = 0;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof l->text, fmt, ap);
	va_end(ap);
	return l;
}

struct reading {
	struct tui       *t;
	struct lead_pane *p;
	struct hours_rules rules;
};

static void
contact_line_add(void *arg, const struct contact_line *c)
{
	struct line *l;

	l = line_add(arg, c->warn ? LINE_WARN : LINE_TEXT, "%s", c->text);
	if (l == NULL)
		return;
	l->contact = c->contact;
	l->phone = c->phone;
	l->nphones = c->nphones;
}

/* Under a heading of their own, when the lead has any. */
static void
contacts_take(struct reading *r, const struct lead *l)
{
	struct lead_pane *p = r->p;
	int head = p->nlines, i;

	line_add(p, LINE_HEAD, "%s", "Contacts");
	if (contacts_lines(r->t, p->id, l->country, l->state, &r->rules,
	    contact_line_add, p) == 0)
		p->nlines = head;
	for (i = head; i < p->nlines && p->sel_contact != 0; i++)
		if (p->lines[i].contact == p->sel_contact &&
		    p->lines[i].phone == p->sel_phone)
			p->sel = i;
}

static void
contact_lines(struct reading *r, const struct lead *l)
{
	struct lead_pane *p = r->p;
	char local[8], opens[40];
	time_t at;
	enum hours_verdict v;

	line_add(p, LINE_HEAD, "%s", l->name);
	if (l->phone_display[0] != '\0')
		line_add(p, LINE_TEXT, "Phone    %s   (%s)", l->phone_display,
		    l->phone_e164);
	else
		line_add(p, LINE_TEXT, "Phone    %s", l->phone_raw);
	if (l->street[0] || l->city[0] || l->state[0])
		line_add(p, LINE_TEXT, "Address  %s%s%s%s%s %s %s %s",
		    l->street_number, l->street_number[0] ? " " : "",
		    l->street, l->street[0] ? ", " : "", l->city, l->state,
		    l->postal_code, l->country);
	if (l->email[0])
		line_add(p, LINE_TEXT, "Email    %s", l->email);
	if (l->url[0])
		line_add(p, LINE_TEXT, "Website  %s", l->url);
	line_add(p, LINE_TEXT, "Region   %s   Source %s", l->region[0] ?
	    l->region : "-", l->source[0] ? l->source : "-");
	hours_local_clock(l->timezone, l->country, r->t->now, local,
	    sizeof local);
	v = hours_check(&r->rules, l->timezone, l->country, l->state,
	    r->t->now, &at);
	opens[0] = '\0';
	if (v == HOURS_CLOSED && at != 0)
		when_label(at, r->t->now, opens, sizeof opens);
	line_add(p, v == HOURS_OPEN ? LINE_TEXT : LINE_WARN,
	    "Local    %s %s  %s", local[0] ? local : "unknown",
	    l->timezone[0] ? l->timezone : "(no zone)",
	    v == HOURS_OPEN ? "callable now" : v == HOURS_NO_ZONE ?
	    "not callable: no known zone" : "not callable now");
	if (opens[0])
		line_add(p, LINE_WARN, "         callable from %s (your time)",
		    opens);
}

static void
status_lines(struct reading *r, const struct lead *l)
{
	struct lead_pane *p = r->p;
	char when[128] = "", interest[24] = "";

	if (l->interest > 0)
		snprintf(interest, sizeof interest, "  Interest %d/5",
		    l->interest);
	line_add(p, LINE_STATUS, "Status   %s%s   Attempts %d", l->status,
	    interest, l->attempts);
	line_add(p, LINE_TEXT, "Owner    %s   Priority %d", l->owner[0] ?
	    l->owner : "(unassigned)", l->priority);
	if (l->next_followup_at)
		hours_when_both(l->next_followup_at, r->t->now, l->timezone,
		    l->country, when, sizeof when);
	if (when[0])
		line_add(p, LINE_TEXT, "Next follow-up  %s", when);
	if (p->holder[0])
		line_add(p, LINE_WARN, "Held by %s: they are working this "
		    "lead", p->holder);
}

static void
shown_take(struct shown *s, const struct lead *l, time_t now)
{
	s->version = l->version;
	snprintf(s->name, sizeof s->name, "%s", l->name);
	snprintf(s->phone, sizeof s->phone, "%s", l->phone_raw);
	snprintf(s->phone_dial, sizeof s->phone_dial, "%s",
	    l->phone_display[0] ? l->phone_display : l->phone_e164[0] ?
	    l->phone_e164 : l->phone_raw);
	snprintf(s->email, sizeof s->email, "%s", l->email);
	snprintf(s->status, sizeof s->status, "%s", l->status);
	snprintf(s->owner, sizeof s->owner, "%s", l->owner);
	s->followup[0] = '\0';
	if (l->next_followup_at)
		when_label(l->next_followup_at, now, s->followup,
		    sizeof s->followup);
}

static void
deal_line(void *arg, int head, const char *text)
{
	line_add(((struct reading *)arg)->p, head ? LINE_HEAD : LINE_TEXT,
	    "%s", text);
}

static int
lead_take(const struct lead *l, void *arg)
{
	struct reading *r = arg;

	r->p->found = 1;
	shown_take(&r->p->shown, l, r->t->now);
	contact_lines(r, l);
	status_lines(r, l);
	contacts_take(r, l);
	deal_box_lines(r->t, l, deal_line, r);
	return 0;
}

/*
 * One follow-up: when, in the rep's time and the lead's, its state (a
 * missed one said in words), its reason, note and outcome.
 */
static int
followup_take(const struct followup *f, void *arg)
{
	struct reading *r = arg;
	const char *state = f->state;
	char when[128];

	hours_when_both(f->due_at, r->t->now, f->zones, f->country, when,
	    sizeof when);
	if (strcmp(state, "open") == 0 &&
	    when_due_state(f->due_at, r->t->now) == DUE_MISSED)
		state = "missed";
	line_add(r->p, LINE_TEXT, "  %s  %s  %s%s%s%s%s", when, state,
	    f->reason, f->reason[0] && f->note[0] ? ": " : "", f->note,
	    f->outcome[0] ? "  -> " : "", f->outcome);
	return 0;
}

static int
note_take(const struct note *n, void *arg)
{
	struct reading *r = arg;
	struct tm tm;
	char at[20];

	localtime_r(&n->at, &tm);
	strftime(at, sizeof at, "%m-%d %H:%M", &tm);
	line_add(r->p, LINE_TEXT, "  %s %s: %s", at, n->who, n->body);
	return 0;
}

static int
event_take(const struct timeline_item *it, void *arg)
{
	struct reading *r = arg;
	struct tm tm;
	char at[20];

	localtime_r(&it->at, &tm);
	strftime(at, sizeof at, "%m-%d %H:%M", &tm);
	line_add(r->p, LINE_TEXT, "  %s %-8s %-12s %s", at, it->who,
	    it->kind, it->text);
	return 0;
}

/* A line of a box another file writes (payments). */
static void
box_line(void *arg, int head, const char *text)
{
	line_add(arg, head ? LINE_HEAD : LINE_TEXT, "%s", text);
}

static void
lead_reload(struct view *v)
{
	struct lead_pane *p = v->data;
	struct reading r = { v->tui, p, { 0 } };
	struct err err = { 0 };
	struct lease held;

	if (p->id != v->tui->lead_id) {
		p->list.top = 0;
		p->sel_contact = p->sel_phone = 0;
	}
	p->sel = -1;
	p->id = v->tui->lead_id;
	p->nlines = 0;
	p->found = 0;
	if (p->id == 0)
		return;
	store_hours_rules(v->tui->st, &r.rules, &err);
	p->holder[0] = '\0';
	if (store_lease_get(v->tui->st, p->id, &held, &err) == 0 &&
	    held.holder[0] && strcmp(held.holder, v->tui->who->login) != 0)
		snprintf(p->holder, sizeof p->holder, "%s", held.holder);
	if (store_lead_get(v->tui->st, v->tui->who, p->id, lead_take, &r,
	    &err) != 0 || !p->found) {
		line_add(p, LINE_WARN, "%s", err.msg[0] ? err.msg :
		    "That lead is gone.");
		return;
	}
	payment_box_lines(v->tui, p->id, box_line, p);
	line_add(p, LINE_HEAD, "%s", "Follow-ups");
	store_followup_of_lead(v->tui->st, v->tui->who, p->id, followup_take,
	    &r, &err);
	line_add(p, LINE_HEAD, "%s", "Notes");
	store_note_list(v->tui->st, v->tui->who, p->id, note_take, &r, &err);
	line_add(p, LINE_HEAD, "%s", "Timeline");
	store_timeline(v->tui->st, v->tui->who, p->id, 200, event_take, &r,
	    &err);
}

/* What another user changed since the lead was shown. */
static void
changes_text(const struct shown *was, const struct shown *now, char *buf,
    size_t size)
{
	const struct { const char *what, *a, *b; } f[] = {
		{ "name", was->name, now->name },
		{ "phone", was->phone, now->phone },
		{ "email", was->email, now->email },
		{ "status", was->status, now->status },
		{ "owner", was->owner, now->owner },
		{ "follow-up", was->followup, now->followup },
	};
	size_t i, len;

	*buf = '\0';
	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		if (strcmp(f[i].a, f[i].b) == 0)
			continue;
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s '%s' -> '%s'",
		    len ? "," : "", f[i].what, f[i].a, f[i].b);
	}
	if (*buf == '\0')
		snprintf(buf, size, "other fields");
}

static int
edit_submit(struct tui *t, struct form *f)
{
	static const char *const names[] = { NULL, "name", "phone", "email" };
	const struct shown *was = f->data;	/* as it was when e was pressed */
	struct lead_change ch;
	struct err err = { 0 };
	char what[400];
	int rc;

	if (f->field == EDIT_NOTE)
		rc = store_note_add(t->st, tui_actor(t, f->id), f->id, f->text,
		    &err);
	else if ((rc = lead_change_parse(lead_field_find(names[f->field]),
	    f->text, t->now, &ch, &err)) == 0)
		rc = store_lead_edit(t->st, tui_actor(t, f->id), f->id, &ch, 1,
		    was->version, &err);
	tui_reload(t);
	/* EX_TEMPFAIL is a change made meanwhile, or another user's hold. */
	if (rc == EX_TEMPFAIL && pane_of(t)->found && !pane_of(t)->holder[0]) {
		changes_text(was, &pane_of(t)->shown, what, sizeof what);
		tui_message(t, "Not saved: someone changed %s meanwhile. Look, "
		    "then e again.", what);
		return 0;
	}
	if (rc != 0) {
		tui_message(t, "Not saved: %s", err.msg);
		return 1;
	}
	tui_message(t, f->field == EDIT_NOTE ? "Note added." : "Saved.");
	return 0;
}

static void
edit_pick(struct tui *t, struct form *f, int digit)
{
	static const char *const labels[] = { NULL, "Name:", "Phone "
	    "(any form; stored as E.164 too):", "Email:", "Note:" };
	const struct shown *was = f->data;
	const char *now[] = { NULL, was->name, was->phone, was->email, "" };

	if (digit < EDIT_NAME || digit > EDIT_NOTE) {
		tui_message(t, "Pick 1 to 4, or Esc.");
		return;
	}
	f->field = digit;
	form_step(f, 1, labels[digit], NULL);
	snprintf(f->text, sizeof f->text, "%s", now[digit]);
}

static void
edit_open(struct tui *t)
{
	struct form *f;

	if (!pane_of(t)->found)
		return;
	if ((f = form_new("Edit (Esc cancels):", NULL)) == NULL ||
	    (f->data = malloc(sizeof(struct shown))) == NULL) {
		free(f);
		form_open(t, NULL);
		return;
	}
	/* Checked against when saving: a change made meanwhile is shown,
	 * never overwritten. */
	memcpy(f->data, &pane_of(t)->shown, sizeof(struct shown));
	snprintf(f->choices, sizeof f->choices, "Edit: 1 Name  2 Phone  "
	    "3 Email  4 Add a note");
	f->id = t->lead_id;
	f->pick = edit_pick;
	f->submit = edit_submit;
	form_open(t, f);
}

/* The number c dials on the contact line under the cursor; 0: none. */
static int64_t
contact_phone(struct tui *t, const struct lead_pane *p)
{
	const struct line *l = &p->lines[p->sel];

	if (l->phone != 0)
		return l->phone;
	if (l->nphones == 1 && p->sel + 1 < p->nlines)
		return p->lines[p->sel + 1].phone;
	tui_message(t, l->nphones == 0 ? "This contact has no number; E "
	    "adds one." : "This contact has several numbers: ] onto the "
	    "one to call.");
	return 0;
}

/* c: the number under the cursor, else the lead's. */
static void
call_go(struct tui *t, void *arg)
{
	struct lead_pane *p = pane_of(t);
	int64_t phone;

	(void)arg;
	if (p->sel < 0)
		dialing_start(t, p->id);
	else if ((phone = contact_phone(t, p)) != 0)
		dialing_start_contact(t, p->id, p->lines[p->sel].contact, phone);
}

static void
contact_move(struct tui *t, struct lead_pane *p, int step)
{
	int i = p->sel;

	do
		i += step;
	while (i >= 0 && i < p->nlines && p->lines[i].contact == 0);
	if (i >= p->nlines) {
		tui_message(t, p->sel < 0 ? "This lead has no contacts; C adds "
		    "one." : "That was the last contact line.");
		return;
	}
	if (i < 0 && p->sel < 0) {
		tui_message(t, "On the lead: c calls its number; ] moves onto "
		    "its contacts.");
		return;
	}
	p->sel = i < 0 ? -1 : i;
	p->sel_contact = i < 0 ? 0 : p->lines[i].contact;
	p->sel_phone = i < 0 ? 0 : p->lines[i].phone;
	p->sel_shown = 1;
}

/* The contact keys: 1 when a was one of them. */
static int
contact_handle(struct tui *t, struct lead_pane *p, enum tui_action a)
{
	switch (a) {
	case TA_CONTACT_NEXT: contact_move(t, p, 1); return 1;
	case TA_CONTACT_PREV: contact_move(t, p, -1); return 1;
	case TA_CONTACT_ADD:
		if (p->found)
			contact_add_open(t, p->id);
		return 1;
	case TA_CONTACT_EDIT:
	case TA_CONTACT_DELETE:
		if (p->sel < 0)
			tui_message(t, "Move onto a contact with ] first (e "
			    "edits the lead).");
		else if (a == TA_CONTACT_EDIT)
			contact_edit_open(t, p->id, p->lines[p->sel].contact);
		else
			contact_delete_ask(t, p->id, p->lines[p->sel].contact);
		return 1;
	default:
		return 0;
	}
}

static void
log_go(struct tui *t, void *arg)
{
	(void)arg;
	quicklog_open(t, t->lead_id, NULL);
}

static void
edit_go(struct tui *t, void *arg)
{
	(void)arg;
	edit_open(t);
}

static void
delete_go(struct tui *t, void *arg)
{
	struct lead_pane *p = pane_of(t);

	(void)arg;
	lead_delete_ask(t, p->id, p->shown.name, p->shown.owner);
}

/*
 * Another user holds the lead: go waits for a team lead's or an admin's
 * yes to override them; anyone else is told who holds it. Nonzero when
 * the key is dealt with so.
 */
static int
held_elsewhere(struct tui *t, const struct lead_pane *p,
    void (*go)(struct tui *, void *))
{
	if (!p->holder[0] || !p->found || t->override_lead == p->id)
		return 0;
	if (tui_may_override(t))
		tui_override_ask(t, p->id, p->holder, go, NULL);
	else
		tui_message(t, "%s is working this lead; it is free again when "
		    "they log the call.", p->holder);
	return 1;
}

static int
lead_handle(struct view *v, enum tui_action a)
{
	struct lead_pane *p = v->data;

	if (list_scroll(&p->list, p->last_top + (p->list.height > 0 ?
	    p->list.height : 1), a))
		return 1;
	switch (a) {
	case TA_CLOSE: tui_lead_close(v->tui); break;
	case TA_PREV_LEAD:
		if (!search_step(v->tui, -1))
			tui_message(v->tui, "N steps back through the leads a "
			    "search found; this one was not opened from one.");
		break;
	case TA_AUDIT: audit_show_lead(v->tui, p->id); break;
	case TA_PAYMENT: payment_form_open(v->tui, 0, p->id); break;
	case TA_EDIT:
		if (dialing_on(v->tui, p->id))
			quicklog_open(v->tui, p->id, NULL);
		else if (!held_elsewhere(v->tui, p, edit_go))
			edit_open(v->tui);
		break;
	case TA_CALL:
		if (!held_elsewhere(v->tui, p, call_go) && p->found)
			call_go(v->tui, NULL);
		break;
	case TA_LOG:
		if (!held_elsewhere(v->tui, p, log_go) && p->found)
			quicklog_open(v->tui, p->id, NULL);
		break;
	case TA_DELETE:
		if (p->found && (perm_scope(v->tui->who->role,
		    ACT_LEAD_DELETE) == SCOPE_NONE ||
		    !held_elsewhere(v->tui, p, delete_go)))
			delete_go(v->tui, NULL);
		break;
	case TA_NEXT_LEAD:
		if (search_step(v->tui, 1))
			break;
		tui_lead_close(v->tui);
		if (queue_next(v->tui))
			tui_lead_open(v->tui, queue_selected(v->tui));
		else
			tui_message(v->tui, "That was the last lead.");
		break;
	default:
		return contact_handle(v->tui, p, a);
	}
	return 1;
}

static int
line_attr(const struct tui *t, const struct lead_pane *p,
    const struct line *l)
{
	switch (l->kind) {
	case LINE_HEAD: return A_BOLD;
	case LINE_STATUS: return tui_status_attr(t, p->shown.status);
	case LINE_WARN: return A_BOLD;
	default: return A_NORMAL;
	}
}

/*
 * On a call, the number stands at the top, large enough to dial by
 * hand: spaced out, bold and reversed. Returns the lines it took.
 */
static int
call_draw(struct tui *t, const struct lead_pane *p, WINDOW *win)
{
	const char *number = p->shown.phone_dial;
	char line[256], big[128] = " ";
	size_t i, o = 1;

	if (!dialing_on(t, p->id) || getmaxy(win) < 6)
		return 0;
	if (dialing_contact(t, p->id) != 0)
		number = dialing_number(t);
	dialing_text(t, line, sizeof line);
	for (i = 0; number[i] != '\0' && o + 3 < sizeof big; i++) {
		big[o++] = number[i];
		big[o++] = ' ';
	}
	big[o] = '\0';
	wattron(win, A_BOLD);
	tui_put(win, 0, 1, getmaxx(win) - 2, line);
	wattron(win, A_REVERSE);
	tui_put(win, 1, 1, (int)o < getmaxx(win) - 2 ? (int)o :
	    getmaxx(win) - 2, big);
	wattrset(win, A_NORMAL);
	return 3;
}

/* Rows line i takes at width. */
static int
line_rows(const struct tui *t, const struct lead_pane *p, int i, int width)
{
	if (p->lines[i].contact != 0 && !t->detail)
		return 1;
	return p->lines[i].text[0] ? wrap_count(p->lines[i].text, width) : 1;
}

/* The first line from which the rest fits in rows. */
static int
lines_last_top(const struct tui *t, const struct lead_pane *p, int width,
    int rows)
{
	int i, used = 0;

	for (i = p->nlines - 1; i >= 0; i--)
		if ((used += line_rows(t, p, i, width)) > rows)
			return i + 1 < p->nlines ? i + 1 : i;
	return 0;
}

/* After ] or [: the page scrolled so the contact line is on it. */
static void
sel_scroll(const struct tui *t, struct lead_pane *p, int width, int rows)
{
	int i, used;

	p->sel_shown = 0;
	if (p->sel < 0 || width < 1)
		return;
	if (p->sel < p->list.top)
		p->list.top = p->sel;
	for (;;) {
		for (used = 0, i = p->list.top; i <= p->sel; i++)
			used += line_rows(t, p, i, width);
		if (used <= rows || p->list.top == p->sel)
			break;
		p->list.top++;
	}
}

/* A contact's line on one row, cut with an ellipsis when it is longer. */
static int
line_cut(WINDOW *win, int y, int width, const char *s)
{
	char cut[1024];

	if (width < 4 || text_width(s) <= width) {
		tui_put(win, y, 1, width, s);
		return 1;
	}
	text_fit(s, width - 3, 0, cut, sizeof cut - 4);
	strcat(cut, "...");
	tui_put(win, y, 1, width, cut);
	return 1;
}

static void
lead_draw(struct view *v, WINDOW *win)
{
	struct lead_pane *p = v->data;
	int i, y, w = getmaxx(win), h = getmaxy(win);

	if (p->id != v->tui->lead_id)
		lead_reload(v);
	if (p->id == 0) {
		wrap_put(win, 1, 1, w - 2, h - 1, "No lead open: Enter on a lead "
		    "in My Queue or Follow-ups opens it here.");
		return;
	}
	y = call_draw(v->tui, p, win);
	p->list.height = h - y;		/* what a page scrolls */
	p->last_top = lines_last_top(v->tui, p, w - 2, h - y);
	if (p->sel_shown)
		sel_scroll(v->tui, p, w - 2, h - y);
	/* A line wider than the pane goes on below rather than being cut. */
	for (i = p->list.top; i < p->nlines && y < h; i++) {
		wattron(win, line_attr(v->tui, p, &p->lines[i]));
		if (i == p->sel)
			wattron(win, A_REVERSE);
		if (p->lines[i].contact != 0 && !v->tui->detail)
			y += line_cut(win, y, w - 2, p->lines[i].text);
		else
			y += wrap_put(win, y, 1, w - 2, h - y,
			    p->lines[i].text[0] ? p->lines[i].text : " ");
		wattrset(win, A_NORMAL);
	}
}

const struct view_ops lead_view = {
	.name = "Lead",
	.keys = lead_keys,
	.state_size = sizeof(struct lead_pane),
	.reload = lead_reload,
	.draw = lead_draw,
	.handle = lead_handle,
};
