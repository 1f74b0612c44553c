#include "reportint.h"

/* Not yet built: refused rather than shown empty. */
int
report_lists(struct store *st, const struct report_scope *sc,
    struct report *rep, struct err *err)
{
	(void)st;
	(void)sc;
	(void)rep;
	return err_set(err, EX_UNAVAILABLE, "the lists report is not built yet");
}
