#!/bin/sh
# Scopes on the command line: a record a user may not see is refused as
# one that does not exist, byte for byte and status for status, by every
# command that takes an id; a team lead's audit is the team's. A lead's
# time zones are set by admins, or team leads within the number's. Search
# text is text, on the command line and on the screen.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime XDG_CONFIG_HOME=$scratch/xdg

floor_db scope
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add leada --role lead --team A >/dev/null
cq user add repa --role rep --team A --region East >/dev/null
cq user add leadb --role lead --team B >/dev/null
cq user add repb --role rep --team B --region East >/dev/null
cq user add ana --role analyst >/dev/null
cq user add reco --role recovery >/dev/null
newest() { cq lead list --format csv | tail -n 1 | cut -d, -f1; }
cq lead add --name Theirs --phone +12127360101 --region East \
    --owner repb >/dev/null
theirs=$(newest)
cq lead add --name Gone --phone +12127360102 --region East \
    --owner repa >/dev/null
gone=$(newest)
cq lead delete "$gone" >/dev/null
cq --as repb followup add "$theirs" +1d >/dev/null
fu=$(cq --as repb followup list --format csv | sed -n 2p | cut -d, -f1)
note=$(cq --as repb notify list --format csv | sed -n 2p | cut -d, -f1)

# What a command prints and its status, with the id it names as ID.
answer() { # $1 login, $2 id, $3...: the command, @ standing for the id
	who=$1 id=$2
	shift 2
	n=$#
	for a; do
		[ "$a" = @ ] && a=$id
		set -- "$@" "$a"
	done
	shift "$n"
	out=$("$bin" --db "$db" --as "$who" "$@" 2>&1)
	printf '%s\n%s\n' "$?" "$out" |
	    sed -E "s/(^|[^0-9])$id([^0-9]|\$)/\1ID\2/g"
}

# The command on id reads for the user exactly as on an id never used.
as_missing() { # $1 login, $2 id, $3...: the command, @ for the id
	who=$1 id=$2
	shift 2
	seen=$(answer "$who" "$id" "$@")
	missing=$(answer "$who" 999 "$@")
	[ "$seen" = "$missing" ] && return 0
	printf '# %s on %s:\n%s\n# on a missing one:\n%s\n' "$who" "$id" \
	    "$seen" "$missing" | sed '2,$s/^/#   /'
	return 1
}

lead_commands() { # each command that names a lead, @ for its id
	cat <<-'EOF'
	lead show @
	lead edit @ --interest 3
	lead stage @ Contacted
	timeline @
	note add @ hello
	log @ --disposition Busy
	call @
	followup add @ +1d
	assign @ --to repa
	EOF
}

# Who may not see what: another rep's lead and one's own deleted one, a
# lead not converted for a recovery agent, and a deleted lead for all
# but admins.
for case in "repa $theirs" "repa $gone" "reco $theirs" "reco $gone" \
    "leadb $gone" "ana $gone"; do
	who=${case% *} id=${case#* }
	lead_commands | while read -r cmd; do
		# shellcheck disable=SC2086 # the words of the command
		as_missing "$who" "$id" $cmd || echo FAIL
	done >"$scratch/out"
	ok "every lead command reads $who's unseen lead $id as missing" \
	    sh -c "! grep -q FAIL '$scratch/out'"
	sed -n '/^#/p' "$scratch/out"
done
ok "the sentence says what and what to do, nothing of the owner" test \
    "$(cq --as repa lead edit "$theirs" --interest 3 2>&1)" = \
    "callq: no lead $theirs that repa may see; find leads with: callq lead list --search TEXT"
cq --as repa lead edit "$theirs" --interest 3 2>/dev/null
ok "... with status 66, as for a missing lead" test $? -eq 66
ok "a deleted lead is not told of as deleted" \
    sh -c "! '$bin' --db '$db' --as repa log $gone --disposition Busy 2>&1 | grep -q deleted"
for who in repa reco; do
	ok "$who: another's follow-up reads as missing (done)" \
	    as_missing "$who" "$fu" followup done @
	ok "$who: another's follow-up reads as missing (move)" \
	    as_missing "$who" "$fu" followup move @ +1d
done
cq --as repb followup done "$fu" >/dev/null
ok "... and closed, it still does" as_missing repa "$fu" followup done @
ok "another's notification reads as missing" \
    as_missing repa "$note" notify read @
for cmd in "payment restore @" "import --discard @" "lead restore @"; do
	# shellcheck disable=SC2086
	ok "$cmd: refused for the role, whatever the id" \
	    as_missing repa 1 $cmd
done

# Where the user may see the lead, the refusal may name the action.
ok "a team lead reads another team's lead" \
    sh -c "'$bin' --db '$db' --as leada lead show $theirs >/dev/null"
ok "... and is told it may not edit it" \
    sh -c "'$bin' --db '$db' --as leada lead edit $theirs --interest 3 2>&1 | grep -q 'cannot edit this lead'"

# The audit: a team lead reads the team's rows.
cq lead add --name Ours --phone +12127360103 --region East \
    --owner repa >/dev/null
ours=$(newest)
cq --as repa note add "$ours" "called back" >/dev/null
cq --as repb log "$theirs" --disposition Busy >/dev/null
audit_of() { cq --as "$1" audit list --limit 0 --format csv | tail -n +2; }
ok "a team lead's audit holds the team's rep's rows" \
    sh -c "'$bin' --db '$db' --as leada audit list --limit 0 --format csv | grep -q ',repa,.*,lead,$ours,note,'"
ok "... and the admin's rows about the team's leads" \
    sh -c "'$bin' --db '$db' --as leada audit list --limit 0 --format csv | grep -q ',lead,$ours,add,'"
ok "... and no row by another team's rep" \
    sh -c "! '$bin' --db '$db' --as leada audit list --limit 0 --format csv | grep -q ',repb,'"
ok "... nor about another team's lead" \
    sh -c "! '$bin' --db '$db' --as leada audit list --limit 0 --format csv | grep -q ',lead,$theirs,'"
ok "... whose rows read as a lead never used" \
    as_missing leada "$theirs" audit list --entity lead --id @
ok "an analyst reads every row" \
    test "$(audit_of ana | wc -l)" -eq "$(audit_of "$(id -un)" | wc -l)"
ok "a team lead lists the team's follow-ups, not another team's" sh -c "
    '$bin' --db '$db' --as repb followup add $theirs 'tomorrow 17:00' >/dev/null &&
    test \"\$('$bin' --db '$db' --as leadb followup list --user repb --format csv | wc -l)\" -eq 2 &&
    test \"\$('$bin' --db '$db' --as leada followup list --user repb --format csv | wc -l)\" -eq 1"
# Calling hours: a lead's time zones are no free text.
night=$((daytime + 13 * 3600))	# 00:00 in New York, 14:00 in Tokyo
cq lead add --name Night --phone +12127360104 --region East \
    --owner repa >/dev/null
late=$(newest)
out=$(CALLQ_NOW=$night cq --as repa lead edit "$late" --timezone Asia/Tokyo \
    2>&1)
ok "a rep may not set a lead's time zone (77)" test $? -eq 77
ok "... and is told so in one sentence" test "$out" = \
    "callq: repa is a rep, and a rep cannot set a lead's time zone; nothing was changed"
ok "... so New York's night still holds (75)" sh -c "CALLQ_NOW=$night \
    '$bin' --db '$db' --as repa call $late >/dev/null 2>&1; test \$? -eq 75"
ok "a rep's new lead takes no zone either" sh -c "'$bin' --db '$db' --as repa \
    lead add --name X --phone +12127360105 --timezone Asia/Tokyo 2>/dev/null
    test \$? -eq 77"
out=$(cq --as leada lead edit "$late" --timezone Asia/Tokyo 2>&1)
ok "a team lead may not set a zone the number is not in (65)" test $? -eq 65
ok "... and is told which zones it may be in" test "$out" = \
    "callq: --timezone: the number +12127360104 may be in America/New_York, not Asia/Tokyo; only an admin may set another zone"
ok "... but may set the number's own" \
    sh -c "'$bin' --db '$db' --as leada lead edit $late --timezone America/New_York >/dev/null"
for z in Mars/Olympus ../../../../etc/passwd America/../../etc/passwd \
    localtime; do
	ok "an admin's --timezone '$z' is refused (65)" sh -c "'$bin' --db '$db' \
	    lead edit $late --timezone '$z' 2>/dev/null; test \$? -eq 65"
done
ok "... and no bogus zone was stored" test "$(cq lead show "$late" \
    --format csv | tr -d '\r' | grep '^timezone,')" = "timezone,America/New_York"
ok "an admin sets any zone of the zone database" \
    sh -c "'$bin' --db '$db' lead edit $late --timezone Asia/Tokyo >/dev/null"
# Search text is text: % and _ find only the leads that hold them.
cq lead add --name "100% Juice" --phone +12127360110 --region East >/dev/null
cq lead add --name "Snake_Case Ltd" --phone +12127360111 --region East \
    >/dev/null
names() { tr -d '\r' | tail -n +2 | cut -d, -f2 | tr '\n' ';'; }
# (lead list --search finds text inside names from 3 characters on.)
ok "lead list --search finds only the lead with a %" \
    test "$(cq lead list --search '0% J' --format csv | names)" = "100% Juice;"
ok "lead list --search finds only the lead with a _" \
    test "$(cq lead list --search 'e_C' --format csv | names)" = \
    "Snake_Case Ltd;"
ok "pool list --search % too" \
    test "$(cq pool list fresh --search % --format csv | names)" = "100% Juice;"
ok "queue --search _ too" test "$(cq --as repa queue --all --search _ \
    --format csv | names)" = "Snake_Case Ltd;"
tm new-session -d -s pools -x 100 -y 30 \
    "env TERM=screen '$bin' --db '$db' --as leada; sleep 600"
wait_for pools "leada \(lead\)" >/dev/null
tm send-keys -t pools g o
wait_for pools "Pools: " >/dev/null
tm send-keys -t pools f % Enter
ok "the screen's f filter finds only the lead with a %" \
    wait_for pools "Pools: \[Fresh\] .*\| 1 lead \| f %"
ok "... named as it is" wait_for pools " 100% Juice "
tm send-keys -t pools q q
finish
