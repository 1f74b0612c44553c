#!/bin/sh
# A floor secured by an older callq (its callq roles loaded the security
# before the version was written, tests/pg/security_v1.sql) gets this
# callq's security: a rep under their own role is refused until then, in
# one sentence; callq opened as the floor's owner (any command, callq
# roles among them) loads it anew by itself. Either way the floor ends with the
# same functions, policies, triggers and grants as a floor this callq
# secured first, and the rep's queue works under their own role.
. "$(dirname "$0")/../lib.sh"

pg_needed "an older callq's security upgraded"

floor=callq_secup_$$	# the role that owns the floors; a floor is $floor_X
p=s$$			# the logins' prefix: login roles are the cluster's
me=$(id -un)
logins="rep1"
. "$top/tests/pgfloor.sh"
trap 'for x in a b c; do
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
	printf '%s\n' \
	    "CREATE DATABASE ${floor}_$1 OWNER $floor TEMPLATE template0" \
	    "  ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';" | pg_su &&
	    cq "$1" init >/dev/null 2>&1 &&
	    cq "$1" region add R1 --country US >/dev/null &&
	    cq "$1" user add "${p}rep1" --role rep --region R1 >/dev/null &&
	    cq "$1" lead add --name Alpha --phone "+1 617 555 0101" \
	    --region R1 --owner "${p}rep1" >/dev/null
}
# ... and secured as the older callq's callq roles left it.
floor_old() {
	floor_make "$1" && { echo "BEGIN;"
	    cat "$top/tests/pg/security_v1.sql"
	    echo "SELECT callq_user_login('${p}rep1'); COMMIT;"; } |
	    own "$1" >/dev/null
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
	    md5(p.prosrc) || ' ' || coalesce(array_to_string(p.proacl,
	    ','), '') FROM pg_proc p
	    WHERE p.pronamespace = current_schema()::regnamespace
	UNION ALL SELECT 'trigger ' || tgrelid::regclass::text || ' ' || tgname
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

floor_make a || { echo "not ok - floor a could not be made"; exit 1; }
out roles_a cq a roles
ok "floor a, secured by this callq's callq roles" says roles_a \
    "security is loaded"
security a >"$scratch/fresh"
ok "... which writes its version" test "$(version a)" = "callq security 2"

floor_old b || { echo "not ok - floor b could not be made"; exit 1; }
ok "floor b, as an older callq secured it: no version" test -z "$(version b)"
out refused rep b queue
ok "rep1 under its own role is refused there with status 69" \
    test "$rc" = 69
ok "... in one sentence" test "$(wc -l <"$scratch/refused")" = 1
ok "... saying to have an admin run callq roles" says refused \
    "was loaded by an older callq (version 1; this one needs 2): have an admin run callq roles once"
# A statement at work on the leads, which the upgrade must wait for.
echo "BEGIN; LOCK TABLE leads IN ACCESS SHARE MODE; SELECT pg_sleep(600);" |
    PGAPPNAME=callq_test_holder own b >/dev/null 2>&1 &
holding="SELECT pid FROM pg_stat_activity WHERE application_name =
    'callq_test_holder' AND wait_event = 'PgSleep'"
# held: the holder's statement is running (for eventually, a shell's own).
held="echo \"$holding\" | psql -X -q -At -d '$CALLQ_TEST_PG user=$floor
    dbname=${floor}_b' | grep -q ."
ok "a psql session holds the leads" eventually "$held"
out busy cq b lead list
ok "opened as the owner while the leads are at work, callq lists them" \
    says busy Alpha
ok "... leaving the upgrade to a quieter moment" test -z "$(version b)"
echo "SELECT pg_terminate_backend(pid) FROM ($holding) AS h" | own b \
    >/dev/null
ok "... the psql session ended" eventually "! $held"
out owner cq b lead list
ok "callq opened as the floor's owner lists the leads" says owner Alpha
ok "... having loaded the security anew" test "$(version b)" = \
    "callq security 2"
security b >"$scratch/b"
ok "... to the same functions, policies, triggers and grants" \
    cmp -s "$scratch/fresh" "$scratch/b" ||
    diff "$scratch/fresh" "$scratch/b" | sed 's/^/# /' | head -20
out queue_b rep b queue
ok "rep1's queue under its own role now shows its lead" says queue_b Alpha
out again cq b roles
ok "callq roles after it loads nothing" sh -c "test $rc = 0 &&
    ! grep -q 'security' '$scratch/again'"

floor_old c || { echo "not ok - floor c could not be made"; exit 1; }
out roles_c cq c roles
ok "an older callq's floor c: callq roles, as the sentence says, exits 0" \
    test "$rc" = 0
ok "... and leaves this callq's security" test "$(version c)" = \
    "callq security 2"
security c >"$scratch/c"
ok "... to the same functions, policies, triggers and grants" \
    cmp -s "$scratch/fresh" "$scratch/c" ||
    diff "$scratch/fresh" "$scratch/c" | sed 's/^/# /' | head -20
out queue_c rep c queue
ok "... and rep1's queue under its own role shows its lead" \
    says queue_c Alpha
finish
