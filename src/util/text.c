#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <wchar.h>

#include "callq/text.h"

/* Decodes one UTF-8 character; returns its length, or 0 when malformed. */
static size_t
utf8_decode(const char *s, wchar_t *wc)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i;
	unsigned long cp;

	if (u[0] < 0x80) {
		*wc = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = u[0] & 0x07;
	} else
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past Unicode are not UTF-8. */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*wc = (wchar_t)cp;
	return len;
}

int
text_is_control(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t
text_decode(const char *s, unsigned long *cp)
{
	wchar_t wc;
	size_t n = utf8_decode(s, &wc);

	*cp = n == 0 ? 0 : (unsigned long)wc;
	return n;
}

int
text_is_clean(const char *s)
{
	wchar_t wc;
	size_t n;

	while (*s != '\0') {
		n = utf8_decode(s, &wc);
		if (n == 0 || text_is_control((unsigned long)wc))
			return 0;
		s += n;
	}
	return 1;
}

/* The name people know a control by, when they know it by one. */
static const char *
control_name(unsigned long cp)
{
	switch (cp) {
	case '\t':	return " (a tab)";
	case '\n':	return " (a line break)";
	case '\r':	return " (a carriage return)";
	case 0x1b:	return " (escape)";
	}
	return "";
}

int
text_check(const char *s, const char *what, struct err *err)
{
	size_t n, at;
	wchar_t wc;

	for (at = 1; s != NULL && *s != '\0'; s += n, at++) {
		if ((n = utf8_decode(s, &wc)) == 0)
			return err_set(err, EX_DATAERR, "%s is not UTF-8 text at"
			    " character %zu; give it again as UTF-8", what, at);
		if (text_is_control((unsigned long)wc))
			return err_set(err, EX_DATAERR, "%s holds a %s, U+%04lX"
			    "%s, at character %zu; give plain text without it",
			    what, wc >= 0x202a ? "bidirectional control" :
			    "control character", (unsigned long)wc,
			    control_name((unsigned long)wc), at);
	}
	return 0;
}

/* Width of one character; wcwidth needs a UTF-8 locale, so fall back to 1. */
static int
char_width(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

/*
 * The character at s as it is shown: *len bytes of s, *masked when it
 * shows as one '?' (a control, or a byte that is not UTF-8); returns the
 * columns it takes.
 */
static int
char_shown(const char *s, size_t *len, int *masked)
{
	wchar_t wc;
	size_t n = utf8_decode(s, &wc);

	*masked = n == 0 || text_is_control((unsigned long)wc);
	*len = n == 0 ? 1 : n;
	return *masked ? 1 : char_width(wc);
}

int
text_width(const char *s)
{
	size_t n;
	int w = 0, masked;

	for (; *s != '\0'; s += n)
		w += char_shown(s, &n, &masked);
	return w;
}

int
text_fit(const char *s, int width, int pad, char *out, size_t outsz)
{
	size_t o = 0, n;
	int used = 0, w, masked;

	for (; *s != '\0'; s += n) {
		w = char_shown(s, &n, &masked);
		if (used + w > width || o + (masked ? 1 : n) + 1 > outsz)
			break;
		if (masked)
			out[o++] = '?';
		else {
			memcpy(out + o, s, n);
			o += n;
		}
		used += w;
	}
	while (pad && used < width && o + 2 <= outsz) {
		out[o++] = ' ';
		used++;
	}
	if (outsz > 0)
		out[o] = '\0';
	return used;
}

size_t
text_wrap(const char *s, int width, size_t *next)
{
	size_t at = 0, n = 1, brk = 0;
	int used = 0, w, masked;

	for (; s[at] != '\0'; at += n) {
		w = char_shown(s + at, &n, &masked);
		if (s[at] == ' ')
			brk = at;
		if (used + w > width)
			break;
		used += w;
	}
	if (s[at] == '\0' || s[at] == ' ')
		brk = at;
	else if (brk == 0)	/* one word wider than the line: cut it */
		brk = at > 0 ? at : n;
	for (*next = brk; s[*next] == ' '; (*next)++)
		;
	while (brk > 0 && s[brk - 1] == ' ')
		brk--;
	return brk;
}

void
text_trim(const char *s, char *out, size_t outsz)
{
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= outsz)
		len = outsz - 1;
	memcpy(out, s, len);
	out[len] = '\0';
}

/* The length of the UTF-8 character at s (len bytes left), 0 if malformed. */
static size_t
utf8_length(const char *s, size_t len, wchar_t *wc)
{
	char buf[5] = { 0 };

	memcpy(buf, s, len < 4 ? len : 4);
	return utf8_decode(buf, wc);
}

int
text_is_utf8(const char *s, size_t len)
{
	size_t i, n;
	wchar_t wc;

	for (n = 0; n < len; n += i) {
		i = (unsigned char)s[n] < 0x80 ? 1 :
		    utf8_length(s + n, len - n, &wc);
		if (i == 0)
			return 0;
	}
	return 1;
}

long
text_scrub(char *s, size_t len)
{
	size_t i = 0, o = 0, n;
	wchar_t wc;

	if (!text_is_utf8(s, len))
		return -1;
	for (n = 0; n < len; n += i) {
		unsigned char c = (unsigned char)s[n];

		if (c < 0x80) {
			i = 1;
			s[o++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
			continue;
		}
		i = utf8_length(s + n, len - n, &wc);
		if (text_is_control((unsigned long)wc))
			s[o++] = ' ';
		else {
			memmove(s + o, s + n, i);
			o += i;
		}
	}
	return (long)o;
}

size_t
text_mask(const char *s, size_t len, char *out, size_t outsz)
{
	size_t i, o = 0, n;
	wchar_t wc;

	if (outsz == 0)
		return 0;
	for (i = 0; i < len; i += n) {
		n = utf8_length(s + i, len - i, &wc);
		if (n == 0 || text_is_control((unsigned long)wc)) {
			if (o + 2 > outsz)
				break;
			out[o++] = '?';
			n = n == 0 ? 1 : n;
			continue;
		}
		if (o + n + 1 > outsz)
			break;
		memmove(out + o, s + i, n);
		o += n;
	}
	out[o] = '\0';
	return o;
}

void
text_fold(const char *s, char *out, size_t outsz)
{
	size_t o = 0;
	int blank = 0;

	while (isspace((unsigned char)*s))
		s++;
	for (; *s != '\0' && o + 1 < outsz; s++) {
		if (isspace((unsigned char)*s)) {
			blank = 1;
			continue;
		}
		if (blank && o + 2 < outsz)
			out[o++] = ' ';
		blank = 0;
		out[o++] = (char)tolower((unsigned char)*s);
	}
	out[o] = '\0';
}

void
text_pop(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && ((unsigned char)s[n - 1] & 0xc0) == 0x80)
		n--;
	s[n > 0 ? n - 1 : 0] = '\0';
}

void
text_push(char *s, size_t size, wchar_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t n, len = strlen(s);

	memset(&ps, 0, sizeof ps);
	if ((n = wcrtomb(mb, wc, &ps)) == (size_t)-1 || len + n >= size)
		return;
	memcpy(s + len, mb, n);
	s[len + n] = '\0';
}
