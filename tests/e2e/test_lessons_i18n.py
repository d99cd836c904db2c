#!/usr/bin/env python3
"""End-to-end tests of the Chinese lessons: every copy in data/lessons/zh_CN
checks clean; with messages in Chinese (LANG=zh_CN.UTF-8, or --lang zh_CN)
`lessons`, `lesson NAME` and --tour pick the Chinese copy and the REPL
prints its captions; in English nothing changes. Usage:
test_lessons_i18n.py PATH/TO/klx PATH/TO/data"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from e2elib import Checks

KLX = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
LESSONS = os.path.join(DATA, "lessons")
TMP = tempfile.mkdtemp(prefix="klx-e2e-lessons-")
BASE = dict(os.environ, HOME=TMP, XDG_STATE_HOME=os.path.join(TMP, "state"),
            COLUMNS="80")
for k in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "KLX_DATA", "NO_COLOR"):
    BASE.pop(k, None)
ENGLISH = dict(BASE, LANG="C.UTF-8")
CHINESE = dict(BASE, LANG="zh_CN.UTF-8")
CJK = re.compile("[\u4e00-\u9fff]")

check = Checks()


def run(args, env, stdin=None):
    p = subprocess.run([KLX] + args, input=stdin, capture_output=True,
                       text=True, env=env, timeout=60, cwd=TMP)
    return p.returncode, p.stdout, p.stderr


def captions(path):
    """Each step's caption lines, as the lesson file writes them."""
    steps = []
    for line in open(path, encoding="utf-8").read().splitlines():
        if line.startswith("## "):
            steps.append([])
        elif steps and line and line[0] not in ">?!#":
            steps[-1].append(line)
    return steps


def test_check_every_chinese_lesson():
    english = sorted(n for n in os.listdir(LESSONS) if n.endswith(".md"))
    chinese = sorted(os.listdir(os.path.join(LESSONS, "zh_CN")))
    check("every lesson has a Chinese copy", english == chinese,
          (english, chinese))
    for name in chinese:
        p = os.path.join(LESSONS, "zh_CN", name)
        for env, lang in ((ENGLISH, "C.UTF-8"), (CHINESE, "zh_CN.UTF-8")):
            rc, out, err = run(["--check-lesson", p], env)
            check(f"--check-lesson zh_CN/{name} (LANG={lang}): no problems",
                  rc == 0 and out.startswith(p) and not err, out + err)


def test_repl_lesson_in_chinese():
    script = "lesson forward-reverse\nnext\nlesson end\n"
    rc, out, err = run(["--repl"], CHINESE, script)
    steps = captions(os.path.join(LESSONS, "zh_CN", "forward-reverse.md"))
    check("zh_CN REPL: lesson and next run", rc == 0 and not err, err)
    for k in (0, 1):
        check(f"zh_CN REPL: step {k + 1}'s Chinese caption, line by line",
              all(line + "\n" in out for line in steps[k]), out)
    check("zh_CN REPL: the step's heading is Chinese",
          "课程 1/5：两个峰，一个高斯\n" in out and
          "课程 2/5：正向拟合：覆盖\n" in out,
          out)
    rc, out, err = run(["--lang", "zh_CN", "--repl", "--tour"], ENGLISH,
                       "tour end\n")
    tour = captions(os.path.join(LESSONS, "zh_CN", "tour.md"))
    check("--lang zh_CN --tour: the Chinese tour's first caption",
          rc == 0 and all(line + "\n" in out for line in tour[0]), out + err)
    rc, out, err = run(["--repl"], CHINESE, "lessons\n")
    check("zh_CN `lessons`: the Chinese titles",
          rc == 0 and re.search(r"^  tour +KL 散度导览$", out, re.M) and
          re.search(r"^  forward-reverse +正向与反向 KL", out, re.M), out)
    # A FILE is used as given, in any language.
    path = os.path.join(LESSONS, "forward-reverse.md")
    rc, out, err = run(["--repl"], CHINESE, f"lesson {path}\nlesson end\n")
    check("zh_CN `lesson FILE`: that file, in English",
          rc == 0 and "Two modes, one Gaussian" in out, out + err)


def test_english_unchanged():
    script = "lesson forward-reverse\nnext\nlesson end\n"
    rc, out, err = run(["--repl"], ENGLISH, script)
    steps = captions(os.path.join(LESSONS, "forward-reverse.md"))
    check("English REPL: the English captions as written",
          rc == 0 and "lesson 1/5: Two modes, one Gaussian\n" in out and
          all(line + "\n" in out for line in steps[0] + steps[1]), out)
    check("English REPL: no Chinese", not CJK.search(out + err), out)
    rc, out, err = run(["--repl", "--tour"], ENGLISH, "tour end\n")
    check("English --tour: today's first caption",
          "lesson 1/9: KL is asymmetric\nKL(P||Q) = 0.1269 but KL(Q||P) = "
          "0.1216 nats: the order matters.\n" in out, out + err)


def test_fallback_to_english():
    """A lesson without a Chinese copy runs in English."""
    data = os.path.join(TMP, "data")
    os.makedirs(os.path.join(data, "lessons", "zh_CN"))
    for f in os.listdir(DATA):
        if f.endswith(".csv"):
            shutil.copy(os.path.join(DATA, f), data)
    with open(os.path.join(data, "lessons", "only.md"), "w") as f:
        f.write("# English only\n\n## One step\n> preset seed\nIn English.\n")
    env = dict(CHINESE, KLX_DATA=data)
    rc, out, err = run(["--repl"], env, "lesson only\nlesson end\n")
    check("zh_CN: a lesson with no Chinese copy runs in English",
          rc == 0 and "课程 1/1：One step\nIn English.\n" in out, out + err)


test_check_every_chinese_lesson()
test_repl_lesson_in_chinese()
test_english_unchanged()
test_fallback_to_english()
shutil.rmtree(TMP, ignore_errors=True)
sys.exit(check.summary())
