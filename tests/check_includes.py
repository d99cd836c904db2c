#!/usr/bin/env python3
"""No include cycles between the modules of core/.

A module is a .c/.h pair named for its noun (X_internal.h belongs to X;
the command language's groups, command_GROUP.c/.h, belong to command: its
table names their handlers and they take its struct command).
Module A depends on B when a file of A includes "B.h". The dependencies
must form no cycle, so that every module can be read, tested and linked
on top of the ones it names. Usage: check_includes.py CORE_DIR
"""
import os
import re
import sys


def module(name):
    base = os.path.splitext(name)[0]
    if base.startswith('command_'):
        return 'command'
    return base[:-len('_internal')] if base.endswith('_internal') else base


def graph(core):
    deps = {}
    for name in sorted(os.listdir(core)):
        if not name.endswith(('.c', '.h')):
            continue
        with open(os.path.join(core, name), encoding='utf-8') as f:
            text = f.read()
        m = module(name)
        for inc in re.findall(r'^\s*#\s*include\s+"([^"]+)\.h"', text, re.M):
            n = module(os.path.basename(inc))
            if n != m and os.path.exists(os.path.join(core, inc + '.h')):
                deps.setdefault(m, set()).add(n)
    return deps


def find_cycle(deps):
    state = {}   # absent: not seen, 1: on the path, 2: done
    path = []

    def visit(m):
        state[m] = 1
        path.append(m)
        for n in sorted(deps.get(m, ())):
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(deps):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def main():
    core = sys.argv[1]
    cycle = find_cycle(graph(core))
    if cycle:
        print('include cycle in core/: ' + ' -> '.join(cycle))
        return 1
    print('core/: no include cycles')
    return 0


if __name__ == '__main__':
    sys.exit(main())
