/*
 * Periods: the whole local days a report covers, named ("this week") or
 * given as FROM..TO. A day runs from one local midnight to the next, so a
 * day that daylight saving shortens or lengthens counts whole.
 */
#ifndef CALLQ_PERIOD_H
#define CALLQ_PERIOD_H

#include <stddef.h>
#include <time.h>

#include "callq/err.h"

/* What a refused period is told. */
#define PERIOD_EXAMPLES \
	"today, yesterday, this week, last week, last 7 days, last 30 " \
	"days, this month, last month, or FROM..TO such as " \
	"2026-11-01..2026-11-30"

/*
 * The named periods in the order a picker offers them, NULL-ended:
 * "today", "yesterday", "this week", "last week", "last 7 days",
 * "last 30 days", "this month", "last month".
 */
extern const char *const period_names[];

/*
 * Reads text relative to now into [*from, *to): a name of period_names
 * (weeks start on Monday; "last 7 days" and "last 30 days" end with
 * today), "last N days" (N from 1 to 366), FROM..TO (see period_span),
 * or one day alone. Case, and '-' or '_' for a space, do not matter.
 * Returns 0, or EX_USAGE with one sentence in err.
 */
int period_parse(const char *text, time_t now, time_t *from, time_t *to,
    struct err *err);

/*
 * The days from_text to to_text, both included, into [*from, *to). Each
 * is a day as when_day(3) reads it (2026-11-01, today, yesterday, a WHEN,
 * whose time is ignored), except that a weekday name alone (mon, friday)
 * is the last such day up to today: a period looks back. Returns 0, or
 * EX_USAGE when a side is not a day or the period ends before it starts.
 */
int period_span(const char *from_text, const char *to_text, time_t now,
    time_t *from, time_t *to, struct err *err);

/*
 * The period [from, to) for a title: "2026-11-23" for one day,
 * "2026-11-23 to 2026-11-29" for more.
 */
void period_label(time_t from, time_t to, char *buf, size_t size);

#endif
