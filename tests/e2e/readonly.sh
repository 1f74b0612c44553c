#!/bin/sh
# A floor callq may only read: on a read-only mount, or in a directory or
# file the user may not write. Lists, the queue and the batches still
# show; a change is refused in one sentence with exit 74 (a read-only
# filesystem) or 77 (no permission), and the database is left as it was.
# Root only: the mount needs it, and root ignores file modes, so the
# read-only directory is tried by a throwaway account.
#
# On PostgreSQL the server decides: a role granted only SELECT, and a
# database whose transactions are read-only by default. The floor shows
# there too, and a change is refused in one sentence with exit 77,
# leaving every table as it was.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime

# ready DB: a floor with a lead, a rep who has it, and a finished batch.
ready() {
	"$bin" --db "$1" init >/dev/null &&
	    "$bin" --db "$1" region add East --country US >/dev/null &&
	    "$bin" --db "$1" user add rep1 --role rep --region East \
	    >/dev/null &&
	    printf 'Name,Formatted phone number,City,Country\nAlpha Deli,+12127360101,New York,US\n' \
	    >"$scratch/east.csv" &&
	    "$bin" --db "$1" import "$scratch/east.csv" --region East \
	    >/dev/null &&
	    "$bin" --db "$1" assign 1 --to rep1 >/dev/null
}

# screen_refuses DB WHERE SENTENCE: rep1's screen on DB shows the queue,
# and l (which takes the lead first) says SENTENCE, why nothing can be
# changed; then it quits cleanly.
screen_refuses() {
	tm new-session -d -s s -x 120 -y 30 "env CALLQ_NOW=$daytime \
	    TERM=screen '$bin' --db '$1' --as rep1; \
	    echo EXIT=\$? >'$scratch/s.exit'; sleep 600"
	ok "the screen shows the queue $2" wait_for s "^ Alpha Deli"
	tm send-keys -t s l
	ok "a log there says why it cannot be made" wait_for s "$3"
	tm send-keys -t s Escape q
	ok "... and the screen quits cleanly" \
	    eventually "grep -qx 'EXIT=0' '$scratch/s.exit' 2>/dev/null"
	tm kill-session -t s
}

# reads DB WHO: lead list, the rep's queue and the batches, all from DB.
reads() {
	"$bin" --db "$1" lead list --format csv | grep -q '^1,Alpha Deli,' &&
	    "$bin" --db "$1" --as rep1 queue --format csv |
	    grep -q '^1,Alpha Deli,' &&
	    "$bin" --db "$1" batch list --format csv | grep -q '^1,complete,'
}

if [ "$driver" = pg ]; then
	floor_db ro
	ready "$db" || { echo "not ok - the floor could not be made"; exit 1; }
	reader=${db_role}_reader
	trap 'kill_started "$scratch"; pg_floors_drop
	    echo "DROP ROLE IF EXISTS $reader;" | pg_su >/dev/null 2>&1
	    rm -rf "$scratch"' EXIT
	echo "CREATE ROLE $reader LOGIN;" | pg_su || exit 1
	"$sq" "$db" "GRANT SELECT ON ALL TABLES IN SCHEMA public TO $reader" ||
	    exit 1
	rodb="postgresql:$CALLQ_TEST_PG user=$reader dbname=$db_role"
	# What a change would leave: every table's rows, and the lead's own.
	tables="notes calls audit leases followups assignments leads"
	state() {
		for t in $tables; do
			"$sq" "$db" "SELECT '$t', count(*) FROM $t"
		done
		"$sq" "$db" "SELECT id, name, owner_id, version FROM leads"
	}
	state >"$scratch/before"
	# refused DB CMD... TEXT: CMD is refused with 77 in one line on
	# stderr, saying TEXT after "callq: cannot write the database while".
	refused() {
		rdb=$1
		shift
		"$bin" --db "$rdb" "$@" >"$scratch/out" 2>"$scratch/err"
		st=$?
		[ $st -eq 77 ] && [ ! -s "$scratch/out" ] &&
		    [ "$(wc -l <"$scratch/err")" -eq 1 ] &&
		    grep -q "^callq: cannot write the database while" \
		    "$scratch/err" ||
		    { echo "# exit $st:"; sed 's/^/#   /' "$scratch/err"; return 1; }
	}
	ok "for a role granted only SELECT, the leads, queue and batches show" \
	    reads "$rodb"
	ok "a note there exits 77 in one sentence" \
	    refused "$rodb" note add 1 "a note"
	ok "... naming what the server refused" \
	    grep -q "adding the note: permission denied for table notes" \
	    "$scratch/err"
	ok "... and who can grant it" \
	    grep -q "notes; ask the database's administrator to grant" \
	    "$scratch/err"
	ok "a rep's log there, refused so" \
	    refused "$rodb" --as rep1 log 1 --disposition Busy --note "engaged"
	ok "a lead added there, refused so" refused "$rodb" lead add \
	    --name "Beta Cafe" --phone "+12127360102" --region East
	ok "an edit there, refused so" refused "$rodb" lead edit 1 --priority 3
	state >"$scratch/after"
	ok "... and every table is as it was" \
	    cmp -s "$scratch/before" "$scratch/after"

	screen_refuses "$rodb" "to a role that may only read" \
	    "cannot write the database while"

	echo "ALTER DATABASE $db_role SET default_transaction_read_only = on;" |
	    pg_su
	ok "in a database read-only by default, the floor shows to its owner" \
	    reads "$db"
	ok "a note there exits 77 in one sentence" \
	    refused "$db" note add 1 "a note"
	ok "... saying the transaction is read-only" \
	    grep -q "adding the note: cannot execute INSERT in a read-only transaction" \
	    "$scratch/err"
	ok "... and to look for the primary" \
	    grep -q "transaction; the server takes only reads here, so point callq at the primary" \
	    "$scratch/err"
	ok "a rep's log there, refused so" \
	    refused "$db" --as rep1 log 1 --disposition Busy --note "engaged"
	echo "ALTER DATABASE $db_role RESET default_transaction_read_only;" |
	    pg_su
	state >"$scratch/after"
	ok "... and every table is as it was" \
	    cmp -s "$scratch/before" "$scratch/after"
	finish
	exit
fi

if [ "$(id -u)" -ne 0 ]; then
	skip "a read-only floor" "needs root for a read-only mount and a" \
	    "throwaway account"
	finish
	exit
fi
test_bin=$bin
. "$top/tests/floor.sh"
bin=$test_bin
ro=$scratch/ro
# A check that fails must leave no mount behind, nor anything using one.
trap 'kill_started "$scratch"; umount "$ro" "$scratch/robare" 2>/dev/null
    floor_remove' EXIT

rw=$scratch/rw
mkdir -p "$rw"
cq() { "$bin" --db "$rw/callq.db" "$@"; }
ready "$rw/callq.db"
ok "the floor is ready: -wal and -shm beside the database" \
    test -e "$rw/callq.db-wal" -a -e "$rw/callq.db-shm"

# refused DB STATUS TEXT: a note is refused with STATUS, saying TEXT.
refused() {
	"$bin" --db "$1" note add 1 "a note" >"$scratch/out" 2>"$scratch/err"
	st=$?
	[ $st -eq "$2" ] && [ ! -s "$scratch/out" ] &&
	    [ "$(wc -l <"$scratch/err")" -eq 1 ] &&
	    grep -q "^callq: cannot change the database: $3" "$scratch/err" ||
	    { echo "# exit $st:"; sed 's/^/#   /' "$scratch/err"; return 1; }
}

# The mount: the floor's directory as it is, and a copy of the database
# alone, as a backup restored onto read-only media would be.
bare=$scratch/bare
mkdir -p "$ro" "$bare" "$scratch/robare"
cp "$rw/callq.db" "$bare/"
if ! mount -o bind,ro "$rw" "$ro" 2>/dev/null ||
    ! mount -o bind,ro "$bare" "$scratch/robare" 2>/dev/null; then
	umount "$ro" 2>/dev/null
	skip "a floor on a read-only mount" "this machine refuses mount -o bind,ro"
else
	ok "on a read-only mount, the leads, queue and batches show" \
	    reads "$ro/callq.db"
	ok "... and without -wal or -shm, which cannot be made there" \
	    reads "$scratch/robare/callq.db"
	ok "a note on a read-only mount exits 74 and says why" \
	    refused "$ro/callq.db" 74 "$ro/callq.db is on a read-only filesystem, where callq can only read it; remount it read-write to change it"
	ok "... as it does without -wal or -shm" \
	    refused "$scratch/robare/callq.db" 74 "$scratch/robare/callq.db is on a read-only filesystem"

	screen_refuses "$ro/callq.db" "on a read-only mount" \
	    "cannot change the database: $ro/callq.db is on a read-only"
	umount "$ro" "$scratch/robare"

	# Changes left in a -wal with no -shm: a reader without either
	# could only miss them, so callq refuses to read.
	cp "$rw/callq.db" "$bare/callq.db"
	python3 - "$rw/callq.db" "$bare" <<-'EOF'
	import shutil, sqlite3, sys
	db = sqlite3.connect(sys.argv[1])
	db.execute("PRAGMA wal_autocheckpoint=0")
	db.execute("UPDATE leads SET name = 'Alpha Deli 2' WHERE id = 1")
	db.commit()
	shutil.copy(sys.argv[1] + "-wal", sys.argv[2])
	EOF
	mount -o bind,ro "$bare" "$scratch/robare"
	"$bin" --db "$scratch/robare/callq.db" lead list >/dev/null \
	    2>"$scratch/err"
	ok "a -wal that holds changes, with no -shm, is refused with 74" \
	    test $? -eq 74
	ok "... saying what holds them and what to do" grep -q \
	    "^callq: cannot read $scratch/robare/callq.db: $scratch/robare/callq.db-wal holds changes not yet in the database, which SQLite reads only through a -shm that callq may not make here; open the database once with write access to take them in$" \
	    "$scratch/err"
	umount "$scratch/robare"

	# A schema older than this callq's, which it cannot upgrade there.
	cp "$rw/callq.db" "$bare/callq.db"
	rm -f "$bare/callq.db-wal"
	v=$(sqlite3 "$bare/callq.db" "PRAGMA user_version")
	sqlite3 "$bare/callq.db" "PRAGMA user_version=$((v - 1))"
	mount -o bind,ro "$bare" "$scratch/robare"
	"$bin" --db "$scratch/robare/callq.db" lead list >/dev/null \
	    2>"$scratch/err"
	ok "an older schema on a read-only mount is refused with 74" \
	    test $? -eq 74
	ok "... saying it cannot be upgraded there, and why" grep -q \
	    "^callq: cannot upgrade the database from schema version $((v - 1)) to $v: $scratch/robare/callq.db is on a read-only filesystem" \
	    "$scratch/err"
	umount "$scratch/robare"
fi
ok "the database was not changed" \
    sh -c "'$bin' --db '$rw/callq.db' timeline 1 --format csv >'$scratch/tl' && grep -q ',assign,' '$scratch/tl' && ! grep -q ',note,' '$scratch/tl'"

# A directory the user may not write, as a throwaway account who is the
# floor's admin: first with -wal and -shm it may not write, then with
# none and a database it may write but whose directory it may not.
u=cqro$tag
account "$u"
cq user add "$u" --role admin >/dev/null
dir=$scratch/rodir
mkdir -p "$dir"
cp "$rw/callq.db" "$rw/callq.db-wal" "$rw/callq.db-shm" "$dir/"
chmod 0644 "$dir"/callq.db*
chmod 0555 "$dir"
as_reads() {
	as "$u" "$bin" --db "$1" lead list --format csv | grep -q '^1,Alpha Deli' &&
	    as "$u" "$bin" --db "$1" --as rep1 queue --format csv |
	    grep -q '^id,' &&
	    as "$u" "$bin" --db "$1" batch list --format csv |
	    grep -q '^1,complete,'
}
as_refused() {
	as "$u" "$bin" --db "$1" note add 1 "a note" >"$scratch/out" \
	    2>"$scratch/err"
	st=$?
	[ $st -eq 77 ] && [ ! -s "$scratch/out" ] &&
	    [ "$(wc -l <"$scratch/err")" -eq 1 ] &&
	    grep -q "^callq: cannot change the database: $2" "$scratch/err" ||
	    { echo "# exit $st:"; sed 's/^/#   /' "$scratch/err"; return 1; }
}
ok "in a directory a user may not write, the floor shows to them" \
    as_reads "$dir/callq.db"
ok "a note there exits 77, naming the file they may not write" \
    as_refused "$dir/callq.db" "you may not write $dir/callq.db, so callq can only read it; ask its owner for write access$"
rm -f "$dir/callq.db-wal" "$dir/callq.db-shm"
chmod 0666 "$dir/callq.db"
ok "... and without -wal or -shm, which they may not make" \
    as_reads "$dir/callq.db"
ok "a note then exits 77, naming the directory" \
    as_refused "$dir/callq.db" "you may not write the directory of $dir/callq.db, where SQLite keeps its journal, so callq can only read it; ask the directory's owner for write access$"
ok "... and nothing was made beside the database" \
    test ! -e "$dir/callq.db-wal" -a ! -e "$dir/callq.db-shm"
finish
