/* Follow-ups: promised callbacks that must never be missed. */
#ifndef CALLQ_FOLLOWUP_H
#define CALLQ_FOLLOWUP_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

struct followup {
	int64_t     id;
	int64_t     lead_id;
	const char *lead_name;
	const char *phone_e164;
	const char *user;	/* login it belongs to */
	const char *note;
	const char *state;	/* open, done, cancelled */
	const char *outcome;	/* what came of a done one, or "" */
	time_t      due_at;
};

enum followup_which { FOLLOWUP_OPEN, FOLLOWUP_DUE, FOLLOWUP_MISSED };

/* Schedules a follow-up on lead for who; sets *id. */
int store_followup_add(struct store *st, const struct actor *who,
    int64_t lead, time_t due, const char *note, int64_t *id,
    struct err *err);

/* Closes follow-up id; outcome (or NULL) says what came of it. */
int store_followup_done(struct store *st, const struct actor *who,
    int64_t id, const char *outcome, struct err *err);

/* Reschedules open follow-up id to due. */
int store_followup_move(struct store *st, const struct actor *who,
    int64_t id, time_t due, struct err *err);

/* Every follow-up of lead: the open ones first, then the rest, newest first. */
int store_followup_of_lead(struct store *st, const struct actor *who,
    int64_t lead, int (*each)(const struct followup *, void *), void *arg,
    struct err *err);

/*
 * Open follow-ups of login (NULL: who's own), by due time: all of them,
 * those due now or later today, or the missed ones.
 */
int store_followup_list(struct store *st, const struct actor *who,
    const char *login, enum followup_which which,
    int (*each)(const struct followup *, void *), void *arg,
    struct err *err);

#endif
