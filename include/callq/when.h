/* Time expressions: the WHEN grammar, due states and labels, in local time. */
#ifndef CALLQ_WHEN_H
#define CALLQ_WHEN_H

#include <stddef.h>
#include <time.h>

/* What a refused WHEN is told. */
#define WHEN_EXAMPLES \
	"'2026-12-01 14:30', '14:30', '3pm', 'noon', 'tomorrow 3:30pm', " \
	"'mon 09:30' or '+2h'"

/* Minutes a follow-up may run late before it counts as missed. */
#define WHEN_GRACE_MINUTES 15

/*
 * Parses text relative to now: YYYY-MM-DD [TIME], TIME (today, or
 * tomorrow when already past), today TIME, tomorrow [TIME], a weekday
 * name [TIME] (its next occurrence), +Nm, +Nh, +Nd, +Nw, now. TIME is
 * HH:MM, 3pm, 3:30pm, noon or midnight. A day with no time means 09:00.
 * Returns 0 and sets *out, or -1.
 */
int when_parse(const char *text, time_t now, time_t *out);

/*
 * The local day a WHEN (or "today", "yesterday") falls on: from its midnight to the
 * next. Returns 0, or -1 when text is not a WHEN.
 */
int when_day(const char *text, time_t now, time_t *from, time_t *to);

/* Local midnight of the day holding t: where "today" starts. */
time_t when_day_start(time_t t);

enum due_state { DUE_MISSED, DUE_NOW, DUE_TODAY, DUE_LATER };

enum due_state when_due_state(time_t due, time_t now);

/* "Missed", "Today 14:30", "Tomorrow 09:00", "Tue 09:30", "2026-12-01". */
void when_label(time_t due, time_t now, char *buf, size_t size);

/*
 * When something happened, for history rather than due dates (never
 * "Missed"): "Today 14:07", "Yesterday 09:30", "2026-11-16 14:07".
 */
void when_stamp(time_t t, time_t now, char *buf, size_t size);

/* ISO 8601 in local time with its offset: 2026-11-22T14:30:00+01:00. */
void when_iso(time_t t, char *buf, size_t size);

#endif
