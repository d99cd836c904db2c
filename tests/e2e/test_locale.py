#!/usr/bin/env python3
"""Which language klx speaks: the locale variables in gettext's order of
precedence, --lang over them, Chinese only in a UTF-8 codeset, the catalog
directory, and numbers with '.' in every language.

usage: test_locale.py KLX"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from e2elib import Checks

KLX = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="klx-locale-")
BASE = {k: v for k, v in os.environ.items()
        if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "LANG",
                     "LC_NUMERIC", "KLX_LOCALEDIR")}
BASE.update(HOME=TMP, XDG_STATE_HOME=os.path.join(TMP, "state"),
            COLUMNS="80")
CJK = re.compile("[\u4e00-\u9fff]")

check = Checks()


def run(args, stdin=None, **env):
    e = dict(BASE, **env)
    p = subprocess.run([KLX] + args, capture_output=True, env=e,
                       input=stdin.encode() if stdin is not None else None,
                       timeout=60, cwd=TMP)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def chinese(text):
    return bool(CJK.search(text))


def make_locale(name, charmap):
    """A locale of our own under TMP (LOCPATH), or None if localedef
    cannot make it here."""
    loc = os.path.join(TMP, "locales")
    os.makedirs(loc, exist_ok=True)
    p = subprocess.run(["localedef", "-i", "zh_CN", "-f", charmap,
                        os.path.join(loc, name)], capture_output=True)
    ok = os.path.isdir(os.path.join(loc, name))
    return loc if ok else None


def test_precedence():
    english = run(["--help"], LANG="C.UTF-8")[1]
    check("C.UTF-8: English --help", english.startswith("usage: klx")
          and not chinese(english), english[:200])
    rc, out, err = run(["--help"], LANG="zh_CN.UTF-8")
    check("LANG=zh_CN.UTF-8: Chinese --help", rc == 0 and chinese(out),
          out[:300] + err)
    rc, out, _ = run(["--help"], LANG="C.UTF-8", LANGUAGE="zh_CN")
    check("LANGUAGE=zh_CN in a UTF-8 locale: Chinese", chinese(out),
          out[:300])
    rc, out, _ = run(["--help"], LANG="C.UTF-8", LC_MESSAGES="zh_CN.UTF-8")
    check("LC_MESSAGES=zh_CN.UTF-8 over LANG: Chinese", chinese(out),
          out[:300])
    rc, out, _ = run(["--help"], LANG="zh_CN.UTF-8", LC_ALL="C.UTF-8")
    check("LC_ALL=C.UTF-8 over LANG=zh_CN.UTF-8: English", out == english,
          out[:300])
    rc, out, _ = run(["--help"], LC_ALL="C.UTF-8", LANGUAGE="zh_CN")
    check("LANGUAGE over LC_ALL (a UTF-8 locale): Chinese", chinese(out),
          out[:300])
    rc, out, _ = run(["--help"], LANG="C", LANGUAGE="zh_CN")
    check("LANGUAGE is ignored in the C locale (gettext's rule): English",
          out == english, out[:300])


def test_lang_option():
    english = run(["--help"], LANG="C.UTF-8")[1]
    rc, out, _ = run(["--lang", "en", "--help"], LANG="zh_CN.UTF-8")
    check("--lang en under LANG=zh_CN.UTF-8: today's English", rc == 0 and
          out == english, out[:300])
    rc, out, _ = run(["--lang=en", "--help"], LANGUAGE="zh_CN",
                     LANG="zh_CN.UTF-8")
    check("--lang=en wins over LANGUAGE too", out == english, out[:300])
    rc, out, _ = run(["--lang", "zh_CN", "--help"], LANG="C.UTF-8")
    check("--lang zh_CN under C.UTF-8: Chinese", rc == 0 and chinese(out),
          out[:300])
    rc, out2, _ = run(["--lang", "zh", "--help"], LANG="C.UTF-8")
    check("--lang zh is zh_CN", out2 == out, out2[:300])
    rc, out, err = run(["--lang", "zh_CN", "--help"], LANG="C")
    check("--lang zh_CN in the C locale: exit 2 with the UTF-8 hint",
          rc == 2 and out == "" and "--lang zh_CN needs a UTF-8 locale" in err
          and "LANG=C.UTF-8" in err, (rc, out, err))
    rc, out, err = run(["--lang", "fr", "--help"], LANG="C.UTF-8")
    check("--lang fr: unknown, exit 2, names the choices", rc == 2 and
          "unknown language 'fr' for --lang (use en or zh_CN)" in err,
          (rc, err))
    rc, out, err = run(["--lang", "zh_CN", "--bogus"], LANG="C.UTF-8")
    check("a usage error comes in the --lang language", rc == 2 and
          chinese(err) and "--bogus" in err, (rc, err))
    rc, out, err = run(["--bogus", "--lang", "zh_CN"], LANG="C.UTF-8")
    check("... wherever --lang stands", rc == 2 and chinese(err), (rc, err))
    rc, out, err = run(["--", "--lang"], LANG="C.UTF-8")
    check("after --, --lang is a file name", rc == 1 and
          "--lang" in err and not chinese(err), (rc, err))


def test_codeset():
    loc = make_locale("zh_CN.GB18030", "GB18030")
    check("a GB18030 locale can be made for the test", loc is not None)
    if loc is None:
        return
    english = run(["--help"], LANG="C.UTF-8")[1]
    rc, out, _ = run(["--help"], LOCPATH=loc, LANG="zh_CN.GB18030")
    check("zh_CN.GB18030: messages stay English (klx measures UTF-8)",
          rc == 0 and out == english, out[:300])


def test_catalog_dir():
    english = run(["--help"], LANG="C.UTF-8")[1]
    rc, out, _ = run(["--help"], LANG="zh_CN.UTF-8",
                     KLX_LOCALEDIR=os.path.join(TMP, "nowhere"))
    check("KLX_LOCALEDIR without a catalog: English", out == english,
          out[:300])


def test_numbers():
    loc = os.path.join(TMP, "de")
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    env = {}
    if "de_DE.utf8" not in have.stdout.lower():
        os.makedirs(loc, exist_ok=True)
        subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8",
                        os.path.join(loc, "de_DE.UTF-8")],
                       capture_output=True)
        env["LOCPATH"] = loc
    rc, out, err = run(["--report", "-p", "0.25 0.75", "-q", "0.5 0.5"],
                       LANG="de_DE.UTF-8", LANGUAGE="zh_CN", **env)
    check("Chinese under de_DE: the report is Chinese", rc == 0 and
          chinese(out), out[:300] + err)
    check("... and its numbers use '.'", "0.130812" in out and
          "0,130812" not in out, out)
    rc, out, err = run(["--repl"], stdin="set p 1 0.5\nkl\n",
                       LANG="de_DE.UTF-8", LANGUAGE="zh_CN", **env)
    check("Chinese under de_DE: the REPL reads and prints '.'", rc == 0 and
          re.search(r"KL\(P\|\|Q\) = 0\.\d", out) is not None, out + err)


def test_script_formats_unchanged():
    """What scripts read stays the same in Chinese: JSON, a saved table,
    the numbers of the `kl` lines and of an exported Markdown table (whose
    headings are for people, and translated)."""
    zh = dict(LANG="zh_CN.UTF-8")
    en = dict(LANG="C.UTF-8")
    for args in (["--json", "--preset", "letters"],
                 ["--json", "-p", "binom 10 0.3", "-q", "poisson 3"]):
        a, b = run(args, **zh)[1], run(args, **en)[1]
        check(f"{' '.join(args)}: the same JSON in Chinese", a == b and a,
              a[:200])
    outs = {}
    for name, env in (("zh", zh), ("en", en)):
        save = os.path.join(TMP, f"saved-{name}.csv")
        md = os.path.join(TMP, f"export-{name}.md")
        rc, out, err = run(["--repl"], f"save {save}\nexport {md}\nkl\n",
                           **env)
        with open(save, encoding="utf-8") as f1, \
                open(md, encoding="utf-8") as f2:
            outs[name] = (f1.read(), f2.read(), out.splitlines()[-3:-1])
    check("a saved table is the same in Chinese", outs["zh"][0] ==
          outs["en"][0], outs["zh"][0][:200])
    rows = {k: [l for l in v[1].splitlines() if l.startswith("| a |")
                or l.startswith("- **KL(")] for k, v in outs.items()}
    check("an exported Markdown table has the same rows in Chinese",
          len(rows["zh"]) == 3 and rows["zh"] == rows["en"], rows)
    check("... under a Chinese heading",
          outs["zh"][1].startswith("# KL \u6563\u5ea6"),   # KL 散度
          outs["zh"][1][:100])
    check("the kl lines are the same in Chinese",
          outs["zh"][2] == outs["en"][2] == ["KL(P||Q) = 0.126851 nats",
                                             "KL(Q||P) = 0.121640 nats"],
          outs)


def main():
    try:
        for name, fn in list(globals().items()):
            if name.startswith("test_") and callable(fn):
                fn()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(check.summary())


main()
