#!/bin/sh
# The lease holds for every writer: while rep1 has a lead open on screen
# (or a call to it open), rep2's log, follow-up, edit, stage move, note
# and call are refused with rep1's name and exit 75; a team lead goes on
# with --force, audited, and rep1 is told. And no lead takes a live
# lead's number by hand without --allow-duplicate, audited.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db lease
me=$(id -un)
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq region add West --country US >/dev/null
cq user add lead1 --role lead --team A >/dev/null
cq user add rep1 --role rep --team A --region East >/dev/null
cq user add rep2 --role rep --team A --region East >/dev/null
cq user add west --role rep --team B --region West >/dev/null
for n in "Alpha Deli:+12127360101" "Bravo Bakery:+12127360102"; do
	cq lead add --name "${n%%:*}" --phone "${n#*:}" --region East >/dev/null
done
fu=$(cq followup add 1 'tomorrow 16:00' | sed 's/^follow-up \([0-9]*\) .*/\1/')

start() { # $1 session, $2 WxH, $3 login
	tm new-session -d -s "$1" -x "${2%x*}" -y "${2#*x}" \
	    "env TERM=screen '$bin' --db '$db' --as $3; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}

# refused WHAT HOLDER LEAD ARGS...: the command exits 75, and its one
# line names the holder; nothing is written.
refused() {
	what=$1 holder=$2 lead=$3
	shift 3
	before=$(cq audit list --limit 0 --format csv | wc -l)
	out=$("$bin" --db "$db" "$@" 2>&1)
	rc=$?
	after=$(cq audit list --limit 0 --format csv | wc -l)
	ok "$what is refused while $holder holds lead $lead (exit 75)" \
	    test "$rc" -eq 75
	ok "... in one line naming $holder, nothing written" sh -c "
	    test \"\$(printf '%s\n' \"\$1\" | wc -l)\" -eq 1 &&
	    printf '%s\n' \"\$1\" | grep -q '^callq: $holder is working lead $lead; it is free again when they log the call' &&
	    test $before -eq $after" sh "$out"
}

start r1 100x30 rep1
wait_for r1 "My Queue" >/dev/null
tm send-keys -t r1 '#' 1 Enter
ok "rep1 opens lead 1 on screen" wait_for r1 "Alpha Deli"
ok "... and holds it" eventually \
    "'$bin' --db '$db' board --format csv | grep -q '^rep1,.*Alpha Deli'"

refused "rep2's log" rep1 1 --as rep2 log 1 --disposition 'No answer'
refused "rep2's follow-up" rep1 1 --as rep2 followup add 1 'tomorrow 17:00'
refused "rep2's follow-up move" rep1 1 --as rep2 followup move "$fu" \
    'tomorrow 18:00'
refused "rep2's follow-up done" rep1 1 --as rep2 followup done "$fu"
refused "rep2's edit" rep1 1 --as rep2 lead edit 1 --email a@example.com
refused "rep2's stage move" rep1 1 --as rep2 lead stage 1 Contacted
refused "rep2's note" rep1 1 --as rep2 note add 1 'rang twice'
refused "rep2's call" rep1 1 --as rep2 call 1
ok "the lead is still nobody's, and New" \
    sh -c "cq() { '$bin' --db '$db' \"\$@\"; }; cq lead list --format csv | grep -q '^1,Alpha Deli,.*,New,,,'"

out=$(cq --as rep2 log 1 --disposition 'No answer' --force 2>&1)
rc=$?
ok "a rep's --force is refused too (exit 77), naming rep1" sh -c "
    test $rc -eq 77 && printf '%s' \"\$1\" | grep -q 'rep1 is working lead 1, and rep2 is a rep, who cannot work a lead another user holds'" \
    sh "$out"
out=$(cq --as lead1 log 1 --disposition 'No answer' 2>&1)
rc=$?
ok "a team lead without --force is told of it (exit 75)" sh -c "
    test $rc -eq 75 && printf '%s' \"\$1\" | grep -q 'or add --force to override their hold'" \
    sh "$out"

ok "the team lead's --force logs the call" \
    sh -c "'$bin' --db '$db' --as lead1 log 1 --disposition 'No answer' --force | grep -q '^logged No answer on lead 1; New -> CNP'"
ok "... the override is in the audit, naming rep1" \
    sh -c "'$bin' --db '$db' audit list --action override --format csv | grep -q '^[0-9]*,[^,]*,lead1,[^,]*,lead,1,override,\"{\"\"holder\"\":\"\"rep1\"\",\"\"to\"\":\"\"log a call\"\",\"\"notified\"\":\"\"rep1\"\"}\"'"
ok "... rep1 is told" \
    sh -c "'$bin' --db '$db' --as rep1 notify list --format csv | grep -q ',override,1,no,lead1 overrode your hold on lead 1 to log a call'"
ok "... on screen too" wait_for r1 "\(1\) new"
ok "rep1 still holds the lead" \
    sh -c "'$bin' --db '$db' --as lead1 lead edit 1 --email b@example.com 2>&1 | grep -q 'rep1 is working lead 1'"

# On the screen, a team lead is told who holds it, and asked before
# overriding them.
overrides() { "$sq" "$db" "SELECT count(*) FROM audit WHERE action = 'override'"; }
start l1 100x30 lead1
wait_for l1 "lead1 \(lead\)" >/dev/null
tm send-keys -t l1 '#' 1 Enter
ok "the team lead opening it on screen is told how to override" \
    wait_for l1 "rep1 is working lead 1; c, l or e offers to override their hold"
was=$(overrides)
tm send-keys -t l1 e
ok "e asks before overriding rep1's hold" \
    wait_for l1 "rep1 holds lead 1: Enter overrides \(rep1 is told\), Esc cancels:"
tm send-keys -t l1 Escape
ok "Esc overrides nothing" sh -c "test $(overrides) -eq $was"
tm send-keys -t l1 e
wait_for l1 "rep1 holds lead 1: Enter overrides" >/dev/null
tm send-keys -t l1 Enter
ok "Enter goes on to the edit" wait_for l1 "Edit: 1 Name"
tm send-keys -t l1 4
wait_for l1 "Note:" >/dev/null
tm send-keys -t l1 "asked rep1 to call back" Enter
ok "the note is added" wait_for l1 "Note added\."
ok "... the override audited, and rep1 told" sh -c "
    test \"\$('$sq' '$db' \"SELECT details FROM audit WHERE action = 'override' ORDER BY id DESC LIMIT 1\")\" = '{\"holder\":\"rep1\",\"to\":\"add a note\",\"notified\":\"rep1\"}' &&
    '$bin' --db '$db' --as rep1 notify list --format csv | grep -q 'lead1 overrode your hold on lead 1 to add a note'"
tm send-keys -t l1 Q

tm send-keys -t r1 Escape
ok "once rep1 leaves it, rep2 logs on it" eventually \
    "'$bin' --db '$db' --as rep2 note add 1 'spoke to the owner' >/dev/null 2>&1"

# A call open on the lead holds it too; a forced call takes it over.
cq --as rep1 call 2 >/dev/null
refused "rep2's log" rep1 2 --as rep2 log 2 --disposition Busy
ok "the team lead's forced call takes the lead" \
    sh -c "'$bin' --db '$db' --as lead1 call 2 --force | grep -q '^call [0-9]* is open'"
refused "rep1's note" lead1 2 --as rep1 note add 2 'back later'

# No silent duplicates: the same number, written any way, is refused.
out=$(cq --as rep2 lead add --name Again --phone '(212) 736-0102' \
    --country US 2>&1)
rc=$?
ok "a lead with lead 2's number is refused (exit 65), naming it" sh -c "
    test $rc -eq 65 && test \"\$1\" = 'callq: lead 2 (no owner) has +12127360102 already, so nothing was added; work that lead, or add --allow-duplicate to add this one anyway'" \
    sh "$out"
out=$(cq --as west lead add --name Again --phone +12127360101 2>&1)
rc=$?
ok "a rep who cannot see that lead is told only that one exists" sh -c "
    test $rc -eq 65 && test \"\$1\" = 'callq: a lead you cannot see has +12127360101 already, so nothing was added; ask a team lead about it, or add --allow-duplicate to add this one anyway'" \
    sh "$out"
ok "nothing was added" \
    test "$(cq lead list --format csv | tail -n +2 | wc -l)" -eq 2
# Ids are read from what callq prints: a refused add leaves a gap on
# PostgreSQL, whose sequences do not roll back.
added() { sed -n 's/^added lead \([0-9]*\).*/\1/p'; }
charlie=$(cq lead add --name Charlie --phone +12127360103 --region East |
    added)
out=$(cq lead edit "$charlie" --phone +1-212-736-0101 2>&1)
rc=$?
ok "editing a lead to another's number is refused" sh -c "
    test $rc -eq 65 && printf '%s' \"\$1\" | grep -q 'lead 1 (no owner) has +12127360101 already, so nothing was changed'" \
    sh "$out"
again=$("$bin" --db "$db" --as rep2 lead add --name Again \
    --phone '+1 212 736 0102' --allow-duplicate | added)
ok "--allow-duplicate adds it" test -n "$again"
ok "... and the audit says which lead it repeats" \
    sh -c "'$bin' --db '$db' audit list --entity lead --id '$again' --format csv | grep -q '\"\"duplicate_of\"\":2'"
cq lead delete "$charlie" >/dev/null
delta=$("$bin" --db "$db" lead add --name Delta --phone +12127360103 |
    added)
ok "a deleted lead's number is free again" test -n "$delta"
out=$(cq lead restore "$charlie" 2>&1)
rc=$?
ok "restoring lead $charlie is refused while lead $delta has its number" sh -c "
    test $rc -eq 65 && printf '%s' \"\$1\" | grep -q 'lead $delta (no owner) has +12127360103 already, so nothing was restored'" \
    sh "$out"
ok "... and --allow-duplicate restores it" \
    sh -c "'$bin' --db '$db' lead restore '$charlie' --allow-duplicate | grep -q '^restored lead $charlie'"
cq lead delete "$charlie" >/dev/null

# The screen's edit refuses a duplicate the same way.
start a1 100x30 "$me"
wait_for a1 "My Queue" >/dev/null
tm send-keys -t a1 '#' "$again" Enter
wait_for a1 "Again" >/dev/null
tm send-keys -t a1 e 2
wait_for a1 "Phone \(any form" >/dev/null
tm send-keys -t a1 C-u "+1 212 736 0103" Enter
ok "the screen's edit refuses lead $delta's number, naming it" \
    wait_for a1 "Not saved: lead $delta \(no owner\) has \+12127360103 already"
tm send-keys -t a1 Escape Escape

# A pipeline move of a card another user holds asks first.
tm send-keys -t a1 g p
ok "the pipeline shows lead 2 first, which lead1 holds" \
    wait_for a1 "Bravo Bakery"
tm send-keys -t a1 '>'
ok "moving it asks before overriding lead1's hold" \
    wait_for a1 "lead1 holds lead 2: Enter overrides \(lead1 is told\)"
tm send-keys -t a1 Enter
ok "Enter moves it" wait_for a1 "Bravo Bakery moved to Contacted"
ok "... and lead1 is told" \
    sh -c "'$bin' --db '$db' --as lead1 notify list --format csv | grep -q ',override,2,no,$me overrode your hold on lead 2 to move it to another stage'"
tm send-keys -t a1 Q

tm send-keys -t r1 Q
finish
