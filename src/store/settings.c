#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "callq/settings.h"
#include "callq/text.h"
#include "internal.h"

/*
 * The settings callq knows, with the value in force while unset. A
 * window is "HH:MM-HH:MM"; hours.CC and hours.CC-ST are windows too.
 * retry_minutes.NAME is disposition NAME's own wait, kept with the
 * disposition (so a rename keeps it); unset, retry_minutes applies.
 */
static const struct known {
	const char *key;
	int         min, max;	/* a whole number; both 0: a window; both
				   -1: a currency code */
	const char *fallback;	/* "": none, the setting is off */
	const char *about;
} known[] = {
	{ "hours", 0, 0, "08:00-21:00", "calling hours, leads' local time" },
	{ "lease_minutes", 1, 24 * 60, "15", "how long a rep holds a lead" },
	{ "max_attempts", 0, 100, "6", "calls in a row that miss a lead before "
	  "it is Lost; 0: never" },
	{ "retry_minutes", 0, 7 * 24 * 60, "60",
	  "before a called lead is offered again, unless its disposition says" },
	{ "target_calls", 0, 10000, "80", "each rep's daily call target" },
	{ "target_connects", 0, 10000, "0", "each rep's daily target of calls "
	  "answered; 0: none" },
	{ "target_conversions", 0, 10000, "0", "each rep's daily target of "
	  "conversions; 0: none" },
	{ "work_hours", 0, 0, "", "the floor's working hours; a check-in "
	  "outside them warns" },
	{ "followup_max_days", 0, 365, "4", "days ahead a follow-up may be "
	  "booked before it warns; 0: no limit" },
	{ "escalate_after_hours", 1, 30 * 24, "", "hours a follow-up may be "
	  "missed before the team lead is alerted" },
	{ "first_call_hours", 1, 30 * 24, "", "hours a rep has to call a lead "
	  "given them before the team lead is alerted" },
	{ "currency", -1, -1, "USD", "the floor's currency, an ISO 4217 code; "
	  "deals keep the one they were made in" },
};

#define NKNOWN (sizeof known / sizeof known[0])

#define RETRY_PREFIX "retry_minutes."
#define RETRY_MAX (7 * 24 * 60)

/* The disposition retry_minutes.NAME names, or NULL for another key. */
static const char *
retry_disposition(const char *key)
{
	size_t n = strlen(RETRY_PREFIX);

	return strncmp(key, RETRY_PREFIX, n) == 0 ? key + n : NULL;
}

static const struct known *
known_find(const char *key)
{
	size_t i;

	for (i = 0; i < NKNOWN; i++)
		if (strcmp(key, known[i].key) == 0)
			return &known[i];
	return NULL;
}

/* Why key = value may not be stored, or NULL when it may. */
static const char *
setting_problem(const char *key, const char *value)
{
	const struct known *k = known_find(key);
	struct hours_rules r = { 0 };
	struct hours_window w;
	char *end;
	long n;

	if (strcmp(key, "hours") == 0 || strncmp(key, "hours.", 6) == 0) {
		/* Clearing one names it as setting it would. */
		if (hours_rules_set(&r, key[5] ? key + 6 : "", *value != '\0' ?
		    value : "08:00-21:00") != 0)
			return "calling hours are set as hours, hours.CC or "
			    "hours.CC-ST to a window like 08:00-21:00";
		return NULL;
	}
	if (retry_disposition(key) != NULL) {
		n = strtol(value, &end, 10);
		return *value == '\0' || (*end == '\0' && n >= 0 &&
		    n <= RETRY_MAX) ? NULL : "a disposition's wait is a whole "
		    "number of minutes, 0 to 10080, or empty for retry_minutes";
	}
	if (k == NULL)
		return "no such setting; callq setting list shows them";
	if (*value == '\0')
		return NULL;
	if (k->max == 0)
		return hours_parse(value, &w) == 0 ? NULL : "that setting takes"
		    " a window like 09:00-18:00";
	if (k->max < 0)
		return strlen(value) == 3 && isupper((unsigned char)value[0]) &&
		    isupper((unsigned char)value[1]) &&
		    isupper((unsigned char)value[2]) ? NULL : "the currency is "
		    "a three-letter ISO 4217 code in capitals, like USD or EUR";
	n = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || n < k->min || n > k->max)
		return "that setting takes a whole number in its range "
		    "(see callq(1))";
	return NULL;
}

struct set {
	const struct actor *who;
	const char *key, *value;
};

/* retry_minutes.NAME: the disposition's wait; empty: back to the setting. */
static int
retry_set(struct store *st, const struct set *s, struct err *err)
{
	static const char sql[] =
	    "UPDATE dispositions SET retry_minutes = ?2 WHERE name = ?1";
	const char *name = retry_disposition(s->key);
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, name);
	if (s->value[0] != '\0')
		stmt_bind_int(stmt, 2, atoi(s->value));
	if (db_run(st, stmt, err, "saving the setting") != 0)
		return err->status;
	if (conn_changes(st->conn) == 0)
		return err_set(err, EX_DATAERR, "no disposition '%s'; callq "
		    "choice list disposition shows them", name);
	return 0;
}

static int
setting_put(struct store *st, const struct set *s, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = ?2";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, s->key);
	bind_text(stmt, 2, s->value);
	return db_run(st, stmt, err, "saving the setting");
}

static int
setting_set_tx(struct store *st, void *arg, struct err *err)
{
	struct set *s = arg;
	struct details d;

	if ((retry_disposition(s->key) != NULL ? retry_set(st, s, err) :
	    setting_put(st, s, err)) != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "key", s->key);
	details_str(&d, "value", s->value);
	return audit_write(st, s->who, "setting", 0, "set", &d, err);
}

/* An empty value clears the setting: its default applies again. */
static int
setting_clear_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] = "DELETE FROM settings WHERE key = ?";
	struct set *s = arg;
	struct details d;
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, s->key);
	if (db_run(st, stmt, err, "clearing the setting") != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "key", s->key);
	return audit_write(st, s->who, "setting", 0, "clear", &d, err);
}

int
store_setting_set(struct store *st, const struct actor *who,
    const char *key, const char *value, struct err *err)
{
	struct set s = { who, key, value };
	const char *problem;
	char what[80];

	snprintf(what, sizeof what, "the value of %.40s", key);
	if (require(who, ACT_SETTINGS, err) != 0 ||
	    text_check(value, what, err) != 0)
		return err->status;
	if ((problem = setting_problem(key, value)) != NULL)
		return err_set(err, EX_DATAERR, "'%s' = '%s': %s", key, value,
		    problem);
	/* A disposition's wait, emptied, goes back to retry_minutes. */
	return store_tx(st, *value != '\0' || retry_disposition(key) != NULL ?
	    setting_set_tx : setting_clear_tx, &s, err);
}

/* retry_minutes.NAME as it applies now. */
static int
retry_get(struct store *st, const char *key, struct setting *out,
    struct err *err)
{
	static const char sql[] =
	    "SELECT retry_minutes FROM dispositions WHERE name = ?";
	const char *name = retry_disposition(key);
	struct stmt *stmt;
	int rc, set = 0;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, name);
	if ((rc = db_step(st, stmt, err, "reading the setting")) ==
	    DB_ROW && (set = stmt_column_type(stmt, 0) != DB_NULL))
		snprintf(out->value, sizeof out->value, "%d",
		    stmt_column_int(stmt, 0));
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW)
		return err_set(err, EX_DATAERR, "no disposition '%s'; callq "
		    "choice list disposition shows them", name);
	snprintf(out->key, sizeof out->key, "%s", key);
	snprintf(out->about, sizeof out->about, "before a lead is offered "
	    "again after %s", name);
	out->is_default = !set;
	if (!set)
		snprintf(out->value, sizeof out->value, "%d",
		    store_setting_int(st, "retry_minutes", 60));
	return 0;
}

int
store_setting_get(struct store *st, const char *key, struct setting *out,
    struct err *err)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	const struct known *k = known_find(key);
	struct stmt *stmt;
	int rc;

	if (retry_disposition(key) != NULL) {
		memset(out, 0, sizeof *out);
		return retry_get(st, key, out, err);
	}
	if (k == NULL && strncmp(key, "hours.", 6) != 0)
		return err_set(err, EX_DATAERR, "no setting '%s'; callq setting "
		    "list shows them", key);
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, key);
	memset(out, 0, sizeof *out);
	snprintf(out->key, sizeof out->key, "%s", key);
	if ((rc = db_step(st, stmt, err, "reading the setting")) == DB_ROW)
		snprintf(out->value, sizeof out->value, "%s",
		    col_text(stmt, 0));
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	out->is_default = rc != DB_ROW;
	if (out->is_default && k == NULL)
		return err_set(err, EX_DATAERR, "%s is not set; the calling hours"
		    " of hours apply there", key);
	if (out->is_default)
		snprintf(out->value, sizeof out->value, "%s", k->fallback);
	snprintf(out->about, sizeof out->about, "%s", k ? k->about :
	    "calling hours there");
	return 0;
}

/*
 * retry_minutes.NAME for each disposition that did not reach the lead
 * (leads to CNP) or has a wait of its own; 1 when each said stop.
 */
static int
retry_list(struct store *st, int (*each)(const struct setting *, void *),
    void *arg, struct err *err)
{
	static const char sql[] =
	    "SELECT name FROM dispositions WHERE active <> 0 AND (status = 'CNP'"
	    " OR retry_minutes IS NOT NULL) ORDER BY position, id";
	struct setting s;
	struct stmt *stmt;
	char key[sizeof s.key];
	int rc, stop = 0;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return -1;
	while (stop == 0 && (rc = db_step(st, stmt, err,
	    "reading the settings")) == DB_ROW) {
		/* A name too long for a key is left out: it cannot be set. */
		if (snprintf(key, sizeof key, RETRY_PREFIX "%s",
		    col_text(stmt, 0)) >= (int)sizeof key)
			continue;
		if (retry_get(st, key, &s, err) != 0)
			stop = -1;
		else if (each(&s, arg) != 0)
			stop = 1;
	}
	stmt_reset(stmt);
	return rc == -1 ? -1 : stop;
}

int
store_setting_list(struct store *st,
    int (*each)(const struct setting *, void *), void *arg,
    struct err *err)
{
	static const char sql[] = "SELECT key FROM settings"
	    " WHERE key LIKE 'hours.%' ORDER BY key";
	struct setting s;
	struct stmt *stmt;
	char key[sizeof s.key];
	size_t i;
	int rc;

	for (i = 0; i < NKNOWN; i++) {
		if (store_setting_get(st, known[i].key, &s, err) != 0)
			return err->status;
		if (each(&s, arg) != 0)
			return 0;
		if (strcmp(known[i].key, "retry_minutes") == 0 &&
		    (rc = retry_list(st, each, arg, err)) != 0)
			return rc < 0 ? err->status : 0;
	}
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the settings")) ==
	    DB_ROW) {
		snprintf(key, sizeof key, "%s", col_text(stmt, 0));
		if (store_setting_get(st, key, &s, err) != 0 ||
		    each(&s, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 || err->status ? err->status : 0;
}

int
store_work_hours(struct store *st, struct hours_window *w)
{
	struct setting s;
	struct err err = { 0 };

	return store_setting_get(st, "work_hours", &s, &err) == 0 &&
	    s.value[0] != '\0' && hours_parse(s.value, w) == 0 ? 1 : 0;
}

int
store_setting_int(struct store *st, const char *key, int fallback)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	struct stmt *stmt;
	struct err err;
	const char *v;
	char *end;
	long n = fallback;

	if ((stmt = stmt_get(st, sql, &err)) == NULL)
		return fallback;
	bind_text(stmt, 1, key);
	if (stmt_step(stmt) == DB_ROW) {
		v = col_text(stmt, 0);
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || n < 0 || n > 1000000)
			n = fallback;
	}
	stmt_reset(stmt);
	return (int)n;
}

int
store_hours_rules(struct store *st, struct hours_rules *rules,
    struct err *err)
{
	static const char sql[] =
	    "SELECT substr(key, 7), value FROM settings WHERE key = 'hours'"
	    " OR key LIKE 'hours.%'";
	struct stmt *stmt;
	int rc;

	hours_rules_default(rules);
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	/* A malformed row (edited by hand) leaves the default in force. */
	while ((rc = db_step(st, stmt, err, "reading the calling hours")) ==
	    DB_ROW)
		hours_rules_set(rules, col_text(stmt, 0), col_text(stmt, 1));
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
