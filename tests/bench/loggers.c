/*
 * Quick-logs while something else writes: `loggers DB N STOPFILE` forks N
 * processes that each log "No answer" on a lead of their own in a loop,
 * timing every log, until STOPFILE exists. Then prints the worst wait, the
 * 99th percentile and how many logs failed. Run by `make bench` around a
 * 100,000-row import.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "callq/call.h"
#include "callq/identity.h"

#define LOGS_MAX 200000		/* per logger: far more than a run makes */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct tally {
	int    n, failed;
	double ms[LOGS_MAX];
};

static void
logger(const char *path, int w, const char *stop, struct tally *t)
{
	struct call_log log = { .lead_id = w + 1, .disposition = "1" };
	struct call_result res;
	struct store *st;
	struct actor who;
	struct err err = { 0 };
	double start;

	if (store_open(path, STORE_OPEN, &st, &err) != 0 ||
	    identity_resolve(st, NULL, &who, &err) != 0)
		_exit(1);
	while (access(stop, F_OK) != 0 && t->n < LOGS_MAX) {
		start = now_ms();
		if (store_call_log(st, &who, &log, &res, &err) != 0)
			t->failed++;
		t->ms[t->n++] = now_ms() - start;
	}
	store_close(st);
	_exit(0);
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	struct tally *t;
	double *all;
	int n, w, k, total = 0, failed = 0;
	size_t size;

	if (argc != 4 || (n = atoi(argv[2])) < 1 || n > 16) {
		fprintf(stderr, "usage: loggers DB N STOPFILE\n");
		return EX_USAGE;
	}
	size = (size_t)n * sizeof *t;
	t = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (t == MAP_FAILED)
		return EX_OSERR;
	for (w = 0; w < n; w++)
		if (fork() == 0)
			logger(argv[1], w, argv[3], &t[w]);
	while (wait(NULL) > 0)
		;
	for (w = 0; w < n; w++)
		total += t[w].n;
	if ((all = malloc((size_t)(total ? total : 1) * sizeof *all)) == NULL)
		return EX_OSERR;
	for (total = 0, w = 0; w < n; w++) {
		for (k = 0; k < t[w].n; k++)
			all[total++] = t[w].ms[k];
		failed += t[w].failed;
	}
	qsort(all, (size_t)total, sizeof *all, by_value);
	printf("%d loggers, %d quick-logs during the import: p50 %.1f ms,"
	    " p99 %.1f ms, worst %.1f ms, %d failed\n", n, total,
	    total ? all[total / 2] : 0, total ? all[total * 99 / 100] : 0,
	    total ? all[total - 1] : 0, failed);
	free(all);
	munmap(t, size);
	return failed ? 1 : 0;
}
