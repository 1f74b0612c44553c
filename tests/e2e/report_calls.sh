#!/bin/sh
# The agents, dispositions, trend and hours reports through the CLI on a
# floor built with it at pinned times (three days, three reps in two
# teams, leads in New York and India, attendance with pauses, follow-ups
# kept, late and missed), each compared cell by cell with figures this
# script works out on its own: SQL of its own over the database, and the
# system's zone database (date(1)) for the leads' local hours.
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

# The same figures by SQL of this script's own.
q() { "$sq" -separator '|' "$db" "$@"; }
dur() { echo "printf('%d:%02d:%02d', ($1) / 3600, ($1) / 60 % 60, ($1) % 60)"; }
rate() {
	echo "CASE WHEN ($2) = 0 THEN '-' ELSE printf('%d.%d%%',
	    ($1) * 1000 / ($2) / 10, ($1) * 1000 / ($2) % 10) END"
}
period="c.started_at >= $from AND c.started_at < $to AND
    c.disposition_id IS NOT NULL"
people="SELECT u.id, u.login FROM users u WHERE (u.role = 'rep' AND u.active)
    OR u.id IN (SELECT c.user_id FROM calls c WHERE $period)"

# Attendance as spans: each event to the next, clipped to the period
# and to now; pauses per reason in settings order.
spans="WITH ev AS (SELECT a.user_id AS uid, a.state, a.reason_id AS rid,
    a.at, lead(a.at) OVER (PARTITION BY a.user_id ORDER BY a.at, a.id)
    AS nxt FROM attendance a), sp AS (SELECT uid, state, rid,
    max(min(coalesce(nxt, $to), $to, $now) - max(at, $from), 0) AS s
    FROM ev), pz AS (SELECT sp.uid, ch.position, ch.name, sum(sp.s) AS s
    FROM sp JOIN choices ch ON ch.id = sp.rid WHERE sp.state = 'paused'
    GROUP BY sp.uid, ch.id HAVING sum(sp.s) > 0)"
figures="$spans, pe AS ($people), f AS (SELECT pe.login,
    (SELECT coalesce(sum(s), 0) FROM sp WHERE uid = pe.id
     AND state = 'in') AS ins,
    (SELECT coalesce(sum(s), 0) FROM sp WHERE uid = pe.id
     AND state = 'paused') AS paused,
    (SELECT coalesce(group_concat(t, ', '), '') FROM (SELECT name || ' ' ||
     $(dur s) AS t FROM pz WHERE pz.uid = pe.id ORDER BY position)) AS pauses,
    (SELECT count(*) FROM calls c WHERE c.user_id = pe.id AND $period)
     AS calls,
    (SELECT count(*) FROM calls c JOIN dispositions d ON d.id =
     c.disposition_id WHERE c.user_id = pe.id AND $period AND d.contact)
     AS conn,
    (SELECT count(*) FROM calls c JOIN dispositions d ON d.id =
     c.disposition_id WHERE c.user_id = pe.id AND $period
     AND d.status = 'Converted') AS conv,
    (SELECT coalesce(sum(c.duration_s), 0) FROM calls c
     WHERE c.user_id = pe.id AND $period) AS talk,
    (SELECT count(*) FROM followups x WHERE x.user_id = pe.id AND x.due_at
     >= $from AND x.due_at < $to AND x.state = 'done'
     AND x.done_at <= x.due_at) AS fon,
    (SELECT count(*) FROM followups x WHERE x.user_id = pe.id AND x.due_at
     >= $from AND x.due_at < $to AND x.state = 'done'
     AND x.done_at > x.due_at) AS flate,
    (SELECT count(*) FROM followups x WHERE x.user_id = pe.id AND x.due_at
     >= $from AND x.due_at < $to AND x.state = 'open'
     AND x.due_at < $now) AS fmiss
    FROM pe), t AS (SELECT 'Total' AS login, sum(ins) AS ins,
    sum(paused) AS paused, (SELECT coalesce(group_concat(t, ', '), '')
     FROM (SELECT name || ' ' || $(dur 'sum(s)') AS t FROM pz
     GROUP BY position, name ORDER BY position)) AS pauses,
    sum(calls) AS calls, sum(conn) AS conn, sum(conv) AS conv,
    sum(talk) AS talk, sum(fon) AS fon, sum(flate) AS flate,
    sum(fmiss) AS fmiss FROM f)"
agents_expected() {
	echo "Rep|Checked in|Paused|Pauses|Calls|Connects|Contact rate|\
Conversions|Conversion rate|Talk|Avg handle|Follow-ups on time|\
Follow-ups late|Follow-ups missed|Occupancy"
	q "$figures SELECT login, $(dur ins), $(dur paused), pauses, calls,
	    conn, $(rate conn calls), conv, $(rate conv conn), $(dur talk),
	    CASE WHEN calls = 0 THEN '-' ELSE $(dur 'talk / calls') END,
	    fon, flate, fmiss, $(rate talk ins)
	    FROM (SELECT 0 AS k, * FROM f UNION ALL SELECT 1, * FROM t)
	    ORDER BY k, login"
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
counts() { # counts WHERE: the row's cells for the calls matching WHERE
	echo "(SELECT group_concat(n, '|') FROM (SELECT (SELECT count(*)
	    FROM calls c WHERE $period AND c.disposition_id = d.id AND $1) AS n
	    FROM dispositions d ORDER BY d.position)) || '|' ||
	    (SELECT count(*) FROM calls c WHERE $period AND $1) || '|' ||
	    (SELECT group_concat(s, '|') FROM (SELECT $(rate "(SELECT count(*)
	    FROM calls c WHERE $period AND c.disposition_id = d.id AND $1)" \
	    "(SELECT count(*) FROM calls c WHERE $period AND $1)") AS s
	    FROM dispositions d ORDER BY d.position))"
}
disp_head() { # disp_head LABEL: the header row
	q "SELECT '$1|' || (SELECT group_concat(name, '|') FROM (SELECT name
	    FROM dispositions ORDER BY position)) || '|Total|' ||
	    (SELECT group_concat(name || ' %', '|') FROM (SELECT name
	    FROM dispositions ORDER BY position))"
}
disp_expected() {
	disp_head Rep
	q "SELECT login || '|' || $(counts 'c.user_id = u.id') FROM users u
	    WHERE id IN (SELECT c.user_id FROM calls c WHERE $period)
	    ORDER BY login"
	q "SELECT 'Total|' || $(counts 1)"
}
report dispositions >"$scratch/disp.got"
disp_expected Rep >"$scratch/disp.want"
ok "dispositions by rep: counts, totals and shares" \
    cmp -s "$scratch/disp.got" "$scratch/disp.want"
report dispositions --by day >"$scratch/day.got"
disp_head Day >"$scratch/day.want"
q "SELECT date(day * 86400, 'unixepoch') || '|' ||
    $(counts "c.started_at / 86400 = x.day") FROM (SELECT DISTINCT
    c.started_at / 86400 AS day FROM calls c WHERE $period) x
    ORDER BY day" >>"$scratch/day.want"
q "SELECT 'Total|' || $(counts 1)" >>"$scratch/day.want"
ok "dispositions by day (UTC days)" cmp -s "$scratch/day.got" \
    "$scratch/day.want"

# Trend: the calls, connects and conversions of each day of the period.
series() { # series WHERE: "n n n" for the three days, then the total
	echo "(SELECT group_concat(n, ' ') FROM (SELECT (SELECT count(*) FROM
	    calls c JOIN dispositions d ON d.id = c.disposition_id WHERE
	    $period AND c.started_at >= $from + k * 86400 AND c.started_at <
	    $from + (k + 1) * 86400 AND $1) AS n FROM (SELECT 0 AS k UNION ALL
	    SELECT 1 UNION ALL SELECT 2) ORDER BY k))"
}
trend_row() { # trend_row WHO
	echo "$(series "$1") || '|' || $(series "$1 AND d.contact") || '|' ||
	    $(series "$1 AND d.status = 'Converted'") || '|' || (SELECT count(*)
	    FROM calls c JOIN dispositions d ON d.id = c.disposition_id WHERE
	    $period AND $1) || '|' || (SELECT count(*) FROM calls c JOIN
	    dispositions d ON d.id = c.disposition_id WHERE $period AND $1
	    AND d.contact) || '|' || (SELECT count(*) FROM calls c JOIN
	    dispositions d ON d.id = c.disposition_id WHERE $period AND $1
	    AND d.status = 'Converted')"
}
report trend >"$scratch/trend.got"
{
	echo "Rep|Calls by day|Connects by day|Conversions by day|Calls|\
Connects|Conversions"
	q "SELECT pe.login || '|' || $(trend_row 'c.user_id = pe.id') FROM
	    ($people) pe ORDER BY pe.login"
	q "SELECT 'Floor|' || $(trend_row 1)"
} >"$scratch/trend.want"
ok "trend: each day's calls, connects and conversions" \
    cmp -s "$scratch/trend.got" "$scratch/trend.want"

# Hours: each call's weekday and hour where its lead is, from date(1).
report hours >"$scratch/hours.got"
q "SELECT c.started_at, substr(l.timezone || ' ', 1,
    instr(l.timezone || ' ', ' ') - 1), d.contact FROM calls c
    JOIN leads l ON l.id = c.lead_id JOIN dispositions d
    ON d.id = c.disposition_id WHERE $period" |
while IFS='|' read -r t zone contact; do
	echo "$(TZ=$zone date -d "@$t" '+%u %H') $contact"
done | awk '
{ calls[$1, $2 + 0]++; conn[$1, $2 + 0] += $3; dc[$1]++; dn[$1] += $3 }
function rate(n, c) {
	if (c == 0)
		return "-"
	r = int(n * 1000 / c)
	return int(r / 10) "." (r % 10) "%"
}
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

for f in agents disp day trend hours; do
	cmp -s "$scratch/$f.got" "$scratch/$f.want" && continue
	echo "# $f: want, then got"
	sed 's/^/#   /' "$scratch/$f.want" "$scratch/$f.got"
done
finish
