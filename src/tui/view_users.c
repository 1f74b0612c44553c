/*
 * Users: who is on the floor, with role, team, Unix login, phone, whether
 * active and where they are today. Columns that do not fit are dropped,
 * least needed first; an inactive user is marked at any width, and Enter
 * shows the selected user's whole record on a line of its own. a adds a
 * user, r changes the role, t the team, P the phone, @ the e-mail the
 * daily digest goes to, e the regions, x
 * deactivates or reactivates; M shows what each role may do, read from
 * the one permission table so it cannot disagree with it.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/text.h"
#include "callq/user.h"
#include "form.h"
#include "users.h"
#include "list.h"

#define MAX_USERS 500
#define DETAIL_LINES 2

struct user_line {
	char login[64], name[128], role[12], team[128], phone[24], ext[24];
	char regions[512], attendance[8], email[256];
	int  active;
};

struct users {
	struct user_line items[MAX_USERS];
	int              n;
	struct list      list;
	int              inactive;	/* how many of them */
	int              matrix;	/* the permission matrix instead */
	int              matrix_top;	/* its first action row shown */
	int              matrix_rows;	/* how many fit, as last drawn */
	int              detail;	/* the selected user's whole record shown */
};

static const struct keybind users_keys[] = {
	NAV_KEYS,
	{ 'w', "w, Enter", TA_DETAIL, "Show or hide the user's whole record",
	  "Details" },
	{ '\r', NULL, TA_DETAIL, NULL, NULL },
	{ KEY_ENTER, NULL, TA_DETAIL, NULL, NULL },
	{ 'a', "a", TA_USER_ADD, "Add a user for a Unix account", "Add" },
	{ 'r', "r", TA_USER_ROLE, "Change the user's role", "Role" },
	{ 't', "t", TA_USER_TEAM, "Set the user's team", "Team" },
	{ 'P', "P", TA_USER_PHONE, "Set the user's phone", "Phone" },
	/* Set once a user, so left off the hint bar; help lists it. */
	{ '@', "@", TA_USER_EMAIL, "Set the user's e-mail, for the daily "
	  "digest", NULL },
	{ 'e', "e", TA_EDIT, "Edit the user's regions (Space picks)",
	  "Regions" },
	{ 'x', "x", TA_USER_DEACTIVATE, "Deactivate the user, or reactivate "
	  "an inactive one", "(De)activate" },
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
	snprintf(l->name, sizeof l->name, "%s", u->name);
	snprintf(l->role, sizeof l->role, "%s", role_name(u->role));
	snprintf(l->team, sizeof l->team, "%s", u->team);
	snprintf(l->phone, sizeof l->phone, "%s", u->phone);
	snprintf(l->ext, sizeof l->ext, "%s", u->extension);
	snprintf(l->regions, sizeof l->regions, "%s", u->regions[0] ?
	    u->regions : "all");
	snprintf(l->attendance, sizeof l->attendance, "%s", u->attendance);
	snprintf(l->email, sizeof l->email, "%s", u->email);
	l->active = u->active;
	us->inactive += !u->active;
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
		snprintf(login, sizeof login, "%s",
		    us->items[us->list.sel].login);
	us->n = us->inactive = 0;
	if (store_user_list(v->tui->st, user_take, us, &err) != 0)
		tui_message(v->tui, "%s", err.msg);
	for (i = 0; i < us->n; i++)
		if (strcmp(us->items[i].login, login) == 0)
			us->list.sel = i;
	list_fit(&us->list, us->n);
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

	return us->n > 0 ? us->items[us->list.sel].login : NULL;
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
	char team[128], said[256];
	int rc;

	text_trim(f->text, team, sizeof team);
	rc = store_user_set_team(t->st, t->who, login, team, &err);
	snprintf(said, sizeof said, team[0] ? "%s is in team %s." :
	    "%s is in no team.", login, team);
	return form_outcome(t, f, rc, &err, said);
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
	return form_outcome(t, f, rc, &err, said);
}

static int
email_submit(struct tui *t, struct form *f)
{
	const char *login = selected_login(t);
	struct err err = { 0 };
	char email[512], said[400];
	int rc;

	text_trim(f->text, email, sizeof email);
	rc = store_user_set_email(t->st, t->who, login, email, &err);
	snprintf(said, sizeof said, email[0] ? "%s's digest goes to %s." :
	    "%s has no e-mail now.", login, email);
	return form_outcome(t, f, rc, &err, said);
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
	snprintf(f->choices, sizeof f->choices, "%s", user_role_choices);
	f->pick = role_pick;
}

/*
 * The matrix scrolls by whole pages of actions: the table outgrew 24
 * lines, and an action cut off the bottom would read as not there.
 */
static int
matrix_scroll(struct users *us, enum tui_action a, int rows)
{
	int last = ACT_COUNT - rows;

	switch (a) {
	case TA_DOWN: case TA_PAGE_DOWN: case TA_BOTTOM:
		us->matrix_top = a == TA_BOTTOM ? last : us->matrix_top +
		    (a == TA_DOWN ? 1 : rows);
		break;
	case TA_UP: case TA_PAGE_UP: case TA_TOP:
		us->matrix_top = a == TA_TOP ? 0 : us->matrix_top -
		    (a == TA_UP ? 1 : rows);
		break;
	default:
		return 0;
	}
	if (us->matrix_top > last)
		us->matrix_top = last;
	if (us->matrix_top < 0)
		us->matrix_top = 0;
	return 1;
}

static void
matrix_draw(WINDOW *win, int h, int w, struct users *us)
{
	char line[256], cell[16];
	int a, r, rows = h - 3, *top = &us->matrix_top;

	us->matrix_rows = rows;
	if (*top > ACT_COUNT - rows)
		*top = ACT_COUNT - rows > 0 ? ACT_COUNT - rows : 0;
	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "What each role may do (the permission "
	    "table; read only)%s. M goes back to the users.", rows <
	    ACT_COUNT ? ", j/k scroll" : "");
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	snprintf(line, sizeof line, "%-34s", "");
	for (r = 0; r < ROLE_COUNT; r++) {
		snprintf(cell, sizeof cell, " %-9s", role_name((enum role)r));
		strncat(line, cell, sizeof line - strlen(line) - 1);
	}
	wattron(win, A_UNDERLINE);
	tui_put(win, 1, 1, w - 2, line);
	wattroff(win, A_UNDERLINE);
	for (a = *top; a < ACT_COUNT && a - *top < rows; a++) {
		snprintf(line, sizeof line, "%-34.34s", action_text(
		    (enum action)a));
		for (r = 0; r < ROLE_COUNT; r++) {
			snprintf(cell, sizeof cell, " %-9s", scope_name(
			    perm_scope((enum role)r, (enum action)a)));
			strncat(line, cell, sizeof line - strlen(line) - 1);
		}
		tui_put(win, 2 + a - *top, 1, w - 2, line);
	}
	if (*top + rows < ACT_COUNT) {
		snprintf(line, sizeof line, "+%d more below",
		    ACT_COUNT - *top - rows);
		tui_put(win, 2 + rows, 1, w - 2, line);
	}
}

static int
users_handle(struct view *v, enum tui_action a)
{
	struct users *us = v->data;
	const struct user_line *l = us->n > 0 ? &us->items[us->list.sel] : NULL;

	if (us->matrix && matrix_scroll(us, a, us->matrix_rows))
		return 1;
	if (list_handle(&us->list, us->n, a))
		return 1;
	switch (a) {
	case TA_MATRIX: us->matrix = !us->matrix; break;
	case TA_DETAIL: us->detail = !us->detail; break;
	case TA_USER_ADD: user_add_open(v->tui); break;
	case TA_USER_ROLE: role_open(v->tui); break;
	case TA_USER_TEAM:
		user_form(v->tui, "Team of %s (Enter with nothing: no team):",
		    l ? l->team : NULL, team_submit);
		break;
	case TA_USER_PHONE:
		user_form(v->tui, "Phone of %s, international form:",
		    l ? l->phone : NULL, phone_submit);
		break;
	case TA_USER_EMAIL:
		user_form(v->tui, "E-mail of %s (Enter with nothing: none):",
		    l ? l->email : NULL, email_submit);
		break;
	case TA_EDIT:
		if (l != NULL)
			user_regions_open(v->tui, l->login);
		break;
	case TA_USER_DEACTIVATE:
		if (l != NULL)
			user_active_ask(v->tui, l->login, l->active);
		break;
	default:
		return 0;
	}
	return 1;
}

enum ucol { COL_LOGIN, COL_NAME, COL_ROLE, COL_TEAM, COL_PHONE, COL_EXT,
	COL_ACTIVE, COL_TODAY, COL_REGIONS, COL_COUNT };

static const struct {
	const char *title;
	int         least, most;	/* columns; most 0: whatever is left */
} ucols[COL_COUNT] = {
	{ "Login", 12, 12 }, { "Name", 14, 20 }, { "Role", 8, 8 },
	{ "Team", 12, 12 }, { "Phone", 15, 15 }, { "Ext", 5, 5 },
	{ "Active", 6, 6 }, { "Today", 6, 6 }, { "Regions", 10, 0 },
};

/* The columns kept when the pane is narrow, most needed first. */
static const enum ucol keep_order[COL_COUNT] = { COL_LOGIN, COL_ROLE,
	COL_NAME, COL_ACTIVE, COL_TODAY, COL_REGIONS, COL_TEAM, COL_PHONE,
	COL_EXT };

/* An inactive user's mark, before the login at every width. */
#define MARK "x "
#define MARK_W 2

struct layout {
	int width[COL_COUNT];	/* 0: dropped */
	int dropped;
};

/* The columns that fit in avail, each at its least; then they grow. */
static void
layout_make(int avail, struct layout *lo)
{
	int i, c, used = MARK_W, more;

	memset(lo, 0, sizeof *lo);
	for (i = 0; i < COL_COUNT; i++) {
		c = keep_order[i];
		if (used + ucols[c].least + 1 > avail) {
			lo->dropped = 1;
			break;
		}
		lo->width[c] = ucols[c].least;
		used += ucols[c].least + 1;
	}
	more = ucols[COL_NAME].most - lo->width[COL_NAME];
	if (lo->width[COL_NAME] > 0 && more > avail - used)
		more = avail - used;
	if (lo->width[COL_NAME] > 0 && more > 0) {
		lo->width[COL_NAME] += more;
		used += more;
	}
	if (lo->width[COL_REGIONS] > 0)
		lo->width[COL_REGIONS] += avail - used;
}

/* One line of the list: mark, then each column kept, padded. */
static void
line_build(const struct layout *lo, const char *mark,
    const char *const cells[COL_COUNT], char *line, size_t size)
{
	char cell[1024];
	size_t len;
	int c;

	text_fit(mark, MARK_W, 1, line, size);
	for (c = 0; c < COL_COUNT; c++) {
		if (lo->width[c] == 0)
			continue;
		text_fit(cells[c], lo->width[c], 1, cell, sizeof cell);
		len = strlen(line);
		snprintf(line + len, size - len, "%s ", cell);
	}
}

static void
user_cells(const struct user_line *l, const char *cells[COL_COUNT])
{
	cells[COL_LOGIN] = l->login;
	cells[COL_NAME] = l->name;
	cells[COL_ROLE] = l->role;
	cells[COL_TEAM] = l->team;
	cells[COL_PHONE] = l->phone;
	cells[COL_EXT] = l->ext;
	cells[COL_ACTIVE] = l->active ? "yes" : "no";
	cells[COL_TODAY] = l->attendance;
	cells[COL_REGIONS] = l->regions;
}

/* Writes s from line y in at most n lines of w columns, broken at spaces. */
static void
wrap_put(WINDOW *win, int y, int w, int n, const char *s)
{
	char part[1024];
	int i, cut, cols;

	for (; n > 0; n--, y++) {
		cut = 0;
		cols = 0;
		for (i = 0; s[i] != '\0' && cols <= w; i++) {
			if (((unsigned char)s[i] & 0xc0) != 0x80)
				cols++;
			if (s[i] == ' ' && cols <= w)
				cut = i;
		}
		if (s[i] == '\0' && cols <= w)
			cut = i;
		if (cut == 0 || n == 1)
			cut = i;
		snprintf(part, sizeof part, "%.*s", cut, s);
		tui_put(win, y, 1, w, part);
		s += cut;
		while (*s == ' ')
			s++;
	}
}

/* The selected user's whole record, for when the columns do not fit. */
static void
detail_draw(WINDOW *win, int y, int w, const struct user_line *l)
{
	char text[1700];

	snprintf(text, sizeof text, "%s (%s): %s%s%s%s%s%s%s%s%s; %s; today %s;"
	    " regions: %s", l->login, l->name, l->role, l->team[0] ?
	    ", team " : ", no team", l->team, l->phone[0] ? ", phone " : "",
	    l->phone, l->ext[0] ? " ext " : "", l->ext, l->email[0] ?
	    ", e-mail " : "", l->email, l->active ? "active" :
	    "INACTIVE (x reactivates)", l->attendance, l->regions);
	wattron(win, A_BOLD);
	wrap_put(win, y, w - 2, DETAIL_LINES, text);
	wattroff(win, A_BOLD);
}

static void
users_draw(struct view *v, WINDOW *win)
{
	struct users *us = v->data;
	int i, h = getmaxy(win) - 2, w = getmaxx(win);
	const char *cells[COL_COUNT];
	struct layout lo;
	char line[2048];

	if (us->matrix)
		return matrix_draw(win, h + 2, w, us);
	layout_make(w - 2, &lo);
	if (us->detail && us->n > 0 && h > DETAIL_LINES + 1)
		h -= DETAIL_LINES;
	snprintf(line, sizeof line, "Users: %d, %d inactive (marked x)%s",
	    us->n, us->inactive, lo.dropped && !us->detail ?
	    "; w shows all of a user" : "");
	wattron(win, A_BOLD);
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	for (i = 0; i < COL_COUNT; i++)
		cells[i] = ucols[i].title;
	line_build(&lo, "", cells, line, sizeof line);
	wattron(win, A_UNDERLINE);
	tui_put(win, 1, 1, w - 2, line);
	wattroff(win, A_UNDERLINE);
	list_show(&us->list, h);
	for (i = 0; i < h && us->list.top + i < us->n; i++) {
		const struct user_line *l = &us->items[us->list.top + i];

		user_cells(l, cells);
		line_build(&lo, l->active ? "" : MARK, cells, line,
		    sizeof line);
		tui_row(win, 2 + i, w, line, us->list.top + i == us->list.sel,
		    l->active ? 0 : tui_dim_attr(v->tui));
	}
	if (h < getmaxy(win) - 2)
		detail_draw(win, 2 + h, w, &us->items[us->list.sel]);
}

const struct view_ops users_view = {
	.name = "Users",
	.keys = users_keys,
	.state_size = sizeof(struct users),
	VIEW_FOR(ACT_USER_MANAGE),
	.reload = users_reload,
	.draw = users_draw,
	.handle = users_handle,
};
