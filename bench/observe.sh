#!/bin/sh
# Record what the running kernel does with the buffer pages, for the
# behaviour matrix of the report: the behaviour suite's observation
# program (tests/suite/rb_observe: faults, refcount/mapcount, RSS, GUP,
# madvise, VMA flags of the data buffer) and the AUX one
# (tests/aux/aux_observe, on the test-only AUX PMU).
#
# Usage: bench/observe.sh OUTDIR
#
# scripts/bench.sh runs it in each variant's guest after bench/run.sh,
# and once more in the variant's FLAVOUR build (vmalloc).  Which kernel
# this is comes from the environment, never from uname -r: RB_BASE,
# RB_VARIANT and RB_FLAVOUR (scripts/vm-run.sh puts them on the guest's
# command line; scripts/bench.sh sets them for MODE=local).  Needs
# `make -C tests/suite VARIANT=<base>/<variant>` and the same of
# tests/aux on the host first.  Writes, TAG being
# <base>-<variant>[-<flavour>]:
#
#   OUTDIR/behaviour-TAG.txt      rb_observe's key=value lines
#   OUTDIR/aux-TAG/behaviour.txt  aux_observe's
#   OUTDIR/observe-TAG.log        both programs' own output
#
# rb_observe also checks its observations against
# tests/suite/expected/<base>/<variant>[-<flavour>].txt; a mismatch, or
# a program that fails, makes the exit status 1 (the files are still
# written).
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/../scripts/lib.sh"

[ $# -eq 1 ] || die "usage: bench/observe.sh OUTDIR (with RB_BASE, RB_VARIANT, RB_FLAVOUR set)"
out=$1
if [ -z "${RB_BASE:-}" ] || [ -z "${RB_VARIANT:-}" ]; then
	die "RB_BASE and RB_VARIANT are not set: boot with scripts/vm-run.sh, or set them (scripts/bench.sh MODE=local does)"
fi
check_name base "$RB_BASE"
check_name variant "$RB_VARIANT"
flavour=${RB_FLAVOUR:-}
[ -z "$flavour" ] || check_name flavour "$flavour"
variant=$RB_BASE/$RB_VARIANT
tag=$(variant_tag "$variant" "$flavour")
log=$out/observe-$tag.log
rc=0

mkdir -p "$out/aux-$tag"
: >"$log"
printf 'bench/observe.sh [%s]: observing the buffer pages\n' "$tag" >&2

# rb_observe takes RB_BASE, RB_VARIANT and RB_FLAVOUR from the
# environment it inherits
if ! VM_OUT=$out RB_SUITE_DIR=$TOP/tests/suite \
	RB_VMLINUX=$(variant_obj "$variant" "$flavour")/vmlinux \
	timeout 900 "$BUILD/suite/rb_observe" >>"$log" 2>&1 </dev/null; then
	echo "rb_observe failed: see $log" >&2
	rc=1
fi
if ! timeout 300 "$BUILD/aux/aux_observe" \
	>"$out/aux-$tag/behaviour.txt" 2>>"$log" </dev/null; then
	echo "aux_observe failed: see $log" >&2
	rc=1
fi
exit $rc
