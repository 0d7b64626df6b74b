#!/bin/sh
# The user's perf locked-memory charge and the event's mmap count across
# second mappings and a redirected event's AUX mapping, and the AUX mmap
# count across a data munmap() that races the first AUX mmap()
# (tests/aux/mmap_account), in every variant's normal kernel, one boot
# each: a boot of its own, since on a kernel with the refcount bug the
# WARNING it provokes fails the whole boot (scripts/vm-run.sh), and must
# not take the other tests of that boot with it.
#
# A variant whose kernel has such a bug lists it in
# kernel-patches/<variant>/known-bugs (check "mmap_account"): the failure
# is then reported as TODO and a pass fails (tests/lib.sh check_known).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

export VM_OUT="$T_OUT/accounting"
mkdir -p "$VM_OUT"
variants=$(listed_variants) || bail "cannot list the variants (scripts/variants.sh)"
for v in $variants; do
	t=$(file_tag "$v")
	if ! make -s -C tests/aux VARIANT="$v" >"$T_OUT/accounting-build-$t.log" 2>&1; then
		sed 's/^/# /' "$T_OUT/accounting-build-$t.log"
		not_ok "$v: build tests/aux"
		continue
	fi
	capture "accounting-$t" scripts/vm-run.sh "$v" build/aux/mmap_account
	sed 's/^/# /' "$T_OUT/accounting-$t.out"
	check_known mmap_account "$v" \
		"$v: a second mapping is not charged again, an AUX mmap() of a redirected event leaves no mmap count, a data munmap() drops no AUX count (rc $rc)" \
		"$rc" "$T_OUT/accounting-$t.out"
done

done_testing
