#!/usr/bin/env python3
"""The interactive REPL on a real terminal (tmux): prompt, tab completion,
Ctrl-C clears the line, Ctrl-D quits, history kept across runs, and the
terminal left sane. Usage: test_repl_tty.py PATH/TO/klx"""
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
    # Output that cannot be written ends the session with a message.
    ENV["XDG_STATE_HOME"] = os.path.join(TMP, "state")
    term.start(f"cd {TMP} && {KLX} --repl > /dev/full; echo EXIT=$?; "
               "sleep 60", height=40)
    time.sleep(0.5)
    tmux("send-keys", "kl", "Enter")
    s = wait_for("EXIT=")
    check("stdout is /dev/full: says so and exits 1",
          "klx: cannot write output: No space left on device" in s and
          "EXIT=1" in s, s)


try:
    main()
finally:
    term.stop()
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(check.summary())
