/* What each provider does: build its request, read its reply. */
#ifndef CALLQ_DIAL_PROVIDER_H
#define CALLQ_DIAL_PROVIDER_H

#include "callq/dial.h"

struct provider {
	int  (*build)(const struct dial_config *cfg, const struct dial_job *job,
	    struct dial_request *req, struct err *err);
	void (*answer)(long http_status, const char *body,
	    struct dial_answer *ans);
};

extern const struct provider twilio_provider, ari_provider,
    webhook_provider;

/*
 * Fills {phone}, {extension} and {login} of template from job into out.
 * A placeholder the rep has no value for is refused: the admin must give
 * the rep a phone or an extension first.
 */
int dial_template(const char *template, const struct dial_job *job,
    char *out, size_t size, struct err *err);

/* Appends "&name=value" (no '&' first), value percent-encoded. */
int dial_form_add(char *buf, size_t size, const char *name,
    const char *value);

/* Copies reply text fit to show: printable, one line, cut. */
void dial_reply_text(const char *body, char *out, size_t size);

/* A request that did not fit its buffer. */
int dial_too_long(struct err *err);

#endif
