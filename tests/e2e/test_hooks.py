#!/usr/bin/env python3
"""The test hooks are in a test build's klx and in no other: the names of
their environment variables appear in the binary exactly when
KLX_TEST_HOOKS_BUILT=1 (set by meson from -Dtest_hooks). Usage:
test_hooks.py PATH/TO/klx"""
import os
import sys

HOOKS = [b"KLX_TEST_KILL_BEFORE_RENAME", b"KLX_TEST_PROGRESS_ALWAYS",
         b"KLX_TRACE_FRAMES"]
built = os.environ.get("KLX_TEST_HOOKS_BUILT") == "1"
data = open(sys.argv[1], "rb").read()
failed = 0
for h in HOOKS:
    ok = (h in data) == built
    failed += not ok
    print(f"{'ok' if ok else 'not ok'} - {h.decode()} "
          f"{'compiled in' if built else 'absent'}")
print(f"{len(HOOKS) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
