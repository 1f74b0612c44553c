/*
 * Click-to-call without a network: the signing and encoding it rests on,
 * callq.conf's checks, each provider's request and reply, and the call
 * record's rules (nothing is opened for a lead that may not be called,
 * and the log completes the dial's own row).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/base64.h"
#include "callq/call.h"
#include "callq/callrec.h"
#include "callq/conf.h"
#include "callq/dial.h"
#include "callq/dnc.h"
#include "callq/json.h"
#include "callq/lease.h"
#include "callq/sha256.h"
#include "callq/user.h"
#include "fixture.h"

static void
test_hmac_and_base64_match_the_standards(void **state)
{
	unsigned char mac[SHA256_LEN], key[64];
	char text[128], hex[65];
	long n;
	int i;

	(void)state;
	/* RFC 4231, test case 2. */
	assert_int_equal(hmac_sha256("Jefe", 4, "what do ya want for nothing?",
	    28, mac), 0);
	for (i = 0; i < SHA256_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
	/* RFC 4648's vectors, both ways. */
	assert_int_equal(base64_encode("foob", 4, text, sizeof text), 0);
	assert_string_equal(text, "Zm9vYg==");
	assert_int_equal(base64_encode("fooba", 5, text, sizeof text), 0);
	assert_string_equal(text, "Zm9vYmE=");
	n = base64_decode("Zm9vYmFy", key, sizeof key);
	assert_int_equal(n, 6);
	assert_memory_equal(key, "foobar", 6);
	assert_int_equal(base64_decode("Zm9v!mFy", key, sizeof key), -1);
	/* Padding is optional; blanks, a lone sextet and short room are not. */
	assert_int_equal(base64_decode("Zm9vYg", key, sizeof key), 4);
	assert_memory_equal(key, "foob", 4);
	assert_int_equal(base64_decode("Zm9vYmE=", key, sizeof key), 5);
	assert_memory_equal(key, "fooba", 5);
	assert_int_equal(base64_decode("Zm9v YmFy", key, sizeof key), -1);
	assert_int_equal(base64_decode("Zm9vY", key, sizeof key), -1);
	assert_int_equal(base64_decode("Zm=vYmFy", key, sizeof key), -1);
	assert_int_equal(base64_decode("Zm9vYmFy", key, 5), -1);
	assert_int_equal(base64_encode("foobar", 6, text, 8), -1);
	/* Standard Webhooks' published example signature. */
	n = base64_decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", key, sizeof key);
	assert_true(n > 0);
	snprintf(text, sizeof text, "msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330."
	    "{\"test\": 2432232314}");
	assert_int_equal(hmac_sha256(key, (size_t)n, text, strlen(text), mac),
	    0);
	assert_int_equal(base64_encode(mac, sizeof mac, text, sizeof text), 0);
	assert_string_equal(text, "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

static void
test_json_member_reads_a_reply(void **state)
{
	const char *doc = "{\"nested\": {\"sid\": \"wrong\"}, \"list\": [1, "
	    "{\"a\": \"]\"}], \"sid\": \"CA\\u00e9\\\"x\", \"code\": 20003, "
	    "\"ok\": true}";
	char out[64];

	(void)state;
	assert_int_equal(json_member(doc, "sid", out, sizeof out), 0);
	assert_string_equal(out, "CA\xc3\xa9\"x");
	assert_int_equal(json_member(doc, "code", out, sizeof out), 0);
	assert_string_equal(out, "20003");
	assert_int_equal(json_member(doc, "ok", out, sizeof out), 0);
	assert_string_equal(out, "true");
	assert_int_equal(json_member(doc, "nested", out, sizeof out), -1);
	assert_int_equal(json_member(doc, "missing", out, sizeof out), -1);
	assert_int_equal(json_member("[\"sid\"]", "sid", out, sizeof out), -1);
	assert_int_equal(json_member("{\"sid\": \"unterminated", "sid", out,
	    sizeof out), -1);
	assert_int_equal(json_member("{\"sid\": \"CA1\"", "sid", out,
	    sizeof out), 0);
	assert_int_equal(json_member(doc, "sid", out, 3), -1);
}

/*
 * A character past U+FFFF comes as a surrogate pair and is read as that
 * character; a lone half is U+FFFD. A value holding \u0000 cannot be a
 * C string whole, so it is refused, and the members around it still read.
 */
static void
test_json_member_decodes_pairs_and_refuses_nul(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(json_member("{\"m\": \"ok \\ud83d\\ude00!\"}", "m",
	    out, sizeof out), 0);
	assert_string_equal(out, "ok \xf0\x9f\x98\x80!");
	assert_int_equal(json_member("{\"m\": \"\\uD834\\uDD1E\"}", "m", out,
	    sizeof out), 0);
	assert_string_equal(out, "\xf0\x9d\x84\x9e");
	assert_int_equal(json_member("{\"m\": \"\\ud83d x \\ude00\"}", "m",
	    out, sizeof out), 0);
	assert_string_equal(out, "\xef\xbf\xbd x \xef\xbf\xbd");
	assert_int_equal(json_member("{\"m\": \"\\ud83d\\u0041\"}", "m", out,
	    sizeof out), 0);
	assert_string_equal(out, "\xef\xbf\xbd" "A");
	/* The pair needs its four bytes of room, not three. */
	assert_int_equal(json_member("{\"m\": \"\\ud83d\\ude00\"}", "m", out,
	    4), -1);
	assert_int_equal(json_member("{\"sid\": \"CA1\\u0000CA2\", \"code\": "
	    "7}", "sid", out, sizeof out), -1);
	assert_int_equal(json_member("{\"sid\": \"CA1\\u0000CA2\", \"code\": "
	    "7}", "code", out, sizeof out), 0);
	assert_string_equal(out, "7");
}

/* Writes text to a file of mode in a fresh directory; returns its path. */
static const char *
conf_file(const char *text, mode_t mode)
{
	static char path[64];
	static int n;
	FILE *f;

	snprintf(path, sizeof path, "/tmp/callq-conf-%d-%d", (int)getpid(),
	    n++);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

/*
 * Whether s is in the len bytes at p, which were freed: ASan keeps freed
 * memory aside unchanged (save its first bytes), so what a free handed
 * back can be read here, past the sanitizer's check.
 */
__attribute__((no_sanitize("address")))
static int
freed_holds(const unsigned char *p, size_t len, const char *s)
{
	size_t i, j, n = strlen(s);

	for (i = 0; i + n <= len; i++) {
		for (j = 0; j < n && p[i + j] == (unsigned char)s[j]; j++)
			;
		if (j == n)
			return 1;
	}
	return 0;
}

/* Growing past its first 16 settings, callq.conf wipes the old copies. */
static void
test_conf_wipes_secrets_as_it_grows(void **state)
{
	char text[1024], path[64];
	struct conf c = { 0 };
	struct err err = { 0 };
	const unsigned char *old;
	size_t size;
	int i, o;

	(void)state;
	o = snprintf(text, sizeof text, "[twilio]\nauth_token = "
	    "SECRET-7f3a9c\n");
	for (i = 1; i < 16; i++)
		o += snprintf(text + o, sizeof text - (size_t)o, "k%d = v\n", i);
	snprintf(path, sizeof path, "%s", conf_file(text, 0600));
	assert_int_equal(conf_read(&c, path, 0, &err), 0);
	assert_int_equal(c.n, 16);
	old = (const unsigned char *)c.entries;
	size = c.cap * sizeof *c.entries;
	assert_int_equal(conf_read(&c, conf_file("[dial]\nprovider = none\n",
	    0600), 0, &err), 0);
	assert_ptr_not_equal(c.entries, old);
	assert_false(freed_holds(old, size, "SECRET-7f3a9c"));
	assert_string_equal(conf_get(&c, "twilio", "auth_token")->value,
	    "SECRET-7f3a9c");
	/* A file refused at a bad line keeps none of its values, wiped. */
	assert_int_not_equal(conf_read(&c, conf_file("[ari]\npassword = "
	    "SECRET-b41e07\nno equals sign\n", 0600), 0, &err), 0);
	assert_int_equal(c.n, 17);
	assert_false(freed_holds((const unsigned char *)c.entries,
	    c.cap * sizeof *c.entries, "SECRET-b41e07"));
	conf_free(&c);
	unlink(path);
}

static const char twilio_conf[] =
    "# the floor's provider\n"
    "[dial]\n"
    "provider = twilio            # none | twilio | ari | webhook\n"
    "timeout_ms = 5000\n"
    "[twilio]\n"
    "account_sid = ACtest\n"
    "auth_token = \"tok#en\"\n"
    "caller_id = +14155550100\n"
    "base_url = http://127.0.0.1:9\n";

static void
test_config_reads_keys_and_defaults(void **state)
{
	const char *path = conf_file(twilio_conf, 0640);
	struct dial_config cfg;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(dial_config_load(&cfg, path, &err), 0);
	assert_int_equal(cfg.provider, DIAL_TWILIO);
	assert_int_equal(cfg.timeout_ms, 5000);
	assert_int_equal(cfg.connect_timeout_ms, 3000);
	assert_string_equal(cfg.twilio.account_sid, "ACtest");
	/* Quoted, a '#' is part of the value. */
	assert_string_equal(cfg.twilio.auth_token, "tok#en");
	assert_string_equal(cfg.twilio.to, "{phone}");
	unlink(path);
}

/* Loads text (mode 0600) and returns the sentence of its refusal. */
static const char *
config_refusal(const char *text, mode_t mode, char *where, size_t size)
{
	static struct err err;
	const char *path = conf_file(text, mode);
	struct dial_config cfg;

	memset(&err, 0, sizeof err);
	assert_int_equal(dial_config_load(&cfg, path, &err), EX_CONFIG);
	snprintf(where, size, "%s", path);
	unlink(path);
	return err.msg;
}

static void
test_config_refusals_name_file_line_and_key(void **state)
{
	char path[64], want[256];
	const char *msg;

	(void)state;
	msg = config_refusal("[dial]\nprovider = twilio\n[twilio]\n"
	    "acount_sid = AC1\n", 0600, path, sizeof path);
	snprintf(want, sizeof want, "%s:4: unknown key 'acount_sid' in "
	    "[twilio]; see callq.conf(5)", path);
	assert_string_equal(msg, want);
	msg = config_refusal("[dial]\nprovider = twilio\n[twilio]\n"
	    "account_sid = AC1\ncaller_id = +14155550100\n", 0600, path,
	    sizeof path);
	snprintf(want, sizeof want, "%s:2: provider twilio needs [twilio] "
	    "auth_token; see callq.conf(5)", path);
	assert_string_equal(msg, want);
	msg = config_refusal("[dial]\nprovider = sip\n", 0600, path,
	    sizeof path);
	snprintf(want, sizeof want, "%s:2: [dial] provider 'sip' is not one "
	    "of none, twilio, ari, webhook; see callq.conf(5)", path);
	assert_string_equal(msg, want);
	msg = config_refusal("[ari]\nurl = http://pbx.example:8088\n", 0600,
	    path, sizeof path);
	assert_non_null(strstr(msg, ":2: [ari] url is plain HTTP to another "
	    "machine; use https://"));
	msg = config_refusal("[dial]\ntimeout_ms = soon\n", 0600, path,
	    sizeof path);
	assert_non_null(strstr(msg, ":2: [dial] timeout_ms must be a whole "
	    "number from 100 to 600000"));
	msg = config_refusal("provider = none\n", 0600, path, sizeof path);
	assert_non_null(strstr(msg, ":1: a key must come after a [section]"));
	/* Every user could read the token: refused, with the fix. */
	msg = config_refusal(twilio_conf, 0644, path, sizeof path);
	snprintf(want, sizeof want, "%s holds a secret ([twilio] auth_token) "
	    "and every user can read it; run: chmod o-rwx %s", path, path);
	assert_string_equal(msg, want);
}

/* An address holding credentials is refused and never repeated. */
static void
test_config_refuses_credentials_in_addresses(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "[webhook]\nurl = https://u:Pw0rd@pbx.example/dial\n",
		  ":2: [webhook] url holds a user name or password; give "
		  "credentials in [webhook] secret (or a *_file key), never in "
		  "an address; see callq.conf(5)" },
		{ "[ari]\nurl = http://Pw0rd@127.0.0.1:8088\n",
		  ":2: [ari] url holds a user name or password; give "
		  "credentials in [ari] user and password" },
		{ "[twilio]\nbase_url = ftp://ac:Pw0rd@api.example\n",
		  ":2: [twilio] base_url holds a user name or password; give "
		  "credentials in [twilio] auth_token" },
		{ "[webhook]\nurl = pbx.example/Pw0rd\n",
		  ":2: [webhook] url is not an https:// address" },
	};
	char path[64];
	const char *msg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		msg = config_refusal(cases[i].text, 0600, path, sizeof path);
		assert_non_null(strstr(msg, cases[i].want));
		assert_null(strstr(msg, "Pw0rd"));
	}
}

static void
test_config_secret_from_a_file(void **state)
{
	const char *secret = conf_file("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
	    0600);
	char spath[64], text[256], where[64];
	struct dial_config cfg;
	struct err err = { 0 };
	const char *path, *msg;

	(void)state;
	snprintf(spath, sizeof spath, "%s", secret);
	snprintf(text, sizeof text, "[dial]\nprovider = webhook\n[webhook]\n"
	    "url = https://pbx.example/dial\nsecret_file = %s\n", spath);
	/* The file naming the secret may be world-readable; it holds none. */
	path = conf_file(text, 0644);
	assert_int_equal(dial_config_load(&cfg, path, &err), 0);
	assert_int_equal(cfg.webhook.keylen, 24);
	unlink(path);
	chmod(spath, 0604);
	msg = config_refusal(text, 0644, where, sizeof where);
	assert_non_null(strstr(msg, "every user can read it; run: chmod "
	    "o-rwx"));
	assert_non_null(strstr(msg, spath));
	unlink(spath);
}

static const struct dial_job job = { 12, 5, "+12127360101", "rep1",
    "+14155550151", "201", 1795449600 };

static void
test_twilio_request_and_replies(void **state)
{
	const char *path = conf_file(twilio_conf, 0600);
	struct dial_config cfg;
	struct dial_request req;
	struct dial_answer ans;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(dial_config_load(&cfg, path, &err), 0);
	assert_int_equal(dial_request_build(&cfg, &job, &req, &err), 0);
	assert_string_equal(req.url, "http://127.0.0.1:9/2010-04-01/Accounts/"
	    "ACtest/Calls.json");
	assert_string_equal(req.content_type,
	    "application/x-www-form-urlencoded");
	assert_string_equal(req.body, "To=%2B14155550151&From=%2B14155550100"
	    "&Twiml=%3CResponse%3E%3CDial%20callerId%3D%22%2B14155550100%22%3E"
	    "%3CNumber%3E%2B12127360101%3C%2FNumber%3E%3C%2FDial%3E"
	    "%3C%2FResponse%3E");
	assert_string_equal(req.user, "ACtest");
	assert_string_equal(req.password, "tok#en");
	dial_answer_read(DIAL_TWILIO, 201, "{\"sid\": \"CA42\", \"status\": "
	    "\"queued\"}", &ans);
	assert_true(ans.ok);
	assert_string_equal(ans.ref, "CA42");
	assert_string_equal(ans.state, "queued");
	dial_answer_read(DIAL_TWILIO, 401, "{\"code\": 20003, \"message\": "
	    "\"Authenticate\", \"status\": 401}", &ans);
	assert_false(ans.ok);
	assert_string_equal(ans.error, "twilio refused the credentials "
	    "(Authenticate, error 20003); ask an admin to check [twilio] "
	    "account_sid and auth_token");
	dial_answer_read(DIAL_TWILIO, 400, "{\"code\": 21211, \"message\": "
	    "\"Invalid 'To' Phone Number\"}", &ans);
	assert_string_equal(ans.error, "twilio refused the call: Invalid 'To' "
	    "Phone Number (error 21211, HTTP 400)");
	/* A rep with no phone: nothing to send. */
	{
		struct dial_job nophone = job;

		nophone.rep_phone = "";
		assert_int_equal(dial_request_build(&cfg, &nophone, &req,
		    &err), EX_CONFIG);
		assert_string_equal(err.msg, "you have no phone number in "
		    "callq, and the dial needs one; ask an admin to run: "
		    "callq user edit rep1 --phone +1...");
	}
	unlink(path);
}

static void
test_ari_request_and_replies(void **state)
{
	const char *path = conf_file("[dial]\nprovider = ari\n[ari]\n"
	    "url = http://localhost:8088/\nuser = callq\npassword = pw\n"
	    "context = from-callq\ncaller_id = +14155550100\n", 0600);
	struct dial_config cfg;
	struct dial_request req;
	struct dial_answer ans;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(dial_config_load(&cfg, path, &err), 0);
	assert_int_equal(dial_request_build(&cfg, &job, &req, &err), 0);
	assert_string_equal(req.url, "http://localhost:8088/ari/channels?"
	    "endpoint=PJSIP%2F201&extension=%2B12127360101&context=from-callq"
	    "&priority=1&callerId=%2B14155550100&timeout=30");
	assert_string_equal(req.body, "");
	assert_string_equal(req.user, "callq");
	assert_string_equal(req.password, "pw");
	dial_answer_read(DIAL_ARI, 200, "{\"id\": \"1733.42\", \"state\": "
	    "\"Down\"}", &ans);
	assert_true(ans.ok);
	assert_string_equal(ans.ref, "1733.42");
	assert_false(ans.answered);
	/* A channel already up means the rep picked up. */
	dial_answer_read(DIAL_ARI, 200, "{\"id\": \"1733.43\", \"state\": "
	    "\"Up\"}", &ans);
	assert_true(ans.answered);
	dial_answer_read(DIAL_ARI, 400, "{\"message\": \"Endpoint not "
	    "found\"}", &ans);
	assert_string_equal(ans.error, "Asterisk refused the call: Endpoint "
	    "not found (HTTP 400)");
	unlink(path);
}

static void
test_webhook_request_is_signed(void **state)
{
	const char *path = conf_file("[dial]\nprovider = webhook\n[webhook]\n"
	    "url = https://pbx.example/dial\n"
	    "secret = whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", 0600);
	unsigned char mac[SHA256_LEN];
	char signed_text[4200], b64[64], want[96];
	struct dial_config cfg;
	struct dial_request req;
	struct dial_answer ans;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(dial_config_load(&cfg, path, &err), 0);
	assert_int_equal(dial_request_build(&cfg, &job, &req, &err), 0);
	assert_string_equal(req.content_type, "application/json");
	assert_string_equal(req.body, "{\"lead_id\":5,\"phone_e164\":"
	    "\"+12127360101\",\"rep_login\":\"rep1\",\"rep_phone\":"
	    "\"+14155550151\",\"requested_at\":\"2026-11-23T16:00:00Z\","
	    "\"call_id\":12}");
	assert_int_equal(req.nheaders, 3);
	assert_string_equal(req.headers[0], "webhook-id: msg_callq_12_"
	    "1795449600");
	assert_string_equal(req.headers[1], "webhook-timestamp: 1795449600");
	snprintf(signed_text, sizeof signed_text, "msg_callq_12_1795449600."
	    "1795449600.%s", req.body);
	hmac_sha256(cfg.webhook.key, cfg.webhook.keylen, signed_text,
	    strlen(signed_text), mac);
	base64_encode(mac, sizeof mac, b64, sizeof b64);
	snprintf(want, sizeof want, "webhook-signature: v1,%s", b64);
	assert_string_equal(req.headers[2], want);
	dial_answer_read(DIAL_WEBHOOK, 202, "{\"call_id\": \"pbx-1\"}", &ans);
	assert_true(ans.ok);
	assert_string_equal(ans.ref, "pbx-1");
	dial_answer_read(DIAL_WEBHOOK, 500, "upstream\nexploded", &ans);
	assert_string_equal(ans.error, "the dial webhook refused the call: "
	    "upstream exploded (HTTP 500)");
	unlink(path);
}

struct floor {
	struct actor rep, other;
	int64_t uk, us, blocked;
};

static struct floor
floor_make(struct fixture *f)
{
	static const char *const dnc[] = { "+442031234599" };
	struct floor fl;
	struct err err = { 0 };
	size_t added;

	fixture_region(f, "UK", "GB");
	fixture_region(f, "East", "US");
	fl.rep = fixture_user(f, "rep1", ROLE_REP, "A", NULL);
	fl.other = fixture_user(f, "rep2", ROLE_REP, "A", NULL);
	assert_int_equal(store_user_contact(f->st, &f->admin, "rep1",
	    "+1 415 555 0151", "201", &err), 0);
	/* Sunday 10:00 UTC: 10:00 in London, 05:00 in New York. */
	fl.uk = fixture_lead(f, &f->admin, &err, "name=Tea Rooms",
	    "phone=+442031234567", "region=UK", NULL);
	fl.us = fixture_lead(f, &f->admin, &err, "name=Deli",
	    "phone=+12127360101", "region=East", NULL);
	fl.blocked = fixture_lead(f, &f->admin, &err, "name=Blocked",
	    "phone=+442031234599", "region=UK", NULL);
	assert_int_equal(store_dnc_add(f->st, &f->admin, dnc, 1, NULL,
	    &added, &err), 0);
	return fl;
}

static void
test_call_open_refuses_leads_not_to_call(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct call_target t;
	struct lease held;
	struct err err = { 0 };

	assert_int_equal(store_call_open(f->st, &fl.rep, fl.blocked, "twilio",
	    &t, &err), EX_DATAERR);
	assert_non_null(strstr(err.msg, "is on the do-not-call list"));
	assert_int_equal(store_call_open(f->st, &fl.rep, fl.us, "twilio", &t,
	    &err), EX_TEMPFAIL);
	assert_non_null(strstr(err.msg, "is outside its calling hours; it may "
	    "be called from"));
	assert_int_equal(store_lease_take(f->st, &fl.other, fl.uk, &held,
	    &err), 0);
	assert_int_equal(store_call_open(f->st, &fl.rep, fl.uk, "twilio", &t,
	    &err), EX_TEMPFAIL);
	assert_non_null(strstr(err.msg, "rep2 is working lead"));
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit WHERE "
	    "action LIKE 'dial%'"), 0);
}

static void
test_log_completes_the_dial(void **state)
{
	struct fixture *f = *state;
	struct floor fl = floor_make(f);
	struct call_log log = { .lead_id = fl.uk, .disposition = "1" };
	struct call_result res;
	struct call_target t, t2;
	struct err err = { 0 };

	assert_int_equal(store_call_open(f->st, &fl.rep, fl.uk, "twilio", &t,
	    &err), 0);
	assert_string_equal(t.lead_e164, "+442031234567");
	assert_string_equal(t.rep_phone, "+14155550151");
	assert_string_equal(t.rep_extension, "201");
	assert_int_equal(store_call_answer(f->st, &fl.rep, t.call_id, "CA42",
	    0, NULL, &err), 0);
	/* Another rep cannot touch it; an answer comes once. */
	assert_int_equal(store_call_answer(f->st, &fl.other, t.call_id, "x", 0,
	    NULL, &err), EX_NOINPUT);
	assert_int_equal(store_call_answer(f->st, &fl.rep, t.call_id, "CA43",
	    0, NULL, &err), EX_NOINPUT);
	assert_int_equal(store_call_end(f->st, &fl.rep, t.call_id, &err), 0);
	assert_int_equal(store_call_log(f->st, &fl.rep, &log, &res, &err), 0);
	assert_int_equal(res.call_id, t.call_id);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls WHERE "
	    "state = 'logged' AND provider = 'twilio' AND provider_ref = 'CA42'"
	    " AND disposition_id IS NOT NULL AND requested_at IS NOT NULL"),
	    1);
	/* A failed dial stays failed; the next log is a call of its own. */
	assert_int_equal(store_call_open(f->st, &fl.rep, fl.uk, "twilio", &t2,
	    &err), 0);
	assert_int_equal(store_call_answer(f->st, &fl.rep, t2.call_id, NULL, 0,
	    "twilio refused the call", &err), 0);
	assert_int_equal(store_call_log(f->st, &fl.rep, &log, &res, &err), 0);
	assert_true(res.call_id != t2.call_id);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM calls WHERE "
	    "state = 'failed' AND error = 'twilio refused the call'"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_and_base64_match_the_standards),
		cmocka_unit_test(test_json_member_reads_a_reply),
		cmocka_unit_test(test_json_member_decodes_pairs_and_refuses_nul),
		cmocka_unit_test(test_conf_wipes_secrets_as_it_grows),
		cmocka_unit_test(test_config_reads_keys_and_defaults),
		cmocka_unit_test(test_config_refusals_name_file_line_and_key),
		cmocka_unit_test(test_config_refuses_credentials_in_addresses),
		cmocka_unit_test(test_config_secret_from_a_file),
		cmocka_unit_test(test_twilio_request_and_replies),
		cmocka_unit_test(test_ari_request_and_replies),
		cmocka_unit_test(test_webhook_request_is_signed),
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, \
	fixture_teardown)
		T(test_call_open_refuses_leads_not_to_call),
		T(test_log_completes_the_dial),
#undef T
	};

	return cmocka_run_group_tests_name("dial", tests, NULL, NULL);
}
