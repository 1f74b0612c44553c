#!/bin/sh
# Click-to-call against a fake provider on 127.0.0.1 (tests/fakeprov.py):
# the exact request of each provider, its errors and timeouts as one
# sentence and a failed call record, compliance before any request, no
# secret in any output, and the TUI answering keys while a dial waits.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL
export XDG_CONFIG_HOME=$scratch/xdg

floor_db dial
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq region add UK --country GB >/dev/null
cq user add rep1 --role rep --phone +14155550151 --extension 201 >/dev/null
cq user add rep2 --role rep >/dev/null
for n in "Alpha Deli:+12127360101:East" "Bravo Bakery:+12127360102:East" \
    "Charlie Cafe:+12127360103:East" "Delta Ltd:+442031234567:UK" \
    "Echo Blocked:+12127360109:East"; do
	rest=${n#*:}
	cq lead add --name "${n%%:*}" --phone "${rest%%:*}" \
	    --region "${rest#*:}" >/dev/null
done
cq dnc add +12127360109 >/dev/null
id_of() { cq lead list --format csv | grep ",$1," | cut -d, -f1; }
alpha=$(id_of "Alpha Deli")
bravo=$(id_of "Bravo Bakery")
delta=$(id_of "Delta Ltd")
echo_id=$(id_of "Echo Blocked")

# The fake provider: its port, the requests it saw, how it answers.
log=$scratch/requests.jsonl
mode=$scratch/mode
echo ok >"$mode"
python3 "$top/tests/fakeprov.py" "$scratch/port" "$log" "$mode" &
eventually "[ -s '$scratch/port' ]" || { echo "fake provider did not start"; exit 1; }
port=$(cat "$scratch/port")
: >"$log"

token=tw-secret-4f9a7c
password=ari-pass-8e1d
whsec=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
conf() { # $1 file, then its text on stdin; mode 0600 unless $2
	cat >"$1"
	chmod "${2:-600}" "$1"
}
conf "$scratch/twilio.conf" <<EOC
[dial]
provider = twilio
timeout_ms = 60000
trace = $scratch/trace.log
[twilio]
account_sid = ACtest
auth_token = $token
caller_id = +14155550100
base_url = http://127.0.0.1:$port
EOC
echo "$password" >"$scratch/ari.secret"
chmod 600 "$scratch/ari.secret"
conf "$scratch/ari.conf" 644 <<EOC
[dial]
provider = ari
trace = $scratch/trace.log
[ari]
url = http://localhost:$port
user = callq
password_file = $scratch/ari.secret
endpoint = PJSIP/{extension}
context = from-callq
caller_id = +14155550100
EOC
conf "$scratch/webhook.conf" <<EOC
[dial]
provider = webhook
[webhook]
url = http://127.0.0.1:$port/dial
secret = $whsec
EOC

# Every output of callq goes through here, to be searched for secrets.
out=$scratch/out
call() { # $1 config, $2 lead, then env assignments: exit status in $rc
	c=$1 l=$2
	shift 2
	env "$@" "$bin" --db "$db" --as rep1 --config "$c" call "$l" \
	    >"$out.1" 2>"$out.2"
	rc=$?
	cat "$out.1" "$out.2" >>"$scratch/all-output"
}
requests() { wc -l <"$log" | tr -d ' '; }
# Checks the last request the provider saw with Python's own libraries.
last_request() { # $1: a Python expression over r (the request) and env
	python3 - "$log" "$1" <<'EOP'
import base64, hashlib, hmac, json, os, sys
from urllib.parse import parse_qs
r = json.loads(open(sys.argv[1]).read().splitlines()[-1])
h = r["headers"]
def basic(user, pw):
    return h.get("authorization") == "Basic " + base64.b64encode(
        (user + ":" + pw).encode()).decode()
form = parse_qs(r["body"])
q = {k: v[0] for k, v in r["query"].items()}
sys.exit(0 if eval(sys.argv[2]) else 1)
EOP
}
state_of() { # the state and error of the last call record
	"$sq" "$db" "SELECT state || '|' || coalesce(provider_ref, '') ||
	    '|' || coalesce(error, '') FROM calls ORDER BY id DESC LIMIT 1"
}
export TOKEN=$token PASSWORD=$password ALPHA_E164=+12127360101

# Twilio.
call "$scratch/twilio.conf" "$alpha"
ok "twilio: the call is placed and its sid printed" \
    grep -q "via twilio: CA0123456789abcdef0123456789abcdef" "$out.1"
ok "twilio: POST to the account's Calls.json" last_request \
    'r["method"] == "POST" and r["path"] == "/2010-04-01/Accounts/ACtest/Calls.json"'
ok "twilio: Basic auth with the account sid and token" last_request \
    'basic("ACtest", os.environ["TOKEN"])'
ok "twilio: a form body" last_request \
    'h["content-type"] == "application/x-www-form-urlencoded"'
ok "twilio: To is the rep, From the caller ID, TwiML dials the lead" \
    last_request 'form["To"] == ["+14155550151"] and form["From"] == ["+14155550100"] and form["Twiml"] == ["<Response><Dial callerId=\"+14155550100\"><Number>+12127360101</Number></Dial></Response>"]'
ok "twilio: the call record rings with the sid" \
    test "$(state_of)" = "ringing|CA0123456789abcdef0123456789abcdef|"
cq --as rep1 log "$alpha" --disposition 1 --duration 42 >/dev/null
ok "the log completes the dial's own row" test "$("$sq" "$db" \
    "SELECT (SELECT count(*) FROM calls) || ' ' || state || ' ' ||
     duration_s || ' ' || provider_ref FROM calls")" = \
    "1 logged 42 CA0123456789abcdef0123456789abcdef"
ok "the timeline shows the call with its provider and id" \
    eval "cq --as rep1 timeline $alpha | grep -q 'No answer 0:42 via twilio CA0123456789abcdef0123456789abcdef'"

# ARI, the password from a file: the config itself may then be 0644.
call "$scratch/ari.conf" "$bravo"
ok "ari: the channel id printed" grep -q "via ari: 1733090000.42" "$out.1"
ok "ari: POST /ari/channels with Basic auth" last_request \
    'r["path"] == "/ari/channels" and basic("callq", os.environ["PASSWORD"])'
ok "ari: endpoint from the template, the lead as extension, context, caller ID, timeout" \
    last_request 'q == {"endpoint": "PJSIP/201", "extension": "+12127360102", "context": "from-callq", "priority": "1", "callerId": "+14155550100", "timeout": "30"}'

# The webhook, signed the Standard Webhooks way.
call "$scratch/webhook.conf" "$delta"
ok "webhook: the PBX's call id printed" grep -q "via webhook: pbx-7781" "$out.1"
ok "webhook: JSON with the lead, number, rep and time" last_request \
    'h["content-type"] == "application/json" and {k: v for k, v in json.loads(r["body"]).items() if k != "call_id"} == {"lead_id": '"$delta"', "phone_e164": "+442031234567", "rep_login": "rep1", "rep_phone": "+14155550151", "requested_at": "2026-11-23T16:00:00Z"}'
ok "webhook: the signature is valid for the secret" last_request \
    'h["webhook-signature"] == "v1," + base64.b64encode(hmac.new(base64.b64decode("'"${whsec#whsec_}"'"), (h["webhook-id"] + "." + h["webhook-timestamp"] + "." + r["body"]).encode(), hashlib.sha256).digest()).decode()'
ok "webhook: the timestamp is the request's" last_request \
    'h["webhook-timestamp"] == "1795449600"'

# Errors: one sentence, exit 69, a failed call record. The provider's
# answers come at once; a timeout is tried with a config of its own, so
# that a loaded machine is never taken for a provider that does not answer.
sed 's/^timeout_ms = 60000/timeout_ms = 1500/' "$scratch/twilio.conf" \
    >"$scratch/short.conf"
chmod 600 "$scratch/short.conf"
fails() { # $1 mode, $2 what the sentence says, $3 the config if not twilio's
	echo "$1" >"$mode"
	call "${3:-$scratch/twilio.conf}" "$alpha"
	echo ok >"$mode"
	[ "$rc" -eq 69 ] && [ "$(wc -l <"$out.2")" -eq 1 ] &&
	    grep -q "$2" "$out.2" && state_of | grep -q "^failed||.*$2"
}
ok "401: 69, the credentials refused, a failed record" \
    fails 401 "twilio refused the credentials (Authenticate, error 20003)"
ok "400: 69, twilio's message and code" \
    fails 400 "twilio refused the call: The 'To' number is not a valid phone number. (error 21211, HTTP 400)"
ok "a dropped connection: 69, said so" \
    fails drop "dropped the connection without an answer"
ok "no answer within timeout_ms 1500: 69, the timeout said" \
    fails delay "twilio did not answer within 1.5 s" "$scratch/short.conf"
ok "the failed dial stays in the timeline with its error" \
    eval "cq --as rep1 timeline $alpha | grep -q 'dial failed via twilio: twilio did not answer within 1.5 s'"
sed "s|127.0.0.1:$port|127.0.0.1:1|" "$scratch/twilio.conf" >"$scratch/down.conf"
chmod 600 "$scratch/down.conf"
call "$scratch/down.conf" "$alpha"
ok "nothing listening: 69, cannot reach" \
    eval "[ $rc -eq 69 ] && grep -q 'cannot reach twilio at http://127.0.0.1:1' '$out.2'"

# Proxy variables are ignored: the request still goes straight there.
before=$(requests)
call "$scratch/twilio.conf" "$alpha" http_proxy=http://127.0.0.1:9 \
    HTTP_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
ok "proxy variables are ignored" \
    eval "[ $rc -eq 0 ] && [ $(requests) -eq $((before + 1)) ]"

# Compliance comes first: no request at all.
before=$(requests)
call "$scratch/twilio.conf" "$echo_id"
ok "a do-not-call lead: refused (65), no request" eval "[ $rc -eq 65 ] &&
    grep -q 'is on the do-not-call list' '$out.2' && [ $(requests) -eq $before ]"
cq setting set hours.GB 17:00-21:00 >/dev/null
call "$scratch/twilio.conf" "$delta"
ok "outside calling hours: refused (75), no request" eval "[ $rc -eq 75 ] &&
    grep -q 'outside its calling hours; it may be called from Today 17:00' '$out.2' &&
    [ $(requests) -eq $before ]"
cq setting set hours.GB 08:00-21:00 >/dev/null
charlie=$(id_of "Charlie Cafe")
"$bin" --db "$db" --as rep2 --config "$scratch/twilio.conf" call "$charlie" \
    >"$out.1" 2>"$out.2"
ok "a rep with no phone: the sentence says how to fix it" \
    grep -q "you have no phone number in callq.*callq user edit rep2 --phone" "$out.2"
cq user edit rep2 --phone "+1 415 555 0152" --extension 305 >/dev/null
ok "user edit sets phone and extension" \
    eval "cq user list --format csv | grep -q '^rep2,.*,+14155550152,305,'"

# Provider none: nothing sent, a record to log.
conf "$scratch/none.conf" <<EOC
[dial]
provider = none
EOC
before=$(requests)
call "$scratch/none.conf" "$bravo"
ok "provider none: dial by hand, a record opens, no request" eval "[ $rc -eq 0 ] &&
    grep -q 'dial +1 212-736-0102 by hand' '$out.1' && [ $(requests) -eq $before ] &&
    [ \"\$(state_of)\" = 'dialing||' ]"

# Settings that are wrong, each one sentence naming file, line and key.
conf "$scratch/open.conf" 644 <"$scratch/twilio.conf"
call "$scratch/open.conf" "$alpha"
ok "a world-readable config with a secret is refused with the fix" \
    eval "[ $rc -eq 78 ] && grep -q 'holds a secret (\[twilio\] auth_token) and every user can read it; run: chmod o-rwx $scratch/open.conf' '$out.2'"
printf '[dial]\nprovider = twilio\n[twilio]\nacount_sid = AC1\n' |
    conf "$scratch/typo.conf"
call "$scratch/typo.conf" "$alpha"
ok "an unknown key: file, line and key" grep -q \
    "$scratch/typo.conf:4: unknown key 'acount_sid' in \[twilio\]" "$out.2"
printf '[dial]\nprovider = ari\n[ari]\nurl = http://pbx.example\n' |
    conf "$scratch/plain.conf"
call "$scratch/plain.conf" "$alpha"
ok "plain HTTP to another host is refused" grep -q \
    "plain.conf:4: \[ari\] url is plain HTTP to another machine" "$out.2"
mkdir -p "$XDG_CONFIG_HOME/callq"
conf "$XDG_CONFIG_HOME/callq/callq.conf" <"$scratch/webhook.conf"
before=$(requests)
"$bin" --db "$db" --as rep1 call "$delta" >"$out.1" 2>"$out.2"
ok "with no --config the user's own callq.conf is read" \
    eval "grep -q 'via webhook' '$out.1' && [ $(requests) -eq $((before + 1)) ]"
rm "$XDG_CONFIG_HOME/callq/callq.conf"

# The TUI: the dial never freezes the screen. The fake provider holds its
# answer while the mode says delay, well inside this config's 60 s.
start() { # $1 session, $2 config, $3 environment
	tm new-session -d -s "$1" -x 100 -y 30 \
	    "env TERM=screen $3 '$bin' --db '$db' --as rep1 --config '$2'; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}
selected() {
	tm capture-pane -e -p -t "$1" | grep '[[;]7m' | sed 's/\x1b\[[0-9;]*m//g'
}
open_lead() { # $1 session, $2 lead id: from the queue, by its id
	tm send-keys -t "$1" '#' "$2" Enter
}
echo delay >"$mode"
start t1 "$scratch/twilio.conf" "CALLQ_TRACE=$scratch/tui.trace"
wait_for t1 "My Queue" >/dev/null
open_lead t1 "$alpha"
wait_for t1 "Phone +\+1 212-736-0101" >/dev/null
tm send-keys -t t1 c
ok "c: the status line says who is called and through what" \
    wait_for t1 "Calling \+1 212-736-0101 via twilio\.\.\."
tm send-keys -t t1 c
ok "a second c while the first is pending is refused" \
    wait_for t1 "still being placed; wait for the answer, or Esc to cancel it"
tm send-keys -t t1 Left
wait_for t1 "My Queue" >/dev/null
was=$(selected t1)
tm send-keys -t t1 j
left() { # the selected line of $1 is no longer $2
	now=$(selected "$1")
	[ -n "$now" ] && [ "$now" != "$2" ]
}
moved() { within left "$1" "$2"; }
ok "keys work while the request is pending: the cursor moves" moved t1 "$was"
ok "the request is still pending then" \
    eval "screen t1 | grep -q 'Calling +1 212-736-0101 via twilio'"
ok "the key was handled before the provider answered" \
    eval "grep -q 'key 106 ' '$scratch/tui.trace' && ! grep -q 'dial-answer' '$scratch/tui.trace'"
tm send-keys -t t1 Escape
ok "Esc cancels the pending request" \
    wait_for t1 "Cancelled the call to \+1 212-736-0101"
ok "the cancelled dial is recorded as failed" \
    eval "state_of | grep -q '^failed||cancelled by the rep'"

# An answer, the call on screen, e ends it and logs it.
open_lead t1 "$alpha"
wait_for t1 "Phone +\+1 212-736-0101" >/dev/null
tm send-keys -t t1 c
wait_for t1 "Calling \+1 212-736-0101 via twilio\.\.\." >/dev/null
echo ok >"$mode"	# the provider answers now
ok "the provider's call id on the status line, once it answers" \
    wait_for t1 "twilio took the call as CA0123456789abcdef0123456789abcdef"
ok "the lead shows the call and its number large" \
    eval "screen t1 | grep -q 'On a call with +1 212-736-0101 via twilio' &&
        screen t1 | grep -qF '+ 1   2 1 2 - 7 3 6 - 0 1 0 1'"
calls=$("$sq" "$db" "SELECT count(*) FROM calls")
tm send-keys -t t1 e
ok "e ends the call and opens the quick-log" wait_for t1 "Log the call"
tm send-keys -t t1 2 Enter
ok "the log is saved" wait_for t1 "Logged Busy"
ok "onto the dial's own record" eval "[ $("$sq" "$db" "SELECT count(*)
    FROM calls") -eq $calls ] && state_of | grep -q '^logged|CA0123456789abcdef0123456789abcdef|'"

# An error reply is a sentence; DNC sends nothing.
echo 401 >"$mode"
tm send-keys -t t1 Escape
open_lead t1 "$bravo"
wait_for t1 "Phone +\+1 212-736-0102" >/dev/null
tm send-keys -t t1 c
ok "a refused dial is one sentence" \
    wait_for t1 "Not called: twilio refused the credentials \(Authenticate, error 20003\)"
echo ok >"$mode"
before=$(requests)
tm send-keys -t t1 Escape
open_lead t1 "$echo_id"
wait_for t1 "Echo Blocked" >/dev/null
tm send-keys -t t1 c
ok "a do-not-call lead is not dialed from the screen" \
    wait_for t1 "Not called: lead $echo_id's number \+12127360109 is on the do-not-call list"
ok "and no request was sent" test "$(requests)" -eq "$before"
tm send-keys -t t1 Q
eventually "[ -s '$scratch/t1.exit' ]"

# A timeout on screen: one sentence, a failed record.
echo delay >"$mode"
start t2 "$scratch/short.conf" ""
wait_for t2 "My Queue" >/dev/null
open_lead t2 "$bravo"
wait_for t2 "Phone +\+1 212-736-0102" >/dev/null
tm send-keys -t t2 c
ok "a timeout ends as one sentence on the status line" \
    wait_for t2 "Not called: twilio did not answer within 1.5 s"
ok "and a failed call record" \
    eval "state_of | grep -q '^failed||twilio did not answer'"
echo ok >"$mode"

# Provider none: the number to dial by hand.
tm send-keys -t t2 Q
eventually "[ -s '$scratch/t2.exit' ]"
start t3 "$scratch/none.conf" ""
wait_for t3 "My Queue" >/dev/null
open_lead t3 "$bravo"
wait_for t3 "Phone +\+1 212-736-0102" >/dev/null
tm send-keys -t t3 c
ok "provider none: the screen says to dial by hand" \
    wait_for t3 "Dial \+1 212-736-0102 by hand; e ends the call and logs it"
tm send-keys -t t3 e 1 Enter
ok "and logs onto its record" wait_for t3 "Logged No answer"
tm send-keys -t t3 Q
eventually "[ -s '$scratch/t3.exit' ]"

ok "no secret in any output, trace or database" eval "
    ! grep -rqe '$token' -e '$password' -e '${whsec#whsec_}' \
        '$scratch/all-output' '$scratch/trace.log' '$scratch/tui.trace' '$db' &&
    ! grep -q \"\$(printf ACtest:$token | base64)\" '$scratch/trace.log'"
ok "the trace shows the Authorization header redacted" \
    grep -q "Authorization: \[redacted\]" "$scratch/trace.log"
ok "the trace file is the rep's alone" \
    test "$(stat -c %a "$scratch/trace.log")" = 600
finish
