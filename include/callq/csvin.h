/*
 * Reading a CSV file a record at a time, in bounded memory: a UTF-8 BOM is
 * skipped, CRLF, LF and CR all end lines, quoted fields may hold
 * delimiters, doubled quotes and line ends, and the delimiter (comma,
 * semicolon or tab) is taken from the header line.
 *
 * A file that breaks the quoting rules is read as a spreadsheet reads the
 * rest of it: the record at fault is marked (csvin_record.fault) and reading
 * goes on at the next line, so one bad quote never swallows the rows after
 * it. A field longer than CSVIN_FIELD_MAX keeps only its start.
 */
#ifndef CALLQ_CSVIN_H
#define CALLQ_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include "callq/err.h"

/* A field keeps its first this many bytes; size says how long it was. */
#define CSVIN_FIELD_MAX (16 * 1024)
/* Records wider than this are cut here: no lead list has that many. */
#define CSVIN_COLUMNS_MAX 256

enum csvin_fault {
	CSVIN_WELL,		/* read as written */
	CSVIN_STRAY_QUOTE,	/* text follows a closing quote */
	CSVIN_UNCLOSED,		/* a quote the file never closes */
};

/*
 * A faulty record is its first line alone, when the field at fault runs
 * over lines: the lines after it are read again as records of their own.
 * Its fields are then as the line has them, the faulty one as written,
 * quotes and all; in a record that ended on the line of its fault the
 * rest of that line is read, and a line end ends it even inside quotes.
 */
struct csvin_record {
	size_t        n;	/* fields */
	char        **field;	/* NUL-terminated; may hold NUL bytes */
	const size_t *len;	/* of what field holds */
	const size_t *size;	/* in the file: over len when cut */
	int           truncated;	/* had more than CSVIN_COLUMNS_MAX fields */
	int64_t       number;	/* 1 for the header, 2 for the first data row */
	int64_t       line;	/* the physical line it starts on, from 1 */
	int64_t       offset;	/* bytes of the file read when it ended */
	char          delimiter;	/* the one the header line uses */
	enum csvin_fault fault;
	size_t        fault_field;	/* the field at fault, from 0 */
	int64_t       fault_open;	/* the line its opening quote is on */
	int64_t       fault_line;	/* the line of the fault: the stray
					   quote, or the file's last */
};

/*
 * Reads fd (named name in messages) to its end, calling fn for each record
 * (the header first) until fn returns nonzero, which is then returned.
 * Fields belong to the reader: copy what must outlive fn. A seekable fd is
 * read again from the line after a faulty record's first; any other goes
 * on after the fault's line.
 */
int csvin_read(int fd, const char *name,
    int (*fn)(const struct csvin_record *, void *), void *arg,
    struct err *err);

#endif
