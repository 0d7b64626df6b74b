#!/bin/sh
# Build one variant's kernel, incrementally.
#
# Usage: scripts/build-kernel.sh VARIANT [FLAVOUR]
#   VARIANT  <base>/<variant> (e.g. 7.3/upstream), or a bare variant name:
#            the newest base that has it
#   FLAVOUR  optional; adds the fragment scripts/config/<FLAVOUR>.fragment
#            and builds into its own object directory (e.g. "debug")
#
# Layout, per variant (base: kernel-patches/<base>/):
#   build/<base>/<variant>/  git worktree of build/<base>/linux on branch
#                         variant/<base>/<variant>, with the series applied
#                         by git am (then kernel-patches/<base>/testing/)
#   build/<base>/<variant>/o/    the object directory (O=), holding
#                         .config, vmlinux and arch/x86/boot/bzImage
#   build/<base>/<variant>/o-<flavour>/  the same for a flavour
#
# The configuration is tinyconfig plus Kconfig.fragment, then the base's
# kernel-patches/<base>/config.fragment if it has one, then the flavour's.
#
# The object directory is a direct child of the source tree on purpose:
# kbuild then uses relative paths (srctree := ..), every compiler command
# line is the same in every variant, and ccache serves each variant the
# objects the others already compiled.  Only files a series touches (and
# what includes them) are compiled again.
#
# A flavour's object directory starts as a copy of the variant's normal
# one when that is built: kbuild then recompiles only the users of the
# options the flavour changes (include/config/<SYMBOL> dependencies), not
# the whole tree.
#
# Nothing is redone that did not change: the series is re-applied only when
# its patch files changed, the configuration is regenerated only when a
# fragment changed, and make does the rest.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

variant=$(resolve_variant "${1:-}")
flavour=${2:-}
[ -z "$flavour" ] || check_name flavour "$flavour"
base=$(base_of "$variant")
name=$(name_of "$variant")
need_cmd git make gcc flex bison bc pahole flock

"$TOP/scripts/kernel-source.sh" "$base"
PRISTINE=$(pristine_dir "$base")

# Two builds of one variant at once would apply its series and run make
# in the same worktree together: take turns.
mkdir -p "$BUILD/$base"
exec 8>"$BUILD/$base/.$name.lock"
if ! flock -n 8; then
	log "$variant: waiting for another build of it to finish"
	flock 8
fi

src=$(variant_src "$variant")
obj=$(variant_obj "$variant" "$flavour")
series_dir=$PATCHES/$variant
fragments=$TOP/Kconfig.fragment
[ ! -f "$PATCHES/$base/config.fragment" ] || fragments="$fragments $PATCHES/$base/config.fragment"
if [ -n "$flavour" ]; then
	extra=$TOP/scripts/config/$flavour.fragment
	[ -f "$extra" ] || die "unknown flavour '$flavour' (no $extra)"
	fragments="$fragments $extra"
fi

# The series: every patch of the variant's folder in name order, cover
# letter aside, then the test-only patches of kernel-patches/<base>/testing/ (a
# test PMU with AUX support and the like: never part of a series posted
# for review, but in every kernel built here, so every variant is tested
# the same way).
series() {
	for d in "$series_dir" "$PATCHES/$base/testing"; do
		[ -d "$d" ] || continue
		find "$d" -maxdepth 1 -name '*.patch' ! -name '0000-*' | LC_ALL=C sort
	done
}

# --- source: worktree with the series applied ------------------------------
series_hash=$(series | xargs -r cat | sha256sum | cut -c1-16)
stamp=$BUILD/$base/.$name.series
if [ ! -d "$src" ]; then
	log "$variant: creating worktree $src"
	git -C "$PRISTINE" worktree prune
	git -C "$PRISTINE" worktree add -q -f -B "variant/$variant" "$src" pristine
	rm -f "$stamp"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$series_hash" ]; then
	git -C "$src" am --abort >/dev/null 2>&1 || true
	git -C "$src" reset -q --hard pristine
	n=0
	for p in $(series); do
		if ! git -C "$src" -c user.name=perf-rb-map \
			-c user.email=perf-rb-map@localhost am -q "$p" >"$BUILD/$base/.am.log" 2>&1; then
			cat "$BUILD/$base/.am.log" >&2
			git -C "$src" am --abort >/dev/null 2>&1 || true
			git -C "$src" reset -q --hard pristine
			die "$variant: patch ${p#"$TOP"/} does not apply to the $base tree"
		fi
		n=$((n + 1))
	done
	echo "$series_hash" >"$stamp"
	log "$variant: applied $n patch(es) (kernel-patches/$variant/, then $base/testing/)"
fi

# --- configuration ----------------------------------------------------------
normal=$(variant_obj "$variant")
if [ -n "$flavour" ] && [ ! -f "$obj/.config" ] && [ -f "$normal/vmlinux" ]; then
	log "$variant ($flavour): seeding ${obj#"$TOP"/} from ${normal#"$TOP"/}"
	rm -rf "$obj.tmp"
	cp -a "$normal" "$obj.tmp"
	rm -f "$obj.tmp/.config-inputs"
	mv "$obj.tmp" "$obj"
fi
mkdir -p "$obj"
# shellcheck disable=SC2086 # $fragments is a list of paths
config_hash=$(cat $fragments | sha256sum | cut -c1-16)
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.config-inputs" 2>/dev/null)" != "$config_hash" ]; then
	log "$variant${flavour:+ ($flavour)}: configuring (tinyconfig + $(echo "$fragments" | sed "s|$TOP/||g"))"
	make -s -C "$src" O="$obj" tinyconfig >/dev/null
	# shellcheck disable=SC2086 # $fragments is a list of paths
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" $fragments >"$obj/.merge.log" 2>&1 ||
		{ cat "$obj/.merge.log" >&2; die "merge_config.sh failed"; }
	make -s -C "$src" O="$obj" olddefconfig >/dev/null
	# shellcheck disable=SC2086 # $fragments is a list of paths
	bad=$(config_unmet "$obj" $fragments)
	if [ -n "$bad" ]; then
		rm -f "$obj/.config-inputs"
		die "$variant: options not set as requested:
$bad"
	fi
	echo "$config_hash" >"$obj/.config-inputs"
fi

# --- build ------------------------------------------------------------------
kernel_cc gcc
log "$variant${flavour:+ ($flavour)}: make -j$(nproc) bzImage"
# LOCALVERSION is given on the command line rather than as
# CONFIG_LOCALVERSION: the config option lands in autoconf.h, which every
# file includes, so it would make each variant's objects differ and defeat
# ccache.  uname -r is the same: <base>.y-<variant>, e.g. 7.3.4-upstream.
make -s -C "$src" O="$obj" -j"$(nproc)" CC="$cc" LOCALVERSION="-$name" \
	KBUILD_BUILD_TIMESTAMP="$(git -C "$PRISTINE" log -1 --format=%cd pristine)" \
	KBUILD_BUILD_USER=perf-rb-map KBUILD_BUILD_HOST=build bzImage
release=$(cat "$obj/include/config/kernel.release")
case $release in
"$base".*-"$name") ;;
*) die "built kernel reports release '$release', expected $base.*-$name" ;;
esac
log "$variant${flavour:+ ($flavour)}: built $release: ${obj#"$TOP"/}/arch/x86/boot/bzImage"
