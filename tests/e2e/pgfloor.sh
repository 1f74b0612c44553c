#!/bin/sh
# A shared floor whose callq.conf names a PostgreSQL server, tried as a
# rep would: the floor's connection string (which may hold the floor's
# password) never reaches the rep's screen, whatever libpq makes of it,
# and the rep's commands make no file, least of all one of the floor's
# group. No server is needed: the one named cannot be reached.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "a PostgreSQL floor kept from its reps" "it needs root (accounts," \
	    "a group, chown); run make check as root to run it"
	finish
	exit
fi

. "$top/tests/floor.sh"
rep=cqpr$tag
account "$rep"
floor_install
"$bin" region add East --country US >/dev/null
"$bin" user add "$rep" --role rep --region East >/dev/null

# floor_names CONNINFO: the floor's callq.conf names CONNINFO.
floor_names() {
	sed -i '/^\[database\]/,$d' "$conf"
	printf '[database]\npostgresql = %s\n' "$1" >>"$conf"
}

for name in "host=$scratch/none dbname=callq password=s3cretZq9" \
    "host=$scratch/none dbname=callq password=s3cret PWtail" \
    "postgresql://callq:s3cret%zzZq9@/callq?host=$scratch/none"; do
	floor_names "$name"
	for cmd in "lead list" "queue" "init"; do
		# shellcheck disable=SC2086 # cmd is words
		at_home "$rep" "$bin" $cmd
		ok "a rep's '$cmd' fails on a floor it cannot reach: $name" \
		    test $? -ne 0
		secrets "$scratch/out" ||
		    sed 's/^/# /' "$scratch/out"
		ok "... and never shows the floor's password" \
		    secrets "$scratch/out"
	done
	ok "... nor makes a file or a directory in the rep's home" \
	    test -z "$(find "$scratch/home/$rep" -name 'postgres*')"
	ok "... nor anything of the floor's group" \
	    test -z "$(find "$scratch/home/$rep" -group "$group")"
done


floor_names ""
at_home "$rep" "$bin" lead list
ok "an empty [database] postgresql is refused with status 78" test $? -eq 78
ok "... naming the file and the key, not read as libpq's defaults" \
    grep -q "callq.conf:[0-9]*: \[database\] postgresql is empty" \
    "$scratch/out"

# A callq of the rep's own, without the floor's group, cannot read the
# floor's callq.conf (0640): it is not the floor's install, and opens the
# rep's own database, as before [database] was read.
floor_names "host=$scratch/none dbname=callq password=s3cretZq9"
cp "$bin" "$scratch/home/$rep/callq"
cp "$root/usr/lib/callq/callq-phone.so" "$scratch/home/$rep/"
chown "$rep" "$scratch/home/$rep/callq"
chmod 0755 "$scratch/home/$rep/callq"
at_home "$rep" ./callq init
ok "a rep's own callq beside a floor on a server makes the rep's database" \
    test -f "$scratch/home/$rep/.local/share/callq/callq.db"
at_home "$rep" ./callq lead list
ok "... and opens it after" test $? -eq 0
ok "... never showing the floor's password" secrets "$scratch/out"
finish
