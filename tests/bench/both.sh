#!/bin/sh
# make bench, SQLite beside PostgreSQL, in one run on this machine: the
# 1,000,000-lead floor (floor.sh) on each driver (driver.sh: on pg,
# copied by callq migrate into a private server on a Unix socket), then
# on each in turn
#   - the floor at its fullest (sessions.sh): 100 CLI loggers and 100
#     TUI sessions moving and logging for $CALLQ_BENCH_SECONDS (60) s;
#   - the screen at 1M leads as rep1 (screen.sh): launch, first screen,
#     keys, a quick-log's save;
#   - a 1,000,000-row import (gen_leads.py) by callq import into a fresh
#     floor ($CALLQ_BENCH_IMPORT_ROWS, default 1000000; 0 skips it).
#   - paced: the floor again, each logger pausing $CALLQ_BENCH_PACED (3)
#     s after a call, as a rep would (asked for in CALLQ_BENCH_PARTS);
# Prints each figure once a driver, side by side. CALLQ_BENCH_PARTS
# (default "sessions screen import") picks parts; CALLQ_BENCH_DRIVERS
# (default "sqlite pg") the drivers; CALLQ_BENCH_LEADS (default 1000000)
# the floor's leads, fewer for a run of minutes. Asserts nothing.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${CALLQ_BIN:-$top/callq}
bench=$top/tests/bench
export CALLQ_BENCH_CACHE="${CALLQ_BENCH_CACHE:-/tmp/callq-bench-cache}"
export CALLQ_NOW="${CALLQ_NOW:-1795449600}" TZ=UTC
parts=${CALLQ_BENCH_PARTS:-sessions screen import}
drivers=${CALLQ_BENCH_DRIVERS:-sqlite pg}
rows=${CALLQ_BENCH_IMPORT_ROWS:-1000000}
leads=${CALLQ_BENCH_LEADS:-1000000}
. "$bench/driver.sh"
bench_dir=$(mktemp -d /tmp/callq-bench-both-XXXXXX)
trap 'bench_pg_stop; rm -rf "$bench_dir"' EXIT
out=$bench_dir/out
mkdir "$out"

if echo " $drivers " | grep -q ' pg ' &&
    { [ ! -x /usr/lib/postgresql/15/bin/initdb ] || ! command -v psql >/dev/null; }; then
	echo "both: PostgreSQL 15 is not installed (make deps): SQLite alone"
	drivers=sqlite
fi
has() { echo " $parts " | grep -q " $1 "; }
floor=$(sh "$bench/floor.sh" "$leads") || exit 1
echo "both: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the start;" \
    "floor $floor"

for drv in $drivers; do
	bench_driver=$drv
	export CALLQ_BENCH_DRIVER=$drv
	if has sessions; then
		bench_db "$floor" sessions || exit 1
		db=$bench_out
		sh "$bench/sessions.sh" "$db" >"$out/sessions.$drv"
		bench_db_done "$db"
	fi
	if has paced; then
		bench_db "$floor" paced || exit 1
		db=$bench_out
		CALLQ_BENCH_PACE=${CALLQ_BENCH_PACED:-3} sh "$bench/sessions.sh" \
		    "$db" >"$out/paced.$drv"
		bench_db_done "$db"
	fi
	if has screen; then
		bench_db "$floor" screen || exit 1
		db=$bench_out
		sh "$bench/screen.sh" "$db" rep1 >"$out/screen.$drv"
		bench_db_done "$db"
	fi
	if has import && [ "$rows" -gt 0 ]; then
		[ -f "$bench_dir/leads.csv" ] || python3 "$bench/gen_leads.py" \
		    "$rows" 1 >"$bench_dir/leads.csv"
		bench_db_empty import || exit 1
		db=$bench_out
		"$bin" --db "$db" init >/dev/null || exit 1
		t=$(date +%s%N)
		if "$bin" --db "$db" import "$bench_dir/leads.csv" --region Bench \
		    --country US >/dev/null 2>"$bench_dir/import.err"; then
			s=$(( ($(date +%s%N) - t) / 1000000 ))
			echo "import_s $(awk -v s="$s" 'BEGIN { printf "%.1f", s / 1000 }')"
			echo "import_rows_per_s $(awk -v s="$s" -v n="$rows" 'BEGIN { printf "%.0f", n * 1000 / s }')"
			"$bin" --db "$db" batch list --format csv | tail -n 1 |
			    awk -F, '{ printf "import_counts %s/%s/%s/%s\n", $6, $7, $8, $9 }'
		else
			echo "import_s failed: $(head -n 1 "$bench_dir/import.err")"
		fi >"$out/import.$drv"
		bench_db_done "$db"
	fi
done

# side NAME...: one line a figure of the parts' outputs, a column a driver.
printf '\n%-44s' "figure ($rows-row import; $leads-lead floor)"
for drv in $drivers; do printf ' | %-48s' "$drv"; done
echo
for part in sessions paced screen import; do
	has "$part" || continue
	first=$(echo "$drivers" | cut -d' ' -f1)
	[ -f "$out/$part.$first" ] || continue
	[ "$part" != paced ] || echo "paced: the same, each logger pausing ${CALLQ_BENCH_PACED:-3} s after a call"
	if [ "$part" = sessions ] || [ "$part" = paced ]; then
		cut -c1-41 "$out/$part.$first" | sed 's/ *$//'
	else
		awk '{ print $1 }' "$out/$part.$first"
	fi | while IFS= read -r name; do
		printf '%-44s' "$name"
		for drv in $drivers; do
			if [ "$part" = sessions ] || [ "$part" = paced ]; then
				v=$(awk -v n="$name" 'substr($0, 1, length(n)) == n {
				    print substr($0, 42); exit }' "$out/$part.$drv")
			else
				v=$(awk -v n="$name" '$1 == n { $1 = ""; print substr($0, 2); exit }' \
				    "$out/$part.$drv")
			fi
			printf ' | %-48s' "${v:--}"
		done
		echo
	done
done
echo "both: load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
