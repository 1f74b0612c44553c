/*
 * Import batches and the leads they bring: the store's side of `callq
 * import`. A batch's leads stay out of every queue and list until the
 * batch is complete.
 */
#ifndef CALLQ_BATCH_H
#define CALLQ_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "callq/store.h"

enum batch_state {
	BATCH_RUNNING,
	BATCH_INTERRUPTED,
	BATCH_COMPLETE,
	BATCH_DISCARDED,
};

struct batch_counts {
	int64_t read;		/* data rows done: a resume starts after them */
	int64_t imported, duplicate, dnc, rejected, warning;
	int64_t rejects_bytes;	/* the rejects file's length at this point */
};

struct batch {
	int64_t             id;
	char                region[104];
	char                country[4];	/* --country, or "" */
	char                file_name[4096];
	int64_t             file_size;
	char                sha256[65];
	char                rejects_path[4096];
	char                runner[128];	/* host:pid:start of its process */
	enum batch_state    state;
	struct batch_counts counts;
	char                started_by[64];
	time_t              started_at, finished_at;
};

enum batch_outcome {
	BATCH_NEW,		/* inserted */
	BATCH_DUPLICATE,	/* its number is a live lead's already */
	BATCH_DNC,		/* its number is on the do-not-call list */
};

/* One lead as an import brings it; NULL for a field the row lacks. */
struct batch_lead {
	const char *name, *phone_raw, *e164, *ext, *country;
	const char *street_number, *street, *city, *state, *postal_code;
	const char *url, *timezone, *tz_basis, *extra;
	const char *display;		/* the number as people read it */
	/* A contact to make on the lead (NULL: none), with no number. */
	const char *contact_name, *contact_role;
	int         has_website;	/* -1: unknown */
	int         has_coords;
	double      lat, lng;
	enum batch_outcome outcome;	/* set by store_batch_add */
};

const char *batch_state_name(enum batch_state state);

/*
 * Gives this connection the page cache (MiB) an import wants: settling
 * sorts and walks the whole batch, and every page read again is a system
 * call. Bounded, as the import's memory must be whatever the file.
 */
int store_batch_cache(struct store *st, int mib, struct err *err);

/*
 * Records a new running batch from b (region, country, file, size, sha256,
 * rejects path, runner), creating the region when it is new. Admins only.
 * Sets b->id.
 */
int store_batch_begin(struct store *st, const struct actor *who,
    struct batch *b, struct err *err);

/* Reads batch id into b; EX_NOINPUT when there is none. */
int store_batch_get(struct store *st, int64_t id, struct batch *b,
    struct err *err);

/*
 * Takes over batch id for a resume when its runner is still old_runner
 * (the process that had it is gone), so two resumes cannot both run it.
 */
int store_batch_claim(struct store *st, const struct actor *who, int64_t id,
    const char *old_runner, const char *runner, struct err *err);

/*
 * The importer's memory of numbers already known: a filter that may say
 * yes wrongly (the store then looks the number up) but never no wrongly.
 * since is the highest lead id it has seen.
 */
struct batch_filter {
	int   (*has)(const char *e164, void *arg);
	void  (*add)(const char *e164, void *arg);
	void   *arg;
	int64_t since;
	/*
	 * The file's own numbers, exactly, as far as memory allows: first
	 * says whether e164 is met for the first time (and remembers it),
	 * forget undoes that for a rolled-back attempt. What it cannot hold,
	 * store_batch_settle finds.
	 */
	int   (*first)(const char *e164, void *numbers);
	void  (*forget)(const char *e164, void *numbers);
	void   *numbers;
};

/*
 * Fills filter with every lead's number and the do-not-call list, and
 * sets its since.
 */
int store_batch_known(struct store *st, struct batch_filter *filter,
    struct err *err);

/*
 * In one transaction: inserts rows[0..n) into batch id, skipping (and
 * marking) numbers of live leads and of the do-not-call list, and records
 * *counts, to which the outcomes are added, as the batch's resume point.
 * Numbers met earlier in the file are left to store_batch_settle. Leads
 * others added since the filter last looked are added to it first.
 * Nothing of it is written when it fails.
 */
int store_batch_add(struct store *st, int64_t id, struct batch_lead *rows,
    size_t n, struct batch_counts *counts, struct batch_filter *filter,
    struct err *err);

/*
 * What store_batch_add would do to rows[0..n), counted into *counts and
 * marked, with nothing written to the database: a dry run. Numbers it
 * passes are remembered (in a temporary table, on disk) for the next call.
 */
int store_batch_check(struct store *st, struct batch_lead *rows, size_t n,
    struct batch_counts *counts, struct batch_filter *filter,
    struct err *err);

/*
 * Once every row is in: removes the leads of batch id whose number came
 * earlier in the file or was taken meanwhile (adding them to *counts as
 * duplicates) and puts the rest in the number index, a chunk per
 * transaction. Safe to run again after a crash.
 */
int store_batch_settle(struct store *st, int64_t id,
    struct batch_counts *counts, struct err *err);

/* Ends batch id as complete or interrupted with counts. */
int store_batch_finish(struct store *st, const struct actor *who, int64_t id,
    enum batch_state state, const struct batch_counts *counts,
    struct err *err);

/*
 * Removes the leads batch id added, a chunk per transaction, and marks it
 * discarded. Only a batch that never completed; sets *removed.
 */
int store_batch_discard(struct store *st, const struct actor *who,
    int64_t id, const char *old_runner, int64_t *removed, struct err *err);

/* Every batch, newest first. */
int store_batch_list(struct store *st, const struct actor *who,
    int (*each)(const struct batch *, void *), void *arg, struct err *err);

#endif
