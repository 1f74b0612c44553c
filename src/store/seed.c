#include <stdlib.h>
#include <string.h>

#include "callq/data.h"
#include "callq/status.h"
#include "internal.h"

struct seed {
	struct store *st;
	struct err   *err;
	const char   *list;
	int           position;
};

static int
seed_choice(char **f, int n, void *arg)
{
	static const char sql[] =
	    "INSERT INTO choices (list, name, position) VALUES (?,?,?)";
	struct seed *s = arg;
	struct stmt *stmt;

	(void)n;
	if ((stmt = stmt_get(s->st, sql, s->err)) == NULL)
		return s->err->status;
	bind_text(stmt, 1, s->list);
	bind_text(stmt, 2, f[0]);
	stmt_bind_int(stmt, 3, ++s->position);
	return db_run(s->st, stmt, s->err, "seeding the settings lists");
}

/* key, name, status, needs, drop reason, retry minutes */
static int
seed_disposition(char **f, int n, void *arg)
{
	static const char sql[] =
	    "INSERT INTO dispositions (key, name, status, needs, drop_reason_id,"
	    " position, retry_minutes) VALUES (?,?,?,?,"
	    " (SELECT id FROM choices WHERE list = 'drop' AND name = ?), ?, ?)";
	struct seed *s = arg;
	struct stmt *stmt;
	enum status st;

	if (n != 6 || status_parse(f[2], &st) != 0)
		return err_set(s->err, EX_SOFTWARE, "data/dispositions.tsv: "
		    "bad line for '%s'", f[0]);
	if ((stmt = stmt_get(s->st, sql, s->err)) == NULL)
		return s->err->status;
	stmt_bind_int(stmt, 1, atoi(f[0]));
	bind_text(stmt, 2, f[1]);
	bind_text(stmt, 3, status_name(st));
	bind_text(stmt, 4, f[3]);
	bind_text(stmt, 5, strcmp(f[4], "-") == 0 ? NULL : f[4]);
	stmt_bind_int(stmt, 6, ++s->position);
	if (strcmp(f[5], "-") != 0)
		stmt_bind_int(stmt, 7, atoi(f[5]));
	return db_run(s->st, stmt, s->err, "seeding the dispositions");
}

/*
 * disposition, then where it takes a lead in each status, in the order of
 * enum status ("-": it stays). A cell the flow forbids is a bug in the
 * file, caught before anything is seeded from it.
 */
static int
seed_transition(char **f, int n, void *arg)
{
	static const char sql[] =
	    "INSERT INTO transitions (disposition_id, from_status, to_status)"
	    " SELECT id, ?2, ?3 FROM dispositions WHERE name = ?1";
	struct seed *s = arg;
	struct stmt *stmt;
	enum status to;
	int from;

	for (from = 0; from < ST_COUNT && n == ST_COUNT + 1; from++) {
		if (strcmp(f[from + 1], "-") == 0)
			to = (enum status)from;
		else if (status_parse(f[from + 1], &to) != 0 ||
		    !status_can_move((enum status)from, to))
			break;
		if ((stmt = stmt_get(s->st, sql, s->err)) == NULL)
			return s->err->status;
		bind_text(stmt, 1, f[0]);
		bind_text(stmt, 2, status_name((enum status)from));
		bind_text(stmt, 3, status_name(to));
		if (db_run(s->st, stmt, s->err, "seeding the transitions") != 0)
			return s->err->status;
		if (conn_changes(s->st->conn) == 0)
			break;
	}
	if (from < ST_COUNT)
		return err_set(s->err, EX_SOFTWARE, "data/transitions.tsv: bad "
		    "line for '%s'", f[0]);
	return 0;
}

/* name, probability, flag, stale days, status on entering */
static int
seed_stage(char **f, int n, void *arg)
{
	static const char sql[] =
	    "INSERT INTO pipeline_stages (name, position, probability, is_won,"
	    " is_lost, stale_days, status) VALUES (?,?,?,?,?,?,?)";
	struct seed *s = arg;
	struct stmt *stmt;
	enum status st;

	if (n != 5 || (strcmp(f[4], "-") != 0 && status_parse(f[4], &st) != 0))
		return err_set(s->err, EX_SOFTWARE, "data/stages.tsv: bad line"
		    " for '%s'", f[0]);
	if ((stmt = stmt_get(s->st, sql, s->err)) == NULL)
		return s->err->status;
	bind_text(stmt, 1, f[0]);
	stmt_bind_int(stmt, 2, ++s->position);
	stmt_bind_int(stmt, 3, atoi(f[1]));
	stmt_bind_int(stmt, 4, strcmp(f[2], "won") == 0);
	stmt_bind_int(stmt, 5, strcmp(f[2], "lost") == 0);
	stmt_bind_int(stmt, 6, atoi(f[3]));
	bind_text(stmt, 7, strcmp(f[4], "-") == 0 ? NULL : status_name(st));
	return db_run(s->st, stmt, s->err, "seeding the pipeline stages");
}

/* The defaults schema step 10 gives an existing floor, for a new one. */
static int
seed_rules(struct store *st, struct err *err)
{
	static const char *const sql[] = {
		"UPDATE dispositions SET contact = " REPORT_CONTACT_DEFAULT,
		"UPDATE choices SET limit_minutes = " PAUSE_LIMIT_DEFAULT
		"  WHERE list = 'pause'",
	};
	struct stmt *stmt;
	size_t i;

	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if ((stmt = stmt_get(st, sql[i], err)) == NULL)
			return err->status;
		if (db_run(st, stmt, err, "seeding the settings lists") != 0)
			return err->status;
	}
	return 0;
}

int
seed_defaults(struct store *st, struct err *err)
{
	static const struct {
		const char *file, *list;
		int (*fn)(char **, int, void *);
		int fields;
	} files[] = {
		{ "sources.txt", "source", seed_choice, 1 },
		{ "pause_reasons.txt", "pause", seed_choice, 1 },
		{ "followup_reasons.txt", "followup", seed_choice, 1 },
		{ "drop_reasons.txt", "drop", seed_choice, 1 },
		{ "products.txt", "product", seed_choice, 1 },
		{ "won_reasons.txt", "won", seed_choice, 1 },
		{ "payment_methods.txt", "method", seed_choice, 1 },
		{ "dispositions.tsv", NULL, seed_disposition, 6 },
		{ "transitions.tsv", NULL, seed_transition, ST_COUNT + 1 },
		{ "stages.tsv", NULL, seed_stage, 5 },
	};
	struct seed s = { st, err, NULL, 0 };
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		s.list = files[i].list;
		s.position = 0;
		if (data_each_row(files[i].file, files[i].fields, files[i].fn,
		    &s) != 0)
			return err->status ? err->status :
			    err_set(err, EX_OSERR, "out of memory");
	}
	return seed_rules(st, err);
}
