#!/bin/sh
# Runs every test: the cmocka unit binaries given as arguments, those of
# them tests/pg/units.txt names again on PostgreSQL, then the end-to-end
# scripts against the sanitized binary, then the PostgreSQL scripts in
# tests/pg/, then the end-to-end scripts tests/pg/e2e.txt names again with
# their floors on PostgreSQL. Prints each runner's summary and a last line
# "N passed, M failed"; fails on any failure.
set -u
cd "$(dirname "$0")/.." || exit 1
passed=0
failed=0
skipped=0

count() { # $1: a runner's output; adds its counts to the totals
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	e=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$1" |
	    tail -n 1)
	if [ -n "$e" ]; then
		p=${e% *}
		f=${e#* }
	fi
	k=$(sed -n -e 's/^\([0-9]*\) skipped$/\1/p' \
	    -e 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	skipped=$((skipped + ${k:-0}))
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}

out=$(mktemp)
pgstate=$(mktemp)
# The test server goes whatever happens: tests passing or failing, or
# make interrupted (the EXIT trap runs on the signals' exit too).
pg_stop() {
	[ -s "$pgstate" ] && sh tests/pg/server.sh stop "$pgstate" >/dev/null
	rm -f "$pgstate"
}
trap 'pg_stop; rm -f "$out"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# A PostgreSQL 15 of the tests' own (tests/pg/server.sh), named to them by
# CALLQ_TEST_PG. One that cannot start is a failure, not a skip: the
# PostgreSQL tests then skip, each saying so.
echo "== tests/pg/server.sh start"
if CALLQ_TEST_PG=$(sh tests/pg/server.sh start "$pgstate" 2>"$out"); then
	export CALLQ_TEST_PG
	echo "PostgreSQL for the tests: $CALLQ_TEST_PG"
else
	cat "$out"
	echo "!! the tests' PostgreSQL server did not start"
	failed=$((failed + 1))
	unset CALLQ_TEST_PG
fi

for t in "$@"; do
	echo "== $t"
	if ! "$t" >"$out" 2>&1; then
		failed=$((failed + 1))	# a crash or a sanitizer report counts too
		echo "!! $t exited non-zero"
	fi
	cat "$out"
	count "$out"
done
# The unit binaries tests/pg/units.txt names, once more with their
# floors on PostgreSQL (tests/unit/fixture.c): the list grows as the
# store's SQL comes to run on both.
for name in $(sed 's/#.*//' tests/pg/units.txt); do
	t=
	for u in "$@"; do
		[ "${u##*/}" = "$name" ] && t=$u
	done
	if [ -z "$t" ]; then
		echo "!! tests/pg/units.txt names $name, which is not built"
		failed=$((failed + 1))
		continue
	fi
	echo "== $t on PostgreSQL"
	if [ -z "${CALLQ_TEST_PG:-}" ]; then
		echo "$t on PostgreSQL: skipped, the server did not start"
		skipped=$((skipped + 1))
		continue
	fi
	if ! CALLQ_TEST_DRIVER=pg "$t" >"$out" 2>&1; then
		failed=$((failed + 1))
		echo "!! $t exited non-zero on PostgreSQL"
	fi
	cat "$out"
	count "$out"
done
for t in tests/e2e/*.sh tests/pg/*.sh; do
	[ "$t" != tests/pg/server.sh ] || continue	# the harness itself
	echo "== $t"
	if ! sh "$t" >"$out" 2>&1; then
		grep -q '^[0-9]* passed, [1-9][0-9]* failed$' "$out" ||
		    failed=$((failed + 1))
	fi
	cat "$out"
	count "$out"
done
# The end-to-end scripts tests/pg/e2e.txt names, once more with their
# floors on PostgreSQL (floor_db in tests/lib.sh): the list grows as the
# store's SQL comes to run on both.
for name in $(sed 's/#.*//' tests/pg/e2e.txt); do
	t=tests/e2e/$name.sh
	echo "== $t on PostgreSQL"
	if [ ! -f "$t" ]; then
		echo "!! tests/pg/e2e.txt names $name, and there is no $t"
		failed=$((failed + 1))
		continue
	fi
	if [ -z "${CALLQ_TEST_PG:-}" ]; then
		echo "$t on PostgreSQL: skipped, the server did not start"
		skipped=$((skipped + 1))
		continue
	fi
	if ! CALLQ_TEST_DRIVER=pg sh "$t" >"$out" 2>&1; then
		grep -q '^[0-9]* passed, [1-9][0-9]* failed$' "$out" ||
		    failed=$((failed + 1))
	fi
	cat "$out"
	count "$out"
done
echo
[ "$skipped" -eq 0 ] || echo "$skipped skipped (each says why above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
