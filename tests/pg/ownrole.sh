#!/bin/sh
# callq itself under a user's own PostgreSQL role: on a floor whose
# security callq roles loaded, a rep, a team lead and an admin each run
# callq (CLI and TUI) connected as their own login role, bound by the
# server's row-level security, and do their day: the queue, a lead
# opened, a call logged, a lead added whose number another rep's lead
# has (told it is taken, not shown it), a number put on do-not-call
# (closing the other rep's follow-up of it), a lead assigned. What the
# store does past a user's scope goes through the server's functions,
# and its audit rows are the server's (callq_audit): one row per change,
# naming the session's user. The same roles in psql still see only
# their scope. (Peer authentication maps a Unix account to its role on
# a real site; the test server trusts its socket, so user= stands in.)
. "$(dirname "$0")/../lib.sh"

pg_needed "callq under its users' own roles"

floor=callq_own_$$	# the database, and the role that owns it
p=o$$			# the logins' prefix: login roles are the cluster's
me=$(id -un)
logins="adm rep1 rep2 lead"
. "$top/tests/pgfloor.sh"

own_drop() {
	tm kill-server 2>/dev/null
	pg_drop
}
trap own_drop EXIT

export HOME="$scratch/home" CALLQ_NOW=$daytime
mkdir -p "$HOME"
conn() { echo "postgresql:$CALLQ_TEST_PG user=$1 dbname=$floor"; }
# callq as the floor's owner (the setgid model), or as login $1 under
# its own role.
cq() { "$bin" --db "$(conn "$floor")" "$@"; }
as() { u=$p$1; shift; "$bin" --db "$(conn "$u")" --as "$u" "$@"; }
# SQL on stdin, rows as a|b: as the owner, or in psql as login $1.
own() { psql -X -q -At -F '|' -d "$CALLQ_TEST_PG user=$floor dbname=$floor"; }
psql_as() {
	psql -X -q -At -F '|' -d "$CALLQ_TEST_PG user=$p$1 dbname=$floor"
}
# out FILE CMD...: CMD's output and its status in $rc.
out() { f=$1; shift; "$@" >"$scratch/$f" 2>&1; rc=$?; }
says() { grep -q -- "$2" "$scratch/$1" || { sed 's/^/# /' "$scratch/$1"; false; }; }

echo "ALTER ROLE $floor CREATEROLE;" | pg_su
cq init >/dev/null 2>&1
cq region add R1 --country US >/dev/null
cq region add R2 --country US >/dev/null
cq user add "${p}adm" --role admin >/dev/null
cq user add "${p}rep1" --role rep --team T1 --region R1 >/dev/null
cq user add "${p}rep2" --role rep --team T2 --region R2 >/dev/null
cq user add "${p}lead" --role lead --team T1 >/dev/null
cq lead add --name Alpha --phone "+1 617 555 0101" --region R1 \
    --owner "${p}rep1" >/dev/null
cq lead add --name Bravo --phone "+1 617 555 0102" --region R2 \
    --owner "${p}rep2" >/dev/null
cq lead add --name Charlie --phone "+1 617 555 0103" --region R1 \
    >/dev/null
out roles cq roles
ok "callq roles loads the security and makes the login roles" \
    test "$rc" = 0

# The rep's day.
out checkin as rep1 checkin
ok "rep1, under its own role, checks in" test "$rc" = 0
out queue as rep1 queue
ok "... its queue holds its lead and its region's fresh one" \
    sh -c "grep -q Alpha '$scratch/queue' && grep -q Charlie '$scratch/queue'"
ok "... and not rep2's" sh -c "! grep -q Bravo '$scratch/queue'"
out show as rep1 lead show 1
ok "... opens its lead" says show "name  *Alpha"
out timeline as rep1 timeline 1
ok "... and its timeline, the admin's add of it among it" \
    says timeline "$me  *add  *name: Alpha"
out hidden as rep1 lead show 2
ok "... and rep2's lead reads as missing" sh -c "test $rc != 0 &&
    ! grep -q Bravo '$scratch/hidden'"
out log as rep1 log 1 --disposition "No answer" --followup \
    "2026-11-24 15:00"
ok "... logs a call with a follow-up" says log "logged No answer on lead 1"
ok "... audited once, by the server, naming rep1" test "$(echo "SELECT
    count(*), min(a.action), min(u.login) FROM audit a JOIN users u ON
    u.id = a.actor_id WHERE (a.entity = 'lead' AND a.entity_id = 1
    AND a.action <> 'add') OR a.entity = 'call'" | own)" = "1|log|${p}rep1"

# Under its own role callq is that user: --as is not needed, and
# another's login there is refused before anything is done.
out self "$bin" --db "$(conn "${p}rep1")" queue
ok "rep1's own role, without --as, is rep1: its queue" says self Charlie
out asadm "$bin" --db "$(conn "${p}rep1")" --as "${p}adm" lead list
ok "--as another user under rep1's own role is refused with status 77" \
    test "$rc" = 77
ok "... in one sentence" test "$(wc -l <"$scratch/asadm")" = 1
ok "... saying to connect as their role" says asadm \
    "as ${p}rep1's own role, where callq acts only as ${p}rep1; to act as ${p}adm, connect as their role (user=${p}adm)"
out asself "$bin" --db "$(conn "${p}rep1")" --as "${p}rep1" queue
ok "--as rep1 under rep1's own role is rep1 still: its queue" \
    says asself Charlie

out log2 as rep2 log 2 --disposition "No answer" --followup \
    "2026-11-24 15:00"
ok "rep2 logs a call on its lead, with a follow-up" test "$rc" = 0

out dup as rep1 lead add --name Dup --phone "+1 617 555 0102" --region R1
ok "rep1 adding rep2's number is refused with status 65" test "$rc" = 65
ok "... told a lead it cannot see has the number" \
    says dup "a lead you cannot see has +16175550102 already"
ok "... not shown the lead or its owner" sh -c "! grep -Eq \
    'Bravo|${p}rep2' '$scratch/dup'"
out dupedit as rep1 lead edit 1 --phone "+1 617 555 0102"
ok "... and so is giving its own lead that number" sh -c \
    "test $rc = 65 && grep -q 'cannot see has' '$scratch/dupedit'"
ok "... nothing was added or changed" test "$(echo "SELECT count(*),
    min(phone_e164) FILTER (WHERE id = 1) FROM leads" | own)" = \
    "3|+16175550101"

out add as rep1 lead add --name Delta --phone "+1 617 555 0104" \
    --region R1
# A refused add leaves a gap in the leads' sequence: the id as told.
id=$(sed -n 's/^added lead \([0-9]*\)$/\1/p' "$scratch/add")
ok "rep1 adds a lead of a new number" test -n "$id"
ok "... which is its own" test "$(echo "SELECT u.login FROM leads l JOIN
    users u ON u.id = l.owner_id WHERE l.id = ${id:-0}" | own)" = "${p}rep1"
ok "... audited once, naming rep1" test "$(echo "SELECT count(*),
    min(a.action), min(u.login) FROM audit a JOIN users u ON u.id =
    a.actor_id WHERE a.entity = 'lead' AND a.entity_id = ${id:-0}" |
    own)" = "1|add|${p}rep1"

out dnc as rep1 dnc add "+1 617 555 0102"
ok "rep1 puts rep2's number on do-not-call" test "$rc" = 0
ok "... which closes rep2's open follow-up of it" test "$(echo "SELECT
    state, outcome FROM followups WHERE lead_id = 2" | own)" = \
    "cancelled|closed: the number is on do-not-call"
ok "... and clears the lead's next follow-up" test "$(echo "SELECT
    next_followup_at IS NULL FROM leads WHERE id = 2" | own)" = t
ok "... audited as the store does, naming rep1" test "$(echo "SELECT
    u.login, a.details::jsonb ->> 'closed' FROM audit a JOIN users u ON
    u.id = a.actor_id WHERE a.entity = 'lead' AND a.entity_id = 2 AND
    a.action = 'followups-closed'" | own)" = "${p}rep1|1"
ok "... with no trigger row beside it" test "$(echo "SELECT count(*)
    FROM audit WHERE entity = 'lead' AND entity_id = 2 AND action LIKE
    'row-%'" | own)" = 0

# The team lead's and the admin's.
out assign as lead assign 3 --to "${p}rep1"
ok "the team lead assigns the fresh lead to rep1" says assign "Assigned 1"
ok "... audited once, naming the team lead" test "$(echo "SELECT
    count(*), min(a.action), min(u.login) FROM audit a JOIN users u ON
    u.id = a.actor_id WHERE a.entity = 'lead' AND a.entity_id = 3 AND
    a.action <> 'add'" | own)" = "1|assign|${p}lead"
out leadaudit as lead audit list --entity lead
ok "... and reads its team's audit, rep1's call among it" \
    says leadaudit "${p}rep1 .*log"
out admlist as adm lead list --format csv
ok "the admin lists every lead" test "$(tail -n +2 "$scratch/admlist" |
    wc -l)" = 4
out admedit as adm lead edit 2 --priority 3
ok "... changes rep2's lead" test "$rc" = 0
out admaudit as adm audit list
ok "... and reads every user's audit rows" sh -c "grep -q '${p}rep2 .*log' \
    '$scratch/admaudit' && grep -q '${p}lead .*assign' '$scratch/admaudit'"
out rep1list as rep1 lead list --format csv
ok "rep1 lists the leads it owns now, the assigned one among them" \
    test "$(tail -n +2 "$scratch/rep1list" | cut -d, -f2 | sort |
    tr '\n' ' ')" = "Alpha Charlie Delta "

# The TUI, under the rep's own role: the queue, a lead opened, a call
# logged with keys.
tm new-session -d -s rep -x 100 -y 30 \
    "'$bin' --db '$(conn "${p}rep1")' --as '${p}rep1'; echo EXIT=\$?; sleep 600"
ok "rep1's TUI shows its queue" wait_for rep "My Queue \([0-9]+\)"
ok "... with a lead of its own on it" wait_for rep "Charlie|Delta"
tm send-keys -t rep Enter
ok "Enter opens the lead" wait_for rep "Attempts 0"
ok "... with its timeline, its add among it" \
    wait_for rep "[0-9]:[0-9]{2} +[^ ]+ +add +name: "
tm send-keys -t rep l
ok "l asks for the disposition" wait_for rep "Disposition:"
tm send-keys -t rep 2
ok "... then for a note" wait_for rep "Note"
tm send-keys -t rep Enter
ok "the call is logged" wait_for rep "Logged Busy"
tm send-keys -t rep Q
ok "Q quits cleanly" wait_for rep "EXIT=0"
ok "... the call is rep1's, audited once by the server" test "$(echo "SELECT
    count(*) FROM audit a JOIN users u ON u.id = a.actor_id
    WHERE u.login = '${p}rep1' AND a.action IN ('log', 'row-add')
    AND a.entity IN ('lead', 'call')" | own)" = 2

tm new-session -d -s lead -x 110 -y 30 \
    "'$bin' --db '$(conn "${p}lead")' --as '${p}lead'; echo EXIT=\$?; sleep 600"
ok "the team lead's TUI opens" wait_for lead "${p}lead \(lead\)"
tm send-keys -t lead Tab Tab Tab Tab Tab
ok "... its team board shows rep1 in, with its two calls" \
    wait_for lead " IN [0-9:]+ +2 "

tm new-session -d -s adm -x 110 -y 30 \
    "'$bin' --db '$(conn "${p}adm")' --as '${p}adm'; echo EXIT=\$?; sleep 600"
ok "the admin's TUI opens on its queue" wait_for adm "${p}adm \(admin\)"
tm send-keys -t adm Q
ok "... and quits cleanly" wait_for adm "EXIT=0"

# The same roles in psql: their scope, and the functions no wider.
ok "rep1 in psql sees its own leads only" test "$(echo "SELECT
    string_agg(name, ',' ORDER BY name) FROM leads" | psql_as rep1)" = \
    "Alpha,Charlie,Delta"
ok "... and rep2 its one" test "$(echo "SELECT string_agg(name, ',')
    FROM leads" | psql_as rep2)" = Bravo
ok "... changes none of rep2's" test "$(echo "WITH w AS (UPDATE leads
    SET priority = 5 WHERE id = 2 RETURNING 1) SELECT count(*) FROM w" |
    psql_as rep1)" = 0
ok "... nor writes the audit itself" sh -c "echo \"INSERT INTO audit (at,
    actor_id, real_login, entity, action) VALUES (0, 1, 'x', 'y', 'z')\" |
    psql -X -q -d '$CALLQ_TEST_PG user=${p}rep1 dbname=$floor' 2>&1 |
    grep -q 'permission denied'"
ok "callq_phone_taken tells rep2 a number is taken, not by whom" test \
    "$(echo "SELECT t_id, t_owner, t_seen FROM
    callq_phone_taken('+16175550101', 0)" | psql_as rep2)" = "1||0"
ok "... and rep1 its own lead's owner" test "$(echo "SELECT t_owner,
    t_seen FROM callq_phone_taken('+16175550101', 0)" | psql_as rep1)" = \
    "${p}rep1|1"
ok "callq_lead_audit gives rep1 its lead's history, the admin's add in it" \
    test "$(echo "SELECT count(*) FILTER (WHERE action = 'add') FROM
    callq_lead_audit(1)" | psql_as rep1)" = 1
ok "... and rep2 nothing of rep1's lead" test "$(echo "SELECT count(*)
    FROM callq_lead_audit(1)" | psql_as rep2)" = 0
ok "callq_hours_questions gives rep2 every open lead's hours question" \
    test "$(echo "SELECT count(*) FROM callq_hours_questions()" |
    psql_as rep2)" = "$(echo "SELECT count(*) FROM (SELECT DISTINCT
    l.timezone, coalesce(l.country, r.country), l.state FROM leads l
    LEFT JOIN regions r ON r.id = l.region_id WHERE l.deleted_at IS NULL
    AND l.status NOT IN ('Converted', 'Lost')) AS q" | own)"
ok "callq_dnc_close refuses a number not on the list" sh -c "echo \
    \"SELECT callq_dnc_close('+16175550101')\" | psql -X -q \
    -d '$CALLQ_TEST_PG user=${p}rep1 dbname=$floor' 2>&1 |
    grep -q 'is not on the do-not-call list'"
ok "... and the follow-up it would close is still open" test "$(echo "SELECT
    state FROM followups WHERE lead_id = 1" | own)" = open
n=$(echo "SELECT max(id) FROM audit" | own)
echo "SELECT callq_audit('lead', 1, 'edit', '{}')" | psql_as rep1 >/dev/null
ok "callq_audit in psql names rep1, whatever it claims" test "$(echo "SELECT
    count(*), min(u.login) FROM audit a JOIN users u ON
    u.id = a.actor_id WHERE a.id > $n" | own)" = "1|${p}rep1"
ok "callq, as the floor's owner, still reads every lead" test \
    "$(cq lead list --format csv | tail -n +2 | wc -l)" = 4
finish
