/* Writing JSON strings: for --format json and audit details. */
#ifndef CALLQ_JSON_H
#define CALLQ_JSON_H

#include <stdio.h>

/* Writes s as a quoted JSON string; NULL becomes null. */
void json_write_string(FILE *f, const char *s);

#endif
