/* Follow-ups: promised callbacks that must never be missed. */
#ifndef CALLQ_FOLLOWUP_H
#define CALLQ_FOLLOWUP_H

#include <stdint.h>
#include <time.h>

#include "callq/hours.h"
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
	const char *reason;	/* its follow-up reason, or "" */
	const char *zones;	/* the lead's time zones, or "" */
	const char *country;	/* the lead's country, or "" */
	time_t      due_at;
};

/* A follow-up to book. */
struct followup_new {
	int64_t     lead;
	time_t      due;
	const char *note;	/* NULL: none */
	const char *reason;	/* a follow-up reason's name; NULL: none */
};

enum followup_which { FOLLOWUP_OPEN, FOLLOWUP_DUE, FOLLOWUP_MISSED };

/*
 * Books a follow-up for who; sets *id. Refused (EX_DATAERR) on a lead
 * that is Lost, deleted or whose number is on the do-not-call list, for
 * a reason not in the list, and for a time ahead outside the lead's
 * calling hours (the sentence offers the nearest allowed time).
 */
int store_followup_book(struct store *st, const struct actor *who,
    const struct followup_new *n, int64_t *id, struct err *err);

/* store_followup_book with no reason. */
int store_followup_add(struct store *st, const struct actor *who,
    int64_t lead, time_t due, const char *note, int64_t *id,
    struct err *err);

/* A follow-up time against the lead's calling hours. */
struct followup_fit {
	int    open;		/* inside them, or no zone known */
	time_t nearest;		/* when not open: the nearest allowed, or 0 */
	char   zones[256];	/* the lead's, for hours_when_both */
	char   country[4];
	struct hours_window hours;	/* its calling hours, its own time */
};

/* How due stands for lead, as store_followup_book will weigh it. */
int store_followup_fit(struct store *st, const struct actor *who,
    int64_t lead, time_t due, struct followup_fit *fit, struct err *err);

/*
 * 1, with the sentence in why, when due lies further ahead than the
 * setting followup_max_days allows (0: no limit); else 0.
 */
int store_followup_far(struct store *st, time_t due, char *why, size_t size);

/* The lead follow-up id is on, as who may see it. */
int store_followup_lead(struct store *st, const struct actor *who,
    int64_t id, int64_t *lead, struct err *err);

/* The active follow-up reasons, in order. */
int store_followup_reasons(struct store *st,
    int (*each)(const char *, void *), void *arg, struct err *err);

/* Closes follow-up id; outcome (or NULL) says what came of it. */
int store_followup_done(struct store *st, const struct actor *who,
    int64_t id, const char *outcome, struct err *err);

/* Reschedules open follow-up id to due (in the lead's hours, as above). */
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
