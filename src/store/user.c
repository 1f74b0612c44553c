#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "callq/phone.h"
#include "callq/text.h"
#include "callq/user.h"
#include "internal.h"

/* Unix-style logins: they are matched against the accounts running callq. */
static int
login_is_valid(const char *login)
{
	size_t i, n = strlen(login);

	if (n == 0 || n > 32 || !(islower((unsigned char)login[0]) ||
	    login[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!islower((unsigned char)login[i]) &&
		    !isdigit((unsigned char)login[i]) &&
		    strchr("_.-", login[i]) == NULL)
			return 0;
	return 1;
}

static int
team_id_for(struct store *st, const char *team, int64_t *id, struct err *err)
{
	static const char find[] = "SELECT id FROM teams WHERE name = ?";
	static const char add[] =
	    "INSERT INTO teams (name, created_at) VALUES (?, ?) RETURNING id";
	struct stmt *stmt;
	int rc;

	*id = 0;
	if (team == NULL || *team == '\0')
		return 0;
	if ((stmt = stmt_get(st, find, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, team);
	if ((rc = db_step(st, stmt, err, "finding the team")) == DB_ROW)
		*id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc != DB_DONE)
		return rc == -1 ? err->status : 0;
	if ((stmt = stmt_get(st, add, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, team);
	stmt_bind_int64(stmt, 2, store_now());
	if (db_insert(st, stmt, id, err, "adding the team") != 0)
		return err->status;
	return 0;
}

/* Links user to each name in the comma-separated list regions. */
static int
link_regions(struct store *st, int64_t user, const char *regions,
    struct err *err)
{
	static const char sql[] =
	    "INSERT INTO user_regions (user_id, region_id)"
	    " SELECT CAST(?1 AS BIGINT), id FROM regions WHERE name = ?2"
	    " ON CONFLICT DO NOTHING";
	char name[256], *list, *tok, *save = NULL;
	struct stmt *stmt;
	int rc = 0;

	if (regions == NULL || *regions == '\0')
		return 0;
	if ((list = strdup(regions)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	for (tok = strtok_r(list, ",", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, ",", &save)) {
		text_trim(tok, name, sizeof name);
		if ((stmt = stmt_get(st, sql, err)) == NULL) {
			rc = err->status;
			break;
		}
		stmt_bind_int64(stmt, 1, user);
		bind_text(stmt, 2, name);
		if ((rc = db_run(st, stmt, err, "linking regions")) == 0 &&
		    conn_changes(st->conn) == 0)
			rc = err_set(err, EX_DATAERR, "no region '%s'; add it "
			    "with: callq region add '%s'", name, name);
	}
	free(list);
	return rc;
}

/* Inserts the user row alone; callers write the audit row. */
static int
user_insert_row(struct store *st, const struct user_spec *u, const char *e164,
    int64_t *id, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO users (login, name, role, team_id, phone, extension,"
	    " created_at, email) VALUES (?,?,?,?,?,?,?,?) RETURNING id";
	struct stmt *stmt;
	int64_t team;
	int rc;

	if (team_id_for(st, u->team, &team, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, u->login);
	bind_text(stmt, 2, u->name);
	bind_text(stmt, 3, role_name(u->role));
	bind_id(stmt, 4, team);
	bind_text(stmt, 5, e164);
	bind_text(stmt, 6, u->extension);
	stmt_bind_int64(stmt, 7, store_now());
	bind_text(stmt, 8, u->email);
	rc = stmt_step(stmt);
	if (rc == -1 && conn_fault(st->conn) == DB_FAULT_UNIQUE)
		err_set(err, EX_DATAERR, "a user '%s' already exists; see: "
		    "callq user list", u->login);
	else if (rc != DB_ROW)
		db_fail(st, err, "adding the user");
	else
		*id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc != DB_ROW)
		return err->status;
	return link_regions(st, *id, u->regions, err);
}

struct user_add {
	const struct actor *who;
	const struct user_spec *spec;
	const char *e164;
	int64_t id;
};

static int
user_insert(struct store *st, void *arg, struct err *err)
{
	struct user_add *a = arg;
	const struct user_spec *u = a->spec;
	struct details d;

	if (user_insert_row(st, u, a->e164, &a->id, err) != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "login", u->login);
	details_str(&d, "name", u->name);
	details_str(&d, "role", role_name(u->role));
	if (u->team != NULL)
		details_str(&d, "team", u->team);
	if (u->regions != NULL)
		details_str(&d, "regions", u->regions);
	if (u->email != NULL)
		details_str(&d, "email", u->email);
	return audit_write(st, a->who, "user", a->id, "add", &d, err);
}

/* An extension is what a PBX dials: digits, letters, *, # and -. */
static int
extension_check(const char *x, struct err *err)
{
	size_t n = x != NULL ? strlen(x) : 0;

	if (n < 24 && (x == NULL || strspn(x, "0123456789abcdefghijklmnopq"
	    "rstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ*#-_") == n))
		return 0;
	return err_set(err, EX_DATAERR, "'%s' is not an extension; use "
	    "digits and letters, e.g. 101", x);
}

/*
 * Only what a mail header carries safely: an address with a blank, a
 * control character, a quote or an angle bracket could end the header
 * it is put in and start another.
 */
int
store_email_check(const char *email, struct err *err)
{
	const char *at = strchr(email, '@');
	size_t i, n = strlen(email);

	if (n > 254)
		return err_set(err, EX_DATAERR, "that e-mail address is longer "
		    "than 254 characters; give a shorter one");
	for (i = 0; i < n; i++)
		if ((unsigned char)email[i] <= ' ' ||
		    (unsigned char)email[i] >= 0x7f ||
		    strchr("<>()[],;:\\\"", email[i]) != NULL)
			return err_set(err, EX_DATAERR, "the e-mail address "
			    "holds a character an address may not (position "
			    "%zu); give it as name@example.com", i + 1);
	if (at == NULL || at == email || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strchr(at + 1, '.') == NULL)
		return err_set(err, EX_DATAERR, "'%s' is not an e-mail address; "
		    "give it as name@example.com", email);
	return 0;
}

static int
check_spec(const struct user_spec *u, struct phone *ph, struct err *err)
{
	if (!login_is_valid(u->login))
		return err_set(err, EX_DATAERR, "'%s' is not a usable login: "
		    "use the Unix account name (lower-case letters, digits, "
		    "'_', '.', '-')", u->login);
	if (u->name == NULL || *u->name == '\0')
		return err_set(err, EX_DATAERR, "give the user's name with "
		    "--name");
	if (text_check(u->name, "the user's name", err) != 0 ||
	    text_check(u->team, "the team name", err) != 0 ||
	    extension_check(u->extension, err) != 0 ||
	    (u->email != NULL && store_email_check(u->email, err) != 0))
		return err->status;
	if (u->phone == NULL)
		return 0;
	if (phone_parse(u->phone, NULL, ph) != PHONE_OK || !ph->valid)
		return err_set(err, EX_DATAERR, "'%s' is not a valid phone "
		    "number; give it in international form, e.g. +14155550100",
		    u->phone);
	return 0;
}

int
store_user_add(struct store *st, const struct actor *who,
    const struct user_spec *spec, int64_t *id, struct err *err)
{
	struct user_add a = { who, spec, NULL, 0 };
	struct phone ph;

	if (require(who, ACT_USER_MANAGE, err) != 0 ||
	    check_spec(spec, &ph, err) != 0)
		return err->status;
	a.e164 = spec->phone != NULL ? ph.e164 : NULL;
	if (store_tx(st, user_insert, &a, err) != 0)
		return err->status;
	*id = a.id;
	return 0;
}

int
store_user_login_check(struct store *st, const char *login, struct err *err)
{
	static const char sql[] = "SELECT 1 FROM users WHERE login = ?";
	struct stmt *stmt;
	int rc;

	if (!login_is_valid(login))
		return err_set(err, EX_DATAERR, "'%s' is not a usable login: "
		    "use the Unix account name (lower-case letters, digits, "
		    "'_', '.', '-')", login);
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, login);
	rc = db_step(st, stmt, err, "finding the user");
	stmt_reset(stmt);
	if (rc == DB_ROW)
		return err_set(err, EX_DATAERR, "a user '%s' already exists; "
		    "give another login", login);
	return rc == -1 ? err->status : 0;
}

int
store_user_list(struct store *st, int (*each)(const struct user *, void *),
    void *arg, struct err *err)
{
#define USER_LIST(regions) \
	    "SELECT u.id, u.login, u.name, u.role, t.name, u.phone, u.extension,"\
	    " (SELECT " regions " FROM user_regions ur"\
	    "  JOIN regions r ON r.id = ur.region_id WHERE ur.user_id = u.id),"\
	    " (SELECT state FROM attendance a WHERE a.user_id = u.id"\
	    "  ORDER BY a.at DESC, a.id DESC LIMIT 1), u.active, u.email"\
	    " FROM users u LEFT JOIN teams t ON t.id = u.team_id"\
	    " ORDER BY u.login"
	static const char lite[] = USER_LIST("group_concat(r.name, ', ')"),
	    pg[] = USER_LIST("string_agg(r.name::text, ', '"
	    " ORDER BY ur.region_id)");
#undef USER_LIST
	struct stmt *stmt;
	struct user u;
	int rc;

	if ((stmt = stmt_get(st, SQL_BOTH(st, lite, pg), err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "listing users")) == DB_ROW) {
		u.id = stmt_column_int64(stmt, 0);
		u.login = col_text(stmt, 1);
		u.name = col_text(stmt, 2);
		if (role_parse(col_text(stmt, 3), &u.role) != 0)
			u.role = ROLE_REP;
		u.team = col_text(stmt, 4);
		u.phone = col_text(stmt, 5);
		u.extension = col_text(stmt, 6);
		u.regions = col_text(stmt, 7);
		u.attendance = stmt_column_type(stmt, 8) == DB_NULL ?
		    "out" : col_text(stmt, 8);
		u.active = stmt_column_int(stmt, 9);
		u.email = col_text(stmt, 10);
		if (each(&u, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
store_user_actor(struct store *st, const char *login, struct actor *out,
    struct err *err)
{
	static const char sql[] =
	    "SELECT id, role, team_id FROM users WHERE login = ?"
	    " AND active <> 0";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, login);
	rc = db_step(st, stmt, err, "finding the user");
	if (rc == DB_ROW) {
		out->id = stmt_column_int64(stmt, 0);
		if (role_parse(col_text(stmt, 1), &out->role) != 0)
			out->role = ROLE_REP;
		out->team_id = stmt_column_int64(stmt, 2);
		out->overrides = 0;	/* none until the user says so */
		snprintf(out->login, sizeof out->login, "%s", login);
	}
	stmt_reset(stmt);
	if (rc == DB_DONE)
		return err_set(err, EX_NOUSER, "no active callq user '%s'",
		    login);
	return rc == -1 ? err->status : 0;
}

/* A change to one user: ?1 and ?3 its values, ?2 the login. */
struct user_change {
	const struct actor *who;
	const char *login;
	const char *column_sql;		/* a constant UPDATE statement */
	const char *names[2];		/* the values' names in the audit */
	const char *values[2];		/* NULL: not changed */
	const char *action;
};

static int
user_update(struct store *st, void *arg, struct err *err)
{
	struct user_change *c = arg;
	struct stmt *stmt;
	struct details d;
	int64_t id;
	int rc, i;

	if ((stmt = stmt_get(st, c->column_sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, c->values[0]);
	bind_text(stmt, 2, c->login);
	bind_text(stmt, 3, c->values[1]);
	if ((rc = db_step(st, stmt, err, "changing the user")) == -1)
		return err->status;
	id = rc == DB_ROW ? stmt_column_int64(stmt, 0) : 0;
	stmt_reset(stmt);
	if (id == 0)
		return err_set(err, EX_NOUSER, "no callq user '%s'; see: callq "
		    "user list", c->login);
	details_begin(&d);
	details_str(&d, "login", c->login);
	for (i = 0; i < 2; i++)
		if (c->names[i] != NULL && c->values[i] != NULL)
			details_str(&d, c->names[i], c->values[i]);
	return audit_write(st, c->who, "user", id, c->action, &d, err);
}

int
store_user_set_role(struct store *st, const struct actor *who,
    const char *login, enum role role, struct err *err)
{
	struct user_change c = { who, login,
	    "UPDATE users SET role = ?1 WHERE login = ?2 RETURNING id",
	    { "role", NULL }, { role_name(role), NULL }, "set-role" };

	if (require(who, ACT_USER_MANAGE, err) != 0)
		return err->status;
	return store_tx(st, user_update, &c, err);
}

/* The team first (created when new), then the user's move into it. */
static int
user_team_move(struct store *st, void *arg, struct err *err)
{
	struct user_change *c = arg;
	int64_t team;

	if (team_id_for(st, c->values[0], &team, err) != 0)
		return err->status;
	return user_update(st, c, err);
}

int
store_user_set_team(struct store *st, const struct actor *who,
    const char *login, const char *team, struct err *err)
{
	struct user_change c = { who, login,
	    "UPDATE users SET team_id = (SELECT id FROM teams WHERE name = ?1)"
	    " WHERE login = ?2 RETURNING id",
	    { "team", NULL }, { team, NULL }, "set-team" };

	if (require(who, ACT_USER_MANAGE, err) != 0 ||
	    text_check(team, "the team name", err) != 0)
		return err->status;
	return store_tx(st, user_team_move, &c, err);
}

/* Deactivating or reactivating one user: active is what they become. */
struct user_active {
	const struct actor *who;
	const char *login;
	int active;
};

static int
user_active_set(struct store *st, void *arg, struct err *err)
{
	static const char find[] = "SELECT id, active FROM users WHERE login = ?";
	static const char set[] = "UPDATE users SET active = ? WHERE id = ?";
	struct user_active *a = arg;
	struct stmt *stmt;
	struct details d;
	int64_t id = 0;
	int rc, was = 0;

	if ((stmt = stmt_get(st, find, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, a->login);
	if ((rc = db_step(st, stmt, err, "finding the user")) == DB_ROW) {
		id = stmt_column_int64(stmt, 0);
		was = stmt_column_int(stmt, 1) != 0;
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (id == 0)
		return err_set(err, EX_NOUSER, "no callq user '%s'; see: callq "
		    "user list", a->login);
	if (was == a->active)
		return err_set(err, EX_DATAERR, "%s is already %s; nothing was "
		    "changed", a->login, was ? "active" : "inactive");
	if ((stmt = stmt_get(st, set, err)) == NULL)
		return err->status;
	stmt_bind_int(stmt, 1, a->active);
	stmt_bind_int64(stmt, 2, id);
	if (db_run(st, stmt, err, "changing the user") != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "login", a->login);
	return audit_write(st, a->who, "user", id, a->active ? "activate" :
	    "deactivate", &d, err);
}

int
store_user_deactivate(struct store *st, const struct actor *who,
    const char *login, struct err *err)
{
	struct user_active a = { who, login, 0 };

	if (require(who, ACT_USER_MANAGE, err) != 0)
		return err->status;
	if (strcmp(login, who->login) == 0)
		return err_set(err, EX_USAGE, "you cannot deactivate yourself;"
		    " ask another admin");
	return store_tx(st, user_active_set, &a, err);
}

int
store_user_activate(struct store *st, const struct actor *who,
    const char *login, struct err *err)
{
	struct user_active a = { who, login, 1 };

	if (require(who, ACT_USER_MANAGE, err) != 0)
		return err->status;
	return store_tx(st, user_active_set, &a, err);
}

int
store_user_contact(struct store *st, const struct actor *who,
    const char *login, const char *phone, const char *extension,
    struct err *err)
{
	struct user_change c = { who, login,
	    "UPDATE users SET phone = CASE WHEN CAST(?1 AS TEXT) IS NULL"
	    " THEN phone ELSE nullif(CAST(?1 AS TEXT), '') END, extension ="
	    " CASE WHEN CAST(?3 AS TEXT) IS NULL THEN extension"
	    " ELSE nullif(CAST(?3 AS TEXT), '') END WHERE login = ?2"
	    " RETURNING id", { "phone", "extension" }, { phone, extension },
	    "edit" };
	struct phone ph;

	if (require(who, ACT_USER_MANAGE, err) != 0)
		return err->status;
	if (phone != NULL && *phone != '\0') {
		if (phone_parse(phone, NULL, &ph) != PHONE_OK || !ph.valid)
			return err_set(err, EX_DATAERR, "'%s' is not a valid "
			    "phone number; give it in international form, e.g. "
			    "+14155550100", phone);
		c.values[0] = ph.e164;
	}
	if (extension_check(extension, err) != 0)
		return err->status;
	return store_tx(st, user_update, &c, err);
}

int
store_user_set_email(struct store *st, const struct actor *who,
    const char *login, const char *email, struct err *err)
{
	struct user_change c = { who, login,
	    "UPDATE users SET email = nullif(?1, '') WHERE login = ?2"
	    " RETURNING id", { "email", NULL }, { email, NULL }, "edit" };

	if (require(who, ACT_USER_MANAGE, err) != 0 ||
	    (*email != '\0' && store_email_check(email, err) != 0))
		return err->status;
	return store_tx(st, user_update, &c, err);
}

struct region_add {
	const struct actor *who;
	const char *name, *country;
	int64_t id;
};

static int
region_insert(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO regions (name, country, created_at) VALUES (?,?,?)"
	    " ON CONFLICT (name) DO NOTHING RETURNING id";
	struct region_add *a = arg;
	struct details d;
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, a->name);
	bind_text(stmt, 2, a->country);
	stmt_bind_int64(stmt, 3, store_now());
	rc = db_step(st, stmt, err, "adding the region");
	a->id = rc == DB_ROW ? stmt_column_int64(stmt, 0) : 0;
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (a->id == 0)
		return err_set(err, EX_DATAERR, "a region '%s' already exists",
		    a->name);
	details_begin(&d);
	details_str(&d, "name", a->name);
	if (a->country != NULL)
		details_str(&d, "country", a->country);
	return audit_write(st, a->who, "region", a->id, "add", &d, err);
}

int
store_region_add(struct store *st, const struct actor *who, const char *name,
    const char *country, int64_t *id, struct err *err)
{
	struct region_add a = { who, name, country, 0 };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	if (text_check(name, "the region name", err) != 0)
		return err->status;
	if (*name == '\0' || strlen(name) > 100)
		return err_set(err, EX_DATAERR, "a region name is plain text of"
		    " at most 100 bytes");
	if (store_tx(st, region_insert, &a, err) != 0)
		return err->status;
	*id = a.id;
	return 0;
}

int
store_region_list(struct store *st,
    int (*each)(const char *, const char *, int64_t, void *), void *arg,
    struct err *err)
{
	/* Its undeleted leads, kept in region_counts: no count of leads. */
	static const char sql[] =
	    "SELECT r.name, r.country, coalesce((SELECT c.leads"
	    "  FROM region_counts c WHERE c.region_id = r.id), 0)"
	    " FROM regions r ORDER BY r.name";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "listing regions")) == DB_ROW)
		if (each(col_text(stmt, 0), col_text(stmt, 1),
		    stmt_column_int64(stmt, 2), arg) != 0)
			break;
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

struct init {
	const char *login, *name;
	struct actor *admin;
};

static int
init_tx(struct store *st, void *arg, struct err *err)
{
	struct init *in = arg;
	struct details d;
	struct user_spec spec = { in->login, in->name, ROLE_ADMIN, NULL, NULL,
	    NULL, NULL, NULL };
	struct actor *a = in->admin;

	if (seed_defaults(st, err) != 0 ||
	    user_insert_row(st, &spec, NULL, &a->id, err) != 0)
		return err->status;
	a->role = ROLE_ADMIN;
	a->team_id = 0;
	a->real_id = a->id;
	a->overrides = 0;
	snprintf(a->login, sizeof a->login, "%s", in->login);
	snprintf(a->real_login, sizeof a->real_login, "%s", in->login);
	details_begin(&d);
	details_str(&d, "first_admin", in->login);
	return audit_write(st, a, "database", 0, "init", &d, err);
}

int
store_init(struct store *st, const char *login, const char *name,
    struct actor *admin, struct err *err)
{
	struct user_spec spec = { login, name, ROLE_ADMIN, NULL, NULL, NULL,
	    NULL, NULL };
	struct init in = { login, name, admin };
	struct phone unused;

	if (check_spec(&spec, &unused, err) != 0)
		return err->status;
	return store_tx(st, init_tx, &in, err);
}
