/*
 * Prints the PostgreSQL schema (src/store/pgschema.c, its steps past
 * pg_schema too) for tests/pg/schema.sh, or with -r the sequences'
 * resync, or with -f the C search fold of each argument, a line each,
 * to hold PostgreSQL's callq_fold against. Exits 1 when the schema's copy of leadrow.h's
 * LEAD_POOL no longer reads as the original: the planner matches an
 * index's expression to a query's only when they are the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/fold.h"
#include "leadrow.h"
#include "pgschema.h"

static int
pool_matches(void)
{
	char want[512];
	size_t n = strlen(LEAD_POOL);
	int i;

	/* LEAD_POOL ends with ", ": the index has it in parentheses. */
	snprintf(want, sizeof want, "leads((%.*s), id)", (int)(n - 2),
	    LEAD_POOL);
	for (i = 0; pg_schema[i] != NULL; i++)
		if (strstr(pg_schema[i], want) != NULL)
			return 1;
	fprintf(stderr, "schema_print: no index reads %s\n", want);
	return 0;
}

int
main(int argc, char **argv)
{
	char *f;
	int i;

	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		puts(pg_schema_resync);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "-f") == 0) {
		for (i = 2; i < argc; i++) {
			if ((f = fold_text(argv[i], NULL)) == NULL)
				return 1;
			puts(f);
			free(f);
		}
		return 0;
	}
	if (!pool_matches())
		return 1;
	for (i = 0; pg_schema[i] != NULL; i++)
		puts(pg_schema[i]);
	for (i = PG_SCHEMA_VERSION; i < STORE_SCHEMA_VERSION; i++)
		puts(pg_steps[i]);
	return 0;
}
