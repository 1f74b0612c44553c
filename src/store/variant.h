/*
 * A query with optional filters, prepared once per combination of the
 * filters that are set, so that each combination gets its own plan: a
 * single statement with "?N IS NULL OR col = ?N" for every filter can
 * use no index for any of them, and scans the whole table.
 */
#ifndef CALLQ_STORE_VARIANT_H
#define CALLQ_STORE_VARIANT_H

#include "internal.h"

/*
 * The query's fixed text: head (up to and including its WHERE's terms
 * that always apply), then fragment i (" AND ...") for each bit i set in
 * a mask, then tail (ORDER BY, LIMIT). Every fragment is a string
 * constant of the store's, never user text; parameters keep their
 * numbers (?N) in every variant, so binding ignores the mask (a number
 * a variant leaves out is bound and unused).
 */
struct variant {
	const char        *head;
	const char *const *frags;
	int                nfrags;	/* at most 31: a mask's bits */
	const char        *tail;
};

/* Bit i of a mask: fragment i is in the query. */
#define VARIANT_BIT(i) (1u << (i))

/*
 * The prepared statement of v with the fragments in mask, reset and
 * unbound (stmt_get's cache holds it for the life of the store; the
 * text is built once per process). NULL on error.
 */
struct stmt *variant_get(struct store *st, const struct variant *v,
    unsigned mask, struct err *err);

#endif
