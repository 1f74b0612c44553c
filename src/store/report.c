#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/period.h"
#include "reportint.h"

static const char *const by_group[] = { "rep", "region", "source", "day",
	NULL };
static const char *const by_list[] = { "region", "source", "batch", NULL };

const struct report_def report_defs[] = {
	{ "agents", "Agents", "per rep: time in, calls, connects, "
	    "conversions, talk, follow-ups, occupancy", NULL, "today",
	    report_agents },
	{ "dispositions", "Dispositions", "the mix of call outcomes by rep, "
	    "region, source or day", by_group, "today",
	    report_dispositions },
	{ "lists", "Lists", "per region, source or batch: leads worked, "
	    "won, lost and still callable", by_list, "last 30 days",
	    report_lists },
	{ "funnel", "Funnel", "stage to stage conversion, won and lost "
	    "with reasons, days in each stage", NULL, "last 30 days",
	    report_funnel },
	{ "hours", "Hours", "connect rate by the lead's local hour and "
	    "weekday", NULL, "last 30 days",
	    report_hours },
	{ "trend", "Trend", "calls, connects and conversions per day, per "
	    "rep and for the floor", NULL, "last 30 days",
	    report_trend },
	{ "attendance", "Attendance", "check-in, check-out and pauses per "
	    "rep and day, over-limit pauses marked", NULL, "last 7 days",
	    report_attendance },
	{ "imports", "Imports", "per batch: rows, imported, duplicates, "
	    "rejected, and how its leads have done", NULL, "last 30 days",
	    report_imports },
	{ "collections", "Collections", "per recovery agent: due and "
	    "collected, promises kept and broken", NULL, "this month",
	    report_collections },
	{ "aging", "Aging", "per recovery agent: what is owed, by days past "
	    "due, at the period's end", NULL, "today",
	    report_aging },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};

const struct report_def *
report_find(const char *name)
{
	const struct report_def *d;

	for (d = report_defs; d->name != NULL; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

void
report_bind(struct stmt *stmt, const struct report_scope *sc)
{
	stmt_bind_int64(stmt, 1, (int64_t)sc->from);
	stmt_bind_int64(stmt, 2, (int64_t)sc->to);
	stmt_bind_int64(stmt, 3, sc->team_id);
	stmt_bind_int64(stmt, 4, sc->user_id);
	stmt_bind_int64(stmt, 5, sc->region_id);
	stmt_bind_int64(stmt, 6, sc->source_id);
	stmt_bind_int64(stmt, 7, sc->batch_id);
	stmt_bind_int64(stmt, 8, (int64_t)sc->now);
}

/* Binds the local day of t, as YYYY-MM-DD, to parameter i. */
static void
day_bind(struct stmt *stmt, int i, time_t t)
{
	char day[16];
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(day, sizeof day, "%Y-%m-%d", &tm) == 0)
		day[0] = '\0';
	bind_text(stmt, i, day);
}

void
report_bind_days(struct stmt *stmt, const struct report_scope *sc)
{
	day_bind(stmt, 9, sc->from);
	day_bind(stmt, 10, sc->to - 1);
	day_bind(stmt, 11, sc->now);
}

/* The id sql finds for name (?1), 0 when none; -1 on a failure. */
static int64_t
id_of(struct store *st, const char *sql, const char *name, struct err *err)
{
	struct stmt *stmt;
	int64_t id = 0;
	int rc;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return -1;
	bind_text(stmt, 1, name);
	rc = db_step(st, stmt, err, "reading the report's filters");
	if (rc == DB_ROW)
		id = stmt_column_int64(stmt, 0);
	stmt_reset(stmt);
	return err->status ? -1 : id;
}

/* Resolves one named filter into *id: EX_DATAERR when it names nothing. */
static int
filter_resolve(struct store *st, const char *sql, const char *name,
    const char *what, const char *list_cmd, int64_t *id, struct err *err)
{
	if (name == NULL)
		return 0;
	if ((*id = id_of(st, sql, name, err)) < 0)
		return err->status;
	if (*id == 0)
		return err_set(err, EX_DATAERR, "there is no %s '%s'; see "
		    "callq %s", what, name, list_cmd);
	return 0;
}

/* A batch filter naming no import batch is EX_DATAERR, as a name is. */
static int
batch_check(struct store *st, int64_t batch, struct err *err)
{
	struct stmt *stmt;
	int rc;

	if (batch == 0)
		return 0;
	if ((stmt = stmt_get(st, "SELECT 1 FROM import_batches WHERE id = ?1",
	    err)) == NULL)
		return err->status;
	stmt_bind_int64(stmt, 1, batch);
	rc = db_step(st, stmt, err, "reading the report's filters");
	stmt_reset(stmt);
	if (err->status)
		return err->status;
	return rc == DB_ROW ? 0 : err_set(err, EX_DATAERR, "there is no "
	    "import batch %lld; see callq batch list", (long long)batch);
}

static int
scope_refuse(const struct actor *who, const char *whose, struct err *err)
{
	return err_set(err, EX_NOPERM, "%s is %s and may read only %s "
	    "figures; leave out the filter naming someone else's",
	    who->login, role_title(who->role), whose);
}

/* Applies who's scope to the filters asked for. */
static int
scope_apply(struct store *st, const struct actor *who,
    struct report_scope *sc, struct err *err)
{
	static const char team_of[] = "SELECT coalesce(team_id, 0) FROM users"
	    " WHERE id = ?1";
	struct stmt *stmt;
	int64_t rep_team = 0;

	switch (perm_scope(who->role, ACT_REPORT_READ)) {
	case SCOPE_ALL:
		return 0;
	case SCOPE_TEAM:
		if (who->team_id == 0)
			return 0;	/* a team lead of no team: the floor */
		if (sc->team_id != 0 && sc->team_id != who->team_id)
			return scope_refuse(who, "their team's", err);
		if (sc->user_id != 0) {
			if ((stmt = stmt_get(st, team_of, err)) == NULL)
				return err->status;
			stmt_bind_int64(stmt, 1, sc->user_id);
			if (db_step(st, stmt, err, "reading the report's "
			    "filters") == DB_ROW)
				rep_team = stmt_column_int64(stmt, 0);
			stmt_reset(stmt);
			if (err->status)
				return err->status;
			if (rep_team != who->team_id)
				return scope_refuse(who, "their team's", err);
		}
		sc->team_id = who->team_id;
		return 0;
	default:
		if (sc->team_id != 0 || (sc->user_id != 0 &&
		    sc->user_id != who->id))
			return scope_refuse(who, "their own", err);
		sc->user_id = who->id;
		return 0;
	}
}

static int
scope_resolve(struct store *st, const struct actor *who,
    const struct report_query *q, struct report_scope *sc, struct err *err)
{
	memset(sc, 0, sizeof *sc);
	sc->from = q->from;
	sc->to = q->to;
	sc->now = q->now != 0 ? q->now : store_now();
	sc->by = q->by;
	sc->batch_id = q->batch;
	if (filter_resolve(st, "SELECT id FROM teams WHERE name = ?1",
	    q->team, "team", "user list", &sc->team_id, err) != 0 ||
	    filter_resolve(st, "SELECT id FROM users WHERE login = ?1",
	    q->rep, "user", "user list", &sc->user_id, err) != 0 ||
	    filter_resolve(st, "SELECT id FROM regions WHERE name = ?1",
	    q->region, "region", "region list", &sc->region_id, err) != 0 ||
	    filter_resolve(st, "SELECT id FROM choices WHERE list = 'source'"
	    " AND name = ?1", q->source, "source", "choice list sources",
	    &sc->source_id, err) != 0 || batch_check(st, q->batch, err) != 0)
		return err->status;
	return scope_apply(st, who, sc, err);
}

/* A grouping the report does not take is refused, naming those it does. */
static int
by_check(const struct report_def *def, const char *by, struct err *err)
{
	char names[128] = "";
	int i;

	if (by == NULL)
		return 0;
	for (i = 0; def->by != NULL && def->by[i] != NULL; i++) {
		if (strcmp(def->by[i], by) == 0)
			return 0;
		snprintf(names + strlen(names), sizeof names - strlen(names),
		    "%s%s", i > 0 ? ", " : "", def->by[i]);
	}
	if (def->by == NULL)
		return err_set(err, EX_USAGE, "the %s report takes no "
		    "grouping; leave out --by", def->name);
	return err_set(err, EX_USAGE, "the %s report cannot be grouped by "
	    "'%s'; use one of: %s", def->name, by, names);
}

int
store_report(struct store *st, const struct actor *who,
    const struct report_def *def, const struct report_query *q,
    struct report **out, struct err *err)
{
	struct report_scope sc;
	struct report *rep;

	*out = NULL;
	if (require(who, ACT_REPORT_READ, err) != 0)
		return err->status;
	if (q->to <= q->from)
		return err_set(err, EX_USAGE, "the period ends before it "
		    "starts; give a --to after --from");
	if (by_check(def, q->by, err) != 0 ||
	    scope_resolve(st, who, q, &sc, err) != 0)
		return err->status;
	if (sc.by == NULL && def->by != NULL)
		sc.by = def->by[0];
	if ((rep = calloc(1, sizeof *rep)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	if (def->run(st, &sc, rep, err) != 0) {
		report_free(rep);
		return err->status ? err->status : err_set(err, EX_SOFTWARE,
		    "the %s report failed", def->name);
	}
	*out = rep;
	return 0;
}

void
report_free(struct report *rep)
{
	size_t i;

	if (rep == NULL)
		return;
	for (i = 0; i < (size_t)rep->nrows * rep->ncols; i++) {
		free(rep->cells[i].s);
		free(rep->cells[i].series);
	}
	free(rep->cells);
	free(rep->title);
	free(rep->owned);
	free(rep);
}

int
report_begin(struct report *rep, const char *name,
    const struct report_scope *sc, const struct report_col *cols, int ncols,
    struct err *err)
{
	char period[40], title[96];

	period_label(sc->from, sc->to, period, sizeof period);
	snprintf(title, sizeof title, "%s, %s", name, period);
	rep->cols = (struct report_col *)cols;
	rep->ncols = ncols;
	rep->label_col = 0;
	if ((rep->title = strdup(title)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	return 0;
}

/* The reps a per-rep report covers: ?1..?8 as report_bind binds them. */
static const char people_sql[] =
    "SELECT u.id, u.login FROM users u WHERE " REPORT_USER_IN("u.id")
    " AND ((u.role = 'rep' AND u.active <> 0) OR EXISTS (SELECT 1 FROM calls c"
    "  WHERE c.user_id = u.id AND c.started_at >= ?1 AND c.started_at < ?2"
    "  AND c.disposition_id IS NOT NULL AND " REPORT_CALL_LEAD_IN("c") "))"
    " ORDER BY u.login";

/* The agents a collections report covers: ?1..?8 as report_bind binds. */
static const char collectors_sql[] =
    "SELECT u.id, u.login FROM users u WHERE " REPORT_USER_IN("u.id")
    " AND ((u.role = 'recovery' AND u.active <> 0) OR EXISTS (SELECT 1"
    "  FROM deals d WHERE d.collector_id = u.id))"
    " ORDER BY u.login";

/* A row per user sql finds (id, login), the login in column label. */
static int
rows_load(struct store *st, const char *sql, const struct report_scope *sc,
    struct report *rep, int label, int64_t **ids, struct err *err)
{
	struct stmt *stmt;
	int64_t *grown;
	int rc, r;

	if ((stmt = stmt_get(st, sql, err)) == NULL)
		return err->status;
	report_bind(stmt, sc);
	while ((rc = db_step(st, stmt, err, "reading the reps")) ==
	    DB_ROW) {
		if ((r = report_row_add(rep, err)) < 0 ||
		    (grown = realloc(*ids, (size_t)(r + 1) *
		    sizeof *grown)) == NULL) {
			stmt_reset(stmt);
			return err->status ? err->status :
			    err_set(err, EX_OSERR, "out of memory");
		}
		*ids = grown;
		grown[r] = stmt_column_int64(stmt, 0);
		if (report_set_text(rep, r, label, col_text(stmt, 1),
		    err) != 0) {
			stmt_reset(stmt);
			return err->status;
		}
	}
	stmt_reset(stmt);
	return rc == -1 ? err->status : 0;
}

int
report_people_load(struct store *st, const struct report_scope *sc,
    struct report *rep, int label, int64_t **ids, struct err *err)
{
	return rows_load(st, people_sql, sc, rep, label, ids, err);
}

int
report_collectors_load(struct store *st, const struct report_scope *sc,
    struct report *rep, int label, int64_t **ids, struct err *err)
{
	int64_t *grown;
	int r;

	if (rows_load(st, collectors_sql, sc, rep, label, ids, err) != 0)
		return err->status;
	if (sc->team_id != 0 || sc->user_id != 0)
		return 0;
	if ((r = report_row_add(rep, err)) < 0 ||
	    (grown = realloc(*ids, (size_t)(r + 1) * sizeof *grown)) == NULL)
		return err->status ? err->status :
		    err_set(err, EX_OSERR, "out of memory");
	*ids = grown;
	grown[r] = 0;
	return report_set_text(rep, r, label, "(unassigned)", err);
}

int
report_row_add(struct report *rep, struct err *err)
{
	struct report_cell *cells;
	size_t n = (size_t)(rep->nrows + 1) * rep->ncols;

	if ((cells = realloc(rep->cells, n * sizeof *cells)) == NULL) {
		err_set(err, EX_OSERR, "out of memory");
		return -1;
	}
	memset(cells + (size_t)rep->nrows * rep->ncols, 0,
	    (size_t)rep->ncols * sizeof *cells);
	rep->cells = cells;
	return rep->nrows++;
}

int
report_set_text(struct report *rep, int r, int c, const char *s,
    struct err *err)
{
	struct report_cell *cell = REPORT_CELL(rep, r, c);

	free(cell->s);
	if ((cell->s = strdup(s != NULL ? s : "")) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	return 0;
}

int
report_set_series(struct report *rep, int r, int c, const long long *v,
    int n, struct err *err)
{
	struct report_cell *cell = REPORT_CELL(rep, r, c);

	free(cell->series);
	cell->nseries = 0;
	if ((cell->series = malloc((size_t)(n > 0 ? n : 1) *
	    sizeof *v)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	memcpy(cell->series, v, (size_t)n * sizeof *v);
	cell->nseries = n;
	return 0;
}

static void
series_text(const struct report_cell *cell, char *buf, size_t size)
{
	size_t used = 0;
	int i, n;

	*buf = '\0';
	for (i = 0; i < cell->nseries && used < size; i++) {
		n = snprintf(buf + used, size - used, "%s%lld", i ? " " : "",
		    cell->series[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

void
report_cell_text(const struct report *rep, int r, int c, char *buf,
    size_t size)
{
	const struct report_cell *cell = REPORT_CELL(rep, r, c);
	long long n = cell->n, a = n < 0 ? -n : n;
	time_t t = (time_t)n;
	struct tm tm;

	if (cell->empty && rep->cols[c].kind != RK_TEXT) {
		snprintf(buf, size, "-");
		return;
	}
	switch (rep->cols[c].kind) {
	case RK_TEXT:
		snprintf(buf, size, "%s", cell->s != NULL ? cell->s : "");
		break;
	case RK_INT:
		snprintf(buf, size, "%lld", n);
		break;
	case RK_CENTS:
		snprintf(buf, size, "%s%lld.%02lld", n < 0 ? "-" : "",
		    a / 100, a % 100);
		break;
	case RK_SECONDS:
		snprintf(buf, size, "%s%lld:%02lld:%02lld", n < 0 ? "-" : "",
		    a / 3600, a / 60 % 60, a % 60);
		break;
	case RK_DAYS:	/* to a tenth of a day, rounded */
		snprintf(buf, size, "%s%lld.%lld", n < 0 ? "-" : "",
		    (a + 4320) / 86400, (a + 4320) % 86400 / 8640);
		break;
	case RK_PERMILLE:
		snprintf(buf, size, "%s%lld.%lld%%", n < 0 ? "-" : "",
		    a / 10, a % 10);
		break;
	case RK_TIME:
		if (n == 0)
			*buf = '\0';
		else
			strftime(buf, size, "%Y-%m-%d %H:%M",
			    localtime_r(&t, &tm));
		break;
	case RK_SERIES:
		series_text(cell, buf, size);
		break;
	}
}
