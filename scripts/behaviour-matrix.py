#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print the behaviour matrix of the perf ring-buffer mapping variants.

Usage: scripts/behaviour-matrix.py [RESULTS_DIR] [--width N]

Reads every RESULTS_DIR/behaviour-VARIANT.txt that tests/suite/run.sh
(rb_observe) wrote, one per booted variant, and prints a plain-text table:
one row per observation, one column per variant (in the order of
kernel-patches/variants, then any other), the observed value in each
cell.  A '*' before a row marks a behaviour that differs between the
variants.

The protection matrix (prot.*) is folded: only its rows that differ
between the variants are shown, then prot:same_in_all counts the rest.

Two groups of rows follow the data buffer's:
  aux.*      the AUX buffer, from RESULTS_DIR/aux-VARIANT/behaviour.txt
             (tests/aux/run.sh, aux_observe on the test-only AUX PMU);
  FLAVOUR:*  a second build of the variant (behaviour-VARIANT-FLAVOUR.txt,
             e.g. vmalloc: the CONFIG_PERF_USE_VMALLOC ring buffer): the
             rows whose value differs from the variant's own build, then
             one row counting the observations that are the same.  Values too wide for the column become [n] and are written out
below the table.  RESULTS_DIR defaults to $VM_OUT, else build/vm-out.
Exits 1 if there is no results file.
"""

import glob
import os
import sys
import textwrap

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def listed_variants():
    try:
        with open(os.path.join(TOP, "kernel-patches", "variants")) as f:
            lines = [ln.split("#")[0].strip() for ln in f]
    except OSError:
        return []
    return [ln for ln in lines if ln]


def read_results(path):
    """Return (kernel release or '', [(key, value)]) of one results file."""
    kernel, obs = "", []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                for word in line[1:].split():
                    if word.startswith("kernel="):
                        kernel = word[len("kernel="):]
                continue
            if "=" in line:
                key, val = line.split("=", 1)
                obs.append((key, val))
    return kernel, obs


def main(argv):
    width = 72
    args = []
    i = 1
    while i < len(argv):
        if argv[i] == "--width" and i + 1 < len(argv):
            width = int(argv[i + 1])
            i += 2
            continue
        if argv[i] in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        args.append(argv[i])
        i += 1
    rdir = args[0] if args else os.environ.get(
        "VM_OUT", os.path.join(TOP, "build", "vm-out"))

    files = {}
    for path in glob.glob(os.path.join(rdir, "behaviour-*.txt")):
        name = os.path.basename(path)[len("behaviour-"):-len(".txt")]
        files[name] = path
    if not files:
        sys.stderr.write("no behaviour-*.txt in %s: run tests/suite/run.sh"
                         " in the variants first\n" % rdir)
        return 1
    # "VARIANT-FLAVOUR" of a variant that has its own file is a flavour
    flavours = {}
    for name in list(files):
        base, _, flav = name.rpartition("-")
        if base in files and flav:
            flavours.setdefault(flav, {})[base] = files.pop(name)
    order = [v for v in listed_variants() if v in files]
    order += sorted(v for v in files if v not in order)

    kernels, values, keys = {}, {}, []
    for v in order:
        kernels[v], obs = read_results(files[v])
        aux = os.path.join(rdir, "aux-%s" % v, "behaviour.txt")
        if os.path.exists(aux):
            obs += read_results(aux)[1]
        values[v] = dict(obs)
        for key, _ in obs:
            if key not in keys:
                keys.append(key)

    # flavour rows: only where the flavour's build differs
    flav_kernels = []
    for flav in sorted(flavours):
        fvals = {}
        fl = flavours[flav]
        for v in [v for v in order if v in fl] + sorted(set(fl) - set(order)):
            path = fl[v]
            kern, obs = read_results(path)
            flav_kernels.append("%s (%s build): %s" % (v, flav, kern or "?"))
            fvals[v] = dict(obs)
        fkeys = [k for k in keys
                 if any(k in fvals[v] and fvals[v][k] != values[v].get(k)
                        for v in fvals)]
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

    # The protection matrix (prot.*, rb_observe's prot_* cases): a few
    # hundred rows that every correct variant shares.  Show the ones that
    # differ between the variants, then one row counting the rest.
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

    # "* key " then the columns, two blanks apart
    keyw = 2 + max(len("behaviour"), max(len(k) for k in keys)) + 1
    ncol = len(order)
    budget = max(4, (width - keyw - 2 * (ncol - 1)) // ncol)
    colw = [max(len(v), min(budget, max(len(values[v].get(k, "-"))
                                        for k in keys))) for v in order]

    notes = []
    lines = []
    for key in keys:
        cells = [values[v].get(key, "-") for v in order]
        mark = "*" if len(set(cells)) > 1 else " "
        shown = []
        for v, cell, w in zip(order, cells, colw):
            if len(cell) > w:
                notes.append("%s, %s: %s" % (key, v, cell))
                cell = "[%d]" % len(notes)
            shown.append(cell.ljust(w))
        lines.append((mark + " " + key).ljust(keyw) + "  ".join(shown))

    print("Behaviour of the perf ring-buffer mapping, by variant")
    print(textwrap.fill("from %s/behaviour-*.txt" % rdir.rstrip("/"), width,
                        subsequent_indent="  "))
    for v in order:
        print("  %s: %s" % (v, kernels[v] or "?"))
    for line in flav_kernels:
        print("  " + line)
    print("")
    print("  behaviour".ljust(keyw) +
          "  ".join(v.ljust(w) for v, w in zip(order, colw)).rstrip())
    print("  " + "-" * (keyw - 3) + " " + "  ".join("-" * w for w in colw))
    for line in lines:
        print(line.rstrip())
    print("")
    print("* differs between variants   a/b: control page/data pages")
    print("- not observed   n/a: not observable in that kernel")
    if pkeys:
        print(textwrap.fill(
            "prot.*: the mmap()/mprotect() protection matrix "
            "(tests/suite/expected/prot.txt explains the values), shown "
            "where it differs; prot:same_in_all: its observations that "
            "are the same in every variant / all of the variant's",
            width, subsequent_indent="  "))
    for flav in sorted(flavours):
        print(textwrap.fill(
            "%s:KEY: KEY in the %s build where it differs from the "
            "variant's own build; %s:same_as_pages: observations that "
            "are the same / all of that build's" % (flav, flav, flav),
            width, subsequent_indent="  "))
    for n, note in enumerate(notes, 1):
        print(textwrap.fill("[%d] %s" % (n, note), width,
                            subsequent_indent="    "))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
