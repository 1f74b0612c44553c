/*
 * A lead's contacts in the lead pane: the drawer's lines (a contact's
 * name, role and marks, then each number with its label and its local
 * time), the forms of C, E and X, and whom the quick-log reached.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/call.h"
#include "callq/contact.h"
#include "callq/hours.h"
#include "contacts.h"
#include "form.h"

struct drawer {
	struct tui                *t;
	const char                *country, *state;
	const struct hours_rules  *rules;
	void                     (*add)(void *, const struct contact_line *);
	void                      *arg;
	int                        n;
};

static void
number_line(struct drawer *d, const struct contact *c,
    const struct contact_phone *ph)
{
	struct contact_line line = { c->id, ph->id, c->nphones, 0, "" };
	char local[8] = "";
	enum hours_verdict v;
	time_t at;

	hours_local_clock(ph->timezone, d->country, d->t->now, local,
	    sizeof local);
	v = hours_check(d->rules, ph->timezone, d->country, d->state,
	    d->t->now, &at);
	line.warn = c->dnc || v != HOURS_OPEN;
	snprintf(line.text, sizeof line.text, "    %-7s %s%s%s  %s%s",
	    ph->label[0] ? ph->label : "phone",
	    ph->display[0] ? ph->display : ph->raw, ph->ext[0] ? " x" : "",
	    ph->ext, local[0] ? local : "--:--",
	    v == HOURS_OPEN ? "" : v == HOURS_NO_ZONE ? " no zone" :
	    " closed");
	d->add(d->arg, &line);
}

static int
contact_take(const struct contact *c, void *arg)
{
	struct drawer *d = arg;
	struct contact_line line = { c->id, 0, c->nphones, c->dnc, "" };
	int i;

	snprintf(line.text, sizeof line.text, "  %s%s%s%s%s%s%s",
	    c->name, c->role[0] ? ", " : "", c->role, c->dnc ?
	    "  DNC" : "", c->opt_in ? "  opt-in" : "", c->email[0] ?
	    "  " : "", c->email);
	d->add(d->arg, &line);
	for (i = 0; i < c->nphones && i < CONTACT_PHONES_MAX; i++)
		number_line(d, c, &c->phones[i]);
	d->n++;
	return 0;
}

int
contacts_lines(struct tui *t, int64_t lead, const char *country,
    const char *state, const struct hours_rules *rules,
    void (*add)(void *arg, const struct contact_line *), void *arg)
{
	struct drawer d = { t, country, state, rules, add, arg, 0 };
	struct err err = { 0 };

	store_contact_list(t->st, t->who, lead, contact_take, &d, &err);
	return d.n;
}

/* A contact as the edit found it: what the fields start from. */
struct shown_contact {
	int64_t version;
	int     dnc, opt_in, found;
	char    name[128], role[64], email[128];
	char    phones[CONTACT_PHONES_MAX * 64];	/* "mobile:+1 305..., ..." */
};

static int
shown_take(const struct contact *c, void *arg)
{
	struct shown_contact *s = arg;
	size_t len;
	int i;

	s->found = 1;
	s->version = c->version;
	s->dnc = c->dnc;
	s->opt_in = c->opt_in;
	snprintf(s->name, sizeof s->name, "%s", c->name);
	snprintf(s->role, sizeof s->role, "%s", c->role);
	snprintf(s->email, sizeof s->email, "%s", c->email);
	s->phones[0] = '\0';
	for (i = 0; i < c->nphones && i < CONTACT_PHONES_MAX; i++) {
		len = strlen(s->phones);
		snprintf(s->phones + len, sizeof s->phones - len, "%s%s%s%s",
		    i ? ", " : "", c->phones[i].label, c->phones[i].label[0] ?
		    ":" : "", c->phones[i].raw);
	}
	return 0;
}

/*
 * The numbers as typed, "mobile:+1 305 555 0142, office:0207 946 0000",
 * cut up in text into spec's phones. 0, or 1 refused on f.
 */
static int
phones_take(struct form *f, char *text, struct contact_spec *spec)
{
	char *p = text, *comma;

	spec->nphones = 0;
	while (p != NULL && *p != '\0') {
		if ((comma = strchr(p, ',')) != NULL)
			*comma++ = '\0';
		while (*p == ' ')
			p++;
		if (*p != '\0' && spec->nphones == CONTACT_PHONES_MAX)
			return form_refuse(f, "A contact keeps at most %d "
			    "numbers; leave one out.", CONTACT_PHONES_MAX);
		if (*p != '\0')
			spec->phones[spec->nphones++] = p;
		p = comma;
	}
	return 0;
}

enum add_step { ADD_NAME, ADD_ROLE, ADD_PHONES, ADD_EMAIL };

/* The add form keeps each field as it is answered. */
struct contact_draft {
	char name[1024], role[1024], phones[1024];
};

static int
add_save(struct tui *t, struct form *f)
{
	struct contact_draft *d = f->data;
	struct contact_spec spec = { d->name, d->role, f->text, 0, 0, 0,
	    { NULL } };
	struct err err = { 0 };
	char said[200];
	int64_t id = 0;
	int rc;

	if (phones_take(f, d->phones, &spec) != 0)
		return 1;
	rc = store_contact_add(t->st, tui_actor(t, f->id), f->id, &spec, &id,
	    &err);
	snprintf(said, sizeof said, "Added %.100s to the lead's contacts.",
	    d->name);
	return form_outcome(t, f, rc, &err, said);
}

static int
add_submit(struct tui *t, struct form *f)
{
	struct contact_draft *d = f->data;

	switch (f->step) {
	case ADD_NAME:
		if (f->text[strspn(f->text, " ")] == '\0')
			return form_refuse(f, "A contact needs a name; type "
			    "one, or Esc.");
		snprintf(d->name, sizeof d->name, "%s", f->text);
		form_step(f, ADD_ROLE, "Role (owner, manager...; Enter "
		    "skips):", NULL);
		return 1;
	case ADD_ROLE:
		snprintf(d->role, sizeof d->role, "%s", f->text);
		form_step(f, ADD_PHONES, "Numbers, comma-separated, each "
		    "LABEL:NUMBER or NUMBER (Enter skips):", NULL);
		return 1;
	case ADD_PHONES:
		snprintf(d->phones, sizeof d->phones, "%s", f->text);
		form_step(f, ADD_EMAIL, "Email (Enter skips):", NULL);
		return 1;
	default:
		return add_save(t, f);
	}
}

void
contact_add_open(struct tui *t, int64_t lead)
{
	struct form *f = form_new("New contact (Esc cancels). Name:", NULL);

	if (f == NULL || (f->data = calloc(1, sizeof(struct contact_draft))) ==
	    NULL) {
		free(f);
		form_open(t, NULL);
		return;
	}
	f->id = lead;
	f->step = ADD_NAME;
	f->submit = add_submit;
	form_open(t, f);
}

enum edit_field { EDIT_NAME = 1, EDIT_ROLE, EDIT_PHONES, EDIT_EMAIL,
	EDIT_DNC, EDIT_OPT_IN };

/* The edit's own: the contact as shown, and its lead for the hold. */
struct contact_edit {
	struct shown_contact was;
	int64_t              lead;
};

static int
edit_write(struct tui *t, struct form *f, struct contact_spec *spec,
    const char *said)
{
	struct contact_edit *e = f->data;
	struct err err = { 0 };
	int rc;

	rc = store_contact_edit(t->st, tui_actor(t, e->lead), f->id, spec,
	    e->was.version, &err);
	if (rc == EX_TEMPFAIL)
		return form_refuse(f, "Not saved: someone changed %.100s "
		    "meanwhile. Esc, look, then E again.", e->was.name);
	return form_outcome(t, f, rc, &err, said);
}

static int
edit_submit(struct tui *t, struct form *f)
{
	struct contact_spec spec = { NULL, NULL, NULL, -1, -1, -1, { NULL } };
	char phones[sizeof f->text];

	switch (f->field) {
	case EDIT_NAME:
		if (f->text[strspn(f->text, " ")] == '\0')
			return form_refuse(f, "A contact needs a name; type "
			    "one, or Esc.");
		spec.name = f->text;
		break;
	case EDIT_ROLE: spec.role = f->text; break;
	case EDIT_EMAIL: spec.email = f->text; break;
	case EDIT_PHONES:
		snprintf(phones, sizeof phones, "%s", f->text);
		if (phones_take(f, phones, &spec) != 0)
			return 1;
		break;
	default:
		return 1;
	}
	return edit_write(t, f, &spec, "Saved.");
}

/* A flag flips on its digit: there is nothing more to type. */
static void
flag_flip(struct tui *t, struct form *f, int field)
{
	struct contact_edit *e = f->data;
	struct contact_spec spec = { NULL, NULL, NULL, -1, -1, -1, { NULL } };
	char said[200];

	if (field == EDIT_DNC)
		spec.dnc = !e->was.dnc;
	else
		spec.opt_in = !e->was.opt_in;
	snprintf(said, sizeof said, "%.100s %s.", e->was.name,
	    field == EDIT_DNC ? (spec.dnc ? "is not to be called" :
	    "may be called again") : (spec.opt_in ? "opted in" :
	    "opted out"));
	if (edit_write(t, f, &spec, said) == 0)
		form_close(t);
}

static void
edit_pick(struct tui *t, struct form *f, int digit)
{
	static const char *const labels[] = { NULL, "Name:", "Role:",
	    "Numbers, comma-separated, each LABEL:NUMBER or NUMBER:",
	    "Email:" };
	struct contact_edit *e = f->data;
	const char *now[] = { NULL, e->was.name, e->was.role, e->was.phones,
	    e->was.email };

	if (digit == EDIT_DNC || digit == EDIT_OPT_IN) {
		flag_flip(t, f, digit);
		return;
	}
	if (digit < EDIT_NAME || digit > EDIT_EMAIL) {
		tui_message(t, "Pick 1 to 6, or Esc.");
		return;
	}
	f->field = digit;
	form_step(f, 1, labels[digit], NULL);
	snprintf(f->text, sizeof f->text, "%s", now[digit]);
}

/* The contact as it is now, in a new edit's state; NULL when gone. */
static struct contact_edit *
edit_read(struct tui *t, int64_t lead, int64_t id)
{
	struct contact_edit *e = calloc(1, sizeof *e);
	struct err err = { 0 };

	if (e == NULL) {
		tui_message(t, "out of memory: nothing was opened");
		return NULL;
	}
	e->lead = lead;
	if (store_contact_get(t->st, t->who, id, shown_take, &e->was,
	    &err) != 0 || !e->was.found) {
		tui_message(t, "%s", err.msg[0] ? err.msg : "That contact is "
		    "gone; the lead shows its contacts as they are now.");
		free(e);
		tui_reload(t);
		return NULL;
	}
	return e;
}

void
contact_edit_open(struct tui *t, int64_t lead, int64_t id)
{
	struct contact_edit *e = edit_read(t, lead, id);
	struct form *f;
	char label[160];

	if (e == NULL)
		return;
	snprintf(label, sizeof label, "Edit %.100s (Esc cancels):",
	    e->was.name);
	if ((f = form_new(label, NULL)) == NULL) {
		free(e);
		form_open(t, NULL);
		return;
	}
	f->data = e;
	snprintf(f->choices, sizeof f->choices, "1 Name  2 Role  3 Numbers  "
	    "4 Email  5 %s  6 %s", e->was.dnc ? "May be called" :
	    "Do not call", e->was.opt_in ? "Opt out" : "Opt in");
	f->id = id;
	f->pick = edit_pick;
	f->submit = edit_submit;
	form_open(t, f);
}

static int
delete_submit(struct tui *t, struct form *f)
{
	struct contact_edit *e = f->data;
	struct err err = { 0 };
	char said[200];
	int rc;

	rc = store_contact_delete(t->st, tui_actor(t, e->lead), f->id, &err);
	snprintf(said, sizeof said, "Deleted %.100s from the lead's "
	    "contacts; the calls made to them keep their name.",
	    e->was.name);
	return form_outcome(t, f, rc, &err, said);
}

void
contact_delete_ask(struct tui *t, int64_t lead, int64_t id)
{
	struct contact_edit *e = edit_read(t, lead, id);
	struct form *f;
	char label[160];

	if (e == NULL)
		return;
	snprintf(label, sizeof label, "Delete contact %.60s%s%.30s? Enter "
	    "deletes, Esc keeps them:", e->was.name, e->was.role[0] ?
	    ", " : "", e->was.role);
	if ((f = form_new(label, NULL)) == NULL) {
		free(e);
		form_open(t, NULL);
		return;
	}
	f->data = e;
	f->id = id;
	f->submit = delete_submit;
	form_open(t, f);
}

struct reached_reading {
	struct reached *r;
	int64_t         dialed;
};

static int
reached_take(const struct contact *c, void *arg)
{
	struct reached_reading *rr = arg;
	struct reached *r = rr->r;

	if (r->n == REACHED_MAX - 1)
		return 1;
	r->who[r->n] = c->id;
	snprintf(r->name[r->n], sizeof r->name[0], "%s", c->name);
	if (c->id == rr->dialed)
		r->pick = r->n + 1;
	r->n++;
	return 0;
}

void
reached_load(struct tui *t, int64_t lead, int64_t dialed, struct reached *r)
{
	struct reached_reading rr = { r, dialed };
	struct err err = { 0 };

	memset(r, 0, sizeof *r);
	if (store_contact_list(t->st, t->who, lead, reached_take, &rr,
	    &err) != 0)
		r->n = 0;
}

void
reached_ask(const struct reached *r, char *label, size_t lsize,
    char *choices, size_t csize)
{
	size_t len;
	int i;

	snprintf(label, lsize, "Reached (Enter: %.60s):", r->pick ?
	    r->name[r->pick - 1] : "the lead");
	snprintf(choices, csize, "Reached:  0 the lead");
	for (i = 0; i < r->n; i++) {
		len = strlen(choices);
		snprintf(choices + len, csize - len, "  %d %s", i + 1,
		    r->name[i]);
	}
}

int
reached_pick(struct reached *r, int digit)
{
	if (digit < 0 || digit > r->n)
		return 0;
	r->pick = digit;
	r->asked = 1;
	return 1;
}

int64_t
reached_contact(const struct reached *r)
{
	return r->pick > 0 ? r->who[r->pick - 1] : CALL_REACHED_LEAD;
}
