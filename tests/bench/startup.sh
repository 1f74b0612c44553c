#!/bin/sh
# make bench, start-up: `perf stat -r N` (N = $CALLQ_BENCH_RUNS, default
# 20) of `callq --version`, of `callq log` (a Busy on one of rep1's leads)
# and of `callq queue` (rep1's first 36 rows) on database DB ($1, which
# the logs write to). Prints task-clock (CPU) and elapsed time, each the
# mean of N. Where perf cannot count (no perf, or no permission), times
# the N runs by the wall clock alone and says so. Asserts nothing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${CALLQ_BIN:-$top/callq}
db=$1
runs=${CALLQ_BENCH_RUNS:-20}
export CALLQ_NOW="${CALLQ_NOW:-1795449600}" TZ=UTC
out=$(mktemp /tmp/callq-bench-startup-XXXXXX)
trap 'rm -f "$out"' EXIT
lead=$(sqlite3 "$db" "SELECT l.id FROM leads l JOIN users u ON u.id =
    l.owner_id WHERE u.login = 'rep1' AND l.status = 'New' LIMIT 1")

perf_ok=0
perf stat -r 1 -e task-clock true >/dev/null 2>&1 && perf_ok=1
[ $perf_ok = 1 ] || echo "startup: perf stat cannot count here;" \
    "wall clock of $runs runs instead (no task-clock)"

# one NAME COMMAND...: NAME's mean task-clock and elapsed over the runs.
one() {
	name=$1
	shift
	if [ $perf_ok = 1 ]; then
		perf stat -r "$runs" -e task-clock -o "$out" "$@" >/dev/null 2>&1
		awk -v n="$name" -v r="$runs" '
		    / task-clock/ { cpu = $1 }
		    /seconds time elapsed/ { el = $1 * 1000 }
		    END { printf "%-38s task-clock %6.1f ms  elapsed %6.1f ms" \
		        " (perf stat -r %d)\n", n, cpu, el, r }' "$out"
	else
		t=$(date +%s%N)
		i=0
		while [ $i -lt "$runs" ]; do
			"$@" >/dev/null 2>&1
			i=$((i + 1))
		done
		awk -v n="$name" -v t="$(( $(date +%s%N) - t ))" -v r="$runs" \
		    'BEGIN { printf "%-38s elapsed %6.1f ms (wall clock, %d runs)\n",
		    n, t / r / 1e6, r }'
	fi
}
one "startup: callq --version" "$bin" --version
one "startup: callq log" "$bin" --db "$db" --as rep1 log \
    "$lead" --disposition Busy
one "startup: callq queue" "$bin" --db "$db" --as rep1 queue \
    --limit 36
