#!/bin/sh
# The rep's workspace through tmux at 80x24 and 132x40 (TZ, LANG and the
# clock pinned): the three-key quick-log, leases, live updates, a dropped
# session with a log half typed, calling hours, follow-ups, attendance,
# the lead pane, editing, help and monochrome terminals.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db ws
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq region add UK --country GB >/dev/null
cq user add rep1 --role rep --region East,UK >/dev/null
cq user add rep2 --role rep --region East >/dev/null
for n in "Alpha Deli:+12127360101" "Bravo Bakery:+12127360102" \
    "Charlie Cafe:+12127360103"; do
	cq lead add --name "${n%%:*}" --phone "${n#*:}" --region East >/dev/null
done
cq lead add --name "Delta Ltd" --phone +442031234567 --region UK >/dev/null

# $1 session, $2 WxH, $3 login, $4 extra environment (may be empty).
# BIN_FOR: another binary (a sanitized one that dies by hangup can hang
# in LeakSanitizer's exit, so the hang-up runs the plain build).
start() {
	tm new-session -d -s "$1" -x "${2%x*}" -y "${2#*x}" \
	    "env TERM=${TERM_FOR:-screen} $4 '${BIN_FOR:-$bin}' --db '$db' --as $3; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}
selected() { # the reverse-video line of session $1
	tm capture-pane -e -p -t "$1" | grep '[[;]7m' | sed 's/\x1b\[[0-9;]*m//g'
}
name_of() { # the name of lead $1
	cq lead list --format csv | grep "^$1," | cut -d, -f2
}

start r1 80x24 rep1 ""
ok "the queue lists the fresh leads in order" \
    wait_for r1 "^ Alpha Deli .*New"
ok "the cursor starts on the first lead" \
    eventually "tmux -L '$sock' capture-pane -e -p -t r1 | grep '[[;]7m' | grep -q 'Alpha Deli'"

# l, 1, Enter: the call is logged, the status moves, the cursor goes on.
tm send-keys -t r1 l
ok "l opens the quick-log with the numbered dispositions" \
    wait_for r1 "1 No answer +2 Busy"
tm send-keys -t r1 1
ok "a digit picks the disposition and asks for a note" \
    wait_for r1 "No answer. Note \(Enter skips\):"
tm send-keys -t r1 Enter
ok "Enter saves: the status line says what moved" \
    wait_for r1 "Logged No answer: New -> CNP"
ok "the call is in the database" \
    sh -c "'$bin' --db '$db' --as rep1 timeline 1 --format csv | grep -q ',call,\"No answer, New -> CNP, attempt 1, stage: Contacted\"'"
ok "the lead moved to CNP, and is rep1's" \
    sh -c "'$bin' --db '$db' lead list --format csv | grep -q '^1,Alpha Deli,.*,CNP,,rep1,'"
ok "the cursor is on the next lead" \
    eventually "tmux -L '$sock' capture-pane -e -p -t r1 | grep '[[;]7m' | grep -q 'Bravo Bakery'"
ok "a lead just called waits before it is offered again" \
    wait_gone r1 "^ Alpha Deli"

# A lead open in rep1's drawer is held: rep2 is not offered it.
tm send-keys -t r1 Enter
ok "Enter opens the lead over the queue on a narrow terminal" \
    wait_for r1 "^ Phone +\+1 212-736-0102 +\(\+12127360102\)"
ok "the lead shows its local time and whether it may be called" \
    wait_for r1 "Local +11:00 America/New_York +callable now"
ok "rep2's queue leaves out the lead rep1 holds" \
    sh -c "! '$bin' --db '$db' --as rep2 queue --format csv | grep -q '^2,'"
start r2 132x40 rep2 ""
wait_for r2 "My Queue" >/dev/null
tm send-keys -t r2 '#' 2 Enter
ok "opened directly, it says who holds it" \
    wait_for r2 "rep1 is working lead 2"
ok "... on the lead pane too" wait_for r2 "Held by rep1"
tm send-keys -t r2 l
ok "and rep2 cannot log on it" wait_for r2 "rep1 is working this lead"
tm send-keys -t r2 Escape
tm send-keys -t r1 Escape
ok "Esc lets go: rep2 is offered it again" \
    eventually "'$bin' --db '$db' --as rep2 queue --format csv | grep -q '^2,'"

# Another process's change reaches the screen, no key pressed.
cq lead add --name "Echo Events" --phone +12127360105 --region East >/dev/null
ok "a lead added by another process reaches the screen" \
    wait_for r1 "Echo Events"

# The session drops with a log half typed: the next start reopens it.
tm send-keys -t r1 q
BIN_FOR=$top/callq start hup 80x24 rep1 ""
wait_for hup "My Queue" >/dev/null
tm send-keys -t hup '#' 3 Enter
wait_for hup "^ Charlie Cafe" >/dev/null
tm send-keys -t hup l 6
wait_for hup "Callback requested. Note" >/dev/null
tm send-keys -t hup "ring after lunch"
wait_for hup "ring after lunch" >/dev/null
tm kill-session -t hup
ok "a hung-up session ends" \
    eventually "! pgrep -f '[c]allq --db $db --as rep1\$' >/dev/null"
start r1b 80x24 rep1 ""
ok "the next start says the log was kept" \
    wait_for r1b "Your unsaved call log was kept"
ok "... with the disposition and the note as typed" \
    wait_for r1b "Callback requested. Note \(Enter skips\): ring after lunch"
ok "... on the lead it was about" wait_for r1b "^ Charlie Cafe"
tm send-keys -t r1b Enter
ok "Callback requested asks when" wait_for r1b "Call back when:"
tm send-keys -t r1b "tomorrow 16:00"
ok "the time is read back before it is saved, in the lead's time too" \
    wait_for r1b "= Tue 2026-11-24 16:00 \(11:00 New York\)"
tm send-keys -t r1b Enter
ok "then the follow-up reasons are offered" \
    wait_for r1b "1 Callback requested +2 Send information"
tm send-keys -t r1b 2
ok "a digit saves, and says when to call back" \
    wait_for r1b "Logged Callback requested: New -> In Progress. Callback Tue 16:00"
ok "the follow-up is in the database, with its reason" \
    sh -c "'$bin' --db '$db' --as rep1 followup list --format csv | grep -q '2026-11-24T16:00:00+00:00,open,rep1,ring after lunch,11:00 New York,Send information'"
ok "and nothing is left to reopen" \
    sh -c "! '$sq' '$db' 'SELECT 1 FROM drafts' | grep -q 1"

# Follow-ups: a missed one, grouped, done with an outcome; one moved.
CALLQ_NOW=$((daytime - 7200)) cq --as rep1 followup add 2 '+1h' \
    --note "promised a quote" >/dev/null
tm send-keys -t r1b Escape F3
ok "F3 shows the follow-ups grouped, with counts" \
    wait_for r1b "Follow-ups: 1 missed, 0 today, 1 upcoming"
ok "a missed one is labelled in text, not colour alone" \
    wait_for r1b "^ +Missed +\(10:00 New York\) +Bravo Bakery"
ok "the top bar counts it" wait_for r1b "Follow-ups: 0 due, 1 missed"
tm send-keys -t r1b d
wait_for r1b "Outcome" >/dev/null
tm send-keys -t r1b "sent the quote" Enter
ok "d closes it with its outcome" wait_for r1b "Follow-up done"
ok "the outcome is kept" \
    sh -c "'$sq' '$db' \"SELECT outcome FROM followups WHERE state = 'done'\" | grep -qx 'sent the quote'"
ok "the badge goes with it" wait_gone r1b "1 missed"
tm send-keys -t r1b r
wait_for r1b "Reschedule to:" >/dev/null
tm send-keys -t r1b "wed 15:30" Enter
ok "r moves a follow-up" wait_for r1b "Follow-up moved"
ok "... to the time given" \
    sh -c "'$bin' --db '$db' --as rep1 followup list --format csv | grep -q '2026-11-25T15:30:00+00:00'"
tm send-keys -t r1b g q
ok "g q goes back to the queue" wait_for r1b "My Queue \("

# Attendance from the keyboard, shown in the top bar and to the floor.
tm send-keys -t r1b i
ok "i checks in" wait_for r1b "\| IN 0:00"
tm send-keys -t r1b p
ok "p offers the pause reasons" wait_for r1b "Pause: +1 Lunch"
tm send-keys -t r1b 1
ok "a digit pauses with that reason" wait_for r1b "\| PAUSED Lunch 0:00"
ok "the floor sees it" \
    sh -c "'$bin' --db '$db' user list --format csv | grep -q '^rep1,.*,paused'"
tm send-keys -t r1b p
ok "p again resumes" wait_for r1b "\| IN 0:00"
tm send-keys -t r1b o
ok "o checks out" wait_for r1b "\| OUT 0:00"
ok "every change is an attendance event" \
    test "$("$sq" "$db" "SELECT count(*) FROM attendance a JOIN users u ON u.id = a.user_id WHERE u.login = 'rep1'")" -eq 4
tm send-keys -t r1b g d
ok "My day shows the progress against the target" \
    wait_for r1b "Calls +2 of 80"
ok "the status line too, when it has nothing to say" \
    wait_for r1b "Today: 2/80 calls"
tm send-keys -t r1b Q

# Calling hours: at 08:00 UTC New York sleeps and London works.
start early 80x24 rep1 "CALLQ_NOW=$((daytime - 8 * 3600))"
ok "at 03:00 in New York only the London lead is offered" \
    wait_for early "^ Delta Ltd +\+44 20 3123 4567"
ok "... and no New York lead" \
    sh -c "! tmux -L '$sock' capture-pane -p -t early | grep -q 'Charlie Cafe'"
tm send-keys -t early h
ok "h shows the others, with when they may be called" \
    wait_for early "^ Bravo Bakery .*03:00 +From 13:00"
tm send-keys -t early q

# The lead pane beside the queue on a wide terminal; editing it. Bravo
# is rep1's now: booking its call-back took it.
tm send-keys -t r2 q
start wide 132x40 rep1 ""
wait_for wide "My Queue" >/dev/null
tm send-keys -t wide '#' 2 Enter
ok "at 132 columns the lead sits beside the queue" \
    wait_for wide "My Queue.*│ Bravo Bakery"
ok "its timeline shows what happened, newest first" \
    sh -c "tmux -L '$sock' capture-pane -p -t wide | grep -A3 'rep1 *followup-done' | grep -q 'root *add'"
ok "... the missed follow-up's notification among it" \
    sh -c "tmux -L '$sock' capture-pane -p -t wide | grep -A1 'rep1 *followup-done' | grep -q 'rep1 *followup-missed followup:'"
tm send-keys -t wide e 1
ok "e 1 edits the name, filled in" wait_for wide "Name: Bravo Bakery"
tm send-keys -t wide C-u "Bravo Bakers" Enter
ok "Enter saves it" wait_for wide "Saved\."
ok "... in the database" test "$(name_of 2)" = "Bravo Bakers"
tm send-keys -t wide e 1
wait_for wide "Name: Bravo Bakers" >/dev/null
cq lead edit 2 --name "Bravo Brothers" --force >/dev/null
tm send-keys -t wide C-u "Bravo Boys" Enter
ok "a change made meanwhile is shown, not overwritten" \
    wait_for wide "Not saved: someone changed name 'Bravo Bakers' -> 'Bravo Brothers'"
ok "... and the other change stands" test "$(name_of 2)" = "Bravo Brothers"
tm send-keys -t wide Escape '?'
ok "the help lists the keys of every pane" \
    eventually "tmux -L '$sock' capture-pane -p -t wide >'$scratch/help'; grep -q 'Log a call on the lead' '$scratch/help' && grep -q 'Mark done, with its outcome' '$scratch/help' && grep -q 'Log a call on this lead' '$scratch/help'"
tm send-keys -t wide End
ok "... and, at its end, the keys every pane shares" \
    eventually "tmux -L '$sock' capture-pane -p -t wide | grep -q 'Pause, with a reason'"
tm send-keys -t wide x Tab
ok "Tab goes to the next pane" wait_for wide "Follow-ups: "
tm send-keys -t wide q

# A kept log on a lead that is no longer the rep's is dropped, once, with
# the reason, rather than offered at every start.
"$sq" "$db" "INSERT INTO drafts (user_id, lead_id,
    disposition, started_at, saved_at) SELECT id, 1, 'Busy', 0, 0
    FROM users WHERE login = 'rep2'"
start gone 80x24 rep2 ""
ok "a kept log that cannot be reopened says why it was dropped" \
    wait_for gone "The call log kept for lead 1 was dropped: no lead 1 that rep2 may"
ok "... and the queue is shown" wait_for gone "My Queue \("
ok "... and is gone" \
    test "$("$sq" "$db" 'SELECT count(*) FROM drafts')" -eq 0
tm send-keys -t gone q

# A monochrome terminal still names every status.
TERM_FOR=vt100 start mono 80x24 rep1 "NO_COLOR=1"
ok "on a vt100 with NO_COLOR the statuses read as text" \
    wait_for mono "^ Bravo Brothers .* New "
ok "... with no colour sent" \
    sh -c "! tmux -L '$sock' capture-pane -e -p -t mono | grep -q '[[;]3[0-7][;m]'"
tm send-keys -t mono q
finish
