#!/bin/sh
# One floor, two drivers: the demo built on a SQLite file and on a
# PostgreSQL database (the harness's server, CALLQ_TEST_PG) at the same
# fixed moment, then each command below run on both must print the same,
# byte for byte. A command that still fails on PostgreSQL is not listed
# here (see POSTGRESQL in callq(1)); one that works goes on the list.
. "$(dirname "$0")/../lib.sh"

pg_needed "the same floor on both drivers"

floor=callq_same_$$	# the database, and the role that owns it
. "$top/tests/pgfloor.sh"

pg="postgresql:$CALLQ_TEST_PG user=$floor dbname=$floor"
lite=$scratch/floor.db
export HOME="$scratch/home" CALLQ_NOW=1795449600 TZ=UTC
mkdir -p "$HOME"

ok "the demo is built on SQLite" sh -c '"$0" --db "$1" init --demo \
    >/dev/null 2>&1' "$bin" "$lite"
ok "... and on PostgreSQL" sh -c '"$0" --db "$1" init --demo >"$2" 2>&1' \
    "$bin" "$pg" "$scratch/pg.out"

# same ARGS...: callq ARGS prints the same on both floors, and succeeds.
same() {
	"$bin" --db "$lite" "$@" >"$scratch/a" 2>&1 &&
	    "$bin" --db "$pg" "$@" >"$scratch/b" 2>&1 &&
	    cmp -s "$scratch/a" "$scratch/b" && test -s "$scratch/a" ||
	    { diff "$scratch/a" "$scratch/b" | head -5 | sed 's/^/# /'; false; }
}

# The reports. An import of a few leads to the demo's floor, two of them
# called, gives the imports report and --batch something to count.
printf '%s\n' "Name,Formatted phone number" U1,+441614960901 \
    U2,+441614960902 U3,+441614960903 "U2 again,+44 161 496 0902" Bad,12 \
    >"$scratch/uk.csv"
# floor_called DB: the import on floor DB, U1 not answering, U2 converted.
floor_called() {
	"$bin" --db "$1" import "$scratch/uk.csv" --region "United Kingdom" \
	    --country GB --workers 1 >/dev/null 2>&1 &&
	    "$bin" --db "$1" --as rep5 log "$(lead_id "$1" U1)" \
	    --disposition "No answer" >/dev/null &&
	    "$bin" --db "$1" --as rep5 log "$(lead_id "$1" U2)" \
	    --disposition Converted >/dev/null
}
lead_id() { "$bin" --db "$1" find "$2" --format csv | sed -n '2s/,.*//p'; }
ok "an import on SQLite, its leads called" floor_called "$lite"
ok "... and on PostgreSQL" floor_called "$pg"
ok "the batch is the same on both" same batch list

# Each report, with every option that changes what it reads: its period,
# the filters, the scope of a team lead, a rep and a recovery agent, and
# CSV and JSON (whose figures are the exact ones).
for r in agents dispositions lists funnel hours trend attendance imports \
    collections aging; do
	ok "report $r, today" same report "$r"
	m="report $r --period last-30-days"
	# shellcheck disable=SC2086 # m is words
	{
		ok "$m" same $m
		ok "$m --format csv" same $m --format csv
		ok "$m --format json" same $m --format json
		ok "$m --team" same $m --team "Floor A"
		ok "$m --rep" same $m --rep rep3
		ok "$m --region" same $m --region "United Kingdom"
		ok "$m --source" same $m --source Website
		ok "$m --batch" same $m --batch 1
		ok "$m as a team lead" same --as lead1 $m
		ok "$m as a rep" same --as rep2 $m
		ok "$m as a recovery agent" same --as recovery1 $m
	}
done
for b in rep region source day; do
	ok "report dispositions --by $b" same report dispositions --by "$b" \
	    --period last-month
done
for b in region source batch; do
	ok "report lists --by $b" same report lists --by "$b" --period last-week
done
for p in today yesterday this-week last-week last-7-days last-30-days \
    this-month last-month; do
	ok "report dispositions --by day --period $p" same report dispositions \
	    --by day --period "$p"
	ok "report trend --period $p" same report trend --period "$p"
	ok "report attendance --period $p" same report attendance --period "$p"
done
ok "report agents --from --to" same report agents --from 2026-10-01 \
    --to 2026-11-23
# A day is the user's (TZ) on PostgreSQL as on SQLite: New York's, whose
# 1 November has 25 hours, and Kolkata's, half an hour off UTC.
for z in America/New_York Asia/Kolkata; do
	for r in agents "dispositions --by day" trend attendance hours \
	    collections aging; do
		# shellcheck disable=SC2086 # r is words
		ok "report $r in $z" env TZ="$z" sh -c '
		    b=$1 lite=$2 pg=$3 out=$4; shift 4
		    "$b" --db "$lite" "$@" >"$out/a" 2>&1 &&
		    "$b" --db "$pg" "$@" >"$out/b" 2>&1 &&
		    cmp -s "$out/a" "$out/b"' sh "$bin" "$lite" "$pg" "$scratch" \
		    report $r --period last-month
	done
done

# The Reports pane: an analyst's on each floor, over the last 30 days,
# each report drawn the same on both screens.
if command -v tmux >/dev/null; then
	for s in lite pg; do
		db=$lite
		[ "$s" = pg ] && db=$pg
		tm new-session -d -s "$s" -x 132 -y 40 "env TERM=screen \
		    LANG=C.UTF-8 '$bin' --db '$db' --as analyst1; sleep 600"
	done
	ok "the Reports pane opens on PostgreSQL" \
	    wait_for pg "^ Agents, today \(2026-11-23\)"
	panes_same() { [ "$(screen lite)" = "$(screen pg)" ]; }
	panes_diff() {
		screen lite >"$scratch/a"
		screen pg >"$scratch/b"
		diff "$scratch/a" "$scratch/b" | head -5 | sed 's/^/# /'
	}
	for s in lite pg; do
		wait_for "$s" "^ Agents, today" >/dev/null
		tm send-keys -t "$s" P
		wait_for "$s" "The period of the report" >/dev/null
		tm send-keys -t "$s" j j j j j Enter
	done
	for r in Agents Dispositions Lists Funnel Hours Trend Attendance \
	    Imports Collections Aging; do
		for s in lite pg; do
			wait_for "$s" "^ $r, last 30 days" >/dev/null
		done
		ok "the Reports pane's $r the same on both" within panes_same ||
		    panes_diff
		tm send-keys -t lite Right
		tm send-keys -t pg Right
	done
	tm send-keys -t lite Q
	tm send-keys -t pg Q
else
	skip "the Reports pane on both drivers" "tmux is not installed"
fi

ok "lead list is the same on both" same lead list
ok "lead list --owner rep1" same lead list --owner rep1
ok "lead show" same lead show 42
ok "deal list" same deal list
ok "payment list" same payment list
ok "user list" same user list
ok "region list" same region list
ok "followup list" same followup list
ok "find, accents folded" same find coffee
ok "who, any spelling" same who "(617) 555-0120"
ok "report agents" same report agents
ok "queue, by calling hours" same --as rep1 queue
ok "queue --all, every lead" same --as rep1 queue --all --limit 0
ok "queue, ASCII case folded" same --as rep1 queue --search a --limit 7
ok "pool list fresh" same pool list fresh
ok "pool list, searched" same pool list working --search a
ok "board" same board
ok "collect queue" same --as recovery1 collect queue
ok "promise list" same promise list
ok "a call logged" same --as rep1 log 1067 --disposition Interested \
    --interest 4 --note "wants a quote"
ok "... leaves the same queue" same --as rep1 queue --limit 0 --format csv
ok "assign, split" same assign --pool fresh --limit 7 --split rep1,rep2
ok "a collection call logged" same --as recovery1 collect log 12 \
    --outcome partial --amount 1000 --method Cash
ok "audit list" same audit list --limit 500
ok "audit list, a team lead's share" same --as lead1 audit list --limit 200
ok "audit list of a lead" same audit list --entity lead --id 485
ok "a sold lead's timeline" same timeline 485
ok "... as its collector sees it" same --as recovery1 timeline 485
ok "a timeline of calls and moves" same timeline 129
ok "... and of follow-ups" same timeline 679
ok "notifications, due follow-ups announced" same --as rep1 notify list
# Times the server formats itself (a follow-up in a timeline, a time in
# an audit detail) read in the user's zone on PostgreSQL as on SQLite.
for z in America/New_York Asia/Kolkata; do
	for c in "timeline 485" "timeline 679" "audit list --limit 500"; do
		# shellcheck disable=SC2086 # c is words
		ok "$c in $z" env TZ="$z" sh -c '
		    b=$1 lite=$2 pg=$3 out=$4; shift 4
		    "$b" --db "$lite" "$@" >"$out/a" 2>&1 &&
		    "$b" --db "$pg" "$@" >"$out/b" 2>&1 &&
		    cmp -s "$out/a" "$out/b"' sh "$bin" "$lite" "$pg" "$scratch" \
		    $c
	done
done
finish
