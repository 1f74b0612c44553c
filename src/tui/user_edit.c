/*
 * The Users pane's forms of more than one line: adding a user (login,
 * name, role, team, regions, phone, e-mail), a user's regions picked from the
 * region list, and deactivating or reactivating a user.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/phone.h"
#include "callq/text.h"
#include "callq/user.h"
#include "form.h"
#include "users.h"

enum add_step { ADD_LOGIN, ADD_NAME, ADD_ROLE, ADD_TEAM, ADD_REGIONS,
	ADD_PHONE, ADD_EMAIL };

const char user_role_choices[] =
    "Role:  1 admin  2 lead  3 rep  4 analyst  5 recovery";

/* The user being added, step by step. */
struct user_draft {
	char      login[64], name[64], team[64], phone[64];
	char      regions[1024];	/* "East,West"; "" for every region */
	char      shown[1024];		/* "East, West", as the form says it */
	enum role role;
};

/* A region picker: whose regions, and which each had when it opened. */
struct region_pick {
	char          login[64];
	unsigned char had[];
};

struct region_list {
	struct picker *p;
	int            oom;
};

static int
region_item(const char *name, int has, void *arg)
{
	struct region_list *l = arg;
	struct picker *p = l->p;
	struct picker_item *v;

	if ((v = picker_add(p, name, "")) == NULL) {
		l->oom = 1;
		return 1;
	}
	v->chosen = has;
	return 0;
}

static void
picker_free(struct picker *p)
{
	free(p->items);
	free(p->data);
	free(p);
}

/*
 * A multi-pick of every region, those login works chosen ("" for a user
 * not added yet); NULL (said) when it cannot be read. n is 0 when there
 * is no region at all.
 */
static struct picker *
regions_picker(struct tui *t, const char *login, const char *title,
    void (*done)(struct tui *, struct picker *))
{
	struct picker *p = calloc(1, sizeof *p);
	struct region_list l = { p, 0 };
	struct region_pick *rp = NULL;
	struct err err = { 0 };
	int i, rc;

	if (p == NULL) {
		tui_message(t, "out of memory: nothing was changed");
		return NULL;
	}
	rc = store_user_region_each(t->st, login, region_item, &l, &err);
	if (rc == 0 && !l.oom)
		rp = calloc(1, sizeof *rp + (size_t)p->n);
	if (rp == NULL) {
		tui_message(t, "%s", rc != 0 ? err.msg :
		    "out of memory: nothing was changed");
		picker_free(p);
		return NULL;
	}
	snprintf(rp->login, sizeof rp->login, "%s", login);
	for (i = 0; i < p->n; i++)
		rp->had[i] = (unsigned char)p->items[i].chosen;
	snprintf(p->title, sizeof p->title, "%s", title);
	p->multi = 1;
	p->done = done;
	p->data = rp;
	return p;
}

/* The picked regions' names joined by sep into buf; 0, or -1 cut. */
static int
picked_join(const struct picker *p, const char *sep, char *buf, size_t size)
{
	size_t len = 0;
	int i, n;

	buf[0] = '\0';
	for (i = 0; i < p->n; i++) {
		if (!p->items[i].chosen)
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? sep : "",
		    p->items[i].label);
		if (n < 0 || (size_t)n >= size - len)
			return -1;
		len += (size_t)n;
	}
	return 0;
}

/* Enter in the regions of a user: what changed goes to the store. */
static void
regions_edited(struct tui *t, struct picker *p)
{
	const struct region_pick *rp = p->data;
	const char **add = calloc((size_t)p->n + 1, sizeof *add);
	const char **drop = calloc((size_t)p->n + 1, sizeof *drop);
	struct err err = { 0 };
	char now[200], said[256];
	int i, nadd = 0, ndrop = 0, rc;

	if (add == NULL || drop == NULL) {
		tui_message(t, "out of memory: nothing was changed");
		free(add), free(drop);
		return;
	}
	for (i = 0; i < p->n; i++)
		if (p->items[i].chosen && !rp->had[i])
			add[nadd++] = p->items[i].label;
		else if (!p->items[i].chosen && rp->had[i])
			drop[ndrop++] = p->items[i].label;
	if (nadd + ndrop == 0)
		tui_message(t, "Nothing was changed: %s's regions are as they "
		    "were.", rp->login);
	else {
		rc = store_user_regions(t->st, t->who, rp->login, add, nadd,
		    drop, ndrop, &err);
		if (picked_join(p, ", ", now, sizeof now) != 0)
			snprintf(now, sizeof now, "the regions picked");
		snprintf(said, sizeof said, now[0] ? "%s works %s." : "%s has "
		    "no regions now, so works every region.", rp->login, now);
		tui_outcome(t, rc, &err, said);
	}
	free(add);
	free(drop);
}

void
user_regions_open(struct tui *t, const char *login)
{
	char title[160];
	struct picker *p;

	snprintf(title, sizeof title, " Regions of %s (none picked: every "
	    "region) ", login);
	if ((p = regions_picker(t, login, title, regions_edited)) == NULL)
		return;
	if (p->n == 0) {
		tui_message(t, "There is no region yet; add one with: callq "
		    "region add NAME");
		picker_free(p);
		return;
	}
	picker_open(t, p);
}

static void
phone_step(struct form *f)
{
	form_step(f, ADD_PHONE, "Phone in international form (Enter for "
	    "none):", NULL);
}

/* Enter in the add form's region list: on to the phone. */
static void
regions_taken(struct tui *t, struct picker *p)
{
	struct form *f = t->form;
	struct user_draft *d;

	if (f == NULL || f->step != ADD_REGIONS)
		return;
	d = f->data;
	if (picked_join(p, ",", d->regions, sizeof d->regions) != 0 ||
	    picked_join(p, ", ", d->shown, sizeof d->shown) != 0) {
		form_refuse(f, "Too many regions to keep; pick fewer (Enter "
		    "opens the list again).");
		return;
	}
	phone_step(f);
}

/* The add form's region step: the list over it, or on when none exist. */
static void
regions_step(struct tui *t, struct form *f)
{
	struct user_draft *d = f->data;
	struct picker *p;

	form_step(f, ADD_REGIONS, "Regions: Enter opens the list again, Esc "
	    "drops the new user:", NULL);
	p = regions_picker(t, "", " Regions of the new user (none picked: "
	    "every region) ", regions_taken);
	if (p != NULL && p->n == 0) {
		d->regions[0] = d->shown[0] = '\0';
		picker_free(p);
		phone_step(f);
	} else if (p != NULL)
		picker_open(t, p);
}

/* What the steps so far came to, under the phone's line. */
static void
add_preview(struct tui *t, const struct form *f, char *buf, size_t size)
{
	const struct user_draft *d = f->data;

	(void)t;
	buf[0] = '\0';
	if (f->step == ADD_PHONE || f->step == ADD_EMAIL)
		snprintf(buf, size, "%s, %s%s%s; regions: %s", d->login,
		    role_name(d->role), d->team[0] ? ", team " : "", d->team,
		    d->shown[0] ? d->shown : "none picked, so every region");
}

/* The phone step: a number the store would refuse is refused here. */
static int
add_phone(struct form *f, const char *text)
{
	struct user_draft *d = f->data;
	struct phone ph;

	if (text[0] != '\0' && (phone_parse(text, NULL, &ph) != PHONE_OK ||
	    !ph.valid))
		return form_refuse(f, "'%s' is not a valid phone number; give "
		    "it in international form, e.g. +14155550100", text);
	snprintf(d->phone, sizeof d->phone, "%.63s", text);
	form_step(f, ADD_EMAIL, "E-mail for the daily digest (Enter for "
	    "none):", NULL);
	return 1;
}

static int
add_finish(struct tui *t, struct form *f, const char *email)
{
	struct user_draft *d = f->data;
	struct user_spec spec = { d->login, d->name[0] ? d->name : d->login,
	    d->role, d->team[0] ? d->team : NULL, d->phone[0] ? d->phone :
	    NULL, NULL, d->regions[0] ? d->regions : NULL, email[0] ? email :
	    NULL };
	struct err err = { 0 };
	char said[160];
	int64_t id;
	int rc;

	rc = store_user_add(t->st, t->who, &spec, &id, &err);
	snprintf(said, sizeof said, "Added %s as %s%s.", d->login,
	    role_title(d->role), d->regions[0] ? "" : ", working every region");
	return form_outcome(t, f, rc, &err, said);
}

static void
add_role(struct tui *t, struct form *f, int digit)
{
	struct user_draft *d = f->data;

	if (digit < 1 || digit > ROLE_COUNT) {
		tui_message(t, "Pick a role 1-5, or Esc.");
		return;
	}
	d->role = (enum role)(digit - 1);
	form_step(f, ADD_TEAM, "Team (Enter for none; a new name makes the "
	    "team):", NULL);
}

static int
add_submit(struct tui *t, struct form *f)
{
	struct user_draft *d = f->data;
	struct err err = { 0 };
	char text[256];

	text_trim(f->text, text, sizeof text);
	if (f->step < ADD_PHONE && strlen(text) >= sizeof d->login)
		return form_refuse(f, "That is longer than %zu characters.",
		    sizeof d->login - 1);
	switch (f->step) {
	case ADD_LOGIN:
		if (text[0] == '\0')
			return form_refuse(f, "Type the user's Unix login, or "
			    "Esc.");
		if (store_user_login_check(t->st, text, &err) != 0)
			return form_refuse(f, "%s", err.msg);
		snprintf(d->login, sizeof d->login, "%.63s", text);
		form_step(f, ADD_NAME, "Full name (Enter: the login):", NULL);
		return 1;
	case ADD_NAME:
		snprintf(d->name, sizeof d->name, "%.63s", text);
		form_step(f, ADD_ROLE, "Role of the new user:", user_role_choices);
		return 1;
	case ADD_TEAM:
		snprintf(d->team, sizeof d->team, "%.63s", text);
		regions_step(t, f);
		return 1;
	case ADD_REGIONS:
		regions_step(t, f);
		return 1;
	case ADD_PHONE:
		return add_phone(f, text);
	default:
		return add_finish(t, f, text);
	}
}

void
user_add_open(struct tui *t)
{
	struct form *f = form_new("Unix login of the new user:", NULL);

	if (f == NULL || (f->data = calloc(1, sizeof(struct user_draft))) ==
	    NULL) {
		free(f);
		form_open(t, NULL);
		return;
	}
	f->pick = add_role;
	f->submit = add_submit;
	f->preview = add_preview;
	form_open(t, f);
}

/* Enter on the confirmation: the login and what it becomes in f->data. */
static int
active_submit(struct tui *t, struct form *f)
{
	const char *login = f->data;
	struct err err = { 0 };
	char said[160];
	int rc;

	if (f->field) {
		rc = store_user_activate(t->st, t->who, login, &err);
		snprintf(said, sizeof said, "%s can use callq again.", login);
	} else {
		rc = store_user_deactivate(t->st, t->who, login, &err);
		snprintf(said, sizeof said, "%s can no longer use callq; their "
		    "history stays, and x reactivates them.", login);
	}
	tui_outcome(t, rc, &err, said);
	return 0;
}

void
user_active_ask(struct tui *t, const char *login, int active)
{
	char label[160];
	struct form *f;

	snprintf(label, sizeof label, active ? "Deactivate %s? Enter does, "
	    "Esc keeps them:" : "Reactivate %s (inactive now)? Enter does, "
	    "Esc leaves them out:", login);
	if ((f = form_new(label, NULL)) == NULL ||
	    (f->data = strdup(login)) == NULL) {
		free(f);
		form_open(t, NULL);
		return;
	}
	f->field = !active;
	f->submit = active_submit;
	form_open(t, f);
}
