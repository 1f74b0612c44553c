/*
 * callq roles: a PostgreSQL floor's server-side security loaded, and
 * every user's login role made or refreshed (src/store/pgfloor.c), so
 * users may connect as themselves, row-level security binding them.
 */
#include "cmd.h"

int
cmd_roles(struct cli *c, int argc, char **argv)
{
	int loaded, logins;

	if (argc > 1)
		return cli_usage_error(c, "unexpected '%s'", argv[1]);
	if (store_roles(c->st, &c->who, &loaded, &logins, &c->err) != 0)
		return c->err.status;
	cli_say("%s%d login role%s made or refreshed, one per callq user",
	    loaded == 1 ? "The floor's security is loaded (group roles, "
	    "grants, row-level security, the server's audit); " :
	    loaded == 2 ? "The floor's security, an older callq's, is loaded "
	    "anew; " : "", logins, logins == 1 ? "" : "s");
	return 0;
}
