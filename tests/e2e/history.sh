#!/bin/sh
# Reading history: timeline and audit list with dates, readable details
# and values in units; the quick-log saying when the lead comes round
# again; counts that read "1 lead".
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db history
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add rep1 --role rep --region East >/dev/null
for n in "Alpha Deli:+12127360101" "Bravo Bakery:+12127360102" \
    "Charlie Cafe:+12127360103"; do
	cq lead add --name "${n%%:*}" --phone "${n#*:}" --region East >/dev/null
done

# A call three days ago, then today's edits.
CALLQ_NOW=$((daytime - 3 * 86400)) cq --as rep1 log 1 \
    --disposition "No answer" >/dev/null
cq lead edit 1 --value 1750 --due "tomorrow 3pm" >/dev/null
cq timeline 1 >"$scratch/timeline"
ok "timeline dates a call three days old, never Missed" sh -c "
    grep -q '^2026-11-20 16:00 .*No answer' '$scratch/timeline' &&
    ! grep -q Missed '$scratch/timeline'"
ok "... and says Today for today's edit" \
    grep -q '^Today 16:00 .*edit' "$scratch/timeline"
ok "... with the value in units, not cents" sh -c "
    grep -q 'value: 1750.00' '$scratch/timeline' &&
    ! grep -q 175000 '$scratch/timeline'"
ok "... and the due time as a date" \
    grep -q 'due: 2026-11-24 15:00' "$scratch/timeline"

cq audit list --entity lead --id 1 --limit 1 >"$scratch/audit"
ok "audit list reads the details as key: value, in units" sh -c "
    grep -q '^ *[0-9]* *Today 16:00 .*edit  *value: 1750.00, due: 2026-11-24 15:00\$' '$scratch/audit'"
ok "... while CSV keeps the stored JSON and ISO times" sh -c "
    cq() { '$bin' --db '$db' \"\$@\"; }
    cq audit list --entity lead --id 1 --limit 1 --format csv |
    grep -qF '2026-11-23T16:00:00+00:00,root,' &&
    cq audit list --entity lead --id 1 --limit 1 --format csv |
    grep -qF '\"value\"\":175000'"

# Other lists of what happened: dates too, never Missed.
CALLQ_NOW=$((daytime - 86400)) cq dnc add "+1 212 736 0199" \
    --reason "asked not to be called" >/dev/null
ok "dnc list says when a number was added: Yesterday, not Missed" \
    sh -c "'$bin' --db '$db' dnc list | grep -q 'asked not to be called  *root  *Yesterday 16:00\$'"

# A follow-up booked earlier is still there after a later call.
cq --as rep1 followup add 3 "tue 3pm" >/dev/null

tm new-session -d -s h -x 80 -y 24 \
    "env TERM=screen '$bin' --db '$db' --as rep1; echo EXIT=\$? >'$scratch/h.exit'; sleep 600"
ok "the queue opens on the fresh leads" wait_for h "Bravo Bakery"
tm send-keys -t h l
wait_for h "1 No answer" >/dev/null
tm send-keys -t h 1 Enter
ok "a call with no call-back says when the lead is offered again" \
    wait_for h "Logged No answer: (New -> )?CNP. Offered again Today 18:00."
tm send-keys -t h g f
ok "the follow-ups pane lists the one booked for tomorrow" \
    wait_for h "Charlie Cafe"
tm send-keys -t h Enter
wait_for h "^ Charlie Cafe" >/dev/null
tm send-keys -t h l
wait_for h "2 Busy" >/dev/null
tm send-keys -t h 2 Enter
ok "a call on a lead with a follow-up ahead names the follow-up" \
    wait_for h "Logged Busy: New -> CNP. Follow-up Tue 15:00 \(10:00 New York\)\."
# q closes views one by one, and quits from the first.
ok "q quits cleanly" eventually "
    tmux -L '$sock' -f /dev/null send-keys -t h Q
    grep -q EXIT=0 '$scratch/h.exit'"

# Stage refusals and other counts say "1 lead".
cq stage add "Demo booked" --probability 50 >/dev/null
cq lead stage 2 "Demo booked" >/dev/null
ok "a stage holding one lead says 1 lead" sh -c "
    '$bin' --db '$db' stage remove 'Demo booked' 2>&1 |
    grep -q \"stage 'Demo booked' has 1 lead; move\""
finish
