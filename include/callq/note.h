/* Notes on a lead: what a rep wants the next person to know. */
#ifndef CALLQ_NOTE_H
#define CALLQ_NOTE_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

struct note {
	int64_t     id;
	time_t      at;
	const char *who;	/* login of its writer */
	const char *body;
};

/* Adds a note to lead; who must be allowed to edit the lead. */
int store_note_add(struct store *st, const struct actor *who, int64_t lead,
    const char *body, struct err *err);

/* The lead's notes, newest first. */
int store_note_list(struct store *st, const struct actor *who, int64_t lead,
    int (*each)(const struct note *, void *), void *arg, struct err *err);

#endif
