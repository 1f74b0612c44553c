#!/bin/sh
# What a call's outcome does to a lead, as a floor sees it: No answer on a
# Qualified lead keeps it Qualified in its stage; the whole outcomes table
# as callq choice transitions and the Settings pane show it; No answer and
# Busy wait their own retry before the queue offers the lead again; the
# sixth call in a row that misses the lead drops it as Lost, with the
# drop reason in its timeline.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

floor_db outcome
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add rep1 --role rep --team A --region East >/dev/null
cq lead add --name "Acme Bakery" --phone "+12125550101" --region East \
    --owner rep1 >/dev/null
cq lead add --name "Bright Cafe" --phone "+12125550102" --region East \
    --owner rep1 >/dev/null
acme=$(cq lead list --search Acme --format csv | sed -n 2p | cut -d, -f1)
bright=$(cq lead list --search Bright --format csv | sed -n 2p | cut -d, -f1)

field() { # $1 lead, $2 field: its value as lead show prints it
	cq lead show "$1" | sed -n "s/^$2  *//p"
}

# The case reported: No answer on a Qualified lead.
cq lead stage "$acme" Qualified >/dev/null
cq --as rep1 log "$acme" --disposition "No answer" >"$scratch/out"
ok "No answer on a Qualified lead says it stays" \
    grep -qx "logged No answer on lead $acme; attempt 1 of 6" "$scratch/out"
ok "it is still Qualified" test "$(field "$acme" status)" = Qualified
ok "its card stays in Qualified" test "$(field "$acme" stage)" = Qualified
ok "and the call counted an attempt" test "$(field "$acme" attempts)" = 1

# The whole table, as the command line and the database give it.
sed -n '/^[^#]/p' "$top/data/transitions.tsv" | tr '\t' , >"$scratch/want"
cq choice transitions --format csv | tr -d '\r' | sed 1d |
    sed 's/,yes$//' >"$scratch/got"
ok "choice transitions shows data/transitions.tsv, every cell" \
    cmp -s "$scratch/want" "$scratch/got"
ok "and it has every disposition" test "$(wc -l <"$scratch/got")" -eq 9

# Retries: No answer waits 2 hours, Busy 30 minutes.
offered() { # $1 lead, $2 seconds after the clock: in rep1's queue then?
	CALLQ_NOW=$(($2)) cq --as rep1 queue --limit 0 --format csv |
	    cut -d, -f1 | grep -qx "$1"
}
t=$daytime
ok "a lead just answered No answer is not offered at 1:59" \
    sh -c "! CALLQ_NOW=$((t + 7140)) '$bin' --db '$db' --as rep1 queue --limit 0 --format csv | cut -d, -f1 | grep -qx $acme"
ok "and is offered at 2:00" offered "$acme" "$t + 7200"
CALLQ_NOW=$t cq --as rep1 log "$bright" --disposition Busy >/dev/null
ok "a Busy lead is not offered at 0:29" \
    sh -c "! CALLQ_NOW=$((t + 1740)) '$bin' --db '$db' --as rep1 queue --limit 0 --format csv | cut -d, -f1 | grep -qx $bright"
ok "and is offered at 0:30" offered "$bright" "$t + 1800"
ok "setting list shows max_attempts and each no-contact wait" sh -c "
    '$bin' --db '$db' setting list --format csv > '$scratch/settings' &&
    grep -q '^max_attempts,6,default,' '$scratch/settings' &&
    grep -q '^retry_minutes.No answer,120,set,' '$scratch/settings' &&
    grep -q '^retry_minutes.Busy,30,set,' '$scratch/settings'"

# Five more calls in a row that miss Acme, two hours apart: the sixth
# drops it.
i=2
while [ $i -le 5 ]; do
	CALLQ_NOW=$((t + i * 7200)) cq --as rep1 log "$acme" \
	    --disposition Busy >/dev/null
	i=$((i + 1))
done
ok "five misses: still Qualified" test "$(field "$acme" status)" = Qualified
CALLQ_NOW=$((t + 6 * 7200)) cq --as rep1 log "$acme" \
    --disposition "No answer" >"$scratch/out"
ok "the sixth says the lead is dropped and why" grep -qx \
    "logged No answer on lead $acme; Qualified -> Lost (No contact after 6 attempts); attempt 6 of 6" \
    "$scratch/out"
ok "the lead is Lost with that drop reason" sh -c "
    test \"\$('$bin' --db '$db' lead show $acme | sed -n 's/^status  *//p')\" = Lost &&
    test \"\$('$bin' --db '$db' lead show $acme | sed -n 's/^drop_reason  *//p')\" = 'No contact after 6 attempts'"
ok "its card moved to Lost" test "$(field "$acme" stage)" = Lost
ok "it leaves the queue" \
    sh -c "! CALLQ_NOW=$((t + 9 * 7200)) '$bin' --db '$db' --as rep1 queue --all --limit 0 --format csv | cut -d, -f1 | grep -qx $acme"
ok "the timeline says so" sh -c "
    '$bin' --db '$db' timeline $acme --format csv | sed -n 2p |
    grep -q 'No answer, Qualified -> Lost, attempt 6, drop reason: No contact after 6 attempts, stage: Lost'"
ok "the drop reason is a choice in the settings" sh -c "
    '$bin' --db '$db' choice list drop --format csv | tr -d '\\r' |
    grep -q ',No contact after 6 attempts,yes$'"

# The Settings pane shows the table, read only.
tm new-session -d -s a -x 100 -y 30 \
    "env TERM=screen '$bin' --db '$db'; sleep 600"
wait_for a "root \(admin\)" >/dev/null
tm send-keys -t a g s
wait_for a "No answer +key 1" >/dev/null
tm send-keys -t a Right Right Right Right Right Right Right
ok "seven tabs on from the dispositions, the values, with max_attempts" \
    wait_for a "max_attempts +6 +default"
tm send-keys -t a '['
ok "the outcomes show No answer on Qualified staying" \
    wait_for a "No answer +on Qualified +stays"
ok "and No answer on New moving to CNP" \
    wait_for a "No answer +on New +-> CNP"
tm send-keys -t a e
ok "they are read only there" wait_for a "The outcomes are read only here"
tm send-keys -t a Q
finish
