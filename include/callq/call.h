/* Logging a call's outcome: the disposition moves the lead on. */
#ifndef CALLQ_CALL_H
#define CALLQ_CALL_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

struct deal_spec;

/* call_log.contact_id for a call that reached the lead itself. */
#define CALL_REACHED_LEAD (-1)

struct call_log {
	int64_t     lead_id;
	const char *disposition;	/* name or number key */
	const char *note;		/* NULL: none */
	time_t      followup_at;	/* 0: none */
	int         interest;		/* 0: keep the lead's */
	time_t      started_at;		/* 0: now */
	int         duration_s;
	const char *followup_reason;	/* NULL: none */
	/*
	 * The contact reached; 0: as the dial said (a contact it named, else
	 * the lead); CALL_REACHED_LEAD: the lead, whoever was dialed.
	 */
	int64_t     contact_id;
	/*
	 * The Converted form's deal: made in the same transaction when the
	 * call converts the lead (NULL: none; `callq deal add` later).
	 */
	const struct deal_spec *deal;
};

/* What the log did, for the user's confirmation line. */
struct call_result {
	int64_t call_id;
	int64_t followup_id;		/* 0: none scheduled */
	char    disposition[64];
	char    status_from[16];
	char    status_to[16];		/* same as from when it stayed */
	int     added_to_dnc;
	int     attempt;		/* 0: the call reached the lead */
	int     max_attempts;		/* then dropped as Lost; 0: never, or
					   not from Converted or Lost */
	char    drop_reason[64];	/* set when the call made it Lost */
	time_t  followup_at;		/* the lead's next follow-up, 0: none */
	time_t  retry_at;		/* with no follow-up, when the queue
					   offers it again; 0: closed */
	int64_t deal_id;		/* the deal the log made, or 0 */
};

/* One disposition as the quick-log offers it. */
struct disposition_item {
	int         key;		/* the digit that picks it; -1: none */
	const char *name;
	const char *status;		/* where it moves the lead */
	const char *needs;		/* "-", "followup", "interest", "dnc" */
};

/* The active dispositions by key. */
int store_disposition_list(struct store *st,
    int (*each)(const struct disposition_item *, void *), void *arg,
    struct err *err);

/* A rep's day so far, against the floor's daily target. */
struct progress {
	int calls;
	int connects;		/* calls someone answered: not CNP */
	int conversions;
	int talk_s;		/* seconds on the phone */
	int target_calls;
	int target_connects, target_conversions;	/* 0: none set */
};

/* who's calls since from (local midnight, say). */
int store_progress(struct store *st, const struct actor *who, time_t from,
    struct progress *out, struct err *err);

/*
 * Records the call, moves the lead on, and in the same transaction lets
 * go of who's lease on the lead and of the draft of this log.
 */
int store_call_log(struct store *st, const struct actor *who,
    const struct call_log *log, struct call_result *res, struct err *err);

#endif
