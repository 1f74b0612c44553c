#include <string.h>

#include "callq/base64.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int
base64_encode(const void *data, size_t len, char *out, size_t size)
{
	const unsigned char *p = data;
	size_t i, o = 0;
	unsigned long v;

	if (size < (len + 2) / 3 * 4 + 1)
		return -1;
	for (i = 0; i < len; i += 3) {
		v = (unsigned long)p[i] << 16;
		if (i + 1 < len)
			v |= (unsigned long)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = i + 1 < len ? alphabet[v >> 6 & 63] : '=';
		out[o++] = i + 2 < len ? alphabet[v & 63] : '=';
	}
	out[o] = '\0';
	return 0;
}

static int
sextet(char c)
{
	const char *at = c != '\0' ? strchr(alphabet, c) : NULL;

	return at != NULL ? (int)(at - alphabet) : -1;
}

long
base64_decode(const char *text, unsigned char *out, size_t size)
{
	size_t len = strlen(text), o = 0, i;
	unsigned long v = 0;
	int bits = 0, s;

	while (len > 0 && text[len - 1] == '=')
		len--;
	if (len % 4 == 1)
		return -1;
	for (i = 0; i < len; i++) {
		if ((s = sextet(text[i])) < 0)
			return -1;
		v = (v << 6 | (unsigned long)s) & 0xffffff;
		if ((bits += 6) >= 8) {
			bits -= 8;
			if (o == size)
				return -1;
			out[o++] = (unsigned char)(v >> bits);
		}
	}
	return (long)o;
}
