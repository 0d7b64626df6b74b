#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print, or put into a cover letter, the benchmark numbers of a series.

Usage: scripts/cover-numbers.py RESULTS_DIR [--base BASE]
       scripts/cover-numbers.py RESULTS_DIR [--base BASE] --update LETTER...
       scripts/cover-numbers.py --check LETTER...

Reads RESULTS_DIR/<base>/<variant>/bench.json and, in the noisy modes,
RESULTS_DIR/ministat/ (a folder scripts/bench.sh made, report.txt
already written) and prints, per kernel base, a plain-text block of at
most 72 columns for a cover letter: per variant of that base, the
medians of the cases a reviewer asks about first (the cost of mapping
alone, the first mmap(), reading every page, the whole open-to-close
cycle, faults) at 513 pages and at the largest size.  A series is
compared with its own base's reference (the first variant
kernel-patches/<base>/variants lists) and with the other variants of
that base, never with another base's.  Variants that do not fit in one
table go into several, each starting with the reference.
Medians come from the raw samples (scripts/bench-report.py's median()).
In the noisy modes (tcg, kvm, local) the block marks which differences
from the reference ministat found significant.  Under MODE=icount the
numbers are exact counts of guest instructions: the block gives them
whole, says how much the repetitions behind them varied and how far
another run was (the folder's determinism-*.txt), and marks nothing: a
t-test calls any difference between such counts significant.

--update replaces the block between the lines "Numbers from make bench"
and "End of numbers." in each LETTER (a 0000-cover-letter.patch) with a
fresh one; --check exits 1 if a letter's block is not what this would
write from the results folder the block names (tests/host/ runs it, so
the numbers in a letter are a committed run's, never typed by hand).
A letter's base is the folder it is in, kernel-patches/<base>/<series>/
(--base BASE for a letter elsewhere); RESULTS_DIR without --base prints
the block of every base it measured.  Folders from before kernel bases
are read as scripts/rbnames.py says.
"""

import importlib.util
import json
import os
import re
import sys
import textwrap

START = "Numbers from make bench"
END = "End of numbers."
WIDTH = 72

# (case, label): what a reviewer reads first
ROWS = [
    ("mmap-second", "second mmap(): map only"),
    ("mmap-first", "mmap(), allocate + map"),
    ("touch", "first read of every page"),
    ("cycle", "open+mmap+read+munmap+close"),
    ("ref-memfd", "memfd MAP_POPULATE (yardstick)"),
]


def die(msg):
    sys.stderr.write("cover-numbers.py: %s\n" % msg)
    sys.exit(2)


def fmt_us(ns):
    us = ns / 1000.0
    if us >= 1000:
        return "%.0f" % us
    if us >= 10:
        return "%.1f" % us
    return "%.2f" % us


TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bench_report():
    """scripts/bench-report.py as a module: one median, one measure of
    how exact icount counts are, for the report and the letters."""
    path = os.path.join(TOP, "scripts", "bench-report.py")
    spec = importlib.util.spec_from_file_location("bench_report", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


BR = bench_report()
rbnames = BR.rbnames


class Results:
    def __init__(self, rdir):
        self.dir = rdir
        path = os.path.join(rdir, "meta.txt")
        if not os.path.isfile(path):
            die("%s is not a results folder of scripts/bench.sh (no "
                "meta.txt)" % rdir)
        self.meta = rbnames.read_fields(path)
        try:
            variants, self.refs = rbnames.run_variants(self.meta)
        except rbnames.BadName as e:
            die("%s: %s" % (path, e))
        self.groups = dict(rbnames.group_by_base(variants))
        self.legacy = bool(variants) and variants[0].legacy
        self.res = {}
        for v in variants:
            path = os.path.join(rdir, v.dir, "bench.json")
            try:
                with open(path) as f:
                    d = json.load(f)
            except (OSError, ValueError) as e:
                die("%s: %s" % (path, e))
            self.res[v] = {(r["case"], r["pages"]): r for r in d["results"]}
        self.mode = self.meta.get("mode", "?")

    def bases(self):
        return sorted(self.groups, key=rbnames.version_key)

    def significant(self, case, pages, variant):
        """'*' if ministat found VARIANT's mean different from its base's
        reference's, ' ' if not, '?' if it has no verdict."""
        path = BR.ministat_path(self.dir, case, pages, variant)
        if not os.path.exists(path):
            return "?"
        with open(path) as f:
            verdict = BR.ministat_verdict(f.read())
        return {"yes": "*", "no": " "}.get(verdict, "?")

    def med(self, v, case, pages):
        r = self.res[v].get((case, pages))
        return BR.median(r["samples_ns"]) if r else None

    def determinism(self):
        """(file name, largest difference in %) of each comparison of
        this run's medians with another run's, from bench-report.py
        --compare (determinism-*.txt in the folder)."""
        out = []
        for f in sorted(os.listdir(self.dir)):
            if not (f.startswith("determinism-") and f.endswith(".txt")):
                continue
            with open(os.path.join(self.dir, f)) as fh:
                m = re.search(r"^largest difference: ([0-9.]+)%",
                              fh.read(), re.M)
            if m:
                out.append((f, m.group(1)))
        return out

    def exact_intro(self, name, base, variants, sizes):
        """The block's opening under MODE=icount, wrapped."""
        shown = [(v.shown, self.res[v][(case, pages)])
                 for pages in sizes for case, _ in ROWS
                 for v in variants if (case, pages) in self.res[v]]
        st = BR.exact_stats(shown)
        # the yardstick apart: it is no variant's code
        main = BR.exact_stats([p for p in shown
                               if p[1]["case"] != "ref-memfd"])
        ref = BR.exact_stats([p for p in shown
                              if p[1]["case"] == "ref-memfd"])
        text = ("of the project that carries this series; %sMODE=icount).  "
                "These are counts of guest instructions, not times: QEMU "
                "ran the guest with -icount shift=0, where one \"ns\" of "
                "guest time is one instruction executed.  Every "
                "instruction counts alike, which under-weights "
                "memory-bound work such as page zeroing against fault "
                "and page-table work.  Medians of the repetitions; "
                % self.base_note(base))
        if st["identical"] == st["sets"]:
            text += ("every repetition behind the numbers below executed "
                     "the same count as the others of its case.  ")
        else:
            text += ("of the %d repetitions behind the numbers below, %d "
                     "executed exactly their median; " % (
                         st["reps"], st["at_median"]))
            if main["worst"][1]:
                text += ("the largest departure of one from its median "
                         "is %s (%s)" % (BR.fmt_dev(main["worst"][0]),
                                         BR.where(main["worst"][1])))
            else:
                text += "those of the variants' cases were all the same"
            if ref["worst"][1]:
                text += ", %s in the memfd yardstick" % BR.fmt_dev(
                    ref["worst"][0])
            text += ".  "
        for f, pct in self.determinism():
            text += ("Another run gave medians within %s%% of these at "
                     "64 pages and more (%s).  " % (pct, f))
        text += ("No significance marks: a t-test calls any difference "
                 "between counts this exact significant.")
        return ([START + " (results/%s/report.txt" % name] +
                textwrap.wrap(text, WIDTH, break_on_hyphens=False))

    def base_note(self, base):
        return "" if self.legacy else "base %s, " % base

    def block(self, base):
        """The numbers block of BASE's variants, against its reference."""
        name = os.path.basename(os.path.realpath(self.dir))
        if base not in self.groups:
            die("%s measured no variant of base %s (it has: %s)"
                % (self.dir, base, " ".join(self.bases()) or "none"))
        variants = self.groups[base]
        ref = self.refs.get(base)
        if ref is None:
            die("%s has no run of the reference of base %s (%s)" % (
                self.dir, base, rbnames.reference(base)
                if base in rbnames.bases() else "?"))
        pages = sorted({p for c, p in self.res[ref] if p})
        sizes = [p for p in (513, pages[-1] if pages else None)
                 if p in pages]
        if not sizes:
            die("no sizes in %s/%s/bench.json" % (self.dir, ref.dir))
        exact = self.mode == "icount"
        # the numbers' columns alike, a longer name's column wider
        numw = 9
        if exact:
            lines = self.exact_intro(name, base, variants, sizes)
            numw = max([numw] + [
                len(BR.fmt_count(self.med(v, case, p))) + 1
                for p in sizes for case, _ in ROWS
                for v in variants if (case, p) in self.res[v]])
        else:
            lines = [START + " (results/%s/report.txt" % name,
                     "of the project that carries this series; %sMODE=%s):"
                     % (self.base_note(base), self.mode),
                     "medians in microseconds (CLOCK_MONOTONIC); '*': "
                     "ministat",
                     "(95%%) finds the mean different from %s's." % ref.name]
        labels = ["  " + label for _, label in ROWS] + [
            "  faults reading every page"] + ["%d pages" % p for p in sizes]
        colw = {v: max(numw, len(v.name) + 1) for v in variants}
        runs = BR.col_chunks(variants, {v: colw[v] - 1 for v in variants},
                             max(len(label) for label in labels), lead=ref,
                             width=WIDTH)
        for p in sizes:
            for run in runs:
                lines += self.table(p, run, ref, colw, exact)
        lines += ["", END]
        for line in lines:
            if len(line.rstrip()) > WIDTH:
                die("line wider than %d columns: %r" % (WIDTH, line))
        return [line.rstrip() for line in lines]

    def table(self, pages, run, ref, colw, exact):
        """The lines of one table: the variants RUN at PAGES, each in
        COLW[variant] columns."""
        labw = WIDTH - sum(colw[v] for v in run)
        lines = ["", ("%d pages" % pages).ljust(labw) +
                 "".join(v.name.rjust(colw[v]) for v in run)]
        for case, label in ROWS:
            if (case, pages) not in self.res[ref]:
                continue
            cells = []
            for v in run:
                m = self.med(v, case, pages)
                if m is None:
                    cells.append("-".rjust(colw[v]))
                elif exact:
                    cells.append(BR.fmt_count(m).rjust(colw[v]))
                else:
                    mark = (" " if v == ref or case == "ref-memfd"
                            else self.significant(case, pages, v))
                    cells.append((fmt_us(m) + mark).rjust(colw[v]))
            lines.append(("  " + label).ljust(labw) + "".join(cells))
        cells = []
        for v in run:
            r = self.res[v].get(("touch", pages))
            f = "%d" % BR.median(r["samples_faults_event"]) if r else "-"
            cells.append((f if exact else f + " ").rjust(colw[v]))
        lines.append("  faults reading every page".ljust(labw) +
                     "".join(cells))
        return lines


def letter_base(path, given):
    """The base of the cover letter PATH: GIVEN (--base), else the
    kernel-patches/<base>/ folder it is in, else None."""
    if given:
        return given
    d = os.path.dirname(os.path.dirname(os.path.realpath(path)))
    if (os.path.dirname(d) == os.path.realpath(rbnames.PATCHES) and
            os.path.basename(d) in rbnames.bases()):
        return os.path.basename(d)
    return None


def base_for(results, path, given):
    """The base whose block goes into letter PATH."""
    b = letter_base(path, given)
    if b:
        return b
    if len(results.bases()) == 1:
        return results.bases()[0]
    die("%s is not in kernel-patches/<base>/<series>/ and %s measured "
        "bases %s: say which with --base" % (path, results.dir,
                                            " ".join(results.bases())))


def splice(path, block):
    """The letter's lines with its numbers block replaced, or None."""
    with open(path) as f:
        lines = f.read().split("\n")
    try:
        a = next(i for i, l in enumerate(lines) if l.startswith(START))
        b = next(i for i in range(a, len(lines)) if lines[i] == END)
    except StopIteration:
        return None, lines
    return lines[:a] + block + lines[b + 1:], lines


def check(paths, given=None):
    rc = 0
    for path in paths:
        with open(path) as f:
            m = re.search(re.escape(START) + r" \(results/([^/\s]+)/", f.read())
        if not m:
            sys.stderr.write("%s: no '%s (results/NAME/...' line\n"
                             % (path, START))
            rc = 1
            continue
        res = Results(os.path.join(TOP, "results", m.group(1)))
        new, old = splice(path, res.block(base_for(res, path, given)))
        if new != old:
            sys.stderr.write("%s: numbers differ from results/%s\n"
                             % (path, m.group(1)))
            rc = 1
    return rc


def main(argv):
    args = argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if args else 2
    given = None
    if "--base" in args:
        i = args.index("--base")
        if i + 1 >= len(args):
            die("--base needs a base name")
        given = args[i + 1]
        del args[i:i + 2]
        try:
            rbnames.check("base", given)
        except rbnames.BadName as e:
            die(str(e))
    if args[0] == "--check":
        return check(args[1:], given)
    if args[0].startswith("-"):
        die("unknown option %s; usage: cover-numbers.py RESULTS_DIR "
            "[--base BASE] [--update FILE...] | --check FILE..." % args[0])
    res = Results(args[0])
    if len(args) == 1:
        blocks = [res.block(b) for b in ([given] if given else res.bases())]
        print("\n\n".join("\n".join(b) for b in blocks))
        return 0
    if args[1] != "--update" or len(args) < 3:
        die("usage: cover-numbers.py RESULTS_DIR [--base BASE] "
            "[--update FILE...]")
    rc = 0
    for path in args[2:]:
        new, old = splice(path, res.block(base_for(res, path, given)))
        if new is None:
            sys.stderr.write("%s: no '%s' ... '%s' block\n" % (path, START,
                                                               END))
            rc = 1
        elif new != old:
            with open(path, "w") as f:
                f.write("\n".join(new))
    return rc


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError) as e:
        # a file missing or unreadable: say which
        die(str(e))
