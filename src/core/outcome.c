/*
 * A collection call's outcomes: a fixed set (not a settings list), as
 * each one records something of its own: a promise, a payment.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "callq/collect.h"

static const struct {
	const char *key, *title;
	unsigned    payment : 1, promise : 1, reached : 1;
} outcomes[OUT_COUNT] = {
	[OUT_PROMISE] = { "promise", "Promise to pay", 0, 1, 1 },
	[OUT_PAID] = { "paid", "Paid", 1, 0, 1 },
	[OUT_PARTIAL] = { "partial", "Partial payment", 1, 0, 1 },
	[OUT_DISPUTE] = { "dispute", "Dispute", 0, 0, 1 },
	[OUT_NO_ANSWER] = { "no-answer", "No answer", 0, 0, 0 },
	[OUT_WRONG_NUMBER] = { "wrong-number", "Wrong number", 0, 0, 0 },
};

static const char *const why_names[WHY_COUNT] = {
	[WHY_BROKEN] = "BROKEN", [WHY_OVERDUE] = "OVERDUE",
	[WHY_DUE_TODAY] = "DUE TODAY", [WHY_PROMISE_DUE] = "PROMISED",
};

static int
valid(enum outcome o)
{
	return (int)o >= 0 && o < OUT_COUNT;
}

const char *
outcome_key(enum outcome o)
{
	return valid(o) ? outcomes[o].key : "";
}

const char *
outcome_title(enum outcome o)
{
	return valid(o) ? outcomes[o].title : "";
}

/* The key with '-', '_' and ' ' alike: "no answer", "No_Answer". */
static int
key_matches(const char *key, const char *text)
{
	for (; *key != '\0' && *text != '\0'; key++, text++) {
		if (*key == '-' && (*text == '_' || *text == ' '))
			continue;
		if (tolower((unsigned char)*key) !=
		    tolower((unsigned char)*text))
			return 0;
	}
	return *key == '\0' && *text == '\0';
}

int
outcome_parse(const char *text)
{
	int o;

	if (text == NULL)
		return -1;
	if (text[0] >= '1' && text[0] < '1' + OUT_COUNT && text[1] == '\0')
		return text[0] - '1';
	for (o = 0; o < OUT_COUNT; o++)
		if (key_matches(outcomes[o].key, text) ||
		    strcasecmp(outcomes[o].title, text) == 0)
			return o;
	return -1;
}

int
outcome_takes_payment(enum outcome o)
{
	return valid(o) && outcomes[o].payment;
}

int
outcome_takes_promise(enum outcome o)
{
	return valid(o) && outcomes[o].promise;
}

int
outcome_reached(enum outcome o)
{
	return valid(o) && outcomes[o].reached;
}

const char *
collect_why_name(enum collect_why w)
{
	return (int)w >= 0 && w < WHY_COUNT ? why_names[w] : "";
}
