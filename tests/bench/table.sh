#!/bin/sh
# make bench, the issue's table: the screen's figures (screen.sh) on the
# 1,000,000-lead floor (floor.sh) for rep1 (a book of 12,600 leads), rep2
# (600) and lead1 (a team lead: the board), beside the goals; with
# CALLQ_BENCH_10M=1, or when its floor is already cached, the same for
# rep1 and rep2 on 10,000,000 leads. Then start-up (startup.sh) and the
# floor under load (load.sh) on the 1M floor. Each part works on a copy
# of the cached floor, since the quick-logs write. Asserts nothing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bench=$top/tests/bench
cache=${CALLQ_BENCH_CACHE:-/tmp/callq-bench-cache}
export CALLQ_BENCH_CACHE="$cache"
dir=$(mktemp -d /tmp/callq-bench-table-XXXXXX)
trap 'rm -rf "$dir"' EXIT

floor1=$(sh "$bench/floor.sh" 1000000) || exit 1
cols="rep1:1M rep2:1M lead1:1M"
big=
if [ "${CALLQ_BENCH_10M:-0}" = 1 ]; then
	big=$(sh "$bench/floor.sh" 10000000) || exit 1
else
	big=$(sh "$bench/floor.sh" 10000000 cached) || big=
fi
[ -z "$big" ] || cols="$cols rep1:10M rep2:10M"

# Each floor's copy: the screens of one floor share it (their
# quick-logs touch only their own book).
cp "$floor1" "$dir/1M.db"
for c in $cols; do
	u=${c%%:*} f=${c#*:}
	if [ "$f" = 10M ] && [ ! -f "$dir/10M.db" ]; then
		rm -f "$dir/1M.db"	# room on /tmp for the big one
		cp "$big" "$dir/10M.db"
	fi
	sh "$bench/screen.sh" "$dir/$f.db" "$u" >"$dir/fig.$u.$f"
done
rm -f "$dir/10M.db"

# fig USER FLOOR NAME: one figure, "-" when not measured.
fig() { awk -v n="$3" '$1 == n { print $2; f = 1 } END { if (!f) print "-" }' \
    "$dir/fig.$1.$2"; }
# row LABEL GOAL CELL...: CELL is "NAME" (p50 alone), "NAME (p99)" or
# "A / B" for two p99s; filled for each column.
row() {
	label=$1 goal=$2 how=$3
	line=$(printf '| %-30s' "$label")
	for c in $cols; do
		u=${c%%:*} f=${c#*:}
		case $how in
		p50p99) v="$(fig "$u" "$f" "$4_p50") ($(fig "$u" "$f" "$4_p99"))" ;;
		pair) v="$(fig "$u" "$f" "$4_p99") / $(fig "$u" "$f" "$5_p99")" ;;
		one) v=$(fig "$u" "$f" "$4")
		     [ "$v" = - ] || v=$(printf '%.1f' "$v") ;;
		rss) v=$(fig "$u" "$f" rss)
		     [ "$v" = - ] || v=$(awk -v k="$v" 'BEGIN { printf "%.1f MiB", k / 1024 }') ;;
		esac
		line=$(printf '%s | %-15s' "$line" "$v")
	done
	printf '%s | %-11s |\n' "$line" "$goal"
}
books() {
	line=$(printf '| %-30s' "book: own live leads (due)")
	for c in $cols; do
		u=${c%%:*}
		v=$(sqlite3 "$floor1" "SELECT count(*) || ' (' ||
		    sum(l.next_followup_at <= ${CALLQ_NOW:-1795449600}) || ')'
		    FROM leads l JOIN users u ON u.id = l.owner_id WHERE u.login =
		    '$u' AND l.deleted_at IS NULL AND l.status NOT IN
		    ('Converted', 'Lost')")
		line=$(printf '%s | %-15s' "$line" "$v")
	done
	printf '%s | %-11s |\n' "$line" ""
}

echo "The issue's table: ms, p50 (p99) unless said; 120x40; CALLQ_TRACE"
line=$(printf '| %-30s' "figure")
sep="|--------------------------------"
for c in $cols; do
	line=$(printf '%s | %-15s' "$line" "${c%%:*}, ${c#*:}")
	sep="$sep|-----------------"
done
printf '%s | %-11s |\n%s|-------------|\n' "$line" "goal" "$sep"
books
row "launch to queue drawn" "< 50 ms" p50p99 launch
row "in-process first screen" "< 10 ms" p50p99 first
row "PgDn / PgUp, p99" "< 8 ms p99" pair pgdn pgup
row "j" "< 8 ms p99" p50p99 j
row "Enter / Left (open, close)" "" pair open close
row "quick-log save (Enter)" "< 8 ms" p50p99 save
row "  its commit alone" "" p50p99 commit
row "g o pools, first draw" "< 16 ms" one go
row "g b board, first draw" "< 16 ms" one gb
row "g p pipeline, first draw" "" one gp
row "peak RSS (VmHWM)" "<= 12 MiB" rss
echo "(- : not measured; a rep has no board. lead1 owns no leads: its queue is the fresh pool)"

cp "$floor1" "$dir/1M.db"
sh "$bench/startup.sh" "$dir/1M.db"
sh "$bench/load.sh" "$dir/1M.db"
