/*
 * Calling hours: a lead may be called only when the present moment is
 * inside the window in every zone it may be in (the strictest wins).
 * Windows are 08:00-21:00 unless settings say otherwise for a country
 * ("US") or a state or province ("US-FL").
 */
#ifndef CALLQ_HOURS_H
#define CALLQ_HOURS_H

#include <stddef.h>
#include <time.h>

/* Minutes after local midnight: open <= t < close. */
struct hours_window {
	short open, close;
};

#define HOURS_RULES_MAX 128

/* The windows in force: key "" is the default, then "CC", then "CC-ST". */
struct hours_rules {
	int n;
	struct hours_rule {
		char                key[12];
		struct hours_window w;
	} rule[HOURS_RULES_MAX];
};

enum hours_verdict {
	HOURS_OPEN,
	HOURS_CLOSED,	/* outside the window in at least one zone */
	HOURS_NO_ZONE,	/* no zone known for the lead or its country */
};

/* Seconds east of UTC in zone (an IANA name) at the moment at. */
long hours_offset(const char *zone, time_t at);

/* "08:00-21:00"; -1 when text is not such a window. */
int hours_parse(const char *text, struct hours_window *w);

/*
 * Nonzero when now (in the floor's own time zone, TZ) is outside the
 * working hours w, with the sentence that says so in why.
 */
int hours_outside_work(const struct hours_window *w, time_t now, char *why,
    size_t size);

/* The built-in windows: 08:00-21:00 everywhere, Florida 08:00-20:00. */
void hours_rules_default(struct hours_rules *r);

/*
 * Sets the window for key ("", "US" or "US-FL", any case); -1 when the key
 * or the window is malformed or the table is full.
 */
int hours_rules_set(struct hours_rules *r, const char *key, const char *text);

/*
 * The window for a lead of country (alpha-2) in state (a code or a name,
 * as its address gives it); either may be NULL or "".
 */
struct hours_window hours_window_for(const struct hours_rules *r,
    const char *country, const char *state);

/*
 * Whether a lead in zones (IANA names, space-separated; NULL or "" when
 * unknown, then its country's zones count) may be called at now. When
 * closed, *opens (if not NULL) is the next time it may be, or 0 when none
 * within two days.
 */
enum hours_verdict hours_check(const struct hours_rules *r, const char *zones,
    const char *country, const char *state, time_t now, time_t *opens);

/*
 * The lead's local wall clock at now in the first of its zones: "14:05",
 * with "+" after it when its zones disagree; "" when none is known.
 */
void hours_local_clock(const char *zones, const char *country, time_t now,
    char *buf, size_t size);

/*
 * Whether a call may be made at the moment at (a follow-up's time, say),
 * with the offsets in force then. When closed, *nearest is the nearest
 * moment that is open: the next opening, or, when the hours closed less
 * time before at, the last moment (no earlier than not_before) that
 * still leaves grace seconds inside them; 0 when none is within two days.
 */
enum hours_verdict hours_check_at(const struct hours_rules *r,
    const char *zones, const char *country, const char *state, time_t at,
    time_t not_before, int grace, time_t *nearest);

/*
 * The lead's wall clock at the moment at and the city of its first
 * zone: "15:00 London", "Mon 21:30 New York" when its day is not the
 * viewer's, with " or other" after it when its zones disagree; "" when
 * none is known.
 */
void hours_clock_at(const char *zones, const char *country, time_t at,
    char *buf, size_t size);

/*
 * A follow-up's time as the rep and the lead each read it: "Thu 10:00
 * (15:00 London)"; a date instead of the weekday beyond six days of now,
 * and the rep's time alone when the lead's zone is unknown.
 */
void hours_when_both(time_t t, time_t now, const char *zones,
    const char *country, char *buf, size_t size);

/*
 * when_parse, or, for a WHEN ending in "there" ("tue 10:00 there"), the
 * same read in the lead's own time: its first zone, else its country's.
 * Returns 0 and sets *out, or -1.
 */
int hours_when_parse(const char *text, time_t now, const char *zones,
    const char *country, time_t *out);

#endif
