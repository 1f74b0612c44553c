#!/bin/sh
# make lint: only a driver's own files include its database library's
# header, so the rest of callq speaks to a database through
# src/store/driver.h alone and one C path serves SQLite and PostgreSQL.
# Tests under tests/ may still reach into SQLite. Prints a sentence per
# file that breaks the rule and fails; $1: the tree (default: this one).
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 1
bad=0

# check HEADER DRIVER GLOB: files under src/ outside GLOB including HEADER.
check() {
	re=$(printf '%s' "$1" | sed 's/\./\\./g')
	for f in $(grep -rlE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]$re[>\"]" src); do
		case $f in
		$3) ;;
		*)
			echo "$f includes $1, which only the $2 driver" \
			    "($3) may; use src/store/driver.h instead"
			bad=1 ;;
		esac
	done
}
check sqlite3.h SQLite 'src/store/sqlite*.[ch]'
check libpq-fe.h PostgreSQL 'src/store/pg*.[ch]'
[ $bad -eq 0 ] && echo "src/: sqlite3.h and libpq-fe.h only in their drivers"
exit $bad
