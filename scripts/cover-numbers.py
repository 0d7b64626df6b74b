#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print, or put into a cover letter, the benchmark numbers of a series.

Usage: scripts/cover-numbers.py RESULTS_DIR
       scripts/cover-numbers.py RESULTS_DIR --update COVER_LETTER...
       scripts/cover-numbers.py --check COVER_LETTER...

Reads RESULTS_DIR/<variant>/bench.json and, in the noisy modes,
RESULTS_DIR/ministat/ (a folder scripts/bench.sh made, report.txt
already written) and prints a plain-text block of at most 72 columns
for a cover letter: per variant, the medians of the cases a reviewer
asks about first (the cost of mapping alone, the first mmap(), reading
every page, the whole open-to-close cycle, faults) at 513 pages and at
the largest size.
Medians come from the raw samples (scripts/bench-report.py's median()).
In the noisy modes (tcg, kvm, local) the block marks which differences
from baseline ministat found significant.  Under MODE=icount the
numbers are exact counts of guest instructions: the block gives them
whole, says how much the repetitions behind them varied and how far
another run was (the folder's determinism-*.txt), and marks nothing: a
t-test calls any difference between such counts significant.

--update replaces the block between the lines "Numbers from make bench"
and "End of numbers." in each COVER_LETTER (a 0000-cover-letter.patch)
with a fresh one; --check exits 1 if a letter's block is not what this
would write from the results folder the block names (tests/host/ runs
it, so the numbers in a letter are a committed run's, never typed by
hand).
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


def read_kv(path):
    out = {}
    with open(path) as f:
        for line in f:
            if ":" in line:
                k, v = line.split(":", 1)
                out[k.strip()] = v.strip()
    return out


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


class Results:
    def __init__(self, rdir):
        self.dir = rdir
        self.meta = read_kv(os.path.join(rdir, "meta.txt"))
        self.variants = self.meta.get("variants", "").split()
        if "baseline" not in self.variants:
            die("%s has no baseline run" % rdir)
        self.res = {}
        for v in self.variants:
            with open(os.path.join(rdir, v, "bench.json")) as f:
                d = json.load(f)
            self.res[v] = {(r["case"], r["pages"]): r for r in d["results"]}
        self.mode = self.meta.get("mode", "?")
        pages = sorted({p for c, p in self.res["baseline"] if p})
        self.sizes = [p for p in (513, pages[-1]) if p in pages]
        if not self.sizes:
            die("no sizes in %s/baseline/bench.json" % rdir)

    def significant(self, case, pages, variant):
        """'*' if ministat found variant's mean different from baseline's."""
        k = (pages - 1).bit_length() - 1
        path = os.path.join(self.dir, "ministat", "%s@%d.txt" % (case, k))
        if not os.path.exists(path):
            return "?"
        with open(path) as f:
            text = f.read()
        # ministat numbers its data sets in the order of its arguments
        names = re.findall(r"^([x+*%#@O])\s+\S*/" + "(\\S+)\\.txt$", text,
                           re.M)
        verdicts = [l.startswith("Difference at") for l in text.splitlines()
                    if l.startswith("Difference at") or
                    l.startswith("No difference proven")]
        others = [n for _, n in names if n != "baseline"]
        if variant not in others or len(verdicts) != len(others):
            return "?"
        return "*" if verdicts[others.index(variant)] else " "

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

    def exact_intro(self, name):
        """The block's opening under MODE=icount, wrapped."""
        shown = [(v, self.res[v][(case, pages)])
                 for pages in self.sizes for case, _ in ROWS
                 for v in self.variants if (case, pages) in self.res[v]]
        st = BR.exact_stats(shown)
        # the yardstick apart: it is no variant's code
        main = BR.exact_stats([p for p in shown
                               if p[1]["case"] != "ref-memfd"])
        ref = BR.exact_stats([p for p in shown
                              if p[1]["case"] == "ref-memfd"])
        text = ("of the project that carries this series; MODE=icount).  "
                "These are counts of guest instructions, not times: QEMU "
                "ran the guest with -icount shift=0, where one \"ns\" of "
                "guest time is one instruction executed.  Every "
                "instruction counts alike, which under-weights "
                "memory-bound work such as page zeroing against fault "
                "and page-table work.  Medians of the repetitions; ")
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

    def block(self):
        name = os.path.basename(os.path.realpath(self.dir))
        exact = self.mode == "icount"
        colw = max(9, max(len(v) for v in self.variants) + 1)
        if exact:
            lines = self.exact_intro(name)
            colw = max([colw] + [
                len(BR.fmt_count(self.med(v, case, pages))) + 1
                for pages in self.sizes for case, _ in ROWS
                for v in self.variants if (case, pages) in self.res[v]])
        else:
            lines = [START + " (results/%s/report.txt" % name,
                     "of the project that carries this series; MODE=%s):"
                     % self.mode,
                     "medians in microseconds (CLOCK_MONOTONIC); '*': "
                     "ministat",
                     "(95%) finds the mean different from baseline's."]
        labw = WIDTH - colw * len(self.variants)
        for pages in self.sizes:
            lines.append("")
            head = ("%d pages" % pages).ljust(labw)
            lines.append(head + "".join(v.rjust(colw)
                                        for v in self.variants))
            for case, label in ROWS:
                if (case, pages) not in self.res["baseline"]:
                    continue
                cells = []
                for v in self.variants:
                    m = self.med(v, case, pages)
                    if m is None:
                        cells.append("-".rjust(colw))
                    elif exact:
                        cells.append(BR.fmt_count(m).rjust(colw))
                    else:
                        mark = (" " if v == "baseline" or
                                case == "ref-memfd"
                                else self.significant(case, pages, v))
                        cells.append((fmt_us(m) + mark).rjust(colw))
                if len(label) + 2 > labw:
                    die("label %r does not fit in %d columns" % (label,
                                                                labw))
                lines.append(("  " + label).ljust(labw) + "".join(cells))
            cells = []
            for v in self.variants:
                r = self.res[v].get(("touch", pages))
                f = ("%d" % BR.median(r["samples_faults_event"])
                     if r else "-")
                cells.append((f if exact else f + " ").rjust(colw))
            lines.append("  faults reading every page".ljust(labw) +
                         "".join(cells))
        lines += ["", END]
        for line in lines:
            if len(line.rstrip()) > WIDTH:
                die("line wider than %d columns: %r" % (WIDTH, line))
        return [line.rstrip() for line in lines]


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


def check(paths):
    rc = 0
    for path in paths:
        with open(path) as f:
            m = re.search(re.escape(START) + r" \(results/([^/\s]+)/", f.read())
        if not m:
            sys.stderr.write("%s: no '%s (results/NAME/...' line\n"
                             % (path, START))
            rc = 1
            continue
        rdir = os.path.join(TOP, "results", m.group(1))
        new, old = splice(path, Results(rdir).block())
        if new != old:
            sys.stderr.write("%s: numbers differ from results/%s\n"
                             % (path, m.group(1)))
            rc = 1
    return rc


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) >= 2 else 2
    if argv[1] == "--check":
        return check(argv[2:])
    block = Results(argv[1]).block()
    if len(argv) == 2:
        print("\n".join(block))
        return 0
    if argv[2] != "--update" or len(argv) < 4:
        die("usage: cover-numbers.py RESULTS_DIR [--update FILE...]")
    rc = 0
    for path in argv[3:]:
        new, old = splice(path, block)
        if new is None:
            sys.stderr.write("%s: no '%s' ... '%s' block\n" % (path, START,
                                                               END))
            rc = 1
        elif new != old:
            with open(path, "w") as f:
                f.write("\n".join(new))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
