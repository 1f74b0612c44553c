#include <stdio.h>
#include <string.h>

#include "callq/text.h"
#include "provider.h"

static const struct provider *
provider_of(enum dial_provider p)
{
	switch (p) {
	case DIAL_TWILIO: return &twilio_provider;
	case DIAL_ARI: return &ari_provider;
	case DIAL_WEBHOOK: return &webhook_provider;
	default: return NULL;
	}
}

int
dial_request_build(const struct dial_config *cfg, const struct dial_job *job,
    struct dial_request *req, struct err *err)
{
	const struct provider *p = provider_of(cfg->provider);

	memset(req, 0, sizeof *req);
	if (p == NULL)
		return err_set(err, EX_CONFIG, "no provider is set up: dial by "
		    "hand, or set [dial] provider in callq.conf");
	return p->build(cfg, job, req, err);
}

void
dial_answer_read(enum dial_provider which, long http_status,
    const char *body, struct dial_answer *ans)
{
	const struct provider *p = provider_of(which);

	memset(ans, 0, sizeof *ans);
	ans->http_status = http_status;
	if (p != NULL)
		p->answer(http_status, body, ans);
	/* A reply's JSON can spell any control (\u001b); it reaches screens. */
	text_mask(ans->ref, strlen(ans->ref), ans->ref, sizeof ans->ref);
	text_mask(ans->state, strlen(ans->state), ans->state,
	    sizeof ans->state);
	text_mask(ans->error, strlen(ans->error), ans->error,
	    sizeof ans->error);
}

/* The value a placeholder stands for, with its name and how to set it. */
static const char *
job_value(const struct dial_job *job, const char *name, const char **what,
    const char **fix)
{
	if (strncmp(name, "{phone}", 7) == 0) {
		*what = "phone number";
		*fix = "--phone +1...";
		return job->rep_phone;
	}
	if (strncmp(name, "{extension}", 11) == 0) {
		*what = "extension";
		*fix = "--extension 101";
		return job->rep_extension;
	}
	*what = "login";
	*fix = "";
	return job->rep_login;
}

int
dial_template(const char *template, const struct dial_job *job, char *out,
    size_t size, struct err *err)
{
	const char *p, *value, *what, *fix;
	size_t o = 0, n;

	for (p = template; *p != '\0';) {
		if (*p != '{' || strchr(p, '}') == NULL) {
			value = p;
			n = 1;
		} else {
			value = job_value(job, p, &what, &fix);
			if (value == NULL || *value == '\0')
				return err_set(err, EX_CONFIG, "you have no %s "
				    "in callq, and the dial needs one; ask an "
				    "admin to run: callq user edit %s %s", what,
				    job->rep_login, fix);
			n = strlen(value);
		}
		if (o + n >= size)
			return dial_too_long(err);
		memcpy(out + o, value, n);
		o += n;
		p = value == p ? p + 1 : strchr(p, '}') + 1;
	}
	out[o] = '\0';
	return 0;
}

int
dial_form_add(char *buf, size_t size, const char *name, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = strlen(buf);
	const unsigned char *v;
	int n;

	n = snprintf(buf + o, size - o, "%s%s=", o ? "&" : "", name);
	if (n < 0 || (size_t)n >= size - o)
		return -1;
	o += (size_t)n;
	for (v = (const unsigned char *)value; *v != '\0'; v++) {
		if (o + 4 > size)
			return -1;
		if ((*v >= 'A' && *v <= 'Z') || (*v >= 'a' && *v <= 'z') ||
		    (*v >= '0' && *v <= '9') || strchr("-._~", *v) != NULL)
			buf[o++] = (char)*v;
		else {
			buf[o++] = '%';
			buf[o++] = hex[*v >> 4];
			buf[o++] = hex[*v & 15];
		}
	}
	buf[o] = '\0';
	return 0;
}

void
dial_reply_text(const char *body, char *out, size_t size)
{
	char line[512];
	size_t i;

	/* One line, and never more than a sentence's worth. */
	for (i = 0; body != NULL && body[i] != '\0' && i + 1 < sizeof line;
	    i++)
		line[i] = (unsigned char)body[i] < 0x20 ||
		    (unsigned char)body[i] == 0x7f ? ' ' : body[i];
	line[i] = '\0';
	text_fit(line, 160, 0, out, size);
}

int
dial_too_long(struct err *err)
{
	return err_set(err, EX_SOFTWARE, "the dial request grew too long; "
	    "shorten the settings in callq.conf");
}
