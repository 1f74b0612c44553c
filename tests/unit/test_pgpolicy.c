/*
 * The PostgreSQL policies (src/store/pgpolicy.c) follow the permission
 * table: every rule has a policy for every role the table lets do it
 * and for no other, each scope the table gives shows in its predicate,
 * and the audit is written by no client.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/perm.h"
#include "callq/sha256.h"
#include "fixture.h"
#include "../../src/store/pgpolicy.h"

static enum scope
scope_of(int action, enum role role)
{
	return action == PG_EVERY ? SCOPE_ALL :
	    perm_scope(role, (enum action)action);
}

/* The policy a rule gives role, as pg_policy_sql names it. */
static void
policy_name(const struct pg_rule *r, enum role role, char *buf, size_t size)
{
	char cmd[16];
	size_t i;

	for (i = 0; r->command[i] != '\0' && i + 1 < sizeof cmd; i++)
		cmd[i] = (char)(r->command[i] - 'A' + 'a');
	cmd[i] = '\0';
	snprintf(buf, size, "CREATE POLICY %s_%s_%s%s ON %s FOR %s TO %s ",
	    r->table, cmd, role_name(role), r->kind == PG_SELF ? "_self" : "",
	    r->table, r->command, pg_policy_group(role));
}

/* What names each scope in the leads table's own policies. */
static const char *const lead_marks[] = {
	[SCOPE_OWN] = "callq_my_regions", [SCOPE_TEAM] = "callq_my_team_ids",
	[SCOPE_CONVERTED] = "callq_my_collections",
	[SCOPE_ALL] = "(SELECT callq_me()) IS NOT NULL",
};

/*
 * Every action x role a rule uses has a predicate (none when the table
 * says SCOPE_NONE), and the predicate names each scope the table gives.
 */
static void
test_every_action_and_role_is_covered(void **state)
{
	char pred[2048], want[32];
	size_t i;
	int role, j, rc, any;
	enum scope s;

	(void)state;
	for (i = 0; i < pg_rules_count; i++)
		for (role = 0; role < ROLE_COUNT; role++) {
			const struct pg_rule *r = &pg_rules[i];

			rc = pg_policy_predicate(r, (enum role)role, pred,
			    sizeof pred);
			assert_true(rc >= 0);
			any = 0;
			for (j = 0; r->actions[j] != PG_END; j++) {
				s = scope_of(r->actions[j], (enum role)role);
				if (s == SCOPE_NONE)
					continue;
				any = 1;
				if (r->kind == PG_SELF || r->kind == PG_ANY ||
				    r->kind == PG_AUDIT_ROW)
					continue;
				snprintf(want, sizeof want, "(%d, ", (int)s);
				/* The leads' own rows: each scope's array. */
				if (r->kind == PG_LEAD_ROW)
					snprintf(want, sizeof want, "%s",
					    lead_marks[s]);
				/* All rows: no scope to pass. */
				if (s == SCOPE_ALL && strstr(pred,
				    "(SELECT callq_me()) IS NOT NULL") != NULL)
					continue;
				if (strstr(pred, want) == NULL)
					fail_msg("%s %s for %s: no scope %d"
					    " in %s",
					    r->table, r->command,
					    role_name((enum role)role), (int)s,
					    pred);
			}
			assert_int_equal(rc, any);
		}
}

/* The SQL has exactly the policies the predicates say, each once. */
static void
test_policies_follow_the_predicates(void **state)
{
	char pred[2048], name[256];
	char *sql = pg_policy_sql(), *at;
	size_t i;
	int role, rc;

	(void)state;
	assert_non_null(sql);
	for (i = 0; i < pg_rules_count; i++)
		for (role = 0; role < ROLE_COUNT; role++) {
			rc = pg_policy_predicate(&pg_rules[i], (enum role)role,
			    pred, sizeof pred);
			policy_name(&pg_rules[i], (enum role)role, name,
			    sizeof name);
			at = strstr(sql, name);
			if ((at != NULL) != (rc == 1))
				fail_msg("%s: %s", name, at != NULL ?
				    "made for a role the table refuses" :
				    "missing");
			if (at != NULL)
				assert_null(strstr(at + 1, name));
		}
	free(sql);
}

/* No client writes the audit: no rule grants a write there. */
static void
test_no_client_writes_the_audit(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < pg_rules_count; i++)
		if (strcmp(pg_rules[i].table, "audit") == 0)
			assert_string_equal(pg_rules[i].command, "SELECT");
}

/* A rep reads its own leads; an analyst changes no lead. */
static void
test_reps_and_analysts(void **state)
{
	char pred[2048];
	size_t i;

	(void)state;
	for (i = 0; i < pg_rules_count; i++) {
		const struct pg_rule *r = &pg_rules[i];

		if (strcmp(r->table, "leads") != 0)
			continue;
		if (strcmp(r->command, "SELECT") == 0) {
			assert_int_equal(pg_policy_predicate(r, ROLE_REP, pred,
			    sizeof pred), 1);
			assert_non_null(strstr(pred, "callq_my_regions"));
			assert_non_null(strstr(pred, "deleted_at IS NULL"));
		} else
			assert_int_equal(pg_policy_predicate(r, ROLE_ANALYST,
			    pred, sizeof pred), 0);
	}
}

/*
 * Every action of the table is enforced by some rule but the board's:
 * what the board reads (attendance, leases, open counts) is the floor's
 * shared rows every screen reads, and the store bounds the board itself.
 */
static void
test_every_action_is_used(void **state)
{
	size_t i;
	int a, j, used;

	(void)state;
	for (a = 0; a < ACT_COUNT; a++) {
		used = a == ACT_BOARD_READ;
		for (i = 0; i < pg_rules_count && !used; i++)
			for (j = 0; pg_rules[i].actions[j] != PG_END; j++)
				used |= pg_rules[i].actions[j] == a;
		if (!used)
			fail_msg("no policy follows \"%s\"",
			    action_text((enum action)a));
	}
}

/* Only who manages users may make login roles. */
static void
test_login_roles_by_user_managers(void **state)
{
	char *sql = pg_policy_sql(), want[128];
	int role;

	(void)state;
	assert_non_null(sql);
	for (role = 0; role < ROLE_COUNT; role++) {
		snprintf(want, sizeof want, "callq_user_login(text) TO %s;",
		    pg_policy_group((enum role)role));
		assert_int_equal(strstr(sql, want) != NULL,
		    perm_scope((enum role)role, ACT_USER_MANAGE) !=
		    SCOPE_NONE);
	}
	free(sql);
}

/*
 * The security's SQL is pinned to its version: a change to pg_policy_base
 * or to what the rules generate (perm.c's table among it) that does not
 * raise PG_SECURITY_VERSION would never reach a floor already secured,
 * as only an older version is loaded anew.
 */
static void
test_security_text_pinned_to_its_version(void **state)
{
	static const char pinned[] =
	    "9d399194064493ac671e0ef54e4faaf62c9c805a20499d7515f37b1f71d085c1";
	char *sql = pg_policy_sql(), hex[65];
	struct sha256 h;

	(void)state;
	assert_non_null(sql);
	assert_int_equal(sha256_init(&h), 0);
	sha256_update(&h, pg_policy_base, strlen(pg_policy_base));
	sha256_update(&h, sql, strlen(sql));
	assert_int_equal(sha256_hex(&h, hex), 0);
	free(sql);
	if (strcmp(hex, pinned) != 0)
		fail_msg("the security's SQL changed (sha256 %s, pinned %s): "
		    "raise PG_SECURITY_VERSION in src/store/pgpolicy.h (now "
		    "%d), then pin the new sha256 here", hex, pinned,
		    PG_SECURITY_VERSION);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_action_and_role_is_covered),
		cmocka_unit_test(test_policies_follow_the_predicates),
		cmocka_unit_test(test_no_client_writes_the_audit),
		cmocka_unit_test(test_reps_and_analysts),
		cmocka_unit_test(test_every_action_is_used),
		cmocka_unit_test(test_login_roles_by_user_managers),
		cmocka_unit_test(test_security_text_pinned_to_its_version),
	};

	return cmocka_run_group_tests_name("pgpolicy", tests, NULL, NULL);
}
