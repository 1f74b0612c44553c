#!/bin/sh
# The Reports pane through tmux: an analyst lands on it; a team lead
# reaches it with g R and goes back with Esc; a rep's F5 is their own
# day; the period and the filters, picked with the keyboard, change the
# title; x writes a CSV read back here; it draws at 80x24, 132x40 and
# 60x15.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db reports
cq() { "$bin" --db "$db" "$@"; }
cq init --demo >/dev/null
cq user add ana --role analyst >/dev/null

start() { # $1 session, $2 login, $3 size
	tm new-session -d -s "$1" -x "${3%x*}" -y "${3#*x}" \
	    "env TERM=screen '$bin' --db '$db' --as $2; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}
exited() { # $1 session, $2 status
	eventually "grep -qx 'EXIT=$2' '$scratch/$1.exit' 2>/dev/null"
}
# The heading over the table, whatever else is on screen.
heading() { wait_for "$1" "^ $2"; }

# An analyst's first screen is the Reports pane, on the agents report.
start a ana 80x24
ok "an analyst lands on Reports" \
    wait_for a "^ < Agents >  1 of 10"
ok "... on the agents report for today" \
    heading a "Agents, today \(2026-11-23\)$"
wait_for a "per rep: time in" >/dev/null
ok "the agents report ends in its floor total" \
    wait_for a "^ Total "

# The period: picked from a list, or typed.
tm send-keys -t a P
wait_for a "The period of the report" >/dev/null
tm send-keys -t a j j Enter
ok "P picks this week, and the title says so" \
    heading a "Agents, this week \(2026-11-23 to 2026-11-29\)"
tm send-keys -t a P
wait_for a "The period of the report" >/dev/null
tm send-keys -t a End Enter
wait_for a "Period \(a day, or FROM\.\.TO" >/dev/null
tm send-keys -t a "next fortnight" Enter
ok "a period that is none is refused in a sentence" \
    wait_for a "'next fortnight' is not a period"
tm send-keys -t a C-u "2026-11-01..2026-11-15" Enter
ok "FROM..TO typed is the period" \
    heading a "Agents, 2026-11-01 to 2026-11-15"

# The filters: a field, then one of its values, all with keys.
tm send-keys -t a f
ok "f offers the analyst every filter" \
    eval "wait_for a 'Filter the report by' && shows a 'Team +any' &&
    shows a 'Rep +any' && shows a 'Region +any' && shows a 'Source +any' &&
    shows a 'Import batch +any'"
tm send-keys -t a Enter
wait_for a "Team: " >/dev/null
tm send-keys -t a j Enter
ok "a team picked is in the title" \
    heading a "Agents, 2026-11-01 to 2026-11-15; team Floor A$"
tm send-keys -t a Right
ok "] goes to the next report, period and filters kept" \
    heading a "Dispositions, 2026-11-01 to 2026-11-15; team Floor A$"
tm send-keys -t a f
wait_for a "Group by +rep" >/dev/null
tm send-keys -t a End Enter
ok "clearing the filters clears the title" \
    heading a "Dispositions, 2026-11-01 to 2026-11-15$"
tm send-keys -t a Left
heading a "Agents, 2026-11-01 to 2026-11-15$" >/dev/null

# x: the report on screen to a CSV, opened as the user.
tm send-keys -t a x
wait_for a "Export the report as" >/dev/null
tm send-keys -t a Enter
wait_for a "Write the CSV to" >/dev/null
tm send-keys -t a C-u "$scratch/agents.csv" Enter
ok "x writes the CSV and says so, with its rows" \
    wait_for a "Wrote [0-9]+ rows? of Agents, 2026-11-01 to 2026-11-15 to"
ok "... which reads back with its header and the floor total" \
    eval "head -n 1 '$scratch/agents.csv' | grep -qi '^\"\\?rep' &&
    grep -q '^\"\\?Total' '$scratch/agents.csv'"

# At 132x40 and 60x15 it draws whole: no line left over from before.
tm resize-window -t a -x 132 -y 40
ok "132x40: every report is listed" wait_for a \
    "Agents +Dispositions +Lists +Funnel +Hours +Trend +Attendance +Imports\
 +Collections +Aging"
tm resize-window -t a -x 60 -y 15
ok "60x15: the list of reports gives way to the one shown" \
    wait_for a "^ < Agents >  1 of 10"
ok "... its heading and hint bar kept" eval "shows a '^ Agents, 2026-11-01' &&
    screen a | tail -n 1 | grep -q 'P Period'"
ok "... and the table its total row" wait_for a "^ Total "
tm send-keys -t a q
ok "q on the analyst's first view quits" exited a 0

# A team lead: g R from My Queue, and Esc back there.
start l lead1 80x24
wait_for l "lead1 \(lead\)" >/dev/null
tm send-keys -t l g R
ok "g R opens Reports for a team lead" heading l "Agents, today"
tm send-keys -t l f
ok "... whose filters name no team" \
    eval "wait_for l 'Rep +any' && ! shows l 'Team +any'"
tm send-keys -t l Escape
tm send-keys -t l Escape
ok "Esc goes back to My Queue" wait_for l "My Queue"
tm send-keys -t l Q
exited l 0 >/dev/null

# A rep: F5 is their own day, their own row; no team or rep filter.
start r rep1 80x24
wait_for r "rep1 \(rep\)" >/dev/null
tm send-keys -t r F5
ok "F5 opens a rep's Reports on today's agents report" \
    heading r "Agents, today \(2026-11-23\)$"
ok "a rep sees their own row" wait_for r "^ rep1 "
ok "... and no one else's" \
    eval "! screen r | grep -Eq '^ (rep[2-6]|lead1) '"
# Another terminal's call shows on the rep's row without a key.
row=$(screen r | grep '^ rep1 ')
id=$(cq --as rep1 lead add --name "Live Bakery" --phone "+12127360299" \
    --region "North America East" | sed -n 's/^added lead //p')
cq --as rep1 log "$id" --disposition "No answer" >/dev/null
ok "another terminal's call changes the rep's row by itself" \
    eventually "! tmux -L '$sock' -f /dev/null capture-pane -p -t r |
    grep -qxF -- '$row'"
tm send-keys -t r f
ok "a rep is offered no team or rep filter" \
    eval "wait_for r 'Region +any' && ! shows r 'Team +any' &&
    ! shows r 'Rep +any'"
tm send-keys -t r Escape g d
ok "g d is still My day" wait_for r "Calls +[0-9]+ of 80"
tm send-keys -t r Q
exited r 0 >/dev/null
finish
