/*
 * Store timings on a database: `bench DB` prints the mean time of the
 * queries the screen and scripts lean on, then how long writers wait
 * when many commit at once. Run by `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "callq/identity.h"
#include "callq/lead.h"
#include "callq/queue.h"

#define FLOOR_WRITERS	50
#define EDITS		50

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
skip_row(const struct lead *l, enum queue_tier tier, void *arg)
{
	(void)l;
	(void)tier;
	++*(int *)arg;
	return 0;
}

static int
skip_lead(const struct lead *l, void *arg)
{
	return skip_row(l, TIER_FRESH, arg);
}

static void
report(const char *what, double total_us, int runs)
{
	printf("%-34s %10.1f us\n", what, total_us / runs);
}

/* One writer: EDITS one-field edits of its own lead, each timed. */
static void
writer(const char *path, int w, double *lat, int *failed)
{
	struct lead_change ch;
	struct store *st;
	struct actor who;
	struct err err = { 0 };
	char prio[4];
	double t;
	int i;

	if (store_open(path, STORE_OPEN, &st, &err) != 0 ||
	    identity_resolve(st, NULL, &who, &err) != 0)
		_exit(1);
	for (i = 0; i < EDITS; i++) {
		snprintf(prio, sizeof prio, "%d", i % 10);
		lead_change_parse(lead_field_find("priority"), prio, 0, &ch,
		    &err);
		t = now_us();
		if (store_lead_edit(st, &who, w + 1, &ch, 1, 0, &err) != 0)
			failed[w]++;
		lat[w * EDITS + i] = now_us() - t;
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

/* nw processes commit at once; prints the spread of their waits. */
static void
writers(const char *path, int nw)
{
	size_t n = (size_t)nw * EDITS;
	size_t size = n * sizeof(double) + (size_t)nw * sizeof(int);
	double *lat = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int *failed, w, fails = 0;

	if (lat == MAP_FAILED)
		return;
	failed = (int *)(lat + n);
	for (w = 0; w < nw; w++)
		if (fork() == 0)
			writer(path, w, lat, failed);
	while (wait(NULL) > 0)
		;
	for (w = 0; w < nw; w++)
		fails += failed[w];
	qsort(lat, n, sizeof *lat, by_value);
	printf("%d writers x %d edits: p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
	    " %d failed\n", nw, EDITS, lat[n / 2] / 1e3,
	    lat[n * 99 / 100] / 1e3, lat[n - 1] / 1e3, fails);
	munmap(lat, size);
}

int
main(int argc, char **argv)
{
	struct lead_filter all = { 0 };
	struct store *st;
	struct actor who;
	struct err err = { 0 };
	int64_t count;
	double t;
	int i, n = 0, runs = 200;

	if (argc != 2) {
		fprintf(stderr, "usage: bench DB\n");
		return EX_USAGE;
	}
	if (store_open(argv[1], STORE_OPEN, &st, &err) != 0 ||
	    identity_resolve(st, "rep1", &who, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return err.status;
	}
	t = now_us();
	for (i = 0; i < runs; i++)
		store_queue_page(st, &who, time(NULL), 0, 21, skip_row, &n, &err);
	report("queue: first screen (21 rows)", now_us() - t, runs);
	t = now_us();
	for (i = 0; i < runs; i++)
		store_queue_page(st, &who, time(NULL), 1000, 21, skip_row, &n,
		    &err);
	report("queue: a page 1,000 rows down", now_us() - t, runs);
	t = now_us();
	for (i = 0; i < runs; i++)
		store_queue_count(st, &who, &count, &err);
	report("queue: count", now_us() - t, runs);
	t = now_us();
	for (i = 0; i < 10; i++)
		store_lead_list(st, &who, &all, skip_lead, &n, &err);
	report("lead list: all a rep may see", now_us() - t, 10);
	store_close(st);
	writers(argv[1], 20);		/* design.md's reference point */
	writers(argv[1], FLOOR_WRITERS);	/* a full floor */
	return 0;
}
