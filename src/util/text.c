#include <ctype.h>
#include <string.h>
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
text_is_clean(const char *s)
{
	wchar_t wc;
	size_t n;

	while (*s != '\0') {
		if ((n = utf8_decode(s, &wc)) == 0)
			return 0;
		if (wc < 0x20 || wc == 0x7f || (wc >= 0x80 && wc < 0xa0))
			return 0;
		s += n;
	}
	return 1;
}

/* Width of one character; wcwidth needs a UTF-8 locale, so fall back to 1. */
static int
char_width(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

int
text_width(const char *s)
{
	wchar_t wc;
	size_t n;
	int w = 0;

	while (*s != '\0') {
		n = utf8_decode(s, &wc);
		w += n == 0 ? 1 : char_width(wc);
		s += n == 0 ? 1 : n;
	}
	return w;
}

int
text_fit(const char *s, int width, int pad, char *out, size_t outsz)
{
	size_t o = 0, n;
	wchar_t wc;
	int used = 0, w;

	while (*s != '\0') {
		n = utf8_decode(s, &wc);
		w = n == 0 ? 1 : char_width(wc);
		if (n == 0) {
			n = 1;
			wc = '?';
		}
		if (used + w > width || o + n + 1 > outsz)
			break;
		if (wc < 0x20 || wc == 0x7f)
			out[o++] = '?';
		else {
			memcpy(out + o, s, n);
			o += n;
		}
		used += w;
		s += n;
	}
	while (pad && used < width && o + 2 <= outsz) {
		out[o++] = ' ';
		used++;
	}
	if (outsz > 0)
		out[o] = '\0';
	return used;
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
		if (wc >= 0x80 && wc < 0xa0)
			s[o++] = ' ';
		else {
			memmove(s + o, s + n, i);
			o += i;
		}
	}
	return (long)o;
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
