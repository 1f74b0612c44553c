/*
 * The quick-log: a digit picks the disposition, Enter skips the note,
 * and what the disposition needs (a call-back time inside the lead's
 * calling hours and its reason, an interest level) is asked for last. What is typed is kept in the database from the
 * first key, so a dropped session loses nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/call.h"
#include "callq/clock.h"
#include "callq/draft.h"
#include "callq/followup.h"
#include "callq/hours.h"
#include "callq/lease.h"
#include "callq/when.h"
#include "deal_form.h"
#include "form.h"

enum ql_step { QL_DISPOSITION, QL_NOTE, QL_FOLLOWUP, QL_REASON,
	QL_INTEREST };

/* The follow-up reasons a digit picks: 1 to 9, 0 for none. */
#define QL_REASONS 9

struct ql_choice {
	int  key;
	char name[64];
	char needs[16];
	int  converts;	/* opens the Converted form (deal_form.c) */
};

struct quicklog {
	struct ql_choice choice[10];
	int              nchoices;
	int              picked;	/* index into choice, -1: none yet */
	char             note[1024];
	char             when[64];
	int              interest;
	char             reasons[QL_REASONS][64];
	int              nreasons;
	int              reason;	/* 1 for the first, 0: none */
	struct deal_form deal;
};

static int ql_submit(struct tui *t, struct form *f);

static int
choice_take(const struct disposition_item *d, void *arg)
{
	struct quicklog *q = arg;
	struct ql_choice *c;

	if (d->key < 0 || q->nchoices == 10)
		return 0;
	c = &q->choice[q->nchoices++];
	c->key = d->key;
	snprintf(c->name, sizeof c->name, "%s", d->name);
	snprintf(c->needs, sizeof c->needs, "%s", d->needs);
	c->converts = strcmp(d->status, "Converted") == 0;
	return 0;
}

static int
reason_take(const char *name, void *arg)
{
	struct quicklog *q = arg;

	if (q->nreasons == QL_REASONS)
		return 1;
	snprintf(q->reasons[q->nreasons++], sizeof q->reasons[0], "%s", name);
	return 0;
}

/* "Reason:  1 Callback requested  2 Send information ...  0 none" */
static void
reasons_text(const struct quicklog *q, char *buf, size_t size)
{
	size_t len;
	int i;

	snprintf(buf, size, "Reason:");
	for (i = 0; i < q->nreasons; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "  %d %s", i + 1, q->reasons[i]);
	}
	len = strlen(buf);
	snprintf(buf + len, size - len, "  0 none");
}

/* "Log: 1 No answer  2 Busy ..." */
static void
choices_text(const struct quicklog *q, char *buf, size_t size)
{
	size_t len;
	int i;

	snprintf(buf, size, "Disposition:");
	for (i = 0; i < q->nchoices; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "  %d %s", q->choice[i].key,
		    q->choice[i].name);
	}
}

/* What the rep has typed so far, kept. */
static void
ql_keep(struct tui *t, struct form *f)
{
	struct quicklog *q = f->data;
	struct draft d = { .lead_id = f->id, .interest = q->interest };
	struct err err = { 0 };

	if (q->picked >= 0)
		snprintf(d.disposition, sizeof d.disposition, "%s",
		    q->choice[q->picked].name);
	snprintf(d.note, sizeof d.note, "%s", f->step == QL_NOTE ? f->text :
	    q->note);
	snprintf(d.followup, sizeof d.followup, "%.63s", f->step ==
	    QL_FOLLOWUP ? f->text : q->when);
	if (store_draft_save(t->st, t->who, &d, &err) != 0)
		tui_message(t, "%s", err.msg);
}

void
quicklog_keep(struct tui *t)
{
	if (t->form != NULL && t->form->submit == ql_submit)
		ql_keep(t, t->form);
}

static void
step_note(struct form *f)
{
	struct quicklog *q = f->data;
	char label[128];

	snprintf(label, sizeof label, "%s. Note (Enter skips):",
	    q->choice[q->picked].name);
	form_step(f, QL_NOTE, label, NULL);
	snprintf(f->text, sizeof f->text, "%s", q->note);
}

static int ql_save(struct tui *t, struct form *f);

static void
ql_pick(struct tui *t, struct form *f, int digit)
{
	struct quicklog *q = f->data;
	int i;

	if (f->step >= DEAL_FORM_STEP) {
		if (deal_form_pick(t, f, &q->deal, digit) == 0)
			ql_save(t, f);
		return;
	}
	if (f->step == QL_REASON) {
		if (digit > q->nreasons) {
			tui_message(t, "No follow-up reason has the key %d.",
			    digit);
			return;
		}
		q->reason = digit;
		ql_save(t, f);
		return;
	}
	for (i = 0; i < q->nchoices; i++)
		if (q->choice[i].key == digit)
			break;
	if (i == q->nchoices) {
		tui_message(t, "No disposition has the key %d.", digit);
		return;
	}
	q->picked = i;
	step_note(f);
	ql_keep(t, f);
}

static void
ql_preview(struct tui *t, const struct form *f, char *buf, size_t size)
{
	if (f->step == QL_FOLLOWUP)
		form_followup_preview(t, f, f->id, buf, size);
}

/* " Callback Thu 10:00 (15:00 London).", what being "Callback". */
static void
followup_said(struct tui *t, int64_t lead, time_t at, const char *what,
    char *buf, size_t size)
{
	struct followup_fit fit;
	struct err err = { 0 };
	char when[128];

	if (store_followup_fit(t->st, t->who, lead, at, &fit, &err) != 0)
		fit.zones[0] = fit.country[0] = '\0';
	hours_when_both(at, t->now, fit.zones, fit.country, when, sizeof when);
	snprintf(buf, size, " %s %s.", what, when);
}

/*
 * When the lead comes round again: the call-back just booked, the
 * follow-up it already had, or when its wait after this call is over.
 */
static void
next_said(struct tui *t, int64_t lead, const struct call_log *log,
    const struct call_result *res, char *buf, size_t size)
{
	char when[32], far[160];
	size_t len;

	if (res->followup_id != 0) {
		followup_said(t, lead, log->followup_at, "Callback", buf, size);
		/* What the floor says of a call-back booked that far ahead. */
		if (store_followup_far(t->st, log->followup_at, far,
		    sizeof far)) {
			far[0] = (char)(far[0] - 'a' + 'A');
			len = strlen(buf);
			snprintf(buf + len, size - len, " %s.", far);
		}
	} else if (res->followup_at != 0)
		followup_said(t, lead, res->followup_at, "Follow-up", buf, size);
	else if (res->retry_at > t->now) {
		when_label(res->retry_at, t->now, when, sizeof when);
		snprintf(buf, size, " Offered again %s.", when);
	}
}

/* Writes the call; 1 keeps the form open (the log failed). */
static int
ql_save(struct tui *t, struct form *f)
{
	struct quicklog *q = f->data;
	struct call_log log = { .lead_id = f->id, .interest = q->interest };
	struct call_result res;
	struct err err = { 0 };
	struct timespec t0;
	int64_t id = f->id;
	time_t at = 0;
	char said[256] = "";

	log.disposition = q->choice[q->picked].name;
	if (f->step >= DEAL_FORM_STEP)
		log.deal = &q->deal.spec;
	log.note = q->note[0] ? q->note : NULL;
	if (q->when[0] != '\0' && form_followup_when(t, f->id, q->when,
	    &at) == 0)
		log.followup_at = at;
	if (log.followup_at != 0 && q->reason > 0)
		log.followup_reason = q->reasons[q->reason - 1];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (store_call_log(t->st, t->who, &log, &res, &err) != 0) {
		tui_message(t, "Not logged: %s. Enter tries again; Esc drops "
		    "it.", err.msg);
		return 1;
	}
	tui_trace(t, "save", clock_since(&t0));
	next_said(t, id, &log, &res, said, sizeof said);
	tui_message(t, "Logged %s: %s%s%s%s%s%s.%s%s", res.disposition,
	    res.status_from, strcmp(res.status_from, res.status_to) ? " -> " :
	    "", strcmp(res.status_from, res.status_to) ? res.status_to : "",
	    res.drop_reason[0] ? " (" : "", res.drop_reason,
	    res.drop_reason[0] ? ")" : "", res.added_to_dnc ?
	    " The number is on the do-not-call list." : "", said);
	form_close(t);
	queue_after_log(t, id);
	return 0;
}

static int
ql_submit(struct tui *t, struct form *f)
{
	struct quicklog *q = f->data;
	const char *needs = q->choice[q->picked].needs;
	time_t at;

	if (f->step >= DEAL_FORM_STEP)
		return deal_form_submit(t, f, &q->deal) ? 1 : ql_save(t, f);
	switch (f->step) {
	case QL_NOTE:
		snprintf(q->note, sizeof q->note, "%s", f->text);
		if (strcmp(needs, "followup") == 0) {
			form_step(f, QL_FOLLOWUP, "Call back when:", NULL);
			snprintf(f->text, sizeof f->text, "%s", q->when);
			ql_keep(t, f);
			return 1;
		}
		if (strcmp(needs, "interest") == 0) {
			form_step(f, QL_INTEREST, "Interest, 1 (cold) to 5 "
			    "(hot):", NULL);
			ql_keep(t, f);
			return 1;
		}
		if (q->choice[q->picked].converts &&
		    deal_form_start(t, f, &q->deal) == 0)
			return 1;
		break;
	case QL_FOLLOWUP:
		if (form_followup_when(t, f->id, f->text, &at) != 0 ||
		    at <= t->now) {
			tui_message(t, "Give a time ahead, like %s.",
			    WHEN_EXAMPLES);
			return 1;
		}
		if (!form_followup_fits(t, f, f->id, at))
			return 1;
		snprintf(q->when, sizeof q->when, "%.63s", f->text);
		if (q->nreasons > 0) {
			form_step(f, QL_REASON, "Why call back (a digit):",
			    NULL);
			reasons_text(q, f->choices, sizeof f->choices);
			return 1;
		}
		break;
	case QL_REASON:
		break;
	case QL_INTEREST:
		if (strlen(f->text) != 1 || f->text[0] < '1' ||
		    f->text[0] > '5') {
			tui_message(t, "Interest is one digit from 1 to 5.");
			return 1;
		}
		q->interest = f->text[0] - '0';
		break;
	}
	return ql_save(t, f);
}

/* Esc in the Converted form: back to the dispositions, nothing logged. */
static int
ql_back(struct tui *t, struct form *f)
{
	struct quicklog *q = f->data;

	if (f->step < DEAL_FORM_STEP)
		return 0;
	q->picked = -1;
	form_step(f, QL_DISPOSITION, "Log the call (Esc cancels):", NULL);
	choices_text(q, f->choices, sizeof f->choices);
	ql_keep(t, f);
	tui_message(t, "No deal, nothing logged: pick the disposition again.");
	return 1;
}

static void
ql_cancel(struct tui *t, struct form *f)
{
	struct err err = { 0 };

	store_draft_clear(t->st, t->who, &err);
	if (t->lead_id != f->id)
		store_lease_release(t->st, t->who, f->id, &err);
	tui_message(t, "Nothing was logged.");
}

/* Puts back what was typed before the session dropped. */
static void
ql_restore(struct tui *t, struct form *f, const struct draft *d)
{
	struct quicklog *q = f->data;
	int i;

	for (i = 0; i < q->nchoices; i++)
		if (strcmp(q->choice[i].name, d->disposition) == 0)
			q->picked = i;
	snprintf(q->note, sizeof q->note, "%s", d->note);
	snprintf(q->when, sizeof q->when, "%s", d->followup);
	q->interest = d->interest;
	if (q->picked >= 0)
		step_note(f);
	tui_message(t, "Your unsaved call log was kept when the session "
	    "ended: finish it, or Esc to drop it.");
}

int
quicklog_open(struct tui *t, int64_t id, const struct draft *draft)
{
	struct quicklog *q = calloc(1, sizeof *q);
	struct form *f = form_new("", NULL);
	struct err err = { 0 };
	struct lease held;

	if (q == NULL || f == NULL) {
		free(q);
		free(f);
		tui_message(t, "out of memory: the log did not open");
		return EX_OSERR;
	}
	/* Logging a call ends it; one still being placed is not logged. */
	if (dialing_end(t, id) < 0) {
		free(q);
		free(f);
		return EX_TEMPFAIL;
	}
	q->picked = -1;
	f->data = q;
	f->id = id;
	f->pick = ql_pick;
	f->submit = ql_submit;
	f->cancel = ql_cancel;
	f->back = ql_back;
	f->preview = ql_preview;
	if (store_lease_take(t->st, tui_actor(t, id), id, &held, &err) != 0 ||
	    store_disposition_list(t->st, choice_take, q, &err) != 0 ||
	    store_followup_reasons(t->st, reason_take, q, &err) != 0) {
		tui_message(t, "%s", err.msg);
		free(q);
		free(f);
		return err.status;
	}
	choices_text(q, f->choices, sizeof f->choices);
	snprintf(f->label, sizeof f->label, "Log the call (Esc cancels):");
	form_open(t, f);
	if (draft != NULL)
		ql_restore(t, f, draft);
	ql_keep(t, f);
	return 0;
}
