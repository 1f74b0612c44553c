/*
 * Collections: the deals that owe money, most urgent first (broken
 * promises, overdue installments oldest first, due today, promises due
 * today), as store_collect_queue orders them. A recovery agent works
 * their own from here: Enter opens the lead, c calls, l logs the call's
 * outcome with its payment or promise. Team leads and admins see who
 * chases which deal and give deals out with Space, a, R and S.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/collect.h"
#include "callq/hours.h"
#include "callq/payment.h"
#include "callq/plural.h"
#include "callq/user.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "list.h"

#define MAX_ROWS 1000	/* a floor's collections; more is a report's job */
#define MAX_METHODS 9	/* one digit each; 0 is "not said" */

struct col_row {
	int64_t deal_id, lead_id;
	char    name[160];
	char    collector[64];
	char    zones[128];
	char    country[4];
	char    currency[8];
	char    since[DAY_SIZE];
	enum collect_why why;
	int     days_late, seq, ninst;
	int64_t due, balance, promise;
};

struct col_pane {
	struct col_row rows[MAX_ROWS];
	int            n, broken;
	int64_t        due;
	struct list    list;
	/*
	 * The deals Space marked: the pane's own, since the floor's marks
	 * hold lead ids, and a lead marked in the pools must never be taken
	 * for the deal that happens to have its number.
	 */
	int64_t        marked[MAX_ROWS];
	int            nmarked;
	char           error[sizeof ((struct err *)0)->msg];
};

static const struct keybind collect_keys[] = {
	NAV_KEYS,
	{ '\r', "Enter", TA_OPEN, "Open the deal's lead", "Open" },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
	{ 'c', "c", TA_CALL, "Call the customer: your phone rings, then "
	  "theirs", "Call" },
	{ 'l', "l", TA_LOG, "Log the collection call: 1-6 its outcome, then "
	  "the payment or the promise", "Log" },
	{ ' ', "Space", TA_MARK, "Mark or unmark the deal, and go on",
	  "Mark" },
	{ 'a', "a", TA_ASSIGN, "Give the marked deals (or this one) to a "
	  "recovery agent", "Assign" },
	{ 'R', "R", TA_ROUND_ROBIN, "Round-robin them over the recovery "
	  "agents", NULL },
	{ 'S', "S", TA_SPLIT, "Split them evenly by what each agent holds",
	  NULL },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static struct col_pane *
pane_of(struct tui *t)
{
	return t->panes[PANE_COLLECT].data;
}

static int
deal_marked(const struct col_pane *p, int64_t deal)
{
	int i;

	for (i = 0; i < p->nmarked; i++)
		if (p->marked[i] == deal)
			return 1;
	return 0;
}

static void
deal_mark_toggle(struct col_pane *p, int64_t deal)
{
	int i;

	for (i = 0; i < p->nmarked; i++)
		if (p->marked[i] == deal) {
			p->marked[i] = p->marked[--p->nmarked];
			return;
		}
	if (p->nmarked < MAX_ROWS)
		p->marked[p->nmarked++] = deal;
}

static const struct col_row *
row_selected(struct col_pane *p)
{
	return p->n > 0 ? &p->rows[p->list.sel] : NULL;
}

static int
row_take(const struct collect_item *it, void *arg)
{
	struct col_pane *p = arg;
	struct col_row *r;

	if (p->n == MAX_ROWS)
		return 1;
	r = &p->rows[p->n++];
	r->deal_id = it->deal_id;
	r->lead_id = it->lead_id;
	snprintf(r->name, sizeof r->name, "%s", it->lead_name);
	snprintf(r->collector, sizeof r->collector, "%s", it->collector);
	snprintf(r->zones, sizeof r->zones, "%s", it->timezone);
	snprintf(r->country, sizeof r->country, "%s", it->country);
	snprintf(r->currency, sizeof r->currency, "%s", it->currency);
	snprintf(r->since, sizeof r->since, "%s", it->since);
	r->why = it->why;
	r->days_late = it->days_late;
	r->seq = it->seq;
	r->ninst = it->ninstallments;
	r->due = it->due_cents;
	r->balance = it->balance_cents;
	r->promise = it->promise_cents;
	p->broken += it->why == WHY_BROKEN;
	p->due += it->due_cents;
	return 0;
}

static void
collect_reload(struct view *v)
{
	struct col_pane *p = v->data;
	struct collect_filter f = { NULL, MAX_ROWS, 0 };
	struct err err = { 0 };
	/* The cursor stays on its deal; a deal that left, on its place. */
	int64_t id = p->n > 0 ? p->rows[p->list.sel].deal_id : 0;
	int i, was = p->list.sel;

	p->n = p->broken = 0;
	p->due = 0;
	p->error[0] = '\0';
	if (store_collect_queue(v->tui->st, v->tui->who, &f, row_take, p,
	    &err) != 0)
		snprintf(p->error, sizeof p->error, "%s", err.msg);
	p->list.sel = was;
	for (i = 0; i < p->n; i++)
		if (p->rows[i].deal_id == id)
			p->list.sel = i;
	list_fit(&p->list, p->n);
}

/*
 * The deals an assignment is about: those marked here, else the current;
 * out (NULL: only counted) has room for MAX_ROWS.
 */
static size_t
deals_picked(struct tui *t, int64_t *out)
{
	struct col_pane *p = pane_of(t);
	const struct col_row *r = row_selected(p);
	size_t n = 0;
	int i;

	for (i = 0; i < p->n; i++) {
		if (!deal_marked(p, p->rows[i].deal_id))
			continue;
		if (out != NULL)
			out[n] = p->rows[i].deal_id;
		n++;
	}
	if (n == 0 && r != NULL) {
		if (out != NULL)
			out[0] = r->deal_id;
		n = 1;
	}
	return n;
}

static void
assign_done(struct tui *t, int rc, const struct err *err, int changed,
    const char *to)
{
	if (rc != 0) {
		tui_message(t, "Not assigned: %s", err->msg);
		return;
	}
	pane_of(t)->nmarked = 0;
	tui_message(t, "%d %s given%s.", changed, plural(changed, "deal",
	    "deals"), to);
	tui_reload(t);
}

static void
agent_picked(struct tui *t, struct picker *pk)
{
	int64_t *ids = malloc(MAX_ROWS * sizeof *ids);
	struct err err = { 0 };
	char to[96];
	size_t n;
	int changed = 0, rc;

	if (ids == NULL) {
		tui_message(t, "out of memory: nothing was assigned");
		return;
	}
	n = deals_picked(t, ids);
	rc = store_collect_assign(t->st, t->who, ids, n, pk->items[pk->sel].key,
	    &changed, &err);
	snprintf(to, sizeof to, " to %s", pk->items[pk->sel].key);
	assign_done(t, rc, &err, changed, to);
	free(ids);
}

static int
agent_take(const struct user *u, void *arg)
{
	struct picker *pk = arg;
	struct picker_item *it;

	if (u->role != ROLE_RECOVERY || !u->active)
		return 0;
	if ((it = picker_add(pk, "", u->login)) == NULL)
		return 1;
	snprintf(it->label, sizeof it->label, "%-16s %-24.24s %s", u->login,
	    u->name, u->team);
	return 0;
}

static void
agents_pick(struct tui *t)
{
	size_t n = deals_picked(t, NULL);
	struct err err = { 0 };
	struct picker *pk;

	if (n == 0) {
		tui_message(t, "No deal to assign: there is none in the list.");
		return;
	}
	if ((pk = calloc(1, sizeof *pk)) == NULL) {
		tui_message(t, "out of memory: nothing was assigned");
		return;
	}
	snprintf(pk->title, sizeof pk->title, " Give %zu %s to: ", n,
	    plural((long long)n, "deal", "deals"));
	pk->done = agent_picked;
	if (store_user_list(t->st, agent_take, pk, &err) != 0 || pk->n == 0) {
		tui_message(t, "%s", pk->n == 0 && err.msg[0] == '\0' ?
		    "There is no active recovery agent to give deals to." :
		    err.msg);
		free(pk->items);
		free(pk);
		return;
	}
	picker_open(t, pk);
}

static int
spread_submit(struct tui *t, struct form *f)
{
	int64_t *ids = malloc(MAX_ROWS * sizeof *ids);
	enum collect_spread how = (enum collect_spread)f->field;
	struct err err = { 0 };
	size_t n;
	int changed = 0, rc;

	if (ids == NULL) {
		tui_message(t, "out of memory: nothing was assigned");
		return 0;
	}
	n = deals_picked(t, ids);
	rc = store_collect_spread(t->st, t->who, ids, n, how, &changed, &err);
	free(ids);
	assign_done(t, rc, &err, changed, how == SPREAD_SPLIT ?
	    " out, split by load" : " out round-robin");
	return 0;
}

static void
spread_ask(struct tui *t, enum collect_spread how)
{
	size_t n = deals_picked(t, NULL);
	char label[160];
	struct form *f;

	if (n == 0) {
		tui_message(t, "No deal to spread: there is none in the list.");
		return;
	}
	snprintf(label, sizeof label, "%s %zu %s over the recovery agents: "
	    "Enter does it, Esc cancels:", how == SPREAD_SPLIT ? "Split" :
	    "Round-robin", n, plural((long long)n, "deal", "deals"));
	if ((f = form_new(label, NULL)) != NULL) {
		f->field = (int)how;
		f->submit = spread_submit;
	}
	form_open(t, f);
}

/* The quick-log of a collection call, a step at a time. */
enum { CL_OUTCOME, CL_AMOUNT, CL_DAY, CL_METHOD, CL_REFERENCE, CL_NOTE };

struct cl_form {
	int64_t      deal, lead, due;
	enum outcome outcome;
	int64_t      amount;
	char         day[DAY_SIZE];
	char         method[64];
	char         reference[128];
	char         methods[MAX_METHODS][64];
	int          nmethods;
};

static void
outcomes_text(char *buf, size_t size)
{
	size_t len;
	int o;

	snprintf(buf, size, "Outcome:");
	for (o = 0; o < OUT_COUNT; o++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "  %d %s", o + 1,
		    outcome_title((enum outcome)o));
	}
}

static int
cl_save(struct tui *t, struct form *f, const char *note)
{
	struct cl_form *c = f->data;
	struct collect_log log = { c->deal, c->outcome, c->amount, "",
	    c->method[0] ? c->method : NULL, c->reference[0] ? c->reference :
	    NULL, note[0] ? note : NULL, 0, 0, 0 };
	struct collect_result res;
	struct err err = { 0 };
	char said[256], amount[32], owes[32];
	int rc;

	snprintf(log.day, sizeof log.day, "%s", c->day);
	memset(&res, 0, sizeof res);
	rc = store_collect_log(t->st, tui_actor(t, c->lead), &log, &res, &err);
	money_format(c->amount, amount, sizeof amount);
	money_format(res.balance_cents, owes, sizeof owes);
	if (outcome_takes_promise(c->outcome))
		snprintf(said, sizeof said, "%s %s on %s recorded; owes %s.",
		    outcome_title(c->outcome), amount, c->day, owes);
	else if (outcome_takes_payment(c->outcome) && c->amount > 0)
		snprintf(said, sizeof said, "%s %s recorded; owes %s.",
		    outcome_title(c->outcome), amount, owes);
	else if (outcome_takes_payment(c->outcome))
		snprintf(said, sizeof said, "%s recorded; owes %s.",
		    outcome_title(c->outcome), owes);
	else
		snprintf(said, sizeof said, "%s logged.",
		    outcome_title(c->outcome));
	if (rc == 0 && res.broken > 0) {
		size_t len = strlen(said);

		snprintf(said + len, sizeof said - len, " %d past-due %s "
		    "marked broken.", res.broken, plural(res.broken, "promise",
		    "promises"));
	}
	return form_outcome(t, f, rc, &err, said);
}

/* After the outcome: what it needs asked first. */
static void
cl_first_step(struct form *f)
{
	struct cl_form *c = f->data;
	char label[160], due[32];

	money_format(c->due, due, sizeof due);
	if (outcome_takes_promise(c->outcome)) {
		snprintf(label, sizeof label, "%s: amount promised (due now "
		    "%s):", outcome_title(c->outcome), due);
		form_step(f, CL_AMOUNT, label, NULL);
	} else if (outcome_takes_payment(c->outcome)) {
		snprintf(label, sizeof label, "%s: amount paid (due now %s):",
		    outcome_title(c->outcome), due);
		form_step(f, CL_AMOUNT, label, NULL);
		if (c->outcome == OUT_PAID)
			snprintf(f->text, sizeof f->text, "%s", due);
	} else {
		snprintf(label, sizeof label, "%s: note (Enter skips):",
		    outcome_title(c->outcome));
		form_step(f, CL_NOTE, label, NULL);
	}
}

static int
method_take(const char *name, void *arg)
{
	struct cl_form *c = arg;

	if (c->nmethods == MAX_METHODS)
		return 1;
	snprintf(c->methods[c->nmethods++], sizeof c->methods[0], "%s", name);
	return 0;
}

static void
step_reference(struct form *f)
{
	form_step(f, CL_REFERENCE, "Reference (receipt, transfer ID; Enter "
	    "skips):", NULL);
}

/* The payment methods by digit, as the payment form offers them. */
static void
step_method(struct form *f)
{
	struct cl_form *c = f->data;
	size_t len;
	int i;

	if (c->nmethods == 0) {
		step_reference(f);
		return;
	}
	form_step(f, CL_METHOD, "Paid by (a digit; Enter: not said):", "");
	for (i = 0; i < c->nmethods; i++) {
		len = strlen(f->choices);
		snprintf(f->choices + len, sizeof f->choices - len, "%s%d %s",
		    i > 0 ? "  " : "", i + 1, c->methods[i]);
	}
	len = strlen(f->choices);
	snprintf(f->choices + len, sizeof f->choices - len, "  0 not said");
}

static void
cl_pick(struct tui *t, struct form *f, int digit)
{
	struct cl_form *c = f->data;

	if (f->step == CL_METHOD && digit > c->nmethods) {
		tui_message(t, "No method has the number %d.", digit);
		return;
	}
	if (f->step == CL_METHOD) {
		snprintf(c->method, sizeof c->method, "%s", digit > 0 ?
		    c->methods[digit - 1] : "");
		step_reference(f);
		return;
	}
	if (f->step != CL_OUTCOME)
		return;
	if (digit < 1 || digit > OUT_COUNT) {
		tui_message(t, "No outcome has the key %d: pick 1 to %d.",
		    digit, OUT_COUNT);
		return;
	}
	c->outcome = (enum outcome)(digit - 1);
	cl_first_step(f);
}

static int
cl_amount(struct form *f)
{
	struct cl_form *c = f->data;

	if (money_parse(f->text, &c->amount) != 0)
		return form_refuse(f, "\"%.40s\" is not an amount: type one "
		    "like 1,200.00.", f->text);
	if (outcome_takes_promise(c->outcome)) {
		form_step(f, CL_DAY, "Promised for which day (YYYY-MM-DD, "
		    "tomorrow, +7d):", NULL);
		return 1;
	}
	form_step(f, CL_DAY, "Paid on (YYYY-MM-DD, yesterday; Enter: "
	    "today):", NULL);
	snprintf(f->text, sizeof f->text, "today");
	return 1;
}

static int
cl_day(struct tui *t, struct form *f)
{
	struct cl_form *c = f->data;

	if (day_parse(f->text[0] ? f->text : "today", t->now, c->day) != 0)
		return form_refuse(f, "\"%.40s\" is not a day: type one like "
		    "2026-12-24, tomorrow or +7d.", f->text);
	if (outcome_takes_promise(c->outcome))
		return cl_save(t, f, "");
	step_method(f);
	return 1;
}

static int
cl_submit(struct tui *t, struct form *f)
{
	struct cl_form *c = f->data;

	switch (f->step) {
	case CL_OUTCOME:
		return form_refuse(f, "Pick the outcome with its digit, 1 to "
		    "%d.", OUT_COUNT);
	case CL_AMOUNT:
		return cl_amount(f);
	case CL_DAY:
		return cl_day(t, f);
	case CL_METHOD:
		c->method[0] = '\0';
		step_reference(f);
		return 1;
	case CL_REFERENCE:
		snprintf(c->reference, sizeof c->reference, "%.*s",
		    (int)sizeof c->reference - 1, f->text);
		return cl_save(t, f, "");
	default:
		return cl_save(t, f, f->text);
	}
}

static void
cl_open(struct tui *t, const struct col_row *r)
{
	struct err err = { 0 };
	struct cl_form *c;
	struct form *f;

	/* Logging the call ends it; one still being placed is not logged. */
	if (dialing_end(t, r->lead_id) < 0)
		return;
	if ((c = calloc(1, sizeof *c)) == NULL ||
	    (f = form_new("Collection call (Esc cancels):", NULL)) == NULL) {
		free(c);
		form_open(t, NULL);
		return;
	}
	/* Without the list, a payment is recorded with no method. */
	if (store_payment_methods(t->st, method_take, c, &err) != 0)
		c->nmethods = 0;
	c->deal = r->deal_id;
	c->lead = r->lead_id;
	c->due = r->due;
	f->id = r->deal_id;
	f->data = c;
	f->pick = cl_pick;
	f->submit = cl_submit;
	outcomes_text(f->choices, sizeof f->choices);
	form_open(t, f);
}

static int
collect_handle(struct view *v, enum tui_action a)
{
	struct col_pane *p = v->data;
	const struct col_row *r = row_selected(p);

	if (list_handle(&p->list, p->n, a))
		return 1;
	switch (a) {
	case TA_OPEN:
		if (r != NULL)
			tui_lead_open(v->tui, r->lead_id);
		break;
	case TA_CALL:
		/* The lead opens first: its page shows the call. */
		if (r != NULL && tui_lead_open(v->tui, r->lead_id) == 0)
			dialing_start(v->tui, v->tui->lead_id);
		break;
	case TA_LOG:
		if (r != NULL)
			cl_open(v->tui, r);
		break;
	case TA_MARK:
		if (r != NULL) {
			deal_mark_toggle(p, r->deal_id);
			list_handle(&p->list, p->n, TA_DOWN);
		}
		tui_message(v->tui, "%d marked. a gives them to an agent, R "
		    "round-robins, S splits.", p->nmarked);
		break;
	case TA_ASSIGN: agents_pick(v->tui); break;
	case TA_ROUND_ROBIN: spread_ask(v->tui, SPREAD_ROUND_ROBIN); break;
	case TA_SPLIT: spread_ask(v->tui, SPREAD_SPLIT); break;
	default:
		return 0;
	}
	return 1;
}

/* The agent's column last: a recovery agent's deals are all their own. */
enum { C_MARK, C_FLAG, C_NAME, C_DUE, C_BALANCE, C_LATE, C_INST, C_PROMISE,
	C_LOCAL, C_AGENT, C_COUNT };

/* The least important go first on a narrow screen: drop, highest first. */
static const struct column collect_columns[C_COUNT] = {
	[C_MARK] = { "", 1, 1, 0, 0, 0, 0, 0 },
	[C_FLAG] = { "Flag", 9, 9, 0, 0, 0, 0, 0 },
	[C_NAME] = { "Name", 10, 18, 0, 0, 1, 0, 0 },
	[C_DUE] = { "Due now", 9, 10, 0, 1, 0, 0, 0 },
	[C_BALANCE] = { "Balance", 9, 10, 3, 1, 0, 0, 0 },
	[C_LATE] = { "Late", 4, 4, 1, 1, 0, 0, 0 },
	[C_INST] = { "Inst", 4, 5, 4, 1, 0, 0, 0 },
	[C_PROMISE] = { "Promise", 10, 14, 2, 0, 0, 0, 0 },
	[C_LOCAL] = { "Local", 5, 6, 6, 0, 0, 0, 0 },
	[C_AGENT] = { "Agent", 8, 12, 5, 0, 0, 0, 0 },
};

struct col_cells {
	char due[32], balance[32], late[16], inst[16], promise[48], local[32];
	const char *c[C_COUNT];
};

static void
row_cells(struct tui *t, const struct col_row *r, struct col_cells *x)
{
	char amount[32];

	money_format(r->due, x->due, sizeof x->due);
	money_format(r->balance, x->balance, sizeof x->balance);
	snprintf(x->late, sizeof x->late, "%d", r->days_late);
	x->inst[0] = x->promise[0] = '\0';
	if (r->ninst > 0)
		snprintf(x->inst, sizeof x->inst, "%d/%d", r->seq, r->ninst);
	if (r->promise > 0) {
		money_format(r->promise, amount, sizeof amount);
		/* The promise's day, as the month and day: 12-05. */
		snprintf(x->promise, sizeof x->promise, "%s %s", amount,
		    strlen(r->since) == DAY_SIZE - 1 ? r->since + 5 : r->since);
	}
	hours_local_clock(r->zones, r->country, t->now, x->local,
	    sizeof x->local);
	x->c[C_MARK] = deal_marked(pane_of(t), r->deal_id) ? "*" : "";
	x->c[C_FLAG] = collect_why_name(r->why);
	x->c[C_NAME] = r->name;
	x->c[C_DUE] = x->due;
	x->c[C_BALANCE] = x->balance;
	x->c[C_LATE] = x->late;
	x->c[C_INST] = x->inst;
	x->c[C_PROMISE] = x->promise;
	x->c[C_AGENT] = r->collector[0] ? r->collector : "-";
	x->c[C_LOCAL] = x->local;
}

/* The deal under the cursor whole, for the detail line. */
static void
collect_detail(struct view *v, char *buf, size_t size)
{
	const struct col_row *r = row_selected(v->data);
	struct col_cells x;

	*buf = '\0';
	if (r == NULL)
		return;
	row_cells(v->tui, r, &x);
	snprintf(buf, size, "%s: %s, deal %lld, due now %s %s since %s (%s "
	    "%s late), balance %s, installment %s%s%s, agent %s, %s there",
	    x.c[C_FLAG], r->name, (long long)r->deal_id, x.due, r->currency,
	    r->since, x.late, plural(r->days_late, "day", "days"), x.balance,
	    x.inst[0] ? x.inst : "-", x.promise[0] ? ", promised " : "",
	    x.promise, x.c[C_AGENT],
	    x.local[0] ? x.local : "no time");
}

static void
row_draw(struct view *v, WINDOW *win, int y, const struct column *cols,
    int ncols, const struct col_row *r, int selected)
{
	struct col_cells x;

	row_cells(v->tui, r, &x);
	if (selected && v->tui->pane == PANE_COLLECT)
		wattron(win, A_REVERSE);
	else if (selected)
		wattron(win, A_UNDERLINE);
	tui_put(win, y, 0, getmaxx(win), "");
	columns_row(win, y, cols, ncols, x.c);
	/* The word stays in monochrome; a color adds to it. */
	if (!selected && r->why == WHY_BROKEN)
		columns_cell(win, y, &cols[C_FLAG], x.c[C_FLAG], A_BOLD |
		    tui_status_attr(v->tui, "Lost"));
	wattrset(win, A_NORMAL);
}

static void
collect_draw(struct view *v, WINDOW *win)
{
	struct col_pane *p = v->data;
	struct column cols[C_COUNT];
	int i, y, w = getmaxx(win), h = getmaxy(win);
	int ncols = perm_scope(v->tui->who->role, ACT_COLLECT_ASSIGN) ==
	    SCOPE_NONE ? C_AGENT : C_COUNT;
	char title[256], due[32], detail[700];

	memcpy(cols, collect_columns, sizeof cols);
	columns_fit(cols, ncols, w);
	money_format(p->due, due, sizeof due);
	/* Past the cap the figures are of the most urgent shown, and say so. */
	snprintf(title, sizeof title, "Collections: %s%d %s, %s due now, %d "
	    "broken %s", p->n == MAX_ROWS ? "the first " : "", p->n,
	    plural(p->n, "deal", "deals"), due, p->broken,
	    plural(p->broken, "promise", "promises"));
	wattron(win, A_BOLD);
	tui_put(win, 0, 1, w - 2, title);
	wattroff(win, A_BOLD);
	columns_head(win, 1, cols, ncols);
	collect_detail(v, detail, sizeof detail);
	h = detail_draw(v->tui, win, h - 2, detail);
	if (p->error[0] != '\0')
		wrap_put(win, 2, 1, w - 2, h, p->error);
	else if (p->n == 0)
		wrap_put(win, 2, 1, w - 2, h, "No deal owes anything due: "
		    "nothing to collect today.");
	y = 2;
	for (i = list_show(&p->list, h); i < p->n && y < h + 2; i++)
		row_draw(v, win, y++, cols, ncols, &p->rows[i],
		    i == p->list.sel);
}

/* For recovery agents, who record payments, and those who assign them. */
const struct view_ops collect_view = {
	.name = "Collections",
	.keys = collect_keys,
	.state_size = sizeof(struct col_pane),
	VIEW_FOR(ACT_PAYMENT),
	.or_need = &(const enum action){ ACT_COLLECT_ASSIGN },
	.reload = collect_reload,
	.draw = collect_draw,
	.handle = collect_handle,
};
