#!/bin/sh
# The agents, dispositions, trend and hours reports through the CLI on a
# floor built with it at pinned times (three days, three reps in two
# teams, leads in New York and India, attendance with pauses, follow-ups
# kept, late and missed), each compared cell by cell with figures this
# script works out on its own: SQL of its own over the database, in SQL
# SQLite and PostgreSQL both read, laid out by awk, and the system's
# zone database (date(1)) for the leads' local hours and for days.
. "$(dirname "$0")/../lib.sh"

floor_db report
cq() { "$bin" --db "$db" "$@"; }
at() { # at WHEN COMMAND...: COMMAND with the clock at WHEN (unix seconds)
	when=$1
	shift
	CALLQ_NOW=$when "$bin" --db "$db" "$@"
}
mon=1794787200		# Monday 2026-11-16 00:00 UTC
h=3600
d=86400
now=1795341600		# Sunday 2026-11-22 10:00 UTC: the reports' now
from=$mon
to=$((mon + 3 * d))	# the period: Monday to Wednesday

at $((mon - 2 * d)) init >/dev/null
at $((mon - 2 * d)) setting set hours 00:00-24:00 >/dev/null
at $((mon - 2 * d)) region add East --country US >/dev/null
at $((mon - 2 * d)) region add India --country IN >/dev/null
at $((mon - 2 * d)) user add lead1 --role lead --team A >/dev/null
for r in rep1:A rep2:A rep3:B; do
	at $((mon - 2 * d)) user add "${r%:*}" --role rep --team "${r#*:}" \
	    --region East,India >/dev/null
done
lead() { # lead NAME PHONE REGION OWNER: its id on stdout
	at $((mon - 2 * d)) lead add --name "$1" --phone "$2" --region "$3" \
	    --owner "$4" >/dev/null
	"$sq" "$db" "SELECT max(id) FROM leads"
}
l1=$(lead L1 +13055550101 East rep1)
l2=$(lead L2 +13055550102 East rep1)
l3=$(lead L3 +919812345603 India rep1)
l4=$(lead L4 +13055550104 East rep2)
l5=$(lead L5 +919812345605 India rep2)
l6=$(lead L6 +919812345606 India rep3)
l7=$(lead L7 +13055550107 East rep2)
l8=$(lead L8 +919812345608 India rep3)
l9=$(lead L9 +13055550109 East rep1)
l10=$(lead L10 +13055550110 East rep2)

log() { # log WHEN REP LEAD DISPOSITION SECONDS
	at "$1" --as "$2" log "$3" --disposition "$4" --duration "$5" \
	    $( [ "$4" = Interested ] && echo --interest 3 ) >/dev/null
}
log $((mon + 14 * h)) rep1 "$l1" "No answer" 0
log $((mon + 15 * h)) rep1 "$l1" Interested 120
log $((mon + d + 15 * h + 1800)) rep1 "$l2" Converted 300
log $((mon + d + 16 * h)) rep1 "$l3" Busy 0
log $((mon + 1 * h)) rep2 "$l7" Qualified 200
log $((mon + 13 * h)) rep2 "$l4" "Not interested" 60
log $((mon + 2 * d + 14 * h)) rep2 "$l5" "Wrong number" 30
log $((mon + d + 10 * h)) rep3 "$l6" Converted 600
log $((mon + 3 * d + 10 * h)) rep3 "$l8" "No answer" 0	# after the period

at $((mon - 4 * h)) --as rep1 checkin >/dev/null
at $((mon + 12 * h)) --as rep1 pause Lunch >/dev/null
at $((mon + 12 * h + 2700)) --as rep1 resume >/dev/null
at $((mon + 18 * h)) --as rep1 checkout >/dev/null
at $((mon + d + 9 * h)) --as rep1 checkin >/dev/null
at $((mon + d + 10 * h)) --as rep1 pause "Short break" >/dev/null
at $((mon + d + 10 * h + 600)) --as rep1 resume >/dev/null
at $((mon + d + 17 * h)) --as rep1 checkout >/dev/null
at $((mon + 2 * d + 9 * h)) --as rep2 checkin >/dev/null
at $((mon + 2 * d + 10 * h)) --as rep2 pause Meeting >/dev/null

followup() { # followup REP LEAD DUE DONE (0: left open)
	at $((mon - d)) --as "$1" followup add "$2" \
	    "$(date -u -d "@$3" '+%Y-%m-%d %H:%M')" >/dev/null 2>&1
	[ "$4" -eq 0 ] && return
	at "$4" --as "$1" followup done \
	    "$("$sq" "$db" "SELECT max(id) FROM followups")" >/dev/null
}
followup rep1 "$l9" $((mon + 10 * h)) $((mon + 10 * h - 600))
followup rep1 "$l9" $((mon + d + 10 * h)) $((mon + d + 11 * h))
followup rep1 "$l9" $((mon + 2 * d + 10 * h)) 0
followup rep1 "$l9" $((mon + 3 * d + 10 * h)) 0
followup rep2 "$l10" $((mon + 2 * d + 12 * h)) 0

ok "the floor has its nine calls and ten attendance events" test \
    "$("$sq" "$db" "SELECT count(*) FROM calls WHERE disposition_id IS NOT
    NULL")/$("$sq" "$db" "SELECT count(*) FROM attendance")" = 9/10

# A report as CSV, one line a row, cells joined by "|".
report() { # report [--as LOGIN] NAME [OPTIONS...]
	as=
	if [ "$1" = --as ]; then
		as="--as $2"
		shift 2
	fi
	# shellcheck disable=SC2086
	at "$now" $as report "$@" --from 2026-11-16 --to 2026-11-18 --format csv |
	    /usr/bin/python3 -c 'import csv, sys
for row in csv.reader(sys.stdin):
    print("|".join(row))'
}

# The same figures from SQL of this script's own, in SQL both drivers
# read: the rows' plain numbers, laid out and rounded by awk.
q() { "$sq" -separator '|' "$db" "$@"; }
# A duration as H:MM:SS, and n of d in tenths of a percent rounded down.
fmt='
function dur(s) {
	return sprintf("%d:%02d:%02d", int(s / 3600), int(s / 60) % 60, s % 60)
}
function rate(n, d,  r) {
	if (d == 0)
		return "-"
	r = int(n * 1000 / d)
	return int(r / 10) "." (r % 10) "%"
}'
period="c.started_at >= $from AND c.started_at < $to AND
    c.disposition_id IS NOT NULL"
people="SELECT u.id, u.login FROM users u
    WHERE (u.role = 'rep' AND u.active <> 0)
    OR u.id IN (SELECT c.user_id FROM calls c WHERE $period)"

# Attendance as spans: each event to the next, clipped to the period
# and to now.
end=$((to < now ? to : now))
spans="WITH ev AS (SELECT a.user_id AS uid, a.state, a.reason_id AS rid,
    a.at AS t, coalesce(lead(a.at) OVER (PARTITION BY a.user_id
    ORDER BY a.at, a.id), $end) AS nxt FROM attendance a),
    cl AS (SELECT uid, state, rid, CASE WHEN nxt < $end THEN nxt ELSE $end
    END - CASE WHEN t > $from THEN t ELSE $from END AS s FROM ev),
    sp AS (SELECT uid, state, rid, CASE WHEN s > 0 THEN s ELSE 0 END AS s
    FROM cl), pe AS ($people)"
# Each rep's time paused per reason, then the floor's, in settings order.
pauses="$spans, pz AS (SELECT uid, rid, sum(s) AS s FROM sp
    WHERE state = 'paused' AND uid IN (SELECT id FROM pe)
    GROUP BY uid, rid)
    SELECT login, name, s FROM (SELECT 0 AS k, pe.login, ch.position,
    ch.name, pz.s FROM pz JOIN pe ON pe.id = pz.uid JOIN choices ch
    ON ch.id = pz.rid WHERE pz.s > 0 UNION ALL SELECT 1, 'Total',
    ch.position, ch.name, sum(pz.s) FROM pz JOIN choices ch
    ON ch.id = pz.rid GROUP BY ch.id, ch.position, ch.name
    HAVING sum(pz.s) > 0) x ORDER BY k, login, position"
# Each rep's seconds in and paused, calls, connects, conversions, talk,
# and follow-ups on time, late and missed.
figures="$spans SELECT pe.login,
    (SELECT coalesce(sum(s), 0) FROM sp WHERE uid = pe.id AND state = 'in'),
    (SELECT coalesce(sum(s), 0) FROM sp WHERE uid = pe.id
     AND state = 'paused'),
    (SELECT count(*) FROM calls c WHERE c.user_id = pe.id AND $period),
    (SELECT count(*) FROM calls c JOIN dispositions d ON d.id =
     c.disposition_id WHERE c.user_id = pe.id AND $period
     AND d.contact <> 0),
    (SELECT count(*) FROM calls c JOIN dispositions d ON d.id =
     c.disposition_id WHERE c.user_id = pe.id AND $period
     AND d.status = 'Converted'),
    (SELECT coalesce(sum(c.duration_s), 0) FROM calls c
     WHERE c.user_id = pe.id AND $period),
    (SELECT count(*) FROM followups x WHERE x.user_id = pe.id AND x.due_at
     >= $from AND x.due_at < $to AND x.state = 'done'
     AND x.done_at <= x.due_at),
    (SELECT count(*) FROM followups x WHERE x.user_id = pe.id AND x.due_at
     >= $from AND x.due_at < $to AND x.state = 'done'
     AND x.done_at > x.due_at),
    (SELECT count(*) FROM followups x WHERE x.user_id = pe.id AND x.due_at
     >= $from AND x.due_at < $to AND x.state = 'open'
     AND x.due_at < $now)
    FROM pe ORDER BY pe.login"
agents_expected() {
	echo "Rep|Checked in|Paused|Pauses|Calls|Connects|Contact rate|\
Conversions|Conversion rate|Talk|Avg handle|Follow-ups on time|\
Follow-ups late|Follow-ups missed|Occupancy"
	q "$pauses" >"$scratch/pauses.q"
	q "$figures" >"$scratch/figures.q"
	awk -F'|' "$fmt"'
	function row(v) {
		print v[1] "|" dur(v[2]) "|" dur(v[3]) "|" p[v[1]] "|" v[4] "|" \
		    v[5] "|" rate(v[5], v[4]) "|" v[6] "|" rate(v[6], v[5]) "|" \
		    dur(v[7]) "|" (v[4] == 0 ? "-" : dur(int(v[7] / v[4]))) "|" \
		    v[8] "|" v[9] "|" v[10] "|" rate(v[7], v[2])
	}
	FILENAME == ARGV[1] {
		p[$1] = p[$1] (p[$1] == "" ? "" : ", ") $2 " " dur($3)
		next
	}
	{
		for (i = 1; i <= 10; i++)
			v[i] = $i
		row(v)
		for (i = 2; i <= 10; i++)
			t[i] += $i
	}
	END {
		t[1] = "Total"
		row(t)
	}' "$scratch/pauses.q" "$scratch/figures.q"
}
report agents >"$scratch/agents.got"
agents_expected >"$scratch/agents.want"
ok "agents: every cell as the database's own figures give it" \
    cmp -s "$scratch/agents.got" "$scratch/agents.want"
ok "agents: rep1 was in 25:05 and paused for lunch and a break" \
    grep -q '^rep1|25:05:00|0:55:00|Lunch 0:45:00, Short break 0:10:00|4|' \
    "$scratch/agents.got"

# Dispositions: a count per disposition in settings order, the total,
# then the shares; by rep, then by day.
disp_table() { # disp_table LABEL: from "row|disposition id" lines on stdin
	q "SELECT id, name FROM dispositions ORDER BY position" \
	    >"$scratch/dispositions.q"
	awk -F'|' -v label="$1" "$fmt"'
	function row(k,  i, line) {
		line = k
		for (i = 1; i <= nd; i++)
			line = line "|" (n[k, id[i]] + 0)
		line = line "|" (all[k] + 0)
		for (i = 1; i <= nd; i++)
			line = line "|" rate(n[k, id[i]], all[k])
		print line
	}
	FILENAME == ARGV[1] {
		id[++nd] = $1
		name[nd] = $2
		next
	}
	{
		if (!($1 in all))
			key[++nk] = $1
		n[$1, $2]++
		all[$1]++
		n["Total", $2]++
		all["Total"]++
	}
	END {
		line = label
		for (i = 1; i <= nd; i++)
			line = line "|" name[i]
		line = line "|Total"
		for (i = 1; i <= nd; i++)
			line = line "|" name[i] " %"
		print line
		for (k = 1; k <= nk; k++)
			row(key[k])
		row("Total")
	}' "$scratch/dispositions.q" -
}
report dispositions >"$scratch/disp.got"
q "SELECT u.login, c.disposition_id FROM calls c JOIN users u
    ON u.id = c.user_id WHERE $period ORDER BY u.login" |
    disp_table Rep >"$scratch/disp.want"
ok "dispositions by rep: counts, totals and shares" \
    cmp -s "$scratch/disp.got" "$scratch/disp.want"
report dispositions --by day >"$scratch/day.got"
q "SELECT c.started_at, c.disposition_id FROM calls c WHERE $period
    ORDER BY c.started_at" |
while IFS='|' read -r t disposition; do
	echo "$(date -u -d "@$t" +%Y-%m-%d)|$disposition"
done | disp_table Day >"$scratch/day.want"
ok "dispositions by day (UTC days)" cmp -s "$scratch/day.got" \
    "$scratch/day.want"

# Days are the viewer's: in Chatham, 13:45 ahead of UTC, the period
# starts and ends at its midnights and Monday's afternoon calls are
# Tuesday's, as date(1) has it; a PostgreSQL session must agree.
zone=Pacific/Chatham
zfrom=$(TZ=$zone date -d '2026-11-16 00:00' +%s)
zto=$(TZ=$zone date -d '2026-11-19 00:00' +%s)
(export TZ=$zone; report dispositions --by day) >"$scratch/zday.got"
q "SELECT c.started_at, c.disposition_id FROM calls c
    WHERE c.started_at >= $zfrom AND c.started_at < $zto
    AND c.disposition_id IS NOT NULL ORDER BY c.started_at" |
while IFS='|' read -r t disposition; do
	echo "$(TZ=$zone date -d "@$t" +%Y-%m-%d)|$disposition"
done | disp_table Day >"$scratch/zday.want"
ok "dispositions by day in Chatham: its own midnights" \
    cmp -s "$scratch/zday.got" "$scratch/zday.want"

# Trend: the calls, connects and conversions of each day of the period.
report trend >"$scratch/trend.got"
q "SELECT login FROM ($people) pe ORDER BY login" >"$scratch/people.q"
{
	echo "Rep|Calls by day|Connects by day|Conversions by day|Calls|\
Connects|Conversions"
	q "SELECT u.login, c.started_at, d.contact, CASE d.status
	    WHEN 'Converted' THEN 1 ELSE 0 END FROM calls c JOIN users u
	    ON u.id = c.user_id JOIN dispositions d ON d.id = c.disposition_id
	    WHERE $period" |
	awk -F'|' -v from="$from" '
	function row(k, label,  f, day, line, sum) {
		line = label
		for (f = 1; f <= 3; f++) {
			line = line "|" (n[k, f, 0] + 0)
			for (day = 1; day < 3; day++)
				line = line " " (n[k, f, day] + 0)
		}
		for (f = 1; f <= 3; f++) {
			sum = 0
			for (day = 0; day < 3; day++)
				sum += n[k, f, day]
			line = line "|" sum
		}
		print line
	}
	FILENAME == ARGV[1] {
		login[++np] = $1
		next
	}
	{
		day = int(($2 - from) / 86400)
		for (f = 1; f <= 3; f++) {
			hit = f == 1 || (f == 2 && $3 != 0) || (f == 3 && $4 != 0)
			n[$1, f, day] += hit
			n["", f, day] += hit
		}
	}
	END {
		for (i = 1; i <= np; i++)
			row(login[i], login[i])
		row("", "Floor")
	}' "$scratch/people.q" -
} >"$scratch/trend.want"
ok "trend: each day's calls, connects and conversions" \
    cmp -s "$scratch/trend.got" "$scratch/trend.want"

# Hours: each call's weekday and hour where its lead is, from date(1).
report hours >"$scratch/hours.got"
q "SELECT c.started_at, l.timezone, d.contact FROM calls c
    JOIN leads l ON l.id = c.lead_id JOIN dispositions d
    ON d.id = c.disposition_id WHERE $period" |
while IFS='|' read -r t zones contact; do
	# The lead's first zone, when its number may be in several.
	echo "$(TZ=${zones%% *} date -d "@$t" '+%u %H') $contact"
done | awk "$fmt"'
{ calls[$1, $2 + 0]++; conn[$1, $2 + 0] += $3; dc[$1]++; dn[$1] += $3 }
END {
	split("Mon Tue Wed Thu Fri Sat Sun", name, " ")
	line = "Day"
	for (hr = 8; hr <= 20; hr++)
		line = line "|" sprintf("%02d", hr)
	print line "|Calls|Connect rate"
	for (w = 1; w <= 7; w++) {
		line = name[w]
		for (hr = 8; hr <= 20; hr++)
			line = line "|" rate(conn[w, hr], calls[w, hr])
		print line "|" (dc[w] + 0) "|" rate(dn[w], dc[w])
	}
}' >"$scratch/hours.want"
ok "hours: the connect rate by the lead's own weekday and hour" \
    cmp -s "$scratch/hours.got" "$scratch/hours.want"
ok "hours: Monday 01:00 UTC is Sunday 20:00 in New York" \
    grep -q '^Sun|-|-|-|-|-|-|-|-|-|-|-|-|100.0%|1|100.0%$' \
    "$scratch/hours.got"

# Scopes: a team lead sees team A; a rep naming another gets 77 alone.
report --as lead1 agents >"$scratch/lead.got"
ok "a team lead's agents report: rep1, rep2 and their total" test \
    "$(cut -d'|' -f1 "$scratch/lead.got" | tr '\n' ' ')" = \
    "Rep rep1 rep2 Total "
at "$now" --as rep2 report agents --rep rep1 --from 2026-11-16 \
    --to 2026-11-18 --format csv >"$scratch/refused.out" \
    2>"$scratch/refused.err"
ok "a rep asking for another rep's figures gets 77 and nothing else" \
    test "$?" -eq 77 -a ! -s "$scratch/refused.out"

for f in agents disp day zday trend hours; do
	cmp -s "$scratch/$f.got" "$scratch/$f.want" && continue
	echo "# $f: want, then got"
	sed 's/^/#   /' "$scratch/$f.want" "$scratch/$f.got"
done
finish
