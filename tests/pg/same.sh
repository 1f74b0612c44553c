#!/bin/sh
# One floor, two drivers: the demo built on a SQLite file and on a
# PostgreSQL database (the harness's server, CALLQ_TEST_PG) at the same
# fixed moment, then each command below run on both must print the same,
# byte for byte. A command that still fails on PostgreSQL is not listed
# here (see POSTGRESQL in callq(1)); one that works goes on the list.
. "$(dirname "$0")/../lib.sh"

if [ -z "${CALLQ_TEST_PG:-}" ] || ! command -v psql >/dev/null; then
	skip "the same floor on both drivers" "CALLQ_TEST_PG is not set" \
	    "(tests/run-all.sh starts a server)"
	finish
	exit
fi

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
finish
