#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "callq/csvfield.h"
#include "callq/path.h"
#include "callq/priv.h"
#include "callq/rejects.h"

struct rejects {
	FILE *f;
	char *path;
	int   tty;	/* named a terminal: masked, as all output to one */
};

static int
rejects_fail(struct rejects *r, struct err *err)
{
	return err_set(err, EX_CANTCREAT, "cannot write the rejects file %s:"
	    " %s", r->path, priv_strerror(errno));
}

/* The fields, then the reason and the row (words, in the header). */
static int
record_write(struct rejects *r, char *const *fields, const size_t *lens,
    size_t n, const char *reason, const char *row, struct err *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		csvfield_write(r->f, fields[i], lens[i], r->tty);
		putc(',', r->f);
	}
	csvfield_write(r->f, reason, strlen(reason), r->tty);
	putc(',', r->f);
	csvfield_write(r->f, row, strlen(row), r->tty);
	fputs("\r\n", r->f);
	return ferror(r->f) ? rejects_fail(r, err) : 0;
}

/*
 * As the user: access(2) asks with the real ids, which a shared install's
 * setgid leaves the user's, and stat(2) runs without the group.
 */
static int
path_writable(void *arg)
{
	const char *path = arg;
	char dir[4096], *slash;
	struct stat sb;

	if (path[0] == '\0') {
		errno = ENOENT;
		return -1;
	}
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		return access(path, W_OK);
	}
	if (errno != ENOENT)
		return -1;
	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';		/* "/r.csv" is in "/" */
	else
		*slash = '\0';
	return access(dir, W_OK | X_OK);
}

int
rejects_check(const char *path)
{
	if (priv_path_is_floors(path)) {
		errno = EPERM;
		return -1;
	}
	return priv_as_user(path_writable, (void *)path);
}

/* mkdir -p, as the user: the directories are the user's, not callq's. */
static int
dirs_make(void *arg)
{
	char *dir = arg, *p;

	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
		if ((*p = c) == '\0')
			return 0;
	}
}

int
rejects_fallback(const char *csv, const char *sha, int n, char *out,
    size_t size)
{
	char dir[4096], leaf[512], seq[16] = "";
	const char *base = strrchr(csv, '/') ? strrchr(csv, '/') + 1 : csv;
	size_t len = strlen(base);

	if (len > 4 && strcasecmp(base + len - 4, ".csv") == 0)
		len -= 4;
	if (len > 200)
		len = 200;
	if (n > 0)
		snprintf(seq, sizeof seq, "-%d", n + 1);
	snprintf(leaf, sizeof leaf, "%.*s-%.8s%s.rejects.csv", (int)len, base,
	    sha, seq);
	if (path_data("rejects", dir, sizeof dir) != 0 ||
	    priv_as_user(dirs_make, dir) != 0)
		return -1;
	if (priv_path_is_floors(dir)) {
		errno = EPERM;
		return -1;
	}
	if ((size_t)snprintf(out, size, "%s/%s", dir, leaf) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return rejects_check(out);
}

struct kept {
	const char *path;
	int64_t     keep;
};

static int
kept_check(void *arg)
{
	const struct kept *k = arg;
	struct stat sb;

	if (stat(k->path, &sb) != 0)
		return -1;
	return !S_ISREG(sb.st_mode) || sb.st_size >= k->keep ? 0 : -1;
}

int
rejects_kept(const char *path, int64_t keep)
{
	struct kept k = { path, keep };

	return keep > 0 ? priv_as_user(kept_check, &k) : 0;
}

int
rejects_open(struct rejects **out, const char *path, int64_t keep,
    char *const *header, const size_t *lens, size_t n, struct err *err)
{
	struct rejects *r;
	struct stat sb;
	int fd;

	if ((r = calloc(1, sizeof *r)) == NULL ||
	    (r->path = strdup(path)) == NULL) {
		free(r);
		return err_set(err, EX_OSERR, "out of memory");
	}
	/* Beside the user's own file, so as the user (see priv.h). */
	fd = priv_open(path, O_WRONLY | O_CREAT | (keep > 0 ? 0 : O_TRUNC) |
	    O_CLOEXEC, 0644);
	if (fd < 0 || (keep > 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (ftruncate(fd, keep) != 0 || lseek(fd, 0, SEEK_END) < 0)) ||
	    (r->f = fdopen(fd, "w")) == NULL) {
		rejects_fail(r, err);
		if (fd >= 0)
			close(fd);
		free(r->path);
		free(r);
		return err->status;
	}
	r->tty = isatty(fd);
	*out = r;
	if (keep == 0 &&
	    record_write(r, header, lens, n, "Reject reason", "Row", err) != 0) {
		rejects_close(r);
		return err->status;
	}
	return 0;
}

int
rejects_write(struct rejects *r, char *const *fields, const size_t *lens,
    size_t n, const char *reason, int64_t row, struct err *err)
{
	char number[24];

	snprintf(number, sizeof number, "%lld", (long long)row);
	return record_write(r, fields, lens, n, reason, number, err);
}

int
rejects_sync(struct rejects *r, int64_t *bytes, struct err *err)
{
	long at;

	if (fflush(r->f) != 0 || (at = ftell(r->f)) < 0)
		return rejects_fail(r, err);
	*bytes = at;
	return 0;
}

void
rejects_close(struct rejects *r)
{
	if (r == NULL)
		return;
	fclose(r->f);
	free(r->path);
	free(r);
}
