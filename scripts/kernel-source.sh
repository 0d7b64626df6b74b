#!/bin/sh
# Prepare the pristine tree of one kernel base, the tree every variant of
# that base is built from.
#
# Usage: scripts/kernel-source.sh BASE
#
# Result: build/<base>/linux/, a git repository with exactly one commit
# holding the unmodified source, tagged "pristine".  Variants are git
# worktrees of it (scripts/build-kernel.sh), so each variant's series is
# applied with git am onto the same commit and a patch that does not apply
# fails loudly.
#
# Where the source comes from is kernel-patches/<base>/source: the tarball
# of a Debian linux-source package, from the machine's own apt sources
# (installed by scripts/install-deps.sh) or from a suite they do not list
# (downloaded through scripts/apt-local.sh, the machine untouched).
# KSRC_<base with _ for .>=/path (e.g. KSRC_7_3), or KSRC=/path when only
# one base is in play, gives a tree of your own instead (a git tree or an
# unpacked one; only its files are copied).  Either way the tree must be of
# the base's version.  A second call finds build/<base>/linux/ and returns
# at once; remove it to start again.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

base=${1:-}
[ -n "$base" ] || die "usage: kernel-source.sh BASE (bases: $(base_list | tr '\n' ' '))"
BASES='' base_list | grep -qxF -- "$base" ||
	die "unknown base '$base' (bases: $(BASES='' base_list | tr '\n' ' '))"
want=$(base_field "$base" version)
[ -n "$want" ] || die "kernel-patches/$base/source: version= is empty (say which Linux version the base is, e.g. version=$base)"
package=$(base_field "$base" package)
suite=$(base_field "$base" suite)
PRISTINE=$(pristine_dir "$base")

# Is Linux $1 of the base's version ($want, or $want.N)?
is_base_version() {
	case $1 in
	"$want" | "$want".*) return 0 ;;
	esac
	return 1
}

if git -C "$PRISTINE" rev-parse -q --verify pristine >/dev/null 2>&1; then
	exit 0
fi
need_cmd git tar xz

ksrc_var=KSRC_$(echo "$base" | tr . _)
eval "ksrc=\${$ksrc_var:-}"
if [ -z "$ksrc" ] && [ -n "${KSRC:-}" ]; then
	if [ "$(base_list | wc -l)" -ne 1 ]; then
		die "KSRC=$KSRC is ambiguous with several bases in play ($(base_list | tr '\n' ' ')): give $ksrc_var=$KSRC, or select one base with BASES=$base"
	fi
	ksrc=$KSRC
	ksrc_var=KSRC
fi

tmp=$BUILD/$base/linux.tmp
rm -rf "$tmp"
mkdir -p "$tmp"

if [ -n "$ksrc" ]; then
	if [ ! -f "$ksrc/Makefile" ] || [ ! -d "$ksrc/kernel/events" ]; then
		die "$ksrc_var=$ksrc is not a Linux source tree"
	fi
	# Refuse a tree of another version before copying 1.5 GB of it.
	have=$(make -s -C "$ksrc" kernelversion 2>/dev/null) ||
		die "$ksrc_var=$ksrc: cannot read its kernel version"
	is_base_version "$have" ||
		die "$ksrc_var=$ksrc is Linux $have, but base $base needs $want.y: give a $want.y tree (or the variable of the base this tree is for)"
	log "copying $ksrc"
	if [ -d "$ksrc/.git" ] || [ -f "$ksrc/.git" ]; then
		# Only tracked files: a git tree may hold build products.
		git -C "$ksrc" archive --format=tar HEAD | tar -C "$tmp" -xf -
	else
		tar -C "$ksrc" --exclude=.git -cf - . | tar -C "$tmp" -xf -
	fi
	origin="$ksrc_var=$ksrc"
elif [ -z "$suite" ]; then
	tarball=/usr/src/$package.tar.xz
	if [ ! -f "$tarball" ]; then
		"$TOP/scripts/install-deps.sh" build
	fi
	[ -f "$tarball" ] || die "$tarball missing (package $package; run scripts/install-deps.sh as root)"
	log "unpacking $tarball"
	tar -C "$tmp" --strip-components=1 -xJf "$tarball"
	origin="Debian $package ($(dpkg-query -W -f '${Version}' "$package" 2>/dev/null || echo unknown))"
else
	need_cmd dpkg-deb
	debs=$BUILD/apt/debs
	mkdir -p "$debs"
	(cd "$debs" && "$TOP/scripts/apt-local.sh" "$suite" download "$package/$suite" >"$debs/$package.log" 2>&1) ||
		{ cat "$debs/$package.log" >&2; die "cannot download $package from $suite (see above); or give $ksrc_var=/path/to/linux-$want.y"; }
	deb=$(find "$debs" -maxdepth 1 -name "${package}_*.deb" | LC_ALL=C sort | tail -n 1)
	[ -n "$deb" ] || die "apt-get download of $package/$suite left no ${package}_*.deb in ${debs#"$TOP"/}"
	log "unpacking ${deb#"$TOP"/}"
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./usr/src/$package.tar.xz" |
		tar -C "$tmp" --strip-components=1 -xJf -
	origin="Debian $package ($(dpkg-deb -f "$deb" Version), $suite)"
fi

version=$(make -s -C "$tmp" kernelversion 2>/dev/null) ||
	die "cannot read the kernel version of the source"
is_base_version "$version" ||
	die "source is Linux $version; base $base needs $want.y (kernel-patches/$base/source)"

log "committing Linux $version as the pristine tree"
# Debian's tree ignores everything at its top level (.gitignore ends in
# "/*"), so add by force; the kernel's own .gitignore files still keep
# build products out of variant worktrees later.
git -C "$tmp" init -q -b "linux-$base"
git -C "$tmp" add -f -A .
git -C "$tmp" -c user.name=perf-rb-map -c user.email=perf-rb-map@localhost \
	-c commit.gpgsign=false commit -q -m "Linux $version" -m "Source: $origin"
git -C "$tmp" tag pristine
git -C "$tmp" gc -q --auto
rm -rf "$PRISTINE"
mv "$tmp" "$PRISTINE"
log "pristine tree ready: $PRISTINE (Linux $version)"
