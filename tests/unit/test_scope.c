/*
 * Scopes: a record outside a user's reach reads as missing, byte for
 * byte; a team lead's audit, follow-ups and board are the team's. A
 * lead's time zones are no free text: reps set none, team leads those of
 * the number, admins those of the zone database. Search text is text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/audit.h"
#include "callq/board.h"
#include "callq/call.h"
#include "callq/callrec.h"
#include "callq/followup.h"
#include "callq/lead.h"
#include "callq/leadfield.h"
#include "callq/lease.h"
#include "callq/note.h"
#include "callq/pool.h"
#include "callq/queue.h"
#include "callq/stage.h"
#include "callq/timeline.h"
#include "fixture.h"

/* An id no lead, follow-up or anything else of these tests has. */
#define NOWHERE 9999

/*
 * Two teams (A: lead a, rep ra; B: lead b, rep rb), an analyst, a
 * recovery agent; rb's open lead, rb's converted lead, ra's deleted one,
 * and a follow-up of rb's on rb's lead.
 */
struct scoped {
	struct actor a, ra, b, rb, analyst, recovery;
	int64_t theirs, converted, deleted, followup;
};

static struct scoped
scoped_make(struct fixture *f)
{
	struct scoped s;
	struct err err;

	fixture_region(f, "East", "US");
	s.a = fixture_user(f, "leada", ROLE_LEAD, "A", NULL);
	s.ra = fixture_user(f, "repa", ROLE_REP, "A", "East");
	s.b = fixture_user(f, "leadb", ROLE_LEAD, "B", NULL);
	s.rb = fixture_user(f, "repb", ROLE_REP, "B", "East");
	s.analyst = fixture_user(f, "ana", ROLE_ANALYST, NULL, NULL);
	s.recovery = fixture_user(f, "reco", ROLE_RECOVERY, NULL, NULL);
	s.theirs = fixture_lead(f, &f->admin, &err, "name=Theirs",
	    "phone=+12127360101", "region=East", "owner=repb", NULL);
	s.converted = fixture_lead(f, &f->admin, &err, "name=Won",
	    "phone=+12127360102", "region=East", "owner=repb",
	    "status=Converted", NULL);
	s.deleted = fixture_lead(f, &f->admin, &err, "name=Gone",
	    "phone=+12127360103", "region=East", "owner=repa", NULL);
	assert_true(s.theirs > 0 && s.converted > 0 && s.deleted > 0);
	assert_int_equal(store_lead_delete(f->st, &f->admin, s.deleted, &err),
	    0);
	/* FIXTURE_NOW is 05:00 in New York: follow-ups inside its hours. */
	assert_int_equal(store_followup_add(f->st, &s.rb, s.theirs,
	    FIXTURE_NOW + 4 * 3600, NULL, &s.followup, &err), 0);
	return s;
}

static int
no_lead(const struct lead *l, void *arg)
{
	(void)l, (void)arg;
	return 0;
}

static int
no_item(const struct timeline_item *it, void *arg)
{
	(void)it, (void)arg;
	return 0;
}

static int
no_note(const struct note *n, void *arg)
{
	(void)n, (void)arg;
	return 0;
}

static int
no_followup(const struct followup *fu, void *arg)
{
	(void)fu, (void)arg;
	return 0;
}

/* One command a user can point at a record by its id. */
typedef int (*by_id)(struct fixture *, const struct actor *, int64_t,
    struct err *);

static int
op_show(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	return store_lead_get(f->st, who, id, no_lead, NULL, err);
}

static int
op_edit(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	struct lead_change ch;

	lead_change_parse(lead_field_find("interest"), "3", FIXTURE_NOW, &ch,
	    err);
	return store_lead_edit(f->st, who, id, &ch, 1, 0, err);
}

static int
op_timeline(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	return store_timeline(f->st, who, id, 0, no_item, NULL, err);
}

static int
op_log(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	struct call_log log = { .lead_id = id, .disposition = "Busy" };
	struct call_result res;

	return store_call_log(f->st, who, &log, &res, err);
}

static int
op_followup_add(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	int64_t fu;

	return store_followup_add(f->st, who, id, FIXTURE_NOW + 5 * 3600, NULL,
	    &fu, err);
}

static int
op_followups(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	return store_followup_of_lead(f->st, who, id, no_followup, NULL, err);
}

static int
op_note_add(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	return store_note_add(f->st, who, id, "hello", err);
}

static int
op_notes(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	return store_note_list(f->st, who, id, no_note, NULL, err);
}

static int
op_stage(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	struct stage_move m = { .lead_id = id, .stage = "Contacted" };
	enum stage_needs needs;

	return store_lead_stage_set(f->st, who, &m, &needs, err);
}

static int
op_dial(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	struct call_target t;

	return store_call_open(f->st, who, id, "none", &t, err);
}

static int
op_hold(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	struct lease held;

	return store_lease_take(f->st, who, id, &held, err);
}

static int
op_followup_done(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	return store_followup_done(f->st, who, id, NULL, err);
}

static int
op_followup_move(struct fixture *f, const struct actor *who, int64_t id,
    struct err *err)
{
	return store_followup_move(f->st, who, id, FIXTURE_NOW + 6 * 3600, err);
}

static const by_id lead_ops[] = { op_show, op_edit, op_timeline, op_log,
    op_followup_add, op_followups, op_note_add, op_notes, op_stage, op_dial,
    op_hold };

/* text with every whole number id in it written as NOWHERE. */
static void
id_blur(const char *text, int64_t id, char *out, size_t size)
{
	char num[24];
	const char *p;
	size_t len, n = 0;

	snprintf(num, sizeof num, "%lld", (long long)id);
	len = strlen(num);
	while (*text != '\0' && n + 8 < size) {
		p = strstr(text, num);
		if (p == text && (p[len] < '0' || p[len] > '9')) {
			n += (size_t)snprintf(out + n, size - n, "%d", NOWHERE);
			text += len;
		} else
			out[n++] = *text++;
	}
	out[n] = '\0';
}

/*
 * op on id refuses who exactly as on an id that does not exist: the
 * same status and, the id aside, the same sentence.
 */
static void
reads_as_missing(struct fixture *f, by_id op, const struct actor *who,
    int64_t id)
{
	struct err seen = { 0 }, missing = { 0 };
	char blurred[sizeof seen.msg + 16];
	int rc_seen, rc_missing;

	rc_missing = op(f, who, NOWHERE, &missing);
	rc_seen = op(f, who, id, &seen);
	id_blur(seen.msg, id, blurred, sizeof blurred);
	if (rc_seen != rc_missing || strcmp(blurred, missing.msg) != 0)
		fail_msg("%s on %lld: status %d '%s'; on a missing one: %d '%s'",
		    who->login, (long long)id, rc_seen, seen.msg, rc_missing,
		    missing.msg);
}

static void
test_out_of_scope_lead_reads_as_missing(void **state)
{
	struct fixture *f = *state;
	struct scoped s = scoped_make(f);
	int audit = fixture_count(f, "SELECT count(*) FROM audit");
	struct err err = { 0 };
	char sql[256];
	size_t i;

	for (i = 0; i < sizeof lead_ops / sizeof lead_ops[0]; i++) {
		/* Another rep's lead, and one's own once deleted. */
		reads_as_missing(f, lead_ops[i], &s.ra, s.theirs);
		reads_as_missing(f, lead_ops[i], &s.ra, s.deleted);
		/* A lead not converted, for a recovery agent. */
		reads_as_missing(f, lead_ops[i], &s.recovery, s.theirs);
		/* A deleted lead, for anyone who may not restore it. */
		reads_as_missing(f, lead_ops[i], &s.b, s.deleted);
		reads_as_missing(f, lead_ops[i], &s.analyst, s.deleted);
		reads_as_missing(f, lead_ops[i], &s.recovery, s.deleted);
	}
	/* Nothing of all that was written. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit"), audit);
	/* Team leads read every lead; another team's they may not edit. */
	assert_int_equal(op_edit(f, &s.a, s.theirs, &err), EX_NOPERM);
	assert_non_null(strstr(err.msg, "cannot edit this lead"));
	assert_int_equal(op_log(f, &s.analyst, s.theirs, &err), EX_NOPERM);
	assert_non_null(strstr(err.msg, "cannot log calls"));
	/*
	 * A converted lead is the recovery agent's to read once it collects
	 * its deal, not before.
	 */
	reads_as_missing(f, op_timeline, &s.recovery, s.converted);
	snprintf(sql, sizeof sql, "INSERT INTO deals (lead_id, amount_cents,"
	    " currency, close_on, collector_id, created_at, updated_at)"
	    " VALUES (%lld, 100, 'USD', '2026-11-01', %lld, 1, 1)",
	    (long long)s.converted, (long long)s.recovery.id);
	fixture_sql_run(f, sql);
	assert_int_equal(op_timeline(f, &s.recovery, s.converted, &err), 0);
	/* An admin is told what became of a deleted lead. */
	assert_int_equal(op_log(f, &f->admin, s.deleted, &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "is deleted"));
}

static void
test_out_of_scope_followup_reads_as_missing(void **state)
{
	struct fixture *f = *state;
	struct scoped s = scoped_make(f);
	struct err err;
	int64_t closed;

	reads_as_missing(f, op_followup_done, &s.ra, s.followup);
	reads_as_missing(f, op_followup_move, &s.ra, s.followup);
	reads_as_missing(f, op_followup_done, &s.recovery, s.followup);
	/* Closed or open, it tells nothing. */
	assert_int_equal(store_followup_add(f->st, &s.rb, s.theirs,
	    FIXTURE_NOW + 7 * 3600, NULL, &closed, &err), 0);
	assert_int_equal(store_followup_done(f->st, &s.rb, closed, NULL, &err),
	    0);
	reads_as_missing(f, op_followup_done, &s.ra, closed);
	reads_as_missing(f, op_followup_move, &s.ra, closed);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM followups"
	    " WHERE state = 'open'"), 1);
}

struct rows {
	int  n;
	char actors[64][16];
	char about[64][24];
};

static int
row_take(const struct audit_row *r, void *arg)
{
	struct rows *x = arg;

	if (x->n < 64) {
		snprintf(x->actors[x->n], sizeof x->actors[0], "%s", r->actor);
		snprintf(x->about[x->n], sizeof x->about[0], "%s %lld",
		    r->entity, (long long)r->entity_id);
		x->n++;
	}
	return 0;
}

static int
rows_have(const struct rows *x, const char *actor, const char *about)
{
	int i;

	for (i = 0; i < x->n; i++)
		if ((actor == NULL || strcmp(x->actors[i], actor) == 0) &&
		    (about == NULL || strcmp(x->about[i], about) == 0))
			return 1;
	return 0;
}

static void
test_team_lead_reads_the_team_audit(void **state)
{
	struct fixture *f = *state;
	struct scoped s = scoped_make(f);
	struct audit_filter all = { 0 };
	struct rows ra = { 0 }, rb = { 0 }, an = { 0 };
	char mine[24], theirs[24];
	struct err err;
	int64_t own;

	own = fixture_lead(f, &f->admin, &err, "name=Ours", "region=East",
	    "phone=+12127360104", "owner=repa", NULL);
	assert_int_equal(op_note_add(f, &s.ra, own, &err), 0);
	assert_int_equal(op_log(f, &s.rb, s.theirs, &err), 0);
	snprintf(mine, sizeof mine, "lead %lld", (long long)own);
	snprintf(theirs, sizeof theirs, "lead %lld", (long long)s.theirs);
	assert_int_equal(store_audit_list(f->st, &s.a, &all, row_take, &ra,
	    &err), 0);
	assert_int_equal(store_audit_list(f->st, &s.b, &all, row_take, &rb,
	    &err), 0);
	assert_int_equal(store_audit_list(f->st, &s.analyst, &all, row_take,
	    &an, &err), 0);
	/* Team A's lead sees its rep's note and the admin's add of its lead. */
	assert_true(rows_have(&ra, "repa", mine));
	assert_true(rows_have(&ra, "boss", mine));
	assert_true(rows_have(&ra, "boss", "user 3"));	/* repa's account */
	/* ... and nothing of team B: not its rep's call, not its leads. */
	assert_false(rows_have(&ra, "repb", NULL));
	assert_false(rows_have(&ra, NULL, theirs));
	/* Team B's lead, the other way round. */
	assert_true(rows_have(&rb, "repb", theirs));
	assert_false(rows_have(&rb, NULL, mine));
	/* The analyst reads everything. */
	assert_true(rows_have(&an, "repa", mine) && rows_have(&an, "repb",
	    theirs));
	assert_int_equal(an.n, fixture_count(f, "SELECT count(*) FROM audit"));
}

static int
count_followup(const struct followup *fu, void *arg)
{
	(void)fu;
	++*(int *)arg;
	return 0;
}

static int
count_board(const struct board_row *r, void *arg)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

static void
test_team_lead_lists_the_team_followups(void **state)
{
	struct fixture *f = *state;
	struct scoped s = scoped_make(f);
	struct err err;
	int n = 0;

	assert_int_equal(store_followup_list(f->st, &s.a, "repb",
	    FOLLOWUP_OPEN, count_followup, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_followup_list(f->st, &s.b, "repb",
	    FOLLOWUP_OPEN, count_followup, &n, &err), 0);
	assert_int_equal(n, 1);
}

static void
test_teamless_lead_has_no_board(void **state)
{
	struct fixture *f = *state;
	struct scoped s = scoped_make(f);
	struct actor loner = fixture_user(f, "loner", ROLE_LEAD, NULL, NULL);
	struct err err;
	int n = 0;

	assert_int_equal(store_board(f->st, &loner, FIXTURE_NOW - 36000,
	    count_board, &n, &err), 0);
	assert_int_equal(n, 0);
	/* An analyst in no team reads the floor's. */
	assert_int_equal(store_board(f->st, &s.analyst, FIXTURE_NOW - 36000,
	    count_board, &n, &err), 0);
	assert_int_equal(n, 2);
}

/* Sets field of lead id to value as who; the store's status. */
static int
lead_set(struct fixture *f, const struct actor *who, int64_t id,
    const char *field, const char *value, struct err *err)
{
	struct lead_change ch;

	assert_int_equal(lead_change_parse(lead_field_find(field), value,
	    FIXTURE_NOW, &ch, err), 0);
	return store_lead_edit(f->st, who, id, &ch, 1, 0, err);
}

/* 05:00 UTC: midnight in New York, 14:00 in Tokyo, 19:00 in Honolulu. */
#define NY_MIDNIGHT (FIXTURE_NOW - 5 * 3600)

/* A New York lead of repa's, and the clock at New York's midnight. */
static int64_t
night_lead(struct fixture *f)
{
	struct err err;
	char now[24];
	int64_t id;

	id = fixture_lead(f, &f->admin, &err, "name=Night", "region=East",
	    "phone=+12127360104", "owner=repa", NULL);
	assert_true(id > 0);
	snprintf(now, sizeof now, "%lld", (long long)NY_MIDNIGHT);
	setenv("CALLQ_NOW", now, 1);
	return id;
}

static void
test_rep_cannot_edit_calling_hours_away(void **state)
{
	struct fixture *f = *state;
	struct scoped s = scoped_make(f);
	struct call_target t;
	struct err err;
	int64_t id = night_lead(f);

	/* A rep sets no zone, not even the right one, nor clears it. */
	assert_int_equal(lead_set(f, &s.ra, id, "timezone", "Asia/Tokyo",
	    &err), EX_NOPERM);
	assert_string_equal(err.msg, "repa is a rep, and a rep cannot set a "
	    "lead's time zone; nothing was changed");
	assert_int_equal(lead_set(f, &s.ra, id, "timezone",
	    "America/New_York", &err), EX_NOPERM);
	assert_int_equal(lead_set(f, &s.ra, id, "timezone", "", &err),
	    EX_NOPERM);
	assert_int_equal(fixture_lead(f, &s.ra, &err, "name=Mine",
	    "phone=+12127360105", "timezone=Asia/Tokyo", NULL), 0);
	assert_int_equal(err.status, EX_NOPERM);
	/* So New York's night holds. */
	assert_int_equal(store_call_open(f->st, &s.ra, id, "none", &t, &err),
	    EX_TEMPFAIL);
	setenv("CALLQ_NOW", "1795341600", 1);
}

static void
test_rep_address_keeps_the_number_hours(void **state)
{
	struct fixture *f = *state;
	struct scoped s = scoped_make(f);
	struct call_target t;
	struct err err;
	int64_t id = night_lead(f);

	/* A new address is taken, and New York's night still holds. */
	assert_int_equal(lead_set(f, &s.ra, id, "state", "HI", &err), 0);
	assert_int_equal(store_call_open(f->st, &s.ra, id, "none", &t, &err),
	    EX_TEMPFAIL);
	assert_non_null(strstr(err.msg, "outside its calling hours"));
	/* An admin's move of the address is the import's: the state decides. */
	assert_int_equal(lead_set(f, &f->admin, id, "state", "HI", &err), 0);
	assert_int_equal(store_call_open(f->st, &s.ra, id, "none", &t, &err),
	    0);
	setenv("CALLQ_NOW", "1795341600", 1);
}

static void
test_team_lead_sets_zones_the_number_may_be_in(void **state)
{
	struct fixture *f = *state;
	struct scoped s = scoped_make(f);
	struct err err;
	int64_t ny, idaho;

	ny = fixture_lead(f, &f->admin, &err, "name=NY", "region=East",
	    "phone=+12127360104", "owner=repa", NULL);
	idaho = fixture_lead(f, &f->admin, &err, "name=Boise", "region=East",
	    "phone=+12087360101", "state=Idaho", "owner=repa", NULL);
	assert_int_equal(lead_set(f, &s.a, ny, "timezone", "Asia/Tokyo",
	    &err), EX_DATAERR);
	assert_string_equal(err.msg, "--timezone: the number +12127360104 may "
	    "be in America/New_York, not Asia/Tokyo; only an admin may set "
	    "another zone");
	assert_int_equal(lead_set(f, &s.a, ny, "timezone", "Mars/Olympus",
	    &err), EX_DATAERR);
	assert_string_equal(err.msg, "--timezone: 'Mars/Olympus' is not a "
	    "time zone of the zone database; give IANA names such as "
	    "America/New_York");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " timezone LIKE '%Tokyo%' OR timezone LIKE '%Mars%'"), 0);
	/* The number's own zone, or one its state decides, may be set. */
	assert_int_equal(lead_set(f, &s.a, ny, "timezone", "America/New_York",
	    &err), 0);
	assert_int_equal(lead_set(f, &s.a, idaho, "timezone", "America/Boise",
	    &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " timezone = 'America/Boise'"), 1);
}

static void
test_admin_sets_zones_of_the_zone_database(void **state)
{
	static const char *const bogus[] = { "Mars/Olympus", "America",
	    "../../../../etc/passwd", "America/../../../etc/passwd",
	    "/usr/share/zoneinfo/Asia/Tokyo", "Asia//Tokyo", "Asia/Tokyo/",
	    "localtime", "posixrules", "posix/Asia/Tokyo", "right/Asia/Tokyo",
	    "zone.tab", "leapseconds", "UTC+3", "Asia/Tokyo Mars/Olympus" };
	struct fixture *f = *state;
	struct err err;
	int64_t id;
	size_t i;

	fixture_region(f, "East", "US");
	id = fixture_lead(f, &f->admin, &err, "name=NY", "region=East",
	    "phone=+12127360104", NULL);
	for (i = 0; i < sizeof bogus / sizeof bogus[0]; i++)
		if (lead_set(f, &f->admin, id, "timezone", bogus[i], &err) !=
		    EX_DATAERR)
			fail_msg("--timezone '%s' was taken", bogus[i]);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " timezone = 'America/New_York'"), 1);
	assert_int_equal(lead_set(f, &f->admin, id, "timezone",
	    "Asia/Tokyo Etc/GMT+5", &err), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " timezone = 'Asia/Tokyo Etc/GMT+5'"), 1);
}

struct names {
	int  n;
	char name[8][32];
};

static int
name_take(const struct lead *l, void *arg)
{
	struct names *x = arg;

	if (x->n < 8)
		snprintf(x->name[x->n++], sizeof x->name[0], "%s", l->name);
	return 0;
}

static int
queued_take(const struct lead *l, const struct queue_item *it, void *arg)
{
	(void)it;
	return name_take(l, arg);
}

/* The one lead each way of searching finds for text, as rep sees them. */
static void
search_finds(struct fixture *f, const struct actor *rep, const char *text,
    const char *name)
{
	struct lead_filter lf = { .search = text };
	struct pool_query pq = { .pool = POOL_FRESH, .search = text };
	struct queue_query qq = { .now = FIXTURE_NOW, .search = text,
	    .all = 1 };
	struct names got[3] = { { 0 } };
	struct err err;
	int i;

	assert_int_equal(store_lead_list(f->st, rep, &lf, name_take, &got[0],
	    &err), 0);
	assert_int_equal(store_pool_walk(f->st, rep, &pq, 0, 0, 50, name_take,
	    &got[1], &err), 0);
	assert_int_equal(store_queue_page(f->st, rep, &qq, 50, queued_take,
	    &got[2], &err), 0);
	for (i = 0; i < 3; i++)
		if (got[i].n != 1 || strcmp(got[i].name[0], name) != 0)
			fail_msg("search %d for '%s' found %d leads, first '%s'",
			    i, text, got[i].n, got[i].n ? got[i].name[0] : "");
}

static void
test_search_text_is_text(void **state)
{
	static const char *const names[] = { "100% Juice", "Snake_Case Ltd",
	    "Back\\Slash", "Plain Bakery" };
	struct fixture *f = *state;
	struct actor rep;
	struct err err;
	char phone[32];
	size_t i;

	fixture_region(f, "East", "US");
	rep = fixture_user(f, "rep", ROLE_REP, NULL, "East");
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		char name[40];

		snprintf(name, sizeof name, "name=%s", names[i]);
		snprintf(phone, sizeof phone, "phone=+1212736012%zu", i);
		assert_true(fixture_lead(f, &f->admin, &err, name,
		    "region=East", phone, NULL) > 0);
	}
	/* The list, the pools (and the screen's / filter), the queue. */
	search_finds(f, &rep, "%", "100% Juice");
	search_finds(f, &rep, "_", "Snake_Case Ltd");
	search_finds(f, &rep, "\\", "Back\\Slash");
	search_finds(f, &rep, "0% j", "100% Juice");
	search_finds(f, &rep, "e_c", "Snake_Case Ltd");
	search_finds(f, &rep, "Bakery", "Plain Bakery");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_out_of_scope_lead_reads_as_missing),
		T(test_out_of_scope_followup_reads_as_missing),
		T(test_team_lead_reads_the_team_audit),
		T(test_team_lead_lists_the_team_followups),
		T(test_teamless_lead_has_no_board),
		T(test_rep_cannot_edit_calling_hours_away),
		T(test_rep_address_keeps_the_number_hours),
		T(test_team_lead_sets_zones_the_number_may_be_in),
		T(test_admin_sets_zones_of_the_zone_database),
		T(test_search_text_is_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
