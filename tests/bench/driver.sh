# make bench's driver choice, sourced by the bench scripts:
# CALLQ_BENCH_DRIVER=sqlite (the default) or pg. On pg the floor is the
# same SQLite floor (floor.sh) copied by `callq migrate --to` into a
# database of a private PostgreSQL 15 (tests/pg/server.sh) on a Unix
# socket, the loopback of this machine. Needs $top and $bin set.
#
#   bench_pg_start          starts the server once (bench_pg_stop stops it)
#   bench_db FLOOR NAME     sets bench_out to a --db for a writable copy of
#                           FLOOR: $bench_dir/NAME.db (sqlite), or database
#                           NAME made from the one callq migrate filled (pg)
#   bench_db_empty NAME     sets bench_out to a --db where `callq init`
#                           makes a floor
# They set a variable rather than print: the server they start, and the
# floor they copied, must outlive them, which a $(...) would not let.
#   bench_db_done DB        drops the copy DB
#   bench_sql DB SQL        runs SQL (one text both dialects read) on DB
#   bench_server_note       one line: the server and its settings
bench_driver=${CALLQ_BENCH_DRIVER:-sqlite}
case $bench_driver in
sqlite|pg) ;;
*)
	echo "CALLQ_BENCH_DRIVER=$bench_driver is not a driver: use sqlite or pg" >&2
	exit 64
	;;
esac
bench_pg_state=
bench_pg_conn=
bench_pg_floor=

# The bench's server differs from the tests' in what a floor of 200
# sessions needs: 250 connections, buffers for a 1M-lead floor, and
# durability as SQLite's WAL with synchronous=NORMAL has it (fsync on,
# a commit not waiting for its flush).
bench_pg_conf='max_connections = 250
shared_buffers = 512MB
fsync = on
full_page_writes = on
synchronous_commit = off'

bench_pg_start() {
	[ -z "$bench_pg_conn" ] || return 0
	bench_pg_state=$(mktemp /tmp/callq-bench-pgstate-XXXXXX)
	bench_pg_conn=$(sh "$top/tests/pg/server.sh" start "$bench_pg_state") ||
	    return 1
	d=$(sed -n 's/^dir=//p' "$bench_pg_state")
	o=$(sed -n 's/^owner=//p' "$bench_pg_state")
	printf '%s\n' "$bench_pg_conf" >>"$d/data/postgresql.conf"
	as_o() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$o" -- "$@"; else "$@"; fi; }
	(cd "$d" && as_o /usr/lib/postgresql/15/bin/pg_ctl -D "$d/data" \
	    -l "$d/server.log" -w -t 180 restart >/dev/null 2>&1) || {
		echo "bench: the PostgreSQL server did not restart: $(tail -n 3 "$d/server.log")" >&2
		return 1
	}
	# stop finds the postmaster by the pid recorded: the restart's.
	sed -i "s/^pid=.*/pid=$(head -n 1 "$d/data/postmaster.pid")/" \
	    "$bench_pg_state"
}

bench_pg_stop() {
	[ -z "$bench_pg_state" ] ||
	    sh "$top/tests/pg/server.sh" stop "$bench_pg_state" >/dev/null 2>&1
	bench_pg_state= bench_pg_conn= bench_pg_floor=
}

# The server's superuser on database $1.
bench_psql() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$bench_pg_conn dbname=$1"
}

bench_pg_create() {
	echo "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 TEMPLATE template0
	    ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';" |
	    bench_psql postgres >/dev/null
}

bench_db_empty() {
	case $bench_driver in
	sqlite)
		bench_out=${bench_dir:?}/$1.db
		;;
	pg)
		bench_pg_start && bench_pg_create "$1" || return 1
		bench_out="postgresql:$bench_pg_conn dbname=$1"
		;;
	esac
}

bench_db() {
	case $bench_driver in
	sqlite)
		cp "$1" "${bench_dir:?}/$2.db" && bench_out=$bench_dir/$2.db
		;;
	pg)
		# One migrate a floor a server (1M leads: minutes); each
		# copy after it is a database made from that one.
		if [ "$bench_pg_floor" != "$1" ]; then
			bench_db_empty floor_copy || return 1
			t=$(date +%s)
			"$bin" --db "$1" migrate --to "$bench_out" \
			    >"$bench_dir/migrate.out" ||
			    { cat "$bench_dir/migrate.out" >&2; return 1; }
			# Statistics for the planner, as after any bulk load.
			echo "VACUUM ANALYZE;" | bench_psql floor_copy >/dev/null
			echo "bench: callq migrate --to (and VACUUM ANALYZE) of" \
			    "$1: $(($(date +%s) - t)) s" >&2
			bench_pg_floor=$1
		fi
		echo "DROP DATABASE IF EXISTS $2; CREATE DATABASE $2 TEMPLATE
		    floor_copy;" | bench_psql postgres >/dev/null || return 1
		bench_out="postgresql:$bench_pg_conn dbname=$2"
		;;
	esac
}

# bench_db_done DB: the copy is no longer needed (a 1M floor takes GBs).
bench_db_done() {
	case $1 in
	postgresql:*)
		echo "DROP DATABASE IF EXISTS ${1##*dbname=} WITH (FORCE);" |
		    bench_psql postgres >/dev/null
		;;
	*) rm -f "$1" "$1-wal" "$1-shm" ;;
	esac
}

bench_sql() {
	case $1 in
	postgresql:*) psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d "${1#postgresql:}" -c "$2" ;;
	*) sqlite3 -cmd '.timeout 10000' "$1" "$2" ;;
	esac
}

bench_server_note() {
	case $bench_driver in
	sqlite) echo "driver sqlite: WAL, synchronous=NORMAL, one file in /tmp" ;;
	pg) echo "driver pg: PostgreSQL 15 on a Unix socket;" \
	    $(printf '%s' "$bench_pg_conf" | tr '\n' ',' | sed 's/ = /=/g; s/,/, /g') ;;
	esac
}
