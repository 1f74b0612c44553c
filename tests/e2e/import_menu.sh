#!/bin/sh
# The admin's Import pane through tmux: the browser starts in the home
# folder, a file is picked, the preview shows the header mapping and the
# first rows as they will be imported, a mapping is fixed with m, the run
# ends in a summary, and the rejects viewer shows row, reason and fields.
# Then a cancelled run leaves nothing, an interrupted batch is listed and
# discarded, a list in a read-only folder imports with its rejects in the
# user's data folder, and a rep has no Import pane. On PostgreSQL too
# (tests/pg/e2e.txt).
. "$(dirname "$0")/../lib.sh"
export LANG=C.UTF-8
unset LC_ALL

floor_db menu
home=$scratch/home
mkdir -p "$home/lists" "$home/.hidden"
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add "North America East" --country US >/dev/null
cq user add rep1 --role rep --region "North America East" >/dev/null

# A list whose phone column is "Tel", not the default header, with bad rows.
python3 - "$home/lists/east-nov.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Name,Tel,City,Country\n")
    for i in range(300):
        if i % 100 == 7:
            f.write(f"Bad {i},,Boston,US\n")
        else:
            f.write(f"Shop {i},+1 617-253-{i:04d},Boston,US\n")
PY
printf 'not a list\n' >"$home/notes.txt"

start() { # $1 session, $2 login
	tm new-session -d -s "$1" -x 120 -y 32 \
	    "env HOME='$home' TERM=screen '$bin' --db '$db' --as $2; sleep 600"
}
leads() { cq lead list --region "North America East" --format csv |
    tail -n +2 | wc -l; }

start a root
wait_for a "root \(admin\)" >/dev/null
tm send-keys -t a g i
ok "g i opens the browser in the home folder" \
    wait_for a "Import a lead list: $home\$"
ok "it lists folders" wait_for a "lists +folder"
ok "and neither hidden folders nor other files" \
    sh -c "! tmux -L '$sock' capture-pane -p -t a | grep -Eq 'hidden|notes.txt'"
tm send-keys -t a Enter
ok "Enter opens the folder, the cursor on its list" \
    wait_for a "east-nov.csv +[0-9.]+ KB"
tm send-keys -t a Enter
ok "picking the file asks for the region" wait_for a "Import into which region"
tm send-keys -t a Enter
ok "the preview names the file and region" \
    wait_for a "Import $home/lists/east-nov.csv into North America East \(US\)"
ok "it shows the delimiter and columns" wait_for a "Delimiter: comma, 4 columns"
ok "and says the phone column is missing" wait_for a "has no phone column"
tm send-keys -t a j m
ok "m offers the file's columns, Tel first in line" \
    wait_for a "Read Formatted phone number from"
tm send-keys -t a Enter
ok "the phone is now read from Tel" \
    wait_for a "Formatted phone number <- Tel"
ok "the first rows show E.164, country and time zone" \
    wait_for a "^ 2 +Shop 0 +\+1 617-253-0000 +\+16172530000 +US America/New_York new"
ok "a row without a phone shows why it will be rejected" \
    wait_for a "^ 9 +Bad 7 .*empty phone"
ok "nothing is imported by the preview" test "$(leads)" -eq 0

tm send-keys -t a Enter
ok "Enter runs it to a summary" \
    wait_for a "Imported 297 leads into North America East \(batch 1\)"
ok "with the counts" wait_for a "imported 297, duplicates 0, do-not-call 0, rejected 3"
ok "and the rejects file" \
    wait_for a "Rejects: $home/lists/east-nov.rejects.csv +\(v shows them\)"
ok "the leads are in" test "$(leads)" -eq 297
tm send-keys -t a v
ok "v lists the rejects with row, reason and fields" \
    wait_for a "^ 109 +empty phone +Bad 107 \|  \| Boston \| US"
tm send-keys -t a Escape Escape
ok "Esc goes back to the browser" wait_for a "Import a lead list: $home/lists"

# A new region, with the country its national numbers are read in.
tm send-keys -t a Enter
wait_for a "Import into which region" >/dev/null
tm send-keys -t a j Enter
ok "a new region is typed" wait_for a "New region's name"
tm send-keys -t a "Gulf Coast" Enter
ok "with its country asked" wait_for a "Its country"
tm send-keys -t a Narnia Enter
ok "a country callq does not know is said" \
    wait_for a "'Narnia' is not a country callq knows"
tm send-keys -t a C-u us Enter
ok "the preview names the new region and its country" \
    wait_for a "into Gulf Coast \(US\)"
tm send-keys -t a Escape
ok "and nothing is created by a preview" \
    sh -c "! '$bin' --db '$db' region list | grep -q 'Gulf Coast'"

# Cancel: a file big enough for the sanitized build to be caught running.
python3 - "$home/lists/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Name,Formatted phone number,Country\n")
    for i in range(200000):
        f.write(f"Big {i},+1 212-{200 + i // 10000}-{i % 10000:04d},US\n")
PY
tm send-keys -t a /
tm send-keys -t a C-u "$home/lists/big.csv" Enter
wait_for a "Import into which region" >/dev/null
tm send-keys -t a Enter
wait_for a "Enter imports the whole file" >/dev/null
tm send-keys -t a Enter
ok "the run shows a progress bar with rows/s and an ETA" \
    wait_for a "[0-9]+ rows, [0-9]+ rows/s, about [0-9]+ s"
tm send-keys -t a Escape
ok "Esc cancels it and says the batch is gone" \
    wait_for a "Cancelled after [0-9]+ rows: batch 2 was discarded"
ok "none of its leads stay" test "$(leads)" -eq 297
ok "the batch is discarded" \
    sh -c "'$bin' --db '$db' batch list --format csv | grep -q '^2,discarded,'"

# An interrupted batch (its process killed) is listed, and D discards it.
"$bin" --db "$db" import "$home/lists/big.csv" --region "North America East" \
    >/dev/null 2>&1 &
pid=$!
rows3() { "$sq" "$db" "SELECT coalesce(max(rows_read), 0) FROM import_batches WHERE id = 3" 2>/dev/null || echo 0; }
while [ "$(rows3)" -eq 0 ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
tm send-keys -t a Escape
tm send-keys -t a "~"
ok "an interrupted batch is listed on top" \
    wait_for a "Interrupted: batch 3, big.csv into North America East"
tm send-keys -t a k k k D
ok "D asks before it discards" wait_for a "Discard batch 3 and every lead"
tm send-keys -t a Enter
ok "and discards it" wait_for a "Batch 3 discarded: [0-9]+ leads removed"
ok "its leads are gone" test "$(leads)" -eq 297
tm send-keys -t a Q

# A list in a folder that cannot be written (a read-only share): the
# rejects go to the user's data folder, and the summary says where.
mkdir -p "$home/share"
python3 - "$home/share/west.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Name,Formatted phone number,City,Country\n")
    for i in range(50):
        f.write(f"West {i},+1 415-555-{i:04d},San Francisco,US\n")
    f.write("No phone,,San Francisco,US\n")
PY
readonly=""
if [ "$(id -u)" -ne 0 ]; then
	chmod a-w "$home/share" && readonly=mode
	trap 'chmod u+w "$home/share"; cleanup' EXIT
elif mount --bind "$home/share" "$home/share" 2>/dev/null; then
	trap 'umount "$home/share"; cleanup' EXIT
	mount -o remount,bind,ro "$home/share" && readonly=bind
fi
if [ -n "$readonly" ]; then
	tm new-session -d -s s -x 120 -y 32 "env -u XDG_DATA_HOME \
	    HOME='$home' TERM=screen '$bin' --db '$db' --as root; sleep 600"
	wait_for s "root \(admin\)" >/dev/null
	tm send-keys -t s g i
	wait_for s "Import a lead list: $home\$" >/dev/null
	tm send-keys -t s /
	tm send-keys -t s C-u "$home/share/west.csv" Enter
	wait_for s "Import into which region" >/dev/null
	tm send-keys -t s Enter
	wait_for s "Enter imports the whole file" >/dev/null
	tm send-keys -t s Enter
	got=$home/.local/share/callq/rejects/west-$(sha256sum \
	    "$home/share/west.csv" | cut -c1-8).rejects.csv
	ok "read-only folder: the list is imported" \
	    wait_for s "imported 50, duplicates 0, do-not-call 0, rejected 1"
	ok "read-only folder: the summary names the rejects file" \
	    wait_for s "Rejects: $got +\(v shows them\)"
	ok "read-only folder: ... and says why it is there" wait_for s \
	    "The file's folder cannot be written, so the rejects went to your data folder\."
	ok "read-only folder: the rejects are in it" \
	    grep -q "^No phone,,San Francisco,US,empty phone,52" "$got"
	tm send-keys -t s v
	ok "read-only folder: v lists them" \
	    wait_for s "^ 52 +empty phone +No phone"
	tm send-keys -t s Q
else
	skip "a list in a read-only folder" \
	    "root may write anywhere, and a read-only bind mount failed"
fi

start r rep1
wait_for r "rep1 \(rep\)" >/dev/null
tm send-keys -t r g i
ok "a rep has no Import pane" wait_for r "Import is not for a rep"
tm send-keys -t r q
finish
