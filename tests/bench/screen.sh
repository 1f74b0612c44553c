#!/bin/sh
# make bench, the screen part: LOGIN's TUI ($2) on database DB ($1, which
# it writes to: the quick-logs) at 120x40, in tmux, with CALLQ_TRACE.
# Prints one figure a line, "NAME VALUE" (milliseconds, or kB for rss),
# for table.sh: launch to the queue drawn and the in-process first screen
# (five starts), then in one session the time each key takes from being
# read to the screen redrawn: j, PgDn and PgUp (60 each), Enter and Left
# opening and closing the lead (20 each), a quick-log's save (20: l, 1
# No answer, Enter; its commit alone too, and how many were saved), g o
# (pools), g b (board) and g p (pipeline) first drawn, and the session's
# peak RSS. Asserts nothing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${CALLQ_BIN:-$top/callq}
db=$1
login=$2
dir=$(mktemp -d /tmp/callq-bench-screen-XXXXXX)
sock="callq-bench-screen-$$"
trap 'for s in /tmp/tmux-$(id -u)/callq-bench-screen-$$*; do
	tmux -L "${s##*/}" kill-server 2>/dev/null; done; rm -rf "$dir"' EXIT
export CALLQ_NOW="${CALLQ_NOW:-1795449600}" TZ=UTC LANG=C.UTF-8
tm() { tmux -L "$sock" -f /dev/null "$@"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# put NAME FILE: NAME's p50 and p99 (nearest rank) over the numbers in FILE.
put() {
	sort -n "$2" | awk -v n="$1" '{ v[NR] = $1 } END {
	    if (NR == 0) { print n "_p50 -"; print n "_p99 -"; exit }
	    p = int(NR * 0.99 + 0.999); if (p > NR) p = NR;
	    printf "%s_p50 %.1f\n%s_p99 %.1f\n", n, v[int((NR + 1) / 2)], n, v[p] }'
}

# shown SESSION: waits (up to 60 s) until its hint bar is drawn.
shown() {
	n=0
	until tm capture-pane -p -t "$1" 2>/dev/null | grep -q '? Help'; do
		n=$((n + 1))
		[ $n -lt 6000 ] || return 1
		sleep 0.01
	done
}

# Launch to the queue drawn, five times. Each start gets a tmux server of
# its own: none starts while the last one is going away.
for i in 1 2 3 4 5; do
	sock="callq-bench-screen-$$-$i"
	t=$(ms)
	tm new-session -d -s s -x 120 -y 40 \
	    "CALLQ_TRACE='$dir/start.trace' '$bin' --db '$db' --as '$login'"
	shown s && echo $(( $(ms) - t )) >>"$dir/launch"
	tm send-keys -t s q
done
sock="callq-bench-screen-$$"
put launch "$dir/launch"
awk '$1 == "first-screen" { print $2 }' "$dir/start.trace" >"$dir/first"
put first "$dir/first"

# Keys, one at a time, each given time to finish.
trace=$dir/keys.trace
tm new-session -d -s k -x 120 -y 40 \
    "CALLQ_TRACE='$trace' '$bin' --db '$db' --as '$login'"
shown k
pid=$(tm display -p -t k '#{pane_pid}')
press() { tm send-keys -t k "$@"; sleep 0.05; }
for i in $(seq 1 60); do press j; done
for i in $(seq 1 60); do press NPage; done
for i in $(seq 1 60); do press PPage; done
for i in $(seq 1 20); do press Enter; press Left; done
for i in $(seq 1 20); do press l; press 1; press Enter; done
# Keys are sent faster than a large floor on PostgreSQL handles them:
# the rest wait in the terminal, so the figures are read once every key
# sent (60 * 3 + 20 * 2 + 20 * 3) is traced, up to 10 minutes.
n=0
while [ "$(grep -c '^key ' "$trace")" -lt 280 ] && [ $n -lt 6000 ]; do
	n=$((n + 1))
	sleep 0.1
done
pick() { awk -v k="$1" '$0 ~ "^key " k " [0-9.]+$" { print $NF }' "$trace"; }
pick 106 >"$dir/j"; pick KEY_NPAGE >"$dir/pgdn"; pick KEY_PPAGE >"$dir/pgup"
# The save as the rep sees it: Enter in the form, to the queue redrawn
# without the lead; and the store's commit alone, inside it.
pick "13 form" >"$dir/save"
awk '$1 == "save" { print $2 }' "$trace" >"$dir/commit"
pick 13 >"$dir/open"; pick KEY_LEFT >"$dir/close"
put j "$dir/j"; put pgdn "$dir/pgdn"; put pgup "$dir/pgup"
put open "$dir/open"; put close "$dir/close"
put save "$dir/save"; put commit "$dir/commit"
echo "saved $(wc -l <"$dir/commit")"
# A pane's first draw: the second key of g o (111), g b (98), g p (112),
# each from the queue (g q between), so each is a first visit; "-" when
# the pane is not for LOGIN's role (a rep has no board).
for k in o:111:go b:98:gb p:112:gp; do
	: >"$trace"
	press g; press "${k%%:*}"
	# Up to 10 s for the pane's key to be traced (or refused).
	n=0 v=
	while [ $n -lt 200 ] && [ -z "$v" ]; do
		tm capture-pane -p -t k | grep -q 'is not for a' && break
		v=$(pick "$(echo "$k" | cut -d: -f2)" | head -n 1)
		n=$((n + 1))
		sleep 0.05
	done
	! tm capture-pane -p -t k | grep -q 'is not for a' || v=
	echo "${k##*:} ${v:--}"
	press g; press q; sleep 0.2
done
echo "rss $(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")"
tm send-keys -t k q
