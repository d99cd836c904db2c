#!/usr/bin/env bash
# The explorer and the REPL in Chinese and in English, through tmux:
# LANG=zh_CN.UTF-8 (or --lang zh_CN) shows the header, the status line,
# the help and the quit question in Chinese, numbers still with '.', at
# 80x24 and 100x30, and the REPL's banner, lesson prompt and script errors
# in Chinese; LANG=C.UTF-8 shows them in English as before.
#
# usage: tui_i18n.sh path/to/klx
set -u

. "$(dirname "$0")/../e2e/tmuxlib.sh"
tmux_setup tui-i18n "$@"

# Every row of the screen is at most COLS columns wide (a wide character
# counted as two) and the screen has ROWS rows: nothing spilled over.
fits() {  # fits COLS ROWS
    screen | python3 -c '
import sys, unicodedata
cols, rows = int(sys.argv[1]), int(sys.argv[2])
lines = sys.stdin.read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                  for c in s)
sys.exit(0 if len(lines) <= rows and all(w(l) <= cols for l in lines)
         else 1)' "$1" "$2"
}

# The last row of the screen (the status line).
status_row() { screen | tail -n 1; }
status_has() { status_row | grep -Eq -- "$1"; }

for size in "80 24" "100 30"; do
    cols=${size% *}; rows=${size#* }
    # 80x24 by the environment, 100x30 by --lang in a C.UTF-8 one.
    if [ "$cols" = 80 ]; then
        start "$cols" "$rows" LANG=zh_CN.UTF-8
        run_klx
    else
        start "$cols" "$rows"
        run_klx --lang zh_CN
    fi
    at="at ${cols}x${rows}"
    check "Chinese header $at" \
        wait_for '^ klx  n=4  底 e \(nats\)  编辑 P  步长 0\.01'
    check "Chinese column heading $at" has '^  条目  P  条 0\.\.0\.5'
    check "Chinese panel, numbers with '.' $at" \
        has '负项 \(2\) +-0\.150408 +负项 \(1\) +-0\.138629'
    check "KL totals with '.' $at" has '^ KL\(P\|\|Q\) = 0\.126851 nats  ◀ 较大'
    check "Chinese status line $at" wait_until status_has '\? 帮助  q 退出$'
    check "nothing wider than the screen $at" fits "$cols" "$rows"
    keys '?'
    check "Chinese help $at" wait_for '^ klx 帮助  \(Esc 或 q 关闭\)'
    check "help's keys in Chinese $at" has '^  Tab  +在编辑 P 和 Q 之间切换'
    check "help's pager line in Chinese $at" \
        has '^ 第 1-[0-9]+ 行，共 [0-9]+ 行'
    check "the help fits $at" fits "$cols" "$rows"
    keys q
    wait_gone '^ klx 帮助' >/dev/null
    keys Right q
    check "Chinese quit question $at" wait_for '仍要退出吗？\(y/n\)'
    check "the question fits $at" fits "$cols" "$rows"
    keys n
    check "n keeps the explorer $at" wait_gone '仍要退出吗'
    keys q y
    check "y quits $at" wait_for "$PROMPT_RE"
done

# The same screens in English (LANG=C.UTF-8): unchanged.
start 80 24
run_klx
check "English header" \
    wait_for '^ klx  n=4  base e \(nats\)  editing P  step 0\.01  mouse$'
check "English status line" wait_until status_has '\? help  q quit$'
check "English panel" has '^   negative terms \(2\)   -0\.150408'
keys '?'
check "English help" wait_for '^ klx help  \(Esc or q closes\)'
keys q
wait_gone '^ klx help' >/dev/null
keys Right q
check "English quit question" wait_for 'Your edits are saved nowhere\. Quit anyway\? \(y/n\)'
keys y
check "y quits in English" wait_for "$PROMPT_RE"

# The REPL on a terminal: its banner and a lesson's prompt.
start 80 24 LANG=zh_CN.UTF-8
run_klx --repl --tour
check "Chinese REPL banner" \
    wait_for '^klx [^ ]+，KL 散度浏览器界面：`help` 列出命令，$'
check "Chinese lesson prompt" wait_for '^klx 课程 1/9> ?$'
type_line quit
wait_for "$PROMPT_RE" >/dev/null
start 80 24
run_klx --repl
check "English REPL banner" \
    wait_for '^klx [^ ]+, the KL divergence explorer: `help` lists the commands,$'
type_line quit
wait_for "$PROMPT_RE" >/dev/null

# A script's error, its line and the message translated.
nul_error() {  # nul_error LANG
    printf 'p 0.5 0.5\nq 0.5\0 0.5\n' |
        LANG=$1 LC_ALL= LANGUAGE= "$KLX" --repl 2>&1 >/dev/null
}
err=$(nul_error zh_CN.UTF-8)
check "Chinese script error" [ "$err" = \
    "klx: 第 2 行：脚本中有 NUL 字节（提示：脚本是文本，每行一条命令）" ]
err=$(nul_error C.UTF-8)
check "English script error" [ "$err" = \
    "klx: line 2: NUL byte in the script (hint: scripts are text, one command per line)" ]

summary
