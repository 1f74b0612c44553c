#!/bin/sh
# callq roles on a PostgreSQL floor made by callq itself: refused while
# the floor's role may not create roles; then the server's security
# loaded once and a login role made for each callq user, so that a rep
# connecting with psql as their own role sees their leads only, cannot
# change another's, cannot write the audit, and is named in it by the
# server; run again, it refreshes the roles (a new user gets one, a
# deactivated one loses LOGIN) and loads nothing twice. callq itself,
# connecting as the floor's owner, still sees every lead.
. "$(dirname "$0")/../lib.sh"

pg_needed "callq roles"

floor=callq_roles_$$	# the database, and the role that owns it
p=r$$			# the logins' prefix: login roles are the cluster's
me=$(id -un)
logins="rep1 rep2 rep3"
. "$top/tests/pgfloor.sh"

pg="postgresql:$CALLQ_TEST_PG user=$floor dbname=$floor"
export HOME="$scratch/home"
mkdir -p "$HOME"
cq() { "$bin" --db "$pg" "$@"; }
# SQL on stdin, rows as a|b: as the floor's owner, or as login $1.
own() { psql -X -q -At -F '|' -d "$CALLQ_TEST_PG user=$floor dbname=$floor"; }
as() { psql -X -q -At -F '|' -d "$CALLQ_TEST_PG user=$p$1 dbname=$floor"; }

cq init >/dev/null 2>&1
cq region add R1 --country US >/dev/null
cq region add R2 --country US >/dev/null
cq user add "${p}rep1" --role rep --team T1 --region R1 >/dev/null
cq user add "${p}rep2" --role rep --team T2 --region R2 >/dev/null
cq lead add --name Alpha --phone "+1 617 555 0101" --region R1 \
    --owner "${p}rep1" >/dev/null
cq lead add --name Bravo --phone "+1 617 555 0102" --region R2 \
    --owner "${p}rep2" >/dev/null
cq lead add --name Charlie --phone "+1 617 555 0103" --region R2 \
    >/dev/null
ok "the floor has its three leads" test "$(echo "SELECT count(*) FROM
    leads" | own)" = 3

cq roles >"$scratch/nocreate" 2>&1
ok "without CREATEROLE: refused with status 77" test $? = 77
ok "... saying what the role lacks and what to run" \
    grep -q "may not create roles.*ALTER ROLE ... CREATEROLE" \
    "$scratch/nocreate"
ok "... and nothing is loaded" test "$(echo "SELECT
    to_regprocedure('callq_user_login(text)') IS NULL" | own)" = t

echo "ALTER ROLE $floor CREATEROLE;" | pg_su
cq roles >"$scratch/first" 2>&1
ok "callq roles: exit 0" test $? = 0 || sed 's/^/# /' "$scratch/first"
ok "... it loads the security and makes three login roles" grep -q \
    "security is loaded.*3 login roles made" "$scratch/first"
ok "... each a member of its role's group" test "$(echo "SELECT
    pg_has_role('${p}rep1', 'callq_rep', 'MEMBER'),
    pg_has_role('$me', 'callq_admin', 'MEMBER'),
    pg_has_role('${p}rep1', 'callq_admin', 'MEMBER')" | own)" = "t|t|f"

ok "rep1, with psql as itself, sees its own lead only" test \
    "$(echo "SELECT string_agg(name, ',' ORDER BY name) FROM leads" |
    as rep1)" = Alpha
ok "... changes none of rep2's" test "$(echo "WITH w AS (UPDATE leads
    SET priority = 5 WHERE name = 'Bravo' RETURNING 1)
    SELECT count(*) FROM w" | as rep1)" = 0
ok "... may not write the audit" sh -c "echo \"INSERT INTO audit (at,
    actor_id, real_login, entity, action) VALUES (0, 1, 'x', 'y', 'z')\" |
    psql -X -q -d '$CALLQ_TEST_PG user=${p}rep1 dbname=$floor' 2>&1 |
    grep -q 'permission denied'"
echo "UPDATE leads SET priority = 3 WHERE name = 'Alpha'" | as rep1 \
    >/dev/null
ok "... and its own edit is audited by the server, naming it" test \
    "$(echo "SELECT count(*) FROM audit a JOIN users u ON u.id = a.actor_id
    WHERE u.login = '${p}rep1' AND a.action = 'row-edit'" | own)" = 1
ok "callq, as the floor's owner, still lists every lead" test \
    "$(cq lead list --format csv | tail -n +2 | wc -l)" = 3

cq user add "${p}rep3" --role rep --team T1 >/dev/null
cq user deactivate "${p}rep2" >/dev/null
cq roles >"$scratch/again" 2>&1
ok "run again: exit 0, four login roles refreshed, nothing loaded" \
    sh -c "test $? = 0 && grep -q '^4 login roles made or refreshed' \
    '$scratch/again'" || sed 's/^/# /' "$scratch/again"
ok "... the new user has a login role" test "$(echo "SELECT rolcanlogin
    FROM pg_roles WHERE rolname = '${p}rep3'" | own)" = t
ok "... the deactivated one may no longer log in" test "$(echo "SELECT
    rolcanlogin FROM pg_roles WHERE rolname = '${p}rep2'" | own)" = f

cq --as "${p}rep1" roles >"$scratch/rep" 2>&1
ok "a rep's callq roles is refused with status 77" test $? = 77
"$bin" --db "$scratch/lite.db" init >/dev/null 2>&1
"$bin" --db "$scratch/lite.db" roles >"$scratch/lite" 2>&1
ok "on a SQLite floor: status 64, saying it is for PostgreSQL" sh -c \
    "test $? = 64 && grep -q 'for a PostgreSQL floor' '$scratch/lite'"
finish
