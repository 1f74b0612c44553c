#include <stdlib.h>
#include <string.h>

#include "callq/settings.h"
#include "internal.h"

/* The whole-number settings and the values they may take. */
static const struct { const char *key; int min, max; } numbers[] = {
	{ "lease_minutes", 1, 24 * 60 },
	{ "retry_minutes", 0, 7 * 24 * 60 },
	{ "target_calls", 0, 10000 },
};

/* Why key = value may not be stored, or NULL when it may. */
static const char *
setting_problem(const char *key, const char *value)
{
	struct hours_rules r = { 0 };
	char *end;
	long n;
	size_t i;

	if (strcmp(key, "hours") == 0 || strncmp(key, "hours.", 6) == 0) {
		if (hours_rules_set(&r, key[5] ? key + 6 : "", value) != 0)
			return "calling hours are set as hours, hours.CC or "
			    "hours.CC-ST to a window like 08:00-21:00";
		return NULL;
	}
	for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		if (strcmp(key, numbers[i].key) != 0)
			continue;
		n = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || n < numbers[i].min ||
		    n > numbers[i].max)
			return "that setting takes a whole number in its range "
			    "(see callq(1))";
		return NULL;
	}
	return "no such setting; callq setting list shows them";
}

struct set {
	const struct actor *who;
	const char *key, *value;
};

static int
setting_set_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = ?2";
	struct set *s = arg;
	struct details d;
	sqlite3_stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, s->key);
	bind_text(stmt, 2, s->value);
	if (db_run(st, stmt, err, "saving the setting") != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "key", s->key);
	details_str(&d, "value", s->value);
	return audit_write(st, s->who, "setting", 0, "set", &d, err);
}

int
store_setting_set(struct store *st, const struct actor *who,
    const char *key, const char *value, struct err *err)
{
	struct set s = { who, key, value };
	const char *problem;

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	if ((problem = setting_problem(key, value)) != NULL)
		return err_set(err, EX_DATAERR, "'%s' = '%s': %s", key, value,
		    problem);
	return store_tx(st, setting_set_tx, &s, err);
}

int
store_setting_list(struct store *st,
    int (*each)(const char *, const char *, void *), void *arg,
    struct err *err)
{
	static const char sql[] = "SELECT key, value FROM settings ORDER BY key";
	sqlite3_stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the settings")) ==
	    SQLITE_ROW)
		if (each(col_text(stmt, 0), col_text(stmt, 1), arg) != 0)
			break;
	sqlite3_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_setting_int(struct store *st, const char *key, int fallback)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	sqlite3_stmt *stmt;
	struct err err;
	const char *v;
	char *end;
	long n = fallback;

	if ((stmt = stmt_get(st, sql, &err)) == NULL)
		return fallback;
	bind_text(stmt, 1, key);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		v = col_text(stmt, 0);
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || n < 0 || n > 1000000)
			n = fallback;
	}
	sqlite3_reset(stmt);
	return (int)n;
}

int
store_hours_rules(struct store *st, struct hours_rules *rules,
    struct err *err)
{
	static const char sql[] =
	    "SELECT substr(key, 7), value FROM settings WHERE key = 'hours'"
	    " OR key LIKE 'hours.%'";
	sqlite3_stmt *stmt;
	int rc;

	hours_rules_default(rules);
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	/* A malformed row (edited by hand) leaves the default in force. */
	while ((rc = db_step(st, stmt, err, "reading the calling hours")) ==
	    SQLITE_ROW)
		hours_rules_set(rules, col_text(stmt, 0), col_text(stmt, 1));
	sqlite3_reset(stmt);
	return rc == -1 ? err->status : 0;
}
