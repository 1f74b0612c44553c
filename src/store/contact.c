#include <stdio.h>
#include <string.h>

#include "callq/contact.h"
#include "callq/phone.h"
#include "callq/text.h"
#include "callq/zone.h"
#include "leadrow.h"

/* Limits that keep a contact to one line of the drawer and of a CSV. */
#define CONTACT_NAME_MAX  200
#define CONTACT_ROLE_MAX  100
#define CONTACT_EMAIL_MAX 254
#define CONTACT_LABEL_MAX 32
#define CONTACT_RAW_MAX   64

/* One number of a spec, parsed and zoned before anything is written. */
struct number {
	char         label[CONTACT_LABEL_MAX + 1];
	char         raw[CONTACT_RAW_MAX + 1];
	struct phone phone;
	const char  *zones;
	const char  *basis;
};

struct contact_op {
	const struct actor        *who;
	int64_t                    id;		/* the contact; 0 when adding */
	int64_t                    lead;
	const struct contact_spec *spec;
	int64_t                    expect_version;
	struct number              numbers[CONTACT_PHONES_MAX];
};

static int
field_check(const char *s, const char *what, size_t max, struct err *err)
{
	if (s == NULL)
		return 0;
	if (text_check(s, what, err) != 0)
		return err->status;
	if (strlen(s) > max)
		return err_set(err, EX_DATAERR, "%s is longer than %zu bytes; "
		    "shorten it", what, max);
	return 0;
}

/* What can be told of a spec without the database. */
static int
spec_check(const struct contact_spec *s, int adding, struct err *err)
{
	if (adding && (s->name == NULL || s->name[strspn(s->name, " ")] ==
	    '\0'))
		return err_set(err, EX_DATAERR, "a contact needs a name; give "
		    "it with --name");
	if (!adding && s->name != NULL && s->name[strspn(s->name, " ")] ==
	    '\0')
		return err_set(err, EX_DATAERR, "a contact's name cannot be "
		    "empty; give a name or leave --name out");
	if (field_check(s->name, "the contact's name", CONTACT_NAME_MAX,
	    err) != 0 ||
	    field_check(s->role, "the contact's role", CONTACT_ROLE_MAX,
	    err) != 0 ||
	    field_check(s->email, "the contact's e-mail", CONTACT_EMAIL_MAX,
	    err) != 0)
		return err->status;
	if (s->email != NULL && s->email[0] != '\0' &&
	    (strchr(s->email, '@') == NULL || strchr(s->email, ' ') != NULL))
		return err_set(err, EX_DATAERR, "'%s' is not an e-mail address "
		    "(name@example.com)", s->email);
	if (s->nphones > CONTACT_PHONES_MAX)
		return err_set(err, EX_DATAERR, "a contact keeps at most %d "
		    "numbers", CONTACT_PHONES_MAX);
	return 0;
}

/* "mobile:+1 305 555 0142": a label is what comes before a ':' with no digit. */
static int
number_split(const char *text, struct number *n, struct err *err)
{
	const char *colon = strchr(text, ':');
	size_t len = 0;

	if (text_check(text, "the contact's number", err) != 0)
		return err->status;
	if (colon != NULL && strcspn(text, "0123456789+") > (size_t)(colon -
	    text)) {
		len = (size_t)(colon - text);
		if (len > CONTACT_LABEL_MAX)
			return err_set(err, EX_DATAERR, "the label of '%s' is "
			    "longer than %d bytes", text, CONTACT_LABEL_MAX);
		memcpy(n->label, text, len);
		text = colon + 1;
		text += strspn(text, " ");
	}
	n->label[len] = '\0';
	if (strlen(text) > CONTACT_RAW_MAX)
		return err_set(err, EX_DATAERR, "'%s' is too long for a phone "
		    "number", text);
	snprintf(n->raw, sizeof n->raw, "%s", text);
	return 0;
}

/* Normalized like the lead's: in the lead's country, zoned by its prefix. */
static int
number_parse(const char *text, const char *country, struct number *n,
    struct err *err)
{
	enum zone_basis basis;

	if (number_split(text, n, err) != 0)
		return err->status;
	switch (phone_parse(n->raw, country[0] ? country : NULL, &n->phone)) {
	case PHONE_NO_REGION:
		return err_set(err, EX_DATAERR, "cannot tell the country of "
		    "the contact's number '%s'; give it in international form "
		    "(+44 ...)", n->raw);
	case PHONE_UNPARSEABLE:
		return err_set(err, EX_DATAERR, "the contact's number '%s' is "
		    "not a phone number", n->raw);
	case PHONE_OK:
		break;
	}
	if (!n->phone.valid)
		return err_set(err, EX_DATAERR, "the contact's number '%s' is "
		    "not a valid phone number for %s; check the digits or give "
		    "it in international form", n->raw, country[0] ? country :
		    "any country");
	n->zones = zone_find(n->phone.e164, n->phone.region[0] ?
	    n->phone.region : NULL, NULL, &basis);
	n->basis = zone_basis_name(basis);
	return 0;
}

static int
numbers_parse(struct contact_op *op, const char *country, struct err *err)
{
	int i;

	for (i = 0; i < op->spec->nphones; i++)
		if (number_parse(op->spec->phones[i], country, &op->numbers[i],
		    err) != 0)
			return err->status;
	return 0;
}

static int
numbers_write(struct store *st, struct contact_op *op, struct details *d,
    struct err *err)
{
	static const char clear[] =
	    "DELETE FROM contact_phones WHERE contact_id = ?1";
	static const char add[] =
	    "INSERT INTO contact_phones (contact_id, position, label,"
	    " phone_raw, phone_e164, phone_ext, phone_display, timezone,"
	    " tz_basis) VALUES (?1, ?2, nullif(?3, ''), ?4, ?5, nullif(?6,"
	    " ''), ?7, ?8, ?9)";
	char list[CONTACT_PHONES_MAX * 26] = "";
	struct stmt *stmt;
	struct number *n;
	int i;

	if ((stmt = stmt_get(st, clear, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, op->id);
	if (db_run(st, stmt, err, "replacing the contact's numbers") != 0)
		return err->status;
	for (i = 0; i < op->spec->nphones; i++) {
		n = &op->numbers[i];
		if ((stmt = stmt_get(st, add, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, op->id);
		stmt_bind_int(stmt, 2, i + 1);
		bind_text(stmt, 3, n->label);
		bind_text(stmt, 4, n->raw);
		bind_text(stmt, 5, n->phone.e164);
		bind_text(stmt, 6, n->phone.ext);
		bind_text(stmt, 7, n->phone.international);
		bind_text(stmt, 8, n->zones);
		bind_text(stmt, 9, n->basis);
		if (db_run(st, stmt, err, "adding the contact's number") != 0)
			return err->status;
		snprintf(list + strlen(list), sizeof list - strlen(list),
		    "%s%s", i ? " " : "", n->phone.e164);
	}
	details_str(d, "phones", list);
	return 0;
}

static void
spec_details(const struct contact_spec *s, struct details *d)
{
	if (s->name != NULL)
		details_str(d, "name", s->name);
	if (s->role != NULL)
		details_str(d, "role", s->role);
	if (s->email != NULL)
		details_str(d, "email", s->email);
	if (s->dnc >= 0)
		details_int(d, "dnc", s->dnc != 0);
	if (s->opt_in >= 0)
		details_int(d, "opt_in", s->opt_in != 0);
}

/* The lead of contact id, refused as missing when who may not see it. */
static int
contact_lead(struct store *st, const struct actor *who, int64_t id,
    enum action action, int64_t *lead, int64_t *version,
    struct lead_now *ln, struct err *err)
{
	static const char sql[] =
	    "SELECT lead_id, version FROM contacts WHERE id = ?1"
	    " AND deleted_at IS NULL";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	*lead = 0;
	if ((rc = db_step(st, stmt, err, "reading the contact")) ==
	    DB_ROW) {
		*lead = stmt_column_int64(stmt, 0);
		*version = stmt_column_int64(stmt, 1);
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (*lead != 0 && lead_may(st, who, *lead, action, ln, err) == 0)
		return 0;
	if (*lead != 0 && err->status != EX_NOINPUT)
		return err->status;
	return err_set(err, EX_NOINPUT, "no contact %lld that %s may see; "
	    "list a lead's contacts with: callq contact list LEAD",
	    (long long)id, who->login);
}

static int
contact_add_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO contacts (lead_id, name, role, email, dnc, opt_in,"
	    " position, created_at, updated_at) VALUES (?1, ?2, nullif(?3,"
	    " ''), nullif(?4, ''), ?5, ?6, coalesce((SELECT max(position)"
	    " FROM contacts WHERE lead_id = ?1), 0) + 1, ?7, ?7) RETURNING id";
	struct contact_op *op = arg;
	const struct contact_spec *s = op->spec;
	struct lead_now ln;
	struct details d;
	struct stmt *stmt;

	if (lead_may(st, op->who, op->lead, ACT_CONTACT_EDIT, &ln, err) != 0 ||
	    lease_check_for_write(st, op->who, op->lead, "add a contact",
	    NULL, err) != 0 || numbers_parse(op, ln.country, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, op->lead);
	bind_text(stmt, 2, s->name);
	bind_text(stmt, 3, s->role);
	bind_text(stmt, 4, s->email);
	stmt_bind_int(stmt, 5, s->dnc > 0);
	stmt_bind_int(stmt, 6, s->opt_in > 0);
	stmt_bind_int64(stmt, 7, store_now());
	if (db_insert(st, stmt, &op->id, err, "adding the contact") != 0)
		return err->status;
	details_begin(&d);
	details_int(&d, "lead_id", op->lead);
	spec_details(s, &d);
	if (s->nphones > 0 && numbers_write(st, op, &d, err) != 0) {
		details_free(&d);
		return err->status;
	}
	return audit_write(st, op->who, "contact", op->id, "add", &d, err);
}

int
store_contact_add(struct store *st, const struct actor *who, int64_t lead,
    const struct contact_spec *spec, int64_t *id, struct err *err)
{
	struct contact_op op = { .who = who, .lead = lead, .spec = spec };

	*id = 0;
	if (spec_check(spec, 1, err) != 0 ||
	    require(who, ACT_CONTACT_EDIT, err) != 0)
		return err->status;
	if (store_tx(st, contact_add_tx, &op, err) != 0)
		return err->status;
	*id = op.id;
	return 0;
}

static int
contact_edit_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE contacts SET name = coalesce(?2, name), role = CASE"
	    " WHEN CAST(?3 AS TEXT) IS NULL THEN role ELSE nullif(?3, '') END,"
	    " email = CASE WHEN CAST(?4 AS TEXT) IS NULL THEN email"
	    " ELSE nullif(?4, '') END,"
	    " dnc = CASE WHEN ?5 < 0 THEN dnc ELSE ?5 END,"
	    " opt_in = CASE WHEN ?6 < 0 THEN opt_in ELSE ?6 END,"
	    " updated_at = ?7, version = version + 1 WHERE id = ?1";
	struct contact_op *op = arg;
	const struct contact_spec *s = op->spec;
	struct lead_now ln;
	struct details d;
	struct stmt *stmt;
	int64_t version;

	if (contact_lead(st, op->who, op->id, ACT_CONTACT_EDIT, &op->lead,
	    &version, &ln, err) != 0 ||
	    lease_check_for_write(st, op->who, op->lead, "edit a contact",
	    NULL, err) != 0)
		return err->status;
	if (op->expect_version != 0 && op->expect_version != version)
		return err_set(err, EX_TEMPFAIL, "contact %lld was changed by "
		    "someone else since you read it; nothing was written, read "
		    "it again", (long long)op->id);
	if (s->nphones > 0 && numbers_parse(op, ln.country, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, op->id);
	bind_text(stmt, 2, s->name);
	bind_text(stmt, 3, s->role);
	bind_text(stmt, 4, s->email);
	stmt_bind_int(stmt, 5, s->dnc < 0 ? -1 : s->dnc != 0);
	stmt_bind_int(stmt, 6, s->opt_in < 0 ? -1 : s->opt_in != 0);
	stmt_bind_int64(stmt, 7, store_now());
	if (db_run(st, stmt, err, "editing the contact") != 0)
		return err->status;
	details_begin(&d);
	details_int(&d, "lead_id", op->lead);
	spec_details(s, &d);
	if (s->nphones >= 0 && numbers_write(st, op, &d, err) != 0) {
		details_free(&d);
		return err->status;
	}
	return audit_write(st, op->who, "contact", op->id, "edit", &d, err);
}

int
store_contact_edit(struct store *st, const struct actor *who, int64_t id,
    const struct contact_spec *spec, int64_t expect_version,
    struct err *err)
{
	struct contact_op op = { .who = who, .id = id, .spec = spec,
	    .expect_version = expect_version };

	if (spec_check(spec, 0, err) != 0 ||
	    require(who, ACT_CONTACT_EDIT, err) != 0)
		return err->status;
	return store_tx(st, contact_edit_tx, &op, err);
}

static int
contact_delete_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE contacts SET deleted_at = ?2, deleted_by = ?3,"
	    " updated_at = ?2, version = version + 1 WHERE id = ?1"
	    " RETURNING name";
	struct contact_op *op = arg;
	struct lead_now ln;
	struct details d;
	struct stmt *stmt;
	int64_t version;
	int rc;

	if (contact_lead(st, op->who, op->id, ACT_CONTACT_EDIT, &op->lead,
	    &version, &ln, err) != 0 ||
	    lease_check_for_write(st, op->who, op->lead, "delete a contact",
	    NULL, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, op->id);
	stmt_bind_int64(stmt, 2, store_now());
	stmt_bind_int64(stmt, 3, op->who->id);
	details_begin(&d);
	details_int(&d, "lead_id", op->lead);
	if ((rc = db_step(st, stmt, err, "deleting the contact")) ==
	    DB_ROW)
		details_str(&d, "name", col_text(stmt, 0));
	stmt_reset(stmt);
	if (rc == -1) {
		details_free(&d);
		return err->status;
	}
	return audit_write(st, op->who, "contact", op->id, "delete", &d, err);
}

int
store_contact_delete(struct store *st, const struct actor *who, int64_t id,
    struct err *err)
{
	struct contact_op op = { .who = who, .id = id };

	if (require(who, ACT_CONTACT_EDIT, err) != 0)
		return err->status;
	return store_tx(st, contact_delete_tx, &op, err);
}

/* A contact's numbers, copied: they outlive the statement's next step. */
struct phones_buf {
	char label[CONTACT_LABEL_MAX + 1], raw[CONTACT_RAW_MAX + 1];
	char e164[24], ext[16], display[56], zones[512];
};

static int
phones_read(struct store *st, struct contact *c, struct phones_buf *b,
    struct err *err)
{
	static const char sql[] =
	    "SELECT id, label, phone_raw, phone_e164, phone_ext,"
	    " phone_display, timezone FROM contact_phones"
	    " WHERE contact_id = ?1 ORDER BY position";
	struct contact_phone *p;
	struct stmt *stmt;
	int rc = DB_DONE;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, c->id);
	c->nphones = 0;
	while (c->nphones < CONTACT_PHONES_MAX && (rc = db_step(st, stmt, err,
	    "reading the contact's numbers")) == DB_ROW) {
		p = &c->phones[c->nphones];
		b = &b[c->nphones++];
		p->id = stmt_column_int64(stmt, 0);
		snprintf(b->label, sizeof b->label, "%s", col_text(stmt, 1));
		snprintf(b->raw, sizeof b->raw, "%s", col_text(stmt, 2));
		snprintf(b->e164, sizeof b->e164, "%s", col_text(stmt, 3));
		snprintf(b->ext, sizeof b->ext, "%s", col_text(stmt, 4));
		snprintf(b->display, sizeof b->display, "%s",
		    col_text(stmt, 5));
		snprintf(b->zones, sizeof b->zones, "%s", col_text(stmt, 6));
		p->label = b->label;
		p->raw = b->raw;
		p->e164 = b->e164;
		p->ext = b->ext;
		p->display = b->display;
		p->timezone = b->zones;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* Steps stmt (CONTACT_SELECT's columns), each contact with its numbers. */
static int
contact_rows(struct store *st, struct stmt *stmt,
    int (*each)(const struct contact *, void *), void *arg, struct err *err)
{
	struct phones_buf bufs[CONTACT_PHONES_MAX];
	struct contact c;
	int rc;

	while ((rc = db_step(st, stmt, err, "reading the contacts")) ==
	    DB_ROW) {
		memset(&c, 0, sizeof c);
		c.id = stmt_column_int64(stmt, 0);
		c.lead_id = stmt_column_int64(stmt, 1);
		c.name = col_text(stmt, 2);
		c.role = col_text(stmt, 3);
		c.email = col_text(stmt, 4);
		c.dnc = stmt_column_int(stmt, 5);
		c.opt_in = stmt_column_int(stmt, 6);
		c.version = stmt_column_int64(stmt, 7);
		if (phones_read(st, &c, bufs, err) != 0) {
			rc = -1;
			break;
		}
		if (each(&c, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

#define CONTACT_SELECT \
	"SELECT id, lead_id, name, role, email, dnc, opt_in, version" \
	" FROM contacts"

int
store_contact_list(struct store *st, const struct actor *who, int64_t lead,
    int (*each)(const struct contact *, void *), void *arg, struct err *err)
{
	static const char sql[] = CONTACT_SELECT
	    " WHERE lead_id = ?1 AND deleted_at IS NULL ORDER BY position, id";
	struct lead_now ln;
	struct stmt *stmt;

	if (lead_may(st, who, lead, ACT_LEAD_READ, &ln, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	return contact_rows(st, stmt, each, arg, err);
}

int
store_contact_get(struct store *st, const struct actor *who, int64_t id,
    int (*each)(const struct contact *, void *), void *arg,
    struct err *err)
{
	static const char sql[] = CONTACT_SELECT " WHERE id = ?1";
	struct lead_now ln;
	struct stmt *stmt;
	int64_t lead, version;

	if (contact_lead(st, who, id, ACT_LEAD_READ, &lead, &version, &ln,
	    err) != 0 || (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	return contact_rows(st, stmt, each, arg, err);
}
