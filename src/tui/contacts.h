/*
 * A lead's contacts on screen (src/tui/lead_contacts.c): their lines in
 * the lead pane's drawer, the forms that add, edit and delete them, and
 * the quick-log's "Reached:" question, asked only of a lead that has
 * contacts.
 */
#ifndef CALLQ_TUI_CONTACTS_H
#define CALLQ_TUI_CONTACTS_H

#include <stddef.h>
#include <stdint.h>

#include "callq/hours.h"
#include "view.h"

/* One line of the drawer: a contact's own line (phone 0) or a number. */
struct contact_line {
	int64_t contact;
	int64_t phone;		/* a contact_phones id, 0: the contact's line */
	int     nphones;	/* the contact's numbers */
	int     warn;		/* not to be called now */
	char    text[256];
};

/*
 * Hands add each line of lead's contacts, in drawer order; the numbers'
 * local time and calling hours are told with the lead's country and
 * state when a number has no zone of its own. Returns how many
 * contacts there were.
 */
int contacts_lines(struct tui *t, int64_t lead, const char *country,
    const char *state, const struct hours_rules *rules,
    void (*add)(void *arg, const struct contact_line *), void *arg);

/* C: the form adding a contact to lead, a field at a time. */
void contact_add_open(struct tui *t, int64_t lead);

/* E: what to change of contact id (a digit), then its new value. */
void contact_edit_open(struct tui *t, int64_t lead, int64_t id);

/* X: asks with a line naming contact id, then deletes it. */
void contact_delete_ask(struct tui *t, int64_t lead, int64_t id);

/* The quick-log's question: whom the call reached. */
#define REACHED_MAX 10

struct reached {
	int     n;		/* 0: the lead has no contacts, nothing to ask */
	int     asked;	/* the answer is in */
	int     pick;	/* 0: the lead, i: who[i - 1] */
	int64_t who[REACHED_MAX - 1];
	char    name[REACHED_MAX - 1][64];
};

/* Reads lead's contacts into r, the one dialed (0: none) picked first. */
void reached_load(struct tui *t, int64_t lead, int64_t dialed,
    struct reached *r);

/* The question and its choices, for a form step. */
void reached_ask(const struct reached *r, char *label, size_t lsize,
    char *choices, size_t csize);

/* A digit answered: 1 when it named someone (r->asked is then set). */
int reached_pick(struct reached *r, int digit);

/* The contact the log names: CALL_REACHED_LEAD for the lead. */
int64_t reached_contact(const struct reached *r);

#endif
