/*
 * callq.conf: "key = value" lines under [section] headers, read from one
 * or more files; a key read later wins. See callq.conf(5).
 */
#ifndef CALLQ_CONF_H
#define CALLQ_CONF_H

#include <stddef.h>
#include <sys/types.h>

#include "callq/err.h"

#define CONF_FILES 4

struct conf_entry {
	char section[32];
	char key[48];
	char value[1024];
	int  line;
	int  file;		/* index into conf.files */
};

struct conf_file {
	char   path[4096];
	mode_t mode;		/* as fstat found it when read */
	int    user_named;	/* read as the user (see priv.h) */
};

struct conf {
	struct conf_file   files[CONF_FILES];
	int                nfiles;
	struct conf_entry *entries;
	size_t             n, cap;
};

/*
 * Reads path into c after what it holds; as the user when user_named
 * (the floor's own file is read with callq's group, any other as the
 * user). A malformed line is refused with a sentence naming the file and
 * line; nothing of the file is kept.
 */
int conf_read(struct conf *c, const char *path, int user_named,
    struct err *err);

/* The last setting of key in section, or NULL. */
const struct conf_entry *conf_get(const struct conf *c, const char *section,
    const char *key);

/* "FILE:LINE" of e, for sentences. */
void conf_where(const struct conf *c, const struct conf_entry *e, char *buf,
    size_t size);

void conf_free(struct conf *c);

#endif
