/*
 * One CSV field as callq writes it and reads it back: quoted when it must
 * be (RFC 4180), and guarded so that a spreadsheet never runs it as a
 * formula (OWASP's advice on CSV injection).
 */
#ifndef CALLQ_CSVFIELD_H
#define CALLQ_CSVFIELD_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes s[0..len) as one field; when mask is set (f is a terminal), each
 * control character in it is shown as '?' (see text_mask). A field that
 * starts with '=', '@', a tab or a carriage return, or with '+' or '-'
 * and is neither a plain decimal (-2.5, +12127360101) nor a lone sign,
 * gets a "'" before it; so does one that starts with "'" and then
 * (after any more "'") one of those characters, so that
 * csvfield_unguard gives every field back as it was.
 */
void csvfield_write(FILE *f, const char *s, size_t len, int mask);

/*
 * Drops the "'" that csvfield_write put before a field, in place; returns
 * the field's new length.
 */
size_t csvfield_unguard(char *s, size_t len);

#endif
