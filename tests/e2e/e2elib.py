"""Shared helpers for klx's end-to-end tests: a TAP-like checker and a
private tmux server to drive the real binary on a real terminal."""
import subprocess
import time


class Checks:
    """Counts checks, prints `ok - name` / `not ok - name` (with details
    after '# '), and ends with the 'N passed, N failed' line CI reads."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            print(f"ok - {name}")
        else:
            self.failed += 1
            print(f"not ok - {name}\n# " + str(detail).replace("\n", "\n# "))

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


class Tmux:
    """A tmux server of our own (-L socket), so tests never touch the
    user's sessions and can always be killed whole."""

    def __init__(self, socket, env):
        self.socket = socket
        self.env = env

    def __call__(self, *args):
        return subprocess.run(["tmux", "-L", self.socket] + list(args),
                              capture_output=True, text=True,
                              env=self.env).stdout

    def start(self, command, width=100, height=30):
        self("kill-server")
        time.sleep(0.1)
        self("new-session", "-d", "-x", str(width), "-y", str(height),
             command)

    def screen(self):
        return self("capture-pane", "-p")

    def wait_for(self, text, timeout=10):
        """Polls until `text` is on the screen and returns the screen. A
        text ending in a space must start a line, so that a command typed
        at a shell prompt does not count as its own output."""
        end = time.time() + timeout
        while time.time() < end:
            s = self.screen()
            if text.endswith(" "):
                if any(l.startswith(text) for l in s.splitlines()):
                    return s
            elif text in s:
                return s
            time.sleep(0.05)
        return self.screen()

    def stop(self):
        self("kill-server")
