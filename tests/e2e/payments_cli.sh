#!/bin/sh
# Payments from the command line: recorded against a deal's plan, refused
# above the balance, listed for those who may see them (as CSV with
# formulas neutralized, and as JSON), deleted and restored by admins.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL
export XDG_CONFIG_HOME=$scratch/xdg

floor_db pay
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add rep1 --role rep --region East >/dev/null
cq user add agent --role recovery >/dev/null
cq lead add --name Acme --phone "+1 212-736-0101" --region East >/dev/null
cq lead edit 1 --status Converted --owner rep1 >/dev/null
# A deal of 1,200.00 in three installments, collected by agent (assigning
# collections is another command's: written here directly).
cq deal add 1 --amount 1200 --close-date 2026-11-01 --installments 3 \
    >/dev/null
"$sq" "$db" "UPDATE deals SET collector_id = (SELECT id FROM users
    WHERE login = 'agent')"
q() { "$sq" "$db" "$1"; }
says() { [ "$(q "$1")" = "$2" ]; }	# $1 SQL, $2 what it must answer
status_is() { # $1 status; $2...: the command
	want=$1
	shift
	"$@" >/dev/null 2>"$scratch/err"
	[ $? -eq "$want" ]
}

ok "a payment is recorded and says so" sh -c "'$bin' --db '$db' --as agent \
    payment add 1 --amount 500 --method Card --reference '=1+2' \
    --date yesterday | grep -qx 'recorded payment 1 of 500.00 on deal 1'"
ok "... it pays the first installment and 100.00 of the second" \
    test "$(q "SELECT paid_cents FROM installments ORDER BY seq" |
    paste -sd, -)" = 40000,10000,0
ok "... on the day given" says "SELECT paid_on FROM payments" "2026-11-22"
ok "more than the balance is refused with status 65" \
    status_is 65 cq --as agent payment add 1 --amount 700.01
ok "... naming the balance" grep -q "owes only 700.00 USD" "$scratch/err"
ok "... and nothing is written" says "SELECT count(*) FROM payments" 1
ok "a day ahead is refused" \
    status_is 65 cq --as agent payment add 1 --amount 1 --date tomorrow
ok "an amount that is not one is a usage error" \
    status_is 64 cq --as agent payment add 1 --amount 1.001
ok "a rep may not record one" \
    status_is 77 cq --as rep1 payment add 1 --amount 1
ok "a rep may not list payments" status_is 77 cq --as rep1 payment list
ok "... and is told why" grep -q "finance data" "$scratch/err"

cq payment list --format csv >"$scratch/pay.csv"
ok "the CSV lists the payment with its amount" \
    grep -q '^1,1,1,Acme,2026-11-22,500.00,USD,Card,' "$scratch/pay.csv"
ok "... its reference's formula neutralized" \
    grep -qF ",'=1+2," "$scratch/pay.csv"
cq --as agent payment list --format json >"$scratch/pay.json"
ok "the JSON has the amount as a number" \
    grep -q '"amount": *500.00' "$scratch/pay.json"

ok "an agent may not delete a payment" \
    status_is 77 cq --as agent payment delete 1
ok "an admin deletes it" sh -c "'$bin' --db '$db' payment delete 1 \
    --reason typo | grep -q '^deleted payment 1'"
ok "... the deal owes all again" \
    says "SELECT paid_cents || ' ' || status FROM deals" "0 Pending"
ok "... and it is listed as deleted" \
    sh -c "'$bin' --db '$db' payment list --deleted --format csv |
    grep -q '^1,1,1,Acme,'"
ok "... and in the Deleted list by lead and amount" \
    sh -c "'$bin' --db '$db' deleted list --format csv |
    grep -q 'payment,1,500.00 USD from Acme (lead 1),'"
cq --as agent payment add 1 --amount 1000 >/dev/null
ok "a restore that would overpay the deal is refused" \
    status_is 65 cq payment restore 1
ok "... saying so" grep -q "would overpay deal 1" "$scratch/err"
cq payment delete 2 >/dev/null
ok "once room is made, it comes back" \
    sh -c "'$bin' --db '$db' payment restore 1 | grep -qx 'restored payment 1'"
ok "... and the deal is Partial again" \
    says "SELECT paid_cents || ' ' || status FROM deals" "50000 Partial"
finish
