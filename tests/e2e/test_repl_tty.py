#!/usr/bin/env python3
"""The interactive REPL on a real terminal (tmux): prompt, tab completion,
Ctrl-C clears the line, Ctrl-D quits, history kept across runs, and the
terminal left sane. Usage: test_repl_tty.py PATH/TO/klx"""
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

from e2elib import Checks, Tmux

KLX = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="klx-repl-")
ENV = dict(os.environ, HOME=TMP, XDG_STATE_HOME=os.path.join(TMP, "state"),
           LC_ALL="C.UTF-8", TERM="xterm-256color")
check = Checks()
term = Tmux(f"klx-repl-{os.getpid()}", ENV)
tmux, screen, wait_for = term, term.screen, term.wait_for


def start():
    term.start(f"cd {TMP} && {KLX} --repl; echo EXIT=$?; stty -a; sleep 60",
               height=40)


def main():
    start()
    s = wait_for("klx>")
    check("prompt appears", "klx>" in s, s)
    check("banner shows the totals", "KL(P||Q) = 0.126851 nats" in s, s)
    tmux("send-keys", "swa", "Tab")
    s = wait_for("klx> swap")
    check("tab completes a command", "klx> swap" in s, s)
    tmux("send-keys", "Enter")
    s = wait_for("KL(P||Q) = 0.121640 nats")
    check("swap runs", "KL(P||Q) = 0.121640 nats   KL(Q||P) = 0.126851" in s,
          s)
    tmux("send-keys", "base b", "Tab")
    s = wait_for("klx> base ba")
    tmux("send-keys", "C-u", "uniform ", "Tab")
    time.sleep(0.3)
    tmux("send-keys", "C-u")
    tmux("send-keys", "this line is abandoned", "C-c")
    time.sleep(0.3)
    tmux("send-keys", "kl", "Enter")
    s = wait_for("asymmetry: KL(P||Q) - KL(Q||P) = -0.005212")
    check("Ctrl-C clears the line and the REPL goes on",
          "asymmetry: KL(P||Q) - KL(Q||P) = -0.005212" in s, s)
    check("the abandoned line did not run", "unknown command" not in s, s)
    tmux("send-keys", "set q 9 1", "Enter")
    s = wait_for("no entry 9")
    check("errors are shown, not fatal", "klx: set: no entry 9" in s, s)
    tmux("send-keys", "C-d")
    s = wait_for("icanon")   # stty -a's local-flags line
    check("Ctrl-D quits with status 0", "EXIT=0" in s, s)
    check("terminal is sane after quitting",
          " icanon " in s.replace("\n", " ") and
          " echo " in s.replace("\n", " "), s)
    hist = os.path.join(TMP, "state", "klx", "history")
    text = open(hist).read() if os.path.exists(hist) else ""
    check("history file written", "swap" in text and "kl" in text, text)
    check("abandoned line not in history", "abandoned" not in text, text)
    start()
    wait_for("klx>")
    tmux("send-keys", "Up")
    s = wait_for("klx> set q 9 1")
    check("history recalled in a new run", "klx> set q 9 1" in s, s)
    tmux("send-keys", "C-u", "quit", "Enter")
    s = wait_for("EXIT=")
    check("quit exits 0", "EXIT=0" in s, s)
    # A history that cannot be written is a warning, never fatal.
    ENV["XDG_STATE_HOME"] = "/proc/klx-cannot-write-here"
    start()
    wait_for("klx>")
    tmux("send-keys", "kl", "Enter", "C-d")
    s = wait_for("EXIT=")
    check("unwritable history: a warning", "warning: cannot save history"
          in s, s)
    check("unwritable history: still exit 0", "EXIT=0" in s, s)
    ENV["XDG_STATE_HOME"] = os.path.join(TMP, "state")
    fit_cancel()


def fit_cancel():
    """Ctrl-C during a long fit (2*10^5 entries, the most fitted) cancels
    the fit and nothing else: the session is unchanged, the REPL goes on."""
    path = os.path.join(TMP, "fit.csv")
    with open(path, "w") as f:
        f.write("p,q\n")
        n = 200000
        for i in range(n):
            a, b = (i / n - 0.3) / 0.05, (i / n - 0.75) / 0.08
            p = math.exp(-a * a / 2) + 0.6 * math.exp(-b * b / 2) + 1e-4
            f.write(f"{p:.10g},1\n")
    term.start(f"cd {TMP} && {KLX} --repl fit.csv; echo EXIT=$?; sleep 60",
               height=40)
    s = wait_for("klx>", 30)
    before = [l for l in s.splitlines() if l.startswith("KL(")]
    tmux("send-keys", "fit geom both", "Enter")
    time.sleep(0.15)
    tmux("send-keys", "C-c")
    s = wait_for("cancelled", 30)
    check("Ctrl-C cancels a running fit",
          "klx: fit: cancelled, nothing changed" in s, s)
    check("the fit printed nothing", "geom fit" not in s, s)
    tmux("send-keys", "kl", "Enter")
    s = wait_for("asymmetry", 10)
    after = [l for l in s.splitlines() if l.startswith("KL(")]
    check("the session is unchanged after the cancelled fit",
          len(before) == 2 and after[-2:] == before, s)
    tmux("send-keys", "quit", "Enter")
    s = wait_for("EXIT=", 10)
    check("the REPL went on and quits with 0", "EXIT=0" in s, s)


try:
    main()
finally:
    term.stop()
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(check.summary())
