/*
 * Twilio's Calls API: Twilio rings the rep first (To), and the TwiML it
 * runs when the rep answers dials the lead with the floor's caller ID.
 */
#include <stdio.h>
#include <string.h>

#include "callq/json.h"
#include "provider.h"

static int
twilio_build(const struct dial_config *cfg, const struct dial_job *job,
    struct dial_request *req, struct err *err)
{
	char to[256], twiml[512];

	if (dial_template(cfg->twilio.to, job, to, sizeof to, err) != 0)
		return err->status;
	/* E.164 numbers and caller IDs hold no XML metacharacters. */
	snprintf(twiml, sizeof twiml, "<Response><Dial callerId=\"%s\">"
	    "<Number>%s</Number></Dial></Response>", cfg->twilio.caller_id,
	    job->lead_e164);
	if (snprintf(req->url, sizeof req->url, "%s/2010-04-01/Accounts/%s/"
	    "Calls.json", cfg->twilio.base_url, cfg->twilio.account_sid) >=
	    (int)sizeof req->url ||
	    dial_form_add(req->body, sizeof req->body, "To", to) != 0 ||
	    dial_form_add(req->body, sizeof req->body, "From",
	    cfg->twilio.caller_id) != 0 ||
	    dial_form_add(req->body, sizeof req->body, "Twiml", twiml) != 0)
		return dial_too_long(err);
	snprintf(req->content_type, sizeof req->content_type,
	    "application/x-www-form-urlencoded");
	if (cfg->twilio.api_key_sid[0] != '\0') {
		snprintf(req->user, sizeof req->user, "%s",
		    cfg->twilio.api_key_sid);
		snprintf(req->password, sizeof req->password, "%s",
		    cfg->twilio.api_key_secret);
	} else {
		snprintf(req->user, sizeof req->user, "%s",
		    cfg->twilio.account_sid);
		snprintf(req->password, sizeof req->password, "%s",
		    cfg->twilio.auth_token);
	}
	return 0;
}

/* 201 with the call's sid; else {"code": 20003, "message": "..."}. */
static void
twilio_answer(long http_status, const char *body, struct dial_answer *ans)
{
	char code[32] = "", message[256] = "";

	if (http_status == 201 && json_member(body, "sid", ans->ref,
	    sizeof ans->ref) == 0) {
		ans->ok = 1;
		json_member(body, "status", ans->state, sizeof ans->state);
		ans->answered = strcmp(ans->state, "in-progress") == 0;
		return;
	}
	json_member(body, "code", code, sizeof code);
	if (json_member(body, "message", message, sizeof message) != 0)
		dial_reply_text(body, message, sizeof message);
	if (http_status == 401)
		snprintf(ans->error, sizeof ans->error, "twilio refused the "
		    "credentials (%s%s%s); ask an admin to check [twilio] "
		    "account_sid and auth_token", message[0] ? message :
		    "HTTP 401", code[0] ? ", error " : "", code);
	else
		snprintf(ans->error, sizeof ans->error, "twilio refused the "
		    "call: %s (%s%s%sHTTP %ld)", message[0] ? message :
		    "no reason given", code[0] ? "error " : "", code,
		    code[0] ? ", " : "", http_status);
}

const struct provider twilio_provider = { twilio_build, twilio_answer };
