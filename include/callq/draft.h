/*
 * Drafts: the quick-log a rep is typing, kept in the database from the
 * moment the form opens, so a dropped SSH session loses nothing; the
 * next start reopens it.
 */
#ifndef CALLQ_DRAFT_H
#define CALLQ_DRAFT_H

#include <stdint.h>

#include "callq/store.h"

struct draft {
	int64_t lead_id;	/* 0: no draft */
	char    disposition[64];	/* the key or name picked, or "" */
	char    note[1024];
	char    followup[64];	/* the WHEN text as typed */
	int     interest;	/* 0: none yet */
};

/* Keeps who's draft, replacing any earlier one. */
int store_draft_save(struct store *st, const struct actor *who,
    const struct draft *d, struct err *err);

/* who's draft, lead_id 0 when there is none. */
int store_draft_get(struct store *st, const struct actor *who,
    struct draft *d, struct err *err);

int store_draft_clear(struct store *st, const struct actor *who,
    struct err *err);

#endif
