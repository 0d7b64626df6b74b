#!/bin/sh
# The guest half of scripts/stress.sh: runs in a VM booted by
# scripts/vm-run.sh, as root, in the project directory.
#
# Usage: tests/stress/guest.sh SECONDS SEED
#
# Runs, one after the other (they share the user's locked-memory count):
#   rb_stress  THREADS threads for SECONDS seconds
#   rb_inject  until STRESS_MIN_INJECT (default 1000) injected failures
#              hit mmap(), at most STRESS_INJECT_SECONDS (default
#              max(SECONDS, 120)) seconds; skipped when the kernel has no
#              fault injection (normal kernels)
#   rb_race    both races, STRESS_RACE_SECONDS (default max(10,
#              SECONDS / 4)) seconds each
# and counts, with kprobes, perf buffers allocated (rb_alloc() returning
# non-NULL) and freed (rb_free()): once every event is closed the two must
# be equal, or a failure path leaked a buffer reference.
#
# Writes $VM_OUT/summary.txt (key=value) and each program's output to
# $VM_OUT/<program>.log.  Exit 0 when everything passed, 1 otherwise.
set -eu

seconds=${1:?usage: guest.sh SECONDS SEED}
seed=${2:?usage: guest.sh SECONDS SEED}
bin=build/stress
out=${VM_OUT:?VM_OUT not set}
summary=$out/summary.txt
threads=${STRESS_THREADS:-4}
min_inject=${STRESS_MIN_INJECT:-1000}
tracing=/sys/kernel/tracing
inst=$tracing/instances/rbstress
fail=0

: >"$summary"
put() {
	echo "$1=$2" >>"$summary"
	echo "guest.sh: $1=$2"
}

# Value of KEY= on the last line of FILE that has it ("" if none).
field() {
	sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1
}

# --- buffer accounting through kprobes --------------------------------------
probes_on() {
	# shellcheck disable=SC2016 # $retval is kprobe syntax
	echo 'r:rbstress/rb_alloc rb_alloc ret=$retval' >>"$tracing/kprobe_events" &&
		echo 'p:rbstress/rb_free rb_free' >>"$tracing/kprobe_events" &&
		mkdir "$inst" &&
		echo 16384 >"$inst/buffer_size_kb" &&
		echo 'ret != 0' >"$inst/events/rbstress/rb_alloc/filter" &&
		echo 1 >"$inst/events/rbstress/enable"
}

# Buffers allocated and freed so far, and what may hide some:
# "ALLOCS FREES OVERRUNS ALLOC_MISSES FREE_MISSES".  A kprobe that fires
# while another probe's handler runs on the same CPU is skipped and only
# counted as missed (kprobe_profile, third column).
probe_counts() {
	# one pass: reading the trace is slow on a debug kernel
	af=$(awk '/ rb_alloc:/ { a++ } / rb_free:/ { f++ } END { print a + 0, f + 0 }' "$inst/trace")
	o=$(cat "$inst"/per_cpu/cpu*/stats | sed -n 's/^overrun: //p' |
		awk '{ s += $1 } END { print s + 0 }')
	am=$(awk '$1 == "rb_alloc" { print $3 }' "$tracing/kprobe_profile")
	fm=$(awk '$1 == "rb_free" { print $3 }' "$tracing/kprobe_profile")
	echo "$af $o ${am:-0} ${fm:-0}"
}

put kernel "$(uname -r)"
put cpus "$(nproc)"
put seed "$seed"
put seconds "$seconds"
probes=0
if probes_on 2>/dev/null; then
	probes=1
else
	echo "guest.sh: kprobes on rb_alloc/rb_free unavailable: no buffer count"
fi

# --- stress -----------------------------------------------------------------
rc=0
"$bin/rb_stress" -t "$threads" -s "$seconds" --seed "$seed" \
	>"$out/rb_stress.log" 2>&1 || rc=$?
tail -n 40 "$out/rb_stress.log"
put stress_rc "$rc"
put stress_ops "$(field "$out/rb_stress.log" ops)"
put stress_unexpected "$(field "$out/rb_stress.log" unexpected)"
[ "$rc" -eq 0 ] || fail=1

# --- fault injection --------------------------------------------------------
inject_s=${STRESS_INJECT_SECONDS:-$seconds}
[ "$inject_s" -ge 120 ] || inject_s=120
rc=0
"$bin/rb_inject" -s "$inject_s" --min "$min_inject" --seed "$seed" \
	>"$out/rb_inject.log" 2>&1 || rc=$?
tail -n 70 "$out/rb_inject.log"
put inject_rc "$rc"
if [ "$rc" -eq 4 ]; then
	put inject skipped
else
	put inject_hits "$(field "$out/rb_inject.log" hits)"
	put inject_absorbed "$(field "$out/rb_inject.log" absorbed)"
	put inject_kernel_injected "$(field "$out/rb_inject.log" kernel_injected)"
	put inject_problems "$(field "$out/rb_inject.log" problems)"
	put inject_headroom_end "$(field "$out/rb_inject.log" headroom_end)"
	[ "$rc" -eq 0 ] || fail=1
fi

# --- races ------------------------------------------------------------------
race_s=$((seconds / 4))
[ "$race_s" -ge 10 ] || race_s=10
race_s=${STRESS_RACE_SECONDS:-$race_s}
rc=0
"$bin/rb_race" -s "$race_s" --seed "$seed" >"$out/rb_race.log" 2>&1 || rc=$?
tail -n 30 "$out/rb_race.log"
put race_rc "$rc"
put race_setoutput_steps "$(sed -n 's/^rb_race: race=setoutput steps=\([0-9]*\).*/\1/p' "$out/rb_race.log")"
put race_setoutput_injected "$(sed -n 's/^rb_race: race=setoutput .*injected=\([0-9]*\).*/\1/p' "$out/rb_race.log")"
if grep -q 'race=aux SKIP' "$out/rb_race.log"; then
	put race_aux skipped
else
	put race_aux_steps "$(sed -n 's/^rb_race: race=aux:[^ ]* steps=\([0-9]*\).*/\1/p' "$out/rb_race.log" |
		awk '{ s += $1 } END { print s + 0 }')"
	put race_aux_injected "$(sed -n 's/^rb_race: race=aux:.* injected=\([0-9]*\).*/\1/p' "$out/rb_race.log" |
		awk '{ s += $1 } END { print s + 0 }')"
fi
[ "$rc" -eq 0 ] || fail=1

# --- buffers: every one allocated was freed ---------------------------------
if [ "$probes" -eq 1 ]; then
	# Frees come after an RCU grace period: wait for them (10 s at
	# most) with the probes still on, watching rb_free's hits and
	# misses in kprobe_profile, which is cheap to read.
	allocs=$(grep -c ' rb_alloc:' "$inst/trace" || true)
	n=0
	while [ "$n" -lt 20 ]; do
		seen=$(awk '$1 == "rb_free" { print $2 + $3 }' "$tracing/kprobe_profile")
		[ "${seen:-0}" -lt "$allocs" ] || break
		sleep 0.5
		n=$((n + 1))
	done
	echo 0 >"$inst/events/rbstress/enable" 2>/dev/null || true
	probe_counts >/tmp/rbstress.counts
	read -r allocs frees overruns amiss fmiss </tmp/rbstress.counts
	put buffers_allocated "$allocs"
	put buffers_freed "$frees"
	put buffers_free_probe_missed "$fmiss"
	put trace_overruns "$overruns"
	if [ "$overruns" -ne 0 ] || [ "$amiss" -ne 0 ]; then
		echo "guest.sh: trace overran or rb_alloc probe missed: buffer count inconclusive"
		put buffers_leaked unknown
	else
		# a missed rb_free probe is a free that happened unrecorded
		put buffers_leaked $((allocs - frees - fmiss))
		[ "$allocs" -eq $((frees + fmiss)) ] || fail=1
	fi
else
	put buffers_leaked unknown
fi

# --- hangs the runner's scan does not know ----------------------------------
hangs=$(dmesg | grep -c -E 'blocked for more than|soft lockup|rcu.*stall' || true)
put kernel_hang_reports "$hangs"
[ "$hangs" -eq 0 ] || fail=1

put guest_result "$([ "$fail" -eq 0 ] && echo pass || echo fail)"
exit "$fail"
