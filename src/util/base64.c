#include <limits.h>
#include <openssl/evp.h>
#include <string.h>

#include "callq/base64.h"

int
base64_encode(const void *data, size_t len, char *out, size_t size)
{
	if (len > INT_MAX / 4 * 3 || size < (len + 2) / 3 * 4 + 1)
		return -1;
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return 0;
}

/*
 * EVP_DecodeBlock takes whole quads only, and skips blanks and line
 * ends, which a key never holds: the text is checked first, its whole
 * quads decoded straight into out, and a last short quad padded.
 */
long
base64_decode(const char *text, unsigned char *out, size_t size)
{
	size_t len = strlen(text), full, total;
	unsigned char quad[4], three[3];

	while (len > 0 && text[len - 1] == '=')
		len--;
	if (len % 4 == 1 || len > INT_MAX || strspn(text, "ABCDEFGHIJKLMNOP"
	    "QRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != len)
		return -1;
	full = len - len % 4;
	total = full / 4 * 3 + (len % 4 != 0 ? len % 4 - 1 : 0);
	if (total > size || (full > 0 && EVP_DecodeBlock(out,
	    (const unsigned char *)text, (int)full) < 0))
		return -1;
	if (len % 4 != 0) {
		memcpy(quad, text + full, len % 4);
		memset(quad + len % 4, '=', 4 - len % 4);
		if (EVP_DecodeBlock(three, quad, 4) < 0)
			return -1;
		memcpy(out + full / 4 * 3, three, len % 4 - 1);
		explicit_bzero(three, sizeof three);
		explicit_bzero(quad, sizeof quad);
	}
	return (long)total;
}
