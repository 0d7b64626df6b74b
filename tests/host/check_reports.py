#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Checks of the reports made from a results folder, for
tests/host/reports.sh.  Each exits 0 when the check holds, else 1 and
says why on stderr.

Usage: tests/host/check_reports.py width FILE...
       tests/host/check_reports.py names DIR FILE...
       tests/host/check_reports.py bare DIR FILE...
       tests/host/check_reports.py report DIR
       tests/host/check_reports.py cover DIR FILE
       tests/host/check_reports.py matrix DIR FILE
       tests/host/check_reports.py ministat DIR

  width     no line of FILE is longer than 72 columns
  names     every variant of the results folder DIR appears in FILE, as
            <base>/<variant> and as its bare name, and no name is cut:
            wherever the first 8 characters of a longer name appear, the
            whole name follows
  bare      the same for the bare names only (tables of one base)
  report    section 1 of DIR/report.txt: each variant's rows sit under
            its base's heading and its xbase is its median over its own
            base's reference's (from the raw samples in DIR)
  cover     the blocks of scripts/cover-numbers.py in FILE: one per base,
            every table of a base's block starts with that base's
            reference and holds only that base's variants, all of them
  matrix    the behaviour matrix in FILE: one part per base, every table
            of it starting with the base's reference, all its variants
            and no other base's
  ministat  every ministat comparison in DIR/ministat/ is of a variant
            with its own base's reference
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
import rbnames  # noqa: E402

WIDTH = 72


def fail(msg):
    sys.stderr.write("check_reports: %s\n" % msg)
    sys.exit(1)


def run(d):
    """(variants, {base: reference}) of results folder D."""
    meta = rbnames.read_fields(os.path.join(d, "meta.txt"))
    variants, refs = rbnames.run_variants(meta)
    return variants, {b: r for b, r in refs.items() if r}


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def lines_of(path):
    with open(path) as f:
        return f.read().splitlines()


def width(paths):
    for p in paths:
        for i, line in enumerate(lines_of(p), 1):
            if len(line) > WIDTH:
                fail("%s:%d is %d columns: %r" % (p, i, len(line), line))


def names(d, paths, bare=False):
    variants, _ = run(d)
    for p in paths:
        text = "\n".join(lines_of(p))
        for v in variants:
            for n in ((v.name,) if bare else (v.full, v.name)):
                if n not in text:
                    fail("%s does not name %s" % (p, n))
                if len(n) <= 8:
                    continue
                at = text.find(n[:8])
                while at >= 0:
                    if text[at:at + len(n)] != n:
                        fail("%s cuts %s: %r" % (p, n,
                                                 text[at:at + len(n)]))
                    at = text.find(n[:8], at + 1)


def fmt_ratio(x):
    return "%.2f" % x if x < 100 else "%.0f" % x


def report(d):
    variants, refs = run(d)
    by = {(v.base, v.name): v for v in variants}
    res = {}
    for v in variants:
        with open(os.path.join(d, v.dir, "bench.json")) as f:
            res[v] = {(r["case"], r["pages"]): r
                      for r in json.load(f)["results"]}
    cases = {c for v in variants for c, _ in res[v]}
    lines = lines_of(os.path.join(d, "report.txt"))
    start = lines.index("1. Latency per case and buffer size")
    end = lines.index("2. Page faults per timed repetition")
    case, base, rows, seen = None, None, 0, set()
    pending = None
    for line in lines[start:end]:
        if not line.startswith(" ") and line.split(":")[0] in cases:
            case = line.split(":")[0]
            base = None
            continue
        if line.startswith("  base "):
            base = line.split()[1]
            continue
        f = line.split()
        if not f or not (f[0].isdigit() or f[0] == "-") or case is None:
            pending = None
            continue
        if len(f) == 2:          # a long name, its figures on the next line
            pending = f
            continue
        if pending and len(f) == 8 and f[0] == pending[0]:
            f = pending + f[1:]
        pending = None
        if len(f) != 9:
            continue
        if base is None:
            fail("section 1, %s: a row before any base heading: %r"
                 % (case, line))
        v = by.get((base, f[1]))
        if v is None:
            fail("section 1, %s: %s is not a variant of base %s"
                 % (case, f[1], base))
        pages = 0 if f[0] == "-" else int(f[0])
        ref = refs.get(base)
        want = "-"
        if ref and (case, pages) in res[ref]:
            m = median(res[v][(case, pages)]["samples_ns"])
            mr = median(res[ref][(case, pages)]["samples_ns"])
            want = fmt_ratio(m / mr) if mr else "-"
        if f[6] != want:
            fail("section 1, %s at %s pages: %s has xbase %s, but over "
                 "%s it is %s" % (case, f[0], v.full, f[6],
                                  ref.full if ref else "-", want))
        rows += 1
        seen.add(v)
    if rows == 0 or seen != set(variants):
        fail("section 1 shows %d rows, of %s; the folder has %s" % (
            rows, " ".join(sorted(v.full for v in seen)),
            " ".join(v.full for v in variants)))


def tables(lines, head_word):
    """(line index, [column names]) of each table header in LINES: a
    line whose first words end with HEAD_WORD."""
    out = []
    for i, line in enumerate(lines):
        f = line.split()
        if head_word in f[:2]:
            out.append((i, f[f.index(head_word) + 1:]))
    return out


def check_parts(parts, variants, refs, what):
    """PARTS: {base: [[column names] of each table]}."""
    for b in sorted({v.base for v in variants}, key=rbnames.version_key):
        if b not in parts:
            fail("%s: no part for base %s" % (what, b))
        mine = {v.name for v in variants if v.base == b}
        shown = set()
        for cols in parts[b]:
            if b in refs and cols[0] != refs[b].name:
                fail("%s: a table of base %s starts with %s, not its "
                     "reference %s" % (what, b, cols[0], refs[b].name))
            if not set(cols) <= mine:
                fail("%s: a table of base %s shows %s, not of that base"
                     % (what, b, " ".join(sorted(set(cols) - mine))))
            shown |= set(cols)
        if shown != mine:
            fail("%s: base %s does not show %s" % (
                what, b, " ".join(sorted(mine - shown))))


def cover(d, path):
    variants, refs = run(d)
    lines = lines_of(path)
    parts, base = {}, None
    for i, line in enumerate(lines):
        if line.startswith("Numbers from make bench"):
            nxt = lines[i + 1]
            at = nxt.find("; base ")
            if at < 0:
                fail("%s:%d: the block does not say its base" % (path, i + 2))
            base = nxt[at + len("; base "):].split(",")[0]
            parts.setdefault(base, [])
            continue
        f = line.split()
        if len(f) > 2 and f[1] == "pages" and f[0].isdigit():
            if base is None:
                fail("%s:%d: a table outside a block" % (path, i + 1))
            parts[base].append(f[2:])
    check_parts(parts, variants, refs, path)


def matrix(d, path):
    variants, refs = run(d)
    parts, base = {}, None
    for line in lines_of(path):
        if line.startswith("Base ") and line.endswith(":"):
            base = line[len("Base "):-1]
            parts.setdefault(base, [])
            continue
        f = line.split()
        if f[:1] == ["behaviour"] and line.startswith("  behaviour"):
            if base is None:
                fail("%s: a table before any base heading" % path)
            parts[base].append(f[1:])
    check_parts(parts, variants, refs, path)


def ministat(d):
    variants, refs = run(d)
    by_tag = {v.tag: v for v in variants}
    top = os.path.join(d, "ministat")
    n = 0
    for sub in sorted(os.listdir(top)):
        if sub == "samples" or not os.path.isdir(os.path.join(top, sub)):
            continue
        for f in sorted(os.listdir(os.path.join(top, sub))):
            v = by_tag[f[:-len(".txt")]]
            with open(os.path.join(top, sub, f)) as fh:
                first = fh.readline().split()
            want = "ministat/samples/%s/%s.txt" % (sub, refs[v.base].tag)
            if first[-2] != want:
                fail("ministat/%s/%s compares %s with %s, not %s" % (
                    sub, f, v.full, first[-2], want))
            n += 1
    if n == 0:
        fail("no ministat comparisons in %s" % top)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    what, args = argv[1], argv[2:]
    if what == "width":
        width(args)
    elif what in ("names", "bare"):
        names(args[0], args[1:], what == "bare")
    elif what == "report":
        report(args[0])
    elif what == "cover":
        cover(args[0], args[1])
    elif what == "matrix":
        matrix(args[0], args[1])
    elif what == "ministat":
        ministat(args[0])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
