/*
 * Store timings on a database: `bench DB` prints the mean time of the
 * queries the screen and scripts lean on, then how long writers wait
 * when many commit at once. `bench loggers DB N STOPFILE` times the
 * quick-logs of N reps until STOPFILE exists (around an import). `bench
 * search DB LOGIN TEXT...` times each keystroke's search as LOGIN types
 * each TEXT a character at a time. `bench reports DB LOGIN` times each
 * report over the last 30 days (dispositions by rep, region and source)
 * and the agents report for today as LOGIN. Run by `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "callq/call.h"
#include "callq/identity.h"
#include "callq/lead.h"
#include "callq/phone.h"
#include "callq/queue.h"
#include "callq/report.h"
#include "callq/search.h"

#define FLOOR_WRITERS	50
#define EDITS		50
#define LOGS_MAX	200000	/* per logger: far more than a run makes */

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Keeps where the last row sat, for the next page. */
static struct queue_pos last_pos;

static int
skip_row(const struct lead *l, const struct queue_item *it, void *arg)
{
	(void)l;
	last_pos = it->pos;
	++*(int *)arg;
	return 0;
}

static int
skip_lead(const struct lead *l, void *arg)
{
	(void)l;
	++*(int *)arg;
	return 0;
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

/*
 * The import's phone step on one core, by how the number is written: the
 * share of its time that only more cores can take.
 */
static void
phones(void)
{
	static const struct {
		const char *what, *format, *region;
	} forms[] = {
		{ "phone: (212) 736-0142, US", "(212) 736-%04d", "US" },
		{ "phone: +1 212 736 0142", "+1 212 736 %04d", NULL },
		{ "phone: +12127360142", "+1212736%04d", NULL },
		{ "phone: 020 7123 0142, GB", "020 7123 %04d", "GB" },
		{ "phone: +44 20 7123 0142", "+44 20 7123 %04d", NULL },
	};
	struct phone_key key;
	struct phone full;
	char raw[32];
	double t;
	size_t f;
	int i, runs = 5000;

	phone_check("+12127360100", NULL, &key);	/* loads the metadata */
	for (f = 0; f < sizeof forms / sizeof forms[0]; f++) {
		t = now_us();
		for (i = 0; i < runs; i++) {
			snprintf(raw, sizeof raw, forms[f].format, i);
			phone_check(raw, forms[f].region, &key);
		}
		report(forms[f].what, now_us() - t, runs);
	}
	t = now_us();
	for (i = 0; i < runs; i++) {
		snprintf(raw, sizeof raw, "(212) 736-%04d", i);
		phone_parse(raw, "US", &full);
	}
	report("phone: the same, as lead add reads it", now_us() - t, runs);
}

struct tally {
	int    n, failed;
	double us[LOGS_MAX];
};

/* One rep: "No answer" on a lead of its own, timed, until stop exists. */
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
		start = now_us();
		if (store_call_log(st, &who, &log, &res, &err) != 0)
			t->failed++;
		t->us[t->n++] = now_us() - start;
	}
	store_close(st);
	_exit(0);
}

/* n reps log calls until stop exists; prints the spread of their waits. */
static int
loggers(const char *path, int n, const char *stop)
{
	size_t size = (size_t)n * sizeof(struct tally);
	struct tally *t = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	double *all;
	int w, k, total = 0, failed = 0;

	if (t == MAP_FAILED)
		return EX_OSERR;
	for (w = 0; w < n; w++)
		if (fork() == 0)
			logger(path, w, stop, &t[w]);
	while (wait(NULL) > 0)
		;
	for (w = 0; w < n; w++)
		total += t[w].n;
	if ((all = malloc((size_t)(total ? total : 1) * sizeof *all)) == NULL)
		return EX_OSERR;
	for (total = 0, w = 0; w < n; w++) {
		for (k = 0; k < t[w].n; k++)
			all[total++] = t[w].us[k];
		failed += t[w].failed;
	}
	qsort(all, (size_t)total, sizeof *all, by_value);
	printf("%d loggers, %d quick-logs during the import: p50 %.1f ms,"
	    " p99 %.1f ms, worst %.1f ms, %d failed\n", n, total,
	    total ? all[total / 2] / 1e3 : 0,
	    total ? all[total * 99 / 100] / 1e3 : 0,
	    total ? all[total - 1] / 1e3 : 0, failed);
	free(all);
	munmap(t, size);
	return failed ? 1 : 0;
}

static double
cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
count_hit(const struct search_hit *h, void *arg)
{
	(void)h;
	++*(int *)arg;
	return 0;
}

/* Each keystroke's results: every prefix of each text, searched anew. */
static int
keystrokes(const char *path, const char *login, char **texts, int ntexts)
{
	enum { ROUNDS = 5, MAX_KEYS = 4096 };
	static double lat[MAX_KEYS], cpu[MAX_KEYS];
	struct err err = { 0 };
	struct store *st;
	struct actor who;
	char prefix[256];
	int i, r, n = 0, hits = 0;
	size_t len;
	double t, c;

	if (store_open(path, STORE_OPEN, &st, &err) != 0 ||
	    identity_resolve(st, login, &who, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return err.status;
	}
	for (r = 0; r < ROUNDS; r++)
		for (i = 0; i < ntexts; i++)
			for (len = 1; len <= strlen(texts[i]) && len <
			    sizeof prefix && n < MAX_KEYS; len++) {
				/* A UTF-8 character is one keystroke. */
				if (((unsigned char)texts[i][len] & 0xc0) == 0x80)
					continue;
				memcpy(prefix, texts[i], len);
				prefix[len] = '\0';
				t = now_us();
				c = cpu_us();
				if (store_search(st, &who, prefix, 100, count_hit,
				    &hits, &err) != 0)
					fprintf(stderr, "bench: %s\n", err.msg);
				cpu[n] = cpu_us() - c;
				lat[n++] = now_us() - t;
			}
	store_close(st);
	/* CPU time too: on a busy machine the clock counts others' turns. */
	qsort(lat, (size_t)n, sizeof lat[0], by_value);
	qsort(cpu, (size_t)n, sizeof cpu[0], by_value);
	printf("search as %-8s %4d keys  p50 %6.2f ms  p99 %6.2f ms  max %6.2f"
	    " ms; CPU p50 %.2f p99 %.2f ms\n", login, n, lat[n / 2] / 1e3,
	    lat[(n * 99) / 100] / 1e3, lat[n - 1] / 1e3, cpu[n / 2] / 1e3,
	    cpu[(n * 99) / 100] / 1e3);
	return 0;
}

#define REPORT_RUNS 7

/* def over q as who, REPORT_RUNS times: the spread of the wall clock. */
static void
report_time(struct store *st, const struct actor *who,
    const struct report_def *def, const struct report_query *q,
    const char *what)
{
	double lat[REPORT_RUNS], cpu[REPORT_RUNS], t, c;
	struct report *rep = NULL;
	struct err err = { 0 };
	int i, rows = 0;

	for (i = 0; i < REPORT_RUNS; i++) {
		t = now_us();
		c = cpu_us();
		if (store_report(st, who, def, q, &rep, &err) != 0) {
			printf("report %-22s %s\n", what, err.msg);
			return;
		}
		cpu[i] = cpu_us() - c;
		lat[i] = now_us() - t;
		rows = rep->nrows;
		report_free(rep);
	}
	qsort(lat, REPORT_RUNS, sizeof lat[0], by_value);
	qsort(cpu, REPORT_RUNS, sizeof cpu[0], by_value);
	printf("report %-22s p50 %7.1f ms  max %7.1f ms  CPU p50 %7.1f ms"
	    " (%d rows)\n", what, lat[REPORT_RUNS / 2] / 1e3,
	    lat[REPORT_RUNS - 1] / 1e3, cpu[REPORT_RUNS / 2] / 1e3, rows);
}

/* Every report over the 30 days to today's end, then agents today. */
static int
reports(const char *path, const char *login)
{
	const struct report_def *def;
	struct report_query q = { 0 };
	struct err err = { 0 };
	struct store *st;
	struct actor who;
	char what[64];
	struct tm tm;
	time_t today;

	if (store_open(path, STORE_OPEN, &st, &err) != 0 ||
	    identity_resolve(st, login, &who, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return err.status;
	}
	q.now = store_now();
	localtime_r(&q.now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	today = mktime(&tm);
	q.to = today + 86400;
	q.from = q.to - 30 * 86400;
	for (def = report_defs; def->name != NULL; def++) {
		snprintf(what, sizeof what, "%s, 30 days", def->name);
		report_time(st, &who, def, &q, what);
	}
	/* The groupings by a lead's column, which a call keeps (schema 12). */
	q.by = "region";
	report_time(st, &who, report_find("dispositions"), &q,
	    "dispositions by region");
	q.by = "source";
	report_time(st, &who, report_find("dispositions"), &q,
	    "dispositions by source");
	q.by = NULL;
	q.from = today;
	report_time(st, &who, report_find("agents"), &q, "agents, today");
	store_close(st);
	return 0;
}

int
main(int argc, char **argv)
{
	struct lead_filter all = { 0 };
	struct store *st;
	struct actor who;
	struct err err = { 0 };
	struct queue_query q = { .now = store_now() };
	struct queue_pos from;
	int64_t counts[TIER_COUNT];
	double t;
	int i, n = 0, runs = 200;

	if (argc == 5 && strcmp(argv[1], "loggers") == 0)
		return loggers(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 1,
		    argv[4]);
	if (argc >= 5 && strcmp(argv[1], "search") == 0)
		return keystrokes(argv[2], argv[3], argv + 4, argc - 4);
	if (argc == 4 && strcmp(argv[1], "reports") == 0)
		return reports(argv[2], argv[3]);
	if (argc != 2) {
		fprintf(stderr, "usage: bench DB | bench loggers DB N STOPFILE"
		    " | bench search DB LOGIN TEXT...\n"
		    "       bench reports DB LOGIN\n");
		return EX_USAGE;
	}
	if (store_open(argv[1], STORE_OPEN, &st, &err) != 0 ||
	    identity_resolve(st, "rep1", &who, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return err.status;
	}
	t = now_us();
	for (i = 0; i < runs; i++)
		store_queue_page(st, &who, &q, 21, skip_row, &n, &err);
	report("queue: first screen (21 rows)", now_us() - t, runs);
	store_queue_page(st, &who, &q, 1000, skip_row, &n, &err);
	from = last_pos;
	t = now_us();
	for (i = 0; i < runs; i++)
		store_queue_walk(st, &who, &q, &from, 0, 0, 21, skip_row, &n,
		    &err);
	report("queue: the page 1,000 rows down", now_us() - t, runs);
	t = now_us();
	for (i = 0; i < runs; i++)
		store_queue_count(st, &who, &q, counts, 1000, &err);
	report("queue: counts (to 1,000 a tier)", now_us() - t, runs);
	t = now_us();
	for (i = 0; i < 10; i++)
		store_lead_list(st, &who, &all, skip_lead, &n, &err);
	report("lead list: all a rep may see", now_us() - t, 10);
	store_close(st);
	phones();
	writers(argv[1], 20);		/* design.md's reference point */
	writers(argv[1], FLOOR_WRITERS);	/* a full floor */
	return 0;
}
