#include <stdint.h>
#include <stdlib.h>

#include "callq/seen.h"

/*
 * 2^26 bits and three probes: one wrong "seen" in ten thousand numbers at
 * a million known, one in twenty at ten million.
 */
#define SEEN_BITS (1u << 26)
#define SEEN_PROBES 3

struct seen {
	uint64_t word[SEEN_BITS / 64];
};

struct seen *
seen_new(void)
{
	return calloc(1, sizeof(struct seen));
}

/* FNV-1a, then split in two for double hashing. */
static uint64_t
seen_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

#define SEEN_PROBE(h, i) \
	((uint32_t)(((h) & 0xffffffffu) + (i) * ((h) >> 32 | 1)) % SEEN_BITS)

void
seen_add(struct seen *s, const char *e164)
{
	uint64_t h = seen_hash(e164);
	uint32_t bit, i;

	for (i = 0; i < SEEN_PROBES; i++) {
		bit = SEEN_PROBE(h, i);
		s->word[bit / 64] |= 1ull << (bit % 64);
	}
}

int
seen_has(const struct seen *s, const char *e164)
{
	uint64_t h = seen_hash(e164);
	uint32_t bit, i;

	for (i = 0; i < SEEN_PROBES; i++) {
		bit = SEEN_PROBE(h, i);
		if (!(s->word[bit / 64] & (1ull << (bit % 64))))
			return 0;
	}
	return 1;
}

void
seen_free(struct seen *s)
{
	free(s);
}
