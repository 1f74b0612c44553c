# A database of its own on the tests' PostgreSQL (CALLQ_TEST_PG), as the
# man page has an administrator make one: owned by a plain role of the
# same name, UTF-8 in byte order. Both are dropped at exit. Sourced after
# lib.sh with floor set to the name; the caller has checked CALLQ_TEST_PG.
# (An e2e script that only needs a floor takes lib.sh's floor_db.)
pg_drop() {
	printf '%s\n' "DROP DATABASE IF EXISTS $floor WITH (FORCE);" \
	    "DROP ROLE IF EXISTS $floor;" | pg_su >/dev/null 2>&1
	cleanup
}
trap pg_drop EXIT
printf '%s\n' "CREATE ROLE $floor LOGIN;" \
    "CREATE DATABASE $floor OWNER $floor TEMPLATE template0" \
    "  ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';" | pg_su
