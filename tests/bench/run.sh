#!/bin/sh
# make bench: how fast callq is on the demo floor. $1: the store benchmark. Prints figures; asserts
# nothing (speed is measured here, never in the tests).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/callq
# Monday 16:00 UTC: the demo's leads are inside their calling hours.
export CALLQ_NOW=1795449600
dir=$(mktemp -d /tmp/callq-bench-XXXXXX)
sock="callq-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for i in 1 2 3 4 5; do
	rm -f "$dir"/demo.db*
	t=$(ms)
	"$bin" --db "$dir/demo.db" init --demo >/dev/null
	echo $(( $(ms) - t ))
done | median | xargs printf '%-34s %10s ms (median of 5)\n' "init --demo (5,000 leads)"

"$1" "$dir/demo.db"	# the store benchmark make built

# The screen: from launch until the queue's rows are drawn, and the peak
# resident memory of the process at 120x40. Each start gets its own tmux
# server, so none starts while the last one is still going away.
for i in 1 2 3 4 5; do
	tmux -L "$sock" kill-server 2>/dev/null
	sock="callq-bench-$$-$i"
	t=$(ms)
	tmux -L "$sock" -f /dev/null new-session -d -s b -x 120 -y 40 \
	    "'$bin' --db '$dir/demo.db' --as rep1"
	n=0
	until tmux -L "$sock" capture-pane -p -t b 2>/dev/null |
	    grep -Eq '\? Help' || [ $n -ge 2000 ]; do n=$((n + 1)); done
	echo $(( $(ms) - t )) >>"$dir/starts"
done
median <"$dir/starts" | xargs printf '%-34s %10s ms (median of 5)\n' "screen: start to first full screen"
pid=$(tmux -L "$sock" display -p -t b '#{pane_pid}')
tmux -L "$sock" send-keys -t b NPage NPage End Home
sleep 0.5
printf '%-34s %10s kB\n' "screen: peak RSS (VmHWM)" \
    "$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")"
ls -l "$bin" | awk '{ printf "%-34s %10d bytes\n", "binary size (callq, -O2 -g)", $5 }'
size "$bin" | awk 'NR == 2 { printf "%-34s %10d bytes\n", "binary text+data+bss", $4 }'
