/*
 * JSON: writing strings (for --format json, audit details and dial
 * requests) and reading one member of an object (a provider's reply).
 */
#ifndef CALLQ_JSON_H
#define CALLQ_JSON_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes s as a quoted JSON string; NULL becomes null. Control characters
 * (see text_is_control) are escaped, \\u001b or \\u202e, so the string is
 * exact and never drives a terminal; a byte that is not UTF-8 (only an
 * older database holds one) becomes \\ufffd.
 */
void json_write_string(FILE *f, const char *s);

/* Writes s as a quoted JSON string into out; -1 when it does not fit. */
int json_quote(const char *s, char *out, size_t size);

/*
 * Finds member key of the top-level object doc and copies its value into
 * out: a string decoded (a surrogate pair as the one character it
 * writes), a number or true/false/null as written. Returns 0, or -1 when
 * doc is not an object, has no such member, the member is an object or
 * array, out is too small, or the string holds \u0000, which no C
 * string carries whole.
 */
int json_member(const char *doc, const char *key, char *out, size_t size);

#endif
