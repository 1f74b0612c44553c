/* The rep's day from a script: attendance, a lead's timeline and notes, settings. */
#include <stdio.h>
#include <string.h>

#include "callq/attendance.h"
#include "callq/note.h"
#include "callq/settings.h"
#include "callq/timeline.h"
#include "cmd.h"

static int
attendance_to(struct cli *c, enum attendance state, const char *reason,
    const char *said)
{
	struct hours_window w;
	char why[128];

	if (store_attendance_set(c->st, &c->who, state, reason, &c->err) != 0)
		return c->err.status;
	cli_say("%s", said);
	if (strcmp(c->cmd->noun, "checkin") == 0 &&
	    store_work_hours(c->st, &w) &&
	    hours_outside_work(&w, store_now(), why, sizeof why))
		fprintf(stderr, "callq: note: %s\n", why);
	return 0;
}

/* checkin, resume and checkout: a state and no argument. */
int
cmd_attendance(struct cli *c, int argc, char **argv)
{
	const char *noun = c->cmd->noun;
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 0)) != 0)
		return rc;
	if (strcmp(noun, "checkout") == 0)
		return attendance_to(c, ATT_OUT, NULL, "checked out");
	return attendance_to(c, ATT_IN, NULL, strcmp(noun, "resume") == 0 ?
	    "back from the pause" : "checked in");
}

static int
reason_add(const char *name, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	snprintf(buf + len, 512 - len, "%s%s", len ? ", " : "", name);
	return 0;
}

int
cmd_pause(struct cli *c, int argc, char **argv)
{
	char reasons[512] = "", said[96];
	struct err err = { 0 };
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 1)) != 0)
		return rc;
	store_pause_reasons(c->st, reason_add, reasons, &err);
	snprintf(said, sizeof said, "paused: %s", argv[optind]);
	rc = attendance_to(c, ATT_PAUSED, argv[optind], said);
	if (rc == EX_DATAERR)
		err_set(&c->err, rc, "no pause reason '%.64s'; use one of:"
		    " %.300s", argv[optind], reasons);
	return rc;
}

static const struct column timeline_cols[] = {
	{ "at", 0 }, { "user", 0 }, { "what", 0 }, { "details", 0 },
};

static int
timeline_row(const struct timeline_item *it, void *arg)
{
	struct table *t = arg;
	char at[40];
	const char *cells[] = { at, it->who, it->kind, it->text };

	cli_stamp_cell(t, it->at, at, sizeof at);
	return table_row(t, cells);
}

static int
timeline_walk(struct cli *c, int64_t id, struct table *t)
{
	return store_timeline(c->st, &c->who, id, 0, timeline_row, t,
	    &c->err);
}

int
cmd_timeline(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { timeline_cols, 4, "lead ID",
	    timeline_walk };

	return cli_list(c, argc, argv, &list);
}

int
cmd_note_add(struct cli *c, int argc, char **argv)
{
	int64_t id;
	int rc;

	if ((rc = cli_write_options(c, argc, argv, 2)) != 0 ||
	    (rc = cli_id(c, argv[optind], "lead ID", &id)) != 0)
		return rc;
	if (store_note_add(c->st, &c->who, id, argv[optind + 1], &c->err) != 0)
		return c->err.status;
	cli_say("note added to lead %lld", (long long)id);
	return 0;
}

static const struct column setting_cols[] = { { "key", 0 }, { "value", 0 },
	{ "set", 0 }, { "about", 0 } };

static int
setting_row(const struct setting *s, void *arg)
{
	const char *cells[] = { s->key, s->value, s->is_default ? "default" :
	    "set", s->about };

	return table_row(arg, cells);
}

static int
setting_walk(struct cli *c, int64_t id, struct table *t)
{
	(void)id;
	return store_setting_list(c->st, setting_row, t, &c->err);
}

int
cmd_setting_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_list list = { setting_cols, 4, NULL,
	    setting_walk };

	return cli_list(c, argc, argv, &list);
}

/* The bare value, for scripts: "$(callq setting get lease_minutes)". */
int
cmd_setting_get(struct cli *c, int argc, char **argv)
{
	struct setting s;
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 1)) != 0)
		return rc;
	if (store_setting_get(c->st, argv[optind], &s, &c->err) != 0)
		return c->err.status;
	cli_say("%s", s.value);
	return 0;
}

int
cmd_setting_set(struct cli *c, int argc, char **argv)
{
	int rc;

	if ((rc = cli_list_options(c, argc, argv, 2)) != 0)
		return rc;
	if (store_setting_set(c->st, &c->who, argv[optind], argv[optind + 1],
	    &c->err) != 0)
		return c->err.status;
	if (argv[optind + 1][0] == '\0')
		cli_say("%s cleared; its default applies", argv[optind]);
	else
		cli_say("%s = %s", argv[optind], argv[optind + 1]);
	return 0;
}
