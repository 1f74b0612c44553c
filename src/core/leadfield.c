#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "callq/leadfield.h"
#include "callq/phone.h"
#include "callq/status.h"
#include "callq/text.h"
#include "callq/when.h"

const struct lead_field lead_fields[] = {
	{ "name", "name", FT_TEXT, 0, 0, "business or person called" },
	{ "phone", "phone_raw", FT_PHONE, 0, 0, "number as given" },
	{ "country", "country", FT_COUNTRY, 0, 0, "ISO code: US, GB, ..." },
	{ "street-number", "street_number", FT_TEXT, 0, 0, "" },
	{ "street", "street", FT_TEXT, 0, 0, "" },
	{ "city", "city", FT_TEXT, 0, 0, "" },
	{ "state", "state", FT_TEXT, 0, 0, "state or province: FL, ON" },
	{ "postal-code", "postal_code", FT_TEXT, 0, 0, "" },
	{ "email", "email", FT_TEXT, 0, 0, "" },
	{ "url", "url", FT_TEXT, 0, 0, "" },
	{ "website", "has_website", FT_BOOL, 0, 1, "Y or N" },
	{ "lat", "lat", FT_REAL, -90, 90, "latitude" },
	{ "lng", "lng", FT_REAL, -180, 180, "longitude" },
	{ "timezone", "timezone", FT_TEXT, 0, 0, "IANA zones, space-separated" },
	{ "region", "region_id", FT_REGION, 0, 0, "callq region name" },
	{ "source", "source_id", FT_SOURCE, 0, 0, "lead source name" },
	{ "owner", "owner_id", FT_OWNER, 0, 0, "login, or none" },
	{ "status", "status", FT_STATUS, 0, 0, "New, In Progress, CNP, ..." },
	{ "interest", "interest", FT_INT, 1, 5, "1 (cold) to 5 (hot)" },
	{ "drop-reason", "drop_reason_id", FT_DROP, 0, 0, "why it was lost" },
	{ "priority", "priority", FT_INT, 0, 9, "0 to 9, 9 most urgent" },
	{ "due", "due_at", FT_TIME, 0, 0, "WHEN it should be called by" },
	{ "value", "value_cents", FT_MONEY, 0, 0, "deal value: 1234.50" },
};

_Static_assert(sizeof lead_fields / sizeof lead_fields[0] == LEAD_FIELD_COUNT,
    "LEAD_FIELD_COUNT must count the entries of lead_fields");

const struct lead_field *
lead_field_find(const char *name)
{
	size_t i;

	for (i = 0; i < LEAD_FIELD_COUNT; i++)
		if (strcmp(lead_fields[i].name, name) == 0)
			return &lead_fields[i];
	return NULL;
}

static int
parse_number(const struct lead_field *f, const char *v,
    struct lead_change *c, struct err *err)
{
	char *end;

	if (f->type == FT_INT) {
		c->num = strtoll(v, &end, 10);
		if (end != v && *end == '\0' && c->num >= f->min &&
		    c->num <= f->max)
			return 0;
		return err_set(err, EX_DATAERR, "--%s must be a whole number "
		    "from %ld to %ld, not '%s'", f->name, f->min, f->max, v);
	}
	c->real = strtod(v, &end);
	if (end != v && *end == '\0' && isfinite(c->real) &&
	    c->real >= f->min && c->real <= f->max)
		return 0;
	return err_set(err, EX_DATAERR, "--%s must be a number from %ld to %ld,"
	    " not '%s'", f->name, f->min, f->max, v);
}

/* "1234", "1234.5", "1234.50" -> cents; no sign, at most two decimals. */
static int
parse_money(const struct lead_field *f, const char *v,
    struct lead_change *c, struct err *err)
{
	const char *p = v;
	long long units = 0;
	int cents = 0, digits = 0;

	while (isdigit((unsigned char)*p) && units < 100000000000LL)
		units = units * 10 + (*p++ - '0');
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p) && digits < 2; digits++)
			cents = cents * 10 + (*p++ - '0');
	if (p == v || *p != '\0' || !isdigit((unsigned char)v[0]))
		return err_set(err, EX_DATAERR, "--%s must be an amount such as"
		    " 1234.50, not '%s'", f->name, v);
	c->num = units * 100 + (digits == 1 ? cents * 10 : cents);
	return 0;
}

static int
parse_typed(const struct lead_field *f, const char *v, time_t now,
    struct lead_change *c, struct err *err)
{
	time_t t;
	enum status st;

	switch (f->type) {
	case FT_INT:
	case FT_REAL:
		return parse_number(f, v, c, err);
	case FT_MONEY:
		return parse_money(f, v, c, err);
	case FT_BOOL:
		if (strcasecmp(v, "y") == 0 || strcasecmp(v, "yes") == 0)
			return c->num = 1, 0;
		if (strcasecmp(v, "n") == 0 || strcasecmp(v, "no") == 0)
			return c->num = 0, 0;
		return err_set(err, EX_DATAERR, "--%s takes Y or N, not '%s'",
		    f->name, v);
	case FT_TIME:
		if (when_parse(v, now, &t) != 0)
			return err_set(err, EX_DATAERR, "--%s: cannot read "
			    "'%s' as a time; try " WHEN_EXAMPLES, f->name, v);
		return c->num = (long long)t, 0;
	case FT_STATUS:
		if (status_parse(v, &st) != 0)
			return err_set(err, EX_DATAERR, "no status '%s'; the "
			    "statuses are New, In Progress, CNP, Interested, "
			    "Qualified, Converted and Lost", v);
		return c->num = st, 0;
	case FT_COUNTRY:
		c->code[0] = (char)toupper((unsigned char)v[0]);
		c->code[1] = c->code[0] ? (char)toupper((unsigned char)v[1]) : 0;
		if (strlen(v) != 2 || !phone_region_known(c->code))
			return err_set(err, EX_DATAERR, "--%s takes a two-"
			    "letter ISO country code such as US or GB, not "
			    "'%s'", f->name, v);
		return 0;
	default:
		return 0;
	}
}

int
lead_change_parse(const struct lead_field *f, const char *value, time_t now,
    struct lead_change *c, struct err *err)
{
	const char *end;
	char what[40];

	memset(c, 0, sizeof *c);
	c->field = f;
	while (isspace((unsigned char)*value))
		value++;
	end = value + strlen(value);
	while (end > value && isspace((unsigned char)end[-1]))
		end--;
	c->text = value;
	c->len = (size_t)(end - value);
	if (c->len > LEAD_TEXT_MAX)
		return err_set(err, EX_DATAERR, "--%s is longer than %d bytes",
		    f->name, LEAD_TEXT_MAX);
	snprintf(what, sizeof what, "--%s", f->name);
	if (text_check(value, what, err) != 0)
		return err->status;
	if (c->len == 0 || (f->type == FT_OWNER && c->len == 4 &&
	    strncasecmp(value, "none", 4) == 0)) {
		c->is_null = 1;
		return 0;
	}
	if (f->type == FT_TEXT || f->type == FT_PHONE || f->type >= FT_OWNER)
		return 0;
	/* Typed values are short; parse a NUL-terminated copy of the span. */
	char buf[64];
	if (c->len >= sizeof buf)
		return err_set(err, EX_DATAERR, "--%s: '%.40s...' is too long",
		    f->name, value);
	memcpy(buf, value, c->len);
	buf[c->len] = '\0';
	return parse_typed(f, buf, now, c, err);
}
