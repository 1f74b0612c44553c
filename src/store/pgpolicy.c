/*
 * Security in the PostgreSQL server: what a callq user may read and
 * write is enforced by the server itself, so that a user who connects
 * with psql under their own role gets no more than callq would give.
 *
 * Roles. Each callq user connects as a login role of the same name as
 * their callq login (peer authentication over the Unix socket maps the
 * Unix account to it: pg_hba "local callq all peer"). The login role
 * holds no privilege of its own: it is a member of one group role per
 * callq role (callq_admin, callq_lead, callq_rep, callq_analyst,
 * callq_recovery; NOLOGIN), which carries the table privileges and to
 * which the policies are granted. callq_user_login makes and keeps the
 * login role in step with the users row (role, active).
 *
 * The floor's owner (the role that ran pg_schema; it owns the tables
 * and these functions) is not bound by row-level security: PostgreSQL
 * applies no policy to a table's owner unless the table is FORCEd, and
 * forcing it would bind the SECURITY DEFINER functions below too, which
 * must see every row to answer for one. The owner is for the floor's
 * upkeep (migrations, backups, `callq migrate`), never a user's login.
 *
 * Row-level security is generated from the one permission table
 * (src/core/perm.c): pg_rules says which actions grant which command on
 * which table, and how a scope is measured there (the lead the row
 * belongs to, its deal, its writer, ...); pg_policy_sql asks perm_scope
 * for every role, so a changed perm.c changes the policies and the
 * grants with it, and no second list of who may do what exists. A role
 * whose every action of a rule is SCOPE_NONE gets neither the privilege
 * nor a policy; a scope the rule's kind cannot express stops the
 * generation rather than widen into another.
 *
 * The scopes are SQL functions (STABLE SECURITY DEFINER, search_path
 * pinned to the floor's schema then pg_temp, so that nothing a caller
 * puts on its path is found first), with the store's meanings:
 * SCOPE_OWN a lead the user owns, or an unassigned one in one of their
 * regions (all regions when they have none: lead.c's lead_now);
 * SCOPE_TEAM unassigned leads and those owned by the user or their
 * team; SCOPE_CONVERTED a converted lead whose deal the user collects;
 * SCOPE_ALL every row. A deleted lead, and what hangs off it, is there
 * only for those who may restore it (lead.c's lead_visible). Every
 * predicate also needs callq_me(), the users row of the session's login
 * (session_user: SECURITY DEFINER changes current_user, never it): a
 * login with no active users row here sees nothing, whatever its group.
 *
 * callq itself may run under a user's role too: what its store does
 * past the user's scope (the duplicate-number check, closing a
 * do-not-call number's follow-ups, a lead's history, its own audit rows)
 * is a SECURITY DEFINER function here, which measures the caller's
 * scope itself and answers no more than the store would; the store calls
 * them when row-level security binds its session (dialect.h's SQL_OWN).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrow.h"
#include "pgpolicy.h"

/* Actions of a rule, ended by PG_END. */
#define ACTS(...) { __VA_ARGS__, PG_END }

/*
 * The rules: which actions grant which command where. Writes of derived
 * rows (counters, stage moves, the number index's upkeep) are the
 * schema's triggers', run as the owner (pg_policy_base), so clients
 * get none on those tables.
 */
const struct pg_rule pg_rules[] = {
	{ "leads", "SELECT", PG_LEAD_ROW, NULL, NULL, ACTS(ACT_LEAD_READ) },
	{ "leads", "INSERT", PG_LEAD_ROW, NULL, NULL,
	    ACTS(ACT_LEAD_CREATE, ACT_IMPORT) },
	/*
	 * Logging a call and scheduling a follow-up write the lead's status,
	 * attempts and next follow-up, so those rights reach UPDATE too; a
	 * narrowing to those columns for whoever may not edit is a later
	 * step (column privileges by role).
	 */
	{ "leads", "UPDATE", PG_LEAD_ROW, NULL, NULL,
	    ACTS(ACT_LEAD_EDIT, ACT_LEAD_ASSIGN, ACT_LEAD_DELETE,
	    ACT_LEAD_RESTORE, ACT_LEAD_ZONE, ACT_CALL_LOG, ACT_FOLLOWUP) },
	{ "leads", "DELETE", PG_LEAD_ROW, NULL, NULL, ACTS(ACT_LEAD_DELETE) },

	{ "calls", "SELECT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_READ) },
	/* A rep's own calls count in their figures after the lead moved. */
	{ "calls", "SELECT", PG_SELF, "user_id", NULL,
	    ACTS(ACT_REPORT_READ) },
	{ "calls", "INSERT", PG_LEAD_REF, "lead_id", "user_id",
	    ACTS(ACT_CALL_LOG) },
	{ "calls", "UPDATE", PG_LEAD_REF, "lead_id", "user_id",
	    ACTS(ACT_CALL_LOG) },
	{ "calls", "DELETE", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_DELETE) },

	{ "notes", "SELECT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_READ) },
	{ "notes", "INSERT", PG_LEAD_REF, "lead_id", "user_id",
	    ACTS(ACT_CALL_LOG, ACT_LEAD_EDIT) },
	{ "notes", "UPDATE", PG_LEAD_REF, "lead_id", "user_id",
	    ACTS(ACT_CALL_LOG, ACT_LEAD_EDIT) },

	{ "followups", "SELECT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_READ) },
	{ "followups", "INSERT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_FOLLOWUP) },
	{ "followups", "UPDATE", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_FOLLOWUP) },

	/* A claim is written by whoever works the lead. */
	{ "assignments", "SELECT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_READ) },
	{ "assignments", "INSERT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_ASSIGN, ACT_CALL_LOG, ACT_LEAD_CREATE, ACT_IMPORT) },

	{ "contacts", "SELECT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_READ) },
	{ "contacts", "INSERT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_CONTACT_EDIT) },
	{ "contacts", "UPDATE", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_CONTACT_EDIT) },
	{ "contact_phones", "SELECT", PG_CONTACT_REF, "contact_id", NULL,
	    ACTS(ACT_LEAD_READ) },
	{ "contact_phones", "INSERT", PG_CONTACT_REF, "contact_id", NULL,
	    ACTS(ACT_CONTACT_EDIT) },
	{ "contact_phones", "UPDATE", PG_CONTACT_REF, "contact_id", NULL,
	    ACTS(ACT_CONTACT_EDIT) },
	{ "contact_phones", "DELETE", PG_CONTACT_REF, "contact_id", NULL,
	    ACTS(ACT_CONTACT_EDIT) },

	/* The search rows are readable, and written, with their lead. */
	{ "lead_keys", "SELECT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_READ) },
	{ "lead_keys", "INSERT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_IMPORT) },
	{ "lead_keys", "UPDATE", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_IMPORT) },
	{ "lead_keys", "DELETE", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_IMPORT) },
	{ "lead_text", "SELECT", PG_LEAD_REF, "rowid", NULL,
	    ACTS(ACT_LEAD_READ) },
	{ "lead_text", "INSERT", PG_LEAD_REF, "rowid", NULL,
	    ACTS(ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_IMPORT) },
	{ "lead_text", "UPDATE", PG_LEAD_REF, "rowid", NULL,
	    ACTS(ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_IMPORT) },
	{ "lead_text", "DELETE", PG_LEAD_REF, "rowid", NULL,
	    ACTS(ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_IMPORT) },
	/*
	 * The number index is read by everyone: a lead added must be told a
	 * duplicate of one its writer cannot see. It says only that a number
	 * is known and under which id; the lead stays hidden.
	 */
	{ "phones", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "phones", "INSERT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_IMPORT) },
	{ "phones", "DELETE", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_LEAD_CREATE, ACT_LEAD_EDIT, ACT_IMPORT) },

	{ "deals", "SELECT", PG_DEAL_ROW, NULL, NULL, ACTS(ACT_DEAL_READ) },
	{ "deals", "INSERT", PG_DEAL_ROW, NULL, NULL, ACTS(ACT_DEAL_EDIT) },
	/* A payment moves the deal's paid total and status. */
	{ "deals", "UPDATE", PG_DEAL_ROW, NULL, NULL,
	    ACTS(ACT_DEAL_EDIT, ACT_PAYMENT, ACT_PLAN_EDIT,
	    ACT_COLLECT_ASSIGN) },
	{ "installments", "SELECT", PG_DEAL_REF, "deal_id", NULL,
	    ACTS(ACT_DEAL_READ) },
	{ "installments", "INSERT", PG_DEAL_REF, "deal_id", NULL,
	    ACTS(ACT_DEAL_EDIT, ACT_PLAN_EDIT) },
	{ "installments", "UPDATE", PG_DEAL_REF, "deal_id", NULL,
	    ACTS(ACT_DEAL_EDIT, ACT_PLAN_EDIT, ACT_PAYMENT) },
	{ "installments", "DELETE", PG_DEAL_REF, "deal_id", NULL,
	    ACTS(ACT_DEAL_EDIT, ACT_PLAN_EDIT) },
	{ "promises", "SELECT", PG_DEAL_REF, "deal_id", NULL,
	    ACTS(ACT_DEAL_READ) },
	{ "promises", "INSERT", PG_DEAL_REF, "deal_id", NULL,
	    ACTS(ACT_PAYMENT) },
	{ "promises", "UPDATE", PG_DEAL_REF, "deal_id", NULL,
	    ACTS(ACT_PAYMENT) },
	{ "payments", "SELECT", PG_PAYMENT_ROW, NULL, NULL,
	    ACTS(ACT_PAYMENT_READ) },
	{ "payments", "INSERT", PG_PAYMENT_ROW, NULL, "recorded_by",
	    ACTS(ACT_PAYMENT) },
	/* Payments are deleted by a mark, as leads are. */
	{ "payments", "UPDATE", PG_PAYMENT_ROW, NULL, NULL,
	    ACTS(ACT_PAYMENT_DELETE) },

	/* Read only: the server writes the audit (pg_policy_base). */
	{ "audit", "SELECT", PG_AUDIT_ROW, NULL, NULL, ACTS(ACT_AUDIT_READ) },

	{ "users", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "users", "INSERT", PG_ANY, NULL, NULL, ACTS(ACT_USER_MANAGE) },
	{ "users", "UPDATE", PG_ANY, NULL, NULL, ACTS(ACT_USER_MANAGE) },
	{ "user_regions", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "user_regions", "INSERT", PG_ANY, NULL, NULL,
	    ACTS(ACT_USER_MANAGE) },
	{ "user_regions", "DELETE", PG_ANY, NULL, NULL,
	    ACTS(ACT_USER_MANAGE) },
	/* A user added to a new team makes it (user.c's team_id_for). */
	{ "teams", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "teams", "INSERT", PG_ANY, NULL, NULL,
	    ACTS(ACT_USER_MANAGE, ACT_SETTINGS) },
	{ "teams", "UPDATE", PG_ANY, NULL, NULL,
	    ACTS(ACT_USER_MANAGE, ACT_SETTINGS) },
	{ "regions", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "regions", "INSERT", PG_ANY, NULL, NULL,
	    ACTS(ACT_SETTINGS, ACT_IMPORT) },
	{ "regions", "UPDATE", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "settings", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "settings", "INSERT", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "settings", "UPDATE", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "settings", "DELETE", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "choices", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "choices", "INSERT", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "choices", "UPDATE", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "dispositions", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "dispositions", "INSERT", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "dispositions", "UPDATE", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "pipeline_stages", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "pipeline_stages", "INSERT", PG_ANY, NULL, NULL,
	    ACTS(ACT_SETTINGS) },
	{ "pipeline_stages", "UPDATE", PG_ANY, NULL, NULL,
	    ACTS(ACT_SETTINGS) },
	{ "transitions", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "transitions", "INSERT", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "transitions", "UPDATE", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "transitions", "DELETE", PG_ANY, NULL, NULL, ACTS(ACT_SETTINGS) },
	{ "import_batches", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "import_batches", "INSERT", PG_ANY, NULL, NULL, ACTS(ACT_IMPORT) },
	{ "import_batches", "UPDATE", PG_ANY, NULL, NULL, ACTS(ACT_IMPORT) },
	{ "dnc", "SELECT", PG_ANY, NULL, NULL, ACTS(ACT_DNC_READ) },
	{ "dnc", "INSERT", PG_ANY, NULL, NULL, ACTS(ACT_DNC_ADD) },
	{ "rotations", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "rotations", "INSERT", PG_ANY, NULL, NULL, ACTS(ACT_LEAD_ASSIGN) },
	{ "rotations", "UPDATE", PG_ANY, NULL, NULL, ACTS(ACT_LEAD_ASSIGN) },

	/* The board and round-robin read who is in; each writes their own. */
	{ "attendance", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "attendance", "INSERT", PG_SELF, "user_id", NULL,
	    ACTS(ACT_ATTENDANCE) },
	{ "leases", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "leases", "INSERT", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_CALL_LOG, ACT_LEASE_OVERRIDE) },
	{ "leases", "UPDATE", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_CALL_LOG, ACT_LEASE_OVERRIDE) },
	{ "leases", "DELETE", PG_LEAD_REF, "lead_id", NULL,
	    ACTS(ACT_CALL_LOG, ACT_LEASE_OVERRIDE) },
	{ "drafts", "SELECT", PG_SELF, "user_id", NULL, ACTS(PG_EVERY) },
	{ "drafts", "INSERT", PG_SELF, "user_id", NULL, ACTS(PG_EVERY) },
	{ "drafts", "UPDATE", PG_SELF, "user_id", NULL, ACTS(PG_EVERY) },
	{ "drafts", "DELETE", PG_SELF, "user_id", NULL, ACTS(PG_EVERY) },
	/* The store tells others (a team lead hears of a conversion). */
	{ "notifications", "SELECT", PG_SELF, "user_id", NULL,
	    ACTS(PG_EVERY) },
	{ "notifications", "UPDATE", PG_SELF, "user_id", NULL,
	    ACTS(PG_EVERY) },
	{ "notifications", "INSERT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },

	/* Derived rows the reports and boards read. */
	{ "stage_moves", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "region_counts", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "owner_counts", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
	{ "schema_meta", "SELECT", PG_ANY, NULL, NULL, ACTS(PG_EVERY) },
};
const size_t pg_rules_count = sizeof pg_rules / sizeof pg_rules[0];

/* A function that answers as the owner, with the floor's path pinned. */
#define PG_DEFINER \
	" STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$"

static const char *const groups[ROLE_COUNT] = {
	[ROLE_ADMIN] = "callq_admin", [ROLE_LEAD] = "callq_lead",
	[ROLE_REP] = "callq_rep", [ROLE_ANALYST] = "callq_analyst",
	[ROLE_RECOVERY] = "callq_recovery",
};

const char *
pg_policy_group(enum role role)
{
	return groups[role];
}

static enum scope
rule_scope(int action, enum role role)
{
	return action == PG_EVERY ? SCOPE_ALL :
	    perm_scope(role, (enum action)action);
}

/*
 * The lead scopes over a lead's id, owner, region and status, written
 * once: in callq_lead_in over its arguments, and in the leads table's
 * policies over its columns. me(f) reads one of the arrays above, as a
 * call (PG_FN, in a function) or as a scalar subquery (PG_ONCE, in a
 * policy: an InitPlan, computed once per statement rather than once per
 * row; the cast keeps ANY from reading the subquery as a set of rows).
 */
#define PG_FN(f) f "()"
#define PG_ONCE(f) "(SELECT " f "())"
#define PG_OWN(owner, region, me) \
	"(" owner " = " me("callq_me") " OR (" owner " IS NULL AND (" \
	me("callq_my_regions") " IS NULL OR " region " = ANY (" \
	me("callq_my_regions") "::bigint[]))))"
#define PG_TEAM(owner, me) \
	"(" owner " IS NULL OR " owner " = ANY (" me("callq_my_team_ids") \
	"::bigint[]))"
#define PG_CONVERTED(id, status, me) \
	"(" status " = 'Converted' AND " id " = ANY (" \
	me("callq_my_collections") "::bigint[]))"

/* A lead's scopes over the leads table's own columns. */
static const char *const lead_forms[] = {
	[SCOPE_OWN] = PG_OWN("owner_id", "region_id", PG_ONCE),
	[SCOPE_TEAM] = PG_TEAM("owner_id", PG_ONCE),
	[SCOPE_CONVERTED] = PG_CONVERTED("id", "status", PG_ONCE),
};

/*
 * One scope's expression for rule's kind into buf; -1 when the kind has
 * none for it (or buf is short). Deleted leads, and what hangs off
 * them, are in reach only of those who may restore them.
 */
static int
scope_form(const struct pg_rule *r, enum scope s, int deleted,
    char *buf, size_t size)
{
	const char *del = deleted ? "true" : "false";
	int n = -1;

	/*
	 * Every row (and the shared tables, where any scope reaches all):
	 * no function per row, and callq_me() once per statement (a scalar
	 * subquery is an InitPlan), so an admin's or an analyst's scan of a
	 * large table costs what it would without the policy. Who may not
	 * see deleted leads still has each row's lead looked at.
	 */
	if (r->kind == PG_ANY || (s == SCOPE_ALL && r->kind != PG_SELF &&
	    (deleted || r->kind == PG_LEAD_ROW || r->kind == PG_AUDIT_ROW))) {
		n = snprintf(buf, size, "(SELECT callq_me()) IS NOT NULL%s",
		    r->kind == PG_LEAD_ROW && !deleted ?
		    " AND deleted_at IS NULL" : "");
		return n < 0 || (size_t)n >= size ? -1 : 0;
	}
	switch (r->kind) {
	case PG_LEAD_ROW:
		if (s >= sizeof lead_forms / sizeof lead_forms[0] ||
		    lead_forms[s] == NULL)
			break;
		n = snprintf(buf, size, "%s IS NOT NULL AND %s%s",
		    PG_ONCE("callq_me"), lead_forms[s],
		    deleted ? "" : " AND deleted_at IS NULL");
		break;
	case PG_LEAD_REF:
		n = snprintf(buf, size, "callq_lead_ref(%d, %s, %s)", (int)s,
		    r->column, del);
		break;
	case PG_CONTACT_REF:
		n = snprintf(buf, size, "callq_contact_ref(%d, %s, %s)",
		    (int)s, r->column, del);
		break;
	case PG_DEAL_ROW:
		n = snprintf(buf, size, "callq_deal_in(%d, lead_id,"
		    " collector_id, %s)", (int)s, del);
		break;
	case PG_DEAL_REF:
		n = snprintf(buf, size, "callq_deal_ref(%d, %s, %s)", (int)s,
		    r->column, del);
		break;
	case PG_PAYMENT_ROW:
		n = snprintf(buf, size, "callq_payment_in(%d, lead_id,"
		    " deal_id, %s)", (int)s, del);
		break;
	case PG_AUDIT_ROW:
		/* audit.c's AUDIT_READABLE: everything, or the team's rows. */
		if (s == SCOPE_TEAM)
			n = snprintf(buf, size, "callq_audit_team(actor_id,"
			    " entity, entity_id)");
		else if (s == SCOPE_OWN)
			n = snprintf(buf, size, "actor_id = callq_me()");
		break;
	case PG_SELF:
		n = snprintf(buf, size, "%s = (SELECT callq_me())", r->column);
		break;
	case PG_ANY:	/* any scope reaches all: above */
		break;
	}
	if (n < 0 || (size_t)n >= size)
		return -1;
	if (r->self == NULL || s == SCOPE_ALL)
		return 0;
	return (size_t)snprintf(buf + n, size - (size_t)n,
	    " AND %s = (SELECT callq_me())", r->self) < size - (size_t)n ?
	    0 : -1;
}

int
pg_policy_predicate(const struct pg_rule *rule, enum role role,
    char *buf, size_t size)
{
	int deleted = perm_scope(role, ACT_LEAD_RESTORE) != SCOPE_NONE;
	unsigned seen = 0;
	size_t used = 0;
	char one[512];
	enum scope s;
	int i;

	if (size == 0)
		return -1;
	buf[0] = '\0';
	for (i = 0; rule->actions[i] != PG_END; i++) {
		s = rule_scope(rule->actions[i], role);
		/* Several actions of one scope make one term. */
		if (s == SCOPE_NONE || (seen & 1u << s))
			continue;
		seen |= 1u << s;
		if (scope_form(rule, s, deleted, one, sizeof one) != 0)
			return -1;
		used += (size_t)snprintf(buf + used, size - used, "%s(%s)",
		    used > 0 ? " OR " : "", one);
		if (used >= size)
			return -1;
	}
	return seen != 0;
}

/*
 * The group roles, made once for the cluster, and the schema's use; the
 * login roles are made by those who manage users. A role of a group's
 * name that someone else made to log in is refused, not adopted: every
 * user would inherit what it is granted.
 */
static void
groups_write(FILE *f)
{
	int r;

	for (r = 0; r < ROLE_COUNT; r++) {
		fprintf(f, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles"
		    " WHERE rolname = '%s') THEN CREATE ROLE %s NOLOGIN;"
		    " ELSIF EXISTS (SELECT 1 FROM pg_roles WHERE rolname ="
		    " '%s' AND (rolcanlogin OR rolsuper OR rolbypassrls))"
		    " THEN RAISE EXCEPTION 'the role %s may log in or has"
		    " powers: it cannot be a callq group';"
		    " END IF; EXECUTE format('GRANT USAGE ON SCHEMA %%I"
		    " TO %s', current_schema()); END $$;\n", groups[r],
		    groups[r], groups[r], groups[r], groups[r]);
		fprintf(f, "GRANT EXECUTE ON FUNCTION callq_audit(text,"
		    " bigint, text, text), callq_phone_taken(text, bigint),"
		    " callq_lead_audit(bigint), callq_hours_questions()"
		    " TO %s;\n", groups[r]);
		if (perm_scope((enum role)r, ACT_DNC_ADD) != SCOPE_NONE)
			fprintf(f, "GRANT EXECUTE ON FUNCTION"
			    " callq_dnc_close(text) TO %s;\n", groups[r]);
		if (perm_scope((enum role)r, ACT_USER_MANAGE) != SCOPE_NONE)
			fprintf(f, "GRANT EXECUTE ON FUNCTION"
			    " callq_user_login(text) TO %s;\n", groups[r]);
	}
}

/*
 * The session's user's scope for an action, from the permission table,
 * as the store takes it from perm_scope; NULL for a login with no active
 * users row. What the server's functions answer for a user across
 * scopes is measured by these, never by a scope the caller names.
 */
static const struct {
	const char *name;
	enum action action;
} my_scopes[] = {
	{ "callq_my_read_scope", ACT_LEAD_READ },	/* LEAD_READABLE */
	{ "callq_my_restore_scope", ACT_LEAD_RESTORE },	/* deleted leads */
	{ "callq_my_payment_scope", ACT_PAYMENT_READ },
};

static void
read_scope_write(FILE *f)
{
	size_t i;
	int r;

	for (i = 0; i < sizeof my_scopes / sizeof my_scopes[0]; i++) {
		fprintf(f, "CREATE FUNCTION %s() RETURNS integer LANGUAGE sql"
		    PG_DEFINER " SELECT CASE role", my_scopes[i].name);
		for (r = 0; r < ROLE_COUNT; r++)
			fprintf(f, " WHEN '%s' THEN %d",
			    role_name((enum role)r), (int)perm_scope(
			    (enum role)r, my_scopes[i].action));
		fputs(" END FROM users WHERE id = callq_me() $$;\n", f);
	}
}

/*
 * Tables a role without a read policy may still name, reading no row:
 * the SELECT privilege with no policy (row-level security then denies
 * every row). A lead's timeline is one statement that names the lead's
 * payments beside its calls, and shows them only to who may read them
 * (timeline.c); without the privilege the server would refuse the whole
 * of it to a rep.
 */
static const char *const empty_reads[] = { "payments" };

static int
empty_reads_write(FILE *f)
{
	char pred[2048];
	size_t i, j;
	int role, rc;

	for (i = 0; i < pg_rules_count; i++)
		for (j = 0; j < sizeof empty_reads / sizeof empty_reads[0];
		    j++) {
			if (strcmp(pg_rules[i].table, empty_reads[j]) != 0 ||
			    strcmp(pg_rules[i].command, "SELECT") != 0)
				continue;
			for (role = 0; role < ROLE_COUNT; role++) {
				rc = pg_policy_predicate(&pg_rules[i],
				    (enum role)role, pred, sizeof pred);
				if (rc < 0)
					return -1;
				if (rc == 0)
					fprintf(f, "GRANT SELECT ON %s TO %s;\n",
					    empty_reads[j], groups[role]);
			}
		}
	return 0;
}

/* "SELECT" as a policy name reads it: "select". */
static void
lower_write(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s, f);
}

static int
rule_write(FILE *f, const struct pg_rule *r)
{
	char pred[2048];
	int role, rc;

	for (role = 0; role < ROLE_COUNT; role++) {
		rc = pg_policy_predicate(r, (enum role)role, pred, sizeof pred);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		fprintf(f, "GRANT %s ON %s TO %s;\nCREATE POLICY %s_",
		    r->command, r->table, groups[role], r->table);
		lower_write(f, r->command);
		fprintf(f, "_%s%s ON %s FOR %s TO %s",
		    role_name((enum role)role),
		    r->kind == PG_SELF ? "_self" : "", r->table, r->command,
		    groups[role]);
		if (strcmp(r->command, "INSERT") != 0)
			fprintf(f, " USING (%s)", pred);
		if (strcmp(r->command, "INSERT") == 0 ||
		    strcmp(r->command, "UPDATE") == 0)
			fprintf(f, " WITH CHECK (%s)", pred);
		fputs(";\n", f);
	}
	return 0;
}

char *
pg_policy_sql(void)
{
	char *sql = NULL;
	size_t size = 0, i, j;
	FILE *f;
	int bad = 0;

	if ((f = open_memstream(&sql, &size)) == NULL)
		return NULL;
	groups_write(f);
	read_scope_write(f);
	for (i = 0; i < pg_rules_count && !bad; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(pg_rules[j].table, pg_rules[i].table) == 0)
				break;
		if (j == i)
			fprintf(f, "ALTER TABLE %s ENABLE ROW LEVEL"
			    " SECURITY;\n", pg_rules[i].table);
		bad = rule_write(f, &pg_rules[i]) != 0;
	}
	bad = bad || empty_reads_write(f) != 0;
	fprintf(f, "COMMENT ON FUNCTION callq_user_login(text) IS"
	    " 'callq security %d';\n", PG_SECURITY_VERSION);
	if (fclose(f) != 0 || bad) {
		free(sql);
		return NULL;
	}
	return sql;
}

/*
 * Every function pg_policy_base has made in any version, each name once
 * (the scopes' are my_scopes): what an older security may have left. A
 * function made there and missing here stops the load after an upgrade
 * with "already exists" (tests/pg/secupgrade.sh upgrades each older
 * version tests/pg/security_v1/ holds).
 */
static const char *const base_functions[] = {
	"callq_me", "callq_my_team", "callq_my_regions", "callq_my_team_ids",
	"callq_my_collections", "callq_lead_in", "callq_lead_ref",
	"callq_contact_ref", "callq_deal_in", "callq_deal_ref",
	"callq_payment_in", "callq_audit_team", "callq_audit_actor",
	"callq_audit", "callq_audit_row", "callq_phone_taken",
	"callq_lead_audit", "callq_hours_questions", "callq_dnc_close",
	"callq_user_login", "callq_region_mine",
};

/* The functions' names as an SQL array of constants. */
static void
names_write(FILE *f)
{
	size_t i;

	fputs("ARRAY[", f);
	for (i = 0; i < sizeof base_functions / sizeof base_functions[0]; i++)
		fprintf(f, "%s'%s'", i > 0 ? ", " : "", base_functions[i]);
	for (i = 0; i < sizeof my_scopes / sizeof my_scopes[0]; i++)
		fprintf(f, ", '%s'", my_scopes[i].name);
	fputs("]", f);
}

/*
 * Every policy in the floor's schema goes, and row-level security with
 * it (the load turns it on again where a rule reads the table). Each
 * function goes by its signature, whatever a version gave it, with
 * CASCADE: that takes the triggers that call it, and whatever else was
 * made to depend on it (a view of an admin's, another session's
 * temporary view), which must not keep the floor at an older security.
 * The tables' privileges are the groups' no longer, so that a narrower
 * permission table narrows them.
 */
char *
pg_policy_drop_sql(void)
{
	char *sql = NULL;
	size_t size = 0;
	int r;
	FILE *f;

	if ((f = open_memstream(&sql, &size)) == NULL)
		return NULL;
	fputs("DO $$ DECLARE p record; fs text[]; fn text; BEGIN"
	    " FOR p IN SELECT schemaname, tablename, policyname"
	    " FROM pg_policies WHERE schemaname = current_schema() LOOP"
	    " EXECUTE format('DROP POLICY %I ON %I.%I', p.policyname,"
	    " p.schemaname, p.tablename); END LOOP;"
	    " FOR p IN SELECT relname FROM pg_class WHERE relnamespace ="
	    " current_schema()::regnamespace AND relkind = 'r' AND"
	    " relrowsecurity LOOP EXECUTE format('ALTER TABLE %I.%I DISABLE"
	    " ROW LEVEL SECURITY', current_schema(), p.relname); END LOOP;"
	    " SELECT array_agg(CAST(CAST(oid AS regprocedure) AS text))"
	    " INTO fs FROM pg_proc WHERE pronamespace ="
	    " current_schema()::regnamespace AND proname = ANY (", f);
	names_write(f);
	fputs("); FOREACH fn IN ARRAY coalesce(fs, '{}') LOOP"
	    " EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', fn);"
	    " END LOOP;"
	    " EXECUTE format('DROP TABLE IF EXISTS %I.audit_tx,"
	    " %I.audit_tx_rows', current_schema(), current_schema());"
	    " END $$;\n", f);
	for (r = 0; r < ROLE_COUNT; r++)
		fprintf(f, "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE"
		    " rolname = '%s') THEN EXECUTE format('REVOKE ALL ON ALL"
		    " TABLES IN SCHEMA %%I FROM %s', current_schema());"
		    " END IF; END $$;\n", groups[r], groups[r]);
	if (fclose(f) != 0) {
		free(sql);
		return NULL;
	}
	return sql;
}

const char pg_policy_base[] =
	/*
	 * The path SET search_path FROM CURRENT pins in each function: the
	 * floor's schema, then pg_temp last (else it is searched first),
	 * for this transaction only.
	 */
	"SELECT set_config('search_path', format('%I, pg_temp',"
	"  current_schema()), true);"
	/* Nothing is anyone's but through the groups' grants below. */
	"DO $$ BEGIN EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I"
	"  FROM PUBLIC', current_schema()); END $$;"

	/*
	 * The scopes' SQL, as the store's queries read them. Any login may
	 * call these (the policies run them as the querying user); what a
	 * caller learns by passing a wider scope than its own is whether a
	 * lead or deal id exists and is deleted, and whether a lead's owner
	 * is in its team: never a row's content. Counts per region are
	 * everyone's already (region_counts).
	 */
	"CREATE FUNCTION callq_me() RETURNS bigint LANGUAGE sql" PG_DEFINER
	"  SELECT id FROM users WHERE login = session_user::text"
	"  AND active = 1 $$;"
	"CREATE FUNCTION callq_my_team() RETURNS bigint LANGUAGE sql"
	PG_DEFINER " SELECT team_id FROM users WHERE id = callq_me() $$;"
	/*
	 * What the scopes compare with, each an array made once: the
	 * user's regions (NULL when none: lead.c gives such a user them
	 * all), the user and their team's members, the leads whose deals
	 * the user collects (NULL when none).
	 */
	"CREATE FUNCTION callq_my_regions() RETURNS bigint[] LANGUAGE sql"
	PG_DEFINER " SELECT array_agg(region_id) FROM user_regions"
	"  WHERE user_id = callq_me() $$;"
	"CREATE FUNCTION callq_my_team_ids() RETURNS bigint[] LANGUAGE sql"
	PG_DEFINER " SELECT array_agg(id) FROM users WHERE id = callq_me()"
	"  OR team_id = callq_my_team() $$;"
	"CREATE FUNCTION callq_my_collections() RETURNS bigint[]"
	"  LANGUAGE sql" PG_DEFINER " SELECT array_agg(lead_id) FROM deals"
	"  WHERE collector_id = callq_me() $$;"
	/* leadrow.h's LEAD_READABLE: $1 the scope, then the lead's columns. */
	"CREATE FUNCTION callq_lead_in(integer, bigint, bigint, bigint, text)"
	"  RETURNS boolean LANGUAGE sql" PG_DEFINER
	"  SELECT callq_me() IS NOT NULL AND coalesce(CASE $1"
	"  WHEN 4 THEN true"
	"  WHEN 1 THEN " PG_OWN("$3", "$4", PG_FN) ""
	"  WHEN 3 THEN " PG_TEAM("$3", PG_FN) ""
	"  WHEN 2 THEN " PG_CONVERTED("$2", "$5", PG_FN) ""
	"  END, false) $$;"
	/* A row of lead $2's: $3 true when a deleted lead is in reach. */
	"CREATE FUNCTION callq_lead_ref(integer, bigint, boolean)"
	"  RETURNS boolean LANGUAGE sql" PG_DEFINER
	"  SELECT coalesce((SELECT callq_lead_in($1, l.id, l.owner_id,"
	"  l.region_id, l.status) AND ($3 OR l.deleted_at IS NULL)"
	"  FROM leads l WHERE l.id = $2), false) $$;"
	"CREATE FUNCTION callq_contact_ref(integer, bigint, boolean)"
	"  RETURNS boolean LANGUAGE sql" PG_DEFINER
	"  SELECT coalesce((SELECT callq_lead_ref($1, c.lead_id, $3)"
	"  FROM contacts c WHERE c.id = $2), false) $$;"
	/*
	 * deal.c's DEAL_COLS: a rep the deals of the leads they own, a
	 * recovery agent those they collect, a team lead its team's and
	 * the unassigned. $2 the lead, $3 the collector.
	 */
	"CREATE FUNCTION callq_deal_in(integer, bigint, bigint, boolean)"
	"  RETURNS boolean LANGUAGE sql" PG_DEFINER
	"  SELECT callq_me() IS NOT NULL AND coalesce((SELECT"
	"  ($4 OR l.deleted_at IS NULL) AND CASE $1 WHEN 4 THEN true"
	"  WHEN 2 THEN $3 = callq_me()"
	"  WHEN 1 THEN l.owner_id = callq_me()"
	"  WHEN 3 THEN " PG_TEAM("l.owner_id", PG_FN) ""
	"  END FROM leads l WHERE l.id = $2), false) $$;"
	"CREATE FUNCTION callq_deal_ref(integer, bigint, boolean)"
	"  RETURNS boolean LANGUAGE sql" PG_DEFINER
	"  SELECT coalesce((SELECT callq_deal_in($1, d.lead_id,"
	"  d.collector_id, $3) FROM deals d WHERE d.id = $2), false) $$;"
	/* payment.c's PAY_F_BOUNDED: $2 the lead, $3 the deal. */
	"CREATE FUNCTION callq_payment_in(integer, bigint, bigint, boolean)"
	"  RETURNS boolean LANGUAGE sql" PG_DEFINER
	"  SELECT CASE WHEN $1 = 2 THEN callq_deal_ref(2, $3, $4)"
	"  ELSE callq_deal_in($1, $2, NULL, $4) END $$;"
	/* audit.c's AUDIT_READABLE for a team: $1 actor, $2 entity, $3 id. */
	"CREATE FUNCTION callq_audit_team(bigint, text, bigint)"
	"  RETURNS boolean LANGUAGE sql" PG_DEFINER
	"  SELECT callq_me() IS NOT NULL AND ($1 = callq_me()"
	"  OR EXISTS (SELECT 1 FROM users u WHERE u.id = $1"
	"   AND u.team_id = callq_my_team())"
	"  OR ($2 = 'user' AND EXISTS (SELECT 1 FROM users m"
	"   WHERE m.id = $3 AND m.team_id = callq_my_team()))"
	"  OR ($2 = 'lead' AND EXISTS (SELECT 1 FROM leads l JOIN users o"
	"   ON o.id = l.owner_id WHERE l.id = $3"
	"   AND o.team_id = callq_my_team()))) $$;"

	/*
	 * The schema's triggers keep derived rows (counters, flags, the
	 * number index, stage moves, the collection days) that no client
	 * may write: they run as the owner, with the path pinned. A trigger
	 * function cannot be called but as a trigger.
	 */
	"DO $$ DECLARE f regprocedure; BEGIN"
	"  FOR f IN SELECT p.oid FROM pg_proc p WHERE p.prorettype ="
	"  'trigger'::regtype AND p.pronamespace ="
	"  current_schema()::regnamespace LOOP"
	"  EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER"
	"   SET search_path FROM CURRENT', f);"
	"  END LOOP; END $$;"

	/*
	 * The audit written by the server. Clients hold no INSERT, UPDATE
	 * or DELETE on audit (no rule grants one); rows come from
	 * callq_audit and from the row triggers below, both run as the
	 * owner, both stamping the actor (callq_me()) and the time
	 * themselves.
	 *
	 * One change, one row: the store, which writes richer rows than a
	 * trigger can (names for ids, the reason given), calls callq_audit
	 * in the transaction of the statements it describes; the call
	 * leaves a claim (this transaction, entity, id) in audit_tx, and
	 * the row triggers skip what is claimed. A claim of a lead covers
	 * what hangs off it (its calls, deals and payments: the store's row
	 * on a lead tells of the call logged on it). A claim can be made
	 * only through callq_audit, which writes a row naming its caller:
	 * no one can silence the trigger without leaving their name on the
	 * entity, though the details of a claimed change are then the
	 * caller's own account. (A transaction-local setting would not do:
	 * any client can set one.) Claims of finished transactions are
	 * cleared as new ones are made.
	 *
	 * The store writes its row once the change is made, so a trigger
	 * may have written its own first: audit_tx_rows keeps which rows
	 * the triggers wrote in a transaction still running (and the lead
	 * each is of), and callq_audit takes the place of those its claim
	 * covers, in that transaction, before anyone else can read them;
	 * rows of finished transactions are cleared as new ones are kept.
	 */
	"CREATE UNLOGGED TABLE audit_tx ("
	"  xid xid8 NOT NULL,"
	"  entity text NOT NULL,"
	"  entity_id bigint NOT NULL,"
	"  PRIMARY KEY (xid, entity, entity_id));"
	"REVOKE ALL ON audit_tx FROM PUBLIC;"
	"CREATE UNLOGGED TABLE audit_tx_rows ("
	"  xid xid8 NOT NULL,"
	"  entity text NOT NULL,"
	"  entity_id bigint NOT NULL,"
	"  lead_id bigint,"
	"  audit_id bigint NOT NULL);"
	"CREATE INDEX audit_tx_rows_xid ON audit_tx_rows(xid);"
	"REVOKE ALL ON audit_tx_rows FROM PUBLIC;"
	"CREATE FUNCTION callq_audit_actor() RETURNS bigint LANGUAGE plpgsql"
	"  STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$"
	"DECLARE me bigint := callq_me(); BEGIN"
	"  IF me IS NULL THEN RAISE EXCEPTION"
	"   '% is not an active callq user of this floor', session_user"
	"   USING ERRCODE = 'insufficient_privilege'; END IF;"
	"  RETURN me; END $$;"
	"CREATE FUNCTION callq_audit(a_entity text, a_id bigint,"
	"  a_action text, a_details text) RETURNS bigint LANGUAGE plpgsql"
	"  SECURITY DEFINER SET search_path FROM CURRENT AS $$"
	"DECLARE me bigint := callq_audit_actor(); row_id bigint; BEGIN"
	"  DELETE FROM audit_tx"
	"   WHERE xid < pg_snapshot_xmin(pg_current_snapshot());"
	"  DELETE FROM audit_tx_rows"
	"   WHERE xid < pg_snapshot_xmin(pg_current_snapshot());"
	"  IF a_id IS NOT NULL THEN INSERT INTO audit_tx VALUES"
	"   (pg_current_xact_id(), a_entity, a_id) ON CONFLICT DO NOTHING;"
	"   WITH t AS (DELETE FROM audit_tx_rows WHERE xid ="
	"    pg_current_xact_id() AND ((entity = a_entity"
	"    AND entity_id = a_id) OR (a_entity = 'lead' AND lead_id = a_id))"
	"    RETURNING audit_id)"
	"   DELETE FROM audit WHERE id IN (SELECT audit_id FROM t);"
	"  END IF;"
	"  INSERT INTO audit (at, actor_id, real_id, real_login, entity,"
	"   entity_id, action, details) VALUES"
	"   (floor(extract(epoch FROM now()))::bigint, me, me,"
	"   session_user::text, a_entity, a_id, a_action, a_details)"
	"   RETURNING id INTO row_id;"
	"  RETURN row_id; END $$;"
	/*
	 * The row trigger: TG_ARGV[0] the entity. Its actions are row-add,
	 * row-edit and row-remove, so they are told from the store's; an
	 * edit's details are the changed columns, each {"from": old, "to":
	 * new}. A change made by another trigger is derived (a call marks
	 * its lead called) and not written again; the owner's own upkeep
	 * (session_user is the owner) has no callq user to name; any other
	 * login with no active users row is refused. lid is the lead the
	 * row is of (a lead's own id; a call's, deal's or payment's lead).
	 */
	"CREATE FUNCTION callq_audit_row() RETURNS trigger LANGUAGE plpgsql"
	"  SECURITY DEFINER SET search_path FROM CURRENT AS $$"
	"DECLARE me bigint; eid bigint; d jsonb; j jsonb; act text;"
	"  lid bigint; row_id bigint; BEGIN"
	"  IF pg_trigger_depth() > 1 OR session_user = current_user THEN"
	"   RETURN NULL; END IF;"
	"  me := callq_audit_actor();"
	"  IF TG_OP = 'DELETE' THEN j := to_jsonb(OLD); ELSE"
	"   j := to_jsonb(NEW); END IF;"
	"  eid := (j ->> 'id')::bigint;"
	"  lid := CASE TG_ARGV[0] WHEN 'lead' THEN eid WHEN 'user' THEN NULL"
	"   ELSE (j ->> 'lead_id')::bigint END;"
	"  IF TG_OP = 'DELETE' THEN d := j; act := 'row-remove';"
	"  ELSIF TG_OP = 'INSERT' THEN d := j; act := 'row-add';"
	"  ELSE act := 'row-edit';"
	"   SELECT jsonb_object_agg(n.key, jsonb_build_object('from',"
	"   to_jsonb(OLD) -> n.key, 'to', n.value)) INTO d"
	"   FROM jsonb_each(to_jsonb(NEW)) n"
	"   WHERE to_jsonb(OLD) -> n.key IS DISTINCT FROM n.value;"
	"   IF d IS NULL THEN RETURN NULL; END IF;"
	"  END IF;"
	"  IF EXISTS (SELECT 1 FROM audit_tx WHERE xid = pg_current_xact_id()"
	"   AND ((entity = TG_ARGV[0] AND entity_id = eid)"
	"   OR (entity = 'lead' AND entity_id = lid))) THEN RETURN NULL;"
	"  END IF;"
	"  INSERT INTO audit (at, actor_id, real_id, real_login, entity,"
	"   entity_id, action, details) VALUES"
	"   (floor(extract(epoch FROM now()))::bigint, me, me,"
	"   session_user::text, TG_ARGV[0], eid, act, d::text)"
	"   RETURNING id INTO row_id;"
	"  DELETE FROM audit_tx_rows"
	"   WHERE xid < pg_snapshot_xmin(pg_current_snapshot());"
	"  INSERT INTO audit_tx_rows VALUES (pg_current_xact_id(),"
	"   TG_ARGV[0], eid, lid, row_id);"
	"  RETURN NULL; END $$;"
	"CREATE TRIGGER callq_audit_row AFTER INSERT OR UPDATE OR DELETE"
	"  ON leads FOR EACH ROW EXECUTE FUNCTION callq_audit_row('lead');"
	"CREATE TRIGGER callq_audit_row AFTER INSERT OR UPDATE OR DELETE"
	"  ON calls FOR EACH ROW EXECUTE FUNCTION callq_audit_row('call');"
	"CREATE TRIGGER callq_audit_row AFTER INSERT OR UPDATE OR DELETE"
	"  ON deals FOR EACH ROW EXECUTE FUNCTION callq_audit_row('deal');"
	"CREATE TRIGGER callq_audit_row AFTER INSERT OR UPDATE OR DELETE"
	"  ON payments FOR EACH ROW EXECUTE FUNCTION"
	"  callq_audit_row('payment');"
	"CREATE TRIGGER callq_audit_row AFTER INSERT OR UPDATE OR DELETE"
	"  ON users FOR EACH ROW EXECUTE FUNCTION callq_audit_row('user');"

	/*
	 * What the store does across scopes, for a user under their own
	 * role, whose policies would hide it: each answers only what the
	 * store would tell that user, measured by the user's own scope
	 * (callq_my_read_scope, generated from the permission table).
	 *
	 * lead.c's phone_taken: the live lead, other than a_self, that has
	 * the number, those the user may read first; its owner's login only
	 * when the user may read the lead. That the number is known, and
	 * under which lead id, the number index tells everyone already.
	 */
	"CREATE FUNCTION callq_phone_taken(a_e164 text, a_self bigint)"
	"  RETURNS TABLE (t_id bigint, t_owner text, t_seen integer)"
	"  LANGUAGE plpgsql" PG_DEFINER " BEGIN"
	"  IF callq_me() IS NULL THEN RETURN; END IF;"
	"  RETURN QUERY SELECT q.id, CASE WHEN q.seen THEN q.login"
	"   ELSE '' END, q.seen::integer FROM (SELECT l.id,"
	"   coalesce(o.login, '') AS login, callq_lead_in("
	"   callq_my_read_scope(), l.id, l.owner_id, l.region_id, l.status)"
	"   AS seen FROM phones p JOIN leads l ON l.id = p.lead_id"
	"   LEFT JOIN users o ON o.id = l.owner_id"
	"   WHERE p.e164 = a_e164 AND l.id <> a_self"
	"   AND l.deleted_at IS NULL) q ORDER BY q.seen DESC, q.id LIMIT 1;"
	"  END $$;"
	/*
	 * timeline.c's audit rows of a lead, its deals' and (for who may
	 * read payments) its payments', for whoever may read the lead: the
	 * audit's own policy gives a rep only the rows they wrote.
	 */
	"CREATE FUNCTION callq_lead_audit(a_lead bigint) RETURNS SETOF audit"
	"  LANGUAGE plpgsql" PG_DEFINER " BEGIN"
	"  IF NOT callq_lead_ref(callq_my_read_scope(), a_lead,"
	"   coalesce(callq_my_restore_scope(), 0) <> 0) THEN RETURN; END IF;"
	"  RETURN QUERY SELECT a.* FROM audit a"
	"   WHERE (a.entity = 'lead' AND a.entity_id = a_lead)"
	"   OR (a.entity = 'deal' AND a.entity_id IN (SELECT d.id"
	"    FROM deals d WHERE d.lead_id = a_lead))"
	"   OR (a.entity = 'payment' AND coalesce(callq_my_payment_scope(),"
	"    0) <> 0 AND a.entity_id IN (SELECT p.id FROM payments p"
	"    WHERE p.lead_id = a_lead));"
	"  END $$;"
	/*
	 * queue.c's hours questions, which under row-level security the
	 * planner may not read along their index (QUEUE_ASKS_OWN): the zones,
	 * countries and states the floor's open leads pose, no lead and no
	 * count, for a callq user.
	 */
	"CREATE FUNCTION callq_hours_questions()"
	"  RETURNS TABLE (q_zone text, q_country text, q_state text)"
	"  LANGUAGE plpgsql" PG_DEFINER " BEGIN"
	"  IF callq_me() IS NULL THEN RETURN; END IF;"
	"  RETURN QUERY " QUEUE_ASKS ";"
	"  END $$;"
	/*
	 * followup.c's followup_close_for_number: a number on the
	 * do-not-call list has no one's follow-ups open, whoever's lead
	 * has it. Only for a number on the list, which only those who may
	 * add to it put there; each lead's closing audited as the store
	 * does (followup_close_for_lead). The number of leads touched.
	 */
	"CREATE FUNCTION callq_dnc_close(a_e164 text) RETURNS integer"
	"  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT"
	"  AS $$ DECLARE me bigint := callq_audit_actor(); l bigint;"
	"  n integer; leads integer := 0;"
	"  why constant text := 'closed: the number is on do-not-call';"
	"  BEGIN"
	"  IF NOT EXISTS (SELECT 1 FROM dnc WHERE phone_e164 = a_e164) THEN"
	"   RAISE EXCEPTION '% is not on the do-not-call list', a_e164"
	"   USING ERRCODE = 'invalid_parameter_value'; END IF;"
	"  FOR l IN SELECT DISTINCT f.lead_id FROM followups f JOIN phones p"
	"   ON p.lead_id = f.lead_id WHERE p.e164 = a_e164"
	"   AND f.state = 'open' ORDER BY 1 LOOP"
	"   UPDATE followups SET state = 'cancelled',"
	"    done_at = floor(extract(epoch FROM now()))::bigint,"
	"    outcome = why WHERE lead_id = l AND state = 'open';"
	"   GET DIAGNOSTICS n = ROW_COUNT;"
	"   UPDATE leads SET next_followup_at = (SELECT min(due_at)"
	"    FROM followups WHERE lead_id = l AND state = 'open')"
	"    WHERE id = l;"
	"   PERFORM callq_audit('lead', l, 'followups-closed',"
	"    format('{\"closed\":%s,\"outcome\":%s}', n, to_json(why)));"
	"   leads := leads + 1;"
	"  END LOOP;"
	"  RETURN leads; END $$;"

	/*
	 * The login role of a callq user, made or brought in step with the
	 * users row of that login: a member of its role's group while the
	 * user is active, NOLOGIN and a member of none once not. Called by
	 * the store as an admin adds or changes a user, in the transaction
	 * that wrote the row; the role is read from the row, never taken
	 * from the caller. Only an active admin (or the floor's owner, to
	 * make the first one) may run it. The login must be as users.login
	 * takes it (user.c's login_is_valid), must not be reserved
	 * (pg_...) or a group's (callq_...), and an existing role with any
	 * power beyond logging in is never touched.
	 */
	"CREATE FUNCTION callq_user_login(a_login text) RETURNS void"
	"  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT"
	"  AS $$ DECLARE u record; r record; BEGIN"
	"  IF session_user <> current_user AND NOT EXISTS (SELECT 1"
	"   FROM users WHERE id = callq_me() AND role = 'admin') THEN"
	"   RAISE EXCEPTION 'only an active callq admin makes login roles'"
	"   USING ERRCODE = 'insufficient_privilege'; END IF;"
	"  IF a_login !~ '^[a-z_][a-z0-9_.-]{0,31}$'"
	"   OR a_login ~ '^(pg_|callq_)' OR a_login = current_user THEN"
	"   RAISE EXCEPTION '\"%\" cannot be a callq login role', a_login"
	"   USING ERRCODE = 'invalid_parameter_value'; END IF;"
	"  SELECT role, active INTO u FROM users WHERE login = a_login;"
	"  IF NOT FOUND THEN RAISE EXCEPTION 'no callq user \"%\"', a_login"
	"   USING ERRCODE = 'no_data_found'; END IF;"
	"  SELECT * INTO r FROM pg_roles WHERE rolname = a_login;"
	"  IF NOT FOUND THEN"
	"   EXECUTE format('CREATE ROLE %I LOGIN', a_login);"
	"  ELSIF r.rolsuper OR r.rolcreaterole OR r.rolcreatedb"
	"   OR r.rolreplication OR r.rolbypassrls THEN"
	"   RAISE EXCEPTION 'the role \"%\" has powers a callq login must"
	" not have; it is left as it is', a_login"
	"   USING ERRCODE = 'insufficient_privilege'; END IF;"
	"  FOR r IN SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g"
	"   ON g.oid = m.roleid JOIN pg_roles l ON l.oid = m.member"
	"   WHERE l.rolname = a_login AND g.rolname LIKE 'callq\\_%' LOOP"
	"   EXECUTE format('REVOKE %I FROM %I', r.rolname, a_login);"
	"  END LOOP;"
	"  IF u.active = 1 THEN"
	"   EXECUTE format('ALTER ROLE %I LOGIN', a_login);"
	"   EXECUTE format('GRANT %I TO %I', 'callq_' || u.role, a_login);"
	"  ELSE EXECUTE format('ALTER ROLE %I NOLOGIN', a_login); END IF;"
	"  END $$;"
	"REVOKE EXECUTE ON FUNCTION callq_user_login(text),"
	"  callq_audit(text, bigint, text, text),"
	"  callq_phone_taken(text, bigint), callq_dnc_close(text),"
	"  callq_lead_audit(bigint), callq_hours_questions() FROM PUBLIC;";
