#!/bin/sh
# The issue's acceptance, end to end at 80x24 with a fixed clock, through
# the screens where a person does it (the command line only sets the
# floor up and reads back): a rep converts a lead with a deal of 1,200.00
# in 3 installments; a team lead assigns its collection; the recovery
# agent, whose first screen is Collections, records a partial payment,
# then a promise; the day after the promise the deal tops the queue
# flagged BROKEN; then the rest is paid: the deal reads Completed, and
# the aging report and the lead's timeline say what happened.
. "$(dirname "$0")/../lib.sh"
export LANG=C.UTF-8
unset LC_ALL

floor_db after
day=86400
mon=$daytime			# Monday 2026-11-23 16:00 UTC
wed=$((mon + 2 * day))		# the promise's day
thu=$((mon + 3 * day))		# the day after it
at() { # at WHEN COMMAND...: callq with the clock at WHEN (unix seconds)
	when=$1
	shift
	CALLQ_NOW=$when "$bin" --db "$db" "$@"
}
cq() { at "$mon" "$@"; }

cq init >/dev/null
cq region add East --country US >/dev/null
cq user add lead1 --role lead --team A >/dev/null
cq user add rep1 --role rep --team A --region East >/dev/null
cq user add recovery1 --role recovery --team A >/dev/null
cq lead add --name "Acme Bakery" --phone "+12125550101" --region East \
    --owner rep1 >/dev/null
acme=$(cq lead list --search Acme --format csv | sed -n 2p | cut -d, -f1)
cq --as rep1 checkin >/dev/null

start() { # $1 session, $2 login, $3 clock
	tm new-session -d -s "$1" -x 80 -y 24 \
	    "env TERM=screen CALLQ_NOW=$3 '$bin' --db '$db' --as $2; echo EXIT=\$? >'$scratch/$1.exit'; sleep 600"
}
quit() { # $1 session: Q, and the process is gone
	eventually "
	    tmux -L '$sock' -f /dev/null send-keys -t $1 Q
	    grep -q EXIT=0 '$scratch/$1.exit' 2>/dev/null"
}
# scroll_to SESSION REGEX: pages down the view until it shows REGEX.
changed() { [ "$(screen "$1")" != "$2" ]; }
scroll_to() {
	pages=0
	until shows "$1" "$2"; do
		if [ $pages -ge 8 ]; then
			wait_for "$1" "$2"
			return
		fi
		before=$(screen "$1")
		tm send-keys -t "$1" NPage
		within changed "$1" "$before"
		pages=$((pages + 1))
	done
}
deal() { # the deal's column $1 as deal list --format csv gives it
	cq deal list --format csv | tr -d '\r' | awk -F, -v col="$1" \
	    -v lead="$acme" 'NR == 1 { for (i = 1; i <= NF; i++) n[$i] = i }
	    NR > 1 && $2 == lead { print $n[col] }'
}

# The rep: quick-log Converted opens the deal form.
start r rep1 "$mon"
ok "the rep's queue offers the lead" wait_for r "Acme Bakery"
tm send-keys -t r l
wait_for r "8 Converted" >/dev/null
tm send-keys -t r 8
wait_for r "Note" >/dev/null
tm send-keys -t r Enter
ok "Converted asks the deal's amount, in the floor's currency" \
    wait_for r "Amount in USD"
tm send-keys -t r "1,200.00" Enter
ok "... then the product, a digit from the list" \
    wait_for r "Product:.*1 Standard plan"
tm send-keys -t r 1
wait_for r "Close date \(Enter: today\)" >/dev/null
tm send-keys -t r Enter
wait_for r "Won reason:.*1 Price" >/dev/null
tm send-keys -t r 1
wait_for r "Installments, equal and monthly" >/dev/null
tm send-keys -t r 3 Enter
wait_for r "First due \(Enter: the close date\)" >/dev/null
tm send-keys -t r Enter
ok "the log says the lead is converted" \
    wait_for r "Logged Converted"
ok "the deal is 1,200.00 in three installments of 400.00" sh -c "
    at() { CALLQ_NOW=$mon '$bin' --db '$db' \"\$@\"; }
    at deal show --lead $acme --format csv > '$scratch/deal.csv' &&
    grep -q '1200.00' '$scratch/deal.csv' &&
    test \"\$(grep -c '400.00' '$scratch/deal.csv')\" -ge 3"
ok "it is Pending" test "$(deal state)" = Pending
quit r

# The team lead: g c, a, the recovery agent.
start l lead1 "$mon"
wait_for l "lead1 \(lead\)" >/dev/null
tm send-keys -t l g c
ok "g c opens Collections, with the deal due today" \
    wait_for l "DUE TODAY +Acme Bakery +400\.00"
tm send-keys -t l a
ok "a offers the recovery agents" wait_for l "Give 1 deal to:"
wait_for l "recovery1" >/dev/null
tm send-keys -t l Enter
ok "the collection is given to the agent" \
    wait_for l "1 deal given to recovery1"
ok "the deal's collector is recovery1" test "$(deal collector)" = recovery1
quit l

# The recovery agent: Collections first; a partial payment, a promise.
start g recovery1 "$mon"
ok "the recovery agent lands on Collections, the deal due today in it" \
    wait_for g "DUE TODAY +Acme Bakery +400\.00"
tm send-keys -t g l
ok "l offers the collection outcomes" \
    wait_for g "Outcome: +1 Promise to pay +2 Paid +3 Partial payment"
tm send-keys -t g 3
wait_for g "Partial payment: amount paid \(due now 400\.00\)" >/dev/null
tm send-keys -t g 100.00 Enter
wait_for g "Paid on" >/dev/null
tm send-keys -t g Enter
wait_for g "Paid by \(a digit" >/dev/null
tm send-keys -t g 3		# Cash
wait_for g "Reference" >/dev/null
tm send-keys -t g RCPT-1 Enter
ok "the partial payment is recorded; the deal owes 1,100.00" \
    wait_for g "Partial payment 100\.00 recorded; owes 1,100\.00"
ok "the deal is Partial" test "$(deal state)" = Partial

tm send-keys -t g l
wait_for g "Outcome:" >/dev/null
tm send-keys -t g 1
wait_for g "amount promised" >/dev/null
tm send-keys -t g 300.00 Enter
wait_for g "Promised for which day" >/dev/null
tm send-keys -t g 2026-11-25 Enter
ok "the promise is recorded" \
    wait_for g "Promise to pay 300\.00 on 2026-11-25 recorded"
ok "a promise still ahead takes the deal out of the queue" \
    wait_gone g "Acme Bakery"
quit g

# Thursday, the day after the promise: the deal is back on top, flagged.
start g2 recovery1 "$thu"
ok "the day after the promise the deal tops the queue flagged BROKEN" \
    wait_for g2 "^ *BROKEN +Acme Bakery"
ok "... counted in the title" wait_for g2 "1 broken promise"

# The aging report says it: 300.00 of the first installment three days
# late, the other two not yet due.
at "$thu" report aging --format csv >"$scratch/aging.csv"
ok "aging: 300.00 is 1-30 days late and 800.00 current, recovery1's" \
    grep -q '^recovery1,800\.00,300\.00,0\.00,0\.00,0\.00,1100\.00,' \
    "$scratch/aging.csv"

# Then the rest: Paid, with the whole balance typed over what is due.
tm send-keys -t g2 l
wait_for g2 "Outcome:" >/dev/null
tm send-keys -t g2 2
wait_for g2 "Paid: amount paid" >/dev/null
tm send-keys -t g2 C-u 1,100.00 Enter
wait_for g2 "Paid on" >/dev/null
tm send-keys -t g2 Enter
wait_for g2 "Paid by \(a digit" >/dev/null
tm send-keys -t g2 1		# Bank transfer
wait_for g2 "Reference" >/dev/null
tm send-keys -t g2 RCPT-2 Enter
ok "the rest is recorded, nothing owed, the broken promise settled" \
    wait_for g2 "Paid 1,100\.00 recorded; owes 0\.00\. 1 past-due promise marked broken\."
ok "the deal leaves the queue" wait_gone g2 "Acme Bakery"
quit g2

ok "the deal reads Completed" test "$(deal state)" = Completed
ok "the promise reads broken" sh -c "
    CALLQ_NOW=$thu '$bin' --db '$db' promise list --format csv |
    grep -q broken"
ok "the payments add up to the deal, to the cent" test "$("$sq" "$db" \
    "SELECT sum(amount_cents) FROM payments WHERE deleted_at IS NULL")" \
    -eq 120000

# The lead view, as the team lead sees it: Completed, and the timeline.
start v lead1 "$thu"
wait_for v "lead1 \(lead\)" >/dev/null
tm send-keys -t v "#"
tm send-keys -t v "$acme" Enter
ok "the lead view shows the deal Completed" wait_for v "Completed"
ok "the timeline, newest first: the promise broken" \
    scroll_to v "promise of 300\.00 by 2026-11-25 broken"
ok "... the rest paid" \
    scroll_to v "payment 1,100\.00 USD, paid 2026-11-26"
ok "... the promise given" scroll_to v "promise to pay 300\.00 by 2026-11-25"
ok "... the partial payment" \
    scroll_to v "payment 100\.00 USD, paid 2026-11-23"
ok "... the collection given to recovery1" \
    scroll_to v "collector: recovery1"
tm send-keys -t v G
ok "... and, at its foot (G), the deal the rep made" \
    wait_for v "deal-add +deal 1,200\.00 USD, closed 2026-11-23"

# The aging report has nothing left owing; the collections report has
# the month: 400.00 fell due, 1,200.00 came in, one promise, broken.
at "$thu" report aging --format csv >"$scratch/aging.csv"
ok "aging: nothing is owed any more" \
    grep -q '^Total,0\.00,0\.00,0\.00,0\.00,0\.00,0\.00,' "$scratch/aging.csv"
at "$thu" report collections --format csv >"$scratch/coll.csv"
ok "collections: 400.00 due, 1,200.00 collected, a promise broken" \
    grep -q '^recovery1,400\.00,1200\.00,[^,]*,1,0,1,' "$scratch/coll.csv"

# The Reports pane has the aging report too.
tm send-keys -t v g R
wait_for v "Agents" >/dev/null
n=0
until shows v "^ Aging" || [ $n -ge 12 ]; do
	tm send-keys -t v "]"
	n=$((n + 1))
	within shows v " $((n + 1)) of [0-9]" >/dev/null
done
ok "the Reports pane shows the aging report, recovery1's row empty" \
    wait_for v "^ recovery1 +0\.00 +0\.00"
quit v
finish
