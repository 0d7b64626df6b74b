#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write report.txt, ministat comparisons and plots for one results folder.

Usage:
  scripts/bench-report.py DIR
      DIR is a folder written by scripts/bench.sh (meta.txt, one
      sub-folder <base>/<variant>/ per variant).  Writes DIR/report.txt
      (72 columns, ASCII), DIR/ministat/ (the raw samples ministat
      compared and its output; not for MODE=icount, see below) and
      DIR/plots/ (gnuplot data, scripts, SVG and PNG).
  scripts/bench-report.py --compare DIR_A DIR_B [--min-pages N] [--limit PCT]
      Determinism check: the relative difference of every median of
      cases with at least N pages (default 64) between two runs; prints
      them, the largest, and exits 1 when the largest exceeds PCT
      (default 2).

Every number in the report is read from a file in DIR, and each table
says which one, except section 6: the newest reliability run of each
variant in results/stress/ up to the run's date, read by
scripts/stress-report.py.  Nothing is measured here.  Each base's
variants are compared with that base's reference (the first variant
kernel-patches/<base>/variants lists, as meta.txt recorded it), never
with another base's; a table too wide for 72 columns is split, a name
too wide for its column gets a line of its own, and no name is cut.
Folders from before kernel bases are read as scripts/rbnames.py says.

Medians are computed here from the raw samples; ministat only gives its
verdict (Student's t), and only in the noisy modes: under MODE=icount
guest time counts instructions, the repetitions of a case mostly execute
the same number of them, and a t-test would call any difference
significant, so the report gives the exact counts and how much they
varied instead.
"""

import glob
import importlib.util
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rbnames  # noqa: E402

WIDTH = 72
TCG_NOTE = [
    "tcg: wall-clock time of an emulated CPU; the relative costs of",
    "faults, page-table walks and memory work differ from hardware.",
]
# Cases whose cost is a mapping cost, compared with the reference.
MAPPING_CASES = ("mmap-first", "mmap-second", "touch", "cycle", "ref-memfd")
REFERENCE = "ref-memfd"
# Run from RCU callbacks in softirq, in whatever task they interrupt.
UNATTRIBUTABLE = ("kprobe:perf_mmap_free_page",)
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRESS = os.path.join(TOP, "results", "stress")


def die(msg):
    sys.stderr.write("bench-report: error: %s\n" % msg)
    sys.exit(1)


def read_kv(path):
    """A 'key: value' file as a dict (missing file: empty dict)."""
    if not os.path.exists(path):
        return {}
    return rbnames.read_fields(path)


def ascii_only(s):
    return s.encode("ascii", "replace").decode("ascii")


def load_bench(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except ValueError as e:
        die("%s: %s" % (path, e))
    res = {}
    for r in data["results"]:
        res[(r["case"], r["pages"])] = r
    return data, res


def load_script(name):
    """scripts/NAME as a module (the file names have hyphens)."""
    path = os.path.join(TOP, "scripts", name)
    spec = importlib.util.spec_from_file_location(
        name.replace("-", "_").replace(".py", ""), path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def k_of(pages):
    return (pages - 1).bit_length() - 1 if pages > 1 else 0


def fmt_us(ns):
    us = ns / 1000.0
    if us < 10:
        return "%.2f" % us
    if us < 100000:
        return "%.1f" % us
    return "%.0f" % us


def fmt_ratio(x):
    if x is None:
        return "-"
    if x < 100:
        return "%.2f" % x
    return "%.0f" % x


def fmt_num(x):
    if x == int(x):
        return "%d" % x
    return "%.2f" % x


def fmt_count(x):
    """An instruction count: exact, so whole unless it is the mean of
    the two middle samples of an even number."""
    if x == int(x):
        return "%d" % x
    return "%.1f" % x


def col_chunks(cols, widths, fixed, lead=None, width=None):
    """COLS (each 1 + WIDTHS[col] wide, after FIXED columns) in as few
    runs as fit WIDTH, of nearly equal length, each starting with LEAD
    if given: the columns of one table each."""
    width = width or WIDTH
    others = [c for c in cols if c != lead]
    start = fixed + (1 + widths[lead] if lead is not None else 0)

    def fits(run):
        return start + sum(1 + widths[c] for c in run) <= width

    greedy, cur = [], []
    for c in others:
        if cur and not fits(cur + [c]):
            greedy.append(cur)
            cur = []
        cur.append(c)
    greedy.append(cur)
    even, at = [], 0
    for i in range(len(greedy)):
        size = (len(others) - at + len(greedy) - i - 1) // (len(greedy) - i)
        even.append(others[at:at + size])
        at += size
    runs = even if all(fits(r) for r in even) else greedy
    lead = [lead] if lead is not None else []
    return [lead + r for r in runs]


def label_width(names, default, rest):
    """The width of a column of row labels: DEFAULT, or the longest of
    NAMES, but no more than leaves REST columns (and a blank) of WIDTH;
    labelled() puts a longer name on a line of its own."""
    return min(max([default] + [len(n) for n in names]),
               max(default, WIDTH - rest - 1))


def labelled(lead, name, w, rest):
    """LEAD, NAME in W columns, then REST: one line, or two when NAME is
    wider than W (never cut)."""
    if len(name) <= w:
        return [lead + name.ljust(w) + " " + rest]
    return [(lead + name).rstrip(), lead + " " * w + " " + rest]


def wrap(text, indent=""):
    out, line = [], indent
    for word in text.split():
        if len(line) + len(word) + 1 > WIDTH and line.strip():
            out.append(line.rstrip())
            line = indent
        line += word + " "
    if line.strip():
        out.append(line.rstrip())
    return out


class Report:
    def __init__(self, d):
        self.dir = d
        self.meta = read_kv(os.path.join(d, "meta.txt"))
        if not self.meta:
            die("%s/meta.txt missing: not a bench.sh results folder" % d)
        self.mode = self.meta.get("mode", "unknown")
        # icount: every figure of section 1 is an exact instruction count
        self.exact = self.mode == "icount"
        try:
            measured, self.refs = rbnames.run_variants(self.meta)
        except rbnames.BadName as e:
            die("%s/meta.txt: %s" % (d, e))
        if not measured:
            die("meta.txt names no variants")
        # each base's variants together, oldest base first
        self.groups = rbnames.group_by_base(measured)
        self.variants = [v for _, vs in self.groups for v in vs]
        self.many = len(self.groups) > 1
        self.legacy = self.variants[0].legacy
        # how the file names below say where a variant's files are
        self.vd = "<variant>" if self.legacy else "<base>/<variant>"
        self.bench, self.res, self.kernel, self.env = {}, {}, {}, {}
        for v in self.variants:
            p = os.path.join(d, v.dir, "bench.json")
            if not os.path.exists(p):
                die("%s missing" % p)
            self.bench[v], self.res[v] = load_bench(p)
            self.kernel[v] = read_kv(os.path.join(d, v.dir, "kernel.txt"))
            self.env[v] = read_kv(os.path.join(d, v.dir, "env.txt"))
        self.lines = []

    # -- output helpers -------------------------------------------------
    def out(self, s=""):
        self.lines.append(s)

    def heading(self, s):
        self.out()
        self.out(s)
        self.out("-" * len(s))

    def mode_note(self):
        if self.mode == "icount":
            self.out("  icount: guest instructions (see section 1)")
        elif self.mode == "tcg":
            for line in TCG_NOTE:
                self.out("  " + line)

    def lead_and_wrap(self, first, rest, indent):
        """The line FIRST, then REST wrapped with INDENT; all of it wrapped
        when FIRST is too wide."""
        if len(first) <= WIDTH:
            self.out(first)
            lines = wrap(rest, indent)
        else:
            lines = wrap(first.strip() + " " + rest, indent)
        for line in lines:
            self.out(line)

    def fixed_lines(self, lines):
        """LINES as they are if each fits, else their words wrapped (with
        the first line's indent)."""
        if all(len(line) <= WIDTH for line in lines):
            for line in lines:
                self.out(line)
            return
        indent = lines[0][:len(lines[0]) - len(lines[0].lstrip())]
        for line in wrap(" ".join(line.strip() for line in lines), indent):
            self.out(line)

    def base_heading(self, b):
        """A line naming base B and its reference, before each of its
        tables when the run has more than one base."""
        if not self.many:
            return
        ref = self.refs.get(b)
        self.out()
        self.out("  base %s (%s)" % (
            b, "reference %s" % ref.name if ref else
            "its reference was not measured here"))

    def ref_phrase(self, what):
        """'baseline's WHAT', or per base when there are several."""
        named = ["%s: %s" % (b, self.refs[b].name) for b, _ in self.groups
                 if self.refs.get(b)]
        if not self.many and named:
            return "%s's %s" % (self.refs[self.groups[0][0]].name, what)
        return "the %s of its base's reference (%s)" % (
            what, ", ".join(named) or "none measured")

    def column_runs(self, vs, widths, fixed):
        """The variants VS of one base in the tables their columns go
        into, the base's reference first in each."""
        ref = self.refs.get(vs[0].base)
        return col_chunks(vs, widths, fixed,
                          lead=ref if ref in vs else None)

    # -- data helpers ---------------------------------------------------
    def cases(self):
        """(order, name, description, sizeless) over all variants."""
        seen = {}
        for v in self.variants:
            for (case, pages), r in self.res[v].items():
                seen.setdefault(case, (r["order"], case, r["description"],
                                       pages == 0))
        return sorted(seen.values())

    def sizes(self, case, vs=None):
        s = set()
        for v in vs or self.variants:
            s.update(p for (c, p) in self.res[v] if c == case)
        return sorted(s)

    def med(self, v, case, pages):
        """The median of one result's raw samples (None: no result)."""
        r = self.res[v].get((case, pages))
        return median(r["samples_ns"]) if r else None

    # -- ministat ---------------------------------------------------------
    def ministat(self, case, pages):
        """Compare each variant's raw samples with its base's
        reference's, one ministat per pair (ministat takes at most 7
        data sets); returns {variant: 'yes'|'no'|'n<3'} and writes the
        files it used.  Only its verdict is taken, never a number:
        bookworm's ministat prints a wrong median for an even number of
        samples."""
        if self.exact:
            return {}
        tag = ministat_tag(case, pages)
        ddir = os.path.join(self.dir, "ministat", "samples", tag)
        verdicts = {}
        for b, vs in self.groups:
            ref = self.refs.get(b)
            if not ref or (case, pages) not in self.res[ref]:
                continue
            others = [v for v in vs
                      if v != ref and (case, pages) in self.res[v]]
            os.makedirs(ddir, exist_ok=True)
            files = {}
            for v in [ref] + others:
                f = os.path.join(ddir, v.tag + ".txt")
                with open(f, "w") as fh:
                    for x in self.res[v][(case, pages)]["samples_ns"]:
                        fh.write("%d\n" % x)
                files[v] = os.path.relpath(f, self.dir)
            for v in others:
                if min(self.res[ref][(case, pages)]["n"],
                       self.res[v][(case, pages)]["n"]) < 3:
                    verdicts[v] = "n<3"
                    continue
                cmd = ["ministat", "-A", "-c", "95", files[ref], files[v]]
                p = subprocess.run(cmd, cwd=self.dir, capture_output=True,
                                   text=True)
                if p.returncode != 0:
                    die("%s failed: %s" % (" ".join(cmd), p.stderr))
                path = ministat_path(self.dir, case, pages, v)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write("$ %s\n%s" % (" ".join(cmd), p.stdout))
                verdict = ministat_verdict(p.stdout)
                if verdict is None:
                    die("cannot parse ministat output for %s" % tag)
                verdicts[v] = verdict
        return verdicts

    # -- sections -----------------------------------------------------------
    def header(self):
        m = self.meta
        title = "perf ring-buffer mmap benchmark: %s" % m.get("name", "")
        self.out(title)
        self.out("=" * min(len(title), WIDTH))
        self.out()
        rows = [
            ("Date", m.get("date", "?")),
            ("Mode", self.mode + (" (QUICK=1: a test run, not numbers"
                                  " to quote)" if m.get("quick") == "1"
                                  else "")),
            ("Host", "%s, %s RAM, kernel %s" % (m.get("host_cpu", "?"),
                                                m.get("host_mem", "?"),
                                                m.get("host_kernel", "?"))),
        ]
        if "qemu" in m:
            rows.append(("QEMU", m["qemu"]))
        e = self.env[self.variants[0]]
        rows.append(("Measured" if self.mode == "local" else "Guest",
                     "%s CPU(s) online, bench pinned to CPU %s,"
                     " %s, clocksource %s" % (
                         e.get("cpus_online", "?"), e.get("bench_cpu", "?"),
                         e.get("mem_total", "?"), e.get("clocksource", "?"))))
        if not self.legacy:
            rows.append(("Bases", ", ".join(
                "%s (reference %s)" % (b, self.refs[b].full if self.refs.get(b)
                                       else "not measured")
                for b, _ in self.groups)))
        rows.append(("Command", m.get("command", "?")))
        rows.append(("Project", "commit %s (%s)" % (
            m.get("project_commit", "?")[:12], m.get("project_dirty", "?"))))
        for k, v in rows:
            for i, line in enumerate(wrap(v, " " * 11)):
                self.out(("%-10s " % (k + ":") + line[11:]) if i == 0
                         else line)
        self.out()
        self.out("Variants: kernel release, sha256 of .config and of bzImage")
        self.out("(first 16 hex digits; %s/kernel.txt has them whole):"
                 % self.vd)
        ids = [(v.shown, self.kernel[v].get("release", "?"),
                self.kernel[v].get("config_sha256", "?").split()[0][:16],
                self.kernel[v].get("bzimage_sha256", "-").split()[0][:16])
               for v in self.variants]
        wn = max([10] + [len(i[0]) for i in ids])
        wr = max([22] + [len(i[1]) for i in ids])
        for name, rel, cfg, bz in ids:
            if 2 + wn + 1 + wr + 1 + 16 + 1 + len(bz) <= WIDTH:
                self.out("  %-*s %-*s %-16s %s" % (wn, name, wr, rel, cfg, bz))
            else:
                # a long name: it on its own line, its kernel below
                self.out("  %s" % name)
                self.out("    %s %s %s" % (rel, cfg, bz))
        self.out()
        for line in wrap(
                "Where the numbers come from: every number below is read "
                "from a file in this folder, named above each table: "
                "%(vd)s/bench.json (perf-rb-bench: raw samples and "
                "their summary; medians are taken from the raw samples), "
                % {"vd": self.vd}
                + ("" if self.exact else
                   "ministat/<case>@<k>/%s.txt (significance), "
                   % ("<variant>" if self.legacy else
                      "<base>-<variant>")) +
                "%(vd)s/probes/*.txt (bpftrace), %(vd)s/workloads/ "
                "(perf record, fio); section 6 from results/stress/.  "
                "%(vd)s/env.txt has the guest's settings and the exact "
                "arguments, commands.txt every command run."
                % {"vd": self.vd}):
            self.out(line)

    def legend(self):
        self.heading("1. Latency per case and buffer size")
        if self.exact:
            self.legend_exact()
        else:
            self.legend_noisy()
        bj = self.bench[self.variants[0]]
        self.out()
        reason = bj.get("max_k_reason", "?")
        if reason.endswith("is the limit asked for"):
            reason += (" (BENCH_KMAX: bench/run.sh asks for 15 in emulated "
                       "runs, where one repetition at the kernel's own "
                       "limit costs seconds of guest time, and 20 "
                       "otherwise; rb_alloc() in kernel/events/"
                       "ring_buffer.c refuses a page-pointer array above "
                       "PAGE_SIZE << MAX_PAGE_ORDER, i.e. more than 2^18 "
                       "data pages on x86-64)")
        for line in wrap("Largest size: 1+2^%s pages; the search for it "
                         "stopped at: %s." % (bj.get("max_k"), reason)):
            self.out(line)

    def legend_exact(self):
        text = (
            "Sizes are 1+2^k pages (control page + 2^k data pages).  "
            "median, min, max: of the n timed repetitions after warm-up "
            "(n is listed below each table), in guest instructions.  "
            "ins/pg: median / pages.  =med: repetitions that executed "
            "exactly the median's count, of n.  xbase: median / "
            "%s at the same size.  xref: median / the "
            "median of ref-memfd at the same size in the same run: an "
            "already populated memfd mapped with MAP_POPULATE, the "
            "kernel's generic way to map existing pages; a yardstick, "
            "not a lower bound." % self.ref_phrase("median"))
        for line in wrap(text):
            self.out(line)
        self.out()
        st = exact_stats([(v.shown, self.res[v][key]) for v in self.variants
                          for key in sorted(self.res[v])])
        text = (
            "icount: QEMU ran the guest with -icount shift=0, so its clock "
            "advances one ns per instruction executed; what "
            "perf-rb-bench reads as CLOCK_MONOTONIC nanoseconds "
            "(bench.json samples_ns) is a count of guest instructions, "
            "and every figure in this section is such an exact count, "
            "not a time.  Every instruction counts alike, so memory-bound "
            "work such as page zeroing is mis-weighted against fault and "
            "page-table work.  ")
        if st["sets"] == st["identical"]:
            text += ("The repetitions were identical: in all %d sets of "
                     "repetitions (case, size, variant) every repetition "
                     "executed the same count.  " % st["sets"])
        else:
            text += (
                "The repetitions were identical in %d of the %d sets of "
                "repetitions (case, size, variant); %d of all %d "
                "repetitions executed exactly their set's median count, "
                "and the largest departure of one repetition from its "
                "median is %s (%s).  " % (
                    st["identical"], st["sets"], st["at_median"],
                    st["reps"], fmt_dev(st["worst"][0]),
                    where(st["worst"][1])))
        text += ("A t-test on such samples calls any difference "
                 "significant, so none is applied: the counts are "
                 "compared as they are.  How much a whole run differs "
                 "from another: section 7.")
        for line in wrap(text):
            self.out(line)

    def legend_noisy(self):
        text = (
            "Sizes are 1+2^k pages (control page + 2^k data pages).  "
            "median, p10, p90: of n timed repetitions after warm-up "
            "(CLOCK_MONOTONIC, microseconds; n is listed below each "
            "table).  ns/pg: median / pages.  xbase: median / %s "
            "at the same size.  xref: median / the median of "
            "ref-memfd at the same size in the same run: an already "
            "populated memfd mapped with MAP_POPULATE, the kernel's "
            "generic way to map existing pages; a yardstick, not a lower "
            "bound.  sig: ministat (Student's t on the raw samples, 95%%) "
            "finds the mean different from %s; it compares means, "
            "so a few outliers can hide a clear difference of medians."
            % (self.ref_phrase("median"), self.ref_phrase("mean")))
        for line in wrap(text):
            self.out(line)

    def latency_tables(self):
        if self.exact:
            fmt = "%9s %9s %9s %6s %5s %5s %5s"
            head = ("pages", "variant", "median", "min", "max", "ins/pg",
                    "xbase", "xref", "=med")
        else:
            fmt = "%9s %9s %9s %7s %5s %5s %3s"
            head = ("pages", "variant", "median", "p10", "p90", "ns/pg",
                    "xbase", "xref", "sig")
        rest = len(fmt % head[2:])
        for order, case, desc, sizeless in self.cases():
            self.out()
            self.out("%s: %s" % (case, desc))
            self.out("  source: %s/bench.json, case \"%s\"" % (self.vd, case))
            if self.mode == "tcg":
                self.mode_note()
            sig = {p: self.ministat(case, p) for p in self.sizes(case)}
            for b, vs in self.groups:
                self.base_heading(b)
                ref = self.refs.get(b)
                w = label_width([v.name for v in vs], 8, 7 + rest)
                self.out("%6s %-*s %s" % (head[0], w, head[1],
                                         fmt % head[2:]))
                for pages in self.sizes(case, vs):
                    for v in vs:
                        r = self.res[v].get((case, pages))
                        if r is None:
                            continue
                        for line in labelled(
                                "%6s " % (pages if pages else "-"), v.name,
                                w, fmt % self.latency_cols(
                                    v, ref, r, case, pages,
                                    sig[pages])):
                            self.out(line)
            counts = sorted(set(
                (p, self.res[v][(case, p)]["n"])
                for v in self.variants for p in self.sizes(case)
                if (case, p) in self.res[v]))
            byn = {}
            for p, n in counts:
                byn.setdefault(n, []).append(str(p) if p else "-")
            self.out("  n: " + "; ".join(
                "%d at %s pages" % (n, ",".join(ps))
                for n, ps in sorted(byn.items(), reverse=True)))

    def latency_cols(self, v, ref, r, case, pages, sig):
        """The figures of one row of section 1: variant V, its base's
        reference REF (or None), its result R."""
        med = self.med(v, case, pages)
        base = self.med(ref, case, pages) if ref else None
        xbase = med / base if base else None
        yard = self.med(v, REFERENCE, pages)
        xref = med / yard if case in MAPPING_CASES and yard else None
        perpage = ("%.0f" % (med / pages) if pages and med / pages >= 100
                   else "%.1f" % (med / pages) if pages else "-")
        if self.exact:
            xs = r["samples_ns"]
            return (fmt_count(med), fmt_count(min(xs)), fmt_count(max(xs)),
                    perpage, fmt_ratio(xbase), fmt_ratio(xref),
                    "%d/%d" % (xs.count(med), len(xs)))
        return (fmt_us(med), fmt_us(r["p10"]), fmt_us(r["p90"]), perpage,
                fmt_ratio(xbase), fmt_ratio(xref),
                "-" if v == ref else sig.get(v, "-"))

    def fault_table(self):
        self.heading("2. Page faults per timed repetition")
        for line in wrap(
                "Median over the timed repetitions of the faults taken "
                "inside the timed window, from the page-faults software "
                "event (bench.json \"samples_faults_event\"), and in "
                "brackets getrusage() minflt+majflt "
                "(\"samples_faults_rusage\") where that "
                "differs: getrusage also counts the faults the kernel takes "
                "on the task's behalf (get_user_pages, e.g. for "
                "MAP_POPULATE), the event only faults of user-mode "
                "accesses."):
            self.out(line)
        self.out()

        def cell(v, key):
            r = self.res[v].get(key)
            if r is None:
                return "-"
            ev = median(r["samples_faults_event"])
            ru = median(r["samples_faults_rusage"])
            return fmt_num(ev) + ("(%s)" % fmt_num(ru) if ev != ru else "")

        rows = [("%-12s %6s" % (case, pages if pages else "-"),
                 (case, pages))
                for order, case, desc, sizeless in self.cases()
                for pages in self.sizes(case)]
        for b, vs in self.groups:
            self.base_heading(b)
            self.column_tables(vs, "%-12s %6s" % ("case", "pages"), rows,
                               cell, 10)

    def column_tables(self, vs, head, rows, cell, minw):
        """One table (or several, to stay within WIDTH) with a column per
        variant of VS: HEAD, then per (prefix, key) of ROWS the prefix and
        cell(variant, key) right-aligned in each column, at least MINW
        wide and as wide as the variant's name."""
        cells = {(v, key): cell(v, key) for v in vs for _, key in rows}
        widths = {v: max([minw, len(v.name)] +
                         [len(cells[(v, key)]) for _, key in rows])
                  for v in vs}
        for i, run in enumerate(self.column_runs(vs, widths, len(head))):
            if i:
                self.out()
            self.out(head + "".join(" %*s" % (widths[v], v.name)
                                    for v in run))
            for prefix, key in rows:
                self.out(prefix + "".join(" %*s" % (widths[v], cells[(v, key)])
                                          for v in run))

    # -- bpftrace output ------------------------------------------------------
    MAPLINE = re.compile(r"^@(\w+)\[(.*)\]: (.*)$")

    def probe_maps(self, v, name):
        """{map: {key tuple: value string}} from probes/NAME.txt."""
        path = os.path.join(self.dir, v.dir, "probes", name + ".txt")
        maps = {}
        if not os.path.exists(path):
            return maps
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = self.MAPLINE.match(line.rstrip("\n"))
                if m:
                    key = tuple(x.strip() for x in m.group(2).split(","))
                    maps.setdefault(m.group(1), {})[key] = m.group(3)
        return maps

    def has_symbol(self, v, sym):
        """Whether probes/symbols.txt of v lists kprobe:SYM."""
        path = os.path.join(self.dir, v.dir, "probes", "symbols.txt")
        if not os.path.exists(path):
            return False
        with open(path, encoding="utf-8", errors="replace") as f:
            return ("kprobe:%s" % sym) in (line.strip() for line in f)

    def probe_reps(self, v, name):
        """{case@k: repetitions incl. warm-up} of the traced bench pass."""
        path = os.path.join(self.dir, v.dir, "probes", name + ".json")
        reps = {}
        if not os.path.exists(path):
            return reps
        data, res = load_bench(path)
        for (case, pages), r in res.items():
            tag = "%s@%d" % (case, k_of(pages)) if pages else case
            reps[tag] = r["n"] + r["warmup"]
        return reps

    def probe_k(self):
        ks = set()
        for v in self.variants:
            ks.update(int(t.split("@")[1]) for t in self.probe_reps(v, "faults")
                      if "@" in t)
        small = [k for k in ks if k <= 6]
        return max(small) if small else None

    def skipped(self, title):
        """Say which variants were not traced (probes/SKIPPED)."""
        skipped = [v.shown for v in self.variants if os.path.exists(
            os.path.join(self.dir, v.dir, "probes", "SKIPPED"))]
        if skipped:
            self.out()
            for line in wrap("%s: not traced in %s (see %s/probes/"
                             "SKIPPED)." % (title, " ".join(skipped),
                                            self.vd)):
                self.out(line)

    def probe_table(self, name, mapname, title, keyfmt, source_note):
        self.skipped(title)
        k = self.probe_k()
        if k is None:
            self.out("(no %s output)" % name)
            return
        per = {}
        for v in self.variants:
            reps = self.probe_reps(v, name)
            for key, val in self.probe_maps(v, name).get(mapname, {}).items():
                tag = key[0]
                if tag not in reps or "@" not in tag:
                    continue
                if key[-1] in UNATTRIBUTABLE:
                    continue
                if int(tag.split("@")[1]) != k:
                    continue
                rest = keyfmt(key[1:])
                per.setdefault((tag.split("@")[0], rest), {})[v] = (
                    int(val) / reps[tag])
        self.out()
        self.out("%s, at 1+2^%d pages, per repetition" % (title, k))
        self.lead_and_wrap("  source: %s/probes/%s.txt (map @%s), divided by"
                           % (self.vd, name, mapname),
                           "the repetitions of probes/%s.json; %s"
                           % (name, source_note), "  ")

        def cell(v, key):
            x = per[key].get(v)
            return "0" if x is None else fmt_num(round(x, 2))

        for b, vs in self.groups:
            self.base_heading(b)
            mine = [key for key, vals in per.items()
                    if any(v in vals for v in vs)]
            same = []
            if len(vs) > 1:
                same = [key for key in mine
                        if all(v in per[key] for v in vs) and
                        len(set(per[key][v] for v in vs)) == 1]
            if same:
                for line in wrap("%d rows the same in every variant left "
                                 "out (in the files)." % len(same), "  "):
                    self.out(line)
            rows = [("%-12s %-22s" % (case, what[:22]), (case, what))
                    for (case, what) in sorted(k for k in mine
                                               if k not in same)]
            self.column_tables(vs, "%-12s %-22s" % ("case", ""), rows,
                               cell, 8)
            if not rows:
                self.out("  (none)")

    def side_effects(self):
        self.heading("3. Faults by kind and handlers, traced (bpftrace)")
        for line in wrap(
                "From a separate short bench pass per script, so the probes "
                "do not disturb section 1.  Counts include each "
                "repetition's untimed preparation (e.g. the read of the "
                "control page before ctl-write) and are divided by the "
                "repetitions (warm-up included) of that pass."):
            self.out(line)
        self.probe_table("faults", "user_fault", "User page faults by kind",
                         lambda k: "/".join(k), "kind = access/x86 error code")
        self.probe_table("faults", "handle_mm_fault", "handle_mm_fault() calls",
                         lambda k: k[0], "access = FAULT_FLAG_WRITE; a "
                         "fault retried after VM_FAULT_RETRY calls it twice")
        self.probe_table("handlers", "calls",
                         "perf handlers and mm helpers called",
                         lambda k: k[0].replace("kprobe:", ""),
                         "wildcards: absent = 0; perf_mmap_free_page runs "
                         "from RCU callbacks, in any task: left out")
        self.perf_mmap_table()

    def perf_mmap_table(self):
        self.out()
        self.out("Time inside perf_mmap() per call (kprobe to kretprobe)")
        skipped = [v.shown for v in self.variants if os.path.exists(
            os.path.join(self.dir, v.dir, "probes", "SKIPPED"))]
        if skipped:
            for line in wrap("not traced in %s (see %s/probes/SKIPPED)"
                             % (" ".join(skipped), self.vd), "  "):
                self.out(line)
        # perf on f_op->mmap_prepare has no perf_mmap(): bench/probes/
        # perf_mmap.bt times the mmap action doing that work instead
        action = [v.shown for v in self.variants
                  if self.has_symbol(v, "discontig_kernel_pages_complete")
                  and not self.has_symbol(v, "perf_mmap")]
        if action:
            for line in wrap("%s: perf is on f_op->mmap_prepare; the time is "
                             "that of its mmap action, "
                             "discontig_kernel_pages_complete()"
                             % " ".join(action), "  "):
                self.out(line)
        self.fixed_lines(["  source: %s/probes/perf_mmap.txt (map @stats,"
                          % self.vd,
                          "  average ns; histograms there); traced, so "
                          "slower than",
                          "  section 1; mmap-first: one call per repetition"])
        if self.mode in ("icount", "tcg"):
            self.mode_note()
        rows = {}
        for v in self.variants:
            st = self.probe_maps(v, "perf_mmap").get("stats", {})
            for key, val in st.items():
                if not key[0].startswith("mmap-first@"):
                    continue
                m = re.search(r"average (\d+)", val)
                if m:
                    rows.setdefault((int(key[1]), key[0]), {})[v] = m.group(1)
        lines = [("%-14s %7d" % (tag, pages), (pages, tag))
                 for (pages, tag) in sorted(rows)]
        for b, vs in self.groups:
            self.base_heading(b)
            self.column_tables(vs, "%-14s %7s" % ("case@k", "pages"), lines,
                               lambda v, key: rows[key].get(v, "-"), 11)

    def workload_note(self):
        if self.mode == "icount":
            self.out("  icount: guest time, instructions (1 ns each) plus")
            self.out("  waits for I/O at the host's pace: not a count")
        elif self.mode == "tcg":
            self.mode_note()

    def workloads(self):
        self.heading("4. Real workloads")
        for line in wrap(
                "Both include loading perf and fio from the 9p root file "
                "system and writing their output: waiting for I/O%s, so "
                "these vary more from run to run than section 1." % (
                    " advances icount guest time at the host's pace (QEMU "
                    "-icount sleep=on)" if self.mode == "icount" else
                    " is part of the time")):
            self.out(line)
        self.out()
        self.out("perf record -a -m PAGES -e cpu-clock -- <exits at once>")
        self.fixed_lines(["  source: %s/workloads/perf-record.tsv (medians,"
                          % self.vd,
                          "  ms; start-up = until perf lets the command run,",
                          "  tear-down = from then until perf exits)"])
        self.workload_note()
        rest = "%7s %3s %11s %11s %11s" % ("-m", "n", "start-up",
                                          "tear-down", "total")
        for b, vs in self.groups:
            self.base_heading(b)
            w = label_width([v.name for v in vs], 10, len(rest))
            self.out("%-*s %s" % (w, "variant", rest))
            for v in vs:
                path = os.path.join(self.dir, v.dir, "workloads",
                                    "perf-record.tsv")
                rows = {}
                if os.path.exists(path):
                    with open(path) as f:
                        next(f)
                        for line in f:
                            m, rep, su, td, tot = line.split()
                            rows.setdefault(int(m), []).append(
                                (int(su), int(td), int(tot)))
                for m in sorted(rows):
                    cols = list(zip(*rows[m]))
                    for line in labelled("", v.name, w,
                                         "%7d %3d %11.1f %11.1f %11.1f" % (
                                             m, len(rows[m]),
                                             median(cols[0]) / 1e6,
                                             median(cols[1]) / 1e6,
                                             median(cols[2]) / 1e6)):
                        self.out(line)
        self.out()
        self.out("perf record -e page-faults -c 1 -m 128 -- fio (mmap")
        self.out("engine, 4 KiB random writes to a tmpfs file)")
        self.fixed_lines(["  source: %s/workloads/fio-N.json (jobs[0].write),"
                          % self.vd,
                          "  perf-fio-N.stats (perf report --stats), "
                          "perf-fio-N.tsv;",
                          "  medians over the N runs"])
        self.workload_note()
        rest = "%3s %10s %9s %9s %9s %10s" % (
            "n", "fio MiB/s", "fio IOPS", "samples", "lost", "wall ms")
        for b, vs in self.groups:
            self.base_heading(b)
            w = label_width([v.name for v in vs], 10, len(rest))
            self.out("%-*s %s" % (w, "variant", rest))
            for v in vs:
                for line in labelled("", v.name, w, self.fio_row(v)):
                    self.out(line)

    def fio_row(self, v):
        """Medians of variant V's fio runs under perf record."""
        wdir = os.path.join(self.dir, v.dir, "workloads")
        bw, iops, samples, lost, wall = [], [], [], [], []
        for fj in sorted(glob.glob(os.path.join(wdir, "fio-*.json"))):
            n = re.search(r"fio-(\d+)\.json$", fj).group(1)
            with open(fj) as f:
                j = json.load(f)["jobs"][0]["write"]
            bw.append(j["bw"] / 1024.0)
            iops.append(j["iops"])
            with open(os.path.join(wdir, "perf-fio-%s.stats" % n)) as f:
                st = f.read()
            samples.append(stat_count(st, "SAMPLE"))
            lost.append(stat_count(st, "LOST") +
                        stat_count(st, "LOST_SAMPLES"))
            with open(os.path.join(wdir, "perf-fio-%s.tsv" % n)) as f:
                wall.append(int(f.read().split()[-1]) / 1e6)
        if not bw:
            return "(no fio runs)"
        return "%3d %10.1f %9.0f %9d %9d %10.1f" % (
            len(bw), median(bw), median(iops), median(samples),
            median(lost), median(wall))

    def behaviour(self):
        self.heading("5. Behaviour matrix")
        status = self.meta.get("behaviour_matrix", "absent")
        path = os.path.join(self.dir, "behaviour-matrix.txt")
        if status.startswith("absent") or status.startswith("failed"):
            for line in wrap("Not included: %s." % status):
                self.out(line)
            return
        # runs from before the AUX observations moved into rb_observe
        # kept them in behaviour/aux-TAG/ (aux_observe's)
        if glob.glob(os.path.join(self.dir, "behaviour", "aux-*")):
            programs = ("the behaviour suite's rb_observe and the AUX "
                        "aux_observe")
        else:
            programs = "rb_observe: the data buffer and the AUX area"
        for line in wrap(
                "Observed by bench/observe.sh (" + programs + ") in the "
                "same boots as "
                "the timings above, after them, and in one more boot of "
                "each variant's vmalloc-buffer build; the files are in "
                "behaviour/: " + ", ".join(
                    os.path.basename(f) for f in sorted(glob.glob(
                        os.path.join(self.dir, "behaviour",
                                     "behaviour-*.txt")))) + "."):
            self.out(line)
        if status.startswith("made, but"):
            for line in wrap("WARNING: %s." % status):
                self.out(line)
        else:
            for line in wrap("Source: behaviour-matrix.txt (%s)." % status):
                self.out(line)
        self.out()
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [ascii_only(l.rstrip("\n")) for l in f]
        # scripts/behaviour-matrix.py keeps to the width it is given; a
        # wider line (a matrix made with another --width) is folded, not
        # cut: the rest follows on the next line, after a "~"
        folded = 0
        for line in lines:
            if len(line) > WIDTH:
                folded += 1
            while len(line) > WIDTH:
                self.out(line[:WIDTH - 1] + "~")
                line = "~" + line[WIDTH - 1:]
            self.out(line)
        if folded:
            self.out("(%d lines folded at %d columns: the rest of each "
                     "follows" % (folded, WIDTH))
            self.out("on the next line, after a ~)")

    def reliability(self):
        self.heading("6. Reliability runs (results/stress/)")
        until = self.meta.get("date")
        sr = load_script("stress-report.py")
        found = [(v, sr.newest(STRESS, v.full, until)
                  if os.path.isdir(STRESS) else None)
                 for v in self.variants]
        for line in wrap(
                "For each variant measured here, the newest debug-kernel "
                "stress run (make stress: scripts/stress.sh --record) "
                "recorded in results/stress/ up to this run's date (%s), "
                "as scripts/stress-report.py reads it from the run's "
                "summary.txt; what the columns count: "
                "results/stress/README.  Those runs boot the variant's "
                "debug build (KASAN, lockdep, fault injection), not the "
                "kernels timed above.  The kernel commit names the "
                "variant's source tree (%s plus its series); a tree "
                "made again gets new commits for the same patches." % (
                    until or "none recorded",
                    "its base" if self.many else self.groups[0][0])):
            self.out(line)
        have = [f for v, f in found if f]
        if have:
            self.out()
            for line in sr.rows(have):
                self.out(line)
        self.out()
        for v, f in found:
            if f is None:
                text = ("%s: no stress run recorded in results/stress/ "
                        "up to this run's date." % v.shown)
            else:
                name, vals = f
                commit = vals.get("kernel_commit", "?")
                timed = self.kernel[v].get("source_commit", "?")
                text = "%s: results/stress/%s/ (%s), kernel commit %s" % (
                    v.shown, name, vals.get("date", "?"), commit)
                if timed.startswith(commit):
                    text += ", the one timed here."
                else:
                    text += "; the kernel timed here: %s." % timed[:12]
                first = sr.first_splat(os.path.join(STRESS, name,
                                                    "console.log"))
                if first:
                    text += " First splat: %s" % first
            lines = wrap(text, "    ")
            self.out("  " + lines[0].lstrip())
            for line in lines[1:]:
                self.out(line)

    def timings(self):
        self.heading("7. How long this took")
        rest = "build %5s s   suite in the guest %5s s" % ("", "")
        w = label_width([v.shown for v in self.variants], 10, 2 + len(rest))
        for v in self.variants:
            t = read_kv(os.path.join(self.dir, v.dir, "timing.txt"))
            for line in labelled("  ", v.shown, w,
                                 "build %5s s   suite in the guest %5s s" % (
                                     t.get("build_seconds", "-"),
                                     t.get("run_seconds", "-"))):
                self.out(line)
        self.out("  guests run at once: %s; total before this report: %s s"
                 % (self.meta.get("guests_at_once", "?"),
                    self.meta.get("elapsed_seconds_before_report", "?")))
        self.out("  source: %s/timing.txt, meta.txt" % self.vd)
        for f in sorted(glob.glob(os.path.join(self.dir, "determinism-*.txt"))):
            with open(f) as fh:
                last = fh.read().strip().splitlines()[-1]
            self.out()
            for line in wrap("Determinism (scripts/bench-report.py --compare, "
                             "medians of cases of 64 pages or more against "
                             "another run), %s: %s" % (os.path.basename(f),
                                                       last)):
                self.out(line)

    def plots(self):
        pdir = os.path.join(self.dir, "plots")
        os.makedirs(pdir, exist_ok=True)
        made = []
        for order, case, desc, sizeless in self.cases():
            if sizeless:
                continue
            dat = os.path.join(pdir, case + ".dat")
            with open(dat, "w") as f:
                f.write("# pages, then median ns per variant (%s); "
                        "source: %s/bench.json\n"
                        % (" ".join(v.shown for v in self.variants), self.vd))
                f.write("# then the median ns of %s per variant\n" % REFERENCE)
                for pages in self.sizes(case):
                    row = [str(pages)]
                    for v in self.variants:
                        r = self.res[v].get((case, pages))
                        row.append("%.1f" % r["median"] if r else "NaN")
                    for v in self.variants:
                        r = self.res[v].get((REFERENCE, pages))
                        row.append("%.1f" % r["median"] if r else "NaN")
                    f.write(" ".join(row) + "\n")
            ylabel = "median latency, ns"
            if self.mode == "icount":
                ylabel += " (icount: guest instructions)"
            gp = os.path.join(pdir, case + ".gp")
            nv = len(self.variants)
            series = []
            for i, v in enumerate(self.variants):
                series.append("'%s.dat' using 1:%d with linespoints lw 2 "
                              "lc %d title '%s' noenhanced" % (
                                  case, i + 2, i + 1, v.shown))
            if case in MAPPING_CASES and case != REFERENCE:
                # One reference line: every variant measures the same
                # memfd mapping (section 1 shows them all).
                series.append("'%s.dat' using 1:%d with lines dt 2 lc rgb "
                              "'gray40' title '%s (in %s run)' noenhanced"
                              % (case, nv + 2, REFERENCE,
                                 self.variants[0].shown))
            with open(gp, "w") as f:
                f.write("# gnuplot %s.gp (from plots/): writes %s.svg and "
                        "%s.png\n" % (case, case, case))
                f.write("set logscale xy\nset grid\nset key top left\n")
                f.write("set xlabel 'buffer size, pages (1+2^k)'\n")
                f.write("set ylabel '%s'\n" % ylabel)
                f.write('set title "%s: %s\\n%s, %s"\n' % (
                    case, desc.replace('"', ""), self.mode,
                    self.meta.get("name", "")))
                plot = "plot " + ", \\\n     ".join(series) + "\n"
                f.write("set terminal svg size 800,560 dynamic\n")
                f.write("set output '%s.svg'\n" % case)
                f.write(plot)
                f.write("set terminal pngcairo size 800,560\n")
                f.write("set output '%s.png'\n" % case)
                f.write(plot)
            p = subprocess.run(["gnuplot", case + ".gp"], cwd=pdir,
                               capture_output=True, text=True)
            if p.returncode != 0:
                die("gnuplot %s.gp failed: %s" % (case, p.stderr))
            made.append(case)
        self.heading("8. Plots")
        for line in wrap("plots/<case>.svg and .png: median latency against "
                         "buffer size, log-log, one line per variant (dashed: "
                         "the reference, ref-memfd, in the first variant's "
                         "run), for: " +
                         ", ".join(made) + ".  Data: plots/<case>.dat."):
            self.out(line)

    def write(self):
        self.header()
        self.legend()
        self.latency_tables()
        self.fault_table()
        self.side_effects()
        self.workloads()
        self.behaviour()
        self.reliability()
        self.timings()
        self.plots()
        text = "\n".join(ascii_only(l) for l in self.lines) + "\n"
        long_lines = [l for l in text.splitlines() if len(l) > WIDTH]
        if long_lines:
            die("report line over %d columns: %r" % (WIDTH, long_lines[0]))
        with open(os.path.join(self.dir, "report.txt"), "w") as f:
            f.write(text)


def ministat_tag(case, pages):
    return "%s@%d" % (case, k_of(pages)) if pages else case


def ministat_path(d, case, pages, v):
    """Where the ministat comparison of variant V (a RunVariant) with its
    base's reference at CASE and PAGES is kept in results folder D."""
    return os.path.join(d, "ministat", ministat_tag(case, pages),
                        v.tag + ".txt")


def ministat_verdict(text):
    """'yes' if ministat's output TEXT (two data sets) finds a
    difference, 'no' if not, None if it says neither."""
    for line in text.splitlines():
        if line.startswith("Difference at"):
            return "yes"
        if line.startswith("No difference proven"):
            return "no"
    return None


def median(xs):
    s = sorted(xs)
    n = len(s)
    if n == 0:
        return 0
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def exact_stats(results):
    """How exact the counts of (variant, bench.json result) pairs are:
    sets of repetitions, those whose repetitions were all the same,
    repetitions, those at their set's median, and the largest relative
    departure of one repetition from its median with its pair."""
    st = {"sets": 0, "identical": 0, "reps": 0, "at_median": 0,
          "worst": (0.0, None)}
    for v, r in results:
        xs = r["samples_ns"]
        if not xs:
            continue
        m = median(xs)
        st["sets"] += 1
        st["identical"] += min(xs) == max(xs)
        st["reps"] += len(xs)
        st["at_median"] += xs.count(m)
        for x in (min(xs), max(xs)):
            d = (x - m) / m if m else 0.0
            if abs(d) > abs(st["worst"][0]):
                st["worst"] = (d, (v, r))
    return st


def fmt_dev(d):
    return "%+.3g%%" % (d * 100)


def where(pair):
    v, r = pair
    return "%s, %s, %s pages" % (r["case"], v, r["pages"] or "-")


def stat_count(text, name):
    m = re.search(r"^\s*%s events:\s+(\d+)" % name, text, re.M)
    return int(m.group(1)) if m else 0


def run_of(d):
    """{<base>/<variant>: RunVariant} of the results folder D."""
    meta = read_kv(os.path.join(d, "meta.txt"))
    if not meta:
        die("%s/meta.txt missing: not a bench.sh results folder" % d)
    try:
        return {v.full: v for v in rbnames.run_variants(meta)[0]}
    except rbnames.BadName as e:
        die("%s/meta.txt: %s" % (d, e))


def compare(a, b, min_pages, limit):
    """Variants are matched by <base>/<variant> (a folder from before
    kernel bases: see scripts/rbnames.py)."""
    worst = (0.0, None)
    rows = []
    run_a, run_b = run_of(a), run_of(b)
    for full in sorted(run_a):
        va, vb = run_a[full], run_b.get(full)
        if vb is None or not os.path.exists(os.path.join(b, vb.dir,
                                                         "bench.json")):
            continue
        _, ra = load_bench(os.path.join(a, va.dir, "bench.json"))
        _, rb = load_bench(os.path.join(b, vb.dir, "bench.json"))
        v = va.shown
        for key in sorted(ra):
            case, pages = key
            if pages < min_pages or key not in rb:
                continue
            ma, mb = ra[key]["median"], rb[key]["median"]
            d = abs(mb - ma) / ma * 100 if ma else 0.0
            rows.append((v, case, pages, ma, mb, d))
            if d >= worst[0]:
                worst = (d, (v, case, pages))
    if not rows:
        die("nothing to compare (no common variants/cases >= %d pages)"
            % min_pages)
    w = max([10] + [len(r[0]) for r in rows])
    print("%-*s %-12s %7s %14s %14s %7s" % (w, "variant", "case", "pages",
                                             "median A ns", "median B ns",
                                             "diff %"))
    for v, case, pages, ma, mb, d in rows:
        print("%-*s %-12s %7d %14.1f %14.1f %7.3f" % (w, v, case, pages, ma,
                                                      mb, d))
    print("largest difference: %.3f%% (%s %s at %d pages); limit %.1f%%"
          % (worst[0], worst[1][0], worst[1][1], worst[1][2], limit))
    return 0 if worst[0] <= limit else 1


def main(argv):
    if len(argv) >= 3 and argv[0] == "--compare":
        a, b = argv[1], argv[2]
        min_pages, limit = 64, 2.0
        rest = argv[3:]
        while rest:
            try:
                if rest[0] == "--min-pages" and len(rest) > 1:
                    min_pages = int(rest[1])
                elif rest[0] == "--limit" and len(rest) > 1:
                    limit = float(rest[1])
                else:
                    die("unknown argument %s" % rest[0])
            except ValueError:
                die("%s %s: not a number" % (rest[0], rest[1]))
            rest = rest[2:]
        return compare(a, b, min_pages, limit)
    if len(argv) != 1 or argv[0].startswith("-"):
        sys.stderr.write(__doc__)
        return 2
    try:
        Report(argv[0]).write()
    except (OSError, ValueError) as e:
        # a file of the folder missing or unreadable: say which
        die("%s: %s" % (argv[0], e))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
