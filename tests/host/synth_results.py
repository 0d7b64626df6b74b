#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Make a synthetic results folder with two kernel bases, for the report
tests (tests/host/reports.sh).

Usage: tests/host/synth_results.py SRC OUT MODE

SRC is a real results folder from before kernel bases (one flat
<variant>/ folder per variant: baseline, pfnmap, mixedmap, kpages);
OUT is made new, in the layout scripts/bench.sh writes now
(OUT/<base>/<variant>/..., behaviour/, meta.txt with bases: and
references:), MODE (icount, kvm, tcg, local) goes into its meta.txt.
Prints its variants, one <base>/<variant> a line, the reference of each
base first.

The variants are copies of SRC's with their raw samples scaled, so that
what each must be compared with is known exactly:

  6.12: baseline pfnmap mixedmap kpages, then one named as long as the
        grammar allows (kernel-patches/name-grammar max=) and one more
        (six in all: more than fit in one table)
  7.3:  upstream (SRC's baseline, every sample x2) and pfnmap (x3): a
        variant name the other base has too, whose ratio to its own
        base's reference is exactly 1.5 (to 6.12/baseline's: 3)
"""

import json
import os
import shutil
import string
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import rbnames  # noqa: E402

SCALED = ("min", "p10", "median", "p90", "p99", "max", "mean", "stddev")


def long_name(base):
    """A variant name as long as the grammar's max allows in BASE."""
    room = rbnames.max_len() - len(base) - 1
    name = string.ascii_lowercase[:room - 2] + "_q"
    rbnames.check("variant", name)
    return name


def plan():
    """[(<base>/<variant>, SRC variant, sample factor)], each base's
    reference first."""
    return [
        ("6.12/baseline", "baseline", 1),
        ("6.12/pfnmap", "pfnmap", 1),
        ("6.12/mixedmap", "mixedmap", 1),
        ("6.12/kpages", "kpages", 1),
        ("6.12/" + long_name("6.12"), "kpages", 5),
        ("6.12/zz", "pfnmap", 4),
        ("7.3/upstream", "baseline", 2),
        ("7.3/pfnmap", "baseline", 3),
    ]


def release(full):
    b, v = rbnames.base_of(full), rbnames.name_of(full)
    return "%s.%s-%s" % (b, "117" if b == "6.12" else "4", v)


def scale_bench(src, dst, full, factor):
    with open(src) as f:
        d = json.load(f)
    d["variant"] = full
    d["kernel"] = release(full)
    for r in d["results"]:
        r["samples_ns"] = [x * factor for x in r["samples_ns"]]
        for k in SCALED:
            if k in r:
                r[k] = r[k] * factor
    with open(dst, "w") as f:
        json.dump(d, f, indent=1)


def copy_variant(src, out, full, srcv, factor):
    sdir = os.path.join(src, srcv)
    vdir = os.path.join(out, full)
    os.makedirs(vdir)
    for sub in ("probes", "workloads"):
        shutil.copytree(os.path.join(sdir, sub), os.path.join(vdir, sub))
    for f in ("env.txt", "timing.txt"):
        shutil.copy(os.path.join(sdir, f), vdir)
    scale_bench(os.path.join(sdir, "bench.json"),
                os.path.join(vdir, "bench.json"), full, factor)
    for probe in ("faults", "handlers", "perf_mmap"):
        p = os.path.join(vdir, "probes", probe + ".json")
        if os.path.exists(p):
            scale_bench(p, p, full, factor)
    kernel = rbnames.read_fields(os.path.join(sdir, "kernel.txt"))
    kernel["release"] = release(full)
    kernel["series"] = "kernel-patches/%s/ (synthetic)" % full
    with open(os.path.join(vdir, "kernel.txt"), "w") as f:
        for k, v in kernel.items():
            f.write("%s: %s\n" % (k, v))


def copy_behaviour(src, out, full, srcv, flavour):
    """behaviour-TAG.txt and aux-TAG/ of one variant and flavour, with
    the header rb_observe writes now."""
    stag = srcv + ("-" + flavour if flavour else "")
    tag = rbnames.tag(full, flavour)
    bdir = os.path.join(out, "behaviour")
    with open(os.path.join(src, "behaviour", "behaviour-%s.txt" % stag)) as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    if rbnames.base_of(full) == "7.3":
        # 7.3 refuses the SET_OUTPUT aliasing mmap (issue 15, item 4)
        lines.append("setoutput.alias_mmap=EBUSY\n")
    with open(os.path.join(bdir, "behaviour-%s.txt" % tag), "w") as f:
        f.write("# base=%s variant=%s flavour=%s kernel=%s\n" % (
            rbnames.base_of(full), rbnames.name_of(full), flavour,
            release(full)))
        f.writelines(lines)
    shutil.copytree(os.path.join(src, "behaviour", "aux-%s" % stag),
                    os.path.join(bdir, "aux-%s" % tag))


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    src, out, mode = argv[1:]
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "behaviour"))
    meta = rbnames.read_fields(os.path.join(src, "meta.txt"))
    variants = plan()
    for full, srcv, factor in variants:
        copy_variant(src, out, full, srcv, factor)
        for flavour in ("", "vmalloc"):
            copy_behaviour(src, out, full, srcv, flavour)
    names = [full for full, _, _ in variants]
    bases = sorted({rbnames.base_of(v) for v in names},
                   key=rbnames.version_key)
    refs = [next(v for v in names if rbnames.base_of(v) == b) for b in bases]
    meta.update({
        "name": os.path.basename(out),
        "mode": mode,
        "variants": " ".join(names),
        "bases": " ".join(bases),
        "references": " ".join(refs),
        "flavours": "vmalloc",
        "command": "VARIANTS='%s' MODE=%s (synthetic: tests/host/"
                   "synth_results.py)" % (" ".join(names), mode),
    })
    meta.pop("behaviour_matrix", None)
    with open(os.path.join(out, "meta.txt"), "w") as f:
        for k, v in meta.items():
            f.write("%s: %s\n" % (k, v))
    with open(os.path.join(out, "commands.txt"), "w") as f:
        f.write("tests/host/synth_results.py %s %s %s\n" % (src, out, mode))
    for v in names:
        print(v)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
