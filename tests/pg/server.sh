#!/bin/sh
# A throw-away PostgreSQL 15 for the tests: initdb in a fresh temporary
# directory, reachable only through a Unix socket in that directory.
#
#   server.sh start STATE   starts one; prints its conninfo
#                           (host=DIR port=N dbname=callq user=U) and
#                           writes what stop needs to the file STATE
#   server.sh stop STATE    stops that server alone and removes its
#                           directory and STATE
#
# As root the server runs as the postgres system user (initdb refuses
# root), in a directory that user owns; otherwise as the caller. The
# socket directory is 0700: only the server's owner (and root) can
# connect, so trust authentication lets no other user in. Each start has
# its own directory and port, so two may run at once.
set -u
PGBIN=${CALLQ_PGBIN:-/usr/lib/postgresql/15/bin}
# A loaded machine may take long to start a cluster: pg_ctl waits this
# many seconds before it gives up.
START_WAIT=180

die() {
	echo "tests/pg/server.sh: $*" >&2
	exit 1
}

# Runs "$@" as the server's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start() {
	state=$1
	[ -x "$PGBIN/initdb" ] || die "no $PGBIN/initdb: install postgresql-15 (make deps)"
	base=${TMPDIR:-/tmp}
	if [ "$(id -u)" -eq 0 ]; then
		owner=postgres
		id postgres >/dev/null 2>&1 || die "no postgres user: install postgresql-15 (make deps)"
		base=/tmp	# root's TMPDIR may be closed to postgres
	else
		owner=$(id -un)
	fi
	dir=$(mktemp -d "$base/callq-pg.XXXXXX") || die "mktemp failed"
	# State first, so that a failed start is still cleaned up by stop.
	printf 'dir=%s\nowner=%s\n' "$dir" "$owner" >"$state" ||
	    die "cannot write $state"
	mkdir "$dir/sock" && chmod 0700 "$dir" "$dir/sock" || die "cannot make $dir/sock"
	[ "$owner" = "$(id -un)" ] || chown -R "$owner" "$dir" || die "cannot chown $dir"
	# The port only names the socket file; it differs per start anyway,
	# so that a conninfo never points at another run's server.
	port=$(( 20000 + ( $$ * 7 + $(date +%N | sed 's/^0*//;s/^$/0/') ) % 40000 ))
	(cd "$dir" && as_owner "$PGBIN/initdb" -D "$dir/data" -A trust -U "$owner" \
	    -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1) ||
	    die "initdb failed: $(tail -n 3 "$dir/initdb.log")"
	cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir/sock'
unix_socket_permissions = 0700
port = $port
# The tests' data is thrown away: durability only costs time here.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
shared_buffers = 16MB
# As doc/postgresql.md asks of a floor's server: an import's chunk beside
# other SERIALIZABLE sessions outgrows the default 64.
max_pred_locks_per_transaction = 256
CONF
	(cd "$dir" && as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
	    -w -t "$START_WAIT" start >/dev/null 2>&1) ||
	    die "the server did not start: $(tail -n 3 "$dir/server.log" 2>/dev/null)"
	pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null)
	printf 'pid=%s\n' "$pid" >>"$state"
	(cd "$dir" && as_owner "$PGBIN/createdb" -h "$dir/sock" -p "$port" \
	    -U "$owner" callq >"$dir/createdb.log" 2>&1) ||
	    die "createdb failed: $(cat "$dir/createdb.log")"
	echo "host=$dir/sock port=$port dbname=callq user=$owner"
}

stop() {
	state=$1
	[ -f "$state" ] || die "no state file $state"
	dir=$(sed -n 's/^dir=//p' "$state")
	pid=$(sed -n 's/^pid=//p' "$state")
	case $dir in
	*/callq-pg.*) ;;
	*) die "$state names no server directory" ;;
	esac
	if [ -f "$dir/data/postmaster.pid" ]; then
		(cd "$dir" && as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate \
		    -w -t 60 stop >/dev/null 2>&1)
	fi
	# pg_ctl failing leaves the postmaster this start recorded, and no other.
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
	    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$dir/data"; then
		kill -KILL "$pid" 2>/dev/null
	fi
	rm -rf "$dir"
	rm -f "$state"
}

[ $# -eq 2 ] || die "usage: server.sh start|stop STATE"
case $1 in
start) start "$2" ;;
stop) stop "$2" ;;
*) die "usage: server.sh start|stop STATE" ;;
esac
