#include <string.h>

#include "callq/leadfield.h"
#include "callq/note.h"
#include "callq/text.h"
#include "leadrow.h"

struct note_add {
	const struct actor *who;
	int64_t lead;
	const char *body;
};

static int
note_add_tx(struct store *st, void *arg, struct err *err)
{
	static const char sql[] =
	    "INSERT INTO notes (lead_id, user_id, body, created_at)"
	    " VALUES (?, ?, ?, ?)";
	struct note_add *a = arg;
	struct lead_now ln;
	struct details d;
	struct stmt *stmt;

	if (lead_may(st, a->who, a->lead, ACT_LEAD_EDIT, &ln, err) != 0 ||
	    lease_check_for_write(st, a->who, a->lead, "add a note", NULL,
	    err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, a->lead);
	stmt_bind_int64(stmt, 2, a->who->id);
	bind_text(stmt, 3, a->body);
	stmt_bind_int64(stmt, 4, store_now());
	if (db_run(st, stmt, err, "adding the note") != 0 ||
	    search_index_lead(st, a->lead, err) != 0)
		return err->status;
	details_begin(&d);
	details_str(&d, "note", a->body);
	return audit_write(st, a->who, "lead", a->lead, "note", &d, err);
}

int
store_note_add(struct store *st, const struct actor *who, int64_t lead,
    const char *body, struct err *err)
{
	struct note_add a = { who, lead, body };

	if (body == NULL || *body == '\0')
		return err_set(err, EX_DATAERR, "a note needs some text");
	if (text_check(body, "the note", err) != 0)
		return err->status;
	if (strlen(body) > LEAD_TEXT_MAX)
		return err_set(err, EX_DATAERR, "a note is one line of text of "
		    "at most %d bytes", LEAD_TEXT_MAX);
	if (require(who, ACT_LEAD_EDIT, err) != 0)
		return err->status;
	return store_tx(st, note_add_tx, &a, err);
}

int
store_note_list(struct store *st, const struct actor *who, int64_t lead,
    int (*each)(const struct note *, void *), void *arg, struct err *err)
{
	static const char sql[] =
	    "SELECT n.id, n.created_at, u.login, n.body FROM notes n"
	    " JOIN users u ON u.id = n.user_id WHERE n.lead_id = ?"
	    " AND n.deleted_at IS NULL ORDER BY n.created_at DESC, n.id DESC";
	struct lead_now ln;
	struct stmt *stmt;
	struct note n;
	int rc;

	if (lead_may(st, who, lead, ACT_LEAD_READ, &ln, err) != 0)
		return err->status;
	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, lead);
	while ((rc = db_step(st, stmt, err, "reading the notes")) ==
	    DB_ROW) {
		n.id = stmt_column_int64(stmt, 0);
		n.at = (time_t)stmt_column_int64(stmt, 1);
		n.who = col_text(stmt, 2);
		n.body = col_text(stmt, 3);
		if (each(&n, arg) != 0)
			break;
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}
