#!/usr/bin/env python3
"""The message catalogs are complete and consistent with the sources.

usage: check_po.py SOURCE_ROOT XGETTEXT_ARGS...

Fails (exit 1, saying which message) when:
  - po/POTFILES does not list exactly the C files of core/ and tui/;
  - a marked message in the sources has no translation in a catalog of
    po/LINGUAS, or only a fuzzy one (msgfmt --check --statistics must
    report 0 untranslated and 0 fuzzy);
  - a catalog keeps a message the sources no longer have;
  - a translation's printf directives (%s, %zu, %.3g, ...) differ from
    the English ones in number, order or type: the program would read its
    arguments wrongly in that language;
  - msgfmt --check finds any other problem (header, format, plural forms).
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

DIRECTIVE = re.compile(
    r"%(?:%|(?:\d+\$)?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
    r"(?:hh|h|ll|l|L|j|z|t)?[diouxXeEfFgGaAcspn])")


def directives(text):
    """The conversions of a printf format, %% left out."""
    return [d for d in DIRECTIVE.findall(text) if d != "%%"]


def unquote(lines):
    out = []
    for l in lines:
        s = l[l.index('"') + 1:l.rindex('"')]
        out.append(bytes(s, "utf-8").decode("unicode_escape")
                   .encode("latin-1").decode("utf-8"))
    return "".join(out)


def read_po(path):
    """Entries as dicts: msgid, msgid_plural, msgstr (list), flags,
    obsolete, line."""
    entries, cur, field = [], None, None
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
            if not line.strip():
                cur, field = None, None
                continue
            if line.startswith("#,"):
                cur = cur or {"flags": set(), "parts": {}, "line": no,
                              "obsolete": False}
                if cur not in entries:
                    entries.append(cur)
                cur["flags"].update(f.strip() for f in line[2:].split(","))
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"',
                         line)
            if m:
                if cur is None:
                    cur = {"flags": set(), "parts": {}, "line": no,
                           "obsolete": False}
                    entries.append(cur)
                field = m.group(1)
                cur["parts"][field] = [line[len(field):].strip()]
                cur["obsolete"] = cur["obsolete"] or obsolete
            elif line.startswith('"') and cur is not None and field:
                cur["parts"][field].append(line)
    for e in entries:
        e["text"] = {k: unquote(v) for k, v in e["parts"].items()}
    return entries


def main():
    root, xgettext_args = sys.argv[1], sys.argv[2:]
    problems = []
    os.chdir(root)

    sources = sorted(glob.glob("core/*.c") + glob.glob("tui/*.c"))
    with open("po/POTFILES") as f:
        listed = sorted(l.strip() for l in f if l.strip()
                        and not l.startswith("#"))
    for s in sorted(set(sources) - set(listed)):
        problems.append(f"po/POTFILES: {s} is missing (add it)")
    for s in sorted(set(listed) - set(sources)):
        problems.append(f"po/POTFILES: {s} does not exist (remove it)")

    with open("po/LINGUAS") as f:
        langs = [l.strip() for l in f if l.strip() and not l.startswith("#")]

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "klx.pot")
        subprocess.run(["xgettext", *xgettext_args, "-o", pot,
                        "--files-from=po/POTFILES"], check=True)
        wanted = {e["text"].get("msgid") for e in read_po(pot)}
        for lang in langs:
            po = f"po/{lang}.po"
            merged = os.path.join(tmp, lang + ".po")
            subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching",
                            "-o", merged, po, pot], check=True)
            st = subprocess.run(["msgfmt", "--check", "--statistics",
                                 "-o", os.devnull, merged],
                                capture_output=True, text=True)
            stats = st.stderr.strip()
            print(f"{po}: {stats}")
            if st.returncode != 0:
                problems.append(f"{po}: msgfmt --check failed:\n{stats}")
            for e in read_po(merged):
                t = e["text"]
                msgid = t.get("msgid", "")
                if e["obsolete"] or msgid == "":
                    continue
                english = t.get("msgid_plural", msgid)
                strs = [v for k, v in t.items() if k.startswith("msgstr")]
                where = f"{po}: message {msgid[:60]!r}"
                if not any(strs) or "fuzzy" in e["flags"]:
                    problems.append(f"{where}: not translated"
                                    + (" (fuzzy)" if "fuzzy" in e["flags"]
                                       else ""))
                    continue
                for s in strs:
                    if directives(s) != directives(english):
                        problems.append(
                            f"{where}: printf directives differ: English "
                            f"{directives(english)}, translation "
                            f"{directives(s)}")
            for e in read_po(po):
                msgid = e["text"].get("msgid", "")
                if msgid and not e["obsolete"] and msgid not in wanted:
                    problems.append(f"{po}:{e['line']}: {msgid[:60]!r} is no "
                                    "longer in the sources (remove it: "
                                    "meson compile -C build klx-update-po)")

    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
