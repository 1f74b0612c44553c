#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/dial.h"
#include "callq/digest.h"
#include "callq/text.h"
#include "cmd.h"

#define DIGEST_TO_MAX 64
/* Between two digests printed together: a line no digest holds. */
#define SEPARATOR "========================================================================"

struct digest_run {
	struct cli         *c;
	struct digest_day   day;
	int                 send;
	struct dial_config *cfg;	/* --send's mail settings */
	int                 sent, failed;
};

/* What befell one recipient, on stderr: the others still go. */
static void
complain(const char *fmt, const char *a, const char *b)
{
	char line[1024];

	snprintf(line, sizeof line, fmt, a, b);
	text_mask(line, strlen(line), line, sizeof line);
	fprintf(stderr, "callq: %s\n", line);
}

/*
 * Mails one digest. A message refused is said and the rest still go;
 * a server that cannot be reached (or refuses callq's login) stops the
 * run, with its one sentence as the command's.
 */
static int
digest_mail(struct digest_run *r, const struct digest_for *to,
    const char *text)
{
	char subject[64];
	struct mail_msg m = { to->email, subject, text, r->day.now };
	struct err err = { 0 };

	if (to->email[0] == '\0') {
		complain("%s has no e-mail, so no digest was sent to them; "
		    "give one with: callq user edit %s --email ADDR",
		    to->login, to->login);
		return 0;
	}
	snprintf(subject, sizeof subject, "callq digest for %s", r->day.date);
	if (smtp_send(&r->cfg->mail, &m, &err) == 0) {
		cli_say("sent %s's digest to %s", to->login, to->email);
		r->sent++;
		return 0;
	}
	if (err.status == EX_UNAVAILABLE || err.status == EX_CONFIG) {
		r->c->err = err;
		return err.status;
	}
	complain("%s%s", err.msg, "");
	r->failed++;
	return 0;
}

static int
digest_one(struct digest_run *r, const struct digest_for *to, int first)
{
	struct err note = { 0 }, *err = &r->c->err;
	char *text;
	int rc = 0;

	if (digest_text(r->c->st, to, &r->day, &text, &note, err) != 0)
		return err->status;
	if (note.status)
		complain("%s's digest lacks the day's figures: %s", to->login,
		    note.msg);
	if (r->send)
		rc = digest_mail(r, to, text);
	else
		printf("%s%s", first ? "" : "\n" SEPARATOR "\n\n", text);
	free(text);
	return rc;
}

static int
digest_options(struct cli *c, int argc, char **argv, const char **date,
    char **to, int *nto, int *send)
{
	static const struct option longs[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "to", required_argument, NULL, 't' },
		{ "send", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'd')
			*date = optarg;
		else if (ch == 's')
			*send = 1;
		else if (ch == 't' && *nto == DIGEST_TO_MAX)
			return cli_usage_error(c, "give at most %d --to",
			    DIGEST_TO_MAX);
		else if (ch == 't')
			to[(*nto)++] = optarg;
		else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (optind != argc)
		return cli_usage_error(c, "'%s' is not an option of digest; "
		    "name recipients with --to LOGIN", argv[optind]);
	return 0;
}

/* The floor's [mail] settings, which --send cannot go without. */
static int
mail_load(struct cli *c, struct dial_config *cfg)
{
	if (dial_config_load(cfg, c->config_path, &c->err) != 0)
		return c->err.status;
	if (cfg->mail.url[0] == '\0')
		return err_set(&c->err, EX_CONFIG, "there is no [mail] smtp_url "
		    "in callq.conf, so digests cannot be sent; see "
		    "callq.conf(5), or leave out --send to print them");
	return 0;
}

static int
digest_status(struct cli *c, const struct digest_run *r)
{
	if (r->failed == 0)
		return 0;
	return err_set(&c->err, EX_TEMPFAIL, "%d of %d digests were not "
	    "sent (said above); run callq digest --send again for them with "
	    "--to", r->failed, r->sent + r->failed);
}

int
cmd_digest(struct cli *c, int argc, char **argv)
{
	struct digest_run r = { c, { 0 }, 0, NULL, 0, 0 };
	const char *date = "today";
	char *to[DIGEST_TO_MAX];
	struct digest_for *list = NULL;
	struct dial_config *cfg = NULL;
	int nto = 0, n = 0, i, rc;

	if ((rc = digest_options(c, argc, argv, &date, to, &nto, &r.send)) !=
	    0)
		return rc;
	if (digest_day_parse(date, store_now(), &r.day, &c->err) != 0)
		return cli_usage_error(c, "%s", c->err.msg);
	if (digest_recipients(c->st, &c->who, to, nto, &list, &n,
	    &c->err) != 0)
		return c->err.status;
	if (r.send && ((cfg = calloc(1, sizeof *cfg)) == NULL ||
	    mail_load(c, cfg) != 0)) {
		rc = cfg == NULL ? err_set(&c->err, EX_OSERR, "out of memory") :
		    c->err.status;
		goto done;
	}
	r.cfg = cfg;
	for (i = 0, rc = 0; i < n && rc == 0; i++)
		rc = digest_one(&r, &list[i], i == 0);
	if (rc == 0)
		rc = digest_status(c, &r);
done:
	if (cfg != NULL)
		explicit_bzero(cfg, sizeof *cfg);
	free(cfg);
	free(list);
	return rc;
}
