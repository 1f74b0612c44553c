/*
 * The pipeline: a column per stage, headed by its count, value and value
 * weighted by the stage's win probability; a card per lead. Left/Right
 * (or [ and ]) move between columns, j/k within one, < and > move the
 * lead to the stage before or after, asking for a drop reason or an
 * interest level when the stage needs one; l logs a call, as everywhere. Only the columns on screen are read, each a
 * page of one index range, so a million leads cost what a hundred do.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/lease.h"
#include "callq/plural.h"
#include "callq/pool.h"
#include "callq/stage.h"
#include "callq/when.h"
#include "detail.h"
#include "form.h"
#include "list.h"

#define MAX_STAGES 32
#define MAX_CARDS 64
#define COUNT_CAP 1000
#define MIN_WIDTH 20	/* a column narrower than this says nothing */

struct card {
	int64_t id, version;
	char    name[96];
	char    region[48];
	char    initials[4];
	int     has_value;
	int64_t value_cents;
	time_t  followup, entered;
};

struct column {
	int64_t           id;
	char              name[64];
	int               probability, stale_days;
	int               loaded;	/* read since the last reload */
	int64_t           top;		/* the first card's lead, 0: start */
	struct card       cards[MAX_CARDS];
	int               ncards, sel;
	struct pool_tally tally;
};

struct pipeline {
	struct column     cols[MAX_STAGES];
	int               ncols, col, left;
	int               rows;		/* cards a column shows */
	struct pool_query q;		/* the filter; stage_id per walk */
	char              filter[256], parsed[256];
	char              error[512];
};

/* A move waiting for what its stage needs. */
struct pending {
	struct stage_move m;
	char              name[96];	/* the lead's, for the status line */
	char              reasons[9][64];
	int               n;
};

static const struct keybind pipeline_keys[] = {
	{ KEY_LEFT, "Left, [", TA_LEFT, "Previous stage's column", NULL },
	{ '[', NULL, TA_LEFT, NULL, NULL },
	{ KEY_RIGHT, "Right, ]", TA_RIGHT, "Next stage's column", NULL },
	{ ']', NULL, TA_RIGHT, NULL, NULL },
	NAV_KEYS,
	{ '<', "<", TA_MOVE_BACK, "Move the lead to the stage before",
	  "Stage<" },
	{ '>', ">", TA_MOVE_ON, "Move the lead to the stage after", "Stage>" },
	{ 'm', "m", TA_MOVE_TO, "Move the lead to a stage picked from a list",
	  NULL },
	{ '\r', "Enter", TA_OPEN, "Open the lead", NULL },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
	{ 'l', "l", TA_LOG, "Log a call on the lead", "Log" },
	{ 'f', "f", TA_FILTER, "Filter: owner=, region=, source=, text",
	  "Filter" },
	ASSIGN_KEYS,
	{ 'N', "N", TA_NEW_LEAD, "Add a lead by hand", NULL },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static struct pipeline *
pipeline_of(struct tui *t)
{
	return t->panes[PANE_PIPELINE].data;
}

/* "RP" for Rita Patel; the login's first letters when there is no name. */
static void
initials_of(const char *name, const char *login, char out[4])
{
	const char *s = name[0] ? name : login;
	int n = 0, word = 1;

	for (; *s != '\0' && n < 3; s++) {
		if (*s == ' ') {
			word = 1;
			continue;
		}
		if (word && (unsigned char)*s < 0x80)
			out[n++] = *s >= 'a' && *s <= 'z' ? *s - 32 : *s;
		word = 0;
	}
	out[n] = '\0';
}

struct filling {
	struct column *c;
	int            max;
};

static int
card_take(const struct lead *l, void *arg)
{
	struct filling *f = arg;
	struct card *k = &f->c->cards[f->c->ncards++];

	k->id = l->id;
	k->version = l->version;
	snprintf(k->name, sizeof k->name, "%s", l->name);
	snprintf(k->region, sizeof k->region, "%s", l->region);
	initials_of(l->owner_name, l->owner, k->initials);
	k->has_value = l->has_value;
	k->value_cents = l->value_cents;
	k->followup = l->next_followup_at;
	k->entered = l->stage_entered_at;
	return f->c->ncards >= f->max;
}

/* Reads column c's cards from its top lead on, and its tally. */
static void
column_load(struct view *v, struct column *c)
{
	struct pipeline *p = v->data;
	struct filling f = { c, p->rows < MAX_CARDS ? p->rows : MAX_CARDS };
	struct err err = { 0 };
	int64_t keep = c->ncards > 0 ? c->cards[c->sel].id : 0;
	int i;

	p->q.stage_id = c->id;
	c->ncards = 0;
	if (store_pool_walk(v->tui->st, v->tui->who, &p->q, c->top > 0 ?
	    c->top - 1 : 0, 0, f.max, card_take, &f, &err) != 0 ||
	    store_pool_tally(v->tui->st, v->tui->who, &p->q, COUNT_CAP,
	    &c->tally, &err) != 0)
		snprintf(p->error, sizeof p->error, "%s", err.msg);
	if (c->ncards == 0 && c->top != 0) {	/* its leads moved on */
		c->top = 0;
		column_load(v, c);
		return;
	}
	for (i = 0; i < c->ncards; i++)
		if (c->cards[i].id == keep)
			c->sel = i;
	if (c->sel >= c->ncards)
		c->sel = c->ncards > 0 ? c->ncards - 1 : 0;
	c->loaded = 1;
}

/* The columns that fit in w, and the width of each. */
static int
columns_fit(const struct pipeline *p, int w, int *width)
{
	int fit = w / MIN_WIDTH > 0 ? w / MIN_WIDTH : 1;

	if (fit > p->ncols)
		fit = p->ncols > 0 ? p->ncols : 1;
	*width = w / fit;
	return fit;
}

static void
visible_load(struct view *v, int fit)
{
	struct pipeline *p = v->data;
	int i;

	for (i = p->left; i < p->left + fit && i < p->ncols; i++)
		if (!p->cols[i].loaded)
			column_load(v, &p->cols[i]);
}

static int
stage_take(const struct stage *s, void *arg)
{
	struct pipeline *p = arg;
	struct column *c;
	int i;

	if (p->ncols == MAX_STAGES)
		return 1;
	/* A column keeps its place and cursor across reloads. */
	for (i = p->ncols; i < MAX_STAGES && p->cols[i].id != s->id; i++)
		;
	if (i < MAX_STAGES && i != p->ncols) {
		struct column tmp = p->cols[p->ncols];

		p->cols[p->ncols] = p->cols[i];
		p->cols[i] = tmp;
	} else if (i == MAX_STAGES)
		memset(&p->cols[p->ncols], 0, sizeof p->cols[0]);
	c = &p->cols[p->ncols++];
	c->id = s->id;
	snprintf(c->name, sizeof c->name, "%s", s->name);
	c->probability = s->probability;
	c->stale_days = s->stale_days;
	c->loaded = 0;
	return 0;
}

static void
pipeline_reload(struct view *v)
{
	struct pipeline *p = v->data;
	struct err err = { 0 };
	int width;

	p->error[0] = '\0';
	p->ncols = 0;
	if (store_stage_list(v->tui->st, 0, stage_take, p, &err) != 0)
		snprintf(p->error, sizeof p->error, "%s", err.msg);
	if (p->col >= p->ncols)
		p->col = p->ncols > 0 ? p->ncols - 1 : 0;
	if (p->rows > 0)
		visible_load(v, columns_fit(p, COLS, &width));
}

/* Scrolls so the cursor's column is among the fit shown. */
static void
left_follow(struct pipeline *p, int fit)
{
	if (p->col < p->left)
		p->left = p->col;
	if (p->col >= p->left + fit)
		p->left = p->col - fit + 1;
}

static void
col_move(struct view *v, int by)
{
	struct pipeline *p = v->data;
	int width, fit = columns_fit(p, COLS, &width);

	if (p->col + by < 0 || p->col + by >= p->ncols)
		return;
	p->col += by;
	left_follow(p, fit);
	visible_load(v, fit);
}

/* Leads of a column past its cards on screen, nearest first. */
struct ids {
	int64_t id[MAX_CARDS];
	int     n;
};

static int
id_take(const struct lead *l, void *arg)
{
	struct ids *ids = arg;

	ids->id[ids->n++] = l->id;
	return ids->n == MAX_CARDS;
}

/* Up to n leads next to from in column c (before it, backward). */
static void
ids_walk(struct view *v, const struct column *c, int64_t from, int backward,
    int n, struct ids *ids)
{
	struct pipeline *p = v->data;
	struct err err = { 0 };

	p->q.stage_id = c->id;
	ids->n = 0;
	store_pool_walk(v->tui->st, v->tui->who, &p->q, from, backward,
	    n < MAX_CARDS ? n : MAX_CARDS, id_take, ids, &err);
}

/* Column c from lead top on (0: its first), the cursor on lead at. */
static void
column_at(struct view *v, struct column *c, int64_t top, int64_t at)
{
	int i;

	c->top = top;
	column_load(v, c);
	c->sel = 0;
	for (i = 0; i < c->ncards; i++)
		if (c->cards[i].id == at)
			c->sel = i;
}

/*
 * Moves the cursor by cards; off the column's edge, the column scrolls
 * as far as it must, and no further than its first or last lead.
 */
static void
card_move(struct view *v, int by)
{
	struct pipeline *p = v->data;
	struct column *c = &p->cols[p->col];
	int to = c->sel + by, shift;
	struct ids ids;

	if (c->ncards == 0)
		return;
	if (to >= 0 && to < c->ncards) {
		c->sel = to;
		return;
	}
	ids_walk(v, c, to < 0 ? c->cards[0].id : c->cards[c->ncards - 1].id,
	    to < 0, to < 0 ? -to : to - (c->ncards - 1), &ids);
	if (ids.n == 0)
		c->sel = to < 0 ? 0 : c->ncards - 1;
	else if (to < 0)
		column_at(v, c, ids.id[ids.n - 1], ids.id[ids.n - 1]);
	else {
		shift = ids.n;	/* the top moves down as many cards */
		column_at(v, c, shift < c->ncards ? c->cards[shift].id :
		    ids.id[shift - c->ncards], ids.id[ids.n - 1]);
	}
}

/* The keys of every list, on the cursor's column. */
static int
cards_nav(struct view *v, enum tui_action a)
{
	struct pipeline *p = v->data;
	struct column *c = &p->cols[p->col];
	int page = p->rows > 1 ? p->rows - 1 : 1;
	struct ids ids;

	switch (a) {
	case TA_DOWN: card_move(v, 1); break;
	case TA_UP: card_move(v, -1); break;
	case TA_PAGE_DOWN: card_move(v, page); break;
	case TA_PAGE_UP: card_move(v, -page); break;
	case TA_TOP: column_at(v, c, 0, 0); break;
	case TA_BOTTOM:
		/* The last page: walked back from the column's end. */
		ids_walk(v, c, 0, 1, p->rows > 0 ? p->rows : 1, &ids);
		if (ids.n > 0)
			column_at(v, c, ids.id[ids.n - 1], ids.id[0]);
		break;
	default:
		return 0;
	}
	return 1;
}

static void move_to(struct tui *t, struct pending *pd);

static void
pending_pick(struct tui *t, struct form *f, int digit)
{
	struct pending *pd = f->data;

	if (f->step == 0 && (digit < 1 || digit > pd->n)) {
		tui_message(t, "Pick one of the reasons shown, or Esc.");
		return;
	}
	if (f->step == 1 && (digit < 1 || digit > 5)) {
		tui_message(t, "An interest level is 1 to 5.");
		return;
	}
	if (f->step == 0)
		pd->m.drop_reason = pd->reasons[digit - 1];
	else
		pd->m.interest = digit;
	f->data = NULL;		/* move_to takes it */
	form_close(t);
	move_to(t, pd);
	free(pd);
}

static int
pending_submit(struct tui *t, struct form *f)
{
	(void)t;
	(void)f;
	return 1;	/* a digit picks; form_key said so */
}

static int
reason_take(const char *name, void *arg)
{
	struct pending *pd = arg;

	if (pd->n == 9)
		return 1;
	snprintf(pd->reasons[pd->n++], sizeof pd->reasons[0], "%s", name);
	return 0;
}

/* Asks for what the move needs; takes pd. */
static void
pending_ask(struct tui *t, struct pending *pd, enum stage_needs needs)
{
	struct form *f = form_new(needs == STAGE_NEEDS_DROP ? "Why is it lost? "
	    "(Esc cancels)" : "Interest 1-5 (Esc cancels):", NULL);
	struct err err = { 0 };
	size_t len;
	int i;

	if (f == NULL) {
		free(pd);
		form_open(t, NULL);
		return;
	}
	f->data = pd;
	f->pick = pending_pick;
	f->submit = pending_submit;
	f->step = needs == STAGE_NEEDS_INTEREST;
	if (needs == STAGE_NEEDS_DROP) {
		pd->n = 0;
		store_drop_reasons(t->st, reason_take, pd, &err);
		snprintf(f->choices, sizeof f->choices, "Lost:");
		for (i = 0; i < pd->n; i++) {
			len = strlen(f->choices);
			snprintf(f->choices + len, sizeof f->choices - len,
			    "  %d %s", i + 1, pd->reasons[i]);
		}
	} else
		snprintf(f->choices, sizeof f->choices, "Interest:  1  2  3  4"
		    "  5");
	form_open(t, f);
}

/* Moves the lead as pd says; the card goes along, the cursor with it. */
static void
move_go(struct tui *t, void *arg)
{
	move_to(t, arg);
}

/*
 * The move was refused for another user's hold: a team lead or an admin
 * is asked to override it (takes pd). Nonzero when asked.
 */
static int
move_held(struct tui *t, struct pending *pd, int rc)
{
	struct err err = { 0 };
	struct lease held;

	if (rc != EX_TEMPFAIL || !tui_may_override(t) ||
	    t->override_lead == pd->m.lead_id ||
	    store_lease_get(t->st, pd->m.lead_id, &held, &err) != 0 ||
	    !held.holder[0] || strcmp(held.holder, t->who->login) == 0)
		return 0;
	tui_override_ask(t, pd->m.lead_id, held.holder, move_go, pd);
	return 1;
}

static void
move_to(struct tui *t, struct pending *pd)
{
	struct pipeline *p = pipeline_of(t);
	enum stage_needs needs;
	struct err err = { 0 };
	struct pending *again;
	int i, width, rc;

	if ((rc = store_lead_stage_set(t->st, tui_actor(t, pd->m.lead_id),
	    &pd->m, &needs, &err)) != 0) {
		if (needs != STAGE_NEEDS_NOTHING &&
		    (again = malloc(sizeof *again)) != NULL) {
			*again = *pd;
			pending_ask(t, again, needs);
			return;
		}
		if ((again = malloc(sizeof *again)) != NULL) {
			*again = *pd;
			if (move_held(t, again, rc))
				return;
			free(again);
		}
		tui_message(t, "Not moved: %s", err.msg);
		return;
	}
	for (i = 0; i < p->ncols; i++) {
		p->cols[i].loaded = 0;
		if (p->cols[i].id == pd->m.stage_id) {
			p->cols[i].top = pd->m.lead_id;
			p->cols[i].sel = 0;
			p->cols[i].ncards = 0;
			p->col = i;
		}
	}
	left_follow(p, columns_fit(p, COLS, &width));	/* then read once */
	tui_message(t, "%s moved to %s.", pd->name, p->cols[p->col].name);
	tui_reload(t);
}

static void
stage_step(struct view *v, int by)
{
	struct pipeline *p = v->data;
	struct column *c = &p->cols[p->col];
	struct pending pd = { 0 };

	if (c->ncards == 0)
		return;
	if (p->col + by < 0 || p->col + by >= p->ncols) {
		tui_message(v->tui, "There is no stage %s %s.", by < 0 ?
		    "before" : "after", c->name);
		return;
	}
	pd.m.lead_id = c->cards[c->sel].id;
	snprintf(pd.name, sizeof pd.name, "%s", c->cards[c->sel].name);
	pd.m.stage_id = p->cols[p->col + by].id;
	pd.m.expect_version = c->cards[c->sel].version;
	move_to(v->tui, &pd);
}

static void
stage_picked(struct tui *t, struct picker *pk)
{
	struct pipeline *p = pipeline_of(t);
	struct pending *pd = pk->data;
	int i;

	for (i = 0; i < pk->n; i++)
		if (pk->items[i].chosen)
			pd->m.stage_id = p->cols[i].id;
	move_to(t, pd);
}

/* m: a list of the stages, the lead's own under the cursor. */
static void
stage_pick(struct view *v)
{
	struct pipeline *p = v->data;
	struct column *c = &p->cols[p->col];
	struct pending *pd;
	struct picker *pk;
	int i;

	if (c->ncards == 0)
		return;
	if ((pk = calloc(1, sizeof *pk)) == NULL ||
	    (pk->items = calloc((size_t)p->ncols, sizeof *pk->items)) == NULL ||
	    (pk->data = calloc(1, sizeof(struct pending))) == NULL) {
		if (pk != NULL)
			free(pk->items);
		free(pk);
		tui_message(v->tui, "out of memory: nothing was moved");
		return;
	}
	for (i = 0; i < p->ncols; i++) {
		snprintf(pk->items[i].label, sizeof pk->items[0].label,
		    "%-24s %3d%%", p->cols[i].name, p->cols[i].probability);
		snprintf(pk->items[i].key, sizeof pk->items[0].key, "%d", i);
	}
	pk->n = p->ncols;
	pk->sel = p->col;
	snprintf(pk->title, sizeof pk->title, " Move %.100s to: ",
	    c->cards[c->sel].name);
	pd = pk->data;
	pd->m.lead_id = c->cards[c->sel].id;
	pd->m.expect_version = c->cards[c->sel].version;
	snprintf(pd->name, sizeof pd->name, "%s", c->cards[c->sel].name);
	pk->done = stage_picked;
	picker_open(v->tui, pk);
}

static int
filter_submit(struct tui *t, struct form *f)
{
	struct pipeline *p = pipeline_of(t);
	char why[160];
	int i;

	snprintf(p->parsed, sizeof p->parsed, "%.*s", (int)sizeof p->parsed - 1,
	    f->text);
	if (filter_parse(p->parsed, &p->q, why, sizeof why) != 0) {
		tui_message(t, "%s", why);
		return 1;
	}
	snprintf(p->filter, sizeof p->filter, "%.*s", (int)sizeof p->filter - 1,
	    f->text);
	for (i = 0; i < p->ncols; i++)
		p->cols[i].top = p->cols[i].sel = p->cols[i].ncards = 0;
	pipeline_reload(&t->panes[PANE_PIPELINE]);
	return 0;
}

static int
pipeline_handle(struct view *v, enum tui_action a)
{
	struct pipeline *p = v->data;
	struct column *c = p->ncols > 0 ? &p->cols[p->col] : NULL;
	int64_t sel = c && c->ncards > 0 ? c->cards[c->sel].id : 0;

	if (c != NULL)
		p->q.stage_id = c->id;
	if (c != NULL && assign_handle(v->tui, a, sel, &p->q)) {
		if (a == TA_MARK)	/* Space marks and goes on */
			card_move(v, 1);
		return 1;
	}
	if (c != NULL && cards_nav(v, a))
		return 1;
	switch (a) {
	case TA_LEFT: col_move(v, -1); break;
	case TA_RIGHT: col_move(v, 1); break;
	case TA_MOVE_BACK: stage_step(v, -1); break;
	case TA_MOVE_ON: stage_step(v, 1); break;
	case TA_MOVE_TO: stage_pick(v); break;
	case TA_NEW_LEAD: lead_new_open(v->tui); break;
	case TA_OPEN:
		if (sel != 0)
			tui_lead_open(v->tui, sel);
		break;
	case TA_LOG: tui_lead_log(v->tui, sel); break;
	case TA_FILTER:
		form_ask(v->tui, "Filter (owner=LOGIN; region=R; source=S; "
		    "text):", p->filter, filter_submit);
		break;
	default:
		return 0;
	}
	return 1;
}

/* 1234567 cents as "12.3k"; whole units below ten thousand. */
static void
money_text(int64_t cents, char *buf, size_t size)
{
	double units = (double)cents / 100;

	if (units >= 1e6)
		snprintf(buf, size, "%.1fM", units / 1e6);
	else if (units >= 1e4)
		snprintf(buf, size, "%.1fk", units / 1e3);
	else
		snprintf(buf, size, "%.0f", units);
}

static void
card_draw(struct view *v, WINDOW *win, const struct column *c, int i, int y,
    int x, int w)
{
	const struct card *k = &c->cards[i];
	int focus = v->tui->pane == PANE_PIPELINE, stale, missed, selected;
	char line[256], value[24] = "", when[32] = "";
	struct pipeline *p = v->data;

	selected = &p->cols[p->col] == c && i == c->sel;
	stale = c->stale_days > 0 && k->entered > 0 &&
	    v->tui->now - k->entered > (time_t)c->stale_days * 86400;
	missed = k->followup != 0 &&
	    when_due_state(k->followup, v->tui->now) == DUE_MISSED;
	if (k->has_value)
		money_text(k->value_cents, value, sizeof value);
	if (k->followup != 0 && !missed)
		when_label(k->followup, v->tui->now, when, sizeof when);
	if (selected)
		wattron(win, focus ? A_REVERSE : A_UNDERLINE);
	snprintf(line, sizeof line, "%s%s", marks_shown(v->tui, k->id, c->id,
	    p->cols[p->col].ncards > 0 ? p->cols[p->col].cards[
	    p->cols[p->col].sel].id : 0) ? "* " : "", k->name);
	tui_put(win, y, x, w, line);
	wattrset(win, A_NORMAL);
	snprintf(line, sizeof line, "%s%s%s%s%s%s%s%s%s", k->initials[0] ?
	    k->initials : "--", value[0] ? " " : "", value, when[0] ? " " : "",
	    when, missed ? " MISSED" : "", stale ? " STALE" : "",
	    k->region[0] ? " " : "", k->region);
	if (missed || stale)
		wattron(win, v->tui->color ? tui_status_attr(v->tui, "Lost") :
		    (int)A_BOLD);
	else
		wattron(win, A_DIM);
	tui_put(win, y + 1, x, w, line);
	wattrset(win, A_NORMAL);
}

static void
column_draw(struct view *v, WINDOW *win, const struct column *c, int x,
    int w, int foot)
{
	char head[128], v1[24], v2[24];
	int i, y = 3;

	money_text(c->tally.value_cents, v1, sizeof v1);
	money_text(c->tally.value_cents * c->probability / 100, v2, sizeof v2);
	snprintf(head, sizeof head, "%s %lld%s", c->name,
	    (long long)c->tally.count, c->tally.count >= COUNT_CAP ? "+" : "");
	wattron(win, A_BOLD);
	tui_put(win, 1, x, w - 1, head);
	wattroff(win, A_BOLD);
	/* Past the count's cap, the sums are of the leads counted: "at least". */
	snprintf(head, sizeof head, "%s%s w %s", c->tally.count >= COUNT_CAP ?
	    ">=" : "", v1, v2);
	wattron(win, A_UNDERLINE);
	tui_put(win, 2, x, w - 1, head);
	wattroff(win, A_UNDERLINE);
	for (i = 0; i < c->ncards && y + 1 < foot; i++, y += 2)
		card_draw(v, win, c, i, y, x, w - 1);
	if (c->ncards == 0)
		tui_put(win, 3, x, w - 1, "(none)");
}

/* The card under the cursor whole, for the detail line. */
static void
card_detail(struct view *v, char *buf, size_t size)
{
	struct pipeline *p = v->data;
	const struct column *c = &p->cols[p->col];
	const struct card *k;
	char value[24] = "", when[32] = "";

	*buf = '\0';
	if (p->ncols == 0 || c->ncards == 0)
		return;
	k = &c->cards[c->sel];
	if (k->has_value)
		money_text(k->value_cents, value, sizeof value);
	if (k->followup != 0)
		when_label(k->followup, v->tui->now, when, sizeof when);
	snprintf(buf, size, "Lead %lld: %s, in %s, owner %s%s%s%s%s%s",
	    (long long)k->id, k->name, c->name, k->initials[0] ? k->initials :
	    "none", value[0] ? ", value " : "", value, when[0] ?
	    ", follow-up " : "", when, k->region[0] ? ", " : "");
	snprintf(buf + strlen(buf), size - strlen(buf), "%s", k->region);
}

static void
pipeline_draw(struct view *v, WINDOW *win)
{
	struct pipeline *p = v->data;
	int w = getmaxx(win), width, fit, i, foot, rows;
	char title[512], detail[400], marked[32] = "";

	card_detail(v, detail, sizeof detail);
	foot = 3 + detail_draw(v->tui, win, getmaxy(win) - 3, detail);
	rows = (foot - 3) / 2;
	if (rows < 1)
		rows = 1;
	if (rows != p->rows) {	/* a resize: read the columns again */
		p->rows = rows;
		for (i = 0; i < p->ncols; i++)
			p->cols[i].loaded = 0;
	}
	if (v->tui->marks.n)
		snprintf(marked, sizeof marked, " | %zu marked",
		    v->tui->marks.n);
	fit = columns_fit(p, w, &width);
	left_follow(p, fit);
	visible_load(v, fit);
	snprintf(title, sizeof title, "Pipeline: %d %s%s%s%s%s%s", p->ncols,
	    plural(p->ncols, "stage", "stages"),
	    p->left > 0 ? " | < more" : "", p->left + fit < (int)p->ncols ?
	    " | more >" : "", p->filter[0] ? " | f " : "", p->filter, marked);
	wattron(win, A_BOLD);
	tui_put(win, 0, 1, w - 2, title);
	wattroff(win, A_BOLD);
	if (p->error[0] != '\0')
		wrap_put(win, 1, 1, w - 2, foot - 1, p->error);
	for (i = 0; p->error[0] == '\0' && i < fit && p->left + i < p->ncols;
	    i++)
		column_draw(v, win, &p->cols[p->left + i], 1 + i * width,
		    width, foot);
}

const struct view_ops pipeline_view = {
	.name = "Pipeline",
	.keys = pipeline_keys,
	.state_size = sizeof(struct pipeline),
	.reload = pipeline_reload,
	.draw = pipeline_draw,
	.handle = pipeline_handle,
};
