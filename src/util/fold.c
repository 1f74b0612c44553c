#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "callq/fold.h"
#include "callq/text.h"

/* Code point cp folds to the len bytes of fold_pool at off. */
struct fold_map {
	uint32_t cp;
	uint16_t off;
	uint8_t  len;
};

#include "fold.inc"

#define FOLD_MAPS (sizeof fold_maps / sizeof fold_maps[0])

static const struct fold_map *
fold_find(unsigned long cp)
{
	size_t lo = 0, hi = FOLD_MAPS, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (fold_maps[mid].cp == cp)
			return &fold_maps[mid];
		if (fold_maps[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Makes room for need more bytes (and a NUL) in *buf. */
static int
fold_room(char **buf, size_t *size, size_t used, size_t need)
{
	char *p;

	if (used + need < *size)
		return 0;
	*size = 2 * (used + need) + 16;
	if ((p = realloc(*buf, *size)) == NULL)
		return -1;
	*buf = p;
	return 0;
}

char *
fold_text(const char *s, size_t *len)
{
	size_t size = strlen(s) + 16, used = 0, n;
	const struct fold_map *m;
	unsigned long cp;
	char *out;

	if ((out = malloc(size)) == NULL)
		return NULL;
	while (*s != '\0') {
		if ((unsigned char)*s < 0x80) {
			/* Every case fold within ASCII is A-Z to a-z. */
			cp = (unsigned char)*s;
			n = 1;
			m = NULL;
		} else if ((n = text_decode(s, &cp)) == 0) {
			s++;
			continue;
		} else
			m = fold_find(cp);
		if (fold_room(&out, &size, used, m ? m->len : n) != 0) {
			free(out);
			return NULL;
		}
		if (n == 1)
			out[used] = cp >= 'A' && cp <= 'Z' ? (char)(cp + 32) : *s;
		else
			memcpy(out + used, m ? fold_pool + m->off : s,
			    m ? m->len : n);
		used += m ? m->len : n;
		s += n;
	}
	out[used] = '\0';
	if (len != NULL)
		*len = used;
	return out;
}
