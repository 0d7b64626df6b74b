#!/bin/sh
# Where one bench case's guest instructions go: a flat profile by function.
#
# Usage: scripts/profile.sh VARIANT CASE K [--record]
#
#   VARIANT   <base>/<variant>, or a bare name (the newest base that has it)
#   CASE      a case of perf-rb-bench (bench/cases/CASE.c), e.g. mmap-second
#   K         the buffer has 1+2^K pages (0..20)
#   --record  also copy the run into results/profile/<date>-<base>-<variant>-
#             <case>-k<K>/ (command, kernel, config hash, accel, raw profile)
#
# Boots VARIANT's normal kernel under icount with the rb_cache plugin's
# profile=FILE (bench/plugin/rb_cache.c), runs perf-rb-bench for that one
# case and size, pinned to CPU 1, and charges each translation block that
# ran inside the timed windows to the kernel symbol it starts in
# (scripts/profile-report.py, with the guest's /proc/kallsyms).  Under
# icount the counts are exact instruction counts, summed over every
# window (warm-ups included) and divided by their number.
#
# Output: the report on stdout; the files in $VM_OUT (default
# build/profile-out/<base>-<variant>-<case>-k<K>): profile.raw,
# kallsyms, bench.json, report.txt, how.txt.  Exit 0 on success.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

usage() {
	die "usage: profile.sh VARIANT CASE K [--record]"
}

[ $# -ge 3 ] || usage
variant=$(resolve_variant "$1")
case=$2
k=$3
shift 3
record=0
case ${1:-} in
'') ;;
--record) record=1 ;;
*) usage ;;
esac
[ -f "$TOP/bench/cases/$case.c" ] ||
	die "no case '$case': the cases are $(for c in "$TOP"/bench/cases/*.c; do c=${c##*/}; printf '%s ' "${c%.c}"; done)"
case $k in
'' | *[!0-9]*) die "K must be a whole number from 0 to 20, not '$k'" ;;
esac
[ "$k" -le 20 ] || die "K must be a whole number from 0 to 20, not '$k'"
pages=$(((1 << k) + 1))

obj=$(variant_obj "$variant" "")
[ -f "$obj/arch/x86/boot/bzImage" ] ||
	die "no kernel in ${obj#"$TOP"/}; run: scripts/build-kernel.sh $variant"
make -s -C "$TOP/bench" >/dev/null
make -s -C "$TOP/bench/plugin" "$BUILD/plugin/rb_cache.so" >/dev/null

tag=$(variant_tag "$variant" "")
out=${VM_OUT:-$BUILD/profile-out/$tag-$case-k$k}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
bench_rel=${BUILD#"$TOP"/}/bench/perf-rb-bench
reps="-n 5 -m 5 -w 1"
log "$tag: profile of $case at $pages pages, output in ${out#"$TOP"/}"

ACCEL=icount VM_OUT="$out" VM_CACHE=1 VM_CACHE_ARGS="profile=$out/profile.raw" \
	"$TOP/scripts/vm-run.sh" "$variant" \
	"cat /proc/kallsyms >\"\$VM_OUT/kallsyms\" && $bench_rel -c $case -k $k $reps -C 1 -q -V $variant -M icount -o \"\$VM_OUT/bench.json\"" ||
	die "$tag: the guest run failed (see ${out#"$TOP"/})"
[ -s "$out/profile.raw" ] || die "$tag: the plugin wrote no profile"

"$TOP/scripts/profile-report.py" "$out/profile.raw" "$out/kallsyms" \
	--per "$pages" --top 30 >"$out/report.txt"
{
	echo "command: scripts/profile.sh $variant $case $k"
	echo "guest: $bench_rel -c $case -k $k $reps -C 1"
	echo "base: $(base_of "$variant")"
	echo "variant: $(name_of "$variant")"
	echo "pages: $pages"
	echo "kernel_release: $(cat "$obj/include/config/kernel.release")"
	echo "kernel_commit: $(git -C "$(variant_src "$variant")" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
	echo "project_commit: $(git -C "$TOP" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
	echo "config_sha256: $(sha256sum "$obj/.config" | cut -c1-16)"
	echo "bzimage_sha256: $(sha256sum "$obj/arch/x86/boot/bzImage" | cut -c1-16)"
	echo "accel: $(cat "$out/accel-$tag" 2>/dev/null || echo unknown)"
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$out/how.txt"
cat "$out/report.txt"

if [ "$record" = 1 ]; then
	dest=$TOP/results/profile/$(date -u +%Y%m%d-%H%M%S)-$tag-$case-k$k
	mkdir -p "$TOP/results/profile"
	# Copied whole into a temporary name first: no half-written result.
	rm -rf "$dest.tmp"
	mkdir "$dest.tmp"
	cp "$out/how.txt" "$out/report.txt" "$out/bench.json" "$dest.tmp/"
	xz -c "$out/profile.raw" >"$dest.tmp/profile.raw.xz"
	mv "$dest.tmp" "$dest"
	log "recorded in ${dest#"$TOP"/}"
fi
