/*
 * The search fold: text reduced so that case, accents and compatibility
 * forms do not matter ("ZOË'S" and "zoe's" fold alike), for any script.
 * See data/gen/fold.py for what the fold is, and the Unicode version.
 */
#ifndef CALLQ_FOLD_H
#define CALLQ_FOLD_H

#include <stddef.h>

/*
 * The fold of the NUL-terminated UTF-8 text s, as a new string the caller
 * frees (its length in *len when len is not NULL); bytes that are not
 * UTF-8 are dropped. NULL when memory runs out.
 */
char *fold_text(const char *s, size_t *len);

#endif
