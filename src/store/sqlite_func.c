/*
 * The SQL functions callq's SQLite SQL calls: the queue's hours, the
 * phone forms and local slots migrations and call rows need, and the
 * search index's fold and reversed digits.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/fold.h"
#include "callq/phone.h"
#include "sqliteint.h"

/*
 * callq_callable(zones, country, state): 1 when the lead may be called at
 * the moment and in the windows the store was last given.
 */
static void
sql_callable(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct store *st = sqlite3_user_data(ctx);
	const char *f[3];
	int i;

	(void)argc;
	for (i = 0; i < 3; i++)
		f[i] = (const char *)sqlite3_value_text(argv[i]);
	sqlite3_result_int(ctx, hours_check(&st->hours, f[0], f[1], f[2],
	    st->hours_now, NULL) == HOURS_OPEN);
}

/* callq_phone_display(e164): the international form, for migration 3. */
static void
sql_phone_display(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *e164 = (const char *)sqlite3_value_text(argv[0]);
	struct phone ph;

	(void)argc;
	if (e164 != NULL && phone_parse(e164, NULL, &ph) == PHONE_OK)
		sqlite3_result_text(ctx, ph.international, -1,
		    SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/*
 * callq_local_slot(zones, at): the hour of the week (Monday 00:00 is 0)
 * at the moment at in the first zone of a leads.timezone, NULL with no
 * zone: kept on each call row when it is written (and by migration 12)
 * so the hours report reads no lead. The offset comes from
 * hours_offset's cache, never from TZ per row.
 */
static void
sql_local_slot(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *zones = (const char *)sqlite3_value_text(argv[0]);
	long long local, day;
	char zone[48];
	size_t len;

	(void)argc;
	if (zones == NULL || (len = strcspn(zones, " ")) == 0 ||
	    len >= sizeof zone || sqlite3_value_type(argv[1]) !=
	    SQLITE_INTEGER) {
		sqlite3_result_null(ctx);
		return;
	}
	memcpy(zone, zones, len);
	zone[len] = '\0';
	local = sqlite3_value_int64(argv[1]);
	local += hours_offset(zone, (time_t)local);
	day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	/* 1970-01-01 was a Thursday: day 0 is weekday 3 counted from Monday. */
	sqlite3_result_int64(ctx, ((day + 3) % 7 + 7) % 7 * 24 +
	    (local - day * 86400) / 3600);
}
/* callq_fold(text): the search fold (callq/fold.h); NULL stays NULL. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	size_t len;
	char *f;

	(void)argc;
	if (s == NULL)
		return sqlite3_result_null(ctx);
	if ((f = fold_text(s, &len)) == NULL)
		return sqlite3_result_error_nomem(ctx);
	sqlite3_result_text(ctx, f, (int)len, free);
}

/* callq_digits_rev(text): its digits, last first ("" for NULL). */
static void
sql_digits_rev(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char out[64];

	(void)argc;
	digits_reversed(s != NULL ? s : "", out, sizeof out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

void
sqlite_functions(sqlite3 *db, struct store *st)
{
	sqlite3_create_function(db, "callq_callable", 3,
	    SQLITE_UTF8, st, sql_callable, NULL, NULL);
	sqlite3_create_function(db, "callq_phone_display", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_phone_display, NULL,
	    NULL);
	sqlite3_create_function(db, "callq_local_slot", 2,
	    SQLITE_UTF8, NULL, sql_local_slot, NULL, NULL);
	sqlite3_create_function(db, "callq_fold", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_fold, NULL, NULL);
	sqlite3_create_function(db, "callq_digits_rev", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_digits_rev, NULL,
	    NULL);
}
