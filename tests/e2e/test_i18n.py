#!/usr/bin/env python3
"""klx in Chinese and in English, through the real binary: REPL scripts run
with LANG=zh_CN.UTF-8 (or --lang zh_CN) print the translated messages, in
columns that line up by display width; the same scripts with LANG=C.UTF-8
(or --lang en) print the English klx has always printed.

usage: test_i18n.py PATH/TO/klx

Each area of the translation keeps its checks in functions named
test_AREA_*; main runs every test_* function of this file."""
import os
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import Checks  # noqa: E402

KLX = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="klx-i18n-")
ZH = "zh_CN.UTF-8"
EN = "C.UTF-8"
check = Checks()


def env(lang):
    """The environment with only LANG choosing the language."""
    e = {k: v for k, v in os.environ.items()
         if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE")}
    e.update(LANG=lang, HOME=TMP, XDG_STATE_HOME=os.path.join(TMP, "state"),
             COLUMNS="80")
    return e


ZH_ENV = env(ZH)
EN_ENV = env(EN)


def run(args, e, stdin=None):
    """klx with args in environment e; returns (status, stdout, stderr)."""
    p = subprocess.run([KLX] + args, input=stdin, capture_output=True,
                       text=True, env=e, timeout=60, cwd=TMP)
    return p.returncode, p.stdout, p.stderr


def repl(script, lang, args=()):
    """Runs a REPL script; returns (status, stdout, stderr)."""
    p = subprocess.run([KLX, "--repl", *args], input=script.encode(),
                       capture_output=True, env=env(lang), cwd=TMP,
                       timeout=60)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def width(text):
    """Terminal columns: 2 for East Asian wide characters."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def has_cjk(text):
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def lines_after(out, first, n):
    """The line starting with `first` and the n-1 lines after it."""
    lines = out.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(first):
            return lines[i:i + n]
    return []


def same_width(lines):
    return len(lines) > 1 and len({width(l) for l in lines}) == 1


# ---- the command language (core/command*.c) ----

CMD_SCRIPT = """help set
p 2 3 5
q 0.5 0.3 0.2
smooth 0.01
undo
alpha 2
labels a b c
find b
top 2
grad
select down
pin
unpin
save out.csv
"""

# What klx printed for CMD_SCRIPT in English before the messages were
# translatable: the English run must stay byte for byte this.
CMD_ENGLISH = """set p|q I V
Sets entry I (an index from 1, or a label) of P or Q to probability V
(0 <= V <= 1) and rescales the other entries proportionally so the
distribution still sums to 1; when the others all hold 0, the rest
is shared equally among them. A label equal to I wins over the
index; #N is always the N-th entry (`set p #3 0.5`).
now 3 entries: Q was reset to uniform so the lengths match (set it next)
P normalized: the values summed to 10
KL(P||Q) = 0.068959 nats   KL(Q||P) = 0.070240 nats
KL(P||Q) = 0.274887 nats   KL(Q||P) = 0.274887 nats
Q smoothed: every entry + 0.01, renormalized
KL(P||Q): 0.274887 -> 0.266253 nats
KL(Q||P): 0.274887 -> 0.266943 nats
undid: smooth 0.01
KL(P||Q) = 0.274887 nats   KL(Q||P) = 0.274887 nats
R\u00e9nyi order 2: D(P||Q) = 0.488580   D(Q||P) = 0.488580 nats
1 entry matches:
     index  entry           p           q    p*log(p/q)    q*log(q/p)
         2  b        0.300000    0.300000             0             0
KL(P||Q) = 0.274887 nats: the 2 largest |p*log(p/q)| of 3 entries
  rank  entry     index           p           q    p*log(p/q)     share
     1  c             3    0.500000    0.200000      0.458145    166.7%
     2  a             1    0.200000    0.500000     -0.183258    -66.7%

KL(Q||P) = 0.274887 nats: the 2 largest |q*log(q/p)| of 3 entries
  rank  entry     index           p           q    q*log(q/p)     share
     1  a             1    0.200000    0.500000      0.458145    166.7%
     2  c             3    0.500000    0.200000     -0.183258    -66.7%
share: the term over the total; negative terms make the shares of the others
add up to more than 100%.
dKL(P||Q)/dq_i, the other entries rescaled (nats):
  a            q = 0.500000       1.200000
  b            q = 0.300000              0
  c            q = 0.200000      -1.875000   <- raise this one
KL(P||Q) falls fastest when q_3 (c) goes up.
select: changes the explorer's view, which the REPL does not have (klx --tui); nothing changed
pinned P and Q (3 entries) with KL(P||Q) = 0.274887 and KL(Q||P) = 0.274887 nats; `unpin` forgets them
unpinned
saved 3 entries to out.csv
"""


def test_cmd_english_unchanged():
    st, out, err = repl(CMD_SCRIPT, EN)
    check("cmd: the English script runs", st == 0 and err == "", err)
    check("cmd: English output as before", out == CMD_ENGLISH, out)
    check("cmd: no Chinese in the English run", not has_cjk(out), out)
    st2, out2, _ = repl(CMD_SCRIPT, ZH, ["--lang", "en"])
    check("cmd: --lang en under LANG=zh_CN is the same English",
          st2 == 0 and out2 == out, out2[:2000])
    _, help_out, _ = repl("help\n", EN)
    for line in (
            "commands (indices count from 1; an entry can also be named by "
            "its label):",
            "  set p|q I V        set one entry, rescaling the others",
            "the explorer's view (its keys run these; elsewhere they change "
            "nothing):",
            "  mouse [on|off|toggle] explorer: mouse reporting",
            "`help COMMAND` explains one."):
        check(f"cmd: English help line {line[:30]!r}",
              line + "\n" in help_out, help_out)


def test_cmd_chinese_messages():
    st, out, err = repl(CMD_SCRIPT, ZH)
    check("cmd: the Chinese script runs", st == 0 and err == "", err)
    for name, text in (
            ("help set", "set p|q I V\n将 P 或 Q 的条目 I（从 1 起的索引，"
                         "或标签）设为概率 V\n"),
            ("resize (command_edit)", "现在有 3 个条目：Q 已重置为均匀分布"
                                      "以使长度一致（接着设置它）\n"),
            ("normalized (command)", "P 已归一化：各值之和原为 10\n"),
            ("smooth (command_edit)", "Q 已平滑：每个条目 + 0.01，并重新"
                                      "归一化\n"),
            ("undo (command_session)", "已撤销：smooth 0.01\n"),
            ("alpha (command_session)", "R\u00e9nyi 阶数 2：D(P||Q) = "
                                        "0.488580   D(Q||P) = 0.488580 "
                                        "nats\n"),
            ("find (command_show)", "1 个条目匹配：\n"),
            ("top (command_show)", "KL(P||Q) = 0.274887 nats：最大的 2 个 "
                                   "|p*log(p/q)|（共 3 个条目）\n"),
            ("grad (command_show)", "KL(P||Q) 下降最快的方式：q_3（c）"
                                    "增大。\n"),
            ("select (command_view)", "select: 改变浏览器界面的视图，而命令行"
                                      "没有该界面（klx --tui）；未做任何"
                                      "改变\n"),
            ("pin (command_pin)", "已固定 P 与 Q（3 个条目），KL(P||Q) = "
                                  "0.274887，KL(Q||P) = 0.274887 nats；"
                                  "`unpin` 丢弃它们\n"),
            ("unpin (command_pin)", "已取消固定\n"),
            ("save (command_file)", "已保存 3 个条目到 out.csv\n")):
        check(f"cmd: Chinese {name}", text in out, out)
    # The numbers lines keep their English form: scripts read them.
    check("cmd: totals line unchanged in Chinese",
          "KL(P||Q) = 0.274887 nats   KL(Q||P) = 0.274887 nats\n" in out,
          out)
    find = lines_after(out, "      索引  条目", 2)
    check("cmd: find's Chinese heads line up with the rows",
          same_width(find), "\n".join(find))
    top = lines_after(out, "  排名  条目", 3)
    check("cmd: top's Chinese heads line up with the rows",
          same_width(top) and top[0].endswith("占比"), "\n".join(top))
    st2, out2, _ = repl(CMD_SCRIPT, EN, ["--lang", "zh_CN"])
    check("cmd: --lang zh_CN under LANG=C.UTF-8 is the same Chinese",
          st2 == 0 and out2 == out, out2[:2000])


def test_cmd_chinese_help_aligned():
    st, out, _ = repl("help\n", ZH)
    lines = out.split("\n")
    check("cmd: Chinese help heading",
          st == 0 and lines[0] == "命令（索引从 1 开始；条目也可用其标签指代）：",
          out[:500])
    check("cmd: Chinese help footer", "`help COMMAND` 解释一个命令。\n" in out,
          out[-500:])
    check("cmd: Chinese heading of the view commands",
          "浏览器界面的视图命令（按键运行这些命令；在别处它们不做任何改变）：\n"
          in out, out)
    rows = [l for l in lines if l.startswith("  ")]
    short = [l for l in rows if len(l[2:].split("  ")[0]) <= 18]
    check("cmd: help lists every command", len(rows) >= 50, out)
    # usage in 18 columns, then the summary: all start at column 21
    check("cmd: Chinese summaries start in one column",
          all(width(l[:21]) == 21 and l[20] == " " and l[21] != " "
              for l in short), "\n".join(short))
    # (joint's summary is translated with command_joint.c)
    english = [l for l in rows if not has_cjk(l) and "joint [" not in l]
    check("cmd: every summary of the command files in Chinese",
          english == [], "\n".join(english))
    check("cmd: the explorer's rows too",
          "  mouse [on|off|toggle] 浏览器界面：鼠标报告\n" in out, out)


def test_cmd_chinese_labels_line_up():
    script = ("p 0.1 0.2 0.3 0.4\n"
              "labels a\u957f\u6807\u7b7e\u7532\u4e59\u4e19\u4e01\u620a"
              "\u5df1\u5e9a\u8f9b\u58ec\u7678 \u77ed b cc\n"
              "top 4\n")
    for lang, head in ((ZH, "  排名"), (EN, "  rank")):
        st, out, err = repl(script, lang)
        rows = lines_after(out, head, 5)
        check(f"cmd: Chinese labels line up in top ({lang})",
              st == 0 and same_width(rows) and "\ufffd" not in out,
              out + err)


def test_cmd_presets_listing():
    st, out, _ = repl("presets\n", ZH)
    rows = [l for l in out.split("\n") if l.startswith("  ")]
    check("cmd: presets footer in Chinese",
          st == 0 and out.endswith("`preset NAME` 载入其中一个（撤销可恢复）。\n"),
          out)
    check("cmd: preset descriptions start in one column",
          len(rows) > 3 and all(width(l[:13]) == 13 and l[12] == " " and
                                l[13] != " " for l in rows), out)
    _, en, _ = repl("presets\n", EN)
    check("cmd: presets footer in English",
          en.endswith("`preset NAME` loads one (undo goes back).\n"), en)


def test_cmd_fit_line():
    script = "p 1 2 5 2 1\nfit gauss forward\n"
    _, en, _ = repl(script, EN)
    check("cmd: English fit line",
          "gauss fit, forward (minimizes KL(P||Q)): center 3.00, standard "
          "deviation 1.130\n" in en and
          en.endswith("Q is now this fit (undo goes back).\n"), en)
    _, zh, _ = repl(script, ZH)
    check("cmd: Chinese fit line",
          "gauss 拟合，正向（最小化 KL(P||Q)）：中心 3.00，" in zh and
          zh.endswith("Q 现在是这个拟合（撤销可恢复）。\n"), zh)

# One failing line per script: the error, in each language, exactly.
CMD_ERRORS = (
    ("foo",
     "unknown command 'foo' (hint: `help` lists the commands)",
     "未知命令 'foo'（提示：`help` 列出所有命令）"),
    ("set p",
     "set: missing arguments (usage: set p|q I V)",
     "set: 缺少参数（用法：set p|q I V）"),
    ("set x 1 0.5",
     "set: 'x' is not p or q",
     "set: 'x' 不是 p 或 q"),
    ("view nonsense",
     "view: 'nonsense' is not measures, totals, sorted, grad, overview, "
     "compact, params, code, joint, help or redraw",
     "view: 'nonsense' 不是 measures、totals、sorted、grad、overview、"
     "compact、params、code、joint、help 或 redraw"),
    ("find zzz",
     "find: no label contains 'zzz' (labels are case-sensitive)",
     "find: 没有标签包含 'zzz'（标签区分大小写）"),
    ("save",
     "save: no file name (hint: save FILE, e.g. save mine.csv)",
     "save: 没有文件名（提示：save FILE，例如 save mine.csv）"),
    ("base 7",
     "base: unknown base '7' (hint: e, 2 or 10; or nats, bits, bans)",
     "base: 未知的底 '7'（提示：e、2 或 10；或 nats、bits、bans）"),
    ("help nothing",
     "help: no command 'nothing' (hint: `help` lists them)",
     "help: 没有命令 'nothing'（提示：`help` 列出所有命令）"),
)


def test_cmd_errors():
    for line, english, chinese in CMD_ERRORS:
        st, _, err = repl(line + "\n", EN)
        check(f"cmd: English error of `{line}`",
              st == 1 and err.startswith("klx: ") and
              err.endswith(english + "\n"), err)
        st, _, err = repl(line + "\n", ZH)
        check(f"cmd: Chinese error of `{line}`",
              st == 1 and err.endswith(chinese + "\n"), err)


def test_core_help():
    rc, out, _ = run(["--help"], ZH_ENV)
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
    rc, out, err = run(["--report", path], ZH_ENV)
    check("core: a bad table fails in Chinese (exit 1)", rc == 1, err)
    check("core: the error keeps file:line:column and is Chinese",
          f"{path}:3:3: " in err and "不是数" in err, err)


def test_core_report():
    rc, out, _ = run(["--report"], ZH_ENV)
    lines = out.splitlines()
    check("core: --report prose is Chinese",
          rc == 0 and lines[0] == "klx: 4 个条目，对数底 e（nats）" and
          "不对称性：" in out and "从不为负" in out, out)
    head = next((l for l in lines if l.startswith("条目")), "")
    en = run(["--report"], EN_ENV)[1].splitlines()
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
    rc, out, _ = run(["--repl"], ZH_ENV, stdin="measures\n")
    starts = [width(l[:l.index("H(P) = ")]) if "H(P) = " in l else None
              for l in out.splitlines()[:1]]
    starts += [width(l[:l.index(k)]) for l in out.splitlines()
               for k in ("H(P,Q)", "H(Q,P)", "JS =", "TV =", "chi2(P||Q)")
               if k in l and not l.startswith(" KL")]
    check("core: measures' formulas start in one column in Chinese",
          rc == 0 and has_cjk(out) and len(set(starts)) == 1, out)


def test_core_check_lesson():
    path = os.path.join(TMP, "bad.md")
    with open(path, "w") as f:
        f.write("# T\n\ntext before\n## S\n> next\n? kl(P||Q) = -5\n")
    rc, out, err = run(["--check-lesson", path], ZH_ENV)
    got = out + err
    check("core: --check-lesson's problems are Chinese with file:line",
          rc == 1 and f"{path}:3: 第一个步骤之前出现了文字" in got and
          f"{path}:5: 步骤中不能运行 `next`" in got and
          f"{path}:6: 这个问题永远无法达成" in got, got)
    rc, out, err = run(["--check-lesson", path], EN_ENV)
    check("core: and English without the Chinese locale",
          rc == 1 and f"{path}:3: text before the first step" in out + err,
          out + err)


def test_core_lang_en():
    rc_zh, out_zh, _ = run(["--report", "--lang", "en"], ZH_ENV)
    rc_en, out_en, _ = run(["--report"], EN_ENV)
    check("core: --lang en under LANG=zh_CN.UTF-8 is today's English",
          rc_zh == 0 and out_zh == out_en and
          out_en.startswith("klx: 4 entries, log base e (nats)\n"), out_zh)
    rc, out, err = run(["--width", "7"], dict(ZH_ENV, LANG="C.UTF-8"))
    check("core: option errors stay English without a Chinese locale",
          rc == 2 and "--width wants a number of columns from 40 to 1000, "
          "not '7'" in err, err)
    rc, out, err = run(["--width", "7"], ZH_ENV)
    check("core: option errors are Chinese under LANG=zh_CN.UTF-8",
          rc == 2 and "--width 需要 40 到 1000 之间的列数" in err, err)


def test_core_lang_c():
    rc, out, err = run(["--lang", "zh_CN", "--report"], env("C"))
    check("core: --lang zh_CN under LANG=C gives the UTF-8 hint (exit 2)",
          rc == 2 and "UTF-8" in err and "LANG=zh_CN.UTF-8" in err, err)


def test_core_numbers_dot():
    rc, out, _ = run(["--report", "-p", "0.25 0.75", "-q", "0.5 0.5"], ZH_ENV)
    check("core: numbers keep '.' in Chinese",
          rc == 0 and "0.2500" in out and "0.7500" in out and
          "KL(P||Q) = 0.130812 nats" in out, out)
    rc, out, err = run(["--report", "-p", "0,5 0,5"], ZH_ENV)
    check("core: a decimal comma is refused in Chinese too",
          rc == 1 and "小数逗号" in err, err)


def zh_locale_present():
    """LANG=zh_CN.UTF-8 falls back to English without the locale: say so
    once instead of failing every Chinese check without a reason."""
    p = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    names = {n.lower().replace("-", "") for n in p.stdout.split()}
    check("zh_CN.UTF-8 locale present (hint: localedef -i zh_CN -f UTF-8 "
          "zh_CN.UTF-8, as tests/run-all does)", "zh_cn.utf8" in names,
          p.stdout)


def main():
    zh_locale_present()
    for name, fn in sorted(globals().items()):
        if name.startswith("test_") and callable(fn):
            fn()
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
