#!/bin/sh
# valgrind over the unsanitized binary: no definite or indirect leaks and
# no memory errors in the commands and the screen. libphonenumber keeps its
# metadata in a singleton for the life of the process ("possibly lost",
# not ours), so only definite and indirect losses count. On PostgreSQL
# the floor is a database of the tests' server, and the same commands and
# screens run over libpq, which needs no suppression: it frees what it
# takes.
. "$(dirname "$0")/../lib.sh"

plain=$top/callq
floor_db floor
export CALLQ_NOW=$daytime
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect "$@"
}
# $1: what; callq's arguments follow. The command's own status does not
# matter (a refusal is meant to fail); valgrind's 99 does.
clean() {
	what=$1
	shift
	vg "$plain" --db "$db" "$@" >/dev/null 2>"$scratch/vg.log"
	ok "valgrind: $what" test $? -ne 99 || sed 's/^/#   /' "$scratch/vg.log"
}

"$plain" --db "$db" init --demo >/dev/null
id=$("$plain" --db "$db" --as rep1 queue --limit 1 --format csv |
    sed -n 2p | cut -d, -f1)
clean "lead list" lead list --format json
clean "lead show" lead show "$id"
clean "queue" --as rep1 queue --limit 0
clean "lead add" --as rep1 lead add --name "Valgrind Bakery" \
    --phone "+13057360198"
clean "a live lead's number, refused" lead add --name Again \
    --phone "+13057360198"
clean "a live lead's number, allowed" lead add --name Again \
    --phone "+13057360198" --allow-duplicate
clean "lead edit" lead edit "$id" --priority 3 --value 99.50
clean "log" --as rep1 log "$id" --disposition Busy --note "engaged"
clean "followup add" --as rep1 followup add "$id" "+2h"
clean "followup list" --as rep1 followup list --missed
clean "audit list" audit list --limit 20
clean "a refused mutation" --as rep1 user add x --role admin
clean "a usage error" lead list --bogus
{
	printf 'Name,Formatted phone number,Region,Extra\n'
	printf '"Quoted, Inc.",(212) 736-0199,NY,kept\n'
	printf 'Bad,12,NY,\n'
	printf 'Twice,+1 212 736 0199,,\n'
} >"$scratch/v.csv"
clean "import (and its worker processes)" import "$scratch/v.csv" \
    --region Valgrind --country US
clean "import --dry-run" import "$scratch/v.csv" --region Valgrind --dry-run \
    --country US
clean "a refused import" import "$scratch/v.csv" --region Valgrind \
    --map phone=Nope
clean "dnc add" dnc add "+1 212 736 0198"
clean "dnc list" dnc list --format json
clean "batch list" batch list
clean "timeline" --as rep1 timeline "$id"
clean "note add" --as rep1 note add "$id" "asked for the owner"
clean "checkin and pause" --as rep1 pause Lunch
clean "setting set" setting set hours.US-NY 09:00-20:00
clean "setting list and get" setting get hours.US-NY
clean "setting list" setting list --format json
clean "choice add, move, deactivate" choice add pause Coaching
clean "choice move" choice move pause Coaching 1
clean "choice deactivate" choice deactivate pause Coaching
clean "a disposition added" choice add disposition Voicemail --key 0 \
    --status CNP
clean "choice list" choice list disposition --format csv
clean "user edit --team" user edit rep1 --team Night
clean "lead delete" lead delete "$id"
clean "deleted list" deleted list
clean "lead restore" lead restore "$id" --reason "by mistake"
clean "audit list filtered" audit list --action restore --since today
clean "an export with --output" lead list --format csv \
    --output "$scratch/export.csv"
# The database's own file, named or reached through a descriptor: on
# PostgreSQL there is none to name.
if [ "$driver" = sqlite ]; then
	clean "an export over the database, refused" lead list --output "$db"
	clean "the database through /proc/self/fd, refused" dnc import \
	    /proc/self/fd/3
fi
clean "queue --all" --as rep1 queue --all --limit 100
clean "pool list" pool list fresh --region "United Kingdom" --limit 600
clean "assign round-robin" --as lead1 assign --pool fresh --limit 40 \
    --round-robin
clean "assign split" --as lead1 assign --pool fresh --limit 9 \
    --split rep1,rep2,rep3
clean "assign in more than one transaction" --as lead1 assign --pool fresh \
    --limit 600 --to rep1
clean "a refused assign" --as rep1 assign "$id" --to rep2
clean "board" --as lead1 board --format json
clean "stage add, move, list" stage add "Demo booked" --position 3
clean "stage remove, refused" stage remove Prospect
clean "notify list" --as rep1 notify list --limit 0
clean "notify read" --as rep1 notify read all
# A lead rep1 is dialing (inside its calling hours) is held from others.
held=$("$plain" --db "$db" --as rep1 queue --limit 2 --format csv |
    sed -n 3p | cut -d, -f1)
ok "rep1 holds a lead by dialing it" \
    sh -c "'$plain' --db '$db' --as rep1 call '$held' >/dev/null"
clean "a write to a lead another user holds, refused" lead edit "$held" \
    --priority 4
ok "... refused indeed" sh -c "'$plain' --db '$db' lead edit '$held' \
    --priority 4 2>&1 | grep -q 'rep1 is working lead $held'"
clean "the same write, forced" lead edit "$held" --priority 4 --force
# Dials through the fake provider: an answer, a refusal, a timeout.
echo ok >"$scratch/mode"
python3 "$top/tests/fakeprov.py" "$scratch/port" "$scratch/req.log" \
    "$scratch/mode" &
eventually "[ -s '$scratch/port' ]"
cat >"$scratch/dial.conf" <<EOC
[dial]
provider = twilio
timeout_ms = 60000
trace = $scratch/dial.trace
[twilio]
account_sid = ACvalgrind
auth_token = valgrind-token
caller_id = +14155550100
base_url = http://127.0.0.1:$(cat "$scratch/port")
EOC
chmod 600 "$scratch/dial.conf"
# Only the timeout is tried with a short one: under valgrind on a loaded
# machine, an answer at once can take longer than a second to read.
sed 's/^timeout_ms = 60000/timeout_ms = 1000/' "$scratch/dial.conf" \
    >"$scratch/short.conf"
chmod 600 "$scratch/short.conf"
clean "call, answered" --as rep1 --config "$scratch/dial.conf" call "$id"
echo 401 >"$scratch/mode"
clean "call, refused" --as rep1 --config "$scratch/dial.conf" call "$id"
echo delay >"$scratch/mode"
clean "call, timed out" --as rep1 --config "$scratch/short.conf" call "$id"
echo ok >"$scratch/mode"
clean "log onto the dial" --as rep1 log "$id" --disposition Busy
printf '[webhook]\nurl = https://u:pw@pbx.example/\n' >"$scratch/pw.conf"
chmod 600 "$scratch/pw.conf"
clean "a password in an address, refused" --as rep1 --config \
    "$scratch/pw.conf" call "$id"
clean "user edit" user edit rep1 --extension 299
main_db=$db
floor_db fresh
vg "$plain" --db "$db" init >/dev/null 2>&1
ok "valgrind: init" test $? -eq 0
# PostgreSQL's own paths: the new floor copied out to a SQLite file and
# checked, a server that cannot be reached, and a name libpq cannot read.
if [ "$driver" = pg ]; then
	clean "migrate to a SQLite file" migrate --to "sqlite:$scratch/back.db"
	clean "migrate --verify" migrate --to "sqlite:$scratch/back.db" --verify
	db="postgresql:host=$scratch/none dbname=none"
	clean "a server that cannot be reached" lead list
	db="postgresql:host='$scratch/none dbname=none"
	clean "a name libpq cannot read" lead list
fi
db=$main_db

tm new-session -d -s vg -x 80 -y 24 \
    "valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file='$scratch/tui.log' '$plain' --db '$db' --as rep1; echo EXIT=\$? >'$scratch/vg.exit'; sleep 600"
wait_for vg "My Queue" >/dev/null
tm send-keys -t vg j j '?'
wait_for vg "Change the order" >/dev/null
tm send-keys -t vg x NPage Enter
wait_for vg "Timeline" >/dev/null
tm send-keys -t vg l 6
wait_for vg "Note" >/dev/null
tm send-keys -t vg "call back" Enter "+2h" Enter
wait_for vg "Why call back" >/dev/null
tm send-keys -t vg 1
wait_for vg "Logged Callback requested" >/dev/null
tm send-keys -t vg f "a" Enter h s F3
wait_for vg "Follow-ups:" >/dev/null
tm send-keys -t vg d Enter p 1 F5 Q
ok "valgrind: the screen, moved about, a log, the panes, and quit" \
    eventually "grep -qx 'EXIT=0' '$scratch/vg.exit' 2>/dev/null"

# A dial from the screen: one cancelled while pending, one answered and
# logged, one still pending when the rep quits.
echo delay >"$scratch/mode"
tm new-session -d -s vd -x 100 -y 30 \
    "valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file='$scratch/dial.log' '$plain' --db '$db' --as rep1 --config '$scratch/dial.conf'; echo EXIT=\$? >'$scratch/vd.exit'; sleep 600"
wait_for vd "My Queue" >/dev/null
tm send-keys -t vd '#' "$id" Enter c
wait_for vd "Calling" >/dev/null
tm send-keys -t vd Escape
wait_for vd "Cancelled the call" >/dev/null
echo ok >"$scratch/mode"
tm send-keys -t vd '#' "$id" Enter c
wait_for vd "took the call" >/dev/null
tm send-keys -t vd e 2 Enter
wait_for vd "Logged Busy" >/dev/null
echo delay >"$scratch/mode"
tm send-keys -t vd '#' "$id" Enter c
wait_for vd "Calling" >/dev/null
tm send-keys -t vd Q Q
ok "valgrind: dials from the screen: cancelled, answered and logged, quit pending" \
    eventually "grep -qx 'EXIT=0' '$scratch/vd.exit' 2>/dev/null" ||
    sed 's/^/#   /' "$scratch/dial.log"

# The team lead's panes: the pipeline with a move, the pools with marks,
# a split over picked reps, the board, notifications.
tm new-session -d -s vl -x 100 -y 30 \
    "valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file='$scratch/lead.log' '$plain' --db '$db' --as lead1; echo EXIT=\$? >'$scratch/vl.exit'; sleep 600"
wait_for vl "My Queue" >/dev/null
tm send-keys -t vl g p
wait_for vl "Pipeline:" >/dev/null
tm send-keys -t vl j ']' '>' m
ok "valgrind: ... the stage picker opens after a move" \
    wait_for vl "Move .* to:"
tm send-keys -t vl Escape g o
wait_for vl "Pools:" >/dev/null
tm send-keys -t vl Space Space Space S
wait_for vl "Split 3 leads over" >/dev/null
tm send-keys -t vl j Space Enter
wait_for vl "Enter does it" >/dev/null
tm send-keys -t vl Enter
ok "valgrind: ... the split is done under it" wait_for vl "Assigned 3 leads"
tm send-keys -t vl f "region=United Kingdom" Enter ']' g b
wait_for vl "Team board" >/dev/null
tm send-keys -t vl g n
wait_for vl "Notifications:" >/dev/null
tm send-keys -t vl M Q
ok "valgrind: the team lead's panes, a move, a split, and quit" \
    eventually "grep -qx 'EXIT=0' '$scratch/vl.exit' 2>/dev/null"

# The admin's panes: an import previewed, remapped, run and its rejects
# read; a user added; a reason added; a restore; the audit filtered.
mkdir -p "$scratch/home"
cp "$scratch/v.csv" "$scratch/home/valgrind.csv"
tm new-session -d -s va -x 120 -y 32 \
    "HOME='$scratch/home' valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file='$scratch/admin.log' '$plain' --db '$db'; echo EXIT=\$? >'$scratch/va.exit'; sleep 600"
wait_for va "My Queue" >/dev/null
tm send-keys -t va g i
wait_for va "valgrind.csv" >/dev/null
tm send-keys -t va Enter
wait_for va "Import into which region" >/dev/null
tm send-keys -t va Enter
wait_for va "Enter imports the whole file" >/dev/null
tm send-keys -t va j j m Enter
wait_for va "is read from" >/dev/null
tm send-keys -t va Enter
wait_for va "rows read in" >/dev/null
tm send-keys -t va v
wait_for va "Rejected rows of" >/dev/null
tm send-keys -t va Escape Escape / C-u "/nowhere" Enter
tm send-keys -t va Escape g u a vguser Enter Enter 3 Enter Space Enter Enter Enter M
wait_for va "What each role may do" >/dev/null
tm send-keys -t va g s Right Right Right a Valgrind Enter x g r r "why not" Enter
tm send-keys -t va g a f C-u "action=restore" Enter
wait_for va "where action=restore" >/dev/null
tm send-keys -t va Q
ok "valgrind: the admin's panes: import, users, settings, restore, audit" \
    eventually "grep -qx 'EXIT=0' '$scratch/va.exit' 2>/dev/null" ||
    sed 's/^/#   /' "$scratch/admin.log"
finish
