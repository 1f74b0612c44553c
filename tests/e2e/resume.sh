#!/bin/sh
# An import killed (kill -9) at ten random points and resumed each time
# ends with every valid lead of the file present exactly once, and with
# the same counts and rejects file as an import that was never killed:
# on PostgreSQL too (tests/pg/e2e.txt), the reference on SQLite.
. "$(dirname "$0")/../lib.sh"

file=$scratch/leads.csv
/usr/bin/python3 "$top/tests/bench/gen_leads.py" 40000 3 >"$file"
counts() { sed -n 's/^\(imported .*\) (batch [0-9]*)$/\1/p'; }

# The reference: one run, never killed.
ref=$scratch/ref.db
"$bin" --db "$ref" init >/dev/null
want=$("$bin" --db "$ref" import "$file" --region East --country US | counts)
cp "$scratch/leads.rejects.csv" "$scratch/ref.rejects.csv"

floor_db floor
"$bin" --db "$db" init >/dev/null
# Rows the batch has done; -1 before the batch exists.
done_rows() { "$sq" "$db" "SELECT coalesce(max(rows_read), -1) FROM import_batches" 2>/dev/null || echo -1; }
batch=""
kills=0
# Ten kills spread over the file: each waits until the rows done pass the
# next tenth, then lets the import run on for a random moment (0-0.3 s),
# which may land inside a chunk, a commit or the final settling.
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
	batch=$("$sq" "$db" "SELECT id FROM import_batches")
	kills=$((kills + 1))
	echo "# kill $kills: $(done_rows) rows done"
	state=$("$sq" "$db" "SELECT state FROM import_batches")
	[ "$state" = complete ] && break
done
ok "the import was killed ten times before it completed" test $kills -eq 10
got=""
if [ "$("$sq" "$db" "SELECT state FROM import_batches")" != complete ]; then
	got=$("$bin" --db "$db" import "$file" --resume "$batch" | counts)
fi
ok "the resumed batch completes" \
    test "$("$sq" "$db" "SELECT state FROM import_batches")" = complete
ok "its counts are the uninterrupted run's" test \
    "$("$sq" "$db" "SELECT 'imported ' || rows_imported || ', duplicates ' || rows_duplicate || ', dnc ' || rows_dnc || ', rejected ' || rows_rejected || ', warnings ' || rows_warning FROM import_batches")" = "$want"
ok "the last run's summary says so too" sh -c "[ -z '$got' ] || [ '$got' = '$want' ]"
ok "every lead is present exactly once" test \
    "$("$sq" "$db" "SELECT count(*) - count(DISTINCT phone_e164) FROM leads")" -eq 0
ok "... and they are the same leads as the reference's" test \
    "$("$sq" "$db" "SELECT phone_e164 FROM leads ORDER BY 1" | md5sum)" = \
    "$("$sq" "$ref" "SELECT phone_e164 FROM leads ORDER BY 1" | md5sum)"
ok "the rejects file holds each rejected row once" \
    cmp -s "$scratch/leads.rejects.csv" "$scratch/ref.rejects.csv"
ok "no worker process is left behind" \
    sh -c "! pgrep -f '[i]mport $file' >/dev/null"
finish
