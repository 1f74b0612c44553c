/*
 * SHA-256 (FIPS 180-4): a file's identity, so a resume reads the same
 * file; and HMAC-SHA256, which signs webhook dial requests.
 */
#ifndef CALLQ_SHA256_H
#define CALLQ_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes so far */
	unsigned char buf[64];
	size_t   fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Ends s and writes the digest. */
void sha256_final(struct sha256 *s, unsigned char out[SHA256_LEN]);
/* Ends s and writes the digest as 64 lower-case hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char hex[65]);

/* HMAC-SHA256 (RFC 2104) of msg under key. */
void hmac_sha256(const void *key, size_t keylen, const void *msg, size_t len,
    unsigned char out[SHA256_LEN]);

#endif
