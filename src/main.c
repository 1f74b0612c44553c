/*
 * callq: a terminal CRM for outbound call floors. Global options, then
 * either a headless subcommand or, with none, the TUI.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "callq/cli.h"
#include "callq/identity.h"
#include "callq/path.h"
#include "callq/priv.h"
#include "callq/tui.h"

static int
open_tui(const char *db_path, const char *as_login, const char *config)
{
	struct store *st;
	struct actor who;
	struct err err = { 0 };
	int rc;

	if (store_open(db_path, STORE_OPEN, &st, &err) != 0 ||
	    identity_resolve(st, as_login, &who, &err) != 0) {
		fprintf(stderr, "callq: %s\n", err.msg);
		store_close(st);
		return err.status;
	}
	rc = tui_run(st, &who, config);
	store_close(st);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "as", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *as = NULL, *config = NULL, *file;
	char path[4096];
	struct err err = { 0 };
	int ch, floor;

	setlocale(LC_ALL, "");
	/*
	 * Files, the database and scripts write 51.5, not 51,5: numbers are
	 * read and printed the C way whatever the user's locale.
	 */
	setlocale(LC_NUMERIC, "C");
	opterr = 0;
	/* '+': stop at the subcommand, whose options are its own. */
	while ((ch = getopt_long(argc, argv, "+:h", longs, NULL)) != -1) {
		switch (ch) {
		case 'd': db = optarg; break;
		case 'a': as = optarg; break;
		case 'c': config = optarg; break;
		case 'h': cli_usage(); return 0;
		case 'V': printf("callq %s\n", CALLQ_VERSION); return 0;
		case ':':
			fprintf(stderr, "callq: %s needs a value; see: callq "
			    "--help\n", argv[optind - 1]);
			return EX_USAGE;
		default:
			fprintf(stderr, "callq: unknown option '%s'; global "
			    "options go before the command; see: callq "
			    "--help\n", argv[optind - 1]);
			return EX_USAGE;
		}
	}
	if (path_db(db, path, sizeof path, &floor, &err) != 0) {
		fprintf(stderr, "callq: %s\n", err.msg);
		return err.status;
	}
	/*
	 * Any name but the floor's is the user's own database, opened
	 * without the floor's group, so --db cannot reach what only that
	 * group may. The name alone decides, before anything is opened: a
	 * check of the file it names could be raced by swapping a link
	 * before the open.
	 */
	if (priv_shared() && !floor && strcmp(path, PATH_SHARED_DB) != 0 &&
	    priv_drop() != 0) {
		fprintf(stderr, "callq: cannot give up the group callq runs "
		    "with: %s\n", strerror(errno));
		return EX_OSERR;
	}
	/* The file itself, however it was named (sqlite:PATH too). */
	if (path_db_kind(path, &file) == PATH_SQLITE)
		priv_guard(file);
	if (optind == argc)
		return open_tui(path, as, config);
	return cli_run(path, as, config, argc - optind, argv + optind);
}
