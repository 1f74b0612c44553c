#include <stdlib.h>
#include <string.h>

#include "callq/audit.h"
#include "callq/json.h"
#include "internal.h"
#include "variant.h"

void
details_begin(struct details *d)
{
	d->buf = NULL;
	d->len = 0;
	d->n = 0;
	if ((d->f = open_memstream(&d->buf, &d->len)) != NULL)
		fputc('{', d->f);
}

/* Starts a member; 0 when there is no stream to write to. */
static int
details_key(struct details *d, const char *key)
{
	if (d->f == NULL)
		return 0;
	if (d->n++ > 0)
		fputc(',', d->f);
	json_write_string(d->f, key);
	fputc(':', d->f);
	return 1;
}

void
details_str(struct details *d, const char *key, const char *value)
{
	if (details_key(d, key))
		json_write_string(d->f, value);
}

void
details_strn(struct details *d, const char *key, const char *value,
    size_t len)
{
	char *copy;

	if (!details_key(d, key))
		return;
	copy = strndup(value, len);
	json_write_string(d->f, copy != NULL ? copy : "");
	free(copy);
}

void
details_int(struct details *d, const char *key, long long value)
{
	if (details_key(d, key))
		fprintf(d->f, "%lld", value);
}

/* Closes d's stream: its JSON text, owned by the caller, or NULL. */
static char *
details_end(struct details *d)
{
	if (d->f == NULL)
		return NULL;
	fputc('}', d->f);
	if (fclose(d->f) != 0) {
		free(d->buf);
		d->buf = NULL;
	}
	d->f = NULL;
	return d->buf;
}

void
details_free(struct details *d)
{
	free(details_end(d));
}

int
audit_write(struct store *st, const struct actor *who, const char *entity,
    int64_t entity_id, const char *action, struct details *d,
    struct err *err)
{
	/*
	 * Under a user's own role no client may write the audit: the
	 * server's callq_audit does, naming the session's user and
	 * stamping the time itself, and it stands for the row triggers'
	 * account of the same change (pgpolicy.c).
	 */
	static const char sql[] =
	    "INSERT INTO audit (at, actor_id, real_id, real_login, entity,"
	    " entity_id, action, details) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
	static const char own_sql[] =
	    "SELECT callq_audit(?5, ?6, ?7, ?8)";
	char *json = d != NULL ? details_end(d) : NULL;
	struct stmt *stmt;
	int rc;

	if (d != NULL && json == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	if ((stmt = stmt_get(st, SQL_OWN(st, sql, own_sql), err)) == NULL) {
		free(json);
		return err->status;
	}
	stmt_bind_int64(stmt, 1, store_now());
	stmt_bind_int64(stmt, 2, who->id);
	bind_id(stmt, 3, who->real_id);
	bind_text(stmt, 4, who->real_login);
	bind_text(stmt, 5, entity);
	bind_id(stmt, 6, entity_id);
	bind_text(stmt, 7, action);
	bind_text(stmt, 8, json);
	rc = db_run(st, stmt, err, "writing the audit row");
	free(json);
	return rc;
}

int
deny(const struct actor *who, enum action action, struct err *err)
{
	return err_set(err, EX_NOPERM, "%s is %s, and %s cannot %s; nothing "
	    "was changed", who->login, role_title(who->role),
	    role_title(who->role), action_text(action));
}

int
require(const struct actor *who, enum action action, struct err *err)
{
	return perm_scope(who->role, action) == SCOPE_NONE ?
	    deny(who, action, err) : 0;
}

int
store_may(const struct actor *who, enum action action, struct err *err)
{
	return require(who, action, err);
}

/*
 * The audit rows a reader may see, over a (the row) and u (its acting
 * user), with ?8 1 when the reader reads them all, ?9 the reader and ?10
 * the reader's team: everything, or the team's rows: those its members
 * (and the reader) wrote, and those about its members or about leads
 * they own.
 */
#define AUDIT_READABLE \
	" (?8 OR a.actor_id = ?9 OR u.team_id = ?10" \
	" OR (a.entity = 'user' AND EXISTS (SELECT 1 FROM users m" \
	"  WHERE m.id = a.entity_id AND m.team_id = ?10))" \
	" OR (a.entity = 'lead' AND EXISTS (SELECT 1 FROM leads l" \
	"  JOIN users o ON o.id = l.owner_id WHERE l.id = a.entity_id" \
	"  AND o.team_id = ?10)))"

/*
 * audit list's filters, one fragment each (store/variant.h), so that an
 * entity and id search audit_entity and an acting user audit_actor, both
 * in id order, rather than every row; the reader's bounds only when the
 * reader may not read it all.
 */
enum {
	AUDIT_F_ENTITY,
	AUDIT_F_ID,
	AUDIT_F_ACTOR,
	AUDIT_F_ACTION,
	AUDIT_F_SINCE,
	AUDIT_F_UNTIL,
	AUDIT_F_BOUNDED,
};

static const char *const audit_list_frags[] = {
	[AUDIT_F_ENTITY] = " AND a.entity = ?1",
	[AUDIT_F_ID] = " AND a.entity_id = ?2",
	[AUDIT_F_ACTOR] =
	    " AND a.actor_id = (SELECT id FROM users WHERE login = ?3)",
	[AUDIT_F_ACTION] = " AND a.action = ?5",
	[AUDIT_F_SINCE] = " AND a.at >= ?6",
	[AUDIT_F_UNTIL] = " AND a.at < ?7",
	[AUDIT_F_BOUNDED] = " AND" AUDIT_READABLE,
};

#define AUDIT_LIST_HEAD(details_text) \
	"SELECT a.id, a.at, u.login, a.real_login, a.entity, a.entity_id," \
	" a.action, a.details, " details_text \
	" FROM audit a JOIN users u ON u.id = a.actor_id WHERE 1 = 1"
#define AUDIT_LIST_NFRAGS \
	(int)(sizeof audit_list_frags / sizeof audit_list_frags[0])

/* The list's two texts, SQLite's and PostgreSQL's: only the details differ. */
static const struct variant audit_list_lite = {
	AUDIT_LIST_HEAD(DETAILS_TEXT("a.details", "1 = 1")),
	audit_list_frags, AUDIT_LIST_NFRAGS, " ORDER BY a.id DESC LIMIT ?4",
};
static const struct variant audit_list_pg = {
	AUDIT_LIST_HEAD(DETAILS_TEXT_PG("a.details", "1 = 1")),
	audit_list_frags, AUDIT_LIST_NFRAGS, " ORDER BY a.id DESC LIMIT ?4",
};

static unsigned
audit_list_mask(const struct actor *who, const struct audit_filter *f)
{
	unsigned m = 0;

	if (f->entity != NULL)
		m |= VARIANT_BIT(AUDIT_F_ENTITY);
	if (f->entity_id != 0)
		m |= VARIANT_BIT(AUDIT_F_ID);
	if (f->login != NULL)
		m |= VARIANT_BIT(AUDIT_F_ACTOR);
	if (f->action != NULL)
		m |= VARIANT_BIT(AUDIT_F_ACTION);
	if (f->since != 0)
		m |= VARIANT_BIT(AUDIT_F_SINCE);
	if (f->until != 0)
		m |= VARIANT_BIT(AUDIT_F_UNTIL);
	if (perm_scope(who->role, ACT_AUDIT_READ) != SCOPE_ALL)
		m |= VARIANT_BIT(AUDIT_F_BOUNDED);
	return m;
}

int
store_audit_list(struct store *st, const struct actor *who,
    const struct audit_filter *f,
    int (*each)(const struct audit_row *, void *), void *arg,
    struct err *err)
{
	struct audit_row r;
	struct stmt *stmt;
	int rc;

	if (require(who, ACT_AUDIT_READ, err) != 0)
		return err->status;
	if ((stmt = variant_get(st, SQL_BOTH(st, &audit_list_lite,
	    &audit_list_pg),
	    audit_list_mask(who, f), err)) == NULL)
		return err->status;
	bind_text(stmt, 1, f->entity);
	bind_id(stmt, 2, f->entity_id);
	bind_text(stmt, 3, f->login);
	stmt_bind_int64(stmt, 4, f->limit > 0 ? f->limit : LIMIT_ALL);
	bind_text(stmt, 5, f->action);
	bind_id(stmt, 6, (int64_t)f->since);
	bind_id(stmt, 7, (int64_t)f->until);
	stmt_bind_int(stmt, 8,
	    perm_scope(who->role, ACT_AUDIT_READ) == SCOPE_ALL);
	stmt_bind_int64(stmt, 9, who->id);
	bind_id(stmt, 10, who->team_id);
	while ((rc = db_step(st, stmt, err, "reading the audit")) ==
	    DB_ROW) {
		r.id = stmt_column_int64(stmt, 0);
		r.at = (time_t)stmt_column_int64(stmt, 1);
		r.actor = col_text(stmt, 2);
		r.real_login = col_text(stmt, 3);
		r.entity = col_text(stmt, 4);
		r.entity_id = stmt_column_int64(stmt, 5);
		r.action = col_text(stmt, 6);
		r.details = col_text(stmt, 7);
		r.text = col_text(stmt, 8);
		if (each(&r, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
