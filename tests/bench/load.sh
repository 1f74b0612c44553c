#!/bin/sh
# make bench, the floor under load: on database DB ($1, which it writes
# to), 50 loggers and 10 readers, each its own loop of callq processes,
# for $CALLQ_BENCH_SECONDS (default 60) seconds. A logger runs `callq log
# ID --disposition Busy` as one of rep1..rep20 over leads of that rep's
# book no other logger takes; a reader runs `callq queue` and `callq
# lead list --owner` as a rep, in turn. Prints the calls committed per
# second and each command's whole time (process start to exit, as a
# script sees it) p50/p99/max. Asserts nothing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${CALLQ_BIN:-$top/callq}
db=$1
secs=${CALLQ_BENCH_SECONDS:-60}
loggers=50
readers=10
export CALLQ_NOW="${CALLQ_NOW:-1795449600}" TZ=UTC
dir=$(mktemp -d /tmp/callq-bench-load-XXXXXX)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$dir"' EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# stats FILE: p50, p99 (nearest rank) and max of the numbers in FILE.
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "none"; exit }
	    p = int(NR * 0.99 + 0.999); if (p > NR) p = NR;
	    printf "p50 %d  p99 %d  max %d ms (n=%d)", v[int((NR + 1) / 2)],
	    v[p], v[NR], NR }'
}

# Logger w's leads: every third live lead of rep (w mod 20) + 1, from
# offset w / 20, so the loggers sharing a rep never log the same lead.
for w in $(seq 0 $((loggers - 1))); do
	rep=rep$((w % 20 + 1))
	sqlite3 "$db" "SELECT id FROM (SELECT l.id, row_number() OVER
	    (ORDER BY l.id) AS n FROM leads l JOIN users u ON u.id = l.owner_id
	    WHERE u.login = '$rep' AND l.status NOT IN ('Converted', 'Lost')
	    AND l.deleted_at IS NULL) WHERE n % 3 = $((w / 20)) LIMIT 2000" \
	    >"$dir/ids.$w"
done
before=$(sqlite3 -cmd '.timeout 10000' "$db" 'SELECT count(*) FROM calls')
start=$(now_ms)
end=$((start + secs * 1000))

logger() {
	while read -r id; do
		t=$(now_ms)
		[ "$t" -lt "$end" ] || break
		if "$bin" --db "$db" --as "$1" log "$id" --disposition Busy \
		    >/dev/null 2>>"$dir/log.err"; then
			echo $(( $(now_ms) - t )) >>"$dir/log.$2"
		else
			echo x >>"$dir/fail.$2"
		fi
	done <"$dir/ids.$2"
}
reader() {
	while t=$(now_ms); [ "$t" -lt "$end" ]; do
		"$bin" --db "$db" --as "$1" queue --limit 50 >/dev/null 2>&1
		echo $(( $(now_ms) - t )) >>"$dir/read.$2"
		t=$(now_ms)
		"$bin" --db "$db" --as "$1" lead list --owner "$1" --limit 50 \
		    >/dev/null 2>&1
		echo $(( $(now_ms) - t )) >>"$dir/read.$2"
	done
}
for w in $(seq 0 $((loggers - 1))); do
	logger "rep$((w % 20 + 1))" "$w" &
	pids="$pids $!"
done
for r in $(seq 0 $((readers - 1))); do
	reader "rep$((r + 1))" "$r" &
	pids="$pids $!"
done
wait
took=$(( $(now_ms) - start ))
pids=
after=$(sqlite3 -cmd '.timeout 10000' "$db" 'SELECT count(*) FROM calls')
cat "$dir"/log.* >"$dir/logs" 2>/dev/null || : >"$dir/logs"
cat "$dir"/read.* >"$dir/reads" 2>/dev/null || : >"$dir/reads"
failed=$(cat "$dir"/fail.* 2>/dev/null | wc -l)
printf '%-38s %s\n' "load: $loggers loggers + $readers readers" \
    "$secs s ($(awk -v t="$took" 'BEGIN { printf "%.1f", t / 1000 }') s to the last exit)"
printf '%-38s %s\n' "load: commits/s" "$(awk -v n=$((after - before)) \
    -v t="$took" 'BEGIN { printf "%.1f (%d calls; %s failed)", n * 1000 / t, n,
    "'"$failed"'" }')"
printf '%-38s %s\n' "load: callq log, start to exit" "$(stats "$dir/logs")"
printf '%-38s %s\n' "load: queue/lead list, start to exit" "$(stats "$dir/reads")"
[ ! -s "$dir/log.err" ] || printf '%-38s %s\n' "load: first log error" \
    "$(head -n 1 "$dir/log.err")"
