#!/bin/sh
# The PostgreSQL schema (src/store/pgschema.c) against SQLite's floor at
# the same version: a PostgreSQL 15 started here loads it as a role that
# owns its database and is no superuser; then table by table the columns
# (names, order, NOT NULL) and foreign keys, and the index and trigger
# names, must match a fresh `callq init` floor; the same writes, run on
# both, must leave the triggers' rows the same after each step; and the
# SQL functions must answer as the C ones do.
#
# The server: the harness's (CALLQ_TEST_PG, from tests/pg/server.sh:
# "host=DIR port=N dbname=D user=SUPERUSER"), in a database and role of
# this script's own, dropped at the end; else one started by these few
# lines (unix socket only, in a private directory, as postgres when run
# as root), stopped at the end.
. "$(dirname "$0")/../lib.sh"

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ] || ! command -v psql >/dev/null ||
    ! command -v sqlite3 >/dev/null; then
	skip "the PostgreSQL schema" "PostgreSQL 15 or sqlite3 is not installed"
	finish
	exit
fi

floor=callq_schema_$$	# the database, and the role that owns it
pgdir=
as_pg() { "$@"; }
pg_stop() {
	if [ -n "${CALLQ_TEST_PG:-}" ]; then
		printf '%s\n' "DROP DATABASE IF EXISTS $floor;" \
		    "DROP ROLE IF EXISTS $floor;" | psql_as "" postgres \
		    >/dev/null 2>&1
	elif [ -f "$pgdir/data/postmaster.pid" ]; then
		(cd / && as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate \
		    stop >/dev/null 2>&1)
	fi
	[ -z "$pgdir" ] || rm -rf "$pgdir"
	cleanup
}
trap pg_stop EXIT

if [ -n "${CALLQ_TEST_PG:-}" ]; then
	conn=$CALLQ_TEST_PG
else
	# The server's directory belongs to whoever runs it: initdb refuses
	# root.
	pgdir=$(mktemp -d /tmp/callq-pgschema-XXXXXX)
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$pgdir"
		as_pg() { runuser -u postgres -- "$@"; }
	fi
	(cd / && as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres \
	    -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1) &&
	(cd / && as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
	    -t 180 -o "-c listen_addresses= -c unix_socket_directories=$pgdir \
	    -p 5433" start >/dev/null 2>&1)
	ok "a PostgreSQL 15 server starts" test -S "$pgdir/.s.PGSQL.5433" ||
	    { cat "$pgdir/initdb.log" "$pgdir/log" 2>/dev/null |
	    sed 's/^/# /'; }
	conn="host=$pgdir port=5433 user=postgres"
fi

# $1: the role ("": the server's superuser), $2: the database; reads SQL
# on stdin, prints rows as a|b|c. Later keywords of a conninfo win.
psql_as() {
	role=${1:+user=$1}
	dbname=$2
	shift 2
	psql -X -q -At -F '|' -v ON_ERROR_STOP=1 \
	    -d "$conn dbname=$dbname $role" "$@"
}
pg() { psql_as "$floor" "$floor" "$@"; }

# The floor's owner: a plain role that owns its database.
printf '%s\n' "CREATE ROLE $floor LOGIN;" \
    "CREATE DATABASE $floor OWNER $floor TEMPLATE template0" \
    "  ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';" |
    psql_as "" postgres

# The schema as the C holds it, printed by a program built from it.
print=$scratch/schema_print
${CC:-cc} -std=c17 -D_GNU_SOURCE -I"$top/include" -I"$top/src/store" \
    -o "$print" \
    "$top/tests/pg/schema_print.c" "$top/src/store/pgschema.c" \
    "$top/src/util/fold.c" "$top/src/util/text.c" "$top/src/util/err.c"
ok "the schema's pool index reads as leadrow.h's LEAD_POOL" \
    sh -c "'$print' >'$scratch/schema.sql'"
loads() {
	{ echo "BEGIN;"; cat "$scratch/schema.sql"; echo "COMMIT;"; } |
	    pg >"$scratch/load.out" 2>&1
}
ok "the schema loads as the database's owner, no superuser" loads ||
    sed 's/^/# /' "$scratch/load.out"
version=$(sed -n 's/^#define STORE_SCHEMA_VERSION //p' \
    "$top/include/callq/store.h")
ok "schema_meta says this callq's version, $version" \
    test "$(echo 'SELECT version FROM schema_meta' | pg)" = "$version"

db=$scratch/floor.db
"$bin" --db "$db" init >/dev/null
lite() { sqlite3 -batch -separator '|' "$db" "$@"; }

# Tables: SQLite's own, less FTS5's shadow tables, against PostgreSQL's
# less schema_meta.
lite "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE
    'sqlite_%' AND name NOT LIKE 'lead_text_%'" | sort >"$scratch/lite.tables"
echo "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace =
    current_schema()::regnamespace AND relname <> 'schema_meta'" | pg |
    sort >"$scratch/pg.tables"
ok "the same tables" cmp -s "$scratch/lite.tables" "$scratch/pg.tables" ||
    diff "$scratch/lite.tables" "$scratch/pg.tables" | sed 's/^/# /'

# Columns in order, "!" after those that refuse NULL (a primary key's
# too: SQLite's INTEGER PRIMARY KEY is the rowid, never NULL). lead_text
# is FTS5's body on SQLite; PostgreSQL's adds its key, rowid, which
# SQLite's has hidden.
same_columns() {
	lite "SELECT name || CASE WHEN \"notnull\" OR pk > 0 THEN '!' ELSE ''
	    END FROM pragma_table_info('$1') ORDER BY cid" >"$scratch/lite.cols"
	echo "SELECT column_name || CASE is_nullable WHEN 'NO' THEN '!'
	    ELSE '' END FROM information_schema.columns WHERE table_name = '$1'
	    AND table_schema = current_schema() AND NOT ('$1' = 'lead_text'
	    AND column_name = 'rowid') ORDER BY ordinal_position" |
	    pg >"$scratch/pg.cols"
	cmp -s "$scratch/lite.cols" "$scratch/pg.cols" && return 0
	diff "$scratch/lite.cols" "$scratch/pg.cols" | sed 's/^/# /'
	return 1
}
# Foreign keys as column>table.
same_keys() {
	lite "SELECT \"from\" || '>' || \"table\"
	    FROM pragma_foreign_key_list('$1')" | sort >"$scratch/lite.fk"
	echo "SELECT a.attname || '>' || f.relname FROM pg_constraint c
	    JOIN pg_class f ON f.oid = c.confrelid JOIN pg_attribute a
	    ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
	    WHERE c.contype = 'f' AND c.conrelid = '$1'::regclass" | pg |
	    sort >"$scratch/pg.fk"
	cmp -s "$scratch/lite.fk" "$scratch/pg.fk" && return 0
	diff "$scratch/lite.fk" "$scratch/pg.fk" | sed 's/^/# /'
	return 1
}
for t in $(cat "$scratch/lite.tables"); do
	ok "$t: the same columns" same_columns "$t"
	ok "$t: the same foreign keys" same_keys "$t"
done

# Indexes by name, each with u when unique and p when partial; SQLite's
# automatic ones and PostgreSQL's behind constraints (named for them) are
# their UNIQUE and PRIMARY KEY, compared above as columns; lead_text_trgm
# is FTS5's own index, and leads_hours what callq_callable answers on
# SQLite (schema 23).
lite "SELECT name || ':' || CASE WHEN sql LIKE 'CREATE UNIQUE%' THEN 'u'
    ELSE '' END || CASE WHEN sql LIKE '% WHERE %' THEN 'p' ELSE '' END
    FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL" |
    sort >"$scratch/lite.idx"
echo "SELECT indexname || ':' || CASE WHEN indexdef LIKE 'CREATE UNIQUE%'
    THEN 'u' ELSE '' END || CASE WHEN indexdef LIKE '% WHERE %' THEN 'p'
    ELSE '' END FROM pg_indexes WHERE schemaname = current_schema()
    AND indexname NOT IN (SELECT conname FROM pg_constraint)
    AND indexname NOT IN ('lead_text_trgm', 'leads_hours')" | pg |
    sort >"$scratch/pg.idx"
ok "the same indexes, unique and partial alike" \
    cmp -s "$scratch/lite.idx" "$scratch/pg.idx" ||
    diff "$scratch/lite.idx" "$scratch/pg.idx" | sed 's/^/# /'

# Triggers by name and table; PostgreSQL's *_notify are its own.
lite "SELECT name || '@' || tbl_name FROM sqlite_master WHERE type =
    'trigger'" | sort >"$scratch/lite.trg"
echo "SELECT tgname || '@' || tgrelid::regclass FROM pg_trigger
    WHERE NOT tgisinternal AND tgname NOT LIKE '%\\_notify'" | pg |
    sort >"$scratch/pg.trg"
ok "the same triggers on the same tables" \
    cmp -s "$scratch/lite.trg" "$scratch/pg.trg" ||
    diff "$scratch/lite.trg" "$scratch/pg.trg" | sed 's/^/# /'
ok "every table notifies callq_change" test "$(echo "SELECT count(*)
    FROM pg_class c WHERE relkind = 'r' AND relnamespace =
    current_schema()::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_trigger
    WHERE tgrelid = c.oid AND tgname = c.relname || '_notify')" | pg)" = 0

same_settings() {
	echo "SELECT key || '=' || value FROM settings" | pg |
	    sort >"$scratch/pg.set"
	lite "SELECT key || '=' || value FROM settings" |
	    sort >"$scratch/lite.set"
	test -s "$scratch/pg.set" &&
	    test -z "$(comm -23 "$scratch/pg.set" "$scratch/lite.set")"
}
ok "the settings the schema writes are SQLite's" same_settings

# The triggers: the same writes on both floors, step by step, must
# leave the same counters, flags, number index, search rows, stage moves
# and collection days. Ids from 100 keep clear of `callq init`'s rows.
snapshot="SELECT 'region', region_id, leads FROM region_counts
  WHERE region_id > 100 ORDER BY 2;
SELECT 'owner', user_id, open FROM owner_counts WHERE user_id > 100
  ORDER BY 2;
SELECT 'lead', id, attempts, called, contacted FROM leads WHERE id > 1000
  ORDER BY 2;
SELECT 'phone', e164, lead_id FROM phones ORDER BY 2, 3;
SELECT 'keys', count(*) FROM lead_keys;
SELECT 'text', count(*) FROM lead_text;
SELECT 'move', at, audit_id, coalesce(lead_id, -1), added,
  coalesce(stage, '-'), coalesce(lost, '-'), coalesce(prev_at, -1),
  coalesce(prev_stage, '-') FROM stage_moves ORDER BY 2, 3;
SELECT 'deal', id, coalesce(next_due_on, '-'), coalesce(promise_on, '-')
  FROM deals ORDER BY 2;"
cat >"$scratch/steps" <<'EOF'
regions and users get their counters|INSERT INTO regions (id, name, created_at) VALUES (101, 'TR1', 0), (102, 'TR2', 0); INSERT INTO users (id, login, name, role, created_at) VALUES (101, 't1', 'T1', 'rep', 0), (102, 't2', 'T2', 'rep', 0);
leads added count by region and open owner|INSERT INTO leads (id, name, phone_raw, phone_e164, region_id, owner_id, status, attempts, created_at, updated_at, deleted_at) VALUES (1001, 'A', '1', '+15550001', 101, 101, 'New', 0, 5, 0, NULL), (1002, 'B', '2', NULL, 101, 101, 'Lost', 3, 6, 0, NULL), (1003, 'C', '3', NULL, 102, NULL, 'New', 0, 7, 0, NULL), (1004, 'D', '4', NULL, 101, 101, 'New', 0, 8, 0, 5);
an owner change moves the open count|UPDATE leads SET owner_id = 102 WHERE id = 1001;
a Lost lead reopened counts as open and starts its attempts again|UPDATE leads SET status = 'In Progress', attempts = 7 WHERE id = 1002;
a region change moves the region count|UPDATE leads SET region_id = 102 WHERE id = 1002;
a lead deleted leaves its region's count|UPDATE leads SET deleted_at = 9 WHERE id = 1003;
a lead restored comes back to both counts|UPDATE leads SET deleted_at = NULL WHERE id = 1004;
a status change that keeps it open counts nothing|UPDATE leads SET status = 'CNP' WHERE id = 1004;
a number set or changed is indexed|UPDATE leads SET phone_e164 = '+15550002' WHERE id = 1003; UPDATE leads SET phone_e164 = '+15550009' WHERE id = 1001; UPDATE leads SET phone_e164 = '+15550003' WHERE id = 1003;
a number cleared leaves the index|UPDATE leads SET phone_e164 = NULL WHERE id = 1003;
search rows are kept|INSERT INTO lead_keys (lead_id, name, digits) VALUES (1001, 'a', '1'), (1003, 'c', '3'); INSERT INTO lead_text (rowid, body) VALUES (1001, 'a'), (1003, 'c');
dispositions for calls|INSERT INTO dispositions (id, name, status, position, contact) VALUES (101, 'T reached', 'Interested', 101, 1), (102, 'T missed', 'CNP', 102, 0);
a call marks its lead called|INSERT INTO calls (id, lead_id, user_id, disposition_id, started_at) VALUES (2001, 1001, 101, 102, 10);
a call with a contact disposition marks it contacted|INSERT INTO calls (id, lead_id, user_id, disposition_id, started_at) VALUES (2002, 1001, 101, 101, 11);
a call's disposition changed recounts its lead|UPDATE calls SET disposition_id = 102 WHERE id = 2002;
a call moved to another lead recounts both|UPDATE calls SET lead_id = 1004 WHERE id = 2001;
a disposition made a contact recounts its leads|UPDATE dispositions SET contact = 1 WHERE id = 102;
a call removed recounts its lead|DELETE FROM calls WHERE id = 2001;
an audit row adding a lead in a stage is a move|INSERT INTO audit (id, at, actor_id, real_login, entity, entity_id, action, details) VALUES (3001, 100, 101, 'x', 'lead', 1001, 'add', '{"stage":"Contacted","status":"New"}');
the next stage keeps the one before|INSERT INTO audit (id, at, actor_id, real_login, entity, entity_id, action, details) VALUES (3002, 200, 101, 'x', 'lead', 1001, 'edit', '{"stage":"Qualified"}');
a loss with its reason is a move without a stage|INSERT INTO audit (id, at, actor_id, real_login, entity, entity_id, action, details) VALUES (3003, 300, 101, 'x', 'lead', 1001, 'edit', '{"status":"Lost","from_status":"Qualified","drop_reason":"Price"}');
a loss from Lost, text that is not JSON, another entity: no move|INSERT INTO audit (id, at, actor_id, real_login, entity, entity_id, action, details) VALUES (3004, 400, 101, 'x', 'lead', 1001, 'edit', '{"status":"Lost","from_status":"Lost","drop_reason":"Price"}'), (3005, 500, 101, 'x', 'lead', 1001, 'edit', 'not "stage": json'), (3006, 600, 101, 'x', 'deal', 1001, 'edit', '{"stage":"Won"}');
a deal for the collections queue|INSERT INTO deals (id, lead_id, amount_cents, currency, close_on, created_at, updated_at) VALUES (4001, 1002, 1000, 'USD', '2026-01-01', 0, 0);
installments set the deal's next due day|INSERT INTO installments (id, deal_id, seq, due_on, amount_cents) VALUES (5001, 4001, 1, '2026-02-01', 500), (5002, 4001, 2, '2026-03-01', 500);
an installment paid moves it on|UPDATE installments SET paid_cents = 500 WHERE id = 5001;
promises set the deal's promise day|INSERT INTO promises (id, deal_id, user_id, due_on, amount_cents, created_at) VALUES (6001, 4001, 101, '2026-02-15', 300, 0), (6002, 4001, 101, '2026-02-10', 300, 0);
a promise kept gives way to the next open one|UPDATE promises SET state = 'kept' WHERE id = 6002;
a promise moved moves the day|UPDATE promises SET due_on = '2026-02-20' WHERE id = 6001;
removed promises and installments clear the days|DELETE FROM promises WHERE id = 6001; DELETE FROM installments WHERE id = 5002;
a lead removed leaves its counts, number, search rows and first move's entry|DELETE FROM calls WHERE lead_id = 1001; DELETE FROM leads WHERE id = 1001;
a deleted lead removed counts nothing again|DELETE FROM leads WHERE id = 1003;
EOF
n=0
while IFS='|' read -r what sql; do
	n=$((n + 1))
	lite "PRAGMA foreign_keys = ON; $sql $snapshot" \
	    >"$scratch/lite.$n" 2>&1
	printf '%s\n%s\n' "$sql" "$snapshot" | pg >"$scratch/pg.$n" 2>&1
	if cmp -s "$scratch/lite.$n" "$scratch/pg.$n"; then
		ok "$what" true
	else
		ok "$what" false
		diff "$scratch/lite.$n" "$scratch/pg.$n" | sed 's/^/# /'
	fi
done <"$scratch/steps"

# What the steps must have left, said outright: both floors could agree
# and be wrong.
ok "the counters end as the leads left them" test \
    "$(lite "SELECT group_concat(region_id || '=' || leads, ' ') FROM
    (SELECT * FROM region_counts WHERE region_id > 100 ORDER BY 1)")" = \
    "101=1 102=1"
ok "the reopened lead's attempts start again" \
    test "$(echo 'SELECT attempts FROM leads WHERE id = 1002' | pg)" = 0
ok "the lead's moves, the first without its entry once it is gone" \
    test "$(echo "SELECT string_agg(stage || ':' || coalesce(prev_at, -1) ||
    ':' || coalesce(prev_stage, '-'), ' ' ORDER BY at) FROM stage_moves
    WHERE stage IS NOT NULL" | pg)" = "Contacted:-1:- Qualified:100:Contacted"

# Unique names are unique whatever their case, as NOCASE makes them.
dup() { echo "INSERT INTO regions (name, created_at) VALUES ('tr1', 0)" |
    pg >/dev/null 2>&1; }
if dup; then ok "a region named as another but for case is refused" false
else ok "a region named as another but for case is refused" true; fi
ok "a name is found whatever its case" test \
    "$(echo "SELECT id FROM regions WHERE name = 'tr2'" | pg)" = 102

# The SQL functions, as the C ones answer.
# Case, accents, compatibility forms, look-alike apostrophes, the letters
# typed without their stroke, Hangul kept whole, marks of other scripts.
words="ZOË'S|Ørsted|Łódź|ΆΣΟΣ|ﬁle|Straße|Ærø|İstanbul|Œuvre|Þór|Ǆemal"
words="$words|한국어|Ｆｕｌｌ|Søren’s|Đorđe|Ħamrun|①|नमस्ते|שָׁלוֹם|ὈΔΥΣΣΕΎΣ"
fold_same() {
	printf '%s\n' "$1" | tr '|' '\n' | while IFS= read -r w; do
		"$print" -f "$w"
	done >"$scratch/fold.c"
	printf '%s\n' "$1" | tr '|' '\n' | sed "s/'/''/g" |
	    sed "s/.*/SELECT callq_fold('&');/" | pg >"$scratch/fold.pg"
	cmp -s "$scratch/fold.c" "$scratch/fold.pg" && return 0
	paste "$scratch/fold.c" "$scratch/fold.pg" | sed 's/^/# /'
	return 1
}
ok "callq_fold folds as the C fold does" fold_same "$words"
ok "callq_digits_rev reads the digits last first" test "$(echo "SELECT
    callq_digits_rev('+1 (555) 010-9'), coalesce(callq_digits_rev(NULL),
    'null')" | pg)" = "90105551|"
# Monday 2026-11-23 16:00 UTC: 11:00 in New York, Tuesday 01:00 in Tokyo;
# an unknown zone reads as UTC, as the C library reads it.
ok "callq_local_slot gives the hour of the week in the first zone" test \
    "$(echo "SELECT concat_ws(',', callq_local_slot(
    'America/New_York Europe/London', $daytime),
    callq_local_slot('Asia/Tokyo', $daytime),
    callq_local_slot('No/Such_Zone', $daytime), coalesce(callq_local_slot(
    NULL, $daytime), -1), coalesce(callq_local_slot(' Asia/Tokyo',
    $daytime), -1))" | pg | tr -d '\n')" = "11,25,16,-1,-1"
ok "the trigram index serves a substring search" test "$(printf '%s\n' \
    "INSERT INTO lead_text (rowid, body) SELECT g, 'lead ' || g FROM
    generate_series(10000, 12000) g;" "ANALYZE lead_text;" \
    "SET enable_seqscan = off;" "EXPLAIN SELECT rowid FROM lead_text WHERE
    body LIKE '%ead 1100%';" | pg | grep -c lead_text_trgm)" -ge 1

# NOTIFY: one per transaction that wrote, however many statements.
notes() { # SQL on stdin; prints how many callq_change notifications came
	pg 2>&1 | grep -c 'notification "callq_change"'
}
ok "a write notifies callq_change" test "$(printf '%s\n' \
    "LISTEN callq_change;" "INSERT INTO teams (name, created_at)
    VALUES ('N1', 0);" "SELECT 1;" | notes)" = 1
ok "a transaction that writes twice notifies once" test "$(printf '%s\n' \
    "LISTEN callq_change;" "BEGIN;" "INSERT INTO teams (name, created_at)
    VALUES ('N2', 0);" "UPDATE settings SET value = value;" "COMMIT;" \
    "SELECT 1;" | notes)" = 1
ok "a reader notifies nothing" test "$(printf '%s\n' \
    "LISTEN callq_change;" "SELECT count(*) FROM leads;" "SELECT 1;" |
    notes)" = 0

# callq migrate copies ids, then moves the sequences past them.
ok "the sequences move past copied ids" test "$({ "$print" -r; echo "INSERT
    INTO leads (name, phone_raw, created_at, updated_at) VALUES ('E', '5',
    0, 0) RETURNING id;"; } | pg)" = 1005

finish
