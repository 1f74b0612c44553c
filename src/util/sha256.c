/*
 * SHA-256 and HMAC-SHA256 through libcrypto, loaded on the first hash:
 * only an import and a webhook dial hash anything, and linking libcrypto
 * cost every start 0.7 ms and 1.4 MB (make bench). Its own code is kept
 * rather than one of ours because it uses the CPU's SHA instructions, and
 * an import hashes the whole file.
 *
 * It is opened by its soname, which the dynamic loader looks for only in
 * the system's library directories (LD_LIBRARY_PATH is ignored when callq
 * runs setgid), so no user can put a file of theirs in its place.
 */
#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>

#include "callq/sha256.h"

/* OpenSSL 3's, the one the headers above are from. */
#define CRYPTO_SONAME "libcrypto.so.3"

static struct {
	__typeof__(EVP_MD_CTX_new)     *ctx_new;
	__typeof__(EVP_MD_CTX_free)    *ctx_free;
	__typeof__(EVP_sha256)         *sha256;
	__typeof__(EVP_DigestInit_ex)  *init;
	__typeof__(EVP_DigestUpdate)   *update;
	__typeof__(EVP_DigestFinal_ex) *final;
	__typeof__(HMAC)               *hmac;
} crypto;

/* Looks up each entry point by name. */
static int
crypto_bind(void *so)
{
	static const char *const names[] = { "EVP_MD_CTX_new",
	    "EVP_MD_CTX_free", "EVP_sha256", "EVP_DigestInit_ex",
	    "EVP_DigestUpdate", "EVP_DigestFinal_ex", "HMAC" };
	void **addr[] = { (void **)&crypto.ctx_new, (void **)&crypto.ctx_free,
	    (void **)&crypto.sha256, (void **)&crypto.init,
	    (void **)&crypto.update, (void **)&crypto.final,
	    (void **)&crypto.hmac };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((*addr[i] = dlsym(so, names[i])) == NULL)
			return -1;
	return 0;
}

/* 0 once libcrypto is loaded; -1, each time, when it cannot be. */
static int
crypto_load(void)
{
	static int state;	/* 0: not tried, 1: loaded, -1: failed */
	void *so;

	if (state == 0) {
		so = dlopen(CRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL);
		state = so != NULL && crypto_bind(so) == 0 ? 1 : -1;
	}
	return state == 1 ? 0 : -1;
}

int
sha256_init(struct sha256 *s)
{
	s->ctx = NULL;
	if (crypto_load() != 0 || (s->ctx = crypto.ctx_new()) == NULL)
		return -1;
	if (crypto.init(s->ctx, crypto.sha256(), NULL) != 1) {
		crypto.ctx_free(s->ctx);
		s->ctx = NULL;
		return -1;
	}
	return 0;
}

/* A failure ends s at once; sha256_hex then says so. */
void
sha256_update(struct sha256 *s, const void *data, size_t len)
{
	if (s->ctx != NULL && crypto.update(s->ctx, data, len) != 1) {
		crypto.ctx_free(s->ctx);
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
	if (s->ctx == NULL)
		return -1;
	ok = crypto.final(s->ctx, md, &n) == 1 && n == SHA256_LEN;
	crypto.ctx_free(s->ctx);
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

	return crypto_load() == 0 && crypto.hmac(crypto.sha256(), key,
	    (int)keylen, msg, len, out, &n) != NULL && n == SHA256_LEN ? 0 : -1;
}
