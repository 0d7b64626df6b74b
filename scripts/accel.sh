#!/bin/sh
# Print the QEMU accelerator to use: kvm, tcg or icount.
#
# Usage: scripts/accel.sh VARIANT
#
# ACCEL=kvm|tcg|icount is obeyed as given.  ACCEL=auto (the default) picks
# KVM only when a short probe boot of VARIANT's kernel under KVM reaches
# its init and reports back; otherwise TCG.  /dev/kvm existing proves
# nothing: on a nested paravirtual host guests die under it during
# decompression.  The answer is cached in build/accel.probe, keyed on the
# host kernel and QEMU version, so the probe runs once per machine.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

case ${ACCEL:-auto} in
kvm|tcg|icount) echo "$ACCEL"; exit 0 ;;
auto) ;;
*) die "ACCEL=${ACCEL} is not one of auto kvm tcg icount" ;;
esac

if [ ! -w /dev/kvm ]; then
	echo tcg
	exit 0
fi
key="$(uname -r) $(qemu-system-x86_64 --version | head -n 1)"
cache=$BUILD/accel.probe
if [ -f "$cache" ] && [ "$(sed -n 1p "$cache")" = "$key" ]; then
	sed -n 2p "$cache"
	exit 0
fi
log "probing KVM with a short boot of $1 (once per machine)"
probe_out=$BUILD/accel-probe
rm -rf "$probe_out"
if VM_CACHE=0 ACCEL=kvm TIMEOUT=60 VM_OUT=$probe_out "$TOP/scripts/vm-run.sh" "$1" true \
	>"$BUILD/accel-probe.log" 2>&1; then
	choice=kvm
else
	choice=tcg
	log "KVM probe boot failed (see $probe_out/console-$(variant_tag "$(resolve_variant "$1")").log); using TCG"
fi
mkdir -p "$BUILD"
printf '%s\n%s\n' "$key" "$choice" >"$cache"
echo "$choice"
