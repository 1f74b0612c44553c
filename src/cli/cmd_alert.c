/* Alerts from a script: the sweep cron runs. */
#include "callq/alert.h"
#include "callq/plural.h"
#include "cmd.h"

int
cmd_alert_sweep(struct cli *c, int argc, char **argv)
{
	int rc, raised;

	if ((rc = cli_list_options(c, argc, argv, 0)) != 0)
		return rc;
	if (store_alert_sweep(c->st, &c->who, store_now(), &raised,
	    &c->err) != 0)
		return c->err.status;
	cli_say("%d alert %s written", raised, plural(raised, "notification",
	    "notifications"));
	return 0;
}
