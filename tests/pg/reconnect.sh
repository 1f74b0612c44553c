#!/bin/sh
# A PostgreSQL server that goes away and comes back: a rep's TUI session
# says so in one line, keeps its screen and its open quick-log, and logs
# the call once when the server answers again; its session killed by an
# admin (pg_terminate_backend) it comes back by itself; `callq log`
# during the outage fails with one sentence and works after. The test
# runs a server of its own (tests/pg/server.sh), which it stops and
# starts.
. "$(dirname "$0")/../lib.sh"
export CALLQ_NOW=$daytime LANG=C.UTF-8
unset LC_ALL

pg_server_own "reconnecting to PostgreSQL"
dir=$(sed -n 's/^dir=//p' "$pg_state")
pg_ctl() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" "$@"
	else
		"$PGBIN/pg_ctl" -D "$dir/data" "$@"
	fi >/dev/null 2>&1
}
server_stop() { pg_ctl -m fast -w -t 120 stop; }
server_start() { pg_ctl -l "$dir/server.log" -w -t 180 start; }

driver=pg
floor_db reconnect
cq() { "$bin" --db "$db" "$@"; }
cq init >/dev/null
cq region add East --country US >/dev/null
cq user add rep1 --role rep --region East >/dev/null
cq lead add --name "Acme Bakery" --phone +12125550101 --region East \
    --owner rep1 >/dev/null
cq lead add --name "Bright Cafe" --phone +12125550102 --region East \
    --owner rep1 >/dev/null
acme=$(cq lead list --search Acme --format csv | sed -n 2p | cut -d, -f1)
bright=$(cq lead list --search Bright --format csv | sed -n 2p | cut -d, -f1)
calls() { "$sq" "$db" "SELECT count(*) FROM calls WHERE lead_id = $1"; }
# The backends of callq's sessions on the floor, one pid a line.
backends() {
	echo "SELECT pid FROM pg_stat_activity WHERE application_name =
	    'callq' AND datname = '${db##*dbname=}' ORDER BY pid" | pg_su
}

tm new-session -d -s ui -x 120 -y 30 \
    "env TERM=screen '$bin' --db '$db' --as rep1; echo EXIT=\$? >'$scratch/ui.exit'; sleep 600"
ok "the TUI shows rep1's queue" wait_for ui "Acme Bakery"

# 1. An admin ends the TUI's session: it reconnects by itself, with its
# LISTEN, and shows what another session adds.
within sh -c "[ -n \"\$(echo \"SELECT 1 FROM pg_stat_activity WHERE application_name = 'callq'\" | psql -X -q -At -d '$CALLQ_TEST_PG dbname=postgres')\" ]"
old=$(backends)
echo "SELECT pg_terminate_backend(pid, 20000) FROM pg_stat_activity
    WHERE application_name = 'callq'" | pg_su >/dev/null
ok "the TUI's session killed, a new one is made by itself" \
    eventually "[ -n \"\$(echo \"SELECT pid FROM pg_stat_activity WHERE application_name = 'callq' AND pid NOT IN (${old:-0})\" | psql -X -q -At -d '$CALLQ_TEST_PG dbname=postgres')\" ]"
cq lead add --name "Corner Deli" --phone +12125550103 --region East \
    --owner rep1 >/dev/null
ok "... which hears another session's change: the new lead is shown" \
    wait_for ui "Corner Deli"
ok "... and nothing was said about the server" hides ui "does not answer"

# 2. The server stops, with the quick-log open on a lead.
tm send-keys -t ui l
wait_for ui "1 No answer" >/dev/null
server_stop
ok "the server stopped, the TUI says so in one line" \
    wait_for ui "The database server does not answer; callq keeps this screen and reconnects when it does\."
ok "... keeping the queue on screen" shows ui "Bright Cafe"
ok "... and the quick-log open" shows ui "1 No answer"

"$bin" --db "$db" --as rep1 log "$bright" --disposition "No answer" \
    >"$scratch/out" 2>"$scratch/err"
rc=$?
ok "callq log during the outage fails with status 69 (unavailable)" \
    test "$rc" -eq 69
ok "... in one line, saying it cannot connect" sh -c "
    test \$(wc -l <'$scratch/err') -eq 1 &&
    grep -q '^callq: cannot connect to the PostgreSQL database: ' '$scratch/err'"
ok "... with nothing on its standard output" test ! -s "$scratch/out"
tm send-keys -t ui 1 Enter
ok "saving the quick-log then says why it was not logged" \
    wait_for ui "Not logged: the database server went away while"
ok "... and keeps it open, its disposition picked" shows ui "No answer\. Note"

# 3. The server answers again: the screen comes back, the call is logged
# once.
server_start
ok "the server back, the TUI says so" \
    wait_for ui "The database server answers again\."
ok "... and the quick-log is still open" shows ui "No answer\. Note"
tm send-keys -t ui Enter
ok "the call is logged from the quick-log kept open" \
    eventually "[ \"\$('$sq' '$db' 'SELECT count(*) FROM calls WHERE lead_id = $acme')\" = 1 ]"
ok "... the quick-log is closed" wait_gone ui "1 No answer"
ok "callq log works again" sh -c "'$bin' --db '$db' --as rep1 log $bright \
    --disposition 'No answer' >/dev/null"
ok "each lead has its one call" test "$(calls "$acme") $(calls "$bright")" = "1 1"
ok "... and one audit row each" test "$("$sq" "$db" "SELECT count(*) FROM
    audit WHERE action = 'log'")" = 2
tm send-keys -t ui Q
ok "the session ends cleanly" \
    eventually "grep -qx 'EXIT=0' '$scratch/ui.exit' 2>/dev/null"
finish
