# A floor's shared install for the tests that try it as its users would:
# make install-shared into the scratch directory with a private group,
# and throwaway Unix accounts. Sourced after lib.sh; root only (the
# caller skips otherwise). Sets bin to the installed, setgid callq.
tag=$$
group=cq$tag
root=$scratch/floor
bin=$root/usr/bin/callq
statedir=$root/var/lib/callq
confdir=$root/etc/callq
db=$statedir/callq.db
conf=$confdir/callq.conf
accounts=
chmod 0755 "$scratch"

floor_remove() {
	kill_started "$scratch"	# userdel leaves an account still running
	for u in $accounts; do
		userdel -r "$u" 2>/dev/null
	done
	groupdel "$group" 2>/dev/null
	cleanup
}
trap floor_remove EXIT

# group_socket: the directory $gdir, which only root and the floor's group
# may enter, holding a socket that forwards to the tests' PostgreSQL
# (tests/pgproxy.py), as a site lets the floor's group alone reach the
# server. Sets pgsock and pgport, the server's own directory and port.
group_socket() {
	pgsock=$(echo "$CALLQ_TEST_PG" | sed -n 's/.*host=\([^ ]*\).*/\1/p')
	pgport=$(echo "$CALLQ_TEST_PG" | sed -n 's/.*port=\([0-9]*\).*/\1/p')
	gdir=$scratch/floorsock
	mkdir "$gdir"
	chown root:"$group" "$gdir"
	chmod 0710 "$gdir"
	python3 "$top/tests/pgproxy.py" "$gdir/.s.PGSQL.$pgport" \
	    "$pgsock/.s.PGSQL.$pgport" &
	eventually "[ -S '$gdir/.s.PGSQL.$pgport' ]" ||
	    { echo "the floor's socket did not start"; exit 1; }
}

# account NAME: a Unix account with its own group and home, removed on exit.
account() {
	useradd -m -d "$scratch/home/$1" -U -s /bin/sh "$1" || exit 1
	accounts="$accounts $1"
}

# as USER COMMAND...: runs COMMAND as USER, with a login's environment.
as() {
	as_user=$1
	shift
	setpriv --reuid="$as_user" --regid="$as_user" --init-groups \
	    env -i HOME="$scratch/home/$as_user" PATH=/usr/bin:/bin TZ=UTC \
	    LANG=C.UTF-8 TERM=tmux-256color "$@"
}

# as_bg USER COMMAND...: as, in the background; $! is COMMAND's own pid.
as_bg() {
	as_user=$1
	shift
	setpriv --reuid="$as_user" --regid="$as_user" --init-groups \
	    env -i HOME="$scratch/home/$as_user" PATH=/usr/bin:/bin TZ=UTC \
	    LANG=C.UTF-8 "$@" &
}

floor_install() {
	make -C "$top" --no-print-directory install-shared PREFIX="$root/usr" \
	    STATEDIR="$statedir" SYSCONFDIR="$confdir" GROUP="$group" \
	    >"$scratch/install.out" 2>&1 || sed 's/^/# /' "$scratch/install.out"
}

# fails COMMAND...: COMMAND fails (its output is not wanted).
fails() { ! "$@" >/dev/null 2>&1; }

mode() { stat -c '%a %U:%G' "$1"; }

# floor_sql SQL: the sqlite3 shell on the floor's database, as root. It
# keeps -wal and -shm as callq does: the shell would delete them at exit.
floor_sql() {
	sqlite3 -cmd '.output /dev/null' -cmd '.filectrl persist_wal 1' \
	    -cmd '.output stdout' "$db" "$@"
}

# at_home USER COMMAND...: as, from the user's home (where a stray file would
# land), output in $scratch/out.
at_home() {
	home_user=$1
	shift
	as "$home_user" sh -c 'cd "$HOME" && exec "$@"' sh "$@" \
	    >"$scratch/out" 2>&1
}

# secrets FILE: none of the pieces of the password the PostgreSQL tests
# write into a floor's name (s3cret, PWtail, Zq9) shows in FILE.
secrets() {
	! grep -Eq 's3cret|PWtail|Zq9' "$1"
}
