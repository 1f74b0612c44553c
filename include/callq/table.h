/* Output of list commands: aligned for people, CSV or JSON for scripts. */
#ifndef CALLQ_TABLE_H
#define CALLQ_TABLE_H

#include <stdio.h>

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

int format_parse(const char *text, enum format *format);	/* 0, or -1 */

struct column {
	const char *name;
	int         numeric;	/* a JSON number, right-aligned in tables */
};

struct table;

/*
 * A table writing to out. CSV and JSON rows go out as they come; a
 * people's table is held until table_end, to align its columns. The
 * columns must outlive the table.
 */
struct table *table_begin(FILE *out, enum format format,
    const struct column *columns, int ncolumns);

/* One row of ncolumns cells; NULL is an empty cell (null in JSON). */
int table_row(struct table *t, const char *const *cells);

enum format table_format(const struct table *t);

/* Finishes the output and frees t; returns 0, or -1 on a write error. */
int table_end(struct table *t);

#endif
