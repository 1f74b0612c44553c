/*
 * The PostgreSQL floor's schema (src/store/pgschema.c): what SQLite's
 * migrations 1..22 leave (src/store/schema.c), created at once. A
 * PostgreSQL floor starts at version 22; later steps are written in both
 * dialects side by side.
 */
#ifndef CALLQ_STORE_PGSCHEMA_H
#define CALLQ_STORE_PGSCHEMA_H

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
 * After rows were copied in with their ids (callq migrate): moves every
 * identity column's sequence past the largest id, so the next row
 * inserted without an id takes a new one.
 */
extern const char pg_schema_resync[];

#endif
