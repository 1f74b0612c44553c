/*
 * Security in the PostgreSQL server (src/store/pgpolicy.c): the group
 * roles, one per callq role, that carry the table privileges; the login
 * roles an admin's user add makes; row-level security generated from the
 * one permission table (src/core/perm.c); and the audit the server
 * writes itself.
 */
#ifndef CALLQ_STORE_PGPOLICY_H
#define CALLQ_STORE_PGPOLICY_H

#include <stddef.h>

#include "callq/perm.h"

/*
 * The group roles, functions, triggers and grants that do not depend on
 * the permission table: several statements, no parameter, run after
 * pg_schema in the same transaction by the floor's owner, which must
 * hold CREATEROLE (the group roles are the cluster's, shared by every
 * floor on it).
 */
extern const char pg_policy_base[];

/* How a rule finds what its scope is measured against. */
enum pg_kind {
	PG_LEAD_ROW,	/* a lead: the row itself */
	PG_LEAD_REF,	/* a lead's row elsewhere: column names the lead */
	PG_CONTACT_REF,	/* a contact's row: column names the contact */
	PG_DEAL_ROW,	/* a deal: the row itself */
	PG_DEAL_REF,	/* a deal's row elsewhere: column names the deal */
	PG_PAYMENT_ROW,	/* a payment: its lead, its deal's collector */
	PG_AUDIT_ROW,	/* an audit row: who wrote it, what it is about */
	PG_SELF,	/* the acting user's own rows: column names them */
	PG_ANY,		/* shared rows: any scope reaches them all */
};

/*
 * In a rule's actions: what every role may do on every row (the floor's
 * shared tables: users, regions, settings, ...). ACT_COUNT + 1 ends the
 * list.
 */
#define PG_EVERY ACT_COUNT
#define PG_END (ACT_COUNT + 1)

/* One table and command, and the actions whose scopes grant it. */
struct pg_rule {
	const char *table;
	const char *command;	/* SELECT, INSERT, UPDATE, DELETE */
	enum pg_kind kind;
	const char *column;	/* the _REF and PG_SELF kinds' column */
	/* Below SCOPE_ALL, rows written must name the writer here. */
	const char *self;
	int actions[8];		/* enum action or PG_EVERY; PG_END */
};

/* The rules, and how many. */
extern const struct pg_rule pg_rules[];
extern const size_t pg_rules_count;

/*
 * The USING / WITH CHECK expression that rule grants role, in a buffer
 * of size bytes: 1 when written, 0 when every action of the rule is
 * SCOPE_NONE for role (no policy, no privilege), -1 when a scope has no
 * form for the rule's kind or the buffer is too small (the policies are
 * not made: a scope must never widen silently into another).
 */
int pg_policy_predicate(const struct pg_rule *rule, enum role role,
    char *buf, size_t size);

/*
 * The GRANTs, ENABLE ROW LEVEL SECURITY and CREATE POLICY statements for
 * every rule and role, in a string the caller frees; NULL when a
 * predicate cannot be written or memory runs out. Run after
 * pg_policy_base, in the same transaction.
 */
char *pg_policy_sql(void);

/*
 * The security's version, which pg_policy_sql writes in the comment of
 * callq_user_login ("callq security N"): a floor secured by a callq
 * older than the version (1: the comment was not written yet) has
 * its security taken down and loaded anew (pgfloor.c). Raised with any
 * change to what pg_policy_base and pg_policy_sql make, which
 * test_pgpolicy pins to it.
 */
#define PG_SECURITY_VERSION 2

/*
 * Statements taking down what pg_policy_base and pg_policy_sql made,
 * but for the group roles (the cluster's) and the login roles (their
 * users'), so that both can run again; in a string the caller frees,
 * NULL when memory runs out. Each statement holds if the object is
 * not there, as an older version did not make everything.
 */
char *pg_policy_drop_sql(void);

/* The group role of a callq role: "callq_admin", ... */
const char *pg_policy_group(enum role role);

#endif
