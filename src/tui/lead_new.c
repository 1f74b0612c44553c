/*
 * N: a lead added by hand. A line at a time: the name; the number, its
 * E.164 form and time zone shown as it is typed; its country; then the
 * region and the source picked from their lists, the deal's value, and
 * for team leads and admins the owner. A number a lead already has is
 * refused by naming that lead, with Enter to open it. The store adds it
 * with the checks the command line's lead add has.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/assign.h"
#include "callq/choice.h"
#include "callq/lead.h"
#include "callq/phone.h"
#include "callq/text.h"
#include "callq/user.h"
#include "callq/zone.h"
#include "form.h"

enum step { STEP_NAME, STEP_PHONE, STEP_COUNTRY, STEP_VALUE };

struct new_lead {
	char    name[1024], phone[128], country[4], region[64], source[64];
	char    value[32], owner[64];
	char    guess[4];	/* a national number's country, until given */
	char    e164[24];	/* the number as read */
	int64_t dup;		/* the lead that has it already, 0: none */
	char    dup_said[160];
};

static void region_pick(struct tui *t, struct new_lead *d);
static void source_pick(struct tui *t, struct new_lead *d);
static void value_ask(struct tui *t, struct new_lead *d);
static void owner_pick(struct tui *t, struct new_lead *d);
static void lead_add(struct tui *t, struct new_lead *d);

/* The country a national number is read in: the first region's. */
static int
guess_take(const char *name, const char *country, int64_t leads, void *arg)
{
	(void)name;
	(void)leads;
	if (country != NULL && country[0] != '\0')
		snprintf(arg, 4, "%s", country);
	return country != NULL && country[0] != '\0';
}

/* "+16175550120, America/New_York" for text, or why it cannot be read. */
static void
phone_said(const char *text, const char *country, char *e164, size_t esize,
    char *buf, size_t size)
{
	struct phone ph;
	enum zone_basis basis;
	const char *zones;

	e164[0] = '\0';
	switch (phone_parse(text, country[0] ? country : NULL, &ph)) {
	case PHONE_NO_REGION:
		snprintf(buf, size, "give it in international form: +1 617 "
		    "555 0120");
		return;
	case PHONE_UNPARSEABLE:
		snprintf(buf, size, "not a phone number yet");
		return;
	default:
		break;
	}
	if (!ph.valid) {
		snprintf(buf, size, "%s is not a valid number yet", ph.e164);
		return;
	}
	snprintf(e164, esize, "%s", ph.e164);
	zones = zone_find(ph.e164, ph.region, NULL, &basis);
	snprintf(buf, size, "= %s (%s), %s", ph.e164, ph.region, zones ?
	    zones : "no known time zone: not callable until it has one");
}

static void
phone_preview(struct tui *t, const struct form *f, char *buf, size_t size)
{
	const struct new_lead *d = f->data;
	char e164[24];

	(void)t;
	if (f->text[0] == '\0')
		snprintf(buf, size, "e.g. +1 617 555 0120, or (617) 555-0120 "
		    "read as %s", d->guess[0] ? d->guess : "US");
	else
		phone_said(f->text, d->guess, e164, sizeof e164, buf, size);
}

struct finding {
	const char *e164;
	int64_t     id;
	char        said[160];
};

static int
dup_take(const struct lead *l, void *arg)
{
	struct finding *k = arg;

	if (strcmp(l->phone_e164, k->e164) != 0)
		return 0;
	k->id = l->id;
	snprintf(k->said, sizeof k->said, "Lead %lld, %.60s (%s%.40s)",
	    (long long)l->id, l->name, l->owner[0] ? "owner " : "no owner",
	    l->owner);
	return 1;
}

/* The live lead that has e164 already, as d->dup; 0 when none is seen. */
static int64_t
dup_find(struct tui *t, struct new_lead *d)
{
	struct lead_filter lf = { .search = d->e164, .limit = 50 };
	struct finding k = { d->e164, 0, "" };
	struct err err = { 0 };

	store_lead_list(t->st, t->who, &lf, dup_take, &k, &err);
	d->dup = k.id;
	snprintf(d->dup_said, sizeof d->dup_said, "%s", k.said);
	return k.id;
}

/* Takes the form's draft away from it, for the next step. */
static struct new_lead *
draft_take(struct tui *t, struct form *f)
{
	struct new_lead *d = f->data;

	f->data = NULL;
	form_close(t);
	return d;
}

static int
phone_submit(struct tui *t, struct form *f)
{
	struct new_lead *d = f->data;
	char said[160], e164[24];
	int64_t open;

	phone_said(f->text, d->guess, e164, sizeof e164, said, sizeof said);
	if (e164[0] == '\0') {
		tui_message(t, "That number cannot be read: %s.", said);
		return 1;
	}
	if (d->dup != 0 && strcmp(e164, d->e164) == 0) {
		open = d->dup;
		form_close(t);
		tui_lead_open(t, open);
		return 0;
	}
	snprintf(d->e164, sizeof d->e164, "%s", e164);
	if (dup_find(t, d) != 0) {
		snprintf(f->label, sizeof f->label, "Enter opens it, or type "
		    "another number:");
		tui_message(t, "%s has %s already; one number, one lead.",
		    d->dup_said, d->e164);
		return 1;
	}
	snprintf(d->phone, sizeof d->phone, "%.*s", (int)sizeof d->phone - 1,
	    f->text);
	form_step(f, STEP_COUNTRY, "Country (ISO code; Enter takes it):",
	    NULL);
	snprintf(f->text, sizeof f->text, "%.3s", strchr(said, '(') ?
	    strchr(said, '(') + 1 : d->guess);
	f->text[strcspn(f->text, ")")] = '\0';
	f->preview = NULL;
	return 1;
}

static int
text_submit(struct tui *t, struct form *f)
{
	struct new_lead *d = f->data;
	struct lead_change c;
	struct err err = { 0 };
	char text[sizeof f->text];

	text_trim(f->text, text, sizeof text);
	if (f->step == STEP_NAME) {
		if (text[0] == '\0') {
			tui_message(t, "A lead needs a name; Esc drops it.");
			return 1;
		}
		if (lead_change_parse(lead_field_find("name"), text, t->now, &c,
		    &err) != 0) {
			tui_message(t, "%s", err.msg);
			return 1;
		}
		snprintf(d->name, sizeof d->name, "%s", text);
		form_step(f, STEP_PHONE, "Phone:", NULL);
		f->preview = phone_preview;
		return 1;
	}
	if (f->step == STEP_PHONE)
		return phone_submit(t, f);
	if (text[0] != '\0' && lead_change_parse(lead_field_find(f->step ==
	    STEP_COUNTRY ? "country" : "value"), text, t->now, &c, &err) != 0) {
		tui_message(t, "%s", err.msg);
		return 1;
	}
	if (f->step == STEP_COUNTRY) {
		snprintf(d->country, sizeof d->country, "%s", text[0] ?
		    c.code : "");
		region_pick(t, draft_take(t, f));
	} else {
		snprintf(d->value, sizeof d->value, "%.*s",
		    (int)sizeof d->value - 1, text);
		owner_pick(t, draft_take(t, f));
	}
	return 0;
}

void
lead_new_open(struct tui *t)
{
	struct new_lead *d;
	struct form *f;
	struct err err = { 0 };

	if (perm_scope(t->who->role, ACT_LEAD_CREATE) == SCOPE_NONE) {
		tui_message(t, "Adding leads is not for %s.",
		    role_title(t->who->role));
		return;
	}
	if ((d = calloc(1, sizeof *d)) == NULL ||
	    (f = form_new("New lead's name:", NULL)) == NULL) {
		free(d);
		form_open(t, NULL);
		return;
	}
	store_region_list(t->st, guess_take, d->guess, &err);
	f->data = d;
	f->submit = text_submit;
	form_open(t, f);
}

/* A picker of d's next field; NULL (said, d freed) when out of memory. */
static struct picker *
picker_of(struct tui *t, struct new_lead *d, const char *title,
    void (*done)(struct tui *, struct picker *))
{
	struct picker *p = calloc(1, sizeof *p);

	if (p == NULL) {
		free(d);
		tui_message(t, "out of memory: the lead was not added");
		return NULL;
	}
	snprintf(p->title, sizeof p->title, "%s", title);
	p->data = d;
	p->done = done;
	return p;
}

/* Shows p, or drops it (and d) when its list could not be read. */
static void
picker_show(struct tui *t, struct picker *p, int rc, const struct err *err)
{
	if (rc == 0) {
		picker_open(t, p);
		return;
	}
	tui_message(t, "The lead was not added: %s", err->msg);
	free(p->items);
	free(p->data);
	free(p);
}

/* The key of the item picked, into out; the draft taken from p. */
static struct new_lead *
picked(struct picker *p, char *out, size_t size)
{
	struct new_lead *d = p->data;
	int i;

	for (i = 0; i < p->n; i++)
		if (p->items[i].chosen)
			snprintf(out, size, "%s", p->items[i].key);
	p->data = NULL;
	return d;
}

static void
region_picked(struct tui *t, struct picker *p)
{
	char key[64] = "";
	struct new_lead *d = picked(p, key, sizeof key);

	snprintf(d->region, sizeof d->region, "%s", key);
	source_pick(t, d);
}

static int
region_item(const char *name, const char *country, int64_t leads,
    void *arg)
{
	char label[128];

	(void)leads;
	snprintf(label, sizeof label, "%-40.40s %s", name, country ? country :
	    "");
	return !picker_add(arg, label, name);
}

static void
region_pick(struct tui *t, struct new_lead *d)
{
	struct picker *p = picker_of(t, d, " Region of the new lead: ",
	    region_picked);
	struct err err = { 0 };

	int rc;

	if (p == NULL)
		return;
	/* A lead in no region is in no rep's fresh leads: last, not first. */
	if ((rc = store_region_list(t->st, region_item, p, &err)) == 0 &&
	    !picker_add(p, "(none)", ""))
		rc = err_set(&err, EX_OSERR, "out of memory");
	picker_show(t, p, rc, &err);
}

static void
source_picked(struct tui *t, struct picker *p)
{
	char key[64] = "";
	struct new_lead *d = picked(p, key, sizeof key);

	snprintf(d->source, sizeof d->source, "%s", key);
	value_ask(t, d);
}

static int
source_item(const struct choice *c, void *arg)
{
	return c->active ? !picker_add(arg, c->name, c->name) : 0;
}

static void
source_pick(struct tui *t, struct new_lead *d)
{
	struct picker *p = picker_of(t, d, " Where the lead came from: ",
	    source_picked);
	struct err err = { 0 };

	if (p != NULL)
		picker_show(t, p, !picker_add(p, "(none)", "") ? err_set(&err,
		    EX_OSERR, "out of memory") : store_choice_list(t->st,
		    LIST_SOURCE, source_item, p, &err), &err);
}

static void
value_ask(struct tui *t, struct new_lead *d)
{
	struct form *f = form_new("Deal value, e.g. 1234.50 (Enter skips):",
	    NULL);

	if (f == NULL) {
		free(d);
		form_open(t, NULL);
		return;
	}
	f->step = STEP_VALUE;
	f->data = d;
	f->submit = text_submit;
	form_open(t, f);
}

static void
owner_picked(struct tui *t, struct picker *p)
{
	char key[64] = "";
	struct new_lead *d = picked(p, key, sizeof key);

	snprintf(d->owner, sizeof d->owner, "%s", key);
	lead_add(t, d);
}

/* Team leads and admins give the lead an owner; a rep's is the rep's. */
static void
owner_pick(struct tui *t, struct new_lead *d)
{
	struct picker *p;
	struct err err = { 0 };

	if (perm_scope(t->who->role, ACT_LEAD_ASSIGN) == SCOPE_NONE) {
		lead_add(t, d);
		return;
	}
	if ((p = picker_of(t, d, " Owner of the new lead: ", owner_picked)) !=
	    NULL)
		picker_show(t, p, !picker_add(p, "nobody yet (a fresh lead)", "") ?
		    err_set(&err, EX_OSERR, "out of memory") :
		    store_assign_reps(t->st, t->who, picker_add_rep, p, &err),
		    &err);
}

/* Appends field=value to ch when value is set; 0, or -1 (said). */
static int
change_put(struct tui *t, struct lead_change *ch, size_t *n,
    const char *field, const char *value)
{
	struct err err = { 0 };

	if (value[0] == '\0')
		return 0;
	if (lead_change_parse(lead_field_find(field), value, t->now, &ch[*n],
	    &err) != 0) {
		tui_message(t, "The lead was not added: %s", err.msg);
		return -1;
	}
	(*n)++;
	return 0;
}

/*
 * A number the store found taken (by a lead the user cannot see): the
 * number is asked again, what was typed kept; takes d.
 */
static void
phone_again(struct tui *t, struct new_lead *d)
{
	struct form *f = form_new("Another phone (Esc drops the lead):",
	    d->phone);

	if (f == NULL) {
		free(d);
		form_open(t, NULL);
		return;
	}
	d->dup = 0;
	f->step = STEP_PHONE;
	f->data = d;
	f->submit = text_submit;
	f->preview = phone_preview;
	form_open(t, f);
}

/*
 * The store's refusal, without the command line's option; a taken
 * number is asked again (takes d: 1), else 0.
 */
static int
refusal_said(struct tui *t, const struct err *err, struct new_lead *d)
{
	const char *cut = strstr(err->msg, ", so nothing was added");

	if (cut == NULL) {
		tui_message(t, "The lead was not added: %s", err->msg);
		return 0;
	}
	tui_message(t, "Not added yet: %.*s.", (int)(cut - err->msg),
	    err->msg);
	phone_again(t, d);
	return 1;
}

/* Takes d. */
static void
lead_add(struct tui *t, struct new_lead *d)
{
	const char *fields[] = { "name", "phone", "country", "region",
	    "source", "value", "owner" };
	const char *values[] = { d->name, d->phone, d->country, d->region,
	    d->source, d->value, d->owner };
	struct lead_change ch[7];
	struct err err = { 0 };
	size_t i, n = 0;
	int64_t id;

	for (i = 0; i < 7; i++)
		if (change_put(t, ch, &n, fields[i], values[i]) != 0) {
			free(d);
			return;
		}
	if (store_lead_add(t->st, t->who, ch, n, &id, &err) != 0) {
		if (refusal_said(t, &err, d))
			return;
	} else {
		tui_lead_open(t, id);
		tui_message(t, "Added lead %lld, %s, %s.", (long long)id,
		    d->name, d->e164);
		tui_reload(t);
	}
	free(d);
}
