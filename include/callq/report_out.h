/* A report written out: aligned for people, CSV or JSON for scripts. */
#ifndef CALLQ_REPORT_OUT_H
#define CALLQ_REPORT_OUT_H

#include <stdio.h>

#include "callq/report.h"

enum report_format { REPORT_CSV, REPORT_JSON, REPORT_TABLE };

/*
 * Writes rep to out. REPORT_TABLE: the title, then the columns aligned
 * (numbers to the right), the total row under a rule. REPORT_CSV: a
 * header row, then the cells as report_cell_text shows them, times in
 * ISO 8601, formulas neutralized, CRLF line ends (RFC 4180). REPORT_JSON:
 * an object with the title, the columns with their types, and one object
 * per row, numbers exact (cents, seconds, tenths of a percent as the
 * column's type says), times in ISO 8601, an empty figure null, the total
 * row marked "total": true. Text reaching a terminal is masked. Returns
 * 0, or -1 when out could not be written.
 */
int report_write(FILE *out, const struct report *rep,
    enum report_format format);

#endif
