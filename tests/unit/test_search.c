/*
 * Finding a lead: the fold (case, accents, any script), a number in any
 * spelling and by its end, #ID, the order results come in, the reader's
 * scope, and an index that follows every change to the leads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/fold.h"
#include "callq/import.h"
#include "callq/lead.h"
#include "callq/leadfield.h"
#include "callq/note.h"
#include "callq/search.h"
#include "fixture.h"

static void
assert_folds(const char *in, const char *want)
{
	char *got = fold_text(in, NULL);

	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("fold(\"%s\") is \"%s\", not \"%s\"", in, got, want);
	free(got);
}

static void
test_fold(void **state)
{
	(void)state;
	assert_folds("Zoë's Law Office", "zoe's law office");
	assert_folds("ZOË'S LAW", "zoe's law");
	assert_folds("Zoe\xe2\x80\x99s", "zoe's");	/* a typographic ' */
	assert_folds("ΆΣΟΣ", "ασοσ");		/* Greek: final sigma too */
	assert_folds("Ёлка", "елка");		/* Cyrillic */
	assert_folds("Straße", "strasse");
	assert_folds("İstanbul", "istanbul");
	assert_folds("Ørsted Łódź", "orsted lodz");
	assert_folds("ﬁle Ｏｎｅ", "file one");	/* ligature, full width */
	assert_folds("Cafe\xcc\x81", "cafe");	/* a combining accent */
	assert_folds("\xff" "ab\xc3", "ab");	/* bytes that are not UTF-8 */
	assert_folds("", "");
}

/* What a search found, in order. */
struct found {
	int64_t id[32];
	enum search_rank rank[32];
	int n;
};

static int
found_take(const struct search_hit *h, void *arg)
{
	struct found *fd = arg;

	if (fd->n < 32) {
		fd->rank[fd->n] = h->rank;
		fd->id[fd->n++] = h->id;
	}
	return 0;
}

static struct found
find(struct fixture *f, const struct actor *who, const char *text)
{
	struct found fd = { .n = 0 };
	struct err err = { 0 };

	assert_int_equal(store_search(f->st, who, text, 32, found_take, &fd,
	    &err), 0);
	return fd;
}

static int
found_has(const struct found *fd, int64_t id)
{
	int i;

	for (i = 0; i < fd->n; i++)
		if (fd->id[i] == id)
			return 1;
	return 0;
}

static void
assert_finds(struct fixture *f, const struct actor *who, const char *text,
    int64_t id)
{
	struct found fd = find(f, who, text);

	if (!found_has(&fd, id))
		fail_msg("\"%s\" did not find lead %lld (%d found)", text,
		    (long long)id, fd.n);
}

static void
assert_misses(struct fixture *f, const struct actor *who, const char *text,
    int64_t id)
{
	struct found fd = find(f, who, text);

	if (found_has(&fd, id))
		fail_msg("\"%s\" found lead %lld", text, (long long)id);
}

static int64_t
zoe(struct fixture *f)
{
	struct err err;
	int64_t id;

	fixture_region(f, "East", "US");
	id = fixture_lead(f, &f->admin, &err, "name=Zoë's Law Office",
	    "phone=(617) 555-0120", "country=US", "region=East",
	    "city=Boston", "email=zoe@zoelaw.example", NULL);
	assert_true(id > 0);
	return id;
}

static void
test_search_text(void **state)
{
	struct fixture *f = *state;
	int64_t id = zoe(f);

	assert_finds(f, &f->admin, "Zoe's Law", id);
	assert_finds(f, &f->admin, "ZOË'S LAW", id);
	assert_finds(f, &f->admin, "law off", id);		/* inside */
	assert_finds(f, &f->admin, "BOSTON", id);		/* the city */
	assert_finds(f, &f->admin, "zoelaw.exa", id);	/* the e-mail */
	assert_finds(f, &f->admin, "z", id);		/* a name's start */
	assert_misses(f, &f->admin, "aw", id);	/* inside, under 3 */
	assert_misses(f, &f->admin, "zoe's lawn", id);
	/* GLOB's own characters are only themselves. */
	assert_misses(f, &f->admin, "zo*ice", id);
	assert_misses(f, &f->admin, "[z]oe", id);
	assert_misses(f, &f->admin, "   ", id);
}

static void
test_search_phone(void **state)
{
	struct fixture *f = *state;
	int64_t id = zoe(f);
	struct found fd;

	assert_finds(f, &f->admin, "(617) 555-0120", id);
	assert_finds(f, &f->admin, "617-555-0120", id);
	assert_finds(f, &f->admin, "+1 617 555 0120", id);
	assert_finds(f, &f->admin, "6175550120", id);
	assert_finds(f, &f->admin, "0120", id);		/* its end */
	assert_finds(f, &f->admin, "55-0120", id);
	fd = find(f, &f->admin, "617-555-0120");
	assert_int_equal(fd.n, 1);
	assert_int_equal(fd.rank[0], SEARCH_PHONE);
	assert_misses(f, &f->admin, "120", id);	/* 3 digits: too few */
	assert_misses(f, &f->admin, "6175", id);	/* not its end */
	assert_misses(f, &f->admin, "617-555-0121", id);
}

static int
who_take(const struct search_hit *h, void *arg)
{
	*(int64_t *)arg = h->id;
	return 0;
}

static void
test_who(void **state)
{
	struct fixture *f = *state;
	int64_t id = zoe(f), got = 0;
	struct err err = { 0 };

	assert_int_equal(store_who(f->st, &f->admin, "+1 (617) 555-0120",
	    who_take, &got, &err), 0);
	assert_int_equal(got, id);
	got = 0;
	assert_int_equal(store_who(f->st, &f->admin, "0120", who_take, &got,
	    &err), 0);
	assert_int_equal(got, 0);		/* a tail is no number */
	assert_int_equal(store_who(f->st, &f->admin, "Zoe", who_take, &got,
	    &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "is not a phone number"));
}

static void
test_search_id(void **state)
{
	struct fixture *f = *state;
	int64_t id = zoe(f);
	char text[32];
	struct found fd;

	snprintf(text, sizeof text, "#%lld", (long long)id);
	fd = find(f, &f->admin, text);
	assert_int_equal(fd.n, 1);
	assert_int_equal(fd.id[0], id);
	assert_int_equal(fd.rank[0], SEARCH_ID);
	snprintf(text, sizeof text, "#%lld", (long long)id + 1);
	assert_int_equal(find(f, &f->admin, text).n, 0);
	assert_int_equal(find(f, &f->admin, "#").n, 0);
}

/* The number first, then names that start with the text, then the rest. */
static void
test_search_rank(void **state)
{
	struct fixture *f = *state;
	int64_t inside, starts, number;
	struct err err;
	struct found fd;

	fixture_region(f, "East", "US");
	inside = fixture_lead(f, &f->admin, &err, "name=Big Bakery",
	    "phone=+12127360101", "region=East", NULL);
	starts = fixture_lead(f, &f->admin, &err, "name=Bakery Row",
	    "phone=+12127360102", "region=East", NULL);
	number = fixture_lead(f, &f->admin, &err, "name=Corner Shop",
	    "phone=+12125550000", "region=East", NULL);
	assert_true(inside > 0 && starts > 0 && number > 0);
	fd = find(f, &f->admin, "bakery");
	assert_int_equal(fd.n, 2);
	assert_int_equal(fd.id[0], starts);
	assert_int_equal(fd.rank[0], SEARCH_NAME);
	assert_int_equal(fd.id[1], inside);
	assert_int_equal(fd.rank[1], SEARCH_OTHER);
	/* Under three characters, only a name's start. */
	fd = find(f, &f->admin, "ba");
	assert_int_equal(fd.n, 1);
	assert_int_equal(fd.id[0], starts);
	fd = find(f, &f->admin, "+1 212 555 0000");
	assert_int_equal(fd.n, 1);
	assert_int_equal(fd.id[0], number);
	assert_int_equal(fd.rank[0], SEARCH_PHONE);
	fd = find(f, &f->admin, "0000");
	assert_int_equal(fd.n, 1);
	assert_int_equal(fd.rank[0], SEARCH_OTHER);
}

static void
test_search_scope(void **state)
{
	struct fixture *f = *state;
	struct actor ra, rb, la;
	int64_t theirs, converted, deleted;
	struct err err;
	char id[32];

	fixture_region(f, "East", "US");
	la = fixture_user(f, "leada", ROLE_LEAD, "A", NULL);
	ra = fixture_user(f, "repa", ROLE_REP, "A", "East");
	rb = fixture_user(f, "repb", ROLE_REP, "B", "East");
	theirs = fixture_lead(f, &f->admin, &err, "name=Theirs Inc",
	    "phone=+12127360101", "region=East", "owner=repb", NULL);
	converted = fixture_lead(f, &f->admin, &err, "name=Won Inc",
	    "phone=+12127360102", "region=East", "owner=repa",
	    "status=Converted", NULL);
	deleted = fixture_lead(f, &f->admin, &err, "name=Gone Inc",
	    "phone=+12127360103", "region=East", "owner=repa", NULL);
	assert_int_equal(store_lead_delete(f->st, &f->admin, deleted, &err),
	    0);
	/* Another team's lead: not for repa, by name, number or ID. */
	assert_misses(f, &ra, "Theirs", theirs);
	assert_misses(f, &ra, "+1 212 736 0101", theirs);
	assert_misses(f, &ra, "0101", theirs);
	snprintf(id, sizeof id, "#%lld", (long long)theirs);
	assert_misses(f, &ra, id, theirs);
	assert_finds(f, &rb, "Theirs", theirs);
	assert_finds(f, &la, "Theirs", theirs);	/* team leads read all */
	/* One's own converted lead is found; a deleted one by nobody. */
	assert_finds(f, &ra, "212-736-0102", converted);
	assert_misses(f, &ra, "Gone", deleted);
	assert_misses(f, &f->admin, "Gone", deleted);
	assert_misses(f, &f->admin, "+1 212 736 0103", deleted);
	assert_int_equal(store_lead_restore(f->st, &f->admin, deleted, NULL,
	    &err), 0);
	assert_finds(f, &f->admin, "Gone", deleted);
	assert_finds(f, &ra, "gone inc", deleted);
}

static void
lead_edit(struct fixture *f, int64_t id, const char *field, const char *value)
{
	struct lead_change ch;
	struct err err = { 0 };

	assert_int_equal(lead_change_parse(lead_field_find(field), value,
	    FIXTURE_NOW, &ch, &err), 0);
	if (store_lead_edit(f->st, &f->admin, id, &ch, 1, 0, &err) != 0)
		fail_msg("%s", err.msg);
}

static void
test_search_follows_edits(void **state)
{
	struct fixture *f = *state;
	int64_t id = zoe(f);
	struct err err = { 0 };

	lead_edit(f, id, "name", "Ångström Café");
	assert_finds(f, &f->admin, "angstrom cafe", id);
	assert_misses(f, &f->admin, "zoe's", id);
	lead_edit(f, id, "phone", "+1 212 736 0199");
	assert_finds(f, &f->admin, "0199", id);
	assert_misses(f, &f->admin, "0120", id);
	assert_misses(f, &f->admin, "617-555-0120", id);
	lead_edit(f, id, "city", "Worcester");
	assert_finds(f, &f->admin, "worcest", id);
	assert_misses(f, &f->admin, "boston", id);
	lead_edit(f, id, "email", "");
	assert_misses(f, &f->admin, "zoelaw", id);
	assert_int_equal(store_note_add(f->st, &f->admin, id,
	    "Asked about the Kraków office", &err), 0);
	assert_finds(f, &f->admin, "KRAKOW", id);
}

/* An import's leads are found once it completes, by name and number. */
static void
test_search_import(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .region = "East", .country = "US",
	    .workers = 1 };
	struct import_result r;
	struct err err;
	char path[160];
	FILE *out;
	int i;

	fixture_region(f, "East", "US");
	snprintf(path, sizeof path, "%s/leads.csv", f->dir);
	assert_non_null(out = fopen(path, "w"));
	fprintf(out, "Name,Formatted phone number,City\n");
	for (i = 0; i < 6000; i++)
		fprintf(out, "Lead %d,+1 212 736 %04d,Gdańsk\n", i, i);
	fprintf(out, "Ørsted Søn,(212) 555-0188,Århus\n");
	assert_int_equal(fclose(out), 0);
	o.path = path;
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err), 0);
	assert_int_equal(r.counts.imported, 6001);
	assert_int_equal(find(f, &f->admin, "orsted son").n, 1);
	assert_int_equal(find(f, &f->admin, "212.555.0188").n, 1);
	assert_int_equal(find(f, &f->admin, "+1 212 736 5999").n, 1);
	assert_int_equal(find(f, &f->admin, "aarhus").n, 0);
	assert_int_equal(find(f, &f->admin, "arhus").n, 1);
	assert_int_equal(find(f, &f->admin, "GDANSK").n, 32);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM lead_keys"),
	    6001);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM lead_text"),
	    6001);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test_setup_teardown(test_search_text,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_phone,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_who,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_id,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_rank,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_scope,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_follows_edits,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_import,
		    fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
