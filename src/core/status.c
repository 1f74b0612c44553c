#include <ctype.h>
#include <string.h>

#include "callq/status.h"

static const char *const names[ST_COUNT] = {
	"New", "In Progress", "CNP", "Interested", "Qualified", "Converted",
	"Lost",
};

#define B(s) (1u << (s))

/*
 * New -> In Progress -> CNP (retried) / Interested (1-5) -> Qualified ->
 * Converted, or Lost. Nothing goes back to New, Converted is final, and a
 * Lost lead can only be reopened into In Progress. Staying put is allowed:
 * another CNP, a new interest level.
 */
static const unsigned flow[ST_COUNT] = {
	[ST_NEW] = B(ST_NEW) | B(ST_IN_PROGRESS) | B(ST_CNP) |
	    B(ST_INTERESTED) | B(ST_QUALIFIED) | B(ST_CONVERTED) | B(ST_LOST),
	[ST_IN_PROGRESS] = B(ST_IN_PROGRESS) | B(ST_CNP) | B(ST_INTERESTED) |
	    B(ST_QUALIFIED) | B(ST_CONVERTED) | B(ST_LOST),
	[ST_CNP] = B(ST_IN_PROGRESS) | B(ST_CNP) | B(ST_INTERESTED) |
	    B(ST_QUALIFIED) | B(ST_CONVERTED) | B(ST_LOST),
	[ST_INTERESTED] = B(ST_IN_PROGRESS) | B(ST_CNP) | B(ST_INTERESTED) |
	    B(ST_QUALIFIED) | B(ST_CONVERTED) | B(ST_LOST),
	[ST_QUALIFIED] = B(ST_CNP) | B(ST_INTERESTED) | B(ST_QUALIFIED) |
	    B(ST_CONVERTED) | B(ST_LOST),
	[ST_CONVERTED] = B(ST_CONVERTED),
	[ST_LOST] = B(ST_IN_PROGRESS) | B(ST_LOST),
};

/*
 * How far along a lead is, for the rule that no call moves it back: CNP
 * is as far as In Progress (both are being worked), and a Lost lead is
 * back at the start when a call reopens it.
 */
static const int progress[ST_COUNT] = {
	[ST_NEW] = 0, [ST_IN_PROGRESS] = 1, [ST_CNP] = 1, [ST_INTERESTED] = 2,
	[ST_QUALIFIED] = 3, [ST_CONVERTED] = 4, [ST_LOST] = 0,
};

const char *
status_name(enum status st)
{
	return names[st];
}

/* Compares ignoring case and treating ' ', '-' and '_' alike. */
static int
name_matches(const char *name, const char *text)
{
	for (; *name != '\0' && *text != '\0'; name++, text++) {
		if (*name == ' ' && (*text == '-' || *text == '_' ||
		    *text == ' '))
			continue;
		if (tolower((unsigned char)*name) !=
		    tolower((unsigned char)*text))
			return 0;
	}
	return *name == '\0' && *text == '\0';
}

int
status_parse(const char *text, enum status *st)
{
	int s;

	for (s = 0; s < ST_COUNT; s++)
		if (name_matches(names[s], text)) {
			*st = (enum status)s;
			return 0;
		}
	return -1;
}

int
status_can_move(enum status from, enum status to)
{
	return (flow[from] & B(to)) != 0;
}

enum status
status_after_call(enum status from, enum status to)
{
	if (!status_can_move(from, to) ||
	    (to != ST_LOST && progress[to] < progress[from]))
		return from;
	return to;
}
