/*
 * A dial's call record: the row opens before any request is sent, takes
 * the provider's answer, and the quick-log completes it (store_call_log
 * logs onto the rep's open call of the lead).
 */
#ifndef CALLQ_CALLREC_H
#define CALLQ_CALLREC_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

/* Whom a dial connects, as the store knows them. */
struct call_target {
	int64_t call_id;
	time_t  requested_at;
	char    lead_e164[24];
	char    lead_display[48];	/* "+1 415-555-0132", else the E.164 */
	char    rep_phone[24];		/* "" when the rep has none */
	char    rep_extension[24];
};

/*
 * Checks that who may call lead now (permission, a number, not on the
 * do-not-call list, inside calling hours, not held by another rep),
 * holds the lead, ends who's earlier unfinished dials, and opens a call
 * row in state dialing through provider. Nothing is written when a check
 * fails: the sentence says why, and EX_DATAERR means never, EX_TEMPFAIL
 * not now.
 */
int store_call_open(struct store *st, const struct actor *who, int64_t lead,
    const char *provider, struct call_target *out, struct err *err);

/*
 * store_call_open for one of a lead's contacts: phone is a contact_phones
 * id. Refused as well when the contact asked not to be called; calling
 * hours are those of the number's own zones. The call row names the
 * contact, so the quick-log knows whom it reached.
 */
int store_call_open_contact(struct store *st, const struct actor *who,
    int64_t phone, const char *provider, struct call_target *out,
    struct err *err);

/*
 * The provider's answer to call: ringing with its call id (answered when
 * the provider says the rep picked up already), or failed with error.
 */
int store_call_answer(struct store *st, const struct actor *who,
    int64_t call, const char *ref, int answered, const char *error,
    struct err *err);

/* The rep hung up: the call is ended now, waiting for its log. */
int store_call_end(struct store *st, const struct actor *who, int64_t call,
    struct err *err);

#endif
