#include <stdint.h>
#include <stdlib.h>

#include "callq/numset.h"

struct numset {
	uint64_t *slot;		/* 0: empty; else the number plus one */
	size_t    cap, used;
};

struct numset *
numset_new(void)
{
	struct numset *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->cap = 1u << 16;
	if ((s->slot = calloc(s->cap, sizeof *s->slot)) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

static uint64_t
numset_mix(uint64_t v)
{
	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdull;
	v ^= v >> 33;
	return v;
}

/* The slot holding key, or the empty one where it would go. */
static uint64_t *
numset_find(uint64_t *slot, size_t cap, uint64_t key)
{
	size_t i = (size_t)numset_mix(key) & (cap - 1);

	while (slot[i] != 0 && slot[i] != key)
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

/* Doubles the table while it may; 0 when it cannot (full is fine). */
static int
numset_grow(struct numset *s)
{
	uint64_t *bigger;
	size_t i;

	if (s->cap >= NUMSET_SLOTS_MAX ||
	    (bigger = calloc(s->cap * 2, sizeof *bigger)) == NULL)
		return 0;
	for (i = 0; i < s->cap; i++)
		if (s->slot[i] != 0)
			*numset_find(bigger, s->cap * 2, s->slot[i]) =
			    s->slot[i];
	free(s->slot);
	s->slot = bigger;
	s->cap *= 2;
	return 1;
}

/* The number plus one (0 marks an empty slot), or 0 when e164 is none. */
static uint64_t
numset_key(const char *e164)
{
	uint64_t key = 0;
	const char *p = e164;

	if (*p++ != '+' || *p == '\0')
		return 0;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || key > UINT64_MAX / 20)
			return 0;
		key = key * 10 + (uint64_t)(*p - '0');
	}
	/* A leading zero cannot follow '+', so the key is the number. */
	return key + 1;
}

int
numset_first(struct numset *s, const char *e164)
{
	uint64_t key = numset_key(e164), *at;

	if (key == 0)
		return -1;
	at = numset_find(s->slot, s->cap, key);
	if (*at == key)
		return 0;
	if ((s->used + 1) * 4 > s->cap * 3) {
		if (!numset_grow(s))
			return 1;	/* full: new as far as it knows */
		at = numset_find(s->slot, s->cap, key);
	}
	*at = key;
	s->used++;
	return 1;
}

void
numset_forget(struct numset *s, const char *e164)
{
	uint64_t key = numset_key(e164);
	size_t mask = s->cap - 1, i, j, home;

	if (key == 0 || *numset_find(s->slot, s->cap, key) != key)
		return;
	i = (size_t)(numset_find(s->slot, s->cap, key) - s->slot);
	s->slot[i] = 0;
	s->used--;
	/* Moves back each later entry of the run that i's emptying strands. */
	for (j = (i + 1) & mask; s->slot[j] != 0; j = (j + 1) & mask) {
		home = (size_t)numset_mix(s->slot[j]) & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			s->slot[i] = s->slot[j];
			s->slot[j] = 0;
			i = j;
		}
	}
}

void
numset_free(struct numset *s)
{
	if (s == NULL)
		return;
	free(s->slot);
	free(s);
}
