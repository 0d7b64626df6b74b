#!/bin/sh
# Record what the running kernel does with the buffer pages, for the
# behaviour matrix of the report: the behaviour suite's observation
# program (tests/suite/rb_observe: faults, refcount/mapcount, RSS, GUP,
# madvise, VMA flags of the data buffer) and the AUX one
# (tests/aux/aux_observe, on the test-only AUX PMU).
#
# Usage: bench/observe.sh OUTDIR VARIANT [FLAVOUR]
#
# scripts/bench.sh runs it in each variant's guest after bench/run.sh,
# and once more in the variant's FLAVOUR build (vmalloc).  Needs
# `make -C tests/suite VARIANT=V` and `make -C tests/aux VARIANT=V` on the
# host first.  Writes:
#
#   OUTDIR/behaviour-VARIANT[-FLAVOUR].txt      rb_observe's key=value lines
#   OUTDIR/aux-VARIANT[-FLAVOUR]/behaviour.txt  aux_observe's
#   OUTDIR/observe-VARIANT[-FLAVOUR].log        both programs' own output
#
# rb_observe also checks its observations against
# tests/suite/expected/VARIANT[-FLAVOUR].txt; a mismatch, or a program
# that fails, makes the exit status 1 (the files are still written).
set -eu

out=${1:?usage: bench/observe.sh OUTDIR VARIANT [FLAVOUR]}
variant=${2:?usage: bench/observe.sh OUTDIR VARIANT [FLAVOUR]}
flavour=${3:-}
top=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
name=$variant${flavour:+-$flavour}
log=$out/observe-$name.log
rc=0

mkdir -p "$out/aux-$name"
: >"$log"
printf 'bench/observe.sh [%s]: observing the buffer pages\n' "$name" >&2

if ! VM_OUT=$out RB_VARIANT=$name RB_SUITE_DIR=$top/tests/suite \
	RB_VMLINUX=$top/build/$variant/o${flavour:+-$flavour}/vmlinux \
	timeout 900 "$top/build/suite/rb_observe" >>"$log" 2>&1 </dev/null; then
	echo "rb_observe failed: see $log" >&2
	rc=1
fi
if ! timeout 300 "$top/build/aux/aux_observe" \
	>"$out/aux-$name/behaviour.txt" 2>>"$log" </dev/null; then
	echo "aux_observe failed: see $log" >&2
	rc=1
fi
exit $rc
