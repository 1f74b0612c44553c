/*
 * A read-only string map built once from a data file, looked up by key;
 * kept for the life of the process.
 */
#ifndef CALLQ_DICT_H
#define CALLQ_DICT_H

#include <stddef.h>

struct dict_entry {
	char       *key;
	const char *value;	/* points into key's allocation */
};

struct dict {
	struct dict_entry *e;
	size_t             n, cap;
	int                sorted;
};

/* Adds a copy of key and value; -1 when memory runs out. */
int dict_add(struct dict *d, const char *key, const char *value);

/* The value of key (exact bytes), or NULL. Sorts on the first call. */
const char *dict_get(struct dict *d, const char *key);

#endif
