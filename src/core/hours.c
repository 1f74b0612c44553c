#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "callq/hours.h"
#include "callq/when.h"
#include "callq/zone.h"

#define DAY_MIN (24 * 60)

int
hours_parse(const char *text, struct hours_window *w)
{
	int oh, om, ch, cm, used = 0;

	if (text == NULL || sscanf(text, "%2d:%2d-%2d:%2d%n", &oh, &om, &ch,
	    &cm, &used) != 4 || text[used] != '\0' || oh > 23 || om > 59 ||
	    ch > 24 || cm > 59 || (ch == 24 && cm != 0) || oh < 0 || om < 0 ||
	    ch < 0 || cm < 0 || oh * 60 + om >= ch * 60 + cm)
		return -1;
	w->open = (short)(oh * 60 + om);
	w->close = (short)(ch * 60 + cm);
	return 0;
}

int
hours_outside_work(const struct hours_window *w, time_t now, char *why,
    size_t size)
{
	struct tm tm;
	int at;

	localtime_r(&now, &tm);
	at = tm.tm_hour * 60 + tm.tm_min;
	if (at >= w->open && at < w->close)
		return 0;
	snprintf(why, size, "it is %02d:%02d, outside the floor's working "
	    "hours (%02d:%02d-%02d:%02d)", tm.tm_hour, tm.tm_min, w->open / 60,
	    w->open % 60, w->close / 60, w->close % 60);
	return 1;
}

/* "us-fl" -> "US-FL"; -1 unless it is "", "CC" or "CC-XX..". */
static int
rule_key(const char *key, char out[12])
{
	size_t i, len = strlen(key);

	if (len >= 12 || (len != 0 && len != 2 && (len < 4 || key[2] != '-')))
		return -1;
	for (i = 0; i < len; i++) {
		if (i != 2 && !isalnum((unsigned char)key[i]))
			return -1;
		out[i] = (char)toupper((unsigned char)key[i]);
	}
	out[len] = '\0';
	return 0;
}

int
hours_rules_set(struct hours_rules *r, const char *key, const char *text)
{
	struct hours_window w;
	char k[12] = "";	/* all of it set: verdicts hash the table */
	int i;

	if (rule_key(key, k) != 0 || hours_parse(text, &w) != 0)
		return -1;
	for (i = 0; i < r->n; i++)
		if (strcmp(r->rule[i].key, k) == 0)
			break;
	if (i == HOURS_RULES_MAX)
		return -1;
	if (i == r->n)
		r->n++;
	memcpy(r->rule[i].key, k, sizeof k);
	r->rule[i].w = w;
	return 0;
}

void
hours_rules_default(struct hours_rules *r)
{
	r->n = 0;
	hours_rules_set(r, "", "08:00-21:00");
	hours_rules_set(r, "US-FL", "08:00-20:00");
}

static const struct hours_window *
rule_find(const struct hours_rules *r, const char *key)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->rule[i].key, key) == 0)
			return &r->rule[i].w;
	return NULL;
}

struct hours_window
hours_window_for(const struct hours_rules *r, const char *country,
    const char *state)
{
	static const struct hours_window fallback = { 8 * 60, 21 * 60 };
	const struct hours_window *w;
	const char *code;
	char key[32];

	if (country != NULL && strlen(country) == 2) {
		if (state != NULL && *state != '\0' &&
		    (code = zone_region_code(country, state)) != NULL) {
			snprintf(key, sizeof key, "%s-%s", country, code);
			if ((w = rule_find(r, key)) != NULL)
				return *w;
		}
		if ((w = rule_find(r, country)) != NULL)
			return *w;
	}
	if ((w = rule_find(r, "")) != NULL)
		return *w;
	return fallback;
}

/*
 * A zone's offset from UTC. The C library only answers for the zone in
 * TZ, so each zone is asked once per quarter hour (every offset change
 * falls on a quarter hour) and TZ is put back at once.
 */
#define ZONE_CACHE 512

static struct zone_offset {
	char   name[48];
	time_t until;		/* the answer holds before this */
	long   offset;		/* seconds east of UTC */
} zones[ZONE_CACHE];
static int nzones;

static long
offset_ask(const char *name, time_t now)
{
	char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	char tz[64];
	struct tm tm;

	snprintf(tz, sizeof tz, ":%s", name);
	setenv("TZ", tz, 1);
	tzset();
	localtime_r(&now, &tm);
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return tm.tm_gmtoff;
}

static long
zone_offset(const char *name, time_t now)
{
	struct zone_offset *z = NULL;
	int i;

	for (i = 0; i < nzones; i++)
		if (strcmp(zones[i].name, name) == 0) {
			z = &zones[i];
			break;
		}
	if (z == NULL) {
		z = &zones[nzones < ZONE_CACHE ? nzones++ : 0];
		snprintf(z->name, sizeof z->name, "%s", name);
		z->until = 0;
	}
	if (now >= z->until || now < z->until - 900) {
		z->offset = offset_ask(name, now);
		z->until = now - now % 900 + 900;
	}
	return z->offset;
}

long
hours_offset(const char *zone, time_t at)
{
	return zone_offset(zone, at);
}

/* Minutes after local midnight in a zone offset seconds east of UTC. */
static int
local_minute(time_t t, long offset)
{
	long long m = ((long long)t + offset) / 60 % DAY_MIN;

	return (int)(m < 0 ? m + DAY_MIN : m);
}

/* Calls fn for each zone name in the space-separated list; stops at nonzero. */
static int
zones_each(const char *list, int (*fn)(const char *, void *), void *arg)
{
	char name[48];
	size_t len;
	int rc;

	while (*list != '\0') {
		len = strcspn(list, " ");
		if (len > 0 && len < sizeof name) {
			memcpy(name, list, len);
			name[len] = '\0';
			if ((rc = fn(name, arg)) != 0)
				return rc;
		}
		list += len;
		list += *list == ' ';
	}
	return 0;
}

struct probe {
	struct hours_window w;
	time_t at;		/* the moment asked about */
	time_t now;		/* for the offsets: today's, not the future's */
};

static int
zone_closed(const char *name, void *arg)
{
	struct probe *p = arg;
	int m = local_minute(p->at, zone_offset(name, p->now));

	return m < p->w.open || m >= p->w.close;
}

/* The next moment after p->now a zone's window opens, into p->at if sooner. */
static int
zone_next_open(const char *name, void *arg)
{
	struct probe *p = arg;
	int m = local_minute(p->now, zone_offset(name, p->now));
	int wait = p->w.open - m;
	time_t at;

	if (wait <= 0)
		wait += DAY_MIN;
	at = p->now - p->now % 60 + (time_t)wait * 60;
	if (p->at == 0 || at < p->at)
		p->at = at;
	return 0;
}

/*
 * The first moment within two days when every zone is open: one of the
 * moments some zone opens, tried in order.
 */
static time_t
next_open(const char *list, struct hours_window w, time_t now)
{
	struct probe p = { w, 0, now };
	time_t from = now;
	int tries;

	for (tries = 0; tries < 64; tries++) {
		p.now = from;
		p.at = 0;
		zones_each(list, zone_next_open, &p);
		if (p.at == 0 || p.at > now + 2 * 86400)
			return 0;
		p.now = now;
		if (zones_each(list, zone_closed, &p) == 0)
			return p.at;
		from = p.at;
	}
	return 0;
}

/*
 * The queue asks for every row it reads, and a floor's leads share a few
 * hundred combinations of zones, country and state: each verdict is kept
 * for its minute and the windows it was found under.
 */
#define VERDICTS 1024

static struct verdict {
	uint64_t           hash;	/* 0: empty */
	time_t             minute;
	char               key[232];	/* zones '|' country '|' state */
	enum hours_verdict v;
	time_t             opens;
} verdicts[VERDICTS];

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

/* The slot for this question, or NULL when it is too long to keep. */
static struct verdict *
verdict_slot(const struct hours_rules *r, const char *key, size_t len,
    uint64_t *hash)
{
	uint64_t h = 14695981039346656037ULL;

	if (len >= sizeof verdicts[0].key)
		return NULL;
	h = fnv(h, r->rule, (size_t)r->n * sizeof r->rule[0]);
	h = fnv(h, key, len);
	*hash = h | 1;
	return &verdicts[h % VERDICTS];
}

static enum hours_verdict
verdict_find(const struct hours_rules *r, const char *list,
    const char *country, const char *state, time_t now, time_t *opens)
{
	struct probe p = { hours_window_for(r, country, state), now, now };

	if (list == NULL || *list == '\0')
		list = zone_country(country);
	*opens = 0;
	if (list == NULL || *list == '\0')
		return HOURS_NO_ZONE;
	if (zones_each(list, zone_closed, &p) == 0)
		return HOURS_OPEN;
	*opens = next_open(list, p.w, now);
	return HOURS_CLOSED;
}

enum hours_verdict
hours_check(const struct hours_rules *r, const char *list,
    const char *country, const char *state, time_t now, time_t *opens)
{
	char key[sizeof verdicts[0].key];
	struct verdict *v;
	uint64_t hash = 0;
	time_t at;
	int len;

	len = snprintf(key, sizeof key, "%s|%s|%s", list ? list : "",
	    country ? country : "", state ? state : "");
	v = len < 0 ? NULL : verdict_slot(r, key, (size_t)len, &hash);
	if (v != NULL && v->hash == hash && v->minute == now / 60 &&
	    strcmp(v->key, key) == 0) {
		if (opens != NULL)
			*opens = v->opens;
		return v->v;
	}
	at = 0;
	if (v == NULL)
		return verdict_find(r, list, country, state, now, opens ? opens :
		    &at);
	v->v = verdict_find(r, list, country, state, now, &v->opens);
	v->hash = hash;
	v->minute = now / 60;
	memcpy(v->key, key, (size_t)len + 1);
	if (opens != NULL)
		*opens = v->opens;
	return v->v;
}

struct clock_read {
	time_t now;
	int    first, differs;
};

static int
zone_clock(const char *name, void *arg)
{
	struct clock_read *c = arg;
	int m = local_minute(c->now, zone_offset(name, c->now));

	if (c->first < 0)
		c->first = m;
	else if (m != c->first)
		c->differs = 1;
	return 0;
}

void
hours_local_clock(const char *list, const char *country, time_t now,
    char *buf, size_t size)
{
	struct clock_read c = { now, -1, 0 };

	if (list == NULL || *list == '\0')
		list = zone_country(country);
	if (list != NULL)
		zones_each(list, zone_clock, &c);
	if (c.first < 0)
		snprintf(buf, size, "%s", "");
	else
		snprintf(buf, size, "%02d:%02d%s", c.first / 60, c.first % 60,
		    c.differs ? "+" : "");
}

/* The next moment after p->now that the zone's window opens, if sooner. */
static int
zone_opens_after(const char *name, void *arg)
{
	struct probe *p = arg;
	time_t from = p->now - p->now % 60 + 60, at;
	int wait;

	wait = p->w.open - local_minute(from, zone_offset(name, from));
	at = from + (time_t)(wait < 0 ? wait + DAY_MIN : wait) * 60;
	/* Read again with the offset of the day it falls on. */
	wait = p->w.open - local_minute(at, zone_offset(name, at));
	if (wait != 0 && wait > -DAY_MIN / 2 && wait < DAY_MIN / 2 &&
	    at + (time_t)wait * 60 > p->now)
		at += (time_t)wait * 60;
	if (p->at == 0 || at < p->at)
		p->at = at;
	return 0;
}

/* The last minute before p->now that the zone's window holds, if later. */
static int
zone_closes_before(const char *name, void *arg)
{
	struct probe *p = arg;
	time_t to = p->now - p->now % 60, at;
	int back;

	back = local_minute(to, zone_offset(name, to)) - p->w.close;
	at = to - (time_t)(back < 0 ? back + DAY_MIN : back) * 60;
	back = local_minute(at, zone_offset(name, at)) - p->w.close;
	if (back != 0 && back > -DAY_MIN / 2 && back < DAY_MIN / 2 &&
	    at - (time_t)back * 60 < p->now)
		at -= (time_t)back * 60;
	at -= 60;	/* close is the first minute outside */
	if (p->at == 0 || at > p->at)
		p->at = at;
	return 0;
}

/*
 * Whether the window holds at in every zone; list is not empty. A
 * follow-up is booked days ahead, so its moment is weighed with the
 * offsets in force then (a change of daylight saving may fall between).
 */
static int
open_then(const char *list, struct hours_window w, time_t at)
{
	struct probe p = { w, at, at };

	return zones_each(list, zone_closed, &p) == 0;
}

/*
 * Walks from at to the nearest moment every zone is open, forward or
 * back, within two days: each step goes to the next boundary some zone
 * has, where the window may open (or, going back, have last held).
 */
static time_t
open_walk(const char *list, struct hours_window w, time_t at, int forward)
{
	struct probe p = { w, 0, at };
	int tries;

	for (tries = 0; tries < 64; tries++) {
		p.at = 0;
		zones_each(list, forward ? zone_opens_after : zone_closes_before,
		    &p);
		if (p.at == 0 || p.at > at + 2 * 86400 || p.at < at - 2 * 86400)
			return 0;
		if (open_then(list, w, p.at))
			return p.at;
		p.now = p.at;
	}
	return 0;
}

enum hours_verdict
hours_check_at(const struct hours_rules *r, const char *list,
    const char *country, const char *state, time_t at, time_t not_before,
    int grace, time_t *nearest)
{
	struct hours_window w = hours_window_for(r, country, state);
	time_t ahead, back;

	*nearest = 0;
	if (list == NULL || *list == '\0')
		list = zone_country(country);
	if (list == NULL || *list == '\0')
		return HOURS_NO_ZONE;
	if (open_then(list, w, at))
		return HOURS_OPEN;
	ahead = open_walk(list, w, at, 1);
	/*
	 * Going back, the last moment that leaves the grace inside the
	 * hours: a call-back booked there can still be made on time.
	 */
	back = open_walk(list, w, at, 0);
	if (back != 0 && open_then(list, w, back + 60 - grace))
		back = back + 60 - grace;
	if (back != 0 && (back < not_before || (ahead != 0 &&
	    ahead - at <= at - back)))
		back = 0;
	*nearest = back != 0 ? back : ahead;
	return HOURS_CLOSED;
}

/* "America/New_York" -> "New York": the city a zone is named after. */
static void
zone_city(const char *name, char *buf, size_t size)
{
	const char *slash = strrchr(name, '/');
	size_t i;

	snprintf(buf, size, "%s", slash != NULL ? slash + 1 : name);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
}

struct clock_at {
	time_t at;
	int    first, differs;
	long   offset;		/* the first zone's */
	char   city[ZONE_NAME_MAX];
};

static int
zone_clock_at(const char *name, void *arg)
{
	struct clock_at *c = arg;
	long offset = zone_offset(name, c->at);
	int m = local_minute(c->at, offset);

	if (c->first < 0) {
		c->first = m;
		c->offset = offset;
		zone_city(name, c->city, sizeof c->city);
	} else if (m != c->first)
		c->differs = 1;
	return 0;
}

/* The lead's clock at c->at; c->first stays -1 when no zone is known. */
static void
clock_read(const char *list, const char *country, struct clock_at *c)
{
	if (list == NULL || *list == '\0')
		list = zone_country(country);
	if (list != NULL)
		zones_each(list, zone_clock_at, c);
}

void
hours_clock_at(const char *list, const char *country, time_t at, char *buf,
    size_t size)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	struct clock_at c = { at, -1, 0, 0, "" };
	char day[8] = "";
	long long theirs;
	struct tm tm;

	clock_read(list, country, &c);
	if (c.first < 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	/* Its day is named when not the viewer's (day 0 was a Thursday). */
	localtime_r(&at, &tm);
	theirs = ((long long)at + c.offset) / 86400;
	if (theirs != ((long long)at + tm.tm_gmtoff) / 86400)
		snprintf(day, sizeof day, "%s ", days[(theirs % 7 + 11) % 7]);
	snprintf(buf, size, "%s%02d:%02d %s%s", day, c.first / 60, c.first % 60,
	    c.city, c.differs ? " or other" : "");
}

void
hours_when_both(time_t t, time_t now, const char *list, const char *country,
    char *buf, size_t size)
{
	char mine[40], theirs[80];
	struct tm tm;

	localtime_r(&t, &tm);
	/* A weekday names one day only within the week around now. */
	strftime(mine, sizeof mine, t > now - 6 * 86400 && t < now + 6 * 86400 ?
	    "%a %H:%M" : "%Y-%m-%d %H:%M", &tm);
	hours_clock_at(list, country, t, theirs, sizeof theirs);
	if (theirs[0] == '\0')
		snprintf(buf, size, "%s", mine);
	else
		snprintf(buf, size, "%s (%s)", mine, theirs);
}

/* The first name of a space-separated zone list into buf; 0 when none. */
static int
zone_first(const char *list, char *buf, size_t size)
{
	size_t len;

	if (list == NULL)
		return 0;
	while (*list == ' ')
		list++;
	len = strcspn(list, " ");
	if (len == 0 || len >= size)
		return 0;
	memcpy(buf, list, len);
	buf[len] = '\0';
	return 1;
}

int
hours_when_parse(const char *text, time_t now, const char *list,
    const char *country, time_t *out)
{
	static const char there[] = " there";
	char when[64], zone[ZONE_NAME_MAX], tz[ZONE_NAME_MAX + 1], *saved;
	size_t n = strlen(text);
	int rc;

	while (n > 0 && text[n - 1] == ' ')
		n--;
	if (n < sizeof there || n - (sizeof there - 1) >= sizeof when ||
	    strncasecmp(text + n - (sizeof there - 1), there,
	    sizeof there - 1) != 0)
		return when_parse(text, now, out);
	if ((list == NULL || *list == '\0') && country != NULL)
		list = zone_country(country);
	if (!zone_first(list, zone, sizeof zone))
		return -1;
	snprintf(when, sizeof when, "%.*s", (int)(n - (sizeof there - 1)),
	    text);
	/* when_parse reads the clock of TZ: the lead's, for a moment. */
	saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	snprintf(tz, sizeof tz, ":%s", zone);
	setenv("TZ", tz, 1);
	tzset();
	rc = when_parse(when, now, out);
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return rc;
}
