#!/usr/bin/env bash
# Runs representative REPL scripts (every command, load/save, undo/redo,
# failing commands) and the report/JSON modes under valgrind's memcheck,
# and fails on any memory error or definite leak.
# Usage: valgrind_repl.sh PATH/TO/klx PATH/TO/data
set -uo pipefail
klx=$(realpath "$1")
data=$(realpath "$2")
tmp=$(mktemp -d /tmp/klx-valgrind-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cp "$data/seed.csv" seed.csv
export HOME=$tmp XDG_STATE_HOME=$tmp/state LC_ALL=C.UTF-8 COLUMNS=80

passed=0 failed=0
# vg NAME EXPECTED-STATUS STDIN-FILE KLX-ARGS...
vg() {
    local name=$1 want=$2 input=$3
    shift 3
    local log=$tmp/vg-$passed-$failed.log
    valgrind --quiet --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --show-leak-kinds=definite \
        --track-origins=yes --log-file="$log" \
        "$klx" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [[ $rc == "$want" && ! -s $log ]]; then
        passed=$((passed + 1))
        echo "ok - $name (exit $rc, valgrind clean)"
    else
        failed=$((failed + 1))
        echo "not ok - $name: exit $rc, wanted $want"
        sed 's/^/# /' "$log" "$tmp/err" | head -80
    fi
}

cat >all.txt <<'SCRIPT'
# every command, in a session that loads, edits, saves and reloads
help
help set
p 0.1 0.2 0.7
q 1,1,1
labels x y "z z"
set p 2 0.5
set q "z z" 0
add w 0.1 0.2
del 1
swap
uniform q
normalize
kl
show
terms
json
base 2
base bans
base nats
load seed.csv
set p a 0.25
save out.csv
p 1 2 3 4 5 6
load out.csv
save
undo
undo
redo
p 0.5 0.5 0
q 0.25 0.25 0.5
show
json
joint 2 2 0.4 0.1 0.1 0.4
joint
joint set x1 y2 0
joint json
joint kl
undo
undo
redo
joint copy 3
joint noisy 0.1
joint indep
joint save joint.csv
joint load joint.csv
joint export joint.md
joint export joint.svg
help joint
quit
SCRIPT

cat >errors.txt <<'SCRIPT'
bogus
set
set p 9 0.5
set x 1 0.5
set p 1 1.5
p nan 1
p 0,5 0,5
p 0 0
labels a
labels a a b c
labels "open
add a 0.1 0.1
add e 2 0
del 99
base 3
load nope.csv
load .
load bad.csv
save /nonexistent/x.csv
help bogus
redo
swap now
joint
joint indep
joint 10000 10000
joint 2 2 1 2 3
joint 2 2 0 0 0 0
joint load bad.csv
joint load ragged.csv
joint 2 2 1 2 3 4
joint set 9 1 0.5
joint frob
kl
SCRIPT
printf 'label,p,q\na,1,1\nb,x,1\n' >bad.csv
printf 'x/y,a,b\nr,1,2\ns,1\n' >ragged.csv

: >empty.txt
# 201 edits: the undo history drops its oldest step (SESSION_UNDO_LIMIT).
for i in $(seq 1 201); do echo "set p 1 0.$((i % 9 + 1))"; done >long.txt
printf 'undo\nundo\nredo\nkl\n' >>long.txt

vg "every command, load/save/undo/redo" 0 all.txt --repl
vg "failing commands (--keep-going)" 1 errors.txt --repl --keep-going
vg "first failing command stops the script" 1 errors.txt --repl
vg "201 edits and the undo limit" 0 long.txt --repl
vg "report of a file" 0 empty.txt --report seed.csv
vg "JSON from -p/-q" 0 empty.txt --json -p "0.5 0.5 0" -q "1 2 3"
vg "bad file" 1 empty.txt --json bad.csv
vg "bad list" 1 empty.txt --report -p "1 nan"
vg "bad usage" 2 empty.txt --bogus

echo "$passed passed, $failed failed"
((failed == 0))
