/* A report written out for a spreadsheet or a script: CSV or JSON. */
#ifndef CALLQ_REPORT_OUT_H
#define CALLQ_REPORT_OUT_H

#include <stdio.h>

#include "callq/report.h"

enum report_format { REPORT_CSV, REPORT_JSON };

/*
 * Writes rep to out: CSV with a header row (formulas neutralized), or a
 * JSON object with its title and one object per row, numbers exact
 * (cents, seconds, tenths of a percent as the columns say). Returns 0,
 * or -1 when out could not be written.
 */
int report_write(FILE *out, const struct report *rep,
    enum report_format format);

#endif
