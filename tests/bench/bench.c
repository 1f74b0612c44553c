/*
 * Store timings on a database: `bench DB` prints the mean time of the
 * queries the screen and scripts lean on. Run by `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "callq/identity.h"
#include "callq/lead.h"
#include "callq/queue.h"

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
	return 0;
}
