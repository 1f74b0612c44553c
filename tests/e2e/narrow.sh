#!/bin/sh
# Every pane at 80x24 and 60x15, through tmux: the import preview keeps
# its Verdict, Settings shows its Values tab, the audit's whole details
# are one key (w) away, pool and queue names are not cut to a few
# characters, a long message wraps between words, and a terminal too
# small for the panes says so (and nothing breaks at 20x5 or 1x1).
. "$(dirname "$0")/../lib.sh"
export LANG=C.UTF-8 CALLQ_NOW=$daytime
unset LC_ALL

floor_db narrow
home=$scratch/home
mkdir -p "$home/lists"
cq() { "$bin" --db "$db" "$@" >/dev/null; }
cq init
cq region add "North America East" --country US
cq user add boss --role admin
cq user add lead1 --role lead
cq user add rep1 --role rep --region "North America East"
cq lead add --name "Kowalski Hair" --phone "+13055550141" --owner rep1
cq lead add --name "Fitzgerald Fitness Studio" --phone "+13055550142" \
    --region "North America East"
tail="Upper Downtown Miami Beach ZZTAIL"
cq lead add --name "The Extraordinarily Long Named Bakery and $tail" \
    --phone "+13055550143" --owner rep1
printf 'Name,Formatted phone number,City,Country\n%s\n%s\n' \
    "Shop One,+1 617-253-0001,Boston,US" "Shop Two,,Boston,US" \
    >"$home/lists/east.csv"

start() { # $1 session, $2 WxH, $3 login
	tm new-session -d -s "$1" -x "${2%x*}" -y "${2#*x}" \
	    "env HOME='$home' '$bin' --db '$db' --as $3; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}
widest() { screen "$1" | wc -L; }

# The import preview at 80x24: Verdict is there, and w shows rows whole.
start imp 80x24 boss
wait_for imp "boss \(admin\)" >/dev/null
tm send-keys -t imp g i
wait_for imp "lists +folder" >/dev/null
tm send-keys -t imp Enter
wait_for imp "east.csv" >/dev/null
tm send-keys -t imp Enter
wait_for imp "Import into which region" >/dev/null
tm send-keys -t imp Enter
ok "80x24: the import preview has its Verdict column" \
    wait_for imp "Row +Name .*Verdict"
ok "80x24: ... with each row's verdict" wait_for imp "^ 3 +Shop Two .*empty phone"
tm send-keys -t imp w
ok "80x24: w shows a preview row whole" \
    wait_for imp "Row 2: Shop One, \+1 617-253-0001 -> \+16172530001 US,"
tm send-keys -t imp w

# Settings at 80x24 and 60x15: the Values tab is on screen.
tm send-keys -t imp g s
ok "80x24: Settings shows its Values tab" wait_for imp "^ Dispositions .*Values"
tm send-keys -t imp Right Right Right Right Right Right Right
ok "80x24: seven tabs on, the values" wait_for imp "e edits a value"
tm send-keys -t imp Right Right Right
ok "80x24: the after-sale lists scroll in past them" \
    wait_for imp "Payment methods|Methods.*>?$"
tm send-keys -t imp Right Right Right Right Right Right Right Right
tm resize-window -t imp -x 60 -y 15
ok "60x15: the current tab stays in sight, < says there are more" \
    wait_for imp "^<.*Values"

# The audit at 80x24: the newest row's whole details one key away.
tm resize-window -t imp -x 80 -y 24
tm send-keys -t imp g a
wait_for imp "Audit: " >/dev/null
ok "80x24: the audit list cuts the long details" wait_gone imp "ZZTAIL"
tm send-keys -t imp w
ok "80x24: w shows the audit row's whole details" wait_for imp "ZZTAIL"
ok "80x24: ... and says what the row was" wait_for imp "by root: add lead 3"
ok "80x24: nothing is drawn past the edge" test "$(widest imp)" -le 80

# A long message wraps between words, the pane giving up a line for it.
tm resize-window -t imp -x 60 -y 15
tm send-keys -t imp g z
ok "60x15: a long message is on screen" wait_for imp "^g goes to a pane:"
# The message's lines: from its first to the line above the hint bar.
message() { screen imp | sed -n '/^g goes to a pane:/,$p' | sed '$d'; }
ok "60x15: it wraps onto more than one line" \
    eventually "[ \$(tmux -L '$sock' capture-pane -p -t imp |
        sed -n '/^g goes to a pane:/,\$p' | wc -l) -ge 3 ]"
# Read across its lines, waiting on the whole of it: the screen may be
# caught between two draws of the wrapped message on a loaded machine.
message_whole() {
	message | tr '\n' ' ' | sed 's/ *$//' | grep -Eq \
	    "^g goes to a pane: (g [a-zA-Z], )+g [a-zA-Z] or g [a-zA-Z]\.$"
}
ok "60x15: read across its lines it is whole, no word cut" \
    within message_whole
tm send-keys -t imp Q

# Pools at 80x24: a name is not cut to 12 characters when there is room.
start pools 80x24 lead1
wait_for pools "lead1 \(lead\)" >/dev/null
tm send-keys -t pools g o
ok "80x24: Pools show the whole name" wait_for pools "Fitzgerald Fitness Studio "
tm resize-window -t pools -x 60 -y 15
ok "60x15: ... and still do" wait_for pools "Fitzgerald Fitness Studio "
tm send-keys -t pools Q

# My Queue at 60x15: names keep their letters, the least needed columns go.
start queue 60x15 rep1
ok "60x15: the queue shows whole names, not two characters" \
    wait_for queue "Kowalski Hair +\+1 305-555-0141"
ok "60x15: nothing is drawn past the edge" test "$(widest queue)" -le 60
tm send-keys -t queue j w
ok "60x15: w shows the lead under the cursor whole" \
    wait_for queue "^ The Extraordinarily Long Named Bakery"
ok "60x15: ... to its last word" wait_for queue " ZZTAIL, "

# Too small: a sentence, not a garbled screen, and nothing breaks. One
# column or one line short of 60x15 is too small already.
tm resize-window -t queue -x 59 -y 15
ok "59x15: one column short, the screen says so" \
    wait_for queue "callq needs at least 60x15; this terminal is 59x15"
tm resize-window -t queue -x 60 -y 14
ok "60x14: one line short, it says so too" wait_for queue "is 60x14"
tm resize-window -t queue -x 40 -y 10
ok "40x10: the screen says how large it must be" \
    wait_for queue "callq needs at least 60x15; this"
ok "40x10: ... and how large it is" wait_for queue "terminal is 40x10"
tm resize-window -t queue -x 20 -y 5
ok "20x5: still said" wait_for queue "is 20x5"
tm resize-window -t queue -x 1 -y 1
tm send-keys -t queue j w k
tm resize-window -t queue -x 80 -y 24
ok "back at 80x24 after 1x1, the queue is drawn again" \
    wait_for queue "My Queue \("
tm send-keys -t queue Q
ok "q quits cleanly after all that" \
    eventually "grep -q EXIT=0 '$scratch/queue.exit' 2>/dev/null"

finish
