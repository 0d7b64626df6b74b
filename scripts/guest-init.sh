#!/bin/sh
# PID 1 of a guest booted by scripts/vm-run.sh.
#
# The guest's root is the host's root, read-only over 9p.  This script
# mounts what a test needs, runs the one command it was given, records the
# exit status on the writable share and powers off.  The kernel hands it
# vm_top=, vm_out=, vm_ctl= and who the guest is (rb_base=, rb_variant=,
# rb_flavour=) from its command line as environment.
#
# Order is important: the share must be mounted before the command runs and
# the status must reach the host (sync) before the power goes off.

# shellcheck disable=SC2154 # vm_*, rb_* come from the kernel command line
set -u

# Is $1 below a directory that gets a fresh tmpfs here?
below_fresh_tmpfs() {
	case $1/ in
	/tmp/* | /run/* | /root/*) return 0 ;;
	esac
	return 1
}

mount_filesystems() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mkdir -p /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	# A checkout below /tmp, /run or /root (root's home, where a new user
	# clones) would be hidden by the tmpfs mounted there next: hold it on
	# /dev/shm meanwhile and put it back at its own path.
	if below_fresh_tmpfs "$vm_top"; then
		mkdir -p /dev/shm/vm-top
		mount --bind "$vm_top" /dev/shm/vm-top
	fi
	mount -t tmpfs tmpfs /tmp
	mount -t tmpfs tmpfs /run
	# Tools write caches under $HOME (perf's ~/.debug): give them a
	# writable one at the same path as on the host.
	mount -t tmpfs tmpfs /root
	if below_fresh_tmpfs "$vm_top"; then
		mkdir -p "$vm_top"
		mount --move /dev/shm/vm-top "$vm_top"
	fi
	mount -t debugfs debugfs /sys/kernel/debug
	mount -t tracefs tracefs /sys/kernel/tracing
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=1048576,cache=none \
		vmout "$vm_out"
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
