/* SHA-256 (FIPS 180-4): a file's identity, so a resume reads the same file. */
#ifndef CALLQ_SHA256_H
#define CALLQ_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes so far */
	unsigned char buf[64];
	size_t   fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Writes the digest as 64 lower-case hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char hex[65]);

#endif
