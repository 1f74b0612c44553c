#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "callq/conf.h"
#include "callq/priv.h"
#include "callq/text.h"

static int
name_is_valid(const char *s, size_t len, size_t max)
{
	size_t i;

	if (len == 0 || len >= max)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

struct reading {
	struct conf *c;
	const char  *path;
	int          line;
	char         section[32];
	struct err  *err;
};

static int
bad_line(struct reading *r, const char *what)
{
	return err_set(r->err, EX_CONFIG, "%s:%d: %s; see callq.conf(5)",
	    r->path, r->line, what);
}

/*
 * The value after '=': quoted, it runs to the next '"'; bare, a '#'
 * after a blank starts a comment, so "x = 1  # note" is 1.
 */
static int
value_read(struct reading *r, const char *p, char *out, size_t size)
{
	const char *end;
	char buf[1024];
	size_t len;
	int quoted = *p == '"';

	if (quoted) {
		if ((end = strchr(p + 1, '"')) == NULL)
			return bad_line(r, "the quoted value has no closing '\"'");
		len = (size_t)(end - p - 1);
		text_trim(end + 1, buf, sizeof buf);
		if (buf[0] != '\0' && buf[0] != '#')
			return bad_line(r, "only a comment may follow a quoted "
			    "value");
		p++;
	} else {
		for (end = p; *end != '\0'; end++)
			if (*end == '#' && (end == p || end[-1] == ' ' ||
			    end[-1] == '\t'))
				break;
		len = (size_t)(end - p);
	}
	if (len >= sizeof buf || len >= size)
		return bad_line(r, "the value is too long");
	memcpy(buf, p, len);
	buf[len] = '\0';
	if (quoted)
		snprintf(out, size, "%s", buf);
	else
		text_trim(buf, out, size);
	return 0;
}

static int
entry_add(struct reading *r, const char *key, size_t keylen,
    const char *value)
{
	struct conf *c = r->c;
	struct conf_entry *e;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;

		/* Not realloc, which frees the old values unwiped. */
		if ((e = calloc(cap, sizeof *e)) == NULL)
			return err_set(r->err, EX_OSERR, "out of memory "
			    "reading %s", r->path);
		if (c->entries != NULL) {
			memcpy(e, c->entries, c->n * sizeof *e);
			explicit_bzero(c->entries, c->cap * sizeof *e);
			free(c->entries);
		}
		c->entries = e;
		c->cap = cap;
	}
	e = &c->entries[c->n++];
	snprintf(e->section, sizeof e->section, "%s", r->section);
	snprintf(e->key, sizeof e->key, "%.*s", (int)keylen, key);
	snprintf(e->value, sizeof e->value, "%s", value);
	e->line = r->line;
	e->file = c->nfiles;
	return 0;
}

static int
line_read(struct reading *r, char *raw)
{
	char text[1100], value[1024], *eq, *end;
	size_t keylen;

	text_trim(raw, text, sizeof text);
	if (text[0] == '\0' || text[0] == '#' || text[0] == ';')
		return 0;
	if (!text_is_clean(text))
		return bad_line(r, "the line is not plain UTF-8 text");
	if (text[0] == '[') {
		if ((end = strchr(text, ']')) == NULL || end[1] != '\0' ||
		    !name_is_valid(text + 1, (size_t)(end - text - 1),
		    sizeof r->section))
			return bad_line(r, "a section is written [name], in "
			    "lower case");
		snprintf(r->section, sizeof r->section, "%.*s",
		    (int)(end - text - 1), text + 1);
		return 0;
	}
	if ((eq = strchr(text, '=')) == NULL)
		return bad_line(r, "expected 'key = value'");
	for (end = eq; end > text && (end[-1] == ' ' || end[-1] == '\t'); end--)
		;
	keylen = (size_t)(end - text);
	if (!name_is_valid(text, keylen, sizeof ((struct conf_entry *)0)->key))
		return bad_line(r, "a key is lower-case letters, digits and "
		    "'_'");
	if (r->section[0] == '\0')
		return bad_line(r, "a key must come after a [section] header");
	for (eq++; *eq == ' ' || *eq == '\t'; eq++)
		;
	if (value_read(r, eq, value, sizeof value) != 0)
		return r->err->status;
	return entry_add(r, text, keylen, value);
}

static int
lines_read(struct reading *r, FILE *f)
{
	char raw[1100];
	size_t len;

	while (fgets(raw, sizeof raw, f) != NULL) {
		r->line++;
		len = strlen(raw);
		if (len == sizeof raw - 1 && raw[len - 1] != '\n')
			return bad_line(r, "the line is too long");
		if (line_read(r, raw) != 0)
			return r->err->status;
	}
	if (ferror(f))
		return err_set(r->err, EX_IOERR, "cannot read %s: %s", r->path,
		    strerror(errno));
	return 0;
}

int
conf_read(struct conf *c, const char *path, int user_named,
    struct err *err)
{
	struct reading r = { c, path, 0, "", err };
	size_t kept = c->n;
	struct stat sb;
	FILE *f;

	if (c->nfiles == CONF_FILES)
		return err_set(err, EX_SOFTWARE, "too many configuration files");
	if ((f = user_named ? priv_fopen(path, "r") : fopen(path, "r")) ==
	    NULL)
		return err_set(err, EX_CONFIG, "cannot read the configuration "
		    "%s: %s", path, priv_strerror(errno));
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return err_set(err, EX_CONFIG, "the configuration %s is not a "
		    "file", path);
	}
	if (lines_read(&r, f) != 0) {
		/* The refused file's values may be secrets too. */
		if (c->n > kept)
			explicit_bzero(c->entries + kept, (c->n - kept) *
			    sizeof *c->entries);
		c->n = kept;
		fclose(f);
		return err->status;
	}
	fclose(f);
	snprintf(c->files[c->nfiles].path, sizeof c->files[0].path, "%s", path);
	c->files[c->nfiles].user_named = user_named;
	c->files[c->nfiles++].mode = sb.st_mode;
	return 0;
}

const struct conf_entry *
conf_get(const struct conf *c, const char *section, const char *key)
{
	size_t i;

	for (i = c->n; i-- > 0;)
		if (strcmp(c->entries[i].section, section) == 0 &&
		    strcmp(c->entries[i].key, key) == 0)
			return &c->entries[i];
	return NULL;
}

void
conf_where(const struct conf *c, const struct conf_entry *e, char *buf,
    size_t size)
{
	snprintf(buf, size, "%s:%d", c->files[e->file].path, e->line);
}

/* Values may be secrets: wiped before the memory goes back. */
void
conf_free(struct conf *c)
{
	if (c->entries != NULL)
		explicit_bzero(c->entries, c->cap * sizeof *c->entries);
	free(c->entries);
	memset(c, 0, sizeof *c);
}
