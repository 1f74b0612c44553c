/*
 * A generic webhook: the PBX receives the dial as JSON, signed the
 * Standard Webhooks way (https://www.standardwebhooks.com) so it can
 * tell callq's requests from anyone else's.
 */
#include <stdio.h>
#include <string.h>

#include "callq/base64.h"
#include "callq/json.h"
#include "callq/sha256.h"
#include "provider.h"

static int
webhook_body(const struct dial_job *job, char *out, size_t size)
{
	char e164[64], login[160], phone[64], at[32];
	struct tm tm;

	gmtime_r(&job->requested_at, &tm);
	strftime(at, sizeof at, "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
	if (json_quote(job->lead_e164, e164, sizeof e164) != 0 ||
	    json_quote(job->rep_login, login, sizeof login) != 0 ||
	    json_quote(job->rep_phone, phone, sizeof phone) != 0)
		return -1;
	return snprintf(out, size, "{\"lead_id\":%lld,\"phone_e164\":%s,"
	    "\"rep_login\":%s,\"rep_phone\":%s,\"requested_at\":%s,"
	    "\"call_id\":%lld}", (long long)job->lead_id, e164, login,
	    job->rep_phone[0] ? phone : "null", at,
	    (long long)job->call_id) < (int)size ? 0 : -1;
}

/* v1: base64 of HMAC-SHA256 over "id.timestamp.body". */
static int
webhook_sign(const struct dial_config *cfg, const char *id, long long ts,
    const char *body, char *out, size_t size)
{
	unsigned char mac[SHA256_LEN];
	char signed_text[4300];
	int n;

	n = snprintf(signed_text, sizeof signed_text, "%s.%lld.%s", id, ts,
	    body);
	if (n < 0 || n >= (int)sizeof signed_text)
		return -1;
	if (hmac_sha256(cfg->webhook.key, cfg->webhook.keylen, signed_text,
	    (size_t)n, mac) != 0 || size < 4)
		return -1;
	memcpy(out, "v1,", 3);
	return base64_encode(mac, sizeof mac, out + 3, size - 3);
}

static int
webhook_build(const struct dial_config *cfg, const struct dial_job *job,
    struct dial_request *req, struct err *err)
{
	char id[64], sig[96];
	long long ts = (long long)job->requested_at;

	snprintf(id, sizeof id, "msg_callq_%lld_%lld",
	    (long long)job->call_id, ts);
	if (webhook_body(job, req->body, sizeof req->body) != 0 ||
	    webhook_sign(cfg, id, ts, req->body, sig, sizeof sig) != 0)
		return dial_too_long(err);
	snprintf(req->url, sizeof req->url, "%s", cfg->webhook.url);
	snprintf(req->content_type, sizeof req->content_type,
	    "application/json");
	snprintf(req->headers[0], sizeof req->headers[0], "webhook-id: %s", id);
	snprintf(req->headers[1], sizeof req->headers[1],
	    "webhook-timestamp: %lld", ts);
	snprintf(req->headers[2], sizeof req->headers[2],
	    "webhook-signature: %s", sig);
	req->nheaders = 3;
	return 0;
}

/* Any 2xx; the PBX may name its call as "call_id" or "id". */
static void
webhook_answer(long http_status, const char *body, struct dial_answer *ans)
{
	char text[200];

	if (http_status >= 200 && http_status < 300) {
		ans->ok = 1;
		if (json_member(body, "call_id", ans->ref, sizeof ans->ref) != 0)
			json_member(body, "id", ans->ref, sizeof ans->ref);
		json_member(body, "status", ans->state, sizeof ans->state);
		ans->answered = strcmp(ans->state, "answered") == 0 ||
		    strcmp(ans->state, "in-progress") == 0;
		return;
	}
	if (json_member(body, "message", text, sizeof text) != 0 &&
	    json_member(body, "error", text, sizeof text) != 0)
		dial_reply_text(body, text, sizeof text);
	snprintf(ans->error, sizeof ans->error, "the dial webhook refused the "
	    "call: %s (HTTP %ld)", text[0] ? text : "no reason given",
	    http_status);
}

const struct provider webhook_provider = { webhook_build, webhook_answer };
