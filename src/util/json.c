#include <stdio.h>
#include <string.h>

#include "callq/json.h"
#include "callq/text.h"

/*
 * The character at s as it goes inside a JSON string, into out; returns
 * the bytes of s it took. Controls (see text_is_control) are escaped, so
 * the text is exact yet never drives a terminal; a byte that is not UTF-8
 * has no exact form in JSON and becomes U+FFFD.
 */
static size_t
char_escape(const char *s, char out[8])
{
	unsigned long cp;
	size_t n = text_decode(s, &cp);

	if (n == 0)
		snprintf(out, 8, "\\ufffd");
	else if (cp == '"' || cp == '\\')
		snprintf(out, 8, "\\%c", (char)cp);
	else if (cp == '\n')
		snprintf(out, 8, "\\n");
	else if (cp == '\t')
		snprintf(out, 8, "\\t");
	else if (text_is_control(cp))
		snprintf(out, 8, "\\u%04lx", cp);
	else
		snprintf(out, 8, "%.*s", (int)n, s);
	return n == 0 ? 1 : n;
}

void
json_write_string(FILE *f, const char *s)
{
	char one[8];

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*s != '\0') {
		s += char_escape(s, one);
		fputs(one, f);
	}
	fputc('"', f);
}

int
json_quote(const char *s, char *out, size_t size)
{
	size_t o = 0, n;
	char one[8];

	if (size < 3)
		return -1;
	out[o++] = '"';
	while (*s != '\0') {
		s += char_escape(s, one);
		if ((n = strlen(one)) + 2 > size - o)
			return -1;
		memcpy(out + o, one, n);
		o += n;
	}
	out[o++] = '"';
	out[o] = '\0';
	return 0;
}

/*
 * A reader just able to walk a reply: each skip_ function returns the
 * text after the value at p, or NULL when it is not JSON. Depth is
 * bounded so a hostile reply cannot exhaust the stack.
 */
static const char *skip_value(const char *p, int depth);

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int
hex4(const char *p, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* Appends code point v as UTF-8 (a lone surrogate becomes U+FFFD). */
static size_t
utf8_put(unsigned v, char *out)
{
	if (v >= 0xd800 && v <= 0xdfff)
		v = 0xfffd;
	if (v < 0x80)
		return out[0] = (char)v, 1;
	if (v < 0x800) {
		out[0] = (char)(0xc0 | v >> 6);
		out[1] = (char)(0x80 | (v & 0x3f));
		return 2;
	}
	if (v < 0x10000) {
		out[0] = (char)(0xe0 | v >> 12);
		out[1] = (char)(0x80 | (v >> 6 & 0x3f));
		out[2] = (char)(0x80 | (v & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | v >> 18);
	out[1] = (char)(0x80 | (v >> 12 & 0x3f));
	out[2] = (char)(0x80 | (v >> 6 & 0x3f));
	out[3] = (char)(0x80 | (v & 0x3f));
	return 4;
}

/*
 * The \u escape at p, with the low half of a surrogate pair when one
 * follows (JSON writes a character past U+FFFF as two escapes), into v;
 * returns the text after it, or NULL when it is not an escape.
 */
static const char *
escape_u(const char *p, unsigned *v)
{
	unsigned low;

	if (hex4(p + 2, v) != 0)
		return NULL;
	p += 6;
	if (*v >= 0xd800 && *v <= 0xdbff && p[0] == '\\' && p[1] == 'u' &&
	    hex4(p + 2, &low) == 0 && low >= 0xdc00 && low <= 0xdfff) {
		*v = 0x10000 + ((*v - 0xd800) << 10) + (low - 0xdc00);
		p += 6;
	}
	return p;
}

/*
 * A string at p (after its quote); decoded into out when out is given.
 * *fits is 0 when out is too small, or when the string holds \u0000: a
 * C string would end there, and a provider's id or state cut short is
 * a different one, so such a value is refused rather than bent.
 */
static const char *
read_string(const char *p, char *out, size_t size, int *fits)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *esc;
	size_t o = 0, n;
	char one[4];
	unsigned v;

	*fits = 1;
	while (*p != '"') {
		if (*p == '\0' || (unsigned char)*p < 0x20)
			return NULL;
		n = 1;
		one[0] = *p;
		if (*p != '\\')
			p++;
		else if (p[1] == 'u') {
			if ((p = escape_u(p, &v)) == NULL)
				return NULL;
			if (v == 0)
				*fits = 0;
			n = utf8_put(v, one);
		} else if (p[1] != '\0' && (esc = strchr(from, p[1])) != NULL) {
			one[0] = to[esc - from];
			p += 2;
		} else
			return NULL;
		if (out != NULL && o + n < size)
			memcpy(out + o, one, n), o += n;
		else
			*fits = 0;
	}
	if (out != NULL)
		out[o < size ? o : size - 1] = '\0';
	return p + 1;
}

static const char *
skip_scalar(const char *p)
{
	const char *start = p;

	while (*p != '\0' && strchr(",}] \t\r\n", *p) == NULL)
		p++;
	return p > start ? p : NULL;
}

static const char *
skip_members(const char *p, char close, int depth)
{
	int fits;

	p = skip_space(p);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (*p != '"' || (p = read_string(p + 1, NULL, 0,
			    &fits)) == NULL)
				return NULL;
			if (*(p = skip_space(p)) != ':')
				return NULL;
			p++;
		}
		if ((p = skip_value(p, depth + 1)) == NULL)
			return NULL;
		p = skip_space(p);
		if (*p == close)
			return p + 1;
		if (*p != ',')
			return NULL;
		p = skip_space(p + 1);
	}
}

static const char *
skip_value(const char *p, int depth)
{
	int fits;

	if (depth > 32)
		return NULL;
	p = skip_space(p);
	if (*p == '"')
		return read_string(p + 1, NULL, 0, &fits);
	if (*p == '{' || *p == '[')
		return skip_members(p + 1, *p == '{' ? '}' : ']', depth);
	return skip_scalar(p);
}

/* Copies the value at p into out; -1 for an object or array. */
static int
value_copy(const char *p, char *out, size_t size)
{
	const char *end;
	int fits;

	p = skip_space(p);
	if (*p == '"')
		return read_string(p + 1, out, size, &fits) != NULL && fits ?
		    0 : -1;
	if (*p == '{' || *p == '[' || (end = skip_scalar(p)) == NULL ||
	    (size_t)(end - p) >= size)
		return -1;
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return 0;
}

int
json_member(const char *doc, const char *key, char *out, size_t size)
{
	const char *p = skip_space(doc);
	char name[128];
	int fits;

	if (*p++ != '{' || size == 0)
		return -1;
	p = skip_space(p);
	while (*p == '"') {
		if ((p = read_string(p + 1, name, sizeof name, &fits)) == NULL)
			return -1;
		if (*(p = skip_space(p)) != ':')
			return -1;
		if (fits && strcmp(name, key) == 0)
			return value_copy(p + 1, out, size);
		if ((p = skip_value(p + 1, 1)) == NULL)
			return -1;
		p = skip_space(p);
		if (*p != ',')
			return -1;
		p = skip_space(p + 1);
	}
	return -1;
}
