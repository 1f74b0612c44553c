#!/bin/sh
# Payments in the lead view through tmux: the customer's payments listed
# for those who may see them (not for its rep), and $ recording one
# through the payment form (amount, day, method, reference, note).
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db paytui
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add rep1 --role rep --region East >/dev/null
cq lead add --name "Acme Plumbing" --phone +12127360101 --region East \
    >/dev/null
cq lead edit 1 --status Converted --owner rep1 >/dev/null
cq deal add 1 --amount 1200 --close-date 2026-11-01 --installments 3 \
    >/dev/null
cq payment add 1 --amount 150 --method Cash --reference CASH-77 \
    --date yesterday >/dev/null

start() { # $1 session, $2 login
	tm new-session -d -s "$1" -x 120 -y 32 \
	    "env TERM=screen '$bin' --db '$db' --as $2; sleep 600"
}
open_lead() { # $1 session
	tm send-keys -t "$1" '#'
	tm send-keys -t "$1" 1 Enter
}
me=$(id -un)
start a "$me"
wait_for a "\(admin\)" >/dev/null
open_lead a
ok "the lead view lists the customer's payments" \
    wait_for a "2026-11-22  150.00 USD  Cash  CASH-77"
tm send-keys -t a '$'
ok "\$ opens the payment form with the balance" \
    wait_for a "Payment on deal 1, which owes 1,050.00 USD. Amount:"
tm send-keys -t a 2000 Enter
ok "more than the balance is refused in the form" \
    wait_for a "The deal owes only 1,050.00 USD"
tm send-keys -t a C-u
tm send-keys -t a 250.50 Enter
ok "the day paid is asked next" wait_for a "Day paid"
tm send-keys -t a Enter
ok "then the method, by digit" wait_for a "1 Bank transfer +2 Card"
tm send-keys -t a 2
wait_for a "Reference" >/dev/null
tm send-keys -t a "TX-9" Enter
wait_for a "Note \(Enter skips" >/dev/null
tm send-keys -t a Enter
ok "the payment is recorded and said" \
    wait_for a "Recorded 250.50 USD on deal 1."
ok "... on the deal, by card, today" sh -c "[ \"\$('$sq' '$db' \
    \"SELECT p.amount_cents || p.paid_on || c.name || p.reference FROM
    payments p JOIN choices c ON c.id = p.method_id WHERE p.id = 2\")\" = \
    '250502026-11-23CardTX-9' ]"
ok "... and listed in the view" wait_for a "2026-11-23  250.50 USD  Card  TX-9"

start r rep1
wait_for r "\(rep\)" >/dev/null
open_lead r
wait_for r "Acme Plumbing" >/dev/null
ok "the rep sees the lead but not its payments" \
    sh -c "! tmux -L '$sock' capture-pane -p -t r | grep -q CASH-77"
tm send-keys -t r '$'
ok "... and \$ tells the rep they may not record one" \
    wait_for r "cannot record payments"
finish
