/*
 * The PostgreSQL floor's schema (src/store/pgschema.c): what SQLite's
 * migrations 1..22 leave (src/store/schema.c), created at once. A
 * PostgreSQL floor starts at version 22; later steps are written in both
 * dialects side by side (schema.c's migrations, pg_steps here), and run
 * when callq opens the floor, as on SQLite.
 */
#ifndef CALLQ_STORE_PGSCHEMA_H
#define CALLQ_STORE_PGSCHEMA_H

#include "callq/store.h"

/* The version pg_schema creates, kept in schema_meta.version. */
#define PG_SCHEMA_VERSION 22

/*
 * The steps that create a floor in an empty schema, in order, ending
 * with NULL. Each holds several statements and no parameter (for the
 * driver's exec); run them in one transaction. The role that runs them
 * must own the database (it creates the trusted extensions pg_trgm and
 * citext: see pgschema.c).
 */
extern const char *const pg_schema[];

/*
 * The steps past PG_SCHEMA_VERSION: pg_steps[i] takes a floor from
 * version i to i + 1 (NULL below PG_SCHEMA_VERSION), as schema.c's
 * migrations[i] takes a SQLite floor.
 */
extern const char *const pg_steps[STORE_SCHEMA_VERSION];

/*
 * After rows were copied in with their ids (callq migrate): moves every
 * identity column's sequence past the largest id, so the next row
 * inserted without an id takes a new one.
 */
extern const char pg_schema_resync[];

#endif
