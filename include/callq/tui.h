/* The terminal interface (ncursesw); the only place that draws. */
#ifndef CALLQ_TUI_H
#define CALLQ_TUI_H

#include "callq/store.h"

/*
 * Runs until the user quits; returns the exit status. Dials use the
 * settings of config_path (NULL: the usual callq.conf files).
 */
int tui_run(struct store *st, const struct actor *who,
    const char *config_path);

#endif
