/*
 * The editable fields of a lead: one table that the CLI's options, the
 * store's edits and the help text all read, so a field is described once.
 */
#ifndef CALLQ_LEADFIELD_H
#define CALLQ_LEADFIELD_H

#include <stddef.h>
#include <time.h>

#include "callq/err.h"

enum field_type {
	FT_TEXT,	/* free text, clean UTF-8, at most LEAD_TEXT_MAX bytes */
	FT_PHONE,	/* raw text, normalized to E.164 by the store */
	FT_COUNTRY,	/* ISO 3166-1 alpha-2 */
	FT_INT,		/* whole number in [min, max] */
	FT_BOOL,	/* Y/N */
	FT_TIME,	/* a WHEN expression */
	FT_REAL,	/* decimal in [min, max] */
	FT_MONEY,	/* 1234.50 -> 123450 cents */
	FT_STATUS,	/* a status name */
	FT_OWNER,	/* a callq login, or "none" */
	FT_REGION,	/* a region name */
	FT_SOURCE,	/* a lead source name */
	FT_DROP,	/* a drop reason name */
};

#define LEAD_TEXT_MAX 4096

struct lead_field {
	const char *name;	/* option name: "postal-code" */
	const char *column;	/* leads column: "postal_code" */
	enum field_type type;
	long min, max;
	const char *help;
};

/* How many fields lead_fields holds (checked where it is defined). */
#define LEAD_FIELD_COUNT 23

extern const struct lead_field lead_fields[];

const struct lead_field *lead_field_find(const char *name);

/* One field's new value, checked against its type. */
struct lead_change {
	const struct lead_field *field;
	int is_null;		/* the value clears the field */
	const char *text;	/* the text, trimmed: text[0..len) */
	size_t len;
	char code[4];		/* COUNTRY, upper-cased */
	long long num;		/* INT, BOOL, TIME, MONEY, STATUS */
	double real;		/* REAL */
};

/*
 * Checks value for field, relative to now for times. text keeps pointing
 * into value. Returns 0, or EX_DATAERR with a sentence in err.
 */
int lead_change_parse(const struct lead_field *field, const char *value,
    time_t now, struct lead_change *out, struct err *err);

#endif
