#!/usr/bin/env bash
# The interactive REPL on a real terminal (tmux): prompt, tab completion,
# Ctrl-C clears the line, Ctrl-D quits, history kept across runs, and the
# terminal left sane; also after SIGTERM, SIGHUP and SIGQUIT (klx ends by
# the signal, history saved), across Ctrl-Z and fg (prompt redrawn, keys
# work), and around `load -` (one Ctrl-D ends it, Ctrl-C cancels it).
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

ENVS=("HOME=$WORK" "XDG_STATE_HOME=$STATE" "LC_ALL=C.UTF-8")
FLAGS_CMD="echo FLAGS: \$(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)')"
# The last line with text on screen is exactly $1.
last_line_is() { [ "$(screen | sed '/^ *$/d' | tail -n 1)" = "$1" ]; }
last_flags_sane() {
    [ "$(screen | grep '^FLAGS: ' | tail -n 1)" = "FLAGS: icanon echo" ]
}
pid_in() { [ -s "$1" ]; }

# SIGTERM, SIGHUP and SIGQUIT while readline holds the terminal: the
# terminal is restored, the history saved, and klx ends by the signal.
for sig in TERM HUP QUIT; do
    rm -f "$WORK/pid"
    start_cmd 100 40 "cd '$WORK' && ulimit -c 0; sh -c 'echo \$\$ > $WORK/pid; exec $KLX --repl'; echo EXIT=\$?; $FLAGS_CMD; sleep 60" \
        "${ENVS[@]}"
    wait_text "klx>"
    wait_until pid_in "$WORK/pid"
    type_line "kl  # before SIG$sig"
    wait_text "asymmetry"
    keys "set p"             # a line being typed
    wait_text "klx> set p"
    kill -$sig "$(cat "$WORK/pid")"
    wait_text "FLAGS:"
    want=$((128 + $(kill -l $sig)))
    check "SIG$sig: klx ends by the signal (status $want)" has_text "EXIT=$want"
    check "SIG$sig: the terminal is sane afterwards" last_flags_sane
    check "SIG$sig: the history is saved" grep -q "before SIG$sig" "$hist"
done

# `load -` on the terminal ends at one Ctrl-D; Ctrl-C cancels it.
pane_cooked() {   # the load reads the terminal in canonical mode
    stty -F "$(tm display -p -t "$T" '#{pane_tty}')" -a 2>/dev/null |
        grep -qE '(^|[ ;])icanon'
}
start_repl
wait_text "klx>"
type_line "load -"
wait_until pane_cooked
keys "a,1,2" Enter "b,2,1" Enter C-d
wait_text "loaded 2 entries from -"
check "load - on a terminal ends at one Ctrl-D" wait_until last_line_is "klx>"
type_line "load -"
wait_until pane_cooked
keys "c,5,5" Enter C-c
check "Ctrl-C cancels load - with a message" \
    wait_for '^klx: load: <stdin>: load cancelled; nothing changed'
keys kl Enter
check "after the cancelled load the REPL goes on, table unchanged" \
    wait_text "KL(P||Q) = 0.231049"
keys C-d
wait_text "EXIT="
check "then Ctrl-D quits with status 0" has_text "EXIT=0"

# Ctrl-Z gives the shell a sane terminal; fg redraws the prompt with the
# line so far, and readline's keys work again (no double echo, Up recalls
# the history instead of printing ^[[A).
start 100 40 "${ENVS[@]}"
run_klx --repl
wait_text "klx>"
keys "set p 1"
wait_text "klx> set p 1"
keys C-z
check "Ctrl-Z stops the REPL" wait_text "Stopped"
type_line "$FLAGS_CMD"
wait_for "^FLAGS: "
check "while stopped, the terminal is sane" last_flags_sane
type_line "clear; fg"
check "fg redraws the prompt and the line so far" \
    wait_until last_line_is "klx> set p 1"
keys " 0.5" Enter
check "the line goes on where it was after fg" \
    eval 'wait_text 0.273233 && has "^klx> set p 1 0\.5$"'
type_line swap
wait_text "klx> swap"
check "typing echoes once after fg" hasnt "swapswap"
keys Up
check "Up recalls the history after fg (no ^[[A)" \
    eval 'wait_until last_line_is "klx> swap" && ! has_text "^[[A"'
keys C-u C-d
wait_for "$PROMPT_RE"
type_line "$FLAGS_CMD"
wait_for "^FLAGS: "
check "Ctrl-D after a resume leaves a sane terminal" last_flags_sane

# Output that cannot be written ends the session with the reason. (Keys
# typed before readline starts wait in the terminal: nothing is lost.)
start_cmd 100 40 \
    "cd '$WORK' && '$KLX' --repl > /dev/full; echo EXIT=\$?; sleep 60" \
    "HOME=$WORK" "XDG_STATE_HOME=$STATE" "LC_ALL=C.UTF-8"
keys kl Enter
wait_text "EXIT="
check "stdout is /dev/full: says so" \
    has_text "klx: cannot write output: No space left on device"
check "stdout is /dev/full: exit 1" has_text "EXIT=1"

# Ctrl-C during a long fit (2*10^5 entries, the most `fit` takes) cancels
# the fit and nothing else: the session is unchanged, the REPL goes on.
awk 'BEGIN { print "p,q"; n = 200000
             for (i = 0; i < n; i++) { a = (i / n - 0.3) / 0.05; b = (i / n - 0.75) / 0.08
                 printf "%.10g,1\n", exp(-a * a / 2) + 0.6 * exp(-b * b / 2) + 1e-4 } }' \
    > "$WORK/fit.csv"
start_cmd 100 40 "cd '$WORK' && '$KLX' --repl fit.csv; echo EXIT=\$?; sleep 60" \
    "${ENVS[@]}"
wait_text "klx>" 30
kl_lines() { screen | grep '^KL(' | tail -n 2; }
before=$(kl_lines)
type_line "fit geom both"
sleep 0.15   # let the fit start: a Ctrl-C before it would only clear the line
keys C-c
wait_text "cancelled" 30
check "Ctrl-C cancels a running fit" \
    has_text "klx: fit: cancelled, nothing changed"
check "the cancelled fit printed nothing" hasnt "geom fit"
keys C-l
type_line kl
wait_text "asymmetry" 10
check "the session is unchanged after the cancelled fit" \
    eval '[ -n "$before" ] && [ "$(kl_lines)" = "$before" ]'
type_line quit
wait_text "EXIT=" 10
check "after a cancelled fit the REPL goes on and quits with 0" has_text "EXIT=0"

# --repl --tour: the banner first, then lesson 1; the prompt names the
# lesson and follows next, and goes back to klx> when the tour ends.
start_repl_tour() {
    start_cmd 100 40 \
        "cd '$WORK' && '$KLX' --repl --tour; echo EXIT=\$?; sleep 60" \
        "HOME=$WORK" "XDG_STATE_HOME=$STATE" "LC_ALL=C.UTF-8"
}
start_repl_tour
wait_text "klx lesson 1/" 10
banner_first() {
    local b l
    b=$(screen | grep -n 'the KL divergence explorer' | head -n 1 | cut -d: -f1)
    l=$(screen | grep -n '^lesson 1/' | head -n 1 | cut -d: -f1)
    [ -n "$b" ] && [ -n "$l" ] && [ "$b" -lt "$l" ]
}
check "--repl --tour: the banner before lesson 1" banner_first
check "--repl --tour: the prompt shows the lesson" wait_for '^klx lesson 1/[0-9]+> ?$'
type_line next
check "next: the prompt follows the lesson" wait_for '^klx lesson 2/[0-9]+> ?$'
type_line "tour end"
check "tour end: the prompt is klx> again" wait_for '^klx> ?$'
type_line quit
wait_text "EXIT=" 10

summary
