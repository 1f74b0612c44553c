#!/bin/sh
# The team lead's screen through tmux: mark 30 fresh leads and round-robin
# them over the three reps checked in (a paused rep gets none), split over
# picked reps, move a card across the pipeline into Lost with a reason,
# the team board, and a rep's notification arriving within a second.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db team
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add lead1 --role lead --team A >/dev/null
for r in rep1 rep2 rep3 rep4; do
	cq user add $r --role rep --team A --region East >/dev/null
done
cq user add far --role rep --team B --region East >/dev/null
i=100
while [ $i -lt 140 ]; do
	cq lead add --name "Lead $i" --phone "+1212736$(printf %04d $i)" \
	    --region East >/dev/null
	i=$((i + 1))
done
for r in rep1 rep2 rep3 rep4 far; do cq --as $r checkin >/dev/null; done
cq --as rep4 pause Lunch >/dev/null

owned() { # leads owned by $1
	cq lead list --owner "$1" --format csv | tail -n +2 | wc -l
}

start() { # $1 session, $2 WxH, $3 login
	tm new-session -d -s "$1" -x "${2%x*}" -y "${2#*x}" \
	    "env TERM=screen '$bin' --db '$db' --as $3; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}

start r1 100x30 rep1
ok "rep1's screen is up, nothing new" wait_for r1 "rep1 \(rep\) \| IN"
start l1 100x30 lead1
wait_for l1 "lead1 \(lead\)" >/dev/null
tm send-keys -t l1 g o
ok "g o shows the pools, Fresh first" \
    wait_for l1 "Pools: \[Fresh\] Working Converted Lost \| 40 leads"

# Space marks a lead and goes on: thirty of them, then R.
n=0
while [ $n -lt 30 ]; do tm send-keys -t l1 Space; n=$((n + 1)); done
ok "thirty leads are marked" wait_for l1 "\| 30 marked"
tm send-keys -t l1 R
ok "R says what it will do before doing it" \
    wait_for l1 "Assign 30 leads round-robin: rep1 10, rep2 10, rep3 10$"
ok "... and nothing is written yet" test "$(owned rep1)" -eq 0

tm send-keys -t l1 Enter
ok "Enter assigns them" \
    wait_for l1 "Assigned 30 leads round-robin: rep1 10, rep2 10, rep3 10"
ok "rep1's notification reaches the screen, no key pressed" \
    wait_for r1 "\(1\) new"
ok "ten leads each for the reps checked in" \
    sh -c "test $(owned rep1) -eq 10 && test $(owned rep2) -eq 10 && test $(owned rep3) -eq 10"
ok "the paused rep and the other team's got none" \
    sh -c "test $(owned rep4) -eq 0 && test $(owned far) -eq 0"
ok "the fresh pool shows the ten left" wait_for l1 "\| 10 leads"
ok "each lead's assignment is audited with its method" \
    test "$("$sq" "$db" "SELECT count(*) FROM audit WHERE action = 'assign' AND details LIKE '%\"method\":\"round-robin\"%'")" -eq 30
first=$(cq lead list --owner rep1 --format csv | sed -n 2p | cut -d, -f1)
ok "the lead's timeline shows who assigned it, how, and who was told" \
    sh -c "'$bin' --db '$db' timeline $first --format csv | grep -q 'assign,\"owner: rep1, method: round-robin, notified: rep1\"'"

# The rep opens the notification: it is read, the lead opens.
tm send-keys -t r1 g n
ok "the rep's notifications list it" \
    wait_for r1 "\* Today 16:00 +lead1 assigned you 10 leads \(round-robin\)"
firstname=$(cq lead list --owner rep1 --format csv | sed -n 2p | cut -d, -f2)
tm send-keys -t r1 Enter
ok "Enter opens the first of them" wait_for r1 "^ $firstname *\$"
ok "... and it is read" wait_gone r1 "\(1\) new"
# Leaving it lets go: the pipeline below moves a card nobody holds.
tm send-keys -t r1 Escape
ok "Esc lets go of the lead" \
    eventually "test \"\$('$sq' '$db' 'SELECT count(*) FROM leases')\" -eq 0"

# Split: four leads over rep3 and rep4, picked from the list.
tm send-keys -t l1 Home
n=0
while [ $n -lt 4 ]; do tm send-keys -t l1 Space; n=$((n + 1)); done
tm send-keys -t l1 S
ok "S lists the reps with their state and load" \
    wait_for l1 "rep4 +rep +paused +0 open"
tm send-keys -t l1 j j j Space j Space Enter
ok "the split goes to the fewest open leads first" \
    wait_for l1 "Assign 4 leads split evenly: rep4 2, rep3 2$"
tm send-keys -t l1 Enter
ok "the split is done" wait_for l1 "Assigned 4 leads split evenly"
ok "rep3 has 12 and rep4 2" \
    sh -c "test $(owned rep3) -eq 12 && test $(owned rep4) -eq 2"

# The pipeline: a card moved on with >, then into Lost with a reason.
tm send-keys -t l1 g p
ok "g p shows the pipeline, a column a stage" \
    wait_for l1 "Prospect 40 +Contacted 0"
tm send-keys -t l1 '>'
ok "> moves the card to the next stage" \
    wait_for l1 "Lead 100 moved to Contacted"
ok "... and it is there, In Progress" \
    sh -c "'$bin' --db '$db' lead show 1 --format csv | grep -q '^stage,Contacted'"
tm send-keys -t l1 m
ok "m lists the stages" wait_for l1 "Move Lead 100 to:"
tm send-keys -t l1 j j j j j Enter
ok "into Lost it asks why" wait_for l1 "Lost: +1 "
tm send-keys -t l1 2
ok "a digit gives the reason and moves it" \
    wait_for l1 "Lead 100 moved to Lost"
ok "the lead is Lost, with its reason" \
    sh -c "'$bin' --db '$db' lead show 1 --format csv | grep -q '^status,Lost' && '$bin' --db '$db' lead show 1 --format csv | grep -q '^drop_reason,'"
ok "the move is in the audit and the timeline" \
    sh -c "'$bin' --db '$db' timeline 1 --format csv | grep -q 'stage,\"from_stage: Contacted, stage: Lost, from_status: In Progress, status: Lost'"
ok "the one who dropped it is not told of it" \
    test "$("$sq" "$db" "SELECT count(*) FROM notifications WHERE kind = 'dropped'")" -eq 0
lost=$(cq lead list --owner rep2 --format csv | sed -n 2p | cut -d, -f1)
cq --as rep2 log "$lost" --disposition "Not interested" >/dev/null
ok "a rep's lead dropped: the team lead hears of it" \
    wait_for l1 "lead1 \(lead\) \| OUT [0-9:]+ \| \(1\) new"
ok "... and the lead's timeline says so with the call" \
    sh -c "'$bin' --db '$db' timeline $lost --format csv | grep -q 'call,\"Not interested, New -> Lost, drop reason: Not interested, stage: Lost, notified: lead1\"'"

# The team board: each rep, live.
tm send-keys -t l1 g b
ok "the board shows the paused rep" wait_for l1 "rep4 +PAUSED Lunch"
ok "... and the load of each" wait_for l1 "rep3 +IN .* 12 *$"
cq --as rep4 resume >/dev/null
ok "a rep back from the pause shows within a second" \
    wait_for l1 "rep4 +IN "

# A rep cannot assign: the key is neither shown nor taken.
tm send-keys -t r1 Escape g o
wait_for r1 "Pools:" >/dev/null
ok "a rep's pools offer no Assign" \
    sh -c "! tmux -L '$sock' capture-pane -p -t r1 | tail -n 1 | grep -q Assign"
tm send-keys -t r1 a
ok "a rep's a does nothing there" \
    wait_for r1 "That key does nothing here"

# The same from scripts.
status() { "$@" >/dev/null 2>&1; echo $?; }
ok "assign needs one method" \
    test "$(status cq --as lead1 assign 5 --to rep1 --round-robin)" -eq 64
ok "assign takes IDs or a pool, not both" \
    sh -c "'$bin' --db '$db' --as lead1 assign 5 --pool fresh --to rep1 2>&1 | grep -q 'give lead IDs or --pool, not both'"
ok "a dry run says what it would do and writes nothing" \
    sh -c "'$bin' --db '$db' --as lead1 assign --pool fresh --limit 4 --round-robin --dry-run | grep -q '^Assign 4 leads round-robin: .*(dry run: nothing was written)$' && test \$('$bin' --db '$db' pool list fresh --format csv | tail -n +2 | wc -l) -eq 6"
ok "a rep cannot assign from a script either" \
    test "$(status cq --as rep1 assign 5 --to rep2)" -eq 77
ok "a team lead cannot assign outside the team" \
    sh -c "'$bin' --db '$db' --as lead1 assign 39 --to far 2>&1 | grep -q \"'far' cannot be given leads by lead1\""
ok "lead stage into Lost asks why, and moves nothing" \
    sh -c "'$bin' --db '$db' --as lead1 lead stage 39 Lost 2>&1 | grep -q 'say why the lead is lost: add --drop-reason' && '$bin' --db '$db' lead show 39 --format csv | grep -q '^stage,Prospect'"
ok "... with a reason, it moves" \
    sh -c "'$bin' --db '$db' --as lead1 lead stage 39 Lost --drop-reason Duplicate | grep -q 'lead 39 is in Lost' && '$bin' --db '$db' lead show 39 --format csv | grep -q '^drop_reason,Duplicate'"
for r in rep1 rep2 rep3 rep4; do cq --as $r checkout >/dev/null; done
ok "round-robin with nobody in assigns nothing, status 69" \
    test "$(status cq --as lead1 assign --pool fresh --round-robin)" -eq 69
ok "a stage with leads is not removed" \
    sh -c "'$bin' --db '$db' stage remove Prospect 2>&1 | grep -q \"stage 'Prospect' has 37 leads; move them first with --move-to STAGE\""
ok "... unless they are moved with it" \
    sh -c "'$bin' --db '$db' stage remove Prospect --move-to Contacted >/dev/null && '$bin' --db '$db' stage list --format csv | grep -q '^1,Contacted,'"
ok "a rep cannot change the stages" \
    test "$(status cq --as rep1 stage add Nope)" -eq 77
ok "notify read all marks them read" \
    sh -c "'$bin' --db '$db' --as rep2 notify read all | grep -q 'marked read' && test -z \"\$('$bin' --db '$db' --as rep2 notify list --unread --format csv | tail -n +2)\""

tm send-keys -t l1 Q
tm send-keys -t r1 Q
ok "both screens quit cleanly" \
    eventually "grep -qs EXIT=0 '$scratch/l1.exit' && grep -qs EXIT=0 '$scratch/r1.exit'"
finish
