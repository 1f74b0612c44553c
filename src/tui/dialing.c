/*
 * The call the rep is on. c opens the call record and sends the dial,
 * whose request the main loop polls beside the keyboard, so the rep
 * goes on working while the provider answers; e (or the log) ends it.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/callrec.h"
#include "callq/clock.h"
#include "callq/dial.h"
#include "callq/lease.h"
#include "form.h"

struct tui_call {
	int64_t         lead_id, call_id;
	int64_t         contact_id;	/* the contact dialed, 0: the lead */
	char            number[48];	/* as the rep reads it */
	char            provider[16];
	char            ref[128];	/* the provider's call id */
	struct dialer  *dialer;		/* the request, until answered */
	time_t          since;		/* asked for, then answered */
	struct timespec t0;		/* for CALLQ_TRACE */
};

static void
call_free(struct tui *t)
{
	if (t->call != NULL)
		dialer_free(t->call->dialer);
	free(t->call);
	t->call = NULL;
}

/* Says why c may not dial now (a call is pending or under way): 1, else 0. */
static int
call_refused(struct tui *t, int64_t lead)
{
	const struct tui_call *c = t->call;

	if (c == NULL)
		return 0;
	if (c->dialer != NULL)
		tui_message(t, "A call to %s is still being placed; wait for "
		    "the answer, or Esc to cancel it.", c->number);
	else if (c->lead_id == lead)
		tui_message(t, "You are on this call: e ends it and logs it.");
	else
		tui_message(t, "You are on a call with lead %lld (%s); e on "
		    "it ends it first.", (long long)c->lead_id, c->number);
	return 1;
}

static int
dial_send(struct tui *t, const struct dial_config *cfg,
    const struct call_target *target)
{
	struct dial_job job = { target->call_id, t->call->lead_id,
	    target->lead_e164, t->who->login, target->rep_phone,
	    target->rep_extension, target->requested_at };
	struct err err = { 0 }, ignored = { 0 };

	if (dialer_start(cfg, &job, &t->call->dialer, &err) == 0)
		return 0;
	/* Nothing was sent; the record keeps why. */
	store_call_answer(t->st, t->who, target->call_id, NULL, 0, err.msg,
	    &ignored);
	tui_message(t, "Not called: %s.", err.msg);
	return -1;
}

/* A contact's number goes through the store's checks of that number. */
void
dialing_start_contact(struct tui *t, int64_t lead, int64_t contact,
    int64_t phone)
{
	struct dial_config cfg;
	struct call_target target;
	struct err err = { 0 };

	if (call_refused(t, lead))
		return;
	/* Read at each dial: a fixed callq.conf needs no restart. */
	if (dial_config_load(&cfg, t->config_path, &err) != 0 ||
	    (contact != 0 ? store_call_open_contact(t->st, tui_actor(t, lead),
	    phone, dial_provider_name(cfg.provider), &target, &err) :
	    store_call_open(t->st, tui_actor(t, lead), lead,
	    dial_provider_name(cfg.provider), &target, &err)) != 0) {
		tui_message(t, "Not called: %s.", err.msg);
		explicit_bzero(&cfg, sizeof cfg);
		return;
	}
	if ((t->call = calloc(1, sizeof *t->call)) != NULL) {
		t->call->lead_id = lead;
		t->call->contact_id = contact;
		t->call->call_id = target.call_id;
		t->call->since = target.requested_at;
		snprintf(t->call->number, sizeof t->call->number, "%s",
		    target.lead_display);
		snprintf(t->call->provider, sizeof t->call->provider, "%s",
		    dial_provider_name(cfg.provider));
		clock_gettime(CLOCK_MONOTONIC, &t->call->t0);
	}
	if (t->call == NULL)
		tui_message(t, "out of memory: call %lld is open, dial by hand",
		    (long long)target.call_id);
	else if (cfg.provider == DIAL_NONE)
		tui_message(t, "Dial %s by hand; e ends the call and logs it.",
		    target.lead_display);
	else if (dial_send(t, &cfg, &target) != 0)
		call_free(t);
	else
		tui_message(t, "Calling %s via %s...", target.lead_display,
		    t->call->provider);
	explicit_bzero(&cfg, sizeof cfg);
	tui_reload(t);
}

void
dialing_start(struct tui *t, int64_t lead)
{
	dialing_start_contact(t, lead, 0, 0);
}

int
dialing_pollfds(struct tui *t, struct pollfd *fds, int max, int *timeout_ms)
{
	*timeout_ms = -1;
	if (t->call == NULL || t->call->dialer == NULL)
		return 0;
	return dialer_pollfds(t->call->dialer, fds, max, timeout_ms);
}

static void
answer_take(struct tui *t, const struct dial_answer *ans)
{
	struct tui_call *c = t->call;
	struct err err = { 0 };

	tui_trace(t, "dial-answer", clock_since(&c->t0));
	if (store_call_answer(t->st, t->who, c->call_id, ans->ok ? ans->ref :
	    NULL, ans->answered, ans->ok ? NULL : ans->error, &err) != 0)
		tui_message(t, "%s", err.msg);
	else if (!ans->ok)
		tui_message(t, "Not called: %s.", ans->error);
	else
		tui_message(t, "%s took the call%s%s: your phone rings, then "
		    "%s. e ends the call and logs it.", c->provider,
		    ans->ref[0] ? " as " : "", ans->ref, c->number);
	if (!ans->ok) {
		call_free(t);
		return;
	}
	snprintf(c->ref, sizeof c->ref, "%s", ans->ref);
	dialer_free(c->dialer);
	c->dialer = NULL;
	c->since = t->now;
}

void
dialing_work(struct tui *t, const struct pollfd *fds, int n)
{
	if (t->call == NULL || t->call->dialer == NULL ||
	    !dialer_work(t->call->dialer, fds, n))
		return;
	answer_take(t, dialer_answer(t->call->dialer));
	tui_reload(t);
}

/* The record says the request was cancelled; the screen is not touched. */
static void
request_cancel(struct tui *t)
{
	struct err err = { 0 };

	store_call_answer(t->st, t->who, t->call->call_id, NULL, 0,
	    "cancelled by the rep before the provider answered", &err);
}

int
dialing_cancel(struct tui *t)
{
	if (t->call == NULL || t->call->dialer == NULL)
		return 0;
	request_cancel(t);
	tui_message(t, "Cancelled the call to %s; the phone may still ring "
	    "if %s had already taken it.", t->call->number,
	    t->call->provider);
	call_free(t);
	tui_reload(t);
	return 1;
}

int
dialing_end(struct tui *t, int64_t lead)
{
	struct err err = { 0 };

	if (t->call == NULL || t->call->lead_id != lead)
		return 0;
	if (t->call->dialer != NULL) {
		tui_message(t, "The call is still being placed; wait for the "
		    "answer, or Esc to cancel it.");
		return -1;
	}
	if (store_call_end(t->st, t->who, t->call->call_id, &err) != 0 &&
	    err.status != EX_NOINPUT)
		tui_message(t, "%s", err.msg);
	call_free(t);
	return 1;
}

void
dialing_tick(struct tui *t)
{
	struct lease held;
	struct err err = { 0 };

	/* A call may outlast lease_minutes; the lead stays the rep's. */
	if (t->call != NULL)
		store_lease_take(t->st, t->who, t->call->lead_id, &held, &err);
}

int
dialing_on(const struct tui *t, int64_t lead)
{
	return t->call != NULL && t->call->lead_id == lead;
}

int64_t
dialing_contact(const struct tui *t, int64_t lead)
{
	return dialing_on(t, lead) ? t->call->contact_id : 0;
}

const char *
dialing_number(const struct tui *t)
{
	return t->call != NULL ? t->call->number : "";
}

int64_t
dialing_lead(const struct tui *t)
{
	return t->call != NULL ? t->call->lead_id : 0;
}

void
dialing_text(const struct tui *t, char *buf, size_t size)
{
	const struct tui_call *c = t->call;
	long s = t->now > c->since ? (long)(t->now - c->since) : 0;

	if (c->dialer != NULL)
		snprintf(buf, size, " Calling %s via %s... (Esc cancels)",
		    c->number, c->provider);
	else if (strcmp(c->provider, "none") == 0)
		snprintf(buf, size, " On a call: dial %s by hand  %ld:%02ld  "
		    "(e ends it and logs)", c->number, s / 60, s % 60);
	else
		snprintf(buf, size, " On a call with %s via %s%s%s  %ld:%02ld  "
		    "(e ends it and logs)", c->number, c->provider, c->ref[0] ?
		    " " : "", c->ref, s / 60, s % 60);
}

/* Quitting: the request is cancelled; a call under way waits for its log. */
void
dialing_close(struct tui *t)
{
	struct err err = { 0 };

	if (t->call != NULL && t->call->dialer != NULL)
		request_cancel(t);
	else if (t->call != NULL)
		store_call_end(t->st, t->who, t->call->call_id, &err);
	call_free(t);
}
