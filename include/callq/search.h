/*
 * Finding a lead from whatever someone has of it: a number in any
 * spelling or its last digits, part of its name, city, e-mail or notes
 * (case and accents aside), or #ID. Over every lead the user may read
 * that is not deleted.
 */
#ifndef CALLQ_SEARCH_H
#define CALLQ_SEARCH_H

#include <stdint.h>

#include "callq/store.h"

/* Why a lead was found, best first: results come in this order. */
enum search_rank {
	SEARCH_ID,		/* #ID */
	SEARCH_PHONE,		/* the number, exactly */
	SEARCH_NAME,		/* its name starts with the text */
	SEARCH_OTHER,		/* last digits, or text in name, city, ... */
};

/* One lead found; strings are "" when unset, valid during the callback. */
struct search_hit {
	int64_t          id;
	enum search_rank rank;
	const char *name, *phone;	/* phone: as people read it */
	const char *status, *owner, *region;	/* owner: login */
	const char *timezone;	/* IANA zones it may be in, space-separated */
	const char *country;	/* alpha-2, or "" */
	int         customer;	/* the lead is a customer */
};

/* Digits a number's tail needs before it is searched for. */
#define SEARCH_MIN_DIGITS 4

/*
 * Hands each up to limit leads who may read that text finds, best first,
 * until each says stop. Text is a number (any spelling: read in the
 * user's country, else the floor's; SEARCH_MIN_DIGITS or more digits
 * also match as the end of a number), "#ID", or words matched against
 * the start of names and, from three characters on, anywhere in names,
 * cities, e-mails and notes. Text that can find nothing hands nothing.
 */
int store_search(struct store *st, const struct actor *who, const char *text,
    int limit, int (*each)(const struct search_hit *, void *), void *arg,
    struct err *err);

/*
 * Hands each the leads who may read whose number is number, in any
 * spelling; EX_DATAERR when number is not a phone number.
 */
int store_who(struct store *st, const struct actor *who, const char *number,
    int (*each)(const struct search_hit *, void *), void *arg,
    struct err *err);

#endif
