#!/bin/sh
# In every variant's guest, with one boot each: the behaviour suite
# (tests/suite: invariants, observations against expected/<variant>.txt,
# perf record/report, the kernel's perf_events selftests) and the AUX
# tests (tests/aux: the test-only AUX PMU, the mmap selftest's aux
# cases).  Then the behaviour matrix of all variants.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

variants=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' kernel-patches/variants)
export VM_OUT="$T_OUT/suite"
rm -rf "$VM_OUT"
mkdir -p "$VM_OUT"

for v in $variants; do
	if ! make -s -C tests/suite VARIANT="$v" >"$T_OUT/suite-build-$v.log" 2>&1 ||
		! make -s -C tests/aux VARIANT="$v" >>"$T_OUT/suite-build-$v.log" 2>&1; then
		sed 's/^/# /' "$T_OUT/suite-build-$v.log"
		not_ok "$v: build the suite and the AUX tests"
		continue
	fi
	echo "# $v: booting for the suite and the AUX tests"
	rc=0
	# shellcheck disable=SC2016 # $rc is the guest shell's
	scripts/vm-run.sh "$v" \
		'rc=0; tests/suite/run.sh || rc=1; tests/aux/run.sh || rc=1; exit $rc' || rc=$?
	check "$v: suite and AUX tests pass in the guest (rc $rc)" [ "$rc" -eq 0 ]
done

echo "# behaviour matrix:"
if scripts/behaviour-matrix.py "$VM_OUT" >"$T_OUT/matrix.txt" 2>&1; then
	sed 's/^/# /' "$T_OUT/matrix.txt"
	ok "behaviour matrix of all variants"
else
	sed 's/^/# /' "$T_OUT/matrix.txt"
	not_ok "behaviour matrix of all variants"
fi

done_testing
