/*
 * Click-to-call: the provider rings the rep's phone and connects the
 * lead. The only module that speaks HTTP (libcurl); it knows nothing of
 * the database, so the caller opens the call record before a dial and
 * completes it with the answer. See callq.conf(5) for the settings.
 */
#ifndef CALLQ_DIAL_H
#define CALLQ_DIAL_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "callq/err.h"
#include "callq/smtp.h"

enum dial_provider { DIAL_NONE, DIAL_TWILIO, DIAL_ARI, DIAL_WEBHOOK };

struct dial_config {
	enum dial_provider provider;
	long connect_timeout_ms;
	long timeout_ms;
	char where[4160];	/* the file that chose the provider, for sentences */
	char trace[4096];	/* libcurl's log, secrets redacted; "" none */
	struct {
		char account_sid[64];
		char auth_token[256];
		char api_key_sid[64];	/* with api_key_secret, instead of */
		char api_key_secret[256];	/* the account's auth_token */
		char caller_id[24];
		char base_url[512];
		char to[256];		/* the rep's address: "{phone}" */
	} twilio;
	struct {
		char url[512];
		char user[128];
		char password[256];
		char endpoint[256];	/* "PJSIP/{extension}" */
		char context[128];
		char caller_id[24];
		long ring_timeout_s;
	} ari;
	struct {
		char url[512];
		unsigned char key[256];	/* the secret, decoded */
		size_t keylen;
	} webhook;
	struct mail_config mail;	/* [mail]: the daily digest's */
};

/*
 * Reads the settings: path when given, else CALLQ_CONFIG, else the
 * system file and then the user's own (a key in the second wins). No
 * file at all means provider none. A bad or missing setting, or a file
 * with a secret that every user may read, is refused with a sentence
 * naming the file, line and key.
 */
int dial_config_load(struct dial_config *cfg, const char *path,
    struct err *err);

/* "twilio", "ari", "webhook", "none" */
const char *dial_provider_name(enum dial_provider p);

/* One dial: who calls whom. */
struct dial_job {
	int64_t     call_id;	/* the call record opened for it */
	int64_t     lead_id;
	const char *lead_e164;
	const char *rep_login;
	const char *rep_phone;	/* E.164, or "" */
	const char *rep_extension;	/* or "" */
	time_t      requested_at;
};

/* An HTTP request, built before anything is sent. */
struct dial_request {
	char url[2048];
	char content_type[48];	/* "" when there is no body */
	char body[4096];
	char user[128];		/* Basic auth when not "" */
	char password[256];
	char headers[4][160];	/* further "Name: value" lines */
	int  nheaders;
};

/* What came back, in words the rep can act on. */
struct dial_answer {
	int  ok;
	long http_status;	/* 0: no reply */
	char ref[128];		/* the provider's call id */
	char state[32];		/* the provider's word for it, or "" */
	int  answered;		/* the rep picked up already, it says */
	char error[400];	/* a sentence when !ok */
};

/* The request the provider takes for job. */
int dial_request_build(const struct dial_config *cfg,
    const struct dial_job *job, struct dial_request *req, struct err *err);

/* Reads the provider's reply (status and body) into *ans. */
void dial_answer_read(enum dial_provider p, long http_status,
    const char *body, struct dial_answer *ans);

/*
 * A dial in flight, driven by the caller's poll loop so that nothing
 * waits on the network.
 */
struct dialer;

/* Starts job's request; *out is the caller's to dialer_free. */
int dialer_start(const struct dial_config *cfg, const struct dial_job *job,
    struct dialer **out, struct err *err);

/*
 * The descriptors the dial waits on, at most max, and in *timeout_ms how
 * long poll may wait for it (-1: no limit). Returns how many.
 */
int dialer_pollfds(struct dialer *d, struct pollfd *fds, int max,
    int *timeout_ms);

/*
 * Moves the dial on after poll returned (fds as dialer_pollfds filled
 * them, with their revents). Returns 1 once the answer is in.
 */
int dialer_work(struct dialer *d, const struct pollfd *fds, int n);

/* The answer, once dialer_work returned 1. */
const struct dial_answer *dialer_answer(const struct dialer *d);

/* Ends d, cancelling the request if it is still in flight. */
void dialer_free(struct dialer *d);

/* Dials job and waits for the answer (for scripts), within the timeouts. */
int dial_run(const struct dial_config *cfg, const struct dial_job *job,
    struct dial_answer *ans, struct err *err);

#endif
