#include <strings.h>

#include "callq/perm.h"

static const struct {
	const char *name;
	const char *title;
} roles[ROLE_COUNT] = {
	[ROLE_ADMIN] = { "admin", "an admin" },
	[ROLE_LEAD] = { "lead", "a team lead" },
	[ROLE_REP] = { "rep", "a rep" },
	[ROLE_ANALYST] = { "analyst", "an analyst" },
	[ROLE_RECOVERY] = { "recovery", "a recovery agent" },
};

#define N SCOPE_NONE
#define O SCOPE_OWN
#define C SCOPE_CONVERTED
#define T SCOPE_TEAM
#define A SCOPE_ALL

/*
 * The one permission table. Analysts read everything and change nothing;
 * recovery agents work the converted leads whose collection is theirs;
 * only admins manage users, settings and imports, or delete and restore.
 */
static const struct {
	const char *text;
	enum scope scope[ROLE_COUNT];	/* admin lead rep analyst recovery */
} perms[ACT_COUNT] = {
	[ACT_USER_MANAGE] = { "manage users",		{ A, N, N, N, N } },
	[ACT_SETTINGS] = { "change settings",		{ A, N, N, N, N } },
	[ACT_IMPORT] = { "import leads",		{ A, N, N, N, N } },
	[ACT_LEAD_READ] = { "see this lead",		{ A, A, O, A, C } },
	[ACT_LEAD_CREATE] = { "add leads",		{ A, T, O, N, N } },
	[ACT_LEAD_EDIT] = { "edit this lead",		{ A, T, O, N, N } },
	/*
	 * The zones decide when a lead may be called: an admin sets any of
	 * the zone database, a team lead only those the number may be in.
	 */
	[ACT_LEAD_ZONE] = { "set a lead's time zone",	{ A, T, N, N, N } },
	[ACT_LEAD_ASSIGN] = { "assign leads",		{ A, T, N, N, N } },
	[ACT_LEAD_DELETE] = { "delete leads",		{ A, N, N, N, N } },
	[ACT_LEAD_RESTORE] = { "restore leads",		{ A, N, N, N, N } },
	[ACT_CALL_LOG] = { "log calls on this lead",	{ A, T, O, N, C } },
	[ACT_FOLLOWUP] = { "schedule follow-ups on this lead",
							{ A, T, O, N, C } },
	/* A promise to pay is recorded with the same right as a payment. */
	[ACT_PAYMENT] = { "record payments",		{ A, N, N, N, C } },
	[ACT_AUDIT_READ] = { "read the audit",		{ A, T, N, A, N } },
	[ACT_ATTENDANCE] = { "check in or pause",	{ A, A, A, A, A } },
	/* Whoever hears "do not call me again" must be able to honour it. */
	[ACT_DNC_ADD] = { "add to the do-not-call list",	{ A, A, A, N, A } },
	[ACT_DNC_READ] = { "read the do-not-call list",	{ A, A, A, A, A } },
	[ACT_BOARD_READ] = { "see the team board",	{ A, T, N, A, N } },
	/*
	 * A lead another user holds is theirs until the call is logged;
	 * whoever runs the floor may step in, and the holder is told.
	 */
	[ACT_LEASE_OVERRIDE] = { "work a lead another user holds",
							{ A, T, N, N, N } },
	/* A rep reads their own figures, a team lead their team's. */
	[ACT_REPORT_READ] = { "read reports",		{ A, T, O, A, O } },
	[ACT_CONTACT_EDIT] = { "change this lead's contacts",
							{ A, T, O, N, C } },
	/* A rep follows the deals they won; the payments are not theirs. */
	[ACT_DEAL_READ] = { "see this deal",		{ A, A, O, A, C } },
	[ACT_DEAL_EDIT] = { "edit this deal",		{ A, T, O, N, N } },
	/* Rescheduling what is owed is part of collecting it. */
	[ACT_PLAN_EDIT] = { "change this deal's payment plan",
							{ A, T, O, N, C } },
	[ACT_PAYMENT_READ] = { "see payments",		{ A, T, N, A, C } },
	[ACT_PAYMENT_DELETE] = { "delete payments",	{ A, N, N, N, N } },
	[ACT_COLLECT_ASSIGN] = { "assign collections",	{ A, T, N, N, N } },
};

#undef N
#undef O
#undef C
#undef T
#undef A

const char *
scope_name(enum scope scope)
{
	static const char *const names[] = {
		[SCOPE_NONE] = "-", [SCOPE_OWN] = "own",
		[SCOPE_CONVERTED] = "converted", [SCOPE_TEAM] = "team",
		[SCOPE_ALL] = "all",
	};

	return names[scope];
}

const char *
role_name(enum role role)
{
	return roles[role].name;
}

const char *
role_title(enum role role)
{
	return roles[role].title;
}

int
role_parse(const char *text, enum role *role)
{
	int r;

	for (r = 0; r < ROLE_COUNT; r++)
		if (strcasecmp(text, roles[r].name) == 0) {
			*role = (enum role)r;
			return 0;
		}
	if (strcasecmp(text, "team-lead") == 0 ||
	    strcasecmp(text, "teamlead") == 0) {
		*role = ROLE_LEAD;
		return 0;
	}
	return -1;
}

const char *
action_text(enum action action)
{
	return perms[action].text;
}

enum scope
perm_scope(enum role role, enum action action)
{
	return perms[action].scope[role];
}

int
perm_lead_allows(enum role role, enum action action,
    const struct lead_ctx *ctx)
{
	switch (perm_scope(role, action)) {
	case SCOPE_ALL:
		return 1;
	case SCOPE_TEAM:
		return ctx->unassigned || ctx->owned_by_actor ||
		    ctx->owner_in_team;
	case SCOPE_OWN:
		return ctx->owned_by_actor ||
		    (ctx->unassigned && ctx->in_actor_regions);
	case SCOPE_CONVERTED:
		return ctx->converted;
	case SCOPE_NONE:
		break;
	}
	return 0;
}
