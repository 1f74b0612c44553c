#!/bin/sh
# callq migrate on a shared install, tried as an admin and a rep would:
# the target is the admin's to name, so callq reaches it with the admin's
# rights only, never the group's (which alone may read the floor's keys,
# certificates and sockets); a rep cannot run it at all. No server is
# needed: each check is decided before one would answer.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "callq migrate on a shared floor" "it needs root (accounts," \
	    "a group, chown); run make check as root to run it"
	finish
	exit
fi

. "$top/tests/floor.sh"
rep=cqpr$tag
adm=cqpa$tag
account "$rep"
account "$adm"
floor_install
"$bin" region add East --country US >/dev/null
"$bin" user add "$adm" --role admin >/dev/null
"$bin" user add "$rep" --role rep --region East >/dev/null

# A directory only callq's group may pass through: a socket there is
# reached by nobody but callq holding the group. With no socket in it,
# connecting through it fails with ENOENT when the group is held, and
# with EACCES when it is not.
gdir=$scratch/groupsock
mkdir "$gdir"
chown root:"$group" "$gdir"
chmod 0710 "$gdir"

at_home "$adm" "$bin" migrate --to "postgresql:host=$gdir dbname=callq"
ok "an admin's migrate reaches the server it names without the floor's group" \
    grep -q 'Permission denied' "$scratch/out"
ok "... so it never learns what only the group may see" \
    fails grep -q 'No such file' "$scratch/out"
at_home "$adm" "$bin" migrate --verify --to "postgresql://?host=$gdir&dbname=x"
ok "nor does --verify, with a URL" grep -q 'Permission denied' "$scratch/out"

at_home "$rep" "$bin" migrate --to "postgresql:host=$gdir dbname=callq"
ok "a rep's migrate is refused with status 77" test $? -eq 77
ok "... before any connection" sh -c "grep -q 'a rep cannot' '$scratch/out' &&
    ! grep -q 'connect' '$scratch/out'"

finish
