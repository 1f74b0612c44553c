#!/bin/sh
# A shared floor whose callq.conf names a PostgreSQL server, with the
# harness's server (CALLQ_TEST_PG) behind a directory only callq's group
# may pass, as a floor's would be: a rep cannot make the floor's empty
# database, and with it make itself the floor's first admin.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "a rep's init of a PostgreSQL floor" "it needs root (accounts," \
	    "a group, chown); run make check as root to run it"
	finish
	exit
fi

if [ -z "${CALLQ_TEST_PG:-}" ] || ! command -v psql >/dev/null; then
	skip "a rep's init of an empty PostgreSQL floor" "no CALLQ_TEST_PG" \
	    "(tests/run-all.sh starts a server) or no psql"
	finish
	exit
fi
. "$top/tests/floor.sh"
rep=cqpr$tag
account "$rep"
floor_install
"$bin" region add East --country US >/dev/null
"$bin" user add "$rep" --role rep --region East >/dev/null

# floor_names CONNINFO: the floor's callq.conf names CONNINFO.
floor_names() {
	sed -i '/^\[database\]/,$d' "$conf"
	printf '[database]\npostgresql = %s\n' "$1" >>"$conf"
}

fdb=callq_fl_$tag
pgfloor_remove() {
	echo "DROP DATABASE IF EXISTS $fdb;" | psql -X -q -d "$CALLQ_TEST_PG" \
	    >/dev/null 2>&1
	floor_remove
}
trap pgfloor_remove EXIT
echo "CREATE DATABASE $fdb;" | psql -X -q -d "$CALLQ_TEST_PG" >/dev/null
pguser=$(echo "$CALLQ_TEST_PG" | sed -n 's/.*user=\([^ ]*\).*/\1/p')
group_socket
floor_names "host=$gdir port=$pgport dbname=$fdb user=$pguser password=s3cretZq9"
ntables() {
	echo "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND
	    relnamespace = 'public'::regnamespace" |
	    psql -X -q -At -d "$CALLQ_TEST_PG dbname=$fdb"
}

at_home "$rep" "$bin" init
ok "a rep's init of the floor's empty database is refused with status 77" \
    test $? -eq 77
ok "... saying who may" grep -q 'only root creates' "$scratch/out"
ok "... without the floor's password" secrets "$scratch/out"
ok "... and the database stays empty" test "$(ntables)" -eq 0
ok "... and no file was made in the rep's home" \
    test -z "$(find "$scratch/home/$rep" -name 'postgres*')"

# The same server named by the rep: any name but the floor's own is the
# rep's, reached without the group, so the socket is out of its reach.
at_home "$rep" "$bin" --db \
    "postgresql:host=$gdir port=$pgport dbname=$fdb user=$pguser" init
ok "a rep naming the floor's server with --db cannot make it either" \
    test "$(ntables)" -eq 0
finish
