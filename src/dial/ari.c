/*
 * Asterisk ARI: originate a channel to the rep's endpoint; when the rep
 * answers, it goes on in the dialplan context to the lead's number.
 */
#include <stdio.h>
#include <string.h>

#include "callq/json.h"
#include "provider.h"

static int
ari_build(const struct dial_config *cfg, const struct dial_job *job,
    struct dial_request *req, struct err *err)
{
	char endpoint[256], query[1024] = "", timeout[16];
	size_t len;

	if (dial_template(cfg->ari.endpoint, job, endpoint, sizeof endpoint,
	    err) != 0)
		return err->status;
	snprintf(timeout, sizeof timeout, "%ld", cfg->ari.ring_timeout_s);
	if (dial_form_add(query, sizeof query, "endpoint", endpoint) != 0 ||
	    dial_form_add(query, sizeof query, "extension",
	    job->lead_e164) != 0 ||
	    dial_form_add(query, sizeof query, "context",
	    cfg->ari.context) != 0 ||
	    dial_form_add(query, sizeof query, "priority", "1") != 0 ||
	    (cfg->ari.caller_id[0] && dial_form_add(query, sizeof query,
	    "callerId", cfg->ari.caller_id) != 0) ||
	    dial_form_add(query, sizeof query, "timeout", timeout) != 0)
		return dial_too_long(err);
	len = strlen(cfg->ari.url);
	if (snprintf(req->url, sizeof req->url, "%.*s/ari/channels?%s",
	    (int)(len > 0 && cfg->ari.url[len - 1] == '/' ? len - 1 : len),
	    cfg->ari.url, query) >= (int)sizeof req->url)
		return dial_too_long(err);
	snprintf(req->user, sizeof req->user, "%s", cfg->ari.user);
	snprintf(req->password, sizeof req->password, "%s", cfg->ari.password);
	return 0;
}

/* 200 with the channel; else {"message": "..."}. */
static void
ari_answer(long http_status, const char *body, struct dial_answer *ans)
{
	char message[256] = "";

	if (http_status == 200 && json_member(body, "id", ans->ref,
	    sizeof ans->ref) == 0) {
		ans->ok = 1;
		json_member(body, "state", ans->state, sizeof ans->state);
		ans->answered = strcmp(ans->state, "Up") == 0;
		return;
	}
	if (json_member(body, "message", message, sizeof message) != 0)
		dial_reply_text(body, message, sizeof message);
	if (http_status == 401)
		snprintf(ans->error, sizeof ans->error, "Asterisk refused the "
		    "credentials (HTTP 401); ask an admin to check [ari] user "
		    "and password");
	else
		snprintf(ans->error, sizeof ans->error, "Asterisk refused the "
		    "call: %s (HTTP %ld)", message[0] ? message :
		    "no reason given", http_status);
}

const struct provider ari_provider = { ari_build, ari_answer };
