#!/bin/sh
# callq contact add|list|edit|delete, dialing a contact and logging whom
# a call reached, callq who on a contact's number, and an import's
# Contact name and Contact role columns, on the real (sanitized) binary.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL
export XDG_CONFIG_HOME=$scratch/xdg

floor_db contacts
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add UK --country GB >/dev/null
cq user add rep1 --role rep >/dev/null
cq user add rep2 --role rep >/dev/null
cq lead add --name "Tea Rooms" --phone "+44 20 3123 4567" --region UK \
    --owner rep1 >/dev/null
lead=$(cq lead list --format csv | grep ',Tea Rooms,' | cut -d, -f1)

out=$(cq --as rep1 contact add "$lead" --name "Ann Lee" --role owner \
    --email ann@example.com --phone "mobile:020 3123 4568" \
    --phone "+61 2 9374 4000")
ok "contact add says which contact it made" \
    test "$out" = "added contact 1 to lead $lead"
ok "contact list shows numbers normalized in the lead's country" \
    eval "cq --as rep1 contact list $lead | grep -q 'Ann Lee  owner  mobile +44 20 3123 4568, +61 2 9374 4000'"
ok "contact list --format csv quotes the numbers' cell" \
    eval "cq --as rep1 contact list $lead --format csv | tr -d '\\r' | grep -qx '1,Ann Lee,owner,\"mobile +44 20 3123 4568, +61 2 9374 4000\",ann@example.com,no,no'"
ok "contact list --format json" \
    eval "cq --as rep1 contact list $lead --format json | grep -q '{\"id\": 1, \"name\": \"Ann Lee\", \"role\": \"owner\",'"
cq --as rep1 contact add "$lead" --name Bob --phone "call me" \
    >/dev/null 2>"$scratch/bad.err"
ok "a number that is no number is refused, exit 65, naming it" \
    eval "[ $? -eq 65 ] && grep -q \"the contact's number 'call me' is not a phone number\" '$scratch/bad.err' &&
        [ \$('$sq' '$db' 'SELECT count(*) FROM contacts') -eq 1 ]"
cq --as rep1 contact add "$lead" --role owner >/dev/null 2>&1
ok "a contact without a name is refused" test $? -eq 65
cq --as rep2 contact list "$lead" >/dev/null 2>"$scratch/scope.err"
ok "another rep's lead's contacts read as missing" \
    eval "[ $? -eq 66 ] && grep -q 'no lead $lead that rep2 may see' '$scratch/scope.err'"
cq --as rep2 contact edit 1 --name Mallory >/dev/null 2>"$scratch/scope.err"
ok "... and cannot be edited" \
    eval "[ $? -eq 66 ] && grep -q 'no contact 1 that rep2 may see' '$scratch/scope.err'"

ok "callq who finds the lead by a contact's number, naming the contact" \
    eval "cq --as rep1 who '020 3123 4568' --format csv | tr -d '\\r' | grep -q '^$lead,Tea Rooms,.*,phone,Ann Lee\$'"

# Dialing: the contact's number, its zone's hours, its own flag.
printf '[dial]\nprovider = none\n' >"$scratch/none.conf"
chmod 600 "$scratch/none.conf"
dial() { cq --as rep1 --config "$scratch/none.conf" call "$lead" "$@"; }
dial --contact 1 --number 2 >"$scratch/dial.out" 2>&1
ok "a contact's number outside its own zone's hours is refused (Sydney, 03:00)" \
    eval "[ $? -eq 75 ] && grep -q \"contact 1's number +61293744000 is outside its calling hours\" '$scratch/dial.out'"
dial --contact 1 >"$scratch/dial.out" 2>&1
ok "callq call --contact dials the contact's first number" \
    eval "[ $? -eq 0 ] && grep -q 'dial +44 20 3123 4568 by hand' '$scratch/dial.out' &&
        [ \"\$('$sq' '$db' \"SELECT contact_id FROM calls WHERE state = 'dialing'\")\" = 1 ]"
cq --as rep1 log "$lead" --disposition 1 >/dev/null
ok "the log keeps the contact its dial named" \
    eval "[ \"\$('$sq' '$db' \"SELECT contact_id FROM calls WHERE state = 'logged'\")\" = 1 ]"
cq --as rep1 contact add "$lead" --name Cy --phone "+44 20 3123 4570" \
    --dnc yes >/dev/null
dial --contact 2 >"$scratch/dial.out" 2>&1
ok "a contact who asked not to be called is refused" \
    eval "[ $? -eq 65 ] && grep -q 'contact 2 (Cy) asked not to be called' '$scratch/dial.out'"
cq --as rep1 log "$lead" --disposition 1 --contact 2 >/dev/null
ok "callq log --contact records whom the call reached" \
    eval "[ \"\$('$sq' '$db' 'SELECT contact_id FROM calls ORDER BY id DESC LIMIT 1')\" = 2 ]"
cq --as rep1 log "$lead" --disposition 1 --contact 99 >/dev/null 2>&1
ok "... and refuses a contact that is not the lead's" test $? -eq 65

cq --as rep1 contact edit 1 --no-phones --dnc yes >/dev/null
ok "contact edit --no-phones clears the numbers, --dnc sets the flag" \
    eval "cq --as rep1 contact list $lead --format csv | tr -d '\\r' | grep -qx '1,Ann Lee,owner,,ann@example.com,yes,no'"
cq --as rep1 contact delete 2 >/dev/null
ok "contact delete takes it off the list, audited" \
    eval "! cq --as rep1 contact list $lead | grep -q Cy &&
        [ \$('$sq' '$db' \"SELECT count(*) FROM audit WHERE entity = 'contact'\") -eq 4 ]"

# The import: Contact name and Contact role make one contact a lead.
f=$scratch/leads.csv
cat >"$f" <<'EOF'
Name,Formatted phone number,Contact name,Contact role
Harbour Cafe,+44 20 3123 4601,Dee Diaz,manager
Quay Bakery,+44 20 3123 4602,,
Harbour Again,+44 20 3123 4601,Dup Person,owner
EOF
ok "an import with contact columns imports as before" \
    eval "cq import '$f' --region UK | grep -q '^imported 2, duplicates 1,'"
cafe=$(cq lead list --format csv | grep ',Harbour Cafe,' | cut -d, -f1)
ok "each imported lead gets the contact its row names, with no number" \
    eval "cq contact list $cafe --format csv | tr -d '\\r' | grep -qx '[0-9]*,Dee Diaz,manager,,,no,no' &&
        [ \$('$sq' '$db' \"SELECT count(*) FROM contacts WHERE name = 'Dup Person'\") -eq 0 ]"
g=$scratch/mapped.csv
printf 'Name,Formatted phone number,Who,Title\nPier Shop,+44 20 3123 4603,Eli,reception\n' >"$g"
cq import "$g" --region UK --map contact_name=Who --map contact_role=Title \
    >/dev/null
pier=$(cq lead list --format csv | grep ',Pier Shop,' | cut -d, -f1)
ok "--map contact_name= and contact_role= read other headers" \
    eval "cq contact list $pier --format csv | grep -q ',Eli,reception,'"
finish
