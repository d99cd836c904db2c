#!/usr/bin/env bash
# The explorer's tour in Chinese on a real terminal (tmux): at 80x24 and
# 100x30 the first step's Chinese caption (data/lessons/zh_CN/tour.md) is
# shown whole, no line is wider than the terminal (a Chinese character
# takes two columns), and `>` reaches step 2; in English the tour shows
# today's caption.
#
# usage: tui_lessons_zh.sh path/to/klx
set -u

. "$(dirname "$0")/../e2e/tmuxlib.sh"
tmux_setup tui-lessons-zh "$@"
LESSONS=$(cd "$(dirname "$0")/../../data/lessons" && pwd)

# The caption lines of step N (1-based) of a lesson file, as written.
caption() {
    awk -v want="$2" '/^## / { step++; next }
        step == want && NF && !/^[>?!#]/' "$1"
}

# Every line of the screen at most COLS display columns wide.
fits() {
    screen | python3 -c '
import sys, unicodedata
cols = int(sys.argv[1])
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                  for c in s)
sys.exit(any(w(l) > cols for l in sys.stdin.read().splitlines()))' "$1"
}

# All the lines of stdin on screen.
shows_all() {
    local line
    while IFS= read -r line; do
        has_text "$line" || return 1
    done
}

zh="$LESSONS/zh_CN/tour.md"
for size in "80 24" "100 30"; do
    at=${size/ /x}
    start $size LANG=zh_CN.UTF-8
    run_klx --tour
    if wait_text 'KL 散度不对称' && has '1/9'; then ok "zh_CN --tour at $at: step 1's Chinese heading"; else not_ok "zh_CN --tour at $at: step 1's Chinese heading"; fi
    check "zh_CN --tour at $at: step 1's Chinese caption whole" \
        shows_all < <(caption "$zh" 1)
    check "zh_CN --tour at $at: no line wider than $at" fits "${size% *}"
    keys '>'
    if wait_text '恰在 P = Q 时为 0' && has '2/9'; then ok "zh_CN --tour at $at: > reaches step 2"; else not_ok "zh_CN --tour at $at: > reaches step 2"; fi
    check "zh_CN --tour at $at: step 2's Chinese caption whole" \
        shows_all < <(caption "$zh" 2)
    check "zh_CN --tour at $at: still no line wider than $at" fits "${size% *}"
    keys Escape q
    wait_for "$PROMPT_RE" >/dev/null
done

start 80 24 LANG=C.UTF-8
run_klx --tour
if wait_for 'Lesson 1/9: KL is asymmetric'; then ok "C.UTF-8 --tour: the English step 1"; else not_ok "C.UTF-8 --tour: the English step 1"; fi
check "C.UTF-8 --tour: today's English caption" \
    shows_all < <(caption "$LESSONS/tour.md" 1)
check "C.UTF-8 --tour: the caption's first line as today" \
    has '^  KL\(P\|\|Q\) = 0\.1269 but KL\(Q\|\|P\) = 0\.1216 nats: the order matters\.$'
keys Escape q
wait_for "$PROMPT_RE" >/dev/null

summary
