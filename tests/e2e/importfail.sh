#!/bin/sh
# An import that fails after its first chunk, whatever the cause (its
# rejects file unwritable, gone or full, the database's disk full, the
# write lock held past the wait, a phone worker killed), ends with one
# sentence and the status callq(1) gives it, frees what it took, and
# leaves its batch interrupted: --discard removes it, and --resume ends
# it exactly as an import that never failed. An unwritable rejects file
# is refused before anything is written; the default one, beside a list
# in a read-only directory, goes to the user's data directory instead.
# On PostgreSQL too (tests/pg/e2e.txt): there the write lock held is a
# psql session's lock on leads, the disk that fills the one a floor's
# tablespace is on; and the server ending the import's session is no
# failure: callq connects again and the import ends as one never cut.
. "$(dirname "$0")/../lib.sh"

py=python3
# Each cause strikes once the first chunk (4,096 rows) is committed.
chunk=4096
# 30,000 rows of distinct valid numbers; from row 16,000 on every third
# is rejected (an invalid phone and a long name, to fill a small disk).
rows=30000
file=$scratch/leads.csv
$py -c "
print('Name,Formatted phone number,City,Country')
for i in range($rows):
    if i >= 16000 and i % 3 == 0:
        print('Lead %d whose phone no one could dial at all,12,New York,US' % i)
    else:
        print('Lead %d,+1 212 %03d %04d,New York,US' % (i, 200 + i // 10000, i % 10000))
" >"$file"

# Small disks, mounted by root only; unmounted before the scratch goes.
mounts=""
can_mount=0
if [ "$(id -u)" -eq 0 ] && mkdir "$scratch/probe" &&
    mount -t tmpfs -o size=64k callq-test "$scratch/probe" 2>/dev/null; then
	umount "$scratch/probe"
	can_mount=1
fi
small_disk() { # $1: directory, $2: size
	mkdir -p "$1" && mount -t tmpfs -o "size=$2" callq-test "$1" &&
	    mounts="$1 $mounts"
}
# A floor's tablespace on a small disk, in a directory of its own the
# server's owner can reach: dropped after the floors (its grant is to
# PUBLIC, so that no role depends on it), before its disk is unmounted.
tablespaces=""
tsdir=""
trap 'pg_floors_drop
    for t in $tablespaces; do
	printf "CHECKPOINT;\nDROP TABLESPACE %s;\n" $t | pg_su >/dev/null 2>&1
    done
    for m in $mounts; do umount "$m" 2>/dev/null; done
    [ -z "$tsdir" ] || rmdir "$tsdir"/* "$tsdir"
    chmod -R u+w "$scratch" 2>/dev/null; cleanup' EXIT

counts() { sed -n 's/^\(imported .*\) (batch [0-9]*)$/\1/p'; }
numbers() { "$sq" "$1" "SELECT phone_e164 FROM leads ORDER BY 1" | md5sum; }

# The reference: the same file, never failing.
ref=$scratch/ref.db
"$bin" --db "$ref" init >/dev/null
want=$("$bin" --db "$ref" import "$file" --region East --country US \
    --rejects "$scratch/ref.rejects.csv" | counts)
want_numbers=$(numbers "$ref")
ok "the reference import completes" test -n "$want"

# A helper this script starts and ends by pid: "hold DB" takes the write
# lock as soon as the first chunk is in and keeps it until killed; "stop
# DB PID" stops the import PID then (SIGSTOP) and exits. On PostgreSQL,
# psql waits inside the server, and holds what an import must write to:
# leads, locked against writers (readers go on, as on SQLite).
cat >"$scratch/after_chunk.py" <<'EOF'
import os, signal, sqlite3, sys, time
mode, db = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db, timeout=300, isolation_level=None)
deadline = time.monotonic() + 300
def done():
    try:
        return c.execute("SELECT coalesce(max(rows_read), 0)"
                         " FROM import_batches").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
while done() < int(os.environ["CHUNK"]):
    if time.monotonic() > deadline:
        sys.exit("no chunk was committed in 300 s")
    time.sleep(0.005)
if mode == "stop":
    os.kill(int(sys.argv[3]), signal.SIGSTOP)
    print(done(), flush=True)
    sys.exit(0)
c.execute("BEGIN IMMEDIATE")
print(done(), flush=True)
signal.pause()
EOF
export CHUNK=$chunk
pg_chunk_wait() { # one statement that ends once the chunk is in
	cat <<EOF
DO \$\$ DECLARE
	deadline timestamptz := clock_timestamp() + interval '300 s';
BEGIN
	WHILE (SELECT coalesce(max(rows_read), 0) FROM import_batches) < $CHUNK
	LOOP
		IF clock_timestamp() > deadline THEN
			RAISE 'no chunk was committed in 300 s';
		END IF;
		PERFORM pg_sleep(0.005);
	END LOOP;
END \$\$;
EOF
}
after_chunk() { # MODE DB [PID], as after_chunk.py
	if [ "$driver" = sqlite ] && [ "$1" = hold ]; then
		exec $py "$scratch/after_chunk.py" "$@"
	elif [ "$driver" = sqlite ]; then
		$py "$scratch/after_chunk.py" "$@"
		return
	fi
	case $1 in
	stop)	pg_chunk_wait | "$sq" "$2" && kill -STOP "$3" &&
		    "$sq" "$2" "SELECT max(rows_read) FROM import_batches" ;;
	# The server ends the lock with the session once psql is gone.
	hold)	{ pg_chunk_wait
		  echo "SET client_connection_check_interval = '100ms';"
		  echo "BEGIN; LOCK TABLE leads IN EXCLUSIVE MODE;"
		  echo "SELECT max(rows_read) FROM import_batches;"
		  echo "SELECT pg_sleep(600);"; } >"$scratch/hold.sql"
		exec psql -X -q -At -d "${2#postgresql:}" -f "$scratch/hold.sql" ;;
	esac
}

# fail NAME DB ARGS...: runs the import of $file into DB with ARGS (after
# "before", if set, has started the import in the background as $pid);
# leaves its status in rc, its stderr in $scratch/NAME.err, its batch in b.
fail() {
	name=$1
	fdb=$2
	shift 2
	"$bin" --db "$fdb" import "$file" --region East --country US "$@" \
	    >"$scratch/$name.out" 2>"$scratch/$name.err" &
	pid=$!
	[ -z "$during" ] || eval "$during"
	wait $pid
	rc=$?
	b=$("$sq" "$fdb" "SELECT max(id) FROM import_batches")
}
during=""

# failed NAME STATUS CAUSE: the import stopped with STATUS and one
# sentence: CAUSE (a basic regex), then how far it came and both ways on.
failed() {
	ok "$1: exit status $2" test "$rc" -eq "$2" ||
	    sed 's/^/#   /' "$scratch/$1.err"
	ok "$1: one sentence on standard error" \
	    test "$(wc -l <"$scratch/$1.err")" -eq 1
	ok "$1: it says what failed and how to go on" grep -q \
	    "^callq: $3; import stopped after [0-9]* rows; go on with: callq import $file --resume $b, or remove its leads with: callq import --discard $b$" \
	    "$scratch/$1.err" || sed 's/^/#   /' "$scratch/$1.err"
	ok "$1: it failed after the first chunk, before the last" sh -c \
	    "n=\$(sed -n 's/.*import stopped after \([0-9]*\) rows.*/\1/p' '$scratch/$1.err'); [ \"\${n:-0}\" -ge $chunk ] && [ \"\${n:-0}\" -lt $rows ]"
	ok "$1: nothing reached standard output" test ! -s "$scratch/$1.out"
}

# interrupted NAME DB: the batch b is interrupted, its leads in no list.
interrupted() {
	ok "$1: the batch is interrupted" sh -c \
	    "'$bin' --db '$2' batch list --format csv | grep -q '^$b,interrupted,'"
	ok "$1: its leads are in no list" test \
	    "$("$bin" --db "$2" lead list --limit 1 --format csv | wc -l)" -eq 1
}

# discarded NAME DB: --discard removes batch b and every lead it added.
discarded() {
	"$bin" --db "$2" import --discard "$b" >"$scratch/$1.discard" 2>&1
	ok "$1: --discard removes the batch" grep -q \
	    "^discarded batch $b: removed [1-9][0-9]* leads$" \
	    "$scratch/$1.discard"
	ok "$1: ... and every lead it added" test \
	    "$("$sq" "$2" "SELECT count(*) FROM leads WHERE batch_id = $b")" -eq 0
}

# resumed NAME DB REJECTS: --resume completes batch b as if it had never
# failed: the same counts, leads and rejects file as the reference.
resumed() {
	got=$("$bin" --db "$2" import "$file" --resume "$b" 2>"$scratch/$1.rerr" |
	    counts)
	ok "$1: --resume completes the batch" sh -c \
	    "'$bin' --db '$2' batch list --format csv | grep -q '^$b,complete,'" ||
	    sed 's/^/#   /' "$scratch/$1.rerr"
	ok "$1: ... with the reference's counts" test "$got" = "$want"
	ok "$1: ... and its leads, each once" test "$(numbers "$2")" = \
	    "$want_numbers"
	ok "$1: ... and its rejects file" cmp -s "$3" "$scratch/ref.rejects.csv"
}

# 1. A rejects file that cannot be written is refused before anything is:
# no batch, no lead, and the sentence says how to name another.
floor_db unwritable
unwritable_db=$db
"$bin" --db "$db" init >/dev/null
fail unwritable "$db" --rejects /nonexistent/r.csv
ok "unwritable: exit status 73" test $rc -eq 73 ||
    sed 's/^/#   /' "$scratch/unwritable.err"
ok "unwritable: one sentence, before anything is written" test \
    "$(cat "$scratch/unwritable.err")" = \
    "callq: cannot write the rejects file /nonexistent/r.csv: No such file or directory; nothing was imported: name one that can be written with --rejects PATH"
ok "unwritable: no batch was made" test -z "$b"
ok "unwritable: ... and no lead" \
    test "$("$sq" "$db" "SELECT count(*) FROM leads")" -eq 0
"$bin" --db "$db" import "$file" --region East --rejects "" 2>"$scratch/empty.err"
ok "an empty --rejects is a usage error (64)" test $? -eq 64
ok "... that says what to give" \
    grep -q "^callq: --rejects: name the file for the rows that are refused; usage: " \
    "$scratch/empty.err"
# A list in a directory that cannot be written (a read-only share): its
# rejects go to the user's data directory, named by the file and the
# first 8 digits of its SHA-256, and stderr says where.
sha8() { sha256sum "$1" | cut -c1-8; }
# readonly_dir DIR WAY [CSV]: DIR holding CSV ($file) as leads.csv, made
# read-only even to root: a read-only tmpfs ("tmpfs") or bind mount
# ("bind"), or, for anyone else, by its mode ("mode").
readonly_dir() {
	case $2 in
	tmpfs)	small_disk "$1" 4m ;;
	*)	mkdir -p "$1" ;;
	esac && cp "${3:-$file}" "$1/leads.csv" || return 1
	case $2 in
	tmpfs)	mount -o remount,ro "$1" ;;
	bind)	mount --bind "$1" "$1" && mounts="$1 $mounts" &&
		    mount -o remount,bind,ro "$1" ;;
	mode)	chmod a-w "$1" ;;
	esac
}
if [ $can_mount -eq 1 ]; then
	ways="tmpfs bind"
elif [ "$(id -u)" -ne 0 ]; then
	ways="mode"
else
	ways=""
	skip "a list in a read-only directory" \
	    "root may write anywhere, and mounting a read-only disk failed"
fi
for way in $ways; do
	floor_db "ro-$way"
	[ $way != tmpfs ] || ro_tmpfs_db=$db
	"$bin" --db "$db" init >/dev/null
	dir=$scratch/ro-$way
	readonly_dir "$dir" $way
	if [ $way = tmpfs ]; then
		# $XDG_DATA_HOME first
		data=$scratch/xdg-$way
		env XDG_DATA_HOME="$data" "$bin" --db "$db" import \
		    "$dir/leads.csv" --region East --country US \
		    >"$scratch/ro-$way.out" 2>"$scratch/ro-$way.err"
		rc=$?
		data=$data/callq
	else
		# else ~/.local/share
		data=$scratch/home-$way
		env -u XDG_DATA_HOME HOME="$data" "$bin" --db "$db" import \
		    "$dir/leads.csv" --region East --country US \
		    >"$scratch/ro-$way.out" 2>"$scratch/ro-$way.err"
		rc=$?
		data=$data/.local/share/callq
	fi
	got=$data/rejects/leads-$(sha8 "$file").rejects.csv
	ok "read-only $way: the import goes through" test $rc -eq 0 ||
	    sed 's/^/#   /' "$scratch/ro-$way.err"
	ok "read-only $way: ... with the reference's counts" \
	    test "$(counts <"$scratch/ro-$way.out")" = "$want"
	ok "read-only $way: ... its rejects in the data directory" \
	    cmp -s "$got" "$scratch/ref.rejects.csv"
	ok "read-only $way: ... which the summary names" \
	    grep -qx "rejects: $got" "$scratch/ro-$way.out"
	ok "read-only $way: ... and stderr says why, in one sentence" test \
	    "$(cat "$scratch/ro-$way.err")" = \
	    "callq: the directory of $dir/leads.csv cannot be written, so its rejects went to $got"
	ok "read-only $way: ... the batch records it, for a resume" test \
	    "$("$sq" "$db" "SELECT rejects_path FROM import_batches")" = \
	    "$got"
done
if [ $can_mount -eq 1 ]; then
	# The fallback cannot be written either: refused as before.
	floor_db ro-both
	"$bin" --db "$db" init >/dev/null
	env -u XDG_DATA_HOME HOME="$scratch/ro-tmpfs" "$bin" --db "$db" \
	    import "$scratch/ro-bind/leads.csv" --region East --country US \
	    >/dev/null 2>"$scratch/ro-both.err"
	ok "read-only, and so is the home: refused (73)" test $? -eq 73
	ok "read-only, and so is the home: ... naming both" grep -qx \
	    "callq: cannot write the rejects file $scratch/ro-bind/leads.rejects.csv (Read-only file system), nor one in your data directory (Read-only file system); nothing was imported: name one that can be written with --rejects PATH" \
	    "$scratch/ro-both.err"
	ok "read-only, and so is the home: ... with nothing written" \
	    test "$("$sq" "$db" "SELECT count(*) FROM import_batches")" -eq 0
	# A --rejects that cannot be written is refused: no fallback.
	env XDG_DATA_HOME="$scratch/xdg-named" "$bin" --db "$db" import \
	    "$scratch/ro-bind/leads.csv" --region East --country US \
	    --rejects "$scratch/ro-bind/mine.csv" >/dev/null \
	    2>"$scratch/ro-named.err"
	ok "read-only --rejects: still refused (73)" test $? -eq 73
	ok "read-only --rejects: ... saying so" grep -qx \
	    "callq: cannot write the rejects file $scratch/ro-bind/mine.csv: Read-only file system; nothing was imported: name one that can be written with --rejects PATH" \
	    "$scratch/ro-named.err"
	ok "read-only --rejects: ... and nothing went elsewhere" \
	    test ! -e "$scratch/xdg-named"
	# Another file of the same name, on another share: its own rejects.
	sed 's/New York/Brooklyn/' "$file" >"$scratch/brooklyn.csv"
	readonly_dir "$scratch/other" bind "$scratch/brooklyn.csv"
	file2=$scratch/other/leads.csv
	db=$ro_tmpfs_db
	env XDG_DATA_HOME="$scratch/xdg-tmpfs" "$bin" --db "$db" import \
	    "$file2" --region East --country US >/dev/null \
	    2>"$scratch/ro-other.err"
	ok "read-only, same name: its own rejects file" grep -qx \
	    "callq: the directory of $file2 cannot be written, so its rejects went to $scratch/xdg-tmpfs/callq/rejects/leads-$(sha8 "$file2").rejects.csv" \
	    "$scratch/ro-other.err"
	ok "read-only, same name: ... the first one's kept" cmp -s \
	    "$scratch/xdg-tmpfs/callq/rejects/leads-$(sha8 "$file").rejects.csv" \
	    "$scratch/ref.rejects.csv"
	# An unfinished batch keeps its rejects file: importing the same
	# list again, not resuming it, gives the new batch another name.
	floor_db ro-again
	"$bin" --db "$db" init >/dev/null
	again=$scratch/xdg-again
	list=$scratch/ro-tmpfs/leads.csv
	XDG_DATA_HOME="$again" "$bin" --db "$db" import "$list" \
	    --region East --country US >/dev/null 2>&1 &
	pid=$!
	CHUNK=20000
	after_chunk stop "$db" $pid >/dev/null
	CHUNK=$chunk
	kill -KILL $pid
	wait $pid 2>/dev/null
	b=$("$sq" "$db" "SELECT max(id) FROM import_batches")
	first=$again/callq/rejects/leads-$(sha8 "$file").rejects.csv
	second=$again/callq/rejects/leads-$(sha8 "$file")-2.rejects.csv
	ok "read-only again: the killed batch had written rejects" \
	    test -s "$first"
	cp "$first" "$scratch/first.rejects.csv"
	XDG_DATA_HOME="$again" "$bin" --db "$db" import "$list" \
	    --region East --country US >/dev/null 2>"$scratch/again.err"
	ok "read-only again: the new batch's rejects go to another name" \
	    grep -qx "callq: the directory of $list cannot be written, so its rejects went to $second" \
	    "$scratch/again.err" || sed 's/^/#   /' "$scratch/again.err"
	ok "read-only again: ... all of them" \
	    cmp -s "$second" "$scratch/ref.rejects.csv"
	ok "read-only again: ... and the killed batch's are untouched" \
	    cmp -s "$first" "$scratch/first.rejects.csv"
	"$bin" --db "$db" import "$list" --resume "$b" >/dev/null \
	    2>"$scratch/again-resume.err"
	ok "read-only again: the killed batch resumes into its own file" \
	    test $? -eq 0 || sed 's/^/#   /' "$scratch/again-resume.err"
	ok "read-only again: ... which ends as the reference's" \
	    cmp -s "$first" "$scratch/ref.rejects.csv"
else
	skip "read-only, and so is the home" "mounting needs root"
fi
db=$unwritable_db

ok "unwritable: named another, the import goes through" sh -c \
    "'$bin' --db '$db' import '$file' --region East --country US --rejects '$scratch/unwritable.rejects.csv' | grep -q '^imported '"

# 2. The rejects file's directory goes away after the first chunk.
for way in discard resume; do
	floor_db "gone-$way"
	"$bin" --db "$db" init >/dev/null
	mkdir -p "$scratch/gone"
	during='after_chunk stop "$fdb" $pid >/dev/null
	    rmdir "$scratch/gone"; kill -CONT $pid'
	fail "gone-$way" "$db" --rejects "$scratch/gone/r.csv"
	during=""
	failed "gone-$way" 73 \
	    "cannot write the rejects file $scratch/gone/r.csv: No such file or directory"
	interrupted "gone-$way" "$db"
	mkdir -p "$scratch/gone"
	if [ $way = discard ]; then
		discarded "gone-$way" "$db"
	else
		resumed "gone-$way" "$db" "$scratch/gone/r.csv"
	fi
done

# 3. The rejects file fills its disk: /dev/full, and where root may
# mount one, a small disk.
floor_db full
"$bin" --db "$db" init >/dev/null
fail devfull "$db" --rejects /dev/full
failed devfull 73 \
    "cannot write the rejects file /dev/full: No space left on device"
interrupted devfull "$db"
discarded devfull "$db"
if [ $can_mount -eq 1 ]; then
	for way in discard resume; do
		floor_db "rfull-$way"
		"$bin" --db "$db" init >/dev/null
		small_disk "$scratch/rfull-$way" 64k
		fail "rejects-full-$way" "$db" \
		    --rejects "$scratch/rfull-$way/r.csv"
		failed "rejects-full-$way" 73 \
		    "cannot write the rejects file $scratch/rfull-$way/r.csv: No space left on device"
		interrupted "rejects-full-$way" "$db"
		mount -o remount,size=4m "$scratch/rfull-$way"
		if [ $way = discard ]; then
			discarded "rejects-full-$way" "$db"
		else
			resumed "rejects-full-$way" "$db" \
			    "$scratch/rfull-$way/r.csv"
		fi
	done
else
	skip "a rejects file that fills a small disk" "mounting one needs root"
fi

# full_floor NAME: db, a new floor on a disk of its own (disk) with room
# for its first chunk but not for the whole file: on SQLite its file; on
# PostgreSQL a tablespace its tables and the import's staging table are
# made in (a leads row and its index entries take about 1.2 KB there).
# floor is the floor as callq names it: the file, or the database.
full_floor() {
	if [ "$driver" = sqlite ]; then
		disk=$scratch/$1
		small_disk "$disk" 6m || return 1
		db=$disk/floor.db
		floor=$db
		"$bin" --db "$db" init >/dev/null
		return
	fi
	owner=$(echo 'SELECT current_user' | pg_su)
	if [ -z "$tsdir" ]; then
		tsdir=$(mktemp -d /tmp/callq-e2e-ts-XXXXXX) &&
		    chown "$owner" "$tsdir" || return 1
	fi
	disk=$tsdir/$1
	small_disk "$disk" 64m && chown "$owner" "$disk" || return 1
	floor_db "$1"
	floor=$db_role
	tablespaces="${db_role}_disk $tablespaces"
	printf '%s\n' "CREATE TABLESPACE ${db_role}_disk LOCATION '$disk';" \
	    "GRANT CREATE ON TABLESPACE ${db_role}_disk TO PUBLIC;" \
	    "ALTER DATABASE $db_role SET default_tablespace = ${db_role}_disk;" \
	    "ALTER DATABASE $db_role SET temp_tablespaces = ${db_role}_disk;" |
	    pg_su || return 1
	"$bin" --db "$db" init >/dev/null && mount -o \
	    remount,size=$(($(du -sk "$disk" | cut -f1) + 12288))k "$disk"
}

# 4. The database's disk fills.
if [ $can_mount -eq 1 ]; then
	for way in discard resume; do
		full_floor "dbfull-$way"
		fail "db-full-$way" "$db" \
		    --rejects "$scratch/dbfull-$way.rejects.csv"
		failed "db-full-$way" 74 \
		    "the disk holding $floor is full (while [a-z ]*); free space there and try again"
		mount -o remount,size=64m "$disk"
		interrupted "db-full-$way" "$db"
		if [ $way = discard ]; then
			discarded "db-full-$way" "$db"
		else
			resumed "db-full-$way" "$db" \
			    "$scratch/dbfull-$way.rejects.csv"
		fi
	done
else
	skip "a database whose disk fills" "mounting a small disk needs root"
fi

# 5. Another process holds the write lock past the wait (30 s), taken
# once the first chunk is in and kept until this script ends it.
for way in discard resume; do
	floor_db "busy-$way"
	"$bin" --db "$db" init >/dev/null
	during='after_chunk hold "$fdb" >"$scratch/held" &
	    holder=$!'
	fail "busy-$way" "$db" --rejects "$scratch/busy-$way.rejects.csv"
	during=""
	if [ "$driver" = sqlite ]; then
		busy="the database stayed busy for 30 seconds: process $holder ([^)]*) of [a-z0-9]*[a-z, ]* holds its write lock; try again, or ask an admin to end that process (see SECURITY in callq(1))"
	else
		# The server's locks are the server's to tell (pg_locks).
		busy="the database stayed busy for 30 seconds; try again"
	fi
	failed "busy-$way" 75 "$busy"
	kill $holder
	wait $holder 2>/dev/null
	interrupted "busy-$way" "$db"
	if [ $way = discard ]; then
		discarded "busy-$way" "$db"
	else
		resumed "busy-$way" "$db" "$scratch/busy-$way.rejects.csv"
	fi
done

# 6. A phone worker is killed (it is a child of the import started here).
for way in discard resume; do
	floor_db "worker-$way"
	"$bin" --db "$db" init >/dev/null
	during='after_chunk stop "$fdb" $pid >/dev/null
	    workers=$(ps -o pid= --ppid $pid | tr -d " ")
	    worker=$(echo "$workers" | head -n 1)
	    kill -KILL $worker; kill -CONT $pid'
	fail "worker-$way" "$db" --workers 2 \
	    --rejects "$scratch/worker-$way.rejects.csv"
	during=""
	failed "worker-$way" 75 \
	    "phone worker process $worker was killed by signal 9 (Killed)"
	ok "worker-$way: the other worker is gone too" sh -c \
	    "for w in $(echo $workers); do ! kill -0 \$w 2>/dev/null || exit 1; done"
	interrupted "worker-$way" "$db"
	if [ $way = discard ]; then
		discarded "worker-$way" "$db"
	else
		resumed "worker-$way" "$db" "$scratch/worker-$way.rejects.csv"
	fi
done

# 7. On PostgreSQL, the server ends the import's session midway (an
# administrator's pg_terminate_backend, a restart): callq connects again
# and makes the chunk in flight again from its start, as the server undid
# it, and the import ends as if nothing had happened: the reference's
# counts, leads (each once) and rejects file.
if [ "$driver" = pg ]; then
	floor_db ended
	"$bin" --db "$db" init >/dev/null
	during='after_chunk stop "$fdb" $pid >/dev/null
	    echo "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"'"'$db_role'"'"' AND pid <> pg_backend_pid();" |
	    pg_su >/dev/null; kill -CONT $pid'
	fail ended "$db" --rejects "$scratch/ended.rejects.csv"
	during=""
	ok "ended: the import goes on on a new session, exit 0" test "$rc" -eq 0 ||
	    sed 's/^/#   /' "$scratch/ended.err"
	ok "ended: ... the batch complete" sh -c \
	    "'$bin' --db '$db' batch list --format csv | grep -q '^$b,complete,'"
	ok "ended: ... with the reference's counts" \
	    test "$(counts <"$scratch/ended.out")" = "$want"
	ok "ended: ... and its leads, each once" test "$(numbers "$db")" = \
	    "$want_numbers"
	ok "ended: ... and its rejects file" \
	    cmp -s "$scratch/ended.rejects.csv" "$scratch/ref.rejects.csv"
fi

# 8. Under valgrind (the unsanitized binary): a failure after two chunks
# and one in the first free all they took. The workers it forks are not
# looked at: what they inherit is the importer's to free.
plain=$top/callq
if command -v valgrind >/dev/null && [ -x "$plain" ]; then
	head -n 10001 "$file" >"$scratch/small.csv"
	echo "Bad,12,New York,US" >>"$scratch/small.csv"
	head -n 3 "$file" >"$scratch/tiny.csv"
	echo "Bad,12,New York,US" >>"$scratch/tiny.csv"
	floor_db valgrind
	"$plain" --db "$db" init >/dev/null
	for f in small tiny; do
		valgrind -q --child-silent-after-fork=yes \
		    --error-exitcode=99 --leak-check=full \
		    --show-leak-kinds=definite,indirect \
		    --errors-for-leak-kinds=definite,indirect \
		    "$plain" --db "$db" import "$scratch/$f.csv" --region East \
		    --country US --rejects /dev/full --workers 1 \
		    >/dev/null 2>"$scratch/vg-$f.log"
		rc=$?
		ok "valgrind: a rejects file full in $f.csv: 73, no leak, no error" \
		    sh -c "[ $rc -eq 73 ] && ! grep -q '^==' '$scratch/vg-$f.log'" ||
		    sed 's/^/#   /' "$scratch/vg-$f.log"
	done
else
	skip "valgrind over failed imports" "valgrind or $plain is missing"
fi
finish
