#!/bin/sh
# Reliability run of one variant (issue 6): bounded random stress, fault
# injection of the mapping step, and the two known races, in a guest.
#
# Usage: scripts/stress.sh VARIANT SECONDS [--flavour debug|""] [--record]
#
#   VARIANT    <base>/<variant>, or a bare name (the newest base that has it)
#   SECONDS    length of the stress run; the races get SECONDS/4 each (at
#              least 10 s) and fault injection runs until STRESS_MIN_INJECT
#              injected failures hit mmap() (at most 2 * SECONDS, at least
#              120 s)
#   --flavour  kernel flavour to boot: "debug" (default: KASAN, lockdep,
#              PAGE_TABLE_CHECK, fault injection; scripts/config/
#              debug.fragment) or "" for the normal kernel, where fault
#              injection is skipped (the short run of make test)
#   --record   also copy the run into results/stress/<date>-<variant>-
#              <flavour>/ (the command, kernel, config hash, accel, logs)
#
# The C programs are built here (tests/stress/, into build/stress/) and run
# in the guest by tests/stress/guest.sh.  The kernel must be built
# already: scripts/build-kernel.sh VARIANT [debug].
#
# Environment: STRESS_SEED (default: random), STRESS_THREADS (4),
# STRESS_RACE_SECONDS (seconds per race, default as above),
# STRESS_MIN_INJECT (default: issue 6's 1000 per 10 minutes, pro rata
# for shorter runs, so 1000 from SECONDS=600 on), VM_OUT (default
# build/stress-out/VARIANT[-FLAVOUR]), ACCEL, TIMEOUT (default: computed
# from SECONDS) as for vm-run.sh.
#
# Output: TAP lines, and $VM_OUT/summary.txt (key=value): ops, injected
# failures hit (and the kernel's own count of failures injected), leaks
# (buffers, locked memory, VmPin/VmLck, mmap counts), splats, hangs,
# result.  Exit 0 if all passed, 1 otherwise.  Replay a run with
# STRESS_SEED=<its seed>.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

usage() {
	die "usage: stress.sh VARIANT SECONDS [--flavour debug|\"\"] [--record]"
}

[ $# -ge 2 ] || usage
variant=$1
seconds=$2
shift 2
flavour=debug
record=0
while [ $# -gt 0 ]; do
	case $1 in
	--flavour)
		[ $# -ge 2 ] || usage
		flavour=$2
		shift 2
		;;
	--flavour=*)
		flavour=${1#--flavour=}
		shift
		;;
	--record)
		record=1
		shift
		;;
	*) usage ;;
	esac
done
case $seconds in
'' | *[!0-9]*) die "SECONDS must be a whole number, not '$seconds'" ;;
esac
[ "$seconds" -gt 0 ] || die "SECONDS must be positive"
variant=$(resolve_variant "$variant")

obj=$(variant_obj "$variant" "$flavour")
[ -f "$obj/arch/x86/boot/bzImage" ] ||
	die "no kernel in ${obj#"$TOP"/}; run: scripts/build-kernel.sh $variant $flavour"

make -s -C "$TOP/tests/stress" >/dev/null

tag=$(variant_tag "$variant" "$flavour")
out=${VM_OUT:-$BUILD/stress-out/$tag}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
seed=${STRESS_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
# stress + injection + races + boot, slower by far on a debug kernel
race_s=$((seconds / 4))
[ "$race_s" -ge 10 ] || race_s=10
race_s=${STRESS_RACE_SECONDS:-$race_s}
# rb_inject stops once it has its minimum; the time is only a limit
inject_s=$((2 * seconds))
[ "$inject_s" -ge 120 ] || inject_s=120
full=600
min_inject=${STRESS_MIN_INJECT:-$((seconds >= full ? 1000 : (1000 * seconds + full - 1) / full))}
timeout=${TIMEOUT:-$((2 * (seconds + inject_s + 2 * race_s) + 600))}
log "$tag: ${seconds} s stress, seed $seed, timeout ${timeout} s, output in ${out#"$TOP"/}"

rc=0
env VM_OUT="$out" VM_LOG="$out/console.log" TIMEOUT="$timeout" FLAVOUR="$flavour" \
	"$TOP/scripts/vm-run.sh" "$variant" \
	"STRESS_THREADS=${STRESS_THREADS:-4} STRESS_MIN_INJECT=$min_inject STRESS_INJECT_SECONDS=$inject_s STRESS_RACE_SECONDS=$race_s tests/stress/guest.sh $seconds $seed" ||
	rc=$?

summary=$out/summary.txt
[ -f "$summary" ] || : >"$summary"
get() {
	sed -n "s/^$1=//p" "$summary" | tail -n 1
}
put() {
	echo "$1=$2" >>"$summary"
}

# The splats vm-run.sh's scan fails a boot for (rc 125), counted:
# scripts/splat-patterns.
splat_re=$(splat_re)
splats=$(grep -c -E "$splat_re" "$out/console.log" 2>/dev/null || true)
splats=${splats:-0}
put base "$(base_of "$variant")"
put variant "$(name_of "$variant")"
put flavour "${flavour:-normal}"
put command "STRESS_SEED=$seed STRESS_MIN_INJECT=$min_inject STRESS_RACE_SECONDS=$race_s scripts/stress.sh $variant $seconds --flavour '$flavour'"
put inject_min "$min_inject"
put kernel_release "$(cat "$obj/include/config/kernel.release")"
put kernel_commit "$(git -C "$(variant_src "$variant")" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
put project_commit "$(git -C "$TOP" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
put config_sha256 "$(sha256sum "$obj/.config" | cut -c1-16)"
put bzimage_sha256 "$(sha256sum "$obj/arch/x86/boot/bzImage" | cut -c1-16)"
put accel "$(cat "$out/accel-$tag" 2>/dev/null || echo unknown)"
put date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
put vm_rc "$rc"
put splats "$splats"
# the first one, to tell a known splat from a new one at a glance
put splat_first "$(grep -E "$splat_re" "$out/console.log" 2>/dev/null | head -n 1 | tr -d '\r' | cut -c1-120 || true)"
case $rc in
124) put hang 1 ;;
*) put hang 0 ;;
esac

# --- TAP --------------------------------------------------------------------
n=0
failed=0
tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $tag: $2"
	else
		echo "not ok $n - $tag: $2"
		failed=$((failed + 1))
	fi
}
is() {
	[ "$(get "$1")" = "$2" ]
}
zero_or_absent() {
	v=$(get "$1")
	[ -z "$v" ] || [ "$v" = 0 ]
}

tap "$([ "$rc" -ne 124 ] && echo 0 || echo 1)" "no hang (guest finished within ${timeout} s)"
tap "$([ "$splats" -eq 0 ] && [ "$rc" -ne 125 ] && echo 0 || echo 1)" \
	"no kernel splat in the console log ($splats found)"
tap "$(is stress_rc 0 && echo 0 || echo 1)" \
	"stress: $(get stress_ops) operations, $(get stress_unexpected) unexpected"
if is inject skipped; then
	echo "ok $((n + 1)) - $tag: fault injection # SKIP no fault injection in the ${flavour:-normal} kernel"
	n=$((n + 1))
else
	tap "$(is inject_rc 0 && echo 0 || echo 1)" \
		"fault injection: $(get inject_hits) injected failures hit mmap() (minimum $min_inject; kernel injected $(get inject_kernel_injected) = hits + $(get inject_absorbed) absorbed), $(get inject_problems) problems"
fi
if is race_aux skipped; then
	aux="skipped (no AUX PMU)"
else
	aux="$(get race_aux_steps) steps"
fi
tap "$(is race_rc 0 && echo 0 || echo 1)" \
	"races: setoutput $(get race_setoutput_steps) steps ($(get race_setoutput_injected) injected failures), aux $aux"
tap "$( (is buffers_leaked 0 || is buffers_leaked unknown) && echo 0 || echo 1)" \
	"buffers: $(get buffers_allocated) allocated, $(get buffers_freed) freed, leaked $(get buffers_leaked)"
tap "$(zero_or_absent kernel_hang_reports && echo 0 || echo 1)" \
	"no hung-task, soft-lockup or RCU-stall report"

leaks=0
if ! is buffers_leaked 0 && ! is buffers_leaked unknown; then
	leaks=$((leaks + 1))
fi
# what rb_inject and rb_race report as left behind by a failure: the
# user's locked memory, VmPin/VmLck, an event's mmap count, a buffer or
# AUX area still attached
leak_re='locked memory leaked|lockable at the end|VmPin/VmLck|mmap count leak|buffer kept|AUX kept'
lines=$(cat "$out"/rb_*.log 2>/dev/null | grep -c -E "$leak_re" || true)
leaks=$((leaks + ${lines:-0}))
put leaks "$leaks"
result=pass
[ "$failed" -eq 0 ] || result=fail
put result "$result"
echo "# $tag: $result; summary: ${summary#"$TOP"/}"

if [ "$record" -eq 1 ]; then
	dest=$TOP/results/stress/$(date -u +%Y%m%d-%H%M%S)-$tag
	mkdir -p "$dest"
	cp "$summary" "$out"/rb_*.log "$dest/"
	# the console log of a debug kernel is large; keep the kernel's
	# messages, not the boot chatter twice
	cp "$out/console.log" "$dest/console.log"
	log "recorded in ${dest#"$TOP"/}"
fi
[ "$failed" -eq 0 ]
