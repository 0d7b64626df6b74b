#!/bin/sh
# Host-only checks of the project's scripts: lint, variant list, bad input.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

# Every shell script of the project passes shellcheck.
scripts=$(grep -rlE '^#!/bin/(ba)?sh' scripts tests bench .ci | LC_ALL=C sort)
# shellcheck disable=SC2086 # $scripts is a list of paths
if out=$(shellcheck -x $scripts 2>&1); then
	ok "shellcheck: $(echo "$scripts" | wc -l) scripts clean"
else
	echo "$out" | sed 's/^/# /'
	not_ok "shellcheck"
fi

# Every listed variant has its folder, every folder is listed (testing/ and
# other non-variant folders hold no series of their own are named here).
listed=$(listed_variants)
for v in $listed; do
	check "variant $v has kernel-patches/$v/" test -d "kernel-patches/$v"
done
for d in kernel-patches/*/; do
	v=$(basename "$d")
	case $v in testing) continue ;; esac
	check "folder kernel-patches/$v is listed in kernel-patches/variants" \
		sh -c "echo '$listed' | grep -qxF '$v'"
done
check "baseline is the empty series" \
	test -z "$(find kernel-patches/baseline -name '*.patch')"

# Bad input fails at once, with a message that lists the variants.
capture nosuch-variant scripts/vm-run.sh nosuch true
check "vm-run: unknown variant fails" [ "$rc" -ne 0 ]
check "vm-run: unknown variant names the variants" \
	grep -q "unknown variant 'nosuch'; variants: .*baseline" "$T_OUT/nosuch-variant.out"
capture make-nosuch make -s vm VARIANT=nosuch CMD=true
check "make vm VARIANT=nosuch fails listing the variants" \
	sh -c "[ $rc -ne 0 ] && grep -q 'variants: .*baseline' '$T_OUT/make-nosuch.out'"
capture build-nosuch scripts/build-kernel.sh nosuch
check "build-kernel: unknown variant fails" \
	sh -c "[ $rc -ne 0 ] && grep -q 'unknown variant' '$T_OUT/build-nosuch.out'"
capture bad-accel env ACCEL=warp scripts/accel.sh baseline
check "accel: unknown ACCEL fails" \
	sh -c "[ $rc -ne 0 ] && grep -q 'ACCEL=warp' '$T_OUT/bad-accel.out'"
capture vmout-tmp env VM_OUT=/tmp/vm-out-test scripts/vm-run.sh baseline true
check "vm-run: VM_OUT under /tmp (hidden by the guest's tmpfs) fails" \
	sh -c "[ $rc -ne 0 ] && grep -q 'mounts over' '$T_OUT/vmout-tmp.out'"

done_testing
