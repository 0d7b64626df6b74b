#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Where a window's instructions go: a flat profile by function.

Usage: scripts/profile-report.py PROFILE SYMBOLS [--per N] [--top N]

PROFILE is what bench/plugin/rb_cache.so writes with profile=FILE (one
"tb vaddr=0x... insns=N" line per translation block that ran inside the
bench's windows, then "total windows=N insns=N"); SYMBOLS is the guest's /proc/kallsyms,
read as root in the same boot (scripts/profile.sh saves it), or a
System.map where the kernel is not relocated.  Each block is charged to
the text symbol at or below its address; addresses below the kernel's
text are user space.  Printed: per function, the instructions per window and,
with --per N, per N units (pages: --per 32769 at 1+2^15 pages), then
the total, and how much of it the blocks explain.

Example:
  scripts/profile-report.py build/profile-out/7.3-kpages-mmap-second-k15/{profile.raw,kallsyms} \\
      --per 32769 --top 25
"""
import argparse
import bisect
import re
import sys

TB_RE = re.compile(r"tb vaddr=0x([0-9a-f]+) insns=([0-9]+)$")
TOTAL_RE = re.compile(r"total windows=([0-9]+) insns=([0-9]+)$")
MAP_RE = re.compile(r"([0-9a-f]+) ([tTwW]) (\S+)$")


def die(msg):
    print(f"profile-report: {msg}", file=sys.stderr)
    sys.exit(2)


def read_profile(path):
    blocks, total = [], None
    try:
        with open(path, encoding="ascii") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                m = TB_RE.match(line)
                if m:
                    blocks.append((int(m.group(1), 16), int(m.group(2))))
                    continue
                m = TOTAL_RE.match(line)
                if m and total is None:
                    total = (int(m.group(1)), int(m.group(2)))
                    continue
                die(f"{path}:{n}: not a profile line: {line!r}")
    except OSError as e:
        die(f"{path}: {e.strerror}")
    if total is None:
        die(f"{path}: no 'total' line (QEMU did not exit cleanly?)")
    if total[0] == 0:
        die(f"{path}: no window closed: nothing was measured")
    return blocks, total


def read_map(path):
    syms = []
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                m = MAP_RE.match(line.rstrip("\n"))
                if m:
                    syms.append((int(m.group(1), 16), m.group(3)))
    except OSError as e:
        die(f"{path}: {e.strerror}")
    if not any(addr for addr, _ in syms):
        syms = []
    if not syms:
        die(f"{path}: no text symbols: not a kallsyms or System.map"
            " (kallsyms read without root shows zero addresses)")
    syms.sort()
    return syms


def main():
    ap = argparse.ArgumentParser(
        description="flat profile of rb_cache's profile=FILE output")
    ap.add_argument("profile")
    ap.add_argument("symbols")
    ap.add_argument("--per", type=int, default=0,
                    help="also divide by this many units (e.g. pages)")
    ap.add_argument("--top", type=int, default=30,
                    help="functions to list (default 30)")
    a = ap.parse_args()
    if a.per < 0 or a.top < 1:
        die("--per must be >= 0 and --top >= 1")

    blocks, (windows, total) = read_profile(a.profile)
    syms = read_map(a.symbols)
    addrs = [s[0] for s in syms]
    text_start = addrs[0]

    by_func = {}
    for vaddr, insns in blocks:
        if vaddr < text_start:
            name = "[user]"
        else:
            name = syms[bisect.bisect_right(addrs, vaddr) - 1][1]
        by_func[name] = by_func.get(name, 0) + insns
    counted = sum(by_func.values())

    per = f"  {'per ' + str(a.per):>12}" if a.per else ""
    print(f"{windows} windows, {total / windows:.1f} instructions each"
          f" (blocks explain {100.0 * counted / total if total else 0:.1f}%)")
    print(f"{'instr/window':>14}{per}  function")
    rows = sorted(by_func.items(), key=lambda kv: (-kv[1], kv[0]))
    for name, insns in rows[:a.top]:
        w = insns / windows
        p = f"  {w / a.per:12.2f}" if a.per else ""
        print(f"{w:14.1f}{p}  {name}")
    rest = sum(v for _, v in rows[a.top:])
    if rest:
        w = rest / windows
        p = f"  {w / a.per:12.2f}" if a.per else ""
        print(f"{w:14.1f}{p}  ({len(rows) - a.top} more functions)")
    w = total / windows
    p = f"  {w / a.per:12.2f}" if a.per else ""
    print(f"{w:14.1f}{p}  total")


if __name__ == "__main__":
    main()
