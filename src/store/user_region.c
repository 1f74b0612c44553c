/*
 * The regions a user works after they were added: given and taken away
 * by name, in one transaction with one audit row.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/text.h"
#include "callq/user.h"
#include "internal.h"

struct region_edit {
	const struct actor *who;
	const char *login;
	const char *const *add, *const *drop;
	int nadd, ndrop;
};

static int
user_id_of(struct store *st, const char *login, int64_t *id, struct err *err)
{
	static const char sql[] = "SELECT id FROM users WHERE login = ?";
	struct stmt *stmt;
	int rc;

	*id = 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, login);
	rc = db_step(st, stmt, err, "finding the user");
	*id = rc == DB_ROW ? stmt_column_int64(stmt, 0) : 0;
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (*id == 0)
		return err_set(err, EX_NOUSER, "no callq user '%s'; see: callq "
		    "user list", login);
	return 0;
}

static int
region_id_of(struct store *st, const char *name, int64_t *id, struct err *err)
{
	static const char sql[] = "SELECT id FROM regions WHERE name = ?";
	struct stmt *stmt;
	int rc;

	*id = 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, name);
	rc = db_step(st, stmt, err, "finding the region");
	*id = rc == DB_ROW ? stmt_column_int64(stmt, 0) : 0;
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (*id == 0)
		return err_set(err, EX_DATAERR, "no region '%s'; nothing was "
		    "changed (see: callq region list)", name);
	return 0;
}

/* Links (or, when link is 0, unlinks) user and each of the n regions. */
static int
regions_link(struct store *st, int64_t user, const char *const *names, int n,
    int link, struct err *err)
{
	static const char add[] = "INSERT INTO user_regions"
	    " (user_id, region_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
	static const char drop[] = "DELETE FROM user_regions"
	    " WHERE user_id = ? AND region_id = ?";
	struct stmt *stmt;
	int64_t region = 0;	/* gcc -O2 cannot see region_id_of set it */
	int i;

	for (i = 0; i < n; i++) {
		if (region_id_of(st, names[i], &region, err) != 0 ||
		    (stmt = stmt_get(st, link ? add : drop, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, user);
		stmt_bind_int64(stmt, 2, region);
		if (db_run(st, stmt, err, "changing the user's regions") != 0)
			return err->status;
	}
	return 0;
}

/* The n names joined by ", ", in a new string; NULL when out of memory. */
static char *
names_join(const char *const *names, int n)
{
	size_t size = 1, len = 0, k;
	char *s;
	int i;

	for (i = 0; i < n; i++)
		size += strlen(names[i]) + 2;
	if ((s = malloc(size)) == NULL)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		k = strlen(names[i]);
		if (i > 0)
			memcpy(s + len, ", ", 2), len += 2;
		memcpy(s + len, names[i], k + 1);
		len += k;
	}
	return s;
}

/* What user now works, in a new string: "East, West", or "all". */
static int
regions_now(struct store *st, int64_t user, char **out, struct err *err)
{
	static const char lite[] = "SELECT group_concat(name, ', ') FROM"
	    " (SELECT r.name FROM user_regions ur JOIN regions r"
	    "  ON r.id = ur.region_id WHERE ur.user_id = ? ORDER BY r.name)",
	    pg[] = "SELECT string_agg(r.name::text, ', ' ORDER BY r.name)"
	    " FROM user_regions ur JOIN regions r ON r.id = ur.region_id"
	    " WHERE ur.user_id = ?";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, SQL_BOTH(st, lite, pg), err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, user);
	if ((rc = db_step(st, stmt, err, "reading the user's regions")) ==
	    DB_ROW)
		*out = strdup(stmt_column_type(stmt, 0) == DB_NULL ?
		    "all" : col_text(stmt, 0));
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (rc != DB_ROW || *out == NULL)
		return err_set(err, EX_OSERR, "out of memory; nothing was "
		    "changed");
	return 0;
}

/* The audit row: what was given, taken, and what the user now works. */
static int
regions_audit(struct store *st, const struct region_edit *e, int64_t user,
    struct err *err)
{
	char *added = names_join(e->add, e->nadd);
	char *removed = names_join(e->drop, e->ndrop);
	char *now = NULL;
	struct details d;
	int rc;

	if (added == NULL || removed == NULL)
		rc = err_set(err, EX_OSERR, "out of memory; nothing was "
		    "changed");
	else if ((rc = regions_now(st, user, &now, err)) == 0) {
		details_begin(&d);
		details_str(&d, "login", e->login);
		if (e->nadd > 0)
			details_str(&d, "added", added);
		if (e->ndrop > 0)
			details_str(&d, "removed", removed);
		details_str(&d, "regions", now);
		rc = audit_write(st, e->who, "user", user, "regions", &d, err);
	}
	free(added);
	free(removed);
	free(now);
	return rc;
}

static int
regions_change(struct store *st, void *arg, struct err *err)
{
	struct region_edit *e = arg;
	int64_t user;

	if (user_id_of(st, e->login, &user, err) != 0 ||
	    regions_link(st, user, e->add, e->nadd, 1, err) != 0 ||
	    regions_link(st, user, e->drop, e->ndrop, 0, err) != 0)
		return err->status;
	return regions_audit(st, e, user, err);
}

/* Refuses names that are not clean text, or given both ways. */
static int
regions_check(const struct region_edit *e, struct err *err)
{
	int i, j;

	if (e->nadd + e->ndrop == 0)
		return err_set(err, EX_USAGE, "give a region to add or to "
		    "remove; nothing was changed");
	for (i = 0; i < e->nadd; i++)
		if (text_check(e->add[i], "the region name", err) != 0)
			return err->status;
	for (i = 0; i < e->ndrop; i++) {
		if (text_check(e->drop[i], "the region name", err) != 0)
			return err->status;
		for (j = 0; j < e->nadd; j++)
			if (strcmp(e->drop[i], e->add[j]) == 0)
				return err_set(err, EX_USAGE, "region '%s' is "
				    "both added and removed; give it once",
				    e->add[j]);
	}
	return 0;
}

int
store_user_regions(struct store *st, const struct actor *who,
    const char *login, const char *const *add, int nadd,
    const char *const *drop, int ndrop, struct err *err)
{
	struct region_edit e = { who, login, add, drop, nadd, ndrop };

	if (require(who, ACT_USER_MANAGE, err) != 0 ||
	    regions_check(&e, err) != 0)
		return err->status;
	return store_tx(st, regions_change, &e, err);
}

int
store_user_region_each(struct store *st, const char *login,
    int (*each)(const char *, int, void *), void *arg, struct err *err)
{
	static const char sql[] =
	    "SELECT r.name, EXISTS (SELECT 1 FROM user_regions ur"
	    "  JOIN users u ON u.id = ur.user_id"
	    "  WHERE ur.region_id = r.id AND u.login = ?)"
	    " FROM regions r ORDER BY r.name";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, login);
	while ((rc = db_step(st, stmt, err, "listing regions")) == DB_ROW)
		if (each(col_text(stmt, 0), stmt_column_int(stmt, 1),
		    arg) != 0)
			break;
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
