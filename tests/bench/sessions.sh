#!/bin/sh
# make bench, the floor at its fullest: on database DB ($1: a SQLite file
# or postgresql:..., which it writes to), 100 CLI loggers and 100 TUI
# sessions at once for $CALLQ_BENCH_SECONDS (default 60) seconds, over
# the reps rep1..rep20 of floor.sh's floor (five loggers and five
# sessions a rep).
#
# A logger is a loop of `callq log ID --disposition Busy` processes as
# its rep, over every tenth live lead of that rep's book from its own
# offset, so no two loggers log the same lead; each is timed from the
# process's start to its exit; with $CALLQ_BENCH_PACE (seconds, default
# 0: flat out) it waits that long after each call, as a rep would. On a
# machine of few cores 100 loggers flat out keep every core busy, and the
# waits are then mostly the turn each process waits for a core. A session is the TUI at 80x24 in tmux
# with CALLQ_TRACE, starting its own number of pages down its rep's
# queue; every tick ($CALLQ_BENCH_TICK, default 0.5 s) it is sent its
# next key of a cycle of ten: j j k PgDn j PgUp, then a quick-log of
# the lead under the cursor (l, 1 No answer, Enter) and a pause; the
# sessions' cycles are staggered. One tmux client a tick sends every
# session its key, so the driver costs little of the machine.
#
# Prints the commits per second (calls written, by both), the commit
# wait of a session's quick-log (the store's commit alone, CALLQ_TRACE
# "save"), the save as the rep sees it (Enter to the queue redrawn), a
# logger's whole command, p50/p99/max each, the keys j/PgDn/PgUp, and
# the errors: a logger's failed command, a session's Enter in the form
# that wrote no call, a session that died. Asserts nothing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${CALLQ_BIN:-$top/callq}
. "$top/tests/bench/driver.sh"
db=$1
secs=${CALLQ_BENCH_SECONDS:-60}
tick=${CALLQ_BENCH_TICK:-0.5}
loggers=${CALLQ_BENCH_LOGGERS:-100}
sessions=${CALLQ_BENCH_SESSIONS:-100}
reps=20
export CALLQ_NOW="${CALLQ_NOW:-1795449600}" TZ=UTC LANG=C.UTF-8
dir=$(mktemp -d /tmp/callq-bench-sessions-XXXXXX)
sock="callq-bench-sessions-$$"
pace=${CALLQ_BENCH_PACE:-0}
pids=
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'for p in $pids; do kill "$p" 2>/dev/null; done
	tm kill-server 2>/dev/null; rm -rf "$dir"' EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# stats FILE: p50, p99 (nearest rank) and max of the numbers in FILE.
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "none"; exit }
	    p = int(NR * 0.99 + 0.999); if (p > NR) p = NR;
	    printf "p50 %.1f  p99 %.1f  max %.1f ms (n=%d)", v[int((NR + 1) / 2)],
	    v[p], v[NR], NR }'
}
line() { printf '%-40s %s\n' "sessions: $1" "$2"; }

# Logger w's leads: rep (w mod 20) + 1's live leads, every tenth from
# offset w / 20.
for w in $(seq 0 $((loggers - 1))); do
	bench_sql "$db" "SELECT id FROM (SELECT l.id, row_number() OVER
	    (ORDER BY l.id) AS n FROM leads l JOIN users u ON u.id = l.owner_id
	    WHERE u.login = 'rep$((w % reps + 1))' AND l.status NOT IN
	    ('Converted', 'Lost') AND l.deleted_at IS NULL) AS b
	    WHERE n % 10 = $((w / reps % 10)) LIMIT 5000" >"$dir/ids.$w"
done

# The sessions, each drawn before the clock starts.
for s in $(seq 0 $((sessions - 1))); do
	cmd="CALLQ_TRACE='$dir/trace.$s' '$bin' --db '$db' --as rep$((s % reps + 1))"
	tm new-session -d -s "s$s" -x 80 -y 24 "$cmd"
done
drawn=0
n=0
while [ $n -lt 1200 ]; do
	drawn=0
	for s in $(seq 0 $((sessions - 1))); do
		tm capture-pane -p -t "s$s" 2>/dev/null | grep -q '? Help' &&
		    drawn=$((drawn + 1))
	done
	[ $drawn -lt "$sessions" ] || break
	n=$((n + 1))
	sleep 0.5
done
line "sessions drawn" "$drawn of $sessions"
# Session s starts s / 20 pages down its rep's queue.
args=
for s in $(seq 0 $((sessions - 1))); do
	i=0
	while [ $i -lt $((s / reps)) ]; do
		args="$args send-keys -t s$s NPage ;"
		i=$((i + 1))
	done
done
[ -z "$args" ] || tm $args
sleep 1
for s in $(seq 0 $((sessions - 1))); do : >"$dir/trace.$s"; done

sql_calls="SELECT count(*) FROM calls"
before=$(bench_sql "$db" "$sql_calls")
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
		[ "$pace" = 0 ] || sleep "$pace"
	done <"$dir/ids.$2"
}
for w in $(seq 0 $((loggers - 1))); do
	logger "rep$((w % reps + 1))" "$w" &
	pids="$pids $!"
done

# The keys: session s is at step (tick + s) mod 10 of the cycle.
set -- j j k NPage j PPage l 1 Enter ""
k=0
while [ "$(now_ms)" -lt "$end" ]; do
	args=
	for s in $(seq 0 $((sessions - 1))); do
		step=$(( (k + s) % 10 + 1 ))
		eval "key=\${$step}"
		[ -z "$key" ] || args="$args send-keys -t s$s $key ;"
	done
	[ -z "$args" ] || tm $args 2>>"$dir/tmux.err"
	k=$((k + 1))
	sleep "$tick"
done
wait
took=$(( $(now_ms) - start ))
pids=
sleep 1
after=$(bench_sql "$db" "$sql_calls")

cat "$dir"/log.[0-9]* >"$dir/logs" 2>/dev/null || : >"$dir/logs"
failed=$(cat "$dir"/fail.* 2>/dev/null | wc -l)
cat "$dir"/trace.* >"$dir/traces" 2>/dev/null
pick() { awk -v k="$1" '$0 ~ "^" k " [0-9.]+$" { print $NF }' "$dir/traces"; }
pick save >"$dir/commit"
pick "key 13 form" >"$dir/enter"
pick "key 106" >"$dir/j"
pick "key KEY_NPAGE" >"$dir/pgdn"
pick "key KEY_PPAGE" >"$dir/pgup"
# CPU the sessions' callq took since they started (seconds): each redraws
# its pane, reloading it when the floor changed; on PostgreSQL their
# backends' CPU as well, where those reloads' queries run. Read from
# /proc in clock ticks: ps gives whole seconds a process, and a session
# takes less than one in a short run.
cpu_s() {
	for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null; done |
	    sed 's/^.*) //' | awk -v hz="$(getconf CLK_TCK)" '
	    { s += $12 + $13 } END { printf "%.1f", s / hz }'
}
panes=$(tm list-panes -a -F '#{pane_pid}' 2>/dev/null | tr '\n' ,)
tui_cpu=0
[ -z "$panes" ] || tui_cpu=$(cpu_s $(ps -o pid= --ppid "${panes%,}") \
    $(echo "${panes%,}" | tr , ' '))
backends=
case $db in
postgresql:*) backends=$(bench_sql "$db" "SELECT pid FROM pg_stat_activity
    WHERE application_name = 'callq' AND pid <> pg_backend_pid()" |
    tr '\n' , | sed 's/,$//') ;;
esac
pg_cpu=-
[ -z "$backends" ] || pg_cpu=$(cpu_s $(echo "$backends" | tr , ' '))
# A session whose callq exited (or crashed) has closed its tmux session.
alive=$(tm list-sessions 2>/dev/null | wc -l)
unsaved=$(( $(wc -l <"$dir/enter") - $(wc -l <"$dir/commit") ))

line "$loggers CLI loggers + $sessions TUI" \
    "$secs s, loggers pausing $pace s, $k key ticks of $tick s asked ($(awk -v t="$took" 'BEGIN { printf "%.1f", t / 1000 }') s to the last exit); $(bench_server_note)"
line "commits/s" "$(awk -v n=$((after - before)) -v t="$took" -v s="$(wc -l <"$dir/commit")" \
    'BEGIN { printf "%.1f (%d calls: %d by sessions, %d by loggers)", n * 1000 / t, n, s, n - s }')"
line "TUI commit wait (store)" "$(stats "$dir/commit")"
line "TUI quick-log save (Enter)" "$(stats "$dir/enter")"
line "CLI log, start to exit" "$(stats "$dir/logs")"
line "TUI j" "$(stats "$dir/j")"
line "TUI PgDn / PgUp" "$(stats "$dir/pgdn") / $(stats "$dir/pgup")"
line "TUI CPU: callq / backends" "$tui_cpu s / $pg_cpu s ($(nproc) cores give $(($(nproc) * secs)) s in the run)"
line "errors" "$failed failed logs; $unsaved Enters in the form that wrote no call; $((sessions - alive)) sessions gone"
[ ! -s "$dir/log.err" ] || line "first log error" "$(head -n 1 "$dir/log.err")"
for s in $(seq 0 $((sessions - 1))); do
	tm capture-pane -p -t "s$s" 2>/dev/null | grep -m 1 'Not logged' &&
	    break
done | sed 's/^ */sessions: a message on screen:    /'
exit 0
