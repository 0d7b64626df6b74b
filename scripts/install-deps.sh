#!/bin/sh
# Install the Debian packages the project needs (run as root).
#
# Usage: scripts/install-deps.sh [GROUP...]
#   GROUP is one of: build vm rootfs bench lint cross plugin (default: all)
#
# Only packages that are missing are installed, so a second call costs a
# dpkg query and nothing else.
set -eu

pkgs_build="build-essential bc bison flex libelf-dev libssl-dev dwarves
	cpio kmod rsync xz-utils ccache git linux-source-6.12 python3"
pkgs_vm="qemu-system-x86 busybox-static"
# The guest roots of the bases (scripts/build-root.sh)
pkgs_rootfs="mmdebstrap"
pkgs_bench="linux-perf bpftrace fio ministat gnuplot-nox python3-drgn jq"
pkgs_lint="sparse shellcheck"
# The ARM cross compiler of the nommu link test (scripts/build-nommu.sh)
pkgs_cross="gcc-arm-linux-gnueabi"
# The cache-model TCG plugin's validation (tests/host/plugin.sh) runs
# static test programs under user-mode qemu-x86_64 (the dynamic build:
# qemu-user-static cannot load plugins) and a multiboot kernel under
# qemu-system-x86_64.  Its header, qemu-plugin.h, is not in a binary
# package: bench/plugin/qemu-header.sh takes it from the qemu source
# package.
pkgs_plugin="qemu-user qemu-system-x86"

all_groups="build vm rootfs bench lint cross plugin"
groups=${*:-$all_groups}
want=
for g in $groups; do
	case $g in
	build) want="$want $pkgs_build" ;;
	vm) want="$want $pkgs_vm" ;;
	rootfs) want="$want $pkgs_rootfs" ;;
	bench) want="$want $pkgs_bench" ;;
	lint) want="$want $pkgs_lint" ;;
	cross) want="$want $pkgs_cross" ;;
	plugin) want="$want $pkgs_plugin" ;;
	*) echo "install-deps: unknown group '$g' ($all_groups)" >&2; exit 2 ;;
	esac
done

missing=
for p in $want; do
	st=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root: apt-get install$missing" >&2
	exit 1
fi
echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends $missing
