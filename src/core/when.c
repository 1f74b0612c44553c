#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "callq/when.h"

static const char *const weekdays[7][2] = {
	{ "sun", "sunday" }, { "mon", "monday" }, { "tue", "tuesday" },
	{ "wed", "wednesday" }, { "thu", "thursday" }, { "fri", "friday" },
	{ "sat", "saturday" },
};

/* Local midnight of the day holding t, shifted by days, at hh:mm. */
static time_t
day_at(time_t t, int days, int hh, int mm)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday += days;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

time_t
when_day_start(time_t t)
{
	return day_at(t, 0, 0, 0);
}

int
when_day(const char *text, time_t now, time_t *from, time_t *to)
{
	time_t t;

	if (strcasecmp(text, "today") == 0)
		t = now;
	else if (strcasecmp(text, "yesterday") == 0)
		t = day_at(now, -1, 12, 0);
	else if (when_parse(text, now, &t) != 0)
		return -1;
	*from = day_at(t, 0, 0, 0);
	*to = day_at(t, 1, 0, 0);
	return 0;
}

/* Parses "HH:MM" (or "H:MM") filling the whole of s; 0 or -1. */
static int
parse_clock24(const char *s, int *hh, int *mm)
{
	size_t n = strlen(s);

	/* Exactly one or two hour digits, a colon, two minute digits. */
	if (n < 4 || n > 5 || s[n - 3] != ':' || !isdigit((unsigned char)s[0])
	    || !isdigit((unsigned char)s[n - 4]) ||
	    !isdigit((unsigned char)s[n - 2]) ||
	    !isdigit((unsigned char)s[n - 1]))
		return -1;
	*hh = atoi(s);
	*mm = atoi(s + n - 2);
	return *hh < 24 && *mm < 60 ? 0 : -1;
}

/*
 * Parses "3pm", "3:30pm", "11 am" filling the whole of s: an hour from 1
 * to 12, as people say it; 12am is midnight and 12pm noon.
 */
static int
parse_clock12(const char *s, int *hh, int *mm)
{
	char *end;
	long h = strtol(s, &end, 10);
	int pm;

	if (!isdigit((unsigned char)s[0]) || end - s > 2 || h < 1 || h > 12)
		return -1;
	*mm = 0;
	if (*end == ':') {
		if (!isdigit((unsigned char)end[1]) ||
		    !isdigit((unsigned char)end[2]) || end[1] > '5')
			return -1;
		*mm = (end[1] - '0') * 10 + (end[2] - '0');
		end += 3;
	}
	if (*end == ' ')
		end++;
	if (strcasecmp(end, "am") == 0)
		pm = 0;
	else if (strcasecmp(end, "pm") == 0)
		pm = 1;
	else
		return -1;
	*hh = (int)(h % 12) + (pm ? 12 : 0);
	return 0;
}

/* A time of day in any of the forms people type; 0 or -1. */
static int
parse_clock(const char *s, int *hh, int *mm)
{
	if (strcasecmp(s, "noon") == 0) {
		*hh = 12;
		*mm = 0;
		return 0;
	}
	if (strcasecmp(s, "midnight") == 0) {
		*hh = 0;
		*mm = 0;
		return 0;
	}
	if (parse_clock24(s, hh, mm) == 0)
		return 0;
	return parse_clock12(s, hh, mm);
}

/* "" means the default hour of a day named without a time. */
static int
parse_opt_clock(const char *s, int *hh, int *mm)
{
	if (*s == '\0') {
		*hh = 9;
		*mm = 0;
		return 0;
	}
	return parse_clock(s, hh, mm);
}

static int
parse_offset(const char *s, time_t now, time_t *out)
{
	static const struct { char unit; long secs; } units[] = {
		{ 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 604800 },
	};
	char *end;
	long n;
	size_t i;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	n = strtol(s, &end, 10);
	if (n <= 0 || n > 3650 || end[0] == '\0' || end[1] != '\0')
		return -1;
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (tolower((unsigned char)*end) == units[i].unit) {
			*out = now + (time_t)(n * units[i].secs);
			return 0;
		}
	return -1;
}

static int
parse_date(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	int y, mo, d, hh, mm, used = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
		return -1;
	s += used;
	if (*s == ' ' || *s == 'T' || *s == 't')
		s++;
	if (parse_opt_clock(s, &hh, &mm) != 0)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	/* mktime normalizes 2026-02-30 into March: such a date is refused. */
	return tm.tm_mday == d && tm.tm_mon == mo - 1 ? 0 : -1;
}

/* Splits "word rest" at the first space; rest is "" when there is none. */
static const char *
split_word(const char *s, char *word, size_t size)
{
	size_t n = strcspn(s, " ");

	if (n >= size)
		n = size - 1;
	memcpy(word, s, n);
	word[n] = '\0';
	s += strcspn(s, " ");
	while (*s == ' ')
		s++;
	return s;
}

static int
parse_named_day(const char *s, time_t now, time_t *out)
{
	char word[16];
	const char *rest = split_word(s, word, sizeof word);
	struct tm tm;
	int hh, mm, wd, ahead;

	if (strcasecmp(word, "today") == 0 && parse_clock(rest, &hh, &mm) == 0)
		return *out = day_at(now, 0, hh, mm), 0;
	if (strcasecmp(word, "tomorrow") == 0 &&
	    parse_opt_clock(rest, &hh, &mm) == 0)
		return *out = day_at(now, 1, hh, mm), 0;
	for (wd = 0; wd < 7; wd++)
		if (strcasecmp(word, weekdays[wd][0]) == 0 ||
		    strcasecmp(word, weekdays[wd][1]) == 0)
			break;
	if (wd == 7 || parse_opt_clock(rest, &hh, &mm) != 0)
		return -1;
	localtime_r(&now, &tm);
	ahead = (wd - tm.tm_wday + 7) % 7;
	*out = day_at(now, ahead, hh, mm);
	if (*out <= now)
		*out = day_at(now, ahead + 7, hh, mm);
	return 0;
}

int
when_parse(const char *text, time_t now, time_t *out)
{
	char s[64];
	size_t n;
	int hh, mm;

	while (isspace((unsigned char)*text))
		text++;
	n = strlen(text);
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	if (n == 0 || n >= sizeof s)
		return -1;
	memcpy(s, text, n);
	s[n] = '\0';

	if (strcasecmp(s, "now") == 0)
		return *out = now, 0;
	if (s[0] == '+')
		return parse_offset(s + 1, now, out);
	if (parse_clock(s, &hh, &mm) == 0) {
		*out = day_at(now, 0, hh, mm);
		if (*out <= now)
			*out = day_at(now, 1, hh, mm);
		return 0;
	}
	if (isdigit((unsigned char)s[0]))
		return parse_date(s, out);
	return parse_named_day(s, now, out);
}

enum due_state
when_due_state(time_t due, time_t now)
{
	if (due < now - WHEN_GRACE_MINUTES * 60)
		return DUE_MISSED;
	if (due <= now)
		return DUE_NOW;
	if (due < day_at(now, 1, 0, 0))
		return DUE_TODAY;
	return DUE_LATER;
}

void
when_label(time_t due, time_t now, char *buf, size_t size)
{
	struct tm tm;

	localtime_r(&due, &tm);
	switch (when_due_state(due, now)) {
	case DUE_MISSED:
		snprintf(buf, size, "Missed");
		return;
	case DUE_NOW:
	case DUE_TODAY:
		strftime(buf, size, "Today %H:%M", &tm);
		return;
	case DUE_LATER:
		break;
	}
	if (due < day_at(now, 2, 0, 0))
		strftime(buf, size, "Tomorrow %H:%M", &tm);
	else if (due < day_at(now, 7, 0, 0))
		strftime(buf, size, "%a %H:%M", &tm);
	else
		strftime(buf, size, "%Y-%m-%d", &tm);
}

void
when_stamp(time_t t, time_t now, char *buf, size_t size)
{
	time_t today = day_at(now, 0, 0, 0);
	struct tm tm;

	localtime_r(&t, &tm);
	if (t >= today && t < day_at(now, 1, 0, 0))
		strftime(buf, size, "Today %H:%M", &tm);
	else if (t < today && t >= day_at(now, -1, 0, 0))
		strftime(buf, size, "Yesterday %H:%M", &tm);
	else
		strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

void
when_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;
	char zone[8];
	size_t n;

	localtime_r(&t, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	/* %z gives +0100; ISO 8601 extended form wants +01:00. */
	strftime(zone, sizeof zone, "%z", &tm);
	snprintf(buf + n, size - n, "%.3s:%.2s", zone, zone + 3);
}
