#!/bin/sh
# Reference screens, in tig's style: every pane, as the role that has it,
# at 80x24 and 132x40, captured from tmux and compared byte for byte with
# tests/screens/PANE-WxH.txt; a mismatch prints the unified diff. With
# --write (make screens) the captures replace the references instead, so
# a deliberate change to a screen is reviewed in its commit's diff.
#
# A capture must be the same on any machine, run after run: the clock
# (CALLQ_NOW), zone, locale, terminal and environment of the screen are
# fixed here whatever the caller has; the floor is the demo, which a
# fixed clock makes the same to the byte; every capture starts from its
# own copy of it, since the screen itself writes (missed follow-ups, a
# lead's lease): a copy of the file, or on PostgreSQL a database made
# from it. Waits are on events: the screen's CALLQ_TRACE says when
# it has drawn its first screen and handled each key sent, and a capture
# is taken once two in a row agree.
. "$(dirname "$0")/../lib.sh"

write=0
[ "${1:-}" = --write ] && write=1
refs=$top/tests/screens
export LC_ALL=C.UTF-8 TZ=UTC
unset LANG LANGUAGE

# PANE LOGIN KEYS...: the screens, each reached from the first screen by
# keys that stay (g and a letter, Enter, ?). Each word is one key, since
# the wait counts them: typed text goes a character a word ("/ 6 1 7").
screens='
queue rep1
followups rep1 g f
lead rep1 Enter
day rep1 g d
help rep1 ?
pipeline lead1 g p
board lead1 g b
pools lead1 g o
notifications lead1 g n
import root g i Enter Enter
users root g u
settings root g s
deleted root g r
audit root g a
collections root g c
search rep1 / z o e
report-agents root g R
report-dispositions root g R ]
report-lists root g R ] ]
report-funnel root g R ] ] ]
report-hours root g R ] ] ] ]
report-trend root g R ] ] ] ] ]
report-attendance root g R ] ] ] ] ] ]
report-imports root g R ] ] ] ] ] ] ]
'
sizes='80x24 132x40'

# The first admin is the Unix account that ran init, and its login is on
# the screens: the floor is built and shown as root on every machine,
# through a user namespace when the caller is not root.
asroot=
if [ "$(id -u)" -ne 0 ]; then
	if ! unshare -r true 2>/dev/null; then
		skip "reference screens" "they need root or user namespaces" \
		    "(unshare -r) to show the same admin on every machine"
		finish
		exit
	fi
	asroot='unshare -r'
fi

# The environment every callq here runs in, and nothing of the caller's.
fixed="PATH=/usr/bin:/bin HOME=$scratch/home TERM=screen TZ=UTC \
LC_ALL=C.UTF-8 CALLQ_NOW=$daytime \
ASAN_OPTIONS=${ASAN_OPTIONS:-} UBSAN_OPTIONS=${UBSAN_OPTIONS:-}"
floor_db floor
floor=$db
floor_role=${db_role:-}
cq() { env -i $fixed $asroot "$bin" --db "$floor" "$@"; }

# The floor: the demo, a deleted lead to restore, and a list to import
# in the home the Import pane's browser opens on (its date fixed too).
mkdir "$scratch/home"
if ! cq init --demo >"$scratch/init.out" 2>&1 ||
    ! cq lead delete 4999 >>"$scratch/init.out" 2>&1; then
	sed 's/^/# /' "$scratch/init.out"
	ok "the demo floor is built" false
	finish
	exit
fi
cat >"$scratch/home/east-nov.csv" <<'EOF'
Name,Formatted phone number,Street number,Street,City,Region,Postal code,Country,Url,Website present (Y/N),Lat,Lng
Harbor Dental,(212) 555-0101,12,Water Street,New York,NY,10004,US,https://harbordental.example,Y,40.70,-74.01
Queens Bakery,+1 718-555-0102,8,Main Street,Queens,NY,11354,US,,N,40.76,-73.83
No Phone Deli,,3,Elm Street,Albany,NY,12207,US,,N,42.65,-73.75
Harbor Dental Again,212-555-0101,12,Water Street,New York,NY,10004,US,,N,40.70,-74.01
Café Zoë,(617) 555-0199,1,Beacon Street,Boston,MA,02108,US,,N,42.35,-71.06
EOF
touch -d '2026-11-20 09:30:00 UTC' "$scratch/home/east-nov.csv"

# $1 session, $2 trace, $3 keys: the first screen and $3 keys drawn, or
# callq gone (its last words are then the capture).
traced() {
	shows "$1" '^callq left: ' || { grep -q '^first-screen ' "$2" \
	    2>/dev/null && [ "$(grep -c '^key ' "$2")" -ge "$3" ]; }
}

settled() { # $1 session, $2 file: two captures in a row agree
	screen "$1" >"$2.a" && screen "$1" >"$2" && cmp -s "$2.a" "$2"
}

# pg_template: the database $db_role, which floor_db made empty, made
# again from the floor as its template, the floor's role owning it and
# its tables as it owns the floor's. A template must have no session: the
# floor's last one may still be ending.
pg_template() {
	echo "CREATE DATABASE $db_role OWNER $floor_role TEMPLATE $floor_role;" |
	    pg_su 2>/dev/null
}

# copy_db DIR: sets db to a copy of the floor of its own for one capture,
# since the screen itself writes: a file in DIR, or a database on the
# server, dropped by copy_drop once captured.
copy_db() {
	if [ "$driver" = sqlite ]; then
		db=$1/floor.db
		cp "$floor" "$db"
		[ ! -e "$floor-wal" ] || cp "$floor-wal" "$db-wal"
		return
	fi
	floor_db "${1##*/}"
	echo "DROP DATABASE $db_role;" | pg_su && within pg_template ||
	    return 1
	db="postgresql:$CALLQ_TEST_PG user=$floor_role dbname=$db_role"
}

copy_drop() {
	[ "$driver" = pg ] && [ "$db_role" != "$floor_role" ] || return 0
	echo "DROP DATABASE IF EXISTS $db_role WITH (FORCE);" | pg_su
}

# capture NAME SIZE LOGIN KEYS...: the screen, into $scratch/NAME-SIZE.
capture() {
	s=$1-$2
	dir=$scratch/run-$s
	mkdir "$dir"
	copy_db "$dir" || return 1
	# What callq said on leaving stays on screen for the report.
	tm new-session -d -s "$s" -x "${2%x*}" -y "${2#*x}" \
	    "env -i $fixed CALLQ_TRACE='$dir/trace' $asroot '$bin' \
	    --db '$db' --as $3; echo \"callq left: \$?\"; sleep 600"
	shift 3
	within traced "$s" "$dir/trace" 0 || return 1
	for k in "$@"; do
		tm send-keys -t "$s" "$k"
	done
	within traced "$s" "$dir/trace" $# && within settled "$s" "$dir/screen" ||
	    return 1
	# The scratch directory's name is random; its length is not.
	sed "s|$scratch|/tmp/callq-e2e-XXXXXX|g" "$dir/screen" >"$scratch/$s"
}

# One check per screen: its capture against its reference (or, writing,
# the reference replaced, saying whether it changed).
check() { # $1 NAME-SIZE
	got=$scratch/$1
	ref=$refs/$1.txt
	if [ "$write" -eq 1 ]; then
		cmp -s "$ref" "$got" 2>/dev/null || echo "# wrote tests/screens/$1.txt"
		cp "$got" "$ref"
	elif [ ! -e "$ref" ]; then
		echo "# no tests/screens/$1.txt: make screens writes it"
		return 1
	elif ! cmp -s "$ref" "$got"; then
		diff -u --label "tests/screens/$1.txt" --label "$1 as captured" \
		    "$ref" "$got" | sed 's/^/# /'
		return 1
	fi
}

[ "$write" -eq 0 ] || mkdir -p "$refs"
set -f	# the keys are words, ? among them, never file names
echo "$screens" | while read -r name login keys; do
	[ -n "$name" ] || continue
	for size in $sizes; do
		# A pane that cannot be reached or never settles is shown as is.
		if ! capture "$name" "$size" "$login" $keys; then
			echo "# $name at $size never settled; the pane showed:"
			screen "$name-$size" | sed 's/^/#   /'
			: >"$scratch/$name-$size.failed"
		fi
		# The pane's process group: a sanitized callq ended by
		# hangup can hang in LeakSanitizer's exit.
		p=$(tm display-message -p -t "$name-$size" '#{pane_pid}')
		[ -z "$p" ] || /bin/kill -KILL -- "-$p" 2>/dev/null
		tm kill-session -t "$name-$size" 2>/dev/null
		copy_drop
		echo "$name-$size" >>"$scratch/captured"
	done
done

set +f

# The counters live in this shell, not in the loop's pipe.
for s in $(cat "$scratch/captured"); do
	if [ -e "$scratch/$s.failed" ]; then
		ok "screen $s" false
	else
		ok "screen $s" check "$s"
	fi
done
# Writing, a reference no screen has any more goes with the pane.
[ "$write" -eq 0 ] || for f in "$refs"/*.txt; do
	grep -qx "$(basename "$f" .txt)" "$scratch/captured" ||
	    { rm -f "$f"; echo "# removed tests/screens/${f##*/}"; }
done
finish
