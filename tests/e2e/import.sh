#!/bin/sh
# callq import and the do-not-call list, on the real (sanitized) binary:
# the file formats, every reject reason, refusals that write nothing,
# dedupe, DNC, dry runs, batches hidden until complete, discard. On
# PostgreSQL too (tests/pg/e2e.txt).
. "$(dirname "$0")/../lib.sh"

floor_db floor
cq() { "$bin" --db "$db" "$@"; }
py=/usr/bin/python3
leads() { "$sq" "$db" "SELECT count(*) FROM leads WHERE batch_id IS NOT NULL"; }
batches() { "$sq" "$db" "SELECT count(*) FROM import_batches"; }
cq init --demo >/dev/null

# A file with every shape of the default format: BOM, CRLF, headers in
# another order and case, quoted commas, quotes and newlines, an extra
# column, a control character, bad coordinates.
f=$scratch/east.csv
printf '\357\273\277name , COUNTRY,Formatted Phone Number,City,Region,Lat,Lng,Owner Notes\r\n' >"$f"
printf '"Acme, Inc.",US,(212) 736-0100,New York,NY,40.7,-74.0,"said ""call back"""\r\n' >>"$f"
printf 'Bright Bakery,United States,+1 208 736 0101,Boise,ID,43.6,-116.2,\r\n' >>"$f"
printf '"Cedar\nDental",GB,020 7123 0102,London,,95.5,-0.1,\r\n' >>"$f"
printf 'Delta Florist,CAN,416 736 0103 ext. 12,Toronto,ON,,,\r\n' >>"$f"
printf 'Bell\007 Roofing,,+61 2 9876 5432,Sydney,NSW,x,151.2,\r\n' >>"$f"
out=$(cq import "$f" --region East --country US)
ok "import prints the one summary line" test "$out" = \
    "imported 5, duplicates 0, dnc 0, rejected 0, warnings 2 (batch 1)"
row() { "$sq" "$db" "SELECT $1 FROM leads WHERE phone_e164 = '$2'"; }
ok "quoted commas and quotes are read whole" \
    test "$(row name +12127360100)" = "Acme, Inc."
ok "extra columns are kept as extra fields" \
    test "$(row extra +12127360100)" = '{"Owner Notes":"said \"call back\""}'
ok "a quoted newline never reaches the database" \
    test "$(row name +442071230102)" = "Cedar Dental"
ok "a control character becomes a space" \
    test "$(row name +61298765432)" = "Bell  Roofing"
ok "out-of-range coordinates are dropped with a warning" \
    test "$(row 'CASE WHEN lat IS NULL AND lng IS NULL THEN 1 END' +442071230102)" = 1
ok "the extension is kept apart from E.164" \
    test "$(row phone_ext +14167360103)" = 12
ok "the raw phone is kept" test "$(row phone_raw +14167360103)" = \
    "416 736 0103 ext. 12"
ok "Idaho's leads may be in either of its zones (region)" \
    test "$(row 'timezone, tz_basis' +12087360101)" = \
    "America/Boise America/Los_Angeles|region"
ok "a number without a region gets its prefix's zone" \
    test "$(row 'timezone, tz_basis' +61298765432)" = \
    "Australia/Sydney|prefix"
ok "country names and ISO-3 codes map to a region" \
    test "$(row country +14167360103)" = CA
id=$("$sq" "$db" "SELECT id FROM leads WHERE phone_e164 = '+12127360100'")
ok "lead show gives the extra fields and what the zones came from" \
    sh -c "'$bin' --db '$db' lead show $id --format csv | tr -d '\r' | grep -qx 'timezone_from,region' && '$bin' --db '$db' lead show $id | grep -q '^extra .*Owner Notes'"
ok "an imported lead is listed once the batch is complete" \
    sh -c "'$bin' --db '$db' lead list --search 'Acme' --format csv | grep -q 'Acme, Inc.'"

# Semicolons and tabs are found from the header.
printf 'Name;Formatted phone number;Country\nSemi;+44 20 7123 0200;GB\n' >"$scratch/semi.csv"
printf 'Name\tFormatted phone number\nTab\t+1 212 736 0201\n' >"$scratch/tab.csv"
ok "a semicolon-delimited file imports" \
    sh -c "'$bin' --db '$db' import '$scratch/semi.csv' --region East | grep -q '^imported 1,'"
ok "a tab-delimited file imports" \
    sh -c "'$bin' --db '$db' import '$scratch/tab.csv' --region East | grep -q '^imported 1,'"

# Every reject reason, each row written back unchanged with its reason.
f=$scratch/bad.csv
long=$(head -c 5000 /dev/zero | tr '\0' a)
{
	printf 'Name,Formatted phone number,Country\n'
	printf 'Too,Many,Fields,Here\n'
	printf 'Empty,,US\n'
	printf 'Wrong,+1 555 0100,US\n'
	printf 'Latin1 \351,+1 212 736 0300,US\n'
	printf '%s,+1 212 736 0301,US\n' "$long"
	printf 'Words,call me maybe,US\n'
	printf 'Fine,+1 212 736 0302,US\n'
} >"$f"
out=$(cq import "$f" --region East)
ok "bad rows are rejected and the rest goes on" test "$out" = \
"imported 1, duplicates 0, dnc 0, rejected 6, warnings 0 (batch 4)
rejects: $scratch/bad.rejects.csv"
rej=$scratch/bad.rejects.csv
ok "the rejects file keeps the header plus a reason column" \
    sh -c "head -n 1 '$rej' | grep -q '^Name,Formatted phone number,Country,Reject reason'"
ok "wrong field count says expected and found" \
    grep -q '^Too,Many,Fields,Here,"has 4 fields; the header has 3"' "$rej"
ok "an empty phone is named" grep -q '^Empty,,US,empty phone' "$rej"
ok "an invalid phone names the number and the region" \
    grep -q 'invalid phone ""+1 555 0100"" for region US' "$rej"
ok "invalid UTF-8 is named" grep -q 'field ""Name"" is not UTF-8 text' "$rej"
ok "a field over 4 KiB is named" \
    grep -q 'field ""Name"" is 5000 bytes; at most 4096' "$rej"
ok "text that is no number is named" grep -q 'not a phone number' "$rej"
ok "the rejected row's fields are unchanged" \
    sh -c "grep -c '^$long,' '$rej' | grep -qx 1"

# Refusals: nothing written, one sentence, status 65.
n=$(batches)
printf 'Name,Tel,City\nA,+12127360400,X\n' >"$scratch/nophone.csv"
out=$(cq import "$scratch/nophone.csv" --region East 2>&1)
ok "a file without a phone column is refused with status 65" \
    sh -c "'$bin' --db '$db' import '$scratch/nophone.csv' --region East 2>/dev/null; test \$? -eq 65"
ok "... naming what is missing and what was found" test "$out" = \
"callq: $scratch/nophone.csv has no phone column: expected \"Formatted phone number\" (or --map phone=HEADER); found: Name, Tel, City"
head -c 3000 "$bin" >"$scratch/binary.csv"
ok "a file that is not CSV is refused with status 65" \
    sh -c "'$bin' --db '$db' import '$scratch/binary.csv' --region East 2>/dev/null; test \$? -eq 65"
: >"$scratch/empty.csv"
ok "an empty file is refused with status 65" \
    sh -c "'$bin' --db '$db' import '$scratch/empty.csv' --region East 2>/dev/null; test \$? -eq 65"
printf 'Name,Formatted phone number\n"open,+12127360500\n' >"$scratch/quote.csv"
ok "an unclosed quote is a reject, not a hang" \
    sh -c "'$bin' --db '$db' import '$scratch/quote.csv' --region East | grep -q 'rejected 1'"
ok "... and refusals recorded no batch" test "$(batches)" -eq $((n + 1))
ok "--map names a column the file has" \
    sh -c "'$bin' --db '$db' import '$scratch/nophone.csv' --region East --map phone=tel | grep -q '^imported 1,'"
ok "--map of a missing column is refused" \
    sh -c "'$bin' --db '$db' import '$scratch/nophone.csv' --region East --map city=Town 2>&1 | grep -q 'has no column \"Town\"'"
ok "a rejects file that is the input is refused (status 64)" \
    sh -c "'$bin' --db '$db' import '$scratch/semi.csv' --region East --rejects '$scratch/semi.csv' 2>/dev/null; test \$? -eq 64 && grep -q Semi '$scratch/semi.csv'"
ok "a rep cannot import (status 77)" \
    sh -c "'$bin' --db '$db' --as rep1 import '$scratch/semi.csv' --region East 2>/dev/null; test \$? -eq 77"

# More malformed input: each gets a sentence or a reject, never a hang.
mkfifo "$scratch/fifo.csv"
ok "a FIFO is refused at once (status 66), not waited on" \
    sh -c "timeout 120 '$bin' --db '$db' import '$scratch/fifo.csv' --region East 2>/dev/null; test \$? -eq 66"
"$py" -c "print(','.join('c%d' % i for i in range(300)) + ',Formatted phone number')" >"$scratch/wide.csv"
ok "a header of more than 256 columns is refused (status 65)" \
    sh -c "'$bin' --db '$db' import '$scratch/wide.csv' --region East 2>&1 | grep -q 'more than 256 columns'"
printf '\357\273\277' >"$scratch/bom.csv"
ok "a file of a byte order mark alone is refused as empty (status 65)" \
    sh -c "'$bin' --db '$db' import '$scratch/bom.csv' --region East 2>&1 | grep -q 'is empty'"
ok "a missing file is status 66" \
    sh -c "'$bin' --db '$db' import '$scratch/nowhere.csv' --region East 2>/dev/null; test \$? -eq 66"
printf 'Name,Formatted phone number\nNul\000Byte,+1 212 736 0702\n' >"$scratch/nul.csv"
cq import "$scratch/nul.csv" --region East --country US >/dev/null
ok "a NUL byte in a field becomes a space" \
    test "$("$sq" "$db" "SELECT name FROM leads WHERE phone_e164 = '+12127360702'")" = "Nul Byte"
printf 'Name,Formatted phone number\rCR,+1 212 736 0700\r' >"$scratch/cr.csv"
ok "old Mac line ends (CR alone) are read" \
    sh -c "'$bin' --db '$db' import '$scratch/cr.csv' --region East --country US | grep -q '^imported 1,'"
{
	printf 'Name,Formatted phone number\nRunaway,+1 212 736 0701\n"'
	head -c 1200000 /dev/zero | tr '\0' x
} >"$scratch/runaway.csv"
out=$(cq import "$scratch/runaway.csv" --region East --country US 2>&1)
ok "a quote left open to the end of the file rejects its record" test \
    "$out" = "imported 1, duplicates 0, dnc 0, rejected 1, warnings 0 (batch $(batches))
rejects: $scratch/runaway.rejects.csv"
ok "... naming its field and line" grep -q \
    '"unclosed quote in field ""Name"" on line 3: no closing quote before the end of the file",3' \
    "$scratch/runaway.rejects.csv"
ok "... and the rows before it stay" \
    test "$("$sq" "$db" "SELECT count(*) FROM leads WHERE phone_e164 = '+12127360701'")" -eq 1

# A stray quote rejects its own line; the rest reads as a spreadsheet would.
f=$scratch/stray.csv
{
	printf 'Name,Formatted phone number,City,Country\n'
	printf '"Acme" Bakery,+12127360910,New York,US\n'
	printf 'Bright Cafe,+12127360920,New York,US\n'
	printf 'Cedar Florist,+12127360930,New York,US\n'
	printf 'Delta Roofing,+12127360940,New York,US\n'
	printf '"Evergreen, Inc.",+12127360950,New York,US\n'
	printf 'Foster Law,+12127360960,New York,US\n'
} >"$f"
out=$(cq import "$f" --region Stray)
ok "a stray quote rejects its line and swallows no row" test "$out" = \
    "imported 5, duplicates 0, dnc 0, rejected 1, warnings 0 (batch $(batches))
rejects: $scratch/stray.rejects.csv"
ok "... each lead its own row's name and phone" test "$("$sq" "$db" \
    "SELECT l.name || '=' || l.phone_e164 FROM leads l JOIN regions r ON r.id = l.region_id WHERE r.name = 'Stray' ORDER BY l.id" | paste -sd ';')" = \
    "Bright Cafe=+12127360920;Cedar Florist=+12127360930;Delta Roofing=+12127360940;Evergreen, Inc.=+12127360950;Foster Law=+12127360960"
ok "... the line in the rejects file as written, with field and line" \
    grep -q '^"""Acme"" Bakery",+12127360910,New York,US,"stray quote in field ""Name"" on line 2: text follows its closing quote",2' \
    "$scratch/stray.rejects.csv"
printf 'Name,Formatted phone number\n"Acme Bakery,+12127360911\nBright,+12127360921\n"Cedar" Co,+12127360931\nDelta,+12127360941\n' >"$scratch/open.csv"
ok "a quote never closed on its line rejects that line alone" \
    sh -c "'$bin' --db '$db' import '$scratch/open.csv' --region Stray | grep -q '^imported 2, duplicates 0, dnc 0, rejected 2,'"
ok "... naming where it opened and where it closed" grep -q \
    'stray quote in field ""Name"" on line 2: the quote opened there closes on line 4 with text after it' \
    "$scratch/open.rejects.csv"

# One huge field is one bad row, at any size, after chunks committed.
f=$scratch/huge.csv
{
	printf 'Name,Formatted phone number\n'
	seq -w 0 4999 | sed 's/.*/Lead &,+1 917 736 &/'
	printf '"'
	head -c 2097152 /dev/zero | tr '\0' q
	printf '",+1 212 736 0801\n'
	head -c 52428800 /dev/zero | tr '\0' u
	printf ',+1 212 736 0802\nAfter,+1 212 736 0803\n'
} >"$f"
out=$(cq import "$f" --region Huge --country US)
ok "a 2 MiB quoted field and a 50 MB line are two rejects; the rest stays" \
    sh -c "echo '$out' | grep -q '^imported 5001, duplicates 0, dnc 0, rejected 2,'"
ok "... each named with its length" sh -c "grep -q 'field \"\"Name\"\" is 2097152 bytes; at most 4096' '$scratch/huge.rejects.csv' &&
    grep -q 'field \"\"Name\"\" is 52428800 bytes; at most 4096' '$scratch/huge.rejects.csv'"
ok "... and the rows after them are read" \
    test "$("$sq" "$db" "SELECT name FROM leads WHERE phone_e164 = '+12127360803'")" = After

# Dedupe and the do-not-call list.
f=$scratch/dups.csv
{
	printf 'Name,Formatted phone number,Country\n'
	printf 'One,+1 646 736 0600,US\n'
	printf 'Same,(646) 736-0600,US\n'
	printf 'Again,646.736.0600,\n'
	printf 'Known,+1 212 736 0100,US\n'
	printf 'Blocked,+1 646 736 0601,US\n'
	printf 'New,+1 646 736 0602,US\n'
} >"$f"
ok "dnc add normalizes the number" \
    sh -c "'$bin' --db '$db' dnc add '(646) 736-0601' --country US --reason asked | grep -q '+16467360601'"
ok "dnc list shows it with its reason" \
    sh -c "'$bin' --db '$db' dnc list --format csv | grep -q '^+16467360601,asked,'"
n=$(batches)
out=$(cq import "$f" --region East --country US --dry-run)
ok "a dry run counts what would happen" test "$out" = \
    "imported 2, duplicates 3, dnc 1, rejected 0, warnings 0 (dry run: nothing written)"
ok "... and writes nothing" test "$(batches)" -eq "$n"
out=$(cq import "$f" --region East --country US)
ok "duplicates in the file and the database and DNC numbers are skipped" \
    sh -c "echo '$out' | grep -q '^imported 2, duplicates 3, dnc 1, rejected 0'"
out=$(cq import "$f" --region East --country US --format json)
ok "importing the same file again imports nothing new (JSON counts)" \
    sh -c "echo '$out' | grep -q '\"imported\":0,\"duplicates\":5,\"dnc\":1'"
ok "... and says so" sh -c "'$bin' --db '$db' import '$f' --region East --country US 2>&1 >/dev/null | grep -q 'nothing new'"
printf 'number\n+16467360602\nnot a number\n' >"$scratch/dnc.csv"
ok "dnc import reads a CSV with a phone column and counts" \
    sh -c "'$bin' --db '$db' dnc import '$scratch/dnc.csv' 2>/dev/null | grep -qx 'added 1, already listed 0, invalid 1'"
ok "a number on the list is never queued" \
    sh -c "! '$bin' --db '$db' queue --limit 0 --format csv | grep -q '+16467360602'"

# A batch stays out of every list until complete, and can be discarded.
/usr/bin/python3 "$top/tests/bench/gen_leads.py" 30000 7 >"$scratch/big.csv"
# Imports big.csv into region $1 and sends signal $2 once rows are in;
# sets stopped (its batch) and stopped_rc (its exit status). Its standard
# error is left in $scratch/$1.err.
import_stopped() {
	"$bin" --db "$db" import "$scratch/big.csv" --region "$1" --country US \
	    >/dev/null 2>"$scratch/$1.err" &
	pid=$!
	q="SELECT b.id FROM import_batches b JOIN regions r ON r.id = b.region_id WHERE r.name = '$1'"
	eventually "[ \"\$('$sq' '$db' \"SELECT rows_imported FROM import_batches WHERE id = ($q)\")\" -gt 0 ] 2>/dev/null"
	kill -"$2" $pid
	wait $pid 2>/dev/null
	stopped_rc=$?
	stopped=$("$sq" "$db" "$q")
}
import_stopped Batchland KILL
b=$stopped
ok "a killed import's batch shows as interrupted" \
    sh -c "'$bin' --db '$db' batch list --format csv | grep -q '^$b,interrupted,Batchland,'"
ok "its leads are in no list" \
    sh -c "! '$bin' --db '$db' lead list --region Batchland --limit 1 --format csv | grep -q Batchland"
pending=$("$sq" "$db" "SELECT min(id) FROM leads WHERE batch_id = $b")
ok "... nor can one be shown or logged by its id (status 66)" \
    sh -c "'$bin' --db '$db' log $pending --disposition 1 2>/dev/null; test \$? -eq 66 && ! '$bin' --db '$db' lead show $pending >/dev/null 2>&1"
ok "... and in no queue" \
    sh -c "! '$bin' --db '$db' queue --limit 0 --format csv | grep -q Batchland"
out=$(cq import --discard "$b")
ok "discard removes what the batch added" \
    sh -c "echo '$out' | grep -q '^discarded batch $b: removed [1-9]'"
ok "... no lead of it remains" \
    test "$("$sq" "$db" "SELECT count(*) FROM leads WHERE batch_id = $b")" -eq 0
ok "... and it cannot be resumed" \
    sh -c "'$bin' --db '$db' import '$scratch/big.csv' --resume $b 2>&1 | grep -q 'is discarded'"
# Ctrl-C ends at a chunk's edge: status 75, the batch interrupted.
import_stopped Interrupted INT
ok "Ctrl-C stops an import with status 75" test $stopped_rc -eq 75
ok "... naming the command that goes on" \
    grep -q 'import stopped after [0-9]* rows; go on with: callq import .* --resume [0-9]*' "$scratch/Interrupted.err"
ok "... leaving its batch interrupted" \
    sh -c "'$bin' --db '$db' batch list --format csv | grep -q '^$stopped,interrupted,'"

# A discard killed midway can only be finished, never resumed.
import_stopped Halfway KILL
h=$stopped
"$sq" "$db" "UPDATE import_batches SET state = 'interrupted', runner = 'discard' WHERE id = $h;
    DELETE FROM leads WHERE id IN (SELECT id FROM leads WHERE batch_id = $h LIMIT 100)"
ok "a half-discarded batch cannot be resumed" \
    sh -c "'$bin' --db '$db' import '$scratch/big.csv' --resume $h 2>&1 | grep -q 'was being discarded; finish that with: callq import --discard $h'"
ok "... and its discard can be finished" \
    sh -c "'$bin' --db '$db' import --discard $h | grep -q '^discarded batch $h'"

# On a terminal, a progress bar on stderr; the summary at the end.
tm new-session -d -s bar -x 100 -y 10 \
    "'$bin' --db '$db' import '$scratch/big.csv' --region Bar --country US; sleep 60"
ok "a terminal shows a progress bar with rows, rows/s and time left" \
    wait_for bar '\[#*\.*\] +[0-9]+% +[0-9]+ rows +[0-9]+ rows/s +ETA [0-9]+:[0-9]{2}'
ok "... then the summary line" wait_for bar '^imported [0-9]+, duplicates'
ok "... and the bar is cleared" sh -c "! tmux -L '$sock' capture-pane -p -t bar | grep -q 'rows/s'"
tm kill-session -t bar

ok "the audit names the import's start and end" \
    sh -c "'$bin' --db '$db' audit list --entity batch --format csv | grep -q ',complete,'"

finish
