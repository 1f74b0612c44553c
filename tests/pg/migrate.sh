#!/bin/sh
# callq migrate: a `callq init --demo` floor copied into a fresh
# PostgreSQL database, as a role that owns it and is no superuser. The
# copy must hold the floor's rows byte for byte (tabs, newlines,
# backslashes, NULL apart from ''), move the id sequences past them, and
# --verify must notice a row changed afterwards; a target that is not
# empty, a rep, and a copy that fails midway must each leave the target
# as it was.
#
# The server: the harness's (CALLQ_TEST_PG, a superuser's conninfo from
# tests/pg/server.sh), else one started here with tests/pg/server.sh.
. "$(dirname "$0")/../lib.sh"

if [ ! -x /usr/lib/postgresql/15/bin/initdb ] ||
    ! command -v psql >/dev/null || ! command -v sqlite3 >/dev/null; then
	skip "callq migrate" "PostgreSQL 15 or sqlite3 is not installed"
	finish
	exit
fi

role=callq_mig_$$	# owns the targets; their names start with it
pgstate=
mig_stop() {
	if [ -n "$pgstate" ]; then
		sh "$top/tests/pg/server.sh" stop "$pgstate" >/dev/null 2>&1
	elif [ -n "${conn:-}" ]; then
		for d in a b c; do
			echo "DROP DATABASE IF EXISTS ${role}_$d;"
		done | su_sql postgres >/dev/null 2>&1
		echo "DROP ROLE IF EXISTS $role;" | su_sql postgres \
		    >/dev/null 2>&1
	fi
	cleanup
}
trap mig_stop EXIT

if [ -n "${CALLQ_TEST_PG:-}" ]; then
	conn=$CALLQ_TEST_PG
else
	pgstate=$scratch/pgstate
	conn=$(sh "$top/tests/pg/server.sh" start "$pgstate") || {
		skip "callq migrate" "no PostgreSQL server would start"
		finish
		exit
	}
fi

# SQL on stdin as the server's superuser in database $1; rows as a|b.
su_sql() { psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d "$conn dbname=$1"; }
# ... and as the targets' owner in target $1 (a, b or c).
pg() { psql -X -q -At -F '|' -v ON_ERROR_STOP=1 \
    -d "$conn dbname=${role}_$1 user=$role"; }
target() { echo "postgresql:$conn dbname=${role}_$1 user=$role"; }
ntables() { echo "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND
    relnamespace = current_schema()::regnamespace" | pg "$1"; }

# a and b belong to the role; c to the superuser, where the role may
# connect but not create.
{
	echo "CREATE ROLE $role LOGIN;"
	for d in a b c; do
		owner="OWNER $role"
		[ $d = c ] && owner=
		echo "CREATE DATABASE ${role}_$d $owner TEMPLATE template0" \
		    "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';"
	done
} | su_sql postgres

db=$scratch/floor.db
"$bin" --db "$db" init --demo >/dev/null
lite() { sqlite3 -batch -separator '|' "$db" "$@"; }
# Values COPY must escape, and NULL beside '': leads 1 to 3.
lite "UPDATE leads SET extra = 'tab' || char(9) || 'nl' || char(10) ||
    'cr' || char(13) || 'bs\\N\\' WHERE id = 1;
    UPDATE leads SET email = '' WHERE id = 2;
    UPDATE leads SET email = NULL WHERE id = 3;"

out=$scratch/out
run() { # $1: the output's name; the rest: callq's arguments
	name=$1
	shift
	"$bin" --db "$db" "$@" >"$scratch/$name" 2>"$scratch/$name.err"
	echo $? >"$scratch/$name.rc"
}
rc() { cat "$scratch/$1.rc"; }

run copy migrate --to "$(target a)"
ok "the demo floor is copied: exit 0" test "$(rc copy)" = 0 ||
    sed 's/^/# /' "$scratch/copy" "$scratch/copy.err"
lite "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE
    'sqlite_%' AND name NOT LIKE 'lead_text_%'" | sort >"$scratch/lite.tables"
awk 'NR > 1 && $4 == "ok" { print $1 }' "$scratch/copy" |
    sort >"$scratch/ok.tables"
ok "every table of the floor is checked, and ok" \
    cmp -s "$scratch/lite.tables" "$scratch/ok.tables"
ok "the last line says the copy matches" \
    grep -q "rows copied in .* the PostgreSQL database matches the floor" \
    "$scratch/copy"

for t in leads calls audit; do
	ok "$t: as many rows in PostgreSQL as in SQLite" test \
	    "$(echo "SELECT count(*) FROM $t" | pg a)" = \
	    "$(lite "SELECT count(*) FROM $t")"
done
ok "a tab, newline, CR and backslashes arrive as they were" test \
    "$(echo "SELECT encode(convert_to(extra, 'UTF8'), 'hex') FROM leads
    WHERE id = 1" | pg a)" = \
    "$(lite "SELECT lower(hex(extra)) FROM leads WHERE id = 1")"
ok "'' stays '' and NULL stays NULL" test "$(echo "SELECT (SELECT
    email = '' FROM leads WHERE id = 2), (SELECT email IS NULL FROM leads
    WHERE id = 3)" | pg a)" = "t|t"

# The next id is the floor's largest plus one (rolled back afterwards).
next_id() { # $1: table, $2: its columns, $3: values
	printf '%s\n' "BEGIN;" "INSERT INTO $1 ($2) VALUES ($3) RETURNING id;" \
	    "ROLLBACK;" | pg a
}
ok "leads: the next id is max(id) + 1" test "$(next_id leads \
    "name, phone_raw, created_at, updated_at" "'N', '5', 0, 0")" = \
    "$(lite "SELECT max(id) + 1 FROM leads")"
ok "audit: the next id is max(id) + 1" test "$(next_id audit \
    "at, actor_id, real_login, entity, action" "0, 1, 'root', 'x', 'y'")" = \
    "$(lite "SELECT max(id) + 1 FROM audit")"
ok "calls: the next id is max(id) + 1" test "$(next_id calls \
    "lead_id, user_id, started_at" "1, 1, 0")" = \
    "$(lite "SELECT max(id) + 1 FROM calls")"
ok "the triggers are on again" test "$(echo "SELECT count(*) FROM
    pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT
    t.tgisinternal AND t.tgenabled = 'D'" | pg a)" = 0

run verify migrate --verify --to "$(target a)"
ok "--verify right after: exit 0, every table ok" sh -c "test $(rc verify) \
    = 0 && ! grep -q DIFFERS '$scratch/verify' &&
    grep -q 'matches the floor' '$scratch/verify'"

run again migrate --to "$(target a)"
ok "a target that holds tables is refused (exit 73)" test "$(rc again)" = 73
ok "... with its sentence" grep -q "already holds .* tables, and callq \
migrate copies only into an empty one" "$scratch/again.err"
run verify2 migrate --verify --to "$(target a)"
ok "... and left as it was" test "$(rc verify2)" = 0

run rep --as rep1 migrate --to "$(target b)"
ok "a rep is refused (exit 77)" sh -c "test $(rc rep) = 77 &&
    grep -q 'a rep cannot' '$scratch/rep.err'"
ok "... and the target stays empty" test "$(ntables b)" = 0

echo "UPDATE leads SET city = 'Elsewhere' WHERE id = 7;" | pg a
run changed migrate --verify --to "$(target a)"
ok "--verify after a row changed in PostgreSQL: exit 65" \
    test "$(rc changed)" = 65
ok "... naming the table" grep -q "table leads differs" \
    "$scratch/changed.err"
ok "... and marking it in the table" grep -q "^leads .*DIFFERS" \
    "$scratch/changed"

run nofloor migrate --verify --to "$(target b)"
ok "--verify of an empty database is refused" sh -c "test $(rc nofloor) \
    = 65 && grep -q 'holds no callq floor' '$scratch/nofloor.err'"

# Midway: a lead whose text is not UTF-8 fails its table's COPY after
# the tables before it went in.
cp "$db" "$scratch/bad.db"
sqlite3 "$scratch/bad.db" "UPDATE leads SET city = CAST(X'C328' AS TEXT)
    WHERE id = 9"
"$bin" --db "$scratch/bad.db" migrate --to "$(target b)" >"$scratch/bad" \
    2>"$scratch/bad.err"
ok "a copy failing midway fails, naming the table" sh -c "test $? = 74 &&
    grep -q 'copying table leads' '$scratch/bad.err'" ||
    sed 's/^/# /' "$scratch/bad.err"
ok "... and leaves the target empty" test "$(ntables b)" = 0

run nocreate migrate --to "$(target c)"
ok "a role that may not create tables is refused" sh -c "test $(rc nocreate) \
    = 77 && grep -q 'PostgreSQL refused' '$scratch/nocreate.err'" ||
    sed 's/^/# /' "$scratch/nocreate.err"
ok "... and leaves the target empty" test "$(ntables c)" = 0

run sqlite migrate --to "sqlite:$scratch/other.db"
ok "--to a SQLite file is a usage error" test "$(rc sqlite)" = 64
run noscheme migrate --to "host=db.example.com password=s3cretZq9"
ok "--to keywords without postgresql: is a usage error" \
    test "$(rc noscheme)" = 64
ok "... that does not echo the password typed" \
    test "$(grep -c s3cretZq9 "$scratch/noscheme.err")" = 0

# The indexes the copy set aside and made again, as pg_schema makes them
# in an empty database (b, by tests/pg/schema_print.c).
print=$scratch/schema_print
${CC:-cc} -std=c17 -D_GNU_SOURCE -I"$top/include" -I"$top/src/store" \
    -o "$print" \
    "$top/tests/pg/schema_print.c" "$top/src/store/pgschema.c" \
    "$top/src/util/fold.c" "$top/src/util/text.c" "$top/src/util/err.c"
{ echo "BEGIN;"; "$print"; echo "COMMIT;"; } | pg b >/dev/null
indexes() { echo "SELECT indexname || ' ' || indexdef FROM pg_indexes
    WHERE schemaname = current_schema() ORDER BY indexname" | pg "$1"; }
indexes a >"$scratch/a.indexes"
indexes b >"$scratch/b.indexes"
ok "the copy has every index pg_schema makes, as it makes it" sh -c \
    "test -s '$scratch/b.indexes' && cmp -s '$scratch/a.indexes' \
    '$scratch/b.indexes'" ||
    diff "$scratch/a.indexes" "$scratch/b.indexes" | sed 's/^/# /'

# The way back: the PostgreSQL floor (a, with lead 7 changed above) into
# a new SQLite file, then checked.
back=$scratch/back.db
pgrun() { # $1: the output's name; the rest: callq's arguments, on a
	name=$1
	shift
	"$bin" --db "$(target a)" "$@" >"$scratch/$name" \
	    2>"$scratch/$name.err"
	echo $? >"$scratch/$name.rc"
}
back() { sqlite3 -batch -separator '|' "$back" "$@"; }
pgrun back migrate --to "sqlite:$back"
ok "a PostgreSQL floor is copied back into SQLite: exit 0" \
    test "$(rc back)" = 0 || sed 's/^/# /' "$scratch/back.err"
awk 'NR > 1 && $4 == "ok" { print $1 }' "$scratch/back" |
    sort >"$scratch/back.tables"
ok "... every table checked, and ok" \
    cmp -s "$scratch/lite.tables" "$scratch/back.tables"
ok "... the last line says the file matches" \
    grep -q "rows copied in .* the SQLite file matches the floor" \
    "$scratch/back"
ok "... with lead 7 as PostgreSQL has it" \
    test "$(back "SELECT city FROM leads WHERE id = 7")" = Elsewhere
ok "... a tab, newline, CR and backslashes as they were" test \
    "$(back "SELECT lower(hex(extra)) FROM leads WHERE id = 1")" = \
    "$(lite "SELECT lower(hex(extra)) FROM leads WHERE id = 1")"
ok "... '' stays '' and NULL stays NULL" test "$(back "SELECT
    (SELECT email = '' FROM leads WHERE id = 2),
    (SELECT email IS NULL FROM leads WHERE id = 3)")" = "1|1"
ok "... a sound file: integrity, foreign keys, the search index" test \
    "$(back "PRAGMA integrity_check; PRAGMA foreign_key_check;
    INSERT INTO lead_text(lead_text) VALUES ('integrity-check');")" = ok
schema() { sqlite3 -batch "$1" "SELECT type, name, sql FROM sqlite_schema
    WHERE type IN ('trigger', 'index') ORDER BY type, name" | md5sum; }
ok "... its triggers and indexes are SQLite's own, every one" \
    test "$(schema "$db")" = "$(schema "$back")"
for c in "lead list" "lead show 7" "user list" "find coffee"; do
	ok "... callq $c prints the same as on PostgreSQL" sh -c \
	    '"$0" --db "$1" $3 >"$4.a" 2>&1 && "$0" --db "$2" $3 >"$4.b" 2>&1 &&
	    cmp -s "$4.a" "$4.b"' "$bin" "$(target a)" "$back" "$c" \
	    "$scratch/cmp"
done

pgrun backverify migrate --verify --to "$back"
ok "--verify against the file: exit 0, it matches" sh -c "test \
    $(rc backverify) = 0 && grep -q 'the SQLite file matches the floor' \
    '$scratch/backverify'"

next=$(($(back "SELECT max(id) FROM leads") + 1))
"$bin" --db "$back" lead add --name "Quokka Gardens" \
    --phone "+1 617 555 0977" >/dev/null 2>&1
ok "a lead added to the file gets the next id" test \
    "$(back "SELECT id FROM leads WHERE name = 'Quokka Gardens'")" = "$next"
ok "... is found, through the file's own search triggers" sh -c \
    '"$0" --db "$1" find quokka | grep -q "Quokka Gardens"' "$bin" "$back"
ok "... and counted by its own counter triggers" test "$(back "SELECT
    count(*) FROM region_counts c WHERE c.leads IS NOT (SELECT count(*)
    FROM leads l WHERE l.region_id = c.region_id
    AND l.deleted_at IS NULL)")" = 0
pgrun backchanged migrate --verify --to "$back"
ok "--verify after the file changed: exit 65, naming a table" sh -c \
    "test $(rc backchanged) = 65 && grep -q 'differs between the floor \
and the SQLite file' '$scratch/backchanged.err'"
ok "... and marking leads in the table" grep -q "^leads .*DIFFERS" \
    "$scratch/backchanged"

cp "$back" "$scratch/before.db"
pgrun backagain migrate --to "sqlite:$back"
ok "a file that exists is refused (exit 73)" sh -c "test $(rc backagain) \
    = 73 && grep -q 'exists already' '$scratch/backagain.err'"
ok "... and left as it was" cmp -s "$back" "$scratch/before.db"
pgrun backrep --as rep1 migrate --to "sqlite:$scratch/rep.db"
ok "a rep is refused (exit 77), and no file is made" sh -c "test \
    $(rc backrep) = 77 && test ! -e '$scratch/rep.db'"
pgrun pgpg migrate --to "$(target b)"
ok "from PostgreSQL into PostgreSQL is a usage error" \
    test "$(rc pgpg)" = 64

# The disk filling midway: a file size limit of 2 MB, which the demo's
# 8 MB outgrow (SIGXFSZ ignored, so the write fails as on a full disk).
(
	trap '' XFSZ
	ulimit -f 2048
	exec "$bin" --db "$(target a)" migrate --to "$scratch/full.db"
) >"$scratch/full" 2>"$scratch/full.err"
ok "a disk filling midway fails the copy, naming the table" sh -c "test \
    $? -ne 0 && grep -q 'copying table' '$scratch/full.err'" ||
    sed 's/^/# /' "$scratch/full.err"
ok "... and leaves no file behind" sh -c "! ls '$scratch'/full.db* \
    >/dev/null 2>&1"

finish
