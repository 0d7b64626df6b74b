#!/bin/sh
# Record what the running kernel does with the buffer pages, for the
# behaviour matrix: bench/observe/rb_observe (faults, refcount/mapcount,
# RSS, GUP, madvise, VMA flags, every protection and flag, of the data
# buffer and of the AUX area on the test-only AUX PMU), each observation
# compared with bench/observe/expected/<base>/<variant>[-<flavour>].txt.
# The one producer of the behaviour files: tests/suite/run.sh (make test,
# make suite) and scripts/bench.sh (make bench) both run this.
#
# Usage: bench/observe.sh OUTDIR
#
# Which kernel this is comes from the environment, never from uname -r:
# RB_BASE, RB_VARIANT and RB_FLAVOUR (scripts/vm-run.sh puts them on the
# guest's command line; scripts/bench.sh sets them for MODE=local).
# Without RB_BASE and RB_VARIANT the kernel is "unknown": observations are
# written and reported, not compared.  RB_VMLINUX (default: the variant's
# build/<base>/<variant>/o[-<flavour>]/vmlinux) is the vmlinux drgn reads.
# Needs `make -C bench/observe` on the host first.  Writes, TAG being
# <base>-<variant>[-<flavour>]:
#
#   OUTDIR/behaviour-TAG.txt      the key=value lines
#   OUTDIR/observe-TAG.log        rb_observe's KTAP, also printed here
#
# Exits with rb_observe's status: non-zero on a mismatch or a failure
# (the files are still written).
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/../scripts/lib.sh"

[ $# -eq 1 ] || die "usage: bench/observe.sh OUTDIR (with RB_BASE, RB_VARIANT, RB_FLAVOUR set)"
out=$1
prog=$BUILD/observe/rb_observe
[ -x "$prog" ] || die "no $prog: run make -C bench/observe on the host first"
tag=unknown
if [ -n "${RB_BASE:-}" ] && [ -n "${RB_VARIANT:-}" ]; then
	check_name base "$RB_BASE"
	check_name variant "$RB_VARIANT"
	flavour=${RB_FLAVOUR:-}
	[ -z "$flavour" ] || check_name flavour "$flavour"
	variant=$RB_BASE/$RB_VARIANT
	tag=$(variant_tag "$variant" "$flavour")
	RB_VMLINUX=${RB_VMLINUX:-$(variant_obj "$variant" "$flavour")/vmlinux}
	export RB_VMLINUX
fi
log=$out/observe-$tag.log
mkdir -p "$out"
printf 'bench/observe.sh [%s]: observing the buffer pages\n' "$tag" >&2

# rb_observe takes RB_BASE, RB_VARIANT and RB_FLAVOUR from the
# environment it inherits, and finds expected/ and rb_pages.py under
# RB_TOP
rc=0
VM_OUT=$out RB_TOP=$TOP timeout 900 "$prog" >"$log" 2>&1 </dev/null || rc=$?
cat "$log"
[ "$rc" -eq 0 ] || echo "rb_observe exited $rc: see $log" >&2
exit "$rc"
