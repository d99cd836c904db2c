#!/usr/bin/env bash
# The interactive REPL on a real terminal (tmux): prompt, tab completion,
# Ctrl-C clears the line, Ctrl-D quits, history kept across runs, and the
# terminal left sane.
#
# usage: repl_tty.sh path/to/klx
set -u

. "$(dirname "$0")/tmuxlib.sh"
tmux_setup repl "$@"

STATE=$WORK/state
# start_repl [ENV=VALUE...]: klx --repl in a pane of its own; afterwards
# the pane shows the exit status and the terminal's settings.
start_repl() {
    start_cmd 100 40 \
        "cd '$WORK' && '$KLX' --repl; echo EXIT=\$?; stty -a; sleep 60" \
        "HOME=$WORK" "XDG_STATE_HOME=$STATE" "LC_ALL=C.UTF-8" "$@"
}
# The last two lines with text: the abandoned line, then an empty prompt.
line_abandoned() {
    screen | sed '/^ *$/d' | tail -n 2 | tr '\n' '|' |
        grep -Eq 'abandoned.*\|klx> ?\|$'
}
sane_after_quit() {
    local s
    s=" $(screen | tr '\n' ' ') "
    [[ $s == *" icanon "* && $s == *" echo "* ]]
}

start_repl
wait_text "klx>"
check "prompt appears" has_text "klx>"
check "banner shows the totals" has_text "KL(P||Q) = 0.126851 nats"
keys swa Tab
check "tab completes a command" wait_text "klx> swap"
keys Enter
wait_text "KL(P||Q) = 0.121640 nats"
check "swap runs" has_text "KL(P||Q) = 0.121640 nats   KL(Q||P) = 0.126851"
# Arguments complete too (both are ambiguous here: nothing changes).
keys "base b" Tab
wait_text "klx> base b"
keys C-u "uniform " Tab
wait_text "klx> uniform"
keys C-u
wait_for '^klx> ?$'
keys "this line is abandoned"
wait_text "klx> this line is abandoned"
keys C-c
wait_until line_abandoned
keys kl Enter
wait_text "asymmetry: KL(P||Q) - KL(Q||P) = -0.005212"
check "Ctrl-C clears the line and the REPL goes on" \
    has_text "asymmetry: KL(P||Q) - KL(Q||P) = -0.005212"
check "the abandoned line did not run" hasnt "unknown command"
keys "set q 9 1" Enter
wait_text "no entry 9"
check "errors are shown, not fatal" has_text "klx: set: no entry 9"
keys C-d
wait_text "icanon"   # stty -a's local-flags line
check "Ctrl-D quits with status 0" has_text "EXIT=0"
check "terminal is sane after quitting" sane_after_quit
hist=$STATE/klx/history
hist_written() { grep -q swap "$hist" && grep -q kl "$hist"; }
hist_clean() { ! grep -q abandoned "$hist" 2>/dev/null; }
check "history file written" hist_written
check "abandoned line not in history" hist_clean

start_repl
wait_text "klx>"
keys Up
check "history recalled in a new run" wait_text "klx> set q 9 1"
keys C-u quit Enter
wait_text "EXIT="
check "quit exits 0" has_text "EXIT=0"

# A history that cannot be written is a warning, never fatal.
start_repl "XDG_STATE_HOME=/proc/klx-cannot-write-here"
wait_text "klx>"
keys kl Enter C-d
wait_text "EXIT="
check "unwritable history: a warning" has_text "warning: cannot save history"
check "unwritable history: still exit 0" has_text "EXIT=0"

summary
