#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/daily.h"
#include "callq/digest.h"
#include "callq/report.h"
#include "callq/text.h"
#include "callq/user.h"
#include "callq/when.h"

int
digest_day_parse(const char *text, time_t now, struct digest_day *day,
    struct err *err)
{
	struct tm tm;

	if (when_day(text, now, &day->from, &day->to) != 0)
		return err_set(err, EX_USAGE, "'%s' is not a day; give it as "
		    "2026-11-23, today or yesterday", text);
	day->now = now;
	localtime_r(&day->from, &tm);
	strftime(day->date, sizeof day->date, "%Y-%m-%d", &tm);
	return 0;
}

struct picking {
	const struct actor *who;
	char *const        *logins;
	int                 nlogins;
	unsigned char      *found;	/* each named login seen */
	struct digest_for  *list;
	int                 n, cap;	/* users added since counting: left out */
	struct err         *err;
};

static int
named_index(const struct picking *p, const char *login)
{
	int i;

	for (i = 0; i < p->nlogins; i++)
		if (strcmp(p->logins[i], login) == 0)
			return i;
	return -1;
}

static int
recipient_take(const struct user *u, void *arg)
{
	struct picking *p = arg;
	struct digest_for *f;
	int i = named_index(p, u->login);

	if (p->nlogins > 0 ? i < 0 : !u->active || (u->role != ROLE_ADMIN &&
	    u->role != ROLE_LEAD))
		return 0;
	if (i >= 0 && p->found[i]++)
		return 0;		/* named twice: one digest */
	if (p->n == p->cap)
		return 1;
	if (i >= 0 && !u->active) {
		err_set(p->err, EX_NOUSER, "%s is inactive and gets no digest; "
		    "leave them out of --to", u->login);
		return 1;
	}
	f = &p->list[p->n++];
	snprintf(f->login, sizeof f->login, "%s", u->login);
	snprintf(f->name, sizeof f->name, "%s", u->name);
	snprintf(f->email, sizeof f->email, "%s", u->email);
	return 0;
}

static int
count_user(const struct user *u, void *arg)
{
	(void)u;
	++*(int *)arg;
	return 0;
}

/*
 * Only admins write others' digests; team leads and analysts have their
 * own. Reps and recovery agents read only their own figures, which
 * their screens show already.
 */
static int
recipients_allowed(const struct actor *who, char *const *logins, int n,
    struct err *err)
{
	int i;

	if (who->role == ROLE_ADMIN)
		return 0;
	if (perm_scope(who->role, ACT_REPORT_READ) < SCOPE_TEAM)
		return err_set(err, EX_NOPERM, "%s is %s, and digests are for "
		    "team leads, analysts and admins", who->login,
		    role_title(who->role));
	for (i = 0; i < n; i++)
		if (strcmp(logins[i], who->login) != 0)
			return err_set(err, EX_NOPERM, "%s is %s and may have "
			    "only their own digest, not %s's", who->login,
			    role_title(who->role), logins[i]);
	return 0;
}

int
digest_recipients(struct store *st, const struct actor *who,
    char *const *logins, int nlogins, struct digest_for **out, int *n,
    struct err *err)
{
	struct picking p = { who, logins, nlogins, NULL, NULL, 0, 0, err };
	char *self[1];
	int users = 0, i;

	if (who->role != ROLE_ADMIN && nlogins == 0) {
		self[0] = (char *)who->login;
		p.logins = logins = self;
		p.nlogins = nlogins = 1;
	}
	if (recipients_allowed(who, logins, nlogins, err) != 0 ||
	    store_user_list(st, count_user, &users, err) != 0)
		return err->status;
	p.cap = users;
	if ((p.list = calloc((size_t)users + 1, sizeof *p.list)) == NULL ||
	    (p.found = calloc((size_t)nlogins + 1, 1)) == NULL) {
		free(p.list);
		return err_set(err, EX_OSERR, "out of memory");
	}
	if (store_user_list(st, recipient_take, &p, err) == 0 && !err->status)
		for (i = 0; i < nlogins; i++)
			if (!p.found[i]) {
				err_set(err, EX_NOUSER, "no callq user '%s'; "
				    "see: callq user list", logins[i]);
				break;
			}
	free(p.found);
	if (err->status) {
		free(p.list);
		return err->status;
	}
	*out = p.list;
	*n = p.n;
	return 0;
}

/* A section being written, and how many lines it has. */
struct writing {
	FILE *f;
	int   count;
};

static void
hhmm(time_t t, char *buf, size_t size)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, size, "%H:%M", &tm);
}

/* "  14:05  Acme Deli                      rep1", fitted and masked. */
static int
item_line(const struct daily_item *it, void *arg)
{
	struct writing *w = arg;
	char at[8], what[256], rep[96];

	hhmm(it->at, at, sizeof at);
	if (it->text[0] != '\0') {
		text_fit(it->text, DIGEST_WIDTH - 9, 0, what, sizeof what);
		fprintf(w->f, "  %s  %s\n", at, what);
	} else {
		text_fit(it->lead, 42, 1, what, sizeof what);
		text_fit(it->rep, DIGEST_WIDTH - 9 - 43, 0, rep, sizeof rep);
		fprintf(w->f, "  %s  %s %s\n", at, what, rep);
	}
	w->count++;
	return 0;
}

/* The agents report's total row, one figure a line. */
static void
totals_write(FILE *f, const struct report *rep)
{
	char name[64], value[64], shown[256];
	int r = rep->nrows - 1, c;

	if (!rep->total || rep->nrows == 0) {
		fprintf(f, "  No calls or attendance that day.\n");
		return;
	}
	for (c = 0; c < rep->ncols; c++) {
		if (c == rep->label_col || rep->cols[c].kind == RK_SERIES)
			continue;
		report_cell_text(rep, r, c, value, sizeof value);
		if (value[0] == '\0')
			snprintf(value, sizeof value, "-");
		text_fit(rep->cols[c].name, 32, 1, name, sizeof name);
		text_fit(value, DIGEST_WIDTH - 36, 0, shown, sizeof shown);
		fprintf(f, "  %s  %s\n", name, shown);
	}
}

/* A sentence over as many lines as it takes, each indented by four. */
static void
sentence_write(FILE *f, const char *s)
{
	char masked[1024];
	size_t len, next;

	text_mask(s, strlen(s), masked, sizeof masked);
	for (s = masked; *s != '\0'; s += next) {
		len = text_wrap(s, DIGEST_WIDTH - 4, &next);
		fprintf(f, "    %.*s\n", (int)len, s);
	}
}

static void
agents_write(struct store *st, const struct actor *a,
    const struct digest_day *day, FILE *f, struct err *note)
{
	struct report_query q = { 0 };
	struct report *rep = NULL;
	struct err err = { 0 };

	q.from = day->from;
	q.to = day->to;
	q.now = day->now;
	fprintf(f, "The day in figures (the agents report's totals)\n");
	if (store_report(st, a, report_find("agents"), &q, &rep, &err) != 0) {
		*note = err;
		fprintf(f, "  Not available:\n");
		sentence_write(f, err.msg);
		return;
	}
	totals_write(f, rep);
	report_free(rep);
}

/* A section: its title with a count, then its lines or "None." */
static int
section_write(FILE *f, const char *title, char **buf, size_t *len,
    int (*fill)(struct writing *, void *), void *arg)
{
	struct writing w = { NULL, 0 };
	int rc;

	if ((w.f = open_memstream(buf, len)) == NULL)
		return -1;
	rc = fill(&w, arg);
	if (fclose(w.f) != 0)
		rc = -1;
	fprintf(f, "\n%s (%d)\n%s", title, w.count, w.count ? *buf :
	    "  None.\n");
	free(*buf);
	*buf = NULL;
	return rc;
}

struct parts {
	struct store            *st;
	const struct actor      *a;
	const struct digest_day *day;
	struct err              *err;
};

static int
conversions_fill(struct writing *w, void *arg)
{
	struct parts *p = arg;

	return store_daily_conversions(p->st, p->a, p->day->from, p->day->to,
	    item_line, w, p->err);
}

static int
missed_fill(struct writing *w, void *arg)
{
	struct parts *p = arg;

	return store_daily_missed(p->st, p->a, p->day->from, p->day->to,
	    p->day->now, item_line, w, p->err);
}

static int
alerts_fill(struct writing *w, void *arg)
{
	struct parts *p = arg;

	return store_daily_alerts(p->st, p->a, p->day->from, p->day->to,
	    item_line, w, p->err);
}

/* Whose floor the digest shows, in its first lines. */
static void
heading_write(FILE *f, const struct digest_for *to, const struct actor *a,
    const struct digest_day *day)
{
	char name[DIGEST_WIDTH * 4];

	text_fit(to->name, 40, 0, name, sizeof name);
	fprintf(f, "callq digest for %s\n", day->date);
	fprintf(f, "For %s (%s), %s: %s.\n", name, to->login,
	    role_title(a->role), perm_scope(a->role, ACT_REPORT_READ) ==
	    SCOPE_TEAM && a->team_id != 0 ? "your team's figures" :
	    perm_scope(a->role, ACT_REPORT_READ) == SCOPE_ALL ||
	    a->team_id == 0 ? "the whole floor" : "your own figures");
	fprintf(f, "Conversions and missed follow-ups list the lead and the "
	    "rep.\n\n");
}

int
digest_text(struct store *st, const struct digest_for *to,
    const struct digest_day *day, char **text, struct err *note,
    struct err *err)
{
	struct actor a;
	struct parts p = { st, &a, day, err };
	char *buf = NULL, *part = NULL;
	size_t len = 0, plen = 0;
	FILE *f;
	int rc;

	if (store_user_actor(st, to->login, &a, err) != 0)
		return err->status;
	if ((f = open_memstream(&buf, &len)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	heading_write(f, to, &a, day);
	agents_write(st, &a, day, f, note);
	rc = section_write(f, "Conversions", &part, &plen, conversions_fill,
	    &p);
	if (rc == 0)
		rc = section_write(f, "Missed follow-ups", &part, &plen,
		    missed_fill, &p);
	if (rc == 0)
		rc = section_write(f, "Alerts", &part, &plen, alerts_fill, &p);
	if (fclose(f) != 0 && rc == 0)
		rc = -1;
	if (rc != 0 || err->status) {
		free(buf);
		return err->status ? err->status : err_set(err, EX_OSERR,
		    "out of memory");
	}
	*text = buf;
	return 0;
}
