#!/bin/sh
# tests/e2e/resume.sh on PostgreSQL: an import killed (kill -9) at ten
# points and resumed each time ends with every valid lead of the file
# present once, and with the counts, leads and rejects file of an import
# never killed (on SQLite: the two drivers must agree as well).
. "$(dirname "$0")/../lib.sh"

if [ -z "${CALLQ_TEST_PG:-}" ] || ! command -v psql >/dev/null; then
	skip "resume on PostgreSQL" "CALLQ_TEST_PG is not set (tests/run-all.sh starts a server)"
	finish
	exit
fi

floor=callq_resume_$$	# the database, and the role that owns it
. "$top/tests/pgfloor.sh"

file=$scratch/leads.csv
/usr/bin/python3 "$top/tests/bench/gen_leads.py" 40000 3 >"$file"
counts() { sed -n 's/^\(imported .*\) (batch [0-9]*)$/\1/p'; }

# The reference: one run, never killed, on SQLite.
ref=$scratch/ref.db
"$bin" --db "$ref" init >/dev/null
want=$("$bin" --db "$ref" import "$file" --region East --country US | counts)
cp "$scratch/leads.rejects.csv" "$scratch/ref.rejects.csv"
rm -f "$scratch/leads.rejects.csv"

db="postgresql:$CALLQ_TEST_PG user=$floor dbname=$floor"
export HOME=$scratch/home
mkdir -p "$HOME"
ok "init makes the floor" sh -c '"$0" --db "$1" init >/dev/null' "$bin" "$db"
rows() {
	psql -X -q -At -d "$CALLQ_TEST_PG user=$floor dbname=$floor" -c "$1"
}
# Rows the batch has done; -1 before the batch exists.
done_rows() { rows "SELECT coalesce(max(rows_read), -1) FROM import_batches" 2>/dev/null || echo -1; }
batch=""
kills=0
while [ $kills -lt 10 ]; do
	if [ -z "$batch" ]; then
		"$bin" --db "$db" import "$file" --region East --country US \
		    >/dev/null 2>&1 &
	else
		"$bin" --db "$db" import "$file" --resume "$batch" \
		    >/dev/null 2>&1 &
	fi
	pid=$!
	mark=$((kills * 36000 / 10))
	while [ "$(done_rows)" -lt $mark ] && kill -0 $pid 2>/dev/null; do
		sleep 0.05
	done
	sleep "0.$(awk -v s="$kills$$" 'BEGIN { srand(s); printf "%d", rand() * 3 }')"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	batch=$(rows "SELECT id FROM import_batches")
	kills=$((kills + 1))
	echo "# kill $kills: $(done_rows) rows done"
	[ "$(rows "SELECT state FROM import_batches")" = complete ] && break
done
ok "the import was killed ten times before it completed" test $kills -eq 10
got=""
if [ "$(rows "SELECT state FROM import_batches")" != complete ]; then
	got=$("$bin" --db "$db" import "$file" --resume "$batch" | counts)
fi
ok "the resumed batch completes" \
    test "$(rows "SELECT state FROM import_batches")" = complete
ok "its counts are the uninterrupted run's" test \
    "$(rows "SELECT 'imported ' || rows_imported || ', duplicates ' || rows_duplicate || ', dnc ' || rows_dnc || ', rejected ' || rows_rejected || ', warnings ' || rows_warning FROM import_batches")" = "$want"
ok "the last run's summary says so too" sh -c "[ -z '$got' ] || [ '$got' = '$want' ]"
ok "every lead is present exactly once" test \
    "$(rows "SELECT count(*) - count(DISTINCT phone_e164) FROM leads")" -eq 0
ok "... and they are the same leads as the reference's" test \
    "$(rows "SELECT string_agg(phone_e164, ',' ORDER BY phone_e164) FROM leads" | md5sum)" = \
    "$(sqlite3 "$ref" "SELECT group_concat(phone_e164) FROM (SELECT phone_e164 FROM leads ORDER BY 1)" | md5sum)"
leads=$(rows "SELECT count(*) FROM leads")
ok "... each in the number index once" test \
    "$(rows "SELECT count(*) FROM phones p JOIN leads l ON l.id = p.lead_id AND l.phone_e164 = p.e164")" = "${leads:-none}"
ok "the region counts them all" test \
    "$(rows "SELECT leads FROM region_counts c JOIN regions r ON r.id = c.region_id WHERE r.name = 'East'")" = "${leads:-none}"
ok "the rejects file holds each rejected row once" \
    cmp -s "$scratch/leads.rejects.csv" "$scratch/ref.rejects.csv"
ok "no worker process is left behind" \
    sh -c "! pgrep -f '[i]mport $file' >/dev/null"
finish
