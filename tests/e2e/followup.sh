#!/bin/sh
# Follow-ups follow the lead: they close when it ends (the demo's missed
# count then agrees with its queue), are refused on a lead that cannot be
# called, and are booked inside its calling hours, in the rep's time and
# the lead's, with a reason from the list; the TUI through tmux.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

# 1. The demo: every missed follow-up is on a lead the queue offers.
floor_db demo
demo=$db
ok "init --demo builds the demo floor" \
    sh -c "'$bin' --db '$demo' init --demo >/dev/null"
"$bin" --db "$demo" --as rep1 followup list --missed --format csv |
    sed 1d | cut -d, -f2 | sort -u >"$scratch/missed"
"$bin" --db "$demo" --as rep1 queue --limit 0 --format csv |
    grep ',follow-up' | cut -d, -f1 | sort -u >"$scratch/queued"
ok "rep1 has missed follow-ups in the demo" test -s "$scratch/missed"
ok "... each on a lead the queue offers as a follow-up, and no other" \
    cmp -s "$scratch/missed" "$scratch/queued"
ok "... none left open on a converted, lost or deleted lead" sh -c "
    test \"\$('$sq' '$demo' \"SELECT count(*) FROM followups f JOIN leads l
        ON l.id = f.lead_id WHERE f.state = 'open' AND (l.deleted_at IS
        NOT NULL OR l.status IN ('Converted', 'Lost'))\")\" -eq 0"
ok "... those on converted leads closed, saying why" sh -c "
    test \"\$('$sq' '$demo' \"SELECT count(*) FROM followups WHERE
        state = 'cancelled' AND outcome = 'closed: the lead was converted'\")\" -gt 0"
missed=$(wc -l <"$scratch/missed")

# $1: session, $2: database, $3: size WxH.
start() {
	tm new-session -d -s "$1" -x "${3%x*}" -y "${3#*x}" \
	    "env TERM=screen '$bin' --db '$2' --as rep1; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}
start top "$demo" 120x40
ok "the demo's top bar counts the queue's missed follow-ups" \
    wait_for top "Follow-ups: [0-9]+ due, $missed missed"
tm send-keys -t top q

# 2. The rules, from the command line.
floor_db fu
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq region add UK --country GB >/dev/null
cq user add rep1 --role rep --region East,UK >/dev/null
cq lead add --name "London Ltd" --phone +442031234567 --region UK \
    --owner rep1 >/dev/null
cq lead add --name "Gotham Deli" --phone +12127360101 --region East \
    --owner rep1 >/dev/null
for n in 3 4 5 6 7; do	# lead $n
	cq lead add --name "Lead $n" --phone "+1212736010$n" --region East \
	    --owner rep1 >/dev/null
done

# Monday 16:00 UTC: 16:00 in London, 11:00 in New York.
ok "a follow-up is confirmed in the rep's time and the lead's" sh -c "
    '$bin' --db '$db' --as rep1 followup add 1 'tue 10:00' --reason 'Check in' |
    grep -qx 'follow-up 1 on lead 1: Tue 10:00 (10:00 London), Check in'"
ok "... and listed with the lead's time and its reason" sh -c "
    '$bin' --db '$db' --as rep1 followup list --format csv |
    grep -q ',London Ltd,.*,10:00 London,Check in'"
out=$(cq --as rep1 followup add 2 "tue 10:00" 2>&1)
status=$?
ok "a time outside the lead's calling hours is refused with status 65" \
    test "$status" -eq 65
ok "... saying both times and offering the nearest allowed one" test "$out" = \
    "callq: Tue 10:00 (05:00 New York) is outside lead 2's calling hours (08:00-21:00 its time); the nearest allowed time is Tue 13:00 (08:00 New York)"
ok "... which is then taken" sh -c "
    '$bin' --db '$db' --as rep1 followup add 2 'tue 13:00' |
    grep -q 'Tue 13:00 (08:00 New York)'"
ok "a time ending in 'there' is read in the lead's own clock" sh -c "
    '$bin' --db '$db' --as rep1 followup add 2 'wed 09:00 there' |
    grep -q 'Wed 14:00 (09:00 New York)'"
ok "a reason not in the list is refused, naming the list" sh -c "
    '$bin' --db '$db' --as rep1 followup add 2 'tue 14:00' --reason Lunch 2>&1 |
    grep -q \"no follow-up reason 'Lunch'; use one of: Callback requested,\""
ok "one further ahead than followup_max_days warns, and is booked" sh -c "
    '$bin' --db '$db' --as rep1 followup add 2 '+6d' 2>&1 >/dev/null |
    grep -q 'note: that is 6 days ahead, past the 4 days followup_max_days allows'"
cq setting set followup_max_days 0 >/dev/null
ok "... and with the limit off, nothing is said" sh -c "
    test -z \"\$('$bin' --db '$db' --as rep1 followup add 2 '+9d' 2>&1 >/dev/null)\""
fu=$(cq --as rep1 followup list --format csv | grep ',Gotham Deli,' |
    head -n 1 | cut -d, -f1)
ok "a move outside the hours is refused too" sh -c "
    '$bin' --db '$db' --as rep1 followup move $fu 'wed 03:00' 2>&1 |
    grep -q 'nearest allowed time is Wed 01:45 (Tue 20:45 New York)'"
ok "log --followup is held to them, with --followup-reason kept" sh -c "
    ! '$bin' --db '$db' --as rep1 log 3 --disposition 6 --followup 'tue 04:00' 2>/dev/null &&
    '$bin' --db '$db' --as rep1 log 3 --disposition 6 --followup 'tue 15:00' \
        --followup-reason 'Send information' |
    grep -q 'follow-up Tue 15:00 (10:00 New York)' &&
    '$bin' --db '$db' --as rep1 followup list --format csv |
    grep -q ',10:00 New York,Send information'"

# Each way a lead ends closes its open follow-ups, saying why.
for n in 3 4 5 6; do cq --as rep1 followup add $n "tue 16:00" >/dev/null; done
outcome() { # the outcomes of lead $1's closed follow-ups
	"$sq" "$db" "SELECT DISTINCT outcome FROM followups
	    WHERE lead_id = $1 AND state = 'cancelled'"
}
is_open() { # lead $1's open follow-ups
	"$sq" "$db" "SELECT count(*) FROM followups WHERE lead_id = $1
	    AND state = 'open'"
}
cq lead edit 3 --status Converted >/dev/null
ok "converting a lead closes its follow-ups" test "$(is_open 3)" -eq 0
ok "... with an outcome that says why" \
    test "$(outcome 3)" = "closed: the lead was converted"
cq lead stage 4 Lost --drop-reason "Not interested" >/dev/null
ok "losing one closes them, with its drop reason" \
    test "$(outcome 4)" = "closed: the lead was lost: Not interested"
cq dnc add +12127360105 >/dev/null
ok "putting its number on do-not-call closes them" \
    test "$(outcome 5)" = "closed: the number is on do-not-call"
cq lead delete 6 >/dev/null
ok "deleting it closes them" test "$(outcome 6)" = "closed: the lead was deleted"
ok "... and the lead's timeline says so" sh -c "
    '$bin' --db '$db' timeline 6 | grep -q 'followups-closed  closed: 1, outcome: closed: the lead was deleted'"
cq lead restore 6 >/dev/null
ok "restoring a deleted lead leaves them closed" test "$(is_open 6)" -eq 0

# And none is booked on a lead that cannot be called.
refused() { # $1: sentence; $2...: the command, which must exit 65
	want=$1
	shift
	got=$("$@" 2>&1)
	[ $? -eq 65 ] && printf '%s\n' "$got" | grep -q -- "$want"
}
ok "a Lost lead takes no follow-up (65)" refused "lead 4 is Lost" \
    cq --as rep1 followup add 4 "tue 16:00"
ok "nor one on do-not-call (65)" refused "is on the do-not-call list" \
    cq --as rep1 followup add 5 "tue 16:00"
cq lead delete 6 >/dev/null
ok "nor a deleted one (65)" refused "lead 6 is deleted" \
    cq followup add 6 "tue 16:00"

# 3. A database from before: its stale follow-ups close when it is opened.
# Only a SQLite file can be made older: a PostgreSQL floor starts at the
# schema this callq writes.
if [ "$driver" = sqlite ]; then
	old=$scratch/old.db
	cp "$db" "$old"
	sqlite3 "$old" "UPDATE followups SET state = 'open', outcome = NULL
	    WHERE lead_id = 3; UPDATE leads SET next_followup_at = 1 WHERE id = 3;
	    -- schema 22 undone:
	    DROP INDEX audit_kind; DROP INDEX audit_actor; DROP INDEX leads_owner_id;
	    DROP INDEX leads_status; DROP INDEX calls_started;
	    -- schema 21 undone:
	    DROP INDEX leads_owner_pool; DROP INDEX leads_owner_stage;
	    DROP TRIGGER installments_deal_add; DROP TRIGGER installments_deal_change;
	    DROP TRIGGER installments_deal_remove; DROP TRIGGER promises_deal_add;
	    DROP TRIGGER promises_deal_change; DROP TRIGGER promises_deal_remove;
	    DROP INDEX deals_promise; DROP INDEX deals_next_due;
	    DROP INDEX deals_collector_promise; DROP INDEX deals_collector_next_due;
	    ALTER TABLE deals DROP COLUMN next_due_on;
	    ALTER TABLE deals DROP COLUMN promise_on;
	    -- schema 20 undone:
	    DROP INDEX leads_queue_mine; DROP INDEX leads_queue_mine_untouched;
	    DROP INDEX leads_queue_mine_newest; DROP INDEX leads_queue_due_untouched;
	    DROP INDEX leads_queue_due_newest;
	    -- schema 19 undone:
	    DROP TRIGGER lead_counts_owner; DROP TRIGGER lead_counts_region;
	    DROP TRIGGER lead_counts_remove; DROP TRIGGER lead_counts_add;
	    DROP TRIGGER owner_counts_add; DROP TRIGGER region_counts_add;
	    DROP TABLE owner_counts; DROP TABLE region_counts; DROP INDEX leases_user;
	    DROP TABLE promises; DROP TABLE installments;
	    DROP INDEX calls_deal; DROP INDEX payments_deal; DROP INDEX payments_paid;
	    ALTER TABLE payments DROP COLUMN deal_id;
	    ALTER TABLE payments DROP COLUMN paid_on;
	    ALTER TABLE payments DROP COLUMN method_id;
	    ALTER TABLE payments DROP COLUMN reference;
	    ALTER TABLE payments DROP COLUMN call_id;
	    ALTER TABLE calls DROP COLUMN contact_id;
	    ALTER TABLE calls DROP COLUMN deal_id; ALTER TABLE calls DROP COLUMN outcome;
	    DROP TABLE deals; DROP TABLE contact_phones; DROP TABLE contacts;
	    ALTER TABLE leads DROP COLUMN customer;
	    ALTER TABLE leads DROP COLUMN customer_at;
	    DELETE FROM choices WHERE list IN ('product', 'won', 'method');
	    DROP TRIGGER audit_stage_move; DROP TRIGGER calls_lead_add;
	    DROP TRIGGER calls_lead_change; DROP TRIGGER calls_lead_remove;
	    DROP TRIGGER dispositions_contact; DROP TRIGGER lead_moves_remove;
	    DROP TABLE stage_moves;
	    DROP INDEX leads_lists; DROP INDEX leads_batch;
	    CREATE INDEX leads_batch ON leads(batch_id) WHERE batch_id IS NOT NULL;
	    ALTER TABLE leads DROP COLUMN called;
	    ALTER TABLE leads DROP COLUMN contacted;
	    DROP TRIGGER lead_search_remove; DROP TABLE lead_keys;
	    DROP TABLE lead_text; ALTER TABLE dispositions DROP COLUMN contact;
	    DROP INDEX notifications_alert; DROP INDEX attendance_paused;
	    DROP INDEX followups_open; DROP INDEX assignments_at;
	    DROP INDEX leads_stage_entered;
	    ALTER TABLE notifications DROP COLUMN alert_key;
	    ALTER TABLE choices DROP COLUMN limit_minutes;
	    ALTER TABLE users DROP COLUMN email; DROP INDEX calls_report;
	    ALTER TABLE calls DROP COLUMN local_slot;
	    ALTER TABLE calls DROP COLUMN region_id;
	    ALTER TABLE calls DROP COLUMN source_id;
	    CREATE INDEX calls_user ON calls(user_id, started_at);
	    PRAGMA user_version = 6" >/dev/null
	ok "an older database opens, brought up to date" \
	    sh -c "'$bin' --db '$old' lead list >/dev/null"
	ok "opening an older database closes what its converted leads left open" \
	    sh -c "test \"\$(sqlite3 '$old' \"SELECT count(*) FROM followups
	        WHERE lead_id = 3 AND state = 'open'\")\" -eq 0 &&
	        sqlite3 '$old' 'SELECT outcome FROM followups WHERE lead_id = 3' |
	        grep -qx 'closed: the lead was converted' &&
	        sqlite3 '$old' 'SELECT next_followup_at IS NULL FROM leads WHERE id = 3' |
	        grep -qx 1"
else
	skip "an older database opens, brought up to date" \
	    "PostgreSQL floors begin at schema 22, none is older"
fi

# 4. The TUI shows both times: the follow-ups pane, the drawer, the
# quick-log's call-back and its confirmation.
start ui "$db" 120x40
wait_for ui "My Queue" >/dev/null
tm send-keys -t ui F3
ok "the follow-ups pane shows each time in the lead's clock too" \
    wait_for ui "\[LATER\] +Tomorrow 10:00 +\(10:00 London\) +London Ltd +Check in"
ok "... New York's as well" \
    wait_for ui "Tomorrow 13:00 +\(08:00 New York\) +Gotham Deli"
tm send-keys -t ui Enter
ok "the drawer lists its follow-ups in both times, with the reason" \
    wait_for ui "Tue 10:00 \(10:00 London\)  open  Check in"
ok "... and its next one" wait_for ui "Next follow-up  Tue 10:00 \(10:00 London\)"
tm send-keys -t ui Escape
wait_gone ui "Next follow-up" >/dev/null
tm send-keys -t ui F3
wait_for ui "Gotham Deli" >/dev/null
tm send-keys -t ui j Enter
wait_for ui "Gotham Deli" >/dev/null
tm send-keys -t ui l
wait_for ui "6 Callback requested" >/dev/null
tm send-keys -t ui 6 Enter
wait_for ui "Call back when:" >/dev/null
tm send-keys -t ui "tue 11:00"
ok "the quick-log reads a call-back back in both clocks, out of hours" \
    wait_for ui "= Tue 2026-11-24 11:00 \(06:00 New York\): outside its calling hours; nearest Tue 13:00 \(08:00 New York\)"
tm send-keys -t ui Enter
ok "Enter refuses it and fills in the nearest allowed time" \
    wait_for ui "Call back when: 2026-11-24 13:00"
tm send-keys -t ui Enter
ok "then the follow-up reasons are offered" \
    wait_for ui "Reason: +1 Callback requested +2 Send information"
tm send-keys -t ui 3
ok "the confirmation says the call-back in both times" \
    wait_for ui "Callback Tue 13:00 \(08:00 New York\)\."
ok "... and the reason is kept" sh -c "
    '$bin' --db '$db' --as rep1 followup list --format csv |
    grep -q '2026-11-24T13:00:00+00:00,.*,Decision maker unavailable'"
tm send-keys -t ui Q
ok "the session ends cleanly" \
    eventually "grep -qx 'EXIT=0' '$scratch/ui.exit' 2>/dev/null"
finish
