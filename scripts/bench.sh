#!/bin/sh
# Benchmark every variant and write one results folder with a report.
#
# Usage: scripts/bench.sh          (make bench)
#        scripts/bench.sh --finish build/bench-work/NAME
#                                  report and publish a run whose guests
#                                  all finished but whose report failed
#
# Environment:
#   BASES="6.12 7.3" kernel bases whose variants are measured (default:
#                    every folder of kernel-patches/ with a base name)
#   VARIANTS="a b"   variants to measure, each <base>/<variant> or a bare
#                    name (the newest base that has it); default: every
#                    variant of BASES, as kernel-patches/<base>/variants
#                    lists them.  A name outside kernel-patches/
#                    name-grammar, or not listed, fails at once.
#   MODE=auto|icount|tcg|kvm|local
#                    auto (default): kvm when a probe boot under KVM works,
#                    else icount.  icount/tcg/kvm boot each variant under
#                    QEMU (scripts/vm-run.sh), which tells the guest who
#                    it is (RB_BASE, RB_VARIANT, RB_FLAVOUR); local runs
#                    the suite on the kernel this machine runs, its base
#                    the one whose version its uname -r starts with and
#                    its variant the suffix after the last '-'
#                    (7.3.4-upstream -> 7.3/upstream).
#   QUICK=1          few repetitions and sizes: a test of the machinery,
#                    not numbers to quote (the folder name ends in -quick)
#   BENCH_JOBS=N     guests run at once (default 2 for icount, whose guest
#                    time counts instructions and does not depend on host
#                    load; 1 otherwise, so that guests do not disturb
#                    each other's wall-clock timings)
#   BENCH_KMAX=K     largest 1+2^K pages tried (see bench/run.sh)
#   BENCH_FLAVOURS="vmalloc"  builds of each variant booted once more, for
#                    the behaviour matrix only (bench/observe.sh); "" for
#                    none.  Not in MODE=local.
#   ROOTFS=base|host the guests' root (scripts/vm-run.sh): base, each
#                    base's own Debian root, so that perf, bpftrace and
#                    drgn are of its kernel (the default); host: the
#                    host's, older tools, no root to build.  The
#                    exact versions are in <base>/root.packages.
#   CACHE=0|1        1: each variant's guest QEMU loads the rb_cache TCG
#                    plugin (bench/plugin, built first; scripts/vm-run.sh
#                    VM_CACHE=1), which counts every run() window of the
#                    bench (bench/bench.h) into
#                    <base>/<variant>/cache-<base>-<variant>.counts of the
#                    results folder.  TCG only: MODE=auto then means
#                    icount, MODE=kvm and local are refused.  The flavour
#                    boots run without it.
#   CACHE_ARGS=NAME=VALUE,...  the model's arguments (scripts/vm-run.sh
#                    VM_CACHE_ARGS; bench/plugin/rb_cache.c)
#   RESULTS=DIR      where result folders go (default: results/)
#   TIMEOUT=SEC      limit per guest (default 3600)
#
# Writes RESULTS/<date>-<host>-<mode>[-quick]/ (one folder
# <base>/<variant>/ per variant; meta.txt lists the variants, the bases
# and each base's reference, the variant every other of the base is
# compared with) and points RESULTS/latest at it.  Work happens in
# build/bench-work/<name>/ and the folder is moved
# into RESULTS only when everything succeeded, so a results folder is
# always complete; on failure the partial one stays in build/bench-work/
# and the exit status is non-zero.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

mode=${MODE:-auto}
quick=${QUICK:-0}
results=${RESULTS:-$TOP/results}
timeout=${TIMEOUT:-3600}
rootfs=${ROOTFS:-base}
cache=${CACHE:-0}
cache_args=${CACHE_ARGS:-}
t_start=$(date +%s)
# what was measured is the tree as it was when the run started
commit_at_start=$(git -C "$TOP" rev-parse HEAD 2>/dev/null || echo unknown)
dirty_at_start=$(git -C "$TOP" status --porcelain -- bench scripts Makefile Kconfig.fragment kernel-patches 2>/dev/null | grep -c . || true)


elapsed() {
	s=$(($(date +%s) - t_start))
	printf '%02d:%02d' $((s / 60)) $((s % 60))
}

progress() {
	printf '[bench %s] %s\n' "$(elapsed)" "$*"
}

# Prefix each line of a guest's output with the run's elapsed time and
# the variant: the guest's own stamps are guest time, and under icount a
# guest second can take anything from one to ten host seconds, so this
# is where the wall-clock cost of each step shows.
prefix_lines() {
	while IFS= read -r line || [ -n "$line" ]; do
		printf '  %s %s| %s\n' "$(elapsed)" "$1" "$line"
	done
}

# Append an exact command line (with the environment it gets) to
# commands.txt; the caller runs it.
record() {
	printf '%s\n' "$*" >>"$work/commands.txt"
}

# Write the report for the run in $work and move the folder into
# $results under $name; results/latest then points at it.
publish() {
	# --- the behaviour matrix (issues 4 and 7) ------------------------------------------
	# From the observations bench/observe.sh made in the boots above (the
	# data buffer, the AUX buffer, and the flavour builds), gathered into
	# behaviour/ in the layout scripts/behaviour-matrix.py reads.
	mkdir -p "$work/behaviour"
	sed -i '/^behaviour_matrix:/d' "$work/meta.txt"
	bad_obs=
	for d in $(for v in $variants; do
		echo "$work/$v/"
		for f in $flavours; do echo "$work/$v/$f/"; done
	done); do
		for b in "$d"behaviour-*.txt; do
			if [ -f "$b" ]; then cp -p "$b" "$work/behaviour/"; fi
		done
		[ ! -f "$d.observe-failed" ] || bad_obs="$bad_obs ${d#"$work"/}"
	done
	record "(cd $work && scripts/behaviour-matrix.py behaviour --width 72)"
	if (cd "$work" && "$TOP/scripts/behaviour-matrix.py" behaviour --width 72) >"$work/behaviour-matrix.txt" 2>"$work/behaviour-matrix.err"; then
		if [ -n "$bad_obs" ]; then
			echo "behaviour_matrix: made, but observations differ from bench/observe/expected or failed in:$bad_obs (see observe-*.log)" >>"$work/meta.txt"
		else
			echo "behaviour_matrix: scripts/behaviour-matrix.py on behaviour/ (bench/observe.sh in the boots measured, observations as expected)" >>"$work/meta.txt"
		fi
	else
		echo "behaviour_matrix: failed: scripts/behaviour-matrix.py exited non-zero (see behaviour-matrix.err)" >>"$work/meta.txt"
	fi

	progress "writing the report"
	record "python3 scripts/bench-report.py $work"
	python3 "$TOP/scripts/bench-report.py" "$work"

	mkdir -p "$results"
	if [ -e "$results/$name" ]; then
		n=2
		while [ -e "$results/$name-$n" ]; do
			n=$((n + 1))
		done
		name=$name-$n
	fi
	echo "# the folder above, ${work#"$TOP"/}, then became ${results#"$TOP"/}/$name" >>"$work/commands.txt"
	# rename(2) when build/ and results/ share a file system; otherwise copy
	# next to the destination first, so the final step is still a rename.
	if [ "$(stat -c %d "$work")" = "$(stat -c %d "$results")" ]; then
		mv "$work" "$results/$name"
	else
		rm -rf "$results/.partial-$name"
		cp -a "$work" "$results/.partial-$name"
		mv "$results/.partial-$name" "$results/$name"
		rm -rf "$work"
	fi
	work=$results/$name
	ln -sfn "$name" "$results/latest"
	progress "done: ${results#"$TOP"/}/$name (report.txt), $(elapsed) in all"
}

# --finish: the guests of a run finished but the report or the move did
# not (e.g. a report bug, fixed since): make both from the folder.
finish() {
	if [ $# -ne 2 ] || [ ! -f "$2/meta.txt" ]; then
		die "usage: scripts/bench.sh --finish build/bench-work/NAME (a run whose guests all finished)"
	fi
	work=$(cd "$2" && pwd)
	name=$(basename "$work")
	variants=$(sed -n 's/^variants: //p' "$work/meta.txt")
	flavours=$(sed -n 's/^flavours: //p' "$work/meta.txt")
	if ! grep -q '^flavours:' "$work/meta.txt"; then
		# runs from before meta.txt had the line: the folders say
		flavours=$(for d in "$work"/*/*/; do
			ls "$d"behaviour-*.txt >/dev/null 2>&1 && basename "$d"
		done | sort -u | tr '\n' ' ')
	fi
	for v in $variants; do
		[ -s "$work/$v/bench.json" ] || die "$work/$v/bench.json is missing: the run did not finish"
	done
	echo "# finished by: scripts/bench.sh --finish ${work#"$TOP"/} ($(date -u +%Y-%m-%dT%H:%M:%SZ))" >>"$work/commands.txt"
	publish
}

# The settings that need no variant: a bad one stops here.
check_settings() {
	case $rootfs in
	base | host) ;;
	*) die "ROOTFS=$rootfs: base (each base's own root) or host" ;;
	esac
	case $mode in
	auto|icount|tcg|kvm|local) ;;
	*) die "MODE=$mode is not one of auto icount tcg kvm local" ;;
	esac
	case $quick in
	0|1) ;;
	*) die "QUICK=$quick: use 0 or 1" ;;
	esac
	case $cache in
	0) [ -z "$cache_args" ] || die "CACHE_ARGS='$cache_args' without CACHE=1" ;;
	1) case $mode in
		kvm|local) die "CACHE=1 needs QEMU's TCG (MODE=icount or tcg): a TCG plugin does not run under MODE=$mode" ;;
		esac ;;
	*) die "CACHE=$cache: use 0 or 1" ;;
	esac
	# the guests' root, for scripts/vm-run.sh (whose own default is base)
	ROOTFS=$rootfs
	export ROOTFS
	[ "$mode" != local ] || rootfs=local
}

# MODE=local: the running kernel's <base>/<variant> from its release,
# e.g. 7.3.4-upstream -> 7.3/upstream: the base whose version (its
# kernel-patches/<base>/source) the release starts with, the variant
# the suffix after the last '-'.  The one place that reads identity from
# uname -r; everything after gets it as RB_BASE/RB_VARIANT/RB_FLAVOUR,
# as a guest does from scripts/vm-run.sh.
local_identity() {
	li_rel=$(uname -r)
	li_base=
	for li_b in $(BASES='' base_list); do
		li_ver=$(base_field "$li_b" version)
		case $li_rel in
		"$li_ver"-* | "$li_ver".*) li_base=$li_b ;;
		esac
	done
	[ -n "$li_base" ] ||
		die "MODE=local: uname -r '$li_rel' is not a release of any kernel base here ($(BASES='' base_list | tr '\n' ' ')): boot a kernel built by scripts/build-kernel.sh"
	li_name=${li_rel##*-}
	[ "$li_name" != "$li_rel" ] || li_name=local
	(check_name variant "$li_name") ||
		die "MODE=local: uname -r '$li_rel' does not end in a variant name"
	if ! base_variants "$li_base" | grep -qxF -- "$li_name"; then
		log "warning: uname -r '$li_rel': $li_name is not a listed variant of base $li_base; calling it $li_base/$li_name"
	fi
	echo "$li_base/$li_name"
}

# The variants to measure, each resolved and checked before anything is
# built: a bad name stops here.  Words of the environment are split with
# globbing off (VARIANTS='*' is a bad name, not a list of files) and
# read one a line, so that the checks run in this shell.
words() {
	set -f
	# shellcheck disable=SC2086 # split into words, unglobbed
	[ -z "$1" ] || printf '%s\n' $1
	set +f
}

# Sets variants, flavours, nvar, run_bases and run_refs.
select_variants() {
	if [ "$mode" = local ]; then
		variants=$(local_identity)
		if [ -n "${VARIANTS:-}" ] && [ "$VARIANTS" != "$variants" ]; then
			log "warning: MODE=local measures the running kernel only; VARIANTS='$VARIANTS' ignored"
		fi
		flavours=
	else
		bases=$(base_list)
		if [ -n "${VARIANTS:-}" ]; then
			variants=
			while IFS= read -r n; do
				[ -n "$n" ] || continue
				v=$(resolve_variant "$n")
				case " $variants " in
				*" $v "*) die "VARIANTS names $v twice" ;;
				esac
				if [ -n "${BASES:-}" ] && ! printf '%s\n' "$bases" | grep -qxF -- "$(base_of "$v")"; then
					die "VARIANTS names $v, which is not of BASES='$BASES'"
				fi
				variants="${variants:+$variants }$v"
			done <<-EOF
				$(words "$VARIANTS")
			EOF
		else
			variants=$(variant_list | tr '\n' ' ' | sed 's/ *$//')
		fi
		flavours=
		while IFS= read -r f; do
			[ -n "$f" ] || continue
			check_name flavour "$f"
			[ -f "$TOP/scripts/config/$f.fragment" ] ||
				die "BENCH_FLAVOURS: no flavour '$f' (scripts/config/$f.fragment)"
			flavours="${flavours:+$flavours }$f"
		done <<-EOF
			$(words "${BENCH_FLAVOURS-vmalloc}")
		EOF
	fi
	[ -n "$variants" ] || die "no variants to measure"
	# shellcheck disable=SC2086 # one word per variant, each checked above
	set -- $variants
	nvar=$#
	# the bases measured, oldest first, and the reference of each
	run_bases=$(for v in $variants; do base_of "$v"; done | sort -uV | tr '\n' ' ' | sed 's/ *$//')
	run_refs=$(for b in $run_bases; do base_reference "$b"; done | tr '\n' ' ' | sed 's/ *$//')
}

build_harness() {
	progress "building the benchmark (bench/ -> build/bench/)"
	make -s -C "$TOP/bench" O="$BUILD/bench" >/dev/null
	if [ "$cache" = 1 ]; then
		progress "building the cache-model plugin (bench/plugin -> build/plugin/)"
		make -s -C "$TOP/bench/plugin" OUT="$BUILD/plugin" >/dev/null
	fi
}

on_exit() {
	rc=$?
	[ "$rc" -eq 0 ] || log "FAILED (exit $rc); partial output kept in $work"
}

# The run's folder, until the mode is known (choose_mode names it).
start_work() {
	work_tmp=$BUILD/bench-work/.new-$$
	rm -rf "$work_tmp"
	mkdir -p "$work_tmp"
	work=$work_tmp
	trap on_exit EXIT
	trap 'exit 130' INT TERM
	: >"$work/commands.txt"
}

# Built before anything boots (a build next to a running guest would
# disturb its wall-clock timings); ccache makes the second and later
# variants quick.
build_kernels() {
	if [ "$mode" != local ]; then
		i=0
		for v in $variants; do
			i=$((i + 1))
			mkdir -p "$work/$v"
			progress "[$i/$nvar] $v: building the kernel (log: $v/build.log)"
			t0=$(date +%s)
			record "scripts/build-kernel.sh $v"
			if ! "$TOP/scripts/build-kernel.sh" "$v" >"$work/$v/build.log" 2>&1; then
				tail -n 30 "$work/$v/build.log" >&2
				die "building $v failed"
			fi
			echo "build_seconds: $(($(date +%s) - t0))" >"$work/$v/timing.txt"
			for f in $flavours; do
				progress "[$i/$nvar] $v: building its $f kernel (log: $v/build-$f.log)"
				record "scripts/build-kernel.sh $v $f"
				if ! "$TOP/scripts/build-kernel.sh" "$v" "$f" >"$work/$v/build-$f.log" 2>&1; then
					tail -n 30 "$work/$v/build-$f.log" >&2
					die "building $v ($f) failed"
				fi
			done
		done
	fi
}

# The guests' user space, per base: its own root (built or checked
# here, before anything boots), or the host's.  <base>/root.packages
# lists every package version the measuring guests (or this machine)
# ran; for the host, the packages a base's root is made of.
prepare_roots() {
	case $rootfs in
	base)
		for b in $run_bases; do
			progress "$b: the guest root (log: build/$b/root.log)"
			record "scripts/build-root.sh $b"
			"$TOP/scripts/build-root.sh" "$b" || die "building the root of $b failed"
			mkdir -p "$work/$b"
			cp "$BUILD/$b/root.packages" "$work/$b/root.packages"
		done
		;;
	host | local)
		for b in $run_bases; do
			mkdir -p "$work/$b"
			# shellcheck disable=SC2016 # ${...} are dpkg-query's fields
			{ root_field "$PATCHES/$b/root" packages | tr ' ' '\n' | sed 's,/.*,,'; echo libc6; } | grep . |
				xargs dpkg-query -W -f '${Package}\t${Version}\t${Architecture}\n' 2>/dev/null |
				LC_ALL=C sort >"$work/$b/root.packages" || true
		done
		;;
	esac
}

# The observation program of bench/observe.sh, built once, against the
# kselftest harness of the first variant's base: only once the kernels
# above exist, since in a fresh clone the trees do not exist before.
# (in MODE=local the tree may not be here: then observe.sh fails and the
# report says so)
build_observers() {
	first=$(echo "$variants" | awk '{ print $1 }')
	progress "building the observation program (bench/observe -> build/observe/)"
	blog=$BUILD/observe-build.log
	if ! make -s -C "$TOP/bench/observe" VARIANT="$first" >"$blog" 2>&1; then
		[ "$mode" = local ] || { tail -n 20 "$blog" >&2; die "building the observation program failed"; }
		log "warning: the observation program did not build (see ${blog#"$TOP"/})"
	fi
}

# MODE=auto becomes kvm or icount; then the run gets its name.
choose_mode() {
	if [ "$mode" = auto ] && [ "$cache" = 1 ]; then
		mode=icount
		progress "MODE=auto with CACHE=1: using icount"
	fi
	if [ "$mode" = auto ]; then
		first=${variants%% *}
		record "ACCEL=auto scripts/accel.sh $first"
		if [ "$(ACCEL=auto "$TOP/scripts/accel.sh" "$first")" = kvm ]; then
			mode=kvm
		else
			mode=icount
		fi
		progress "MODE=auto: using $mode"
	fi
	if [ "$mode" = icount ]; then
		jobs=${BENCH_JOBS:-2}
	else
		jobs=${BENCH_JOBS:-1}
	fi

	name=$(date +%Y-%m-%dT%H%M)-$(hostname -s)-$mode
	[ "$quick" = 1 ] && name=$name-quick
	work=$BUILD/bench-work/$name
	rm -rf "$work"
	mv "$work_tmp" "$work"
}

record_kernels() {
	for v in $variants; do
		mkdir -p "$work/$v"
		f=$work/$v/kernel.txt
		if [ "$mode" = local ]; then
			{
				echo "release: $(uname -r)"
				if [ -r /proc/config.gz ]; then
					echo "config_sha256: $(gzip -dc /proc/config.gz | sha256sum | cut -d' ' -f1) (/proc/config.gz)"
				elif [ -r "/boot/config-$(uname -r)" ]; then
					echo "config_sha256: $(sha256sum <"/boot/config-$(uname -r)" | cut -d' ' -f1) (/boot/config-$(uname -r))"
				else
					echo "config_sha256: unknown (no /proc/config.gz or /boot/config-$(uname -r))"
				fi
			} >"$f"
			continue
		fi
		obj=$(variant_obj "$v")
		{
			echo "release: $(cat "$obj/include/config/kernel.release")"
			echo "config_sha256: $(sha256sum <"$obj/.config" | cut -d' ' -f1)"
			echo "bzimage_sha256: $(sha256sum <"$obj/arch/x86/boot/bzImage" | cut -d' ' -f1)"
			echo "source_commit: $(git -C "$(variant_src "$v")" rev-parse HEAD)"
			echo "series: kernel-patches/$v/ ($(find "$TOP/kernel-patches/$v" -name '*.patch' ! -name '0000-*' | wc -l) patches)"
		} >"$f"
	done
}

# Each variant's guest writes into $work/<base>/<variant> (its VM_OUT);
# its output is streamed here with the variant as prefix and kept in
# run.log.  The guest knows who it is from scripts/vm-run.sh (RB_BASE,
# RB_VARIANT, RB_FLAVOUR); MODE=local tells bench/run.sh and
# bench/observe.sh the same way.
run_variant() {
	v=$1
	vdir=$work/$v
	mkdir -p "$vdir"
	t0=$(date +%s)
	if [ "$mode" = local ]; then
		who="RB_BASE=$(base_of "$v") RB_VARIANT=$(name_of "$v") RB_FLAVOUR="
		record "$who QUICK=$quick${BENCH_KMAX:+ BENCH_KMAX=$BENCH_KMAX} bench/run.sh $vdir local"
		record "$who bench/observe.sh $vdir"
		{ { env RB_BASE="$(base_of "$v")" RB_VARIANT="$(name_of "$v")" RB_FLAVOUR= \
			QUICK="$quick" "$TOP/bench/run.sh" "$vdir" local 2>&1 &&
			{ env RB_BASE="$(base_of "$v")" RB_VARIANT="$(name_of "$v")" RB_FLAVOUR= \
				"$TOP/bench/observe.sh" "$vdir" 2>&1 >/dev/null ||
				touch "$vdir/.observe-failed"; }; } ||
			echo $? >"$vdir/.failed"; } | tee "$vdir/run.log" | prefix_lines "$v"
	else
		# the observations after the timings, in the same boot
		cmd="QUICK=$quick${BENCH_KMAX:+ BENCH_KMAX=$BENCH_KMAX} bench/run.sh $vdir $mode"
		cmd="$cmd && { bench/observe.sh $vdir >/dev/null || touch $vdir/.observe-failed; }"
		record "ROOTFS=$rootfs VM_OUT=$vdir ACCEL=$mode TIMEOUT=$timeout VM_CACHE=$cache${cache_args:+ VM_CACHE_ARGS=$cache_args} scripts/vm-run.sh $v '$cmd'"
		{ VM_OUT=$vdir ACCEL=$mode TIMEOUT=$timeout VM_CACHE=$cache VM_CACHE_ARGS=$cache_args \
			"$TOP/scripts/vm-run.sh" "$v" "$cmd" 2>&1 ||
			echo $? >"$vdir/.failed"; } | tee "$vdir/run.log" | prefix_lines "$v"
	fi
	echo "run_seconds: $(($(date +%s) - t0))" >>"$vdir/timing.txt"
}

# Run "CMD... VARIANT N" for every variant (N: its place in the list),
# $jobs at once: variant N in lane N mod $jobs, each lane one after
# another.
in_lanes() {
	lane=0
	while [ $lane -lt "$jobs" ]; do
		(
			i=0
			for v in $variants; do
				[ $((i % jobs)) -ne $lane ] || "$@" "$v" $((i + 1))
				i=$((i + 1))
			done
		) &
		lane=$((lane + 1))
	done
	wait
}

measure() {
	progress "[$2/$nvar] $1: running the suite ($mode)"
	run_variant "$1"
	progress "[$2/$nvar] $1: done"
}

# Every variant's run; a failed one stops the whole before the report.
run_all() {
	in_lanes measure
	failed=
	for v in $variants; do
		[ ! -f "$work/$v/.failed" ] || failed="$failed $v(exit $(cat "$work/$v/.failed"))"
	done
	[ -z "$failed" ] || die "the suite failed for:$failed (see <base>/<variant>/run.log and console-*.log)"
}

# The other builds, observed only: one boot per variant and flavour,
# $jobs at once, as the runs above.
observe_flavour() {
	f=$1
	v=$2
	fdir=$work/$v/$f
	progress "$v: booting its $f kernel for the behaviour matrix"
	mkdir -p "$fdir"
	cmd="bench/observe.sh $fdir >/dev/null || touch $fdir/.observe-failed"
	record "ROOTFS=$rootfs VM_OUT=$fdir FLAVOUR=$f ACCEL=$mode TIMEOUT=$timeout scripts/vm-run.sh $v '$cmd'"
	VM_OUT=$fdir FLAVOUR=$f ACCEL=$mode TIMEOUT=$timeout VM_CACHE=0 \
		"$TOP/scripts/vm-run.sh" "$v" "$cmd" >"$fdir/run.log" 2>&1 ||
		echo $? >"$fdir/.failed"
}
observe_flavours() {
	for f in $flavours; do
		in_lanes observe_flavour "$f"
		for v in $variants; do
			[ ! -f "$work/$v/$f/.failed" ] ||
				die "$v ($f build): the observation boot failed (see ${work#"$TOP"/}/$v/$f/run.log)"
		done
	done
}

write_meta() {
	{
		echo "name: $name"
		echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "host: $(hostname -s)"
		echo "mode: $mode"
		echo "quick: $quick"
		echo "variants: $variants"
		echo "bases: $run_bases"
		echo "references: $run_refs"
		echo "flavours: $flavours"
		echo "rootfs: $rootfs"
		echo "cache_model: $cache${cache_args:+ ($cache_args)}"
		for b in $run_bases; do
			echo "root_$b: $(root_tools "$work/$b/root.packages") ($b/root.packages)"
		done
		echo "guests_at_once: $jobs"
		echo "host_cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) ($(nproc) CPUs online)"
		echo "host_kernel: $(uname -r)"
		echo "host_mem: $(sed -n 's/^MemTotal: *//p' /proc/meminfo)"
		if [ "$mode" != local ]; then
			echo "qemu: $(qemu-system-x86_64 --version | head -n 1)"
		fi
		echo "project_commit: $commit_at_start"
		echo "project_dirty: $dirty_at_start changed files under bench scripts Makefile Kconfig.fragment kernel-patches"
		echo "command: VARIANTS='$variants' MODE=$mode ROOTFS=$rootfs QUICK=$quick CACHE=$cache${cache_args:+ CACHE_ARGS=$cache_args} BENCH_FLAVOURS='$flavours'${BENCH_KMAX:+ BENCH_KMAX=$BENCH_KMAX} BENCH_JOBS=$jobs scripts/bench.sh"
		echo "elapsed_seconds_before_report: $(($(date +%s) - t_start))"
	} >"$work/meta.txt"
}

# --- main -----------------------------------------------------------------------------
# Settings and names are checked before anything is built; kernels and
# roots are built before anything boots; the report is written and the
# folder published only when every run succeeded.
if [ "${1:-}" = --finish ]; then
	finish "$@"
	exit 0
fi
check_settings
select_variants
need_cmd make gcc python3 ministat gnuplot sha256sum
[ "$mode" = local ] || need_cmd qemu-system-x86_64
build_harness
start_work
build_kernels
prepare_roots
build_observers
choose_mode
record_kernels
run_all
observe_flavours
write_meta
publish
