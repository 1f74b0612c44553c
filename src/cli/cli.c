#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/cli.h"
#include "callq/identity.h"
#include "callq/leadfield.h"
#include "callq/money.h"
#include "callq/priv.h"
#include "callq/text.h"
#include "callq/when.h"
#include "cmd.h"

#define FORMAT_HELP "  --format table|csv|json  output for people or scripts\n" \
	"  --output FILE     write it to FILE (made as you, not as callq)\n"
#define DUPLICATE_HELP \
	"  --allow-duplicate give it a number another live lead has\n" \
	"                    (audited)\n"
#define CONTACT_HELP \
	"  --name N          the contact's name\n" \
	"  --role R          owner, manager, reception...\n" \
	"  --email E         an e-mail address\n" \
	"  --phone [LABEL:]NUMBER  a number (up to 4), read in the lead's\n" \
	"                    country: --phone mobile:+1 305 555 0142\n" \
	"  --dnc yes|no      asked not to be called\n" \
	"  --opt-in yes|no   agreed to be written to\n" CLI_FORCE_HELP
#define POOL_HELP \
	"  --region R        only leads of region R\n" \
	"  --owner LOGIN     only leads of LOGIN (none: unassigned)\n" \
	"  --source S        only leads from source S\n" \
	"  --search TEXT     name, phone or city containing TEXT\n"

static const struct command commands[] = {
	{ "init", NULL, cmd_init, NEEDS_NOTHING, "[--demo]",
	  "create the database, with you as its first admin",
	  "  --demo        fill it with a demo call floor (regions, a team,\n"
	  "                5,000 leads, calls, follow-ups, attendance)\n", 0 },
	{ "migrate", NULL, cmd_migrate, NEEDS_ACTOR,
	  "--to postgresql://...|sqlite:PATH [--verify] [--format F]",
	  "copy the floor into an empty PostgreSQL database, or back into "
	  "a new SQLite file, then check it (admins)",
	  "  --to URL      the PostgreSQL database: postgresql://HOST/DB or\n"
	  "                postgresql:KEYWORDS (libpq's); it must hold no table\n"
	  "  --to sqlite:PATH  from a PostgreSQL floor: a new SQLite file\n"
	  "  --verify      only check a copy made before against the floor\n"
	  FORMAT_HELP, 0 },
	{ "roles", NULL, cmd_roles, NEEDS_ACTOR, "",
	  "on a PostgreSQL floor: load the server's security and make each "
	  "user's login role (admins)", NULL, 0 },
	{ "user", "add", cmd_user_add, NEEDS_ACTOR,
	  "LOGIN [--name NAME] --role ROLE [--team TEAM] [--phone NUMBER]",
	  "add a callq user for a Unix account (admins)",
	  "  --name NAME       full name (default: the login)\n"
	  "  --role ROLE       admin, lead, rep, analyst or recovery\n"
	  "  --team TEAM       team, created when new\n"
	  "  --phone NUMBER    the user's phone, international form\n"
	  "  --extension EXT   the user's extension on the floor's PBX\n"
	  "  --region R[,R]    regions whose fresh leads the user works\n"
	  "  --email ADDR      where the user's daily digest goes\n", 0 },
	{ "user", "list", cmd_user_list, NEEDS_ACTOR, "[--format F]",
	  "list users with role, team, regions and attendance", FORMAT_HELP, 0 },
	{ "user", "set-role", cmd_user_set_role, NEEDS_ACTOR, "LOGIN ROLE",
	  "change a user's role (admins)", NULL, 0 },
	{ "user", "edit", cmd_user_edit, NEEDS_ACTOR,
	  "LOGIN [--phone NUMBER] [--extension EXT] [--team TEAM] "
	  "[--email ADDR] [--region R]... [--no-region R]...",
	  "change where a user's calls ring, their e-mail, team or regions "
	  "(admins)",
	  "  --phone NUMBER    the user's phone, international form ('' clears)\n"
	  "  --extension EXT   the user's extension ('' clears)\n"
	  "  --email ADDR      where their daily digest goes ('' clears)\n"
	  "  --team TEAM       move them to TEAM, created when new ('' none)\n"
	  "  --region R        give them region R (repeat for more)\n"
	  "  --no-region R     take region R away (repeat for more); with no\n"
	  "                    region left, they work every region\n",
	  0 },
	{ "user", "deactivate", cmd_user_deactivate, NEEDS_ACTOR, "LOGIN",
	  "stop a user from using callq; their history stays (admins)", NULL, 0 },
	{ "user", "activate", cmd_user_activate, NEEDS_ACTOR, "LOGIN",
	  "let a deactivated user use callq again (admins)", NULL, 0 },
	{ "region", "add", cmd_region_add, NEEDS_ACTOR, "NAME [--country CC]",
	  "add a region (admins)",
	  "  --country CC  the region's usual country (ISO code)\n", 0 },
	{ "region", "list", cmd_region_list, NEEDS_ACTOR, "[--format F]",
	  "list regions and their lead counts", FORMAT_HELP, 0 },
	{ "lead", "add", cmd_lead_add, NEEDS_ACTOR,
	  "--name NAME --phone PHONE [--FIELD VALUE ...] [--allow-duplicate]",
	  "add a lead; the phone is stored as given and as E.164",
	  DUPLICATE_HELP, 1 },
	{ "lead", "list", cmd_lead_list, NEEDS_ACTOR,
	  "[--status S] [--owner LOGIN|none] [--region R] [--search TEXT]",
	  "list the leads you may see",
	  "  --status S        only leads in status S\n"
	  "  --owner LOGIN     only leads owned by LOGIN (none: unassigned)\n"
	  "  --region R        only leads of region R\n"
	  "  --search TEXT     leads callq find TEXT finds, in its order\n"
	  "  --deleted         the deleted leads instead (admins)\n"
	  "  --customers       only customers (csv and json add the day\n"
	  "                    each became one)\n"
	  "  --limit N         at most N leads\n" FORMAT_HELP, 0 },
	{ "find", NULL, cmd_find, NEEDS_ACTOR, "TEXT [--limit N] [--format F]",
	  "find leads you may see by number (any spelling, or its last 4+"
	  " digits), #ID, or text in name, city, e-mail or notes, best first",
	  "  --limit N         at most N leads (default 20)\n" FORMAT_HELP, 0 },
	{ "who", NULL, cmd_who, NEEDS_ACTOR, "NUMBER [--format F]",
	  "the leads you may see that have NUMBER, in any spelling, one line"
	  " each; exit status 1 when none (for a PBX's screen-pop)",
	  FORMAT_HELP, 0 },
	{ "lead", "show", cmd_lead_show, NEEDS_ACTOR, "ID [--format F]",
	  "show every field of a lead", FORMAT_HELP, 0 },
	{ "lead", "edit", cmd_lead_edit, NEEDS_ACTOR,
	  "ID[,ID...] [--FIELD VALUE ...] [--stage S] [--if-version N] [--force]",
	  "change fields of leads; an empty value clears a field",
	  "  ID,ID,...         several leads (at most 1000): all change, or\n"
	  "                    none does when one is refused\n"
	  "  --stage S         move them to pipeline stage S too\n"
	  "  --if-version N    change nothing if the lead has changed since\n"
	  "                    version N (one lead)\n" DUPLICATE_HELP
	  CLI_FORCE_HELP, 1 },
	{ "lead", "stage", cmd_lead_stage, NEEDS_ACTOR,
	  "ID STAGE [--drop-reason R] [--interest N] [--if-version N]",
	  "move a lead to another pipeline stage",
	  "  --drop-reason R   why, into a lost stage\n"
	  "  --interest N      interest level 1-5, into an Interested stage\n"
	  "  --if-version N    move nothing if the lead has changed since\n"
	  "                    version N\n" CLI_FORCE_HELP, 0 },
	{ "lead", "delete", cmd_lead_delete, NEEDS_ACTOR, "ID [--force]",
	  "hide a lead from every view; restorable (admins)", CLI_FORCE_HELP,
	  0 },
	{ "lead", "restore", cmd_lead_restore, NEEDS_ACTOR,
	  "ID [--reason TEXT] [--allow-duplicate]",
	  "bring a deleted lead back (admins)",
	  "  --reason TEXT      why, for the audit\n"
	  "  --allow-duplicate  even when a live lead has its number now\n", 0 },
	{ "payment", "add", cmd_payment_add, NEEDS_ACTOR,
	  "DEAL --amount A [--date D] [--method M] [--reference R] [--note N]",
	  "record a payment on a deal (it pays the oldest installment first)",
	  "  --amount A        what was paid, e.g. 250.00; at most the balance\n"
	  "  --date D          the day it was paid (default today)\n"
	  "  --method M        how (callq choice list method)\n"
	  "  --reference R     the bank's or card's reference\n"
	  "  --note N          anything else\n", 0 },
	{ "payment", "list", cmd_payment_list, NEEDS_ACTOR,
	  "[--deal ID] [--from D] [--to D] [--by LOGIN] [--deleted] [--format F]",
	  "payments recorded, newest first (not for reps)",
	  "  --deal ID         one deal's\n"
	  "  --from D, --to D  paid on these days (both included)\n"
	  "  --by LOGIN        recorded by this user\n"
	  "  --deleted         the deleted ones instead\n" FORMAT_HELP, 0 },
	{ "payment", "delete", cmd_payment_delete, NEEDS_ACTOR,
	  "ID [--reason TEXT]", "delete a payment; restorable (admins)",
	  "  --reason TEXT  why, for the audit\n", 0 },
	{ "payment", "restore", cmd_lead_restore, NEEDS_ACTOR,
	  "ID [--reason TEXT]", "bring a deleted payment back (admins)",
	  "  --reason TEXT  why, for the audit\n", 0 },
	{ "deleted", "list", cmd_deleted_list, NEEDS_ACTOR, "[--format F]",
	  "deleted leads and payments, who deleted them and when (admins)",
	  FORMAT_HELP, 0 },
	{ "log", NULL, cmd_log, NEEDS_ACTOR,
	  "ID --disposition NAME [--note TEXT] [--followup WHEN] "
	  "[--contact ID] [--force]",
	  "record a call's outcome; the disposition moves the lead on",
	  "  --disposition D   name or number key (see callq(1))\n"
	  "  --note TEXT       what was said\n"
	  "  --followup WHEN   schedule a call back\n"
	  "  --followup-reason R  a follow-up reason (callq choice list "
	  "followup)\n"
	  "  --interest N      interest level 1-5\n"
	  "  --duration SECS   how long the call took\n"
	  "  --contact ID      the lead's contact who was reached; lead:\n"
	  "                    the lead itself, whoever was dialed\n"
	  CLI_DEAL_HELP CLI_FORCE_HELP, 0 },
	{ "deal", "add", cmd_deal_add, NEEDS_ACTOR,
	  "LEAD --amount A [--product P] [--won-reason R] [--close-date D]\n"
	  "       [--installments N] [--first-due D]",
	  "make the deal of a lead converted without one", CLI_DEAL_HELP, 0 },
	{ "deal", "list", cmd_deal_list, NEEDS_ACTOR,
	  "[--state S] [--owner L] [--collector L|none] [--format F]",
	  "the deals you may see, newest first",
	  "  --state S         Pending, Partial or Completed\n"
	  "  --owner L         won by L\n"
	  "  --collector L     collected by L; none: not assigned\n"
	  "  --limit N         at most N\n" FORMAT_HELP, 0 },
	{ "deal", "show", cmd_deal_show, NEEDS_ACTOR,
	  "ID|--lead ID [--format F]", "a deal and its installments",
	  FORMAT_HELP, 0 },
	{ "deal", "edit", cmd_deal_edit, NEEDS_ACTOR,
	  "ID [--amount A] [--product P] [--won-reason R] [--close-date D]",
	  "change a deal; a new amount moves the plan's end (see callq(1))",
	  "  --if-version N    refuse if the deal changed since version N\n",
	  0 },
	{ "plan", "set", cmd_plan_set, NEEDS_ACTOR,
	  "DEAL (--installments N [--first-due D] | --due D:AMOUNT ...)",
	  "replace a deal's plan; installments paid into stay",
	  "  --installments N  N equal monthly installments\n"
	  "  --first-due D     the first one's day\n"
	  "  --due D:AMOUNT    one installment (repeat; they must add up)\n",
	  0 },
	{ "call", NULL, cmd_call, NEEDS_ACTOR,
	  "ID [--contact ID [--number N]] [--force]",
	  "ring your phone and connect lead ID through the provider in "
	  "callq.conf; log it afterwards with callq log",
	  "  --contact ID      call that contact of the lead instead\n"
	  "  --number N        the contact's Nth number (default 1)\n"
	  CLI_FORCE_HELP, 0 },
	{ "contact", "add", cmd_contact_add, NEEDS_ACTOR,
	  "LEAD --name N [--role R] [--email E] [--phone [LABEL:]NUMBER]... "
	  "[--dnc yes|no] [--opt-in yes|no]",
	  "add a contact (a person) to lead LEAD", CONTACT_HELP, 0 },
	{ "contact", "list", cmd_contact_list, NEEDS_ACTOR, "LEAD [--format F]",
	  "lead LEAD's contacts", FORMAT_HELP, 0 },
	{ "contact", "edit", cmd_contact_edit, NEEDS_ACTOR,
	  "ID [--name N] [--role R] [--email E] [--phone [LABEL:]NUMBER]... "
	  "[--no-phones] [--dnc yes|no] [--opt-in yes|no]",
	  "change contact ID; --phone replaces all its numbers",
	  CONTACT_HELP "  --no-phones       remove all its numbers\n", 0 },
	{ "contact", "delete", cmd_contact_delete, NEEDS_ACTOR, "ID [--force]",
	  "delete contact ID (its calls keep naming it)", CLI_FORCE_HELP, 0 },
	{ "followup", "add", cmd_followup_add, NEEDS_ACTOR,
	  "ID WHEN [--note TEXT] [--reason R] [--force]", "schedule a call "
	  "back on a lead, inside its calling hours",
	  "  --note TEXT       what to follow up on\n"
	  "  --reason R        a follow-up reason (callq choice list followup)\n"
	  CLI_FORCE_HELP, 0 },
	{ "followup", "list", cmd_followup_list, NEEDS_ACTOR,
	  "[--due|--missed] [--user LOGIN]", "list your open follow-ups",
	  "  --due         only those due now or later today\n"
	  "  --missed      only the missed ones\n"
	  "  --user LOGIN  another user's (team leads, admins, analysts)\n"
	  FORMAT_HELP, 0 },
	{ "followup", "done", cmd_followup_done, NEEDS_ACTOR,
	  "FOLLOWUP_ID [--outcome TEXT] [--force]", "close a follow-up",
	  "  --outcome TEXT    what came of it\n" CLI_FORCE_HELP, 0 },
	{ "followup", "move", cmd_followup_move, NEEDS_ACTOR,
	  "FOLLOWUP_ID WHEN [--force]", "reschedule a follow-up",
	  CLI_FORCE_HELP, 0 },
	{ "queue", NULL, cmd_queue, NEEDS_ACTOR,
	  "[--limit N] [--search TEXT] [--all] [--format F]",
	  "your call queue, in the order it is worked",
	  "  --limit N      the first N leads (default 50, 0 for all)\n"
	  "  --search TEXT  only leads whose name, phone or city holds TEXT\n"
	  "  --all          also leads outside calling hours or on the\n"
	  "                 do-not-call list (the why column says which)\n"
	  FORMAT_HELP, 0 },
	{ "timeline", NULL, cmd_timeline, NEEDS_ACTOR, "ID [--format F]",
	  "everything that happened to a lead, newest first", FORMAT_HELP, 0 },
	{ "note", "add", cmd_note_add, NEEDS_ACTOR, "ID TEXT [--force]",
	  "add a note to a lead", CLI_FORCE_HELP, 0 },
	{ "checkin", NULL, cmd_attendance, NEEDS_ACTOR, "",
	  "start your day: you can be given leads", NULL, 0 },
	{ "pause", NULL, cmd_pause, NEEDS_ACTOR, "REASON",
	  "pause (Lunch, Break, ...): no new leads until you resume", NULL, 0 },
	{ "resume", NULL, cmd_attendance, NEEDS_ACTOR, "",
	  "come back from a pause", NULL, 0 },
	{ "checkout", NULL, cmd_attendance, NEEDS_ACTOR, "",
	  "end your day", NULL, 0 },
	{ "setting", "list", cmd_setting_list, NEEDS_ACTOR, "[--format F]",
	  "the floor's settings, set or not", FORMAT_HELP, 0 },
	{ "setting", "get", cmd_setting_get, NEEDS_ACTOR, "KEY",
	  "print the value of one setting as it applies", NULL, 0 },
	{ "setting", "set", cmd_setting_set, NEEDS_ACTOR, "KEY VALUE",
	  "change a setting (admins): hours, hours.CC, hours.CC-ST,\n"
	  "                       lease_minutes, max_attempts, retry_minutes,\n"
	  "                       retry_minutes.DISPOSITION, target_calls,\n"
	  "                       target_connects, target_conversions,\n"
	  "                       work_hours, escalate_after_hours,\n"
	  "                       first_call_hours", NULL, 0 },
	{ "choice", "list", cmd_choice_list, NEEDS_ACTOR, "LIST [--format F]",
	  "a settings list, inactive values too: source, pause,\n"
	  "                       followup, drop or disposition", FORMAT_HELP,
	  0 },
	{ "choice", "transitions", cmd_choice_transitions, NEEDS_ACTOR,
	  "[--format F]", "where each disposition takes a lead in each status",
	  FORMAT_HELP, 0 },
	{ "choice", "add", cmd_choice_add, NEEDS_ACTOR,
	  "LIST NAME [--key N --status S --needs X]",
	  "add a value at the end of a list (admins)",
	  "  --key N        a disposition's digit in the quick-log\n"
	  "  --status S     the status a disposition moves a lead to\n"
	  "  --needs X      followup, interest or dnc: what it also asks\n", 0 },
	{ "choice", "rename", cmd_choice_rename, NEEDS_ACTOR,
	  "LIST NAME NEW_NAME", "rename a value; records follow (admins)", NULL,
	  0 },
	{ "choice", "move", cmd_choice_move, NEEDS_ACTOR, "LIST NAME POSITION",
	  "move a value to POSITION (1: first) (admins)", NULL, 0 },
	{ "choice", "edit", cmd_choice_edit, NEEDS_ACTOR,
	  "LIST NAME [--limit MINUTES] [--contact yes|no]",
	  "change a pause reason's limit or a disposition's contact (admins)",
	  "  --limit MINUTES  a pause longer than this alerts the team lead\n"
	  "                   ('' for none)\n"
	  "  --contact yes|no whether a call of this disposition reached\n"
	  "                   someone: the connects of every report\n", 0 },
	{ "choice", "deactivate", cmd_choice_active, NEEDS_ACTOR, "LIST NAME",
	  "stop offering a value; records keep it (admins)", NULL, 0 },
	{ "choice", "activate", cmd_choice_active, NEEDS_ACTOR, "LIST NAME",
	  "offer a deactivated value again (admins)", NULL, 0 },
	{ "audit", "list", cmd_audit_list, NEEDS_ACTOR,
	  "[--entity E] [--id N] [--user LOGIN] [--action A] [--since DAY]\n"
	  "                       [--until DAY] [--limit N]",
	  "read the audit trail, newest first",
	  "  --entity E    lead, user, region, choice, setting, database...\n"
	  "  --id N        one entity's rows\n"
	  "  --user LOGIN  rows of one acting user\n"
	  "  --action A    rows of one action: add, edit, delete, restore...\n"
	  "  --since DAY   from that day on (2026-11-30, today, mon)\n"
	  "  --until DAY   up to the end of that day\n"
	  "  --limit N     at most N rows (default 50, 0 for all)\n"
	  FORMAT_HELP, 0 },
	{ "import", NULL, cmd_import, NEEDS_ACTOR,
	  "FILE --region NAME [--country CC] | --resume B FILE | --discard B",
	  "import a regional CSV lead list (admins)",
	  "  --region NAME      the leads' region, created when new\n"
	  "  --country CC       country of numbers without one, when the row\n"
	  "                     names none\n"
	  "  --rejects PATH     where refused rows go (FILE.rejects.csv)\n"
	  "  --dry-run          check and count; write nothing\n"
	  "  --map FIELD=HEADER read FIELD from column HEADER (repeatable)\n"
	  "  --resume B         go on with interrupted batch B, same FILE\n"
	  "  --discard B        remove what interrupted batch B added\n"
	  "  --workers N        phone-check processes (default: one per core)\n"
	  "  --timings          say where the time went, on stderr\n"
	  FORMAT_HELP, 0 },
	{ "batch", "list", cmd_batch_list, NEEDS_ACTOR, "[--format F]",
	  "list import batches with their state and counts (admins)",
	  FORMAT_HELP, 0 },
	{ "dnc", "add", cmd_dnc_add, NEEDS_ACTOR,
	  "NUMBER [--reason TEXT] [--country CC]",
	  "put a number on the do-not-call list",
	  "  --reason TEXT  why (\"asked not to be called\")\n"
	  "  --country CC   country of a number written without one\n", 0 },
	{ "dnc", "import", cmd_dnc_import, NEEDS_ACTOR,
	  "FILE [--reason TEXT] [--country CC]",
	  "add every number of a file: one a line, or a CSV with a phone column",
	  "  --reason TEXT  why, for each number\n"
	  "  --country CC   country of numbers written without one\n", 0 },
	{ "dnc", "list", cmd_dnc_list, NEEDS_ACTOR, "[--format F]",
	  "list the do-not-call list", FORMAT_HELP, 0 },
	{ "pool", "list", cmd_pool_list, NEEDS_ACTOR,
	  "fresh|working|converted|lost [--region R] [--owner L] ...",
	  "list a pool of leads: fresh, working, converted or lost",
	  POOL_HELP "  --limit N         at most N leads\n" FORMAT_HELP, 0 },
	{ "assign", NULL, cmd_assign, NEEDS_ACTOR,
	  "ID... | --pool P [--region R ...] --to LOGIN | --round-robin |"
	  " --split L,L,... | --unassign",
	  "give leads to reps (team leads within their team, admins)",
	  "  --to LOGIN        all of them to one user\n"
	  "  --round-robin     one each in turn to the reps checked in and\n"
	  "                    not paused, going on where the last deal\n"
	  "                    stopped\n"
	  "  --split L,L,...   evenly over these reps, fewest open leads\n"
	  "                    first\n"
	  "  --unassign        take them back: nobody's\n"
	  "  --pool P          the leads of pool P (fresh, working,\n"
	  "                    converted, lost) instead of IDs, narrowed by:\n"
	  POOL_HELP
	  "  --limit N         at most N leads, lowest IDs first\n"
	  "  --dry-run         say what would be done; write nothing\n", 0 },
	{ "stage", "list", cmd_stage_list, NEEDS_ACTOR, "[--format F]",
	  "the pipeline's stages in order, with their leads", FORMAT_HELP, 0 },
	{ "stage", "add", cmd_stage_add, NEEDS_ACTOR,
	  "NAME [--probability P] [--won|--lost] [--stale-days N] ...",
	  "add a pipeline stage (admins)",
	  "  --probability P   chance of winning a lead here, 0-100\n"
	  "  --won, --lost     a stage that ends the lead so\n"
	  "  --stale-days N    a card here this many days is stale\n"
	  "  --status S        the status a lead takes on entering\n"
	  "  --position N      where it goes (default: last)\n", 0 },
	{ "stage", "rename", cmd_stage_rename, NEEDS_ACTOR, "NAME NEW_NAME",
	  "rename a pipeline stage (admins)", NULL, 0 },
	{ "stage", "move", cmd_stage_move, NEEDS_ACTOR, "NAME POSITION",
	  "move a pipeline stage to another place, 1 for the first (admins)",
	  NULL, 0 },
	{ "stage", "remove", cmd_stage_remove, NEEDS_ACTOR,
	  "NAME [--move-to STAGE]", "remove a pipeline stage (admins)",
	  "  --move-to STAGE   where its leads go; a stage with leads is\n"
	  "                    not removed without it\n", 0 },
	{ "board", NULL, cmd_board, NEEDS_ACTOR, "[--format F]",
	  "the team board: each rep's state, lead, calls and load today",
	  FORMAT_HELP, 0 },
	{ "report", NULL, cmd_report, NEEDS_ACTOR,
	  "[NAME] [--period P | --from DAY [--to DAY]] [--FILTER VALUE ...]"
	  " [--format F]",
	  "a report of the floor over a period; alone, the list of reports",
	  "  --period P        today (the default), yesterday, this week, last\n"
	  "                    week, last 7 days, last 30 days, this month,\n"
	  "                    last month, or FROM..TO (2026-11-01..2026-11-30)\n"
	  "  --from DAY        the first day (2026-11-01, yesterday, mon)\n"
	  "  --to DAY          the last day, included (default: today)\n"
	  "  --team T          only team T (analysts and admins)\n"
	  "  --rep LOGIN       only LOGIN's figures (team leads: their team's)\n"
	  "  --region R        only leads of region R\n"
	  "  --source S        only leads from source S\n"
	  "  --batch N         only leads of import batch N\n"
	  "  --by G            rows by G, where the report takes it (callq\n"
	  "                    report lists the groupings)\n" FORMAT_HELP, 0 },
	{ "notify", "list", cmd_notify_list, NEEDS_ACTOR,
	  "[--unread] [--limit N] [--format F]",
	  "your notifications, newest first",
	  "  --unread      only those not yet read\n"
	  "  --limit N     at most N (default 50, 0 for all)\n" FORMAT_HELP, 0 },
	{ "digest", NULL, cmd_digest, NEEDS_ACTOR,
	  "[--date DAY] [--to LOGIN]... [--send]",
	  "each team lead's and admin's summary of a day, as text or mailed",
	  "  --date DAY    the day: 2026-11-23, today (default), yesterday\n"
	  "  --to LOGIN    only LOGIN's (repeatable); anyone but an admin\n"
	  "                gets only their own\n"
	  "  --send        mail each to the user's e-mail through [mail] in\n"
	  "                callq.conf, instead of printing them\n", 0 },
	{ "notify", "read", cmd_notify_read, NEEDS_ACTOR, "ID|all",
	  "mark a notification, or all of them, read", NULL, 0 },
	{ "alert", "sweep", cmd_alert_sweep, NEEDS_ACTOR, "",
	  "raise the alerts that are due (for cron; every screen does it)",
	  NULL, 0 },
	{ "collect", "queue", cmd_collect_queue, NEEDS_ACTOR,
	  "[--collector LOGIN|none] [--format F]",
	  "the deals owing money, most urgent first (recovery, team leads, "
	  "admins)",
	  "  --collector L  one agent's deals, or none: the unassigned\n"
	  "                 (team leads and admins)\n" FORMAT_HELP, 0 },
	{ "collect", "log", cmd_collect_log, NEEDS_ACTOR,
	  "DEAL --outcome O [--amount A] [--date D] [--method M]\n"
	  "    [--reference R] [--note N] [--contact ID]",
	  "record a collection call and what it got",
	  "  --outcome O    promise, paid, partial, dispute, no-answer,\n"
	  "                 wrong-number (or 1-6)\n"
	  "  --amount A     the payment, or the amount promised; paid with\n"
	  "                 none pays all that is due now\n"
	  "  --date D       the promise's day (up to 90 days ahead), or the\n"
	  "                 day the payment was made (default today)\n"
	  "  --method M     a payment method (callq choice list method)\n"
	  "  --reference R  the payment's reference\n"
	  "  --note N       what was said\n"
	  "  --contact ID   the contact reached\n", 0 },
	{ "collect", "assign", cmd_collect_assign, NEEDS_ACTOR,
	  "DEAL... --to LOGIN|none", "give deals to a recovery agent, or "
	  "take them back (team leads, admins)",
	  "  --to LOGIN     an active recovery agent (a team lead's: of the\n"
	  "                 team), or none\n", 0 },
	{ "collect", "spread", cmd_collect_spread, NEEDS_ACTOR,
	  "DEAL... --round-robin|--split",
	  "spread deals over the active recovery agents (team leads, admins)",
	  "  --round-robin  in turn, in the order given\n"
	  "  --split        to whoever holds fewest deals still owing\n", 0 },
	{ "promise", "list", cmd_promise_list, NEEDS_ACTOR,
	  "[--deal ID] [--format F]", "promises to pay, newest first",
	  "  --deal ID      one deal's\n" FORMAT_HELP, 0 },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
command_name(const struct command *cmd, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", cmd->noun, cmd->verb ? " " : "",
	    cmd->verb ? cmd->verb : "");
}

void
cli_usage(void)
{
	char name[64];
	size_t i;

	printf("usage: callq [--db PATH] [--as LOGIN] [--config FILE] "
	    "[COMMAND ...]\n"
	    "       callq --help | --version | COMMAND --help\n\n"
	    "With no command, callq opens your call queue in the terminal.\n\n"
	    "commands:\n");
	for (i = 0; i < NCOMMANDS; i++) {
		command_name(&commands[i], name, sizeof name);
		printf("  %-20s %s\n", name, commands[i].summary);
	}
	printf("\nglobal options:\n"
	    "  --db PATH    the database (default: $CALLQ_DB, else\n"
	    "               $XDG_DATA_HOME/callq/callq.db)\n"
	    "  --as LOGIN   act as another callq user\n"
	    "  --config FILE  the dial and mail settings (default:\n"
	    "               $CALLQ_CONFIG, else " CALLQ_SYSCONFDIR "/callq.conf\n"
	    "               and then $XDG_CONFIG_HOME/callq/callq.conf;\n"
	    "               callq.conf(5))\n"
	    "\nSee callq(1) for everything else.\n");
}

static void
command_help(const struct command *cmd)
{
	char name[64];
	size_t i;

	command_name(cmd, name, sizeof name);
	printf("usage: callq %s %s\n\n%s.\n", name, cmd->args, cmd->summary);
	if (cmd->help != NULL)
		printf("\noptions:\n%s", cmd->help);
	if (!cmd->fields)
		return;
	printf("\nfields:\n");
	for (i = 0; i < LEAD_FIELD_COUNT; i++)
		printf("  --%-15s %s\n", lead_fields[i].name,
		    lead_fields[i].help);
}

/*
 * Lists a noun's commands: on stdout for `callq lead --help`, on stderr
 * when the verb is missing or unknown.
 */
static int
noun_usage(const char *noun, const char *verb)
{
	int help = verb != NULL && (strcmp(verb, "--help") == 0 ||
	    strcmp(verb, "-h") == 0);
	FILE *out = help ? stdout : stderr;
	char name[64], shown[64];
	size_t i;

	if (help)
		fprintf(out, "the %s commands:\n", noun);
	else if (verb != NULL && verb[0] != '-') {
		text_mask(verb, strlen(verb), shown, sizeof shown);
		fprintf(out, "callq: '%s %s' is not a command; the %s "
		    "commands are:\n", noun, shown, noun);
	} else
		fprintf(out, "callq: '%s' needs a command:\n", noun);
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].noun, noun) == 0) {
			command_name(&commands[i], name, sizeof name);
			fprintf(out, "  callq %s %s\n", name, commands[i].args);
		}
	return help ? CLI_DONE : EX_USAGE;
}

static const struct command *
command_find(int argc, char **argv, int *used, int *status)
{
	int noun_known = 0;
	size_t i;

	*status = 0;
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].noun, argv[0]) != 0)
			continue;
		noun_known = 1;
		if (commands[i].verb == NULL) {
			*used = 1;
			return &commands[i];
		}
		if (argc > 1 && strcmp(commands[i].verb, argv[1]) == 0) {
			*used = 2;
			return &commands[i];
		}
	}
	if (noun_known)
		*status = noun_usage(argv[0], argc > 1 ? argv[1] : NULL);
	else {
		char shown[64];

		text_mask(argv[0], strlen(argv[0]), shown, sizeof shown);
		fprintf(stderr, "callq: '%s' is not a command; see: callq "
		    "--help\n", shown);
		*status = EX_USAGE;
	}
	return NULL;
}

static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

/*
 * --output FILE: an export the user asked for, so it is created as the
 * user, with the user's group (see priv.h), never with callq's.
 */
/*
 * --output FILE: an export the user asked for, so it is made as the user,
 * with the user's group (see priv.h), never with callq's. It is written
 * beside FILE and renamed over it at the end: a list that fails leaves
 * FILE as it was.
 */
struct output {
	struct cli *c;
	const char *path;
	int         fd;
};

static int
output_unlink(void *path)
{
	return unlink(path);
}

static int
output_create(void *arg)
{
	struct output *o = arg;
	mode_t mask = umask(0);

	umask(mask);
	snprintf(o->c->out_tmp, sizeof o->c->out_tmp, "%s.XXXXXX", o->path);
	if ((o->fd = mkostemp(o->c->out_tmp, O_CLOEXEC)) < 0)
		return -1;
	/* mkstemp makes it 0600; an export reads like any file made. */
	return fchmod(o->fd, 0666 & ~mask);
}

int
cli_output_open(struct cli *c, const char *path)
{
	struct output o = { c, path, -1 };

	if (c->out != NULL)
		return cli_usage_error(c, "--output is given twice");
	if (strlen(path) + 8 > sizeof c->out_tmp)
		return cli_usage_error(c, "the --output path is too long");
	if (priv_path_is_floors(path))
		return err_set(&c->err, EX_CANTCREAT, "cannot write %s: %s; "
		    "name another file", path, priv_strerror(EPERM));
	if (priv_as_user(output_create, &o) != 0 ||
	    (c->out = fdopen(o.fd, "w")) == NULL) {
		err_set(&c->err, EX_CANTCREAT, "cannot write %s: %s; name a "
		    "file in a directory you may write", path, strerror(errno));
		if (o.fd >= 0) {
			close(o.fd);
			priv_as_user(output_unlink, c->out_tmp);
		}
		return c->err.status;
	}
	c->out_path = path;
	return 0;
}

static int
output_rename(void *arg)
{
	struct cli *c = arg;

	return rename(c->out_tmp, c->out_path);
}

static int
output_close(struct cli *c, int status)
{
	if (c->out == NULL)
		return status;
	if (fclose(c->out) != 0 && status == 0)
		status = err_set(&c->err, EX_IOERR, "cannot write %s: %s",
		    c->out_path, strerror(errno));
	if (status == 0 && priv_as_user(output_rename, c) != 0)
		status = err_set(&c->err, EX_CANTCREAT, "cannot write %s: %s",
		    c->out_path, strerror(errno));
	if (status != 0)
		priv_as_user(output_unlink, c->out_tmp);
	c->out = NULL;
	return status;
}

static int
cli_open(struct cli *c)
{
	if (store_open(c->db_path, STORE_OPEN, &c->st, &c->err) != 0)
		return c->err.status;
	return identity_resolve(c->st, c->as_login, &c->who, &c->err);
}

int
cli_run(const char *db_path, const char *as_login, const char *config_path,
    int argc, char **argv)
{
	struct cli c = { .db_path = db_path, .as_login = as_login,
	    .config_path = config_path };
	int used, status;

	if ((c.cmd = command_find(argc, argv, &used, &status)) == NULL)
		return status == CLI_DONE ? 0 : status;
	if (wants_help(argc - used, argv + used)) {
		command_help(c.cmd);
		return 0;
	}
	if (c.cmd->needs == NEEDS_ACTOR && cli_open(&c) != 0)
		status = c.err.status;
	else {
		/* getopt_long in each command sees its own words only. */
		optind = 0;
		status = c.cmd->run(&c, argc - used + 1, argv + used - 1);
		if (status == CLI_DONE)
			status = 0;
		status = output_close(&c, status);
	}
	if (status != 0 && c.err.status != 0)
		fprintf(stderr, "callq: %s\n", c.err.msg);
	store_close(c.st);
	return status;
}

int
cli_usage_error(struct cli *c, const char *fmt, ...)
{
	char name[64], msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	command_name(c->cmd, name, sizeof name);
	return err_set(&c->err, EX_USAGE, "%s; usage: callq %s %s", msg, name,
	    c->cmd->args);
}

int
cli_option(struct cli *c, int ch, char **argv)
{
	switch (ch) {
	case 'F':
		if (format_parse(optarg, &c->format) == 0)
			return 0;
		return cli_usage_error(c, "--format takes table, csv or json, "
		    "not '%s'", optarg);
	case 'O':
		return cli_output_open(c, optarg);
	case CLI_OPT_FORCE:
		c->who.overrides |= ACTOR_FORCE;
		return 0;
	case ':':
		return cli_usage_error(c, "%s needs a value", argv[optind - 1]);
	default:
		return cli_usage_error(c, "unknown option '%s'",
		    argv[optind - 1]);
	}
}

int
cli_id(struct cli *c, const char *text, const char *what, int64_t *id)
{
	char *end;
	long long v;

	if (text == NULL)
		return cli_usage_error(c, "give the %s", what);
	v = strtoll(text, &end, 10);
	if (end == text || *end != '\0' || v <= 0)
		return cli_usage_error(c, "'%s' is not a %s", text, what);
	*id = v;
	return 0;
}

int
cli_number(struct cli *c, const char *text, const char *option, int max,
    int *n)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (end == text || *end != '\0' || v < 0 || v > max)
		return cli_usage_error(c, "%s takes a whole number from 0 to %d,"
		    " not '%s'", option, max, text);
	*n = (int)v;
	return 0;
}

void
cli_say(const char *fmt, ...)
{
	char line[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	text_mask(line, strlen(line), line, sizeof line);
	puts(line);
}

const char *
cli_when(time_t t, char *buf, size_t size)
{
	if (t == 0)
		buf[0] = '\0';
	else
		when_label(t, store_now(), buf, size);
	return buf;
}

const char *
cli_time_cell(const struct table *t, time_t when, char *buf, size_t size)
{
	if (when != 0 && table_format(t) != FORMAT_TABLE)
		when_iso(when, buf, size);
	else
		cli_when(when, buf, size);
	return buf;
}

const char *
cli_money_cell(const struct table *t, int64_t cents, char *buf, size_t size)
{
	if (table_format(t) == FORMAT_TABLE)
		money_format(cents, buf, size);
	else
		snprintf(buf, size, "%s%lld.%02lld", cents < 0 ? "-" : "",
		    llabs((long long)(cents / 100)),
		    llabs((long long)(cents % 100)));
	return buf;
}

const char *
cli_stamp_cell(const struct table *t, time_t when, char *buf, size_t size)
{
	if (when == 0)
		buf[0] = '\0';
	else if (table_format(t) != FORMAT_TABLE)
		when_iso(when, buf, size);
	else
		when_stamp(when, store_now(), buf, size);
	return buf;
}

struct table *
cli_table(struct cli *c, const struct column *cols, int n)
{
	struct table *t = table_begin(c->out != NULL ? c->out : stdout,
	    c->format, cols, n);

	if (t == NULL)
		err_set(&c->err, EX_OSERR, "out of memory");
	return t;
}

int
cli_table_end(struct cli *c, struct table *t, int rc)
{
	if (table_end(t) != 0 && rc == 0)
		rc = err_set(&c->err, EX_IOERR, "cannot write the output: %s",
		    strerror(errno));
	return rc;
}

/* Takes the options longs and want arguments. */
static int
cli_plain_options(struct cli *c, int argc, char **argv, int want,
    const struct option *longs)
{
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1)
		if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	if (argc - optind > want)
		return cli_usage_error(c, "unexpected '%s'", argv[optind + want]);
	if (argc - optind < want)
		return cli_usage_error(c, "missing argument");
	return 0;
}

int
cli_list_options(struct cli *c, int argc, char **argv, int want)
{
	static const struct option longs[] = {
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};

	return cli_plain_options(c, argc, argv, want, longs);
}

int
cli_write_options(struct cli *c, int argc, char **argv, int want)
{
	static const struct option longs[] = {
		CLI_FORCE_OPTION,
		{ NULL, 0, NULL, 0 },
	};

	return cli_plain_options(c, argc, argv, want, longs);
}
