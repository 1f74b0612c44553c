/*
 * Prints the PostgreSQL floor's security (src/store/pgpolicy.c) for
 * tests/pg/rls.sh: the base (group-independent functions, triggers)
 * then the roles, grants and policies generated from the permission
 * table. Exits 1 when the generation fails.
 */
#include <stdio.h>
#include <stdlib.h>

#include "pgpolicy.h"

int
main(void)
{
	char *sql;

	if ((sql = pg_policy_sql()) == NULL) {
		fputs("policy_print: the policies could not be generated\n",
		    stderr);
		return 1;
	}
	puts(pg_policy_base);
	fputs(sql, stdout);
	free(sql);
	return 0;
}
