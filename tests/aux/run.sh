#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the AUX buffer tests in the running kernel, which must carry the
# test-only PMUs of kernel-patches/<base>/testing/: aux_pmu, aux_race,
# then the kernel's own perf_events/mmap selftest, whose "aux"
# cases skip on a kernel without an AUX-capable PMU and must pass here.
# Nothing is built here: `make -C tests/aux [VARIANT=v]` on the host
# first.
#
# Prints each program's KTAP indented by 4 spaces, one top-level TAP line
# per test case (a skip counts as a failure: with the test PMUs nothing
# may skip), and the closing line "N passed, N failed".  Exits non-zero
# if anything failed.
#
# Environment:
#   RB_BASE, RB_VARIANT, RB_FLAVOUR  who the kernel is (scripts/vm-run.sh
#                tells its guest): the variant whose mmap selftest to run
#                (without a build for it, the oldest base's pristine
#                tree's); all three name the log directory
#                aux-BASE-VARIANT[-FLAVOUR]
#   AUX_BIN      the built tests (default: build/aux)
#   VM_OUT       where the logs go (default: the current directory)
#   AUX_TIMEOUT  seconds allowed per program (default 600)
#   AUX_RACE_SECONDS  how long aux_race runs (default 10)
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
top=$(CDPATH='' cd -- "$here/../.." && pwd)
bin=${AUX_BIN:-$top/build/aux}
base=${RB_BASE:-}
variant=${RB_VARIANT:-}
flavour=${RB_FLAVOUR:-}
tag=unknown
[ -z "$base" ] || [ -z "$variant" ] || tag=$base-$variant${flavour:+-$flavour}
logs=${VM_OUT:-$(pwd)}/aux-$tag
each=${AUX_TIMEOUT:-600}
race=${AUX_RACE_SECONDS:-10}
pass=0
fail=0

mmap=$bin/perf_events/$base/$variant/mmap
[ -x "$mmap" ] || mmap=$bin/perf_events/$("$top/scripts/variants.sh" --bases | head -n 1)/pristine/mmap
mkdir -p "$logs"

result() {
	if [ "$1" = ok ]; then
		pass=$((pass + 1))
		echo "ok - $2"
	else
		fail=$((fail + 1))
		echo "not ok - $2"
	fi
}

# run NAME PROGRAM [ARG...]: its KTAP, indented, then one line per test
# case.
run() {
	name=$1
	shift
	log=$logs/$name.log
	rc=0
	if [ ! -x "$1" ]; then
		result not "$name: $1 not built (make -C tests/aux)"
		return
	fi
	timeout "$each" "$@" >"$log" 2>&1 </dev/null || rc=$?
	sed 's/^/    /' "$log"
	cases=$(grep -cE '^(not )?ok [0-9]+ ' "$log" || true)
	grep -E '^(not )?ok [0-9]+ ' "$log" | while IFS= read -r line; do
		case $line in
		"not ok "*) echo "not ok - $name: ${line#not ok [0-9]* }" ;;
		# a skip fails here; drop the TAP directive that would say skip
		*"# SKIP"*)
			line=${line#ok [0-9]* }
			echo "not ok - $name: ${line%%# SKIP*}(skipped:${line#*# SKIP})"
			;;
		*) echo "ok - $name: ${line#ok [0-9]* }" ;;
		esac
	done >"$log.tap"
	cat "$log.tap"
	pass=$((pass + $(grep -c '^ok ' "$log.tap" || true)))
	fail=$((fail + $(grep -c '^not ok ' "$log.tap" || true)))
	if [ "$cases" -eq 0 ] || { [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$log.tap"; }; then
		result not "$name exited $rc after $cases test case(s)"
	fi
}

echo "# AUX tests on $(uname -r), variant $variant${flavour:+, flavour $flavour}"
for pmu in aux_test aux_test_large; do
	if [ -r "/sys/bus/event_source/devices/$pmu/type" ]; then
		result ok "PMU $pmu in /sys/bus/event_source/devices (type $(cat "/sys/bus/event_source/devices/$pmu/type"))"
	else
		result not "PMU $pmu in /sys/bus/event_source/devices"
	fi
done
run aux_pmu "$bin/aux_pmu"
run aux_race "$bin/aux_race" "$race"
run mmap_selftest "$mmap"
# The point of the test PMU: the selftest's aux cases ran.
n=$(grep -cE '^ok [0-9]+ perf_mmap\.aux\.[a-z_]+$' "$logs/mmap_selftest.log" || true)
if [ "$n" -gt 0 ]; then
	result ok "mmap selftest: $n aux case(s) passed, none skipped"
else
	result not "mmap selftest: no aux case passed"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
