# A database of its own on the tests' PostgreSQL (CALLQ_TEST_PG), as the
# man page has an administrator make one: owned by a plain role of the
# same name, UTF-8 in byte order. Both are dropped at exit. Sourced after
# lib.sh with floor set to the name; the caller has checked CALLQ_TEST_PG.
# (An e2e script that only needs a floor takes lib.sh's floor_db.)
# With logins set to the names of the floor's users, their login roles
# ($p followed by the name: callq roles makes them, and a role is the
# cluster's, not the database's) go too, and the invoking account's ($me)
# unless it was there before.
had_me=1
[ -z "${logins:-}" ] || had_me=$(echo "SELECT count(*) FROM pg_roles
    WHERE rolname = '$me'" | pg_su)
pg_drop() {
	{
		echo "DROP DATABASE IF EXISTS $floor WITH (FORCE);"
		echo "DROP ROLE IF EXISTS $floor;"
		for l in ${logins:-}; do
			echo "DROP ROLE IF EXISTS $p$l;"
		done
		[ "$had_me" != 0 ] || echo "DROP ROLE IF EXISTS \"$me\";"
	} | pg_su >/dev/null 2>&1
	cleanup
}
trap pg_drop EXIT
printf '%s\n' "CREATE ROLE $floor LOGIN;" \
    "CREATE DATABASE $floor OWNER $floor TEMPLATE template0" \
    "  ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';" | pg_su
