#!/bin/sh
# The collections and aging reports from the command line: a deal of
# 1,200.00 in three installments, two payments recorded through callq and
# a promise gone by, read as CSV, JSON and a table; an agent reads only
# their own row, a rep naming the agent is refused.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8	# 2026-11-23
unset LC_ALL
export XDG_CONFIG_HOME=$scratch/xdg

floor_db collect
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add rep1 --role rep --region East >/dev/null
cq user add agent --role recovery >/dev/null
cq lead add --name Acme --phone "+1 212-736-0101" --region East >/dev/null
# 400.00 due on 10-01, 11-01 and 12-01; a promise of 1,000.00 by 11-20.
"$sq" "$db" "UPDATE leads SET status = 'Converted', customer = 1,
    owner_id = (SELECT id FROM users WHERE login = 'rep1') WHERE id = 1;
    INSERT INTO deals (lead_id, amount_cents, currency, close_on,
    collector_id, created_at, updated_at) VALUES (1, 120000, 'USD',
    '2026-10-01', (SELECT id FROM users WHERE login = 'agent'), 0, 0);
    INSERT INTO installments (deal_id, seq, due_on, amount_cents) VALUES
    (1, 1, '2026-10-01', 40000), (1, 2, '2026-11-01', 40000),
    (1, 3, '2026-12-01', 40000);
    INSERT INTO promises (deal_id, user_id, due_on, amount_cents,
    created_at) VALUES (1, (SELECT id FROM users WHERE login = 'agent'),
    '2026-11-20', 100000, 0)"
cq --as agent payment add 1 --amount 500 --date 2026-10-15 >/dev/null &&
    cq --as agent payment add 1 --amount 200 --date 2026-11-10 >/dev/null ||
    echo "# the payments were refused" >&2

# November: 400.00 due (the second), 200.00 collected, the promise broken.
# CSV lines end in CRLF (RFC 4180): read without the CR.
cq report collections --format csv | tr -d '\r' >"$scratch/coll.csv"
ok "collections is this month's by default, per agent" \
    grep -qx 'agent,400.00,200.00,50.0%,1,0,1,0.0%' "$scratch/coll.csv"
ok "... with a row for deals nobody collects" \
    grep -qx '(unassigned),0.00,0.00,-,0,0,0,-' "$scratch/coll.csv"
ok "... and the total" \
    grep -qx 'Total,400.00,200.00,50.0%,1,0,1,0.0%' "$scratch/coll.csv"
ok "October's collected is the first payment" sh -c "'$bin' --db '$db' \
    report collections --period 'last month' --format csv | tr -d '\r' |
    grep -qx 'agent,400.00,500.00,125.0%,0,0,0,-'"

# Today: the second owes 100.00, 22 days late; the third 400.00, current.
cq report aging >"$scratch/aging.txt"
ok "aging is today's, and says so" \
    grep -q '^Aging as of 2026-11-23' "$scratch/aging.txt"
cq --as agent report aging --format csv | tr -d '\r' >"$scratch/aging.csv"
ok "an agent's aging has their row and the total" \
    test "$(grep -c '400.00,100.00,0.00,0.00,0.00,500.00,1,1,0,0,0,1$' \
    "$scratch/aging.csv")" -eq 2
ok "... and no row for deals nobody collects" \
    eval "! grep -q unassigned '$scratch/aging.csv'"
cq report aging --format json >"$scratch/aging.json"
ok "JSON gives the unpaid in cents" \
    grep -q '"Unpaid": *50000' "$scratch/aging.json"
"$bin" --db "$db" --as rep1 report collections --rep agent \
    >"$scratch/out" 2>"$scratch/err"
ok "a rep naming the agent is refused with 77" test $? -eq 77
ok "... in one sentence" test "$(wc -l <"$scratch/err")" -eq 1
finish
