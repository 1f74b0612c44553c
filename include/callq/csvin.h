/*
 * Reading a CSV file a record at a time with libcsv, in constant memory:
 * a UTF-8 BOM is skipped, CRLF and LF both end records, quoted fields may
 * hold commas, quotes and newlines, and the delimiter (comma, semicolon or
 * tab) is taken from the header line.
 */
#ifndef CALLQ_CSVIN_H
#define CALLQ_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include "callq/err.h"

/* A field past this is a runaway (an unclosed quote), not a field. */
#define CSVIN_FIELD_MAX (1024 * 1024)
/* Records wider than this are cut here: no lead list has that many. */
#define CSVIN_COLUMNS_MAX 256

struct csvin_record {
	size_t        n;	/* fields */
	char        **field;	/* NUL-terminated; may hold NUL bytes */
	const size_t *len;
	int           truncated;	/* had more than CSVIN_COLUMNS_MAX fields */
	int64_t       number;	/* 1 for the header, 2 for the first data row */
	int64_t       offset;	/* bytes of the file read when it ended */
	char          delimiter;	/* the one the header line uses */
};

struct csvin;

/*
 * Reads fd (named name in messages) to its end, calling fn for each record
 * (the header first) until fn returns nonzero, which is then returned.
 * Fields belong to the reader: copy what must outlive fn.
 */
int csvin_read(int fd, const char *name,
    int (*fn)(const struct csvin_record *, void *), void *arg,
    struct err *err);

#endif
