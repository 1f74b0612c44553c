/*
 * e on marked leads: which field (status, stage, priority, source,
 * region, owner), then its value from a list, then a line saying what
 * will happen before Enter does it in one transaction. A lead refused
 * refuses them all, named; a hold by another user is offered to be
 * overridden, as one lead's edit offers it.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/assign.h"
#include "callq/bulk.h"
#include "callq/choice.h"
#include "callq/plural.h"
#include "callq/stage.h"
#include "callq/status.h"
#include "callq/user.h"
#include "form.h"

enum bulk_field { BF_STATUS, BF_STAGE, BF_PRIORITY, BF_SOURCE, BF_REGION,
	BF_OWNER, BF_COUNT };

/* The picker's words, and the lead field each sets (NULL: the stage). */
static const struct { const char *label, *field; } fields[BF_COUNT] = {
	[BF_STATUS] = { "Status", "status" },
	[BF_STAGE] = { "Stage", NULL },
	[BF_PRIORITY] = { "Priority", "priority" },
	[BF_SOURCE] = { "Source", "source" },
	[BF_REGION] = { "Region", "region" },
	[BF_OWNER] = { "Owner", "owner" },
};

/* One bulk edit being set up: a single allocation, freed with its form. */
struct bulk_job {
	enum bulk_field field;
	char            value[64];
	char            drop[64];	/* why, into Lost */
	char            interest[4];	/* how hot, into Interested */
	int             force;		/* the user chose to override holds */
	size_t          n;
	int64_t         ids[];
};

static void value_pick(struct tui *t, struct bulk_job *j);
static void drop_pick(struct tui *t, struct bulk_job *j);
static void interest_pick(struct tui *t, struct bulk_job *j);
static void confirm_open(struct tui *t, struct bulk_job *j);

/* A picker titled title, with j as its data; NULL (said) when out of memory. */
static struct picker *
picker_new(struct tui *t, struct bulk_job *j, const char *title,
    void (*done)(struct tui *, struct picker *))
{
	struct picker *p = calloc(1, sizeof *p);

	if (p == NULL) {
		free(j);
		tui_message(t, "out of memory: nothing was changed");
		return NULL;
	}
	snprintf(p->title, sizeof p->title, "%s", title);
	p->done = done;
	p->data = j;
	return p;
}

/* The item picked, and the job taken from the picker for the next step. */
static struct bulk_job *
picked(struct picker *p, const char **key)
{
	struct bulk_job *j = p->data;
	int i;

	*key = "";
	for (i = 0; i < p->n; i++)
		if (p->items[i].chosen)
			*key = p->items[i].key;
	p->data = NULL;
	return j;
}

static void
field_picked(struct tui *t, struct picker *p)
{
	const char *key;
	struct bulk_job *j = picked(p, &key);

	j->field = (enum bulk_field)atoi(key);
	value_pick(t, j);
}

/*
 * A stage's key says what entering it needs: "L" (lost: why), "I"
 * (Interested: how hot) or "-", then its name.
 */
static void
value_picked(struct tui *t, struct picker *p)
{
	const char *key;
	struct bulk_job *j = picked(p, &key);
	char needs = '-';

	if (j->field == BF_STAGE) {
		needs = key[0];
		snprintf(j->value, sizeof j->value, "%s", key[0] ? key + 1 :
		    "");
	} else {
		if (j->field == BF_STATUS && strcmp(key, "Lost") == 0)
			needs = 'L';
		if (j->field == BF_STATUS && strcmp(key, "Interested") == 0)
			needs = 'I';
		snprintf(j->value, sizeof j->value, "%s", key);
	}
	if (needs == 'L')
		drop_pick(t, j);
	else if (needs == 'I')
		interest_pick(t, j);
	else
		confirm_open(t, j);
}

static void
interest_picked(struct tui *t, struct picker *p)
{
	const char *key;
	struct bulk_job *j = picked(p, &key);

	snprintf(j->interest, sizeof j->interest, "%s", key);
	confirm_open(t, j);
}

/* Interested leads need a level; one for them all. */
static void
interest_pick(struct tui *t, struct bulk_job *j)
{
	static const char *const levels[] = { "5 (hot)", "4", "3", "2",
	    "1 (cold)" };
	struct picker *p = picker_new(t, j, " How interested are they? ",
	    interest_picked);
	char key[4];
	int i;

	for (i = 0; p != NULL && i < 5; i++) {
		snprintf(key, sizeof key, "%c", levels[i][0]);
		if (!picker_add(p, levels[i], key)) {
			tui_message(t, "out of memory: nothing was changed");
			free(p->items);
			free(p->data);
			free(p);
			return;
		}
	}
	if (p != NULL)
		picker_open(t, p);
}

static void
drop_picked(struct tui *t, struct picker *p)
{
	const char *key;
	struct bulk_job *j = picked(p, &key);

	snprintf(j->drop, sizeof j->drop, "%s", key);
	confirm_open(t, j);
}

static int
name_item(const char *name, void *arg)
{
	return !picker_add(arg, name, name);
}

static void
drop_pick(struct tui *t, struct bulk_job *j)
{
	struct picker *p = picker_new(t, j, " Why are they lost? ",
	    drop_picked);
	struct err err = { 0 };

	if (p != NULL && store_drop_reasons(t->st, name_item, p, &err) == 0)
		picker_open(t, p);
	else if (p != NULL) {
		tui_message(t, "%s", err.msg);
		free(p->items);
		free(p->data);
		free(p);
	}
}

static int
stage_item(const struct stage *s, void *arg)
{
	char key[64];

	snprintf(key, sizeof key, "%c%s", s->is_lost ? 'L' :
	    strcmp(s->status, "Interested") == 0 ? 'I' : '-', s->name);
	return !picker_add(arg, s->name, key);
}

static int
source_item(const struct choice *c, void *arg)
{
	return c->active ? !picker_add(arg, c->name, c->name) : 0;
}

static int
region_item(const char *name, const char *country, int64_t leads,
    void *arg)
{
	(void)country;
	(void)leads;
	return !picker_add(arg, name, name);
}

/* The values the field takes, as the settings list them. */
static int
values_fill(struct tui *t, struct bulk_job *j, struct picker *p,
    struct err *err)
{
	char n[12];
	int i;

	switch (j->field) {
	case BF_STATUS:
		for (i = 0; i < ST_COUNT; i++)
			if (!picker_add(p, status_name((enum status)i),
			    status_name((enum status)i)))
				return err_set(err, EX_OSERR, "out of memory");
		return 0;
	case BF_PRIORITY:
		for (i = 9; i >= 0; i--) {
			snprintf(n, sizeof n, "%d", i);
			if (!picker_add(p, i == 9 ? "9 (most urgent)" : n, n))
				return err_set(err, EX_OSERR, "out of memory");
		}
		return 0;
	case BF_STAGE:
		return store_stage_list(t->st, 0, stage_item, p, err);
	case BF_SOURCE:
		return store_choice_list(t->st, LIST_SOURCE, source_item, p,
		    err);
	case BF_REGION:
		return store_region_list(t->st, region_item, p, err);
	default:
		if (!picker_add(p, "none (unassign them)", "none"))
			return err_set(err, EX_OSERR, "out of memory");
		return store_assign_reps(t->st, t->who, picker_add_rep, p, err);
	}
}

static void
value_pick(struct tui *t, struct bulk_job *j)
{
	struct picker *p;
	struct err err = { 0 };
	char title[160];

	snprintf(title, sizeof title, " %s of the %zu %s: ",
	    fields[j->field].label, j->n, plural((long long)j->n, "lead",
	    "leads"));
	if ((p = picker_new(t, j, title, value_picked)) == NULL)
		return;
	if (values_fill(t, j, p, &err) != 0 || p->n == 0) {
		tui_message(t, "%s", err.msg[0] ? err.msg : "There is nothing "
		    "to pick from; the settings list is empty.");
		free(p->items);
		free(p->data);
		free(p);
		return;
	}
	picker_open(t, p);
}

/* Runs the edit; on a hold, offers to override it (the form stays). */
static int
confirm_submit(struct tui *t, struct form *f)
{
	struct bulk_job *j = f->data;
	struct lead_change ch[3];
	struct bulk_edit e = { ch, 0, NULL };
	struct actor who = *t->who;
	struct err err = { 0 };
	char *cli;
	int rc = 0;

	if (fields[j->field].field == NULL)
		e.stage = j->value;
	else
		rc = lead_change_parse(lead_field_find(fields[j->field].field),
		    j->value, t->now, &ch[e.nchanges++], &err);
	if (rc == 0 && j->drop[0] != '\0')
		rc = lead_change_parse(lead_field_find("drop-reason"), j->drop,
		    t->now, &ch[e.nchanges++], &err);
	if (rc == 0 && j->interest[0] != '\0')
		rc = lead_change_parse(lead_field_find("interest"), j->interest,
		    t->now, &ch[e.nchanges++], &err);
	if (j->force)
		who.overrides |= ACTOR_FORCE;
	if (rc == 0)
		rc = store_bulk_edit(t->st, &who, j->ids, j->n, &e, &err);
	if (rc == EX_TEMPFAIL && !j->force && tui_may_override(t)) {
		j->force = 1;
		snprintf(f->label, sizeof f->label, "Enter overrides the hold "
		    "(its holder is told), Esc cancels:");
		/* The command line's way to override is not this screen's. */
		if ((cli = strstr(err.msg, ", or add --force")) != NULL)
			*cli = '\0';
		tui_message(t, "%s.", err.msg);
		return 1;
	}
	if (rc != 0) {
		tui_message(t, "Nothing was changed: %s", err.msg);
		return 0;
	}
	tui_message(t, "%s set to %s on %zu %s.", fields[j->field].label,
	    j->value, j->n, plural((long long)j->n, "lead", "leads"));
	marks_clear(t);
	tui_reload(t);
	return 0;
}

static void
confirm_preview(struct tui *t, const struct form *f, char *buf, size_t size)
{
	const struct bulk_job *j = f->data;

	(void)t;
	snprintf(buf, size, "Set %s to %s%s%s%s%s%s on %zu %s, one audit "
	    "row each.", fields[j->field].label, j->value, j->drop[0] ?
	    " (why: " : "", j->drop, j->interest[0] ? " (interest " : "",
	    j->interest, j->drop[0] || j->interest[0] ? ")" : "", j->n,
	    plural((long long)j->n, "lead", "leads"));
}

/* Takes j. */
static void
confirm_open(struct tui *t, struct bulk_job *j)
{
	struct form *f = form_new("Enter does it, Esc cancels:", NULL);

	if (f == NULL) {
		free(j);
		form_open(t, NULL);
		return;
	}
	f->data = j;
	f->submit = confirm_submit;
	f->preview = confirm_preview;
	form_open(t, f);
}

void
bulk_edit_open(struct tui *t, int64_t selected)
{
	size_t n = t->marks.n ? t->marks.n : 1;
	struct bulk_job *j;
	struct picker *p;
	char title[160], key[12];
	int i;

	if (t->marks.n == 0 && selected == 0) {
		tui_message(t, "No lead to edit: Space, V or a count and * "
		    "mark leads.");
		return;
	}
	if (n > BULK_MAX) {
		tui_message(t, "%zu leads are marked; edit at most %d at once.",
		    n, BULK_MAX);
		return;
	}
	if ((j = calloc(1, sizeof *j + n * sizeof j->ids[0])) == NULL) {
		tui_message(t, "out of memory: nothing was changed");
		return;
	}
	j->n = n;
	if (t->marks.n)
		memcpy(j->ids, t->marks.ids, n * sizeof j->ids[0]);
	else
		j->ids[0] = selected;
	snprintf(title, sizeof title, " Edit %zu %s: which field? ", n,
	    plural((long long)n, "lead", "leads"));
	if ((p = picker_new(t, j, title, field_picked)) == NULL)
		return;
	for (i = 0; i < BF_COUNT; i++) {
		snprintf(key, sizeof key, "%d", i);
		if (!picker_add(p, fields[i].label, key)) {
			free(p->items);
			free(p->data);
			free(p);
			tui_message(t, "out of memory: nothing was changed");
			return;
		}
	}
	picker_open(t, p);
}
