/*
 * The PostgreSQL driver (src/store/pg.c): a struct dbconn over libpq,
 * which it loads on the first connection (pglib.c).
 */
#ifndef CALLQ_STORE_PG_H
#define CALLQ_STORE_PG_H

#include "callq/err.h"
#include "driver.h"

/*
 * Connects to conninfo, a postgresql:// URL or a libpq keyword string
 * (service= names a service in libpq's service files), and readies the
 * session: timeouts, UTC, UTF-8, and LISTEN for other sessions' changes.
 * 0 and *out, or a sysexits status with err saying why.
 */
int pg_conn_open(const char *conninfo, struct dbconn **out,
    struct err *err);

/* The NOTIFY channel data_version counts. */
#define PG_CHANGE_CHANNEL "callq_change"

#endif
