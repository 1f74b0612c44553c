#!/bin/sh
# make bench, the search part: Find on a floor of 1,000,000 leads (from
# tests/bench/gen_leads.py), each keystroke's results as an admin and as a
# rep of the region type a lead's name, its number as written in the file
# and in E.164, and a city, a character at a time. $1: the store
# benchmark make built. Prints figures only (the goal: p99 under 30 ms).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/callq
bench=$1
rows=${CALLQ_BENCH_ROWS:-1000000}
dir=$(mktemp -d /tmp/callq-bench-search-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/callq.db

/usr/bin/python3 "$top/tests/bench/gen_leads.py" "$rows" 3 >"$dir/leads.csv"
"$bin" --db "$db" init >/dev/null
t=$(date +%s%N)
"$bin" --db "$db" import "$dir/leads.csv" --region Bench --country US \
    >/dev/null
printf '%-34s %10.2f s (%s rows, the search index in)\n' "search: import" \
    "$(( ($(date +%s%N) - t) / 1000000 ))e-3" "$rows"
"$bin" --db "$db" user add benchrep --role rep --region Bench >/dev/null
field() { # $1: field of lead show's CSV for the lead halfway down
	"$bin" --db "$db" lead show "$((rows / 2))" --format csv |
	    awk -F, -v f="$1" '$1 == f { sub(/^[^,]*,/, ""); gsub(/"/, "");
	    print; exit }'
}
name=$(field name)
raw=$(field phone)
e164=$(field phone_e164)
city=$(field city)
echo "search: typing \"$name\", \"$raw\", \"$e164\", \"$city\""
for who in "$(id -un)" benchrep; do
	"$bench" search "$db" "$who" "$name" "$raw" "$e164" "$city"
done
