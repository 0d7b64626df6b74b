#!/bin/sh
# Link test: build one variant as a !CONFIG_MMU ARM kernel with perf
# events, incrementally (issue 14).
#
# Usage: scripts/build-nommu.sh VARIANT
#   VARIANT  <base>/<variant>, or a bare name (the newest base that has it)
#
# Every configuration a series claims to support must build and link, and
# mm/nommu.c lacks most of mm/memory.c: a perf path that calls
# zap_page_range_single() or remap_pfn_range_notrack() unconditionally
# compiles on x86 and fails here.  The kernel is never booted.
#
# Layout, per variant:
#   build/<base>/<variant>/       the variant's git worktree with its series
#                                 applied, made by scripts/build-kernel.sh:
#                                 run that first; this script builds what
#                                 is checked out there and applies nothing
#   build/<base>/<variant>/o-nommu-arm/  the object directory (O=): .config,
#                                 vmlinux, make.log of the last build
#
# As in build-kernel.sh, the object directory is a direct child of the
# worktree, so kbuild uses relative paths, the compiler command lines are
# the same in every variant and ccache serves each variant what another
# one compiled.  The configuration is `make ARCH=arm tinyconfig` plus
# scripts/config/nommu-arm.fragment, regenerated only when the fragment
# changes and checked the same way: every option in the fragment must
# survive olddefconfig.  Cross compiler: Debian's gcc-arm-linux-gnueabi
# (scripts/install-deps.sh cross).
#
# Exit status 0 when vmlinux links; otherwise 1, with the variant and the
# undefined symbols (or the compiler's errors) on stderr.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

open_variant "${1:-}"
cross=arm-linux-gnueabi-
need_cmd make flock "${cross}gcc" "${cross}ld"

src=$(variant_src "$variant")
obj=$(variant_obj "$variant" nommu-arm)
fragment=$TOP/scripts/config/nommu-arm.fragment
[ -d "$src/.git" ] || [ -f "$src/.git" ] ||
	die "$variant: no worktree $src; run scripts/build-kernel.sh $variant first (it applies the series)"
[ -f "$BUILD/$base/.$name.series" ] ||
	die "$variant: the series is not applied in $src; run scripts/build-kernel.sh $variant first"

# build-kernel.sh re-applies a changed series in the same worktree (git
# reset, git am) under this lock: take turns with it.
exec 8>"$BUILD/$base/.$name.lock"
if ! flock -n 8; then
	log "$variant: waiting for another build of it to finish"
	flock 8
fi

kernel_cc "${cross}gcc"

# One set of arguments for every make call: CC is part of the
# configuration (CONFIG_CC_VERSION_TEXT and the cc-option tests), so
# configuring with another one would make the build re-run syncconfig.
kmake() {
	make -s -C "$src" O="$obj" ARCH=arm CROSS_COMPILE="$cross" CC="$cc" "$@"
}

# --- configuration ----------------------------------------------------------
mkdir -p "$obj"
config_hash=$(sha256sum <"$fragment" | cut -c1-16)
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.config-inputs" 2>/dev/null)" != "$config_hash" ]; then
	log "$variant (nommu-arm): configuring (ARCH=arm tinyconfig + ${fragment#"$TOP"/})"
	kmake tinyconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" >"$obj/.merge.log" 2>&1 ||
		{ cat "$obj/.merge.log" >&2; die "merge_config.sh failed"; }
	kmake olddefconfig >/dev/null
	bad=$(config_unmet "$obj" "$fragment")
	if [ -n "$bad" ]; then
		rm -f "$obj/.config-inputs"
		die "$variant (nommu-arm): options not set as requested:
$bad"
	fi
	echo "$config_hash" >"$obj/.config-inputs"
fi
# What the test is about, whatever the fragment says.
grep -qx '# CONFIG_MMU is not set' "$obj/.config" ||
	die "$variant (nommu-arm): CONFIG_MMU is set in ${obj#"$TOP"/}/.config"
grep -qx 'CONFIG_PERF_EVENTS=y' "$obj/.config" ||
	die "$variant (nommu-arm): CONFIG_PERF_EVENTS is not y in ${obj#"$TOP"/}/.config"

# --- build ------------------------------------------------------------------
log "$variant (nommu-arm): make -j$(nproc) vmlinux"
rc=0
kmake -j"$(nproc)" LOCALVERSION="-$name" \
	KBUILD_BUILD_TIMESTAMP="$(git -C "$PRISTINE" log -1 --format=%cd pristine)" \
	KBUILD_BUILD_USER=perf-rb-map KBUILD_BUILD_HOST=build vmlinux \
	>"$obj/make.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
	mlog="${obj#"$TOP"/}/make.log"
	# ld: "...: undefined reference to `sym'"; the symbol, once each.
	undef=$(sed -n "s/.*undefined reference to \`\([^']*\)'.*/\1/p" "$obj/make.log" | LC_ALL=C sort -u)
	if [ -n "$undef" ]; then
		grep -E 'undefined reference|in function' "$obj/make.log" | sed 's/^/  /' >&2
		die "$variant (nommu-arm): vmlinux does not link: undefined symbols: $(echo "$undef" | tr '\n' ' ')(log: $mlog)"
	fi
	errors=$(grep -E 'error:|Error [0-9]' "$obj/make.log" || true)
	echo "${errors:-$(tail -n 20 "$obj/make.log")}" | sed 's/^/  /' >&2
	die "$variant (nommu-arm): build failed before the link (make exited $rc; log: $mlog)"
fi
# Warnings (and anything else make printed) stay visible.
[ ! -s "$obj/make.log" ] || cat "$obj/make.log" >&2
[ -f "$obj/vmlinux" ] || die "$variant (nommu-arm): make succeeded but there is no ${obj#"$TOP"/}/vmlinux"
log "$variant (nommu-arm): linked $(cat "$obj/include/config/kernel.release"): ${obj#"$TOP"/}/vmlinux"
