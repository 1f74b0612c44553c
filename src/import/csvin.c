/*
 * A small state machine of our own, not libcsv: libcsv reads on after a
 * quote that closes a field too soon, keeping the field open and so taking
 * in the rows after it (its strict mode stops the whole file there instead,
 * and refuses the quotes inside unquoted fields that spreadsheets take as
 * text); it keeps a field of any length in memory; and it tells neither the
 * line nor the byte a record starts at, which reading on from the next line
 * needs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "callq/csvfield.h"
#include "callq/csvin.h"

#define BLOCK (64 * 1024)

enum state {
	ROW_START,	/* between records: blank lines are passed over */
	FIELD_START,	/* before a field's text: spaces are passed over */
	UNQUOTED,
	QUOTED,
	QUOTE_SEEN,	/* a quote inside quotes: doubled, or the close */
	CLOSED,		/* spaces after the closing quote */
};

struct csvin {
	int      (*fn)(const struct csvin_record *, void *);
	void     *arg;
	int       stop;		/* fn's nonzero value */
	int       nomem;
	int       seekable;
	char      delimiter;
	enum state state;
	unsigned char prev;	/* the byte before: a CR makes LF no new line */
	int64_t   pos;		/* the offset of the byte at hand */
	int64_t   line;		/* its line */
	int64_t   number;	/* records so far */
	int64_t   floor;	/* the last fault that had lines read again */
	int64_t   reread;	/* bytes read again so far */
	int64_t   seek;		/* where reading goes on, or -1 */

	/* The record at hand: its fields end to end in buf. */
	char     *buf;
	size_t    used, cap;
	size_t    off[CSVIN_COLUMNS_MAX], len[CSVIN_COLUMNS_MAX];
	size_t    size[CSVIN_COLUMNS_MAX];
	char     *field[CSVIN_COLUMNS_MAX];
	size_t    n;
	int       truncated;
	int64_t   rec_line;
	size_t    start;	/* the field at hand's text in buf */
	size_t    fsize;	/* its length in the file so far */
	int64_t   fline;	/* the line it starts on */
	size_t    spaces;	/* after its closing quote */
	int       line_mode;	/* after a fault: a line end ends the record */
	enum csvin_fault fault;
	size_t    fault_field;
	int64_t   fault_open, fault_line;

	/* Where the record's first line ended, inside quotes. */
	int       cut;
	size_t    cut_n, cut_start, cut_len, cut_size;
	int       cut_truncated;
	int64_t   cut_pos, cut_line;
	unsigned char cut_prev;
};

/* Room for k more bytes of the field at hand and its NUL. */
static int
csvin_grow(struct csvin *c, size_t k)
{
	size_t cap;
	char *grown;

	if (c->used + k + 1 <= c->cap)
		return 0;
	cap = (c->used + k + 1) * 2;
	if ((grown = realloc(c->buf, cap)) == NULL) {
		c->nomem = 1;
		return -1;
	}
	c->buf = grown;
	c->cap = cap;
	return 0;
}

/* One byte of the field at hand: counted always, kept up to the limit. */
static void
csvin_put(struct csvin *c, char ch)
{
	c->fsize++;
	if (c->n < CSVIN_COLUMNS_MAX &&
	    c->used - c->start < CSVIN_FIELD_MAX && csvin_grow(c, 1) == 0)
		c->buf[c->used++] = ch;
}

/* A run of ordinary bytes of the field at hand, as csvin_put each. */
static void
csvin_run(struct csvin *c, const unsigned char *s, size_t n)
{
	size_t kept = c->used - c->start, k;

	c->fsize += n;
	if (c->n == CSVIN_COLUMNS_MAX || kept >= CSVIN_FIELD_MAX)
		return;
	k = n < CSVIN_FIELD_MAX - kept ? n : CSVIN_FIELD_MAX - kept;
	if (csvin_grow(c, k) == 0) {
		memcpy(c->buf + c->used, s, k);
		c->used += k;
	}
}

static void
field_begin(struct csvin *c)
{
	c->start = c->used;
	c->fsize = 0;
	c->fline = c->line;
	c->state = FIELD_START;
}

/* Unquoted fields lose their trailing spaces (never tabs: a delimiter). */
static void
field_end(struct csvin *c, int trim)
{
	size_t len = c->used - c->start;
	int whole = c->fsize == len;

	if (c->n == CSVIN_COLUMNS_MAX) {
		c->truncated = 1;
		return;
	}
	if (csvin_grow(c, 0) != 0)
		return;
	while (trim && len > 0 && c->buf[c->start + len - 1] == ' ')
		len--;
	/* What callq wrote guarded against spreadsheets reads as it was. */
	len = csvfield_unguard(c->buf + c->start, len);
	c->buf[c->start + len] = '\0';
	c->off[c->n] = c->start;
	c->len[c->n] = len;
	c->size[c->n++] = whole ? len : c->fsize;
	c->used = c->start + len + 1;
}

/*
 * The quoted field at hand as the file has it: its opening quote back,
 * and each quote in it doubled again.
 */
static void
field_raw(struct csvin *c)
{
	size_t len = c->used - c->start, q = 0, i, j;
	char *s;

	if (c->n == CSVIN_COLUMNS_MAX)
		return;
	for (i = 0; i < len; i++)
		q += c->buf[c->start + i] == '"';
	if (csvin_grow(c, q + 1) != 0)
		return;
	s = c->buf + c->start;
	for (i = len, j = len + q + 1; i-- > 0;) {
		s[--j] = s[i];
		if (s[i] == '"')
			s[--j] = '"';
	}
	s[0] = '"';
	c->used += q + 1;
	c->fsize += q + 1;
}

static void
record_end(struct csvin *c)
{
	struct csvin_record r;
	size_t i;

	if (!c->stop && !c->nomem) {
		for (i = 0; i < c->n; i++)
			c->field[i] = c->buf + c->off[i];
		r.n = c->n;
		r.field = c->field;
		r.len = c->len;
		r.size = c->size;
		r.truncated = c->truncated;
		r.number = ++c->number;
		r.line = c->rec_line;
		r.offset = c->pos + 1;
		r.delimiter = c->delimiter;
		r.fault = c->fault;
		r.fault_field = c->fault_field;
		r.fault_open = c->fault_open;
		r.fault_line = c->fault_line;
		c->stop = c->fn(&r, c->arg);
	}
	c->n = c->used = 0;
	c->truncated = c->line_mode = c->cut = 0;
	c->fault = CSVIN_WELL;
	c->state = ROW_START;
}

/* Notes where the record's first line ends: the line end at hand. */
static void
cut_mark(struct csvin *c, unsigned char ch)
{
	c->cut = 1;
	c->cut_n = c->n;
	c->cut_start = c->start;
	c->cut_len = c->used - c->start;
	c->cut_size = c->fsize;
	c->cut_truncated = c->truncated;
	c->cut_pos = c->pos + 1;
	c->cut_line = c->line + 1;
	c->cut_prev = ch;
}

/*
 * Whether the lines after the faulty record's first can be read again: the
 * fault must lie past the last one that was (or the same lines would be
 * read once more), and all that is read again must stay within what was
 * read once, so that no file, however its quotes fall, costs more than
 * two readings.
 */
static int
fault_rescannable(const struct csvin *c)
{
	return c->cut && c->seekable && c->pos > c->floor &&
	    c->reread + (c->pos - c->cut_pos) <= c->pos;
}

/*
 * The faulty record ends with its first line, and reading goes on from
 * the next: a quote left open takes in no row after it.
 */
static void
fault_rescan(struct csvin *c)
{
	c->n = c->cut_n;
	c->truncated = c->cut_truncated;
	if (c->n < CSVIN_COLUMNS_MAX) {
		c->start = c->cut_start;
		c->used = c->cut_start + c->cut_len;
		c->fsize = c->cut_size;
		field_raw(c);
		field_end(c, 0);
	}
	c->floor = c->pos;
	c->reread += c->pos - c->cut_pos;
	c->seek = c->cut_pos;
	record_end(c);
	c->line = c->cut_line;
	c->prev = c->cut_prev;
}

/* Marks the record at fault (the first fault counts); 1: it was ended. */
static int
fault_mark(struct csvin *c, enum csvin_fault f)
{
	if (c->fault != CSVIN_WELL)
		return 0;
	c->fault = f;
	c->fault_field = c->n;
	c->fault_open = c->fline;
	c->fault_line = c->line;
	if (fault_rescannable(c)) {
		fault_rescan(c);
		return 1;
	}
	c->line_mode = 1;
	return 0;
}

/* A closing quote followed by ch, neither a delimiter nor a line end. */
static void
stray_quote(struct csvin *c, char ch)
{
	if (fault_mark(c, CSVIN_STRAY_QUOTE))
		return;
	/* The field goes on as text, as written, to the next delimiter. */
	field_raw(c);
	csvin_put(c, '"');
	while (c->spaces > 0) {
		csvin_put(c, ' ');
		c->spaces--;
	}
	csvin_put(c, ch);
	c->state = UNQUOTED;
}

static void
csvin_step(struct csvin *c, unsigned char ch)
{
	int eol = ch == '\r' || ch == '\n';

	if (c->state == ROW_START) {
		if (eol || ch == ' ')
			return;
		c->rec_line = c->line;
		field_begin(c);
	}
	if (ch == c->delimiter && c->state != QUOTED) {
		field_end(c, c->state == UNQUOTED);
		field_begin(c);
		return;
	}
	switch (c->state) {
	case FIELD_START:
		if (ch == ' ')
			break;
		if (ch == '"')
			c->state = QUOTED;
		else if (eol) {
			field_end(c, 0);
			record_end(c);
		} else {
			c->state = UNQUOTED;
			csvin_put(c, (char)ch);
		}
		break;
	case UNQUOTED:
		/* A quote inside a field that did not start with one is text. */
		if (eol) {
			field_end(c, 1);
			record_end(c);
		} else
			csvin_put(c, (char)ch);
		break;
	case QUOTED:
		if (ch == '"')
			c->state = QUOTE_SEEN;
		else if (eol && c->line_mode) {
			field_raw(c);
			field_end(c, 0);
			record_end(c);
		} else {
			if (eol && !c->cut && !(ch == '\n' && c->prev == '\r'))
				cut_mark(c, ch);
			csvin_put(c, (char)ch);
		}
		break;
	case QUOTE_SEEN:
	case CLOSED:
		if (ch == '"' && c->state == QUOTE_SEEN) {
			csvin_put(c, '"');
			c->state = QUOTED;
		} else if (eol) {
			field_end(c, 0);
			record_end(c);
		} else if (ch == ' ') {
			c->spaces = c->state == CLOSED ? c->spaces + 1 : 1;
			c->state = CLOSED;
		} else
			stray_quote(c, (char)ch);
		break;
	default:
		break;
	}
}

/* The line the next byte is on. */
static void
csvin_advance(struct csvin *c, unsigned char ch)
{
	if (ch == '\r' || (ch == '\n' && c->prev != '\r'))
		c->line++;
	c->prev = ch;
}

/* Whether ch may end or change the field at hand. */
static int
csvin_special(const struct csvin *c, unsigned char ch)
{
	return ch == (unsigned char)c->delimiter || ch == '"' || ch == '\r' ||
	    ch == '\n';
}

/*
 * Steps through s, which starts at file offset base; stops for a seek.
 * Inside a field, bytes that change nothing are taken a run at a time.
 */
static void
csvin_feed(struct csvin *c, const unsigned char *s, size_t len, int64_t base)
{
	size_t i = 0, j;

	while (i < len && !c->stop && !c->nomem && c->seek < 0) {
		if (c->state == UNQUOTED || c->state == QUOTED) {
			for (j = i; j < len && !csvin_special(c, s[j]); j++)
				continue;
			if (j > i) {
				csvin_run(c, s + i, j - i);
				c->prev = s[j - 1];
				i = j;
				continue;
			}
		}
		c->pos = base + (int64_t)i;
		csvin_step(c, s[i]);
		if (c->seek < 0)
			csvin_advance(c, s[i]);
		i++;
	}
}

/* The file's end ends the record at hand. */
static void
csvin_finish(struct csvin *c)
{
	switch (c->state) {
	case ROW_START:
		break;
	case QUOTED:
		/* A file that ends with a line end ends on the line before. */
		if (c->prev == '\r' || c->prev == '\n')
			c->line--;
		if (fault_mark(c, CSVIN_UNCLOSED))
			break;
		field_raw(c);
		field_end(c, 0);
		record_end(c);
		break;
	default:
		field_end(c, c->state == UNQUOTED);
		record_end(c);
	}
}

/*
 * The delimiter is whichever of comma, semicolon and tab the header line
 * holds most of outside quotes; a comma when it holds none.
 */
static char
csvin_delimiter(const unsigned char *s, size_t len)
{
	static const char delims[] = ",;\t";
	size_t count[3] = { 0 }, i, best = 0;
	int quoted = 0;
	const char *d;

	for (i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r')); i++)
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] != '\0' &&
		    (d = strchr(delims, s[i])) != NULL)
			count[d - delims]++;
	for (i = 1; i < 3; i++)
		if (count[i] > count[best])
			best = i;
	return delims[best];
}

static int
csvin_loop(struct csvin *c, int fd, const char *name, struct err *err)
{
	static const unsigned char bom[] = { 0xef, 0xbb, 0xbf };
	unsigned char *block;
	int64_t base;
	ssize_t got;
	size_t skip;
	int first = 1, rc = 0;

	if ((base = lseek(fd, 0, SEEK_CUR)) < 0)
		base = 0;
	else
		c->seekable = 1;
	if ((block = malloc(BLOCK)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	while (!c->stop && !c->nomem) {
		if (c->seek >= 0) {
			if (lseek(fd, c->seek, SEEK_SET) != c->seek) {
				rc = err_set(err, EX_IOERR, "cannot read %s: %s",
				    name, strerror(errno));
				break;
			}
			base = c->seek;
			c->seek = -1;
		}
		if ((got = read(fd, block, BLOCK)) < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = err_set(err, EX_IOERR, "cannot read %s: %s", name,
			    strerror(errno));
			break;
		}
		if (got == 0) {
			c->pos = base - 1;	/* the last byte's */
			csvin_finish(c);
			if (c->seek >= 0)
				continue;
			break;
		}
		skip = 0;
		if (first && got >= 3 && memcmp(block, bom, 3) == 0)
			skip = 3;
		if (first)
			c->delimiter = csvin_delimiter(block + skip,
			    (size_t)got - skip);
		first = 0;
		csvin_feed(c, block + skip, (size_t)got - skip,
		    base + (int64_t)skip);
		base += got;
	}
	free(block);
	if (rc == 0 && c->nomem)
		rc = err_set(err, EX_OSERR, "out of memory reading %s", name);
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
	c->line = 1;
	c->seek = -1;
	rc = csvin_loop(c, fd, name, err);
	free(c->buf);
	free(c);
	return rc;
}
