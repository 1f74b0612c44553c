/*
 * The daily digest: each team lead's and admin's summary of a day as
 * plain text a mail client shows as it is (lines of at most
 * DIGEST_WIDTH columns, no control characters from what users typed):
 * the agents report's totals, the conversions, the missed follow-ups and
 * the recipient's alerts, all in the recipient's own scope.
 */
#ifndef CALLQ_DIGEST_H
#define CALLQ_DIGEST_H

#include <time.h>

#include "callq/store.h"

#define DIGEST_WIDTH 72

/* The day a digest covers: local midnight to the next. */
struct digest_day {
	time_t from, to;
	time_t now;		/* what "missed" is measured at */
	char   date[16];	/* "2026-11-23", for the subject */
};

/* Someone a digest is for. */
struct digest_for {
	char login[64];
	char name[128];
	char email[256];	/* "" when they have none */
};

/* Fills day for text (a day as callq when_day reads it: "yesterday"). */
int digest_day_parse(const char *text, time_t now, struct digest_day *day,
    struct err *err);

/*
 * Whom who may write digests for: the nlogins named, or when none every
 * active admin and team lead (by login). Only admins may name others or
 * take everyone; a team lead or analyst gets their own, and a rep none. *out is the caller's to
 * free, *n its length.
 */
int digest_recipients(struct store *st, const struct actor *who,
    char *const *logins, int nlogins, struct digest_for **out, int *n,
    struct err *err);

/*
 * The digest of day for the user login, as they see the floor; *text is
 * the caller's to free. *note is set to a sentence (in text too) when a
 * part could not be read, else left as it was.
 */
int digest_text(struct store *st, const struct digest_for *to,
    const struct digest_day *day, char **text, struct err *note,
    struct err *err);

#endif
