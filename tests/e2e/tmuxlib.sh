# tmuxlib.sh: drives the real klx on a real terminal, for the tmux tests
# (tests/tui/tui_e2e.sh, tests/e2e/repl_tty.sh, tests/e2e/signals.sh).
# Sourced, after `set -u`; then:
#
#   tmux_setup NAME "$@"   # checks the usage (one argument: path/to/klx),
#                          # sets KLX and WORK (a scratch directory), starts
#                          # a private tmux server, cleans up on exit
#   start COLS ROWS [ENV=VALUE...]   # a fresh pane with an interactive shell
#   start_cmd COLS ROWS COMMAND [ENV=VALUE...]   # a fresh pane running COMMAND
#   run_klx ARGS... / keys KEYS... / screen / has RE / has_text TEXT
#   wait_for RE [SECONDS] / wait_text TEXT [SECONDS] / wait_gone RE [SECONDS]
#   wait_until COMMAND...  # polls until the command succeeds
#   check DESCRIPTION COMMAND... / ok DESCRIPTION / not_ok DESCRIPTION
#   summary                # the TAP plan and counts; its status is the result
#
# Every wait polls for a condition with a generous deadline, never a fixed
# sleep: under load a condition takes longer, and a passing test no longer.

# The deadline of a wait when none is given, in seconds.
WAIT_SECONDS=${WAIT_SECONDS:-10}

tmux_setup() {
    local name=$1; shift
    if [ $# -ne 1 ] || [ ! -x "$1" ]; then
        echo "usage: $0 path/to/klx" >&2
        exit 2
    fi
    KLX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
    command -v tmux >/dev/null ||
        { echo "1..0 # SKIP tmux not installed"; exit 77; }
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/klx-$name.XXXXXX")
    SOCK="klx-$name-$$"
    trap tmux_cleanup EXIT
    trap 'exit 130' INT TERM
    # A session that lives as long as the server: killing a test's session
    # then never empties the server, which would exit while the next
    # new-session connects to it (the old "shell did not start").
    tm new-session -d -s keeper -x 20 -y 5 "sleep 100000" || {
        echo "# cannot start tmux"; exit 1; }
    # A prompt nothing else on screen looks like.
    printf 'PS1="klx-e2e\\$ "\nunset PROMPT_COMMAND\n' > "$WORK/bashrc"
    echo "# klx: $KLX"
}

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }

passed=0
failed=0
n=0
T=t        # the tmux session of the current test
PROMPT_RE='^klx-e2e[$#] ?$'   # capture-pane drops trailing blanks

# end_session: kills what the pane still runs, then the session. Killing
# the session alone sends SIGHUP, and a sanitizer build of klx that is
# exiting at that moment can get it in the middle of LeakSanitizer's
# stop-the-world and spin forever (seen: an orphan at 65% of a core for an
# hour); SIGKILL has no such problem. (The pane's output, a leak report
# included, is not read by these tests.)
end_session() {
    local pid
    pid=$(tm display-message -p -t "$T" '#{pane_pid}' 2>/dev/null) &&
        [ -n "$pid" ] && pkill -KILL -P "$pid" 2>/dev/null
    tm kill-session -t "$T" >/dev/null 2>&1
}
tmux_cleanup() {
    end_session
    tm kill-server >/dev/null 2>&1
    rm -rf "$WORK"
}

ok() {
    n=$((n + 1)); passed=$((passed + 1))
    echo "ok $n - $1"
}
not_ok() {
    n=$((n + 1)); failed=$((failed + 1))
    echo "not ok $n - $1"
    echo "# screen:"
    screen | sed 's/^/#   |/'
}
check() {   # check DESCRIPTION COMMAND...: ok when the command succeeds
    local what=$1; shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}
summary() {
    echo "1..$n"
    echo "# $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

screen() { tm capture-pane -p -t "$T" 2>/dev/null; }

# has RE: the screen matches the extended regex now; has_text TEXT: the
# screen holds TEXT.
has() { screen | grep -Eq -- "$1"; }
has_text() { screen | grep -Fq -- "$1"; }

# wait_until COMMAND...: polls until the command succeeds, for at most
# WAIT_SECONDS (or $DEADLINE seconds when set).
wait_until() {
    local deadline=$((SECONDS + ${DEADLINE:-$WAIT_SECONDS}))
    while :; do
        "$@" && return 0
        if [ $SECONDS -gt "$deadline" ]; then
            echo "# gave up waiting for: $* (line ${BASH_LINENO[*]})" >&2
            return 1
        fi
        sleep 0.05
    done
}
# wait_for RE [SECONDS], wait_text TEXT [SECONDS]: until the screen shows
# it; wait_gone RE [SECONDS]: until it does not.
wait_for() { DEADLINE=${2:-$WAIT_SECONDS} wait_until has "$1"; }
wait_text() { DEADLINE=${2:-$WAIT_SECONDS} wait_until has_text "$1"; }
hasnt() { ! has "$1"; }
wait_gone() { DEADLINE=${2:-$WAIT_SECONDS} wait_until hasnt "$1"; }

# start_cmd COLS ROWS COMMAND [ENV=VALUE...]: a fresh pane running COMMAND
# (through the shell), with its own HOME and XDG_STATE_HOME, LANG=C.UTF-8
# and NO_COLOR empty, then the ENV given.
start_cmd() {
    local cols=$1 rows=$2 cmd=$3; shift 3
    end_session
    local home="$WORK/home-$n"
    mkdir -p "$home/state"
    local envs=(-e "HOME=$home" -e "XDG_STATE_HOME=$home/state"
                -e "LANG=C.UTF-8" -e "LC_ALL=" -e "NO_COLOR=")
    local e
    for e in "$@"; do envs+=(-e "$e"); done
    tm new-session -d -s "$T" -x "$cols" -y "$rows" "${envs[@]}" "$cmd" ||
        echo "# cannot start a tmux session"
}

# start COLS ROWS [ENV=VALUE...]: start_cmd with an interactive shell in
# WORK whose prompt is "klx-e2e$ "; returns when the prompt is there.
start() {
    local cols=$1 rows=$2; shift 2
    start_cmd "$cols" "$rows" \
        "cd '$WORK' && exec bash --rcfile '$WORK/bashrc' --noprofile -i" "$@"
    wait_for "$PROMPT_RE" 60 || echo "# shell did not start"
}

# run_klx ARGS...: types the command line into the shell.
run_klx() {
    tm send-keys -t "$T" -l "$KLX $*"
    tm send-keys -t "$T" Enter
}

# type_line TEXT: types TEXT literally, then Enter.
type_line() {
    tm send-keys -t "$T" -l "$1"
    tm send-keys -t "$T" Enter
}

keys() { tm send-keys -t "$T" "$@"; }
