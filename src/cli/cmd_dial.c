/*
 * callq call ID [--contact ID [--number N]]: the dial a rep's c makes,
 * from a script. It waits for the provider (within the timeouts of
 * callq.conf) and leaves the call record open for callq log.
 */
#include <stdio.h>
#include <string.h>

#include "callq/callrec.h"
#include "callq/contact.h"
#include "callq/dial.h"
#include "cmd.h"

/* The provider's answer goes on the record, whatever it was. */
static int
dial_finish(struct cli *c, const struct dial_config *cfg,
    const struct call_target *t, const struct dial_answer *ans)
{
	struct err err = { 0 };

	if (store_call_answer(c->st, &c->who, t->call_id, ans->ok ? ans->ref :
	    NULL, ans->answered, ans->ok ? NULL : ans->error, &err) != 0)
		return c->err = err, err.status;
	if (!ans->ok)
		return err_set(&c->err, EX_UNAVAILABLE, "%s; call %lld is "
		    "recorded as failed", ans->error, (long long)t->call_id);
	cli_say("call %lld to %s via %s: %s%s%s", (long long)t->call_id,
	    t->lead_display, dial_provider_name(cfg->provider),
	    ans->ref[0] ? ans->ref : "accepted", ans->state[0] ? ", " : "",
	    ans->state);
	return 0;
}

/* phone: a contact's number (contact_phones id); 0: the lead's own. */
static int
dial_place(struct cli *c, const struct dial_config *cfg, int64_t lead,
    int64_t phone)
{
	const char *provider = dial_provider_name(cfg->provider);
	struct call_target t;
	struct dial_answer ans;
	struct dial_job job;
	struct err err = { 0 };

	if ((phone != 0 ? store_call_open_contact(c->st, &c->who, phone,
	    provider, &t, &c->err) : store_call_open(c->st, &c->who, lead,
	    provider, &t, &c->err)) != 0)
		return c->err.status;
	if (cfg->provider == DIAL_NONE) {
		cli_say("call %lld is open: dial %s by hand, then log it with "
		    "callq log %lld --disposition D", (long long)t.call_id,
		    t.lead_display, (long long)lead);
		return 0;
	}
	job = (struct dial_job){ t.call_id, lead, t.lead_e164, c->who.login,
	    t.rep_phone, t.rep_extension, t.requested_at };
	if (dial_run(cfg, &job, &ans, &c->err) != 0) {
		/* Nothing was sent; the record says why. */
		store_call_answer(c->st, &c->who, t.call_id, NULL, 0,
		    c->err.msg, &err);
		return c->err.status;
	}
	return dial_finish(c, cfg, &t, &ans);
}

/* Which number to dial: the lead's, or one of a contact's. */
static int
dial_options(struct cli *c, int argc, char **argv, int64_t *lead,
    int64_t *phone)
{
	static const struct option longs[] = {
		{ "contact", required_argument, NULL, 'c' },
		{ "number", required_argument, NULL, 'n' },
		CLI_FORCE_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const char *contact = NULL;
	int64_t id;
	int ch, rc, n = 0;

	while ((ch = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (ch == 'c')
			contact = optarg;
		else if (ch == 'n') {
			if ((rc = cli_number(c, optarg, "--number",
			    CONTACT_PHONES_MAX, &n)) != 0)
				return rc;
		} else if ((rc = cli_option(c, ch, argv)) != 0)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(c, "give one lead ID");
	if ((rc = cli_id(c, argv[optind], "lead ID", lead)) != 0)
		return rc;
	if (contact == NULL)
		return n == 0 ? 0 : cli_usage_error(c, "--number goes with "
		    "--contact ID");
	if ((rc = cli_id(c, contact, "contact ID", &id)) != 0)
		return rc;
	return contact_phone_pick(c, *lead, id, n ? n : 1, phone);
}

int
cmd_call(struct cli *c, int argc, char **argv)
{
	struct dial_config cfg;
	int64_t lead, phone = 0;
	int rc;

	if ((rc = dial_options(c, argc, argv, &lead, &phone)) != 0)
		return rc;
	if (dial_config_load(&cfg, c->config_path, &c->err) != 0)
		return c->err.status;
	rc = dial_place(c, &cfg, lead, phone);
	explicit_bzero(&cfg, sizeof cfg);
	return rc;
}
