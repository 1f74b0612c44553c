#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "callq/clock.h"
#include "callq/country.h"
#include "callq/csvin.h"
#include "callq/err.h"
#include "callq/import.h"
#include "callq/numset.h"
#include "callq/phonepool.h"
#include "callq/plural.h"
#include "callq/priv.h"
#include "callq/rejects.h"
#include "callq/seen.h"
#include "callq/sha256.h"
#include "callq/text.h"
#include "callq/zone.h"

/*
 * Rows per chunk: each chunk is one transaction, short enough (tens of
 * milliseconds) that a rep's quick-log never waits long behind it.
 */
#define CHUNK_ROWS 4096
/*
 * The fewest rows a chunk sized by time (o->tx_target) shrinks to: each
 * commit writes the indexes' last pages again, which smaller chunks
 * would pay for more than for their rows.
 */
#define CHUNK_ROWS_MIN 512
/* ... and a chunk of long rows ends sooner, so memory stays bounded. */
#define CHUNK_BYTES (4 * 1024 * 1024)
/*
 * The page cache while importing: a million leads' indexes (number,
 * search keys, trigrams) are written all over; with their pages at hand
 * a chunk's commit writes them instead of reading them first.
 */
#define IMPORT_CACHE_MIB 64

static const struct {
	const char *map;	/* the --map name */
	const char *header;	/* the default header */
} fields[IMPORT_FIELDS] = {
	[IMPORT_NAME] = { "name", "Name" },
	[IMPORT_PHONE] = { "phone", "Formatted phone number" },
	[IMPORT_STREET_NUMBER] = { "street_number", "Street number" },
	[IMPORT_STREET] = { "street", "Street" },
	[IMPORT_CITY] = { "city", "City" },
	[IMPORT_REGION] = { "region", "Region" },
	[IMPORT_POSTAL_CODE] = { "postal_code", "Postal code" },
	[IMPORT_COUNTRY] = { "country", "Country" },
	[IMPORT_URL] = { "url", "Url" },
	[IMPORT_WEBSITE] = { "website", "Website present (Y/N)" },
	[IMPORT_LAT] = { "lat", "Lat" },
	[IMPORT_LNG] = { "lng", "Lng" },
	[IMPORT_CONTACT_NAME] = { "contact_name", "Contact name" },
	[IMPORT_CONTACT_ROLE] = { "contact_role", "Contact role" },
};

int
import_field_parse(const char *name)
{
	int f;

	for (f = 0; f < IMPORT_FIELDS; f++)
		if (strcasecmp(name, fields[f].map) == 0)
			return f;
	return -1;
}

const char *
import_field_name(enum import_field f)
{
	return fields[f].map;
}

const char *
import_field_header(enum import_field f)
{
	return fields[f].header;
}

/* Where each field is in the file, and what the header said. */
struct columns {
	int     at[IMPORT_FIELDS];	/* -1: the file has no such column */
	size_t  n;
	char  **name;			/* scrubbed, for extras and messages */
	char  **raw;			/* as read, for the rejects file */
	char   *extra;			/* kept as an extra field */
	size_t *len;
};

/* One data row of a chunk: its fields live in the chunk's text. */
struct row {
	int64_t number, offset;
	size_t  first, n;		/* its fields in chunk.field */
	int     job;			/* its phone job, or -1 if rejected */
	char    country[3];		/* the Country column's region, or "" */
	char    reason[400];		/* why it is rejected, or "" */
};

/* Where each text value of a lead sits in the clean text. */
struct lead_at {
	size_t name, street_number, street, city, state, postal_code, url;
	size_t extra, phone, e164, ext, display, country;
	size_t contact_name, contact_role;
};

struct chunk {
	struct row        row[CHUNK_ROWS];
	struct lead_at    at[CHUNK_ROWS];
	struct phone_job  job[CHUNK_ROWS];
	struct batch_lead lead[CHUNK_ROWS];
	size_t            nrows, njobs;
	char             *text;		/* the rows' fields, end to end */
	size_t            used, cap;
	size_t           *off, *len;	/* each field's place in text */
	size_t            nfields, capfields;
	char             *clean;	/* the leads' values, end to end */
	size_t            cused, ccap;
};

struct import {
	struct store            *st;
	const struct actor      *who;
	const struct import_opts *o;
	struct import_result    *r;
	struct err              *err;
	struct columns           cols;
	struct chunk            *chunk[2];	/* owned: the two take turns */
	struct chunk            *fill, *sent;	/* being read; at the workers */
	struct phonepool        *pool;
	struct seen             *seen;
	struct numset           *numbers;
	struct batch_filter      filter;
	struct rejects          *rejects;
	struct batch             b;
	size_t                   rows_max;	/* rows a chunk holds now */
	int64_t                  skip;		/* rows a resume passes over */
	int64_t                  total;		/* file bytes */
	struct timespec          start;
	int                      dry_reasons;	/* shown so far in a dry run */
	int                      stopped;	/* o->stop was seen */
	int                      limited;	/* o->limit rows were read */
	int                      header_read;	/* cols holds the header */
	int                      db_failed;	/* the store refused a write */
};

static char *
chunk_field(struct chunk *c, size_t i)
{
	return c->text + c->off[i];
}

static int
chunk_grow(struct chunk *c, size_t bytes)
{
	char *t;
	size_t *o, *l, cap;

	if (c->used + bytes > c->cap) {
		cap = (c->used + bytes) * 2;
		if ((t = realloc(c->text, cap)) == NULL)
			return -1;
		c->text = t;
		c->cap = cap;
	}
	if (c->nfields == c->capfields) {
		cap = c->capfields ? c->capfields * 2 : 16384;
		if ((o = realloc(c->off, cap * sizeof *o)) == NULL)
			return -1;
		c->off = o;
		if ((l = realloc(c->len, cap * sizeof *l)) == NULL)
			return -1;
		c->len = l;
		c->capfields = cap;
	}
	return 0;
}

/* Copies a record's fields into the chunk as row; -1 out of memory. */
static int
chunk_add(struct chunk *c, const struct csvin_record *rec, struct row **row)
{
	struct row *r = &c->row[c->nrows];
	size_t i;

	r->first = c->nfields;
	r->n = rec->n;
	r->number = rec->number;
	r->offset = rec->offset;
	r->job = -1;
	r->country[0] = '\0';
	r->reason[0] = '\0';
	for (i = 0; i < rec->n; i++) {
		if (chunk_grow(c, rec->len[i] + 1) != 0)
			return -1;
		memcpy(c->text + c->used, rec->field[i], rec->len[i] + 1);
		c->off[c->nfields] = c->used;
		c->len[c->nfields++] = rec->len[i];
		c->used += rec->len[i] + 1;
	}
	c->nrows++;
	*row = r;
	return 0;
}

static void
chunk_reset(struct chunk *c)
{
	c->nrows = c->njobs = c->nfields = c->used = c->cused = 0;
}

static void
chunk_free(struct chunk *c)
{
	if (c == NULL)
		return;
	free(c->text);
	free(c->off);
	free(c->len);
	free(c->clean);
	free(c);
}

/* A row's field f (scrubbed only later), or NULL when the file lacks it. */
static const char *
row_field(struct import *im, struct chunk *c, const struct row *r,
    enum import_field f)
{
	int at = im->cols.at[f];

	return at < 0 || (size_t)at >= r->n ? NULL :
	    chunk_field(c, r->first + (size_t)at);
}

/* Text of at most 40 columns, safe to show in a reason. */
static void
shown(const char *s, char *out, size_t size)
{
	char copy[4100];
	long len;

	snprintf(copy, sizeof copy, "%s", s);
	if ((len = text_scrub(copy, strlen(copy))) < 0)
		len = 0;
	copy[len] = '\0';
	text_fit(copy, 40, 0, out, size);
}

/* The header's name for field i of a record, or its place past them. */
static void
column_name(const struct import *im, size_t i, char *out, size_t size)
{
	if (i < im->cols.n)
		snprintf(out, size, "field \"%s\"", im->cols.name[i]);
	else
		snprintf(out, size, "field %zu (past the header's %zu)", i + 1,
		    im->cols.n);
}

/* Why a record whose quotes are malformed is rejected, naming the lines. */
static void
fault_reason(const struct import *im, const struct csvin_record *rec,
    char *out, size_t size)
{
	char field[300];

	column_name(im, rec->fault_field, field, sizeof field);
	if (rec->fault == CSVIN_UNCLOSED)
		snprintf(out, size, "unclosed quote in %s on line %lld: no"
		    " closing quote before the end of the file", field,
		    (long long)rec->fault_open);
	else if (rec->fault_line == rec->fault_open)
		snprintf(out, size, "stray quote in %s on line %lld: text"
		    " follows its closing quote", field,
		    (long long)rec->fault_open);
	else
		snprintf(out, size, "stray quote in %s on line %lld: the quote"
		    " opened there closes on line %lld with text after it",
		    field, (long long)rec->fault_open,
		    (long long)rec->fault_line);
}

/*
 * Checks a row's shape and text; sets r->reason when it must go. Lengths
 * are the file's: the reader keeps only the start of a long field.
 */
static void
row_screen(struct import *im, struct chunk *c, struct row *r,
    const struct csvin_record *rec)
{
	char field[300];
	size_t i;

	if (rec->fault != CSVIN_WELL)
		fault_reason(im, rec, r->reason, sizeof r->reason);
	else if (rec->truncated)
		snprintf(r->reason, sizeof r->reason, "has more than %d fields",
		    CSVIN_COLUMNS_MAX);
	else if (r->n != im->cols.n)
		snprintf(r->reason, sizeof r->reason, "has %zu fields; the"
		    " header has %zu", r->n, im->cols.n);
	for (i = 0; i < r->n && r->reason[0] == '\0'; i++) {
		char *f = chunk_field(c, r->first + i);
		size_t len = c->len[r->first + i];

		if (rec->size[i] > IMPORT_FIELD_MAX) {
			column_name(im, i, field, sizeof field);
			snprintf(r->reason, sizeof r->reason, "%s is %zu bytes;"
			    " at most %d", field, rec->size[i],
			    IMPORT_FIELD_MAX);
		} else if (!text_is_utf8(f, len)) {
			column_name(im, i, field, sizeof field);
			snprintf(r->reason, sizeof r->reason, "%s is not UTF-8"
			    " text", field);
		}
	}
}

/*
 * The region a row's phone is read in: its Country column when that names
 * a country, else --country (or the batch's).
 */
static const char *
row_region(struct import *im, struct chunk *c, struct row *r)
{
	const char *country = row_field(im, c, r, IMPORT_COUNTRY);

	if (country != NULL && country_find(country, r->country) == 1)
		return r->country;
	r->country[0] = '\0';
	return im->b.country[0] ? im->b.country : NULL;
}

static void
row_job(struct import *im, struct chunk *c, struct row *r)
{
	const char *phone = row_field(im, c, r, IMPORT_PHONE), *region;
	struct phone_job *j;
	char trimmed[8];

	text_trim(phone ? phone : "", trimmed, sizeof trimmed);
	if (trimmed[0] == '\0') {
		snprintf(r->reason, sizeof r->reason, "empty phone");
		return;
	}
	region = row_region(im, c, r);
	j = &c->job[c->njobs];
	r->job = (int)c->njobs++;
	j->raw = phone;
	memset(j->region, 0, sizeof j->region);
	if (region != NULL)
		memcpy(j->region, region, strnlen(region, 2));
}

/* The reason a checked phone is refused, or "" when it is valid. */
static void
phone_reason(const struct phone_job *j, char *out, size_t size)
{
	char raw[170];

	shown(j->raw, raw, sizeof raw);
	switch (j->result) {
	case PHONE_CHECK_VALID:
		out[0] = '\0';
		break;
	case PHONE_CHECK_INVALID:
		if (j->region[0] != '\0')
			snprintf(out, size, "invalid phone \"%s\" for region"
			    " %s", raw, j->region);
		else
			snprintf(out, size, "invalid phone \"%s\" (read as"
			    " international, no region given)", raw);
		break;
	case PHONE_CHECK_NO_COUNTRY:
		snprintf(out, size, "phone \"%s\" has no country code and"
		    " the row no known country; give --country", raw);
		break;
	default:
		snprintf(out, size, "invalid phone \"%s\": not a phone number",
		    raw);
	}
}

#define NO_VALUE ((size_t)-1)

static int
clean_put(struct chunk *c, const char *s, size_t len, int scrub)
{
	char *grown;
	long n;

	if (c->cused + len + 1 > c->ccap) {
		size_t cap = (c->cused + len + 1) * 2;

		if ((grown = realloc(c->clean, cap)) == NULL)
			return -1;
		c->clean = grown;
		c->ccap = cap;
	}
	memcpy(c->clean + c->cused, s, len);
	/* Rows were screened for UTF-8; were one not, it would read "". */
	if ((n = scrub ? text_scrub(c->clean + c->cused, len) : (long)len) < 0)
		n = 0;
	c->clean[c->cused + (size_t)n] = '\0';
	c->cused += (size_t)n + (scrub ? 1 : 0);
	return 0;
}

/*
 * Puts field f of row r, scrubbed and trimmed, into the chunk's clean
 * text: *at is its place, or NO_VALUE when it is empty or absent.
 */
static int
clean_field(struct import *im, struct chunk *c, const struct row *r,
    enum import_field f, size_t *at)
{
	int col = im->cols.at[f];
	size_t start = c->cused, len, lead = 0;
	char *v;

	*at = NO_VALUE;
	if (col < 0 || (size_t)col >= r->n)
		return 0;
	/* By length: a NUL inside the field is a character to scrub. */
	if (clean_put(c, chunk_field(c, r->first + (size_t)col),
	    c->len[r->first + (size_t)col], 1) != 0)
		return -1;
	/* Trimmed once scrubbed, so a control character at an end goes too. */
	v = c->clean + start;
	len = strlen(v);
	while (len > 0 && v[len - 1] == ' ')
		len--;
	while (lead < len && v[lead] == ' ')
		lead++;
	memmove(v, v + lead, len - lead);
	v[len - lead] = '\0';
	c->cused = start + len - lead + 1;
	if (len == lead)
		c->cused = start;
	else
		*at = start;
	return 0;
}

/* Adds a JSON string to the clean text, unterminated. */
static int
clean_json(struct chunk *c, const char *s)
{
	char esc[8];
	int rc = clean_put(c, "\"", 1, 0);

	for (; rc == 0 && *s != '\0'; s++) {
		if (*s == '"' || *s == '\\') {
			esc[0] = '\\';
			esc[1] = *s;
			rc = clean_put(c, esc, 2, 0);
		} else if ((unsigned char)*s < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned char)*s);
			rc = clean_put(c, esc, 6, 0);
		} else
			rc = clean_put(c, s, 1, 0);
	}
	return rc == 0 ? clean_put(c, "\"", 1, 0) : rc;
}

/* Columns callq has no field for, as a JSON object; NO_VALUE if none. */
static int
clean_extra(struct import *im, struct chunk *c, const struct row *r,
    size_t *at)
{
	char value[IMPORT_FIELD_MAX + 1], trimmed[IMPORT_FIELD_MAX + 1];
	size_t i, start = c->cused, len;
	long scrubbed;
	int any = 0;

	*at = NO_VALUE;
	for (i = 0; i < r->n && i < im->cols.n; i++) {
		if (!im->cols.extra[i])
			continue;
		len = c->len[r->first + i];
		memcpy(value, chunk_field(c, r->first + i), len);
		/* Rows were screened for UTF-8; were one not, it would be "". */
		scrubbed = text_scrub(value, len);
		value[scrubbed < 0 ? 0 : scrubbed] = '\0';
		text_trim(value, trimmed, sizeof trimmed);
		if (trimmed[0] == '\0')
			continue;
		if (clean_put(c, any ? "," : "{", 1, 0) != 0 ||
		    clean_json(c, im->cols.name[i]) != 0 ||
		    clean_put(c, ":", 1, 0) != 0 ||
		    clean_json(c, trimmed) != 0)
			return -1;
		any = 1;
	}
	if (!any)
		return 0;
	*at = start;
	return clean_put(c, "}", 1, 0) || clean_put(c, "", 0, 1);
}

/* Lat and Lng, both in range, or neither (a warning when they were bad). */
static int
row_coords(struct import *im, struct chunk *c, const struct row *r,
    struct batch_lead *l)
{
	const char *lat = row_field(im, c, r, IMPORT_LAT);
	const char *lng = row_field(im, c, r, IMPORT_LNG);
	char a[64], b[64], *end_a, *end_b;

	text_trim(lat ? lat : "", a, sizeof a);
	text_trim(lng ? lng : "", b, sizeof b);
	l->has_coords = 0;
	if (a[0] == '\0' && b[0] == '\0')
		return 0;
	l->lat = strtod(a, &end_a);
	l->lng = strtod(b, &end_b);
	if (a[0] == '\0' || b[0] == '\0' || *end_a != '\0' || *end_b != '\0' ||
	    !(l->lat >= -90 && l->lat <= 90) ||
	    !(l->lng >= -180 && l->lng <= 180))
		return 1;
	l->has_coords = 1;
	return 0;
}

static int
row_website(struct import *im, struct chunk *c, const struct row *r)
{
	const char *w = row_field(im, c, r, IMPORT_WEBSITE);
	char folded[8];

	text_fold(w ? w : "", folded, sizeof folded);
	if (strcmp(folded, "y") == 0 || strcmp(folded, "yes") == 0 ||
	    strcmp(folded, "true") == 0 || strcmp(folded, "1") == 0)
		return 1;
	if (strcmp(folded, "n") == 0 || strcmp(folded, "no") == 0 ||
	    strcmp(folded, "false") == 0 || strcmp(folded, "0") == 0)
		return 0;
	return -1;
}

static const char *
clean_at(const struct chunk *c, size_t at)
{
	return at == NO_VALUE ? NULL : c->clean + at;
}

static int
clean_text(struct chunk *c, const char *s, size_t *at)
{
	*at = s[0] ? c->cused : NO_VALUE;
	return s[0] ? clean_put(c, s, strlen(s), 1) : 0;
}

/* Fills the lead of valid row r; its text goes to the clean arena. */
static int
row_lead(struct import *im, struct chunk *c, const struct row *r,
    struct batch_lead *l, struct lead_at *at)
{
	const struct phone_job *j = &c->job[r->job];
	const char *country = r->country[0] ? r->country : j->region;
	enum zone_basis basis;

	memset(l, 0, sizeof *l);
	at->phone = c->cused;
	if (clean_field(im, c, r, IMPORT_NAME, &at->name) ||
	    clean_field(im, c, r, IMPORT_STREET_NUMBER, &at->street_number) ||
	    clean_field(im, c, r, IMPORT_STREET, &at->street) ||
	    clean_field(im, c, r, IMPORT_CITY, &at->city) ||
	    clean_field(im, c, r, IMPORT_REGION, &at->state) ||
	    clean_field(im, c, r, IMPORT_POSTAL_CODE, &at->postal_code) ||
	    clean_field(im, c, r, IMPORT_URL, &at->url) ||
	    clean_field(im, c, r, IMPORT_CONTACT_NAME, &at->contact_name) ||
	    clean_field(im, c, r, IMPORT_CONTACT_ROLE, &at->contact_role) ||
	    clean_extra(im, c, r, &at->extra) ||
	    clean_field(im, c, r, IMPORT_PHONE, &at->phone) ||
	    clean_text(c, j->key.e164, &at->e164) ||
	    clean_text(c, j->key.ext, &at->ext) ||
	    clean_text(c, j->key.display, &at->display) ||
	    clean_text(c, country, &at->country))
		return -1;
	l->has_website = row_website(im, c, r);
	l->timezone = zone_find(j->key.e164, country[0] ? country : NULL,
	    row_field(im, c, r, IMPORT_REGION), &basis);
	l->tz_basis = zone_basis_name(basis);
	return row_coords(im, c, r, l);
}

/* Points the leads at their text, once the arena no longer moves. */
static void
lead_resolve(const struct chunk *c, struct batch_lead *l,
    const struct lead_at *at)
{
	l->name = clean_at(c, at->name);
	l->street_number = clean_at(c, at->street_number);
	l->street = clean_at(c, at->street);
	l->city = clean_at(c, at->city);
	l->state = clean_at(c, at->state);
	l->postal_code = clean_at(c, at->postal_code);
	l->url = clean_at(c, at->url);
	l->extra = clean_at(c, at->extra);
	l->phone_raw = clean_at(c, at->phone);
	l->e164 = clean_at(c, at->e164);
	l->ext = clean_at(c, at->ext);
	l->display = clean_at(c, at->display);
	l->country = clean_at(c, at->country);
	l->contact_name = clean_at(c, at->contact_name);
	l->contact_role = clean_at(c, at->contact_role);
}

static int
reject(struct import *im, struct chunk *c, const struct row *r,
    const char *reason)
{
	char *field[CSVIN_COLUMNS_MAX];
	size_t i;

	im->r->counts.rejected++;
	if (im->o->dry_run) {
		if (im->o->row == NULL && im->dry_reasons++ < 10)
			fprintf(stderr, "callq: row %lld: %s\n",
			    (long long)r->number, reason);
		return 0;
	}
	if (im->rejects == NULL && rejects_open(&im->rejects,
	    im->b.rejects_path, im->b.counts.rejects_bytes, im->cols.raw,
	    im->cols.len, im->cols.n, im->err) != 0)
		return im->err->status;
	for (i = 0; i < r->n; i++)
		field[i] = chunk_field(c, r->first + i);
	return rejects_write(im->rejects, field, &c->len[r->first], r->n,
	    reason, r->number, im->err);
}

static void
progress(struct import *im, int64_t offset)
{
	struct import_progress p;

	if (im->o->progress == NULL)
		return;
	p.rows = im->r->counts.read;
	p.bytes = offset;
	p.total = im->total;
	p.seconds = clock_since(&im->start);
	im->o->progress(&p, im->o->arg);
}

/*
 * The chunk's leads to the store, once the rejects file holds the chunk's
 * rejects (a resume cuts it back to the length recorded here).
 */
static int
chunk_store(struct import *im, struct chunk *c, size_t nleads)
{
	struct batch_counts *n = &im->r->counts;

	if (im->o->dry_run)
		return store_batch_check(im->st, c->lead, nleads, n,
		    &im->filter, im->err);
	if (im->rejects != NULL &&
	    rejects_sync(im->rejects, &n->rejects_bytes, im->err) != 0)
		return im->err->status;
	if (store_batch_add(im->st, im->b.id, c->lead, nleads, n,
	    &im->filter, im->err) == 0)
		return 0;
	im->db_failed = 1;
	return im->err->status;
}

static const char *
outcome_name(enum batch_outcome o)
{
	switch (o) {
	case BATCH_DUPLICATE: return "duplicate";
	case BATCH_DNC: return "do-not-call";
	default: return "new";
	}
}

/* Tells o->row of each row of a settled chunk, in file order. */
static void
rows_tell(struct import *im, struct chunk *c)
{
	char *field[CSVIN_COLUMNS_MAX];
	struct import_row out;
	const struct batch_lead *l;
	size_t i, j, k = 0;

	for (i = 0; i < c->nrows; i++) {
		const struct row *r = &c->row[i];

		memset(&out, 0, sizeof out);
		out.number = r->number;
		for (j = 0; j < r->n; j++)
			field[j] = chunk_field(c, r->first + j);
		out.field = field;
		out.len = &c->len[r->first];
		out.n = r->n;
		out.e164 = out.display = out.country = out.timezone = "";
		if (r->reason[0] != '\0') {
			out.verdict = r->reason;
		} else {
			l = &c->lead[k++];
			out.e164 = l->e164 ? l->e164 : "";
			out.display = l->display ? l->display : "";
			out.country = l->country ? l->country : "";
			out.timezone = l->timezone ? l->timezone : "";
			out.verdict = outcome_name(l->outcome);
			out.imported = l->outcome == BATCH_NEW;
		}
		im->o->row(&out, im->o->arg);
	}
}

/*
 * With o->tx_target, the rows of the chunks read from now on: scaled by
 * how long the last chunk's transaction held the write lock, growing at
 * most twice as large at a time (one quick commit may have been luck).
 */
static void
chunk_size(struct import *im)
{
	double took = store_tx_last(im->st), want;

	if (im->o->tx_target <= 0)
		return;
	want = took > 0 ? (double)im->rows_max * im->o->tx_target / took :
	    (double)CHUNK_ROWS;
	if (want > 2.0 * (double)im->rows_max)
		want = 2.0 * (double)im->rows_max;
	im->rows_max = want < CHUNK_ROWS_MIN ? CHUNK_ROWS_MIN :
	    want > CHUNK_ROWS ? CHUNK_ROWS : (size_t)want;
}

/*
 * Settles a chunk whose phones are checked: rejects to their file, the
 * rest to the store in one transaction that also records how far the
 * batch has come.
 */
static int
chunk_finish(struct import *im, struct chunk *c)
{
	struct batch_counts *n = &im->r->counts, saved = *n;
	struct import_times *t = &im->r->times;
	struct timespec t0;
	size_t i, nleads = 0;
	struct row *r;
	int rc, warn;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	c->cused = 0;
	for (i = 0; i < c->nrows; i++) {
		r = &c->row[i];
		if (r->reason[0] == '\0' && r->job >= 0)
			phone_reason(&c->job[r->job], r->reason,
			    sizeof r->reason);
		if (r->reason[0] != '\0') {
			if ((rc = reject(im, c, r, r->reason)) != 0)
				goto failed;
			continue;
		}
		if ((warn = row_lead(im, c, r, &c->lead[nleads],
		    &c->at[nleads])) < 0) {
			rc = err_set(im->err, EX_OSERR, "out of memory");
			goto failed;
		}
		n->warning += warn;
		nleads++;
	}
	for (i = 0; i < nleads; i++)
		lead_resolve(c, &c->lead[i], &c->at[i]);
	n->read += (int64_t)c->nrows;
	t->leads += clock_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = chunk_store(im, c, nleads);
	t->insert += clock_since(&t0);
	if (rc == 0 && !im->o->dry_run)
		chunk_size(im);
	if (rc == 0 && im->o->row != NULL)
		rows_tell(im, c);
	if (rc == 0)
		return 0;
failed:
	/* The batch keeps the counts of its last commit, which a resume uses. */
	*n = saved;
	return rc;
}

/* The header's names, joined for a message ("Name, Tel, City"). */
static void
header_found(const struct columns *k, char *out, size_t size)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < k->n && used + 1 < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
		    i ? ", " : "", k->name[i]);
	if (used >= size && size > 4)
		memcpy(out + size - 4, "...", 4);
}

static int
header_alloc(struct columns *k, size_t n)
{
	k->n = n;
	k->name = calloc(n ? n : 1, sizeof *k->name);
	k->raw = calloc(n ? n : 1, sizeof *k->raw);
	k->len = calloc(n ? n : 1, sizeof *k->len);
	k->extra = calloc(n ? n : 1, 1);
	return k->name && k->raw && k->len && k->extra ? 0 : -1;
}

static void
header_free(struct columns *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		free(k->name[i]);
		free(k->raw[i]);
	}
	free(k->name);
	free(k->raw);
	free(k->len);
	free(k->extra);
	memset(k, 0, sizeof *k);
}

/* Copies the header's fields; refuses a first line that is not text. */
static int
header_copy(struct import *im, const struct csvin_record *rec)
{
	struct columns *k = &im->cols;
	char trimmed[IMPORT_FIELD_MAX + 1];
	size_t i;

	if (rec->fault != CSVIN_WELL)
		return err_set(im->err, EX_DATAERR, "%s: the header line has"
		    " a %s quote in column %zu; fix the header and import it"
		    " again", im->o->path, rec->fault == CSVIN_UNCLOSED ?
		    "never closed" : "stray", rec->fault_field + 1);
	if (rec->truncated)
		return err_set(im->err, EX_DATAERR, "%s has more than %d"
		    " columns; callq reads at most %d", im->o->path,
		    CSVIN_COLUMNS_MAX, CSVIN_COLUMNS_MAX);
	if (header_alloc(k, rec->n) != 0)
		return err_set(im->err, EX_OSERR, "out of memory");
	for (i = 0; i < rec->n; i++) {
		if (!text_is_clean(rec->field[i]) ||
		    strlen(rec->field[i]) != rec->len[i] ||
		    rec->len[i] > IMPORT_FIELD_MAX)
			return err_set(im->err, EX_DATAERR, "%s is not a CSV"
			    " file: its first line is not a header of text"
			    " columns", im->o->path);
		text_trim(rec->field[i], trimmed, sizeof trimmed);
		k->len[i] = rec->len[i];
		if ((k->name[i] = strdup(trimmed)) == NULL ||
		    (k->raw[i] = malloc(rec->len[i] + 1)) == NULL)
			return err_set(im->err, EX_OSERR, "out of memory");
		memcpy(k->raw[i], rec->field[i], rec->len[i] + 1);
	}
	return 0;
}

/* The column named like header (case and blanks aside), or -1. */
static int
header_find(const struct columns *k, const char *header)
{
	char want[256], have[256];
	size_t i;

	text_fold(header, want, sizeof want);
	for (i = 0; i < k->n; i++) {
		text_fold(k->name[i], have, sizeof have);
		if (strcmp(want, have) == 0)
			return (int)i;
	}
	return -1;
}

static int
header_take(struct import *im, const struct csvin_record *rec)
{
	struct columns *k = &im->cols;
	char found[400];
	size_t i;
	int f, bad = -1;

	if (header_copy(im, rec) != 0)
		return im->err->status;
	im->header_read = 1;
	header_found(k, found, sizeof found);
	for (f = 0; f < IMPORT_FIELDS; f++) {
		const char *name = im->o->map[f] ? im->o->map[f] :
		    fields[f].header;

		/* Mapped to nothing: the field is not read, its column kept. */
		k->at[f] = name[0] == '\0' ? -1 : header_find(k, name);
		if (k->at[f] < 0 && name[0] != '\0' && im->o->map[f] != NULL &&
		    bad < 0)
			bad = f;
	}
	if (bad >= 0)
		return err_set(im->err, EX_DATAERR, "--map %s=%s: %s has no"
		    " column \"%s\"; found: %s", fields[bad].map,
		    im->o->map[bad], im->o->path, im->o->map[bad], found);
	if (k->at[IMPORT_PHONE] < 0)
		return err_set(im->err, EX_DATAERR, "%s has no phone column:"
		    " expected \"%s\" (or --map phone=HEADER); found: %s",
		    im->o->path, fields[IMPORT_PHONE].header, found);
	for (i = 0; i < k->n; i++)
		k->extra[i] = k->name[i][0] != '\0';
	for (f = 0; f < IMPORT_FIELDS; f++)
		if (k->at[f] >= 0)
			k->extra[k->at[f]] = 0;
	return 0;
}

/* The header pass: stops after the first record. */
static int
header_only(const struct csvin_record *rec, void *arg)
{
	struct import *im = arg;
	struct import_header h;
	int rc = header_take(im, rec);

	/* Told even when refused: a mapping to fix is fixed from the header. */
	if (im->o->header != NULL && im->header_read) {
		h.n = im->cols.n;
		h.name = im->cols.name;
		memcpy(h.at, im->cols.at, sizeof h.at);
		h.delimiter = rec->delimiter;
		im->o->header(&h, im->o->arg);
	}
	return rc != 0 ? im->err->status : -1;
}

/* Points a chunk's jobs at their text, once the chunk is whole. */
static void
chunk_jobs(struct import *im, struct chunk *c)
{
	struct row *r;
	size_t i;

	for (i = 0; i < c->nrows; i++) {
		r = &c->row[i];
		if (r->job < 0)
			continue;
		c->job[r->job].raw = row_field(im, c, r, IMPORT_PHONE);
	}
}

/*
 * The chunk just read goes to the workers, and the one they finished is
 * settled while they work: reading, checking and storing overlap. Each
 * role points at one of the two chunks the import owns, so a failure at
 * any step leaves nothing to lose or to free twice.
 */
static int
chunk_rotate(struct import *im)
{
	struct chunk *done = im->sent;
	struct timespec t0;
	int64_t offset;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (done != NULL && phonepool_wait(im->pool, done->job, done->njobs,
	    &im->r->times.phone, im->err) != 0)
		return im->err->status;
	im->r->times.wait += clock_since(&t0);
	im->sent = NULL;
	if (im->fill->nrows > 0) {
		chunk_jobs(im, im->fill);
		if (phonepool_send(im->pool, im->fill->job, im->fill->njobs,
		    im->err) != 0)
			return im->err->status;
		im->sent = im->fill;
		/* done, emptied below, or the one never used yet */
		im->fill = im->fill == im->chunk[0] ? im->chunk[1] :
		    im->chunk[0];
	}
	if (done != NULL) {
		offset = done->row[done->nrows - 1].offset;
		if (chunk_finish(im, done) != 0)
			return im->err->status;
		progress(im, offset);
		chunk_reset(done);
	}
	return 0;
}

static int
on_record(const struct csvin_record *rec, void *arg)
{
	struct import *im = arg;
	struct row *r;

	if (rec->number == 1)
		return 0;	/* taken by the header pass */
	if (rec->number - 1 <= im->skip)
		return 0;
	if (im->o->limit > 0 && rec->number - 1 > im->skip + im->o->limit) {
		im->limited = 1;
		return -1;
	}
	if (chunk_add(im->fill, rec, &r) != 0)
		return err_set(im->err, EX_OSERR, "out of memory");
	row_screen(im, im->fill, r, rec);
	if (r->reason[0] == '\0')
		row_job(im, im->fill, r);
	if (im->fill->nrows < im->rows_max && im->fill->used < CHUNK_BYTES)
		return 0;
	if (chunk_rotate(im) != 0)
		return im->err->status;
	if (im->o->stop != NULL && *im->o->stop) {
		im->stopped = 1;
		return -1;
	}
	return 0;
}

/* A user's file, as the user (see priv.h), never a FIFO's wait. */
static int
source_open(const char *path)
{
	int fd, saved;

	/* Not blocking: a FIFO would wait for a writer; it is refused next. */
	fd = priv_open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
	if (fd >= 0 && fcntl(fd, F_SETFL, 0) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static int
file_hash(int fd, const char *path, char hex[65], struct err *err)
{
	struct sha256 s;
	char *buf;
	ssize_t n;

	if ((buf = malloc(1 << 16)) == NULL || sha256_init(&s) != 0) {
		free(buf);
		return err_set(err, EX_OSERR, "out of memory");
	}
	while ((n = read(fd, buf, 1 << 16)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			sha256_update(&s, buf, (size_t)n);
	free(buf);
	if (n < 0 || lseek(fd, 0, SEEK_SET) != 0) {
		err_set(err, EX_IOERR, "cannot read %s: %s", path,
		    strerror(errno));
		sha256_hex(&s, hex);
		return err->status;
	}
	if (sha256_hex(&s, hex) != 0)
		return err_set(err, EX_SOFTWARE, "libcrypto could not hash %s",
		    path);
	return 0;
}

/* When process pid started (clock ticks after boot), or 0 if it is gone. */
static unsigned long long
process_start(long pid)
{
	unsigned long long start = 0;
	char path[64], stat[1024], *p;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	/* Field 22, counted from after the command name (which may hold ')'). */
	if (fgets(stat, sizeof stat, f) != NULL &&
	    (p = strrchr(stat, ')')) != NULL)
		sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u"
		    " %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &start);
	fclose(f);
	return start;
}

/* This process as host:pid:start, which no other process can share. */
static void
runner_self(char *out, size_t size)
{
	char host[64] = "";

	gethostname(host, sizeof host - 1);
	snprintf(out, size, "%s:%ld:%llu", host, (long)getpid(),
	    process_start((long)getpid()));
}

/* Nonzero when the process runner names is alive (on this host). */
static int
runner_alive(const char *runner)
{
	char host[64] = "", mine[128];
	unsigned long long want;
	long pid;

	if (sscanf(runner, "%63[^:]:%ld:%llu", host, &pid, &want) != 3)
		return 0;
	runner_self(mine, sizeof mine);
	if (strncmp(mine, host, strlen(host)) != 0 ||
	    mine[strlen(host)] != ':')
		return 1;	/* another machine's: assume the worst */
	return process_start(pid) == want;
}

/* Refuses to touch a batch that a living import is running. */
static int
batch_idle(const struct batch *b, struct err *err)
{
	if (b->state == BATCH_COMPLETE || b->state == BATCH_DISCARDED)
		return err_set(err, EX_DATAERR, "batch %lld is %s; only an"
		    " interrupted batch can be resumed or discarded",
		    (long long)b->id, batch_state_name(b->state));
	if (b->state == BATCH_RUNNING && b->runner[0] != '\0' &&
	    strcmp(b->runner, "discard") != 0 && runner_alive(b->runner))
		return err_set(err, EX_TEMPFAIL, "batch %lld is being imported"
		    " right now (%s); wait for it, or stop that import"
		    " first", (long long)b->id, b->runner);
	return 0;
}

enum batch_state
import_state(const struct batch *b)
{
	if (b->state == BATCH_RUNNING && (b->runner[0] == '\0' ||
	    (strcmp(b->runner, "discard") != 0 && !runner_alive(b->runner))))
		return BATCH_INTERRUPTED;
	return b->state;
}

static int
batch_resume(struct import *im, const char *sha, int64_t size)
{
	const struct import_opts *o = im->o;
	char runner[128];

	if (store_batch_get(im->st, o->resume, &im->b, im->err) != 0 ||
	    batch_idle(&im->b, im->err) != 0)
		return im->err->status;
	/* Half its leads may be gone: only the discard can go on. */
	if (strcmp(im->b.runner, "discard") == 0)
		return err_set(im->err, EX_DATAERR, "batch %lld was being"
		    " discarded; finish that with: callq import --discard %lld",
		    (long long)o->resume, (long long)o->resume);
	if (im->b.file_size != size || strcmp(im->b.sha256, sha) != 0)
		return err_set(im->err, EX_DATAERR, "%s is not the file batch"
		    " %lld was importing (%s): its size or SHA-256 differs;"
		    " resume with that file, or --discard %lld", o->path,
		    (long long)o->resume, im->b.file_name,
		    (long long)o->resume);
	if (o->region != NULL && strcasecmp(o->region, im->b.region) != 0)
		return err_set(im->err, EX_USAGE, "batch %lld imports into"
		    " region %s, not %s", (long long)o->resume, im->b.region,
		    o->region);
	if (rejects_check(im->b.rejects_path) != 0)
		return err_set(im->err, EX_CANTCREAT, "cannot write batch"
		    " %lld's rejects file %s: %s; make it writable and resume"
		    " again, or remove the batch's leads with: callq import"
		    " --discard %lld", (long long)o->resume,
		    im->b.rejects_path, priv_strerror(errno),
		    (long long)o->resume);
	if (rejects_kept(im->b.rejects_path, im->b.counts.rejects_bytes) != 0)
		return err_set(im->err, EX_CANTCREAT, "batch %lld's rejects"
		    " file %s no longer holds the %lld bytes the batch wrote"
		    " to it (cut or removed); put it back and resume again, or"
		    " remove the batch's leads with: callq import --discard"
		    " %lld", (long long)o->resume, im->b.rejects_path,
		    (long long)im->b.counts.rejects_bytes,
		    (long long)o->resume);
	runner_self(runner, sizeof runner);
	if (store_batch_claim(im->st, im->who, im->b.id, im->b.runner, runner,
	    im->err) != 0)
		return im->err->status;
	im->skip = im->b.counts.read;
	im->r->counts = im->b.counts;
	return 0;
}

/* Nonzero when paths a and b name one existing file. */
static int
same_inode(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* leads.csv -> leads.rejects.csv; other names get the suffix added. */
static void
rejects_default(const char *path, char *out, size_t size)
{
	size_t len = strlen(path);

	if (len > 4 && strcasecmp(path + len - 4, ".csv") == 0)
		len -= 4;
	snprintf(out, size, "%.*s.rejects.csv", (int)len, path);
}

struct taken {
	const char *path;
	int         found;
};

static int
taken_each(const struct batch *b, void *arg)
{
	struct taken *t = arg;

	if ((b->state == BATCH_RUNNING || b->state == BATCH_INTERRUPTED) &&
	    strcmp(b->rejects_path, t->path) == 0)
		t->found = 1;
	return 0;
}

/*
 * The default beside the file cannot be written (a list on a read-only
 * share): the rejects go to the user's data directory instead, under a
 * name no unfinished batch holds, as a resume cuts its file back (there
 * are only so many such batches, so a free name comes). -1 with errno
 * when that cannot be written either.
 */
static int
rejects_elsewhere(struct import *im, const char *sha)
{
	char path[sizeof im->b.rejects_path];
	struct taken t = { path, 1 };
	int n;

	for (n = 0; t.found; n++) {
		if (rejects_fallback(im->o->path, sha, n, path,
		    sizeof path) != 0)
			return -1;
		t.found = 0;
		if (store_batch_list(im->st, im->who, taken_each, &t,
		    im->err) != 0)
			return im->err->status;
	}
	snprintf(im->b.rejects_path, sizeof im->b.rejects_path, "%s", path);
	im->r->rejects_moved = 1;
	return 0;
}

static int
batch_new(struct import *im, const char *sha, int64_t size)
{
	const struct import_opts *o = im->o;
	struct batch *b = &im->b;
	char why[256];
	int rc;

	if (o->region == NULL || o->region[0] == '\0')
		return err_set(im->err, EX_USAGE, "say which region the leads"
		    " are for: callq import FILE --region NAME");
	snprintf(b->region, sizeof b->region, "%s", o->region);
	snprintf(b->country, sizeof b->country, "%s", o->country ? o->country :
	    "");
	snprintf(b->file_name, sizeof b->file_name, "%s", o->path);
	b->file_size = size;
	snprintf(b->sha256, sizeof b->sha256, "%s", sha);
	if (o->rejects != NULL)
		snprintf(b->rejects_path, sizeof b->rejects_path, "%s",
		    o->rejects);
	else
		rejects_default(o->path, b->rejects_path,
		    sizeof b->rejects_path);
	if (same_inode(o->path, b->rejects_path))
		return err_set(im->err, EX_USAGE, "--rejects %s is the file"
		    " being imported; name another", b->rejects_path);
	runner_self(b->runner, sizeof b->runner);
	if (o->dry_run)
		return 0;
	/* Found now, not after an hour's rows: nothing is written yet. */
	if (rejects_check(b->rejects_path) != 0) {
		snprintf(why, sizeof why, "%s", priv_strerror(errno));
		if (o->rejects != NULL)
			return err_set(im->err, EX_CANTCREAT, "cannot write the"
			    " rejects file %s: %s; nothing was imported: name"
			    " one that can be written with --rejects PATH",
			    b->rejects_path, why);
		if ((rc = rejects_elsewhere(im, sha)) > 0)
			return rc;
		if (rc != 0)
			return err_set(im->err, EX_CANTCREAT, "cannot write"
			    " the rejects file %s (%s), nor one in your data"
			    " directory (%s); nothing was imported: name one"
			    " that can be written with --rejects PATH",
			    b->rejects_path, why, priv_strerror(errno));
	}
	return store_batch_begin(im->st, im->who, b, im->err);
}

static int
same_file(const struct batch *b, void *arg)
{
	struct import *im = arg;

	if (b->state == BATCH_COMPLETE && b->id != im->b.id &&
	    strcmp(b->sha256, im->b.sha256) == 0 && im->r->same_as == 0)
		im->r->same_as = b->id;
	return 0;
}

static void
filter_add(const char *e164, void *arg)
{
	seen_add(arg, e164);
}

static int
filter_has(const char *e164, void *arg)
{
	return seen_has(arg, e164);
}

static int
filter_first(const char *e164, void *numbers)
{
	return numset_first(numbers, e164) != 0;
}

static void
filter_forget(const char *e164, void *numbers)
{
	numset_forget(numbers, e164);
}

static int
workers_default(const struct import_opts *o)
{
	long n;

	if (o->workers >= 0)
		return o->workers;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 16 ? 16 : (int)n;
}

/* Reads the file through, once the batch is set up. */
static int
import_rows(struct import *im, int fd)
{
	struct import_times *t = &im->r->times;
	int rc;

	im->filter = (struct batch_filter){ filter_has, filter_add, im->seen,
	    0, filter_first, filter_forget, im->numbers };
	if (store_batch_cache(im->st, IMPORT_CACHE_MIB, im->err) != 0 ||
	    store_batch_known(im->st, &im->filter, im->err) != 0 ||
	    phonepool_start(&im->pool, workers_default(im->o), im->err) != 0)
		return im->err->status;
	clock_gettime(CLOCK_MONOTONIC, &im->start);
	rc = csvin_read(fd, im->o->path, on_record, im, im->err);
	if (rc == -1 && im->limited)
		rc = 0;
	while (rc == 0 && (im->sent != NULL || im->fill->nrows > 0))
		rc = chunk_rotate(im);
	t->total = clock_since(&im->start);
	t->read = t->total - t->wait - t->leads - t->insert;
	t->total += t->hash;
	if (im->stopped)
		return err_set(im->err, EX_TEMPFAIL, "import stopped as asked");
	return rc;
}

/* Reads the header and sets the batch up: nothing is written before. */
static int
import_prepare(struct import *im, int fd)
{
	struct timespec t0;
	struct stat sb;
	char sha[65];
	int rc;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return err_set(im->err, EX_NOINPUT, "%s is not a regular file;"
		    " import a file that can be read twice", im->o->path);
	im->total = sb.st_size;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (file_hash(fd, im->o->path, sha, im->err) != 0)
		return im->err->status;
	im->r->times.hash = clock_since(&t0);
	rc = csvin_read(fd, im->o->path, header_only, im, im->err);
	if (rc == 0)
		return err_set(im->err, EX_DATAERR, "%s is empty: expected a"
		    " header line with a \"%s\" column", im->o->path,
		    fields[IMPORT_PHONE].header);
	if (rc != -1)
		return rc;
	if (lseek(fd, 0, SEEK_SET) != 0)
		return err_set(im->err, EX_IOERR, "cannot read %s: %s",
		    im->o->path, strerror(errno));
	if ((im->o->resume ? batch_resume(im, sha, sb.st_size) :
	    batch_new(im, sha, sb.st_size)) != 0)
		return im->err->status;
	im->r->batch = im->b.id;
	return store_batch_list(im->st, im->who, same_file, im, im->err);
}

/*
 * Settles and completes a batch whose every row is in; leaves one that
 * stopped early (rc) interrupted, with the counts of its last commit.
 */
static int
import_end(struct import *im, int rc)
{
	struct import_result *r = im->r;
	struct timespec t0;
	struct err late;
	int64_t gone;

	/*
	 * A file that cannot be read on (a runaway quote) will not resume:
	 * what it added goes, and the sentence says to import it again.
	 */
	if (rc == EX_DATAERR) {
		store_batch_discard(im->st, im->who, im->b.id, im->b.runner,
		    &gone, &late);
		r->batch = 0;
		return rc;
	}
	if (rc == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if ((rc = store_batch_settle(im->st, im->b.id, &r->counts,
		    im->err)) == 0)
			rc = store_batch_finish(im->st, im->who, im->b.id,
			    BATCH_COMPLETE, &r->counts, im->err);
		r->times.settle = clock_since(&t0);
		r->times.total += r->times.settle;
		r->times.longest = store_tx_longest(im->st);
		if (rc == 0)
			return 0;
		im->db_failed = 1;
	}
	/*
	 * Once the store refused a write, another would wait as long for
	 * the same lock or space: the batch reads as interrupted anyway as
	 * soon as this process is gone (import_state).
	 */
	if (!im->db_failed)
		store_batch_finish(im->st, im->who, im->b.id,
		    BATCH_INTERRUPTED, &r->counts, &late);
	return rc;
}

/*
 * The end of the sentence of an import that stopped with its batch
 * interrupted: how far it came and the two ways on. The cause before it
 * is cut if need be, so that the commands stay whole.
 */
static void
batch_hint(struct import *im)
{
	char cause[sizeof im->err->msg], tail[sizeof im->err->msg];
	size_t room;

	snprintf(tail, sizeof tail, "import stopped after %lld %s; go on"
	    " with: callq import %s --resume %lld, or remove its leads with:"
	    " callq import --discard %lld", (long long)im->r->counts.read,
	    plural(im->r->counts.read, "row", "rows"), im->o->path, (long long)im->b.id, (long long)im->b.id);
	if (im->stopped) {
		err_set(im->err, EX_TEMPFAIL, "%s", tail);
		return;
	}
	snprintf(cause, sizeof cause, "%s", im->err->msg);
	room = sizeof tail - 1 - strlen(tail);
	room = room > 2 ? room - 2 : 0;
	err_set(im->err, im->err->status, "%.*s; %s", (int)room, cause, tail);
}

static void
import_free(struct import *im)
{
	phonepool_stop(im->pool);
	rejects_close(im->rejects);
	seen_free(im->seen);
	numset_free(im->numbers);
	chunk_free(im->chunk[0]);
	chunk_free(im->chunk[1]);
	header_free(&im->cols);
}

int
import_run(struct store *st, const struct actor *who,
    const struct import_opts *o, struct import_result *r, struct err *err)
{
	struct import im = { .st = st, .who = who, .o = o, .r = r, .err = err,
	    .rows_max = CHUNK_ROWS };
	int fd, rc;

	memset(r, 0, sizeof *r);
	if (store_may(who, ACT_IMPORT, err) != 0)
		return err->status;
	if ((fd = source_open(o->path)) < 0)
		return err_set(err, EX_NOINPUT, "cannot open %s: %s", o->path,
		    priv_strerror(errno));
	im.fill = im.chunk[0] = calloc(1, sizeof *im.chunk[0]);
	im.chunk[1] = calloc(1, sizeof *im.chunk[1]);
	im.seen = seen_new();
	im.numbers = numset_new();
	if (im.chunk[0] == NULL || im.chunk[1] == NULL || im.seen == NULL ||
	    im.numbers == NULL)
		rc = err_set(err, EX_OSERR, "out of memory");
	else if ((rc = import_prepare(&im, fd)) == 0)
		rc = import_rows(&im, fd);
	close(fd);
	if (im.b.id != 0 && !o->dry_run && im.r->batch != 0)
		rc = import_end(&im, rc);
	if (rc != 0 && r->batch != 0)
		batch_hint(&im);
	if (rc == 0 && r->counts.rejected > 0 && !o->dry_run)
		snprintf(r->rejects_path, sizeof r->rejects_path, "%s",
		    im.b.rejects_path);
	import_free(&im);
	return rc;
}

int
import_discard(struct store *st, const struct actor *who, int64_t id,
    int64_t *removed, struct err *err)
{
	struct batch b;

	if (store_may(who, ACT_IMPORT, err) != 0 ||
	    store_batch_get(st, id, &b, err) != 0 || batch_idle(&b, err) != 0)
		return err->status;
	return store_batch_discard(st, who, id, b.runner, removed, err);
}
