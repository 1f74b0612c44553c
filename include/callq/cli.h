/* The headless subcommands: the same operations the TUI offers. */
#ifndef CALLQ_CLI_H
#define CALLQ_CLI_H

/*
 * Runs the subcommand in argv[0..argc) against the database at db_path,
 * acting as as_login when not NULL, with the settings of config_path
 * (NULL: the usual callq.conf files). Prints results on stdout and one
 * sentence on stderr when something fails; returns the exit status.
 */
int cli_run(const char *db_path, const char *as_login,
    const char *config_path, int argc, char **argv);

/* callq --help: the global usage and every command. */
void cli_usage(void);

#endif
