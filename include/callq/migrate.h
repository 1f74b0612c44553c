/*
 * callq migrate (src/store/migrate.c): the floor callq has open, copied
 * into an empty PostgreSQL database (or, from PostgreSQL, into a new
 * SQLite file), every table with its ids, then checked table by table:
 * the rows on both sides counted and hashed.
 */
#ifndef CALLQ_MIGRATE_H
#define CALLQ_MIGRATE_H

#include <stdint.h>

#include "callq/store.h"

/* More tables than the floor has, with room for later steps. */
#define MIGRATE_TABLES_MAX 64

/* One table's check: its rows and their SHA-256 on each side. */
struct migrate_table {
	char    name[64];
	int64_t rows_floor, rows_target;
	char    sha_floor[65], sha_target[65];	/* lower-case hex */
	int     same;		/* same rows, same hash */
};

struct migrate_result {
	int     ntables;	/* in the order they were copied */
	struct migrate_table tables[MIGRATE_TABLES_MAX];
	int64_t rows;		/* rows on the floor, all tables */
	double  copy_s;		/* the copy, schema to commit (0: --verify) */
	double  verify_s;	/* reading both sides back and hashing */
	int     checked;	/* the check ran to its end */
	int     ndiffer;	/* tables whose check failed */
	int     back;		/* the copy is a SQLite file */
};

/*
 * Copies st's SQLite floor into the PostgreSQL database that to names
 * (postgresql://URL or postgresql:KEYWORDS), which must hold no table:
 * creates the schema (pgschema.c), copies each table in foreign-key
 * order with the triggers off (their rows are data here), moves the id
 * sequences on, checks every table against the floor, and commits only
 * then: a failure leaves the database as it was. From a PostgreSQL
 * floor, to names a SQLite file (a path or sqlite:PATH) that must not
 * exist yet; a failure leaves no file. The floor is read in one read
 * transaction, a snapshot, while it goes on working. With verify_only,
 * only the check runs, against a copy made before. Admins only. Fills
 * *r either way; a check that ran (r->checked) and failed is
 * EX_DATAERR, naming the first table that differs.
 */
int store_migrate(struct store *st, const struct actor *who,
    const char *to, int verify_only, struct migrate_result *r,
    struct err *err);

#endif
