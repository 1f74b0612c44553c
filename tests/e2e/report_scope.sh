#!/bin/sh
# callq report and whose figures it gives: analysts and admins any team's
# or rep's, a team lead the team's, a rep their own. Asking past that is
# refused with 77, one sentence on stderr, nothing on stdout and no file
# written or touched, for every report. Bad periods, unknown reports and
# filters naming nothing are told in one sentence.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime XDG_CONFIG_HOME=$scratch/xdg

floor_db report
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add leada --role lead --team A >/dev/null
cq user add repa --role rep --team A --region East >/dev/null
cq user add repa2 --role rep --team A --region East >/dev/null
cq user add leadb --role lead --team B >/dev/null
cq user add repb --role rep --team B --region East >/dev/null
cq user add ana --role analyst >/dev/null
cq user add reco --role recovery >/dev/null
admin=$(cq user list --format csv | awk -F, '$3 == "admin" { print $1 }')

# run LOGIN ARGS...: callq report ARGS as LOGIN; sets rc, stdout and
# stderr in files.
run() {
	who=$1
	shift
	"$bin" --db "$db" --as "$who" report "$@" >"$scratch/stdout" \
	    2>"$scratch/stderr"
	rc=$?
}

# One sentence: a single line "callq: ...", nothing on stdout.
one_sentence() {
	[ ! -s "$scratch/stdout" ] && [ "$(wc -l <"$scratch/stderr")" -eq 1 ] &&
	    grep -q '^callq: ' "$scratch/stderr"
}

# status WANT LOGIN ARGS...: the command exits WANT with one sentence.
status() {
	want=$1
	shift
	run "$@"
	[ "$rc" -eq "$want" ] && one_sentence && return 0
	printf '# %s: status %s, not %s; stdout:\n' "$*" "$rc" "$want"
	sed 's/^/#   /' "$scratch/stdout" "$scratch/stderr"
	return 1
}

# allowed LOGIN ARGS...: the scope lets it through to the report's body
# (a body not built yet says so with 69).
allowed() {
	run "$@"
	[ "$rc" -eq 0 ] && return 0
	[ "$rc" -eq 69 ] && grep -q 'not built yet' "$scratch/stderr" &&
	    return 0
	printf '# %s: status %s\n' "$*" "$rc"
	sed 's/^/#   /' "$scratch/stderr"
	return 1
}

# --- The list ----------------------------------------------------------

cq report >"$scratch/list"
ok "callq report alone lists the eight reports" \
    test "$(grep -cE '^(agents|dispositions|lists|funnel|hours|trend|attendance|imports|collections|aging) ' "$scratch/list")" -eq 10
ok "... with the groupings a report takes" \
    grep -qE '^dispositions +rep, region, source, day +the mix' "$scratch/list"
cq report --format csv >"$scratch/list.csv"
ok "... and as CSV for scripts" \
    test "$(head -n 1 "$scratch/list.csv")" = "$(printf 'report,by,about\r')"
reports=$(tail -n +2 "$scratch/list.csv" | cut -d, -f1)
ok "a rep may list them too" sh -c "'$bin' --db '$db' --as repa report >/dev/null"

# --- Who may ask for what ----------------------------------------------

for who in ana "$admin"; do
	for args in "--team A" "--team B" "--rep repb" "--rep leada" \
	    "--team B --rep repb"; do
		# shellcheck disable=SC2086 # the words of the filter
		ok "$who may ask agents $args" allowed "$who" agents $args
	done
done
ok "a team lead gets their team without asking" allowed leada agents
ok "... may name their team" allowed leada agents --team A
ok "... or a rep of it" allowed leada agents --rep repa2
ok "a rep gets their own figures without asking" allowed repa agents
ok "... and may name themselves" allowed repa agents --rep repa

# Every report, each refusal: 77, one sentence, nothing on stdout.
echo keep >"$scratch/kept.csv"
cp "$scratch/kept.csv" "$scratch/kept.orig"
for name in $reports; do
	for case in "repa --rep repb" "repa --rep repa2" "repa --team A" \
	    "repa --team B" "reco --rep repa" "leada --team B" \
	    "leada --rep repb" "leada --rep leadb" \
	    "leada --team A --rep repb"; do
		who=${case%% *} args=${case#* }
		# shellcheck disable=SC2086
		status 77 "$who" "$name" $args || echo "FAIL $name $case"
		# shellcheck disable=SC2086
		status 77 "$who" "$name" $args --format csv \
		    --output "$scratch/new.csv" || echo "FAIL $name $case csv"
		[ ! -e "$scratch/new.csv" ] ||
		    echo "FAIL $name $case: --output made the file"
		# shellcheck disable=SC2086
		status 77 "$who" "$name" $args --output "$scratch/kept.csv" ||
		    echo "FAIL $name $case kept"
	done
done >"$scratch/refusals" 2>&1
ok "every report refuses what is outside the asker's scope with 77" \
    sh -c "! grep -q FAIL '$scratch/refusals'"
sed -n '/^#\|FAIL/p' "$scratch/refusals" | head -n 20
ok "... an existing --output file is left as it was" \
    cmp -s "$scratch/kept.csv" "$scratch/kept.orig"
ok "... and no half-written file is left beside it" \
    test "$(find "$scratch" -name 'kept.csv.*' -o -name 'new.csv*' | wc -l)" -eq 0
run repa agents --rep repb
ok "the refusal says who may read what, and what to do" test \
    "$(cat "$scratch/stderr")" = \
    "callq: repa is a rep and may read only their own figures; leave out the filter naming someone else's"
run leada agents --team B
ok "... to a team lead, their team's" test "$(cat "$scratch/stderr")" = \
    "callq: leada is a team lead and may read only their team's figures; leave out the filter naming someone else's"
ok "a refusal comes before --output is opened, even where it cannot be" \
    status 77 repa agents --rep repb --output "$scratch/no/such/dir/x.csv"

# --- Usage errors: one sentence each -----------------------------------

ok "a bad period: 64" status 64 ana agents --period fortnight
ok "... naming the periods there are" \
    grep -q "'fortnight' is not a period; use today, yesterday, this week" \
    "$scratch/stderr"
ok "--to before --from: 64" \
    status 64 ana agents --from 2026-11-20 --to 2026-11-10
ok "... saying which ends before it starts" grep -q \
    "the period ends on 2026-11-10, before it starts on 2026-11-20" \
    "$scratch/stderr"
ok "FROM..TO backwards too" status 64 ana agents --period today..yesterday
ok "a --from that is no day" status 64 ana agents --from someday
ok "... names it" grep -q "'someday' is not a day" "$scratch/stderr"
ok "--to without --from" status 64 ana agents --to today
ok "--period with --from" status 64 ana agents --period today --from mon
ok "an unknown report: 64" status 64 ana agentz
ok "... naming the reports there are" grep -q \
    "there is no report 'agentz'; the reports are agents, dispositions," \
    "$scratch/stderr"
ok "a filter with no report named" status 64 ana --team A
ok "a --by the report does not take" status 64 ana agents --by region
ok "... or one it does not know" status 64 ana dispositions --by batch
ok "... naming those it takes" \
    grep -q "use one of: rep, region, source, day" "$scratch/stderr"
ok "a batch that is no number" status 64 ana agents --batch x
ok "an unknown team: 65" status 65 ana agents --team Z
ok "... said so" grep -q "there is no team 'Z'" "$scratch/stderr"
ok "an unknown rep: 65" status 65 ana agents --rep ghost
ok "an unknown region: 65" status 65 ana agents --region West
ok "an unknown source: 65" status 65 ana agents --source Pigeon
ok "an unknown batch: 65" status 65 ana agents --batch 42
ok "... the same for a rep, before their scope" \
    status 65 repa agents --team Z
ok "an unknown format: 64" status 64 ana agents --format xml
ok "every period name reads" sh -c "
	for p in today yesterday 'this week' 'last week' 'last 7 days' \
	    'last 30 days' 'this month' 'last month' 2026-11-01..2026-11-30 \
	    mon..today; do
		'$bin' --db '$db' --as ana report agents --period \"\$p\" \
		    2>&1 | grep -q 'is not a' && exit 1
	done
	exit 0"

# --- Figures, once a report is built ------------------------------------

run ana agents --format csv
if [ "$rc" -eq 69 ]; then
	skip "a rep's, a team lead's rows" "the agents report is not built yet"
else
	ok "the analyst's agents report runs" test "$rc" -eq 0
	run repa agents --format csv
	ok "a rep's report holds their row and nobody else's" sh -c "
	    grep -q '^repa,' '$scratch/stdout' &&
	    ! grep -qE '^(repa2|repb|leada|ana),' '$scratch/stdout'"
	run leada agents --format csv
	ok "a team lead's holds the team's reps, no other team's" sh -c "
	    grep -q '^repa,' '$scratch/stdout' &&
	    grep -q '^repa2,' '$scratch/stdout' &&
	    ! grep -q '^repb,' '$scratch/stdout'"
	run ana agents --period 'last week'
	ok "the title says the period" \
	    grep -q '^Agents, 2026-11-16 to 2026-11-22$' "$scratch/stdout"
	run ana agents --format csv --output "$scratch/agents.csv"
	ok "--output writes the report and nothing to stdout" sh -c "
	    [ ! -s '$scratch/stdout' ] && [ -s '$scratch/agents.csv' ]"
	cq --as ana report agents --format csv >"$scratch/agents.stdout"
	ok "... the same CSV as on stdout" \
	    cmp -s "$scratch/agents.csv" "$scratch/agents.stdout"
	run ana agents --format json
	ok "JSON names the columns' types" grep -q '"columns":\[{"name":' \
	    "$scratch/stdout"
fi

finish
