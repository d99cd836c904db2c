#!/usr/bin/env python3
"""The README's key and command tables and the man page come from klx's two
tables (the command table and the binding table, through klx-doc): this
fails when the README's copies between their markers differ from what
klx-doc prints, and checks that the man page has every command and key.

usage: check_docs.py path/to/klx-doc README.md [--update]
(--update rewrites the README's tables instead of checking them.)
"""
import re
import shutil
import subprocess
import sys

SECTIONS = [("keys", "<!-- keys:begin (made by klx-doc keys) -->",
             "<!-- keys:end -->"),
            ("commands", "<!-- commands:begin (made by klx-doc commands) -->",
             "<!-- commands:end -->")]


def doc(tool, what):
    return subprocess.run([tool, what], check=True, capture_output=True,
                          text=True).stdout


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    tool, readme = sys.argv[1], sys.argv[2]
    update = len(sys.argv) == 4 and sys.argv[3] == "--update"
    text = open(readme, encoding="utf-8").read()
    failed = 0
    n = 0
    for what, begin, end in SECTIONS:
        n += 1
        want = doc(tool, what)
        m = re.search(re.escape(begin) + r"\n(.*?)" + re.escape(end), text,
                      re.S)
        if not m:
            print(f"not ok {n} - README has the {what} table between "
                  f"{begin} and {end}")
            failed += 1
            continue
        if update:
            text = text[:m.start(1)] + want + text[m.end(1):]
            print(f"ok {n} - {what} table rewritten")
        elif m.group(1) == want:
            print(f"ok {n} - README's {what} table is what klx-doc makes")
        else:
            print(f"not ok {n} - README's {what} table differs from "
                  f"`klx-doc {what}` (run tests/tui/check_docs.py "
                  f"build/klx-doc README.md --update)")
            for a, b in zip(m.group(1).splitlines(), want.splitlines()):
                if a != b:
                    print(f"#   README:  {a}\n#   klx-doc: {b}")
                    break
            failed += 1
    if update:
        open(readme, "w", encoding="utf-8").write(text)

    man = doc(tool, "man")
    n += 1
    commands = [line.split("`")[1].split()[0]
                for line in doc(tool, "commands").splitlines()
                if line.startswith("| `")]
    keys = [line.split(" | ")[0][2:]
            for line in doc(tool, "keys").splitlines()[2:]]
    missing = [c for c in commands if f".B {c}" not in man] + \
              [k for k in keys if f".B {k.replace('-', chr(92) + '-')}"
               not in man]
    if man.startswith(".TH KLX 1") and not missing and len(commands) > 30:
        print(f"ok {n} - the man page has all {len(commands)} commands "
              f"and {len(keys)} key rows")
    else:
        print(f"not ok {n} - the man page misses {missing}")
        failed += 1
    n += 1
    groff = shutil.which("groff")
    if groff:
        r = subprocess.run([groff, "-man", "-ww", "-z"], input=man,
                           capture_output=True, text=True)
        if r.returncode == 0 and not r.stderr:
            print(f"ok {n} - groff reads the man page without a warning")
        else:
            print(f"not ok {n} - groff: {r.stderr.strip()}")
            failed += 1
    else:
        print(f"ok {n} # SKIP groff not installed")
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
