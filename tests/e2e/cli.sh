#!/bin/sh
# The acceptance items of the command line, on the real binary.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime

floor_db floor
me=$(id -un)
cq() { "$bin" --db "$db" "$@"; }
csv() { cq "$@" --format csv | tr -d '\r'; }	# scripts see CRLF rows
audit_rows() { cq audit list --limit 0 --format csv | tail -n +2 | wc -l; }
newest() { cq audit list --limit 1 --format csv | sed -n 2p; }

ok "--version prints the version" \
    sh -c "'$bin' --version | grep -Eqx 'callq [0-9]+\.[0-9]+\.[0-9]+'"
ok "--help lists the commands" sh -c "'$bin' --help | grep -q 'lead add'"
# The fix names init: "callq init", or on PostgreSQL "callq --db
# postgresql://... init" (an empty database there is no floor yet).
ok "a missing database is status 66 with the fix" \
    sh -c "'$bin' --db '$db' queue 2>&1 >/dev/null | grep -Eq 'callq( --db [^ ]+)? init'; test \$? -eq 0"
cq queue >/dev/null 2>&1
ok "... and the status is 66" test $? -eq 66
cq init --demo >/dev/null
ok "init twice is refused with status 73" sh -c "'$bin' --db '$db' init 2>/dev/null; test \$? -eq 73"

users=$(cq user list --format csv)
audit=$(audit_rows)
out=$(cq --as rep1 user add x --name X --role admin 2>&1)
ok "a rep adding a user gets status 77" \
    sh -c "'$bin' --db '$db' --as rep1 user add x --name X --role admin 2>/dev/null; test \$? -eq 77"
ok "... and one clear sentence" test "$out" = \
    "callq: rep1 is a rep, and a rep cannot manage users; nothing was changed"
ok "... user list is unchanged" test "$(cq user list --format csv)" = "$users"
ok "... and no audit row was written" test "$(audit_rows)" -eq "$audit"

# Each mutation: exactly one more audit row, naming rep1 and the real user.
one_row() { # $1: the action the row must name; the command follows
	action=$1
	shift
	before=$(audit_rows)
	"$@" >/dev/null || return 1
	test "$(audit_rows)" -eq $((before + 1)) &&
	    newest | grep -q ",rep1,$me,.*,$action,"
}
ok "lead add: one audit row by rep1 for $me" one_row add \
    cq --as rep1 lead add --name "Corner Shop" --phone "305 736 0199" --country US
id=$(cq --as rep1 lead list --search "Corner Shop" --format csv | sed -n 2p | cut -d, -f1)
ok "lead edit: one audit row" one_row edit cq --as rep1 lead edit "$id" --interest 4
ok "log: one audit row" one_row log cq --as rep1 log "$id" --disposition Busy
ok "followup add: one audit row" one_row followup-add \
    cq --as rep1 followup add "$id" "tomorrow 16:00"
fid=$(cq --as rep1 followup list --format csv | grep ",$id," | cut -d, -f1)
ok "followup done: one audit row" one_row followup-done \
    cq --as rep1 followup done "$fid"
ok "the log moved the lead to CNP" \
    sh -c "'$bin' --db '$db' lead show $id | grep -Eq '^status +CNP'"

# The screen's other keys, from the command line.
ok "checkin, pause, resume and checkout are attendance events" sh -c "
    '$bin' --db '$db' --as rep1 checkin >/dev/null &&
    '$bin' --db '$db' --as rep1 pause Lunch >/dev/null &&
    '$bin' --db '$db' user list --format csv | grep -q '^rep1,.*,paused' &&
    '$bin' --db '$db' --as rep1 resume >/dev/null &&
    '$bin' --db '$db' --as rep1 checkout >/dev/null &&
    '$bin' --db '$db' user list --format csv | grep -q '^rep1,.*,out'"
cq --as rep1 pause Siesta >"$scratch/pause" 2>&1
ok "an unknown pause reason names the ones there are" grep -qF \
    "no pause reason 'Siesta'; use one of: Lunch, Short break" "$scratch/pause"
ok "timeline lists the lead's life, newest first" sh -c "
    '$bin' --db '$db' --as rep1 timeline $id --format csv | sed -n 2p | grep -q ',followup-done,' &&
    '$bin' --db '$db' --as rep1 timeline $id --format csv | grep -q ',call,.Busy, New -> CNP'"
ok "a rep may not change settings" \
    sh -c "'$bin' --db '$db' --as rep1 setting set hours 07:00-22:00 2>/dev/null; test \$? -eq 77"
ok "a malformed window is refused" \
    sh -c "'$bin' --db '$db' setting set hours.US-FL 8-20 2>&1 | grep -q 'a window like 08:00-21:00'"
ok "an admin moves Florida's window" sh -c "
    '$bin' --db '$db' setting set hours.US-FL 09:00-20:00 >/dev/null &&
    '$bin' --db '$db' setting list --format csv | grep -q '^hours.US-FL,09:00-20:00'"
ok "the queue's --all says why a lead may not be called" sh -c "
    CALLQ_NOW=$((daytime - 8 * 3600)) '$bin' --db '$db' --as rep1 queue --all --limit 0 --format csv |
    grep -q ',outside calling hours until Today 1[34]:00'"

fresh=$(csv --as rep1 queue --limit 0 | grep ',fresh$' | tail -n 1 | cut -d, -f1)
ok "rep1's queue offers fresh leads" test -n "$fresh"
before=$(audit_rows)
cq lead delete "$fresh" >/dev/null
ok "lead delete hides the lead from lead list" \
    sh -c "! '$bin' --db '$db' lead list --format csv | grep -q '^$fresh,'"
ok "... and from the queue" \
    sh -c "! '$bin' --db '$db' --as rep1 queue --limit 0 --format csv | grep -q '^$fresh,'"
ok "... and lists it as deleted" \
    sh -c "'$bin' --db '$db' lead list --deleted --format csv | grep -q '^$fresh,'"
cq lead restore "$fresh" >/dev/null
ok "lead restore brings it back to the queue" \
    sh -c "'$bin' --db '$db' --as rep1 queue --limit 0 --format csv | grep -q '^$fresh,'"
ok "both were audited" test "$(audit_rows)" -eq $((before + 2))

# A database from a newer callq: refused, and not one byte changed (a
# file: tests/pg/init.sh does it on PostgreSQL).
if [ "$driver" = sqlite ]; then
	cp "$db" "$scratch/newer.db"
	printf '\000\000\000\143' |
	    dd of="$scratch/newer.db" bs=1 seek=60 conv=notrunc 2>/dev/null
	sum=$(cksum <"$scratch/newer.db")
	msg=$("$bin" --db "$scratch/newer.db" queue 2>&1)
	status=$?
	ok "a newer schema is refused with status 69" test "$status" -eq 69
	ok "... with a clear sentence" \
	    sh -c "echo '$msg' | grep -q 'schema version 99 but this callq knows only up to'"
	ok "... and its bytes are unchanged" test "$(cksum <"$scratch/newer.db")" = "$sum"
	ok "... with no journal files left beside it" \
	    test "$(ls "$scratch" | grep -c newer)" -eq 1
else
	skip "a newer schema is refused with status 69" \
	    "the file's header is SQLite's; tests/pg/init.sh tries a newer PostgreSQL floor"
fi

# A real Unix account with no callq user (the database opened to it).
if [ "$driver" = sqlite ]; then
	chmod 0777 "$scratch"
	chmod 0666 "$db"
	msg=$(su nobody -s /bin/sh -c "'$bin' --db '$db' queue" 2>&1)
	status=$?
	ok "an unmapped Unix account gets status 77" test "$status" -eq 77
	ok "... and is told how an admin adds it" test "$msg" = \
	    "callq: no callq user for Unix account 'nobody'; an admin can add one with: callq user add nobody --role rep"
else
	skip "an unmapped Unix account gets status 77" \
	    "the tests' PostgreSQL server lets no other account in"
fi

ok "WHEN that cannot be read is refused with the forms, 3pm and noon too" \
    sh -c "'$bin' --db '$db' --as rep1 followup add $id 'next tuesday' 2>&1 | grep -q \"'3pm', 'noon', 'tomorrow 3:30pm'\""
ok "a follow-up takes 'tomorrow 3pm'" sh -c "
    '$bin' --db '$db' --as rep1 followup add $id 'tomorrow 3pm' >/dev/null &&
    '$bin' --db '$db' --as rep1 followup list --format csv | grep ',$id,' | grep -q 'T15:00:00'"
finish
