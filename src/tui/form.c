#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "callq/draft.h"
#include "callq/followup.h"
#include "callq/text.h"
#include "callq/when.h"
#include "form.h"

struct form *
form_new(const char *label, const char *text)
{
	struct form *f = calloc(1, sizeof *f);

	if (f == NULL)
		return NULL;
	snprintf(f->label, sizeof f->label, "%s", label);
	snprintf(f->text, sizeof f->text, "%s", text ? text : "");
	return f;
}

void
form_close(struct tui *t)
{
	if (t->form == NULL)
		return;
	free(t->form->data);
	free(t->form);
	t->form = NULL;
	curs_set(0);
}

void
form_open(struct tui *t, struct form *f)
{
	form_close(t);
	t->form = f;
	if (f == NULL)
		tui_message(t, "out of memory: nothing was opened");
}

struct form *
form_ask(struct tui *t, const char *label, const char *text,
    int (*submit)(struct tui *, struct form *))
{
	struct form *f = form_new(label, text);

	if (f != NULL)
		f->submit = submit;
	form_open(t, f);
	return f;
}

void
form_step(struct form *f, int step, const char *label, const char *choices)
{
	f->step = step;
	snprintf(f->label, sizeof f->label, "%s", label);
	snprintf(f->choices, sizeof f->choices, "%s", choices ? choices : "");
	f->text[0] = '\0';
	f->refused[0] = '\0';
}

int
form_refuse(struct form *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->refused, sizeof f->refused, fmt, ap);
	va_end(ap);
	return 1;
}

int
form_outcome(struct tui *t, struct form *f, int rc, const struct err *err,
    const char *said)
{
	if (rc != 0)
		return form_refuse(f, "%s", err->msg);
	tui_outcome(t, 0, err, said);
	return 0;
}

/*
 * Enter: submit. A submit that keeps the form at its step and says why
 * on the status line refused it: the sentence stays above the form
 * while the text is put right, as form_refuse's does.
 */
static void
form_enter(struct tui *t, struct form *f)
{
	int step = f->step;

	f->refused[0] = '\0';
	if (f->submit(t, f) == 0) {
		if (t->form == f)
			form_close(t);
		return;
	}
	if (t->form == f && f->step == step && f->refused[0] == '\0')
		snprintf(f->refused, sizeof f->refused, "%s", t->message);
}

void
form_key(struct tui *t, int key)
{
	struct form *f = t->form;

	switch (key) {
	case 27:		/* Esc */
		if (f->back != NULL && f->back(t, f))
			return;
		if (f->cancel != NULL)
			f->cancel(t, f);
		form_close(t);
		return;
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (f->choices[0] != '\0' && f->text[0] == '\0') {
			tui_message(t, "Type one of the numbers shown, or Esc.");
			return;
		}
		form_enter(t, f);
		return;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		text_pop(f->text);
		return;
	case 21:		/* Ctrl-U */
		f->text[0] = '\0';
		return;
	}
	if (f->choices[0] != '\0') {
		if (key >= '0' && key <= '9')
			f->pick(t, f, key - '0');
		else
			tui_message(t, "Type one of the numbers shown, or Esc.");
		return;
	}
	if (key & TUI_KEY_CHAR)
		text_push(f->text, sizeof f->text,
		    (wchar_t)(key & ~TUI_KEY_CHAR));
	else if (key >= ' ' && key < KEY_MIN && key != 127)
		text_push(f->text, sizeof f->text, (wchar_t)key);
}

/*
 * Lays the choices out in lines of at most width columns, breaking
 * between choices (two spaces apart); returns the lines used, at most max.
 */
static int
choices_wrap(const char *choices, int width, char lines[][512], int max)
{
	const char *p = choices, *next;
	int n = 0, w;
	size_t len;

	lines[0][0] = '\0';
	while (*p != '\0' && n < max) {
		next = strstr(p + 2, "  ");
		len = next ? (size_t)(next - p) : strlen(p);
		w = text_width(lines[n]);
		if (w > 0 && w + (int)len > width) {
			if (++n == max)
				break;
			lines[n][0] = '\0';
			while (*p == ' ')
				p++, len--;
		}
		strncat(lines[n], p, len < 511 - strlen(lines[n]) ? len :
		    511 - strlen(lines[n]));
		p += len;
	}
	return n < max ? n + 1 : max;
}

/*
 * Draws s so that it ends on line y: on one line when it fits, else
 * broken at the last space that fits, over two, so a sentence is read
 * whole.
 */
static void
sentence_draw(int y, const char *s)
{
	char first[512];
	int cut = 0, i, w = 0;

	if (s[0] == '\0')
		return;
	if (text_width(s) <= COLS || y < 2) {
		tui_put(stdscr, y, 0, COLS, s);
		return;
	}
	for (i = 0; s[i] != '\0' && w <= COLS; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
		if (s[i] == ' ' && w <= COLS)
			cut = i;
	}
	if (cut == 0)
		cut = i;
	snprintf(first, sizeof first, "%.*s", cut, s);
	tui_put(stdscr, y - 1, 0, COLS, first);
	tui_put(stdscr, y, 0, COLS, s + cut + (s[cut] == ' '));
}

void
form_draw(struct tui *t)
{
	struct form *f = t->form;
	char line[1400], above[4][512];
	int i, n = 1, x;

	above[0][0] = '\0';
	if (f->choices[0] != '\0')
		n = choices_wrap(f->choices, COLS, above, LINES > 8 ? 4 : 1);
	else if (f->preview != NULL)
		f->preview(t, f, above[0], sizeof above[0]);
	/*
	 * The status line is the form's: a message goes above the form, and
	 * else why its last Enter was refused, so it stays while the text
	 * is put right.
	 */
	if (LINES > n + 4)
		sentence_draw(LINES - 3 - n, t->message[0] != '\0' ?
		    t->message : f->refused);
	attron(A_BOLD);
	for (i = 0; i < n; i++)
		tui_put(stdscr, LINES - 2 - n + i, 0, COLS, above[i]);
	attroff(A_BOLD);
	snprintf(line, sizeof line, "%s %s", f->label, f->text);
	tui_put(stdscr, LINES - 2, 0, COLS, line);
	x = text_width(line);
	if (f->choices[0] == '\0' && x < COLS) {
		move(LINES - 2, x);
		curs_set(1);
	} else
		curs_set(0);
}

void
form_when_preview(struct tui *t, const struct form *f, char *buf,
    size_t size)
{
	char shown[40];
	struct tm tm;
	time_t at;

	if (f->text[0] == '\0')
		snprintf(buf, size, "e.g. %s", WHEN_EXAMPLES);
	else if (when_parse(f->text, t->now, &at) != 0)
		snprintf(buf, size, "cannot read that as a time yet");
	else {
		localtime_r(&at, &tm);
		strftime(shown, sizeof shown, "%a %Y-%m-%d %H:%M", &tm);
		snprintf(buf, size, "= %s%s", shown, at <= t->now ?
		    " (that is not ahead)" : "");
	}
}

int
form_followup_when(struct tui *t, int64_t lead, const char *text, time_t *at)
{
	struct followup_fit fit;
	struct err err = { 0 };

	if (store_followup_fit(t->st, t->who, lead, t->now, &fit, &err) != 0)
		fit.zones[0] = fit.country[0] = '\0';
	return hours_when_parse(text, t->now, fit.zones, fit.country, at);
}

void
form_followup_preview(struct tui *t, const struct form *f, int64_t lead,
    char *buf, size_t size)
{
	const char *text = f->text;
	struct followup_fit fit;
	struct err err = { 0 };
	char mine[40], theirs[80], near[128] = "";
	struct tm tm;
	time_t at;
	int rc;

	if (text[0] == '\0') {
		snprintf(buf, size, "e.g. %s; end with 'there' for the lead's "
		    "time", WHEN_EXAMPLES);
		return;
	}
	if ((rc = form_followup_when(t, lead, text, &at)) != 0 ||
	    at <= t->now) {
		snprintf(buf, size, "%s", rc != 0 ?
		    "cannot read that as a time yet" : "that is not ahead");
		return;
	}
	localtime_r(&at, &tm);
	strftime(mine, sizeof mine, "%a %Y-%m-%d %H:%M", &tm);
	if (store_followup_fit(t->st, t->who, lead, at, &fit, &err) != 0) {
		snprintf(buf, size, "= %s", mine);
		return;
	}
	hours_clock_at(fit.zones, fit.country, at, theirs, sizeof theirs);
	if (!fit.open && fit.nearest != 0)
		hours_when_both(fit.nearest, t->now, fit.zones, fit.country,
		    near, sizeof near);
	snprintf(buf, size, "= %s%s%s%s%s%s", mine, theirs[0] ? " (" : "",
	    theirs, theirs[0] ? ")" : "", fit.open ? "" :
	    ": outside its calling hours", near[0] ? "; nearest " : "");
	if (near[0] != '\0' && strlen(buf) + strlen(near) < size)
		strcat(buf, near);
}

int
form_followup_fits(struct tui *t, struct form *f, int64_t lead, time_t at)
{
	struct followup_fit fit;
	struct err err = { 0 };
	char near[128];
	struct tm tm;

	if (store_followup_fit(t->st, t->who, lead, at, &fit, &err) != 0 ||
	    fit.open)
		return 1;
	if (fit.nearest == 0) {
		tui_message(t, "That is outside the lead's calling hours "
		    "(%02d:%02d-%02d:%02d its time); give another time.",
		    fit.hours.open / 60, fit.hours.open % 60,
		    fit.hours.close / 60, fit.hours.close % 60);
		return 0;
	}
	hours_when_both(fit.nearest, t->now, fit.zones, fit.country, near,
	    sizeof near);
	tui_message(t, "Outside the lead's calling hours (%02d:%02d-%02d:%02d "
	    "its time); the nearest allowed, %s, is filled in: Enter takes it.",
	    fit.hours.open / 60, fit.hours.open % 60, fit.hours.close / 60,
	    fit.hours.close % 60, near);
	localtime_r(&fit.nearest, &tm);
	strftime(f->text, sizeof f->text, "%Y-%m-%d %H:%M", &tm);
	return 0;
}
