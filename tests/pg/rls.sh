#!/bin/sh
# Security in the PostgreSQL server (src/store/pgpolicy.c): the schema,
# the group roles, the policies generated from the permission table and
# the server's audit, loaded by the floor's owner (no superuser: it owns
# its database and may create roles); then each callq user connects as
# their own login role, with psql as a user bypassing callq would, and
# gets what the permission table gives them and no more.
#
# The server: the harness's (CALLQ_TEST_PG: "host=DIR port=N dbname=D
# user=SUPERUSER", whose pg_hba trusts the local socket), in a database
# and roles of this script's own, dropped at the end (the five group
# roles, the cluster's and shared by every floor on it, stay); else one
# started here as tests/pg/schema.sh starts it, stopped at the end.
. "$(dirname "$0")/../lib.sh"

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ] || ! command -v psql >/dev/null; then
	skip "the PostgreSQL server's security" "PostgreSQL 15 is not installed"
	finish
	exit
fi

p=q$$		# the logins' prefix: login roles are the cluster's
floor=callq_rls_$$	# the database, and the role that owns it
logins="admin rep1 rep2 lead1 anl agent new"
pgdir=
as_pg() { "$@"; }
pg_stop() {
	if [ -n "${CALLQ_TEST_PG:-}" ]; then
		{
			echo "DROP DATABASE IF EXISTS $floor;"
			for l in $logins; do
				echo "DROP ROLE IF EXISTS $p$l;"
			done
			echo "DROP ROLE IF EXISTS $floor;"
		} | psql_as "" postgres >/dev/null 2>&1
	elif [ -f "$pgdir/data/postmaster.pid" ]; then
		(cd / && as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate \
		    stop >/dev/null 2>&1)
	fi
	[ -z "$pgdir" ] || rm -rf "$pgdir"
	cleanup
}
trap pg_stop EXIT

if [ -n "${CALLQ_TEST_PG:-}" ]; then
	conn=$CALLQ_TEST_PG
else
	pgdir=$(mktemp -d /tmp/callq-pgrls-XXXXXX)
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$pgdir"
		as_pg() { runuser -u postgres -- "$@"; }
	fi
	(cd / && as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres \
	    -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1) &&
	(cd / && as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
	    -t 180 -o "-c listen_addresses= -c unix_socket_directories=$pgdir \
	    -p 5434" start >/dev/null 2>&1)
	ok "a PostgreSQL 15 server starts" test -S "$pgdir/.s.PGSQL.5434" ||
	    { cat "$pgdir/initdb.log" "$pgdir/log" 2>/dev/null |
	    sed 's/^/# /'; }
	conn="host=$pgdir port=5434 user=postgres"
fi

# $1: the role ("": the server's superuser), $2: the database; reads SQL
# on stdin, prints rows as a|b|c; fails on the first error.
psql_as() {
	role=${1:+user=$1}
	dbname=$2
	shift 2
	psql -X -q -At -F '|' -v ON_ERROR_STOP=1 \
	    -d "$conn dbname=$dbname $role" "$@"
}
own() { psql_as "$floor" "$floor" "$@"; }	# the floor's owner
as() { who=$1; shift; psql_as "$p$who" "$floor" "$@"; }	# a callq user

# The floor's owner: a plain role that owns its database and may make
# the login roles (CREATEROLE), no superuser.
printf '%s\n' "CREATE ROLE $floor LOGIN CREATEROLE;" \
    "CREATE DATABASE $floor OWNER $floor TEMPLATE template0" \
    "  ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';" |
    psql_as "" postgres

# The schema and the security as the C holds them, printed by programs
# built from it.
build() { # $1 the program, then the sources it needs
	prog=$1
	shift
	${CC:-cc} -std=c17 -D_GNU_SOURCE -I"$top/include" -I"$top/src/store" \
	    -o "$scratch/$prog" "$top/tests/pg/$prog.c" "$@"
}
build schema_print "$top/src/store/pgschema.c" "$top/src/util/fold.c" \
    "$top/src/util/text.c" "$top/src/util/err.c"
build policy_print "$top/src/store/pgpolicy.c" "$top/src/core/perm.c"
ok "the policies are generated from the permission table" \
    sh -c "'$scratch/schema_print' >'$scratch/schema.sql' &&
    '$scratch/policy_print' >'$scratch/policy.sql'"
loads() {
	test -s "$scratch/schema.sql" && test -s "$scratch/policy.sql" &&
	{ echo "BEGIN;"; cat "$scratch/schema.sql" "$scratch/policy.sql"
	    echo "COMMIT;"; } | own >"$scratch/load.out" 2>&1
}
# Nothing after holds without them.
if ! loads; then
	ok "schema, roles and policies load as the floor's owner" false
	sed 's/^/# /' "$scratch/load.out"
	finish
	exit
fi
ok "schema, roles and policies load as the floor's owner" true

# The floor: two teams, two regions; rep1 (T1, region R1), rep2 (T2,
# R2), lead1 leading T1, an analyst, a recovery agent, an admin. Leads
# 101 and 102 are rep1's (102 outside its region: owned all the same),
# 201 and 202 rep2's, 301 unassigned in R1, 302 unassigned in R2; 401 is
# rep2's, converted, its deal collected by the agent; 402 rep1's,
# converted, its deal collected by no one; 501 rep1's, deleted. Written
# by the owner, whom the audit's triggers do not name.
own <<EOF
INSERT INTO teams (id, name, created_at) VALUES (1, 'T1', 0), (2, 'T2', 0);
INSERT INTO regions (id, name, created_at) VALUES (1, 'R1', 0), (2, 'R2', 0);
INSERT INTO users (id, login, name, role, team_id, created_at) VALUES
  (1, '${p}admin', 'Admin', 'admin', NULL, 0),
  (2, '${p}rep1', 'Rep One', 'rep', 1, 0),
  (3, '${p}rep2', 'Rep Two', 'rep', 2, 0),
  (4, '${p}lead1', 'Lead One', 'lead', 1, 0),
  (5, '${p}anl', 'Analyst', 'analyst', NULL, 0),
  (6, '${p}agent', 'Agent', 'recovery', NULL, 0);
INSERT INTO user_regions VALUES (2, 1), (3, 2);
INSERT INTO leads (id, name, phone_raw, region_id, owner_id, status,
  created_at, updated_at, deleted_at) VALUES
  (101, 'A', '1', 1, 2, 'In Progress', 0, 0, NULL),
  (102, 'B', '2', 2, 2, 'New', 0, 0, NULL),
  (201, 'C', '3', 2, 3, 'In Progress', 0, 0, NULL),
  (202, 'D', '4', 1, 3, 'New', 0, 0, NULL),
  (301, 'E', '5', 1, NULL, 'New', 0, 0, NULL),
  (302, 'F', '6', 2, NULL, 'New', 0, 0, NULL),
  (401, 'G', '7', 2, 3, 'Converted', 0, 0, NULL),
  (402, 'H', '8', 1, 2, 'Converted', 0, 0, NULL),
  (501, 'I', '9', 1, 2, 'In Progress', 0, 0, 5);
INSERT INTO deals (id, lead_id, amount_cents, currency, close_on, owner_id,
  collector_id, created_at, updated_at) VALUES
  (1, 401, 1000, 'USD', '2026-01-01', 3, 6, 0, 0),
  (2, 402, 2000, 'USD', '2026-01-01', 2, NULL, 0, 0);
INSERT INTO payments (id, lead_id, deal_id, amount_cents, recorded_by,
  created_at, paid_on) VALUES (1, 401, 1, 500, 6, 0, '2026-01-02'),
  (2, 402, 2, 700, 1, 0, '2026-01-02');
INSERT INTO calls (id, lead_id, user_id, started_at) VALUES
  (1, 101, 2, 0), (2, 201, 3, 0);
INSERT INTO audit (id, at, actor_id, real_login, entity, entity_id, action)
  VALUES (1, 0, 1, 'x', 'lead', 101, 'add'), (2, 0, 3, 'x', 'lead', 201,
  'edit');
EOF
# Rows added from here take ids past the ones given, as after a copy.
"$scratch/schema_print" -r | own

# The login roles, made by the function the store calls as an admin adds
# a user: the owner makes the first ones.
for l in admin rep1 rep2 lead1 anl agent; do
	echo "SELECT callq_user_login('$p$l');" | own >/dev/null
done
member() { # $1 login, $2 group: prints t or f
	echo "SELECT pg_has_role('$p$1', '$2', 'MEMBER')" | own
}
ok "each user's login role is a member of its role's group" test \
    "$(member rep1 callq_rep)$(member lead1 callq_lead)$(member agent \
    callq_recovery)$(member rep1 callq_admin)" = tttf

ids() { # $1 the user, $2 the table: its ids as the user sees them
	echo "SELECT string_agg(id::text, ' ' ORDER BY id) FROM $2" | as "$1"
}
rows() { # $1 the user, $2 an UPDATE or DELETE: how many rows it changed
	echo "WITH w AS ($2 RETURNING 1) SELECT count(*) FROM w" | as "$1"
}
# $1 the user, $2 SQL that must fail with a permission error (or the
# error $3 names).
refused() {
	why=${3:-'permission denied\|violates row-level security'}
	if echo "$2" | as "$1" >"$scratch/refused.out" 2>&1; then
		echo "# accepted: $2"
		return 1
	fi
	grep -q "$why" "$scratch/refused.out" && return 0
	sed 's/^/# /' "$scratch/refused.out"
	return 1
}
accepted() { # $1 the user, $2 SQL that must succeed
	echo "$2" | as "$1" >"$scratch/accepted.out" 2>&1 && return 0
	sed 's/^/# /' "$scratch/accepted.out"
	return 1
}
is() { # $1 what, $2 got, $3 wanted
	if [ "$2" = "$3" ]; then ok "$1" true; else
		ok "$1" false
		echo "# got '$2', wanted '$3'"
	fi
}

# A rep: their own leads, and the unassigned ones of their regions.
is "rep1 sees its own leads and R1's unassigned, not rep2's" \
    "$(ids rep1 leads)" "101 102 301 402"
is "rep2 sees its own and R2's unassigned" "$(ids rep2 leads)" \
    "201 202 302 401"
is "rep1 reads calls with their leads" "$(ids rep1 calls)" "1"
is "rep1 sees the deals of the leads it owns" "$(ids rep1 deals)" "2"
is "rep1's UPDATE of rep2's lead changes no row" \
    "$(rows rep1 "UPDATE leads SET priority = 9 WHERE id = 201")" 0
ok "rep1 cannot DELETE its own lead" refused rep1 \
    "DELETE FROM leads WHERE id = 101"
is "rep2's lead is as it was" \
    "$(echo 'SELECT priority FROM leads WHERE id = 201' | own)" 0
ok "rep1 cannot hand its lead to rep2" refused rep1 \
    "UPDATE leads SET owner_id = 3 WHERE id = 101"
ok "rep1 cannot add a lead for rep2" refused rep1 "INSERT INTO leads (name,
    phone_raw, owner_id, region_id, created_at, updated_at) VALUES ('X',
    '1', 3, 1, 0, 0)"
is "rep1 reads no payment (a lead's timeline names them)" \
    "$(ids rep1 payments)" ""
ok "... and cannot write one" refused rep1 "INSERT INTO payments (lead_id,
    deal_id, amount_cents, recorded_by, paid_on) VALUES (101, 1, 100, 2,
    '2026-01-01')"
ok "rep1 cannot INSERT into the audit" refused rep1 "INSERT INTO audit (at,
    actor_id, real_login, entity, entity_id, action) VALUES (0, 3,
    '${p}rep2', 'lead', 201, 'edit')"
ok "rep1 cannot UPDATE the audit" refused rep1 \
    "UPDATE audit SET actor_id = 3"
ok "rep1 cannot DELETE from the audit" refused rep1 "DELETE FROM audit"
ok "rep1 cannot make login roles" refused rep1 \
    "SELECT callq_user_login('${p}rep1')"

# What a rep may do, it can do directly; the derived rows follow, written
# by the schema's triggers as the owner.
ok "rep1 adds a lead of its own in its region" accepted rep1 "INSERT INTO
    leads (id, name, phone_raw, owner_id, region_id, created_at,
    updated_at) VALUES (601, 'Y', '1', 2, 1, 0, 0)"
is "the lead added is audited, naming rep1" "$(echo "SELECT u.login,
    a.action FROM audit a JOIN users u ON u.id = a.actor_id
    WHERE a.entity = 'lead' AND a.entity_id = 601" | own)" \
    "${p}rep1|row-add"
ok "rep1 logs a call on its lead" accepted rep1 "INSERT INTO calls (lead_id,
    user_id, started_at) VALUES (101, 2, 0)"
is "the call marks the lead called, through the owner's trigger" \
    "$(echo 'SELECT called FROM leads WHERE id = 101' | own)" 1
ok "rep1 cannot log a call as rep2" refused rep1 "INSERT INTO calls
    (lead_id, user_id, started_at) VALUES (101, 3, 0)"
ok "rep1 cannot write the counters the triggers keep" refused rep1 \
    "UPDATE owner_counts SET open = 0"
# The scopes' functions find the floor's tables, not a caller's own.
is "a temporary users table does not make rep1 another user" \
    "$(echo "CREATE TEMP TABLE users AS SELECT 3::bigint AS id,
    '${p}rep1'::text AS login, 1 AS active, 2::bigint AS team_id;
    SELECT string_agg(id::text, ' ' ORDER BY id) FROM leads WHERE id < 600" |
    as rep1)" "101 102 301 402"
is "the scopes' functions run as the owner, the floor's schema first" \
    "$(echo "SELECT DISTINCT p.prosecdef, array_to_string(p.proconfig, ',')
    FROM pg_proc p WHERE p.proname IN ('callq_me', 'callq_lead_in',
    'callq_audit', 'callq_user_login', 'calls_lead_add')" | own)" \
    "t|search_path=public, pg_temp"

# The server writes the audit: a rep's direct UPDATE names the rep.
is "rep1's UPDATE of its own lead changes it" \
    "$(rows rep1 "UPDATE leads SET priority = 3 WHERE id = 101")" 1
is "the server's audit row names rep1 and what changed" \
    "$(echo "SELECT u.login, a.real_login, a.action,
    a.details::jsonb -> 'priority' ->> 'to' FROM audit a JOIN users u
    ON u.id = a.actor_id WHERE a.entity = 'lead' AND a.entity_id = 101
    AND a.id > 2" | own)" "${p}rep1|${p}rep1|row-edit|3"
# The store's own row stands for the change: one row, stamped by the
# server whatever the caller says.
printf '%s\n' "BEGIN;" "SELECT callq_audit('lead', 102, 'edit',
    '{\"priority\":4}');" "UPDATE leads SET priority = 4 WHERE id = 102;" \
    "COMMIT;" | as rep1 >/dev/null
is "callq_audit writes one row for a change, naming its caller" \
    "$(echo "SELECT count(*), min(u.login), min(a.action) FROM audit a
    JOIN users u ON u.id = a.actor_id WHERE a.entity = 'lead'
    AND a.entity_id = 102" | own)" "1|${p}rep1|edit"
is "a claim holds for its transaction only" \
    "$(rows rep1 "UPDATE leads SET priority = 5 WHERE id = 102")|$(echo \
    "SELECT count(*) FROM audit WHERE entity_id = 102" | own)" "1|2"
# As the store writes it, after the change: the trigger's row, and those
# of the lead's calls, give way to the store's in that transaction.
printf '%s\n' "BEGIN;" "UPDATE leads SET priority = 1 WHERE id = 102;" \
    "INSERT INTO calls (lead_id, user_id, started_at, ended_at, state)
    VALUES (102, (SELECT id FROM users WHERE login = '${p}rep1'), 0, 0,
    'logged');" \
    "SELECT callq_audit('lead', 102, 'log', '{\"priority\":1}');" \
    "COMMIT;" | as rep1 >/dev/null
is "callq_audit after the change takes the triggers' rows' place" \
    "$(echo "SELECT count(*), string_agg(a.action, ',') FROM audit a
    WHERE (a.entity = 'lead' AND a.entity_id = 102 OR a.entity = 'call')
    AND a.id > (SELECT max(id) FROM audit WHERE entity_id = 102
    AND action = 'row-edit')" | own)" "1|log"

# Lead 601, rep1's, was added above.
# A team lead: reads every lead, changes its team's and the unassigned.
is "the team lead reads every live lead" "$(ids lead1 leads)" \
    "101 102 201 202 301 302 401 402 601"
is "the team lead changes T1's leads and the unassigned, not T2's" \
    "$(echo "WITH w AS (UPDATE leads SET priority = 1 RETURNING id)
    SELECT string_agg(id::text, ' ' ORDER BY id) FROM w" | as lead1)" \
    "101 102 301 302 402 601"
is "the team lead sees T1's payments and the unassigned's" \
    "$(ids lead1 payments)" "2"
is "the team lead reads the audit of T1's leads, not T2's" \
    "$(echo "SELECT count(*) FROM audit WHERE entity_id IN (101, 201)
    AND id <= 2" | as lead1)" 1

# An analyst reads everything and writes nothing.
is "the analyst reads every live lead" "$(ids anl leads)" \
    "101 102 201 202 301 302 401 402 601"
is "the analyst reads every deal and payment" \
    "$(ids anl deals)|$(ids anl payments)" "1 2|1 2"
ok "the analyst cannot UPDATE a lead" refused anl \
    "UPDATE leads SET priority = 2 WHERE id = 101"
ok "the analyst cannot add a lead" refused anl "INSERT INTO leads (name,
    phone_raw, created_at, updated_at) VALUES ('X', '1', 0, 0)"
ok "the analyst cannot change a setting" refused anl \
    "UPDATE settings SET value = '1' WHERE key = 'retry_minutes'"

# A recovery agent: the converted lead it collects, and its deal.
is "the agent sees the converted lead it collects, no other" \
    "$(ids agent leads)" "401"
is "the agent sees that lead's deal and not others" "$(ids agent deals)" "1"
is "the agent sees the payments of its deals only" \
    "$(ids agent payments)" "1"
is "the agent's UPDATE of another deal changes no row" \
    "$(rows agent "UPDATE deals SET paid_cents = 1 WHERE id = 2")" 0
ok "the agent records a payment on the deal it collects" accepted agent \
    "INSERT INTO payments (lead_id, deal_id, amount_cents, recorded_by,
    created_at) VALUES (401, 1, 100, 6, 0)"
ok "the agent cannot record one on another deal" refused agent "INSERT
    INTO payments (lead_id, deal_id, amount_cents, recorded_by,
    created_at) VALUES (402, 2, 100, 6, 0)"
ok "the agent cannot record one in another's name" refused agent "INSERT
    INTO payments (lead_id, deal_id, amount_cents, recorded_by,
    created_at) VALUES (401, 1, 100, 1, 0)"

# The admin: everything, the deleted lead too, and the login roles.
is "the admin sees every lead, the deleted one too" "$(ids admin leads)" \
    "101 102 201 202 301 302 401 402 501 601"
is "the admin sees every deal" "$(ids admin deals)" "1 2"
echo "INSERT INTO users (id, login, name, role, team_id, created_at)
    VALUES (7, '${p}new', 'New', 'rep', 2, 0)" | as admin
echo "SELECT callq_user_login('${p}new')" | as admin >/dev/null
is "an admin adding a user makes its login role" \
    "$(member new callq_rep)" t
is "the admin's user add is audited by the server" "$(echo "SELECT
    count(*) FROM audit WHERE entity = 'user' AND entity_id = 7 AND
    action = 'row-add'" | own)" 1
echo "UPDATE users SET active = 0 WHERE id = 7;
    SELECT callq_user_login('${p}new')" | as admin >/dev/null
is "a user deactivated loses its group and its login" "$(member new \
    callq_rep)$(echo "SELECT rolcanlogin FROM pg_roles WHERE rolname =
    '${p}new'" | own)" ff
ok "no login role is made of a group's name" refused admin \
    "SELECT callq_user_login('callq_admin')" 'cannot be a callq login'
ok "a rep's login role is made by no one but an admin" refused rep2 \
    "SELECT callq_user_login('${p}new')"

# A login still in its group whose user is no longer active (the login
# role not yet brought in step) reaches nothing: every policy asks for
# an active users row of the session's login.
echo "UPDATE users SET active = 0 WHERE id = 3" | own
is "an inactive user's login sees no lead, no user" \
    "$(echo "SELECT count(*) FROM leads" | as rep2)|$(echo "SELECT count(*)
    FROM users" | as rep2)" "0|0"
ok "an inactive user's login cannot add a lead" refused rep2 "INSERT INTO
    leads (name, phone_raw, owner_id, region_id, created_at, updated_at)
    VALUES ('Z', '1', 3, 2, 0, 0)"

finish
