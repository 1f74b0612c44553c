/*
 * Base64 (RFC 4648, standard alphabet): webhook secrets
 * and signatures.
 */
#ifndef CALLQ_BASE64_H
#define CALLQ_BASE64_H

#include <stddef.h>

/* Writes the encoding of data and a NUL; -1 when out is too small. */
int base64_encode(const void *data, size_t len, char *out, size_t size);

/*
 * Decodes text (padding optional) into out; returns the byte count, or
 * -1 when text is not base64 or out is too small.
 */
long base64_decode(const char *text, unsigned char *out, size_t size);

#endif
