#!/bin/sh
# make bench, the import part: a generated 1,000,000-row lead list loaded
# by callq import, by the sqlite3 shell's .import (raw, no checks at all)
# and by a straightforward Python script doing callq's normalization, all
# in this run on this machine; then quick-logs timed while a 100,000-row
# import runs. $1: the store benchmark make built. Prints figures only.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/callq
bench=$1
rows=${CALLQ_BENCH_ROWS:-1000000}
dir=$(mktemp -d /tmp/callq-bench-import-XXXXXX)
trap 'rm -rf "$dir"' EXIT
py=/usr/bin/python3

# Runs a command; prints "seconds peak-RSS-kB" (the largest process).
measure() {
	"$py" - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print("%.2f %d" % (time.monotonic() - t,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
}

line() { # $1: what; $2: "seconds rss"
	set -- "$1" $2
	awk -v w="$1" -v s="$2" -v m="$3" -v n="$rows" 'BEGIN {
	    printf "%-34s %7.2f s %9.0f rows/s %7.1f MiB peak RSS\n",
	    w, s, n / s, m / 1024 }'
}

"$py" "$top/tests/bench/gen_leads.py" "$rows" 1 >"$dir/leads.csv"
echo "import: $rows rows, $(($(wc -c <"$dir/leads.csv") / 1048576)) MiB" \
    "(tests/bench/gen_leads.py $rows 1)"

raw=$(measure sqlite3 "$dir/raw.db" ".import --csv $dir/leads.csv leads")
line "sqlite3 .import (raw, no checks)" "$raw"

"$bin" --db "$dir/callq.db" init >/dev/null
cq=$(measure "$bin" --db "$dir/callq.db" import "$dir/leads.csv" \
    --region Bench --country US)
line "callq import" "$cq"
"$bin" --db "$dir/callq.db" batch list --format csv | tail -n 1 |
    awk -F, '{ printf "%-34s imported %s, duplicates %s, dnc %s, rejected %s, warnings %s\n", "", $6, $7, $8, $9, $10 }'
rm -f "$dir/callq.db"*
"$bin" --db "$dir/callq.db" init >/dev/null
"$bin" --db "$dir/callq.db" import "$dir/leads.csv" --region Bench \
    --country US --timings 2>&1 >/dev/null | sed 's/^/  (second run) /'

pyt=$(measure "$py" "$top/tests/bench/import_py.py" "$dir/leads.csv" \
    "$dir/py.db" US "$top/data/countries.tsv")
line "python3 + phonenumbers + sqlite3" "$pyt"

set -- $raw
r=$1
set -- $cq
c=$1
set -- $pyt
awk -v r="$r" -v c="$c" -v p="$1" 'BEGIN {
    printf "callq import vs raw .import: %.1fx the time (target: 2x or less)\n", c / r
    printf "Python script vs callq import: %.1fx the time (target: 10x or more)\n", p / c }'

# Reps keep logging calls while an admin imports.
"$bin" --db "$dir/floor.db" init --demo >/dev/null
"$py" "$top/tests/bench/gen_leads.py" 100000 2 >"$dir/100k.csv"
"$bench" loggers "$dir/floor.db" 4 "$dir/stop" &
pid=$!
sleep 1
"$bin" --db "$dir/floor.db" import "$dir/100k.csv" --region Bench \
    --country US >/dev/null
sleep 1
touch "$dir/stop"
wait $pid
