#!/bin/sh
# make bench, the screen part: one rep's TUI on a database of 1,000,000
# leads. Prints the time from launch to the queue drawn, the time each key
# takes from being read to the screen redrawn (moving, paging, opening
# the lead, saving a quick-log), and the session's peak RSS; then twenty
# TUI sessions and the CLI logging calls at once, with how long each
# quick-log waited to commit. Prints figures only; asserts nothing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/callq
rows=${CALLQ_BENCH_ROWS:-1000000}
dir=$(mktemp -d /tmp/callq-bench-screen-XXXXXX)
sock="callq-bench-screen-$$"
trap 'for s in /tmp/tmux-$(id -u)/callq-bench-screen-$$*; do
	tmux -L "${s##*/}" kill-server 2>/dev/null; done; rm -rf "$dir"' EXIT
export CALLQ_NOW=1795449600 TZ=UTC LANG=C.UTF-8	# Mon 16:00 UTC
db=$dir/floor.db
cq() { "$bin" --db "$db" "$@"; }
tm() { tmux -L "$sock" -f /dev/null "$@"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# CALLQ_BENCH_FLOOR names a database this script made before (kept with
# CALLQ_BENCH_KEEP=PATH), to time the screen again without the import.
if [ -n "${CALLQ_BENCH_FLOOR:-}" ]; then
	cp "$CALLQ_BENCH_FLOOR" "$db"
else
	/usr/bin/python3 "$top/tests/bench/gen_leads.py" "$rows" 7 \
	    >"$dir/leads.csv"
	cq init >/dev/null
	cq import "$dir/leads.csv" --region Bench --country US >/dev/null
	rm -f "$dir/leads.csv"
	for i in $(seq 1 20); do
		cq user add "rep$i" --role rep --region Bench >/dev/null
	done
	# A working floor: each rep owns ~180 leads, some with follow-ups due.
	sqlite3 "$db" "UPDATE leads SET owner_id = (SELECT id FROM users
	    WHERE login = 'rep' || (1 + leads.id / 250 % 20)),
	    status = 'In Progress' WHERE id % 250 = 0;
	    UPDATE leads SET next_followup_at = $CALLQ_NOW - 600
	    WHERE id % 5000 = 0;"
	[ -z "${CALLQ_BENCH_KEEP:-}" ] || cp "$db" "$CALLQ_BENCH_KEEP"
fi
printf '%-34s %10s\n' "screen: leads in the database" \
    "$(sqlite3 "$db" 'SELECT count(*) FROM leads')"

# stats FILE: p50, p99 and max of the numbers in FILE.
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "none"; exit }
	    p = int(NR * 0.99); if (p < 1) p = 1;
	    printf "p50 %.2f  p99 %.2f  max %.2f ms (n=%d)", v[int((NR + 1) / 2)],
	    v[p], v[NR], NR }'
}

# shown SESSION: waits (up to 30 s) until its hint bar is drawn.
shown() {
	n=0
	until tm capture-pane -p -t "$1" 2>/dev/null | grep -q '? Help'; do
		n=$((n + 1))
		[ $n -lt 3000 ] || return 1
		sleep 0.01
	done
}

# Launch to the queue drawn, five times at 120x40. Each start gets a tmux
# server of its own: none starts while the last one is going away.
for i in 1 2 3 4 5; do
	sock="callq-bench-screen-$$-$i"
	t=$(ms)
	tm new-session -d -s s -x 120 -y 40 \
	    "CALLQ_TRACE='$dir/start.trace' '$bin' --db '$db' --as rep1"
	shown s && echo $(( $(ms) - t )) >>"$dir/launch"
	tm send-keys -t s q
done
sock="callq-bench-screen-$$"
printf '%-34s %s\n' "screen: launch to queue drawn" "$(stats "$dir/launch")"
awk '$1 == "first-screen" { print $2 }' "$dir/start.trace" >"$dir/first"
printf '%-34s %s\n' "  (in process: tui start to drawn)" "$(stats "$dir/first")"

# Keys, one at a time, each given time to finish.
trace=$dir/keys.trace
tm new-session -d -s k -x 120 -y 40 \
    "CALLQ_TRACE='$trace' '$bin' --db '$db' --as rep1"
shown k
pid=$(tm display -p -t k '#{pane_pid}')
press() { tm send-keys -t k "$@"; sleep 0.05; }
for i in $(seq 1 60); do press j; done
for i in $(seq 1 30); do press NPage; done
for i in $(seq 1 10); do press PPage; done
for i in $(seq 1 20); do press Enter; press Escape; done
for i in $(seq 1 20); do press Enter; press Left; done
for i in $(seq 1 20); do press l; press 1; press Enter; done
sleep 0.5
pick() { awk -v k="$1" '$0 ~ "^key " k " [0-9.]+$" { print $NF }' "$trace"; }
pick 106 >"$dir/j"; pick KEY_NPAGE >"$dir/pg"; pick 13 >"$dir/open"
pick 27 >"$dir/close"; pick KEY_LEFT >"$dir/left"; pick "13 form" >"$dir/save"
printf '%-34s %s\n' "key: j (next lead)" "$(stats "$dir/j")"
printf '%-34s %s\n' "key: PgDn (next page)" "$(stats "$dir/pg")"
printf '%-34s %s\n' "key: Enter (open the lead)" "$(stats "$dir/open")"
printf '%-34s %s\n' "key: Esc (close it; waits ESCDELAY)" "$(stats "$dir/close")"
printf '%-34s %s\n' "key: Left (close it)" "$(stats "$dir/left")"
printf '%-34s %s\n' "key: Enter saving a quick-log" "$(stats "$dir/save")"
printf '%-34s %10s kB\n' "screen: peak RSS (VmHWM)" \
    "$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")"
tm send-keys -t k q

# The admin's pipeline on the same floor: g p draws it the first time,
# then the keys that move between and within columns, and H/L moving a
# card to the next stage and back (a write, then the columns read again).
trace=$dir/pipe.trace
tm new-session -d -s p -x 120 -y 40 "CALLQ_TRACE='$trace' '$bin' --db '$db'"
shown p
press() { tm send-keys -t p "$@"; sleep 0.05; }
press g
press p
for i in $(seq 1 6); do press l; done
for i in $(seq 1 6); do press h; done
for i in $(seq 1 40); do press j; done
for i in $(seq 1 20); do press L; press H; done
sleep 0.5
pick 112 >"$dir/pipe"; pick 108 >"$dir/col"; pick 104 >>"$dir/col"
pick 106 >"$dir/card"; pick 76 >"$dir/move"; pick 72 >>"$dir/move"
printf '%-34s %s\n' "pipeline: g p, first draw" "$(stats "$dir/pipe")"
printf '%-34s %s\n' "pipeline: h/l (next column)" "$(stats "$dir/col")"
printf '%-34s %s\n' "pipeline: j (next card)" "$(stats "$dir/card")"
printf '%-34s %s\n' "pipeline: H/L (move a card)" "$(stats "$dir/move")"
tm send-keys -t p q

# Round-robin: 10,000 fresh leads over the twenty reps, checked in. The
# time is the whole command: reading the pool, the plan and the one
# transaction that writes the leads, their assignments and audit rows.
for i in $(seq 1 20); do cq --as "rep$i" checkin >/dev/null; done
t=$(date +%s%N)
cq assign --pool fresh --limit 10000 --round-robin >"$dir/assign.out"
t=$(( ($(date +%s%N) - t) / 1000000 ))
printf '%-34s %10s ms\n' "assign: 10,000 leads round-robin" "$t"
printf '%-34s %s\n' "assign: leads per rep (min-max)" "$(sqlite3 "$db" \
    "SELECT min(n) || '-' || max(n) FROM (SELECT count(*) AS n FROM
    assignments WHERE method = 'round-robin' GROUP BY user_id)")"

# Twenty sessions and the CLI logging at once.
floor=$dir/floor.trace
for i in $(seq 1 20); do
	tm new-session -d -s "f$i" -x 100 -y 30 \
	    "CALLQ_TRACE='$dir/f$i.trace' '$bin' --db '$db' --as rep$i"
done
for i in $(seq 1 20); do shown "f$i"; done
before=$(sqlite3 -cmd '.timeout 10000' "$db" 'SELECT count(*) FROM calls')
(
	ids=$(cq --as rep1 queue --limit 400 --format csv | sed 1d | cut -d, -f1 |
	    tail -n 200)
	for id in $ids; do
		cq --as rep1 log "$id" --disposition Busy >/dev/null 2>>"$dir/cli.err"
	done
) &
cli=$!
for round in $(seq 1 20); do
	for i in $(seq 1 20); do tm send-keys -t "f$i" l 1 Enter; done
	sleep 0.2
done
wait $cli
sleep 1
errors=0
[ -z "${CALLQ_BENCH_KEEP:-}" ] || tm capture-pane -p -t f1 >"$CALLQ_BENCH_KEEP.f1"
for i in $(seq 1 20); do
	tm capture-pane -p -t "f$i" | grep -Eq 'Not logged|error|cannot' &&
	    errors=$((errors + 1))
	tm send-keys -t "f$i" q
done
cat "$dir"/f*.trace | awk '$1 == "save" { print $2 }' >"$dir/saves"
after=$(sqlite3 -cmd '.timeout 10000' "$db" 'SELECT count(*) FROM calls')
printf '%-34s %s\n' "floor: 20 TUIs + CLI, commit wait" "$(stats "$dir/saves")"
printf '%-34s %d TUI + %d CLI logged, %d in the database; %d screens with an error, %d CLI errors\n' \
    "floor: calls" "$(wc -l <"$dir/saves")" 200 $((after - before)) "$errors" \
    "$(wc -l <"$dir/cli.err")"
