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

/*
 * COPY ... FROM STDIN in text format (callq migrate fills a new floor
 * with it): begin runs sql, a COPY t (columns) FROM STDIN; row sends the
 * current row of src, a statement of any driver, its first ncols
 * columns in order; end finishes the COPY, or abandons it when
 * abort_why is not NULL (the server then fails the COPY, and the
 * transaction). 0, or -1 with the connection's fault and errmsg set;
 * after a failed row, call end with a reason all the same.
 */
int pg_copy_begin(struct dbconn *c, const char *sql);
int pg_copy_row(struct dbconn *c, struct stmt *src, int ncols);
int pg_copy_end(struct dbconn *c, const char *abort_why);

/* One row of n values, each text as it is or NULL for a null. */
int pg_copy_values(struct dbconn *c, const char *const *values, int n);

/* The NOTIFY channel data_version counts. */
#define PG_CHANGE_CHANNEL "callq_change"

#endif
