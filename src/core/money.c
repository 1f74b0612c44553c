#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/money.h"
#include "callq/when.h"

/* The digits before the point: plain, or grouped by threes with commas. */
static int
money_units(const char **p, int64_t *units)
{
	const char *s = *p;
	int digits = 0, group = -1;

	*units = 0;
	for (; isdigit((unsigned char)*s) || *s == ','; s++) {
		if (*s == ',') {
			if (digits == 0 || (group >= 0 && group != 3) ||
			    (group < 0 && digits > 3))
				return -1;
			group = 0;
			continue;
		}
		if (*units > MONEY_MAX_CENTS / 100)
			return -1;
		*units = *units * 10 + (*s - '0');
		digits++;
		if (group >= 0)
			group++;
	}
	if (digits == 0 || (group >= 0 && group != 3))
		return -1;
	*p = s;
	return 0;
}

int
money_parse(const char *text, int64_t *cents)
{
	const char *s = text;
	int64_t units, frac = 0;
	int places = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '$')
		s++;
	if (money_units(&s, &units) != 0)
		return -1;
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++) {
			if (++places > 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (places == 0)
			return -1;
		if (places == 1)
			frac *= 10;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '\0' || units > MONEY_MAX_CENTS / 100)
		return -1;
	*cents = units * 100 + frac;
	return *cents > 0 && *cents <= MONEY_MAX_CENTS ? 0 : -1;
}

void
money_format(int64_t cents, char *buf, size_t size)
{
	char digits[24], grouped[40];
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents :
	    (uint64_t)cents;
	size_t n, i, j = 0;

	snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v / 100));
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(buf, size, "%s%s.%02u", cents < 0 ? "-" : "", grouped,
	    (unsigned)(v % 100));
}

void
day_of(time_t t, char out[DAY_SIZE])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, DAY_SIZE, "%Y-%m-%d", &tm);
}

/* A day's noon: safe from daylight saving's missing and doubled hours. */
static int
day_tm(const char *day, struct tm *tm)
{
	int y, m, d, i;

	/* Digits only: sscanf alone takes "2026-+1-05" and "2026- 1-05". */
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? day[i] != '-' :
		    !isdigit((unsigned char)day[i]))
			return -1;
	if (day[10] != '\0' || sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(tm, 0, sizeof *tm);
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = 12;
	tm->tm_isdst = -1;
	if (mktime(tm) == (time_t)-1 || tm->tm_mday != d)
		return -1;
	return 0;
}

int
day_add_months(const char *day, int months, char out[DAY_SIZE])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	struct tm tm;
	int y, m, last, d;

	if (day_tm(day, &tm) != 0)
		return -1;
	d = tm.tm_mday;
	m = tm.tm_mon + months;
	y = tm.tm_year + 1900 + (m >= 0 ? m / 12 : (m - 11) / 12);
	m = ((m % 12) + 12) % 12;
	last = mdays[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0));
	if (y < 1 || y > 9999)
		return -1;
	snprintf(out, DAY_SIZE, "%04d-%02d-%02d", y, m + 1,
	    d < last ? d : last);
	return 0;
}

int
day_diff(const char *a, const char *b)
{
	struct tm ta, tb;
	time_t x, y;

	if (day_tm(a, &ta) != 0 || day_tm(b, &tb) != 0)
		return 0;
	x = mktime(&ta);
	y = mktime(&tb);
	/* Noon to noon: a daylight saving hour cannot tip the rounding. */
	return (int)((y - x + (y >= x ? 43200 : -43200)) / 86400);
}

int
day_parse(const char *text, time_t now, char out[DAY_SIZE])
{
	struct tm tm;
	char *end;
	long n;
	time_t from, to;

	if (text[0] == '+' && isdigit((unsigned char)text[1])) {
		n = strtol(text + 1, &end, 10);
		if (n > 1200 || *end == '\0' || end[1] != '\0')
			return -1;
		day_of(now, out);
		if (*end == 'm')
			return day_add_months(out, (int)n, out);
		if (*end != 'd' && *end != 'w')
			return -1;
		if (day_tm(out, &tm) != 0)
			return -1;
		tm.tm_mday += (int)(*end == 'w' ? n * 7 : n);
		tm.tm_isdst = -1;
		if (mktime(&tm) == (time_t)-1)
			return -1;
		strftime(out, DAY_SIZE, "%Y-%m-%d", &tm);
		return 0;
	}
	if (day_tm(text, &tm) == 0) {
		memcpy(out, text, DAY_SIZE);
		return 0;
	}
	if (when_day(text, now, &from, &to) != 0)
		return -1;
	day_of(from, out);
	return 0;
}

int64_t
money_share(int64_t total, int n, int i)
{
	return total / n + (i < total % n);
}
