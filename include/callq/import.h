/*
 * Importing a regional CSV lead list: streamed, checked row by row, phones
 * normalized on every core, duplicates and do-not-call numbers skipped,
 * bad rows written to a rejects file, committed in chunks as a batch that
 * stays invisible until complete and can be resumed or discarded.
 */
#ifndef CALLQ_IMPORT_H
#define CALLQ_IMPORT_H

#include <signal.h>
#include <stdint.h>

#include "callq/batch.h"
#include "callq/store.h"

/* The columns callq reads; the rest are kept as the lead's extra fields. */
enum import_field {
	IMPORT_NAME, IMPORT_PHONE, IMPORT_STREET_NUMBER, IMPORT_STREET,
	IMPORT_CITY, IMPORT_REGION, IMPORT_POSTAL_CODE, IMPORT_COUNTRY,
	IMPORT_URL, IMPORT_WEBSITE, IMPORT_LAT, IMPORT_LNG,
	IMPORT_CONTACT_NAME, IMPORT_CONTACT_ROLE, IMPORT_FIELDS
};

/* Fields longer than this are a row's fault, not a lead's. */
#define IMPORT_FIELD_MAX 4096

struct import_progress {
	int64_t rows;		/* data rows done, this run and before */
	int64_t bytes, total;	/* of the file */
	double  seconds;	/* since this run started */
};

/* The header as the import reads it: which column each field comes from. */
struct import_header {
	size_t       n;
	char *const *name;		/* the header's names, trimmed */
	int          at[IMPORT_FIELDS];	/* -1: no column */
	char         delimiter;
};

/* One row and what the import makes of it (o->row, a preview). */
struct import_row {
	int64_t      number;		/* 2 for the first data row */
	char *const *field;		/* as read */
	const size_t *len;
	size_t       n;
	const char  *e164, *display, *country, *timezone;	/* or "" */
	const char  *verdict;	/* "new", "duplicate", "do-not-call" or why
				   it is rejected */
	int          imported;	/* it becomes a lead */
};

/*
 * What an import's write transactions aim at, in seconds, when reps may
 * be working (o->tx_target): well under the 200 ms a rep's quick-log may
 * wait, leaving room for a commit that comes out longer than its last.
 */
#define IMPORT_TX_TARGET 0.08

struct import_opts {
	const char *path;
	const char *region;	/* the batch's region; created when new */
	const char *country;	/* --country (alpha-2), or NULL */
	const char *rejects;	/* NULL: path with .rejects.csv */
	/* Header names other than the default; "": leave the field out. */
	const char *map[IMPORT_FIELDS];
	int         dry_run;
	int64_t     resume;	/* batch to go on with, or 0 */
	int         workers;	/* phone worker processes; < 0: one per core */
	int64_t     limit;	/* data rows to read at most; 0: all */
	void      (*progress)(const struct import_progress *, void *);
	/* Called once the header is read, and for every row settled. */
	void      (*header)(const struct import_header *, void *);
	void      (*row)(const struct import_row *, void *);
	void       *arg;
	/* Set (by a signal handler) to stop after the chunk at hand. */
	volatile sig_atomic_t *stop;
	/*
	 * Seconds a chunk's write transaction aims at: chunks shrink (and
	 * grow back) so each holds the write lock about this long, however
	 * loaded the machine. 0: chunks of a fixed 4,096 rows.
	 */
	double      tx_target;
};

/* Where an import's time went, in seconds of wall clock (--timings). */
struct import_times {
	double hash;		/* the SHA-256 of the file */
	double read;		/* reading the CSV, checking and copying rows */
	double phone;		/* the workers' busy time, summed */
	double wait;		/* the reader idle, waiting for the workers */
	double leads;		/* building the leads of checked rows */
	double insert;		/* the store: dedupe, inserts, indexes, commits */
	double settle;		/* in-file duplicates out, the number index in */
	double total;
	double longest;		/* the longest write transaction: what a
				   rep's write may have waited behind */
};

struct import_result {
	struct batch_counts counts;
	struct import_times times;
	int64_t batch;		/* 0 for a dry run */
	int64_t same_as;	/* a complete batch of the same file, or 0 */
	char    rejects_path[4096];	/* "" when no row was rejected */
	int     rejects_moved;	/* in the user's data directory, as the
				   file's own could not be written */
};

/* The field a --map name means ("phone", "postal_code", ...); -1 if none. */
int import_field_parse(const char *name);

/* Field f's --map name ("postal_code") and default header ("Postal code"). */
const char *import_field_name(enum import_field f);
const char *import_field_header(enum import_field f);

/*
 * Runs the import o describes as who (admins only). A rejects file that
 * cannot be written is refused before the batch is made (EX_CANTCREAT);
 * without o->rejects, one beside an unwritable directory goes to the
 * user's data directory instead (rejects_fallback, r->rejects_moved).
 * When it stops early (o->stop or a phone worker lost: EX_TEMPFAIL; the
 * database or the rejects file refusing a write) the batch is left
 * interrupted, and err's sentence ends with how to resume or discard it.
 */
int import_run(struct store *st, const struct actor *who,
    const struct import_opts *o, struct import_result *r, struct err *err);

/*
 * b's state as people should see it: a running batch whose process is
 * gone (killed, a power cut) is interrupted.
 */
enum batch_state import_state(const struct batch *b);

/*
 * Removes what interrupted batch id added. Refused while the import is
 * still running. Sets *removed.
 */
int import_discard(struct store *st, const struct actor *who, int64_t id,
    int64_t *removed, struct err *err);

#endif
