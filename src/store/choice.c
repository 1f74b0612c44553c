#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "callq/choice.h"
#include "callq/status.h"
#include "callq/text.h"
#include "internal.h"

/*
 * Sources and the reasons share one table (choices, by list); the
 * dispositions have their own. Each statement comes in both shapes, ?1
 * being the list's name (unused by the dispositions').
 */
struct shape {
	const char *select, *find, *insert, *rename, *renumber, *count;
	const char *shift, *place, *activate;
};

static const struct shape choices_sql = {
	"SELECT id, name, position, active, -1, '', '',"
	" coalesce(limit_minutes, 0), -1 FROM choices"
	" WHERE list = ?1 ORDER BY position, id",
	"SELECT id, position FROM choices WHERE list = ?1 AND name = ?2",
	"INSERT INTO choices (list, name, position) SELECT ?1, ?2,"
	" coalesce(max(position), 0) + 1 FROM choices WHERE list = ?1"
	" RETURNING id",
	"UPDATE choices SET name = ?3 WHERE id = ?2 AND CAST(?1 AS TEXT) IS NOT NULL",
	"UPDATE choices SET position = r.rn FROM (SELECT id, row_number()"
	" OVER (ORDER BY position, id) AS rn FROM choices WHERE list = ?1)"
	" AS r WHERE choices.id = r.id",
	"SELECT count(*) FROM choices WHERE list = ?1",
	"UPDATE choices SET position = position + ?4 WHERE list = ?1"
	" AND position BETWEEN ?2 AND ?3",
	"UPDATE choices SET position = ?3 WHERE id = ?2 AND CAST(?1 AS TEXT) IS NOT NULL",
	"UPDATE choices SET active = ?3 WHERE id = ?2 AND CAST(?1 AS TEXT) IS NOT NULL",
};

static const struct shape dispositions_sql = {
	"SELECT id, name, position, active, coalesce(key, -1), status, needs,"
	" 0, contact FROM dispositions WHERE CAST(?1 AS TEXT) IS NOT NULL"
	" ORDER BY position, id",
	"SELECT id, position FROM dispositions WHERE name = ?2"
	" AND CAST(?1 AS TEXT) IS NOT NULL",
	"INSERT INTO dispositions (name, key, status, needs, position)"
	" SELECT ?2, ?3, ?4, ?5, coalesce(max(position), 0) + 1"
	" FROM dispositions WHERE CAST(?1 AS TEXT) IS NOT NULL RETURNING id",
	"UPDATE dispositions SET name = ?3 WHERE id = ?2 AND CAST(?1 AS TEXT) IS NOT NULL",
	"UPDATE dispositions SET position = r.rn FROM (SELECT id,"
	" row_number() OVER (ORDER BY position, id) AS rn FROM dispositions)"
	" AS r WHERE dispositions.id = r.id AND CAST(?1 AS TEXT) IS NOT NULL",
	"SELECT count(*) FROM dispositions WHERE CAST(?1 AS TEXT) IS NOT NULL",
	"UPDATE dispositions SET position = position + ?4"
	" WHERE position BETWEEN ?2 AND ?3 AND CAST(?1 AS TEXT) IS NOT NULL",
	"UPDATE dispositions SET position = ?3 WHERE id = ?2"
	" AND CAST(?1 AS TEXT) IS NOT NULL",
	/* Taken out, it gives its digit up: the quick-log's keys stay unique. */
	"UPDATE dispositions SET active = CAST(?3 AS INTEGER), key = CASE"
	" WHEN CAST(?3 AS INTEGER) <> 0 THEN key END WHERE id = ?2 AND CAST(?1 AS TEXT) IS NOT NULL",
};

static const struct {
	const char *name, *plural, *title;
} lists[LIST_COUNT] = {
	[LIST_SOURCE] = { "source", "sources", "lead sources" },
	[LIST_PAUSE] = { "pause", "pauses", "pause reasons" },
	[LIST_FOLLOWUP] = { "followup", "followups", "follow-up reasons" },
	[LIST_DROP] = { "drop", "drops", "drop reasons" },
	[LIST_DISPOSITION] = { "disposition", "dispositions",
	    "call dispositions" },
	[LIST_PRODUCT] = { "product", "products", "products" },
	[LIST_WON] = { "won", "wons", "won reasons" },
	[LIST_METHOD] = { "method", "methods", "payment methods" },
};

const char *
choice_list_name(enum choice_list list)
{
	return lists[list].name;
}

const char *
choice_list_title(enum choice_list list)
{
	return lists[list].title;
}

int
choice_list_parse(const char *text)
{
	int i;

	for (i = 0; i < LIST_COUNT; i++)
		if (strcasecmp(text, lists[i].name) == 0 ||
		    strcasecmp(text, lists[i].plural) == 0)
			return i;
	return -1;
}

static const struct shape *
shape_of(enum choice_list list)
{
	return list == LIST_DISPOSITION ? &dispositions_sql : &choices_sql;
}

/* A statement of list's shape with ?1 bound; NULL on error. */
static struct stmt *
list_stmt(struct store *st, enum choice_list list, const char *sql,
    struct err *err)
{
	struct stmt *stmt = stmt_get(st, sql, err);

	if (stmt != NULL)
		bind_text(stmt, 1, lists[list].name);
	return stmt;
}

int
store_choice_list(struct store *st, enum choice_list list,
    int (*each)(const struct choice *, void *), void *arg, struct err *err)
{
	struct stmt *stmt = list_stmt(st, list, shape_of(list)->select, err);
	struct choice c;
	int rc;

	if (stmt == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the list")) ==
	    DB_ROW) {
		c.id = stmt_column_int64(stmt, 0);
		c.name = col_text(stmt, 1);
		c.position = stmt_column_int(stmt, 2);
		c.active = stmt_column_int(stmt, 3);
		c.key = stmt_column_int(stmt, 4);
		c.status = col_text(stmt, 5);
		c.needs = col_text(stmt, 6);
		c.limit_minutes = stmt_column_int(stmt, 7);
		c.contact = stmt_column_int(stmt, 8);
		if (each(&c, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* What a change to one list is about. */
struct change {
	const struct actor *who;
	enum choice_list list;
	const char *name, *new_name;
	const struct disposition_spec *spec;
	int value;		/* the position, or active */
	int64_t id;		/* found by choice_find */
	int position;
};

static int
choice_find(struct store *st, struct change *c, struct err *err)
{
	struct stmt *stmt = list_stmt(st, c->list, shape_of(c->list)->find,
	    err);
	int rc;

	if (stmt == NULL)
		return err->status;
	bind_text(stmt, 2, c->name);
	if ((rc = db_step(st, stmt, err, "finding the value")) == DB_ROW) {
		c->id = stmt_column_int64(stmt, 0);
		c->position = stmt_column_int(stmt, 1);
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW)
		return err_set(err, EX_DATAERR, "there is no '%s' among the %s; "
		    "see: callq choice list %s", c->name, lists[c->list].title,
		    lists[c->list].name);
	return 0;
}

static int
change_audit(struct store *st, struct change *c, const char *action,
    struct err *err)
{
	struct details d;

	details_begin(&d);
	details_str(&d, "list", lists[c->list].name);
	details_str(&d, "name", c->new_name ? c->new_name : c->name);
	if (c->new_name != NULL)
		details_str(&d, "from_name", c->name);
	if (strcmp(action, "move") == 0)
		details_int(&d, "position", c->value);
	if (strcmp(action, "limit") == 0 && c->value > 0)
		details_int(&d, "limit_minutes", c->value);
	if (strcmp(action, "limit") == 0 && c->value == 0)
		details_str(&d, "limit_minutes", "none");
	if (strcmp(action, "contact") == 0)
		details_str(&d, "contact", c->value ? "yes" : "no");
	return audit_write(st, c->who, c->list == LIST_DISPOSITION ?
	    "disposition" : "choice", c->id, action, &d, err);
}

/*
 * Runs stmt; a name taken already is the user's mistake, said so. An
 * INSERT's RETURNING id sets *id (when id is not NULL).
 */
static int
name_run(struct store *st, struct stmt *stmt, struct change *c,
    const char *name, int64_t *id, struct err *err)
{
	int rc = stmt_step(stmt);

	if (rc == DB_ROW && id != NULL)
		*id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc == DB_ROW || rc == DB_DONE)
		return 0;
	if (conn_fault(st->conn) == DB_FAULT_UNIQUE)
		return err_set(err, EX_DATAERR, c->list == LIST_DISPOSITION ?
		    "'%s' or its key is taken by another disposition" :
		    "there is a '%s' among the %s already", name,
		    lists[c->list].title);
	return db_fail(st, err, "saving the list");
}

/*
 * A new disposition's row of the transitions table, by the rule the
 * default table follows (status_after_call).
 */
static int
transitions_add(struct store *st, int64_t id, enum status to,
    struct err *err)
{
	static const char sql[] =
	    "INSERT INTO transitions (disposition_id, from_status, to_status)"
	    " VALUES (?,?,?)";
	struct stmt *stmt;
	int from;

	for (from = 0; from < ST_COUNT; from++) {
		if ((stmt = stmt_get(st, sql, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, id);
		bind_text(stmt, 2, status_name((enum status)from));
		bind_text(stmt, 3, status_name(status_after_call(
		    (enum status)from, to)));
		if (db_run(st, stmt, err, "adding the transitions") != 0)
			return err->status;
	}
	return 0;
}

static int
choice_add_tx(struct store *st, void *arg, struct err *err)
{
	struct change *c = arg;
	struct stmt *stmt = list_stmt(st, c->list, shape_of(c->list)->insert,
	    err);
	enum status to = ST_NEW;

	if (stmt == NULL)
		return err->status;
	bind_text(stmt, 2, c->name);
	if (c->spec != NULL) {
		if (c->spec->key >= 0)
			stmt_bind_int(stmt, 3, c->spec->key);
		status_parse(c->spec->status, &to);	/* checked before */
		bind_text(stmt, 4, status_name(to));
		bind_text(stmt, 5, c->spec->needs ? c->spec->needs : "-");
	}
	if (name_run(st, stmt, c, c->name, &c->id, err) != 0)
		return err->status;
	if (c->spec != NULL && transitions_add(st, c->id, to, err) != 0)
		return err->status;
	return change_audit(st, c, "add", err);
}

static int
disposition_check(const struct disposition_spec *s, struct err *err)
{
	static const char *const needs[] = { "-", "followup", "interest",
	    "dnc" };
	enum status status;
	size_t i;

	if (s == NULL)
		return err_set(err, EX_USAGE, "a disposition needs a status");
	if (s->key < -1 || s->key > 9)
		return err_set(err, EX_DATAERR, "a disposition's key is a digit "
		    "0-9");
	if (s->status == NULL || status_parse(s->status, &status) != 0)
		return err_set(err, EX_DATAERR, "no status '%s'; the statuses: "
		    "New, In Progress, CNP, Interested, Qualified, Converted, "
		    "Lost", s->status ? s->status : "");
	for (i = 0; s->needs != NULL && i < 4; i++)
		if (strcmp(s->needs, needs[i]) == 0)
			return 0;
	if (s->needs != NULL)
		return err_set(err, EX_DATAERR, "a disposition needs -, "
		    "followup, interest or dnc, not '%s'", s->needs);
	return 0;
}

int
store_choice_add(struct store *st, const struct actor *who,
    enum choice_list list, const char *name,
    const struct disposition_spec *spec, struct err *err)
{
	struct change c = { .who = who, .list = list, .name = name,
	    .spec = list == LIST_DISPOSITION ? spec : NULL };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	if (name == NULL || name[0] == '\0')
		return err_set(err, EX_USAGE, "give the new value's name");
	if (text_check(name, "the name", err) != 0)
		return err->status;
	if (list == LIST_DISPOSITION && disposition_check(spec, err) != 0)
		return err->status;
	return store_tx(st, choice_add_tx, &c, err);
}

static int
choice_rename_tx(struct store *st, void *arg, struct err *err)
{
	struct change *c = arg;
	struct stmt *stmt;

	if (choice_find(st, c, err) != 0 || (stmt = list_stmt(st, c->list,
	    shape_of(c->list)->rename, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 2, c->id);
	bind_text(stmt, 3, c->new_name);
	if (name_run(st, stmt, c, c->new_name, NULL, err) != 0)
		return err->status;
	return change_audit(st, c, "rename", err);
}

int
store_choice_rename(struct store *st, const struct actor *who,
    enum choice_list list, const char *name, const char *new_name,
    struct err *err)
{
	struct change c = { .who = who, .list = list, .name = name,
	    .new_name = new_name };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	if (new_name == NULL || new_name[0] == '\0')
		return err_set(err, EX_USAGE, "give the new name");
	if (text_check(new_name, "the new name", err) != 0)
		return err->status;
	return store_tx(st, choice_rename_tx, &c, err);
}

/* Runs a list statement of list's with ?2.. bound to the ints given. */
static int
list_run(struct store *st, struct change *c, const char *sql, int n,
    const int64_t *v, struct err *err)
{
	struct stmt *stmt = list_stmt(st, c->list, sql, err);
	int i;

	if (stmt == NULL)
		return err->status;
	for (i = 0; i < n; i++)
		stmt_bind_int64(stmt, 2 + i, v[i]);
	return db_run(st, stmt, err, "reordering the list");
}

static int
list_count(struct store *st, struct change *c, int *n, struct err *err)
{
	struct stmt *stmt = list_stmt(st, c->list, shape_of(c->list)->count,
	    err);
	int rc;

	if (stmt == NULL)
		return err->status;
	rc = db_step(st, stmt, err, "counting the list");
	*n = rc == DB_ROW ? stmt_column_int(stmt, 0) : 0;
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/*
 * Positions are made 1..n first (hand edits or a removal may leave
 * gaps), then those between the old place and the new shift by one.
 */
static int
choice_move_tx(struct store *st, void *arg, struct err *err)
{
	const struct shape *sh;
	struct change *c = arg;
	int64_t v[3];
	int n, to;

	sh = shape_of(c->list);
	if (list_run(st, c, sh->renumber, 0, NULL, err) != 0 ||
	    choice_find(st, c, err) != 0 || list_count(st, c, &n, err) != 0)
		return err->status;
	to = c->value < 1 ? 1 : c->value > n ? n : c->value;
	v[0] = to < c->position ? to : c->position + 1;
	v[1] = to < c->position ? c->position - 1 : to;
	v[2] = to < c->position ? 1 : -1;
	if (to != c->position && list_run(st, c, sh->shift, 3, v, err) != 0)
		return err->status;
	v[0] = c->id;
	v[1] = to;
	if (list_run(st, c, sh->place, 2, v, err) != 0)
		return err->status;
	c->value = to;
	return change_audit(st, c, "move", err);
}

int
store_choice_move(struct store *st, const struct actor *who,
    enum choice_list list, const char *name, int position, struct err *err)
{
	struct change c = { .who = who, .list = list, .name = name,
	    .value = position };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	return store_tx(st, choice_move_tx, &c, err);
}

static int
choice_active_tx(struct store *st, void *arg, struct err *err)
{
	struct change *c = arg;
	int64_t v[2];

	if (choice_find(st, c, err) != 0)
		return err->status;
	v[0] = c->id;
	v[1] = c->value;
	if (list_run(st, c, shape_of(c->list)->activate, 2, v, err) != 0)
		return err->status;
	return change_audit(st, c, c->value ? "activate" : "deactivate", err);
}

int
store_choice_set_active(struct store *st, const struct actor *who,
    enum choice_list list, const char *name, int active, struct err *err)
{
	struct change c = { .who = who, .list = list, .name = name,
	    .value = active != 0 };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	return store_tx(st, choice_active_tx, &c, err);
}

static int
choice_limit_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE choices SET limit_minutes = ?2 WHERE id = ?1";
	struct change *c = arg;
	struct stmt *stmt;

	if (choice_find(st, c, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->id);
	if (c->value > 0)
		stmt_bind_int(stmt, 2, c->value);
	if (db_run(st, stmt, err, "saving the limit") != 0)
		return err->status;
	return change_audit(st, c, "limit", err);
}

int
store_choice_set_limit(struct store *st, const struct actor *who,
    const char *name, int minutes, struct err *err)
{
	struct change c = { .who = who, .list = LIST_PAUSE, .name = name,
	    .value = minutes };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	if (minutes < 0 || minutes > CHOICE_LIMIT_MAX)
		return err_set(err, EX_DATAERR, "a pause's limit is a whole "
		    "number of minutes, 1 to %d, or empty for none",
		    CHOICE_LIMIT_MAX);
	return store_tx(st, choice_limit_tx, &c, err);
}

static int
choice_contact_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE dispositions SET contact = ?2 WHERE id = ?1";
	struct change *c = arg;
	struct stmt *stmt;

	if (choice_find(st, c, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->id);
	stmt_bind_int(stmt, 2, c->value);
	if (db_run(st, stmt, err, "saving the disposition") != 0)
		return err->status;
	return change_audit(st, c, "contact", err);
}

int
store_choice_set_contact(struct store *st, const struct actor *who,
    const char *name, int contact, struct err *err)
{
	struct change c = { .who = who, .list = LIST_DISPOSITION, .name = name,
	    .value = contact != 0 };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	return store_tx(st, choice_contact_tx, &c, err);
}

int
store_transition_list(struct store *st,
    int (*each)(const struct transition_row *, void *), void *arg,
    struct err *err)
{
	static const char sql[] =
	    "SELECT d.name, d.active, d.status, t.from_status, t.to_status"
	    " FROM dispositions d LEFT JOIN transitions t"
	    " ON t.disposition_id = d.id ORDER BY d.position, d.id";
	struct transition_row r;
	enum status from, to, headline = ST_NEW;
	struct stmt *stmt;
	char name[128] = "";
	int rc = 0, s, stop = 0, have = 0;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	r.disposition = name;
	while (!stop && (rc = db_step(st, stmt, err,
	    "reading the transitions")) == DB_ROW) {
		if (!have || strcmp(name, col_text(stmt, 0)) != 0) {
			if (have && (stop = each(&r, arg)) != 0)
				break;
			have = 1;
			snprintf(name, sizeof name, "%s", col_text(stmt, 0));
			r.active = stmt_column_int(stmt, 1);
			status_parse(col_text(stmt, 2), &headline);
			for (s = 0; s < ST_COUNT; s++)
				r.to[s] = status_after_call((enum status)s,
				    headline);
		}
		if (status_parse(col_text(stmt, 3), &from) == 0 &&
		    status_parse(col_text(stmt, 4), &to) == 0 &&
		    status_can_move(from, to))
			r.to[from] = to;
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (have && !stop)
		each(&r, arg);
	return 0;
}

int
choice_active_id(struct store *st, const char *list, const char *what,
    const char *name, int64_t *id, struct err *err)
{
	static const char sql[] =
	    "SELECT id FROM choices WHERE list = ?1 AND name = ?2"
	    " AND active <> 0";
	struct stmt *stmt;
	int rc;

	*id = 0;
	if (name == NULL || name[0] == '\0')
		return 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, list);
	bind_text(stmt, 2, name);
	if ((rc = db_step(st, stmt, err, "reading the settings lists")) ==
	    DB_ROW)
		*id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc == DB_DONE)
		return err_set(err, EX_DATAERR, "there is no active %s named "
		    "\"%.40s\"; see: callq choice list %s", what,
		    text_is_clean(name) ? name : "(unprintable)", list);
	return rc == -1 ? err->status : 0;
}
