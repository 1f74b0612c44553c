#!/bin/sh
# Leads by hand and many at once, through tmux: an admin adds a lead with
# N (its E.164 form and zone shown as typed), a duplicate number shows
# the lead that has it, D deletes the open lead after a yes and g r
# restores it; a team lead marks 20 of rep1's leads with a count and *
# and gives them to rep2, marks a range with V and sets their status
# with e. The keystrokes of both errands are counted.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db leads
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add lead1 --role lead --team A >/dev/null
for r in rep1 rep2; do
	cq user add $r --role rep --team A --region East >/dev/null
done
i=100
while [ $i -lt 130 ]; do
	cq lead add --name "Lead $i" --phone "+1212736$(printf %04d $i)" \
	    --region East --owner rep1 --status "In Progress" >/dev/null
	i=$((i + 1))
done

owned() { # leads owned by $1
	cq lead list --owner "$1" --format csv | tail -n +2 | wc -l
}

start() { # $1 session, $2 WxH, $3... callq's options
	s=$1 size=$2
	shift 2
	tm new-session -d -s "$s" -x "${size%x*}" -y "${size#*x}" \
	    "env TERM=screen '$bin' --db '$db' $*; echo EXIT=\$? >'$scratch/$s.exit'; sleep 600"
}

# The admin adds a lead by hand; keys counts every key pressed for it.
start ad 100x30
wait_for ad "\(admin\)" >/dev/null
keys=0
press() { # $1 session, $2... keys, each counted
	s=$1
	shift
	tm send-keys -t "$s" "$@"
	keys=$((keys + $#))
}
type_text() { # $1 session, $2 text typed, a key a character
	tm send-keys -t "$1" -l "$2"
	keys=$((keys + ${#2}))
}
press ad N
ok "N opens the new lead's form" wait_for ad "New lead's name:"
type_text ad "Zoe's Law Office"
press ad Enter
type_text ad "(617) 555-01"
ok "an unfinished number is said to be so" \
    wait_for ad "\+161755501 is not a valid number yet"
type_text ad "20"
ok "the number's E.164 form and zone show as it is typed" \
    wait_for ad "= \+16175550120 \(US\), America/New_York"
press ad Enter
ok "the country is the number's, filled in" \
    wait_for ad "Country \(ISO code; Enter takes it\): US"
press ad Enter
ok "the region is picked from the list" wait_for ad "Region of the new lead:"
press ad Enter
ok "... then the source" wait_for ad "Where the lead came from:"
press ad Enter
ok "... then the value" wait_for ad "Deal value, e.g. 1234.50"
press ad Enter
ok "... then, for an admin, the owner" \
    wait_for ad "Owner of the new lead:"
press ad Enter
ok "Enter adds it and opens it" \
    wait_for ad "Added lead 31, Zoe's Law Office, \+16175550120\."
ok "it is stored with its number, zone and region" \
    sh -c "'$bin' --db '$db' lead show 31 --format csv | grep -q '^phone_e164,+16175550120' && '$bin' --db '$db' lead show 31 --format csv | grep -q '^timezone,America/New_York' && '$bin' --db '$db' lead show 31 --format csv | grep -q '^region,East'"
ok "... and audited once" \
    test "$("$sq" "$db" "SELECT count(*) FROM audit WHERE entity = 'lead' AND entity_id = 31 AND action = 'add'")" -eq 1
add_keys=$keys
echo "# keys to add a lead by hand (name and number typed): $add_keys"

# The same number again, in another spelling: the lead that has it.
tm send-keys -t ad Escape g q N
wait_for ad "New lead's name:" >/dev/null
tm send-keys -t ad -l "Zoe again"
tm send-keys -t ad Enter
tm send-keys -t ad -l "+1 617 555 0120"
tm send-keys -t ad Enter
ok "a number a lead has names that lead and its owner" \
    wait_for ad "Lead 31, Zoe's Law Office \(no owner\) has \+16175550120 already"
ok "... and offers to open it" \
    wait_for ad "Enter opens it, or type another number:"
tm send-keys -t ad Enter
ok "Enter opens the lead that has the number" \
    wait_for ad "^ Zoe's Law Office *$"
ok "nothing was added" test "$(cq lead list --format csv | tail -n +2 | wc -l)" -eq 31

# D deletes the open lead, after a line naming it.
tm send-keys -t ad D
ok "D asks, naming the lead" \
    wait_for ad "Delete lead 31, Zoe's Law Office\? Enter deletes, Esc keeps it:"
ok "... and nothing is deleted yet" \
    test "$(cq lead list --deleted --format csv | tail -n +2 | wc -l)" -eq 0
tm send-keys -t ad Enter
ok "Enter deletes it" wait_for ad "Deleted lead 31, Zoe's Law Office"
ok "... it is in the deleted list, audited" \
    sh -c "test \$('$bin' --db '$db' lead list --deleted --format csv | tail -n +2 | wc -l) -eq 1 && test \$('$sq' '$db' \"SELECT count(*) FROM audit WHERE entity_id = 31 AND action = 'delete'\") -eq 1"

# g r restores it, in the screen's words.
tm send-keys -t ad g r
ok "g r lists it" wait_for ad "lead +31 +Zoe's Law Office"
tm send-keys -t ad r
wait_for ad "Why restore lead 31\?" >/dev/null
tm send-keys -t ad -l "deleted by mistake"
tm send-keys -t ad Enter
ok "r restores it, saying so" \
    wait_for ad "Restored lead 31, Zoe's Law Office: it is back in the lists\."
ok "... and it is live again, the reason audited" \
    sh -c "'$bin' --db '$db' lead show 31 --format csv | grep -vq '^deleted,' && test \$('$sq' '$db' \"SELECT count(*) FROM audit WHERE entity_id = 31 AND action = 'restore' AND details LIKE '%\\\"reason\\\":\\\"deleted by mistake\\\"%'\") -eq 1"
tm send-keys -t ad Q
ok "the admin's screen quits cleanly" \
    eventually "grep -qs EXIT=0 '$scratch/ad.exit'"

# A team lead gives 20 of rep1's 30 leads to rep2: every key counted.
start l1 100x30 --as lead1
wait_for l1 "lead1 \(lead\)" >/dev/null
keys=0
press l1 g o ']'
wait_for l1 "Pools: Fresh \[Working\]" >/dev/null
press l1 f
type_text l1 "owner=rep1"
press l1 Enter
ok "the filter shows rep1's 30 leads" wait_for l1 "\| 30 leads \| f owner=rep1"
press l1 2 0
ok "the count shows on the status line while it is typed" \
    wait_for l1 "20: \* marks the next 20 leads from here\."
press l1 '*'
ok "20* marks the next 20 leads" \
    wait_for l1 "Marked the next 20: 20 marked\."
ok "... from the cursor on" wait_for l1 "^ \* +20 Lead 119 "
ok "... and no further" wait_for l1 "^ +21 Lead 120 "
press l1 a
ok "a lists whom to give them to" wait_for l1 "Assign 20 leads to:"
press l1 j j
press l1 Enter
ok "a line says what will happen" \
    wait_for l1 "Assign 20 leads: rep2 20$"
press l1 Enter
ok "Enter gives them to rep2" wait_for l1 "Assigned 20 leads: rep2 20\."
ok "rep2 has 20 and rep1 10" \
    sh -c "test $(owned rep2) -eq 20 && test $(owned rep1) -eq 10"
echo "# keys for a team lead to give 20 of rep1's leads to rep2: $keys"

# V marks a range; e sets the status of the marked leads at once.
tm send-keys -t l1 f
tm send-keys -t l1 C-u Enter
wait_for l1 "Lost \| 30 leads *$" >/dev/null
tm send-keys -t l1 Home V j j j
ok "V starts a range that moves extend" wait_for l1 "^ \* +4 Lead 103 "
tm send-keys -t l1 V
ok "V again marks the range" \
    wait_for l1 "Range marked: 4 leads, 4 marked in all\."
tm send-keys -t l1 e
ok "e asks which field" wait_for l1 "Edit 4 leads: which field\?"
tm send-keys -t l1 Enter
ok "... then the status, from the list" \
    wait_for l1 "Status of the 4 leads:"
tm send-keys -t l1 j j j j Enter
ok "a line says what will happen" \
    wait_for l1 "Set Status to Qualified on 4 leads, one audit row each\."
ok "... and nothing is written yet" \
    test "$(cq lead list --status Qualified --format csv | tail -n +2 | wc -l)" -eq 0
tm send-keys -t l1 Enter
ok "Enter sets the status of the four" \
    wait_for l1 "Status set to Qualified on 4 leads\."
ok "the four are Qualified, one audit row each" \
    sh -c "test \$('$bin' --db '$db' lead list --status Qualified --format csv | tail -n +2 | wc -l) -eq 4 && test \$('$sq' '$db' \"SELECT count(*) FROM audit WHERE action = 'edit' AND details LIKE '%\\\"status\\\":\\\"Qualified\\\"%'\") -eq 4"

# A lead another user holds refuses the bulk edit, named; the team lead
# may override the hold, and its holder is told.
start r2 100x30 --as rep2
wait_for r2 "rep2 \(rep\)" >/dev/null
tm send-keys -t r2 Enter
ok "rep2 opens a lead, and holds it" \
    eventually "test \"\$('$sq' '$db' 'SELECT count(*) FROM leases')\" -eq 1"
held=$("$sq" "$db" "SELECT lead_id FROM leases")
tm send-keys -t l1 f
tm send-keys -t l1 C-u
tm send-keys -t l1 -l "owner=rep2"
tm send-keys -t l1 Enter
wait_for l1 "\| 20 leads \| f owner=rep2" >/dev/null
tm send-keys -t l1 '*' e
wait_for l1 "Edit 20 leads: which field\?" >/dev/null
tm send-keys -t l1 j j Enter
wait_for l1 "Priority of the 20 leads:" >/dev/null
tm send-keys -t l1 Enter
wait_for l1 "Set Priority to 9 on 20 leads" >/dev/null
tm send-keys -t l1 Enter
ok "the held lead refuses them all, named" \
    wait_for l1 "lead $held \(Lead [0-9]+\) refused the edit, so none of the 20 leads was changed: rep2 is working lead $held"
ok "... offering to override the hold" \
    wait_for l1 "Enter overrides the hold \(its holder is told\), Esc cancels:"
ok "... and nothing is written" \
    test "$("$sq" "$db" "SELECT count(*) FROM leads WHERE priority = 9")" -eq 0
tm send-keys -t l1 Enter
ok "Enter overrides it and edits the twenty" \
    wait_for l1 "Priority set to 9 on 20 leads\."
ok "... every one of them" \
    test "$("$sq" "$db" "SELECT count(*) FROM leads WHERE priority = 9")" -eq 20
ok "... and rep2 hears of it" wait_for r2 "\(2\) new"
tm send-keys -t r2 Q

# A lead the team lead may not edit refuses the whole edit, named.
cq user add far --role rep --team B --region East >/dev/null
ok "a lead out of scope refuses every lead's change" \
    sh -c "'$bin' --db '$db' --as lead1 lead edit 5,6 --owner far 2>&1 | grep -q 'lead 5 (Lead 104) refused the edit, so none of the 2 leads was changed' && test \$('$bin' --db '$db' lead list --owner far --format csv | tail -n +2 | wc -l) -eq 0"

ok "lead edit takes several IDs: one transaction, one audit row each" \
    sh -c "'$bin' --db '$db' --as lead1 lead edit 21,22,23 --priority 4 --stage Proposal | grep -q '^changed 3 leads' && test \$('$sq' '$db' \"SELECT count(*) FROM leads l JOIN pipeline_stages s ON s.id = l.stage_id WHERE l.priority = 4 AND s.name = 'Proposal'\") -eq 3 && test \$('$sq' '$db' \"SELECT count(*) FROM audit WHERE action = 'edit' AND details LIKE '%\\\"priority\\\":\\\"4\\\"%'\") -eq 3"

tm send-keys -t l1 Q
ok "both screens quit cleanly" \
    eventually "grep -qs EXIT=0 '$scratch/l1.exit' && grep -qs EXIT=0 '$scratch/r2.exit'"
finish
