#!/bin/sh
# Collections on the command line: the queue most urgent first, a call's
# outcome recording its payment or promise (and nothing when refused), a
# broken promise on top, deals given to recovery agents, and who may.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime XDG_CONFIG_HOME=$scratch/xdg	# 2026-11-23

floor_db collect
cq() { "$bin" --db "$db" "$@"; }
sql() { "$sq" "$db" "$1"; }
cq init >/dev/null
cq user add col1 --role recovery >/dev/null
cq user add col2 --role recovery >/dev/null
cq user add rep1 --role rep >/dev/null
cq user add lead1 --role lead >/dev/null

# A converted lead with a deal of one installment: $1 name, $2 phone,
# $3 cents, $4 the day it falls due; prints the deal's id.
deal() {
	cq lead add --name "$1" --phone "$2" >/dev/null
	sql "UPDATE leads SET status = 'Converted', customer = 1
	    WHERE name = '$1';
	    INSERT INTO deals (lead_id, amount_cents, currency, close_on,
	    created_at, updated_at) SELECT id, $3, 'USD', '2026-10-01', 1, 1
	    FROM leads WHERE name = '$1';
	    INSERT INTO installments (deal_id, seq, due_on, amount_cents)
	    SELECT max(id), 1, '$4', $3 FROM deals;
	    SELECT max(id) FROM deals;"
}
old=$(deal Oldest +12127360101 50000 2026-11-01)
late=$(deal Late +12127360102 50000 2026-11-15)
today=$(deal Today +12127360103 30000 2026-11-23)
later=$(deal Later +12127360104 30000 2026-12-23)

column() { cut -d, -f"$1" | tail -n +2 | tr '\n' ' '; }
queue() { cq "$@" collect queue --format csv; }

ok "the queue runs overdue oldest first, then due today" \
    test "$(queue | column 1)" = "$old $late $today "
not_queued() { ! queue | column 1 | grep -qw "$1"; }
ok "a deal not due yet is not in it" not_queued "$later"
ok "it says why and how late" \
    test "$(queue | sed -n 2p | cut -d, -f5,7,8)" = "OVERDUE,22,500.00"
big=$(deal Big +12127360105 123456789 2026-11-20)
ok "money reads as a number for scripts: no thousands commas in CSV" \
    sh -c "cq() { \"$bin\" --db \"$db\" \"\$@\"; }; cq collect queue --format csv | grep -q '^$big,.*,1234567.89,1234567.89,'"
ok "... and grouped for people in the table" \
    sh -c "cq() { \"$bin\" --db \"$db\" \"\$@\"; }; cq collect queue | grep -q '1,234,567.89 *1,234,567.89'"
sql "UPDATE installments SET paid_cents = amount_cents WHERE deal_id = $big;
    UPDATE deals SET paid_cents = amount_cents, status = 'Completed'
    WHERE id = $big" >/dev/null

ok "deals are given to an agent" \
    sh -c "cq() { \"$bin\" --db \"$db\" \"\$@\"; }; cq collect assign $old $late --to col1 | grep -q '^2 of 2 deals now collected by col1'"
ok "an agent sees only the deals it collects" \
    test "$(queue --as col1 | column 1)" = "$old $late "
ok "a rep has no collections queue" \
    sh -c "\"$bin\" --db \"$db\" --as rep1 collect queue >/dev/null 2>&1; test \$? -eq 77"
ok "a rep may not give deals" \
    sh -c "\"$bin\" --db \"$db\" --as rep1 collect assign $today --to col1 2>/dev/null; test \$? -eq 77"
ok "deals go only to recovery agents" \
    sh -c "\"$bin\" --db \"$db\" collect assign $today --to rep1 2>&1 | grep -q 'not an active recovery agent'"

# A payment larger than the balance is refused, and nothing is written.
out=$(cq --as col1 collect log "$old" --outcome partial --amount 600 2>&1)
ok "too large a payment is refused with the balance" \
    sh -c "printf '%s' '$out' | grep -q '500.00'"
ok "and writes no call" test "$(sql 'SELECT count(*) FROM calls')" = 0

ok "an unknown payment method is refused" \
    sh -c "\"$bin\" --db \"$db\" --as col1 collect log $old --outcome paid --method Barter 2>&1 | grep -q 'no active payment method'"
ok "and writes neither call nor payment" \
    test "$(sql 'SELECT count(*) FROM calls') $(sql 'SELECT count(*) FROM payments')" = "0 0"

ok "a partial payment is recorded with its call" \
    sh -c "\"$bin\" --db \"$db\" --as col1 collect log $old --outcome partial --amount 200 --method Cash | grep -q 'balance 300.00'"
ok "the call carries the outcome and the payment the call" \
    test "$(sql "SELECT count(*) FROM payments p JOIN calls c ON c.id = p.call_id WHERE c.outcome = 'partial' AND p.amount_cents = 20000")" = 1

ok "a promise is taken" \
    sh -c "\"$bin\" --db \"$db\" --as col1 collect log $late --outcome promise --amount 100 --date 2026-11-25 | grep -q 'promise'"
ok "a promise still ahead hides the deal" \
    test "$(queue --as col1 | column 1)" = "$old "
ok "a promise too far ahead is refused" \
    sh -c "\"$bin\" --db \"$db\" --as col1 collect log $late --outcome promise --amount 100 --date 2027-06-01 2>/dev/null; test \$? -eq 65"

export CALLQ_NOW=$((daytime + 3 * 86400))	# 2026-11-26
ok "a broken promise tops the queue" \
    test "$(queue --as col1 | sed -n 2p | cut -d, -f1,5)" = "$late,BROKEN"
ok "promise list reads it broken" \
    sh -c "\"$bin\" --db \"$db\" --as col1 promise list --format csv | grep -q ',broken,'"
ok "the next call settles it broken" \
    sh -c "\"$bin\" --db \"$db\" --as col1 collect log $late --outcome no-answer | grep -q '1 promise broken'"
ok "and it stays broken" \
    test "$(sql "SELECT state FROM promises")" = broken

ok "spread splits the rest evenly" \
    sh -c "\"$bin\" --db \"$db\" --as lead1 collect spread $today $later --split | grep -q '2 of 2'"
ok "col2, holding none, got both" \
    test "$(sql "SELECT count(*) FROM deals d JOIN users u ON u.id = d.collector_id WHERE u.login = 'col2'")" = 2
ok "the agent was told once" \
    test "$(sql "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.login = 'col2' AND n.kind = 'assigned'")" = 1

finish
