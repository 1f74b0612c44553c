#!/bin/sh
# A lead's contacts on screen at 80x24: added from the lead pane, listed
# in its drawer (cut to the width, w shows them whole), called with c
# through a fake provider, named by the quick-log, flipped to do-not-call
# and refused then, deleted; a lead without contacts logs as before.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL
export XDG_CONFIG_HOME=$scratch/xdg

floor_db contacts
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add rep1 --role rep --phone +14155550151 >/dev/null
cq lead add --name "Alpha Deli" --phone +12127360101 --region East \
    --owner rep1 >/dev/null
cq lead add --name "Bravo Bakery" --phone +12127360102 --region East \
    --owner rep1 >/dev/null
id_of() { cq lead list --format csv | grep ",$1," | cut -d, -f1; }
alpha=$(id_of "Alpha Deli")
bravo=$(id_of "Bravo Bakery")

log=$scratch/requests.jsonl
mode=$scratch/mode
echo ok >"$mode"
python3 "$top/tests/fakeprov.py" "$scratch/port" "$log" "$mode" &
eventually "[ -s '$scratch/port' ]" || { echo "fake provider did not start"; exit 1; }
port=$(cat "$scratch/port")
: >"$log"
cat >"$scratch/webhook.conf" <<EOC
[dial]
provider = webhook
[webhook]
url = http://127.0.0.1:$port/dial
secret = whsec_contacts0123456789
EOC
chmod 600 "$scratch/webhook.conf"
requests() { wc -l <"$log" | tr -d ' '; }

tm new-session -d -s t -x 80 -y 24 \
    "env TERM=screen '$bin' --db '$db' --as rep1 --config '$scratch/webhook.conf'; echo EXIT=\$? >'$scratch/exit'; sleep 600"
key() { tm send-keys -t t "$@"; }
type_line() { key -l "$1"; key Enter; }
onto() { # the cursor onto the drawer's contact line $1 (1: the first)
	key '[' '[' '[' '[' '[' '['
	n=0
	while [ $n -lt "$1" ]; do key ']'; n=$((n + 1)); done
}
wait_for t "My Queue" >/dev/null
key '#' "$alpha" Enter
wait_for t "Phone +\+1 212-736-0101" >/dev/null
ok "a lead without contacts has no Contacts heading" hides t "^ Contacts"

# C: a field at a time.
key C
ok "C asks for the new contact's name" wait_for t "New contact .*Name:"
type_line "Ann Smith"
wait_for t "Role" >/dev/null
type_line owner
wait_for t "Numbers, comma-separated" >/dev/null
type_line "mobile:(212) 736-0188"
wait_for t "Email" >/dev/null
type_line "ann.smith.of.alpha.deli.with.a.much.longer.address@example.com"
ok "the contact is added" wait_for t "Added Ann Smith to the lead's contacts"
ok "the drawer lists the contact under its heading" wait_for t "^ Contacts"
ok "the contact's name and role" wait_for t "Ann Smith, owner"
ok "the number with its label and local time (11:00 in New York)" \
    wait_for t "mobile +\+1 212-736-0188 +11:00"
ok "a line longer than the pane is cut with an ellipsis" \
    eval "screen t | grep 'Ann Smith, owner' | grep -q '\.\.\. *$'"
key w
ok "w shows the contact line whole" wait_for t "much.longer.address@example.com"
key w
wait_gone t "much.longer.address@example.com"

# ] onto the number, c dials it through the same flow as the lead's.
onto 2
before=$(requests)
key c
ok "c on the contact's number calls it" \
    wait_for t "On a call with \+1 212-736-0188 via webhook"
ok "the provider was asked for the contact's number" \
    eval "[ $(requests) -gt $before ] && tail -n 1 '$log' | grep -q '+12127360188'"
ok "the call row names the contact" test "$("$sq" "$db" \
    "SELECT k.name FROM calls c JOIN contacts k ON k.id = c.contact_id
     ORDER BY c.id DESC LIMIT 1")" = "Ann Smith"
ok "the contact's number stands large while on the call" \
    eval "screen t | grep -qF '+ 1   2 1 2 - 7 3 6 - 0 1 8 8'"

# The quick-log asks whom the call reached, the one dialed first.
key e
wait_for t "Log the call" >/dev/null
key 2 Enter
ok "with contacts, the log asks whom the call reached" \
    wait_for t "Reached \(Enter: Ann Smith\)"
ok "it offers the lead itself and each contact" \
    wait_for t "Reached: +0 the lead +1 Ann Smith"
key Enter
ok "Enter takes the contact dialed" wait_for t "Logged Busy"
ok "the call log names the contact reached" test "$("$sq" "$db" \
    "SELECT k.name || ' ' || c.state FROM calls c
     JOIN contacts k ON k.id = c.contact_id ORDER BY c.id DESC LIMIT 1")" \
    = "Ann Smith logged"

# A second contact, then do-not-call through E: c is refused.
key '#' "$alpha" Enter
wait_for t "Ann Smith, owner" >/dev/null
key C
wait_for t "New contact .*Name:" >/dev/null
type_line "Bob Jones"
wait_for t "Role" >/dev/null
type_line reception
wait_for t "Numbers, comma-separated" >/dev/null
type_line "+1 212 736 0177"
wait_for t "Email" >/dev/null
key Enter
wait_for t "Added Bob Jones" >/dev/null
onto 3
key E
ok "E offers the contact's fields and flags" \
    wait_for t "1 Name +2 Role +3 Numbers +4 Email +5 Do not call +6 Opt in"
key 5
ok "5 marks the contact do-not-call" \
    wait_for t "Bob Jones is not to be called"
ok "the drawer marks the contact DNC" wait_for t "Bob Jones, reception +DNC"
key ']'
before=$(requests)
key c
ok "c on a do-not-call contact's number gives the store's sentence" \
    wait_for t "Not called: contact [0-9]+ \(Bob Jones\) asked not to be called"
ok "and nothing reaches the provider" test "$(requests)" -eq "$before"

# l on a lead with contacts and no dial: Enter takes the lead.
key l
wait_for t "Log the call" >/dev/null
key 1 Enter
ok "with no dial the log offers the lead first, then the contacts" \
    wait_for t "Reached: +0 the lead +1 Ann Smith +2 Bob Jones"
ok "and Enter takes the lead" wait_for t "Reached \(Enter: the lead\)"
key 2
ok "a digit names another contact" wait_for t "Logged No answer"
ok "the log names Bob Jones" test "$("$sq" "$db" \
    "SELECT k.name FROM calls c JOIN contacts k ON k.id = c.contact_id
     ORDER BY c.id DESC LIMIT 1")" = "Bob Jones"

# X deletes the contact under the cursor, after a yes.
key '#' "$alpha" Enter
wait_for t "Bob Jones, reception" >/dev/null
onto 3
key X
ok "X asks first, naming the contact" \
    wait_for t "Delete contact Bob Jones, reception\? Enter deletes"
key Enter
ok "Enter deletes it" wait_for t "Deleted Bob Jones from the lead's contacts"
ok "the drawer no longer lists it" wait_gone t "Bob Jones, reception"

# A contact added elsewhere, its London number on the do-not-call list:
# its own zone's time in the drawer, and c on its line (one number) is
# refused with the store's sentence.
cq --as rep1 contact add "$alpha" --name "Cara Lane" --role buyer \
    --phone "mobile:+44 20 7946 0958" >/dev/null
cq dnc add +442079460958 >/dev/null
key '#' "$alpha" Enter
ok "a number abroad shows its own local time" \
    wait_for t "mobile +\+44 20 7946 0958 +16:00"
onto 3
before=$(requests)
key c
ok "c on a number on the do-not-call list gives the store's sentence" \
    wait_for t "number \+442079460958 is on the do-not-call list"
ok "and the provider is not asked" test "$(requests)" -eq "$before"

# A lead without contacts: the three-key log, no question.
key '#' "$bravo" Enter
wait_for t "Phone +\+1 212-736-0102" >/dev/null
key l
wait_for t "Log the call" >/dev/null
key 1 Enter
ok "without contacts the log saves on its third key" \
    wait_for t "Logged No answer"
ok "and names no contact" test "$("$sq" "$db" \
    "SELECT coalesce(contact_id, 0) FROM calls ORDER BY id DESC LIMIT 1")" = 0

key Q
ok "Q quits cleanly (no leak, no sanitizer report)" \
    eventually "grep -qs '^EXIT=0$' '$scratch/exit'"
tm kill-server 2>/dev/null
finish
