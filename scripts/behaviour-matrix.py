#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print the behaviour matrix of the perf ring-buffer mapping variants.

Usage: scripts/behaviour-matrix.py [RESULTS_DIR] [--width N]

Reads every RESULTS_DIR/behaviour-TAG.txt that bench/observe.sh wrote
(make test, make suite, make bench), one per booted kernel, TAG being
<base>-<variant>[-<flavour>]; the kernel's base, variant and flavour are
read from the file's "# base= variant= flavour=" line.  Prints a
plain-text table per base: one row per observation, one column per
variant (in the order of kernel-patches/<base>/variants, then any
other), the observed value in each cell.  A '*' before a row marks a
behaviour that differs between the variants of the base.  A base with
more variants than fit in the width gets several tables, each starting
with the base's reference.

The protection matrix (prot.*) is folded: only its rows that differ
between the variants are shown, then prot:same_in_all counts the rest.

The AUX area's rows (aux.*, on the test-only AUX PMU) come from the
same file (in results from before, from RESULTS_DIR/aux-TAG/behaviour.txt).
Then:
  FLAVOUR:*  a second build of the variant (behaviour-TAG-FLAVOUR.txt,
             e.g. vmalloc: the CONFIG_PERF_USE_VMALLOC ring buffer): the
             rows whose value differs from the variant's own build, then
             one row counting the observations that are the same.
Values too wide for the column become [n] and are written out below the
tables.  Files from before kernel bases (behaviour-VARIANT.txt) are
read as scripts/rbnames.py says.  RESULTS_DIR defaults to $VM_OUT, else
build/vm-out.  Exits 1 if there is no results file.
"""

import glob
import os
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rbnames  # noqa: E402

TOP = rbnames.TOP
# The narrowest cell budget a table is split for: below this, a base's
# columns go into more than one table.
MIN_BUDGET = 9


def read_results(path):
    """Return (kernel release or '', {header key: value}, [(key, value)])
    of one results file."""
    kernel, head, obs = "", {}, []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                for word in line[1:].split():
                    k, sep, val = word.partition("=")
                    if sep:
                        head[k] = val
                kernel = head.get("kernel", kernel)
                continue
            if "=" in line:
                key, val = line.split("=", 1)
                obs.append((key, val))
    return kernel, head, obs


def identity(tag, head):
    """((base, variant, flavour), legacy) of behaviour-TAG.txt."""
    if head.get("base") and head.get("variant"):
        return (head["base"], head["variant"], head.get("flavour", "")), False
    parts = rbnames.split_tag(tag)
    if parts:
        return parts, False
    v, f = rbnames.split_legacy_tag(tag)
    return (rbnames.LEGACY_BASE, v, f), True


def listed(base):
    try:
        return rbnames.base_variants(base)
    except rbnames.BadName:
        return []


def split_even(items, n):
    """ITEMS in N runs of nearly equal length, in order."""
    out, start = [], 0
    for i in range(n):
        size = (len(items) - start + n - i - 1) // (n - i)
        out.append(items[start:start + size])
        start += size
    return [g for g in out if g]


def chunk_widths(chunk, keyw, width, widest):
    """Column widths of one table of the variants CHUNK: each as wide as
    its name, and its values up to a budget, the room left shared
    evenly."""
    k = len(chunk)
    named = {}
    while True:
        flex = [v for v in chunk if v not in named]
        room = width - keyw - 2 * (k - 1) - sum(named.values())
        budget = max(4, room // len(flex)) if flex else 4
        wide = {v: len(v) for v in flex if len(v) > budget}
        if not wide:
            break
        named.update(wide)
    return [named[v] if v in named else max(len(v), min(budget, widest[v]))
            for v in chunk]


def chunks(order, ref, keyw, width, widest):
    """The tables the columns ORDER go into: as few as fit WIDTH when
    each column is as wide as its name and MIN_BUDGET (or its widest
    value, if narrower), each starting with REF (if any)."""
    least = {v: max(len(v), min(MIN_BUDGET, widest[v])) for v in order}
    others = [v for v in order if v != ref]
    lead = [ref] if ref else []

    def fits(c):
        return keyw + sum(least[v] for v in c) + 2 * (len(c) - 1) <= width

    greedy, cur = [], []
    for v in others:
        if cur and not fits(lead + cur + [v]):
            greedy.append(cur)
            cur = []
        cur.append(v)
    greedy.append(cur)
    even = split_even(others, len(greedy)) or [[]]
    runs = even if all(fits(lead + r) for r in even) else greedy
    return [lead + r for r in runs]


class Matrix:
    def __init__(self, rdir, width):
        self.rdir = rdir
        self.width = width
        self.notes = []
        self.note_of = {}

    def load(self):
        files = {}
        for path in glob.glob(os.path.join(self.rdir, "behaviour-*.txt")):
            tag = os.path.basename(path)[len("behaviour-"):-len(".txt")]
            kernel, head, obs = read_results(path)
            (b, v, f), legacy = identity(tag, head)
            files[(b, v, f)] = (tag, kernel, obs, legacy)
        if not files:
            return False
        self.legacy = all(x[3] for x in files.values())
        self.data = {}       # (base, variant) -> (tag, kernel, obs)
        self.flavours = {}   # flavour -> {(base, variant): (kernel, obs)}
        for (b, v, f), (tag, kernel, obs, _) in files.items():
            if f and (b, v, "") in files:
                self.flavours.setdefault(f, {})[(b, v)] = (kernel, obs)
            else:
                name = v if not f else "%s-%s" % (v, f)
                self.data[(b, name)] = (tag, kernel, obs)
        self.bases = sorted({b for b, _ in self.data}, key=rbnames.version_key)
        self.order = {}
        for b in self.bases:
            mine = [v for bb, v in self.data if bb == b]
            lst = [v for v in listed(b) if v in mine]
            self.order[b] = lst + sorted(v for v in mine if v not in lst)
        return True

    def shown(self, b, v):
        return v if self.legacy else rbnames.qualified(b, v)

    def note(self, key, shown, cell):
        k = (key, shown, cell)
        if k not in self.note_of:
            self.notes.append("%s, %s: %s" % k)
            self.note_of[k] = len(self.notes)
        return "[%d]" % self.note_of[k]

    def base_table(self, b):
        """The lines of base B's table(s)."""
        order = self.order[b]
        values, keys = {}, []
        for v in order:
            tag, _, obs = self.data[(b, v)]
            obs = list(obs)
            # results from before rb_observe made the AUX observations:
            # aux_observe's file, RESULTS_DIR/aux-TAG/behaviour.txt
            aux = os.path.join(self.rdir, "aux-%s" % tag, "behaviour.txt")
            if os.path.exists(aux):
                obs += read_results(aux)[2]
            values[v] = dict(obs)
            for key, _ in obs:
                if key not in keys:
                    keys.append(key)

        # flavour rows: only where the flavour's build differs
        for flav in sorted(self.flavours):
            fvals = {v: dict(obs) for (bb, v), (_, obs)
                     in self.flavours[flav].items() if bb == b}
            fkeys = [k for k in keys
                     if any(k in fvals[v] and fvals[v][k] != values[v].get(k)
                            for v in fvals if v in values)]
            for k in fkeys:
                fk = "%s:%s" % (flav, k)
                keys.append(fk)
                for v in order:
                    values[v][fk] = fvals[v].get(k, "-") if v in fvals else "-"
            fk = "%s:same_as_pages" % flav
            keys.append(fk)
            for v in order:
                if v in fvals:
                    same = sum(1 for k, val in fvals[v].items()
                               if values[v].get(k) == val)
                    values[v][fk] = "%d/%d" % (same, len(fvals[v]))
                else:
                    values[v][fk] = "-"

        # The protection matrix (prot.*, rb_observe's prot_* cases): a
        # few hundred rows that every correct variant shares.  Show the
        # ones that differ between the variants, then one row counting
        # the rest.
        pkeys = [k for k in keys if k.startswith("prot.")]
        if pkeys:
            differ = set(k for k in pkeys
                         if len(set(values[v].get(k, "-") for v in order)) > 1)
            keys = [k for k in keys if k not in pkeys or k in differ]
            keys.append("prot:same_in_all")
            for v in order:
                mine = [k for k in pkeys if k in values[v]]
                values[v]["prot:same_in_all"] = "%d/%d" % (
                    sum(1 for k in mine if k not in differ), len(mine))
        self.any_prot = self.any_prot or bool(pkeys)

        # "* key " then the columns, two blanks apart
        keyw = 2 + max([len("behaviour")] + [len(k) for k in keys]) + 1
        widest = {v: max([1] + [len(values[v].get(k, "-")) for k in keys])
                  for v in order}
        lst = listed(b)
        ref = order[0] if lst and order[0] == lst[0] else None
        marks = {k: "*" if len(set(values[v].get(k, "-")
                                   for v in order)) > 1 else " "
                 for k in keys}
        lines = []
        for i, chunk in enumerate(chunks(order, ref, keyw, self.width,
                                         widest)):
            if i:
                lines.append("")
            colw = chunk_widths(chunk, keyw, self.width, widest)
            lines.append("  behaviour".ljust(keyw) +
                         "  ".join(v.ljust(w)
                                   for v, w in zip(chunk, colw)).rstrip())
            lines.append("  " + "-" * (keyw - 3) + " " +
                         "  ".join("-" * w for w in colw))
            for key in keys:
                shown = []
                for v, w in zip(chunk, colw):
                    cell = values[v].get(key, "-")
                    if len(cell) > w:
                        cell = self.note(key, self.shown(b, v), cell)
                    shown.append(cell.ljust(w))
                lines.append(((marks[key] + " " + key).ljust(keyw) +
                              "  ".join(shown)).rstrip())
        return lines

    def fill(self, text, indent="  "):
        return textwrap.fill(text, self.width, subsequent_indent=indent)

    def print(self):
        self.any_prot = False
        out = ["Behaviour of the perf ring-buffer mapping, by variant",
               self.fill("from %s/behaviour-*.txt" % self.rdir.rstrip("/"))]
        for b in self.bases:
            for v in self.order[b]:
                out.append("  %s: %s" % (self.shown(b, v),
                                         self.data[(b, v)][1] or "?"))
        for flav in sorted(self.flavours):
            fl = self.flavours[flav]
            for b in self.bases:
                mine = [v for bb, v in fl if bb == b]
                for v in ([v for v in self.order[b] if v in mine] +
                          sorted(set(mine) - set(self.order[b]))):
                    out.append("  %s (%s build): %s" % (
                        self.shown(b, v), flav, fl[(b, v)][0] or "?"))
        many = len(self.bases) > 1
        for b in self.bases:
            out.append("")
            if many:
                out.append("Base %s:" % b)
            out += self.base_table(b)
        out.append("")
        out.append("* differs between variants%s   a/b: control page/data "
                   "pages" % (" of the base" if many else ""))
        out.append("- not observed   n/a: not observable in that kernel")
        if self.any_prot:
            out.append(self.fill(
                "prot.*: the mmap()/mprotect() protection matrix "
                "(bench/observe/expected/<base>/prot.txt explains the values), shown "
                "where it differs; prot:same_in_all: its observations that "
                "are the same in every variant / all of the variant's"))
        for flav in sorted(self.flavours):
            out.append(self.fill(
                "%s:KEY: KEY in the %s build where it differs from the "
                "variant's own build; %s:same_as_pages: observations that "
                "are the same / all of that build's" % (flav, flav, flav)))
        for n, note in enumerate(self.notes, 1):
            out.append(self.fill("[%d] %s" % (n, note), "    "))
        print("\n".join(out))


def main(argv):
    width = 72
    args = []
    i = 1
    while i < len(argv):
        if argv[i] == "--width" and i + 1 < len(argv):
            try:
                width = int(argv[i + 1])
            except ValueError:
                sys.stderr.write("behaviour-matrix: --width %s is not a "
                                 "number\n" % argv[i + 1])
                return 2
            i += 2
            continue
        if argv[i] in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        if argv[i].startswith("-"):
            sys.stderr.write("behaviour-matrix: unknown option %s\n%s\n"
                             % (argv[i], __doc__.strip().splitlines()[2]))
            return 2
        args.append(argv[i])
        i += 1
    rdir = args[0] if args else os.environ.get(
        "VM_OUT", os.path.join(TOP, "build", "vm-out"))

    m = Matrix(rdir, width)
    if not m.load():
        sys.stderr.write("no behaviour-*.txt in %s: run tests/suite/run.sh"
                         " in the variants first\n" % rdir)
        return 1
    m.print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
