#!/bin/sh
# In every variant's guest, with one boot each: the behaviour suite
# (tests/suite: invariants, observations (bench/observe.sh) against
# bench/observe/expected/<base>/<variant>.txt,
# perf record/report, the kernel's perf_events selftests) and the AUX
# tests (tests/aux: the test-only AUX PMU, the mmap selftest's aux
# cases); then the same in the variant's vmalloc-buffer build (issue 7).
# Then the behaviour matrix of all variants, with AUX and vmalloc rows.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

variants=$(listed_variants) || bail "cannot list the variants (scripts/variants.sh)"
export VM_OUT="$T_OUT/suite"
rm -rf "$VM_OUT"
mkdir -p "$VM_OUT"

# Besides each variant's own kernel, its builds with these flavours
# (scripts/config/FLAVOUR.fragment): vmalloc, the CONFIG_PERF_USE_VMALLOC
# ring buffer that x86 never selects (issue 7).
flavours=${TEST_FLAVOURS-vmalloc}

for v in $variants; do
	t=$(file_tag "$v")
	if ! make -s -C tests/suite VARIANT="$v" >"$T_OUT/suite-build-$t.log" 2>&1 ||
		! make -s -C tests/aux VARIANT="$v" >>"$T_OUT/suite-build-$t.log" 2>&1; then
		sed 's/^/# /' "$T_OUT/suite-build-$t.log"
		not_ok "$v: build the suite and the AUX tests"
		continue
	fi
	for f in "" $flavours; do
		what="$v${f:+ ($f build)}"
		if [ -n "$f" ]; then
			log=$T_OUT/kernel-$t-$f.log
			if ! scripts/build-kernel.sh "$v" "$f" >"$log" 2>&1; then
				tail -n 20 "$log" | sed 's/^/# /'
				not_ok "$what: kernel builds"
				continue
			fi
		fi
		echo "# $what: booting for the suite and the AUX tests"
		rc=0
		# shellcheck disable=SC2016 # $rc is the guest shell's
		FLAVOUR=$f scripts/vm-run.sh "$v" 'rc=0; tests/suite/run.sh || rc=1; tests/aux/run.sh || rc=1; exit $rc' || rc=$?
		check "$what: suite and AUX tests pass in the guest (rc $rc)" [ "$rc" -eq 0 ]
	done
done

echo "# behaviour matrix:"
check_logged "behaviour matrix of all variants" "$T_OUT/matrix.txt" \
	scripts/behaviour-matrix.py "$VM_OUT"

done_testing
