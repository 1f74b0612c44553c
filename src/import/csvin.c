#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "callq/csvfield.h"
#include "callq/csvin.h"

#define BLOCK (64 * 1024)

struct csvin {
	struct csv_parser p;
	int     (*fn)(const struct csvin_record *, void *);
	void    *arg;
	int      stop;		/* fn's nonzero value */
	char    *buf;		/* this record's fields, end to end */
	size_t   used, cap;
	size_t   off[CSVIN_COLUMNS_MAX], len[CSVIN_COLUMNS_MAX];
	char    *field[CSVIN_COLUMNS_MAX];
	size_t   n;
	int      truncated, nomem;
	int64_t  number, offset;
	char     delimiter;
};

/* Unquoted fields lose their surrounding spaces, never tabs: a delimiter. */
static int
csvin_is_space(unsigned char c)
{
	return c == ' ';
}

/*
 * libcsv grows its field buffer without end; refusing past the limit makes
 * an unclosed quote a clear error, not the whole file in memory.
 */
static void *
csvin_realloc(void *p, size_t size)
{
	return size > CSVIN_FIELD_MAX + BLOCK ? NULL : realloc(p, size);
}

static void
csvin_field(void *s, size_t len, void *arg)
{
	struct csvin *c = arg;
	char *grown;

	if (c->stop || c->nomem)
		return;
	if (c->n == CSVIN_COLUMNS_MAX) {
		c->truncated = 1;
		return;
	}
	if (c->used + len + 1 > c->cap) {
		size_t cap = (c->used + len + 1) * 2;

		if ((grown = realloc(c->buf, cap)) == NULL) {
			c->nomem = 1;
			return;
		}
		c->buf = grown;
		c->cap = cap;
	}
	memcpy(c->buf + c->used, s ? s : "", len);
	/* What callq wrote guarded against spreadsheets reads as it was. */
	len = csvfield_unguard(c->buf + c->used, len);
	c->buf[c->used + len] = '\0';
	c->off[c->n] = c->used;
	c->len[c->n++] = len;
	c->used += len + 1;
}

static void
csvin_end(int term, void *arg)
{
	struct csvin *c = arg;
	struct csvin_record r;
	size_t i;

	(void)term;
	if (!c->stop && !c->nomem) {
		for (i = 0; i < c->n; i++)
			c->field[i] = c->buf + c->off[i];
		r.n = c->n;
		r.field = c->field;
		r.len = c->len;
		r.truncated = c->truncated;
		r.number = ++c->number;
		r.offset = c->offset;
		r.delimiter = c->delimiter;
		c->stop = c->fn(&r, c->arg);
	}
	c->n = 0;
	c->used = 0;
	c->truncated = 0;
}

/*
 * The delimiter is whichever of comma, semicolon and tab the header line
 * holds most of outside quotes; a comma when it holds none.
 */
static unsigned char
csvin_delimiter(const char *s, size_t len)
{
	static const char delims[] = ",;\t";
	size_t count[3] = { 0 }, i, best = 0;
	int quoted = 0;
	const char *d;

	for (i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r')); i++)
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (d = strchr(delims, s[i])) != NULL &&
		    s[i] != '\0')
			count[d - delims]++;
	for (i = 1; i < 3; i++)
		if (count[i] > count[best])
			best = i;
	return (unsigned char)delims[best];
}

static int
csvin_fail(struct csvin *c, const char *name, struct err *err)
{
	if (c->nomem || csv_error(&c->p) == CSV_ENOMEM)
		return err_set(err, EX_DATAERR, "%s, record %lld: a field runs"
		    " on past %d KiB (an unclosed quote?); fix the file and"
		    " import it again", name, (long long)c->number + 1,
		    CSVIN_FIELD_MAX / 1024);
	return err_set(err, EX_DATAERR, "%s: %s", name,
	    csv_strerror(csv_error(&c->p)));
}

static int
csvin_feed(struct csvin *c, const char *s, size_t len, const char *name,
    struct err *err)
{
	if (csv_parse(&c->p, s, len, csvin_field, csvin_end, c) != len &&
	    !c->stop)
		return csvin_fail(c, name, err);
	if (c->nomem)
		return csvin_fail(c, name, err);
	return 0;
}

static int
csvin_loop(struct csvin *c, int fd, const char *name, struct err *err)
{
	static const char bom[] = "\xef\xbb\xbf";
	char *block;
	ssize_t got;
	size_t skip;
	int first = 1, rc = 0;

	if ((block = malloc(BLOCK)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	while (rc == 0 && !c->stop) {
		if ((got = read(fd, block, BLOCK)) < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = err_set(err, EX_IOERR, "cannot read %s: %s", name,
			    strerror(errno));
			break;
		}
		if (got == 0)
			break;
		skip = 0;
		if (first && got >= 3 && memcmp(block, bom, 3) == 0)
			skip = 3;
		if (first) {
			c->delimiter = (char)csvin_delimiter(block + skip,
			    (size_t)got - skip);
			csv_set_delim(&c->p, (unsigned char)c->delimiter);
		}
		first = 0;
		c->offset += got;
		rc = csvin_feed(c, block + skip, (size_t)got - skip, name, err);
	}
	free(block);
	if (rc == 0 && !c->stop &&
	    csv_fini(&c->p, csvin_field, csvin_end, c) != 0)
		rc = csvin_fail(c, name, err);
	if (rc == 0 && c->nomem)
		rc = csvin_fail(c, name, err);
	return rc != 0 ? rc : c->stop;
}

int
csvin_read(int fd, const char *name,
    int (*fn)(const struct csvin_record *, void *), void *arg,
    struct err *err)
{
	struct csvin *c;
	int rc;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	c->fn = fn;
	c->arg = arg;
	if (csv_init(&c->p, CSV_APPEND_NULL) != 0) {
		free(c);
		return err_set(err, EX_OSERR, "out of memory");
	}
	csv_set_space_func(&c->p, csvin_is_space);
	csv_set_realloc_func(&c->p, csvin_realloc);
	rc = csvin_loop(c, fd, name, err);
	csv_free(&c->p);
	free(c->buf);
	free(c);
	return rc;
}
