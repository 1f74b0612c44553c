/*
 * The one request of a dial, on libcurl's multi interface driven by the
 * caller's poll(): libcurl says which sockets it waits on and for how
 * long (the socket and timer callbacks), the caller polls them with its
 * own descriptors, and hands back what became ready.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "callq/clock.h"
#include "callq/priv.h"
#include "curlib.h"
#include "provider.h"

#define DIAL_SOCKETS 4
#define REPLY_MAX 16384

struct dialer {
	CURLM               *multi;
	CURL                *easy;
	struct curl_slist   *headers;
	struct dial_request  req;
	enum dial_provider   provider;
	long                 timeout_ms;
	struct {
		curl_socket_t fd;
		short         events;
	}                    sock[DIAL_SOCKETS];
	int                  nsock;
	long                 timer_ms;	/* -1: libcurl wants no wake-up */
	struct timespec      timer_from;
	char                 reply[REPLY_MAX];
	size_t               reply_len;
	int                  done;
	struct dial_answer   answer;
	FILE                *trace;
	char                 errbuf[CURL_ERROR_SIZE];
};

static int
on_socket(CURL *easy, curl_socket_t fd, int what, void *arg, void *sockp)
{
	struct dialer *d = arg;
	int i;

	(void)easy;
	(void)sockp;
	for (i = 0; i < d->nsock && d->sock[i].fd != fd; i++)
		;
	if (what == CURL_POLL_REMOVE) {
		if (i < d->nsock)
			d->sock[i] = d->sock[--d->nsock];
		return 0;
	}
	if (i == d->nsock) {
		if (d->nsock == DIAL_SOCKETS)
			return -1;
		d->nsock++;
	}
	d->sock[i].fd = fd;
	d->sock[i].events = (short)((what & CURL_POLL_IN ? POLLIN : 0) |
	    (what & CURL_POLL_OUT ? POLLOUT : 0));
	return 0;
}

static int
on_timer(CURLM *multi, long timeout_ms, void *arg)
{
	struct dialer *d = arg;

	(void)multi;
	d->timer_ms = timeout_ms;
	clock_gettime(CLOCK_MONOTONIC, &d->timer_from);
	return 0;
}

static size_t
on_reply(char *data, size_t size, size_t n, void *arg)
{
	struct dialer *d = arg;
	size_t len = size * n, room = sizeof d->reply - 1 - d->reply_len;

	/* A reply longer than any provider's is cut, not an error. */
	memcpy(d->reply + d->reply_len, data, len < room ? len : room);
	d->reply_len += len < room ? len : room;
	d->reply[d->reply_len] = '\0';
	return len;
}

/* The credentials libcurl sends never reach the trace. */
static void
trace_headers(FILE *f, const char *data, size_t size)
{
	const char *line = data, *end = data + size, *nl;

	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end - 1;
		if ((size_t)(nl - line) >= 14 &&
		    strncasecmp(line, "authorization:", 14) == 0)
			fputs("> Authorization: [redacted]\n", f);
		else
			fprintf(f, "> %.*s", (int)(nl - line + 1), line);
	}
}

static int
on_debug(CURL *easy, curl_infotype type, char *data, size_t size, void *arg)
{
	struct dialer *d = arg;

	(void)easy;
	switch (type) {
	case CURLINFO_TEXT: fprintf(d->trace, "* %.*s", (int)size, data); break;
	case CURLINFO_HEADER_OUT: trace_headers(d->trace, data, size); break;
	case CURLINFO_HEADER_IN: fprintf(d->trace, "< %.*s", (int)size, data);
		break;
	case CURLINFO_DATA_OUT: fprintf(d->trace, "> %.*s\n", (int)size, data);
		break;
	case CURLINFO_DATA_IN: fprintf(d->trace, "< %.*s\n", (int)size, data);
		break;
	default: break;
	}
	fflush(d->trace);
	return 0;
}

/* Opened for the owner alone: a trace tells who called whom. */
static FILE *
trace_open(const char *path)
{
	int fd = priv_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0600);
	FILE *f;

	if (fd < 0)
		return NULL;
	if ((f = fdopen(fd, "a")) == NULL)
		close(fd);
	return f;
}

static int
headers_set(struct dialer *d)
{
	struct curl_slist *h = NULL, *next;
	char line[96];
	int i;

	/* No "Expect: 100-continue" round trip before the body. */
	if ((h = curl_slist_append(h, "Expect:")) == NULL ||
	    (next = curl_slist_append(h, "Accept: application/json")) == NULL)
		goto fail;
	if (d->req.content_type[0] != '\0') {
		snprintf(line, sizeof line, "Content-Type: %s",
		    d->req.content_type);
		if ((next = curl_slist_append(h, line)) == NULL)
			goto fail;
	}
	for (i = 0; i < d->req.nheaders; i++)
		if ((next = curl_slist_append(h, d->req.headers[i])) == NULL)
			goto fail;
	d->headers = h;
	return curl_easy_setopt(d->easy, CURLOPT_HTTPHEADER, h) == CURLE_OK ?
	    0 : -1;
fail:
	curl_slist_free_all(h);
	return -1;
}

static int
easy_set(struct dialer *d, const struct dial_config *cfg)
{
	CURL *e = d->easy;

	d->errbuf[0] = '\0';
	if (curl_easy_setopt(e, CURLOPT_URL, d->req.url) != CURLE_OK ||
	    /* Never a proxy from the environment: it would see the call. */
	    curl_easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    cfg->connect_timeout_ms) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, cfg->timeout_ms) !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_USERAGENT, "callq/" CALLQ_VERSION) !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, d->errbuf) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_POST, 1L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_POSTFIELDS, d->req.body) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE,
	    (long)strlen(d->req.body)) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_reply) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_WRITEDATA, d) != CURLE_OK)
		return -1;
	if (d->req.user[0] != '\0' &&
	    (curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC) !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_USERNAME, d->req.user) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PASSWORD, d->req.password) != CURLE_OK))
		return -1;
	if (d->trace != NULL &&
	    (curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_DEBUGDATA, d) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L) != CURLE_OK))
		return -1;
	return headers_set(d);
}

static int
multi_set(struct dialer *d)
{
	CURLM *m = d->multi;

	if (curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, on_socket) !=
	    CURLM_OK ||
	    curl_multi_setopt(m, CURLMOPT_SOCKETDATA, d) != CURLM_OK ||
	    curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, on_timer) !=
	    CURLM_OK ||
	    curl_multi_setopt(m, CURLMOPT_TIMERDATA, d) != CURLM_OK ||
	    curl_multi_add_handle(m, d->easy) != CURLM_OK)
		return -1;
	return 0;
}

static const char *
provider_label(enum dial_provider p)
{
	return p == DIAL_ARI ? "Asterisk" : p == DIAL_WEBHOOK ?
	    "the dial webhook" : dial_provider_name(p);
}

/* The address as far as its host, for a sentence: no query, no secrets. */
static void
site_of(const char *url, char *out, size_t size)
{
	const char *host = strstr(url, "://");

	host = host != NULL ? host + 3 : url;
	snprintf(out, size, "%.*s", (int)(host - url + strcspn(host, "/?#")),
	    url);
}

/* libcurl's failure as what the rep may do about it. */
static void
failure_say(struct dialer *d, CURLcode rc)
{
	const char *who = provider_label(d->provider);
	char site[256], *e = d->answer.error;
	size_t size = sizeof d->answer.error;

	site_of(d->req.url, site, sizeof site);
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		snprintf(e, size, "%s did not answer within %.1f s; the phone "
		    "may still ring; if it does not, try again", who,
		    d->timeout_ms / 1e3);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
		snprintf(e, size, "cannot reach %s at %.120s (%.160s); tell "
		    "your admin "
		    "if it goes on", who, site, d->errbuf[0] ? d->errbuf :
		    curl_easy_strerror(rc));
		break;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		snprintf(e, size, "%s at %.120s dropped the connection without an "
		    "answer; try again", who, site);
		break;
	default:
		snprintf(e, size, "the dial through %s failed: %.200s", who,
		    d->errbuf[0] ? d->errbuf : curl_easy_strerror(rc));
	}
}

static void
dialer_finish(struct dialer *d, CURLcode rc)
{
	long status = 0;

	d->done = 1;
	if (rc != CURLE_OK) {
		memset(&d->answer, 0, sizeof d->answer);
		failure_say(d, rc);
		return;
	}
	curl_easy_getinfo(d->easy, CURLINFO_RESPONSE_CODE, &status);
	dial_answer_read(d->provider, status, d->reply, &d->answer);
}

int
dialer_start(const struct dial_config *cfg, const struct dial_job *job,
    struct dialer **out, struct err *err)
{
	struct dialer *d;

	*out = NULL;
	if (curlib_load(err, "nothing was sent") != 0)
		return err->status;
	if ((d = calloc(1, sizeof *d)) == NULL)
		return err_set(err, EX_OSERR, "out of memory placing the call");
	d->provider = cfg->provider;
	d->timeout_ms = cfg->timeout_ms;
	d->timer_ms = -1;
	if (dial_request_build(cfg, job, &d->req, err) != 0) {
		dialer_free(d);
		return err->status;
	}
	if (cfg->trace[0] != '\0')
		d->trace = trace_open(cfg->trace);
	if ((d->easy = curl_easy_init()) == NULL ||
	    (d->multi = curl_multi_init()) == NULL || easy_set(d, cfg) != 0 ||
	    multi_set(d) != 0) {
		dialer_free(d);
		return err_set(err, EX_SOFTWARE, "libcurl could not set up the "
		    "request; nothing was sent");
	}
	*out = d;
	return 0;
}

int
dialer_pollfds(struct dialer *d, struct pollfd *fds, int max,
    int *timeout_ms)
{
	long left;
	int i;

	*timeout_ms = -1;
	if (d->done)
		return 0;
	for (i = 0; i < d->nsock && i < max; i++)
		fds[i] = (struct pollfd){ d->sock[i].fd, d->sock[i].events, 0 };
	if (d->timer_ms >= 0) {
		left = d->timer_ms - (long)(clock_since(&d->timer_from) * 1e3);
		*timeout_ms = left > 0 ? (int)left : 0;
	}
	return i;
}

static int
mask_of(short revents)
{
	return (revents & POLLIN ? CURL_CSELECT_IN : 0) |
	    (revents & POLLOUT ? CURL_CSELECT_OUT : 0) |
	    (revents & (POLLERR | POLLHUP | POLLNVAL) ? CURL_CSELECT_ERR : 0);
}

int
dialer_work(struct dialer *d, const struct pollfd *fds, int n)
{
	CURLMsg *msg;
	int i, running, left;

	if (d->done)
		return 1;
	for (i = 0; i < n; i++)
		if (fds[i].revents != 0)
			curl_multi_socket_action(d->multi, fds[i].fd,
			    mask_of(fds[i].revents), &running);
	if (d->timer_ms >= 0 &&
	    clock_since(&d->timer_from) * 1e3 >= (double)d->timer_ms) {
		d->timer_ms = -1;
		curl_multi_socket_action(d->multi, CURL_SOCKET_TIMEOUT, 0,
		    &running);
	}
	while ((msg = curl_multi_info_read(d->multi, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE)
			dialer_finish(d, msg->data.result);
	return d->done;
}

const struct dial_answer *
dialer_answer(const struct dialer *d)
{
	return &d->answer;
}

void
dialer_free(struct dialer *d)
{
	if (d == NULL)
		return;
	if (d->multi != NULL && d->easy != NULL)
		curl_multi_remove_handle(d->multi, d->easy);
	if (d->easy != NULL)
		curl_easy_cleanup(d->easy);
	if (d->multi != NULL)
		curl_multi_cleanup(d->multi);
	curl_slist_free_all(d->headers);
	if (d->trace != NULL)
		fclose(d->trace);
	explicit_bzero(&d->req, sizeof d->req);
	free(d);
}

int
dial_run(const struct dial_config *cfg, const struct dial_job *job,
    struct dial_answer *ans, struct err *err)
{
	struct pollfd fds[DIAL_SOCKETS];
	struct dialer *d;
	int n, timeout;

	if (dialer_start(cfg, job, &d, err) != 0)
		return err->status;
	do {
		n = dialer_pollfds(d, fds, DIAL_SOCKETS, &timeout);
		/* libcurl's own timeouts end the dial; this only paces it. */
		if (timeout < 0 || timeout > 1000)
			timeout = 1000;
		if (poll(fds, (nfds_t)n, timeout) < 0)
			n = 0;
	} while (!dialer_work(d, fds, n));
	*ans = d->answer;
	dialer_free(d);
	return 0;
}
