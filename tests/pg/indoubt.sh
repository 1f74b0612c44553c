#!/bin/sh
# A COMMIT the server never answers: callq says it cannot know whether
# the change was saved, exits 69, and does not make it again. The server
# is made to sit on every COMMIT, as a primary does whose synchronous
# standby has gone (synchronous_standby_names naming no one), and the
# session waiting there is then ended, as a failover ends it: the change
# is saved on the primary, and the client never hears so. A note added
# so is there once; a migrate so cut off says to --verify, which then
# finds the copy whole. The test runs a server of its own
# (tests/pg/server.sh), whose settings it changes.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

pg_server_own "a COMMIT left unanswered"

# standby_wait on|off: every COMMIT waits for a standby that never
# comes, or none does.
standby_wait() {
	if [ "$1" = on ]; then
		echo "ALTER SYSTEM SET synchronous_standby_names = 'callq_none';"
		# The tests' server commits without waiting (server.sh).
		echo "ALTER SYSTEM SET synchronous_commit = on;"
	else
		echo "ALTER SYSTEM RESET synchronous_standby_names;"
		echo "ALTER SYSTEM RESET synchronous_commit;"
	fi | pg_su >/dev/null && echo "SELECT pg_reload_conf();" | pg_su >/dev/null
}
# cut_commit DBNAME: ends the session that waits on its COMMIT in
# DBNAME, once there is one; fails if none came.
cut_commit() {
	waiting="SELECT pid FROM pg_stat_activity WHERE datname = '$1'
	    AND wait_event = 'SyncRep'"
	eventually "[ -n \"\$(echo \"$waiting\" | psql -X -q -At -d '$CALLQ_TEST_PG dbname=postgres')\" ]" &&
	    echo "SELECT pg_terminate_backend(pid) FROM ($waiting) w" |
	    pg_su >/dev/null
}
# in_doubt NAME: callq's run NAME (started in the background, its pid in
# $scratch/NAME.pid) ended with 69 and one sentence containing what the
# rest of the arguments say.
in_doubt() {
	name=$1
	shift
	wait "$(cat "$scratch/$name.pid")"
	st=$?
	[ $st -eq 69 ] && [ "$(wc -l <"$scratch/$name.err")" -eq 1 ] &&
	    grep -q "$*" "$scratch/$name.err" ||
	    { echo "# exit $st:"; sed 's/^/#   /' "$scratch/$name.err"; return 1; }
}

driver=pg
floor_db indoubt
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq lead add --name "Acme Bakery" --phone +12125550101 --region East \
    >/dev/null
notes() { "$sq" "$db" "SELECT count(*) FROM notes WHERE body = '$1'"; }
# The migrate's source and target, made while COMMITs are answered.
lite=$scratch/lite.db
"$bin" --db "$lite" init --demo >/dev/null
target_role=callq_indoubt_$$
printf '%s\n' "CREATE ROLE $target_role LOGIN;" \
    "CREATE DATABASE $target_role OWNER $target_role TEMPLATE template0" \
    "  ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';" | pg_su ||
    exit 1
target="postgresql:$CALLQ_TEST_PG user=$target_role dbname=$target_role"

standby_wait on
cq note add 1 "left unanswered" >/dev/null 2>"$scratch/note.err" &
echo $! >"$scratch/note.pid"
ok "a note's COMMIT waits on the server, and its session is ended" \
    cut_commit "${db##*dbname=}"
ok "callq exits 69 in one sentence: it cannot know whether it was saved" \
    in_doubt note "whether the change was saved is not known, so it was not made again"
ok "... which says to look before making it again" \
    grep -q "look before you make it again" "$scratch/note.err"
ok "the note was saved on the server, once: never made again" \
    test "$(notes "left unanswered")" -eq 1

"$bin" --db "$lite" migrate --to "$target" >"$scratch/copy" \
    2>"$scratch/copy.err" &
echo $! >"$scratch/copy.pid"
ok "a migrate's COMMIT waits on the server, and its session is ended" \
    cut_commit "$target_role"
ok "callq migrate exits 69: whether the copy was saved is not known" \
    in_doubt copy "PostgreSQL did not answer the copy at its commit: .*whether the copy was saved is not known, so run the same callq migrate with --verify"

standby_wait off
"$bin" --db "$lite" migrate --to "$target" --verify >"$scratch/verify" \
    2>"$scratch/verify.err"
ok "--verify then finds the copy whole: exit 0" test $? -eq 0 ||
    sed 's/^/#   /' "$scratch/verify.err"
ok "... saying the PostgreSQL database matches the floor" \
    grep -q "the PostgreSQL database matches the floor" "$scratch/verify"
cq note add 1 "answered" >/dev/null 2>"$scratch/after.err"
ok "a change after the server answers again is made as usual" test $? -eq 0 ||
    sed 's/^/#   /' "$scratch/after.err"
ok "... once" test "$(notes "answered")" -eq 1

printf '%s\n' "DROP DATABASE IF EXISTS $target_role WITH (FORCE);" \
    "DROP ROLE IF EXISTS $target_role;" | pg_su >/dev/null
finish
