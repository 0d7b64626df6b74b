#!/bin/sh
# Lint one variant's patch series: the style of every patch, and no new
# compiler or sparse warning in the C files it touches.
#
# Usage: scripts/lint-series.sh VARIANT   (<base>/<variant> or a bare name)
#
# 1. checkpatch: scripts/checkpatch.pl --strict of the base's pristine
#    tree on every patch of kernel-patches/<base>/<variant>/ (the cover
#    letter aside).
#    Any ERROR or WARNING fails; CHECKs are counted and shown, not fatal.
#
# 2. W=1 C=1: every .c file the series adds or changes is compiled with
#    W=1 (extra gcc warnings) and C=1 (sparse) in the variant's tree and in
#    its base's reference's (6.12: baseline, 7.3: upstream, the empty
#    series).  Warnings are compared with their line and column numbers
#    stripped (the series moves code); any warning the variant has more
#    often than the reference fails.  Files under tools/ are user space, not
#    kbuild objects, and are listed as skipped.
#
# Where the objects are built: scripts/build-kernel.sh first brings both
# trees up to date (series applied, .config made).  The objects are then
# built in a separate object directory per tree,
# build/<base>/<tree>/o-lint/,
# holding a copy of that tree's .config, because:
#   - the object directories the boot and benchmark kernels come from,
#     build/<base>/<tree>/o/, stay untouched: an object built there with W=1 has
#     a different command line, so the next normal build would compile it
#     again and relink;
#   - like o/, o-lint/ is a direct child of its source tree, so kbuild
#     names files by the same relative path (../kernel/events/core.c) in
#     both trees, the warnings compare as text, and ccache serves objects
#     across trees (it replays a cached compile's warnings).
# Each object is deleted before it is built, so that every run sees its
# warnings, and sparse, which runs only on objects being built, runs.
#
# Output: a summary on stdout; the raw logs in build/lint/<base>/<variant>/.
# Exit status: 0 when every gate passes, 1 otherwise.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

open_variant "${1:-}"
ref=$(base_reference "$base")
need_cmd git make gcc perl sparse sort comm sed find flock

series_dir=$TOP/kernel-patches/$variant
work=$BUILD/lint/$variant
rm -rf "$work"
mkdir -p "$work"

patches=$(find "$series_dir" -maxdepth 1 -name '*.patch' ! -name '0000-*' | LC_ALL=C sort)
failed=0
summary=$work/summary
: >"$summary"

say() {
	printf '%s\n' "$*" >>"$summary"
}

# --- 1. checkpatch --------------------------------------------------------
"$TOP/scripts/kernel-source.sh" "$base"
say "checkpatch --strict (scripts/checkpatch.pl of the pristine tree):"
# The pristine tree is the Debian source imported as one commit: no
# commit id a Fixes: tag names can be found in it, so checkpatch's
# UNKNOWN_COMMIT_ID is ignored (and said); the ids are the patches'
# authors' to check against mainline.
ckp_ignore=
if [ "$(git -C "$PRISTINE" rev-list --count HEAD 2>/dev/null || echo 0)" -le 1 ]; then
	ckp_ignore=--ignore=UNKNOWN_COMMIT_ID
	say "  (the pristine tree has no history: UNKNOWN_COMMIT_ID ignored)"
fi
npatches=0
for p in $patches; do
	npatches=$((npatches + 1))
	name=${p##*/}
	out=$work/checkpatch-${name%.patch}.txt
	# checkpatch must run from the top of a kernel tree; its exit status
	# is non-zero for CHECKs too, so the totals line decides.
	(cd "$PRISTINE" && perl scripts/checkpatch.pl --strict --color=never $ckp_ignore "$p") >"$out" 2>&1 || true
	totals=$(sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings, \([0-9]*\) checks.*/\1 \2 \3/p' "$out")
	if [ -z "$totals" ]; then
		say "  $name: FAIL (no totals line; see ${out#"$TOP"/})"
		failed=1
		continue
	fi
	nerr=${totals%% *}
	nchk=${totals##* }
	nwarn=${totals#* }
	nwarn=${nwarn%% *}
	verdict=ok
	if [ "$nerr" -ne 0 ] || [ "$nwarn" -ne 0 ]; then
		verdict=FAIL
		failed=1
	fi
	say "  $name: $nerr errors, $nwarn warnings, $nchk checks: $verdict"
	if [ "$verdict" = FAIL ] || [ "$nchk" -ne 0 ]; then
		grep -E '^(ERROR|WARNING|CHECK):' "$out" | sed 's/^/      /' >>"$summary"
	fi
done
[ "$npatches" -gt 0 ] || say "  (no patches: $variant is the empty series)"

# --- 2. W=1 C=1 objects ---------------------------------------------------
# The .c files the series leaves in the tree, added or modified.
cfiles=$(for p in $patches; do
	sed -n 's|^+++ b/\(.*\.c\)$|\1|p' "$p"
done | LC_ALL=C sort -u)

kernel_cc gcc

# lint_tree TREE: make TREE's o-lint/ match its o/.config.
lint_tree() {
	src=$(variant_src "$1")
	lobj=$(variant_obj "$1" lint)
	mkdir -p "$lobj"
	if ! cmp -s "$(variant_obj "$1")/.config" "$lobj/.config"; then
		cp "$(variant_obj "$1")/.config" "$lobj/.config"
		make -s -C "$src" O="$lobj" olddefconfig >/dev/null
	fi
}

# lint_object TREE FILE.c: build FILE's object with W=1 C=1 in TREE; the
# warnings, line numbers stripped and sorted, go to
# $work/<tree tag>-<obj>.w.
# Fails if the object cannot be built.
lint_object() {
	src=$(variant_src "$1")
	lobj=$(variant_obj "$1" lint)
	o=${2%.c}.o
	t=$(variant_tag "$1")
	log=$work/$t-$(echo "$o" | tr / _).log
	rm -f "$lobj/$o"
	if ! make -C "$src" O="$lobj" -j"$(nproc)" CC="$cc" W=1 C=1 \
		LOCALVERSION="-$(name_of "$1")" "$o" >"$log" 2>&1; then
		return 1
	fi
	grep -E '(warning|error): ' "$log" |
		sed -E 's/:[0-9]+:[0-9]+:/:/g; s/:[0-9]+:/:/g' |
		LC_ALL=C sort >"$work/$t-$(echo "$o" | tr / _).w"
}

say "W=1 C=1 objects, $variant against $ref (line numbers stripped):"
nobj=0
vt=$(variant_tag "$variant")
rt=$(variant_tag "$ref")
if [ -n "$cfiles" ] && [ "$variant" != "$ref" ]; then
	# Every run builds the reference's objects in its o-lint/:
	# one run at a time.  (This does not stop a build-kernel.sh run
	# outside this script from building the same tree meanwhile.)
	exec 9>"$BUILD/.lint-series.lock"
	if ! flock -n 9; then
		log "waiting for another lint-series.sh run to finish"
		flock 9
	fi
	"$TOP/scripts/build-kernel.sh" "$ref"
	"$TOP/scripts/build-kernel.sh" "$variant"
	lint_tree "$ref"
	lint_tree "$variant"
fi
for f in $cfiles; do
	case $f in
	tools/*)
		say "  $f: skipped (user space under tools/, not a kbuild object)"
		continue
		;;
	esac
	o=${f%.c}.o
	# A file this configuration does not compile (mm/nommu.c with
	# CONFIG_MMU=y) cannot be linted by building it here: say so.
	if [ ! -f "$(variant_obj "$variant")/$o" ] &&
		[ ! -f "$(variant_obj "$ref")/$o" ]; then
		say "  $o: skipped (not built by this configuration)"
		continue
	fi
	nobj=$((nobj + 1))
	key=$(echo "$o" | tr / _)
	if ! lint_object "$variant" "$f"; then
		say "  $o: FAIL (does not build in $variant; see build/lint/$variant/$vt-$key.log)"
		failed=1
		continue
	fi
	if [ -f "$(variant_src "$ref")/$f" ]; then
		if ! lint_object "$ref" "$f"; then
			say "  $o: FAIL (does not build in $ref; see build/lint/$variant/$rt-$key.log)"
			failed=1
			continue
		fi
	else
		: >"$work/$rt-$key.w"
	fi
	vn=$(wc -l <"$work/$vt-$key.w")
	bn=$(wc -l <"$work/$rt-$key.w")
	LC_ALL=C comm -23 "$work/$vt-$key.w" "$work/$rt-$key.w" >"$work/new-$key.w"
	nn=$(wc -l <"$work/new-$key.w")
	if [ "$nn" -eq 0 ]; then
		say "  $o: $variant $vn, $ref $bn warnings, 0 new: ok"
	else
		say "  $o: $variant $vn, $ref $bn warnings, $nn new: FAIL"
		sed 's/^/      /' "$work/new-$key.w" >>"$summary"
		failed=1
	fi
done
if [ -z "$cfiles" ]; then
	say "  (the series touches no .c file)"
elif [ "$variant" = "$ref" ]; then
	say "  ($ref is the reference)"
fi

if [ "$failed" -eq 0 ]; then
	say "lint-series $variant: PASS ($npatches patches, $nobj objects)"
else
	say "lint-series $variant: FAIL ($npatches patches, $nobj objects; logs in build/lint/$variant/)"
fi
cat "$summary"
exit "$failed"
