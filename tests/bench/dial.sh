#!/bin/sh
# make bench, the dial part: a rep's screen on the demo floor while a
# dial waits 5 s for the fake provider (tests/fakeprov.py). Prints how
# long each key takes, from being read to the screen redrawn, with no
# dial out and then with one pending, and how long the answer took.
# Prints figures only; asserts nothing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/callq
dir=$(mktemp -d /tmp/callq-bench-dial-XXXXXX)
sock="callq-bench-dial-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
. "$top/tests/started.sh"
trap 'kill_started "$dir"; rm -rf "$dir"' EXIT
export CALLQ_NOW=1795449600 TZ=UTC LANG=C.UTF-8	# Mon 16:00 UTC
db=$dir/floor.db
"$bin" --db "$db" init --demo >/dev/null

echo delay >"$dir/mode"
python3 "$top/tests/fakeprov.py" "$dir/port" "$dir/requests" "$dir/mode" &
until [ -s "$dir/port" ]; do sleep 0.05; done
cat >"$dir/callq.conf" <<EOC
[dial]
provider = twilio
timeout_ms = 20000
[twilio]
account_sid = ACbench
auth_token = bench-token
caller_id = +14155550100
base_url = http://127.0.0.1:$(cat "$dir/port")
EOC
chmod 600 "$dir/callq.conf"

# stats FILE: p50, p99 and max of the numbers in FILE.
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "none"; exit }
	    p = int(NR * 0.99); if (p < 1) p = 1;
	    printf "p50 %.2f  p99 %.2f  max %.2f ms (n=%d)", v[int((NR + 1) / 2)],
	    v[p], v[NR], NR }'
}
keys() { # $1: how many j and k, a few ms apart
	i=0
	while [ "$i" -lt "$1" ]; do
		tm send-keys -t b j
		sleep 0.04
		tm send-keys -t b k
		sleep 0.04
		i=$((i + 1))
	done
}

tm new-session -d -s b -x 120 -y 40 \
    "env TERM=screen CALLQ_TRACE='$dir/trace' '$bin' --db '$db' --as rep1 --config '$dir/callq.conf'"
until tm capture-pane -p -t b | grep -q '? Help'; do sleep 0.05; done
keys 20
tm send-keys -t b c
until tm capture-pane -p -t b | grep -q 'Calling'; do sleep 0.01; done
tm send-keys -t b Left
keys 20
until grep -q dial-answer "$dir/trace"; do sleep 0.1; done
tm send-keys -t b q

# Keys j (106) and k (107) before the c (99), and between it and the answer.
awk -v idle="$dir/idle" -v pending="$dir/pending" '
    /^key 99 / { c = 1 }
    /^dial-answer/ { c = 2 }
    /^key 10[67] / { if (c == 0) print $3 > idle; else if (c == 1) print $3 > pending }
' "$dir/trace"
printf '%-40s %s\n' "dial: key, no dial out" "$(stats "$dir/idle")"
printf '%-40s %s\n' "dial: key, a dial pending (5 s delay)" \
    "$(stats "$dir/pending")"
printf '%-40s %s ms\n' "dial: c to the provider's answer" \
    "$(sed -n 's/^dial-answer //p' "$dir/trace")"
