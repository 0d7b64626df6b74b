#!/bin/sh
# The VM runner's contract, proven by booting the kernels (issue 2):
# every variant of every base boots and names itself; exit status, quoting, panic, hang
# and splat detection work; a second build of an unchanged kernel is fast.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

variants=$(listed_variants) || bail "cannot list the variants (scripts/variants.sh)"
export VM_OUT="$T_OUT/vm"

# Every variant boots, names itself in uname -r (<base>.y-<variant>) and
# is told who it is (RB_BASE, RB_VARIANT, RB_FLAVOUR from the kernel
# command line), in its normal and its vmalloc build.
for v in $variants; do
	t=$(file_tag "$v")
	base=${v%%/*}
	vname=${v#*/}
	# shellcheck disable=SC2016 # the $ signs are for the guest's shell
	capture "uname-$t" scripts/vm-run.sh "$v" 'uname -r; echo "who=$RB_BASE/$RB_VARIANT/$RB_FLAVOUR"'
	release=$(grep -E '^[0-9]+\.[0-9]+' "$T_OUT/uname-$t.out" | tail -n 1)
	check "$v boots and uname -r is $base.*-$vname (got '$release')" \
		sh -c "[ $rc -eq 0 ] && case '$release' in '$base'.*-'$vname') true ;; *) false ;; esac"
	check "$v: the guest is told who it is (who=$v/)" \
		grep -qxF "who=$v/" "$T_OUT/uname-$t.out"
done
v=$(scripts/variants.sh --references | tail -n 1)
if [ -f "build/$v/o-vmalloc/arch/x86/boot/bzImage" ]; then
	# shellcheck disable=SC2016 # the $ signs are for the guest's shell
	capture who-flavour env FLAVOUR=vmalloc scripts/vm-run.sh "$v" 'echo "who=$RB_BASE/$RB_VARIANT/$RB_FLAVOUR"'
	check "$v (vmalloc build): the guest is told its flavour (who=$v/vmalloc)" \
		grep -qxF "who=$v/vmalloc" "$T_OUT/who-flavour.out"
fi

# The runner's contract is checked on the oldest base's reference.
ref=$(scripts/variants.sh --references | head -n 1)

# A checkout below a directory the guest mounts a fresh tmpfs over (root's
# home, where a new user clones, and /tmp) still works: the project, here
# reached through a link there, is at its path in the guest, and so is a
# result folder inside it.
for d in /root /tmp; do
	link=$d/.perf-rb-map-test-$$
	ln -sfn "$TOP" "$link"
	capture "below-${d#/}" env VM_OUT="$link/build/test-out/vm-below" \
		"$link/scripts/vm-run.sh" "$ref" "pwd; test -f scripts/lib.sh && echo found >$link/build/test-out/vm-below/seen"
	check "a project reached through $d boots, runs there and writes its results (rc $rc)" \
		sh -c "[ $rc -eq 0 ] && grep -qxF '$link' '$T_OUT/below-${d#/}.out' && [ -f '$TOP/build/test-out/vm-below/seen' ]"
	rm -f "$link" "$TOP/build/test-out/vm-below/seen"
done

capture exit3 scripts/vm-run.sh "$ref" 'exit 3'
check "vm-run.sh with CMD 'exit 3' exits 3 (got $rc)" [ "$rc" -eq 3 ]
# GNU make itself can only exit 0, 1 or 2: make vm fails and says why.
capture make-exit3 make -s vm VARIANT="$ref" CMD='exit 3'
check "make vm CMD='exit 3' fails (rc $rc) and reports status 3" \
	sh -c "[ $rc -ne 0 ] && grep -q 'command exited 3' '$T_OUT/make-exit3.out'"

# The command must reach the guest's shell exactly as typed.
# shellcheck disable=SC2016 # the $ signs are for the guest's shell
quoting_cmd='echo "a b" $HOME '"'"'$x  "y"'"'"' \\ `echo z` $((1+2))'
want=$(HOME=/root sh -c "$quoting_cmd")
capture quoting make -s vm VARIANT="$ref" CMD="$quoting_cmd"
got=$(grep -vE '^(vm-run|make)' "$T_OUT/quoting.out")
if [ "$rc" -eq 0 ] && [ "$got" = "$want" ]; then
	ok "quoting: output equals sh -c on the host: $want"
else
	not_ok "quoting" "want '$want', got '$got' (rc $rc)"
fi

capture panic env TIMEOUT=120 scripts/vm-run.sh "$ref" \
	'echo 1 >/proc/sys/kernel/sysrq; echo c >/proc/sysrq-trigger; sleep 60'
check "a guest panic fails the runner (rc $rc) and says so" \
	sh -c "[ $rc -eq 125 ] && grep -q 'FAIL: kernel panic' '$T_OUT/panic.out'"

capture hang env TIMEOUT=25 scripts/vm-run.sh "$ref" 'sleep 1000'
check "a hung guest is killed at TIMEOUT (rc $rc) and says so" \
	sh -c "[ $rc -eq 124 ] && grep -q 'timed out after 25s' '$T_OUT/hang.out'"

# The log scan must catch a splat even when the command succeeds; a line
# written to /dev/kmsg reaches the console exactly as a WARN would.
capture splat scripts/vm-run.sh "$ref" \
	'echo "WARNING: CPU: 0 PID: 1 at test/splat.c:1 injected_by_test" >/dev/kmsg; true'
check "a WARNING in the kernel log fails a command that exited 0 (rc $rc)" \
	sh -c "[ $rc -eq 125 ] && grep -q 'FAIL: kernel log holds a splat' '$T_OUT/splat.out'"
check "the console log is kept" \
	grep -q injected_by_test "$VM_OUT/console-$(file_tag "$ref").log"

s=$(date +%s)
capture rebuild scripts/build-kernel.sh "$ref"
took=$(($(date +%s) - s))
check "a second build of an unchanged baseline takes < 30 s (${took} s)" \
	sh -c "[ $rc -eq 0 ] && [ $took -lt 30 ]"

done_testing
