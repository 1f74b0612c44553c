#!/bin/sh
# make bench, the admin part: a 100,000-row regional list imported from
# the Import pane, by the keys an admin with no manual would press (the
# file in the home folder, a region named like it). Prints the keys, how
# long the file pick and the preview took (CALLQ_TRACE: key read to the
# screen redrawn) and the run's rows/s from the summary, on an empty
# floor and on one holding the first list. Prints figures only.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/callq
dir=$(mktemp -d /tmp/callq-bench-admin-XXXXXX)
sock="callq-bench-admin-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
. "$top/tests/started.sh"
trap 'kill_started "$dir"; rm -rf "$dir"' EXIT
export TZ=UTC LANG=C.UTF-8
mkdir -p "$dir/home"
db=$dir/floor.db
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" region add "North America East" --country US >/dev/null

# run NAME: imports $dir/home/NAME.csv from the menu; prints the figures.
run() {
	rm -f "$dir/trace"
	tm new-session -d -s a -x 120 -y 32 \
	    "HOME='$dir/home' CALLQ_TRACE='$dir/trace' '$bin' --db '$db'; sleep 600"
	until grep -q first-screen "$dir/trace" 2>/dev/null; do sleep 0.05; done
	keys=0
	for k in g i Enter Enter Enter; do
		n=$(grep -c '^key' "$dir/trace")
		tm send-keys -t a "$k"
		keys=$((keys + 1))
		# Each key is handled and drawn before the next is sent.
		until [ "$(grep -c '^key' "$dir/trace")" -gt "$n" ] ||
		    tm capture-pane -p -t a | grep -q "rows read in"; do
			sleep 0.02
		done
	done
	until tm capture-pane -p -t a | grep -q "rows read in"; do sleep 0.1; done
	pick=$(grep '^key 13 ' "$dir/trace" | sed -n 1p | cut -d' ' -f3)
	preview=$(grep '^key 13 ' "$dir/trace" | sed -n 2p | cut -d' ' -f3)
	summary=$(tm capture-pane -p -t a | grep -E "rows read in|^ imported")
	echo "$1: $keys keys (g i Enter Enter Enter); pick ${pick} ms," \
	    "preview ${preview} ms"
	echo "$summary" | sed 's/^ */  /'
	tm send-keys -t a q
	tm kill-session -t a 2>/dev/null
}

python3 "$top/tests/bench/gen_leads.py" 100000 1 >"$dir/home/east.csv"
run "100,000 rows, empty floor"
python3 "$top/tests/bench/gen_leads.py" 100000 2 >"$dir/home/east.csv"
run "100,000 more rows, on the first 100,000"
