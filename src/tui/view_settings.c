/*
 * Settings: the lists people pick from (dispositions, pipeline stages,
 * sources, pause, follow-up and drop reasons), what each disposition does
 * to a lead in each status (read only), and the floor's values (calling
 * hours, lease, attempts, retry, daily target, working hours). Left and
 * Right (or [ and ]) go from one section to the next; a adds, e renames or edits, J and K move
 * a value down or up, x takes it out of the pickers or puts it back, L
 * sets a pause reason's limit or whether a disposition is a contact.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/choice.h"
#include "callq/plural.h"
#include "callq/settings.h"
#include "callq/stage.h"
#include "callq/status.h"
#include "callq/text.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "list.h"

#define MAX_ITEMS 200

/*
 * The sections, in order: the lists (the stages second), what the
 * dispositions do to leads, then the values.
 */
/*
 * The floor's own settings first, then what comes after the sale: at 80
 * columns the tabs from Products on scroll in, and Values stays in sight.
 */
enum section { SEC_DISPOSITIONS, SEC_STAGES, SEC_SOURCES, SEC_PAUSE,
	SEC_FOLLOWUP, SEC_DROP, SEC_OUTCOMES, SEC_VALUES, SEC_PRODUCT, SEC_WON,
	SEC_METHOD, SEC_COUNT };

static const struct {
	const char      *title;
	enum choice_list list;	/* for the choice sections */
} sections[SEC_COUNT] = {
	[SEC_DISPOSITIONS] = { "Dispositions", LIST_DISPOSITION },
	[SEC_STAGES] = { "Stages", LIST_COUNT },
	[SEC_SOURCES] = { "Sources", LIST_SOURCE },
	[SEC_PAUSE] = { "Pause reasons", LIST_PAUSE },
	[SEC_FOLLOWUP] = { "Follow-up reasons", LIST_FOLLOWUP },
	[SEC_DROP] = { "Drop reasons", LIST_DROP },
	[SEC_PRODUCT] = { "Products", LIST_PRODUCT },
	[SEC_WON] = { "Won reasons", LIST_WON },
	[SEC_METHOD] = { "Payment methods", LIST_METHOD },
	[SEC_OUTCOMES] = { "Outcomes", LIST_COUNT },
	[SEC_VALUES] = { "Hours and values", LIST_COUNT },
};

struct item {
	char name[64];		/* a value's name, or a setting's key */
	char text[200];		/* the rest of its line */
	char value[64];		/* a setting's value */
	int  active;
	int  limit;		/* a pause reason's, in minutes; 0: none */
	int  contact;		/* a disposition's */
};

struct settings {
	enum section sec;
	struct item  items[MAX_ITEMS];
	int          n;
	struct list  list;
};

static const struct keybind settings_keys[] = {
	NAV_KEYS,
	{ KEY_RIGHT, "Right, ]", TA_RIGHT, "Next section", NULL },
	{ ']', NULL, TA_RIGHT, NULL, NULL },
	{ KEY_LEFT, "Left, [", TA_LEFT, "Previous section", NULL },
	{ '[', NULL, TA_LEFT, NULL, NULL },
	{ 'a', "a", TA_SET_ADD, "Add a value (or calling hours for a place)",
	  "Add" },
	{ 'e', "e", TA_SET_EDIT, "Rename the value, or edit the setting",
	  "Edit" },
	{ 'J', "J", TA_SET_LATER, "Move the value down the list", NULL },
	{ 'K', "K", TA_SET_SOONER, "Move the value up the list", NULL },
	{ 'x', "x", TA_SET_ACTIVE, "Take the value out of the pickers, or "
	  "put it back", "On/off" },
	{ 'L', "L", TA_SET_LIMIT, "Set a pause reason's limit, or whether a "
	  "disposition is a contact", NULL },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static struct settings *
settings_of(struct tui *t)
{
	return t->panes[PANE_SETTINGS].data;
}

static struct item *
item_add(struct settings *s)
{
	struct item *it;

	if (s->n == MAX_ITEMS)
		return NULL;
	it = &s->items[s->n++];
	memset(it, 0, sizeof *it);
	return it;
}

static int
choice_take(const struct choice *c, void *arg)
{
	struct settings *s = arg;
	struct item *it = item_add(s);
	char key[8] = "-";

	if (it == NULL)
		return 1;
	text_fit(c->name, 30, 0, it->name, sizeof it->name);
	it->active = c->active;
	it->limit = c->limit_minutes;
	it->contact = c->contact;
	if (c->key >= 0)
		snprintf(key, sizeof key, "%d", c->key % 10);
	if (s->sec == SEC_DISPOSITIONS)
		snprintf(it->text, sizeof it->text, "key %-2s-> %-11s needs "
		    "%-8s %s", key, c->status, c->needs, c->contact ?
		    "contact" : "");
	else if (s->sec == SEC_PAUSE && c->limit_minutes > 0)
		snprintf(it->text, sizeof it->text, "limit %d min",
		    c->limit_minutes);
	else if (s->sec == SEC_PAUSE)
		snprintf(it->text, sizeof it->text, "no limit");
	return 0;
}

static int
stage_take(const struct stage *st, void *arg)
{
	struct settings *s = arg;
	struct item *it = item_add(s);

	if (it == NULL)
		return 1;
	text_fit(st->name, 30, 0, it->name, sizeof it->name);
	it->active = 1;
	snprintf(it->text, sizeof it->text, "%3d%%%s%s  stale after %d %s%s%s",
	    st->probability, st->is_won ? "  won" : "", st->is_lost ? "  lost" :
	    "", st->stale_days, plural(st->stale_days, "day", "days"),
	    st->status[0] ? "  makes a lead " : "",
	    st->status);
	return 0;
}

/* One line per disposition and status the lead is in when it is logged. */
static int
transition_take(const struct transition_row *r, void *arg)
{
	struct settings *s = arg;
	struct item *it;
	int from;

	for (from = 0; from < ST_COUNT; from++) {
		if ((it = item_add(s)) == NULL)
			return 1;
		text_fit(r->disposition, 30, 0, it->name, sizeof it->name);
		it->active = r->active;
		if (r->to[from] == (enum status)from)
			snprintf(it->text, sizeof it->text, "on %-11s stays",
			    status_name((enum status)from));
		else
			snprintf(it->text, sizeof it->text, "on %-11s -> %s",
			    status_name((enum status)from),
			    status_name(r->to[from]));
	}
	return 0;
}

static int
value_take(const struct setting *v, void *arg)
{
	struct settings *s = arg;
	struct item *it = item_add(s);

	if (it == NULL)
		return 1;
	snprintf(it->name, sizeof it->name, "%s", v->key);
	snprintf(it->value, sizeof it->value, "%s", v->value);
	snprintf(it->text, sizeof it->text, "%-12s %-8s %s", v->value[0] ?
	    v->value : "(off)", v->is_default ? "default" : "", v->about);
	it->active = 1;
	return 0;
}

static void
settings_reload(struct view *v)
{
	struct settings *s = v->data;
	struct err err = { 0 };
	int rc;

	s->n = 0;
	if (s->sec == SEC_STAGES)
		rc = store_stage_list(v->tui->st, 0, stage_take, s, &err);
	else if (s->sec == SEC_OUTCOMES)
		rc = store_transition_list(v->tui->st, transition_take, s, &err);
	else if (s->sec == SEC_VALUES)
		rc = store_setting_list(v->tui->st, value_take, s, &err);
	else
		rc = store_choice_list(v->tui->st, sections[s->sec].list,
		    choice_take, s, &err);
	if (rc != 0)
		tui_message(v->tui, "%s", err.msg);
	list_fit(&s->list, s->n);
}

static const struct item *
selected(struct tui *t)
{
	struct settings *s = settings_of(t);

	return s->n > 0 ? &s->items[s->list.sel] : NULL;
}

/* A value added, as the section takes it; the draft of several steps. */
struct adding {
	char name[64];
	int  key;
	enum status status;
};

static const char STATUS_CHOICES[] = "Moves a lead to:  1 New  2 In Progress"
    "  3 CNP  4 Interested  5 Qualified  6 Converted  7 Lost";
static const char NEEDS_CHOICES[] = "Also asks for:  1 nothing  2 a follow-up"
    "  3 the interest  4 do-not-call";

static void
disposition_add(struct tui *t, struct adding *a, int needs)
{
	static const char *const names[] = { "-", "followup", "interest",
	    "dnc" };
	struct disposition_spec spec = { a->key, status_name(a->status),
	    names[needs] };
	struct err err = { 0 };
	char said[128];
	int rc;

	rc = store_choice_add(t->st, t->who, LIST_DISPOSITION, a->name, &spec,
	    &err);
	snprintf(said, sizeof said, "Added the disposition %s.", a->name);
	form_close(t);
	tui_outcome(t, rc, &err, said);
}

static void
add_pick(struct tui *t, struct form *f, int digit)
{
	struct adding *a = f->data;

	if (f->step == 2 && digit >= 1 && digit <= ST_COUNT) {
		a->status = (enum status)(digit - 1);
		form_step(f, 3, "The disposition:", NEEDS_CHOICES);
	} else if (f->step == 3 && digit >= 1 && digit <= 4)
		disposition_add(t, a, digit - 1);
	else
		tui_message(t, "Pick one of the numbers shown, or Esc.");
}

static int
stage_add(struct tui *t, struct adding *a, const char *text)
{
	struct stage_spec spec = { a->name, 0, 0, 0, 0, NULL, 0 };
	struct err err = { 0 };
	char said[128], *end;
	long n = strtol(text, &end, 10);
	int rc;

	if (*text == '\0' || *end != '\0' || n < 0 || n > 100) {
		tui_message(t, "Type the chance of a win, 0 to 100.");
		return 1;
	}
	spec.probability = (int)n;
	rc = store_stage_add(t->st, t->who, &spec, &err);
	snprintf(said, sizeof said, "Added the stage %s.", a->name);
	tui_outcome(t, rc, &err, said);
	return 0;
}

static int
value_add(struct tui *t, struct adding *a, const char *text)
{
	struct err err = { 0 };
	char said[160];
	int rc;

	rc = store_setting_set(t->st, t->who, a->name, text, &err);
	snprintf(said, sizeof said, "%s = %.60s.", a->name, text);
	tui_outcome(t, rc, &err, said);
	return rc == EX_DATAERR;	/* a bad window: let them fix it */
}

static int
name_taken(struct tui *t, struct form *f, struct adding *a, const char *text)
{
	struct settings *s = settings_of(t);
	char label[160];

	snprintf(a->name, sizeof a->name, "%.63s", text);
	if (s->sec == SEC_DISPOSITIONS) {
		form_step(f, 1, "Its key in the quick-log, 0-9 (Enter: none):",
		    NULL);
		return 1;
	}
	if (s->sec == SEC_STAGES) {
		form_step(f, 1, "Chance of a win there, 0-100 %:", NULL);
		return 1;
	}
	snprintf(label, sizeof label, "Calling hours in %.20s, like "
	    "09:00-20:00:", text);
	form_step(f, 1, label, NULL);
	return 1;
}

static int
disposition_key(struct tui *t, struct form *f, struct adding *a,
    const char *text)
{
	if (text[0] == '\0')
		a->key = -1;
	else if (text[0] >= '0' && text[0] <= '9' && text[1] == '\0')
		a->key = text[0] - '0';
	else {
		tui_message(t, "A key is one digit, 0-9, or nothing.");
		return 1;
	}
	form_step(f, 2, "The disposition:", STATUS_CHOICES);
	return 1;
}

static int
add_submit(struct tui *t, struct form *f)
{
	struct settings *s = settings_of(t);
	struct adding *a = f->data;
	struct err err = { 0 };
	char text[256], said[160], key[64];
	int rc;

	text_trim(f->text, text, sizeof text);
	if (f->step == 0 && text[0] == '\0') {
		tui_message(t, "Type a name, or Esc.");
		return 1;
	}
	if (f->step == 0 && strlen(text) >= sizeof a->name) {
		tui_message(t, "That name is longer than 63 characters.");
		return 1;
	}
	if (f->step == 0 && s->sec == SEC_VALUES) {
		snprintf(key, sizeof key, "hours.%.50s", text);
		return name_taken(t, f, a, key);
	}
	if (f->step == 0 && (s->sec == SEC_DISPOSITIONS ||
	    s->sec == SEC_STAGES))
		return name_taken(t, f, a, text);
	if (f->step == 0) {
		rc = store_choice_add(t->st, t->who, sections[s->sec].list,
		    text, NULL, &err);
		snprintf(said, sizeof said, "Added %.60s to the %s.", text,
		    choice_list_title(sections[s->sec].list));
		tui_outcome(t, rc, &err, said);
		return 0;
	}
	if (s->sec == SEC_DISPOSITIONS)
		return disposition_key(t, f, a, text);
	if (s->sec == SEC_STAGES)
		return stage_add(t, a, text);
	return value_add(t, a, text);
}

static void
add_open(struct tui *t)
{
	struct settings *s = settings_of(t);
	struct form *f;

	f = form_new(s->sec == SEC_VALUES ? "Calling hours for a country or "
	    "state (US, US-FL):" : "Name of the new value:", NULL);
	if (f == NULL || (f->data = calloc(1, sizeof(struct adding))) ==
	    NULL) {
		free(f);
		form_open(t, NULL);
		return;
	}
	f->pick = add_pick;
	f->submit = add_submit;
	form_open(t, f);
}

static int
edit_submit(struct tui *t, struct form *f)
{
	struct settings *s = settings_of(t);
	const struct item *it = selected(t);
	struct err err = { 0 };
	char text[256], said[200];
	int rc;

	text_trim(f->text, text, sizeof text);
	if (it == NULL)
		return 0;
	if (s->sec == SEC_VALUES)
		rc = store_setting_set(t->st, t->who, it->name, text, &err);
	else if (s->sec == SEC_STAGES)
		rc = store_stage_rename(t->st, t->who, it->name, text, &err);
	else
		rc = store_choice_rename(t->st, t->who, sections[s->sec].list,
		    it->name, text, &err);
	snprintf(said, sizeof said, s->sec == SEC_VALUES ? "%.60s = %.60s." :
	    "%.60s is now %.60s.", it->name, text);
	if (s->sec == SEC_VALUES && text[0] == '\0')
		snprintf(said, sizeof said, "Cleared %.60s: its default "
		    "applies.", it->name);
	tui_outcome(t, rc, &err, said);
	return rc == EX_DATAERR && s->sec == SEC_VALUES;
}

static void
edit_open(struct tui *t)
{
	struct settings *s = settings_of(t);
	const struct item *it = selected(t);
	char label[160];

	if (it == NULL)
		return;
	snprintf(label, sizeof label, s->sec == SEC_VALUES ? "%s (see the "
	    "line for what it takes):" : "New name of %s:", it->name);
	form_ask(t, label, s->sec == SEC_VALUES ? it->value : it->name,
	    edit_submit);
}

static void
item_move(struct tui *t, int by)
{
	struct settings *s = settings_of(t);
	const struct item *it = selected(t);
	struct err err = { 0 };
	char said[160];
	int rc, to = s->list.sel + 1 + by;

	if (it == NULL || s->sec == SEC_VALUES || to < 1 || to > s->n)
		return;
	if (s->sec == SEC_STAGES)
		rc = store_stage_move(t->st, t->who, it->name, to, &err);
	else
		rc = store_choice_move(t->st, t->who, sections[s->sec].list,
		    it->name, to, &err);
	snprintf(said, sizeof said, "%s is now number %d.", it->name, to);
	if (rc == 0)
		s->list.sel = to - 1;
	tui_outcome(t, rc, &err, said);
}

static void
item_toggle(struct tui *t)
{
	struct settings *s = settings_of(t);
	const struct item *it = selected(t);
	struct err err = { 0 };
	char said[200];
	int rc;

	if (it == NULL || s->sec == SEC_VALUES) {
		tui_message(t, "Values are changed with e.");
		return;
	}
	if (s->sec == SEC_STAGES) {
		rc = store_stage_remove(t->st, t->who, it->name, NULL, &err);
		snprintf(said, sizeof said, "The stage %s is gone.", it->name);
	} else {
		rc = store_choice_set_active(t->st, t->who,
		    sections[s->sec].list, it->name, !it->active, &err);
		snprintf(said, sizeof said, it->active ? "%s is no longer "
		    "offered; records that have it keep it." : "%s is offered "
		    "again.", it->name);
	}
	tui_outcome(t, rc, &err, said);
}

static int
limit_submit(struct tui *t, struct form *f)
{
	const struct item *it = selected(t);
	struct err err = { 0 };
	char text[64], said[160], *end;
	long n;
	int rc;

	text_trim(f->text, text, sizeof text);
	n = strtol(text, &end, 10);
	if (it == NULL)
		return 0;
	if (*text != '\0' && (*end != '\0' || n < 1 ||
	    n > CHOICE_LIMIT_MAX)) {
		tui_message(t, "Type the minutes, 1 to %d, or nothing for no "
		    "limit.", CHOICE_LIMIT_MAX);
		return 1;
	}
	rc = store_choice_set_limit(t->st, t->who, it->name, *text ? (int)n :
	    0, &err);
	if (*text != '\0')
		snprintf(said, sizeof said, "A pause for %.60s over %ld min "
		    "alerts the team lead.", it->name, n);
	else
		snprintf(said, sizeof said, "%.60s has no limit.", it->name);
	tui_outcome(t, rc, &err, said);
	return 0;
}

/* A pause reason's limit is asked for; a disposition's contact flips. */
static void
limit_open(struct tui *t)
{
	struct settings *s = settings_of(t);
	const struct item *it = selected(t);
	struct err err = { 0 };
	char label[160], said[160], minutes[16] = "";
	int rc;

	if (it == NULL || (s->sec != SEC_PAUSE && s->sec != SEC_DISPOSITIONS)) {
		tui_message(t, "L sets a pause reason's limit or a "
		    "disposition's contact.");
		return;
	}
	if (s->sec == SEC_DISPOSITIONS) {
		rc = store_choice_set_contact(t->st, t->who, it->name,
		    !it->contact, &err);
		snprintf(said, sizeof said, it->contact ? "A call logged %.60s "
		    "no longer counts as a contact." : "A call logged %.60s "
		    "counts as a contact.", it->name);
		tui_outcome(t, rc, &err, said);
		return;
	}
	if (it->limit > 0)
		snprintf(minutes, sizeof minutes, "%d", it->limit);
	snprintf(label, sizeof label, "Limit of %s in minutes (nothing: "
	    "none):", it->name);
	form_ask(t, label, minutes, limit_submit);
}

static int
settings_handle(struct view *v, enum tui_action a)
{
	struct settings *s = v->data;

	if (s->sec == SEC_OUTCOMES && (a == TA_SET_ADD || a == TA_SET_EDIT ||
	    a == TA_SET_LATER || a == TA_SET_SOONER || a == TA_SET_ACTIVE ||
	    a == TA_SET_LIMIT)) {
		tui_message(v->tui, "The outcomes are read only here; callq(1) "
		    "says where they come from.");
		return 1;
	}
	if (list_handle(&s->list, s->n, a))
		return 1;
	switch (a) {
	case TA_RIGHT:
	case TA_LEFT:
		s->sec = (enum section)((s->sec + SEC_COUNT + (a == TA_RIGHT ?
		    1 : -1)) % SEC_COUNT);
		s->list.sel = s->list.top = 0;
		settings_reload(v);
		break;
	case TA_SET_ADD: add_open(v->tui); break;
	case TA_SET_EDIT: edit_open(v->tui); break;
	case TA_SET_LATER: item_move(v->tui, 1); break;
	case TA_SET_SOONER: item_move(v->tui, -1); break;
	case TA_SET_ACTIVE: item_toggle(v->tui); break;
	case TA_SET_LIMIT: limit_open(v->tui); break;
	default:
		return 0;
	}
	return 1;
}

/* The tabs' names when the whole ones do not fit. */
static const char *const tab_short[SEC_COUNT] = {
	[SEC_DISPOSITIONS] = "Dispositions", [SEC_STAGES] = "Stages",
	[SEC_SOURCES] = "Sources", [SEC_PAUSE] = "Pause",
	[SEC_FOLLOWUP] = "Follow-up", [SEC_DROP] = "Drop",
	[SEC_PRODUCT] = "Products", [SEC_WON] = "Won", [SEC_METHOD] = "Methods",
	[SEC_OUTCOMES] = "Outcomes", [SEC_VALUES] = "Values",
};

/* The columns tabs first to last take, two spaces between. */
static int
tabs_width(const char *const *names, int first, int last)
{
	int i, width = 0;

	for (i = first; i <= last; i++)
		width += text_width(names[i]) + (i > first ? 2 : 0);
	return width;
}

/*
 * The section tabs: whole, else abbreviated, else scrolled to keep the
 * current one in sight, with < and > in the margins saying there are more.
 */
static void
tabs_draw(struct settings *s, WINDOW *win, int w)
{
	const char *full[SEC_COUNT], *const *names = full;
	int i, x = 1, first = 0, room = w - 2;

	for (i = 0; i < SEC_COUNT; i++)
		full[i] = sections[i].title;
	if (tabs_width(full, 0, SEC_COUNT - 1) > room)
		names = tab_short;
	while (first < (int)s->sec &&
	    tabs_width(names, first, (int)s->sec) > room)
		first++;
	if (first > 0)
		mvwaddch(win, 0, 0, '<');
	/* Whole tabs only, but the current one even if it must be cut. */
	for (i = first; i < SEC_COUNT && x < w - 1 && (i == first ||
	    x + text_width(names[i]) <= w - 1); i++) {
		if (i == (int)s->sec)
			wattron(win, A_REVERSE | A_BOLD);
		tui_put(win, 0, x, text_width(names[i]) < w - 1 - x ?
		    text_width(names[i]) : w - 1 - x, names[i]);
		wattroff(win, A_REVERSE | A_BOLD);
		x += text_width(names[i]) + 2;
	}
	if (i < SEC_COUNT || x - 2 > w - 1)
		mvwaddch(win, 0, w - 1, '>');
}

static void
settings_draw(struct view *v, WINDOW *win)
{
	struct column cols[4] = {
		{ "", 3, 3, 3, 1, 0, 0, 0 },
		{ "", 12, 24, 0, 0, 0, 0, 0 },
		{ "", 5, 5, 2, 0, 0, 0, 0 },
		{ "", 16, 30, 0, 0, 1, 0, 0 },
	};
	struct settings *s = v->data;
	int i, h = getmaxy(win) - 2, w = getmaxx(win);
	char line[400], num[16];

	tabs_draw(s, win, w);
	wrap_put(win, 1, 1, w - 2, 1, s->sec == SEC_VALUES ? "e edits a "
	    "value; a sets calling hours for a country or state." : s->sec ==
	    SEC_OUTCOMES ? "Where a call of each disposition takes a lead in "
	    "each status ([/]: sections)." : "a adds, e renames, J/K move, x "
	    "takes a value out of the pickers ([/]: sections).");
	columns_fit(cols, 4, w);
	*line = '\0';
	if (s->n > 0)
		snprintf(line, sizeof line, "%s%s: %s", s->items[s->list.sel].name,
		    s->items[s->list.sel].active ? "" : " (off)",
		    s->items[s->list.sel].text);
	h = detail_draw(v->tui, win, h, line) - 1;
	list_show(&s->list, h);
	for (i = 0; i < h && s->list.top + i < s->n; i++) {
		const struct item *it = &s->items[s->list.top + i];
		const char *cells[4] = { num, it->name, it->active ? "" :
		    "(off)", it->text };
		int sel = s->list.top + i == s->list.sel;

		snprintf(num, sizeof num, "%d", s->list.top + i + 1);
		tui_row(win, 2 + i, w, "", sel, 0);
		wattrset(win, sel ? (int)A_REVERSE : it->active ? 0 :
		    tui_dim_attr(v->tui));
		columns_row(win, 2 + i, cols, 4, cells);
		wattrset(win, A_NORMAL);
	}
}

const struct view_ops settings_view = {
	.name = "Settings",
	.keys = settings_keys,
	.state_size = sizeof(struct settings),
	VIEW_FOR(ACT_SETTINGS),
	.reload = settings_reload,
	.draw = settings_draw,
	.handle = settings_handle,
};
