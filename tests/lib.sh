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
	rm -rf "$scratch"
}
trap cleanup EXIT
export TZ=UTC
unset CALLQ_DB CALLQ_NOW NO_COLOR

# Monday 2026-11-23 16:00 UTC: 11:00 in New York, 16:00 in London, inside
# every demo lead's calling hours. Tests that look at the queue fix the
# clock here (callq honours CALLQ_NOW only for a process it can trust).
daytime=1795449600

ok() { # $1: what was checked; $2...: a command that must succeed
	what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok - $what"
	else
		failed=$((failed + 1))
		echo "not ok - $what"
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
