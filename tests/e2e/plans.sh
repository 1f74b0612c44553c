#!/bin/sh
# On PostgreSQL, the list and report commands read leads and calls by
# their indexes, never every row: on a demo floor (thousands of leads and
# calls, analyzed), each statement's plan is logged by the server's
# auto_explain, for this floor's database alone, and none of a command's
# plans reads all of leads or calls where the filter has an index. On
# SQLite, tests/unit/test_plans.c reads the plans.
. "$(dirname "$0")/../lib.sh"

if [ "$driver" != pg ]; then
	skip "${0##*/} on SQLite" "test_plans reads SQLite's plans"
	finish
	exit
fi
# The tests' server (tests/pg/server.sh) logs beside its socket.
log=$(echo "$CALLQ_TEST_PG" | sed -n 's/.*host=\([^ ]*\)\/sock.*/\1/p')/server.log
if [ ! -r "$log" ]; then
	skip "the plans of the list and report commands" "cannot read the" \
	    "server's log ($log): run it as the server's owner or root"
	finish
	exit
fi

floor_db plans
export CALLQ_NOW=$daytime
"$bin" --db "$db" init --demo >/dev/null || exit 1
printf '%s\n' \
    "ALTER DATABASE $db_role SET session_preload_libraries = 'auto_explain';" \
    "ALTER DATABASE $db_role SET auto_explain.log_min_duration = 0;" | pg_su
# The floor's owner analyzes its own tables; of the server's it warns.
"$sq" "$db" "ANALYZE" 2>/dev/null || exit 1
deal=$("$sq" "$db" "SELECT min(id) FROM deals")
lead=$("$sq" "$db" "SELECT min(id) FROM leads WHERE owner_id IS NOT NULL")

# plans CMD...: runs callq CMD on the floor; prints the plans the server
# logged for it, one entry a block, each ending in a line "--".
plans() {
	from=$(($(stat -c %s "$log") + 1))
	"$bin" --db "$db" "$@" >/dev/null 2>"$scratch/err" ||
	    { sed 's/^/#   /' "$scratch/err"; return 1; }
	tail -c +"$from" "$log" | awk '
	    /^[0-9][0-9][0-9][0-9]-/ { if (p) print "--"; p = / plan:$/ }
	    p { print }
	    END { if (p) print "--" }'
}

# indexed WHAT CMD...: none of CMD's plans reads all of leads or calls.
indexed() {
	what=$1
	shift
	plans "$@" >"$scratch/plans" || { ok "$what" false; return; }
	if grep -q 'Seq Scan on \(leads\|calls\) ' "$scratch/plans"; then
		ok "$what" false
		awk '/^--$/ { if (s) printf "%s", b; b = ""; s = 0; next }
		    { b = b "#   " $0 "\n" }
		    /Seq Scan on (leads|calls) / { s = 1 }' "$scratch/plans" |
		    head -40
	else
		ok "$what" grep -q 'Query Text' "$scratch/plans"
	fi
}

indexed "lead list --owner" lead list --owner rep1 --limit 50
indexed "lead list --status" lead list --status Interested --limit 50
indexed "lead list --owner --status" lead list --owner rep1 \
    --status Interested --limit 50
indexed "a rep's lead list" --as rep1 lead list --limit 50
indexed "a team lead's lead list" --as lead1 lead list --limit 50
indexed "lead list --search" lead list --search acme --limit 50
indexed "find, by text" find Acme
indexed "find, by a number's last digits" find 0101
indexed "lead show" lead show "$lead"
indexed "timeline" timeline "$lead"
indexed "audit list --entity --id" audit list --entity lead --id "$lead"
indexed "audit list --user" audit list --user rep1
indexed "payment list --deal" payment list --deal "$deal"
indexed "payment list --by" payment list --by rep1
indexed "deal list --collector" deal list --collector rep1
indexed "deal list --owner" deal list --owner rep1
indexed "followup list" --as rep1 followup list
indexed "followup list --missed" --as rep1 followup list --missed
indexed "deleted list" deleted list
indexed "board" --as lead1 board
indexed "region list" region list
# A report of one weekday of the demo's month of calls (every demo lead
# was made today: a report of today reads them all, rightly).
day=2026-11-20
for r in agents dispositions lists funnel hours trend attendance imports \
    collections aging; do
	indexed "report $r, a day" report "$r" --from $day --to $day
	indexed "report $r, a rep's day" report "$r" --from $day --to $day \
	    --rep rep1
done
finish
