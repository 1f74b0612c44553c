# Helpers for the end-to-end tests: counters, a private tmux server, and a
# scratch directory removed on exit. Sourced, not run.
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${CALLQ_BIN:-$top/build/cc/test/callq}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
scratch=$(mktemp -d /tmp/callq-e2e-XXXXXX)
sock="callq-e2e-$$"
passed=0
failed=0
skipped=0

# Sessions are quit with q; anything left is killed outright, because a
# sanitized binary that dies by hangup can hang in LeakSanitizer's exit.
. "$top/tests/started.sh"
cleanup() {
	kill_started "$scratch"
	pg_floors_drop
	rm -rf "$scratch"
}
trap cleanup EXIT
export TZ=UTC
unset CALLQ_DB CALLQ_NOW NO_COLOR

# Monday 2026-11-23 16:00 UTC: 11:00 in New York, 16:00 in London, inside
# every demo lead's calling hours. Tests that look at the queue fix the
# clock here (callq honours CALLQ_NOW only for a process it can trust).
daytime=1795449600

# Returns the check's own status, so "ok ... || show-why" prints why.
ok() { # $1: what was checked; $2...: a command that must succeed
	what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok - $what"
	else
		failed=$((failed + 1))
		echo "not ok - $what"
		return 1
	fi
}

# skip WHAT WHY...: a check this machine cannot make, said as such.
skip() {
	what=$1
	shift
	skipped=$((skipped + 1))
	echo "skip - $what: $*"
}

finish() {
	[ "$skipped" -eq 0 ] || echo "$skipped skipped"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# tmux on a private socket, without the user's configuration.
tm() { tmux -L "$sock" -f /dev/null "$@"; }

screen() { tm capture-pane -p -t "$1"; }

# How long a wait lasts before its check fails, in seconds: a check waits
# on its event, never on a guessed delay, and a loaded machine running
# sanitized binaries must make it slower, never wrong.
wait_cap=120

# within COMMAND...: retries COMMAND every 0.1 s until it succeeds, for up
# to wait_cap seconds.
within() {
	within_end=$(($(date +%s) + wait_cap))
	until "$@"; do
		[ "$(date +%s)" -lt "$within_end" ] || return 1
		sleep 0.1
	done
}

shows() { screen "$1" | grep -Eq -- "$2"; }

# Waits until the pane shows text matching the extended regex $2.
wait_for() {
	within shows "$1" "$2" && return 0
	echo "# timed out waiting for /$2/ in:"
	screen "$1" | sed 's/^/#   /'
	return 1
}

# Retries the shell condition $1 until it holds: the screen is checked as
# soon as it is ready, never after a guessed delay.
eventually() { within sh -c "$1"; }

# Waits until the pane no longer shows $2.
hides() { ! shows "$1" "$2"; }
wait_gone() { within hides "$1" "$2"; }

# The driver the test's floors are on, as for the unit tests
# (tests/unit/fixture.c): SQLite files in the scratch directory, or with
# CALLQ_TEST_DRIVER=pg databases of their own on the PostgreSQL server
# CALLQ_TEST_PG names (tests/run-all.sh reruns the scripts
# tests/pg/e2e.txt names so). A test gets its floor from floor_db and
# reads it with "$sq", never with sqlite3 itself, so one script runs on
# both.
driver=sqlite
if [ "${CALLQ_TEST_DRIVER:-}" = pg ]; then
	driver=pg
	if [ -z "${CALLQ_TEST_PG:-}" ] || ! command -v psql >/dev/null; then
		echo "not ok - CALLQ_TEST_DRIVER=pg needs psql and CALLQ_TEST_PG," \
		    "a server's conninfo (tests/pg/server.sh start prints one)"
		exit 1
	fi
fi

# pg_su: runs the SQL on stdin as the server's superuser.
pg_su() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$CALLQ_TEST_PG dbname=postgres"
}

# pg_needed WHAT: a script that needs the tests' PostgreSQL (CALLQ_TEST_PG,
# which tests/run-all.sh starts) and psql stops here without them,
# WHAT counted as skipped.
pg_needed() {
	[ -n "${CALLQ_TEST_PG:-}" ] && command -v psql >/dev/null && return 0
	skip "$1" "CALLQ_TEST_PG is not set (tests/run-all.sh starts a server)"
	finish
	exit
}

# pg_server_own WHAT: a PostgreSQL 15 of the script's own (tests/pg/
# server.sh), for a script that stops it or changes its settings, which
# the tests' shared server must keep: CALLQ_TEST_PG names it, pg_state
# is its state file. Stopped on the way out, after the script's sessions,
# a signal's way too. Without PostgreSQL, WHAT is counted as skipped.
pg_server_own() {
	PGBIN=${CALLQ_PGBIN:-/usr/lib/postgresql/15/bin}
	if [ ! -x "$PGBIN/pg_ctl" ] || ! command -v psql >/dev/null; then
		skip "$1" "no $PGBIN/pg_ctl or psql (make deps)"
		finish
		exit
	fi
	pg_state=$(mktemp /tmp/callq-pgown.XXXXXX)
	if ! CALLQ_TEST_PG=$(sh "$top/tests/pg/server.sh" start "$pg_state")
	then
		echo "not ok - the test's own PostgreSQL server did not start"
		exit 1
	fi
	export CALLQ_TEST_PG
	trap 'cleanup; sh "$top/tests/pg/server.sh" stop "$pg_state"' EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	trap 'exit 129' HUP
}

# floor_db NAME: sets db to a new, empty floor's name for --db: the file
# $scratch/NAME.db, or on PostgreSQL a database owned by a plain role of
# its own, both made as the man page has an administrator make them and
# dropped at exit. Not in a subshell: it sets db.
floor_db() {
	if [ "$driver" = sqlite ]; then
		db=$scratch/$1.db
		return
	fi
	echo "$1" >>"$scratch/pgfloors"
	db_role=callq_e2e_$$_$(wc -l <"$scratch/pgfloors")
	printf '%s\n' "CREATE ROLE $db_role LOGIN;" \
	    "CREATE DATABASE $db_role OWNER $db_role TEMPLATE template0" \
	    "  ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';" | pg_su ||
	    exit 1
	db="postgresql:$CALLQ_TEST_PG user=$db_role dbname=$db_role"
}

pg_floors_drop() {
	[ -f "$scratch/pgfloors" ] || return 0
	n=$(wc -l <"$scratch/pgfloors")
	while [ "$n" -gt 0 ]; do
		printf '%s\n' \
		    "DROP DATABASE IF EXISTS callq_e2e_$$_$n WITH (FORCE);" \
		    "DROP ROLE IF EXISTS callq_e2e_$$_$n;"
		n=$((n - 1))
	done | pg_su >/dev/null 2>&1
	rm -f "$scratch/pgfloors"
}

# "$sq" DB SQL reads a floor on either driver (tests/sq).
sq=$top/tests/sq

# sqlite_only WHY: the test reads or handles the SQLite file itself; on
# PostgreSQL it is skipped whole, counted, saying why.
sqlite_only() {
	[ "$driver" = sqlite ] && return 0
	skip "${0##*/} on PostgreSQL" "$*"
	finish
	exit
}
