#!/bin/sh
# The Collections pane at 80x24, through tmux: a recovery agent starts on
# it, sees the overdue deals oldest first, logs a partial payment and a
# promise; once the promise's day has passed the deal tops the list
# flagged BROKEN. A team lead gives deals out with a and R.
. "$(dirname "$0")/../lib.sh"
export LANG=C.UTF-8
unset LC_ALL

floor_db col
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add lead1 --role lead --team A >/dev/null
cq user add rep1 --role rep --team A --region East >/dev/null
cq user add agent1 --role recovery --team A >/dev/null
cq user add agent2 --role recovery --team A >/dev/null
cq lead add --name "Gotham Deli" --phone +12127360101 --region East \
    --owner rep1 >/dev/null
cq lead add --name "Acme Bakery" --phone +12127360102 --region East \
    --owner rep1 >/dev/null
cq lead edit 1 --status Converted >/dev/null
cq lead edit 2 --status Converted >/dev/null
# Monday 2026-11-23: Gotham owes two of three installments of 400.00
# (since 2026-10-01), Acme its one of 500.00, since 2026-09-01.
export CALLQ_NOW=$daytime
ok "a deal of three monthly installments is added" \
    sh -c "'$bin' --db '$db' deal add 1 --amount 1200.00 --installments 3 \
        --close-date 2026-10-01 >/dev/null"
ok "... and one paid in one" \
    sh -c "'$bin' --db '$db' deal add 2 --amount 500.00 \
        --close-date 2026-09-01 >/dev/null"
ok "both are given to agent1" \
    sh -c "'$bin' --db '$db' collect assign 1 2 --to agent1 >/dev/null"

# $1: session, $2: login; the clock is passed on, since the tmux server
# keeps the environment of its first session.
start() {
	tm new-session -d -s "$1" -x 80 -y 24 \
	    "env TERM=screen CALLQ_NOW=$CALLQ_NOW '$bin' --db '$db' --as $2; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}
keys() { s=$1; shift; for k in "$@"; do tm send-keys -t "$s" "$k"; done; }
first_row() { screen "$1" | sed -n 4p | grep -Eq -- "$2"; }

start ag agent1
ok "a recovery agent starts on Collections" \
    wait_for ag "Collections: 2 deals"
ok "... the oldest overdue deal first, flagged in words" \
    within first_row ag "OVERDUE +Acme Bakery +500\.00"
ok "... then Gotham, two installments due, from the first of three" \
    wait_for ag "OVERDUE +Gotham Deli +800\.00 .* 1/3"
ok "... with no Agent column: they are all theirs" hides ag "Agent"

keys ag j l
ok "l offers the six outcomes by digit" \
    wait_for ag "Outcome: +1 Promise to pay +2 Paid +3 Partial payment"
keys ag 3
ok "Partial payment asks the amount, with what is due now" \
    wait_for ag "Partial payment: amount paid \(due now 800\.00\)"
tm send-keys -t ag 100 Enter
ok "... then the day paid, today by default" wait_for ag "Paid on"
keys ag Enter
ok "... then the method, a digit each" \
    wait_for ag "1 Bank transfer +2 Card +3 Cash"
keys ag 3
ok "... then a reference" wait_for ag "Reference"
tm send-keys -t ag R-77 Enter
ok "the partial payment is confirmed with what the deal still owes" \
    wait_for ag "Partial payment 100\.00 recorded; owes 1,100\.00"
ok "... recorded with its call, method and reference" test "$("$sq" "$db" \
    "SELECT p.amount_cents, c.name, p.reference, k.outcome FROM payments p
     JOIN choices c ON c.id = p.method_id JOIN calls k ON k.id = p.call_id")" = \
    "10000|Cash|R-77|partial"
ok "... and the row shows what is left due" \
    wait_for ag "Gotham Deli +700\.00"

keys ag l 1
ok "Promise to pay asks the amount" wait_for ag "amount promised"
tm send-keys -t ag 200 Enter
ok "... then the day" wait_for ag "Promised for which day"
tm send-keys -t ag 2026-11-25 Enter
ok "the promise is confirmed" \
    wait_for ag "Promise to pay 200\.00 on 2026-11-25 recorded"
ok "... and the deal waits for its day: it leaves the list" \
    wait_for ag "Collections: 1 deal,"
keys ag q
ok "q on the first pane quits" \
    eventually "grep -qs EXIT=0 '$scratch/ag.exit'"

# Thursday 2026-11-26: the promise's day has passed, unkept.
export CALLQ_NOW=$((daytime + 3 * 86400))
start ag2 agent1
ok "a broken promise tops the list" \
    within first_row ag2 "BROKEN +Gotham Deli"
ok "... counted in the title" wait_for ag2 "1 broken promise"
ok "... before the older overdue deal" \
    wait_for ag2 "OVERDUE +Acme Bakery"
keys ag2 q

start tl lead1
keys tl g c
ok "a team lead reaches Collections with g c" \
    wait_for tl "Collections: 2 deals"
keys tl a
ok "a offers the recovery agents" wait_for tl "Give 1 deal to:"
ok "... agent2 among them" wait_for tl "agent2"
keys tl j Enter
ok "the deal under the cursor goes to the agent picked" \
    wait_for tl "1 deal given to agent2"
ok "... as the store has it" test "$("$sq" "$db" "SELECT u.login FROM
    deals d JOIN users u ON u.id = d.collector_id WHERE d.lead_id = 1")" = agent2
keys tl Space Space R
ok "R asks before dealing the marked deals round-robin" \
    wait_for tl "Round-robin 2 deals over the recovery agents"
keys tl Enter
ok "... and deals them" wait_for tl "given out round-robin"
ok "... one to each agent" test "$("$sq" "$db" "SELECT count(DISTINCT
    collector_id) FROM deals WHERE collector_id IS NOT NULL")" = 2
keys tl q

start rp rep1
keys rp g c
ok "a rep is told Collections is not for them" \
    wait_for rp "Collections is not for a rep"
keys rp q
finish
