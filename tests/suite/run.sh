#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the behaviour suite of the perf ring-buffer mapping in the running
# kernel (the guest of one variant, or the host): the invariants
# (rb_map), the observations (bench/observe.sh, the one producer of the
# behaviour files), the perf tool round trip and the kernel's own
# tools/testing/selftests/perf_events.  Nothing is built here: `make -C
# tests/suite` and `make -C bench/observe` on the host first.
#
# Prints KTAP, each program's own KTAP nested (indented 4 spaces), and
# the closing line "N passed, N failed" over all test cases.  Exits
# non-zero if anything failed.
#
# Environment:
#   VM_OUT       results directory (default: the current one); gets
#                behaviour-TAG.txt and suite-TAG/*.log, TAG being
#                BASE-VARIANT[-FLAVOUR]
#   RB_BASE, RB_VARIANT, RB_FLAVOUR
#                who the kernel is (scripts/vm-run.sh tells its guest):
#                base (6.12), bare variant name (pfnmap), flavour booted
#                (scripts/build-kernel.sh VARIANT FLAVOUR, e.g. vmalloc;
#                empty: none).  Observations are compared with
#                bench/observe/expected/BASE/VARIANT[-FLAVOUR].txt.
#                Without RB_BASE and
#                RB_VARIANT the kernel is "unknown": report only
#   RB_VMLINUX   vmlinux with DWARF for drgn (default:
#                build/BASE/VARIANT/o[-FLAVOUR]/vmlinux)
#   SUITE_BIN    the built suite (default: build/suite)
#   SUITE_TIMEOUT  seconds allowed per program (default 1800)
set -eu

suite=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
top=$(CDPATH='' cd -- "$suite/../.." && pwd)
bin=${SUITE_BIN:-$top/build/suite}
base=${RB_BASE:-}
variant=${RB_VARIANT:-}
flavour=${RB_FLAVOUR:-}
# what this boot is called in results and expectations
if [ -n "$base" ] && [ -n "$variant" ]; then
	name=$base-$variant${flavour:+-$flavour}
else
	name=unknown
fi
out=${VM_OUT:-$(pwd)}
each=${SUITE_TIMEOUT:-1800}
logs=$out/suite-$name
mkdir -p "$logs"
RB_VMLINUX=${RB_VMLINUX:-$top/build/$base/$variant/o${flavour:+-$flavour}/vmlinux}
VM_OUT=$out
export RB_VMLINUX VM_OUT

n=0
pass=0
fail=0
skip=0
bad=0

# One top-level result.  $1: ok or "not ok", $2: name, $3: directive.
result() {
	n=$((n + 1))
	echo "$1 $n $2${3:+ # $3}"
	[ "$1" = ok ] || bad=$((bad + 1))
}

# Count the test cases of a program's KTAP log: its own top-level lines.
count() {
	p=$(grep -E '^ok ' "$1" | grep -vc '# SKIP' || true)
	s=$(grep -E '^ok ' "$1" | grep -c '# SKIP' || true)
	f=$(grep -c '^not ok ' "$1" || true)
	pass=$((pass + p))
	skip=$((skip + s))
	fail=$((fail + f))
}

# Run one program, nest its output, report it.  $1: name, $2...: command.
run() {
	name=$1
	shift
	log=$logs/$name.log
	if [ ! -x "$1" ]; then
		echo "# $1 is missing: run make -C tests/suite on the host"
		result "not ok" "$name"
		fail=$((fail + 1))
		return 0
	fi
	echo "# $name"
	rc=0
	timeout "$each" "$@" >"$log" 2>&1 </dev/null || rc=$?
	sed 's/^/    /' "$log"
	count "$log"
	# 4 is KSFT_SKIP: every case skipped, nothing failed
	if { [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ]; } &&
		! grep -q '^not ok ' "$log"; then
		result ok "$name"
	else
		[ "$rc" -ne 124 ] || echo "# $name: timed out after $each s"
		echo "# $name: exit status $rc"
		grep -q '^not ok ' "$log" || fail=$((fail + 1))
		result "not ok" "$name"
	fi
}

listed=no
if [ "$name" != unknown ] &&
	[ "$("$top/scripts/variants.sh" "$base/$variant" 2>/dev/null)" = "$base/$variant" ]; then
	listed=yes
fi

# The kernel's perf_events selftests, built from this variant's tree
# (its series may change them); the pristine tree's for other kernels.
pe=$bin/perf_events/$base/$variant
if [ "$listed" = no ]; then
	pe=$bin/perf_events/$("$top/scripts/variants.sh" --bases | head -n 1)/pristine
fi
selftests=
if [ -d "$pe" ]; then
	selftests=$(find "$pe" -maxdepth 1 -type f -perm -u+x | LC_ALL=C sort)
fi

echo 'KTAP version 1'
echo "1..$((5 + $(echo "$selftests" | grep -c .)))"
echo "# variant $base/$variant${flavour:+, flavour $flavour}, kernel $(uname -r), results in $out"
echo "# perf_events selftests from $pe"

# A variant the project lists must state what it expects to observe.
expect=$top/bench/observe/expected/$base/$variant${flavour:+-$flavour}.txt
if [ -f "$expect" ]; then
	result ok expectations
	pass=$((pass + 1))
elif [ "$listed" = yes ]; then
	echo "# $expect is missing for listed variant $name"
	result "not ok" expectations
	fail=$((fail + 1))
else
	result ok expectations "SKIP $base/$variant is not a project variant: report only"
	skip=$((skip + 1))
fi

run rb_map "$bin/rb_map"
run rb_observe "$top/bench/observe.sh" "$out"
run perf_roundtrip "$suite/perf_roundtrip.sh"

# The selftests exist, or the variant's build is missing.
if [ -n "$selftests" ]; then
	result ok perf_events_built
	pass=$((pass + 1))
else
	echo "# no selftests in $pe: make -C tests/suite VARIANT=$base/$variant"
	result "not ok" perf_events_built
	fail=$((fail + 1))
fi
for t in $selftests; do
	name=$(basename "$t")
	# remove_on_exec samples PERF_COUNT_HW_INSTRUCTIONS and fails (not
	# skips) without a hardware PMU, which QEMU's TCG does not emulate:
	# then the kernel registers no "cpu" PMU (cpu_core/cpu_atom on hybrid
	# parts).  Asked of sysfs, not of perf, whose output differs between
	# the roots' versions (7.3's perf stat does not say "<not supported>").
	pmus=/sys/bus/event_source/devices
	if [ "$name" = remove_on_exec ] && [ ! -e $pmus/cpu ] &&
		[ ! -e $pmus/cpu_core ] && [ ! -e $pmus/cpu_atom ]; then
		result ok "$name" "SKIP no hardware PMU (instructions event)"
		skip=$((skip + 1))
		continue
	fi
	run "$name" "$t"
done

[ "$skip" -eq 0 ] || echo "# $skip skipped"
echo "$pass passed, $fail failed"
[ "$bad" -eq 0 ] && [ "$fail" -eq 0 ]
