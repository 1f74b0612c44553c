/*
 * Queries built from fixed fragments, one variant per combination of
 * filters (store/variant.h). The texts are interned for the life of the
 * process, so that stmt_get, which keys its cache by a text's address,
 * keeps one prepared statement per variant and store.
 */
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "callq/err.h"
#include "variant.h"

/* Each variant's text, built on first use; reachable till exit. */
struct interned {
	const struct variant *v;
	unsigned              mask;
	char                 *sql;
};

static struct interned *texts;
static int ntexts, captexts;

static const char *
text_find(const struct variant *v, unsigned mask)
{
	int i;

	for (i = 0; i < ntexts; i++)
		if (texts[i].v == v && texts[i].mask == mask)
			return texts[i].sql;
	return NULL;
}

static char *
put(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n + 1);
	return p + n;
}

/* The text of v's variant mask, malloc'd; NULL when memory runs out. */
static char *
text_build(const struct variant *v, unsigned mask)
{
	size_t len = strlen(v->head) + strlen(v->tail) + 1;
	char *sql, *p;
	int i;

	for (i = 0; i < v->nfrags; i++)
		if (mask & VARIANT_BIT(i))
			len += strlen(v->frags[i]);
	if ((sql = malloc(len)) == NULL)
		return NULL;
	p = put(sql, v->head);
	for (i = 0; i < v->nfrags; i++)
		if (mask & VARIANT_BIT(i))
			p = put(p, v->frags[i]);
	strcpy(p, v->tail);
	return sql;
}

static const char *
text_intern(const struct variant *v, unsigned mask)
{
	struct interned *grown;
	const char *found;
	char *sql;

	if ((found = text_find(v, mask)) != NULL)
		return found;
	if (ntexts == captexts) {
		int cap = captexts ? captexts * 2 : 32;

		if ((grown = realloc(texts, (size_t)cap * sizeof *grown)) ==
		    NULL)
			return NULL;
		texts = grown;
		captexts = cap;
	}
	if ((sql = text_build(v, mask)) == NULL)
		return NULL;
	texts[ntexts].v = v;
	texts[ntexts].mask = mask;
	texts[ntexts++].sql = sql;
	return sql;
}

struct stmt *
variant_get(struct store *st, const struct variant *v, unsigned mask,
    struct err *err)
{
	const char *sql;

	mask &= (1u << v->nfrags) - 1;	/* one text per query actually run */
	if ((sql = text_intern(v, mask)) == NULL) {
		err_set(err, EX_OSERR, "out of memory");
		return NULL;
	}
	return stmt_get(st, sql, err);
}
