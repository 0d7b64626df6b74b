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

# Every listed variant has its folder, every folder of a base is listed
# (the grammar's reserved names, e.g. testing/, aside), and each base's
# reference (the first listed) is the empty series: the base's own kernel.
listed=$(listed_variants) || bail "cannot list the variants (scripts/variants.sh)"
for v in $listed; do
	check "variant $v has kernel-patches/$v/" test -d "kernel-patches/$v"
done
reserved=$(sed -n 's/^reserved=//p' kernel-patches/name-grammar)
for b in $(scripts/variants.sh --bases); do
	for d in "kernel-patches/$b"/*/; do
		v=$(basename "$d")
		case " $reserved " in *" $v "*) continue ;; esac
		check "folder kernel-patches/$b/$v is listed in kernel-patches/$b/variants" \
			sh -c "echo '$listed' | grep -qxF '$b/$v'"
	done
done
for r in $(scripts/variants.sh --references); do
	check "$r, the reference of its base, is the empty series" \
		test -z "$(find "kernel-patches/$r" -name '*.patch')"
done
check "a bare name means the newest base that has it (pfnmap -> 6.12/pfnmap)" \
	test "$(scripts/variants.sh pfnmap)" = 6.12/pfnmap

# Bad input fails at once, with the rule and the valid names.
capture nosuch-variant scripts/vm-run.sh nosuch true
check "vm-run: unknown variant fails" [ "$rc" -ne 0 ]
check "vm-run: unknown variant lists the valid names" \
	grep -q "unknown variant 'nosuch'; valid names: .*6.12/baseline" "$T_OUT/nosuch-variant.out"
capture dash-variant scripts/vm-run.sh my-variant true
check "vm-run: a '-' in a variant name fails with the rule (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q 'not a valid variant name: it must match' '$T_OUT/dash-variant.out'"
capture reserved-variant scripts/build-kernel.sh 6.12/testing
check "build-kernel: a reserved name (testing) fails" \
	sh -c "[ $rc -ne 0 ] && grep -q 'reserved' '$T_OUT/reserved-variant.out'"
capture other-base scripts/build-kernel.sh 7.3/pfnmap
check "build-kernel: a variant another base lacks (7.3/pfnmap) fails" \
	sh -c "[ $rc -ne 0 ] && grep -q \"unknown variant '7.3/pfnmap'; valid names\" '$T_OUT/other-base.out'"
capture make-nosuch make -s vm VARIANT=nosuch CMD=true
check "make vm VARIANT=nosuch fails listing the valid names" \
	sh -c "[ $rc -ne 0 ] && grep -q 'valid names: .*baseline' '$T_OUT/make-nosuch.out'"
capture build-nosuch scripts/build-kernel.sh nosuch
check "build-kernel: unknown variant fails" \
	sh -c "[ $rc -ne 0 ] && grep -q 'unknown variant' '$T_OUT/build-nosuch.out'"
# profile.sh: its arguments, and the messages (regexes; . for a quote)
for a in "upstream nosuch 3:no case .nosuch.: the cases are .*mmap-second" \
	"upstream mmap-second 21:K must be a whole number from 0 to 20, not .21." \
	"upstream mmap-second x:K must be a whole number from 0 to 20, not .x." \
	"upstream mmap-second 3 --bogus:usage: profile.sh" \
	"nosuch mmap-second 3:unknown variant .nosuch.; valid names"; do
	# shellcheck disable=SC2086 # the arguments are words
	capture profile-bad scripts/profile.sh ${a%%:*}
	check "profile.sh ${a%%:*}: fails at once (rc $rc), saying so" \
		sh -c "[ $rc -ne 0 ] && grep -q \"${a#*:}\" '$T_OUT/profile-bad.out'"
done
capture bad-bases env BASES=5.4 make -s kernels
check "make kernels BASES=5.4 (no such base) fails naming the bases (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q \"unknown base '5.4' in BASES; bases: 6.12 7.3\" '$T_OUT/bad-bases.out'"

# A base's source: a tree of another version, a path that is no tree, and
# a base without a source description each fail before anything is
# built, saying what to do.  In a scratch copy of the project's scripts
# and kernel-patches, so no real tree is touched.
fake=$T_OUT/fake-project
rm -rf "$fake"
mkdir -p "$fake/tree/kernel/events" "$fake/kernel-patches/9.9/x"
cp -r scripts "$fake/"
cp -r kernel-patches/6.12 kernel-patches/name-grammar "$fake/kernel-patches/"
printf 'kernelversion:\n\t@echo 7.3.4\n' >"$fake/tree/Makefile"
echo x >"$fake/kernel-patches/9.9/variants"
capture ksrc-wrong env KSRC_6_12="$fake/tree" "$fake/scripts/kernel-source.sh" 6.12
check "kernel-source: a 7.3 tree given as the 6.12 source fails (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q 'is Linux 7.3.4, but base 6.12 needs 6.12.y' '$T_OUT/ksrc-wrong.out'"
check "kernel-source: ... and leaves no pristine tree" test ! -e "$fake/build/6.12/linux"
capture ksrc-none env KSRC_6_12="$fake/none" "$fake/scripts/kernel-source.sh" 6.12
check "kernel-source: KSRC_6_12 that is no Linux tree fails (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q 'KSRC_6_12=.* is not a Linux source tree' '$T_OUT/ksrc-none.out'"
capture ksrc-ambiguous env KSRC="$fake/tree" "$fake/scripts/kernel-source.sh" 6.12
check "kernel-source: KSRC= with two bases in play asks for KSRC_<base> (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q 'give KSRC_6_12=' '$T_OUT/ksrc-ambiguous.out'"
capture no-source "$fake/scripts/kernel-source.sh" 9.9
check "kernel-source: a base without kernel-patches/<base>/source fails (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q 'base 9.9 has no kernel-patches/9.9/source' '$T_OUT/no-source.out'"

# A variants list holding a name outside the grammar (a '-', which used
# to make the suite skip its checks silently; a name too long for the
# report) stops every command at once, naming the rule and the file.
n=0
while IFS= read -r bad; do
	n=$((n + 1))
	fake2=$T_OUT/fake-names
	rm -rf "$fake2"
	mkdir -p "$fake2/kernel-patches/6.12/baseline" "$fake2/kernel-patches/6.12/$bad"
	cp -r scripts "$fake2/"
	cp kernel-patches/name-grammar "$fake2/kernel-patches/"
	printf 'baseline\n%s\n' "$bad" >"$fake2/kernel-patches/6.12/variants"
	capture "bad-listed-$n" "$fake2/scripts/variants.sh"
	check "a listed variant '$bad' is refused at once, naming the rule and the list (rc $rc)" \
		sh -c "[ $rc -ne 0 ] && grep -q 'in kernel-patches/6.12/variants' '$T_OUT/bad-listed-$n.out' && grep -qE 'must match|longer than' '$T_OUT/bad-listed-$n.out'"
done <<EOF
my-variant
abcdefghijklmnopqrstu
my var
*
EOF

capture bad-flavour env FLAVOUR=my-flavour scripts/vm-run.sh 6.12/baseline true
check "vm-run: a flavour name outside the grammar fails with the rule (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q \"'my-flavour' is not a valid flavour name\" '$T_OUT/bad-flavour.out'"
capture no-flavour scripts/build-kernel.sh 6.12/baseline nosuch
check "build-kernel: a flavour without scripts/config/<flavour>.fragment fails (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q \"unknown flavour 'nosuch'\" '$T_OUT/no-flavour.out'"
capture bad-accel env ACCEL=warp scripts/accel.sh 6.12/baseline
check "accel: unknown ACCEL fails" \
	sh -c "[ $rc -ne 0 ] && grep -q 'ACCEL=warp' '$T_OUT/bad-accel.out'"
capture bad-rootfs env ROOTFS=hosts scripts/vm-run.sh 6.12/baseline true
check "vm-run: ROOTFS other than base or host fails at once, naming both (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q 'ROOTFS=hosts: base .* or host' '$T_OUT/bad-rootfs.out'"
capture bench-bad-rootfs env ROOTFS=hosts RESULTS="$T_OUT/no-results" scripts/bench.sh
check "bench: ROOTFS other than base or host fails before anything is built or written (rc $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q 'ROOTFS=hosts' '$T_OUT/bench-bad-rootfs.out' && [ ! -e '$T_OUT/no-results' ] && ! grep -q building '$T_OUT/bench-bad-rootfs.out'"
capture vmout-tmp env VM_OUT=/tmp/vm-out-test scripts/vm-run.sh 6.12/baseline true
check "vm-run: VM_OUT under /tmp (hidden by the guest's tmpfs) fails" \
	sh -c "[ $rc -ne 0 ] && grep -q 'mounts over' '$T_OUT/vmout-tmp.out'"

done_testing
