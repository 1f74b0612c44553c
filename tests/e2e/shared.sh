#!/bin/sh
# make install-shared into a temporary tree, then real Unix accounts: a rep
# reaches the floor's data through callq only, and the group callq runs
# with never reaches a file a user names.
. "$(dirname "$0")/../lib.sh"
sqlite_only "it is about the SQLite file of a setgid install; pgfloor.sh tries a PostgreSQL one"

if [ "$(id -u)" -ne 0 ]; then
	skip "the shared install" "it needs root (accounts, a group, chown);" \
	    "run make check as root to run it"
	finish
	exit
fi

. "$top/tests/floor.sh"
rep=cqrep$tag
admin=cqadm$tag
account "$rep"
account "$admin"
floor_install

ok "the binary is root:$group 2755" test "$(mode "$bin")" = "2755 root:$group"
ok "the data directory is root:$group 2770" \
    test "$(mode "$root/var/lib/callq")" = "2770 root:$group"
ok "the database is 0660 root:$group" test "$(mode "$db")" = "660 root:$group"
ok "callq.conf is 0640 root:$group" test "$(mode "$conf")" = "640 root:$group"
# root made the database, so root is its first admin and adds the floor.
"$bin" region add East --country US >/dev/null
"$bin" user add "$admin" --role admin >/dev/null
"$bin" user add "$rep" --role rep --region East >/dev/null
"$bin" setting set hours 00:00-24:00 >/dev/null

ok "a second install keeps the database" sh -c "
    make -C '$top' --no-print-directory install-shared PREFIX='$root/usr' \
    STATEDIR='$root/var/lib/callq' SYSCONFDIR='$root/etc/callq' \
    GROUP='$group' >/dev/null 2>&1 && test \"\$(stat -c %a '$db')\" = 660 &&
    '$bin' user list | grep -q '$rep'"

printf 'Name,Formatted phone number,Country\nAcme,+1 212-736-0101,US\nBolt,+1 212-736-0102,US\n' \
    >"$scratch/home/$admin/east.csv"
chown "$admin" "$scratch/home/$admin/east.csv"
ok "the installed callq opens the installed database by default" \
    sh -c "'$bin' region list | grep -q East"
ok "an admin imports a file of its own" \
    as "$admin" "$bin" import "$scratch/home/$admin/east.csv" --region East

# Readable by callq's group but not by the admin: only a leak reads it.
cp "$scratch/home/$admin/east.csv" "$scratch/private.csv"
chown root:"$group" "$scratch/private.csv"
chmod 0640 "$scratch/private.csv"
as "$admin" "$bin" import "$scratch/private.csv" --region East \
    >"$scratch/leak.out" 2>&1
ok "an admin cannot import a file callq's group may read and it may not" \
    grep -q 'Permission denied' "$scratch/leak.out"
cp "$scratch/home/$admin/east.csv" "$scratch/root-only.csv"
chmod 0600 "$scratch/root-only.csv"
as "$admin" "$bin" import "$scratch/root-only.csv" --region East \
    >"$scratch/root-only.out" 2>&1
ok "nor a file only root may read" \
    grep -q "cannot open $scratch/root-only.csv: Permission denied" \
    "$scratch/root-only.out"
ok "and nothing of either was imported" \
    test "$("$bin" batch list --format csv | tail -n +2 | wc -l)" -eq 1

ok "a rep cannot open the database with sqlite3" \
    fails as "$rep" sqlite3 "$db" 'select count(*) from leads' 
ok "the rep's open of the database fails with EACCES" \
    as "$rep" python3 -c "
import errno, os, sys
try:
    os.open('$db', os.O_RDONLY)
except OSError as e:
    sys.exit(0 if e.errno == errno.EACCES else 1)
sys.exit(1)"
ok "the rep cannot read callq.conf" fails as "$rep" cat "$conf"

as "$rep" "$bin" queue --format csv >"$scratch/queue.csv"
ok "the rep works its queue through callq" grep -q Acme "$scratch/queue.csv"
lead=$("$bin" lead list --format csv | grep Acme | cut -d, -f1)
ok "and logs a call" as "$rep" "$bin" log "$lead" --disposition "No answer"
ok "the call is the rep's in the database" \
    sh -c "'$bin' timeline '$lead' | grep -q 'No answer'"

as "$rep" "$bin" import "$scratch/home/$admin/east.csv" --region East \
    >/dev/null 2>&1
ok "a rep's import is refused with status 77" test $? -eq 77
as "$rep" "$bin" setting set lease_minutes 5 >/dev/null 2>&1
ok "a rep's setting change is refused with status 77" test $? -eq 77

as "$rep" "$bin" lead list --format csv --output "$scratch/home/$rep/mine.csv"
ok "a rep's export belongs to the rep's group" \
    test "$(stat -c %G "$scratch/home/$rep/mine.csv")" = "$rep"
ok "and holds the rep's leads" grep -q Acme "$scratch/home/$rep/mine.csv"
as "$rep" "$bin" lead list --output "$root/var/lib/callq/x.csv" \
    >/dev/null 2>&1
ok "a rep cannot export into the data directory" \
    test ! -e "$root/var/lib/callq/x.csv"

# The Import pane's browser lists folders as the admin, not as callq.
tm new-session -d -s adm -x 120 -y 30 \
    "setpriv --reuid=$admin --regid=$admin --init-groups env -i HOME=$scratch/home/$admin TERM=tmux-256color LANG=C.UTF-8 $bin; sleep 600"
wait_for adm "$admin \(admin\)" >/dev/null
tm send-keys -t adm g i
ok "the admin's browser starts in the admin's home" \
    wait_for adm "Import a lead list: $scratch/home/$admin"
tm send-keys -t adm / C-u "$root/var/lib/callq" Enter
ok "and cannot list the data directory" \
    wait_for adm "Cannot list $root/var/lib/callq: Permission denied"
tm send-keys -t adm Escape Q

tm new-session -d -s rep -x 100 -y 30 \
    "setpriv --reuid=$rep --regid=$rep --init-groups env -i HOME=$scratch/home/$rep TERM=tmux-256color LANG=C.UTF-8 $bin; sleep 600"
ok "the rep's screen starts with the system terminfo" wait_for rep 'Bolt'
tm send-keys -t rep q
finish
