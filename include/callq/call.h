/* Logging a call's outcome: the disposition moves the lead on. */
#ifndef CALLQ_CALL_H
#define CALLQ_CALL_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

struct call_log {
	int64_t     lead_id;
	const char *disposition;	/* name or number key */
	const char *note;		/* NULL: none */
	time_t      followup_at;	/* 0: none */
	int         interest;		/* 0: keep the lead's */
	time_t      started_at;		/* 0: now */
	int         duration_s;
};

/* What the log did, for the user's confirmation line. */
struct call_result {
	int64_t call_id;
	int64_t followup_id;		/* 0: none scheduled */
	char    disposition[64];
	char    status_from[16];
	char    status_to[16];		/* same as from when it stayed */
	int     added_to_dnc;
};

int store_call_log(struct store *st, const struct actor *who,
    const struct call_log *log, struct call_result *res, struct err *err);

#endif
