#!/bin/sh
# Twenty reps' screens and the command line logging calls on one database
# at once: every call logged is in the database and no screen shows an
# error. (make bench times the same floor's commits.)
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime

floor_db floor
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
for i in $(seq 1 20); do
	cq user add "rep$i" --role rep --region East >/dev/null
done
cq user add clirep --role rep --region East >/dev/null
# Each rep owns five leads; the command line works thirty more.
n=0
for i in $(seq 1 20) cli; do
	owner=rep$i
	[ "$i" = cli ] && owner=clirep
	k=5
	[ "$i" = cli ] && k=30
	for j in $(seq 1 $k); do
		n=$((n + 1))
		printf '%s,+1212736%04d,%s\n' "Lead $n" "$n" "$owner"
	done
done >"$scratch/leads"
while IFS=, read -r name phone owner; do
	cq lead add --name "$name" --phone "$phone" --region East \
	    --owner "$owner" >/dev/null
done <"$scratch/leads"

for i in $(seq 1 20); do
	tm new-session -d -s "r$i" -x 80 -y 24 "'$bin' --db '$db' --as rep$i; sleep 600"
done
for i in $(seq 1 20); do wait_for "r$i" "\\? Help" >/dev/null; done
ids=$(cq --as clirep queue --format csv | sed 1d | cut -d, -f1)
(
	for id in $ids; do
		cq --as clirep log "$id" --disposition Busy >/dev/null ||
		    echo "log $id failed" >>"$scratch/cli.err"
	done
) &
cli=$!
for round in 1 2 3 4 5; do
	for i in $(seq 1 20); do tm send-keys -t "r$i" l 1 Enter; done
done
wait $cli
ok "the command line logged every call it tried" test ! -s "$scratch/cli.err"
ok "all 130 calls are in the database" \
    eventually "test \$('$sq' '$db' 'SELECT count(*) FROM calls') -eq 130"
ok "each rep's five calls are theirs" \
    test "$("$sq" "$db" "SELECT count(DISTINCT user_id) FROM calls
        GROUP BY user_id HAVING count(*) = 5" | wc -l)" -eq 20
bad=0
for i in $(seq 1 20); do
	screen "r$i" | grep -Eq 'Not logged|rror|cannot' && bad=$((bad + 1))
	tm send-keys -t "r$i" q
done
ok "no screen shows an error" test "$bad" -eq 0
ok "every screen ends with its queue worked through" \
    test "$("$sq" "$db" "SELECT count(*) FROM leads WHERE status = 'CNP'")" -eq 130
finish
