#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "callq/period.h"
#include "callq/when.h"

const char *const period_names[] = {
	"today", "yesterday", "this week", "last week", "last 7 days",
	"last 30 days", "this month", "last month", NULL,
};

static const char *const weekdays[7][2] = {
	{ "sun", "sunday" }, { "mon", "monday" }, { "tue", "tuesday" },
	{ "wed", "wednesday" }, { "thu", "thursday" }, { "fri", "friday" },
	{ "sat", "saturday" },
};

/* Local midnight of the day holding t, shifted by days (DST safe). */
static time_t
day_start(time_t t, int days)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday += days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Local midnight of the first of the month holding t, shifted by months. */
static time_t
month_start(time_t t, int months)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mon += months;
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Days back from t's day to the Monday that starts its week. */
static int
since_monday(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return (tm.tm_wday + 6) % 7;
}

/*
 * Copies text lowercased, '-' and '_' read as spaces, runs of blanks as
 * one, none at either end; -1 when it does not fit.
 */
static int
normalize(const char *text, char *out, size_t size)
{
	size_t n = 0;
	int c;

	for (; *text != '\0'; text++) {
		c = tolower((unsigned char)*text);
		if (c == '-' || c == '_' || isspace(c))
			c = ' ';
		if (c == ' ' && (n == 0 || out[n - 1] == ' '))
			continue;
		if (n + 1 >= size)
			return -1;
		out[n++] = (char)c;
	}
	if (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return 0;
}

/* "last N days" (or "last 1 day"): N from 1 to 366 into *days; 0 or -1. */
static int
last_days(const char *s, int *days)
{
	char *end;
	long n;

	if (strncmp(s, "last ", 5) != 0 || !isdigit((unsigned char)s[5]))
		return -1;
	n = strtol(s + 5, &end, 10);
	if (n < 1 || n > 366 || (strcmp(end, " days") != 0 &&
	    !(n == 1 && strcmp(end, " day") == 0)))
		return -1;
	*days = (int)n;
	return 0;
}

/* A named period into [*from, *to); -1 when s names none. */
static int
named(const char *s, time_t now, time_t *from, time_t *to)
{
	int days;

	if (strcmp(s, "today") == 0 || strcmp(s, "yesterday") == 0) {
		*from = day_start(now, s[0] == 'y' ? -1 : 0);
		*to = day_start(*from, 1);
	} else if (strcmp(s, "this week") == 0) {
		*from = day_start(now, -since_monday(now));
		*to = day_start(*from, 7);
	} else if (strcmp(s, "last week") == 0) {
		*from = day_start(now, -since_monday(now) - 7);
		*to = day_start(*from, 7);
	} else if (strcmp(s, "this month") == 0) {
		*from = month_start(now, 0);
		*to = month_start(now, 1);
	} else if (strcmp(s, "last month") == 0) {
		*from = month_start(now, -1);
		*to = month_start(now, 0);
	} else if (last_days(s, &days) == 0) {
		*from = day_start(now, 1 - days);
		*to = day_start(now, 1);
	} else
		return -1;
	return 0;
}

/* A weekday name alone: its last occurrence up to today; -1 if not one. */
static int
past_weekday(const char *s, time_t now, time_t *from, time_t *to)
{
	struct tm tm;
	int wd;

	for (wd = 0; wd < 7; wd++)
		if (strcasecmp(s, weekdays[wd][0]) == 0 ||
		    strcasecmp(s, weekdays[wd][1]) == 0)
			break;
	if (wd == 7)
		return -1;
	localtime_r(&now, &tm);
	*from = day_start(now, -((tm.tm_wday - wd + 7) % 7));
	*to = day_start(*from, 1);
	return 0;
}

/* One side of a span, trimmed, as a day; 0, or EX_USAGE. */
static int
side_day(const char *text, size_t len, time_t now, time_t *from, time_t *to,
    struct err *err)
{
	char s[64];

	while (len > 0 && isspace((unsigned char)*text))
		text++, len--;
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	if (len < sizeof s) {
		memcpy(s, text, len);
		s[len] = '\0';
		if (past_weekday(s, now, from, to) == 0 ||
		    when_day(s, now, from, to) == 0)
			return 0;
	}
	return err_set(err, EX_USAGE, "'%.*s' is not a day; give a date such "
	    "as 2026-11-01, today, yesterday or a weekday such as mon",
	    (int)(len < 40 ? len : 40), text);
}

static int
span(const char *a, size_t alen, const char *b, size_t blen, time_t now,
    time_t *from, time_t *to, struct err *err)
{
	char first[16], last[16];
	time_t f, t, bf, bt;

	if (side_day(a, alen, now, &f, &t, err) != 0 ||
	    side_day(b, blen, now, &bf, &bt, err) != 0)
		return err->status;
	if (bt <= f) {
		period_label(f, t, first, sizeof first);
		period_label(bf, bt, last, sizeof last);
		return err_set(err, EX_USAGE, "the period ends on %s, before "
		    "it starts on %s; give an end on or after the start",
		    last, first);
	}
	*from = f;
	*to = bt;
	return 0;
}

int
period_span(const char *from_text, const char *to_text, time_t now,
    time_t *from, time_t *to, struct err *err)
{
	return span(from_text, strlen(from_text), to_text, strlen(to_text),
	    now, from, to, err);
}

int
period_parse(const char *text, time_t now, time_t *from, time_t *to,
    struct err *err)
{
	const char *dots = strstr(text, "..");
	char s[64];
	size_t n;

	if (dots != NULL) {
		n = strlen(dots + 2);
		/* FROM.. runs to today, as --from without --to. */
		if (strspn(dots + 2, " \t") == n)
			return span(text, (size_t)(dots - text), "today", 5,
			    now, from, to, err);
		return span(text, (size_t)(dots - text), dots + 2, n, now,
		    from, to, err);
	}
	if (normalize(text, s, sizeof s) == 0 && s[0] != '\0' &&
	    (named(s, now, from, to) == 0 ||
	    side_day(text, strlen(text), now, from, to, err) == 0))
		return 0;
	return err_set(err, EX_USAGE, "'%.40s' is not a period; use "
	    PERIOD_EXAMPLES, text);
}

void
period_label(time_t from, time_t to, char *buf, size_t size)
{
	char first[16], last[16];
	time_t end = to - 1;
	struct tm tm;

	strftime(first, sizeof first, "%Y-%m-%d", localtime_r(&from, &tm));
	strftime(last, sizeof last, "%Y-%m-%d", localtime_r(&end, &tm));
	if (to <= from || strcmp(first, last) == 0)
		snprintf(buf, size, "%s", first);
	else
		snprintf(buf, size, "%s to %s", first, last);
}
