#!/bin/sh
# One navigation in every list, through tmux: Home, End, PgDn, PgUp, g g
# and G move the cursor of each list pane (as the role that has it), the
# lead's page, the help and the picker; and the sequences terminals send
# for Home and End arrive as Home and End under each TERM callq meets.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db floor
cq() { "$bin" --db "$db" "$@"; }
ok "init --demo builds the demo floor" sh -c "'$bin' --db '$db' init --demo >/dev/null"
for id in 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
	cq lead delete "$id" --force >/dev/null 2>&1
done
home=$scratch/home
mkdir -p "$home"
for n in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 \
    22 23 24 25 26 27 28 29 30; do
	printf 'name,phone\nAcme %s,+12127360%s\n' "$n" "1$n" >"$home/list$n.csv"
done

# $1: session, $2: login, $3: TERM, $4: size WxH.
start() {
	tm new-session -d -s "$1" -x "${4%x*}" -y "${4#*x}" \
	    "env HOME='$home' TERM=$3 '$bin' --db '$db' --as $2; sleep 600"
}

# The text of the cursor's line: the last line in reverse video above
# the status and hint bars (a tab in reverse sits above it).
sel() {
	tm capture-pane -e -p -t "$1" | sed '$d' | sed '$d' |
	    grep -E '(\[|;)7m' | tail -n 1 | sed 's/\x1b\[[0-9;]*m//g'
}

# is SESSION TEXT / isnt SESSION TEXT: the cursor's line is (not) TEXT.
is() { [ -n "$2" ] && [ "$(sel "$1")" = "$2" ]; }
isnt() { [ -n "$(sel "$1")" ] && [ "$(sel "$1")" != "$2" ]; }
wait_is() { within is "$1" "$2"; }
wait_isnt() { within isnt "$1" "$2"; }

# keys SESSION WHAT: End, Home, G, g g, PgDn and PgUp move the cursor of
# the list on screen, which is not on its last line now.
keys() {
	s=$1
	pane=$2
	within isnt "$s" ""
	was=$(sel "$s")
	tm send-keys -t "$s" End
	ok "$pane: End moves the cursor" wait_isnt "$s" "$was"
	last=$(sel "$s")
	tm send-keys -t "$s" Home
	ok "$pane: Home leaves the last line" wait_isnt "$s" "$last"
	first=$(sel "$s")
	tm send-keys -t "$s" G
	ok "$pane: G goes to the last line" wait_is "$s" "$last"
	tm send-keys -t "$s" g g
	ok "$pane: g g goes to the first line" wait_is "$s" "$first"
	tm send-keys -t "$s" NPage
	ok "$pane: PgDn moves down from the first line" wait_isnt "$s" "$first"
	tm send-keys -t "$s" End
	wait_is "$s" "$last"
	tm send-keys -t "$s" PPage
	ok "$pane: PgUp moves up from the last line" wait_isnt "$s" "$last"
	tm send-keys -t "$s" Home
	wait_is "$s" "$first"
}

# A rep: the queue, the follow-ups, the lead's page.
start r rep1 screen 80x24
wait_for r "rep1 \(rep\)" >/dev/null
keys r "My Queue"
tm send-keys -t r g f
wait_for r "Follow-ups: " >/dev/null
keys r "Follow-ups"

# The lead's page has no cursor: the keys scroll it.
pane_top() { screen "$1" | sed -n 2p; }
top_is() { [ "$(pane_top "$1")" = "$2" ]; }
top_isnt() { [ "$(pane_top "$1")" != "$2" ]; }
tm send-keys -t r g q
wait_for r "My Queue" >/dev/null
tm resize-window -t r -x 80 -y 15
tm send-keys -t r Enter
wait_for r "^ Phone    " >/dev/null	# the lead's, not the queue's column
top=$(pane_top r)
tm send-keys -t r End
ok "the lead's page: End scrolls it down" within top_isnt r "$top"
tm send-keys -t r g g
ok "the lead's page: g g scrolls it back to its top" within top_is r "$top"
tm send-keys -t r Q

# A team lead: the pipeline, the picker, the board, the pools, the
# notifications, and the help.
start l lead1 screen 80x24
wait_for l "lead1 \(lead\)" >/dev/null
tm send-keys -t l g p
wait_for l "Pipeline: " >/dev/null
keys l "Pipeline column"
tm send-keys -t l m
wait_for l " Move .* to: " >/dev/null
keys l "The picker"
tm send-keys -t l Escape
tm send-keys -t l g b
wait_for l "Team board" >/dev/null
keys l "Team board"
tm send-keys -t l g o
wait_for l "Fresh" >/dev/null
keys l "Pools"
tm send-keys -t l g n
wait_for l "Notifications: " >/dev/null
keys l "Notifications"

tm send-keys -t l '?'
wait_for l "Mark all read" >/dev/null
tm send-keys -t l G
ok "the help: G scrolls to the keys every pane shares" wait_for l "Quit callq"
tm send-keys -t l g g
ok "the help: g g scrolls back to its top" wait_gone l "Quit callq"
ok "the help: g g leaves it open" wait_for l "Mark all read"
tm send-keys -t l End
ok "the help: End scrolls to its end" wait_for l "Quit callq"
tm send-keys -t l Home
ok "the help: Home scrolls to its top" wait_for l "Mark all read"
tm send-keys -t l PPage
ok "the help: PgUp at its top keeps it open" wait_for l "Mark all read"
tm send-keys -t l x
wait_gone l "Mark all read" >/dev/null
tm send-keys -t l F1
ok "F1 opens the help as ? does" wait_for l "Mark all read"
tm send-keys -t l Q

# An admin: the import's file list and mapping, users, settings, the
# deleted leads and the audit.
me=$(id -un)
start a "$me" screen 80x24
wait_for a "\(admin\)" >/dev/null
tm send-keys -t a g i
wait_for a "Import a lead list: " >/dev/null
keys a "Import file list"
tm send-keys -t a Enter
wait_for a "Import into which region" >/dev/null
tm send-keys -t a Enter
wait_for a "Delimiter: comma" >/dev/null
keys a "Import mapping"
tm send-keys -t a Escape
cq user add rep7 --role rep --region "North America East" >/dev/null 2>&1
tm send-keys -t a g u
wait_for a "Users: " >/dev/null
keys a "Users"
tm send-keys -t a g s
wait_for a "Dispositions" >/dev/null
keys a "Settings"
tm send-keys -t a g r
wait_for a "Deleted: " >/dev/null
keys a "Deleted"
tm send-keys -t a g a
wait_for a "Audit: " >/dev/null
keys a "Audit"
tm send-keys -t a Q

# Home and End as terminals send them, whatever terminfo calls them.
for term in xterm-256color screen screen-256color tmux tmux-256color; do
	if ! infocmp "$term" >/dev/null 2>&1; then
		skip "Home and End under TERM=$term" "no terminfo entry"
		continue
	fi
	start "t$term" rep1 "$term" 80x24
	wait_for "t$term" "rep1 \(rep\)" >/dev/null
	within isnt "t$term" ""
	first=$(sel "t$term")
	tm send-keys -t "t$term" G
	wait_isnt "t$term" "$first"
	last=$(sel "t$term")
	tm send-keys -t "t$term" g g
	wait_is "t$term" "$first"
	for pair in '1b5b317e 1b5b347e' '1b5b48 1b5b46' '1b4f48 1b4f46' \
	    '1b5b377e 1b5b387e'; do
		home_seq=${pair% *}
		end_seq=${pair#* }
		# shellcheck disable=SC2046
		tm send-keys -t "t$term" -H $(echo "$end_seq" | sed 's/../& /g')
		ok "TERM=$term: End sent as $end_seq goes to the last line" \
		    wait_is "t$term" "$last"
		# shellcheck disable=SC2046
		tm send-keys -t "t$term" -H $(echo "$home_seq" | sed 's/../& /g')
		ok "TERM=$term: Home sent as $home_seq goes to the first line" \
		    wait_is "t$term" "$first"
	done
	tm send-keys -t "t$term" Q
done

finish
