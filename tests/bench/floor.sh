#!/bin/sh
# make bench's floor: prints the path of a database of ROWS leads ($1,
# default 1,000,000; `floor.sh ROWS cached`: only one already built,
# else exit status 1) built straight in SQL, not imported: 1M in under a
# minute, 10M in 21 minutes on a busy 2-core machine, where importing
# would take hours. The database is made by this callq (`callq init`),
# set back to schema 14, filled in one transaction, then migrated by
# callq. Floors are kept in $CALLQ_BENCH_CACHE (default
# /tmp/callq-bench-cache) by rows, schema and layout, so a second `make
# bench` reuses one; a floor of another schema is built again.
#
# The floor, whatever ROWS is: region Bench (US); root the admin;
# rep1..rep20 (team T1, region Bench) and lead1, T1's team lead. rep1
# owns 12,600 leads, rep2 600, rep3..rep20 10,000 each, spread through
# the ids as a book assigned over months would be; the rest are fresh,
# unowned, New. An owned book is worked: its statuses run from New to
# Lost, about one lead in 25 has a follow-up due now and one in 16 one
# booked for later, one in 12 was called in the last hour (so waits for
# its retry), a third were called before, and a few carry a priority or
# a due date. Each of those calls is a row in calls, each follow-up a row
# in followups, each owned lead an assignment. Numbers are valid US
# E.164 (NXX exchanges, no N11), over eight area codes in four zones.
# The search index (lead_keys, lead_text) is filled as the store's
# search_index_* would: callq_fold of an ASCII name is lower() and
# callq_digits_rev the number's digits last first.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${CALLQ_BIN:-$top/callq}
rows=${1:-1000000}
cache=${CALLQ_BENCH_CACHE:-/tmp/callq-bench-cache}
# Monday 16:00 UTC, the bench's clock (screen.sh, table.sh): fixed, as
# the cached floor's follow-ups and calls are placed around it.
now=1795449600
mkdir -p "$cache"
# The floor's layout: bump it with any change to what is generated.
layout=1
# The SQL that takes schema steps 15 on back out (tests/unit/fixture.h,
# FIXTURE_UNDO_SINCE_15, which each step's author fills), printed by a
# program built from that header: a floor is filled at schema 14, then
# callq migrates it, so what a later step derives from the leads
# (counters, say) is derived as on a real floor.
undo=$cache/undo.$$
trap 'rm -f "$undo" "$undo.c"' EXIT
printf '%s\n' '#include <stdio.h>' '#include "fixture.h"' \
    'int main(void) { return fputs(FIXTURE_UNDO_SINCE_15, stdout) < 0; }' \
    >"$undo.c"
${CC:-cc} -std=c17 -I"$top/include" -I"$top/tests/unit" -o "$undo" "$undo.c"
# Named by the rows, the schema (its version and a checksum of its SQL:
# steps 15-18 came reserved empty, so the version alone did not move) and
# the layout.
probe=$cache/probe.$$.db
"$bin" --db "$probe" init >/dev/null
version=$(sqlite3 "$probe" 'PRAGMA user_version')
sum=$(sqlite3 "$probe" 'SELECT sql FROM sqlite_master ORDER BY name' | cksum |
    cut -d' ' -f1)
rm -f "$probe" "$probe-wal" "$probe-shm"
out=$cache/floor-$rows-s$version-$sum-v$layout.db
[ "${2:-}" != cached ] || [ -f "$out" ] || exit 1
# One lock a floor: a 10M build does not hold up the 1M one.
exec 9>"$out.lock"
flock 9
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi
t=$cache/build.$$.db
rm -f "$t" "$t-wal" "$t-shm"
trap 'rm -f "$t" "$t-wal" "$t-shm" "$undo" "$undo.c"' EXIT
cq() { "$bin" --db "$t" "$@" >/dev/null; }
cq init
cq region add Bench --country US
for i in $(seq 1 20); do
	cq user add "rep$i" --role rep --team T1 --region Bench
done
cq user add lead1 --role lead --team T1 --region Bench
start=$(date +%s)
# m buckets of ids: bucket b < 63 is rep1's, 63..65 rep2's, then 50 for
# each of rep3..rep20; with m = ROWS / 200 every bucket holds 200 leads,
# so the books are the same size at any ROWS.
m=$((rows / 200))
sqlite3 "$t" >/dev/null <<EOF
PRAGMA journal_mode = DELETE;
$("$undo")
PRAGMA user_version = 14;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
PRAGMA temp_store = MEMORY;
BEGIN;
CREATE TEMP TABLE area (k INTEGER PRIMARY KEY, npa TEXT, city TEXT,
  state TEXT, zone TEXT);
INSERT INTO area VALUES (0, '212', 'New York', 'NY', 'America/New_York'),
  (1, '312', 'Chicago', 'IL', 'America/Chicago'),
  (2, '303', 'Denver', 'CO', 'America/Denver'),
  (3, '206', 'Seattle', 'WA', 'America/Los_Angeles'),
  (4, '617', 'Boston', 'MA', 'America/New_York'),
  (5, '713', 'Houston', 'TX', 'America/Chicago'),
  (6, '415', 'San Francisco', 'CA', 'America/Los_Angeles'),
  (7, '404', 'Atlanta', 'GA', 'America/New_York');
CREATE TEMP TABLE w1 (k INTEGER PRIMARY KEY, w TEXT);
CREATE TEMP TABLE w2 (k INTEGER PRIMARY KEY, w TEXT);
INSERT INTO w1 (w) VALUES ('Juniper'), ('Harbor'), ('Summit'), ('Cedar'),
  ('Bluebird'), ('Granite'), ('Maple'), ('Riverside'), ('Copper'),
  ('Lakeview'), ('Northgate'), ('Willow'), ('Ironwood'), ('Sunrise'),
  ('Oakridge'), ('Pioneer'), ('Redwood'), ('Silverline'), ('Beacon'),
  ('Meadow'), ('Highland'), ('Keystone'), ('Evergreen'), ('Crescent'),
  ('Falcon'), ('Liberty'), ('Prairie'), ('Westfield'), ('Brightside'),
  ('Harvest'), ('Anchor'), ('Magnolia'), ('Stonebridge'), ('Atlas'),
  ('Orchard'), ('Fairview'), ('Sterling');
UPDATE w1 SET k = k - 1;
INSERT INTO w2 (w) VALUES ('Plumbing'), ('Dental'), ('Bakery'),
  ('Roofing'), ('Auto Repair'), ('Law Office'), ('Florist'), ('Fitness'),
  ('Pet Care'), ('Landscaping'), ('Accounting'), ('Electric'), ('Cafe'),
  ('Realty'), ('Printing'), ('Tailors'), ('Cleaning'), ('Pharmacy'),
  ('Hardware'), ('Movers'), ('Optical'), ('Salon'), ('Catering'),
  ('Insurance'), ('Heating & Air'), ('Books'), ('Vet Clinic'),
  ('Storage'), ('Signs');
UPDATE w2 SET k = k - 1;
CREATE TEMP TABLE owner (b INTEGER PRIMARY KEY, user_id INTEGER);
WITH RECURSIVE b(b) AS (SELECT 0 UNION ALL SELECT b + 1 FROM b WHERE b < 965)
INSERT INTO owner SELECT b, (SELECT id FROM users WHERE login = 'rep' ||
  CASE WHEN b < 63 THEN 1 WHEN b < 66 THEN 2 ELSE 3 + (b - 66) / 50 END)
  FROM b;
-- h picks what kind of lead it is: its round through the buckets plus
-- its bucket, so every book has each kind, in no long runs.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows),
g AS (SELECT i, i % $m AS b, i / $m + i % $m AS h, (i - 1) / 8 AS s,
  '1' || a.npa || (2 + (((i - 1) / 8 / 10000) / 80) % 8)
  || (2 + (((i - 1) / 8 / 10000) / 10) % 8) || (((i - 1) / 8 / 10000) % 10)
  || printf('%04d', ((i - 1) / 8) % 10000) AS d, a.city, a.state, a.zone,
  x.w || ' ' || y.w || CASE i % 5 WHEN 0 THEN ', Inc.' WHEN 1 THEN ' LLC'
    ELSE '' END || ' ' || i AS name
  FROM n JOIN area a ON a.k = (i - 1) % 8
  JOIN w1 x ON x.k = i % 37 JOIN w2 y ON y.k = (i / 37) % 29),
o AS (SELECT g.*, w.user_id AS owner FROM g LEFT JOIN owner w ON w.b = g.b)
INSERT INTO leads (id, name, phone_raw, phone_e164, phone_display, country,
  street_number, street, city, state, postal_code, email, has_website,
  timezone, tz_basis, region_id, stage_id, stage_entered_at, status,
  owner_id, priority, due_at, next_followup_at, last_contacted_at,
  attempts, called, contacted, created_at, updated_at)
SELECT i, name, '+' || d, '+' || d,
  '+1 ' || substr(d, 2, 3) || '-' || substr(d, 5, 3) || '-' || substr(d, 8),
  'US', 100 + i % 9000, 'Main St', city, state, printf('%05d', 10000 + i % 89999),
  CASE WHEN i % 3 = 0 THEN 'info' || i || '@example.com' END, i % 2,
  zone, 'prefix', (SELECT id FROM regions WHERE name = 'Bench'),
  (SELECT id FROM pipeline_stages WHERE position = 1), $now - 86400 * 120,
  CASE WHEN owner IS NULL THEN 'New' ELSE CASE h % 20
    WHEN 0 THEN 'Converted' WHEN 1 THEN 'Lost' WHEN 2 THEN 'Qualified'
    WHEN 3 THEN 'Interested' WHEN 4 THEN 'Interested' WHEN 5 THEN 'CNP'
    WHEN 6 THEN 'CNP' WHEN 7 THEN 'CNP' WHEN 8 THEN 'In Progress'
    WHEN 9 THEN 'In Progress' WHEN 10 THEN 'In Progress'
    WHEN 11 THEN 'In Progress' ELSE 'New' END END,
  owner,
  CASE WHEN owner IS NOT NULL AND h % 7 = 3 THEN 1 + h % 9 ELSE 0 END,
  CASE WHEN owner IS NOT NULL AND h % 11 = 4 THEN $now + 3600 * (h % 200) END,
  -- follow-ups: due now on 1 in 25, later on 1 in 16 (not both)
  CASE WHEN owner IS NULL OR h % 20 < 2 THEN NULL
    WHEN h % 25 = 6 THEN $now - 60 * (1 + h % 600)
    WHEN h % 16 = 9 THEN $now + 3600 * (1 + h % 300) END,
  -- called in the last hour on 1 in 12, before that on a third
  CASE WHEN owner IS NULL OR h % 20 >= 12 THEN NULL
    WHEN h % 12 = 5 THEN $now - 60 * (1 + h % 55)
    ELSE $now - 86400 * (1 + h % 30) - 60 * (h % 600) END,
  CASE WHEN owner IS NOT NULL AND h % 20 BETWEEN 5 AND 7 THEN 1 + h % 3
    ELSE 0 END,
  CASE WHEN owner IS NOT NULL AND h % 20 < 12 THEN 1 ELSE 0 END,
  CASE WHEN owner IS NOT NULL AND h % 20 < 5 THEN 1 ELSE 0 END,
  $now - 86400 * 120, $now - 86400 * 120
  FROM o;
UPDATE leads SET stage_id = (SELECT id FROM pipeline_stages p
  WHERE p.status = leads.status), stage_entered_at = $now - 86400 * 30
  WHERE owner_id IS NOT NULL AND status IN ('In Progress', 'Interested',
  'Qualified', 'Converted', 'Lost');
UPDATE leads SET customer = 1, customer_at = $now - 86400 * 30
  WHERE status = 'Converted';
INSERT INTO phones (e164, lead_id) SELECT phone_e164, id FROM leads
  ORDER BY phone_e164, id;
INSERT INTO assignments (lead_id, user_id, assigned_by, method, at)
  SELECT id, owner_id, 1, 'manual', $now - 86400 * 90 FROM leads
  WHERE owner_id IS NOT NULL;
INSERT INTO followups (lead_id, user_id, due_at, state, created_at)
  SELECT id, owner_id, next_followup_at, 'open', $now - 86400 * 2
  FROM leads WHERE next_followup_at IS NOT NULL;
-- One call per lead called; its disposition follows the lead's status.
INSERT INTO calls (lead_id, user_id, disposition_id, started_at,
  ended_at, duration_s, state)
  SELECT l.id, l.owner_id, (SELECT id FROM dispositions WHERE key =
    CASE l.status WHEN 'CNP' THEN 1 WHEN 'Lost' THEN 4 WHEN 'Interested'
    THEN 5 WHEN 'Qualified' THEN 7 WHEN 'Converted' THEN 8 ELSE 6 END),
  l.last_contacted_at, l.last_contacted_at + 90, 90, 'logged'
  FROM leads l WHERE l.last_contacted_at IS NOT NULL ORDER BY l.id;
INSERT INTO lead_keys (lead_id, name, digits)
  SELECT id, lower(name), substr(phone_e164, 12, 1)
  || substr(phone_e164, 11, 1) || substr(phone_e164, 10, 1)
  || substr(phone_e164, 9, 1) || substr(phone_e164, 8, 1)
  || substr(phone_e164, 7, 1) || substr(phone_e164, 6, 1)
  || substr(phone_e164, 5, 1) || substr(phone_e164, 4, 1)
  || substr(phone_e164, 3, 1) || substr(phone_e164, 2, 1)
  FROM leads ORDER BY id;
INSERT INTO lead_text (rowid, body) SELECT id, lower(name || char(10) ||
  coalesce(city, '') || char(10) || coalesce(email, '')) FROM leads
  ORDER BY id;
COMMIT;
PRAGMA journal_mode = WAL;
EOF
# The counts this floor promises, checked before it is kept.
got=$(sqlite3 "$t" "SELECT group_concat(n, ' ') FROM (SELECT count(*) AS n
    FROM leads l JOIN users u ON u.id = l.owner_id
    WHERE u.login IN ('rep1', 'rep2', 'rep3') GROUP BY u.login
    ORDER BY u.login)")
[ "$got" = "12600 600 10000" ] || [ "$rows" -lt 1000000 ] || {
	echo "floor.sh: books of $got leads, not 12600 600 10000" >&2
	exit 1
}
# Opened once: callq takes it through schema steps 15 and on.
cq user list
[ "$(sqlite3 "$t" 'PRAGMA user_version')" = "$version" ] || {
	echo "floor.sh: not migrated to schema $version" >&2
	exit 1
}
mv "$t" "$out"
echo "floor.sh: $rows leads in $(( $(date +%s) - start )) s: $out" >&2
echo "$out"
