#include <stdio.h>
#include <string.h>

#include "callq/plural.h"
#include "callq/stage.h"
#include "callq/text.h"
#include "leadrow.h"

#define STAGE_COLUMNS \
	"SELECT s.id, s.name, s.position, s.probability, s.is_won, s.is_lost," \
	" s.stale_days, coalesce(s.status, '')"

static void
stage_from_row(struct stmt *stmt, struct stage *s)
{
	s->id = stmt_column_int64(stmt, 0);
	s->name = col_text(stmt, 1);
	s->position = stmt_column_int(stmt, 2);
	s->probability = stmt_column_int(stmt, 3);
	s->is_won = stmt_column_int(stmt, 4);
	s->is_lost = stmt_column_int(stmt, 5);
	s->stale_days = stmt_column_int(stmt, 6);
	s->status = col_text(stmt, 7);
}

int
store_stage_list(struct store *st, int count_leads,
    int (*each)(const struct stage *, void *), void *arg, struct err *err)
{
	static const char *const sqls[2] = {
		STAGE_COLUMNS ", 0 FROM pipeline_stages s WHERE s.active <> 0"
		" ORDER BY s.position, s.id",
		STAGE_COLUMNS ", (SELECT count(*) FROM leads l"
		" WHERE l.stage_id = s.id AND l.deleted_at IS NULL)"
		" FROM pipeline_stages s WHERE s.active <> 0 ORDER BY"
		" s.position, s.id",
	};
	struct stmt *stmt;
	struct stage s;
	int rc;

	if ((stmt = stmt_get(st, sqls[count_leads != 0], err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the stages")) ==
	    DB_ROW) {
		stage_from_row(stmt, &s);
		s.leads = stmt_column_int64(stmt, 8);
		if (each(&s, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

/* A stage as found, kept past its statement. */
struct found {
	struct stage s;
	char         name[128];
	int          gives;	/* the status entering it gives, or -1 */
};

/* One active stage by id or by name (id 0); EX_DATAERR when none. */
static int
stage_find(struct store *st, int64_t id, const char *name, struct found *f,
    struct err *err)
{
	static const char sql[] = STAGE_COLUMNS " FROM pipeline_stages s"
	    " WHERE s.active <> 0 AND (s.id = ?1 OR (?1 = 0 AND s.name = ?2))";
	struct stmt *stmt;
	enum status given;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	bind_text(stmt, 2, name);
	if ((rc = db_step(st, stmt, err, "finding the stage")) == DB_ROW) {
		stage_from_row(stmt, &f->s);
		f->gives = status_parse(f->s.status, &given) == 0 ? (int)given :
		    -1;
		snprintf(f->name, sizeof f->name, "%s", f->s.name);
		f->s.name = f->name;
		f->s.status = "";	/* gives says it */
	}
	stmt_reset(stmt);
	if (rc == DB_DONE)
		return err_set(err, EX_DATAERR, "no stage '%s'; see: callq stage "
		    "list", name ? name : "");
	return rc == -1 ? err->status : 0;
}

/* Puts lead in stage id from now; notes the stage's name in d. */
static int
lead_stage_put(struct store *st, int64_t lead, int64_t id, const char *name,
    struct details *d, struct err *err)
{
	static const char sql[] =
	    "UPDATE leads SET stage_id = ?2, stage_entered_at = ?3 WHERE id = ?1"
	    " AND stage_id IS DISTINCT FROM ?2";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	stmt_bind_int64(stmt, 2, id);
	stmt_bind_int64(stmt, 3, store_now());
	if (db_run(st, stmt, err, "moving the lead's stage") != 0)
		return err->status;
	if (conn_changes(st->conn) > 0)
		details_str(d, "stage", name);
	return 0;
}

int
lead_stage_follow(struct store *st, int64_t lead, enum status status,
    int entering, struct details *d, struct err *err)
{
	/* CNP is still being worked: it goes where In Progress goes. */
	static const char sql[] =
	    "SELECT id, name FROM (SELECT id, name, 0 AS k, position"
	    " FROM pipeline_stages WHERE active <> 0 AND status ="
	    " CASE ?1 WHEN 'CNP' THEN 'In Progress' ELSE ?1 END"
	    " UNION ALL SELECT id, name, 1, 0 FROM pipeline_stages"
	    " WHERE ?2 <> 0"
	    " AND id =" STAGE_ENTRY ") AS s ORDER BY k, position LIMIT 1";
	char name[128];
	struct stmt *stmt;
	int64_t id = 0;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, status_name(status));
	stmt_bind_int(stmt, 2, entering);
	if ((rc = db_step(st, stmt, err, "finding the lead's stage")) ==
	    DB_ROW) {
		id = stmt_column_int64(stmt, 0);
		snprintf(name, sizeof name, "%s", col_text(stmt, 1));
	}
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	return id == 0 ? 0 : lead_stage_put(st, lead, id, name, d, err);
}

/* The status a lead in from takes on entering a stage that gives to. */
static int
move_status(enum status from, int to, const struct stage *s,
    enum status *out, struct err *err)
{
	if (to < 0)		/* a stage that names none reopens a lost lead */
		to = from == ST_LOST ? ST_IN_PROGRESS : (int)from;
	if (!status_can_move(from, (enum status)to))
		return err_set(err, EX_DATAERR, "a lead cannot go from %s to %s,"
		    " so it cannot enter %s%s", status_name(from),
		    status_name((enum status)to), s->name, from == ST_CONVERTED ?
		    " (Converted is final)" : "");
	*out = (enum status)to;
	return 0;
}

struct move {
	const struct actor      *who;
	const struct stage_move *m;
	enum stage_needs        *needs;
};

static int
drop_reason_id(struct store *st, const char *name, int64_t *id,
    struct err *err)
{
	static const char sql[] = "SELECT id FROM choices WHERE list = 'drop'"
	    " AND name = ? AND active <> 0";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, name);
	rc = db_step(st, stmt, err, "finding the drop reason");
	*id = rc == DB_ROW ? stmt_column_int64(stmt, 0) : 0;
	stmt_reset(stmt);
	if (rc == DB_DONE)
		return err_set(err, EX_DATAERR, "no drop reason '%s'; see: "
		    "callq setting list", name);
	return rc == -1 ? err->status : 0;
}

/* Refuses, saying what to add, a move that lacks what it needs. */
static int
move_needs(struct store *st, const struct move *mv, const struct lead_now *ln,
    enum status to, int64_t *drop, struct err *err)
{
	*drop = 0;
	if (to == ST_LOST && mv->m->drop_reason == NULL && ln->drop_reason == 0) {
		*mv->needs = STAGE_NEEDS_DROP;
		return err_set(err, EX_DATAERR, "say why the lead is lost: add "
		    "--drop-reason (see the drop reasons in callq(1))");
	}
	if (to == ST_INTERESTED && mv->m->interest == 0 && ln->interest == 0) {
		*mv->needs = STAGE_NEEDS_INTEREST;
		return err_set(err, EX_DATAERR, "an Interested lead needs an "
		    "interest level: add --interest 1-5");
	}
	if (to == ST_LOST && mv->m->drop_reason != NULL)
		return drop_reason_id(st, mv->m->drop_reason, drop, err);
	return 0;
}

static int
lead_move_write(struct store *st, const struct move *mv, enum status to,
    int64_t drop, struct err *err)
{
	static const char sql[] =
	    "UPDATE leads SET status = ?2, drop_reason_id = coalesce(?3,"
	    " drop_reason_id), interest = coalesce(?4, interest),"
	    " version = version + 1, updated_at = ?5"
	    " WHERE id = ?1 AND (?6 = 0 OR version = ?6)";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, mv->m->lead_id);
	bind_text(stmt, 2, status_name(to));
	bind_id(stmt, 3, drop);
	if (mv->m->interest > 0)
		stmt_bind_int(stmt, 4, mv->m->interest);
	stmt_bind_int64(stmt, 5, store_now());
	stmt_bind_int64(stmt, 6, mv->m->expect_version);
	if (db_run(st, stmt, err, "moving the lead") != 0)
		return err->status;
	if (conn_changes(st->conn) == 0)
		return err_set(err, EX_TEMPFAIL, "lead %lld was changed by "
		    "someone else meanwhile; look again and redo the move",
		    (long long)mv->m->lead_id);
	return 0;
}

static int
lead_move_tx(struct store *st, void *arg, struct err *err)
{
	struct move *mv = arg;
	struct lead_now ln;
	struct found f;
	struct details d;
	char from[128] = "";
	enum status to = ST_NEW;
	int64_t drop;

	*mv->needs = STAGE_NEEDS_NOTHING;
	if (lead_may(st, mv->who, mv->m->lead_id, ACT_LEAD_EDIT, &ln, err) != 0 ||
	    lease_check_for_write(st, mv->who, mv->m->lead_id, "move it to "
	    "another stage", NULL, err) != 0 ||
	    stage_find(st, mv->m->stage_id, mv->m->stage, &f, err) != 0 ||
	    move_status(ln.status, f.gives, &f.s, &to, err) != 0 ||
	    move_needs(st, mv, &ln, to, &drop, err) != 0 ||
	    lead_move_write(st, mv, to, drop, err) != 0 ||
	    lead_customer_mark(st, mv->m->lead_id, store_now(), err) != 0)
		return err->status;
	details_begin(&d);
	if (ln.stage[0] != '\0')
		snprintf(from, sizeof from, "%s", ln.stage);
	details_str(&d, "from_stage", from[0] ? from : NULL);
	if (lead_stage_put(st, mv->m->lead_id, f.s.id, f.s.name, &d, err) != 0)
		goto fail;
	if (to != ln.status) {
		details_str(&d, "from_status", status_name(ln.status));
		details_str(&d, "status", status_name(to));
	}
	if (mv->m->drop_reason != NULL && to == ST_LOST)
		details_str(&d, "drop_reason", mv->m->drop_reason);
	if (mv->m->interest > 0)
		details_int(&d, "interest", mv->m->interest);
	if (to != ln.status && notify_status(st, mv->who, mv->m->lead_id, to,
	    &d, err) != 0)
		goto fail;
	if (to != ln.status && (to == ST_CONVERTED || to == ST_LOST) &&
	    followup_close_for_lead(st, mv->who, mv->m->lead_id, to ==
	    ST_CONVERTED ? FOLLOWUP_CLOSE_CONVERTED : FOLLOWUP_CLOSE_LOST, 0,
	    err) != 0)
		goto fail;
	return audit_write(st, mv->who, "lead", mv->m->lead_id, "stage", &d, err);
fail:
	details_free(&d);
	return err->status;
}

int
store_lead_stage_set(struct store *st, const struct actor *who,
    const struct stage_move *m, enum stage_needs *needs, struct err *err)
{
	struct move mv = { who, m, needs };

	*needs = STAGE_NEEDS_NOTHING;
	if (require(who, ACT_LEAD_EDIT, err) != 0)
		return err->status;
	if (m->interest < 0 || m->interest > 5)
		return err_set(err, EX_DATAERR, "--interest must be from 1 to 5");
	return store_tx(st, lead_move_tx, &mv, err);
}

int
store_drop_reasons(struct store *st, int (*each)(const char *, void *),
    void *arg, struct err *err)
{
	static const char sql[] =
	    "SELECT name FROM choices WHERE list = 'drop' AND active <> 0"
	    " ORDER BY position, id";
	struct stmt *stmt;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	while ((rc = db_step(st, stmt, err, "reading the drop reasons")) ==
	    DB_ROW)
		if (each(col_text(stmt, 0), arg) != 0)
			break;
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

#define MAX_STAGES 64

/*
 * Numbers the active stages 1, 2, ... in their order, with stage id (0:
 * none) put at position (1 for the first; past the end: last).
 */
static int
stages_renumber(struct store *st, int64_t id, int position, struct err *err)
{
	static const char list[] = "SELECT id FROM pipeline_stages"
	    " WHERE active <> 0 AND id <> ? ORDER BY position, id";
	static const char set[] =
	    "UPDATE pipeline_stages SET position = ?2 WHERE id = ?1";
	int64_t ids[MAX_STAGES + 1];
	struct stmt *stmt;
	int n = 0, i, rc;

	if ((stmt = stmt_get(st, list, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, id);
	while ((rc = db_step(st, stmt, err, "reading the stages")) ==
	    DB_ROW && n < MAX_STAGES)
		ids[n++] = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (rc == -1)
		return err->status;
	if (id != 0) {
		if (position < 1 || position > n + 1)
			position = n + 1;
		memmove(ids + position, ids + position - 1,
		    (size_t)(n - position + 1) * sizeof ids[0]);
		ids[position - 1] = id;
		n++;
	}
	for (i = 0; i < n; i++) {
		if ((stmt = stmt_get(st, set, err)) == NULL)
			return err->status;
		stmt_bind_int64(stmt, 1, ids[i]);
		stmt_bind_int(stmt, 2, i + 1);
		if (db_run(st, stmt, err, "ordering the stages") != 0)
			return err->status;
	}
	return 0;
}

struct stage_edit {
	const struct actor      *who;
	const struct stage_spec *spec;
	const char              *name, *new_name;
	int                      position;
};

static int
stage_add_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO pipeline_stages (name, position, probability, is_won,"
	    " is_lost, stale_days, status) VALUES (?, 0, ?, ?, ?, ?, ?)"
	    " RETURNING id";
	struct stage_edit *se = arg;
	const struct stage_spec *sp = se->spec;
	struct stmt *stmt;
	struct details d;
	int64_t id;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	bind_text(stmt, 1, sp->name);
	stmt_bind_int(stmt, 2, sp->probability);
	stmt_bind_int(stmt, 3, sp->is_won);
	stmt_bind_int(stmt, 4, sp->is_lost);
	stmt_bind_int(stmt, 5, sp->stale_days);
	bind_text(stmt, 6, sp->status);
	if (stmt_step(stmt) != DB_ROW) {
		stmt_reset(stmt);
		if (conn_fault(st->conn) == DB_FAULT_UNIQUE)
			return err_set(err, EX_DATAERR, "there is a stage '%s' "
			    "already", sp->name);
		return db_fail(st, err, "adding the stage");
	}
	id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	if (stages_renumber(st, id, sp->position, err) != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "name", sp->name);
	details_int(&d, "probability", sp->probability);
	return audit_write(st, se->who, "stage", id, "add", &d, err);
}

int
store_stage_add(struct store *st, const struct actor *who,
    const struct stage_spec *spec, struct err *err)
{
	struct stage_edit se = { .who = who, .spec = spec };
	enum status s;

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	if (spec->name == NULL || spec->name[0] == '\0')
		return err_set(err, EX_USAGE, "a stage needs a name");
	if (text_check(spec->name, "the stage name", err) != 0)
		return err->status;
	if (spec->probability < 0 || spec->probability > 100)
		return err_set(err, EX_DATAERR, "--probability takes 0 to 100");
	if (spec->is_won && spec->is_lost)
		return err_set(err, EX_USAGE, "a stage is won or lost, not both");
	if (spec->status != NULL && status_parse(spec->status, &s) != 0)
		return err_set(err, EX_DATAERR, "no status '%s'; the statuses: "
		    "New, In Progress, CNP, Interested, Qualified, Converted, "
		    "Lost", spec->status);
	return store_tx(st, stage_add_tx, &se, err);
}

static int
stage_rename_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "UPDATE pipeline_stages SET name = ?2 WHERE id = ?1";
	struct stage_edit *se = arg;
	struct stmt *stmt;
	struct found f;
	struct details d;

	if (stage_find(st, 0, se->name, &f, err) != 0 ||
	    (stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, f.s.id);
	bind_text(stmt, 2, se->new_name);
	if (stmt_step(stmt) != DB_DONE) {
		stmt_reset(stmt);
		return conn_fault(st->conn) == DB_FAULT_UNIQUE ?
		    err_set(err, EX_DATAERR, "there "
		    "is a stage '%s' already", se->new_name) :
		    db_fail(st, err, "renaming the stage");
	}
	stmt_reset(stmt);
	details_begin(&d);
	details_str(&d, "from_name", f.s.name);
	details_str(&d, "name", se->new_name);
	return audit_write(st, se->who, "stage", f.s.id, "rename", &d, err);
}

int
store_stage_rename(struct store *st, const struct actor *who,
    const char *name, const char *new_name, struct err *err)
{
	struct stage_edit se = { .who = who, .name = name,
	    .new_name = new_name };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	if (new_name[0] == '\0')
		return err_set(err, EX_USAGE, "a stage needs a name");
	if (text_check(new_name, "the new stage name", err) != 0)
		return err->status;
	return store_tx(st, stage_rename_tx, &se, err);
}

static int
stage_move_tx(struct store *st, void *arg, struct err *err)
{
	struct stage_edit *se = arg;
	struct found f;
	struct details d;

	if (stage_find(st, 0, se->name, &f, err) != 0 ||
	    stages_renumber(st, f.s.id, se->position, err) != 0)
		return err->status;
	details_begin(&d);
	details_int(&d, "from_position", f.s.position);
	details_int(&d, "position", se->position);
	return audit_write(st, se->who, "stage", f.s.id, "move", &d, err);
}

int
store_stage_move(struct store *st, const struct actor *who, const char *name,
    int position, struct err *err)
{
	struct stage_edit se = { .who = who, .name = name,
	    .position = position };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	if (position < 1)
		return err_set(err, EX_USAGE, "a position is 1 or more");
	return store_tx(st, stage_move_tx, &se, err);
}

/* Moves every lead of stage from (deleted ones too) to stage to. */
static int
stage_empty(struct store *st, int64_t from, int64_t to, int64_t *moved,
    struct err *err)
{
	static const char sql[] =
	    "UPDATE leads SET stage_id = ?2, stage_entered_at = ?3,"
	    " version = version + 1 WHERE stage_id = ?1";
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, from);
	stmt_bind_int64(stmt, 2, to);
	stmt_bind_int64(stmt, 3, store_now());
	if (db_run(st, stmt, err, "moving the stage's leads") != 0)
		return err->status;
	*moved = conn_changes(st->conn);
	return 0;
}

static int
stage_remove_tx(struct store *st, void *arg, struct err *err)
{
	static const char count[] =
	    "SELECT count(*) FROM leads WHERE stage_id = ?";
	static const char del[] = "DELETE FROM pipeline_stages WHERE id = ?";
	struct stage_edit *se = arg;
	struct found s, to;
	struct details d;
	struct stmt *stmt;
	int64_t n = 0;

	if (stage_find(st, 0, se->name, &s, err) != 0)
		return err->status;
	if (se->new_name != NULL) {
		if (stage_find(st, 0, se->new_name, &to, err) != 0)
			return err->status;
		if (to.s.id == s.s.id)
			return err_set(err, EX_USAGE, "--move-to must name "
			    "another stage");
		if (stage_empty(st, s.s.id, to.s.id, &n, err) != 0)
			return err->status;
	}
	if ((stmt = stmt_get(st, count, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, s.s.id);
	if (db_step(st, stmt, err, "counting the stage's leads") == DB_ROW &&
	    stmt_column_int64(stmt, 0) > 0) {
		n = stmt_column_int64(stmt, 0);
		stmt_reset(stmt);
		return err_set(err, EX_DATAERR, "stage '%s' has %lld %s; "
		    "move them first with --move-to STAGE", s.s.name,
		    (long long)n, plural(n, "lead", "leads"));
	}
	stmt_reset(stmt);
	if (err->status != 0 || (stmt = stmt_get(st, del, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, s.s.id);
	if (db_run(st, stmt, err, "removing the stage") != 0 ||
	    stages_renumber(st, 0, 0, err) != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "name", s.s.name);
	if (se->new_name != NULL) {
		details_str(&d, "moved_to", to.s.name);
		details_int(&d, "leads_moved", n);
	}
	return audit_write(st, se->who, "stage", s.s.id, "remove", &d, err);
}

int
store_stage_remove(struct store *st, const struct actor *who,
    const char *name, const char *move_to, struct err *err)
{
	struct stage_edit se = { .who = who, .name = name, .new_name = move_to };

	if (require(who, ACT_SETTINGS, err) != 0)
		return err->status;
	return store_tx(st, stage_remove_tx, &se, err);
}
