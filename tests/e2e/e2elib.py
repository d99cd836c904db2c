"""Shared helpers for klx's Python end-to-end tests: a TAP-like checker.
(The tests on a real terminal drive tmux through tmuxlib.sh.)"""


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
