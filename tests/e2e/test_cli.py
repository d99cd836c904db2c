#!/usr/bin/env python3
"""End-to-end tests of the real klx binary: report, JSON, REPL scripts, files,
bad input and locales. Usage: test_cli.py PATH/TO/klx PATH/TO/data

Expected numbers come from closed forms computed here with Python's math
module (and ../shared/REFERENCE-VALUES.md), never from klx itself."""
import json
import re
import select
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from e2elib import Checks

KLX = os.path.abspath(sys.argv[1])
DATA = os.path.abspath(sys.argv[2])
TMP = tempfile.mkdtemp(prefix="klx-e2e-")
ENV = dict(os.environ, HOME=TMP, XDG_STATE_HOME=os.path.join(TMP, "state"),
           LC_ALL="C.UTF-8", COLUMNS="80")
ENV.pop("NO_COLOR", None)

SEED_PQ = 0.5 * math.log(2) - 0.2 * math.log(3)
SEED_QP = 0.3 * math.log(1.5)

check = Checks()


def run(args, stdin=None, env=None):
    p = subprocess.run([KLX] + args, input=stdin, capture_output=True,
                       text=True, env=env or ENV, timeout=60, cwd=TMP)
    return p.returncode, p.stdout, p.stderr


def close(a, b, rel=1e-12):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


def write(name, text, mode="w"):
    path = os.path.join(TMP, name)
    with open(path, mode) as f:
        f.write(text)
    return path


def test_report_seed():
    rc, out, err = run(["--report"])
    check("report exits 0", rc == 0, err)
    check("report shows KL(P||Q)", "KL(P||Q) = 0.126851 nats" in out, out)
    check("report shows KL(Q||P)", "KL(Q||P) = 0.121640 nats" in out, out)
    check("report says which is larger", "KL(P||Q) is larger" in out, out)
    check("report teaches nonnegativity",
          "negative terms -0.150408 + positive terms 0.277259 = 0.126851"
          in out, out)
    check("report is ASCII by default", out.isascii(), out)
    check("report fits 80 columns",
          max(len(l) for l in out.splitlines()) <= 80, out)
    rc, out, _ = run(["--report", "--unicode", "--width", "120"])
    check("unicode report has block bars", "\u2588" in out, out)
    check("unicode report fits 120 columns",
          max(len(l) for l in out.splitlines()) <= 120, out)


def test_json_seed():
    rc, out, err = run(["--json"])
    check("json exits 0", rc == 0, err)
    j = json.loads(out)
    for key in ["n", "base", "normalized", "kl_pq", "kl_qp", "entropy_p",
                "entropy_q", "cross_entropy_pq", "cross_entropy_qp", "js",
                "tv", "terms"]:
        check(f"json has {key}", key in j, out)
    check("json kl_pq", close(j["kl_pq"], SEED_PQ), j["kl_pq"])
    check("json kl_qp", close(j["kl_qp"], SEED_QP), j["kl_qp"])
    check("json entropy_p", close(j["entropy_p"], 1.2798542258336674672))
    check("json cross_entropy_pq",
          close(j["cross_entropy_pq"], 1.4067053583800181836))
    check("json js", close(j["js"], 0.03051873390698183929))
    check("json tv", close(j["tv"], 0.2))
    check("json base e", j["base"] == "e" and j["n"] == 4)
    check("json not normalized", j["normalized"] is False)
    t = j["terms"]
    check("json terms", len(t) == 4 and t[0]["label"] == "a" and
          close(t[3]["kl_pq"], 0.4 * math.log(2)), t)
    rc, out, _ = run(["--json", "--base", "2"])
    j = json.loads(out)
    check("json bits", close(j["kl_pq"], 0.18300749985576876371) and
          j["base"] == "2", out)
    rc, out, _ = run(["--json", "-b", "bans"])
    check("json bans", close(json.loads(out)["kl_pq"],
                             0.055090746888058110148), out)


def test_lists_and_normalization():
    rc, out, err = run(["--json", "-p", "1 2 3 4", "-q", "2,3,3,2"])
    j = json.loads(out)
    check("counts are normalized", j["normalized"] is True and
          close(j["kl_pq"], SEED_PQ), out + err)
    rc, out, err = run(["--json", "-p", "0.5, 0.5"])
    j = json.loads(out)
    check("-p alone: Q uniform", rc == 0 and j["kl_pq"] == 0, out + err)
    # Start-up runs `p`, as typed: the uniform Q is klx's, so only what the
    # user gave counts as normalized (it was reported as normalized).
    rc, out, err = run(["--json", "-p", "0.25 0.75"])
    j = json.loads(out)
    check("-p alone, probabilities: nothing normalized",
          rc == 0 and j["normalized"] is False and
          [t["label"] for t in j["terms"]] == ["1", "2"], out + err)
    # FILE runs `load "FILE"`: any name, quotes and backslashes too.
    path = write('odd "name" \\ x.csv', "label,p,q\nu,1,3\nv,3,1\n")
    rc, out, err = run(["--json", path])
    j = json.loads(out) if rc == 0 else {}
    check("a file name with quotes, a backslash and spaces loads",
          rc == 0 and [t["label"] for t in j["terms"]] == ["u", "v"],
          out + err)
    rc, out, err = run(["--report", path + "-missing"])
    check("a start-up load's message names the file, not the command",
          rc == 1 and err.startswith("klx: " + path + "-missing"), err)
    rc, out, err = run(["--json", "-q", "1 3 0 0"])
    j = json.loads(out)
    check("-q alone, 4 counts: numbered labels, P uniform, normalized",
          rc == 0 and j["normalized"] is True and
          [t["label"] for t in j["terms"]] == ["1", "2", "3", "4"] and
          [t["p"] for t in j["terms"]] == [0.25] * 4, out + err)
    rc, out, err = run(["--json", "-p", "1 0", "-q", "1e-320 1"])
    j = json.loads(out)
    check("no overflow with q=1e-320",
          close(j["kl_pq"], 736.82724089097390615, 1e-12), out + err)
    rc, out, err = run(["--json", "-p", "0.5 0.5", "-q",
                        "0.500000001 0.499999999"])
    j = json.loads(out)
    check("near-equal P,Q: tiny and nonnegative",
          0 < j["kl_pq"] < 3e-18 and 0 < j["kl_qp"] < 3e-18, out)


def test_normalization_near_one():
    """A weight a last bit above 1 is normalized to exactly 1 (it used to
    be kept: H(P) = -2.2e-16 and a visibly failing identity)."""
    rc, out, err = run(["--json", "-p", "1.0000000000000002"])
    j = json.loads(out)
    check("-p 1+2^-52: p is exactly 1", rc == 0 and
          j["terms"][0]["p"] == 1, out + err)
    check("-p 1+2^-52: every entropy is 0, none negative",
          j["entropy_p"] == 0 and j["entropy_q"] == 0 and
          j["cross_entropy_pq"] == 0 and j["cross_entropy_qp"] == 0, out)
    rc, out, err = run(["--json", "-p", "1.0000000000000002 0"])
    j = json.loads(out)
    check("-p '1+2^-52 0': p = [1, 0], H(P) = 0",
          [t["p"] for t in j["terms"]] == [1, 0] and j["entropy_p"] == 0,
          out + err)
    rc, out, err = run(["--repl", "-p", "1.0000000000000002"],
                       stdin="measures\n")
    check("measures: H(P) = 0 and H(P,Q) = 0 = H(P) + KL = 0 + 0",
          rc == 0 and "H(P) = 0 " in out and
          "H(P,Q) = 0 = H(P) + KL(P||Q) = 0 + 0\n" in out and
          "= -" not in out, out + err)


def test_entries_that_become_zero():
    """A positive input that underflows to 0 when divided by the sum is
    named in the REPL, the report and JSON (KL(Q||P) becomes infinite)."""
    rc, out, err = run(["--json", "-p", "1e308 5e-324"])
    j = json.loads(out)
    check("JSON: zeroed_p counts and names the entry",
          j.get("zeroed_p") == 1 and j.get("zeroed_p_first") == "2" and
          j.get("zeroed_q") == 0 and "zeroed_q_first" not in j, out + err)
    rc, out, err = run(["--report", "-p", "1e308 5e-324"])
    # the warning wraps at the report's width: read it as one line
    check("report: a warning names entry 2",
          "warning: P entry 2 ('2') was positive but became 0 when divided "
          "by the sum 1e+308; a 0 in P makes KL(Q||P) infinite"
          in " ".join(out.split()), out + err)
    rc, out, err = run(["--repl"], stdin="labels a b c d\n"
                       "q 1e308 5e-324 4e-324 1\nnormalize\nundo\n"
                       "normalize\n")
    check("REPL: `q` warns, naming the first entry and how many more",
          "warning: Q entry 2 ('b') was positive but became 0 when divided "
          "by the sum 1e+308, and 1 more entry; a 0 in Q makes KL(P||Q) "
          "infinite where P > 0 (hint: scale the values, or `smooth q EPS`)"
          in out, out + err)
    check("REPL: `normalize` repeats it, and undo forgets it",
          out.count("warning: Q entry 2") == 2, out)
    f = write("zeroed.csv", "label,p,q\nbig,1e308,1\nsmall,5e-324,1\n")
    rc, out, err = run(["--repl"], stdin=f"load {f}\n")
    check("REPL: `load` warns about the file's entry",
          "warning: P entry 2 ('small') was positive" in out, out + err)
    rc, out, err = run(["--json", "-p", "1e-320 1"])
    j = json.loads(out)
    check("a subnormal that survives is not reported",
          j.get("zeroed_p") == 0 and j["terms"][0]["p"] > 0, out + err)


def test_numeric_labels():
    """A label equal to the word wins over an index; #N is always the
    N-th entry; the binomial preset's labels are not numbers."""
    f = write("counts.csv", "label,p,q\n0,1,1\n1,1,1\n2,1,1\n3,1,1\n")
    rc, out, err = run(["--repl", f], stdin="set p 0 0.5\nset q 3 0.25\n"
                       "set q #3 0.25\ndel #1\njson\n")
    j = json.loads(out.splitlines()[-1]) if rc == 0 else {}
    terms = {t["label"]: (t["p"], t["q"]) for t in j.get("terms", [])}
    check("set p 0 / set q 3 / #3 / del #1 name the right entries",
          rc == 0 and sorted(terms) == ["1", "2", "3"] and
          close(terms["3"][0], 1 / 3) and close(terms["3"][1], 0.25 / 0.75)
          and close(terms["2"][1], 0.25 / 0.75), out + err)
    rc, out, err = run(["--json", "--preset", "binomial"])
    j = json.loads(out)
    check("binomial preset: labels k=0 .. k=10",
          [t["label"] for t in j["terms"]] ==
          [f"k={k}" for k in range(11)], out)
    rc, out, err = run(["--repl", "--preset", "binomial"],
                       stdin="set p k=10 0.5\nset p 10 0.25\njson\n")
    j = json.loads(out.splitlines()[-1]) if rc == 0 else {}
    check("binomial: set p k=10 and set p 10 (the 10th, k=9)",
          rc == 0 and close(j["terms"][9]["p"], 0.25), out + err)
    rc, out, err = run(["--repl"], stdin="help\nhelp set\n")
    check("help explains #N and label precedence",
          "#N is always the N-th entry" in out and
          "A label equal to I wins over the\nindex" in out, out)


def test_infinite():
    rc, out, err = run(["--json", "-p", "0.5 0.5 0", "-q", "0.25 0.25 0.5"])
    j = json.loads(out)
    check("[.5,.5,0]||[.25,.25,.5] = ln 2", close(j["kl_pq"], math.log(2)))
    check("reverse is the string inf", j["kl_qp"] == "inf", out)
    check("infinite_qp names the entry", j["infinite_qp"] == ["3"], out)
    rc, out, err = run(["--report", "-p", "0.5 0.5 0", "-q",
                        "0.25 0.25 0.5"])
    check("report names the infinite entry",
          "KL(Q||P) = inf nats  (infinite: p = 0 where q > 0 at entry 3)"
          in out, out)


def test_bad_usage_and_data():
    cases = [
        (["--bogus"], 2, "unknown option '--bogus'"),
        (["--width"], 2, "needs a value"),
        (["--base", "3"], 2, "unknown base '3'"),
        (["-p", "1 2", "-q", "1 2 3"], 1, "-p has 2 values but -q has 3"),
        (["-p", "nan 1"], 1, "'nan' is not allowed"),
        (["-p", "inf 1"], 1, "'inf' is not allowed"),
        (["-p", "-0.1 1"], 1, "negative"),
        (["-p", "1e400 1"], 1, "too large"),
        (["-p", "1e-400 1"], 1, "too small"),
        (["-p", "0x10 1"], 1, "hexadecimal"),
        (["-p", "0,5 0,5"], 1, "decimal comma"),
        (["-p", "0 0"], 1, "all zeros"),
        (["-p", "1,"], 1, "trailing comma"),
        (["-p", ","], 1, "empty value"),
        (["-p", "12abc"], 1, "unexpected 'a'"),
        (["-p", "1_000"], 1, "digit separator"),
        (["no-such-file.csv"], 1, "no-such-file.csv: cannot open"),
        ([TMP], 1, "is a directory"),
    ]
    for args, code, msg in cases:
        rc, out, err = run(["--report"] + args)
        check(f"bad input {args!r} -> exit {code}", rc == code,
              f"rc={rc} err={err}")
        check(f"bad input {args!r} says '{msg}'",
              msg in err and err.startswith("klx: "), err)


def test_files():
    csv = write("a.csv", "# a comment\nlabel,p,q\nx,1,2\ny,2,3\n\nz,3,3\n"
                "w,4,2\n")
    rc, out, err = run(["--json", csv])
    j = json.loads(out)
    check("CSV loads", rc == 0 and close(j["kl_pq"], SEED_PQ), out + err)
    check("CSV labels", [t["label"] for t in j["terms"]] ==
          ["x", "y", "z", "w"], out)
    tsv = write("a.tsv", "q\tp\n0.2\t0.1\n0.3\t0.2\n0.3\t0.3\n0.2\t0.4\n")
    rc, out, err = run(["--json", tsv])
    check("TSV with columns in another order",
          close(json.loads(out)["kl_pq"], SEED_PQ), out + err)
    ws = write("a.txt", "0.1 0.2\r\n0.2 0.3\r\n0.3 0.3\r\n0.4 0.2\r\n")
    rc, out, err = run(["--json", ws])
    check("whitespace columns with CRLF",
          close(json.loads(out)["kl_pq"], SEED_PQ), out + err)
    bom = write("bom.csv", "\ufefflabel,p,q\na,1,1\nb,1,1\n")
    rc, out, err = run(["--json", bom])
    check("UTF-8 BOM is skipped", rc == 0, err)
    bad = write("bad.csv", "label,p,q\na,0.5,0.5\nb,0.5,x1\n")
    rc, out, err = run(["--json", bad])
    check("file error has file:line:col",
          rc == 1 and f"{bad}:3:7: q: 'x1' is not a number" in err, err)
    dup = write("dup.csv", "a,1,1\nb,1,1\na,1,1\n")
    rc, out, err = run(["--json", dup])
    check("duplicate labels rejected",
          rc == 1 and "already used on line 1" in err, err)
    semi = write("semi.csv", "a;0,5;0,3\nb;0,5;0,7\n")
    rc, out, err = run(["--json", semi])
    check("semicolons with decimal commas get a hint", rc == 1 and
          f"{semi}:1:5: p:" in err and "decimal commas" in err, err)
    semi = write("semih.csv", "label;p;q\na;0.5;0.3\n")
    rc, out, err = run(["--json", semi])
    check("a semicolon header gets a hint", rc == 1 and
          "not ';'" in err, err)
    binf = write("bin.dat", b"\x00\x01\x02", "wb")
    rc, out, err = run(["--json", binf])
    check("binary file rejected", rc == 1 and "binary" in err, err)
    empty = write("empty.csv", "")
    rc, out, err = run(["--json", empty])
    check("empty file rejected", rc == 1 and "empty" in err, err)
    rc, out, err = run(["--json", "-"], stdin="0.1,0.2\n0.9,0.8\n")
    check("- reads standard input", rc == 0 and json.loads(out)["n"] == 2,
          err)
    lab = write("lab.csv", 'label,p,q\n"say ""hi"", ok",1,1\n'
                'caf\u00e9\\x,1,2\n\u6f22\u5b57,1,1\n')
    rc, out, err = run(["--json", lab])
    j = json.loads(out) if rc == 0 else {"terms": []}
    check("labels escaped in JSON",
          [t["label"] for t in j["terms"]] ==
          ['say "hi", ok', "caf\u00e9\\x", "\u6f22\u5b57"], out + err)


def test_repl_script():
    script = ("# a comment\n\nset p 1 0.5\nundo\nredo\nkl\nswap\nbase bits\n"
              "terms\nhelp set\nquit\nkl\n")
    rc, out, err = run(["--repl"], stdin=script)
    check("script exits 0", rc == 0, err)
    check("no prompt in script mode", "klx>" not in out, out)
    check("undo says what it undid", "undid: set p 1 0.5" in out, out)
    check("redo says what it redid", "redid: set p 1 0.5" in out, out)
    # set p 1 0.5 rescales b,c,d by 0.5/0.9.
    p = [0.5] + [x * 0.5 / 0.9 for x in (0.2, 0.3, 0.4)]
    q = [0.2, 0.3, 0.3, 0.2]
    kl = sum(a * math.log(a / b) for a, b in zip(p, q))
    check("set rescales the others", f"KL(P||Q) = {kl:.6f} nats" in out,
          out)
    check("help set explains", "set p|q I V" in out, out)
    check("quit stops the script", out.count("asymmetry:") == 1, out)
    swapped = sum(b * math.log2(b / a) for a, b in zip(p, q))
    check("swap then bits", f"KL(P||Q) = {swapped:.6f} bits" in out, out)


def test_repl_errors():
    rc, out, err = run(["--repl"], stdin="kl\nset p 9 0.5\nkl\n")
    check("failing line stops the script", rc == 1 and
          out.count("KL(P||Q) =") == 1, out)
    check("error names the line",
          err.startswith("klx: line 2: set: no entry 9"), err)
    rc, out, err = run(["--repl", "--keep-going"],
                       stdin="bogus\nset p 1 2\nset q x 0.1\nkl\n")
    check("--keep-going runs every line", rc == 1 and
          "KL(P||Q) = 0.126851" in out, out + err)
    check("--keep-going reports each error",
          err.count("klx: line") == 3 and "unknown command 'bogus'" in err
          and "between 0 and 1" in err and "no entry named 'x'" in err, err)
    rc, out, err = run(["--repl"], stdin="p 0,5 0,5\nkl\n")
    check("decimal comma rejected with a hint", rc == 1 and
          "use '.' as the decimal point" in err, err)
    rc, out, err = run(["--repl"], stdin="set\n")
    check("missing arguments", "missing arguments (usage: set p|q I V)"
          in err, err)
    rc, out, err = run(["--repl", "--keep-going"],
                       stdin="del 1\ndel 1\ndel 1\ndel 1\nkl\n")
    check("cannot delete the last entry",
          "cannot delete the only entry" in err, err)


def test_save_load_roundtrip():
    path = os.path.join(TMP, "saved.csv")
    script = (f"p 0.1 0.2 0.7\nq 1e-320 0.3 0.7\nlabels \"a b\" 'c' d,e\n"
              f"base 2\nsave {path}\njson\n")
    rc, out, err = run(["--repl"], stdin=script)
    check("save works", rc == 0 and os.path.exists(path), err)
    before = json.loads(out.splitlines()[-1])
    rc, out2, err = run(["--json", path])
    after = json.loads(out2) if rc == 0 else {}
    check("load reads back exactly what was saved", before == after,
          f"{before}\n{after}\n{err}")
    leftovers = [f for f in os.listdir(TMP) if ".tmp-" in f]
    check("no temporary file left behind", not leftovers, leftovers)


def test_locale():
    loc = os.path.join(TMP, "locale")
    env = dict(ENV)
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    if "de_DE.utf8" not in have.stdout.lower():
        os.makedirs(loc, exist_ok=True)
        subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8",
                        os.path.join(loc, "de_DE.UTF-8")],
                       capture_output=True)
        env["LOCPATH"] = loc
    env["LC_ALL"] = "de_DE.UTF-8"
    probe = subprocess.run(["/usr/bin/printf", "%.1f", "0.5"],
                           capture_output=True, text=True, env=env)
    check("de_DE locale is active for the test", probe.stdout == "0,5",
          probe.stdout + probe.stderr)
    rc, out, err = run(["--json", "-p", "0.1 0.2 0.3 0.4"], env=env)
    check("de_DE: '.' parses", rc == 0 and json.loads(out)["n"] == 4, err)
    rc, out, err = run(["--report"], env=env)
    check("de_DE: output uses '.'", "KL(P||Q) = 0.126851 nats" in out, out)
    rc, out, err = run(["--repl"], stdin="set p 1 0.25\nkl\n", env=env)
    check("de_DE: REPL reads '.'", rc == 0 and "KL(P||Q) = " in out, err)
    jf = write("joint-de.csv", "x/y,a,b\nr,0.4,0.1\ns,0.1,0.4\n")
    rc, out, err = run(["--repl"], stdin=f"joint load {jf}\njoint\n",
                       env=env)
    check("de_DE: joint files read '.' and print '.'",
          rc == 0 and "I(X;Y) = KL(P_XY||P_X P_Y) = 0.192745 nats" in out
          and "0.400000" in out and "0,4" not in out, out + err)


def test_presets():
    rc, out, err = run(["--repl"], stdin="presets\n")
    names = [l.split()[0] for l in out.splitlines() if l.startswith("  ")]
    check("at least 10 presets", len(names) >= 10, out)
    for n in ["seed", "bimodal", "coin", "dice", "letters", "zero-q"]:
        check(f"preset {n} listed", n in names, out)
    check("descriptions fit 80 columns",
          all(len(l) <= 80 for l in out.splitlines()), out)
    rc, out, err = run(["--repl"], stdin="preset coin\nundo\njson\n")
    j = json.loads(out.splitlines()[-1])
    check("preset loads and undo restores the seed",
          rc == 0 and "coin: A fair coin" in out and
          close(j["kl_pq"], SEED_PQ), out + err)
    rc, out, err = run(["--json", "--preset", "dice"])
    j = json.loads(out)
    check("--preset dice", close(j["kl_pq"], 0.24258597169364062077) and
          close(j["kl_qp"], 0.29389333245105950409), out + err)
    rc, out, err = run(["--json", "--preset", "binomial"])
    j = json.loads(out)
    check("--preset binomial", close(j["kl_pq"], 0.82282878505051846392) and
          close(j["kl_qp"], 0.8717669357238887635), out + err)
    rc, out, err = run(["--json", "--preset", "nope"])
    check("unknown preset", rc == 1 and "no preset 'nope'" in err, err)
    rc, out, err = run(["--repl"], stdin="preset coin\nsave\n")
    check("a preset is not the user's file: save needs a name",
          rc == 1 and "no file name" in err, err)


def big_csv(name, n):
    """A table of n rows whose --json --top all is well past a pipe's
    buffer (64 KiB), so a reader that stops early makes writes fail."""
    return write(name, "".join(f"e{i},{i % 7 + 1},{i % 5 + 1}\n"
                               for i in range(n)))


def run_to(args, stdout, stdin=None, ignore_sigpipe=False):
    """Runs klx with stdout going to a file object (/dev/full, a pipe)."""
    pre = ((lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN))
           if ignore_sigpipe else None)
    p = subprocess.run([KLX] + args, input=stdin, stdout=stdout,
                       stderr=subprocess.PIPE, text=True, env=ENV,
                       timeout=60, cwd=TMP, preexec_fn=pre)
    return p.returncode, p.stderr


def run_into_closed_pipe(args, stdin=None, ignore_sigpipe=True):
    """klx (by default with SIGPIPE ignored) writing to a pipe whose reader
    reads one byte and goes away, as `klx ... | head -c 1` does."""
    script = write("closed-pipe-script", stdin or "")
    r, w = os.pipe()
    with open(script) as f:
        p = subprocess.Popen([KLX] + args, stdin=f, stdout=w,
                             stderr=subprocess.PIPE, text=True, env=ENV,
                             cwd=TMP, preexec_fn=lambda: signal.signal(
                                 signal.SIGPIPE, signal.SIG_IGN
                                 if ignore_sigpipe else signal.SIG_DFL))
    os.close(w)
    os.read(r, 1)
    os.close(r)
    _, err = p.communicate(timeout=60)
    return p.returncode, err


def test_output_write_errors():
    full = "klx: cannot write output: No space left on device\n"
    big = big_csv("big-out.csv", 20000)
    with open("/dev/full", "w") as devfull:
        for args in (["--json"], ["--report"], ["--json", "--top", "all",
                     big], ["--report", big], ["--help"], ["--version"]):
            rc, err = run_to(args, devfull)
            check(f"{' '.join(args[:3])} > /dev/full: exit 1 and says why",
                  rc == 1 and err == full, f"rc={rc} {err!r}")
        saved = os.path.join(TMP, "not-saved.csv")
        for opts in ([], ["--keep-going"]):
            rc, err = run_to(["--repl"] + opts, devfull,
                             stdin=f"kl\nsave {saved}\n")
            check(f"script {opts} > /dev/full: stops at line 1, exit 1",
                  rc == 1 and err == "klx: line 1: cannot write output: "
                  "No space left on device\n" and not os.path.exists(saved),
                  f"rc={rc} {err!r}")
    # SIGPIPE ignored: a reader that goes away ends klx quietly, not
    # successfully (141 = 128 + SIGPIPE, as if the signal had ended it).
    rc, err = run_into_closed_pipe(["--json", "--top", "all", big])
    check("--json | head -c 1, SIGPIPE ignored: quiet exit 141",
          rc == 141 and err == "", f"rc={rc} {err!r}")
    rc, err = run_into_closed_pipe(["--json", "--top", "all", big],
                                   ignore_sigpipe=False)
    check("--json | head -c 1: ended quietly by SIGPIPE",
          rc == -signal.SIGPIPE and err == "", f"rc={rc} {err!r}")
    saved = os.path.join(TMP, "not-saved-pipe.csv")
    rc, err = run_into_closed_pipe(["--repl", big],
                                   stdin=f"show\nshow\nsave {saved}\n")
    check("script | head -c 1, SIGPIPE ignored: quiet exit 141, stops",
          rc == 141 and err == "" and not os.path.exists(saved),
          f"rc={rc} {err!r}")


def test_script_read_errors():
    for opts in ([], ["--keep-going"]):
        d = os.open(TMP, os.O_RDONLY)
        p = subprocess.run([KLX, "--repl"] + opts, stdin=d,
                           capture_output=True, text=True, env=ENV,
                           timeout=60, cwd=TMP)
        os.close(d)
        check(f"--repl {opts} < a directory: a read error, exit 1",
              p.returncode == 1 and p.stderr.startswith(
                  "klx: line 1: cannot read the script: Is a directory") and
              p.stderr.count("\n") == 1, f"rc={p.returncode} {p.stderr!r}")
    limit = 16 << 20
    saved = os.path.join(TMP, "after-long.csv")
    # Comment lines, so that only the length matters.
    script = f"kl\n#{'x' * limit}\nsave {saved}\n"
    rc, out, err = run(["--repl"], stdin=script)
    check("a script line over 16 MiB: exit 1 naming the line, stops",
          rc == 1 and err.startswith(
              f"klx: line 2: the line is longer than {limit} bytes") and
          "hint:" in err and out.startswith("KL(P||Q) = ") and
          not os.path.exists(saved), f"rc={rc} {err[:300]!r}")
    rc, out, err = run(["--repl", "--keep-going"], stdin=script)
    check("--keep-going: the over-long line fails, the next ones run",
          rc == 1 and err.count("klx: line") == 1 and
          err.startswith("klx: line 2: ") and os.path.exists(saved),
          f"rc={rc} {err[:300]!r}")
    rc, out, err = run(["--repl"], stdin=f"#{'x' * (limit - 1)}\nkl\n")
    check("a script line of exactly 16 MiB is read", rc == 0 and
          out.startswith("KL(P||Q) = "), f"rc={rc} {err[:300]!r}")


def peak_memory_kib(args, chunks, chunk):
    """Feeds `chunks` copies of `chunk`, then "kl", to klx and waits for
    kl's output (a script's output is flushed command by command); returns
    klx's exit status and its peak resident memory then (VmHWM, which exec
    resets, unlike ru_maxrss that a child inherits from this big Python
    process)."""
    p = subprocess.Popen([KLX] + args, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=ENV, cwd=TMP)
    for _ in range(chunks):
        p.stdin.write(chunk)
    p.stdin.write(b"\nkl\n")
    p.stdin.flush()
    select.select([p.stdout], [], [], 30)
    with open(f"/proc/{p.pid}/status") as f:
        hwm = int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1))
    p.stdin.close()
    p.stdout.read()
    p.wait(timeout=60)
    return p.returncode, hwm


def test_script_long_line_memory():
    # A 160 MiB line is skipped (--keep-going), never held whole: peak
    # memory stays near a run's without the line, plus the 16 MiB cap
    # (twice or more under AddressSanitizer, whose quarantine keeps each
    # buffer a realloc replaced).
    rc0, base = peak_memory_kib(["--repl", "--keep-going"], 0, b"")
    rc, peak = peak_memory_kib(["--repl", "--keep-going"], 160,
                               b"x" * (1 << 20))
    check("a 160 MiB script line is not read into memory",
          rc0 == 0 and rc == 1 and peak - base < 80 * 1024,
          f"rc={rc0},{rc} peak {peak} KiB, baseline {base} KiB")


def test_outside_text_sanitized():
    data = os.path.join(TMP, "evil-data")
    os.makedirs(data, exist_ok=True)
    with open(os.path.join(data, "evil.csv"), "wb") as f:
        f.write(b"# evil \x1b]0;PWNED\x07 \x1b[31mred\xc2\x9b0m\n"
                b"a,1,1\nb,1,2\n")
    env = dict(ENV, KLX_DATA=data)
    rc, out, err = run(["--repl"], stdin="presets\npreset evil\n", env=env)
    check("presets and preset: the description's controls are '?'",
          rc == 0 and "evil ?]0;PWNED? ?[31mred??0m" in out and
          "\x1b" not in out and "\x07" not in out and "\x9b" not in out,
          repr(out))
    name = os.path.join(TMP, "t\x1b]0;x\x07.csv")
    shown = os.path.join(TMP, "t?]0;x?.csv")
    rc, out, err = run(["--repl"], stdin=f"save {name}\nload {name}\n"
                       f"export {name}.txt\n")
    check("saved / loaded / exported: the file name's controls are '?'",
          rc == 0 and f"saved 4 entries to {shown}\n" in out and
          f"loaded 4 entries from {shown}\n" in out and
          f"exported to {shown}.txt\n" in out and "\x1b" not in out,
          repr(out) + err)
    c1 = write("c1.csv", "label,p,q\na\u009b31m,1,1\nb,1,2\n")
    rc, out, err = run(["--report", c1])
    check("--report: a C1 control in a label is refused at file:line:col",
          rc == 1 and out == "" and err.startswith(
              f"klx: {c1}:2:2: label has a control character (U+009B)") and
          "hint:" in err and "\x9b" not in err, repr(err))
    rc, out, err = run(["--repl"], stdin="labels a b\u0085 c d\n")
    check("labels: a C1 control is refused",
          rc == 1 and "label 2: label has a control character (U+0085)"
          in err, repr(err))


def test_measures():
    rc, out, err = run(["--json"])
    j = json.loads(out)
    check("json hellinger", close(j["hellinger"], 0.17546212414579300179))
    check("json js_distance",
          close(j["js_distance"], 0.17469611875191114071))
    check("json renyi 0.5", close(j["renyi"], 0.062541665299334220317) and
          j["alpha"] == 0.5, out)
    check("json chi2", close(j["chi2_pq"], 17 / 60) and
          close(j["chi2_qp"], 0.25), out)
    rc, out, err = run(["--repl"], stdin="alpha 2\njson\nalpha inf\n"
                       "json\nmeasures\n")
    js = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    check("renyi 2 = log(77/60)", close(js[0]["renyi"], math.log(77 / 60)))
    check("renyi 2 reverse = log(5/4)",
          close(js[0]["renyi_qp"], math.log(5 / 4)))
    check("renyi inf = log 2", close(js[1]["renyi"], math.log(2)) and
          js[1]["alpha"] == "inf", out)
    check("measures shows the cross-entropy identity",
          "H(P,Q) = 1.406705 = H(P) + KL(P||Q) = 1.279854 + 0.126851" in out,
          out)
    check("measures fits 80 columns",
          all(len(l) <= 80 for l in out.splitlines()
              if not l.startswith("{")), out)
    rc, out, err = run(["--repl"], stdin="alpha -1\n")
    check("alpha must be > 0", rc == 1 and "must be > 0" in err, err)


def kl(p, q):
    return sum(a * math.log(a / b) for a, b in zip(p, q) if a > 0)


def rescaled(x, i, v):
    return [v if j == i else xj * (1 - v) / (1 - x[i])
            for j, xj in enumerate(x)]


def test_grad_and_smooth():
    p, q = [0.1, 0.2, 0.3, 0.4], [0.2, 0.3, 0.3, 0.2]
    rc, out, err = run(["--repl"], stdin="grad q\ngrad p reverse\n")
    check("grad runs", rc == 0, err)
    lines = out.splitlines()
    h = 1e-7
    for i, label in enumerate("abcd"):
        fd = (kl(p, rescaled(q, i, q[i] + h)) -
              kl(p, rescaled(q, i, q[i] - h))) / (2 * h)
        row = [l for l in lines[1:5] if l.split()[0] == label][0]
        check(f"dKL(P||Q)/dq_{label} matches a finite difference",
              abs(float(row.split()[-1 if "<-" not in row else -5]) - fd)
              < 1e-5, f"{row} vs {fd}")
    check("grad marks the fastest entry",
          "KL(P||Q) falls fastest when q_4 (d) goes up." in out, out)
    fd = (kl(q, rescaled(p, 0, p[0] + h)) -
          kl(q, rescaled(p, 0, p[0] - h))) / (2 * h)
    row = [l for l in lines if l.strip().startswith("a ")][1]
    check("dKL(Q||P)/dp_a matches a finite difference",
          abs(float(row.split()[-1 if "<-" not in row else -5]) - fd) < 1e-5,
          f"{row} vs {fd}")
    rc, out, err = run(["--repl"], stdin="preset zero-q\nsmooth 0.01\n"
                       "json\nundo\nkl\n")
    j = json.loads([l for l in out.splitlines() if l.startswith("{")][0])
    pp, qq = [0.25, 0.25, 0.5], [(x + 0.01) / 1.03 for x in (0.5, 0.5, 0)]
    check("smooth tames the infinite KL", "KL(P||Q): inf -> " in out and
          close(j["kl_pq"], kl(pp, qq)), out)
    check("smooth is undoable", "KL(P||Q) = inf nats" in out, out)
    rc, out, err = run(["--repl"], stdin="smooth -1\n")
    check("smooth rejects a bad amount", rc == 1 and "must be > 0" in err,
          err)


def test_tour():
    script = ("p 1 2 3\nq 3 2 1\nbase bits\njson\ntour\n" +
              "next\n" * 8 + "back\nset p 1 0.9\ntour end\njson\nundo\n"
              "undo\nundo\nkl\n")
    rc, out, err = run(["--repl"], stdin=script)
    check("tour runs", rc == 0, err)
    lessons = [l for l in out.splitlines() if l.startswith("lesson ")]
    check("at least 7 lessons", len(lessons) == 10 and
          lessons[-1].startswith("lesson 8/9"), lessons)
    check("captions fit 80 columns",
          all(len(l) <= 80 for l in out.splitlines()
              if not l.startswith("{")), out)
    js = [l for l in out.splitlines() if l.startswith("{")]
    check("tour end restores the user's data exactly", len(js) == 2 and
          js[0] == js[1], js)
    check("undo history survives the tour",
          "undid: base bits" in out and "undid: q 3 2 1" in out and
          "undid: p 1 2 3" in out, out)
    rc, out, err = run(["--repl"], stdin="next\n")
    check("next without a tour", rc == 1 and "no tour is running" in err,
          err)
    rc, out, err = run(["--repl", "--tour"], stdin="")
    check("--tour starts the tour", out.startswith("lesson 1/9"), out + err)


def test_export():
    svg = os.path.join(TMP, "view.svg")
    md = os.path.join(TMP, "view.md")
    txt = os.path.join(TMP, "view.txt")
    script = (f"labels \"a<b\" \"c&d\" \"e|f\" g\nexport {svg}\n"
              f"export {md}\nexport {txt}\nshow\n")
    rc, out, err = run(["--repl"], stdin=script)
    check("export runs", rc == 0, err)
    import xml.etree.ElementTree as ET
    try:
        root = ET.parse(svg).getroot()
        texts = "".join(t.text or "" for t in root.iter(
            "{http://www.w3.org/2000/svg}text"))
        ok = (root.tag == "{http://www.w3.org/2000/svg}svg" and
              "a<b" in texts and "c&d" in texts and
              "KL(P||Q) = 0.126851 nats" in texts and
              len(list(root.iter("{http://www.w3.org/2000/svg}rect"))) >= 17)
    except ET.ParseError as e:
        ok, texts = False, str(e)
    check("SVG is valid XML with labels, bars and totals", ok, texts)
    mdtext = open(md).read()
    check("Markdown has a table, totals and a code block",
          "| e\\|f | 0.300000 | 0.300000 | 0 | 0 |" in mdtext and
          "**KL(P||Q) = 0.126851 nats**" in mdtext and
          mdtext.count("```") == 2, mdtext)
    check("text export is the report", open(txt).read() in out, out)
    rc, out, err = run(["--repl"], stdin=f"export {TMP}/x.pdf\n")
    check("unknown export format", rc == 1 and ".txt, .md or .svg" in err,
          err)
    # Code points XML forbids, and labels that look like Markdown markup.
    script = ("labels \"a\uffffb\" \"\ufffe\" \"<i>&`x`\" \"```\"\n"
              f"export {svg}\nexport {md}\n")
    rc, out, err = run(["--repl"], stdin=script)
    try:
        root = ET.parse(svg).getroot()
        texts = [t.text or "" for t in root.iter(
            "{http://www.w3.org/2000/svg}text")]
        ok = "a\ufffdb" in texts and "<i>&`x`" in texts
    except ET.ParseError as e:
        ok, texts = False, str(e)
    check("SVG with U+FFFF and U+FFFE in labels parses", rc == 0 and ok,
          f"{err}{texts}")
    mdtext = open(md).read()
    table = mdtext[:mdtext.find("\n````")]
    check("Markdown escapes labels in the table",
          "| &lt;i&gt;&amp;&#96;x&#96; | 0.300000 |" in table and
          "| &#96;&#96;&#96; | 0.400000 |" in table and "<i>" not in table,
          mdtext)
    check("a label of backticks cannot close the report's code block",
          mdtext.count("\n````\n") == 2, mdtext)


def test_history_through_symlink():
    """The REPL's history is saved like a table: through a symbolic link,
    keeping the file it points to."""
    import pty
    state = os.path.join(TMP, "hstate")
    os.makedirs(os.path.join(state, "klx"))
    real = os.path.join(TMP, "real-history")
    with open(real, "w") as f:
        f.write("kl\n")
    os.chmod(real, 0o640)
    link = os.path.join(state, "klx", "history")
    os.symlink(real, link)
    master, slave = pty.openpty()
    p = subprocess.Popen([KLX, "--repl"], stdin=slave, stdout=slave,
                         stderr=slave, cwd=TMP,
                         env=dict(ENV, XDG_STATE_HOME=state, TERM="dumb"))
    os.close(slave)
    os.write(master, b"swap\r")
    os.write(master, b"quit\r")
    out = read_pty(master)
    rc = p.wait(timeout=60)
    text = open(real).read()
    check("history saved through a symbolic link",
          rc == 0 and os.path.islink(link) and "swap\n" in text and
          stat_mode(real) == 0o640, f"{rc} {text!r} {out[-300:]!r}")


def stat_mode(path):
    return os.stat(path).st_mode & 0o7777


def test_help_version():
    rc, out, err = run(["--help"])
    check("--help exits 0", rc == 0)
    for s in ["0*log(0/q) = 0", "normalized", "--repl", "--json",
              "Exit status", "cannot be written",
              "key with the command it runs"]:
        check(f"--help mentions {s}", s in out, out)
    rc, out, err = run(["--version"])
    check("--version", rc == 0 and out.startswith("klx "), out)
    rc, out, err = run([])
    check("no tty: plain klx prints the report",
          rc == 0 and "KL(P||Q) = 0.126851 nats" in out, out + err)



def big_table(n, seed):
    """A generated table of n rows (label,p,q) and the top entries by the
    larger |term| either way, computed here in Python."""
    import random
    rnd = random.Random(seed)
    ps = [rnd.randint(1, 999999) for _ in range(n)]
    qs = [rnd.randint(1, 999999) for _ in range(n)]
    path = os.path.join(TMP, f"big{n}.csv")
    with open(path, "w") as f:
        f.write("label,p,q\n")
        f.write("".join(f"tok{i},{a},{b}\n"
                        for i, (a, b) in enumerate(zip(ps, qs))))
    sp, sq = float(sum(ps)), float(sum(qs))
    log = math.log
    keys = []
    for a, b in zip(ps, qs):
        p, q = a / sp, b / sq
        keys.append(max(abs(p * log(p / q)), abs(q * log(q / p))))
    order = sorted(range(n), key=lambda i: (-keys[i], i))
    return path, order, keys


def test_top_large():
    n = 10 ** 6
    path, order, keys = big_table(n, 5)
    # the fifth and sixth must be far apart for the order to be certain
    check("generated top 6 are distinct",
          keys[order[4]] - keys[order[5]] > 1e-9 * keys[order[4]])
    rc, out, err = run(["--report", "--top", "5", path])
    check("--top 5 report exits 0", rc == 0, err)
    rows = [l.split()[0] for l in out.splitlines() if l.startswith("tok")]
    want = [f"tok{i}" for i in order[:5]]
    check("--top 5 lists the true top 5, largest first", rows == want,
          f"{rows} != {want}")
    check("--top 5 says it is a selection",
          "showing the 5 entries with the largest |term|" in out and
          f"... and {n - 5} more entries" in out, out)
    check("--top 5 report keeps the totals", "KL(P||Q) = " in out, out)
    check("labels are not cut", "tok" + str(order[0]) + " " in out, out)
    rc, out, err = run(["--json", "--top", "5", path])
    j = json.loads(out)
    check("--json --top 5: terms_shown and terms_total",
          j.get("terms_shown") == 5 and j.get("terms_total") == n, out[:300])
    check("--json --top 5: the true top 5",
          [t["label"] for t in j["terms"]] == want, out[-600:])
    k = j["terms"][0]
    i = order[0]
    check("--json --top: terms of the first row",
          close(max(abs(k["kl_pq"]), abs(k["kl_qp"])), keys[i], 1e-12), k)


def run_tty(args):
    """Runs klx with standard output on a pseudo-terminal."""
    import pty
    master, slave = pty.openpty()
    p = subprocess.Popen([KLX] + args, stdout=slave, stderr=subprocess.PIPE,
                         env=ENV, cwd=TMP)
    os.close(slave)
    out = read_pty(master)
    p.wait(timeout=60)
    return p.returncode, out.decode().replace("\r\n", "\n")


def read_pty(master):
    """Everything written to a pseudo-terminal until its last writer
    closes it; closes the master."""
    chunks = []
    while True:
        try:
            b = os.read(master, 65536)
        except OSError:
            break
        if not b:
            break
        chunks.append(b)
    os.close(master)
    return b"".join(chunks)


def test_top_default_terminal():
    path = write("t300.csv", "label,p,q\n" + "".join(
        f"e{i},{i + 1},{300 - i}\n" for i in range(300)))
    rc, out = run_tty(["--report", path])
    rows = [l for l in out.splitlines() if re.match(r"e\d+ ", l)]
    check("a report of 300 entries to a terminal lists 20", rc == 0 and
          len(rows) == 20 and "showing the 20 entries" in out and
          "--top all" in out, out[:2000])
    rc, out = run_tty(["--report", "--top", "all", path])
    rows = [l for l in out.splitlines() if re.match(r"e\d+ ", l)]
    check("--top all lists all 300 on a terminal", len(rows) == 300,
          len(rows))
    rc, out, err = run(["--report", path])
    rows = [l for l in out.splitlines() if re.match(r"e\d+ ", l)]
    check("a report to a pipe lists all 300", len(rows) == 300, len(rows))
    rc, out, err = run(["--json", path])
    j = json.loads(out)
    check("--json to a pipe keeps all terms",
          len(j["terms"]) == 300 and "terms_shown" not in j, out[:200])
    rc, out = run_tty(["--json", path])
    j = json.loads(out)
    check("--json to a terminal lists the top 20 and says so",
          len(j["terms"]) == 20 and j["terms_shown"] == 20 and
          j["terms_total"] == 300, out[:200])
    rc, out, err = run(["--report", "--top", "x", path])
    check("--top x is a usage error", rc == 2 and "--top wants" in err, err)


def mutual_information(rows):
    px = [sum(r) for r in rows]
    py = [sum(c) for c in zip(*rows)]
    return sum(v * math.log(v / (px[i] * py[k]))
               for i, r in enumerate(rows) for k, v in enumerate(r) if v > 0)


def test_joint():
    script = ("joint 2 2 0.4 0.1 0.1 0.4\njoint\njoint json\nbase bits\n"
              "joint kl\nkl\nundo\nundo\nkl\njoint set x1 y2 0\n"
              "joint\nundo\njoint copy 4\njoint noisy 0.1\njoint indep\n"
              "joint json\n")
    rc, out, err = run(["--repl"], stdin=script)
    check("joint script exits 0", rc == 0, err)
    # REFERENCE-VALUES: I = 0.1927448 nats (0.2780719 bits)
    check("joint gives I in nats",
          "I(X;Y) = KL(P_XY||P_X P_Y) = 0.192745 nats" in out, out)
    check("joint shows the product and the terms",
          "product of the marginals p(x)p(y):" in out and
          "-0.091629" in out and "0.188001" in out, out)
    check("joint checks the identities",
          "H(X) + H(Y) - H(X,Y)" in out and "H(Y) - H(Y|X)" in out, out)
    check("joint shows the reverse direction",
          "reverse: KL(P_X P_Y||P_XY) = 0.223144 nats" in out, out)
    objs = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    check("joint json twice", len(objs) == 2, out)
    j = objs[0]
    for key in ["mutual_information", "entropy_x", "entropy_y",
                "entropy_xy", "cond_entropy_x_given_y",
                "cond_entropy_y_given_x", "reverse_kl", "cells"]:
        check(f"joint json has {key}", key in j, j)
    mi = mutual_information([[0.4, 0.1], [0.1, 0.4]])
    check("joint json mutual_information", close(j["mutual_information"],
                                                  mi), j)
    check("joint json entropy_xy", close(
        j["entropy_xy"], -2 * (0.4 * math.log(0.4) + 0.1 * math.log(0.1))), j)
    check("joint json reverse", close(j["reverse_kl"],
                                      0.5 * math.log(0.625) +
                                      0.5 * math.log(2.5)), j)
    check("joint json cells", len(j["cells"]) == 4 and
          j["cells"][1]["x"] == "x1" and j["cells"][1]["y"] == "y2" and
          close(j["cells"][1]["term"], 0.1 * math.log(0.4)), j)
    check("joint kl: the same KL in bits",
          f"KL(P||Q) = {mi / math.log(2):.6f} bits = I(X;Y)" in out and
          f"KL(P||Q) = {mi / math.log(2):.6f} bits\n" in out, out)
    check("joint kl and base undone", out.count("undid:") == 3 and
          "KL(P||Q) = 0.126851 nats   KL(Q||P) = 0.121640 nats" in out, out)
    check("joint set makes the reverse infinite",
          "(cell (x1, y2) is 0 while p(x)p(y) is not)" in out, out)
    check("joint copy 4 gives log 4",
          f"I(X;Y) = KL(P_XY||P_X P_Y) = {math.log(4):.6f} nats" in out, out)
    bsc = math.log(2) + 0.1 * math.log(0.1) + 0.9 * math.log(0.9)
    check("joint noisy gives log 2 - H_b",
          f"I(X;Y) = KL(P_XY||P_X P_Y) = {bsc:.6f} nats" in out, out)
    check("joint indep gives exactly 0",
          objs[1]["mutual_information"] == 0, objs[1])

    # files: a matrix CSV with labels, counts, and the long form
    m = write("weather.csv", "# rain and umbrellas\nx\\y,rain,dry\n"
              "umbrella,30,10\nnone,10,50\n")
    lf = write("long.csv", "x,y,p\nu,rain,30\nu,dry,10\nn,rain,10\n"
               "n,dry,50\n")
    saved = os.path.join(TMP, "joint-saved.csv")
    md = os.path.join(TMP, "joint.md")
    svg = os.path.join(TMP, "joint.svg")
    txt = os.path.join(TMP, "joint.txt")
    rc, out, err = run(["--repl"], stdin=(
        f"joint load {m}\njoint json\njoint load {lf}\njoint json\n"
        f"joint save {saved}\njoint copy 2\njoint load {saved}\n"
        f"joint json\njoint export {md}\njoint export {svg}\n"
        f"joint export {txt}\n"))
    check("joint files exit 0", rc == 0, err)
    objs = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    want = mutual_information([[0.3, 0.1], [0.1, 0.5]])
    check("matrix CSV of counts", close(objs[0]["mutual_information"], want)
          and objs[0]["normalized"] and
          objs[0]["x_labels"] == ["umbrella", "none"] and
          objs[0]["y_labels"] == ["rain", "dry"], objs[0])
    check("joint load says what it loaded",
          f"loaded a 2 x 2 joint table from {m}\n" in out, out)
    check("counts are said to be normalized",
          "note: the values summed to 100 and were normalized" in out, out)
    check("long form", close(objs[1]["mutual_information"], want) and
          objs[1]["x_labels"] == ["u", "n"], objs[1])
    check("joint save reads back exactly",
          objs[2]["cells"] == objs[1]["cells"] and
          not objs[2]["normalized"], objs[2])
    with open(md) as f:
        mdt = f.read()
    with open(svg) as f:
        svgt = f.read()
    with open(txt) as f:
        txtt = f.read()
    check("joint export md", "| x \\ y | rain | dry |" in mdt and
          "**I(X;Y) = KL(P_XY||P_X P_Y) =" in mdt, mdt)
    check("joint export svg", svgt.startswith("<?xml") and
          "<title>" in svgt and svgt.rstrip().endswith("</svg>"), svgt)
    check("joint export txt", "product of the marginals" in txtt, txtt)


def test_file_changed_while_read():
    """A table file truncated while klx loads it (`truncate -s 1000` during
    a load of 10^6 rows): a mapped file that shrank killed klx with SIGBUS,
    losing the session. Each load now gives the whole table, the truncated
    one (truncated before it was opened) or 'changed while being read'; in
    a run and through the REPL's `load`, whose session lives on."""
    n, rows = 1_000_000, b"0.840188,0.394383\n"
    path = os.path.join(TMP, "shrinking.csv")
    changed = f"{path}: changed while being read (hint: "
    whole = {str(n), str(1000 // len(rows) + 1)}
    seen, bad = [], []
    for i in range(8):
        with open(path, "wb") as f:
            f.write(rows * n)
        repl = i % 2 == 1
        args = ["--repl", "--keep-going"] if repl else ["--json", "--top",
                                                         "1", path]
        p = subprocess.Popen([KLX] + args, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=ENV, cwd=TMP)
        if repl:
            p.stdin.write(f"add w 0.1 0.1\nload {path}\ntop 1\n")
            p.stdin.flush()
        time.sleep(0.02 * i)
        os.truncate(path, 1000)
        out, err = p.communicate("" if repl else None, timeout=60)
        sizes = re.findall(r"of (\d+) entries" if repl else r'"n":(\d+)',
                           out)
        if p.returncode == 0 and sizes and sizes[-1] in whole:
            seen.append(sizes[-1])
        elif p.returncode == 1 and err.count("\n") == 1 and \
                changed in err and (not repl or set(sizes) == {"5"}):
            seen.append("changed")
        else:
            bad.append((p.returncode, err, sizes))
    print(f"# a file truncated while loaded: {seen}")
    check("a file truncated while loaded: the whole table, the truncated "
          "one or 'changed while being read', never a signal", not bad, bad)
    os.unlink(path)


def test_sparse_file_with_nul():
    """A 1 GiB sparse file (all NUL bytes) is rejected from its first chunk:
    it was read whole (2.6 s, 1 GB resident) before. The peak resident size
    is klx's alone: a fresh interpreter forks and runs it."""
    path = os.path.join(TMP, "sparse.bin")
    with open(path, "wb") as f:
        f.truncate(1 << 30)
    helper = ("import os, sys\n"
              "pid = os.fork()\n"
              "if pid == 0:\n"
              "    os.execv(sys.argv[1], sys.argv[1:])\n"
              "_, st, ru = os.wait4(pid, 0)\n"
              "print(os.waitstatus_to_exitcode(st), ru.ru_maxrss)\n")
    # meson's MALLOC_PERTURB_ would fill (and make resident) the row arrays
    # a load sizes from the file's length before it reads a line.
    env = {k: v for k, v in ENV.items() if k != "MALLOC_PERTURB_"}
    p = subprocess.run([sys.executable, "-c", helper, KLX, "--json", path],
                       capture_output=True, text=True, env=env, timeout=60)
    rc, kb = (int(w) for w in p.stdout.split()[-2:])
    check("a 1 GiB sparse file: rejected as binary at 1:1",
          rc == 1 and p.stderr.startswith(f"klx: {path}:1:1: NUL byte"),
          p.stderr)
    check("a 1 GiB sparse file: not read (peak resident size < 128 MB)",
          kb < 128 * 1024, f"{kb} KB")
    os.unlink(path)


def test_families():
    """Issue 14: P and Q from families, in the REPL and from -p/-q."""
    script = ("p binom 10 0.3\nq binom 10 0.5\nfamily\njson\n"
              "param q theta 0.3\nkl\nundo\nset p 1 0.2\nfamily\nundo\n"
              "family\np poisson 3\nq poisson 5\n"
              "p normal 0 1 -5:5:0.5\nq normal 1 2\nbase bits\nfamily\n")
    rc, out, err = run(["--repl"], stdin=script)
    check("families script exits 0", rc == 0, err)
    check("binom labels are the support 0..10",
          '"label":"0"' in out and '"label":"10"' in out, out)
    j = json.loads([l for l in out.splitlines() if l.startswith("{")][0])
    check("KL(Bin(10,.3)||Bin(10,.5)) = 0.8228287",
          close(j["kl_pq"], 0.82282878505051846392), j["kl_pq"])
    check("the binomial closed form is shown",
          "KL(P||Q) = 0.822828785 nats   the sum over the table: "
          "0.822828785" in out, out)
    check("family lists both", "P = binom 10 0.3" in out and
          "Q = binom 10 0.5   (parameters: n theta)" in out, out)
    check("param moves theta", "KL(P||Q) = 0 nats   KL(Q||P) = 0 nats"
          in out, out)
    check("an edit by hand forgets the family, undo brings it back",
          out.count("P: no family") == 1 and
          out.count("P = binom 10 0.3") == 2, out)
    check("Poisson closed form 0.4675231 and the truncation",
          "KL(P||Q) = 0.467523129 nats" in out and
          "truncation changes the sum by" in out, out)
    check("normal: the continuous value and the discretization gap",
          "KL(P||Q) = 0.639326240 bits" in out and
          "discretization gap (sum - continuous)" in out, out)
    rc, out, err = run(["--json", "-p", "binom 10 0.3", "-q",
                        "binom 10 0.5"])
    j = json.loads(out) if rc == 0 else {}
    check("-p/-q families", rc == 0 and j.get("n") == 11 and
          close(j["kl_pq"], 0.82282878505051846392) and
          close(j["kl_qp"], 0.8717669357238887635), out + err)
    rc, out, err = run(["--json", "-p", "mix 0.5 (normal -2 1 -6:6:1) "
                        "(normal 2 1 -6:6:1)", "-q", "normal 0 2"])
    check("-p mix of normals, -q a normal on its grid",
          rc == 0 and json.loads(out)["n"] == 13, out + err)
    rc, out, err = run(["--repl"], stdin="help p\nhelp family\n"
                       "help param\n")
    check("help tells the families", "poisson LAMBDA [K]" in out and
          "discretization gap" in out and "param q.theta 0.4" in out, out)


def test_sample():
    """Issue 14: KL as the average of log(p/q) over draws from P."""
    rc, out, err = run(["--repl"], stdin="sample 20000 3 json\nsample 100\n"
                       "base bits\nsample 100\n")
    check("sample exits 0", rc == 0, err)
    lines = out.splitlines()
    j = json.loads(lines[0]) if lines and lines[0].startswith("{") else {}
    counts = j.get("counts", [])
    check("sample json: the seed, every count, N draws",
          j.get("seed") == 3 and len(counts) == 4 and sum(counts) == 20000,
          out)
    check("sample json: the mean within 4 SE of KL(P||Q)",
          j and abs(j["mean"] - SEED_PQ) <= 4 * j["se"], j)
    plug = sum(c / 20000 * math.log(c / 20000 / q)
               for c, q in zip(counts, (0.2, 0.3, 0.3, 0.2)))
    check("sample json: the plug-in estimate from the counts",
          j and close(j["plugin"], plug, 1e-9) and
          close(j["plugin_bias"], 3 / 40000), j)
    text = out[out.index("100 draws"):]
    check("sample prints the running mean and the counts",
          "running mean of log(p/q)" in text and "count/N" in text, text)
    nats, bits = text.split("100 draws")[1:3]
    check("sample follows the base", "nats" in nats and "bits" in bits and
          "KL(P||Q) = 0.183007 bits" in bits, text)


def test_code():
    """Issue 14: KL as the extra bits of coding P with Q's code."""
    rc, out, err = run(["--repl", "-b", "10"], stdin="code\n")
    h = -sum(x * math.log2(x) for x in (0.1, 0.2, 0.3, 0.4))
    kl = SEED_PQ / math.log(2)
    check("code exits 0", rc == 0, err)
    check("code: the identity in bits whatever the base",
          f"E_P[-log2 q] = {h + kl:.9f} = H(P) + KL(P||Q) = {h:.9f} + "
          f"{kl:.9f}" in out, out)
    check("code: Huffman words and the overhead above H(P)",
          "110" in out and
          f"Huffman code for P: 1.900000 bits ({1.9 - h:.6f} above H(P))"
          in out, out)


def test_sweep():
    """Issue 14: KL both ways as curves over a parameter."""
    rc, out, err = run(["--repl"], stdin="p binom 10 0.3\nq binom 10 0.5\n"
                       "sweep q.theta 0.1 0.5 5 json\n"
                       "sweep q.theta 0.05 0.95\n")
    check("sweep exits 0", rc == 0, err)
    j = json.loads([l for l in out.splitlines() if l.startswith("{")][0])
    xs = [pt["x"] for pt in j["points"]]
    check("sweep json: the points from FROM to TO",
          len(xs) == 5 and close(xs[0], 0.1) and close(xs[-1], 0.5), j)
    kl = 10 * (0.3 * math.log(0.3 / 0.3) + 0.7 * math.log(0.7 / 0.7))
    check("sweep json: KL(Bin(10,.3)||Bin(10,.3)) = 0 at x = 0.3",
          abs(j["points"][2]["a"] - kl) < 1e-12 and
          close(j["min_a"]["x"], 0.3), j)
    b = 10 * (0.3 * math.log(0.3 / 0.2) + 0.7 * math.log(0.7 / 0.8))
    check("sweep json: the binomial KL at x = 0.2",
          close(j["points"][1]["a"], b, 1e-12), j)
    check("sweep text: chart, legend, both minima",
          "* KL(P||Q)   o KL(Q||P)" in out and
          "min KL(P||Q) = " in out and "min KL(Q||P) = " in out and
          "+----" in out, out)


def test_readme_examples():
    """Every `$ klx ...` example in the README shows what klx prints."""
    readme = os.path.join(os.path.dirname(DATA), "README.md")
    text = open(readme, encoding="utf-8").read()
    blocks = re.findall(r"```\n\$ klx([^\n]*)\n(.*?)```", text, re.S)
    check("README has `$ klx` examples", blocks)
    for args, shown in blocks:
        rc, out, err = run(args.split())
        check(f"README example `klx{args}` is what klx prints",
              rc == 0 and out == shown, f"rc {rc} {err}\n{out}")


def test_report_fits_the_width():
    """--report -w N: prose wraps at N; a table row that cannot be that
    narrow is cut and ends in '...' (an ellipsis with --unicode)."""
    for width in (40, 60):
        for preset in ("seed", "disjoint", "bimodal", "identical"):
            for extra in ([], ["--unicode"]):
                rc, out, err = run(["--report", "-w", str(width), "--preset",
                                    preset] + extra)
                more = "\u2026" if extra else "..."
                long = [l for l in out.splitlines() if len(l) > width]
                cut = [l for l in out.splitlines()
                       if len(l) == width and l.endswith(more)]
                prose = [l for l in out.splitlines() if l.startswith(
                    ("KL(", "asymmetry", "never", "  KL", "  Both"))]
                check(f"-w {width} {preset} {' '.join(extra)}: no line "
                      "wider, prose whole", rc == 0 and not long and
                      len(prose) >= 5 and not any(l.endswith(more)
                                                  for l in prose),
                      out)
                if width == 40:
                    check(f"-w 40 {preset} {' '.join(extra)}: rows cut say "
                          "so", len(cut) >= 3, out)
    rc, out, err = run(["--report", "-w", "60", "--preset", "seed"])
    check("-w 60: the table fits without bars, the numbers whole",
          "-0.069315    0.138629" in out and "..." not in out, out)
    rc, out, err = run(["--help"])
    check("--help says how the width is kept",
          "prose wraps at it" in out and "'...'" in out, out)


def test_renyi_spelling():
    """One spelling: Rényi in UTF-8 output, Renyi only when the output is
    ASCII (LANG=C or --ascii), like the other non-ASCII glyphs."""
    script = "help alpha\nalpha 2\nmeasures\nsweep alpha 0 2\n"
    rc, out, err = run(["--repl", "--keep-going"], stdin=script)
    both = out + err
    check("UTF-8: help, alpha, measures and errors say Rényi",
          both.count("Rényi") >= 4 and "Renyi" not in both, both)
    for how, args, env in (("LANG=C", [], dict(ENV, LC_ALL="C")),
                           ("--ascii", ["--ascii"], ENV)):
        rc, out, err = run(["--repl", "--keep-going"] + args, stdin=script,
                           env=env)
        both = out + err
        check(f"{how}: Renyi, in ASCII", both.count("Renyi") >= 4 and
              all(ord(c) < 128 for c in both), both)
    root = os.path.dirname(DATA)
    for name in (os.path.join(root, "README.md"),
                 os.path.join(os.path.dirname(KLX), "klx.1")):
        if not os.path.exists(name):
            continue
        with open(name, encoding="utf-8") as f:
            text = f.read()
        check(f"{os.path.basename(name)} spells Rényi",
              "Rényi" in text and "Renyi" not in text,
              [l for l in text.splitlines() if "Renyi" in l])


PLANTED = """# Planted errors

## Fine start
> preset seed
A caption.

## Unknown command
> frobnicate
Text.

## Bad argument
> set p 99 0.5
Text.
? kl(P||Q) = -2

## Impossible target
> preset seed
? kl(Q||P) = 40 only q
Text.
## Too long
1
2
3
4
5
6
7
"""


def test_check_lesson():
    path = write("planted.md", PLANTED)
    rc, out, err = run(["--check-lesson", path])
    check("--check-lesson: exit 1 on problems", rc == 1, (rc, out, err))
    want = {8: "unknown command 'frobnicate'", 12: "set: ",
            14: "KL is never negative", 18: "can never be met",
            20: "7 caption lines"}
    for line, what in want.items():
        check(f"--check-lesson: line {line} ({what})",
              any(l.startswith(f"{path}:{line}: ") and what in l
                  for l in err.splitlines()), err)
    check("--check-lesson: five problems and the count",
          len([l for l in err.splitlines() if l.startswith(path)]) == 5 and
          err.endswith(f"klx: 5 problems in {path}\n"), err)
    shipped = sorted(n for n in os.listdir(os.path.join(DATA, "lessons"))
                     if n.endswith(".md"))
    check("lessons are shipped", "tour.md" in shipped and
          "forward-reverse.md" in shipped and len(shipped) >= 6,
          shipped)
    for name in shipped:
        p = os.path.join(DATA, "lessons", name)
        rc, out, err = run(["--check-lesson", p])
        check(f"--check-lesson {name}: no problems",
              rc == 0 and out == f"{p}: no problems\n" and not err, err)
    bad = write("bad-utf8.md", b"# T\n## S\nok\nbad \xff here\n", "wb")
    rc, out, err = run(["--check-lesson", bad])
    check("invalid UTF-8: file:line:column", rc == 1 and
          f"{bad}:4:5: not UTF-8 text" in err, err)
    big = write("big.md", ("x" * 70 + "\n") * (10 * 1024 * 1024 // 71))
    t0 = time.monotonic()
    rc, out, err = run(["--check-lesson", big])
    check("10 MB: refused by its size, quickly", rc == 1 and
          f"{big}:1: 1048577 bytes: a lesson is at most 1048576" in err and
          time.monotonic() - t0 < 10, err)
    rc, out, err = run(["--check-lesson", os.path.join(TMP, "none.md")])
    check("--check-lesson: a missing file", rc == 1 and
          "cannot open lesson" in err, err)
    rc, out, err = run(["--check-lesson", path, "--repl"])
    check("--check-lesson goes alone", rc == 2, err)


def test_readme_lesson_example():
    """The README's lesson example checks clean and runs as it says."""
    readme = os.path.join(os.path.dirname(DATA), "README.md")
    text = open(readme, encoding="utf-8").read()
    section = text[text.index("### Lesson files"):]
    example = re.search(r"```\n(# .*?)```", section, re.S).group(1)
    path = write("example.md", example)
    rc, out, err = run(["--check-lesson", path])
    check("the README's lesson checks clean", rc == 0 and not err, err)
    rc, out, err = run(["--repl", "--lesson", path],
                       stdin="next\nfit gauss forward\nnext\n"
                             "answer forward\nlesson end\n")
    check("the README's lesson: the target is met by the forward fit",
          rc == 0 and "question answered: KL(P||Q) = 0.484" in out and
          "right: the answer is 'forward'" in out, out + err)


# The quiz the tmux tests run in the explorer too.
QUIZ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quiz.md")


def test_lesson_repl():
    path = QUIZ
    script = ("set p 1 0.3\njson\nundo\nq 0.1 0.9\n"
              "next\nanswer reverse\nanswer forward\nlesson end\njson\n")
    rc, out, err = run(["--repl", "--lesson", path], stdin=script)
    check("--lesson runs a lesson file", rc == 0 and
          out.startswith("lesson 1/2: Reach a target\n"), out + err)
    check("the question is named",
          "question: make KL(P||Q) = 0.5108 +- 0.001 by changing Q only" in
          out, out)
    check("the revealed line only after the answer",
          out.index("question answered: KL(P||Q) = 0.510826 nats\n"
                    "Q = (0.1, 0.9) does it.") > out.index("undid"), out)
    check("a choice: wrong, then right",
          "not quite: 'reverse'" in out and "right: the answer is 'forward'"
          "\nKL(P||Q) = 0.1269 > KL(Q||P) = 0.1216." in out, out)
    rc, out, err = run(["--repl", "--lesson", path], stdin="answer x\n")
    check("answer outside a choice step fails", rc == 1 and
          "answer: this step asks no question with choices" in err, err)
    rc, out, err = run(["--repl", "--lesson", "tour"], stdin="")
    check("--lesson NAME runs a shipped lesson",
          out.startswith("lesson 1/9: KL is asymmetric"), out + err)
    rc, out, err = run(["--repl", "--lesson", "nope"], stdin="kl\n")
    check("--lesson with a missing lesson: exit 1 before the REPL",
          rc == 1 and out == "" and "klx: cannot open lesson " in err and
          "/lessons/nope.md" in err, (rc, out, err))
    rc, out, err = run(["--repl"], stdin="lessons\nlesson nope\n")
    check("lessons lists the shipped ones",
          "  tour               A tour of KL divergence" in out, out)
    check("lesson NAME: a missing one", rc == 1 and
          "lesson: cannot open lesson " in err, err)


def main():
    try:
        for name, fn in list(globals().items()):
            if name.startswith("test_") and callable(fn):
                fn()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(check.summary())


main()
