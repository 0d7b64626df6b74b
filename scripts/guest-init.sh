#!/bin/sh
# PID 1 of a guest booted by scripts/vm-run.sh.
#
# The guest's root is read-only over 9p: the base's own root
# (vm_rootfs=base: build/<base>/root, made by scripts/build-root.sh,
# which installs this script in it as /usr/local/sbin/perf-rb-guest-init)
# or the host's root (vm_rootfs=host).  This script mounts what a test
# needs, the project checkout at its host path among them (on a base's
# root it comes over its own 9p share, "project"), runs the one command
# it was given, records the exit status on the writable share and powers
# off.  The kernel hands it vm_rootfs=, vm_top=, vm_out=, vm_ctl=, the
# directories to mount a fresh tmpfs on (vm_tmpfs=, comma-separated) and who
# the guest is (rb_base=, rb_variant=, rb_flavour=) from its command line
# as environment.
#
# Order is important: the shares must be mounted before the command runs
# and the status must reach the host (sync) before the power goes off.

# shellcheck disable=SC2154 # vm_*, rb_* come from the kernel command line
set -u
vm_rootfs=${vm_rootfs:-host}
tmpfs_dirs=$(printf '%s' "${vm_tmpfs:-}" | tr , ' ')

# Is $1 below a directory that gets a fresh tmpfs here?
below_fresh_tmpfs() {
	for d in $tmpfs_dirs; do
		case $1/ in "$d"/*) return 0 ;; esac
	done
	return 1
}

# The options of every 9p share; cache=none: the host writes files the
# guest reads (and the other way round) while it runs.
p9opts=trans=virtio,version=9p2000.L,msize=1048576,cache=none

mount_filesystems() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mkdir -p /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	# A checkout below one of them (root's home, where a new user
	# clones, say) would be hidden by the tmpfs mounted there next: hold
	# it on /dev/shm meanwhile and put it back at its own path.
	if [ "$vm_rootfs" = host ] && below_fresh_tmpfs "$vm_top"; then
		mkdir -p /dev/shm/vm-top
		mount --bind "$vm_top" /dev/shm/vm-top
	fi
	for d in $tmpfs_dirs; do
		mount -t tmpfs tmpfs "$d"
	done
	if [ "$vm_rootfs" = host ] && below_fresh_tmpfs "$vm_top"; then
		mkdir -p "$vm_top"
		mount --move /dev/shm/vm-top "$vm_top"
	fi
	# A base's root has the checkout's mount point (scripts/vm-run.sh
	# makes it), or the checkout is below one of the tmpfs just mounted.
	if [ "$vm_rootfs" = base ]; then
		mkdir -p "$vm_top" 2>/dev/null || true
		mount -t 9p -o "$p9opts,ro" project "$vm_top" ||
			echo "vm-init: cannot mount the project at $vm_top" >/dev/kmsg
	fi
	mount -t debugfs debugfs /sys/kernel/debug
	mount -t tracefs tracefs /sys/kernel/tracing
	mkdir -p "$vm_out" 2>/dev/null || true
	mount -t 9p -o "$p9opts" vmout "$vm_out"
}

setup_environment() {
	export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	export HOME=/root LANG=C.UTF-8 TERM=dumb
	export VM_OUT="$vm_out"
	# Who this guest is, for the command: told, never guessed from uname.
	export RB_BASE="${rb_base:-}" RB_VARIANT="${rb_variant:-}" RB_FLAVOUR="${rb_flavour:-}"
	hostname "$RB_BASE-$RB_VARIANT${RB_FLAVOUR:+-$RB_FLAVOUR}"
	# The command's output goes to the second serial port, which the host
	# streams; without -opost every newline would arrive as CR LF.
	stty -F /dev/ttyS1 -opost -echo 2>/dev/null || true
	cd "$vm_top" || exit 1
}

run_command() {
	echo "vm-init: running command" >/dev/kmsg
	sh -c "$(cat "$vm_ctl/cmd")" </dev/null >/dev/ttyS1 2>&1
	status=$?
	echo "$status" >"$vm_ctl/status"
	echo "vm-init: command exited $status" >/dev/kmsg
}

power_off() {
	sync
	umount "$vm_out" 2>/dev/null
	# With -no-reboot, QEMU exits when the guest resets.
	reboot -f
	# reboot(8) may be missing or fail; the syscall path via sysrq is sure.
	echo b >/proc/sysrq-trigger
}

mount_filesystems
setup_environment
run_command
power_off
