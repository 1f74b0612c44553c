/* The Users pane's forms of more than one line (src/tui/user_edit.c). */
#ifndef CALLQ_TUI_USERS_H
#define CALLQ_TUI_USERS_H

#include "view.h"

/* The roles to pick from by digit, in enum role's order. */
extern const char user_role_choices[];

/* Adds a user step by step: login, name, role, team, regions, phone. */
void user_add_open(struct tui *t);

/* Picks login's regions from the region list, the current ones chosen. */
void user_regions_open(struct tui *t, const char *login);

/*
 * Asks to deactivate login when active, else to reactivate them, naming
 * which; Enter does it.
 */
void user_active_ask(struct tui *t, const char *login, int active);

#endif
