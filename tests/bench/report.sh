#!/bin/sh
# make bench, the reports part: every report over 30 days and the agents
# report for today on a floor of 1,000,000 leads (gen_leads.py, callq
# import) and 5,000,000 calls over a year (gen_calls.py), as an admin
# (the floor) and as a rep (My day); then while 20 reps log calls, to
# show the reports hold no writer up. $1: the store benchmark make
# built. Prints figures only (goals: 30 days under 500 ms, agents today
# under 50 ms).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/callq
bench=$1
rows=${CALLQ_BENCH_ROWS:-1000000}
ncalls=${CALLQ_BENCH_CALLS:-5000000}
# Monday 16:00 UTC: today's calls are in, the day is not over.
export CALLQ_NOW=1795449600 TZ=UTC
dir=$(mktemp -d /tmp/callq-bench-report-XXXXXX)
# The loggers stop when the stop file appears: on any exit too.
trap 'touch "$dir/stop"; wait; rm -rf "$dir"' EXIT
db=$dir/callq.db

/usr/bin/python3 "$top/tests/bench/gen_leads.py" "$rows" 5 >"$dir/leads.csv"
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" import "$dir/leads.csv" --region Bench --country US \
    >/dev/null
rm -f "$dir/leads.csv"
t=$(date +%s%N)
/usr/bin/python3 "$top/tests/bench/gen_calls.py" "$db" "$ncalls"
printf '%-34s %10.2f s\n' "reports: call history made" \
    "$(( ($(date +%s%N) - t) / 1000000 ))e-3"
reports() { # reports WHAT: the floor's (as an admin) and a rep's
	echo "reports: $1"
	"$bench" reports "$db" "$(id -un)"
	"$bench" reports "$db" benchrep01
}
reports "alone"
# Last, as their quick-logs add to today's calls: the floor's reports
# while 20 reps log calls, which must go on unhindered.
echo "reports: while 20 reps log calls"
"$bench" loggers "$db" 20 "$dir/stop" |
    sed 's/during the import/beside the reports/' &
"$bench" reports "$db" "$(id -un)"
touch "$dir/stop"
wait
