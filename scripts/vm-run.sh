#!/bin/sh
# Boot one variant's kernel under QEMU, run one command in it, come back.
#
# Usage: scripts/vm-run.sh VARIANT COMMAND
#   VARIANT  <base>/<variant> (e.g. 7.3/upstream) or a bare variant name
#            (the newest base that has it)
#
# COMMAND runs with /bin/sh -c as root in the guest, in the project
# directory, which is at its host path.  The guest's root is read-only
# over 9p: the base's own Debian root (build/<base>/root, whose perf,
# bpftrace and drgn are of the base's kernel; scripts/build-root.sh
# builds it when it is missing or its description changed, as root;
# ROOTFS=base, the default) or the host's root (ROOTFS=host).  Its
# output is streamed here; its exit status becomes this script's.  The
# guest is told who it is: rb_base=, rb_variant= and rb_flavour= on the
# kernel command line become RB_BASE, RB_VARIANT (the bare name) and
# RB_FLAVOUR in COMMAND's environment.
#
# Environment:
#   ROOTFS=base|host  the guest's root (default base: the base's own
#                  root; host: the host's, with its bookworm tools)
#   VM_OUT=DIR     writable directory shared with the guest, at the same
#                  path on both sides; the guest sees it as $VM_OUT
#                  (default: build/vm-out)
#   VM_LOG=FILE    full console log (default:
#                  $VM_OUT/console-<base>-<variant>[-<flavour>].log)
#   ACCEL=auto|kvm|tcg|icount   (default auto: KVM if a probe boot works,
#                  else TCG); icount is TCG with -icount shift=0, so guest
#                  time counts instructions and timings repeat
#   TIMEOUT=SEC    hard limit for the whole boot (default 900)
#   FLAVOUR=NAME   boot build/<base>/<variant>/o-NAME instead of .../o
#   VM_KERNEL=FILE boot this bzImage instead of the variant's (e.g. a
#                  scratch build of a deliberately broken kernel, see
#                  results/stress/README); VARIANT then only names the
#                  console log and the accel file
#   VM_MEM, VM_CPUS  guest size (default 4G, 2)
#   VM_CACHE=0|1   1: load the rb_cache TCG plugin (build/plugin/rb_cache.so,
#                  from make -C bench/plugin) into QEMU; the windows the
#                  guest opens and closes with the markers of bench/bench.h
#                  are counted into $VM_OUT/cache-<base>-<variant>[-<flavour>].counts
#                  (written by QEMU on the host; bench/plugin/rb_cache.c
#                  says what).  TCG only: refused when ACCEL gives kvm.
#   VM_CACHE_ARGS=NAME=VALUE[,NAME=VALUE]...  the plugin's model
#                  arguments (line, l1d_size, l1d_ways, ..., lat_mem)
#
# Exit status: the command's; otherwise 124 when the guest hit TIMEOUT, and
# 125 when the kernel panicked, the guest died without reporting, or the
# console log holds a splat (scripts/splat-patterns: panic, Oops, BUG,
# WARNING, KASAN, UBSAN, lockdep, ...) even though the command succeeded.  The accelerator used is
# printed and written to $VM_OUT/accel-<base>-<variant>[-<flavour>].
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: vm-run.sh VARIANT COMMAND (variants: $(BASES='' variant_list | tr '\n' ' '))"
variant=$(resolve_variant "$1")
cmd=$2
need_cmd qemu-system-x86_64 timeout tail flock

flavour=${FLAVOUR:-}
[ -z "$flavour" ] || check_name flavour "$flavour"
rootfs=${ROOTFS:-base}
case $rootfs in
base | host) ;;
*) die "ROOTFS=$rootfs: base (the base's own root, build/<base>/root) or host" ;;
esac
tag=$(variant_tag "$variant" "$flavour")
obj=$(variant_obj "$variant" "$flavour")
kernel=$obj/arch/x86/boot/bzImage
if [ -n "${VM_KERNEL:-}" ]; then
	kernel=$VM_KERNEL
	# its build directory, if FILE is O/arch/x86/boot/bzImage
	obj=$(dirname -- "$kernel")/../../..
fi
out=${VM_OUT:-$BUILD/vm-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
log=${VM_LOG:-$out/console-$tag.log}
timeout=${TIMEOUT:-900}
case "$TOP$out" in
*[[:space:]]*) die "paths with white space cannot go on the kernel command line: $TOP, $out" ;;
esac
# The guest mounts fresh file systems on these: a share below one of them
# would be hidden and the command's output lost.  The project itself is
# put back at its path by guest-init.sh, and so is a share inside it.
case $out/ in
"$TOP"/*) ;;
*)
	for d in $GUEST_TMPFS /dev /proc /sys; do
		case $out/ in "$d"/*)
			die "VM_OUT=$out is below a directory the guest mounts over ($GUEST_TMPFS /dev /proc /sys): choose another" ;;
		esac
	done
	;;
esac
# The cache model (bench/plugin): its settings before anything boots.
cache=${VM_CACHE:-0}
cache_args=${VM_CACHE_ARGS:-}
case $cache in
0) [ -z "$cache_args" ] || die "VM_CACHE_ARGS='$cache_args' without VM_CACHE=1" ;;
1)
	plugin=$BUILD/plugin/rb_cache.so
	[ -f "$plugin" ] || die "VM_CACHE=1: $plugin is missing (make -C bench/plugin)"
	counts=$out/cache-$tag.counts
	case $plugin$counts in
	*,*) die "VM_CACHE=1: QEMU's -plugin option cannot take a ',' in a path: $plugin, $counts" ;;
	esac
	if [ -n "$cache_args" ] &&
		! printf '%s\n' "$cache_args" | grep -qxE '[a-z0-9_]+=[^,=]+(,[a-z0-9_]+=[^,=]+)*' ||
		printf ',%s\n' "$cache_args" | grep -q ',out='; then
		die "VM_CACHE_ARGS='$cache_args': NAME=VALUE pairs joined by ',' (out= is set here)"
	fi
	;;
*) die "VM_CACHE=$cache: 0 or 1" ;;
esac
[ -f "$kernel" ] || die "no kernel at ${kernel#"$TOP"/}; run: make kernel VARIANT=$variant (or fix VM_KERNEL)"

# Is $1 below a directory the guest mounts a tmpfs over (guest-init.sh)?
below_guest_tmpfs() {
	for bgt in $GUEST_TMPFS; do
		case $1/ in "$bgt"/*) return 0 ;; esac
	done
	return 1
}

base=$(base_of "$variant")
case $rootfs in
base)
	root=$BUILD/$base/root
	"$TOP/scripts/build-root.sh" -q "$base"
	# The guest mounts the checkout and the share at their host paths:
	# a read-only root needs the mount points (below a tmpfs the guest
	# makes them itself).
	for d in "$TOP" "$out"; do
		case $d/ in "$TOP"/?*) continue ;; esac
		below_guest_tmpfs "$d" || [ -d "$root$d" ] || mkdir -p "$root$d" 2>/dev/null ||
			die "${root#"$TOP"/} has no mount point $d; run once as root (or ROOTFS=host)"
	done
	init=/usr/local/sbin/perf-rb-guest-init
	share_root="-virtfs local,path=$root,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	share_root="$share_root -virtfs local,path=$TOP,mount_tag=project,security_model=none,readonly=on,multidevs=remap"
	# A rebuild of the root (scripts/build-root.sh) waits for the guests
	# that boot it.
	exec 7>>"$BUILD/$base/.root.lock"
	flock -s 7
	rootinfo="${root#"$TOP"/} ($(wc -l <"$root.packages") packages: $(root_tools "$root.packages"))"
	;;
host)
	init=$TOP/scripts/guest-init.sh
	share_root="-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	rootinfo="the host's /"
	;;
esac

ctl=$out/.vm-$tag-$$
rm -rf "$ctl"
mkdir -p "$ctl"
printf '%s\n' "$cmd" >"$ctl/cmd"
trap 'rm -rf "$ctl"' EXIT
trap 'exit 130' INT TERM

accel=$("$TOP/scripts/accel.sh" "$variant")
case $accel in
kvm) accel_args="-accel kvm -cpu host" ;;
tcg) accel_args="-accel tcg -cpu max" ;;
icount) accel_args="-accel tcg -cpu max -icount shift=0" ;;
*) die "unknown accelerator '$accel' (kvm tcg icount)" ;;
esac
echo "$accel" >"$out/accel-$tag"
plugin_opt=
if [ "$cache" = 1 ]; then
	[ "$accel" != kvm ] ||
		die "VM_CACHE=1: a TCG plugin does not run under KVM; use ACCEL=tcg or ACCEL=icount"
	rm -f "$counts"
	plugin_opt="file=$plugin,out=$counts${cache_args:+,$cache_args}"
	log "cache model: $plugin${cache_args:+ ($cache_args)}, counts in $counts"
fi
release=$(cat "$obj/include/config/kernel.release" 2>/dev/null || echo "$kernel")
log "booting $release ($accel, timeout ${timeout}s) on $rootinfo"

# oops=panic: an Oops in the command would otherwise leave a half-dead
# guest running into the timeout.  panic=-1 + -no-reboot: a panic ends
# QEMU at once.
append="console=ttyS0 root=hostroot rootfstype=9p ro"
append="$append rootflags=trans=virtio,version=9p2000.L,msize=1048576,cache=none"
append="$append init=$init panic=-1 oops=panic"
append="$append vm_rootfs=$rootfs vm_top=$TOP vm_out=$out vm_ctl=$ctl"
append="$append vm_tmpfs=$(printf '%s' "$GUEST_TMPFS" | tr ' ' ,)"
append="$append rb_base=$(base_of "$variant") rb_variant=$(name_of "$variant") rb_flavour=$flavour"
[ "$accel" = kvm ] || append="$append tsc=reliable"

: >"$ctl/output"
# shellcheck disable=SC2086 # $accel_args and $share_root are lists of options
timeout -k 10 "$timeout" qemu-system-x86_64 $accel_args \
	${plugin_opt:+-plugin} ${plugin_opt:+"$plugin_opt"} \
	-m "${VM_MEM:-4G}" -smp "${VM_CPUS:-2}" \
	-nodefaults -display none -monitor none -no-reboot \
	-kernel "$kernel" -append "$append" \
	$share_root \
	-virtfs "local,path=$out,mount_tag=vmout,security_model=none,multidevs=remap" \
	-serial "file:$log" -serial "file:$ctl/output" </dev/null >"$ctl/qemu.log" 2>&1 &
qemu=$!
tail -n +1 -f --pid=$qemu "$ctl/output" &
tailer=$!
qstatus=0
wait $qemu || qstatus=$?
wait $tailer || true

if [ -s "$ctl/qemu.log" ]; then
	cat "$ctl/qemu.log" >>"$log"
fi
splat=$(grep -E -m 5 "$(splat_re)" "$log" || true)

if [ "$qstatus" -eq 124 ] || [ "$qstatus" -eq 137 ]; then
	log "FAIL: guest timed out after ${timeout}s (hang); console log: $log"
	exit 124
fi
if grep -q 'Kernel panic' "$log"; then
	log "FAIL: kernel panic; console log: $log"
	printf '%s\n' "$splat" >&2
	exit 125
fi
if [ ! -f "$ctl/status" ]; then
	tail -n 20 "$log" >&2
	log "FAIL: guest ended without reporting a status (QEMU exit $qstatus); console log: $log"
	exit 125
fi
status=$(cat "$ctl/status")
if [ -n "$splat" ]; then
	log "FAIL: kernel log holds a splat (command exited $status); console log: $log"
	printf '%s\n' "$splat" >&2
	[ "$status" -ne 0 ] || status=125
elif [ "$status" -ne 0 ]; then
	log "command exited $status"
fi
exit "$status"
