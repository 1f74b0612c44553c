#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>

#include "callq/sha256.h"

int
sha256_init(struct sha256 *s)
{
	if ((s->ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(s->ctx);
		s->ctx = NULL;
		return -1;
	}
	return 0;
}

/* A failure ends s at once; sha256_hex then says so. */
void
sha256_update(struct sha256 *s, const void *data, size_t len)
{
	if (s->ctx != NULL && EVP_DigestUpdate(s->ctx, data, len) != 1) {
		EVP_MD_CTX_free(s->ctx);
		s->ctx = NULL;
	}
}

int
sha256_hex(struct sha256 *s, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	int ok;

	hex[0] = '\0';
	ok = s->ctx != NULL && EVP_DigestFinal_ex(s->ctx, md, &n) == 1 &&
	    n == SHA256_LEN;
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
	if (!ok)
		return -1;
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

int
hmac_sha256(const void *key, size_t keylen, const void *msg, size_t len,
    unsigned char out[SHA256_LEN])
{
	unsigned int n = 0;

	return HMAC(EVP_sha256(), key, (int)keylen, msg, len, out, &n) != NULL &&
	    n == SHA256_LEN ? 0 : -1;
}
