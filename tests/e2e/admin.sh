#!/bin/sh
# The admin's other panes through tmux: Users (add, role, team, phone,
# deactivate, the permission matrix), Settings (a pause reason added,
# moved and taken out of the rep's picker; a value edited; a
# disposition added), Deleted (restore with a reason) and the Audit
# (filtered, and per lead from the lead pane). setting get/list and
# the check-in warning from the command line.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db admin
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add rep1 --role rep --team A --region East >/dev/null
cq lead add --name "Acme Plumbing" --phone +12127360101 --region East \
    >/dev/null
cq lead add --name "Bolt Electric" --phone +12127360102 --region East \
    >/dev/null

start() { # $1 session, $2 login
	tm new-session -d -s "$1" -x 120 -y 32 \
	    "env TERM=screen '$bin' --db '$db' --as $2; sleep 600"
}
me=$(id -un)
start a "$me"
wait_for a "\(admin\)" >/dev/null

# Users.
tm send-keys -t a g u
ok "g u lists the users with role and team" \
    wait_for a "rep1 +rep1 +rep +A "
tm send-keys -t a a
tm send-keys -t a rep2 Enter
tm send-keys -t a "Priya Nair" Enter
ok "adding asks for the role" wait_for a "1 admin  2 lead  3 rep"
tm send-keys -t a 3
tm send-keys -t a Night Enter
wait_for a "Regions of the new user" >/dev/null
tm send-keys -t a Enter
tm send-keys -t a "+14155550152" Enter
wait_for a "E-mail for the daily digest" >/dev/null
tm send-keys -t a Enter
ok "the new user is listed with team and phone" \
    wait_for a "rep2 +Priya Nair +rep +Night +\+14155550152"
ok "and is in the database" sh -c "'$bin' --db '$db' user list --format csv | grep -q '^rep2,.*,rep,Night'"
tm send-keys -t a k r 2
ok "r changes the role" wait_for a "rep1 is now a team lead"
tm send-keys -t a t C-u B Enter
ok "t moves the user to another team" wait_for a "rep1 +rep1 +lead +B "
tm send-keys -t a P C-u "+44 20 7946 0018" Enter
ok "P sets the phone, stored as E.164" wait_for a "rep1 .* \+442079460018"
tm send-keys -t a j x Enter
ok "x deactivates" wait_for a "rep2 can no longer use callq"
ok "and the list says so" wait_for a "rep2 .* no +"
tm send-keys -t a M
ok "M shows the permission matrix" \
    wait_for a "import leads +all +- +- +- +-"
ok "with the scopes of each role" \
    wait_for a "log calls on this lead +all +team +own +- +converted"
tm send-keys -t a G
ok "G scrolls to the last actions, past the screen's foot" \
    wait_for a "assign collections +all +team +- +- +-"
tm send-keys -t a M

# Settings.
tm send-keys -t a g s
ok "g s opens the settings on the dispositions" \
    wait_for a "No answer +key 1 -> CNP"
tm send-keys -t a Right Right ']'
ok "Right and ] go to the pause reasons" wait_for a " 1 +Lunch"
tm send-keys -t a a Coaching Enter
ok "a adds a reason at the end" wait_for a " 6 +Coaching"
tm send-keys -t a G
for i in 1 2 3 4 5 6; do tm send-keys -t a j; done
tm send-keys -t a K K K K K
ok "K moves it up to the top" wait_for a " 1 +Coaching"
ok "in the database too" sh -c "'$bin' --db '$db' choice list pause --format csv | sed -n 2p | grep -q '^1,Coaching,yes'"
tm send-keys -t a j x
ok "x takes Lunch out of the pickers" wait_for a " 2 +Lunch +\(off\)"
tm send-keys -t a Right Right ']' ']'
ok "the values section shows each setting" \
    wait_for a "lease_minutes +15 "
tm send-keys -t a j e C-u 20 Enter
ok "e edits a value" wait_for a "lease_minutes = 20"
ok "which applies" test "$(cq setting get lease_minutes)" = 20
tm send-keys -t a Right Right Right Right
ok "the after-sale lists come last, and Right goes round to the first" \
    wait_for a "No answer +key 1 -> CNP"
tm send-keys -t a a Voicemail Enter 0 Enter 3 1
ok "a disposition is added with its key and status" \
    wait_for a "Voicemail +key 0 -> CNP"

# A rep's pause picker no longer offers Lunch; the one on Lunch keeps it.
cq user add rep3 --role rep --region East >/dev/null
start r rep3
wait_for r "rep3 \(rep\)" >/dev/null
tm send-keys -t r p
ok "the rep's pause picker offers the new reason" wait_for r "1 Coaching"
ok "and not the one taken out" sh -c "! tmux -L '$sock' capture-pane -p -t r | grep -q Lunch"
tm send-keys -t r Escape q

# Deleted and the audit.
cq lead delete 2 >/dev/null
tm send-keys -t a g r
ok "g r lists what was deleted, who and when" \
    wait_for a "lead +2 +Bolt Electric .* $me"
tm send-keys -t a r Enter
ok "restoring without a reason is refused" wait_for a "Say why it comes back"
tm send-keys -t a "wrongly deleted" Enter
ok "with one it is restored" wait_for a "Restored lead 2"
ok "and back in the lists" sh -c "'$bin' --db '$db' lead list --format csv | grep -q 'Bolt Electric'"
tm send-keys -t a g a
ok "g a shows the audit, newest first" \
    wait_for a "lead +2 restore +reason: wrongly deleted"
tm send-keys -t a f C-u "action=delete" Enter
ok "filtered by action" wait_for a "Audit: 1 row where action=delete"
tm send-keys -t a f C-u "user=nobody since=yesterday" Enter
ok "by user and day" wait_for a "Audit: 0 rows where user=nobody"
tm send-keys -t a f C-u "when=now" Enter
ok "a filter it cannot read is said" wait_for a "no filter 'when=now'"
tm send-keys -t a Escape g q
wait_for a "My Queue" >/dev/null
tm send-keys -t a '#' 2 Enter
ok "the lead's timeline tells of the restore and why" \
    wait_for a "root +restore +reason:( w|$)"
tm send-keys -t a A
ok "and A opens the audit on that lead" \
    wait_for a "Audit: [0-9]+ rows? where entity=lead id=2"
tm send-keys -t a g q
tm send-keys -t a q
cq setting set work_hours 09:00-15:00 >/dev/null
ok "a check-in outside working hours warns" \
    sh -c "'$bin' --db '$db' checkin 2>&1 | grep -q 'it is 16:00, outside the floor.s working hours (09:00-15:00)'"
ok "setting get prints what applies" test "$(cq setting get retry_minutes)" = 60
cq setting set target_connects 25 >/dev/null
start d rep1
tm send-keys -t d g d
ok "My day shows each daily target set" wait_for d "Connects +0 of 25"
ok "and only the count where none is" wait_for d "Conversions +0\$"
tm send-keys -t d Q
ok "setting list says which are set" \
    sh -c "'$bin' --db '$db' setting list --format csv | grep -q '^work_hours,09:00-15:00,set,'"
ok "an empty value clears a setting, and says so" \
    sh -c "'$bin' --db '$db' setting set work_hours '' | grep -qx 'work_hours cleared; its default applies'"
ok "a check-in then says nothing of working hours" \
    sh -c "'$bin' --db '$db' checkin >'$scratch/checkin' 2>&1 && ! grep -q 'working hours' '$scratch/checkin' && '$bin' --db '$db' setting list --format csv | grep -q '^work_hours,,default,'"
echo old >"$scratch/export.csv"
cq lead list --output "$scratch/export.csv" --status Bogus >/dev/null 2>&1
ok "a list that fails leaves its --output file as it was" \
    sh -c "test \"\$(cat '$scratch/export.csv')\" = old && ! ls '$scratch'/export.csv.* 2>/dev/null"
cq lead list --output "$scratch/export.csv" --format csv >/dev/null
ok "one that works replaces it" grep -q "Acme Plumbing" "$scratch/export.csv"
finish
