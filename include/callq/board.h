/* The team board: one row per rep, what a team lead watches all day. */
#ifndef CALLQ_BOARD_H
#define CALLQ_BOARD_H

#include <stdint.h>
#include <time.h>

#include "callq/attendance.h"
#include "callq/store.h"

struct board_row {
	int64_t         id;
	const char     *login, *name;
	enum attendance state;
	time_t          since;		/* in that state since; 0: never */
	const char     *reason;		/* the pause reason, or "" */
	int64_t         lead_id;	/* the lead being worked (held), 0 */
	const char     *lead_name;
	int             calls, connects, conversions, talk_s;	/* today */
	int             open_followups, missed_followups;
	int64_t         open_leads;	/* assigned, not converted or lost */
};

/*
 * The reps of who's team (every rep for one in no team), by login, with
 * today counted from day_start; team leads, admins and analysts only.
 */
int store_board(struct store *st, const struct actor *who, time_t day_start,
    int (*each)(const struct board_row *, void *), void *arg,
    struct err *err);

#endif
