#!/bin/sh
# Files a user names are checked once open: callq never reads, appends
# to or truncates its own database, its journals or the floor's files
# through a name like /proc/self/fd/3 or a second link.
. "$(dirname "$0")/../lib.sh"
sqlite_only "it checks the SQLite file, its journals and their links"
export CALLQ_NOW=$daytime LANG=C.UTF-8

db=$scratch/floor.db
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq lead add --name "Acme Deli" --phone "+1 212-736-0101" --region East \
    >/dev/null
printf 'Name,Formatted phone number\nBad row,not a number\n' >"$scratch/bad.csv"
ln "$db" "$scratch/second-name.db"
leads() { cq lead list --format csv | tail -n +2 | wc -l; }

# intact: the database still opens, whole, with its one lead.
intact() {
	[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] &&
	    [ "$(leads)" -eq 1 ]
}

attempts=0
through=0
try() { # $1: output of an attempt; it must be a refusal to open
	attempts=$((attempts + 1))
	grep -q "one of callq's own files\|No such file\|being imported" \
	    "$1" || { through=$((through + 1)); sed 's/^/#   /' "$1"; }
}
for f in /proc/self/fd/3 /proc/self/fd/4 /proc/self/fd/5 /proc/self/fd/6 \
    "$scratch/second-name.db" "$db-wal"; do
	cq dnc import "$f" >"$scratch/o" 2>&1; try "$scratch/o"
	cq --config "$f" call 1 >"$scratch/o" 2>&1; try "$scratch/o"
	cq import "$f" --region East --dry-run >"$scratch/o" 2>&1
	try "$scratch/o"
	cq import "$scratch/bad.csv" --region East --rejects "$f" \
	    >"$scratch/o" 2>&1; try "$scratch/o"
	cq lead list --output "$f" >"$scratch/o" 2>&1; try "$scratch/o"
done
echo "# the database through another name: $attempts attempts, $through succeeded"
ok "none of $attempts attempts to read or write the database through another name got through" \
    test $through -eq 0
ok "and is whole" intact
cq lead list --output "$db" >"$scratch/o" 2>&1
ok "an export over the database is refused with one sentence" grep -q \
    "^callq: cannot write $db: it is one of callq's own files, which callq opens for no user; name another file$" \
    "$scratch/o"
ok "and the database is whole" intact
"$bin" --db "sqlite:$db" lead list --output "$db" >"$scratch/o" 2>&1
ok "named as sqlite:PATH, it is refused as well" grep -q \
    "^callq: cannot write $db: it is one of callq's own files" "$scratch/o"
ok "and the database is whole" intact
finish
