#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "callq/phone.h"
#include "callq/status.h"
#include "callq/text.h"
#include "callq/zone.h"
#include "leadrow.h"
#include "variant.h"

int
lead_rows(struct store *st, struct stmt *stmt,
    int (*each)(const struct lead *, void *), void *arg, struct err *err)
{
	struct lead l;
	int rc;

	while ((rc = db_step(st, stmt, err, "listing leads")) == DB_ROW) {
		lead_from_row(stmt, &l);
		if (each(&l, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

void
lead_from_row(struct stmt *s, struct lead *l)
{
	l->id = stmt_column_int64(s, 0);
	l->name = col_text(s, 1);
	l->phone_raw = col_text(s, 2);
	l->phone_e164 = col_text(s, 3);
	l->phone_ext = col_text(s, 4);
	l->country = col_text(s, 5);
	l->street_number = col_text(s, 6);
	l->street = col_text(s, 7);
	l->city = col_text(s, 8);
	l->state = col_text(s, 9);
	l->postal_code = col_text(s, 10);
	l->email = col_text(s, 11);
	l->url = col_text(s, 12);
	l->timezone = col_text(s, 13);
	l->region = col_text(s, 14);
	l->source = col_text(s, 15);
	l->status = col_text(s, 16);
	l->owner = col_text(s, 17);
	l->drop_reason = col_text(s, 18);
	l->has_website = stmt_column_type(s, 19) == DB_NULL ? -1 :
	    stmt_column_int(s, 19);
	l->has_coords = stmt_column_type(s, 20) != DB_NULL;
	l->lat = stmt_column_double(s, 20);
	l->lng = stmt_column_double(s, 21);
	l->interest = stmt_column_int(s, 22);
	l->priority = stmt_column_int(s, 23);
	l->attempts = stmt_column_int(s, 24);
	l->has_value = stmt_column_type(s, 25) != DB_NULL;
	l->value_cents = stmt_column_int64(s, 25);
	l->due_at = (time_t)stmt_column_int64(s, 26);
	l->next_followup_at = (time_t)stmt_column_int64(s, 27);
	l->last_contacted_at = (time_t)stmt_column_int64(s, 28);
	l->created_at = (time_t)stmt_column_int64(s, 29);
	l->updated_at = (time_t)stmt_column_int64(s, 30);
	l->deleted_at = (time_t)stmt_column_int64(s, 31);
	l->version = stmt_column_int64(s, 32);
	l->extra = col_text(s, 33);
	l->tz_basis = col_text(s, 34);
	l->phone_display = col_text(s, 35);
	l->stage = col_text(s, 36);
	l->stage_entered_at = (time_t)stmt_column_int64(s, 37);
	l->owner_name = col_text(s, 38);
	l->customer_at = (time_t)stmt_column_int64(s, 39);
}

/* Binds ?1..?3 of LEAD_READABLE for who. */
static void
lead_bind_reader(struct stmt *stmt, const struct actor *who)
{
	stmt_bind_int64(stmt, 1, who->id);
	bind_id(stmt, 2, who->team_id);
	stmt_bind_int(stmt, 3, perm_scope(who->role, ACT_LEAD_READ));
}

int
search_bind(struct stmt *stmt, int i, const char *text, struct err *err)
{
	char *pattern, *p;

	if (text == NULL || *text == '\0')
		return stmt_bind_null(stmt, i), 0;
	/* Searched for as typed: LIKE's wildcards and its escape escaped. */
	if ((pattern = malloc(2 * strlen(text) + 3)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	p = pattern;
	*p++ = '%';
	for (; *text != '\0'; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			*p++ = '\\';
		*p++ = *text;
	}
	*p++ = '%';
	stmt_bind_text(stmt, i, pattern, (int)(p - pattern));
	free(pattern);
	return 0;
}

/*
 * Refuses lead id as missing: one sentence and status for a lead that is
 * not there and for one who may not see, so neither tells of the other.
 */
static int
lead_not_found(const struct actor *who, int64_t id, struct err *err)
{
	return err_set(err, EX_NOINPUT, "no lead %lld that %s may see; find "
	    "leads with: callq lead list --search TEXT", (long long)id,
	    who->login);
}

/*
 * A lead outside who's reading scope, or deleted when who may not restore
 * it, is not there for who: telling it apart from a missing one would
 * say that it exists, and refusing by its owner would say whose it is.
 */
static int
lead_visible(const struct actor *who, const struct lead_now *ln)
{
	if (ln->deleted &&
	    perm_scope(who->role, ACT_LEAD_RESTORE) == SCOPE_NONE)
		return 0;
	return perm_lead_allows(who->role, ACT_LEAD_READ, &ln->ctx);
}

int
lead_load(struct store *st, const struct actor *who, int64_t id,
    struct lead_now *ln, struct err *err)
{
	static const char sql[] =
	    "SELECT l.owner_id, l.status, l.deleted_at IS NOT NULL, o.team_id,"
	    " coalesce(l.country, r.country, ''), l.interest, l.drop_reason_id,"
	    " o.login, (NOT EXISTS (SELECT 1 FROM user_regions"
	    "  WHERE user_id = ?1) OR l.region_id IN (SELECT region_id FROM"
	    "  user_regions WHERE user_id = ?1)), l.phone_e164,"
	    " (SELECT name FROM pipeline_stages WHERE id = l.stage_id), l.state,"
	    " EXISTS (SELECT 1 FROM deals WHERE lead_id = l.id"
	    "  AND collector_id = ?1)"
	    " FROM leads l LEFT JOIN users o ON o.id = l.owner_id"
	    " LEFT JOIN regions r ON r.id = l.region_id WHERE l.id = ?2"
	    " AND" LEAD_BATCH_DONE;
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	stmt_bind_int64(stmt, 2, id);
	if ((rc = db_step(st, stmt, err, "reading the lead")) == DB_ROW) {
		memset(ln, 0, sizeof *ln);
		ln->owner_id = stmt_column_int64(stmt, 0);
		if (status_parse(col_text(stmt, 1), &ln->status) != 0)
			ln->status = ST_NEW;
		ln->deleted = stmt_column_int(stmt, 2);
		ln->ctx.owned_by_actor = ln->owner_id == who->id;
		ln->ctx.unassigned = ln->owner_id == 0;
		ln->ctx.owner_in_team = who->team_id != 0 &&
		    stmt_column_int64(stmt, 3) == who->team_id;
		/* A recovery agent's converted leads are the deals it chases. */
		ln->ctx.converted = ln->status == ST_CONVERTED &&
		    stmt_column_int(stmt, 12);
		/* A lead with no country of its own takes its region's. */
		snprintf(ln->country, sizeof ln->country, "%s",
		    col_text(stmt, 4));
		ln->interest = stmt_column_int(stmt, 5);
		ln->drop_reason = stmt_column_int64(stmt, 6);
		snprintf(ln->owner, sizeof ln->owner, "%s", col_text(stmt, 7));
		ln->ctx.in_actor_regions = stmt_column_int(stmt, 8);
		snprintf(ln->e164, sizeof ln->e164, "%s", col_text(stmt, 9));
		snprintf(ln->stage, sizeof ln->stage, "%s", col_text(stmt, 10));
		snprintf(ln->state, sizeof ln->state, "%s", col_text(stmt, 11));
	}
	stmt_reset(stmt);
	if (rc == DB_DONE || (rc == DB_ROW && !lead_visible(who, ln)))
		return lead_not_found(who, id, err);
	return rc == -1 ? err->status : 0;
}

int
lead_claim(struct store *st, const struct actor *who, int64_t lead,
    const struct lead_now *ln, struct err *err)
{
	static const char take[] =
	    "UPDATE leads SET owner_id = ?2, version = version + 1,"
	    " updated_at = ?3 WHERE id = ?1 AND owner_id IS NULL";
	static const char claim[] =
	    "INSERT INTO assignments (lead_id, user_id, assigned_by, method, at)"
	    " VALUES (?1, ?2, ?2, 'claim', ?3)";
	const char *sqls[] = { take, claim };
	struct stmt *stmt;
	size_t i;

	if (ln->owner_id != 0 ||
	    perm_scope(who->role, ACT_LEAD_ASSIGN) != SCOPE_NONE)
		return 0;
	for (i = 0; i < 2; i++) {
		if ((stmt = stmt_get(st, sqls[i], err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, lead);
		stmt_bind_int64(stmt, 2, who->id);
		stmt_bind_int64(stmt, 3, store_now());
		if (db_run(st, stmt, err, "taking the lead") != 0)
			return err->status;
	}
	return 0;
}

int
lead_may(struct store *st, const struct actor *who, int64_t id,
    enum action action, struct lead_now *ln, struct err *err)
{
	if (lead_load(st, who, id, ln, err) != 0)
		return err->status;
	if (ln->deleted && action != ACT_LEAD_READ)
		return err_set(err, EX_DATAERR, "lead %lld is deleted",
		    (long long)id);
	if (!perm_lead_allows(who->role, action, &ln->ctx))
		return deny_lead(who, action, id, ln, err);
	return 0;
}

int
deny_lead(const struct actor *who, enum action action, int64_t id,
    const struct lead_now *ln, struct err *err)
{
	char whose[96] = "";

	if (ln->owner[0] != '\0')
		snprintf(whose, sizeof whose, " (it belongs to %s)", ln->owner);
	return err_set(err, EX_NOPERM, "%s is %s, and %s cannot %s: lead "
	    "%lld%s; nothing was changed", who->login, role_title(who->role),
	    role_title(who->role), action_text(action), (long long)id, whose);
}

/* One column's new value in an UPDATE being built. */
struct colval {
	const char *col;
	int         type;	/* DB_TEXT, DB_INTEGER, DB_FLOAT, DB_NULL */
	const char *text;
	int         len;
	long long   num;
	double      real;
};

#define MAX_COLS 40

struct edit {
	const struct actor       *who;
	int64_t                   id;
	const struct lead_change *ch;
	size_t                    n;
	int64_t                   expect_version;
	int                       adding;
	/* Built up while applying. */
	struct lead_now           now;
	struct colval             cols[MAX_COLS];
	int                       ncols;
	struct phone              phone;
	int64_t                   new_owner;
	int                       owner_changed;
	int                       status_to;	/* -1: no status given */
	char                      zones[1024];	/* found for a rep */
	struct details            d;
};

/*
 * A column set twice keeps the last value, as SQLite's UPDATE did with
 * both assignments; PostgreSQL refuses a column assigned twice.
 */
static void
col_add(struct edit *e, const char *col, int type, const char *text, int len,
    long long num, double real)
{
	struct colval *c;
	int i;

	for (i = 0; i < e->ncols && strcmp(e->cols[i].col, col) != 0; i++)
		;
	c = &e->cols[i];
	if (i == e->ncols)
		e->ncols++;

	c->col = col;
	c->type = type;
	c->text = text;
	c->len = len;
	c->num = num;
	c->real = real;
}

static const struct lead_change *
find_change(const struct edit *e, enum field_type type)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->ch[i].field->type == type)
			return &e->ch[i];
	return NULL;
}

/* Looks a name up in a settings list or table, by a constant query. */
static int
lookup_id(struct store *st, const char *sql, const struct lead_change *c,
    int64_t *id, struct err *err)
{
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_text(stmt, 1, c->text, (int)c->len);
	rc = db_step(st, stmt, err, "looking up a name");
	*id = rc == DB_ROW ? stmt_column_int64(stmt, 0) : 0;
	stmt_reset(stmt);
	if (rc == DB_DONE)
		return err_set(err, EX_DATAERR, "--%s: no %s '%.*s'; see: %s",
		    c->field->name, c->field->name, (int)c->len, c->text,
		    c->field->type == FT_REGION ? "callq region list" :
		    "the defaults in callq(1)");
	return rc == -1 ? err->status : 0;
}

/*
 * The country a national number is read in: the one given with it, else
 * the lead's own or its region's (lead_load), else that of the region
 * given with it.
 */
static int
phone_country(struct store *st, const struct edit *e, char *out, size_t size,
    struct err *err)
{
	static const char sql[] = "SELECT country FROM regions WHERE name = ?";
	const struct lead_change *cc = find_change(e, FT_COUNTRY);
	const struct lead_change *rc = find_change(e, FT_REGION);
	struct stmt *stmt;

	if (cc != NULL && !cc->is_null)
		return snprintf(out, size, "%s", cc->code), 0;
	if (e->now.country[0] != '\0' || rc == NULL || rc->is_null)
		return snprintf(out, size, "%s", e->now.country), 0;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_text(stmt, 1, rc->text, (int)rc->len);
	out[0] = '\0';
	if (stmt_step(stmt) == DB_ROW)
		snprintf(out, size, "%s", col_text(stmt, 0));
	stmt_reset(stmt);
	return 0;
}

/*
 * A new number or a new state may mean new time zones: from the state
 * the change names, where that decides, else from the number's prefix;
 * unless the change gives the zones itself.
 */
static void
apply_zone(struct edit *e, const char *e164, const char *country)
{
	char state[80] = "";
	enum zone_basis basis;
	const char *z;
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->ch[i].field->name, "timezone") == 0)
			return;		/* given outright: it stands */
	for (i = 0; i < e->n; i++)
		if (strcmp(e->ch[i].field->name, "state") == 0 &&
		    !e->ch[i].is_null && e->ch[i].len < sizeof state) {
			memcpy(state, e->ch[i].text, e->ch[i].len);
			state[e->ch[i].len] = '\0';
		}
	z = zone_find(e164, country[0] ? country : NULL, state[0] ? state :
	    NULL, &basis);
	/*
	 * Who may not set zones may not move them by the address either:
	 * the state's zones join the number's, so the calling hours can
	 * narrow, never widen.
	 */
	if (basis == ZONE_REGION &&
	    perm_scope(e->who->role, ACT_LEAD_ZONE) == SCOPE_NONE) {
		zone_possible(e164, country[0] ? country : NULL, state,
		    e->zones, sizeof e->zones);
		z = e->zones;
	}
	col_add(e, "timezone", z ? DB_TEXT : DB_NULL, z, -1, 0, 0);
	col_add(e, "tz_basis", z ? DB_TEXT : DB_NULL,
	    zone_basis_name(basis), -1, 0, 0);
}

/*
 * A number a live lead other than self has already is refused (one
 * number, one lead: two reps would call the same person), naming that
 * lead and its owner when who may see it; who says ACTOR_ALLOW_DUPLICATE
 * to go on anyway (verb "add" and done "added", say), and the audit
 * details d keep which lead it repeats. A lead of a batch still loading is
 * not in phones yet: the batch's own check finds this one instead.
 */
static int
phone_taken(struct store *st, const struct actor *who, int64_t self,
    const char *e164, const char *verb, const char *done, struct details *d,
    struct err *err)
{
	static const char sql[] =
	    "SELECT l.id, coalesce(o.login, ''), " LEAD_READABLE
	    " FROM phones p JOIN leads l ON l.id = p.lead_id"
	    " LEFT JOIN users o ON o.id = l.owner_id"
	    " WHERE p.e164 = ?4 AND l.id <> ?5 AND l.deleted_at IS NULL"
	    " ORDER BY 3 DESC, l.id LIMIT 1";
	/*
	 * Under a user's own role the leads it may not read are hidden from
	 * the query above: the server looks, in the user's scope, which it
	 * measures itself (the reader's ?1 to ?3 go unused).
	 */
	static const char own_sql[] =
	    "SELECT t_id, t_owner, t_seen FROM callq_phone_taken(?4, ?5)";
	char owner[64] = "", which[160];
	struct stmt *stmt;
	int64_t id = 0;
	int rc, seen = 0;

	if ((stmt = stmt_get(st, SQL_OWN(st, sql, own_sql), err)) == NULL)
		return err->status;
	lead_bind_reader(stmt, who);
	bind_text(stmt, 4, e164);
	stmt_bind_int64(stmt, 5, self);
	if ((rc = db_step(st, stmt, err, "looking up the number")) ==
	    DB_ROW) {
		id = stmt_column_int64(stmt, 0);
		snprintf(owner, sizeof owner, "%s", col_text(stmt, 1));
		seen = stmt_column_int(stmt, 2);
	}
	stmt_reset(stmt);
	if (rc != DB_ROW)
		return rc == -1 ? err->status : 0;
	if (who->overrides & ACTOR_ALLOW_DUPLICATE) {
		details_int(d, "duplicate_of", id);
		return 0;
	}
	if (seen)
		snprintf(which, sizeof which, "lead %lld (%s%s) has %s already,"
		    " so nothing was %s; work that lead", (long long)id,
		    owner[0] ? "owner " : "no owner", owner, e164, done);
	else
		snprintf(which, sizeof which, "a lead you cannot see has %s "
		    "already, so nothing was %s; ask a team lead about it",
		    e164, done);
	return err_set(err, EX_DATAERR, "%s, or add --allow-duplicate to %s "
	    "this one anyway", which, verb);
}

static int
phone_unique(struct store *st, struct edit *e, const char *e164,
    struct err *err)
{
	if (!e->adding && strcmp(e164, e->now.e164) == 0)
		return 0;	/* its own number, written another way */
	return phone_taken(st, e->who, e->id, e164, e->adding ? "add" :
	    "change", e->adding ? "added" : "changed", &e->d, err);
}

static int
apply_phone(struct store *st, struct edit *e, const struct lead_change *c,
    struct err *err)
{
	char raw[LEAD_TEXT_MAX + 1], country[4];

	if (phone_country(st, e, country, sizeof country, err) != 0)
		return err->status;
	memcpy(raw, c->text, c->len);
	raw[c->len] = '\0';
	switch (phone_parse(raw, country, &e->phone)) {
	case PHONE_NO_REGION:
		return err_set(err, EX_DATAERR, "cannot tell the country of "
		    "'%s'; give it with --country or in international form "
		    "(+44 ...)", raw);
	case PHONE_UNPARSEABLE:
		return err_set(err, EX_DATAERR, "'%s' is not a phone number",
		    raw);
	case PHONE_OK:
		break;
	}
	if (!e->phone.valid)
		return err_set(err, EX_DATAERR, "'%s' is not a valid phone "
		    "number for %s; check the digits or give --country", raw,
		    country[0] ? country : "any country");
	if (phone_unique(st, e, e->phone.e164, err) != 0)
		return err->status;
	col_add(e, "phone_raw", DB_TEXT, c->text, (int)c->len, 0, 0);
	col_add(e, "phone_e164", DB_TEXT, e->phone.e164, -1, 0, 0);
	col_add(e, "phone_ext", e->phone.ext[0] ? DB_TEXT : DB_NULL,
	    e->phone.ext, -1, 0, 0);
	col_add(e, "phone_display", DB_TEXT, e->phone.international, -1,
	    0, 0);
	details_str(&e->d, "phone", e->phone.e164);
	apply_zone(e, e->phone.e164, e->phone.region);
	return 0;
}

/* A new state with the same number: the zones the state decides. */
static void
apply_state_zone(struct edit *e)
{
	size_t i;
	int state = 0;

	for (i = 0; i < e->n; i++) {
		if (e->ch[i].field->type == FT_PHONE)
			return;		/* apply_phone has seen to it */
		state |= strcmp(e->ch[i].field->name, "state") == 0;
	}
	if (state && e->now.e164[0] != '\0')
		apply_zone(e, e->now.e164, e->now.country);
}

/* The change to the field named name, or NULL. */
static const struct lead_change *
named_change(const struct edit *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->ch[i].field->name, name) == 0)
			return &e->ch[i];
	return NULL;
}

/*
 * Where the lead is once the edit is written: its number ("" for none),
 * its country and, into state, its state or province.
 */
static void
edit_place(const struct edit *e, const char **e164, const char **country,
    char *state, size_t size)
{
	const struct lead_change *ph = find_change(e, FT_PHONE);
	const struct lead_change *cc = find_change(e, FT_COUNTRY);
	const struct lead_change *sc = named_change(e, "state");

	*e164 = ph != NULL ? e->phone.e164 : e->now.e164;
	*country = ph != NULL ? e->phone.region : cc != NULL && !cc->is_null ?
	    cc->code : e->now.country;
	if (sc == NULL)
		snprintf(state, size, "%s", e->now.state);
	else
		snprintf(state, size, "%.*s", sc->is_null ? 0 : (int)sc->len,
		    sc->text);
}

/* One zone of a --timezone list, as who may set it for the number. */
static int
zone_check(const struct edit *e, const char *zone, size_t len,
    const char *e164, const char *possible, struct err *err)
{
	char name[ZONE_NAME_MAX];

	snprintf(name, sizeof name, "%.*s", (int)len, zone);
	if (len >= sizeof name || !zone_known(name))
		return err_set(err, EX_DATAERR, "--timezone: '%.*s' is not a "
		    "time zone of the zone database; give IANA names such as "
		    "America/New_York", (int)len, zone);
	if (perm_scope(e->who->role, ACT_LEAD_ZONE) == SCOPE_ALL ||
	    zone_listed(possible, name))
		return 0;
	if (*possible == '\0')
		return err_set(err, EX_DATAERR, "--timezone: no zone is known "
		    "for the number %s, so only an admin may set one", e164);
	return err_set(err, EX_DATAERR, "--timezone: the number %s may be in "
	    "%s, not %s; only an admin may set another zone", e164, possible,
	    name);
}

/*
 * A lead's time zones decide when it may be called, so they are no free
 * text: each must be a zone of the zone database and, unless an admin
 * sets it, one the number may be in; a rep sets none (apply_zone finds
 * them).
 */
static int
timezone_check(const struct edit *e, struct err *err)
{
	const struct lead_change *c = named_change(e, "timezone");
	char possible[2048], state[80];
	const char *e164, *country, *p, *end;
	size_t len;

	if (c == NULL)
		return 0;
	if (perm_scope(e->who->role, ACT_LEAD_ZONE) == SCOPE_NONE)
		return deny(e->who, ACT_LEAD_ZONE, err);
	edit_place(e, &e164, &country, state, sizeof state);
	zone_possible(e164, *country ? country : NULL, state, possible,
	    sizeof possible);
	/* A number of no known zone may be anywhere in its country. */
	if (*possible == '\0')
		snprintf(possible, sizeof possible, "%s",
		    zone_country(country) ? zone_country(country) : "");
	for (p = c->text, end = c->text + c->len; p < end; p += len) {
		if ((len = strcspn(p, " ")) == 0) {
			len = 1;
			continue;
		}
		if (len > (size_t)(end - p))
			len = (size_t)(end - p);
		if (zone_check(e, p, len, *e164 ? e164 : "(none)", possible,
		    err) != 0)
			return err->status;
	}
	return 0;
}

static int
apply_status(struct edit *e, const struct lead_change *c, struct err *err)
{
	enum status to = (enum status)c->num;
	const struct lead_change *drop = find_change(e, FT_DROP);
	const struct lead_change *interest = NULL;
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->ch[i].field->name, "interest") == 0)
			interest = &e->ch[i];
	if (!status_can_move(e->now.status, to))
		return err_set(err, EX_DATAERR, "a lead cannot go from %s to %s"
		    "%s", status_name(e->now.status), status_name(to),
		    e->now.status == ST_CONVERTED ? " (Converted is final)" :
		    e->now.status == ST_LOST ? " (reopen it as In Progress)" :
		    "");
	if (to == ST_LOST && (drop == NULL || drop->is_null) &&
	    e->now.drop_reason == 0)
		return err_set(err, EX_DATAERR, "say why the lead is lost with "
		    "--drop-reason (see the drop reasons in callq(1))");
	if (to == ST_INTERESTED && (interest == NULL || interest->is_null) &&
	    e->now.interest == 0)
		return err_set(err, EX_DATAERR, "an Interested lead needs an "
		    "interest level: add --interest 1-5");
	col_add(e, "status", DB_TEXT, status_name(to), -1, 0, 0);
	e->status_to = (int)to;
	if (to != e->now.status)
		details_str(&e->d, "from_status", status_name(e->now.status));
	details_str(&e->d, "status", status_name(to));
	return 0;
}

/* Resolves the new owner's login to its id and team. */
static int
owner_lookup(struct store *st, const struct lead_change *c, int64_t *id,
    int64_t *team, struct err *err)
{
	static const char sql[] =
	    "SELECT id, team_id FROM users WHERE login = ? AND active <> 0";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_text(stmt, 1, c->text, (int)c->len);
	rc = db_step(st, stmt, err, "finding the owner");
	*id = rc == DB_ROW ? stmt_column_int64(stmt, 0) : 0;
	*team = rc == DB_ROW ? stmt_column_int64(stmt, 1) : 0;
	stmt_reset(stmt);
	if (rc == DB_DONE)
		return err_set(err, EX_DATAERR, "--owner: no active user '%.*s';"
		    " see: callq user list", (int)c->len, c->text);
	return rc == -1 ? err->status : 0;
}

static int
apply_owner(struct store *st, struct edit *e, const struct lead_change *c,
    struct err *err)
{
	int64_t team = 0;

	e->new_owner = 0;
	if (!c->is_null && owner_lookup(st, c, &e->new_owner, &team, err) != 0)
		return err->status;
	switch (perm_scope(e->who->role, ACT_LEAD_ASSIGN)) {
	case SCOPE_ALL:
		break;
	case SCOPE_TEAM:
		if (e->new_owner == 0 || e->new_owner == e->who->id ||
		    (team != 0 && team == e->who->team_id))
			break;
		return err_set(err, EX_NOPERM, "%s is %s and can assign leads "
		    "only within the team; '%.*s' is not in it", e->who->login,
		    role_title(e->who->role), (int)c->len, c->text);
	default:
		return deny(e->who, ACT_LEAD_ASSIGN, err);
	}
	e->owner_changed = e->new_owner != e->now.owner_id;
	col_add(e, "owner_id", e->new_owner ? DB_INTEGER : DB_NULL,
	    NULL, 0, e->new_owner, 0);
	if (e->now.owner[0] != '\0')
		details_str(&e->d, "from_owner", e->now.owner);
	if (c->is_null)
		details_str(&e->d, "owner", NULL);
	else
		details_strn(&e->d, "owner", c->text, c->len);
	return 0;
}

static int
apply_ref(struct store *st, struct edit *e, const struct lead_change *c,
    struct err *err)
{
	static const char region[] = "SELECT id FROM regions WHERE name = ?";
	static const char source[] =
	    "SELECT id FROM choices WHERE list = 'source' AND name = ?"
	    " AND active <> 0";
	static const char drop[] =
	    "SELECT id FROM choices WHERE list = 'drop' AND name = ?"
	    " AND active <> 0";
	int64_t id = 0;

	if (!c->is_null && lookup_id(st, c->field->type == FT_REGION ? region :
	    c->field->type == FT_SOURCE ? source : drop, c, &id, err) != 0)
		return err->status;
	if (c->is_null)
		details_str(&e->d, c->field->name, NULL);
	else
		details_strn(&e->d, c->field->name, c->text, c->len);
	col_add(e, c->field->column, id ? DB_INTEGER : DB_NULL, NULL,
	    0, id, 0);
	return 0;
}

/* Adds one change to the UPDATE being built, checking what it needs. */
static int
apply_change(struct store *st, struct edit *e, const struct lead_change *c,
    struct err *err)
{
	const struct lead_field *f = c->field;

	if (c->is_null && (f->type == FT_PHONE || strcmp(f->name, "name") == 0))
		return err_set(err, EX_DATAERR, "--%s cannot be empty",
		    f->name);
	if (f->type == FT_PHONE)
		return apply_phone(st, e, c, err);
	if (f->type == FT_STATUS)
		return apply_status(e, c, err);
	if (f->type == FT_OWNER)
		return apply_owner(st, e, c, err);
	if (f->type >= FT_REGION)
		return apply_ref(st, e, c, err);
	if (c->is_null)
		details_str(&e->d, f->name, NULL);
	else if (f->type == FT_TIME || f->type == FT_MONEY)
		details_int(&e->d, f->name, c->num);
	else
		details_strn(&e->d, f->name, c->text, c->len);
	if (c->is_null)
		col_add(e, f->column, DB_NULL, NULL, 0, 0, 0);
	else if (f->type == FT_TEXT)
		col_add(e, f->column, DB_TEXT, c->text, (int)c->len, 0, 0);
	else if (f->type == FT_COUNTRY)
		col_add(e, f->column, DB_TEXT, c->code, -1, 0, 0);
	else if (f->type == FT_REAL)
		col_add(e, f->column, DB_FLOAT, NULL, 0, 0, c->real);
	else
		col_add(e, f->column, DB_INTEGER, NULL, 0, c->num, 0);
	return 0;
}

/* Runs the UPDATE that e->cols describe; a stale version writes nothing. */
static int
update_run(struct store *st, struct edit *e, struct err *err)
{
	char sql[4096];
	size_t off = 0;
	struct stmt *stmt;
	int i, rc;

	off += (size_t)snprintf(sql, sizeof sql, "UPDATE leads SET ");
	for (i = 0; i < e->ncols; i++)
		off += (size_t)snprintf(sql + off, sizeof sql - off, "%s = ?%d, ",
		    e->cols[i].col, i + 1);
	snprintf(sql + off, sizeof sql - off, "version = version + 1, "
	    "updated_at = ?%d WHERE id = ?%d AND (?%d = 0 OR version = ?%d)",
	    i + 1, i + 2, i + 3, i + 3);
	if ((stmt = stmt_built(st, sql, err)) == NULL)
		return err->status;
	for (i = 0; i < e->ncols; i++) {
		const struct colval *c = &e->cols[i];

		if (c->type == DB_TEXT)
			stmt_bind_text(stmt, i + 1, c->text, c->len);
		else if (c->type == DB_INTEGER)
			stmt_bind_int64(stmt, i + 1, c->num);
		else if (c->type == DB_FLOAT)
			stmt_bind_double(stmt, i + 1, c->real);
	}
	stmt_bind_int64(stmt, i + 1, store_now());
	stmt_bind_int64(stmt, i + 2, e->id);
	stmt_bind_int64(stmt, i + 3, e->expect_version);
	rc = stmt_step(stmt);
	if (rc != DB_DONE)
		db_fail(st, err, "saving the lead");
	else if (conn_changes(st->conn) == 0)
		err_set(err, EX_TEMPFAIL, "lead %lld was changed by someone "
		    "else meanwhile; look again and redo the edit",
		    (long long)e->id);
	stmt_reset(stmt);
	return err->status;
}

static int
assignment_insert(struct store *st, const struct edit *e, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO assignments (lead_id, user_id, assigned_by, method, at)"
	    " VALUES (?,?,?,?,?)";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, e->id);
	bind_id(stmt, 2, e->new_owner);
	stmt_bind_int64(stmt, 3, e->who->id);
	bind_text(stmt, 4, e->new_owner == e->who->id ? "claim" : "manual");
	stmt_bind_int64(stmt, 5, store_now());
	return db_run(st, stmt, err, "recording the assignment");
}

/*
 * A bare row for store_lead_add to fill through the same checks as edits;
 * at version 0, so that the filling makes it version 1.
 */
static int
lead_insert_bare(struct store *st, struct edit *e, struct err *err)
{
	/*
	 * ?2, the owner, is the writer's own when their scope is their own
	 * leads: a lead with neither owner nor region yet is in no one's
	 * such scope, and under a user's own role the server refuses to
	 * make it (pgpolicy.c). The edit's UPDATE sets the owner named.
	 */
	static const char sql[] =
	    "INSERT INTO leads (name, phone_raw, created_at, updated_at, version,"
	    " stage_id, stage_entered_at, owner_id) VALUES ('', '', ?1, ?1, 0,"
	    STAGE_ENTRY ", ?1, ?2) RETURNING id";
	struct stmt *stmt;
	size_t i;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, store_now());
	bind_id(stmt, 2, perm_scope(e->who->role, ACT_LEAD_CREATE) ==
	    SCOPE_OWN ? e->who->id : 0);
	if (db_insert(st, stmt, &e->id, err, "adding the lead") != 0)
		return err->status;
	memset(&e->now, 0, sizeof e->now);
	e->now.status = ST_NEW;
	e->now.ctx.unassigned = 1;
	e->now.ctx.in_actor_regions = 1;
	/* A rep's own lead is the rep's unless it names an owner. */
	for (i = 0; i < e->n; i++)
		if (e->ch[i].field->type == FT_OWNER)
			return 0;
	if (perm_scope(e->who->role, ACT_LEAD_ASSIGN) == SCOPE_NONE) {
		e->new_owner = e->who->id;
		e->owner_changed = 1;
		col_add(e, "owner_id", DB_INTEGER, NULL, 0, e->who->id, 0);
		details_str(&e->d, "owner", e->who->login);
	}
	return 0;
}

static int
lead_check_access(struct store *st, struct edit *e, struct err *err)
{
	if (lead_load(st, e->who, e->id, &e->now, err) != 0)
		return err->status;
	if (e->now.deleted)
		return err_set(err, EX_DATAERR, "lead %lld is deleted; restore "
		    "it first with: callq lead restore %lld", (long long)e->id,
		    (long long)e->id);
	if (!perm_lead_allows(e->who->role, ACT_LEAD_EDIT, &e->now.ctx))
		return deny_lead(e->who, ACT_LEAD_EDIT, e->id, &e->now, err);
	return lease_check_for_write(st, e->who, e->id, "edit it", NULL, err);
}

/*
 * What an edit sets going: a new status moves the lead along the
 * pipeline (and is heard of when it ends the lead), a new owner hears of
 * the lead.
 */
static int
lead_edit_follow(struct store *st, struct edit *e, struct err *err)
{
	enum status to = e->status_to >= 0 ? (enum status)e->status_to :
	    e->now.status;
	const struct lead_change *owner;
	char text[160];

	/* A new lead is in the first stage already (lead_insert_bare). */
	if (e->status_to >= 0 && lead_stage_follow(st, e->id, to, e->adding,
	    &e->d, err) != 0)
		return err->status;
	if (to == ST_CONVERTED &&
	    lead_customer_mark(st, e->id, store_now(), err) != 0)
		return err->status;
	if (!e->adding && to != e->now.status &&
	    notify_status(st, e->who, e->id, to, &e->d, err) != 0)
		return err->status;
	if (!e->adding && to != e->now.status && (to == ST_CONVERTED ||
	    to == ST_LOST) && followup_close_for_lead(st, e->who, e->id, to ==
	    ST_CONVERTED ? FOLLOWUP_CLOSE_CONVERTED : FOLLOWUP_CLOSE_LOST, 0,
	    err) != 0)
		return err->status;
	if (!e->owner_changed || e->new_owner == 0 ||
	    e->new_owner == e->who->id)
		return 0;
	snprintf(text, sizeof text, "%s assigned you lead %lld", e->who->login,
	    (long long)e->id);
	if (notify_add(st, e->new_owner, "assigned", e->id, 0, text, err) != 0)
		return err->status;
	owner = find_change(e, FT_OWNER);
	details_strn(&e->d, "notified", owner->text, owner->len);
	return 0;
}

static int
lead_apply(struct store *st, void *arg, struct err *err)
{
	struct edit *e = arg;
	size_t i;
	int rc;

	e->ncols = 0;
	e->owner_changed = 0;
	e->status_to = -1;
	details_begin(&e->d);
	rc = e->adding ? lead_insert_bare(st, e, err) :
	    lead_check_access(st, e, err);
	for (i = 0; rc == 0 && i < e->n; i++)
		rc = apply_change(st, e, &e->ch[i], err);
	if (rc == 0)
		apply_state_zone(e);
	if (rc == 0)
		rc = timezone_check(e, err);
	if (rc == 0 && e->ncols > 0)
		rc = update_run(st, e, err);
	if (rc == 0 && e->owner_changed)
		rc = assignment_insert(st, e, err);
	if (rc == 0)
		rc = lead_edit_follow(st, e, err);
	if (rc == 0)
		rc = search_index_lead(st, e->id, err);
	if (rc == 0)
		return audit_write(st, e->who, "lead", e->id, e->adding ? "add" :
		    "edit", &e->d, err);
	details_free(&e->d);
	return rc;
}

static int
changes_check(const struct lead_change *ch, size_t n, int adding,
    struct err *err)
{
	int has_name = 0, has_phone = 0;
	size_t i;

	if (n == 0)
		return err_set(err, EX_USAGE, "nothing to change; give at least"
		    " one field, e.g. --name or --status");
	if (n + 4 > MAX_COLS)
		return err_set(err, EX_USAGE, "too many fields in one edit");
	for (i = 0; i < n; i++) {
		has_name |= strcmp(ch[i].field->name, "name") == 0;
		has_phone |= ch[i].field->type == FT_PHONE;
	}
	if (adding && (!has_name || !has_phone))
		return err_set(err, EX_USAGE, "a new lead needs --name and "
		    "--phone");
	return 0;
}

int
store_lead_add(struct store *st, const struct actor *who,
    const struct lead_change *ch, size_t n, int64_t *id, struct err *err)
{
	struct edit *e;
	int rc;

	if (require(who, ACT_LEAD_CREATE, err) != 0 ||
	    changes_check(ch, n, 1, err) != 0)
		return err->status;
	if ((e = calloc(1, sizeof *e)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	*e = (struct edit){ .who = who, .ch = ch, .n = n, .adding = 1 };
	if ((rc = store_tx(st, lead_apply, e, err)) == 0)
		*id = e->id;
	free(e);
	return rc;
}

int
store_lead_edit(struct store *st, const struct actor *who, int64_t id,
    const struct lead_change *ch, size_t n, int64_t expect_version,
    struct err *err)
{
	struct edit *e;
	int rc;

	if (require(who, ACT_LEAD_EDIT, err) != 0 ||
	    changes_check(ch, n, 0, err) != 0)
		return err->status;
	if ((e = calloc(1, sizeof *e)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	*e = (struct edit){ .who = who, .id = id, .ch = ch, .n = n,
	    .expect_version = expect_version };
	rc = store_tx(st, lead_apply, e, err);
	free(e);
	return rc;
}

struct lifecycle {
	const struct actor *who;
	int64_t id;
	int deleting;
	const char *reason;
};

/* Marks lc's lead deleted, or live again. */
static int
lifecycle_write(struct store *st, const struct lifecycle *lc,
    struct err *err)
{
	static const char del[] =
	    "UPDATE leads SET deleted_at = ?2, deleted_by = ?3,"
	    " version = version + 1, updated_at = ?2"
	    " WHERE id = ?1 AND deleted_at IS NULL";
	static const char restore[] =
	    "UPDATE leads SET deleted_at = NULL, deleted_by = NULL,"
	    " version = version + 1, updated_at = ?2"
	    " WHERE id = ?1 AND deleted_at IS NOT NULL";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, lc->deleting ? del : restore, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lc->id);
	stmt_bind_int64(stmt, 2, store_now());
	if (lc->deleting)
		stmt_bind_int64(stmt, 3, lc->who->id);
	return db_run(st, stmt, err, "changing the lead");
}

static int
lead_lifecycle(struct store *st, void *arg, struct err *err)
{
	struct lifecycle *lc = arg;
	struct lead_now ln;
	struct details d;

	if (lead_load(st, lc->who, lc->id, &ln, err) != 0)
		return err->status;
	if (ln.deleted == lc->deleting)
		return err_set(err, EX_DATAERR, "lead %lld is %s", (long long)
		    lc->id, lc->deleting ? "already deleted" : "not deleted");
	if (lc->deleting && lease_check_for_write(st, lc->who, lc->id,
	    "delete it", NULL, err) != 0)
		return err->status;
	details_begin(&d);
	if (lc->reason != NULL)
		details_str(&d, "reason", lc->reason);
	/* Another lead may have taken its number while it was deleted. */
	if ((!lc->deleting && ln.e164[0] != '\0' && phone_taken(st, lc->who,
	    lc->id, ln.e164, "restore", "restored", &d, err) != 0) ||
	    lifecycle_write(st, lc, err) != 0 ||
	    (lc->deleting && (notify_deleted(st, lc->who, lc->id, &d, err) != 0 ||
	    followup_close_for_lead(st, lc->who, lc->id, FOLLOWUP_CLOSE_DELETED,
	    0, err) != 0))) {
		details_free(&d);
		return err->status;
	}
	return audit_write(st, lc->who, "lead", lc->id, lc->deleting ? "delete" :
	    "restore", &d, err);
}

int
store_lead_delete(struct store *st, const struct actor *who, int64_t id,
    struct err *err)
{
	struct lifecycle lc = { who, id, 1, NULL };

	if (require(who, ACT_LEAD_DELETE, err) != 0)
		return err->status;
	return store_tx(st, lead_lifecycle, &lc, err);
}

int
store_lead_restore(struct store *st, const struct actor *who, int64_t id,
    const char *reason, struct err *err)
{
	struct lifecycle lc = { who, id, 0, reason };

	if (require(who, ACT_LEAD_RESTORE, err) != 0 ||
	    text_check(reason, "the reason", err) != 0)
		return err->status;
	return store_tx(st, lead_lifecycle, &lc, err);
}

/*
 * lead list's filters, one fragment each (store/variant.h): l.deleted_at
 * alone lets the planner use the indexes on live leads (partial ones),
 * and an owner or region is looked up once, to compare ids.
 */
enum {
	LEAD_F_DELETED,
	LEAD_F_LIVE,
	LEAD_F_NEW,
	LEAD_F_STATUS,		/* any other status */
	LEAD_F_UNOWNED,		/* owner "none": no owner, or a user so named */
	LEAD_F_OWNER,
	LEAD_F_REGION,
	LEAD_F_SEARCH,
	LEAD_F_CUSTOMER,
};

static const char *const lead_list_frags[] = {
	[LEAD_F_DELETED] = " AND l.deleted_at IS NOT NULL",
	[LEAD_F_LIVE] = " AND l.deleted_at IS NULL",
	[LEAD_F_NEW] = " AND l.status = ?5",
	/* Said twice for the planner: leads_status holds no New lead. */
	[LEAD_F_STATUS] = " AND l.status = ?5 AND l.status <> 'New'",
	[LEAD_F_UNOWNED] = " AND (l.owner_id IS NULL OR o.login = ?6)",
	[LEAD_F_OWNER] =
	    " AND l.owner_id = (SELECT id FROM users WHERE login = ?6)",
	[LEAD_F_REGION] =
	    " AND l.region_id = (SELECT id FROM regions WHERE name = ?7)",
	[LEAD_F_SEARCH] = " AND" LEAD_LIKE("?8"),
	[LEAD_F_CUSTOMER] = " AND l.customer = 1",
};

static const struct variant lead_list_variant = {
	LEAD_SELECT " WHERE" LEAD_READABLE " AND" LEAD_BATCH_DONE,
	lead_list_frags,
	(int)(sizeof lead_list_frags / sizeof lead_list_frags[0]),
	" ORDER BY l.id LIMIT ?9 OFFSET ?10",
};

static unsigned
lead_list_mask(const struct lead_filter *f)
{
	unsigned m = VARIANT_BIT(f->deleted ? LEAD_F_DELETED : LEAD_F_LIVE);

	if (f->status != NULL)
		m |= VARIANT_BIT(strcmp(f->status, "New") == 0 ? LEAD_F_NEW :
		    LEAD_F_STATUS);
	if (f->owner != NULL)
		m |= VARIANT_BIT(strcmp(f->owner, "none") == 0 ?
		    LEAD_F_UNOWNED : LEAD_F_OWNER);
	if (f->region != NULL)
		m |= VARIANT_BIT(LEAD_F_REGION);
	if (f->search != NULL && *f->search != '\0')	/* as search_bind */
		m |= VARIANT_BIT(LEAD_F_SEARCH);
	if (f->customers)
		m |= VARIANT_BIT(LEAD_F_CUSTOMER);
	return m;
}

int
store_lead_list(struct store *st, const struct actor *who,
    const struct lead_filter *f, int (*each)(const struct lead *, void *),
    void *arg, struct err *err)
{
	struct stmt *stmt;

	if (f->deleted && require(who, ACT_LEAD_RESTORE, err) != 0)
		return err->status;
	if ((stmt = variant_get(st, &lead_list_variant, lead_list_mask(f),
	    err)) == NULL)
		return err->status;
	lead_bind_reader(stmt, who);
	bind_text(stmt, 5, f->status);
	bind_text(stmt, 6, f->owner);
	bind_text(stmt, 7, f->region);
	stmt_bind_int64(stmt, 9, f->limit > 0 ? f->limit : LIMIT_ALL);
	stmt_bind_int(stmt, 10, f->offset);
	if (search_bind(stmt, 8, f->search, err) != 0)
		return err->status;
	return lead_rows(st, stmt, each, arg, err);
}

int
store_lead_get(struct store *st, const struct actor *who, int64_t id,
    int (*each)(const struct lead *, void *), void *arg, struct err *err)
{
	static const char sql[] = LEAD_SELECT
	    " WHERE" LEAD_READABLE " AND" LEAD_BATCH_DONE " AND l.id = ?4"
	    " AND (l.deleted_at IS NULL OR ?5 <> 0)";
	struct stmt *stmt;
	struct lead l;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	lead_bind_reader(stmt, who);
	stmt_bind_int64(stmt, 4, id);
	stmt_bind_int(stmt, 5,
	    perm_scope(who->role, ACT_LEAD_RESTORE) != SCOPE_NONE);
	rc = db_step(st, stmt, err, "reading the lead");
	if (rc == DB_ROW) {
		lead_from_row(stmt, &l);
		each(&l, arg);
	}
	stmt_reset(stmt);
	if (rc == DB_DONE)
		return lead_not_found(who, id, err);
	return rc == -1 ? err->status : 0;
}
