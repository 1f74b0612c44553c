#!/bin/sh
# `callq --db postgresql:... init` and opening the floor after, as the
# man page tells an administrator to set it up: a plain role that owns
# an empty UTF-8 database on the harness's server (CALLQ_TEST_PG).
. "$(dirname "$0")/../lib.sh"

pg_needed "init on PostgreSQL"

floor=callq_init_$$	# the database, and the role that owns it
. "$top/tests/pgfloor.sh"

db="postgresql:$CALLQ_TEST_PG user=$floor dbname=$floor"
export HOME=$scratch/home
mkdir -p "$HOME"
q() { "$bin" --db "$db" "$@" >"$scratch/out" 2>&1; }
says() { grep -q -- "$1" "$scratch/out"; }
rows() {
	psql -X -q -At -d "$CALLQ_TEST_PG user=$floor dbname=$floor" -c "$1"
}

ok "a database without callq's tables is refused" sh -c '! "$0" --db "$1" user list >"$2" 2>&1' "$bin" "$db" "$scratch/out"
ok "  ... saying there is no floor there and how to make one" \
    sh -c "grep -q 'no callq floor' '$scratch/out' && grep -q 'init' '$scratch/out'"
ok "  ... and nothing was created" test "$(rows "SELECT count(*) FROM
    pg_tables WHERE schemaname = 'public'")" = 0

ok "init creates the floor as the database's owner" q init
ok "  ... naming its first admin" says "as its admin"
ok "  ... at this callq's schema version" test "$(rows 'SELECT version
    FROM schema_meta')" = "$(sed -n 's/^#define STORE_SCHEMA_VERSION //p' \
    "$top/include/callq/store.h")"
ok "  ... with the seeded settings lists" test "$(rows "SELECT count(*)
    FROM choices WHERE list = 'source'")" -gt 0
ok "  ... and the init in the audit" test "$(rows "SELECT count(*) FROM
    audit WHERE action = 'init'")" = 1

ok "a second init is refused" sh -c '! "$0" --db "$1" init >"$2" 2>&1' \
    "$bin" "$db" "$scratch/out"
ok "  ... saying a floor is there already" says "already"
ok "  ... leaving its one user" test "$(rows 'SELECT count(*) FROM users')" = 1

ok "the floor opens: a region added" q region add East --country US
ok "  ... and a rep in it" q user add rep1 --role rep --region East
ok "  ... listed with their region" sh -c "'$bin' --db '$db' user list |
    grep -q '^rep1 .* East'"
ok "CALLQ_DB names the floor as --db does" \
    sh -c "CALLQ_DB='$db' '$bin' region list | grep -q '^East'"

rows "UPDATE schema_meta SET version = 99" >/dev/null
ok "a newer schema is refused" sh -c '! "$0" --db "$1" user list >"$2" 2>&1' \
    "$bin" "$db" "$scratch/out"
ok "  ... saying to upgrade callq" says "upgrade callq"
ok "  ... and left as it was" test "$(rows 'SELECT version FROM
    schema_meta')" = 99
finish
