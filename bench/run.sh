#!/bin/sh
# Run the benchmark suite on the kernel this machine (or guest) runs.
#
# Usage: bench/run.sh OUTDIR MODE
#
# scripts/bench.sh starts this inside each variant's guest (via
# scripts/vm-run.sh) or, for MODE=local, on the machine itself.  Run as
# root from the project directory, after `make -C bench`.  Which kernel
# this is comes from the environment, never from uname -r: RB_BASE and
# RB_VARIANT (scripts/vm-run.sh puts them on the guest's command line;
# scripts/bench.sh sets them for MODE=local), RB_FLAVOUR (empty: the
# timing kernel).  It writes:
#
#   OUTDIR/env.txt              kernel, CPUs, clocksource, sysctls used
#   OUTDIR/bench.json           perf-rb-bench: every case and size, raw samples
#   OUTDIR/bench.log            its progress lines
#   OUTDIR/probes/NAME.txt      bpftrace output of bench/probes/NAME.bt,
#                               traced during a short extra bench pass
#   OUTDIR/probes/NAME.json     that pass's own (perturbed) timings
#   OUTDIR/probes/symbols.txt   which handler/helper symbols this kernel has
#   OUTDIR/workloads/perf-record.tsv   perf record start-up/tear-down times
#   OUTDIR/workloads/fio-N.json, perf-fio-N.stats, perf-fio-N.tsv
#   OUTDIR/commands.txt         every command run, in order
#
# Environment: QUICK=1 (few repetitions and sizes, for tests),
# BENCH_KMAX (largest k of 1+2^k pages the size search tries; default 15
# when emulated, 20 on real hardware, i.e. the kernel's own limit).
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/../scripts/lib.sh"

who=${RB_BASE:-?}/${RB_VARIANT:-?}${RB_FLAVOUR:+ ($RB_FLAVOUR)}

# Progress, with the (guest) uptime in seconds.
say() {
	printf 'bench/run.sh [%s %s]: %s\n' "$who" "$(cut -d' ' -f1 /proc/uptime)" "$*" >&2
}

die() {
	say "error: $*"
	exit 1
}

[ $# -eq 2 ] || die "usage: bench/run.sh OUTDIR MODE (with RB_BASE, RB_VARIANT set)"
out=$1
mode=$2
if [ -z "${RB_BASE:-}" ] || [ -z "${RB_VARIANT:-}" ]; then
	die "RB_BASE and RB_VARIANT are not set: boot with scripts/vm-run.sh, or set them (scripts/bench.sh MODE=local does)"
fi
check_name base "$RB_BASE"
check_name variant "$RB_VARIANT"
[ -z "${RB_FLAVOUR:-}" ] || check_name flavour "$RB_FLAVOUR"
# perf-rb-bench's label: <base>/<variant>
label=$RB_BASE/$RB_VARIANT
top=$TOP
bench=$BUILD/bench/perf-rb-bench
quick=${QUICK:-0}

# Run a command and record it in commands.txt first.
run() {
	printf '%s\n' "$*" >>"$out/commands.txt"
	"$@"
}

now() {
	"$bench" -S
}

[ -x "$bench" ] || die "no $bench: run make -C bench first"
[ "$(id -u)" -eq 0 ] || die "must run as root (sysctl, bpftrace)"
for c in bpftrace perf fio; do
	command -v "$c" >/dev/null 2>&1 || die "'$c' not found (scripts/install-deps.sh bench)"
done
mkdir -p "$out/probes" "$out/workloads"
: >"$out/commands.txt"

# --- setup -----------------------------------------------------------------

# Timings are only worth something on a fine-grained clock: a guest whose
# TSC calibration failed runs on jiffies (4 ms steps).  The switch from
# tsc-early to tsc happens a moment after boot; wait for it.
cs_file=/sys/devices/system/clocksource/clocksource0/current_clocksource
wait_for_clocksource() {
	i=0
	while [ $i -lt 30 ]; do
		case $(cat "$cs_file") in
		tsc|kvm-clock|hyperv_clocksource_tsc_page) return 0 ;;
		esac
		sleep 1
		i=$((i + 1))
	done
	[ "$mode" = local ] && return 0
	die "clocksource is '$(cat "$cs_file")', not tsc: timings would be in jiffies"
}

ncpus=$(nproc)
# Pin to the last CPU: on a small guest the first one takes the
# interrupts of the console and the 9p transport.
cpu=$((ncpus - 1))
if [ "$mode" = icount ] || [ "$mode" = tcg ]; then
	kmax=${BENCH_KMAX:-15}
else
	kmax=${BENCH_KMAX:-20}
fi

if [ "$quick" = 1 ]; then
	bench_args="-k 0,6,max -K 9 -b 64 -m 3 -n 5"
	probe_args="-k 0,3 -n 3 -m 3 -w 1"
	rec_pages="256"
	rec_reps=1
	fio_size=16m
	fio_reps=1
else
	case $mode in
	icount|tcg) bench_args="-k 0,3,6,9,max -K $kmax -b 16384 -m 5 -n 40" ;;
	*) bench_args="-k 0,3,6,9,max -K $kmax -b 262144 -m 5 -n 200" ;;
	esac
	probe_args="-k 0,3,6,9 -n 5 -m 3 -w 1"
	rec_pages="256 16384"
	rec_reps=2
	fio_size=64m
	fio_reps=2
fi
[ "$ncpus" -gt 1 ] && bench_args="$bench_args -C $cpu"

wait_for_clocksource

# Root maps any size (CAP_IPC_LOCK), but raise the per-user perf mlock
# limit as a test machine would, so that buffers are charged to
# perf_mlock rather than pinned_vm: 2 GiB, more than any size used here.
# Put back on exit (it matters for MODE=local).
old_mlock=$(cat /proc/sys/kernel/perf_event_mlock_kb)
restore() {
	echo "$old_mlock" >/proc/sys/kernel/perf_event_mlock_kb
}
trap restore EXIT
trap 'exit 130' INT TERM
echo 2097152 >/proc/sys/kernel/perf_event_mlock_kb

{
	echo "variant: $label"
	echo "flavour: ${RB_FLAVOUR:-}"
	echo "mode: $mode"
	echo "uname: $(uname -a)"
	echo "cpus_online: $ncpus ($(cat /sys/devices/system/cpu/online))"
	echo "bench_cpu: $([ "$ncpus" -gt 1 ] && echo "$cpu" || echo none)"
	echo "clocksource: $(cat "$cs_file")"
	echo "mem_total: $(sed -n 's/^MemTotal: *//p' /proc/meminfo)"
	echo "perf_event_mlock_kb: $old_mlock -> $(cat /proc/sys/kernel/perf_event_mlock_kb)"
	echo "perf_event_paranoid: $(cat /proc/sys/kernel/perf_event_paranoid)"
	echo "cmdline: $(cat /proc/cmdline)"
	echo "quick: $quick"
	echo "bench_args: $bench_args"
	echo "probe_args: $probe_args"
	echo "bpftrace: $(bpftrace --version)"
	echo "perf: $(perf --version)"
	echo "fio: $(fio --version)"
} >"$out/env.txt"

# --- 1. the microbenchmark -----------------------------------------------------

say "perf-rb-bench $bench_args"
# shellcheck disable=SC2086 # $bench_args is a list of options
run "$bench" $bench_args -V "$label" -M "$mode" -o "$out/bench.json" \
	2>"$out/bench.log" || { cat "$out/bench.log" >&2; die "perf-rb-bench failed"; }
sed 's/^/  /' "$out/bench.log" >&2

# --- 2. bpftrace probes, each during its own short bench pass -------------------

# The handler and mapping symbols this kernel offers: they differ per
# variant, and handlers.bt attaches by wildcard to whichever exist.
bpftrace -l 'kprobe:*' 2>/dev/null |
	grep -E '^kprobe:(perf_mmap|discontig_kernel_pages_complete|rb_alloc|rb_free|do_page_mkwrite|wp_pfn_shared|do_wp_page|do_shared_fault|do_read_fault|finish_fault|__do_fault|handle_mm_fault|remap_pfn_range|remap_kernel_pages|vm_insert_page|vmf_insert_|zap_page_range_single)' |
	LC_ALL=C sort >"$out/probes/symbols.txt" || true
probes=$(ls "$top"/bench/probes/*.bt)
if [ ! -s "$out/probes/symbols.txt" ]; then
	# A guest booted here always has tracefs and kprobes: that is a
	# failure.  A machine measured in place (MODE=local) may not, e.g. a
	# container without tracefs: go on without the probes, saying so.
	[ "$mode" = local ] ||
		die "bpftrace -l lists no perf_mmap symbols: kprobes unusable?"
	say "probes skipped: bpftrace -l lists no perf_mmap symbols (tracefs or kprobes missing)"
	echo "bpftrace -l lists no perf_mmap symbols here (tracefs or kprobes missing)" \
		>"$out/probes/SKIPPED"
	probes=
fi

for bt in $probes; do
	name=$(basename "$bt" .bt)
	say "probe $name"
	# shellcheck disable=SC2086
	run bpftrace -o "$out/probes/$name.txt" "$bt" \
		-c "$bench $probe_args -q -V $label -M $mode -o $out/probes/$name.json" \
		>"$out/probes/$name.log" 2>&1 || {
		cat "$out/probes/$name.log" >&2
		die "bpftrace $name.bt failed"
	}
	[ -s "$out/probes/$name.json" ] || die "$name: the bench pass wrote no JSON"
done

# --- 3. real workloads ---------------------------------------------------------

# perf record start-up and tear-down on every CPU with large buffers.  The
# traced command prints CLOCK_MONOTONIC when perf lets it run (perf
# forks it first and lets it exec once every buffer is mapped), so:
# start-up = child stamp - stamp before perf; tear-down = stamp after
# perf exits - child stamp.  The first run of each size is a warm-up.
printf 'pages_per_cpu\trep\tstartup_ns\tteardown_ns\ttotal_ns\n' \
	>"$out/workloads/perf-record.tsv"
for m in $rec_pages; do
	rep=0
	while [ $rep -le $rec_reps ]; do
		say "perf record -a -m $m (run $rep of $rec_reps, 0 = warm-up)"
		t0=$(now)
		run perf record -q -a -m "$m" -e cpu-clock -B -N \
			-o /tmp/perf-record.data -- "$bench" -S >/tmp/perf-record.child \
			2>"$out/workloads/perf-record-m$m.err" ||
			die "perf record -m $m failed: $(cat "$out/workloads/perf-record-m$m.err")"
		t2=$(now)
		t1=$(cat /tmp/perf-record.child)
		[ $rep -eq 0 ] || printf '%s\t%s\t%s\t%s\t%s\n' "$m" "$rep" \
			$((t1 - t0)) $((t2 - t1)) $((t2 - t0)) \
			>>"$out/workloads/perf-record.tsv"
		rm -f /tmp/perf-record.data
		rep=$((rep + 1))
	done
done

# perf record sampling every page fault of a fio job that takes one fault
# per 4 KiB: random writes through a shared mapping of a tmpfs file.
# perf's default buffer size for root (512 KiB per CPU) on purpose: the
# question is whether it keeps up.
rep=1
while [ $rep -le $fio_reps ]; do
	say "perf record -e page-faults -c 1 -- fio (run $rep of $fio_reps)"
	rm -f /tmp/fio.dat
	t0=$(now)
	run perf record -q -e page-faults -c 1 -m 128 -B -N -o /tmp/perf-fio.data -- \
		fio --name=pf --ioengine=mmap --filename=/tmp/fio.dat \
		--size="$fio_size" --bs=4k --rw=randwrite --randseed=1 \
		--output-format=json --output="$out/workloads/fio-$rep.json" \
		2>"$out/workloads/perf-fio-$rep.err" ||
		die "perf record -- fio failed: $(cat "$out/workloads/perf-fio-$rep.err")"
	t1=$(now)
	run perf report -i /tmp/perf-fio.data --stats >"$out/workloads/perf-fio-$rep.stats" 2>&1 ||
		die "perf report --stats failed"
	printf 'rep\twall_ns\n%s\t%s\n' "$rep" $((t1 - t0)) >"$out/workloads/perf-fio-$rep.tsv"
	rm -f /tmp/perf-fio.data /tmp/fio.dat
	rep=$((rep + 1))
done

say "done"
