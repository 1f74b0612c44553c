#!/bin/sh
# Users from start to end, through tmux and the command line: a user
# deactivated and reactivated from the pane (x, with a confirmation
# naming which); a user's regions edited from the pane (e) and from
# user edit; a user added from the form with regions; a bad phone at
# the form's phone step keeps the form and what was typed; an e-mail
# from the add form and from @, refused when it is not one; who is
# inactive is shown at 80x24 and 60x15, and the columns that do not fit
# are one key away.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db users
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
for r in East North West; do cq region add $r --country US >/dev/null; done
cq user add rep1 --role rep --team A --region East >/dev/null
cq user add rep2 --role rep --name "Ravi Shah" >/dev/null

start() { # $1 session, $2 width, $3 height
	tm new-session -d -s "$1" -x "$2" -y "$3" \
	    "env TERM=screen '$bin' --db '$db' --as $(id -un); sleep 600"
	wait_for "$1" "\(admin\)" >/dev/null
	tm send-keys -t "$1" g u
	wait_for "$1" "Users: " >/dev/null
}

# The command line.
ok "user activate refuses a user who is active" \
    sh -c "! '$bin' --db '$db' user activate rep2 2>'$scratch/err'"
ok "saying so" grep -qx "callq: rep2 is already active; nothing was changed" \
    "$scratch/err"
cq user edit rep1 --region Wset >/dev/null 2>"$scratch/err"
ok "user edit refuses an unknown region in one sentence" \
    grep -qx "callq: no region 'Wset'; nothing was changed (see: callq region list)" "$scratch/err"
ok "user edit --region adds and --no-region removes" \
    sh -c "'$bin' --db '$db' user edit rep1 --region West --region North --no-region East | grep -qx 'rep1 works North, West'"
ok "and user list shows it" \
    sh -c "'$bin' --db '$db' user list --format csv | grep -q '^rep1,.*,\"North, West\",'"
cq user edit rep1 --region East --no-region North --no-region West >/dev/null

start a 120 32
ok "the pane lists the users" wait_for a "rep2 +Ravi Shah +rep "

# Deactivate, then reactivate, from the pane.
tm send-keys -t a j x
ok "x on an active user asks to deactivate them, by name" \
    wait_for a "Deactivate rep2\? Enter does, Esc keeps them:"
tm send-keys -t a Enter
ok "Enter deactivates" wait_for a "rep2 can no longer use callq"
ok "and the list marks them" wait_for a "^ +x rep2 +Ravi Shah"
tm send-keys -t a x
ok "x on an inactive user asks to reactivate them, by name" \
    wait_for a "Reactivate rep2 \(inactive now\)\? Enter does"
tm send-keys -t a Enter
ok "Enter reactivates" wait_for a "rep2 can use callq again"
ok "the mark is gone" wait_gone a "x rep2"
ok "and rep2 may use callq again" \
    sh -c "'$bin' --db '$db' --as rep2 queue --limit 1 >/dev/null"
ok "both are audited" sh -c "test \"\$('$bin' --db '$db' audit list --entity user --format csv | grep -c ',\(activate\|deactivate\),')\" -eq 2"

# Regions from the pane.
tm send-keys -t a k e
ok "e lists the regions with the user's own picked" \
    wait_for a "\[x\] East"
ok "and the others not" shows a "\[ \] West"
tm send-keys -t a j j Space Enter
ok "Space picks another, Enter takes them" wait_for a "rep1 works East, West\."
ok "in the database" \
    sh -c "'$bin' --db '$db' user list --format csv | grep -q '^rep1,.*,\"East, West\",'"

# Adding a user with regions; a bad phone at the last step.
tm send-keys -t a a rep1 Enter
ok "a login already taken is refused at its step" \
    wait_for a "a user 'rep1' already exists; give another login"
ok "with the login kept to put right" \
    shows a "Unix login of the new user: rep1$"
tm send-keys -t a C-u rep3 Enter "Priya Nair" Enter 3 Night Enter
ok "after the team, the regions are picked from a list" \
    wait_for a "Regions of the new user \(none picked: every region\)"
tm send-keys -t a Space j Space Enter
ok "then the phone, with the regions said" \
    wait_for a "rep3, rep, team Night; regions: East, North"
tm send-keys -t a "+1 555 12" Enter
ok "a bad phone is refused in a sentence" \
    wait_for a "'\+1 555 12' is not a valid phone number"
ok "and the form stays, with what was typed" \
    shows a "Phone in international form \(Enter for none\): \+1 555 12$"
tm send-keys -t a x
ok "the sentence stays while the phone is put right" \
    wait_for a "Phone in international form \(Enter for none\): \+1 555 12x$"
ok "still" shows a "is not a valid phone number"
tm send-keys -t a C-u "+14155550153" Enter
ok "the good phone leads on to the e-mail" \
    wait_for a "E-mail for the daily digest \(Enter for none\):"
tm send-keys -t a "priya nair@example.com" Enter
ok "an address with a space is refused at its step" \
    wait_for a "holds a character an address may not \(position 6\)"
ok "... keeping the form with what was typed" \
    shows a "E-mail for the daily digest \(Enter for none\): priya nair@example\.com$"
tm send-keys -t a C-u "priya@example.com" Enter
ok "the good e-mail adds the user" wait_for a "Added rep3 as a rep\."
ok "with the regions picked, the phone and the e-mail" \
    sh -c "'$bin' --db '$db' user list --format csv | grep -q '^rep3,Priya Nair,rep,Night,\"East, North\",+14155550153,.*,priya@example.com'"
tm send-keys -t a a rep4 Enter Enter 3 Enter
wait_for a "Regions of the new user" >/dev/null
tm send-keys -t a Enter
ok "none picked means every region, and the form says so" \
    wait_for a "rep4, rep; regions: none picked, so every region"
tm send-keys -t a Enter
wait_for a "E-mail for the daily digest" >/dev/null
tm send-keys -t a Enter
ok "and so does the outcome" \
    wait_for a "Added rep4 as a rep, working every region\."
tm send-keys -t a Q

# Narrow screens.
cq user deactivate rep2 >/dev/null
start b 80 24
ok "at 80x24 the inactive user is marked" wait_for b "^ +x rep2 +Ravi Shah"
ok "and Active, Today and Regions are columns" \
    shows b "Login +Name +Role +Team +Active +Today +Regions"
ok "rep1's regions are on its row" shows b "rep1 .* out +East, West"
tm send-keys -t b Q
start c 60 15
ok "at 60x15 the inactive user is marked" wait_for c "^ +x rep2 +Ravi Shah"
ok "the title says where the rest is" shows c "w shows all of a user"
tm send-keys -t c k k k Enter
ok "Enter shows the user's whole record" \
    wait_for c "rep1 \(rep1\): rep, team A"
ok "regions too" wait_for c "East, West$"
tm send-keys -t c j
ok "the record follows the cursor, and says inactive" \
    wait_for c "rep2 \(Ravi Shah\): rep, no team; INACTIVE"
tm send-keys -t c k @ C-u "rep1@example.com" Enter
ok "@ sets the user's e-mail, and says where the digest goes" \
    wait_for c "rep1's digest goes to rep1@example\.com\."
ok "the record shows it" wait_for c "rep1 \(rep1\): rep, team A, e-mail rep1@example\.com"
tm send-keys -t c @ C-u "x@y@z" Enter
ok "a bad address is refused in a sentence" \
    wait_for c "'x@y@z' is not an e-mail address"
tm send-keys -t c Escape
ok "an e-mail set from the pane is the one user list shows" \
    sh -c "'$bin' --db '$db' user list --format csv | grep -q '^rep1,.*,rep1@example.com'"
tm send-keys -t c Q

# user activate, from the command line, undoes a deactivation.
ok "a deactivated user cannot use callq" \
    sh -c "! '$bin' --db '$db' --as rep2 queue --limit 1 >/dev/null 2>&1"
ok "user activate reactivates them" \
    sh -c "'$bin' --db '$db' user activate rep2 | grep -qx 'reactivated rep2'"
ok "... and they may use callq again" \
    sh -c "'$bin' --db '$db' --as rep2 queue --limit 1 >/dev/null"

finish
