#!/usr/bin/env bash
# Signals and crash safety, on the real binary: the explorer under SIGINT,
# SIGTERM, SIGHUP, SIGQUIT, SIGTSTP then SIGCONT, and a storm of resizes
# (SIGWINCH) leaves a sane terminal and the documented outcome (SIGTERM,
# SIGHUP and SIGQUIT end it by that signal, during the start-up load too);
# Ctrl-C cancels a :load that waits on a FIFO and the explorer goes on; a save killed between writing
# and renaming leaves the old file intact (a test build only: it needs the
# hook KLX_TEST_KILL_BEFORE_RENAME; meson says so with
# KLX_TEST_HOOKS_BUILT=1).
#
# usage: signals.sh path/to/klx
set -u

. "$(dirname "$0")/tmuxlib.sh"
tmux_setup sig "$@"

ENVS=("HOME=$WORK" "XDG_STATE_HOME=$WORK/state" "LC_ALL=C.UTF-8")
# The terminal's icanon and echo flags, as "FLAGS: icanon echo" when sane.
FLAGS_CMD="echo FLAGS: \$(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)')"
sane() { has_text "FLAGS: icanon echo"; }
pid_in() { [ -s "$1" ]; }

# start_tui: the explorer in a pane of its own; the shell records klx's
# pid in $WORK/pid, then becomes klx; afterwards the pane shows the exit
# status and the terminal's flags. Sets pid.
start_tui() {
    rm -f "$WORK/pid"
    start_cmd 100 30 "ulimit -c 0; sh -c 'echo \$\$ > $WORK/pid; exec $KLX --tui'; echo EXIT=\$?; $FLAGS_CMD; sleep 60" \
        "${ENVS[@]}"
    wait_text "KL(P||Q)"
    wait_until pid_in "$WORK/pid"
    pid=$(cat "$WORK/pid")
}

# SIGINT and SIGTERM quit the explorer and restore the terminal.
start_tui
check "explorer is up" has_text "0.126851"
kill -INT "$pid"
wait_text "FLAGS:"
check "SIGINT quits the explorer" has_text "EXIT="
check "terminal sane after SIGINT" sane

# SIGTERM, SIGHUP and SIGQUIT restore the terminal, save the command
# history, then end klx by that signal: a shell sees 128 + its number.
hist=$WORK/state/klx/history
for sig in TERM HUP QUIT; do
    start_tui
    type_line ":step 0.05  # before SIG$sig"
    wait_text "step 0.05"
    kill -$sig "$pid"
    wait_text "FLAGS:"
    check "SIG$sig quits the explorer" has_text "EXIT="
    check "terminal sane after SIG$sig" sane
    want=$((128 + $(kill -l $sig)))
    check "SIG$sig: ended by the signal (status $want)" has_text "EXIT=$want"
    check "SIG$sig: the history is saved" grep -q "before SIG$sig" "$hist"
done

# The same during the start-up load (a FIFO with no writer: klx waits in
# open() before the terminal is touched).
gone() { ! kill -0 "$1" 2>/dev/null; }
# wchan: where the process sleeps; wait_for_partner is a FIFO's open().
waits_for_fifo() { grep -qE 'wait_for_partner|fifo' "/proc/$1/wchan" 2>/dev/null; }
for sig in HUP TERM; do
    mkfifo "$WORK/start-$sig.fifo"
    env "${ENVS[@]}" "$KLX" --tui "$WORK/start-$sig.fifo" \
        </dev/null >/dev/null 2>&1 &
    bg=$!
    wait_until waits_for_fifo "$bg"
    kill -$sig "$bg"
    wait_until gone "$bg"
    wait "$bg"
    rc=$?
    want=$((128 + $(kill -l $sig)))
    check "SIG$sig during the start-up load: ended by the signal (status $want)" \
        test "$rc" -eq "$want"
done

# Ctrl-C during a :load that waits (a FIFO with no writer) cancels the
# load, keeps the session, and the explorer goes on.
mkfifo "$WORK/load.fifo"
start_tui
keys Right          # an edit that must survive
wait_text "0.110000"
type_line ":load $WORK/load.fifo"
wait_until waits_for_fifo "$pid"
keys C-c
check "Ctrl-C during a blocking :load cancels it with a message" \
    wait_text "load cancelled"
check "the explorer goes on after a cancelled load" \
    eval 'kill -0 "$pid" && ! has_text "EXIT="'
check "the session is unchanged by the cancelled load" \
    eval 'has_text 0.110000 && has_text "n=4"'
keys Left
check "keys work after the cancelled load" wait_text "0.100000"
keys q
wait_text "FLAGS:"
check "quit after a cancelled load: status 0, terminal sane" \
    eval 'has_text "EXIT=0" && sane'

# SIGTSTP, then fg. Job control needs an interactive shell: a stop signal
# sent to an orphaned process group is discarded by the kernel.
stopped() { [ "$(cut -d')' -f2 "/proc/$1/stat" | awk '{print $1}')" = T ]; }
start 100 30 "${ENVS[@]}"
rm -f "$WORK/pid2"
type_line "sh -c 'echo \$\$ > $WORK/pid2; exec $KLX --tui'"
wait_text "KL(P||Q)"
wait_until pid_in "$WORK/pid2"
pid=$(cat "$WORK/pid2")
keys Right          # an edit that must survive
wait_text "0.110000"
kill -TSTP "$pid"
check "SIGTSTP stops the explorer" wait_until stopped "$pid"
type_line "$FLAGS_CMD"
wait_for "^FLAGS: "
check "while stopped, the terminal is sane" sane
type_line "clear; fg"
wait_text "0.110000"
check "fg (SIGCONT) resumes with a full redraw and the edit kept" \
    eval 'has_text 0.110000 && has_text "KL(P||Q)"'
keys q y            # the edit exists nowhere else: q asks, y quits
wait_until gone "$pid"
type_line "$FLAGS_CMD"
wait_for "^FLAGS: "
check "quit after resume leaves a sane terminal" sane

# A storm of resizes and SIGWINCH.
start_tui
for i in $(seq 0 59); do
    tm resize-window -t "$T" -x $((40 + (i * 7) % 90)) -y $((8 + (i * 5) % 30))
    kill -WINCH "$pid"
done
for i in $(seq 200); do kill -WINCH "$pid"; done
tm resize-window -t "$T" -x 100 -y 30
wait_for '^─{100}$'   # redrawn at the final size
keys Right
wait_text "0.110000"
check "after a resize storm the explorer redraws and edits" \
    eval 'has_text 0.110000 && has_text "KL(P||Q)"'
check "still running after the storm" kill -0 "$pid"
keys q y            # q asks about the edit, y quits
wait_text "FLAGS:"
check "terminal sane after the storm" sane

# A save killed between writing and renaming leaves the old file intact.
if [ "${KLX_TEST_HOOKS_BUILT:-0}" = 1 ]; then
    path=$WORK/mine.csv
    klx_env() { env "${ENVS[@]}" "$@"; }
    printf 'save %s\n' "$path" | klx_env "$KLX" --repl >/dev/null 2>&1
    cp "$path" "$WORK/before.csv"
    printf 'set p 1 0.5\nsave %s\n' "$path" |
        klx_env KLX_TEST_KILL_BEFORE_RENAME=1 "$KLX" --repl >/dev/null 2>&1
    rc=$?
    check "the save was killed" test "$rc" -eq $((128 + 9))
    check "a save killed before the rename leaves the old file intact" \
        cmp -s "$path" "$WORK/before.csv"
    check "and it still loads" eval 'klx_env "$KLX" --json "$path" >/dev/null'
else
    echo "# crash-safe save skipped: it needs a test build" \
         "(meson setup -Dtest_hooks=true)"
fi

summary
