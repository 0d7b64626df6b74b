#!/bin/sh
# Build one kernel base's guest root: a Debian root directory whose tools
# (perf, bpftrace, drgn, fio) match the base's kernel.
#
# Usage: scripts/build-root.sh [-q] BASE   (as root, unless up to date)
#   BASE  a kernel base, i.e. a folder kernel-patches/<base>/ (e.g. 7.3)
#   -q    say nothing when the root is up to date (scripts/vm-run.sh)
#
# Layout, per base:
#   kernel-patches/<base>/root   what the root is: its Debian suites, the
#                         packages on top of the essential set, which
#                         package versions must be the kernel's, and
#                         commands that must run in it (the file says how)
#   build/<base>/root/    the root directory (mmdebstrap --variant=apt)
#   build/<base>/root.packages  every package installed in it, one
#                         "name<TAB>version<TAB>architecture" a line,
#                         sorted (dpkg-query run inside the root)
#   build/<base>/root.stamp  hash of kernel-patches/<base>/root that the
#                         root was built from
#   build/<base>/root.log    mmdebstrap's output and the checks' of the
#                         last build
#   build/<base>/root/usr/local/sbin/perf-rb-guest-init
#                         scripts/guest-init.sh, the guest's PID 1
#                         (scripts/vm-run.sh boots it): the root is
#                         booted before the project is mounted, so its
#                         first program must be in it.  Copied again,
#                         without a rebuild, whenever the script changes.
#
# Why: the host's bookworm user space is older than both kernels (perf
# 6.1, bpftrace 0.17, drgn 0.0.22), and a test lab has no host root to
# lend.  Debian's archive serves a perf of each kernel's version
# (bookworm-backports: 6.12, trixie-backports: 7.3) with the user space
# it needs; mmdebstrap, a bookworm package, makes a root of any suite
# without touching the machine's apt configuration.  The archive's URI
# and keyring are the machine's own (machine_archive in scripts/lib.sh),
# so no host name is written into a file of the project.
#
# The root is rebuilt only when kernel-patches/<base>/root changes (or
# the root is missing).  It is built into build/<base>/root.new-<pid> and
# renamed into place once complete and checked, so a failed or
# interrupted build leaves the previous root (or none), never a
# half-written one.  mmdebstrap runs in its root mode: the files belong
# to root, as a guest that boots the directory over 9p
# (security_model=none) needs.  Manual pages, documentation (copyright
# files aside) and translations are left out: nothing in a guest reads
# them, and the root is smaller to serve and to deploy.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

bases=$(BASES='' base_list)
names=$(printf '%s\n' "$bases" | paste -sd ' ' -)
quiet=0
if [ "${1:-}" = -q ]; then
	quiet=1
	shift
fi
[ $# -eq 1 ] || die "usage: build-root.sh [-q] BASE (bases: $names)"
base=$1
check_name base "$base"
printf '%s\n' "$bases" | grep -qxF -- "$base" ||
	die "unknown base '$base'; bases: $names"
desc=$PATCHES/$base/root
[ -f "$desc" ] || die "base $base has no guest root description (${desc#"$TOP"/})"

suites=$(root_field "$desc" suites)
packages=$(root_field "$desc" packages)
match=$(root_field "$desc" match)
[ -n "$suites" ] || die "${desc#"$TOP"/} names no suites= (e.g. suites=trixie trixie-backports)"
[ -n "$packages" ] || die "${desc#"$TOP"/} names no packages="
for s in $suites; do
	printf '%s\n' "$s" | grep -qxE '[a-z][a-z0-9-]*' ||
		die "bad suite '$s' in ${desc#"$TOP"/}"
done
for p in $packages $match; do
	printf '%s\n' "$p" | grep -qxE '[a-z0-9][a-z0-9+.-]*(/[a-z][a-z0-9-]*)?' ||
		die "bad package name '$p' in ${desc#"$TOP"/} (NAME or NAME/SUITE)"
	case $p in
	*/*) case " $suites " in
		*" ${p#*/} "*) ;;
		*) die "package $p in ${desc#"$TOP"/}: suite ${p#*/} is not in suites=$suites" ;;
		esac ;;
	esac
done
release=${suites%% *}

root=$BUILD/$base/root
stamp=$root.stamp
hash=$(sha256sum <"$desc" | cut -c1-16)

# Remove a directory tree that mmdebstrap may have left file systems
# mounted in (it mounts /proc, /sys and /dev below the root while it
# works and unmounts them itself; a killed run may not have): unmount
# whatever is mounted below it first, deepest first, and never cross
# into another file system.
remove_tree() {
	[ -e "$1" ] || return 0
	awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo |
		LC_ALL=C sort -r | while IFS= read -r m; do
			umount -l "$m" || true
		done
	rm -rf --one-file-system "$1"
}

# Put the project's guest init into the root directory $1 (again, if it
# changed since): a new file renamed over the old, so a guest booting
# meanwhile sees one or the other.
guest_init=usr/local/sbin/perf-rb-guest-init
install_init() {
	! cmp -s "$TOP/scripts/guest-init.sh" "$1/$guest_init" || return 0
	[ "$(id -u)" -eq 0 ] ||
		die "$base: the guest init in ${1#"$TOP"/} is not scripts/guest-init.sh; run as root: scripts/build-root.sh $base"
	mkdir -p "$(dirname -- "$1/$guest_init")"
	install -m 0755 "$TOP/scripts/guest-init.sh" "$1/$guest_init.new"
	mv "$1/$guest_init.new" "$1/$guest_init"
	log "$base: installed scripts/guest-init.sh as /$guest_init in ${1#"$TOP"/}"
}

# Is the root there and built from this description?  (The stamp is
# removed before a new root is moved into place and written after.)
up_to_date() {
	if [ -d "$root" ] && [ -s "$root.packages" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
		[ "$quiet" -eq 1 ] ||
			log "$base: root up to date: ${root#"$TOP"/} ($(wc -l <"$root.packages") packages, ${root#"$TOP"/}.packages)"
		return 0
	fi
	return 1
}
if up_to_date; then
	install_init "$root"
	exit 0
fi
[ "$(id -u)" -eq 0 ] ||
	die "building ${root#"$TOP"/} needs root (mmdebstrap --mode=root: the guest's files must belong to root)"
command -v mmdebstrap >/dev/null 2>&1 ||
	die "mmdebstrap not found; run scripts/install-deps.sh rootfs (as root)"
need_cmd chroot flock

# Two builds of one root at once would fight over the same directories:
# take turns.  (A runner booting the root may hold the lock shared.)
mkdir -p "$BUILD/$base"
exec 8>"$BUILD/$base/.root.lock"
if ! flock -n 8; then
	log "$base: waiting for another build of its root to finish"
	flock 8
fi
if up_to_date; then
	install_init "$root"
	exit 0
fi

archive=$(machine_archive)
uri=${archive%% *}
key=${archive#* }

# Leftovers of a build that was killed outright.
for d in "$root".new-* "$root".old-*; do
	[ ! -e "$d" ] || remove_tree "$d"
done
rm -f "$root".new-*.packages

# Debian's own programs only, for mmdebstrap's helpers (mmtarfilter is
# "#!/usr/bin/env python3") and for the commands run in the root: a
# python3 or tool earlier on the caller's PATH has no business here.
sys_path=/usr/sbin:/usr/bin:/sbin:/bin

tmp=$root.new-$$
trap 'remove_tree "$tmp"; rm -f "$tmp.packages"' EXIT
trap 'exit 130' INT TERM
buildlog=$root.log

set --
for s in $suites; do
	set -- "$@" "deb [signed-by=$key] $uri $s main"
done
log "$base: building ${root#"$TOP"/} from Debian $suites: $packages (log: ${buildlog#"$TOP"/})"
t0=$(date +%s)
if ! PATH=$sys_path mmdebstrap --mode=root --variant=apt \
	--include="$(echo "$packages" | tr ' ' ,)" \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-include=/usr/share/locale/locale.alias' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	"$release" "$tmp" "$@" >"$buildlog" 2>&1; then
	tail -n 25 "$buildlog" >&2
	die "$base: mmdebstrap failed (above: the end of ${buildlog#"$TOP"/}); the previous root, if any, is unchanged"
fi

# The exact versions, from the root's own package database.
# shellcheck disable=SC2016 # ${...} are dpkg-query's fields
PATH=$sys_path chroot "$tmp" dpkg-query -W -f '${Package}\t${Version}\t${Architecture}\n' |
	LC_ALL=C sort >"$tmp.packages"
[ -s "$tmp.packages" ] || die "$base: dpkg-query lists no package in the new root"

# The packages that must be the kernel's version (the base's source).
want=$(base_field "$base" version)
for p in $match; do
	have=$(awk -F '\t' -v p="${p%%/*}" '$1 == p { print $2 }' "$tmp.packages")
	case $have in
	"$want" | "$want".* | "$want"-*) ;;
	*) die "$base: $p is ${have:-not installed} in the new root, not $want.y (${desc#"$TOP"/}: match=)" ;;
	esac
done

# The commands the description says must run in the root (a loop fed
# by a here-document, not a pipeline: die must end the script).
checks=$(sed -n 's/^check=//p' "$desc")
while IFS= read -r c; do
	[ -n "$c" ] || continue
	echo "check: $c" >>"$buildlog"
	if ! PATH=$sys_path chroot "$tmp" /bin/sh -c "$c" </dev/null >>"$buildlog" 2>&1; then
		tail -n 5 "$buildlog" >&2
		die "$base: '$c' fails in the new root (${desc#"$TOP"/}: check=)"
	fi
done <<EOF
$checks
EOF

install_init "$tmp"

# Into place: the stamp goes last, so an interruption in between only
# means a rebuild next time.
rm -f "$stamp"
old=$root.old-$$
[ ! -e "$root" ] || mv "$root" "$old"
mv "$tmp" "$root"
mv "$tmp.packages" "$root.packages"
echo "$hash" >"$stamp"
remove_tree "$old"
log "$base: built ${root#"$TOP"/} in $(($(date +%s) - t0)) s: $(du -sh "$root" | cut -f1), $(wc -l <"$root.packages") packages (${root#"$TOP"/}.packages)"
