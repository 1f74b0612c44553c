/*
 * Text as people see it: UTF-8 checks, fitting into terminal columns, and
 * keeping what could drive a terminal off it.
 */
#ifndef CALLQ_TEXT_H
#define CALLQ_TEXT_H

#include <stddef.h>

#include "callq/err.h"

/*
 * The characters no terminal gets raw: the C0 controls (tab, line feed,
 * carriage return, escape, bell...), DEL, the C1 controls (U+0080 to
 * U+009F) and the bidirectional embeddings, overrides and isolates
 * (U+202A to U+202E, U+2066 to U+2069), which can make text read
 * differently from what it holds.
 */
int text_is_control(unsigned long cp);

/*
 * Decodes the UTF-8 character at s into *cp; returns its length, or 0
 * when s does not start a well-formed character.
 */
size_t text_decode(const char *s, unsigned long *cp);

/* Nonzero when s is well-formed UTF-8 with no text_is_control character. */
int text_is_clean(const char *s);

/*
 * Checks free text a user gives (NULL: none): 0 when it is clean, else
 * EX_DATAERR with a sentence naming what ("the note"), the character and
 * where it is.
 */
int text_check(const char *s, const char *what, struct err *err);

/*
 * Copies s[0..len) into out (of outsz bytes, NUL-terminated) as it may be
 * printed: each text_is_control character, NUL and byte that is not
 * UTF-8 becomes '?'. out may be s. Returns the bytes written.
 */
size_t text_mask(const char *s, size_t len, char *out, size_t outsz);

/* Columns s takes on a terminal once masked (see text_fit). */
int text_width(const char *s);

/*
 * Copies into out (of outsz bytes) the longest prefix of s that fits in
 * width columns, never splitting a character, then pads with spaces to
 * exactly width columns when pad is set. Masked as text_mask does, each
 * '?' one column. Returns the columns used.
 */
int text_fit(const char *s, int width, int pad, char *out, size_t outsz);

/*
 * The first line of s that fits in width columns, broken after the last
 * whole word that fits (a word wider than width is cut where it must be):
 * returns its length in bytes, trailing blanks left out, and sets *next to
 * where the following line starts (blanks skipped; strlen(s) at the end).
 */
size_t text_wrap(const char *s, int width, size_t *next);

/* Text typed into s (size bytes): the last character taken back, whole. */
void text_pop(char *s);

/* And wc added at the end, when it fits; else s is left as it was. */
void text_push(char *s, size_t size, wchar_t wc);

/* Copies s into out, dropping leading and trailing white space. */
void text_trim(const char *s, char *out, size_t outsz);

/* Nonzero when s[0..len) is well-formed UTF-8 (NUL bytes included). */
int text_is_utf8(const char *s, size_t len);

/*
 * Makes an imported field safe in place: each text_is_control character
 * and NUL becomes a space. Returns the new length, or -1 when s is not
 * UTF-8 (then s is left as it was).
 */
long text_scrub(char *s, size_t len);

/*
 * Copies s into out folded for lookups: ASCII lower case, leading and
 * trailing blanks dropped, inner runs of blanks made one space.
 */
void text_fold(const char *s, char *out, size_t outsz);

#endif
