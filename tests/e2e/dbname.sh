#!/bin/sh
# Database names as a user gives them with --db. SQLite: sqlite:PATH is
# the file at PATH, as PATH alone is, and nothing lands in the current
# directory; a file whose name starts with postgresql: is still reached
# as a file by ./ or sqlite:, while postgresql:NAME itself makes no file;
# and callq never writes an export over the database it has open, however
# named. PostgreSQL: a floor named by postgresql:KEYWORDS, postgres:
# KEYWORDS or a postgresql:// URL is the same database on the server, and
# nothing lands in the current directory.
. "$(dirname "$0")/../lib.sh"

d=$scratch/dbs
mkdir "$d" "$scratch/cwd"
cd "$scratch/cwd" || exit 1

# on_pg: the names of one floor on the tests' server.
on_pg() {
	floor_db names
	ok "init --db postgresql:KEYWORDS succeeds" \
	    sh -c "'$bin' --db '$db' init >/dev/null"
	ok "... and makes nothing in the current directory" \
	    test -z "$(ls -A "$scratch/cwd")"
	"$bin" --db "$db" region add East --country US >/dev/null
	keywords=${db#postgresql:}
	host=$(echo "$keywords" | sed -n 's/.*host=\([^ ]*\).*/\1/p')
	port=$(echo "$keywords" | sed -n 's/.*port=\([^ ]*\).*/\1/p')
	ok "postgres:KEYWORDS opens the same database" sh -c \
	    "'$bin' --db 'postgres:$keywords' region list | grep -q '^East'"
	ok "a postgresql:// URL opens the same database" sh -c "'$bin' --db \
	    'postgresql://$db_role@/$db_role?host=$host&port=$port' \
	    region list | grep -q '^East'"
	ok "... and still nothing is in the current directory" \
	    test -z "$(ls -A "$scratch/cwd")"
}

# No server of the user's own answers here: PostgreSQL names fail fast.
export PGHOST="$scratch/none" PGCONNECT_TIMEOUT=5
# The names of SQLite files are the SQLite run's: on PostgreSQL they
# would be checked again, the same.
[ "$driver" = sqlite ] || { on_pg; cd "$top" || exit 1; finish; exit; }

ok "init --db sqlite:PATH succeeds" \
    sh -c "'$bin' --db 'sqlite:$d/a.db' init >/dev/null"
ok "... and makes the file at PATH" test -f "$d/a.db"
ok "... and nothing in the current directory" \
    test -z "$(ls -A "$scratch/cwd")"
ok "PATH alone opens the same database" \
    sh -c "'$bin' --db '$d/a.db' user list | grep -q '$(id -un)'"

for name in "sqlite:$d/a.db" "$d/a.db"; do
	"$bin" --db "$name" lead list --output "$d/a.db" \
	    >"$scratch/out" 2>&1
	ok "an export over the database ($name) is refused" test $? -ne 0
	ok "... and the database is intact" \
	    sh -c "'$bin' --db '$d/a.db' user list | grep -q '$(id -un)'"
done

ok "a file named postgresql:x is made with ./" \
    sh -c "'$bin' --db ./postgresql:x init >/dev/null"
ok "... and opened with sqlite:" \
    sh -c "'$bin' --db sqlite:postgresql:x user list | grep -q '$(id -un)'"
rm -f ./postgresql:x*
"$bin" --db postgresql:x init >"$scratch/out" 2>&1
ok "postgresql:x names a server's database, not a file" test $? -ne 0
ok "... and makes no file" test -z "$(ls -A "$scratch/cwd")"
cd "$top" || exit 1
finish
