/* Lead statuses and the flow between them. */
#ifndef CALLQ_STATUS_H
#define CALLQ_STATUS_H

enum status { ST_NEW, ST_IN_PROGRESS, ST_CNP, ST_INTERESTED, ST_QUALIFIED,
	ST_CONVERTED, ST_LOST, ST_COUNT };

const char *status_name(enum status st);	/* "In Progress" */

/* Accepts any case, and '-' or '_' for the space: "in-progress". */
int status_parse(const char *text, enum status *st);

/* Nonzero when a lead in from may be moved to to. */
int status_can_move(enum status from, enum status to);

/*
 * Where a call whose disposition leads to to leaves a lead in from, by
 * the rule data/transitions.tsv spells out: as the flow allows, but never
 * back along New, In Progress (or CNP), Interested, Qualified, Converted;
 * only a loss goes back. A disposition added later gets its row from it.
 */
enum status status_after_call(enum status from, enum status to);

#endif
