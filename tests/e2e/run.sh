#!/bin/sh
# `make run` on a fresh home: builds, makes the demo in the default place
# and opens the TUI on it; q leaves with status 0.
. "$(dirname "$0")/../lib.sh"
sqlite_only "make run opens the embedded default, a SQLite file in the" \
    "home, whichever driver the other tests' floors are on"
export CALLQ_NOW=$daytime

home=$scratch/home
mkdir -p "$home"
tm new-session -d -s run -x 100 -y 30 \
    "cd '$top' && env -u XDG_DATA_HOME -u MAKEFLAGS -u MAKELEVEL HOME='$home' make --no-print-directory run; echo EXIT=\$? >'$scratch/run.exit'; sleep 600"
ok "make run opens the queue" wait_for run "My Queue \([0-9]+\+?\)"
ok "with lead rows on screen" \
    sh -c "test \$(tmux -L '$sock' capture-pane -p -t run | grep -Ec '\+(1|44) [0-9]') -ge 20"
ok "on the default database" \
    test -f "$home/.local/share/callq/callq.db"
tm send-keys -t run q
ok "q exits make run with status 0" \
    eventually "grep -qx 'EXIT=0' '$scratch/run.exit' 2>/dev/null"
finish
