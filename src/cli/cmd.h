/* What the subcommand files share; private to src/cli/. */
#ifndef CALLQ_CLI_CMD_H
#define CALLQ_CLI_CMD_H

#include <getopt.h>
#include <stdint.h>

#include "callq/err.h"
#include "callq/store.h"
#include "callq/table.h"

struct command;

struct cli {
	const char           *db_path;
	const char           *as_login;
	const char           *config_path;	/* --config, or NULL */
	struct store         *st;
	struct actor          who;
	enum format           format;
	FILE                 *out;		/* --output, or NULL: stdout */
	const char           *out_path;
	char                  out_tmp[4200];	/* written, then renamed */
	struct err            err;
	const struct command *cmd;
};

/* --format and --output, which every listing takes (see cli_option). */
#define CLI_OUTPUT_OPTIONS \
	{ "format", required_argument, NULL, 'F' }, \
	{ "output", required_argument, NULL, 'O' }

/*
 * --force, which every command that writes a lead takes: work a lead
 * another user holds (team leads and admins; see ACTOR_FORCE).
 */
#define CLI_OPT_FORCE 200
#define CLI_FORCE_OPTION { "force", no_argument, NULL, CLI_OPT_FORCE }
#define CLI_FORCE_HELP \
	"  --force           go on though another user holds the lead (team\n" \
	"                    leads and admins; audited, and they are told)\n"

/*
 * The Converted form's options, which callq log and callq deal add take:
 * --amount, --product, --won-reason, --close-date, --installments and
 * --first-due (src/cli/cmd_deal.c).
 */
#define CLI_OPT_AMOUNT 300
#define CLI_OPT_PRODUCT 301
#define CLI_OPT_WON 302
#define CLI_OPT_CLOSE 303
#define CLI_OPT_INSTALLMENTS 304
#define CLI_OPT_FIRST_DUE 305
#define CLI_DEAL_OPTIONS \
	{ "amount", required_argument, NULL, CLI_OPT_AMOUNT }, \
	{ "product", required_argument, NULL, CLI_OPT_PRODUCT }, \
	{ "won-reason", required_argument, NULL, CLI_OPT_WON }, \
	{ "close-date", required_argument, NULL, CLI_OPT_CLOSE }, \
	{ "installments", required_argument, NULL, CLI_OPT_INSTALLMENTS }, \
	{ "first-due", required_argument, NULL, CLI_OPT_FIRST_DUE }
#define CLI_DEAL_HELP \
	"  --amount A        the deal's value, like 1,200.00 (in the floor's\n" \
	"                    currency)\n" \
	"  --product P       a product (callq choice list product)\n" \
	"  --won-reason R    why it was won (callq choice list won)\n" \
	"  --close-date D    the day it closed (default today)\n" \
	"  --installments N  N equal monthly installments (default 1)\n" \
	"  --first-due D     the first one's day (default the close date)\n"

struct deal_spec;

/* Takes one of CLI_DEAL_OPTIONS into spec, else as cli_option does. */
int cli_deal_option(struct cli *c, int ch, char **argv,
    struct deal_spec *spec);

enum needs {
	NEEDS_NOTHING,		/* the command opens what it needs */
	NEEDS_ACTOR,		/* an open database and a known user */
};

struct command {
	const char *noun;
	const char *verb;	/* NULL for one-word commands */
	int       (*run)(struct cli *, int, char **);
	enum needs  needs;
	const char *args;	/* "ID [--note TEXT]" */
	const char *summary;
	const char *help;	/* options, one per line, or NULL */
	int         fields;	/* takes the lead field options */
};

/* Returned by cli_option when --help was printed: exit 0 at once. */
#define CLI_DONE (-1)

/*
 * Handles what every command's options share: --help, --format and the
 * unknown option. Returns 0 to go on, CLI_DONE, or a usage status.
 */
int cli_option(struct cli *c, int ch, char **argv);

/*
 * A table for the command's output in the --format given; cli_table_end
 * finishes it and turns a write error into the command's failure.
 */
struct table *cli_table(struct cli *c, const struct column *cols, int n);
int cli_table_end(struct cli *c, struct table *t, int rc);

/*
 * The shape every plain list command shares (see cli_list): its columns,
 * the id it takes as its one argument ("lead ID"; NULL: no argument), and
 * the store walk that writes its rows into t.
 */
struct cli_list {
	const struct column *cols;
	int                  ncols;
	const char          *id;
	int                (*walk)(struct cli *c, int64_t id, struct table *t);
};

/*
 * Runs a list command: --format and --output, the id if it takes one,
 * then the table, its rows and its end. Returns the exit status.
 */
int cli_list(struct cli *c, int argc, char **argv, const struct cli_list *l);

/* Parses a command taking only --format and want arguments. */
int cli_list_options(struct cli *c, int argc, char **argv, int want);

/* Parses a command that writes a lead: only --force and want arguments. */
int cli_write_options(struct cli *c, int argc, char **argv, int want);

/* Reads a positive id from text; EX_USAGE naming what when it is not one. */
int cli_id(struct cli *c, const char *text, const char *what, int64_t *id);

/* Reads a whole number from 0 to max; EX_USAGE naming option when not. */
int cli_number(struct cli *c, const char *text, const char *option, int max,
    int *n);

/*
 * A line on the standard output (the confirmation of a mutation, a value),
 * its control characters masked: it quotes what users, the database or a
 * provider wrote.
 */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "Missed", "Today 14:30", ...; "" for 0. */
const char *cli_when(time_t t, char *buf, size_t size);

/* A time cell: readable in a people's table, ISO 8601 for scripts. */
const char *cli_time_cell(const struct table *t, time_t when, char *buf,
    size_t size);

/*
 * A money cell: "1,200.00" in a people's table, "1200.00" for scripts,
 * so a spreadsheet or a JSON reader takes it as a number.
 */
const char *cli_money_cell(const struct table *t, int64_t cents, char *buf,
    size_t size);

/* A cell for when something happened: "Today 14:07", ISO for scripts. */
const char *cli_stamp_cell(const struct table *t, time_t when, char *buf,
    size_t size);

/*
 * Opens --output FILE as the user (see cli_option), for a command that
 * opens it only once it has something to write.
 */
int cli_output_open(struct cli *c, const char *path);

/* Usage error naming the command; always returns EX_USAGE. */
int cli_usage_error(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The columns of lead list, which the queue shares. */
#define LEAD_LIST_NCOLS 11
extern const struct column lead_list_cols[LEAD_LIST_NCOLS];

struct lead;

/* Writes a lead as lead list does, then more (a column past those). */
int lead_list_row(struct table *t, const struct lead *l, const char *more);

int cmd_init(struct cli *, int, char **);
int cmd_migrate(struct cli *, int, char **);
int cmd_roles(struct cli *, int, char **);
int cmd_attendance(struct cli *, int, char **);
int cmd_pause(struct cli *, int, char **);
int cmd_timeline(struct cli *, int, char **);
int cmd_note_add(struct cli *, int, char **);
int cmd_setting_list(struct cli *, int, char **);
int cmd_setting_set(struct cli *, int, char **);
int cmd_setting_get(struct cli *, int, char **);
int cmd_deleted_list(struct cli *, int, char **);
int cmd_choice_list(struct cli *, int, char **);
int cmd_choice_transitions(struct cli *, int, char **);
int cmd_choice_add(struct cli *, int, char **);
int cmd_choice_rename(struct cli *, int, char **);
int cmd_choice_move(struct cli *, int, char **);
int cmd_choice_edit(struct cli *, int, char **);
int cmd_alert_sweep(struct cli *, int, char **);
int cmd_choice_active(struct cli *, int, char **);
int cmd_followup_move(struct cli *, int, char **);
int cmd_user_add(struct cli *, int, char **);
int cmd_digest(struct cli *, int, char **);
int cmd_user_list(struct cli *, int, char **);
int cmd_user_set_role(struct cli *, int, char **);
int cmd_user_deactivate(struct cli *, int, char **);
int cmd_user_activate(struct cli *, int, char **);
int cmd_user_edit(struct cli *, int, char **);
int cmd_call(struct cli *, int, char **);
int cmd_contact_add(struct cli *, int, char **);
int cmd_contact_list(struct cli *, int, char **);
int cmd_contact_edit(struct cli *, int, char **);
int cmd_contact_delete(struct cli *, int, char **);

/*
 * The id of number n (from 1) of contact, which must be one of lead's:
 * what callq call --contact dials.
 */
int contact_phone_pick(struct cli *c, int64_t lead, int64_t contact, int n,
    int64_t *phone);
int cmd_region_add(struct cli *, int, char **);
int cmd_region_list(struct cli *, int, char **);
int cmd_lead_add(struct cli *, int, char **);
int cmd_lead_list(struct cli *, int, char **);
int cmd_find(struct cli *, int, char **);
int cmd_who(struct cli *, int, char **);
int cmd_lead_show(struct cli *, int, char **);
int cmd_lead_edit(struct cli *, int, char **);
int cmd_lead_delete(struct cli *, int, char **);
int cmd_lead_restore(struct cli *, int, char **);
int cmd_payment_add(struct cli *, int, char **);
int cmd_payment_list(struct cli *, int, char **);
int cmd_payment_delete(struct cli *, int, char **);
int cmd_log(struct cli *, int, char **);
int cmd_followup_add(struct cli *, int, char **);
int cmd_followup_list(struct cli *, int, char **);
int cmd_followup_done(struct cli *, int, char **);
int cmd_queue(struct cli *, int, char **);
int cmd_audit_list(struct cli *, int, char **);
int cmd_import(struct cli *, int, char **);
int cmd_batch_list(struct cli *, int, char **);
int cmd_dnc_add(struct cli *, int, char **);
int cmd_dnc_import(struct cli *, int, char **);
int cmd_dnc_list(struct cli *, int, char **);
int cmd_pool_list(struct cli *, int, char **);
int cmd_assign(struct cli *, int, char **);
int cmd_lead_stage(struct cli *, int, char **);
int cmd_stage_list(struct cli *, int, char **);
int cmd_stage_add(struct cli *, int, char **);
int cmd_stage_rename(struct cli *, int, char **);
int cmd_stage_move(struct cli *, int, char **);
int cmd_stage_remove(struct cli *, int, char **);
int cmd_board(struct cli *, int, char **);
int cmd_notify_list(struct cli *, int, char **);
int cmd_notify_read(struct cli *, int, char **);
int cmd_collect_queue(struct cli *, int, char **);
int cmd_collect_log(struct cli *, int, char **);
int cmd_collect_assign(struct cli *, int, char **);
int cmd_collect_spread(struct cli *, int, char **);
int cmd_promise_list(struct cli *, int, char **);
int cmd_report(struct cli *, int, char **);
int cmd_deal_add(struct cli *, int, char **);
int cmd_deal_list(struct cli *, int, char **);
int cmd_deal_show(struct cli *, int, char **);
int cmd_deal_edit(struct cli *, int, char **);
int cmd_plan_set(struct cli *, int, char **);

#endif
