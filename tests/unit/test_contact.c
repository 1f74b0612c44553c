/*
 * Contacts: what is kept of them and how their numbers are read, who may
 * see and change them, and dialing one under the same rules as its lead
 * (their own do-not-call flag, the list, the hours of their number's zone).
 */
#include <stdio.h>
#include <string.h>

#include "callq/call.h"
#include "callq/callrec.h"
#include "callq/contact.h"
#include "callq/dnc.h"
#include "callq/import.h"
#include "callq/search.h"
#include "callq/user.h"
#include "fixture.h"

struct floor {
	struct actor rep, other;
	int64_t lead;		/* in London, rep1's */
};

static struct floor
floor_make(struct fixture *f)
{
	struct floor fl;
	struct err err = { 0 };

	fixture_region(f, "UK", "GB");
	fl.rep = fixture_user(f, "rep1", ROLE_REP, "A", NULL);
	fl.other = fixture_user(f, "rep2", ROLE_REP, "B", NULL);
	fl.lead = fixture_lead(f, &f->admin, &err, "name=Tea Rooms",
	    "phone=+442031234567", "region=UK", "owner=rep1", NULL);
	assert_true(fl.lead != 0);
	return fl;
}

static struct contact_spec
spec_blank(void)
{
	struct contact_spec s = { .dnc = -1, .opt_in = -1, .nphones = -1 };

	return s;
}

/* What the tests read of a contact, copied out of the callback. */
struct seen {
	int     n;
	int64_t id, phone;
	char    name[64], role[64], e164[24], display[56], zone[128];
	char    label[32];
	int     nphones, dnc;
};

static int
seen_one(const struct contact *c, void *arg)
{
	struct seen *s = arg;

	s->n++;
	s->id = c->id;
	snprintf(s->name, sizeof s->name, "%s", c->name);
	snprintf(s->role, sizeof s->role, "%s", c->role);
	s->nphones = c->nphones;
	s->dnc = c->dnc;
	if (c->nphones > 0) {
		s->phone = c->phones[0].id;
		snprintf(s->e164, sizeof s->e164, "%s", c->phones[0].e164);
		snprintf(s->display, sizeof s->display, "%s",
		    c->phones[0].display);
		snprintf(s->zone, sizeof s->zone, "%s", c->phones[0].timezone);
		snprintf(s->label, sizeof s->label, "%s", c->phones[0].label);
	}
	return 0;
}

static void
test_contact_add_edit_delete(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct contact_spec s = spec_blank();
	struct seen seen = { 0 };
	struct err err = { 0 };
	int64_t id, id2;

	s.name = "Ann Lee";
	s.role = "owner";
	s.nphones = 1;
	s.phones[0] = "mobile:020 3123 4568";
	assert_int_equal(store_contact_add(f->st, &fl.rep, fl.lead, &s, &id,
	    &err), 0);
	assert_true(id != 0);
	assert_int_equal(store_contact_get(f->st, &fl.rep, id, seen_one, &seen,
	    &err), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.name, "Ann Lee");
	assert_string_equal(seen.role, "owner");
	/* Read in the lead's country, shown as people write it, zoned. */
	assert_string_equal(seen.e164, "+442031234568");
	assert_string_equal(seen.display, "+44 20 3123 4568");
	assert_string_equal(seen.zone, "Europe/London");
	assert_string_equal(seen.label, "mobile");

	s = spec_blank();
	s.name = "Bob";
	assert_int_equal(store_contact_add(f->st, &fl.rep, fl.lead, &s, &id2,
	    &err), 0);
	/* An edit keeps what it leaves out; --no-phones clears. */
	s = spec_blank();
	s.role = "manager";
	s.dnc = 1;
	s.nphones = 0;
	assert_int_equal(store_contact_edit(f->st, &fl.rep, id, &s, 0, &err),
	    0);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_contact_list(f->st, &fl.rep, fl.lead, seen_one,
	    &seen, &err), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts WHERE "
	    "name = 'Ann Lee' AND role = 'manager' AND dnc = 1 AND version = 2"),
	    1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contact_phones"),
	    0);
	/* A stale version writes nothing. */
	s = spec_blank();
	s.name = "Ann B. Lee";
	assert_int_equal(store_contact_edit(f->st, &fl.rep, id, &s, 1, &err),
	    EX_TEMPFAIL);
	assert_int_equal(store_contact_delete(f->st, &fl.rep, id2, &err), 0);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(store_contact_list(f->st, &fl.rep, fl.lead, seen_one,
	    &seen, &err), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(store_contact_get(f->st, &fl.rep, id2, seen_one,
	    &seen, &err), EX_NOINPUT);
#define CONTACT_ROWS(detail) "SELECT count(*) FROM audit WHERE" \
	    " entity = 'contact' AND ((action = 'add' AND" \
	    " " detail("phones") " = '+442031234568') OR (action = 'edit'" \
	    " AND " detail("role") " = 'manager') OR (action = 'delete'" \
	    " AND " detail("name") " = 'Bob'))"
	assert_int_equal(fixture_count(f, fixture_pg() ?
	    CONTACT_ROWS(DETAIL_PG) : CONTACT_ROWS(DETAIL_LITE)), 3);
}

static void
test_contact_bad_input_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct contact_spec s = spec_blank();
	struct err err = { 0 };
	int64_t id;

	s.name = "Ann";
	s.nphones = 2;
	s.phones[0] = "+44 20 3123 4568";
	s.phones[1] = "office:call me maybe";
	assert_int_equal(store_contact_add(f->st, &fl.rep, fl.lead, &s, &id,
	    &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "'call me maybe'"));
	s.nphones = 0;
	s.name = "   ";
	assert_int_equal(store_contact_add(f->st, &fl.rep, fl.lead, &s, &id,
	    &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "needs a name"));
	s.name = "Ann\033[2J";
	assert_int_equal(store_contact_add(f->st, &fl.rep, fl.lead, &s, &id,
	    &err), EX_DATAERR);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contact_phones"),
	    0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE "
	    "entity = 'contact'"), 0);
}

static void
test_contact_out_of_scope_reads_as_missing(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct contact_spec s = spec_blank();
	struct seen seen = { 0 };
	struct err err = { 0 };
	int64_t id;

	s.name = "Ann";
	assert_int_equal(store_contact_add(f->st, &fl.rep, fl.lead, &s, &id,
	    &err), 0);
	assert_int_equal(store_contact_add(f->st, &fl.other, fl.lead, &s, &id,
	    &err), EX_NOINPUT);
	assert_int_equal(store_contact_list(f->st, &fl.other, fl.lead,
	    seen_one, &seen, &err), EX_NOINPUT);
	assert_int_equal(store_contact_get(f->st, &fl.other, id, seen_one,
	    &seen, &err), EX_NOINPUT);
	assert_non_null(strstr(err.msg, "no contact"));
	s.name = "Mallory";
	assert_int_equal(store_contact_edit(f->st, &fl.other, id, &s, 0, &err),
	    EX_NOINPUT);
	assert_int_equal(store_contact_delete(f->st, &fl.other, id, &err),
	    EX_NOINPUT);
	assert_int_equal(seen.n, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts WHERE "
	    "name = 'Ann' AND deleted_at IS NULL"), 1);
}

/* Adds a contact with one number and returns that number's id. */
static int64_t
contact_phone(struct fixture *f, const struct actor *who, int64_t lead,
    const char *name, const char *number, int dnc, int64_t *contact)
{
	struct contact_spec s = spec_blank();
	struct seen seen = { 0 };
	struct err err = { 0 };
	int64_t id;

	s.name = name;
	s.dnc = dnc;
	s.nphones = 1;
	s.phones[0] = number;
	assert_int_equal(store_contact_add(f->st, who, lead, &s, &id, &err), 0);
	assert_int_equal(store_contact_get(f->st, who, id, seen_one, &seen,
	    &err), 0);
	if (contact != NULL)
		*contact = id;
	return seen.phone;
}

static void
test_call_open_contact_checks(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	static const char *const dnc[] = { "+442031234599" };
	struct call_target t;
	struct err err = { 0 };
	int64_t asked, listed, abroad, ok, ann;
	size_t added;

	asked = contact_phone(f, &fl.rep, fl.lead, "Ann", "+442031234568", 1,
	    NULL);
	listed = contact_phone(f, &fl.rep, fl.lead, "Bob", "+442031234599", 0,
	    NULL);
	/* Sunday 10:00 UTC is 05:00 in New York. */
	abroad = contact_phone(f, &fl.rep, fl.lead, "Cy", "+12127360101", 0,
	    NULL);
	ok = contact_phone(f, &fl.rep, fl.lead, "Di", "+442031234570", 0, &ann);
	assert_int_equal(store_dnc_add(f->st, &f->admin, dnc, 1, NULL, &added,
	    &err), 0);
	assert_int_equal(store_call_open_contact(f->st, &fl.rep, asked,
	    "twilio", &t, &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "asked not to be called"));
	assert_int_equal(store_call_open_contact(f->st, &fl.rep, listed,
	    "twilio", &t, &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "do-not-call list"));
	assert_int_equal(store_call_open_contact(f->st, &fl.rep, abroad,
	    "twilio", &t, &err), EX_TEMPFAIL);
	assert_non_null(strstr(err.msg, "outside its calling hours"));
	assert_int_equal(store_call_open_contact(f->st, &fl.other, ok,
	    "twilio", &t, &err), EX_NOINPUT);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"), 0);
	assert_int_equal(store_call_open_contact(f->st, &fl.rep, ok, "twilio",
	    &t, &err), 0);
	assert_string_equal(t.lead_e164, "+442031234570");
	assert_string_equal(t.lead_display, "+44 20 3123 4570");
	assert_int_equal(fixture_count(f, "SELECT contact_id FROM calls WHERE "
	    "state = 'dialing'"), (int)ann);
}

static void
test_call_log_names_the_contact(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct call_log log = { .lead_id = fl.lead, .disposition = "1" };
	struct call_result res;
	struct call_target t;
	struct err err = { 0 };
	int64_t phone, ann, bob, elsewhere, other_lead;

	phone = contact_phone(f, &fl.rep, fl.lead, "Ann", "+442031234570", 0,
	    &ann);
	contact_phone(f, &fl.rep, fl.lead, "Bob", "+442031234571", 0, &bob);
	other_lead = fixture_lead(f, &f->admin, &err, "name=Cafe",
	    "phone=+442031234580", "region=UK", "owner=rep1", NULL);
	contact_phone(f, &fl.rep, other_lead, "Eve", "+442031234581", 0,
	    &elsewhere);
	/* The dial's contact stays when the log names none. */
	assert_int_equal(store_call_open_contact(f->st, &fl.rep, phone,
	    "twilio", &t, &err), 0);
	assert_int_equal(store_call_log(f->st, &fl.rep, &log, &res, &err), 0);
	assert_int_equal(res.call_id, t.call_id);
	assert_int_equal(fixture_count(f, "SELECT contact_id FROM calls"),
	    (int)ann);
	/* A log may name another; not one of another lead's. */
	log.contact_id = bob;
	assert_int_equal(store_call_log(f->st, &fl.rep, &log, &res, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls WHERE "
	    "contact_id = (SELECT id FROM contacts WHERE name = 'Bob')"), 1);
	log.contact_id = elsewhere;
	assert_int_equal(store_call_log(f->st, &fl.rep, &log, &res, &err),
	    EX_DATAERR);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"), 2);
	/* A contact's line dialed, the lead itself answering. */
	assert_int_equal(store_call_open_contact(f->st, &fl.rep, phone,
	    "twilio", &t, &err), 0);
	log.contact_id = CALL_REACHED_LEAD;
	assert_int_equal(store_call_log(f->st, &fl.rep, &log, &res, &err), 0);
	assert_int_equal(res.call_id, t.call_id);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls WHERE "
	    "contact_id IS NULL"), 1);
}

struct whom {
	int     n;
	int64_t id;
	char    contact[64];
};

static int
whom_take(const struct search_hit *h, void *arg)
{
	struct whom *w = arg;

	w->n++;
	w->id = h->id;
	snprintf(w->contact, sizeof w->contact, "%s", h->contact);
	return 0;
}

static void
test_who_finds_a_contact_number(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct whom w = { 0 };
	struct err err = { 0 };
	int64_t ann;

	contact_phone(f, &fl.rep, fl.lead, "Ann Lee", "+442031234570", 0,
	    &ann);
	assert_int_equal(store_who(f->st, &fl.rep, "+44 20 3123 4570",
	    whom_take, &w, &err), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.id, fl.lead);
	assert_string_equal(w.contact, "Ann Lee");
	/* Its own number names no contact; another rep finds nothing. */
	memset(&w, 0, sizeof w);
	assert_int_equal(store_who(f->st, &fl.rep, "+442031234567", whom_take,
	    &w, &err), 0);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.contact, "");
	memset(&w, 0, sizeof w);
	assert_int_equal(store_who(f->st, &fl.other, "+442031234570",
	    whom_take, &w, &err), 0);
	assert_int_equal(w.n, 0);
	/* A deleted contact's number finds nothing. */
	assert_int_equal(store_contact_delete(f->st, &fl.rep, ann, &err), 0);
	assert_int_equal(store_who(f->st, &fl.rep, "+442031234570", whom_take,
	    &w, &err), 0);
	assert_int_equal(w.n, 0);
}

/*
 * Contact columns over chunks of many rows: each lead gets its own row's
 * contact, a duplicate's goes with it, and a discard removes them all.
 */
static void
test_import_contacts_follow_their_leads(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .region = "East", .country = "US",
	    .rejects = "/dev/full", .workers = 1 };
	struct import_result r;
	struct err err = { 0 };
	char path[160];
	int64_t removed;
	FILE *out;
	int i;

	snprintf(path, sizeof path, "%s/contacts.csv", f->dir);
	assert_non_null(out = fopen(path, "w"));
	fprintf(out, "Name,Formatted phone number,Contact name,Contact role\n");
	for (i = 0; i < 9000; i++)
		fprintf(out, "Lead %d,+1 212 %03d %04d,Person %d,%s\n", i,
		    200 + i / 10000, i % 10000, i, i % 2 ? "owner" : "");
	fprintf(out, "Bad,12,Nobody,\n");
	assert_int_equal(fclose(out), 0);
	o.path = path;
	/* The reject fails the third chunk: two chunks stay, interrupted. */
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err),
	    EX_CANTCREAT);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads"), 8192);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts k"
	    " JOIN leads l ON l.id = k.lead_id WHERE substr(l.name, 6) ="
	    " substr(k.name, 8) AND (coalesce(k.role, '') = 'owner') ="
	    " (CAST(substr(l.name, 6) AS INTEGER) % 2 = 1)"), 8192);
	assert_int_equal(import_discard(f->st, &f->admin, r.batch, &removed,
	    &err), 0);
	assert_int_equal(removed, 8192);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts"), 0);
	/* Complete, the file's second use of a number loses its lead. */
	o.rejects = NULL;
	snprintf(path, sizeof path, "%s/few.csv", f->dir);
	assert_non_null(out = fopen(path, "w"));
	fprintf(out, "Name,Formatted phone number,Contact name\n"
	    "A,+1 212 200 0001,Ann\nB,+1 212 200 0001,Bob\n");
	assert_int_equal(fclose(out), 0);
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts k"
	    " JOIN leads l ON l.id = k.lead_id WHERE l.name = 'A'"
	    " AND k.name = 'Ann'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_contact_add_edit_delete),
		T(test_contact_bad_input_writes_nothing),
		T(test_contact_out_of_scope_reads_as_missing),
		T(test_call_open_contact_checks),
		T(test_call_log_names_the_contact),
		T(test_who_finds_a_contact_number),
		T(test_import_contacts_follow_their_leads),
#undef T
	};

	return cmocka_run_group_tests_name("contact", tests, NULL, NULL);
}
