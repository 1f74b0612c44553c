/*
 * Users: who is on the floor, with role, team, Unix login, phone, whether
 * active and where they are today. a adds a user, r changes the role, t
 * the team, P the phone, x deactivates; M shows what each role may do,
 * read from the one permission table so it cannot disagree with it.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/text.h"
#include "callq/user.h"
#include "form.h"
#include "view.h"

#define MAX_USERS 500

struct user_line {
	char login[64], name[64], role[12], team[40], phone[24], ext[16];
	char regions[64], attendance[8];
	int  active;
};

struct users {
	struct user_line items[MAX_USERS];
	int              n, sel, top;
	int              matrix;	/* the permission matrix instead */
};

static const struct keybind users_keys[] = {
	{ 'j', "j, Down", TA_DOWN, "Next user", NULL },
	{ KEY_DOWN, NULL, TA_DOWN, NULL, NULL },
	{ 'k', "k, Up", TA_UP, "Previous user", NULL },
	{ KEY_UP, NULL, TA_UP, NULL, NULL },
	{ 'a', "a", TA_USER_ADD, "Add a user for a Unix account", "Add" },
	{ 'r', "r", TA_USER_ROLE, "Change the user's role", "Role" },
	{ 't', "t", TA_USER_TEAM, "Set the user's team", "Team" },
	{ 'P', "P", TA_USER_PHONE, "Set the user's phone", "Phone" },
	{ 'x', "x", TA_USER_DEACTIVATE, "Deactivate the user", "Deactivate" },
	{ 'M', "M", TA_MATRIX, "Show or hide what each role may do",
	  "Permissions" },
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static int
user_take(const struct user *u, void *arg)
{
	struct users *us = arg;
	struct user_line *l;

	if (us->n == MAX_USERS)
		return 1;
	l = &us->items[us->n++];
	snprintf(l->login, sizeof l->login, "%s", u->login);
	text_fit(u->name, 20, 0, l->name, sizeof l->name);
	snprintf(l->role, sizeof l->role, "%s", role_name(u->role));
	text_fit(u->team, 12, 0, l->team, sizeof l->team);
	snprintf(l->phone, sizeof l->phone, "%s", u->phone);
	snprintf(l->ext, sizeof l->ext, "%s", u->extension);
	text_fit(u->regions[0] ? u->regions : "all", 20, 0, l->regions,
	    sizeof l->regions);
	snprintf(l->attendance, sizeof l->attendance, "%s", u->attendance);
	l->active = u->active;
	return 0;
}

static void
users_reload(struct view *v)
{
	struct users *us = v->data;
	struct err err = { 0 };
	char login[64] = "";
	int i;

	if (us->n > 0)
		snprintf(login, sizeof login, "%s", us->items[us->sel].login);
	us->n = 0;
	if (store_user_list(v->tui->st, user_take, us, &err) != 0)
		tui_message(v->tui, "%s", err.msg);
	for (i = 0; i < us->n; i++)
		if (strcmp(us->items[i].login, login) == 0)
			us->sel = i;
	if (us->sel >= us->n)
		us->sel = us->n > 0 ? us->n - 1 : 0;
}

static const char ROLE_CHOICES[] =
    "Role:  1 admin  2 lead  3 rep  4 analyst  5 recovery";

/* The user being added, step by step: login, name, role, team, phone. */
struct user_draft {
	char      login[64], name[64], team[64];
	enum role role;
};

static void
add_finish(struct tui *t, struct form *f)
{
	struct user_draft *d = f->data;
	struct user_spec spec = { d->login, d->name[0] ? d->name : d->login,
	    d->role,
	    d->team[0] ? d->team : NULL, f->text[0] ? f->text : NULL, NULL,
	    NULL };
	struct err err = { 0 };
	char said[128];
	int64_t id;
	int rc;

	rc = store_user_add(t->st, t->who, &spec, &id, &err);
	snprintf(said, sizeof said, "Added %s as %s.", d->login,
	    role_title(d->role));
	tui_outcome(t, rc, &err, said);
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
	form_step(f, 3, "Team (Enter for none; a new name makes the team):",
	    NULL);
}

static int
add_submit(struct tui *t, struct form *f)
{
	struct user_draft *d = f->data;
	char text[256];

	text_trim(f->text, text, sizeof text);
	if (strlen(text) >= sizeof d->login) {
		tui_message(t, "That is longer than %zu characters.",
		    sizeof d->login - 1);
		return 1;
	}
	switch (f->step) {
	case 0:
		if (text[0] == '\0') {
			tui_message(t, "Type the user's Unix login, or Esc.");
			return 1;
		}
		snprintf(d->login, sizeof d->login, "%.63s", text);
		form_step(f, 1, "Full name (Enter: the login):", NULL);
		return 1;
	case 1:
		snprintf(d->name, sizeof d->name, "%.63s", text);
		form_step(f, 2, "Role of the new user:", ROLE_CHOICES);
		return 1;
	case 3:
		snprintf(d->team, sizeof d->team, "%.63s", text);
		form_step(f, 4, "Phone in international form (Enter for none):",
		    NULL);
		return 1;
	default:
		snprintf(f->text, sizeof f->text, "%s", text);
		add_finish(t, f);
		return 0;
	}
}

static void
add_open(struct tui *t)
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
	form_open(t, f);
}

static struct users *
users_of(struct tui *t)
{
	return t->panes[PANE_USERS].data;
}

static const char *
selected_login(struct tui *t)
{
	struct users *us = users_of(t);

	return us->n > 0 ? us->items[us->sel].login : NULL;
}

static void
role_pick(struct tui *t, struct form *f, int digit)
{
	struct err err = { 0 };
	char said[128];
	int rc;

	(void)f;
	if (digit < 1 || digit > ROLE_COUNT) {
		tui_message(t, "Pick a role 1-5, or Esc.");
		return;
	}
	rc = store_user_set_role(t->st, t->who, selected_login(t),
	    (enum role)(digit - 1), &err);
	snprintf(said, sizeof said, "%s is now %s.", selected_login(t),
	    role_title((enum role)(digit - 1)));
	form_close(t);
	tui_outcome(t, rc, &err, said);
}

/* Enter with no digit: form_key has already said what to do. */
static int
role_submit(struct tui *t, struct form *f)
{
	(void)t;
	(void)f;
	return 1;
}

static int
team_submit(struct tui *t, struct form *f)
{
	const char *login = selected_login(t);
	struct err err = { 0 };
	char team[64], said[160];
	int rc;

	text_trim(f->text, team, sizeof team);
	rc = store_user_set_team(t->st, t->who, login, team, &err);
	snprintf(said, sizeof said, team[0] ? "%s is in team %s." :
	    "%s is in no team.", login, team);
	tui_outcome(t, rc, &err, said);
	return 0;
}

static int
phone_submit(struct tui *t, struct form *f)
{
	const char *login = selected_login(t);
	struct err err = { 0 };
	char phone[64], said[160];
	int rc;

	text_trim(f->text, phone, sizeof phone);
	rc = store_user_contact(t->st, t->who, login, phone, NULL, &err);
	snprintf(said, sizeof said, phone[0] ? "%s's calls ring %s." :
	    "%s has no phone now.", login, phone);
	tui_outcome(t, rc, &err, said);
	return 0;
}

static int
deactivate_submit(struct tui *t, struct form *f)
{
	const char *login = selected_login(t);
	struct err err = { 0 };
	char said[160];
	int rc;

	(void)f;
	rc = store_user_deactivate(t->st, t->who, login, &err);
	snprintf(said, sizeof said, "%s can no longer use callq; their "
	    "history stays.", login);
	tui_outcome(t, rc, &err, said);
	return 0;
}

/* A one-line form about the selected user. */
static void
user_form(struct tui *t, const char *fmt, const char *text,
    int (*submit)(struct tui *, struct form *))
{
	const char *login = selected_login(t);
	char label[160];

	if (login == NULL)
		return;
	snprintf(label, sizeof label, fmt, login);
	form_ask(t, label, text, submit);
}

static void
role_open(struct tui *t)
{
	const char *login = selected_login(t);
	char label[160];
	struct form *f;

	if (login == NULL)
		return;
	snprintf(label, sizeof label, "New role of %s:", login);
	if ((f = form_ask(t, label, NULL, role_submit)) == NULL)
		return;
	snprintf(f->choices, sizeof f->choices, "%s", ROLE_CHOICES);
	f->pick = role_pick;
}

static int
users_handle(struct view *v, enum tui_action a)
{
	struct users *us = v->data;
	const struct user_line *l = us->n > 0 ? &us->items[us->sel] : NULL;

	switch (a) {
	case TA_DOWN:
		if (us->sel + 1 < us->n)
			us->sel++;
		break;
	case TA_UP:
		if (us->sel > 0)
			us->sel--;
		break;
	case TA_MATRIX: us->matrix = !us->matrix; break;
	case TA_USER_ADD: add_open(v->tui); break;
	case TA_USER_ROLE: role_open(v->tui); break;
	case TA_USER_TEAM:
		user_form(v->tui, "Team of %s (Enter with nothing: no team):",
		    l ? l->team : NULL, team_submit);
		break;
	case TA_USER_PHONE:
		user_form(v->tui, "Phone of %s, international form:",
		    l ? l->phone : NULL, phone_submit);
		break;
	case TA_USER_DEACTIVATE:
		user_form(v->tui, "Deactivate %s? Enter does, Esc keeps them:",
		    NULL, deactivate_submit);
		break;
	default:
		return 0;
	}
	return 1;
}

static void
matrix_draw(WINDOW *win, int h, int w)
{
	char line[256], cell[16];
	int a, r;

	wattron(win, A_BOLD);
	tui_put(win, 0, 1, w - 2, "What each role may do (the permission "
	    "table; read only). M goes back to the users.");
	wattroff(win, A_BOLD);
	snprintf(line, sizeof line, "%-34s", "");
	for (r = 0; r < ROLE_COUNT; r++) {
		snprintf(cell, sizeof cell, " %-9s", role_name((enum role)r));
		strncat(line, cell, sizeof line - strlen(line) - 1);
	}
	wattron(win, A_UNDERLINE);
	tui_put(win, 1, 1, w - 2, line);
	wattroff(win, A_UNDERLINE);
	for (a = 0; a < ACT_COUNT && a + 2 < h; a++) {
		snprintf(line, sizeof line, "%-34.34s", action_text(
		    (enum action)a));
		for (r = 0; r < ROLE_COUNT; r++) {
			snprintf(cell, sizeof cell, " %-9s", scope_name(
			    perm_scope((enum role)r, (enum action)a)));
			strncat(line, cell, sizeof line - strlen(line) - 1);
		}
		tui_put(win, 2 + a, 1, w - 2, line);
	}
}

static void
users_draw(struct view *v, WINDOW *win)
{
	struct users *us = v->data;
	int i, h = getmaxy(win) - 2, w = getmaxx(win);
	char line[400];

	if (us->matrix)
		return matrix_draw(win, h + 2, w);
	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Users: %d", us->n);
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	snprintf(line, sizeof line, "%-12s %-20s %-8s %-12s %-15s %-5s %-6s "
	    "%-6s %s", "Login", "Name", "Role", "Team", "Phone", "Ext",
	    "Active", "Today", "Regions");
	wattron(win, A_UNDERLINE);
	tui_put(win, 1, 1, w - 2, line);
	wattroff(win, A_UNDERLINE);
	tui_scroll(us->sel, &us->top, h);
	for (i = 0; i < h && us->top + i < us->n; i++) {
		const struct user_line *l = &us->items[us->top + i];

		snprintf(line, sizeof line, "%-12s %-20s %-8s %-12s %-15s %-5s "
		    "%-6s %-6s %s", l->login, l->name, l->role, l->team,
		    l->phone, l->ext, l->active ? "yes" : "no", l->attendance,
		    l->regions);
		tui_row(win, 2 + i, w, line, us->top + i == us->sel,
		    l->active ? 0 : tui_dim_attr(v->tui));
	}
}

static int
users_open(struct view *v)
{
	return (v->data = calloc(1, sizeof(struct users))) == NULL ? -1 : 0;
}

static int
users_visible(const struct tui *t)
{
	return perm_scope(t->who->role, ACT_USER_MANAGE) != SCOPE_NONE;
}

const struct view_ops users_view = {
	.name = "Users",
	.keys = users_keys,
	.open = users_open,
	.close = view_data_free,
	.reload = users_reload,
	.draw = users_draw,
	.handle = users_handle,
	.visible = users_visible,
};
