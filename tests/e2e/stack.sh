#!/bin/sh
# The view stack and one meaning per key, through tmux: Esc from a lead
# opened in the pipeline, the pools or the notifications goes back there;
# l logs a call in the pipeline and the pools; a rep's Tab passes the team board and the
# rep's pipeline offers no Assign; q and Q quit, both asking first on a call
# and with a call log not saved.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db stack
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add lead1 --role lead --team A >/dev/null
cq user add rep1 --role rep --team A --region East >/dev/null
for i in 1 2 3 4 5 6; do
	cq lead add --name "Lead $i" --phone "+121273600$(printf %02d $i)" \
	    --region East >/dev/null
done
cq --as lead1 assign 1 2 3 4 5 6 --to rep1 >/dev/null
printf '[dial]\nprovider = none\n' >"$scratch/none.conf"
chmod 600 "$scratch/none.conf"

start() { # $1 session, $2 login, $3 more arguments
	tm new-session -d -s "$1" -x 100 -y 30 \
	    "env TERM=screen '$bin' --db '$db' --as $2 $3; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}
hint_bar() { screen "$1" | tail -n 1; }
no_assign() { ! hint_bar "$1" | grep -q Assign; }
calls() { "$sq" "$db" "SELECT count(*) FROM calls"; }
exited() { # $1 session, $2 status
	eventually "grep -qx 'EXIT=$2' '$scratch/$1.exit' 2>/dev/null"
}

start r rep1 "--config '$scratch/none.conf'"
wait_for r "rep1 \(rep\)" >/dev/null

# Each list a lead opens from is where Esc comes back to.
tm send-keys -t r g p
ok "the rep's pipeline is up" wait_for r "Pipeline: [0-9]+ stages"
ok "... and its hint bar offers no Assign" no_assign r
tm send-keys -t r Enter
ok "Enter opens the card's lead over the pipeline" wait_for r "Esc Close"
tm send-keys -t r Escape
ok "Esc from that lead returns to the pipeline" \
    wait_for r "Pipeline: [0-9]+ stages"

# One meaning per key: l logs a call in the pipeline too.
before=$(calls)
tm send-keys -t r l
ok "the pipeline's l opens the quick-log" wait_for r "Log the call"
tm send-keys -t r 1 Enter
ok "... and logs the call" wait_for r "Logged No answer"
ok "... onto a call record" test "$(calls)" -eq $((before + 1))

# A rep's Tab goes from the pipeline to the pools: the board is not theirs.
tm send-keys -t r Tab
ok "a rep's Tab passes the team board" wait_for r "Pools: \[Fresh\]"
ok "... which is never shown" sh -c "! tmux -L '$sock' capture-pane -p -t r | grep -q 'Team board'"
tm send-keys -t r ']'
ok "] goes to the next pool" wait_for r "Pools: Fresh \[Working\] .*\| 1 lead( |$)"
tm send-keys -t r Enter
ok "Enter opens a lead of the pools" wait_for r "Esc Close"
tm send-keys -t r Escape
ok "Esc from that lead returns to the pools" \
    wait_for r "Pools: Fresh \[Working\]"

# l logs a call in the pools too, where it once meant the next pool.
before=$(calls)
tm send-keys -t r l
ok "the pools' l opens the quick-log" wait_for r "Log the call"
tm send-keys -t r 1 Enter
ok "... and logs the call" wait_for r "Logged No answer"
ok "... onto a call record" test "$(calls)" -eq $((before + 1))
tm send-keys -t r BTab
ok "Shift-Tab goes back to the pipeline" wait_for r "Pipeline: [0-9]+ stages"
tm send-keys -t r g n
wait_for r "lead1 assigned you 6 leads" >/dev/null
tm send-keys -t r Enter
ok "Enter opens the notification's lead" wait_for r "Esc Close"
tm send-keys -t r q
ok "q from that lead returns to the notifications" \
    wait_for r "Notifications: 0 unread"
tm send-keys -t r Enter
wait_for r "Esc Close" >/dev/null
tm send-keys -t r Escape
ok "Esc from that lead returns to the notifications too" \
    wait_for r "Notifications: 0 unread"

# On a call, q on the first view asks first; Esc stays.
tm send-keys -t r g q
wait_for r "My Queue" >/dev/null
tm send-keys -t r c
wait_for r "[Dd]ial .* by hand" >/dev/null
tm send-keys -t r Escape
wait_for r "My Queue" >/dev/null
tm send-keys -t r q
ok "q on a call asks first, naming the lead" \
    wait_for r "You are on a call with Lead [0-9]: Q again or y quits, Esc stays"
tm send-keys -t r Escape
ok "Esc stays" wait_for r "Not quitting"
ok "... with the call still on" \
    test "$("$sq" "$db" "SELECT state FROM calls ORDER BY id DESC LIMIT 1")" = dialing
tm send-keys -t r Q
ok "Q on a call asks first too" \
    wait_for r "You are on a call with Lead [0-9]: Q again or y quits, Esc stays"
tm send-keys -t r Escape
ok "... and Esc stays, the call still on" \
    eval "wait_for r 'Not quitting' && test \"\$('$sq' '$db' 'SELECT state FROM calls ORDER BY id DESC LIMIT 1')\" = dialing"
tm send-keys -t r Enter
wait_for r "Esc Close" >/dev/null
tm send-keys -t r e 1 Enter
ok "the call ends with its log" wait_for r "Logged No answer"
tm send-keys -t r Escape
wait_for r "My Queue" >/dev/null

# A call log not saved: q asks, Esc stays and the log is still there.
tm send-keys -t r l
wait_for r "Log the call" >/dev/null
tm send-keys -t r q
ok "q with a quick-log open asks first" \
    wait_for r "The call log on Lead [0-9] is not saved"
tm send-keys -t r Escape
ok "Esc stays, the quick-log still open" \
    eval "wait_for r 'Not quitting' && screen r | grep -q 'Log the call'"
tm send-keys -t r 2 Enter
ok "... and it is saved as before" wait_for r "Logged Busy"

tm send-keys -t r q
ok "q on the first view, nothing pending, quits at once" exited r 0

# Q quits from a view opened over others.
start l lead1 ""
wait_for l "lead1 \(lead\)" >/dev/null
tm send-keys -t l g p
wait_for l "Pipeline: [0-9]+ stages" >/dev/null
ok "a team lead's pipeline offers Assign" eval "hint_bar l | grep -q Assign"
tm send-keys -t l Enter
wait_for l "Esc Close" >/dev/null
tm send-keys -t l Q
ok "Q quits from a pushed view" exited l 0
finish
