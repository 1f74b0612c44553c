/*
 * The daily digest's mail: one message a recipient, handed to the
 * floor's SMTP server by libcurl. libcurl escapes a line that starts
 * with a dot as SMTP needs (RFC 5321 4.5.2); the line ends are ours.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/smtp.h"
#include "curlib.h"

/* Room for the headers above the body. */
#define HEAD_MAX 2048

/*
 * Nothing of a header value may end its line or start another: no
 * control character at all, and an address has no blank, bracket or
 * quote either.
 */
static int
header_safe(const char *s, int address)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f || (address &&
		    ((unsigned char)*s <= ' ' || strchr("<>()[],;:\\\"", *s))))
			return 0;
	return 1;
}

/* RFC 5322's date, in English whatever the locale. */
static void
date_format(time_t t, char *buf, size_t size)
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;
	long off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(buf, size, "%.3s, %02d %.3s %04d %02d:%02d:%02d %c%02ld%02ld",
	    days + 3 * tm.tm_wday, tm.tm_mday, months + 3 * tm.tm_mon,
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

/* Copies body with each "\n" (or "\r\n") made "\r\n"; returns the end. */
static char *
crlf_copy(char *out, const char *body)
{
	for (; *body != '\0'; body++) {
		if (*body == '\r')
			continue;
		if (*body == '\n')
			*out++ = '\r';
		*out++ = *body;
	}
	return out;
}

int
smtp_message(const struct mail_config *cfg, const struct mail_msg *m,
    char **out, size_t *len, struct err *err)
{
	static unsigned serial;
	const char *domain = strchr(cfg->from, '@');
	char date[64], *msg, *end;
	size_t lines = 0, i;
	int n;

	if (!header_safe(m->to, 1) || strchr(m->to, '@') == NULL)
		return err_set(err, EX_DATAERR, "'%s' cannot be a mail "
		    "recipient; correct it with: callq user edit LOGIN --email "
		    "ADDR", m->to);
	if (!header_safe(m->subject, 0) || !header_safe(cfg->from, 1) ||
	    domain == NULL)
		return err_set(err, EX_CONFIG, "the digest's sender or subject "
		    "cannot go in a mail header; check [mail] from in "
		    "callq.conf");
	for (i = 0; m->body[i] != '\0'; i++)
		lines += m->body[i] == '\n';
	if ((msg = malloc(HEAD_MAX + strlen(m->body) + lines + 3)) == NULL)
		return err_set(err, EX_OSERR, "out of memory");
	date_format(m->date, date, sizeof date);
	n = snprintf(msg, HEAD_MAX, "From: callq <%s>\r\nTo: <%s>\r\n"
	    "Subject: %s\r\nDate: %s\r\nMessage-ID: <callq.%lld.%ld.%u%s>\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n", cfg->from, m->to,
	    m->subject, date, (long long)m->date, (long)getpid(), ++serial,
	    domain);
	if (n < 0 || n >= HEAD_MAX) {
		free(msg);
		return err_set(err, EX_DATAERR, "the digest's headers are too "
		    "long; shorten [mail] from in callq.conf");
	}
	end = crlf_copy(msg + n, m->body);
	*end = '\0';
	*out = msg;
	*len = (size_t)(end - msg);
	return 0;
}

struct upload {
	const char *data;
	size_t      left;
};

static size_t
on_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems < u->left ? size * nitems : u->left;

	memcpy(buf, u->data, n);
	u->data += n;
	u->left -= n;
	return n;
}

/* STARTTLS is required on the way to another machine. */
static long
tls_need(const char *url)
{
	static const char *const local[] = { "127.0.0.1", "localhost",
	    "[::1]" };
	const char *host = url + strlen("smtp://");
	size_t i, len = strcspn(host, ":/?#");

	if (strncmp(url, "smtp://", 7) != 0)
		return CURLUSESSL_NONE;		/* smtps: TLS from the start */
	if (*host == '[')
		len = strcspn(host, "]") + 1;
	for (i = 0; i < sizeof local / sizeof local[0]; i++)
		if (len == strlen(local[i]) && strncmp(host, local[i], len) == 0)
			return CURLUSESSL_TRY;
	return CURLUSESSL_ALL;
}

static int
easy_setup(CURL *e, const struct mail_config *cfg, const char *to,
    struct curl_slist **rcpt, struct upload *u, char *errbuf)
{
	char from[300], addr[300];

	snprintf(from, sizeof from, "<%s>", cfg->from);
	snprintf(addr, sizeof addr, "<%s>", to);
	if ((*rcpt = curl_slist_append(NULL, addr)) == NULL)
		return -1;
	if (curl_easy_setopt(e, CURLOPT_URL, cfg->url) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps") !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L) !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 60000L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_USE_SSL, tls_need(cfg->url)) !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_MAIL_FROM, from) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_MAIL_RCPT, *rcpt) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_UPLOAD, 1L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_READFUNCTION, on_read) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_READDATA, u) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK)
		return -1;
	if (cfg->user[0] != '\0' &&
	    (curl_easy_setopt(e, CURLOPT_USERNAME, cfg->user) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PASSWORD, cfg->password) != CURLE_OK))
		return -1;
	return 0;
}

/*
 * What went wrong, for a sentence: the server's code, libcurl's words.
 * A server that refuses one recipient refuses only that one; one that
 * cannot be reached, or refuses callq's login, would refuse them all.
 */
static int
send_failed(CURL *e, CURLcode rc, const char *to, const char *url,
    const char *errbuf, struct err *err)
{
	const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
	long code = 0;

	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_LOGIN_DENIED)
		return err_set(err, EX_CONFIG, "the mail server at %s refused "
		    "callq's login (%s); check [mail] user and password in "
		    "callq.conf", url, why);
	if (code >= 400)
		return err_set(err, EX_TEMPFAIL, "the digest to %s was not "
		    "sent: the mail server at %s answered %ld (%s)", to, url,
		    code, why);
	return err_set(err, EX_UNAVAILABLE, "the mail server at %s could not "
	    "be reached (%s); check that it is up and [mail] smtp_url in "
	    "callq.conf", url, why);
}

int
smtp_send(const struct mail_config *cfg, const struct mail_msg *m,
    struct err *err)
{
	char errbuf[CURL_ERROR_SIZE] = "", *msg;
	struct curl_slist *rcpt = NULL;
	struct upload u;
	CURLcode rc;
	CURL *e;
	size_t len;

	if (curlib_load(err, "no mail was sent") != 0 ||
	    smtp_message(cfg, m, &msg, &len, err) != 0)
		return err->status;
	u.data = msg;
	u.left = len;
	if ((e = curl_easy_init()) == NULL ||
	    easy_setup(e, cfg, m->to, &rcpt, &u, errbuf) != 0) {
		curl_slist_free_all(rcpt);
		curl_easy_cleanup(e);
		free(msg);
		return err_set(err, EX_SOFTWARE, "libcurl could not be set up "
		    "to send mail");
	}
	if ((rc = curl_easy_perform(e)) != CURLE_OK)
		send_failed(e, rc, m->to, cfg->url, errbuf, err);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(e);
	free(msg);
	return rc == CURLE_OK ? 0 : err->status;
}
