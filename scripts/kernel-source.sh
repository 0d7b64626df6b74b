#!/bin/sh
# Prepare the pristine Linux 6.12 tree that every variant is built from.
#
# Usage: scripts/kernel-source.sh          (KSRC=/path to use your own tree)
#
# Result: build/linux/, a git repository with exactly one commit holding
# the unmodified source, tagged "pristine".  Variants are git worktrees of
# it (scripts/build-kernel.sh), so each variant's series is applied with
# git am onto the same commit and a patch that does not apply fails loudly.
#
# The source is KSRC when given (a v6.12.y git tree or an unpacked tree;
# only its files are copied, its history is not needed), otherwise the
# tarball of Debian's linux-source-6.12, unpacked once.  A second call finds
# build/linux/ and returns at once; remove build/ to start again.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

if git -C "$PRISTINE" rev-parse -q --verify pristine >/dev/null 2>&1; then
	exit 0
fi
need_cmd git tar xz

tmp=$BUILD/linux.tmp
rm -rf "$tmp"
mkdir -p "$tmp"

if [ -n "${KSRC:-}" ]; then
	if [ ! -f "$KSRC/Makefile" ] || [ ! -d "$KSRC/kernel/events" ]; then
		die "KSRC=$KSRC is not a Linux source tree"
	fi
	log "copying $KSRC"
	if [ -d "$KSRC/.git" ] || [ -f "$KSRC/.git" ]; then
		# Only tracked files: a git tree may hold build products.
		git -C "$KSRC" archive --format=tar HEAD | tar -C "$tmp" -xf -
	else
		tar -C "$KSRC" --exclude=.git -cf - . | tar -C "$tmp" -xf -
	fi
	origin="KSRC=$KSRC"
else
	tarball=/usr/src/linux-source-6.12.tar.xz
	if [ ! -f "$tarball" ]; then
		"$TOP/scripts/install-deps.sh" build
	fi
	[ -f "$tarball" ] || die "$tarball missing (package linux-source-6.12)"
	log "unpacking $tarball"
	tar -C "$tmp" --strip-components=1 -xJf "$tarball"
	origin="Debian linux-source-6.12 ($(dpkg-query -W -f '${Version}' linux-source-6.12 2>/dev/null || echo unknown))"
fi

version=$(make -s -C "$tmp" kernelversion 2>/dev/null) ||
	die "cannot read the kernel version of the source"
case $version in
6.12|6.12.*) ;;
*) die "source is Linux $version; this project needs 6.12.y" ;;
esac

log "committing Linux $version as the pristine tree"
# Debian's tree ignores everything at its top level (.gitignore ends in
# "/*"), so add by force; the kernel's own .gitignore files still keep
# build products out of variant worktrees later.
git -C "$tmp" init -q -b linux-6.12
git -C "$tmp" add -f -A .
git -C "$tmp" -c user.name=perf-rb-map -c user.email=perf-rb-map@localhost \
	-c commit.gpgsign=false commit -q -m "Linux $version" -m "Source: $origin"
git -C "$tmp" tag pristine
git -C "$tmp" gc -q --auto
rm -rf "$PRISTINE"
mv "$tmp" "$PRISTINE"
log "pristine tree ready: $PRISTINE (Linux $version)"
