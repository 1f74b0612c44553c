/*
 * The view stack, as tig keeps one: a view opened from another goes on
 * top of it, and q or Esc closes it, back to the view it came from. A
 * pane is on the stack once at most, so the stack never outgrows the
 * panes: opening one already there moves it up, going to one by its key
 * cuts the stack back to it. Quitting asks first while something would
 * be lost.
 */
#include <string.h>

#include "callq/draft.h"
#include "callq/lead.h"
#include "view.h"

static void
top_set(struct tui *t)
{
	t->pane = t->stack[t->depth - 1];
}

/* A pane is not read while covered: what was done on top may show on it. */
static void
top_uncovered(struct tui *t)
{
	top_set(t);
	t->panes[t->pane].ops->reload(&t->panes[t->pane]);
}

/* Where p is on the stack, -1 when it is not. */
static int
stack_find(const struct tui *t, enum pane p)
{
	int i;

	for (i = 0; i < t->depth; i++)
		if (t->stack[i] == p)
			return i;
	return -1;
}

void
stack_start(struct tui *t, enum pane first)
{
	t->stack[0] = first;
	t->depth = 1;
	top_set(t);
}

void
stack_remove(struct tui *t, enum pane p)
{
	int i = stack_find(t, p);

	if (i < 0)
		return;
	if (t->depth == 1) {	/* there is always a first view */
		t->stack[0] = PANE_QUEUE;
		top_uncovered(t);
		return;
	}
	memmove(&t->stack[i], &t->stack[i + 1], (size_t)(t->depth - i - 1) *
	    sizeof t->stack[0]);
	t->depth--;
	if (i == t->depth)
		top_uncovered(t);
}

void
stack_push(struct tui *t, enum pane p)
{
	if (t->pane == p)
		return;
	stack_remove(t, p);
	t->stack[t->depth++] = p;
	top_set(t);
}

void
stack_cut(struct tui *t, enum pane p)
{
	int i = stack_find(t, p);

	if (i < 0) {
		stack_push(t, p);
		return;
	}
	t->depth = i + 1;
	top_set(t);
}

void
stack_replace(struct tui *t, enum pane p)
{
	if (stack_find(t, p) >= 0) {
		stack_cut(t, p);
		return;
	}
	t->stack[t->depth - 1] = p;
	top_set(t);
}

enum pane
stack_below(const struct tui *t)
{
	return t->depth > 1 ? t->stack[t->depth - 2] : PANE_COUNT;
}

int
tui_view_close(struct tui *t)
{
	if (t->pane == PANE_LEAD) {
		tui_lead_close(t);
		return 1;
	}
	if (t->depth == 1)
		return 0;
	t->depth--;
	top_uncovered(t);
	return 1;
}

static int
name_take(const struct lead *l, void *arg)
{
	snprintf(arg, 128, "%s", l->name);
	return 1;
}

/* The lead's name, or its ID when it cannot be read. */
static void
lead_name(struct tui *t, int64_t id, char name[128])
{
	struct err err = { 0 };

	name[0] = '\0';
	if (store_lead_get(t->st, t->who, id, name_take, name, &err) != 0 ||
	    name[0] == '\0')
		snprintf(name, 128, "lead %lld", (long long)id);
}

int
quit_request(struct tui *t)
{
	static const char *const how = "Q again or y quits, Esc stays.";
	struct err err = { 0 };
	struct draft d = { 0 };
	char name[128];

	if (t->call != NULL) {
		lead_name(t, dialing_lead(t), name);
		tui_message(t, "You are on a call with %s: %s", name, how);
	} else if (store_draft_get(t->st, t->who, &d, &err) == 0 &&
	    d.lead_id != 0) {
		lead_name(t, d.lead_id, name);
		tui_message(t, "The call log on %s is not saved (it is kept "
		    "for next time): %s", name, how);
	} else if (t->form != NULL)
		tui_message(t, "What you typed is not saved: %s", how);
	else
		return 1;
	t->quitting = 1;
	return 0;
}

int
quit_key(struct tui *t, int key)
{
	t->quitting = 0;
	if (key == 'Q' || key == 'y')
		return 1;
	tui_message(t, "Not quitting.");
	return 0;
}
