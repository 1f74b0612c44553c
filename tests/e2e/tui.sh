#!/bin/sh
# The TUI as a rep sees it, driven through tmux: the queue on screen, keys,
# help, resizing, colors, live updates from another terminal, and quitting.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime

floor_db floor
ok "init --demo builds the demo floor" \
    sh -c "'$bin' --db '$db' init --demo >/dev/null"

# $1: session, $2: size WxH, $3: environment assignments (may be empty).
start() {
	tm new-session -d -s "$1" -x "${2%x*}" -y "${2#*x}" \
	    "env $3 '$bin' --db '$db' --as rep1; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}

rows() { # queue rows on screen: lines with a formatted phone number
	screen "$1" | grep -Ec '\+(1|44) [0-9]'
}

start q 80x24 ""
ok "the queue appears with its count" wait_for q "My Queue \([0-9]+\+?\)"
ok "the top bar names the user and role" wait_for q "rep1 \(rep\)"
ok "19 lead rows fill an 80x24 screen" test "$(rows q)" -eq 19
ok "the hint bar shows the keys" wait_for q "\? Help"
ok "columns fit in 80 columns" \
    sh -c "! tmux -L '$sock' capture-pane -p -t q | grep -q '.\{81\}'"

screen q | sed -n 4p >"$scratch/first"
tm send-keys -t q j
ok "j moves the cursor to the second row" \
    eventually "tmux -L '$sock' capture-pane -e -p -t q | sed -n 5p | grep -q '[[;]7m'"
tm send-keys -t q PageDown
ok "PgDn shows the next page" \
    eventually "tmux -L '$sock' capture-pane -p -t q | sed -n 4p \
        >'$scratch/paged'; ! cmp -s '$scratch/paged' '$scratch/first'"
tm send-keys -t q Home

tm send-keys -t q '?'
ok "? opens the help, generated from the key tables" \
    wait_for q "Change the order"
tm send-keys -t q PageDown
ok "PgDn scrolls the help" wait_gone q "Change the order"
tm send-keys -t q End
ok "End scrolls it to the keys every pane shares" wait_for q "Quit callq"
tm send-keys -t q x
ok "any key closes the help" wait_gone q "Quit callq"

tm send-keys -t q z
ok "an unbound key says how to find the keys" wait_for q "\? lists the keys"

tm resize-window -t q -x 120 -y 40
ok "a resize redraws at the new size" wait_for q "North America East +"
ok "35 rows fill 120x40" eventually "test \$(tmux -L '$sock' capture-pane -p -t q | grep -Ec '\+(1|44) [0-9]') -eq 35"
tm resize-window -t q -x 24 -y 4
ok "a tiny terminal says how large it must be" \
    wait_for q "callq needs at least"
tm resize-window -t q -x 80 -y 24
ok "and at 80x24 again, 19 rows" \
    eventually "test \$(tmux -L '$sock' capture-pane -p -t q | grep -Ec '\+(1|44) [0-9]') -eq 19"

# Another terminal takes the first lead out of the queue.
top_id=$("$bin" --db "$db" --as rep1 queue --limit 1 --format csv |
    sed -n 2p | cut -d, -f1)
top_name=$(screen q | sed -n 4p | cut -c2-20 | sed 's/ *$//')
"$bin" --db "$db" lead delete "$top_id" >/dev/null
ok "a change made elsewhere appears without a key" \
    wait_gone q "^ $top_name"

# A foreground color 30-37 in an SGR sequence; tmux's own resets are 39.
color='[[;]3[0-7][;m]'
ok "colors are used by default" \
    sh -c "tmux -L '$sock' capture-pane -e -p -t q | grep -q '$color'"
start mono 80x24 "NO_COLOR=1"
wait_for mono "My Queue" >/dev/null
ok "NO_COLOR leaves the screen monochrome, labels intact" \
    sh -c "! tmux -L '$sock' capture-pane -e -p -t mono | grep -q '$color' &&
        tmux -L '$sock' capture-pane -p -t mono | grep -q 'In Progress'"
tm send-keys -t mono q

start int 80x24 ""
wait_for int "My Queue" >/dev/null
tm send-keys -t int C-c
ok "Ctrl-C leaves with status 130" \
    eventually "grep -qx 'EXIT=130' '$scratch/int.exit' 2>/dev/null"
ok "... and the terminal restored" wait_gone int "My Queue"

# Text the terminal's locale cannot show becomes '?', columns intact.
small=$scratch/small.db
"$bin" --db "$small" init >/dev/null
"$bin" --db "$small" user add rep1 --role rep >/dev/null
"$bin" --db "$small" lead add --name "Café Zoë 東京" --phone +13055550142 \
    --owner rep1 >/dev/null
for loc in utf8:C.UTF-8 ascii:C; do
	tm new-session -d -s "${loc%%:*}" -x 80 -y 24 \
	    "env LC_ALL=${loc#*:} '$bin' --db '$small' --as rep1; sleep 600"
done
ok "a UTF-8 terminal shows the name as it is" \
    wait_for utf8 "^ Café Zoë 東京 +\+1 305-555-0142"
ok "an ASCII terminal shows '?' and keeps the columns" \
    wait_for ascii "^ Caf\? Zo\? \?\? +\+1 305-555-0142  New"
tm send-keys -t utf8 q
tm send-keys -t ascii q

# The queue shrinks under the cursor: it stays on a lead.
shrink=$scratch/shrink.db
"$bin" --db "$shrink" init >/dev/null
"$bin" --db "$shrink" user add rep1 --role rep >/dev/null
for n in 1 2 3; do
	"$bin" --db "$shrink" lead add --name "Lead $n" \
	    --phone "+1305555014$n" --owner rep1 >/dev/null
done
tm new-session -d -s shrink -x 80 -y 24 "'$bin' --db '$shrink' --as rep1; sleep 600"
wait_for shrink "My Queue \(3\)" >/dev/null
tm send-keys -t shrink End
ok "End takes the cursor to the last lead" eventually \
    "tmux -L '$sock' capture-pane -e -p -t shrink | sed -n 6p | grep -q '[[;]7m.*Lead 3'"
"$bin" --db "$shrink" lead delete 2 >/dev/null
"$bin" --db "$shrink" lead delete 3 >/dev/null
ok "the queue shrinks when leads go elsewhere" wait_for shrink "My Queue \(1\)"
ok "and the cursor moves onto the lead that is left" \
    eventually "tmux -L '$sock' capture-pane -e -p -t shrink | sed -n 4p | grep -q '[[;]7m.*Lead 1'"
tm send-keys -t shrink q

# A dropped SSH link: the terminal goes away and callq must go with it.
tm new-session -d -s drop -x 80 -y 24 "'$top/callq' --db '$small' --as rep1"
wait_for drop "My Queue" >/dev/null
running() { pgrep -f "callq --db $small --as rep1\$" >/dev/null; }
ok "the screen of the plain binary is running" running
tm kill-session -t drop
ok "a hung-up terminal ends callq" \
    eventually "! pgrep -f 'callq --db $small --as rep1\$' >/dev/null"

tm send-keys -t q q
ok "q quits with status 0" \
    eventually "grep -qx 'EXIT=0' '$scratch/q.exit' 2>/dev/null"
ok "and leaves the terminal clean" wait_gone q "My Queue"

ok "with no terminal it says so and stops" \
    sh -c "'$bin' --db '$db' --as rep1 </dev/null 2>&1 | grep -q 'needs a terminal'"
finish
