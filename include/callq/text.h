/* Text as people see it: UTF-8 checks and fitting into terminal columns. */
#ifndef CALLQ_TEXT_H
#define CALLQ_TEXT_H

#include <stddef.h>

/* Nonzero when s is well-formed UTF-8 with no control characters. */
int text_is_clean(const char *s);

/* Columns s takes on a terminal; an undecodable byte counts as one. */
int text_width(const char *s);

/*
 * Copies into out (of outsz bytes) the longest prefix of s that fits in
 * width columns, never splitting a character, then pads with spaces to
 * exactly width columns when pad is set. Returns the columns used.
 */
int text_fit(const char *s, int width, int pad, char *out, size_t outsz);

/* Copies s into out, dropping leading and trailing white space. */
void text_trim(const char *s, char *out, size_t outsz);

/* Nonzero when s[0..len) is well-formed UTF-8 (NUL bytes included). */
int text_is_utf8(const char *s, size_t len);

/*
 * Makes an imported field safe in place: each control character (C0, DEL,
 * C1, NUL) becomes a space. Returns the new length, or -1 when s is not
 * UTF-8 (then s is left as it was).
 */
long text_scrub(char *s, size_t len);

/*
 * Copies s into out folded for lookups: ASCII lower case, leading and
 * trailing blanks dropped, inner runs of blanks made one space.
 */
void text_fold(const char *s, char *out, size_t outsz);

#endif
