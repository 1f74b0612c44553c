#!/bin/sh
# A database on a FUSE mount (as sshfs would give): WAL is unsafe there, so
# callq says so once and uses a rollback journal. bindfs makes the mount;
# where FUSE is not available the test says it was skipped.
. "$(dirname "$0")/../lib.sh"
sqlite_only "it is about the SQLite file on a network mount"

src=$scratch/src
mnt=$scratch/mnt
mkdir -p "$src" "$mnt"
if ! bindfs "$src" "$mnt" 2>/dev/null; then
	skip "a database on a FUSE mount" "no FUSE on this machine (bindfs" \
	    "could not mount)"
	finish
	exit
fi
unmount() { fusermount -u "$mnt" 2>/dev/null; cleanup; }
trap unmount EXIT

db=$mnt/floor.db
"$bin" --db "$db" init >/dev/null 2>"$scratch/notice"
ok "init on FUSE prints one notice" test "$(wc -l <"$scratch/notice")" -eq 1
ok "... naming the path and the filesystem" grep -q \
    "callq: notice: $db is on a network filesystem (FUSE); using a rollback journal instead of WAL" \
    "$scratch/notice"
ok "... and leaves no WAL file beside the database" \
    sh -c "'$bin' --db '$db' lead add --name A --phone +13055550142 >/dev/null 2>&1; ! test -e '$db-wal'"
ok "the database works there" \
    sh -c "'$bin' --db '$db' lead list --format csv 2>/dev/null | grep -q '^1,A,'"

# A WAL database carried onto the share is switched to a rollback journal.
"$bin" --db "$scratch/local.db" init >/dev/null
cp "$scratch/local.db" "$mnt/moved.db"
"$bin" --db "$mnt/moved.db" region add East >/dev/null 2>&1
ok "a WAL database moved onto the share works with a rollback journal" \
    sh -c "'$bin' --db '$mnt/moved.db' region list --format csv 2>/dev/null | grep -q '^East,' && ! test -e '$mnt/moved.db-wal'"
finish
