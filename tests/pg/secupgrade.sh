#!/bin/sh
# A floor secured by an older callq (its callq roles loaded the security
# before the version was written: each of tests/pg/security_v1/*.sql)
# gets this callq's security. A rep under their own role is refused
# until then, in one sentence; callq opened as the floor's owner loads
# it anew by itself when no table is in use that moment, and else opens
# the floor as it is at once; callq roles then waits for the tables and
# loads it. Each way the floor ends with the same functions, policies,
# triggers and grants as a floor this callq secured first, and the rep's
# queue works under their own role. An upgrade that fails otherwise
# leaves the floor open to its owner, with a notice saying why.
. "$(dirname "$0")/../lib.sh"

pg_needed "an older callq's security upgraded"

floor=callq_secup_$$	# the role that owns the floors; a floor is $floor_X
p=s$$			# the logins' prefix: login roles are the cluster's
me=$(id -un)
logins="rep1"
. "$top/tests/pgfloor.sh"
floors=
trap 'echo "ALTER ROLE callq_analyst NOLOGIN;" | pg_su >/dev/null 2>&1
for x in $floors; do
	echo "DROP DATABASE IF EXISTS ${floor}_$x WITH (FORCE);"
done | pg_su >/dev/null 2>&1; pg_drop' EXIT

export HOME="$scratch/home" CALLQ_NOW=$daytime
mkdir -p "$HOME"
echo "ALTER ROLE $floor CREATEROLE;" | pg_su
conn() { echo "postgresql:$CALLQ_TEST_PG user=$2 dbname=${floor}_$1"; }
cq() { x=$1; shift; "$bin" --db "$(conn "$x" "$floor")" "$@"; }
rep() { x=$1; shift; "$bin" --db "$(conn "$x" "${p}rep1")" "$@"; }
own() { psql -X -q -At -F '|' -v ON_ERROR_STOP=1 \
    -d "$CALLQ_TEST_PG user=$floor dbname=${floor}_$1"; }
# out FILE CMD...: CMD's output and its status in $rc.
out() { f=$1; shift; "$@" >"$scratch/$f" 2>&1; rc=$?; }
says() { grep -q -- "$2" "$scratch/$1" || { sed 's/^/# /' "$scratch/$1"; false; }; }

# Floor X with rep1 and rep1's lead, made by this callq.
floor_make() {
	floors="$floors $1"
	printf '%s\n' \
	    "CREATE DATABASE ${floor}_$1 OWNER $floor TEMPLATE template0" \
	    "  ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';" | pg_su &&
	    cq "$1" init >/dev/null 2>&1 &&
	    cq "$1" region add R1 --country US >/dev/null &&
	    cq "$1" user add "${p}rep1" --role rep --region R1 >/dev/null &&
	    cq "$1" lead add --name Alpha --phone "+1 617 555 0101" \
	    --region R1 --owner "${p}rep1" >/dev/null ||
	    { echo "not ok - floor $1 could not be made"; exit 1; }
}
# floor_old X SQL: floor X secured as an older callq's callq roles left
# it, SQL being what that callq loaded.
floor_old() {
	floor_make "$1"
	{ echo "BEGIN;"; cat "$2"
	    echo "SELECT callq_user_login('${p}rep1'); COMMIT;"; } |
	    own "$1" >/dev/null ||
	    { echo "not ok - $2 could not be loaded on floor $1"; exit 1; }
}
version() { echo "SELECT obj_description(to_regprocedure(
    'callq_user_login(text)'), 'pg_proc')" | own "$1"; }
# What the security is on floor X, one line an object, sorted.
security() {
	own "$1" <<-'EOF'
	SELECT 'policy ' || tablename || ' ' || policyname || ' ' ||
	    array_to_string(roles, ',') || ' ' || cmd || ' ' ||
	    coalesce(qual, '') || ' ' || coalesce(with_check, '')
	    FROM pg_policies WHERE schemaname = current_schema()
	UNION ALL SELECT 'function ' || p.oid::regprocedure::text || ' ' ||
	    md5(p.prosrc) || ' ' || p.prosecdef::text || ' ' ||
	    p.provolatile::text || ' ' || coalesce(array_to_string(p.proconfig,
	    ','), '') || ' ' || coalesce(array_to_string(p.proacl, ','), '')
	    FROM pg_proc p
	    WHERE p.pronamespace = current_schema()::regnamespace
	UNION ALL SELECT 'trigger ' || tgrelid::regclass::text || ' ' ||
	    tgname || ' ' || tgfoid::regproc::text
	    FROM pg_trigger WHERE NOT tgisinternal
	UNION ALL SELECT 'grant ' || table_name || ' ' || grantee || ' ' ||
	    privilege_type FROM information_schema.role_table_grants
	    WHERE table_schema = current_schema() AND grantee LIKE 'callq\_%'
	UNION ALL SELECT 'table ' || relname || ' ' || relrowsecurity::text
	    FROM pg_class WHERE relnamespace = current_schema()::regnamespace
	    AND relkind = 'r'
	ORDER BY 1
	EOF
}
# same X: floor X's security is floor a's, this callq's first.
same() {
	security "$1" >"$scratch/$1.security" &&
	    test -s "$scratch/a.security" &&
	    cmp -s "$scratch/a.security" "$scratch/$1.security" ||
	    { diff "$scratch/a.security" "$scratch/$1.security" |
	    sed 's/^/# /' | head -20; false; }
}
# A psql session of floor X at work on the leads, until it is ended:
# holder_start X, held X (true while it is), holder_end X.
holding="SELECT pid FROM pg_stat_activity WHERE application_name =
    'callq_test_holder' AND wait_event = 'PgSleep'"
holder_start() {
	echo "BEGIN; LOCK TABLE leads IN ACCESS SHARE MODE;
	    SELECT pg_sleep(600);" |
	    PGAPPNAME=callq_test_holder own "$1" >/dev/null 2>&1 &
}
held() {
	echo "$holding" | psql -X -q -At \
	    -d "$CALLQ_TEST_PG user=$floor dbname=${floor}_$1" | grep -q .
}
holder_end() {
	echo "SELECT pg_terminate_backend(pid) FROM ($holding) AS h" |
	    own "$1" >/dev/null
}

floor_make a
out roles_a cq a roles
ok "floor a, secured by this callq's callq roles" says roles_a \
    "security is loaded"
security a >"$scratch/a.security" ||
    { echo "not ok - floor a's security could not be read"; exit 1; }
ok "... which writes its version" test "$(version a)" = "callq security 2"

# Each older security, upgraded by the owner's open.
n=0
for sql in "$top"/tests/pg/security_v1/*.sql; do
	n=$((n + 1))
	v=$(basename "$sql" .sql)
	floor_old "o$n" "$sql"
	ok "floor o$n, as callq at $v secured it: no version" \
	    test -z "$(version "o$n")"
	out refused rep "o$n" queue
	ok "... rep1 under its own role is refused there with status 69" \
	    test "$rc" = 69
	ok "... in one sentence" test "$(wc -l <"$scratch/refused")" = 1
	ok "... saying to have an admin run callq roles as the owner" \
	    says refused "was loaded by an older callq (version 1; this one needs 2): have an admin run callq roles connected as the floor's owner"
	out owner cq "o$n" lead list
	ok "... callq opened as the floor's owner lists the leads" \
	    says owner Alpha
	ok "... having loaded the security anew" \
	    test "$(version "o$n")" = "callq security 2"
	ok "... to the same functions, policies, triggers and grants" \
	    same "o$n"
	out queue rep "o$n" queue
	ok "... and rep1's queue under its own role shows its lead" \
	    says queue Alpha
done
ok "every older security there is was tried" test $n -ge 3

# A floor at work: the owner's open goes on at once, callq roles waits.
floor_old b "$top/tests/pg/security_v1/00f67eb.sql"
holder_start b
ok "a psql session holds floor b's leads" within held b
out busy cq b lead list
ok "opened as the owner meanwhile, callq lists the leads" says busy Alpha
ok "... leaving the upgrade to a quieter moment" test -z "$(version b)"
ok "... with no notice" sh -c "! grep -q notice '$scratch/busy'"
cq b roles >"$scratch/roles_b" 2>&1 &
roles=$!
waiting="SELECT 1 FROM pg_stat_activity WHERE application_name = 'callq'
    AND datname = '${floor}_b' AND wait_event_type = 'Lock'"
ok "callq roles there waits for the leads" eventually "echo \"$waiting\" |
    psql -X -q -At -d '$CALLQ_TEST_PG user=$floor dbname=${floor}_b' |
    grep -q ."
holder_end b
wait $roles
ok "... and once they are free exits 0" test $? = 0
ok "... saying it loaded the older security anew" says roles_b \
    "The floor's security, an older callq's, is loaded anew; 2 login roles"
ok "... to the same functions, policies, triggers and grants" same b

# An upgrade that fails: the floor opens to its owner, and says why.
floor_old c "$top/tests/pg/security_v1/00f67eb.sql"
echo "ALTER ROLE callq_analyst LOGIN;" | pg_su >/dev/null
out failing cq c lead list
echo "ALTER ROLE callq_analyst NOLOGIN;" | pg_su >/dev/null
ok "an upgrade that fails: the owner's callq still exits 0" test "$rc" = 0
ok "... listing the leads" says failing Alpha
ok "... with one notice saying why" says failing \
    "^callq: notice: the floor's security could not be brought up to date, so users connecting as their own PostgreSQL roles are refused until it is: .*the role callq_analyst may log in"
ok "... and the older security as it was" test -z "$(version c)"
out fixed cq c lead list
ok "the next open, the role mended, upgrades it" \
    test "$(version c)" = "callq security 2"
finish
