/*
 * Mail out through the floor's SMTP server (libcurl), for the daily
 * digest. Only the floor's callq.conf says where mail goes and as whom:
 * the [mail] section, read with the dial settings (see dial.h and
 * callq.conf(5)).
 */
#ifndef CALLQ_SMTP_H
#define CALLQ_SMTP_H

#include <stddef.h>
#include <time.h>

#include "callq/err.h"

struct mail_config {
	char url[512];		/* smtp://host[:port] or smtps://; "" no mail */
	char from[256];		/* the sender's address */
	char user[128];		/* SMTP AUTH when not "" */
	char password[256];
};

/* One message: a plain-text body to one address. */
struct mail_msg {
	const char *to;		/* an address as store_email_check takes it */
	const char *subject;	/* callq's own words, never a user's */
	const char *body;	/* UTF-8 lines ending in '\n' */
	time_t      date;
};

/*
 * The message as sent: From, To, Subject, Date, Message-ID and MIME
 * headers, then the body, every line ending in CRLF. An address or a
 * subject that could end its header line is refused (EX_DATAERR).
 * *out is the caller's to free.
 */
int smtp_message(const struct mail_config *cfg, const struct mail_msg *m,
    char **out, size_t *len, struct err *err);

/*
 * Sends m through cfg's server and waits for its answer. A failure is
 * one sentence: EX_TEMPFAIL when the server refused this message (its
 * recipient, say), naming the recipient and the server's answer;
 * EX_UNAVAILABLE when the server cannot be reached, EX_CONFIG when it
 * refused callq's login: the next message would fare no better.
 */
int smtp_send(const struct mail_config *cfg, const struct mail_msg *m,
    struct err *err);

#endif
