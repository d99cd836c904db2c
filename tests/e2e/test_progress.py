#!/usr/bin/env python3
"""The startup load's progress line: on a terminal's stderr (a pty here)
"klx: loading FILE: N%" rewritten in place and erased at the end; nothing
when stderr is a pipe. A load is not reliably slower than the half second
after which the line appears, so the test sets KLX_TEST_PROGRESS_ALWAYS=1
(a test-only knob: the line appears from the start). Usage:
test_progress.py PATH/TO/klx"""
import os
import pty
import shutil
import subprocess
import sys
import tempfile

KLX = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="klx-progress-")
ENV = dict(os.environ, HOME=TMP, LC_ALL="C.UTF-8")
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"not ok - {name}\n# {detail!r}"[:2000])


def run_tty_stderr(args, env):
    """Runs klx with stdout on a pipe and stderr on a pty; returns
    (status, stdout, stderr bytes)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([KLX] + args, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:      # EIO: the child closed the pty
            break
        if not chunk:
            break
        err += chunk
    out = p.stdout.read()
    p.wait(timeout=120)
    os.close(master)
    return p.returncode, out, err


def visible(data):
    """What a terminal shows on the last line after the \\r rewrites."""
    line = []
    col = 0
    for ch in data.decode("utf-8", "replace").replace("\r\n", "\n"):
        if ch == "\r":
            col = 0
        elif ch == "\n":
            line, col = [], 0
        else:
            if col < len(line):
                line[col] = ch
            else:
                line.append(ch)
            col += 1
    return "".join(line).rstrip()


def main():
    big = os.path.join(TMP, "big.csv")
    with open(big, "w") as f:
        f.write("label,p,q\n")
        f.writelines(f"e{i},{i % 7 + 1},{i % 5 + 1}\n" for i in range(300000))
    small = os.path.join(TMP, "small.csv")
    with open(small, "w") as f:
        f.write("p,q\n1,2\n3,4\n")
    always = dict(ENV, KLX_TEST_PROGRESS_ALWAYS="1")

    rc, out, err = run_tty_stderr(["--json", "--top", "1", big], always)
    check("a big load on a terminal: status 0, JSON on stdout",
          rc == 0 and out.startswith(b"{"), (rc, out[:200], err))
    check("the progress line names the file and a percentage",
          f"klx: loading {big}: ".encode() in err and b"100%" in err, err)
    check("it is rewritten in place with \\r, never a new line",
          err.startswith(b"\r") and b"\n" not in err, err)
    check("and erased when the load is done", visible(err) == "", err)

    rc, out, err = run_tty_stderr(["--json", small], always)
    check("a small load shows nothing", rc == 0 and err == b"", err)

    rc, out, err = run_tty_stderr(["--json", small], ENV)
    check("without the knob a quick load shows nothing",
          rc == 0 and err == b"", err)

    p = subprocess.run([KLX, "--json", "--top", "1", big], env=always,
                       capture_output=True, timeout=120)
    check("stderr on a pipe: no progress, even with the knob",
          p.returncode == 0 and p.stderr == b"", p.stderr)

    evil = os.path.join(TMP, "big\x1b]0;PWNED\x07.csv")
    os.rename(big, evil)
    rc, out, err = run_tty_stderr(["--json", "--top", "1", evil], always)
    check("a file name's control characters are shown as '?'",
          rc == 0 and b"\x1b" not in err and b"\x07" not in err and
          f"klx: loading {TMP}/big?]0;PWNED?.csv: ".encode() in err, err)
    os.rename(evil, big)

    bad = os.path.join(TMP, "bad.csv")
    with open(big) as f, open(bad, "w") as g:
        g.write(f.read() + "oops,1\n")
    rc, out, err = run_tty_stderr(["--json", bad], always)
    text = visible(err.rstrip(b"\r\n"))
    check("a failed load erases the line before its error",
          rc == 1 and text.startswith(f"klx: {bad}:300002:") and
          "loading" not in text, err)


try:
    main()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
