#!/bin/sh
# Find, replayed in tmux at 80x24: a rep called back from a number finds
# its lead from / in any spelling of it; a lead just called, a converted
# lead, one with a follow-up ahead and, for a team lead, another rep's;
# #ID; accents and case that do not matter; n and N through the leads
# found; Esc back. And callq find and callq who, for scripts and a PBX's
# screen-pop.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8

floor_db search
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add leada --role lead --team A >/dev/null
cq user add repa --role rep --team A --region East >/dev/null
cq user add repb --role rep --team A --region East >/dev/null
newest() { cq lead list --format csv | tail -n 1 | cut -d, -f1; }
cq lead add --name "Boston Coffee House" --phone "617 555 0120" \
    --country US --region East --owner repa >/dev/null
called=$(newest)
cq lead add --name "Bold Bakery" --phone +12127360104 --region East \
    --owner repa >/dev/null
bold=$(newest)
cq --as repa log "$bold" --disposition "No answer" >/dev/null
cq lead add --name "Zoë's Law Office" --phone +12127360101 \
    --region East --owner repa >/dev/null
cq lead edit "$(newest)" --status Converted >/dev/null
cq lead add --name "Harbor Dental" --phone +12127360102 --region East \
    --owner repa >/dev/null
cq --as repa followup add "$(newest)" "+2d" >/dev/null
cq lead add --name "Other Rep Bakery" --phone +12127360103 \
    --region East --owner repb >/dev/null

# find TEXT: types it into Find, from whatever it held.
find() {
	tm send-keys -t "$1" C-u
	tm send-keys -t "$1" -l "$2"
}

tm new-session -d -s r -x 80 -y 24 "'$bin' --db '$db' --as repa; sleep 600"
wait_for r "My Queue" >/dev/null
tm send-keys -t r /
ok "/ opens Find and says what it takes" wait_for r "Type a number"
for number in "(617) 555-0120" "617-555-0120" "+1 617 555 0120"; do
	find r "$number"
	ok "'$number' finds the lead it called from" \
	    wait_for r "Boston Coffee House +\+1 617-555-0120 +New +11:00 +repa"
done
find r "0120"
ok "so do its last 4 digits" wait_for r "Boston Coffee House"
tm send-keys -t r Enter
ok "Enter opens the lead" wait_for r "Phone +\+1 617-555-0120"
tm send-keys -t r Escape
ok "Esc in it returns to Find, as it was" wait_for r "Find: 0120"
find r "Zoe's Law"
ok "'Zoe's Law' finds Zoë's Law Office, converted" \
    wait_for r "Zoë's Law Office +\+1 212-736-0101 +Converted"
find r "ZOË'S LAW"
ok "and so does 'ZOË'S LAW'" wait_for r "Zoë's Law Office"
ok "a lead called a moment ago is out of the queue" \
    sh -c "! '$bin' --db '$db' --as repa queue --format csv | grep -q 'Bold Bakery'"
find r "bold"
ok "... and / finds it" wait_for r "Bold Bakery +\+1 212-736-0104 +CNP"
find r "harbor"
ok "a lead with a follow-up ahead is found" wait_for r "Harbor Dental"
find r "other rep"
ok "another rep's lead is not the rep's to find" \
    wait_for r "No lead you may see matches"
find r "bo"
ok "two letters find the names that start with them, by name" \
    eventually "tmux -L '$sock' capture-pane -p -t r | grep -A1 'Bold Bakery' | grep -q 'Boston Coffee House'"
tm send-keys -t r Enter
wait_for r "Phone +\+1 212-736-0104" >/dev/null
tm send-keys -t r n
ok "n in the lead opens the next lead found" \
    wait_for r "Phone +\+1 617-555-0120"
tm send-keys -t r N
ok "N the one before" wait_for r "Phone +\+1 212-736-0104"
tm send-keys -t r Escape Escape
ok "Esc, Esc: back to the queue" wait_for r "My Queue"
tm send-keys -t r "#"
ok "# opens Find with # typed" wait_for r "Find: #_"
tm send-keys -t r -l "$called"
ok "#ID finds the lead" wait_for r "Boston Coffee House"
tm send-keys -t r Enter
ok "and Enter opens it" wait_for r "Phone +\+1 617-555-0120"
tm send-keys -t r Escape
ok "Esc from a lead opened by #ID goes straight back to the queue" \
    wait_for r "My Queue"
tm send-keys -t r Q
ok "the rep quits from the queue" wait_gone r "My Queue"

tm new-session -d -s l -x 80 -y 24 "'$bin' --db '$db' --as leada; sleep 600"
wait_for l "callq" >/dev/null
tm send-keys -t l /
wait_for l "Type a number" >/dev/null
find l "other rep"
ok "a team lead finds a rep's lead of the team" \
    wait_for l "Other Rep Bakery +\+1 212-736-0103 +New +11:00 +repb"

ok "callq find ranks the number first" \
    sh -c "'$bin' --db '$db' --as repa find '617.555.0120' --format csv |
        tr -d '\\r' | sed -n 2p | grep -q '^$called,Boston Coffee House,.*,phone$'"
ok "callq who prints the lead of a number in any spelling" \
    sh -c "'$bin' --db '$db' --as repa who '(617) 555-0120' --format csv |
        grep -q '^$called,Boston Coffee House,'"
cq --as repa who "+1 212 736 0103" >/dev/null 2>"$scratch/who.err"
ok "and exits 1 for a number no lead it may see has" test $? -eq 1
ok "... saying so" grep -q "no lead you may see has the number" \
    "$scratch/who.err"
cq who "not a number" >/dev/null 2>&1
ok "a word is no number" test $? -eq 65
finish
