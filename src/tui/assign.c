/*
 * Marking and assigning, shared by every lead list: Space marks, * marks
 * all the list holds (V a range, 20* the next 20: see marks.c), then a
 * (to one rep), R (round-robin), S (split over picked reps), u
 * (unassign) or e (edit them: see bulk_edit.c). A confirmation line
 * says what will happen before anything is written; one transaction
 * does it.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/assign.h"
#include "callq/plural.h"
#include "callq/pool.h"
#include "form.h"

#define MARK_ALL_CAP 10000	/* marking more at once is a script's job */
#define MARK_PAGE 500

/* One assignment being set up: a single allocation, freed with its form. */
struct job {
	enum assign_method method;
	char               logins[ASSIGN_MAX_REPS][64];
	size_t             nlogins;
	char               plan[1024];
	size_t             n;
	int64_t            ids[];	/* the marked leads, or the selected */
};

static struct job *
job_new(struct tui *t, enum assign_method method, int64_t selected)
{
	size_t n = t->marks.n ? t->marks.n : 1;
	struct job *j;

	if (t->marks.n == 0 && selected == 0) {
		tui_message(t, "No lead to assign: Space marks leads, or move "
		    "to one.");
		return NULL;
	}
	if ((j = calloc(1, sizeof *j + n * sizeof j->ids[0])) == NULL) {
		tui_message(t, "out of memory: nothing was assigned");
		return NULL;
	}
	j->method = method;
	j->n = n;
	if (t->marks.n)
		memcpy(j->ids, t->marks.ids, n * sizeof j->ids[0]);
	else
		j->ids[0] = selected;
	return j;
}

static void
job_logins(const struct job *j, const char **out)
{
	size_t i;

	for (i = 0; i < j->nlogins; i++)
		out[i] = j->logins[i];
}

static int
confirm_submit(struct tui *t, struct form *f)
{
	struct job *j = f->data;
	const char *logins[ASSIGN_MAX_REPS];
	struct assign_plan *done = calloc(1, sizeof *done);
	struct err err = { 0 };
	char said[1024];

	if (done == NULL) {
		tui_message(t, "out of memory: nothing was assigned");
		return 0;
	}
	job_logins(j, logins);
	if (store_assign(t->st, t->who, j->ids, j->n, j->method, logins,
	    j->nlogins, done, &err) != 0)
		tui_message(t, "Not assigned: %s", err.msg);
	else {
		assign_plan_text(done, 1, said, sizeof said);
		tui_message(t, "%s.", said);
		marks_clear(t);
	}
	free(done);
	form_close(t);
	tui_reload(t);
	return 0;
}

static void
confirm_preview(struct tui *t, const struct form *f, char *buf, size_t size)
{
	const struct job *j = f->data;

	(void)t;
	snprintf(buf, size, "%s", j->plan);
}

/* Works out the plan and asks; takes j. */
static void
confirm_open(struct tui *t, struct job *j)
{
	const char *logins[ASSIGN_MAX_REPS];
	struct assign_plan *plan = calloc(1, sizeof *plan);
	struct err err = { 0 };
	struct form *f;

	job_logins(j, logins);
	if (plan == NULL || store_assign_plan(t->st, t->who, j->method, logins,
	    j->nlogins, j->n, plan, &err) != 0) {
		tui_message(t, "%s", plan ? err.msg : "out of memory");
		free(plan);
		free(j);
		return;
	}
	assign_plan_text(plan, 0, j->plan, sizeof j->plan);
	free(plan);
	if ((f = form_new("Enter does it, Esc cancels:", NULL)) == NULL) {
		free(j);
		form_open(t, NULL);
		return;
	}
	f->data = j;
	f->submit = confirm_submit;
	f->preview = confirm_preview;
	form_open(t, f);
}

static void
picked(struct tui *t, struct picker *p)
{
	struct job *j = p->data;
	int i;

	j->nlogins = 0;
	for (i = 0; i < p->n; i++)
		if (p->items[i].chosen && j->nlogins < ASSIGN_MAX_REPS)
			snprintf(j->logins[j->nlogins++], sizeof j->logins[0],
			    "%s", p->items[i].key);
	if (j->nlogins == 0) {
		tui_message(t, "No rep was picked: Space picks reps, then "
		    "Enter.");
		return;
	}
	p->data = NULL;		/* the confirmation has it now */
	confirm_open(t, j);
}

static int
rep_item(const struct assign_rep *r, void *arg)
{
	struct picker *p = arg;
	struct picker_item *it;
	const char *state = attendance_name(r->state);

	if ((it = picker_add(p, "", r->login)) == NULL)
		return 1;
	snprintf(it->label, sizeof it->label, "%-16s %-8s %-6s %5lld open",
	    r->login, role_name(r->role), state, (long long)r->open_leads);
	return 0;
}

/* The reps to pick from, with state and load; takes j. */
static void
reps_pick(struct tui *t, struct job *j, int multi)
{
	struct picker *p = calloc(1, sizeof *p);
	struct err err = { 0 };

	if (p == NULL) {
		free(j);
		tui_message(t, "out of memory: nothing was assigned");
		return;
	}
	snprintf(p->title, sizeof p->title, multi ? " Split %zu %s over: "
	    : " Assign %zu %s to: ", j->n, plural((long long)j->n, "lead",
	    "leads"));
	p->multi = multi;
	p->done = picked;
	p->data = j;
	if (store_assign_reps(t->st, t->who, rep_item, p, &err) != 0) {
		tui_message(t, "%s", err.msg);
		free(p->items);
		free(p);
		free(j);
		return;
	}
	if (p->n == 0) {
		tui_message(t, "There is no rep to give leads to in your team.");
		free(p);
		free(j);
		return;
	}
	picker_open(t, p);
}

struct marking {
	struct tui *t;
	int64_t     last;
	size_t      added, seen;
	int         full;
};

static int
mark_take(const struct lead *l, void *arg)
{
	struct marking *m = arg;

	m->last = l->id;
	m->seen++;
	if (marks_has(m->t, l->id))
		return 0;
	if (m->t->marks.n >= MARK_ALL_CAP || marks_add(m->t, l->id) != 0)
		return m->full = 1;
	m->added++;
	return 0;
}

static void
mark_all(struct tui *t, const struct pool_query *q)
{
	struct marking m = { t, 0, 0, 0, 0 };
	struct err err = { 0 };
	size_t before;

	do {
		before = m.seen;
		if (store_pool_walk(t->st, t->who, q, m.last, 0, MARK_PAGE,
		    mark_take, &m, &err) != 0) {
			tui_message(t, "%s", err.msg);
			return;
		}
	} while (!m.full && m.seen == before + MARK_PAGE);
	tui_message(t, "Marked %zu more: %zu marked%s.", m.added, t->marks.n,
	    m.full ? " (the most at once; assign these, then mark again)" : "");
}

int
assign_handle(struct tui *t, enum tui_action a, int64_t selected,
    const struct pool_query *q)
{
	struct job *j;

	if (marks_handle(t, a, selected, q))
		return 1;
	switch (a) {
	case TA_BULK_EDIT:
		bulk_edit_open(t, selected);
		return 1;
	case TA_MARK:
		if (selected != 0)
			marks_toggle(t, selected);
		tui_message(t, "%zu marked. a assigns, R round-robins, S "
		    "splits, u unassigns.", t->marks.n);
		return 1;
	case TA_MARK_ALL:
		mark_all(t, q);
		return 1;
	case TA_ASSIGN:
	case TA_SPLIT:
		if ((j = job_new(t, a == TA_SPLIT ? ASSIGN_SPLIT :
		    ASSIGN_MANUAL, selected)) != NULL)
			reps_pick(t, j, a == TA_SPLIT);
		return 1;
	case TA_ROUND_ROBIN:
	case TA_UNASSIGN:
		if ((j = job_new(t, a == TA_UNASSIGN ? ASSIGN_UNASSIGN :
		    ASSIGN_ROUND_ROBIN, selected)) != NULL)
			confirm_open(t, j);
		return 1;
	default:
		return 0;
	}
}
