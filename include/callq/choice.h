/*
 * The settings lists people pick from: lead sources, pause, follow-up and
 * drop reasons, call dispositions, and after the sale the products, won
 * reasons and payment methods. Each is ordered; a deactivated
 * value leaves every picker but stays on the records that carry it.
 */
#ifndef CALLQ_CHOICE_H
#define CALLQ_CHOICE_H

#include <stdint.h>

#include "callq/status.h"
#include "callq/store.h"

enum choice_list { LIST_SOURCE, LIST_PAUSE, LIST_FOLLOWUP, LIST_DROP,
	LIST_DISPOSITION, LIST_PRODUCT, LIST_WON, LIST_METHOD, LIST_COUNT };

struct choice {
	int64_t     id;
	const char *name;
	int         position;	/* 1 for the first */
	int         active;
	/* Dispositions only. */
	int         key;	/* its digit; -1: none */
	const char *status;	/* where it moves a lead */
	const char *needs;	/* "-", "followup", "interest", "dnc" */
	int         contact;	/* the call reached someone; -1: not one */
	/* Pause reasons only: minutes before the team lead is alerted. */
	int         limit_minutes;	/* 0: none */
};

/*
 * "source", "pause", "followup", "drop", "disposition", "product", "won",
 * "method".
 */
const char *choice_list_name(enum choice_list list);
/* A list named like that (or a plural, "sources"); -1 when none. */
int choice_list_parse(const char *text);
/* How a person names it: "pause reasons". */
const char *choice_list_title(enum choice_list list);

/* Every value of list, inactive ones too, in order. */
int store_choice_list(struct store *st, enum choice_list list,
    int (*each)(const struct choice *, void *), void *arg, struct err *err);

/* A disposition to add: what the log of it does. */
struct disposition_spec {
	int         key;	/* 0-9, or -1 for none */
	const char *status;	/* a status name */
	const char *needs;	/* NULL or "-": nothing more */
};

/* Adds name at the end of list (spec for dispositions only). Admins only. */
int store_choice_add(struct store *st, const struct actor *who,
    enum choice_list list, const char *name,
    const struct disposition_spec *spec, struct err *err);
int store_choice_rename(struct store *st, const struct actor *who,
    enum choice_list list, const char *name, const char *new_name,
    struct err *err);
/* Moves name to position (1 for the first), shifting the others. */
int store_choice_move(struct store *st, const struct actor *who,
    enum choice_list list, const char *name, int position, struct err *err);
/*
 * Takes name out of the pickers (active 0) or puts it back. A
 * disposition taken out gives up its digit for another to take.
 */
int store_choice_set_active(struct store *st, const struct actor *who,
    enum choice_list list, const char *name, int active, struct err *err);

/* The longest limit a pause reason may have, in minutes: a day. */
#define CHOICE_LIMIT_MAX (24 * 60)

/*
 * Sets pause reason name's limit (0: none): a pause longer alerts the
 * rep's team lead. Admins only; audited.
 */
int store_choice_set_limit(struct store *st, const struct actor *who,
    const char *name, int minutes, struct err *err);

/*
 * Whether a call of disposition name reached someone: the connects
 * every report counts. Admins only; audited.
 */
int store_choice_set_contact(struct store *st, const struct actor *who,
    const char *name, int contact, struct err *err);

/* One disposition's row of the transitions table. */
struct transition_row {
	const char *disposition;
	int         active;
	enum status to[ST_COUNT];	/* where a call takes a lead in each */
};

/*
 * The transitions table as call logging applies it, a row per
 * disposition in order, inactive ones too (a cell the table lacks reads
 * as the rule it was seeded from, status_after_call).
 */
int store_transition_list(struct store *st,
    int (*each)(const struct transition_row *, void *), void *arg,
    struct err *err);

#endif
