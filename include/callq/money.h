/*
 * Money and calendar days, the pure rules: amounts are integer cents
 * everywhere (never a double), days are ISO 8601 dates in local time.
 */
#ifndef CALLQ_MONEY_H
#define CALLQ_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The largest amount callq takes: 1,000,000,000.00, so sums never wrap. */
#define MONEY_MAX_CENTS 100000000000LL

/*
 * Reads an amount a person typed: "1200", "1,200.00", "1200.5", "$1,200"
 * (a leading currency sign is skipped). Returns 0 and sets *cents, or -1
 * for anything else: a sign, more than two decimals, misplaced commas,
 * zero, or more than MONEY_MAX_CENTS.
 */
int money_parse(const char *text, int64_t *cents);

/* "1,200.00" ("-12.50" below zero); buf of 32 bytes is always enough. */
void money_format(int64_t cents, char *buf, size_t size);

/* A calendar day, "YYYY-MM-DD". */
#define DAY_SIZE 11

/* The local day holding t. */
void day_of(time_t t, char out[DAY_SIZE]);

/*
 * Reads a day relative to now: YYYY-MM-DD, today, tomorrow, yesterday, a
 * weekday (its next occurrence), +Nd, +Nw, +Nm (months). Returns 0, or -1.
 */
int day_parse(const char *text, time_t now, char out[DAY_SIZE]);

/*
 * day plus months, the day of the month kept or cut to the month's last
 * (2026-01-31 plus one month is 2026-02-28). Returns 0, or -1 when day
 * is not a day.
 */
int day_add_months(const char *day, int months, char out[DAY_SIZE]);

/* Whole days from a to b (b - a); both must be days. */
int day_diff(const char *a, const char *b);

/* Splits total into n parts that differ by at most one cent, the larger
 * ones first, so they add up to total exactly. */
int64_t money_share(int64_t total, int n, int i);

#endif
