/*
 * The query plans a store call runs with, for tests that check a list
 * command searches its tables by index rather than scanning them. No
 * SQL leaves the store: the watcher gets the plans' lines as SQLite's
 * EXPLAIN QUERY PLAN words them ("SEARCH l USING INDEX leads_owner
 * (owner_id=?)", "SCAN a", "USE TEMP B-TREE FOR ORDER BY").
 */
#ifndef CALLQ_PLAN_H
#define CALLQ_PLAN_H

#include "callq/err.h"
#include "callq/store.h"

/*
 * Starts noting every statement st runs (one watch at a time per
 * process); EX_OSERR when memory runs out.
 */
int store_plan_watch(struct store *st, struct err *err);

/*
 * Stops the watch, handing each line of the plan of each statement run
 * since (each once, in the order first run) to each, with n the
 * statement's number from 1; each may say stop (nonzero).
 */
int store_plan_end(struct store *st,
    int (*each)(int n, const char *line, void *), void *arg,
    struct err *err);

#endif
