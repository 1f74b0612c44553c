/*
 * The [dial], [twilio], [ari], [webhook] and [mail] sections of
 * callq.conf: each key is checked as it is read, so a mistake is reported
 * with its file and line before any rep presses c.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/base64.h"
#include "callq/conf.h"
#include "callq/dial.h"
#include "callq/priv.h"
#include "callq/text.h"

#ifndef CALLQ_SYSCONFDIR
#define CALLQ_SYSCONFDIR "/etc/callq"
#endif

/* K_KEY is a secret given in base64, kept decoded. */
enum kind { K_TEXT, K_SECRET, K_KEY, K_MS, K_SECONDS, K_URL, K_E164,
	K_PROVIDER, K_TEMPLATE, K_SMTP_URL, K_ADDRESS };

/*
 * Who may set a key on a shared install. Everything that decides where a
 * request goes, what it carries or whom it rings is the floor's: a rep's
 * own file could otherwise send the floor's credentials to the rep's own
 * listener, or ring any number at the floor's expense.
 */
enum setter { FLOOR, ANYONE };

struct key {
	const char *section, *name;
	enum kind   kind;
	size_t      offset, size;	/* where in struct dial_config */
	enum setter setter;
};

#define AT(f) offsetof(struct dial_config, f), sizeof ((struct dial_config *)0)->f

/* Every key callq.conf(5) documents; an unknown one is a typo. */
static const struct key keys[] = {
	{ "dial", "provider", K_PROVIDER, AT(provider), FLOOR },
	{ "dial", "connect_timeout_ms", K_MS, AT(connect_timeout_ms), ANYONE },
	{ "dial", "timeout_ms", K_MS, AT(timeout_ms), ANYONE },
	{ "dial", "trace", K_TEXT, AT(trace), FLOOR },
	{ "twilio", "account_sid", K_TEXT, AT(twilio.account_sid), FLOOR },
	{ "twilio", "auth_token", K_SECRET, AT(twilio.auth_token), FLOOR },
	{ "twilio", "api_key_sid", K_TEXT, AT(twilio.api_key_sid), FLOOR },
	{ "twilio", "api_key_secret", K_SECRET, AT(twilio.api_key_secret),
	  FLOOR },
	{ "twilio", "caller_id", K_E164, AT(twilio.caller_id), FLOOR },
	{ "twilio", "base_url", K_URL, AT(twilio.base_url), FLOOR },
	{ "twilio", "to", K_TEMPLATE, AT(twilio.to), FLOOR },
	{ "ari", "url", K_URL, AT(ari.url), FLOOR },
	{ "ari", "user", K_TEXT, AT(ari.user), FLOOR },
	{ "ari", "password", K_SECRET, AT(ari.password), FLOOR },
	{ "ari", "endpoint", K_TEMPLATE, AT(ari.endpoint), FLOOR },
	{ "ari", "context", K_TEXT, AT(ari.context), FLOOR },
	{ "ari", "caller_id", K_E164, AT(ari.caller_id), FLOOR },
	{ "ari", "ring_timeout_s", K_SECONDS, AT(ari.ring_timeout_s), FLOOR },
	{ "webhook", "url", K_URL, AT(webhook.url), FLOOR },
	{ "webhook", "secret", K_KEY, AT(webhook.key), FLOOR },
	{ "mail", "smtp_url", K_SMTP_URL, AT(mail.url), FLOOR },
	{ "mail", "from", K_ADDRESS, AT(mail.from), FLOOR },
	{ "mail", "user", K_TEXT, AT(mail.user), FLOOR },
	{ "mail", "password", K_SECRET, AT(mail.password), FLOOR },
};

#define NKEYS (sizeof keys / sizeof keys[0])

static const char *const provider_names[] = {
	[DIAL_NONE] = "none", [DIAL_TWILIO] = "twilio", [DIAL_ARI] = "ari",
	[DIAL_WEBHOOK] = "webhook",
};

const char *
dial_provider_name(enum dial_provider p)
{
	return provider_names[p];
}

struct loading {
	struct dial_config *cfg;
	const struct conf  *conf;
	const struct conf_entry *e;	/* the entry being read */
	struct err         *err;
};

static int
bad(struct loading *l, const char *fmt, const char *arg)
{
	char where[4200], what[600];

	conf_where(l->conf, l->e, where, sizeof where);
	snprintf(what, sizeof what, fmt, arg);
	return err_set(l->err, EX_CONFIG, "%s: [%s] %s %s; see callq.conf(5)",
	    where, l->e->section, l->e->key, what);
}

/* A secret every user could read is no secret: refuse the file. */
static int
secret_file_check(struct loading *l, const char *path, mode_t mode)
{
	if ((mode & S_IROTH) == 0)
		return 0;
	return err_set(l->err, EX_CONFIG, "%s holds a secret ([%s] %s) and "
	    "every user can read it; run: chmod o-rwx %s", path,
	    l->e->section, l->e->key, path);
}

/* The secret named by a KEY_file setting: its first line. */
static int
secret_from_file(struct loading *l, char *out, size_t size)
{
	char line[1024];
	struct stat sb;
	FILE *f;

	/* A secret the user's own file names is read as the user. */
	if ((f = l->conf->files[l->e->file].user_named ?
	    priv_fopen(l->e->value, "r") : fopen(l->e->value, "r")) == NULL)
		return bad(l, "names a file that cannot be read (%s)",
		    priv_strerror(errno));
	if (fstat(fileno(f), &sb) != 0) {
		fclose(f);
		return bad(l, "names a file that cannot be read (%s)",
		    strerror(errno));
	}
	if (secret_file_check(l, l->e->value, sb.st_mode) != 0) {
		fclose(f);
		return l->err->status;
	}
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	text_trim(line, out, size);
	if (out[0] == '\0')
		return bad(l, "names an empty file (%s)", l->e->value);
	return 0;
}

/* Where each provider's credentials go instead of its address. */
static const char *
credential_keys(const char *section)
{
	if (strcmp(section, "twilio") == 0)
		return "[twilio] auth_token (or api_key_sid and api_key_secret)";
	if (strcmp(section, "ari") == 0)
		return "[ari] user and password";
	if (strcmp(section, "mail") == 0)
		return "[mail] user and password";
	return "[webhook] secret";
}

/*
 * An address is never echoed: one that held a password would put it on
 * the screen, and from there in a terminal's scrollback or a ticket.
 */
static int
url_check(struct loading *l)
{
	const char *v = l->e->value, *host, *end;
	size_t len;

	host = strstr(v, "://") != NULL ? strstr(v, "://") + 3 : v;
	if (memchr(host, '@', strcspn(host, "/?#")) != NULL)
		return bad(l, "holds a user name or password; give credentials "
		    "in %s (or a *_file key), never in an address",
		    credential_keys(l->e->section));
	if (strncmp(v, "https://", 8) == 0 && v[8] != '\0')
		return 0;
	if (strncmp(v, "http://", 7) != 0)
		return bad(l, "is not an https:// address", "");
	end = host + strcspn(host, "/:?#");
	if (*host == '[')
		end = strchr(host, ']') ? strchr(host, ']') + 1 : end;
	len = (size_t)(end - host);
	if ((len == 9 && strncmp(host, "127.0.0.1", 9) == 0) ||
	    (len == 9 && strncmp(host, "localhost", 9) == 0) ||
	    (len == 5 && strncmp(host, "[::1]", 5) == 0))
		return 0;
	return bad(l, "is plain HTTP to another machine; use https://, or "
	    "http:// only to 127.0.0.1 or localhost", "");
}

/*
 * Mail goes to the floor's server: smtps://, or smtp:// which callq
 * upgrades with STARTTLS, refusing to go on without it, except to this
 * machine.
 */
static int
smtp_url_check(struct loading *l)
{
	const char *v = l->e->value, *host = strstr(v, "://");

	if ((strncmp(v, "smtp://", 7) != 0 && strncmp(v, "smtps://", 8) != 0) ||
	    host[3] == '\0')
		return bad(l, "is not an smtp:// or smtps:// address", "");
	if (memchr(host + 3, '@', strcspn(host + 3, "/?#")) != NULL)
		return bad(l, "holds a user name or password; give credentials "
		    "in %s (or password_file), never in an address",
		    credential_keys(l->e->section));
	return 0;
}

/* An address for a mail header: nothing that could end the line. */
static int
address_check(struct loading *l)
{
	const char *v = l->e->value, *at = strchr(v, '@');
	size_t i;

	for (i = 0; v[i] != '\0'; i++)
		if ((unsigned char)v[i] <= ' ' || (unsigned char)v[i] >= 0x7f ||
		    strchr("<>()[],;:\\\"", v[i]) != NULL)
			break;
	if (v[i] == '\0' && at != NULL && at != v && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL)
		return 0;
	return bad(l, "'%s' is not a plain e-mail address, like "
	    "callq@example.com", v);
}

static int
e164_check(struct loading *l)
{
	const char *v = l->e->value;
	size_t n = strlen(v);

	if (n >= 8 && n <= 16 && v[0] == '+' && v[1] >= '1' && v[1] <= '9' &&
	    strspn(v + 1, "0123456789") == n - 1)
		return 0;
	return bad(l, "'%s' is not a number in E.164 form, like +14155550100",
	    v);
}

/* Only {phone}, {extension} and {login} may be filled in. */
static int
template_check(struct loading *l)
{
	static const char *const names[] = { "{phone}", "{extension}",
	    "{login}" };
	const char *p = l->e->value;
	size_t i;

	while ((p = strchr(p, '{')) != NULL) {
		for (i = 0; i < 3; i++)
			if (strncmp(p, names[i], strlen(names[i])) == 0)
				break;
		if (i == 3)
			return bad(l, "may hold {phone}, {extension} or "
			    "{login}, not '%s'", p);
		p++;
	}
	return 0;
}

static int
number_read(struct loading *l, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(l->e->value, &end, 10);
	if (errno != 0 || end == l->e->value || *end != '\0' || v < min ||
	    v > max) {
		char range[64];

		snprintf(range, sizeof range, "%ld to %ld", min, max);
		return bad(l, "must be a whole number from %s", range);
	}
	*out = v;
	return 0;
}

static int
provider_read(struct loading *l, enum dial_provider *out)
{
	size_t i;

	for (i = 0; i < sizeof provider_names / sizeof provider_names[0]; i++)
		if (strcmp(l->e->value, provider_names[i]) == 0) {
			*out = (enum dial_provider)i;
			conf_where(l->conf, l->e, l->cfg->where,
			    sizeof l->cfg->where);
			return 0;
		}
	return bad(l, "'%s' is not one of none, twilio, ari, webhook",
	    l->e->value);
}

/* The webhook secret is base64, after Standard Webhooks' whsec_ prefix. */
static int
webhook_key(struct loading *l, const char *secret)
{
	struct dial_config *cfg = l->cfg;
	long n;

	if (strncmp(secret, "whsec_", 6) == 0)
		secret += 6;
	n = base64_decode(secret, cfg->webhook.key, sizeof cfg->webhook.key);
	if (n <= 0)
		return bad(l, "is not base64 (after its whsec_ prefix)", "");
	cfg->webhook.keylen = (size_t)n;
	return 0;
}

/* A secret, from the line itself or the file it names. */
static int
secret_read(struct loading *l, const struct key *k, int from_file)
{
	const struct conf_file *f = &l->conf->files[l->e->file];
	char value[1024];
	int rc;

	if (from_file)
		rc = secret_from_file(l, value, sizeof value);
	else if ((rc = secret_file_check(l, f->path, f->mode)) == 0)
		snprintf(value, sizeof value, "%s", l->e->value);
	if (rc != 0)
		rc = l->err->status;
	else if (k->kind == K_KEY)
		rc = webhook_key(l, value);
	else if (strlen(value) >= k->size)
		rc = bad(l, "is too long", "");
	else
		snprintf((char *)l->cfg + k->offset, k->size, "%s", value);
	explicit_bzero(value, sizeof value);
	return rc;
}

static int
key_read(struct loading *l, const struct key *k, int from_file)
{
	char *field = (char *)l->cfg + k->offset;
	int rc = 0;

	switch (k->kind) {
	case K_PROVIDER: return provider_read(l, (enum dial_provider *)field);
	case K_MS: return number_read(l, 100, 600000, (long *)field);
	case K_SECONDS: return number_read(l, 5, 300, (long *)field);
	case K_SECRET:
	case K_KEY: return secret_read(l, k, from_file);
	case K_URL: rc = url_check(l); break;
	case K_E164: rc = e164_check(l); break;
	case K_TEMPLATE: rc = template_check(l); break;
	case K_SMTP_URL: rc = smtp_url_check(l); break;
	case K_ADDRESS: rc = address_check(l); break;
	case K_TEXT: break;
	}
	if (rc != 0)
		return rc;
	if (strlen(l->e->value) >= k->size)
		return bad(l, "is too long", "");
	snprintf(field, k->size, "%s", l->e->value);
	return 0;
}

/* Finds the key of entry e: "auth_token_file" is auth_token from a file. */
static const struct key *
key_find(const struct conf_entry *e, int *from_file)
{
	char name[64];
	size_t i, len = strlen(e->key);

	*from_file = len > 5 && strcmp(e->key + len - 5, "_file") == 0;
	snprintf(name, sizeof name, "%.*s", (int)(len - (*from_file ? 5 : 0)),
	    e->key);
	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].section, e->section) == 0 &&
		    strcmp(keys[i].name, name) == 0)
			return *from_file && keys[i].kind != K_SECRET &&
			    keys[i].kind != K_KEY ? NULL : &keys[i];
	return NULL;
}

static int
section_known(const char *s)
{
	return strcmp(s, "dial") == 0 || strcmp(s, "twilio") == 0 ||
	    strcmp(s, "ari") == 0 || strcmp(s, "webhook") == 0 ||
	    strcmp(s, "mail") == 0;
}

static void
defaults_set(struct dial_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->provider = DIAL_NONE;
	cfg->connect_timeout_ms = 3000;
	cfg->timeout_ms = 10000;
	snprintf(cfg->twilio.base_url, sizeof cfg->twilio.base_url,
	    "https://api.twilio.com");
	snprintf(cfg->twilio.to, sizeof cfg->twilio.to, "{phone}");
	snprintf(cfg->ari.endpoint, sizeof cfg->ari.endpoint,
	    "PJSIP/{extension}");
	cfg->ari.ring_timeout_s = 30;
	snprintf(cfg->where, sizeof cfg->where, "callq.conf");
}

/* On a shared install, a user's own file sets only what is theirs. */
static int
floor_key_check(struct loading *l, const struct key *k)
{
	const struct conf_file *f = &l->conf->files[l->e->file];
	char where[4200];

	if (k->setter == ANYONE || !f->user_named || !priv_shared())
		return 0;
	conf_where(l->conf, l->e, where, sizeof where);
	return err_set(l->err, EX_CONFIG, "%s: [%s] %s is the floor's to set: "
	    "on this shared install only %s may set it; remove it from %s; "
	    "see callq.conf(5)", where, l->e->section, l->e->key,
	    CALLQ_SYSCONFDIR "/callq.conf", f->path);
}

/*
 * [database] says which database callq opens, which the floor decides
 * before any of this is read (core/path.c reads it from the floor's file
 * alone); here it is only kept out of a user's own file, where it would
 * otherwise do nothing without a word.
 */
static int
database_check(struct loading *l)
{
	char where[4200];

	if (!l->conf->files[l->e->file].user_named)
		return 0;
	conf_where(l->conf, l->e, where, sizeof where);
	return err_set(l->err, EX_CONFIG, "%s: [database] is read from %s "
	    "only; name your own database with --db or CALLQ_DB instead; "
	    "see callq.conf(5)", where, CALLQ_SYSCONFDIR "/callq.conf");
}

static int
entries_read(struct loading *l)
{
	const struct key *k;
	char where[4200];
	size_t i;
	int from_file;

	for (i = 0; i < l->conf->n; i++) {
		l->e = &l->conf->entries[i];
		if (strcmp(l->e->section, "database") == 0) {
			if (database_check(l) != 0)
				return l->err->status;
			continue;
		}
		if (!section_known(l->e->section)) {
			conf_where(l->conf, l->e, where, sizeof where);
			return err_set(l->err, EX_CONFIG, "%s: unknown section "
			    "[%s]; see callq.conf(5)", where, l->e->section);
		}
		if ((k = key_find(l->e, &from_file)) == NULL) {
			conf_where(l->conf, l->e, where, sizeof where);
			return err_set(l->err, EX_CONFIG, "%s: unknown key "
			    "'%s' in [%s]; see callq.conf(5)", where,
			    l->e->key, l->e->section);
		}
		if (floor_key_check(l, k) != 0 || key_read(l, k, from_file) != 0)
			return l->err->status;
	}
	return 0;
}

/* What the chosen provider cannot do without. */
static int
required_check(const struct dial_config *cfg, struct err *err)
{
	const struct { enum dial_provider p; const char *section, *key;
	    const char *value; } need[] = {
		{ DIAL_TWILIO, "twilio", "account_sid", cfg->twilio.account_sid },
		{ DIAL_TWILIO, "twilio", cfg->twilio.api_key_sid[0] ?
		  "api_key_secret" : "auth_token", cfg->twilio.api_key_sid[0] ?
		  cfg->twilio.api_key_secret : cfg->twilio.auth_token },
		{ DIAL_TWILIO, "twilio", "caller_id", cfg->twilio.caller_id },
		{ DIAL_ARI, "ari", "url", cfg->ari.url },
		{ DIAL_ARI, "ari", "user", cfg->ari.user },
		{ DIAL_ARI, "ari", "password", cfg->ari.password },
		{ DIAL_ARI, "ari", "context", cfg->ari.context },
		{ DIAL_WEBHOOK, "webhook", "url", cfg->webhook.url },
		{ DIAL_WEBHOOK, "webhook", "secret", cfg->webhook.keylen ?
		  "set" : "" },
	};
	size_t i;

	if (cfg->mail.url[0] != '\0' && cfg->mail.from[0] == '\0')
		return err_set(err, EX_CONFIG, "callq.conf: [mail] smtp_url "
		    "needs [mail] from, the address digests are sent from; see "
		    "callq.conf(5)");
	if (cfg->mail.user[0] != '\0' && cfg->mail.password[0] == '\0')
		return err_set(err, EX_CONFIG, "callq.conf: [mail] user needs "
		    "[mail] password (or password_file); see callq.conf(5)");

	for (i = 0; i < sizeof need / sizeof need[0]; i++)
		if (need[i].p == cfg->provider && need[i].value[0] == '\0')
			return err_set(err, EX_CONFIG, "%s: provider %s needs "
			    "[%s] %s; see callq.conf(5)", cfg->where,
			    provider_names[cfg->provider], need[i].section,
			    need[i].key);
	return 0;
}

/* The user's own file: $XDG_CONFIG_HOME/callq, else ~/.config/callq. */
static int
personal_path(char *out, size_t size)
{
	const char *xdg = secure_getenv("XDG_CONFIG_HOME");
	const char *home = secure_getenv("HOME");
	struct passwd *pw;

	if (xdg != NULL && *xdg == '/')
		return snprintf(out, size, "%s/callq/callq.conf", xdg) <
		    (int)size ? 0 : -1;
	if ((home == NULL || *home != '/') && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL)
		return -1;
	return snprintf(out, size, "%s/.config/callq/callq.conf", home) <
	    (int)size ? 0 : -1;
}

/* Reads path if it is there; a file that is not there is no error. */
static int
conf_read_if_there(struct conf *c, const char *path, int user_named,
    struct err *err)
{
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	return conf_read(c, path, user_named, err);
}

/*
 * A file named by --config or CALLQ_CONFIG stands alone on a personal
 * install; on a shared one the floor's file is read first all the same,
 * as what the floor decides cannot be left out by naming another file.
 */
static int
files_read(struct conf *c, const char *path, struct err *err)
{
	const char *env = secure_getenv("CALLQ_CONFIG");
	char personal[4096];

	if (path == NULL && env != NULL && *env != '\0')
		path = env;
	if ((path == NULL || priv_shared()) && conf_read_if_there(c,
	    CALLQ_SYSCONFDIR "/callq.conf", 0, err) != 0)
		return err->status;
	if (path != NULL)
		return conf_read(c, path, 1, err);
	if (personal_path(personal, sizeof personal) == 0 &&
	    conf_read_if_there(c, personal, 1, err) != 0)
		return err->status;
	return 0;
}

int
dial_config_load(struct dial_config *cfg, const char *path, struct err *err)
{
	struct conf c = { 0 };
	struct loading l = { cfg, &c, NULL, err };
	int rc;

	defaults_set(cfg);
	if ((rc = files_read(&c, path, err)) == 0 &&
	    (rc = entries_read(&l)) == 0)
		rc = required_check(cfg, err);
	conf_free(&c);
	if (rc != 0)
		memset(cfg, 0, sizeof *cfg);	/* no secret left behind */
	return rc;
}
