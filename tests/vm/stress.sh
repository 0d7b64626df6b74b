#!/bin/sh
# The short reliability run of make test (issue 6): in every variant's
# normal kernel, the bounded random stress and the two known races
# (scripts/stress.sh with no flavour: no fault injection, which only the
# debug kernels have).  A failure is a kernel splat or hang, an
# unexpected result of an operation, or a leak: a perf buffer allocated
# and never freed (kprobes on rb_alloc/rb_free) or locked memory still
# charged after the races.
#
# The long run, with fault injection on the debug (KASAN, lockdep)
# kernels, is `make stress VARIANT=v SECONDS=600`; debug builds of every
# variant would not fit in make test's time.
#
# A variant whose kernel has a known bug this run shows says so in
# kernel-patches/<variant>/known-bugs (check "stress"): then the failure
# is reported as TODO and a pass fails (tests/lib.sh check_known).
#
# Environment: TEST_STRESS_SECONDS (default 10) seconds of stress and
# TEST_RACE_SECONDS (default 5) seconds per race, per variant.
set -eu
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP"

seconds=${TEST_STRESS_SECONDS:-10}
race=${TEST_RACE_SECONDS:-5}
variants=$(listed_variants) || bail "cannot list the variants (scripts/variants.sh)"
for v in $variants; do
	t=$(file_tag "$v")
	rc=0
	s=$(date +%s)
	VM_OUT=$T_OUT/stress-$t STRESS_RACE_SECONDS=$race scripts/stress.sh "$v" "$seconds" --flavour "" \
		>"$T_OUT/stress-$t.tap" 2>&1 || rc=$?
	sed 's/^/# /' "$T_OUT/stress-$t.tap"
	check_known stress "$v" "$v: ${seconds} s stress, ${race} s per race, normal kernel: no splat, hang or leak ($(($(date +%s) - s)) s, exit $rc; $T_OUT/stress-$t/summary.txt)" \
		"$rc" "$T_OUT/stress-$t.tap"
done

done_testing
