#!/bin/sh
# Alerts from the command line with the clock pinned: a pause over its
# limit, a missed follow-up escalated, a lead not called in time, a lead
# stale in its stage, each once and to the right user; the settings
# behind them; and a team lead's screen showing a pause alert raised
# while it is open.
. "$(dirname "$0")/../lib.sh"
export LANG=C.UTF-8
unset LC_ALL

t0=$daytime
min=60
hour=3600
day=86400
floor_db alerts
cq() { "$bin" --db "$db" "$@"; }
at() { # $1: unix seconds; then a callq command run at that time
	when=$1
	shift
	CALLQ_NOW=$when "$bin" --db "$db" "$@"
}
status() { "$@" >/dev/null 2>&1; echo $?; }
# kind_count LOGIN KIND: how many of LOGIN's notifications are of KIND.
kind_count() {
	cq --as "$1" notify list --limit 0 --format csv | awk -F, -v k="$2" \
	    '$3 == k { n++ } END { print n + 0 }'
}
said() { # LOGIN TEXT: LOGIN's notifications hold TEXT, exactly once
	test "$(cq --as "$1" notify list --limit 0 --format csv |
	    grep -cF -- "$2")" -eq 1
}

at $t0 init >/dev/null
me=$(cq user list --format csv | awk -F, 'NR == 2 { print $1 }')
cq region add East --country US >/dev/null
cq user add tl --role lead --team A >/dev/null
for r in rep1 rep3; do
	cq user add $r --role rep --team A --region East >/dev/null
done
cq user add solo --role rep --region East >/dev/null
i=100
while [ $i -lt 106 ]; do
	at $t0 lead add --name "Lead $i" --phone "+1212736$(printf %04d $i)" \
	    --region East >/dev/null
	i=$((i + 1))
done

# 1. The settings behind the alerts.
ok "a pause reason's limit is listed with it" \
    sh -c "'$bin' --db '$db' choice list pause --format csv | tr -d '\\r' | grep -qx '1,Lunch,yes,60'"
ok "choice edit --limit sets it" \
    sh -c "'$bin' --db '$db' choice edit pause Meeting --limit 45 | grep -qx \"a pause for 'Meeting' longer than 45 min alerts the team lead\" && '$bin' --db '$db' choice list pause --format csv | tr -d '\\r' | grep -qx '3,Meeting,yes,45'"
ok "--limit '' clears it" \
    sh -c "'$bin' --db '$db' choice edit pause Meeting --limit '' >/dev/null && '$bin' --db '$db' choice list pause --format csv | tr -d '\\r' | grep -qx '3,Meeting,yes,'"
ok "choice edit --contact sets a disposition's contact flag" \
    sh -c "'$bin' --db '$db' choice edit disposition Busy --contact yes | grep -qx \"a call logged 'Busy' counts as a contact\" && '$bin' --db '$db' choice list disposition --format csv | tr -d '\\r' | grep -qx '2,Busy,yes,2,CNP,-,yes'"
ok "... both audited" \
    sh -c "'$bin' --db '$db' audit list --format csv | grep -c 'limit\|contact' | grep -qx 3"
ok "a rep may not change them (77)" \
    test "$(status cq --as rep1 choice edit pause Lunch --limit 5)" -eq 77
ok "--limit on a disposition is a usage error (64)" \
    test "$(status cq choice edit disposition Busy --limit 5)" -eq 64
ok "--contact takes yes or no (64)" \
    test "$(status cq choice edit disposition Busy --contact maybe)" -eq 64
ok "the alert settings are listed, off while unset" \
    sh -c "'$bin' --db '$db' setting list --format csv | grep -q '^escalate_after_hours,,' && '$bin' --db '$db' setting list --format csv | grep -q '^first_call_hours,,'"
ok "escalate_after_hours takes whole hours from 1 (65)" \
    test "$(status cq setting set escalate_after_hours 0)" -eq 65

# 2. A pause over its limit: the team lead hears, once.
at $t0 --as rep1 checkin >/dev/null
at $t0 --as rep1 pause Lunch >/dev/null
at $t0 --as solo checkin >/dev/null
at $t0 --as solo pause Meeting >/dev/null	# no limit
ok "within its limit, a sweep raises nothing" \
    sh -c "CALLQ_NOW=$((t0 + 60 * min)) '$bin' --db '$db' alert sweep | grep -qx '0 alert notifications written'"
ok "over it, the sweep raises the alert" \
    sh -c "CALLQ_NOW=$((t0 + 72 * min)) '$bin' --db '$db' alert sweep | grep -qx '1 alert notification written'"
ok "... and the next sweep nothing more" \
    sh -c "CALLQ_NOW=$((t0 + 80 * min)) '$bin' --db '$db' alert sweep | grep -qx '0 alert notifications written'"
ok "the team lead reads who, what and how long, once" \
    said tl "rep1 has been on Lunch for 72 min (limit 60)"
ok "nobody else hears of it" \
    sh -c "test $(kind_count rep1 pause-over) -eq 0 && test $(kind_count "$me" pause-over) -eq 0"
at $((t0 + 90 * min)) --as rep1 resume >/dev/null
ok "resuming after the alert raises no second one" \
    test "$(kind_count tl pause-over)" -eq 1
at $((t0 + 2 * hour)) --as solo resume >/dev/null
at $((t0 + 2 * hour)) --as solo pause "Short break" >/dev/null
at $((t0 + 2 * hour + 20 * min)) --as solo resume >/dev/null
ok "a pause that ends over its limit unswept is announced by its end" \
    said "$me" "solo was on Short break for 20 min (limit 15)"
ok "... to the admins, solo being in no team" \
    test "$(kind_count tl pause-over)" -eq 1

# 3. A follow-up missed past escalate_after_hours.
at $t0 --as rep1 followup add 2 +1h >/dev/null
due=$((t0 + hour))
ok "off while the setting is empty" \
    sh -c "CALLQ_NOW=$((due + 30 * hour)) '$bin' --db '$db' alert sweep | grep -qx '0 alert notifications written'"
cq setting set escalate_after_hours 24 >/dev/null
at $((due + 23 * hour)) alert sweep >/dev/null
ok "not before its time" test "$(kind_count tl escalated)" -eq 0
at $((due + 25 * hour)) alert sweep >/dev/null
at $((due + 26 * hour)) alert sweep >/dev/null
ok "after it, the team lead hears once" \
    said tl "rep1 missed the follow-up on Lead 101 (lead 2) by 25 h (escalates after 24 h)"
ok "... the rep does not" test "$(kind_count rep1 escalated)" -eq 0

# 4. A lead given to a rep and not called within first_call_hours.
at $t0 assign 3 4 --to rep1 >/dev/null
cq setting set first_call_hours 4 >/dev/null
at $((t0 + 30 * min)) --as rep1 log 4 --disposition Busy >/dev/null
at $((t0 + 3 * hour)) alert sweep >/dev/null
ok "not before its time" test "$(kind_count tl first-call)" -eq 0
at $((t0 + 5 * hour)) alert sweep >/dev/null
at $((t0 + 6 * hour)) alert sweep >/dev/null
ok "after it, the team lead hears of the lead not called, once" \
    said tl "rep1 has not called Lead 102 (lead 3) in the 5 h since it was assigned (limit 4 h)"
ok "... not of the one called, nor of the one rep1 took" test "$(kind_count tl first-call)" -eq 1
cq setting set first_call_hours '' >/dev/null
at $((t0 + hour)) assign 5 --to rep3 >/dev/null
at $((t0 + 6 * hour)) alert sweep >/dev/null
ok "cleared, it is off again" test "$(kind_count tl first-call)" -eq 1

# 5. A lead stale in its stage (Contacted: 10 days) tells its owner.
at $((t0 + day)) lead stage 3 Contacted >/dev/null
at $((t0 + 10 * day)) alert sweep >/dev/null
ok "not before its time" test "$(kind_count rep1 stale)" -eq 0
at $((t0 + 12 * day)) alert sweep >/dev/null
at $((t0 + 12 * day + hour)) alert sweep >/dev/null
ok "after it, its owner hears, once" \
    said rep1 "Lead 102 (lead 3) has been in Contacted for 11 days (stale after 10)"
ok "... the team lead does not" test "$(kind_count tl stale)" -eq 0
ok "each sweep that raised something is audited" \
    sh -c "test \$('$bin' --db '$db' audit list --action alerts-raised --limit 0 --format csv | tail -n +2 | wc -l) -eq 4"

# 6. The team lead's screen shows a pause alert raised while it is open:
# the rep's pause is a change the screen reloads on, and its sweep finds
# the pause over its limit by the screen's clock.
now=$((t0 + 13 * day))
unread=$(cq --as tl notify list --unread --limit 0 --format csv | tail -n +2 | wc -l)
tm new-session -d -s tl -x 100 -y 30 \
    "env TERM=screen CALLQ_NOW=$now '$bin' --db '$db' --as tl; echo EXIT=\$? >'$scratch/tl.exit'; sleep 600"
ok "the team lead's screen is up with $unread new" \
    wait_for tl "\($unread\) new"
tm send-keys -t tl g n
ok "g n shows the notifications" wait_for tl "rep1 has been on Lunch"
at $((now - 80 * min)) --as rep3 checkin >/dev/null
at $((now - 80 * min)) --as rep3 pause "Short break" >/dev/null
ok "the pause alert reaches the open screen, no key pressed" \
    wait_for tl "rep3 has been on Short break for 80 min \(limit 15\)"
ok "... and the top bar counts it" wait_for tl "\($((unread + 1))\) new"
ok "raised once, though the screen swept again since" \
    test "$(kind_count tl pause-over)" -eq 2
tm send-keys -t tl Q
ok "the screen quits cleanly" eventually "grep -qs EXIT=0 '$scratch/tl.exit'"

# 7. The Settings pane shows and sets a pause reason's limit and a
# disposition's contact flag.
tm new-session -d -s adm -x 100 -y 30 \
    "env TERM=screen CALLQ_NOW=$now '$bin' --db '$db'; echo EXIT=\$? >'$scratch/adm.exit'; sleep 600"
wait_for adm "\($me\)|admin" >/dev/null
tm send-keys -t adm g s
ok "the dispositions say which are contacts" \
    wait_for adm "Busy +key 2 -> CNP +needs - +contact"
tm send-keys -t adm j L
ok "L on a disposition turns its contact flag" \
    wait_for adm "A call logged Busy no longer counts as a contact"
ok "... in the database" \
    sh -c "'$bin' --db '$db' choice list disposition --format csv | tr -d '\\r' | grep -qx '2,Busy,yes,2,CNP,-,no'"
tm send-keys -t adm Right Right Right
ok "the pause reasons show their limits" \
    wait_for adm "Lunch +limit 60 min"
tm send-keys -t adm L
wait_for adm "Limit of Lunch in minutes" >/dev/null
tm send-keys -t adm C-u 4 5 Enter
ok "L sets the selected reason's limit" wait_for adm "Lunch +limit 45 min"
ok "... in the database" \
    sh -c "'$bin' --db '$db' choice list pause --format csv | tr -d '\\r' | grep -qx '1,Lunch,yes,45'"
tm send-keys -t adm Q
ok "the admin's screen quits cleanly" \
    eventually "grep -qs EXIT=0 '$scratch/adm.exit'"
finish
