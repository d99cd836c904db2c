#!/usr/bin/env python3
"""klx in Simplified Chinese: messages arrive translated, text measured by
display width still fits, numbers keep '.', and English is unchanged.
Usage: test_i18n.py PATH/TO/klx"""
import os
import subprocess
import sys
import tempfile
import unicodedata

from e2elib import Checks

KLX = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="klx-i18n-")
BASE = {k: v for k, v in os.environ.items()
        if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE")}
BASE.update(HOME=TMP, COLUMNS="80")
ZH = dict(BASE, LANG="zh_CN.UTF-8")
EN = dict(BASE, LANG="C.UTF-8")

check = Checks()


def run(args, env, stdin=None):
    p = subprocess.run([KLX] + args, input=stdin, capture_output=True,
                       text=True, env=env, timeout=60, cwd=TMP)
    return p.returncode, p.stdout, p.stderr


def width(s):
    """Columns a terminal gives s: East Asian wide and full-width
    characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)


def has_han(s):
    return any("\u4e00" <= c <= "\u9fff" for c in s)


def test_core_help():
    rc, out, _ = run(["--help"], ZH)
    check("core: --help exits 0 in Chinese", rc == 0)
    check("core: --help is Chinese", out.startswith("用法：klx [OPTIONS] [FILE]")
          and "选项：" in out and "退出状态：" in out, out[:200])
    wide = [l for l in out.splitlines() if width(l) > 80]
    check("core: Chinese --help fits 80 columns by display width", not wide,
          "\n".join(wide))
    check("core: option names stay as written", "--lang LANG" in out and
          "--check-lesson FILE" in out)


def test_core_bad_table():
    path = os.path.join(TMP, "bad.csv")
    with open(path, "w") as f:
        f.write("label,p,q\na,0.5,0.5\nb,x,0.5\n")
    rc, out, err = run(["--report", path], ZH)
    check("core: a bad table fails in Chinese (exit 1)", rc == 1, err)
    check("core: the error keeps file:line:column and is Chinese",
          f"{path}:3:3: " in err and "不是数" in err, err)


def test_core_report():
    rc, out, _ = run(["--report"], ZH)
    lines = out.splitlines()
    check("core: --report prose is Chinese",
          rc == 0 and lines[0] == "klx: 4 个条目，对数底 e（nats）" and
          "不对称性：" in out and "从不为负" in out, out)
    head = next((l for l in lines if l.startswith("条目")), "")
    en = run(["--report"], EN)[1].splitlines()
    en_head = next((l for l in en if l.startswith("entry")), "")
    # Each column name sits in the column it has in English (the label
    # column is as wide as ever: the Chinese heading is 4 columns wide).
    at = [(width(head[:head.index(n)]), en_head.index(n))
          for n in (" p ", " q ", "p*log(p/q)", "q*log(q/p)")
          if n in head and n in en_head]
    check("core: --report columns line up under a Chinese heading",
          head and len(at) == 4 and all(a == b for a, b in at) and
          [l for l in lines if l[:2] in ("a ", "b ", "c ", "d ")] ==
          [l for l in en if l[:2] in ("a ", "b ", "c ", "d ")],
          f"{head}\n{en_head}\n{at}")
    rc, out, _ = run(["--repl"], ZH, stdin="measures\n")
    starts = [width(l[:l.index("H(P) = ")]) if "H(P) = " in l else None
              for l in out.splitlines()[:1]]
    starts += [width(l[:l.index(k)]) for l in out.splitlines()
               for k in ("H(P,Q)", "H(Q,P)", "JS =", "TV =", "chi2(P||Q)")
               if k in l and not l.startswith(" KL")]
    check("core: measures' formulas start in one column in Chinese",
          rc == 0 and has_han(out) and len(set(starts)) == 1, out)


def test_core_check_lesson():
    path = os.path.join(TMP, "bad.md")
    with open(path, "w") as f:
        f.write("# T\n\ntext before\n## S\n> next\n? kl(P||Q) = -5\n")
    rc, out, err = run(["--check-lesson", path], ZH)
    got = out + err
    check("core: --check-lesson's problems are Chinese with file:line",
          rc == 1 and f"{path}:3: 第一个步骤之前出现了文字" in got and
          f"{path}:5: 步骤中不能运行 `next`" in got and
          f"{path}:6: 这个问题永远无法达成" in got, got)
    rc, out, err = run(["--check-lesson", path], EN)
    check("core: and English without the Chinese locale",
          rc == 1 and f"{path}:3: text before the first step" in out + err,
          out + err)


def test_core_lang_en():
    rc_zh, out_zh, _ = run(["--report", "--lang", "en"], ZH)
    rc_en, out_en, _ = run(["--report"], EN)
    check("core: --lang en under LANG=zh_CN.UTF-8 is today's English",
          rc_zh == 0 and out_zh == out_en and
          out_en.startswith("klx: 4 entries, log base e (nats)\n"), out_zh)
    rc, out, err = run(["--width", "7"], dict(ZH, LANG="C.UTF-8"))
    check("core: option errors stay English without a Chinese locale",
          rc == 2 and "--width wants a number of columns from 40 to 1000, "
          "not '7'" in err, err)
    rc, out, err = run(["--width", "7"], ZH)
    check("core: option errors are Chinese under LANG=zh_CN.UTF-8",
          rc == 2 and "--width 需要 40 到 1000 之间的列数" in err, err)


def test_core_lang_c():
    rc, out, err = run(["--lang", "zh_CN", "--report"], dict(BASE, LANG="C"))
    check("core: --lang zh_CN under LANG=C gives the UTF-8 hint (exit 2)",
          rc == 2 and "UTF-8" in err and "LANG=zh_CN.UTF-8" in err, err)


def test_core_numbers_dot():
    rc, out, _ = run(["--report", "-p", "0.25 0.75", "-q", "0.5 0.5"], ZH)
    check("core: numbers keep '.' in Chinese",
          rc == 0 and "0.2500" in out and "0.7500" in out and
          "KL(P||Q) = 0.130812 nats" in out, out)
    rc, out, err = run(["--report", "-p", "0,5 0,5"], ZH)
    check("core: a decimal comma is refused in Chinese too",
          rc == 1 and "小数逗号" in err, err)


def main():
    for name, f in sorted(globals().items()):
        if name.startswith("test_") and callable(f):
            f()
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
