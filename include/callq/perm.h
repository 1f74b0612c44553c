/*
 * Roles and the one permission table (action x role). The table has no
 * dependencies, so the store can consult it on every mutation.
 */
#ifndef CALLQ_PERM_H
#define CALLQ_PERM_H

enum role { ROLE_ADMIN, ROLE_LEAD, ROLE_REP, ROLE_ANALYST, ROLE_RECOVERY,
	ROLE_COUNT };

enum action {
	ACT_USER_MANAGE, ACT_SETTINGS, ACT_IMPORT, ACT_LEAD_READ,
	ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_LEAD_ZONE, ACT_LEAD_ASSIGN,
	ACT_LEAD_DELETE, ACT_LEAD_RESTORE, ACT_CALL_LOG, ACT_FOLLOWUP,
	ACT_PAYMENT, ACT_AUDIT_READ, ACT_ATTENDANCE, ACT_DNC_ADD, ACT_DNC_READ,
	ACT_BOARD_READ, ACT_LEASE_OVERRIDE, ACT_REPORT_READ,
	ACT_CONTACT_EDIT, ACT_DEAL_READ, ACT_DEAL_EDIT, ACT_PLAN_EDIT,
	ACT_PAYMENT_READ, ACT_PAYMENT_DELETE, ACT_COLLECT_ASSIGN, ACT_COUNT
};

/* How far a role's permission for an action reaches. */
enum scope {
	SCOPE_NONE,		/* never */
	SCOPE_OWN,		/* leads it owns, and unassigned ones of its regions */
	SCOPE_CONVERTED,	/* converted leads whose collection is its */
	SCOPE_TEAM,		/* its team's leads and unassigned ones */
	SCOPE_ALL,		/* everything */
};

/* What the store knows of one lead relative to the acting user. */
struct lead_ctx {
	int owned_by_actor;
	int unassigned;
	int in_actor_regions;	/* the lead's region is one of the actor's */
	int owner_in_team;	/* its owner is in the actor's team */
	int converted;		/* converted, and its collection is the actor's */
};

const char *role_name(enum role role);		/* "admin", "lead", ... */
const char *role_title(enum role role);		/* "an admin", "a team lead" */
int role_parse(const char *text, enum role *role);	/* 0, or -1 */
const char *action_text(enum action action);	/* "add users" */

enum scope perm_scope(enum role role, enum action action);

/* How a scope reads in the permission matrix: "all", "own", "-". */
const char *scope_name(enum scope scope);

/* Nonzero when role may do action on the lead described by ctx. */
int perm_lead_allows(enum role role, enum action action,
    const struct lead_ctx *ctx);

#endif
