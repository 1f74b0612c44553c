/*
 * SHA-256 (FIPS 180-4), through libcrypto: a file's identity, so a resume
 * reads the same file; and HMAC-SHA256, which signs webhook dial requests.
 */
#ifndef CALLQ_SHA256_H
#define CALLQ_SHA256_H

#include <stddef.h>

#define SHA256_LEN 32

struct evp_md_ctx_st;

struct sha256 {
	struct evp_md_ctx_st *ctx;	/* OpenSSL's EVP_MD_CTX */
};

/* -1 when memory runs out (nothing to free then). */
int sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/*
 * Ends s, freeing it, and writes the digest as 64 lower-case hex digits
 * and a NUL; -1 (hex empty) when libcrypto fails.
 */
int sha256_hex(struct sha256 *s, char hex[65]);

/* HMAC-SHA256 (RFC 2104) of msg under key; -1 when libcrypto fails. */
int hmac_sha256(const void *key, size_t keylen, const void *msg, size_t len,
    unsigned char out[SHA256_LEN]);

#endif
