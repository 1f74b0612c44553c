/*
 * Numbers an import has seen, in a fixed 8 MiB whatever the file: a Bloom
 * filter. It may answer "seen" for a number it has not seen (the store
 * then looks it up), never "not seen" for one it has.
 */
#ifndef CALLQ_SEEN_H
#define CALLQ_SEEN_H

struct seen;

struct seen *seen_new(void);	/* NULL when memory runs out */
void seen_add(struct seen *s, const char *e164);
int seen_has(const struct seen *s, const char *e164);
void seen_free(struct seen *s);

#endif
