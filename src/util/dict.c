#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "callq/dict.h"

int
dict_add(struct dict *d, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen = strlen(value);
	struct dict_entry *grown;
	char *copy;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;

		/* cap changes only with the memory: a failure keeps d whole. */
		if (cap > SIZE_MAX / sizeof *grown ||
		    (grown = realloc(d->e, cap * sizeof *grown)) == NULL)
			return -1;
		d->e = grown;
		d->cap = cap;
	}
	if ((copy = malloc(klen + vlen + 2)) == NULL)
		return -1;
	memcpy(copy, key, klen + 1);
	memcpy(copy + klen + 1, value, vlen + 1);
	d->e[d->n].key = copy;
	d->e[d->n].value = copy + klen + 1;
	d->n++;
	d->sorted = 0;
	return 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dict_entry *)a)->key,
	    ((const struct dict_entry *)b)->key);
}

const char *
dict_get(struct dict *d, const char *key)
{
	struct dict_entry probe = { (char *)key, NULL }, *hit;

	if (d->n == 0)
		return NULL;
	if (!d->sorted) {
		qsort(d->e, d->n, sizeof *d->e, entry_cmp);
		d->sorted = 1;
	}
	hit = bsearch(&probe, d->e, d->n, sizeof *d->e, entry_cmp);
	return hit ? hit->value : NULL;
}
