#include <stdio.h>
#include <string.h>

#include "callq/draft.h"
#include "internal.h"

struct draft_op {
	const struct actor *who;
	const struct draft *d;
};

static int
draft_save_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO drafts (user_id, lead_id, disposition, note, followup,"
	    " interest, started_at, saved_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?7)"
	    " ON CONFLICT (user_id) DO UPDATE SET lead_id = ?2,"
	    " disposition = ?3, note = ?4, followup = ?5, interest = ?6,"
	    " started_at = CASE WHEN drafts.lead_id = ?2"
	    "  THEN drafts.started_at ELSE ?7 END,"
	    " saved_at = ?7";
	struct draft_op *o = arg;
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, o->who->id);
	stmt_bind_int64(stmt, 2, o->d->lead_id);
	bind_text(stmt, 3, o->d->disposition);
	bind_text(stmt, 4, o->d->note);
	bind_text(stmt, 5, o->d->followup);
	bind_id(stmt, 6, o->d->interest);
	stmt_bind_int64(stmt, 7, store_now());
	return db_run(st, stmt, err, "keeping the call log being typed");
}

int
store_draft_save(struct store *st, const struct actor *who,
    const struct draft *d, struct err *err)
{
	struct draft_op o = { who, d };

	return store_tx(st, draft_save_tx, &o, err);
}

int
store_draft_get(struct store *st, const struct actor *who, struct draft *d,
    struct err *err)
{
	static const char sql[] =
	    "SELECT lead_id, disposition, note, followup, interest FROM drafts"
	    " WHERE user_id = ?";
	struct stmt *stmt;
	int rc;

	memset(d, 0, sizeof *d);
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	if ((rc = db_step(st, stmt, err, "reading the kept call log")) ==
	    DB_ROW) {
		d->lead_id = stmt_column_int64(stmt, 0);
		snprintf(d->disposition, sizeof d->disposition, "%s",
		    col_text(stmt, 1));
		snprintf(d->note, sizeof d->note, "%s", col_text(stmt, 2));
		snprintf(d->followup, sizeof d->followup, "%s",
		    col_text(stmt, 3));
		d->interest = stmt_column_int(stmt, 4);
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

static int
draft_clear_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] = "DELETE FROM drafts WHERE user_id = ?";
	const struct actor *who = arg;
	struct stmt *stmt;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, who->id);
	return db_run(st, stmt, err, "clearing the kept call log");
}

int
store_draft_clear(struct store *st, const struct actor *who, struct err *err)
{
	return store_tx(st, draft_clear_tx, (void *)who, err);
}
