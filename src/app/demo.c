#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/attendance.h"
#include "callq/call.h"
#include "callq/collect.h"
#include "callq/contact.h"
#include "callq/data.h"
#include "callq/deal.h"
#include "callq/demo.h"
#include "callq/followup.h"
#include "callq/lead.h"
#include "callq/notify.h"
#include "callq/payment.h"
#include "callq/store.h"
#include "callq/user.h"

#define MAX_PLACES	64
#define MAX_PATTERNS	4
#define MAX_WORDS	64
#define REPS		6
#define DAYS		31	/* today and the 30 days of history before it */
#define HOURS		8	/* calls begin 9:00 to 16:59, the lead's time */
#define EARLIER		3	/* calls before a story, short of max_attempts */
#define WON_MAX		256	/* conversions the after-sale story follows */

struct place {
	char region[40], country[4], state[8], city[40], postal[16];
	char tz[40];
	double lat, lng;
	char pattern[MAX_PATTERNS][24];	/* X: digits taken from a counter */
	int npatterns;
	int used[MAX_PATTERNS];		/* numbers handed out per pattern */
};

struct words {
	char w[MAX_WORDS][40];
	char group[MAX_WORDS][4];	/* streets: NA or GB */
	int n;
};

/* A zone's calendar over the history, so that calls fall on its working days. */
struct zone_days {
	char tz[40];
	time_t midnight[DAYS];	/* the zone's midnight, k days before today */
	int workday[DAYS];	/* Monday to Friday there */
};

/* A lead the history converted: the after-sale story starts from it. */
struct won {
	int64_t lead;
	int64_t deal;
	int rep;
	struct place *place;
	const struct zone_days *zone;
	int day;		/* days before today it was converted */
	time_t at;		/* the Converted call */
	unsigned value;		/* the lead's deal value, in units */
	int assigned;		/* to the recovery agent */
};

struct demo {
	struct store *st;
	const struct actor *admin;
	struct err *err;
	uint64_t rng;
	/*
	 * When each call and pause happened is drawn from hrng: the leads
	 * and their stories come from rng alone, so a longer history leaves
	 * every lead's name, story and state as they were.
	 */
	uint64_t hrng;
	time_t now;
	struct place places[MAX_PLACES];
	int nplaces;
	struct words first, last, trades, streets;
	struct actor reps[REPS];
	struct actor recovery;
	char name[120];		/* the last lead's name */
	struct won won[WON_MAX];
	int nwon;
	char clock[24];		/* CALLQ_NOW as the demo found it, or "" */
	struct zone_days zones[MAX_PLACES];	/* at most one per place */
	int nzones;
	struct demo_counts *counts;
};

/* splitmix64: small, fast and the same on every machine. */
static uint64_t
demo_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
pick(struct demo *d, int n)
{
	return (int)(demo_rand(&d->rng) % (uint64_t)n);
}

static int
hpick(struct demo *d, int n)
{
	return (int)(demo_rand(&d->hrng) % (uint64_t)n);
}

static int
place_row(char **f, int n, void *arg)
{
	struct demo *d = arg;
	struct place *p;
	char *tok, *save = NULL;

	if (n != 9 || d->nplaces == MAX_PLACES)
		return -1;
	p = &d->places[d->nplaces++];
	memset(p, 0, sizeof *p);
	snprintf(p->region, sizeof p->region, "%s", f[0]);
	snprintf(p->country, sizeof p->country, "%s", f[1]);
	snprintf(p->state, sizeof p->state, "%s", f[2]);
	snprintf(p->city, sizeof p->city, "%s", f[3]);
	snprintf(p->postal, sizeof p->postal, "%s", f[4]);
	p->lat = atof(f[5]);
	p->lng = atof(f[6]);
	snprintf(p->tz, sizeof p->tz, "%s", f[7]);
	for (tok = strtok_r(f[8], ",", &save); tok != NULL &&
	    p->npatterns < MAX_PATTERNS; tok = strtok_r(NULL, ",", &save))
		snprintf(p->pattern[p->npatterns++], sizeof p->pattern[0], "%s",
		    tok);
	return 0;
}

static int
word_row(char **f, int n, void *arg)
{
	struct words *w = arg;

	if (w->n == MAX_WORDS)
		return -1;
	snprintf(w->group[w->n], sizeof w->group[0], "%s", n > 1 ? f[0] : "");
	snprintf(w->w[w->n++], sizeof w->w[0], "%s", f[n > 1 ? 1 : 0]);
	return 0;
}

static int
demo_load(struct demo *d)
{
	if (data_each_row("demo/places.tsv", 9, place_row, d) != 0 ||
	    data_each_row("demo/first_names.txt", 1, word_row, &d->first) ||
	    data_each_row("demo/last_names.txt", 1, word_row, &d->last) ||
	    data_each_row("demo/trades.txt", 1, word_row, &d->trades) ||
	    data_each_row("demo/streets.tsv", 2, word_row, &d->streets))
		return err_set(d->err, EX_SOFTWARE, "the embedded demo data "
		    "is malformed");
	return 0;
}

/* How many numbers a pattern holds: 10 to the power of its X count. */
static int
pattern_capacity(const char *pattern)
{
	int n = 1;

	for (; *pattern != '\0'; pattern++)
		if (*pattern == 'X')
			n *= 10;
	return n;
}

/* The first pattern of p with numbers left, or -1. */
static int
place_pattern(const struct place *p)
{
	int i;

	for (i = 0; i < p->npatterns; i++)
		if (p->used[i] < pattern_capacity(p->pattern[i]))
			return i;
	return -1;
}

/*
 * The next unused number of a place that has one: its patterns' X digits
 * count up, so numbers never repeat.
 */
static void
place_phone(struct place *p, char *out, size_t size)
{
	int i = place_pattern(p), k, n;

	snprintf(out, size, "%s", p->pattern[i]);
	n = p->used[i]++;
	for (k = (int)strlen(out) - 1; k >= 0; k--)
		if (out[k] == 'X') {
			out[k] = (char)('0' + n % 10);
			n /= 10;
		}
}

static void
postal_code(struct demo *d, const char *pattern, char *out, size_t size)
{
	size_t i;

	for (i = 0; pattern[i] != '\0' && i + 1 < size; i++)
		out[i] = pattern[i] == '#' ? (char)('0' + pick(d, 10)) :
		    pattern[i] == '@' ? (char)('A' + pick(d, 26)) : pattern[i];
	out[i] = '\0';
}

/* "Okafor Dental Care", "Maria's Bakery", "Boise Roofing". */
static void
business_name(struct demo *d, const struct place *p, char *out, size_t size)
{
	const char *trade = d->trades.w[pick(d, d->trades.n)];
	int style = pick(d, 10);

	if (style < 5)
		snprintf(out, size, "%s %s", d->last.w[pick(d, d->last.n)],
		    trade);
	else if (style < 8)
		snprintf(out, size, "%s's %s", d->first.w[pick(d, d->first.n)],
		    trade);
	else
		snprintf(out, size, "%s %s", p->city, trade);
}

/* https://www.okafordentalcare.com: the name's ASCII letters and digits. */
static void
website(const char *name, const char *country, char *out, size_t size)
{
	size_t o = (size_t)snprintf(out, size, "https://www.");
	const char *tld = strcmp(country, "GB") == 0 ? ".co.uk" :
	    strcmp(country, "CA") == 0 ? ".ca" : ".com";

	for (; *name != '\0' && o + 8 < size; name++)
		if (isalnum((unsigned char)*name))
			out[o++] = (char)tolower((unsigned char)*name);
	snprintf(out + o, size - o, "%s", tld);
}

static const char *
street_name(struct demo *d, const char *country)
{
	const char *group = strcmp(country, "GB") == 0 ? "GB" : "NA";
	int i, start = pick(d, d->streets.n);

	for (i = 0; i < d->streets.n; i++) {
		int k = (start + i) % d->streets.n;
		if (strcmp(d->streets.group[k], group) == 0)
			return d->streets.w[k];
	}
	return d->streets.w[start];
}

/* The demo's lead changes, and the text they point into. */
struct fields {
	struct lead_change ch[LEAD_FIELD_COUNT];
	size_t n;
	char text[8][160];
	int ntext;
};

static int
put(struct demo *d, struct fields *f, const char *field, const char *value)
{
	return lead_change_parse(lead_field_find(field), value, d->now,
	    &f->ch[f->n++], d->err);
}

/* Like put, for a value built here: kept in f until the lead is added. */
static int
putf(struct demo *d, struct fields *f, const char *field, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static int
putf(struct demo *d, struct fields *f, const char *field, const char *fmt,
    ...)
{
	char *buf = f->text[f->ntext++];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof f->text[0], fmt, ap);
	va_end(ap);
	return put(d, f, field, buf);
}

static int
region_index(const struct demo *d, const char *region)
{
	int i, n = 0;

	for (i = 0; i < d->nplaces; i++) {
		if (strcmp(d->places[i].region, region) == 0)
			return n;
		if (i == 0 || strcmp(d->places[i].region,
		    d->places[i - 1].region) != 0)
			n++;
	}
	return 0;
}

/*
 * A worked lead's deal value, 500 to 10,250, from its name: drawing it
 * from the generator would change every lead after the first.
 */
static unsigned
deal_value(const char *name)
{
	unsigned h = 0;

	for (; *name != '\0'; name++)
		h = h * 31 + (unsigned char)*name;
	return 500 + h % 40 * 250;
}

static int
lead_fields_for(struct demo *d, struct place *p, struct fields *f,
    const char *owner)
{
	char name[120], phone[24], postal[16], url[160];

	place_phone(p, phone, sizeof phone);
	business_name(d, p, name, sizeof name);
	snprintf(d->name, sizeof d->name, "%s", name);
	postal_code(d, p->postal, postal, sizeof postal);
	if (put(d, f, "country", p->country) || putf(d, f, "name", "%s", name) ||
	    putf(d, f, "phone", "%s", phone) ||
	    putf(d, f, "street-number", "%d", 1 + pick(d, 980)) ||
	    put(d, f, "street", street_name(d, p->country)) ||
	    put(d, f, "city", p->city) || put(d, f, "state", p->state) ||
	    putf(d, f, "postal-code", "%s", postal) ||
	    put(d, f, "timezone", p->tz) || put(d, f, "region", p->region) ||
	    put(d, f, "source", pick(d, 10) < 8 ? "Regional list" :
	    pick(d, 2) ? "Referral" : "Website") ||
	    putf(d, f, "lat", "%.5f", p->lat + (pick(d, 1000) - 500) / 10000.0) ||
	    putf(d, f, "lng", "%.5f", p->lng + (pick(d, 1000) - 500) / 10000.0))
		return d->err->status;
	website(name, p->country, url, sizeof url);
	if (pick(d, 100) < 65 && (putf(d, f, "url", "%s", url) ||
	    put(d, f, "website", "Y")))
		return d->err->status;
	if (owner != NULL && (put(d, f, "owner", owner) ||
	    putf(d, f, "priority", "%d", pick(d, 4)) ||
	    putf(d, f, "value", "%u", deal_value(name))))
		return d->err->status;
	return 0;
}

/* Fills z with zone tz's days: TZ is the zone's only for a moment. */
static void
zone_days_fill(struct zone_days *z, const char *tz, time_t now)
{
	char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	char spec[48];
	struct tm today, tm;
	int k;

	snprintf(z->tz, sizeof z->tz, "%s", tz);
	snprintf(spec, sizeof spec, ":%s", tz);
	setenv("TZ", spec, 1);
	tzset();
	localtime_r(&now, &today);
	for (k = 0; k < DAYS; k++) {
		tm = today;
		tm.tm_mday -= k;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		z->midnight[k] = mktime(&tm);
		z->workday[k] = tm.tm_wday >= 1 && tm.tm_wday <= 5;
	}
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

static const struct zone_days *
zone_days(struct demo *d, const char *tz)
{
	int i;

	for (i = 0; i < d->nzones; i++)
		if (strcmp(d->zones[i].tz, tz) == 0)
			return &d->zones[i];
	zone_days_fill(&d->zones[d->nzones], tz, d->now);
	return &d->zones[d->nzones++];
}

/*
 * A working day from lo to hi days before today, each alike; there is
 * one, as lo is one or a working day itself.
 */
static int
workday_in(struct demo *d, const struct zone_days *z, int lo, int hi)
{
	int k, n = 0;

	for (k = lo; k <= hi; k++)
		n += z->workday[k];
	n = hpick(d, n);
	for (k = lo; n > 0 || !z->workday[k]; k++)
		n -= z->workday[k];
	return k;
}

/*
 * Who answers when, by the lead's hour from 9:00: few first thing and
 * over lunch, most mid-morning and mid-afternoon. How many calls each
 * hour gets, and the share of them that reach someone (percent).
 */
static const int hour_calls[HOURS] = { 10, 14, 14, 6, 10, 14, 14, 12 };
static const int hour_reach[HOURS] = { 25, 45, 55, 20, 30, 45, 50, 35 };

static int
hour_weight(int h, int reached)
{
	return hour_calls[h] * (reached ? hour_reach[h] : 100 - hour_reach[h]);
}

/* The hour of a call that reached someone or not, as hour_reach has it. */
static int
call_hour(struct demo *d, int reached)
{
	int h, w = 0;

	for (h = 0; h < HOURS; h++)
		w += hour_weight(h, reached);
	w = hpick(d, w);
	for (h = 0; w >= hour_weight(h, reached); h++)
		w -= hour_weight(h, reached);
	return h;
}

/* Whether a disposition reached someone (schema 10's contact rule). */
static int
reached(const char *disposition)
{
	return strcmp(disposition, "No answer") != 0 &&
	    strcmp(disposition, "Busy") != 0 &&
	    strcmp(disposition, "Wrong number") != 0;
}

/*
 * How the reps differ: how many calls each makes before a lead's story
 * (up to), and the share of those that reach someone (percent).
 */
static const struct {
	int calls, reach;
} skills[REPS] = {
	{ 3, 55 }, { 2, 40 }, { 3, 30 }, { 1, 45 }, { 2, 60 }, { 3, 25 },
};

/* A worked lead: whose, in which zone, and its calls' days and last time. */
struct worked {
	int rep;		/* index into reps */
	int64_t lead;
	const struct zone_days *zone;
	int day[EARLIER + 2];	/* days before today, the oldest first */
	int ndays;
	time_t last;
};

/*
 * The days of a lead's n calls, the oldest first, each a working day of
 * the month drawn alike, so that the floor's calls spread evenly. For a
 * lead that is won the last is drawn alike and the others before it, so
 * that every week has its conversions.
 */
static void
worked_days(struct demo *d, struct worked *w, int n, int won)
{
	int i, j, t, last = workday_in(d, w->zone, 1, DAYS - 1);

	w->day[0] = last;
	for (i = 1; i < n; i++) {
		w->day[i] = workday_in(d, w->zone, won ? last : 1, DAYS - 1);
		for (j = i; j > 0 && w->day[j] > w->day[j - 1]; j--) {
			t = w->day[j];
			w->day[j] = w->day[j - 1];
			w->day[j - 1] = t;
		}
	}
	w->ndays = n;
}

/*
 * One call in a lead's history, on working day k (days before today) in
 * the lead's hours. draw is the generator of the call's note and length:
 * pick for the calls of a lead's story, hpick for those before it.
 */
static int
demo_call(struct demo *d, struct worked *w, int (*draw)(struct demo *, int),
    const char *disposition, int k, time_t followup, int interest)
{
	const struct actor *rep = &d->reps[w->rep];
	struct call_log log = { .lead_id = w->lead, .disposition = disposition,
	    .followup_at = followup, .interest = interest };
	static const char *const notes[] = { NULL, "Spoke to the owner",
	    "Left a voicemail", "Asked for a brochure by email",
	    "Call back after lunch", "Receptionist took a message" };
	struct followup_fit fit;
	struct call_result res;

	log.started_at = w->zone->midnight[k] + (9 + call_hour(d,
	    reached(disposition))) * 3600 + hpick(d, 3600);
	/* Two calls on one day keep the order they are logged in. */
	if (log.started_at <= w->last)
		log.started_at = w->last + 300 + hpick(d, 1800);
	w->last = log.started_at;
	log.note = notes[draw(d, 6)];
	/* A call-back ahead is booked inside the lead's calling hours. */
	if (followup > d->now) {
		if (store_followup_fit(d->st, rep, w->lead, followup, &fit,
		    d->err) != 0)
			return d->err->status;
		if (!fit.open && fit.nearest != 0)
			log.followup_at = fit.nearest;
		log.followup_reason = "Callback requested";
	}
	log.duration_s = strcmp(disposition, "No answer") == 0 ? 0 :
	    20 + draw(d, 600);
	if (store_call_log(d->st, rep, &log, &res, d->err) != 0)
		return d->err->status;
	d->counts->calls++;
	d->counts->followups += res.followup_id != 0;
	return 0;
}

/* A callback: due later today, missed, or in the coming days. */
static time_t
callback_time(struct demo *d)
{
	switch (pick(d, 3)) {
	case 0:
		return d->now + 1800 + pick(d, 4) * 3600;
	case 1:
		return d->now - 3600 - pick(d, 30) * 3600;
	default:
		return d->now + (1 + pick(d, 5)) * 86400;
	}
}

/*
 * The calls before a lead's story began, on its first days: attempts
 * that missed, and, for a story that takes the lead to Interested or on
 * to Lost, some that reached it. None changes where the story leaves the
 * lead (data/transitions.tsv: a miss moves New to CNP, which every story
 * moves on from as from New), and EARLIER misses stay short of
 * max_attempts.
 */
static int
demo_earlier(struct demo *d, struct worked *w, int story)
{
	int i;

	for (i = 0; i < w->ndays - 2; i++) {
		if (story >= 60 && hpick(d, 100) < skills[w->rep].reach) {
			if (demo_call(d, w, hpick, "Interested", w->day[i], 0,
			    1 + hpick(d, 5)) != 0)
				return d->err->status;
		} else if (demo_call(d, w, hpick, hpick(d, 3) ? "No answer" :
		    "Busy", w->day[i], 0, 0) != 0)
			return d->err->status;
	}
	return 0;
}

/*
 * Works an assigned lead through a story that ends in a real status: up
 * to EARLIER calls, then the story's one or two, over the last 30 days.
 */
static int
demo_history(struct demo *d, int rep, int64_t lead, const char *tz)
{
	int story = pick(d, 100), interest = 1 + pick(d, 5), rc = 0;
	struct worked w = { .rep = rep, .lead = lead, .zone = zone_days(d,
	    tz) };
	int first, then;

	/* Drawn still, so that the leads after this one keep their names. */
	(void)pick(d, 12);
	if (story < 25)
		return 0;	/* assigned, not called yet */
	worked_days(d, &w, 2 + hpick(d, skills[rep].calls + 1), story >= 75 &&
	    story < 88);
	first = w.day[w.ndays - 2];
	then = w.day[w.ndays - 1];
	if (demo_earlier(d, &w, story) != 0)
		return d->err->status;
	if (story < 45) {
		rc = demo_call(d, &w, pick, pick(d, 2) ? "No answer" : "Busy",
		    first, 0, 0);
		if (rc == 0 && pick(d, 2))
			rc = demo_call(d, &w, pick, "No answer", then, 0, 0);
		return rc;
	}
	if (story < 60)
		return demo_call(d, &w, pick, "Callback requested", then,
		    callback_time(d), 0);
	if (story < 88) {
		if ((rc = demo_call(d, &w, pick, "Interested", story < 75 ?
		    then : first, pick(d, 2) ? callback_time(d) : 0,
		    interest)) != 0)
			return rc;
		if (story >= 75)
			rc = demo_call(d, &w, pick, story < 82 ? "Qualified" :
			    "Converted", then, 0, 0);
		if (rc == 0 && story >= 82 && d->nwon < WON_MAX)
			d->won[d->nwon++] = (struct won){ .lead = lead,
			    .rep = rep, .zone = w.zone, .day = then,
			    .at = w.last };
		return rc;
	}
	return demo_call(d, &w, pick, pick(d, 3) ? "Not interested" :
	    "Wrong number", then, 0, 0);
}

/* Lead i's place: places take turns, skipping those out of numbers. */
static struct place *
place_for(struct demo *d, int i)
{
	int k;

	for (k = 0; k < d->nplaces; k++)
		if (place_pattern(&d->places[(i + k) % d->nplaces]) >= 0)
			return &d->places[(i + k) % d->nplaces];
	return NULL;
}

static int
demo_leads(struct demo *d)
{
	struct place *p;
	struct fields f;
	int64_t id;
	int i, rep;

	int won;

	for (i = 0; i < DEMO_LEADS; i++) {
		won = d->nwon;
		if ((p = place_for(d, i)) == NULL)
			return err_set(d->err, EX_SOFTWARE, "the demo ran out "
			    "of fictional numbers");
		/* Two reps work each region; 40% of leads are theirs. */
		rep = pick(d, 100) < 40 ? (2 * region_index(d, p->region) +
		    pick(d, 2)) % REPS : -1;
		memset(&f, 0, sizeof f);
		if (lead_fields_for(d, p, &f, rep >= 0 ? d->reps[rep].login :
		    NULL) != 0 ||
		    store_lead_add(d->st, d->admin, f.ch, f.n, &id, d->err) ||
		    (rep >= 0 && demo_history(d, rep, id, p->tz) != 0))
			return d->err->status;
		if (d->nwon > won) {
			d->won[won].place = p;
			d->won[won].value = deal_value(d->name);
		}
		d->counts->leads++;
	}
	return 0;
}

static const struct {
	const char *login, *name;
	enum role role;
	int region;		/* index into the demo's regions; -1: all */
	const char *attendance, *pause;
} people[] = {
	{ "lead1", "Morgan Reyes", ROLE_LEAD, -1, "in", NULL },
	{ "rep1", "Sam Carter", ROLE_REP, 0, "in", NULL },
	{ "rep2", "Priya Nair", ROLE_REP, 0, "paused", "Lunch" },
	{ "rep3", "Diego Alvarez", ROLE_REP, 1, "in", NULL },
	{ "rep4", "Hannah Kim", ROLE_REP, 1, "out", NULL },
	{ "rep5", "Oliver Hughes", ROLE_REP, 2, "in", NULL },
	{ "rep6", "Aoife Byrne", ROLE_REP, 2, "paused", "Meeting" },
	{ "analyst1", "Ana Lyst", ROLE_ANALYST, -1, "out", NULL },
	{ "recovery1", "Rita Collins", ROLE_RECOVERY, -1, "in", NULL },
};

#define PEOPLE ((int)(sizeof people / sizeof people[0]))

/* The regions, in the order places.tsv names them. */
static int
demo_regions(struct demo *d, char names[][40], int max)
{
	int i, n = 0;
	int64_t id;

	for (i = 0; i < d->nplaces && n < max; i++) {
		if (n > 0 && strcmp(names[n - 1], d->places[i].region) == 0)
			continue;
		snprintf(names[n], sizeof names[0], "%s", d->places[i].region);
		if (store_region_add(d->st, d->admin, names[n],
		    d->places[i].country, &id, d->err) != 0)
			return -1;
		n++;
	}
	d->counts->regions = n;
	return 0;
}

static int
demo_people(struct demo *d)
{
	char regions[8][40], phone[24], ext[12];
	struct user_spec u;
	struct actor a;
	int64_t id;
	int i;

	if (demo_regions(d, regions, 8) != 0)
		return d->err->status;
	for (i = 0; i < PEOPLE; i++) {
		snprintf(phone, sizeof phone, "+1415555%04d", 150 + i);
		snprintf(ext, sizeof ext, "%d", 201 + i);
		u = (struct user_spec){ people[i].login, people[i].name,
		    people[i].role, people[i].role == ROLE_ANALYST ? NULL :
		    "Floor A", phone, ext,
		    people[i].region < 0 ? NULL : regions[people[i].region],
		    NULL };
		if (store_user_add(d->st, d->admin, &u, &id, d->err) != 0 ||
		    store_user_actor(d->st, u.login, &a, d->err) != 0)
			return d->err->status;
		a.real_id = d->admin->real_id;
		snprintf(a.real_login, sizeof a.real_login, "%s",
		    d->admin->real_login);
		if (people[i].role == ROLE_REP)
			d->reps[i - 1] = a;
		if (people[i].role == ROLE_RECOVERY)
			d->recovery = a;
		d->counts->users++;
	}
	return 0;
}

/* The time zone of region n: that of its first place. */
static const char *
region_tz(const struct demo *d, int n)
{
	int i;

	for (i = 0; i < d->nplaces; i++)
		if (region_index(d, d->places[i].region) == n)
			return d->places[i].tz;
	return d->places[0].tz;
}

static int
attendance_at(struct demo *d, int64_t user, enum attendance state,
    const char *reason, time_t at)
{
	return store_attendance_record(d->st, d->admin, user, state, reason,
	    at, d->err);
}

/*
 * A pause from start, back in at most limit minutes; one in eight runs
 * over (Lunch to 75 minutes, a Short break to 18), for the reports to mark.
 */
static int
demo_pause(struct demo *d, int64_t user, const char *reason, time_t start,
    int limit)
{
	int minutes = hpick(d, 8) == 0 ? limit + 1 + hpick(d, limit / 4) :
	    limit * 2 / 3 + hpick(d, limit / 3);

	if (attendance_at(d, user, ATT_PAUSED, reason, start) != 0 ||
	    attendance_at(d, user, ATT_IN, NULL, start + minutes * 60 +
	    hpick(d, 60)) != 0)
		return d->err->status;
	return 0;
}

/*
 * A rep's working day from its midnight: in about 9:00, a short break
 * mid-morning, lunch, some days a second break, out about 17:30.
 */
static int
demo_day(struct demo *d, int64_t user, time_t day)
{
	if (attendance_at(d, user, ATT_IN, NULL, day + 8 * 3600 + 45 * 60 +
	    hpick(d, 30 * 60)) != 0 ||
	    demo_pause(d, user, "Short break", day + 10 * 3600 + 15 * 60 +
	    hpick(d, 45 * 60), 15) != 0 ||
	    demo_pause(d, user, "Lunch", day + 12 * 3600 + hpick(d, 3600),
	    60) != 0 ||
	    (hpick(d, 2) && demo_pause(d, user, "Short break", day + 15 * 3600 +
	    hpick(d, 45 * 60), 15) != 0) ||
	    attendance_at(d, user, ATT_OUT, NULL, day + 17 * 3600 + 20 * 60 +
	    hpick(d, 20 * 60)) != 0)
		return d->err->status;
	return 0;
}

/*
 * The reps' last 30 days: each working day in the zone of the rep's
 * region, but for one day in twenty or so off.
 */
static int
demo_days(struct demo *d)
{
	const struct zone_days *z;
	int i, k;

	for (i = 0; i < PEOPLE; i++) {
		if (people[i].role != ROLE_REP)
			continue;
		z = zone_days(d, region_tz(d, people[i].region));
		for (k = DAYS - 1; k > 0; k--)
			if (z->workday[k] && hpick(d, 20) != 0 &&
			    demo_day(d, d->reps[i - 1].id, z->midnight[k]) != 0)
				return d->err->status;
	}
	return 0;
}

/* Attendance last, so the floor looks as it would mid-morning. */
static int
demo_attendance(struct demo *d)
{
	struct actor a;
	int i, read;

	for (i = 0; i < PEOPLE; i++) {
		enum attendance state = people[i].attendance[0] == 'i' ? ATT_IN :
		    people[i].attendance[0] == 'p' ? ATT_PAUSED : ATT_OUT;

		if (store_user_actor(d->st, people[i].login, &a, d->err) != 0)
			return d->err->status;
		a.real_id = d->admin->real_id;
		snprintf(a.real_login, sizeof a.real_login, "%s",
		    d->admin->real_login);
		if (state != ATT_OUT && store_attendance_set(d->st, &a, ATT_IN,
		    NULL, d->err) != 0)
			return d->err->status;
		if (state == ATT_PAUSED && store_attendance_set(d->st, &a,
		    ATT_PAUSED, people[i].pause, d->err) != 0)
			return d->err->status;
		/* The history was heard of long ago: only what comes is new. */
		if (store_notify_read(d->st, &a, 0, &read, d->err) != 0)
			return d->err->status;
	}
	return 0;
}

/*
 * The store's clock, set to when an after-sale event happened, so that
 * it is dated then and judged as of then (a promise given last week for
 * a day since passed). A binary that may not trust CALLQ_NOW (setgid)
 * keeps its own clock: returns whether the clock moved, and the demo
 * then leaves the collections out.
 */
static int
demo_at(time_t t)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)t);
	setenv("CALLQ_NOW", buf, 1);
	return store_now() == t;
}

/* The clock as the demo found it. */
static void
demo_clock_back(const struct demo *d)
{
	if (d->clock[0] != '\0')
		setenv("CALLQ_NOW", d->clock, 1);
	else
		unsetenv("CALLQ_NOW");
}

/*
 * A moment of working day k (days before today, at most the day it was
 * won) in the customer's hours, after the call that won it.
 */
static time_t
after_sale_time(struct demo *d, const struct won *w, int k)
{
	time_t t;

	while (k > 1 && !w->zone->workday[k])
		k--;
	t = w->zone->midnight[k] + (10 + hpick(d, 6)) * 3600 + hpick(d, 3600);
	return t > w->at ? t : w->at + 1800 + hpick(d, 3600);
}

/* The deal the Converted call won, with its plan, made when it was won. */
static int
demo_deal(struct demo *d, struct won *w)
{
	static const int plans[] = { 1, 1, 1, 3, 3, 3, 3, 6, 6, 12 };
	static const char *const products[] = { "Standard plan",
	    "Premium plan" };
	static const char *const reasons[] = { "Price", "Features",
	    "Relationship", "Timing" };
	struct deal_spec spec;

	memset(&spec, 0, sizeof spec);
	spec.amount_cents = (int64_t)w->value * 100;
	spec.plan.n = plans[pick(d, 10)];
	spec.product = spec.plan.n == 1 ? "One-off service" :
	    products[pick(d, 2)];
	spec.won_reason = reasons[pick(d, 4)];
	day_of(w->at, spec.close_on);
	demo_at(w->at + 120);
	return store_deal_add(d->st, &d->reps[w->rep], w->lead, &spec,
	    &w->deal, d->err);
}

/* A collection call of the recovery agent on w's deal, at t. */
static int
demo_collect(struct demo *d, const struct won *w, enum outcome o,
    int64_t cents, const char *day, time_t t)
{
	static const char *const methods[] = { "Bank transfer", "Card",
	    "Card", "Cash", "Cheque" };
	static const char *const notes[] = { NULL, "Spoke to the owner",
	    "Paid over the phone", "Asked for the invoice again" };
	char ref[24];
	struct collect_log log;
	struct collect_result res;

	memset(&log, 0, sizeof log);
	log.deal = w->deal;
	log.outcome = o;
	log.amount_cents = cents;
	snprintf(log.day, sizeof log.day, "%s", day);
	log.started_at = t;
	log.duration_s = o == OUT_NO_ANSWER ? 0 : 40 + hpick(d, 400);
	log.note = notes[hpick(d, 4)];
	if (outcome_takes_payment(o)) {
		log.method = methods[hpick(d, 5)];
		snprintf(ref, sizeof ref, "INV-%05lld", (long long)w->deal * 7 +
		    hpick(d, 7));
		log.reference = ref;
	}
	demo_at(t);
	return store_collect_log(d->st, &d->recovery, &log, &res, d->err);
}

/* The first installment's amount, from a deal as store_deal_get gives it. */
static int
demo_first_due(const struct deal *deal, void *arg)
{
	if (deal->ninstallments > 0)
		*(int64_t *)arg = deal->installments[0].amount_cents;
	return 0;
}

/*
 * What the recovery agent has done on a deal since it was won: paid its
 * first installment, part of it, all of it, a promise ahead, a promise
 * kept, or nothing yet (its first installment is overdue then).
 */
static int
demo_collection(struct demo *d, const struct won *w, int *broken)
{
	int n = pick(d, 20), k = w->day;
	int64_t first = money_share((int64_t)w->value * 100, 1, 0);
	int64_t cents;
	char day[DAY_SIZE];
	time_t t;

	if (store_deal_get(d->st, d->admin, w->deal, 0, demo_first_due,
	    &first, d->err) != 0)
		return d->err->status;
	if (n < 6 || (n < 9 && k < 2)) {	/* the first installment, paid */
		t = after_sale_time(d, w, k - hpick(d, k < 4 ? k : 4));
		day_of(t, day);
		return demo_collect(d, w, OUT_PAID, first, day, t);
	}
	if (n < 9) {				/* a part of it */
		t = after_sale_time(d, w, 1 + hpick(d, k - 1));
		day_of(t, day);
		cents = first * (2 + pick(d, 5)) / 10;
		return demo_collect(d, w, OUT_PARTIAL, cents, day, t);
	}
	if (n == 9) {				/* the whole deal at once */
		t = after_sale_time(d, w, k);
		day_of(t, day);
		return demo_collect(d, w, OUT_PAID, (int64_t)w->value * 100,
		    day, t);
	}
	if (n < 12) {		/* a promise of the first, in the days ahead */
		t = after_sale_time(d, w, 1);
		if (day_parse("+3d", d->now - pick(d, 2) * 86400, day) != 0)
			return 0;
		return demo_collect(d, w, OUT_PROMISE, first, day, t);
	}
	if (n < 14 && k >= 6) {	/* a promise, then the payment by its day */
		t = after_sale_time(d, w, k - 1);
		day_of(t + 2 * 86400, day);
		if (demo_collect(d, w, OUT_PROMISE, first, day, t) != 0)
			return d->err->status;
		t += 86400 + hpick(d, 7200);
		day_of(t, day);
		return demo_collect(d, w, OUT_PAID, first, day, t);
	}
	/* One promise whose day has passed with nothing paid: broken. */
	if (n < 16 && k >= 4 && !*broken) {
		t = w->zone->midnight[4] + 11 * 3600;
		if (t <= w->at)
			t = w->at + 3600;
		day_of(t + 86400, day);
		*broken = 1;
		return demo_collect(d, w, OUT_PROMISE, first / 2, day, t);
	}
	if (n < 17) {
		t = after_sale_time(d, w, 1);
		return demo_collect(d, w, OUT_NO_ANSWER, 0, "", t);
	}
	return 0;
}

/* A few of the customers' people: the owner, a manager, reception. */
static int
demo_contact(struct demo *d, struct won *w, int i)
{
	static const char *const roles[] = { "owner", "manager",
	    "reception" };
	char name[100], phone[40], email[120];
	const char *first = d->first.w[pick(d, d->first.n)];
	const char *last = d->last.w[pick(d, d->last.n)];
	struct contact_spec c;
	int64_t id;
	size_t k;

	snprintf(name, sizeof name, "%s %s", first, last);
	snprintf(email, sizeof email, "%s.%s@example.com", first, last);
	for (k = 0; email[k] != '\0'; k++)
		email[k] = email[k] == ' ' ? '-' :
		    (char)tolower((unsigned char)email[k]);
	memset(&c, 0, sizeof c);
	c.name = name;
	c.role = roles[i % 3];
	c.email = i % 3 == 2 ? NULL : email;
	c.dnc = i == 4;		/* one asked not to be called */
	c.opt_in = i % 2 == 0;
	if (i % 3 != 2 && place_pattern(w->place) >= 0) {
		strcpy(phone, "mobile:");
		place_phone(w->place, phone + 7, sizeof phone - 7);
		c.phones[c.nphones++] = phone;
	}
	return store_contact_add(d->st, d->admin, w->lead, &c, &id, d->err);
}

/*
 * After the sale: a deal on each lead the history converted, three in
 * four of them given to the recovery agent, who has collected some,
 * part or none of what is due, taken promises (one since broken); the
 * rest wait to be assigned. A few customers have their people as
 * contacts. Each event happens at its own time in the history.
 */
static int
demo_after_sale(struct demo *d)
{
	int i, broken = 0, rc = 0;
	/* A clock that stays at now could not date the collections. */
	int history = demo_at(d->now - 60);
	struct won *w;

	for (i = 0; i < d->nwon && rc == 0; i++) {
		w = &d->won[i];
		if ((rc = demo_deal(d, w)) != 0)
			break;
		w->assigned = pick(d, 4) != 0;
		demo_at(w->at + 7200);
		if (w->assigned && (rc = store_collect_assign(d->st, d->admin,
		    &w->deal, 1, d->recovery.login, &(int){ 0 }, d->err)) != 0)
			break;
		if (w->assigned && history)
			rc = demo_collection(d, w, &broken);
	}
	demo_clock_back(d);
	for (i = 0; i < d->nwon && i < 6 && rc == 0; i++)
		rc = demo_contact(d, &d->won[i], i);
	return rc;
}

static int
demo_tx(struct store *st, void *arg, struct err *err)
{
	struct demo *d = arg;
	int i;

	/* A retried transaction must hand out the same numbers again. */
	d->rng = 20261122;
	d->hrng = 20261123;
	for (i = 0; i < d->nplaces; i++)
		memset(d->places[i].used, 0, sizeof d->places[i].used);
	memset(d->counts, 0, sizeof *d->counts);
	d->nwon = 0;
	/* Every table but the settings grows from empty in here. */
	if (store_tx_plans_fresh(st, err) != 0)
		return err->status;
	if (demo_people(d) != 0 || demo_days(d) != 0 || demo_leads(d) != 0 ||
	    demo_after_sale(d) != 0 || demo_attendance(d) != 0)
		return d->err->status;
	return 0;
}

int
demo_build(struct store *st, const struct actor *admin,
    struct demo_counts *counts, struct err *err)
{
	struct demo *d = calloc(1, sizeof *d);
	int rc;

	if (d == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	d->st = st;
	d->admin = admin;
	d->err = err;
	d->counts = counts;
	d->now = store_now();
	if (getenv("CALLQ_NOW") != NULL)
		snprintf(d->clock, sizeof d->clock, "%s", getenv("CALLQ_NOW"));
	if ((rc = demo_load(d)) == 0)
		rc = store_tx(st, demo_tx, d, err);
	free(d);
	return rc;
}
