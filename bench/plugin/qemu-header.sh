#!/bin/sh
# Put the QEMU plugin API header of the QEMU installed here into DIR.
#
# Usage: bench/plugin/qemu-header.sh DIR
#
# Debian ships no qemu-plugin.h: it comes from Debian's qemu source
# package of exactly the installed version (qemu-user, qemu-system-x86:
# they must agree), downloaded once through the project's own apt state
# (scripts/apt-local.sh, with a deb-src line for the machine's release)
# into build/qemu-src/, and include/qemu/qemu-plugin.h taken from it.
# Stops when a Debian patch of that version changes the header (it would
# have to be applied first).  Writes DIR/qemu-plugin.h and
# DIR/qemu-plugin.version (the source version it came from).
set -eu
TOP=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd)
BUILD=${BUILD_DIR:-$TOP/build}

die() {
	printf 'qemu-header.sh: error: %s\n' "$*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: qemu-header.sh DIR"
dir=$1

ver=
for p in qemu-user qemu-system-x86; do
	st=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || continue
	v=$(dpkg-query -W -f '${source:Version}' "$p")
	[ -z "$ver" ] || [ "$v" = "$ver" ] ||
		die "qemu-user and qemu-system-x86 come from different qemu sources ($ver, $v)"
	ver=$v
done
[ -n "$ver" ] || die "neither qemu-user nor qemu-system-x86 is installed (scripts/install-deps.sh plugin vm)"
# The release (e.g. bookworm) whose deb-src serves that version.
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$suite" ] || die "no VERSION_CODENAME in /etc/os-release"

# 1:7.2+dfsg-7+deb12u18 -> qemu_7.2+dfsg-7+deb12u18.dsc, qemu_7.2+dfsg.orig.tar.xz
nover=${ver#*:}
src=$BUILD/qemu-src
dsc=$src/qemu_$nover.dsc
if [ ! -f "$dsc" ]; then
	mkdir -p "$src"
	(cd "$src" && "$TOP/scripts/apt-local.sh" "$suite" source --download-only "qemu=$ver" >"$src/download.log" 2>&1) ||
		{ cat "$src/download.log" >&2; die "could not download the source of qemu $ver from $suite"; }
fi
orig=$(sed -n 's/^ [0-9a-f]\{64\} [0-9]* \(qemu_[^ ]*\.orig\.tar\.[a-z0-9]*\)$/\1/p' "$dsc" | head -n 1)
deb=$(sed -n 's/^ [0-9a-f]\{64\} [0-9]* \(qemu_[^ ]*\.debian\.tar\.[a-z0-9]*\)$/\1/p' "$dsc" | head -n 1)
for f in "$orig" "$deb"; do
	[ -n "$f" ] || die "$dsc names no orig or debian tarball"
	[ -f "$src/$f" ] ||
		die "$src/$f (named by $dsc) was not downloaded"
done
# Check both against the .dsc (apt-get source checked them; a later
# interrupted download must not be used).
for f in "$orig" "$deb"; do
	want=$(sed -n "/^Checksums-Sha256:/,/^[^ ]/s/^ \([0-9a-f]\{64\}\) [0-9]* $f\$/\1/p" "$dsc")
	have=$(sha256sum "$src/$f" | cut -d ' ' -f 1)
	[ "$want" = "$have" ] || die "$src/$f: sha256 $have, the .dsc says $want"
done

if tar -xJOf "$src/$deb" --wildcards 'debian/patches/*' 2>/dev/null |
	grep -q '^+++ [^ ]*include/qemu/qemu-plugin\.h'; then
	die "a Debian patch of qemu $ver changes include/qemu/qemu-plugin.h: apply it first"
fi
mkdir -p "$dir"
member=$(tar -tJf "$src/$orig" | grep '^[^/]*/include/qemu/qemu-plugin\.h$' | head -n 1)
[ -n "$member" ] || die "$orig holds no include/qemu/qemu-plugin.h"
tar -xJOf "$src/$orig" "$member" >"$dir/qemu-plugin.h.tmp"
grep -q '^#define QEMU_PLUGIN_VERSION ' "$dir/qemu-plugin.h.tmp" ||
	die "$member defines no QEMU_PLUGIN_VERSION"
mv "$dir/qemu-plugin.h.tmp" "$dir/qemu-plugin.h"
echo "$ver" >"$dir/qemu-plugin.version"
