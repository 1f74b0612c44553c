#!/bin/sh
# Database names as a user gives them with --db: sqlite:PATH is the file
# at PATH, as PATH alone is, and nothing lands in the current directory;
# a file whose name starts with postgresql: is still reached as a file by
# ./ or sqlite:, while postgresql:NAME itself makes no file; and callq
# never writes an export over the database it has open, however named.
. "$(dirname "$0")/../lib.sh"

d=$scratch/dbs
mkdir "$d" "$scratch/cwd"
cd "$scratch/cwd" || exit 1
# No server of the user's own answers here: PostgreSQL names fail fast.
export PGHOST="$scratch/none" PGCONNECT_TIMEOUT=5

ok "init --db sqlite:PATH succeeds" \
    "$bin" --db "sqlite:$d/a.db" init >/dev/null
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
    "$bin" --db ./postgresql:x init >/dev/null
ok "... and opened with sqlite:" \
    sh -c "'$bin' --db sqlite:postgresql:x user list | grep -q '$(id -un)'"
rm -f ./postgresql:x*
"$bin" --db postgresql:x init >"$scratch/out" 2>&1
ok "postgresql:x names a server's database, not a file" test $? -ne 0
ok "... and makes no file" test -z "$(ls -A "$scratch/cwd")"
cd "$top" || exit 1
finish
