#!/bin/sh
# Deals on conversion: the Converted form in tmux at 80x24 making a deal
# of 1,200.00 in 3, Esc in it going back to the quick-log, the lead view
# showing the deal, and the deal and plan commands with csv and json.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db deals
cq() { "$bin" --db "$db" "$@"; }
csv() { cq "$@" --format csv | tr -d '\r'; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add lead1 --role lead --team A >/dev/null
cq user add rep1 --role rep --team A --region East >/dev/null
cq user add reco --role recovery >/dev/null
for i in 1 2 3; do
	cq lead add --name "Shop $i" --phone "+121273600$(printf %02d $i)" \
	    --region East >/dev/null
done
cq --as lead1 assign 1 2 3 --to rep1 >/dev/null
printf '[dial]\nprovider = none\n' >"$scratch/none.conf"
chmod 600 "$scratch/none.conf"

tm new-session -d -s r -x 80 -y 24 \
    "env TERM=screen '$bin' --db '$db' --as rep1 --config '$scratch/none.conf'; sleep 600"
wait_for r "rep1 \(rep\)" >/dev/null
calls() { "$sq" "$db" "SELECT count(*) FROM calls"; }

# Esc in the Converted form: back to the dispositions, nothing logged.
tm send-keys -t r l
ok "l opens the quick-log" wait_for r "Log the call"
tm send-keys -t r 8 Enter
ok "Converted opens the deal form, in the floor's currency" \
    wait_for r "Amount in USD"
tm send-keys -t r Escape
ok "Esc goes back to the quick-log" wait_for r "pick the disposition again"
ok "... which is still open" shows r "Disposition:"
ok "... and nothing was logged" test "$(calls)" -eq 0

# The whole form: 1,200.00, Premium plan, today, Price, 3, the close date.
tm send-keys -t r 8 Enter
wait_for r "Amount in USD" >/dev/null
tm send-keys -t r 0 Enter
ok "an amount of 0 is refused in a sentence" wait_for r "above 0"
tm send-keys -t r C-u "1,200.00" Enter
ok "the product is picked by digit" wait_for r "2 Premium plan"
tm send-keys -t r 2
ok "the close date defaults to today" wait_for r "Close date \(Enter: today\)"
tm send-keys -t r Enter
ok "the won reason is picked by digit" wait_for r "1 Price"
tm send-keys -t r 1
ok "installments are asked" wait_for r "Installments"
tm send-keys -t r 3 Enter
ok "the first due day is asked" wait_for r "First due"
tm send-keys -t r Enter
ok "the log is saved" wait_for r "Logged Converted"
ok "... with its deal of 1,200.00 in 3" test "$("$sq" "$db" \
    "SELECT amount_cents || '/' || (SELECT count(*) FROM installments) || '/' || call_id FROM deals")" = "120000/3/1"
ok "... the lead a customer" test "$(csv lead list --customers | \
    tail -n +2 | cut -d, -f1,12)" = "1,2026-11-23"

# The lead view shows the deal.
ok "the lead is not in the queue any more" wait_gone r "Shop 1"

tm new-session -d -s v -x 80 -y 40 \
    "env TERM=screen '$bin' --db '$db' --as rep1 --config '$scratch/none.conf'; sleep 600"
wait_for v "rep1 \(rep\)" >/dev/null
tm send-keys -t v /
wait_for v "Type a number" >/dev/null
tm send-keys -t v -l "Shop 1"
ok "search marks the customer" wait_for v "Converted \\$"
ok "... and not the others" hides v "In Progress \\$|New \\$"
tm send-keys -t v Enter
ok "the lead view says since when it is a customer" \
    wait_for v "Customer since 2026-11-23"
ok "... and shows the deal" shows v "Amount +1,200.00 USD +Premium plan"
ok "... its state and balance" shows v "State +Pending +paid 0.00 +balance 1,200.00"
ok "... and its installments" shows v "3 +2027-01-23 +400.00 +0.00 +Pending"

# The team lead's Converted pool marks the customer too.
tm new-session -d -s p -x 80 -y 24 \
    "env TERM=screen '$bin' --db '$db' --as lead1 --config '$scratch/none.conf'; sleep 600"
wait_for p "lead1 \(lead\)" >/dev/null
tm send-keys -t p g o
wait_for p "Pools: " >/dev/null
tm send-keys -t p ] ]
ok "the Converted pool marks the customer" wait_for p "Shop 1 .*Converted \\$"

# The command line.
ok "deal list reads in csv" test "$(csv deal list | sed -n 2p)" = \
    "1,1,Shop 1,1200.00,0.00,1200.00,USD,Pending,Premium plan,Price,2026-11-23,rep1,,3"
ok "deal list reads in json" sh -c "'$bin' --db '$db' deal list --format json | grep -q '\"amount\": 1200.00'"
ok "a rep sees their deal" test "$(csv deal list --owner rep1 | wc -l)" -eq 2
ok "a recovery agent sees none until it is theirs" \
    test "$(cq --as reco deal list --format csv | wc -l)" -eq 1
out=$(cq --as rep1 log 2 --disposition Converted --amount 1000 --installments 3 --product Gold 2>&1)
ok "a deal with an unknown product is refused, naming the list" \
    sh -c "echo '$out' | grep -q 'callq choice list product'"
ok "... and the call is not logged" test "$(calls)" -eq 1
ok "callq log --amount makes the deal" sh -c "'$bin' --db '$db' --as rep1 log 2 --disposition Converted --amount 1000 --installments 3 | grep -q 'added deal 2'"
ok "1,000.00 in 3 is 333.34 + 333.33 + 333.33" test "$(csv deal show 2 | \
    tail -n +2 | cut -d, -f12 | tr '\n' ' ')" = "333.34 333.33 333.33 "
ok "deal add refuses a lead not converted" sh -c "'$bin' --db '$db' deal add 3 --amount 10 2>/dev/null; test \$? -eq 65"
cq lead edit 3 --status Converted >/dev/null
ok "deal add makes a month-end plan" sh -c "'$bin' --db '$db' deal add 3 --amount 90 --installments 3 --close-date 2027-01-31 >/dev/null"
ok "... cut to each month's end" test "$(csv deal show --lead 3 | \
    tail -n +2 | cut -d, -f11 | tr '\n' ' ')" = "2027-01-31 2027-02-28 2027-03-31 "
ok "plan set refuses a plan that does not add up" sh -c "'$bin' --db '$db' plan set 3 --due 2027-02-01:50 --due 2027-03-01:30 2>&1 | grep -q 'add up to 80.00, not 90.00'"
ok "plan set takes explicit installments" sh -c "'$bin' --db '$db' plan set 3 --due 2027-02-01:50 --due 2027-03-01:40 >/dev/null"
ok "deal edit moves the plan's end" sh -c "'$bin' --db '$db' deal edit 3 --amount 100 >/dev/null"
ok "... the last installment takes it" test "$(csv deal show 3 | tail -n 1 | cut -d, -f12)" = "50.00"
ok "every deal change is audited" test "$("$sq" "$db" \
    "SELECT count(*) FROM audit WHERE entity = 'deal'")" -eq 5
cq setting set currency EUR >/dev/null
ok "the currency is a setting" test "$(cq setting get currency)" = "EUR"
ok "a bad currency is refused" sh -c "'$bin' --db '$db' setting set currency euro 2>/dev/null; test \$? -eq 65"
finish
