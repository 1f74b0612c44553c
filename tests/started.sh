# kill_started DIR: kills what the sourcing script started, and nothing
# else: each tmux pane's process group (tmux makes each pane a session of
# its own) and the script's own background jobs; then its tmux server.
# Needs the script's tm; DIR takes a scratch file. Sourced, not run.
kill_started() {
	jobs -p >"$1/jobs"	# a subshell would have no jobs to list
	for p in $(tm list-panes -a -F '#{pane_pid}' 2>/dev/null); do
		/bin/kill -KILL -- "-$p" 2>/dev/null	# dash's kill takes no group
	done
	for p in $(cat "$1/jobs"); do
		kill -9 "$p" 2>/dev/null
	done
	tm kill-server 2>/dev/null
}
