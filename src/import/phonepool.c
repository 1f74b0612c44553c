#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <sysexits.h>
#include <unistd.h>

#include "callq/clock.h"
#include "callq/phonecache.h"
#include "callq/phonepool.h"
#include "callq/priv.h"

#define WORKERS_MAX 16

struct inbuf;

struct worker {
	pid_t         pid;
	int           to;	/* requests out */
	struct inbuf *from;	/* answers in */
};

struct phonepool {
	int           n;
	struct worker w[WORKERS_MAX];
	char         *buf;	/* a request or an answer being built */
	size_t        used, cap;
};

static void
phone_job_check(struct phone_job *j)
{
	j->result = phonecache_check(j->raw, j->region[0] ? j->region :
	    NULL, &j->key);
}

static int
put(struct phonepool *p, const void *data, size_t len)
{
	char *grown;

	if (p->used + len > p->cap) {
		size_t cap = (p->used + len) * 2;

		if ((grown = realloc(p->buf, cap)) == NULL)
			return -1;
		p->buf = grown;
		p->cap = cap;
	}
	memcpy(p->buf + p->used, data, len);
	p->used += len;
	return 0;
}

static int
put_str(struct phonepool *p, const char *s, size_t max)
{
	uint16_t len = (uint16_t)(s ? strnlen(s, max) : 0);

	return put(p, &len, sizeof len) || put(p, s ? s : "", len);
}

static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A pipe read in large blocks: a field at a time would be a call each. */
struct inbuf {
	int    fd;
	size_t pos, len;
	char   data[1 << 16];
};

static int
read_all(struct inbuf *in, void *buf, size_t len)
{
	char *p = buf;
	size_t n;
	ssize_t got;

	while (len > 0) {
		if (in->pos == in->len) {
			got = read(in->fd, in->data, sizeof in->data);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				return -1;
			in->pos = 0;
			in->len = (size_t)got;
		}
		n = in->len - in->pos < len ? in->len - in->pos : len;
		memcpy(p, in->data + in->pos, n);
		in->pos += n;
		p += n;
		len -= n;
	}
	return 0;
}

static int
read_str(struct inbuf *in, char *out, size_t size)
{
	uint16_t len;

	if (read_all(in, &len, sizeof len) != 0 || len >= size ||
	    read_all(in, out, len) != 0)
		return -1;
	out[len] = '\0';
	return 0;
}

static int
put_byte(struct phonepool *p, int v)
{
	unsigned char b = (unsigned char)v;

	return put(p, &b, 1);
}

/* Appends job j's request: region and raw text. */
static int
put_request(struct phonepool *p, const struct phone_job *j)
{
	return put(p, j->region[0] ? j->region : "  ", 2) ||
	    put_str(p, j->raw, PHONEPOOL_RAW_MAX - 1);
}

static int
put_answer(struct phonepool *p, const struct phone_job *j)
{
	return put_byte(p, j->result) ||
	    put_str(p, j->key.e164, sizeof j->key.e164) ||
	    put_str(p, j->key.ext, sizeof j->key.ext) ||
	    put_str(p, j->key.display, sizeof j->key.display);
}

static int
read_answer(struct inbuf *in, struct phone_job *j)
{
	unsigned char b;

	if (read_all(in, &b, 1) != 0 ||
	    read_str(in, j->key.e164, sizeof j->key.e164) != 0 ||
	    read_str(in, j->key.ext, sizeof j->key.ext) != 0 ||
	    read_str(in, j->key.display, sizeof j->key.display) != 0)
		return -1;
	j->result = (enum phone_check)b;
	return 0;
}

static int
read_request(struct inbuf *in, struct phone_job *j, char *raw)
{
	memset(j, 0, sizeof *j);
	if (read_all(in, j->region, 2) != 0 ||
	    read_str(in, raw, PHONEPOOL_RAW_MAX) != 0)
		return -1;
	if (j->region[0] == ' ')
		j->region[0] = '\0';
	j->raw = raw;
	return 0;
}

/*
 * A worker's life: requests in, answers out, until the pipe closes. It
 * ignores the terminal's signals: the importer decides when work stops.
 */
static void
worker_serve(int fd, int out)
{
	struct phonepool p = { 0 };
	static char raw[PHONEPOOL_RAW_MAX];
	static struct inbuf in;
	struct phone_job j;
	struct timespec t0;
	uint32_t n, i;
	double busy;

	in.fd = fd;
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	while (read_all(&in, &n, sizeof n) == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		p.used = 0;
		for (i = 0; i < n; i++) {
			if (read_request(&in, &j, raw) != 0)
				_exit(EX_IOERR);
			phone_job_check(&j);
			if (put_answer(&p, &j) != 0)
				_exit(EX_OSERR);
		}
		busy = clock_since(&t0);
		if (put(&p, &busy, sizeof busy) != 0)
			_exit(EX_OSERR);
		if (write_all(out, p.buf, p.used) != 0)
			_exit(EX_IOERR);
	}
	_exit(0);
}

/* Closes every descriptor but standard error and the two given. */
static int
fds_keep_only(int a, int b)
{
	unsigned keep[3] = { 2, (unsigned)(a < b ? a : b),
	    (unsigned)(a < b ? b : a) };
	int i;

	for (i = 0; i < 2; i++)
		if (keep[i + 1] > keep[i] + 1 &&
		    close_range(keep[i] + 1, keep[i + 1] - 1, 0) != 0)
			return -1;
	return close_range(keep[2] + 1, ~0U, 0);
}

static int
worker_fail(struct err *err)
{
	return err_set(err, EX_OSERR, "cannot start a phone worker: %s",
	    strerror(errno));
}

static int
worker_start(struct worker *w, struct err *err)
{
	int to[2], from[2];

	if ((w->from = calloc(1, sizeof *w->from)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	if (pipe(to) != 0)
		return worker_fail(err);
	if (pipe(from) != 0) {
		close(to[0]);
		close(to[1]);
		return worker_fail(err);
	}
	if ((w->pid = fork()) == 0) {
		/*
		 * A worker parses untrusted numbers and needs nothing but
		 * its pipes: without the group, and without the database's
		 * descriptors (and another worker's pipe, which would keep
		 * it from its EOF), a flaw it hit could reach nothing.
		 */
		if (fds_keep_only(to[0], from[1]) != 0 || priv_drop() != 0)
			_exit(EX_OSERR);
		worker_serve(to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	w->to = to[1];
	w->from->fd = from[0];
	if (w->pid < 0) {
		close(w->to);
		close(w->from->fd);
		w->to = w->from->fd = -1;
		return worker_fail(err);
	}
	return 0;
}

int
phonepool_start(struct phonepool **pool, int workers, struct err *err)
{
	struct phonepool *p;

	if (workers > WORKERS_MAX)
		workers = WORKERS_MAX;
	/*
	 * The phone library is loaded once, here, before any fork: each
	 * worker inherits it rather than loading and relocating its own.
	 */
	phone_load();
	if ((p = calloc(1, sizeof *p)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	/* A worker that dies must be an error to report, not a SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	for (p->n = 0; p->n < workers; p->n++)
		if (worker_start(&p->w[p->n], err) != 0) {
			free(p->w[p->n].from);
			phonepool_stop(p);
			return err->status;
		}
	*pool = p;
	return 0;
}

/* Worker i's share of n jobs: a contiguous slice, so order is kept. */
static void
share(const struct phonepool *p, int i, size_t n, size_t *from, size_t *to)
{
	*from = n * (size_t)i / (size_t)p->n;
	*to = n * (size_t)(i + 1) / (size_t)p->n;
}

/*
 * Worker w broke its pipe: it is dying, as only its exit closes its end.
 * Reaped here to say how (the kill only makes sure of it, should it have
 * answered nonsense: the cause of a death already under way stays). A
 * killed worker, the kernel short of memory, is a temporary failure that
 * a resume goes on from.
 */
static int
pool_broken(struct worker *w, struct err *err)
{
	pid_t pid = w->pid;
	int status;

	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_set(err, EX_TEMPFAIL, "phone worker process"
			    " %ld stopped answering", (long)pid);
	w->pid = -1;
	if (WIFSIGNALED(status))
		return err_set(err, EX_TEMPFAIL, "phone worker process %ld"
		    " was killed by signal %d (%s)", (long)pid,
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	return err_set(err, EX_TEMPFAIL, "phone worker process %ld ended"
	    " with status %d", (long)pid, WEXITSTATUS(status));
}

int
phonepool_send(struct phonepool *p, struct phone_job *jobs, size_t n,
    struct err *err)
{
	size_t from, to, k;
	uint32_t count;
	int i;

	for (i = 0; i < p->n; i++) {
		share(p, i, n, &from, &to);
		count = (uint32_t)(to - from);
		p->used = 0;
		if (put(p, &count, sizeof count) != 0)
			return err_set(err, EX_OSERR, "out of memory");
		for (k = from; k < to; k++)
			if (put_request(p, &jobs[k]) != 0)
				return err_set(err, EX_OSERR, "out of memory");
		if (write_all(p->w[i].to, p->buf, p->used) != 0)
			return pool_broken(&p->w[i], err);
	}
	return 0;
}

int
phonepool_wait(struct phonepool *p, struct phone_job *jobs, size_t n,
    double *busy, struct err *err)
{
	struct timespec t0;
	size_t from, to, k;
	double spent;
	int i;

	if (p->n == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (k = 0; k < n; k++)
			phone_job_check(&jobs[k]);
		*busy += clock_since(&t0);
		return 0;
	}
	for (i = 0; i < p->n; i++) {
		share(p, i, n, &from, &to);
		for (k = from; k < to; k++)
			if (read_answer(p->w[i].from, &jobs[k]) != 0)
				return pool_broken(&p->w[i], err);
		if (read_all(p->w[i].from, &spent, sizeof spent) != 0)
			return pool_broken(&p->w[i], err);
		*busy += spent;
	}
	return 0;
}

void
phonepool_stop(struct phonepool *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		close(p->w[i].to);
		close(p->w[i].from->fd);
		free(p->w[i].from);
		while (p->w[i].pid > 0 && waitpid(p->w[i].pid, NULL, 0) < 0 &&
		    errno == EINTR)
			;
	}
	free(p->buf);
	free(p);
}
