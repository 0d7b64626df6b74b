#!/bin/sh
# The reports take their shape from the data (issue 15): fed a results
# folder with two kernel bases, six variants in one of them and a name
# as long as kernel-patches/name-grammar allows, scripts/bench-report.py,
# scripts/cover-numbers.py and scripts/behaviour-matrix.py succeed, keep
# to 72 columns, cut no name and compare each variant with its own
# base's reference; scripts/stress-report.py reads a run's identity from
# its summary.txt.  The folder is made from a committed run's files by
# tests/host/synth_results.py (what it holds: there), once as an icount
# run and once as a kvm one (ministat and its significance marks).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

# a committed run from before kernel bases: baseline pfnmap mixedmap
# kpages, with the behaviour matrix's files and the vmalloc flavour
src=results/2026-11-26T1543-vm-icount
chk() {
	python3 tests/host/check_reports.py "$@"
}

if [ ! -f "$src/meta.txt" ]; then
	not_ok "$src, the source of the synthetic folders, exists"
	done_testing
	exit 1
fi

for mode in icount kvm; do
	d=$T_OUT/reports-$mode
	capture synth-$mode python3 tests/host/synth_results.py "$src" "$d" "$mode"
	check "$mode: synthetic results folder with two bases" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || continue
	n=$(grep -c . "$T_OUT/synth-$mode.out")
	long=$(awk '{ if (length > m) { m = length; l = $0 } } END { print l }' "$T_OUT/synth-$mode.out")

	# as scripts/bench.sh makes them: the matrix, then the report
	capture matrix-$mode sh -c "cd '$d' && '$TOP/scripts/behaviour-matrix.py' behaviour --width 72 >behaviour-matrix.txt"
	check "$mode: behaviour-matrix.py succeeds (rc $rc)" [ "$rc" -eq 0 ]
	echo "behaviour_matrix: scripts/behaviour-matrix.py on behaviour/ (tests/host/reports.sh)" >>"$d/meta.txt"
	capture report-$mode python3 scripts/bench-report.py "$d"
	check "$mode: bench-report.py succeeds on $n variants (rc $rc)" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$T_OUT/report-$mode.out"
	capture cover-$mode sh -c "python3 scripts/cover-numbers.py '$d' >'$d/cover.txt'"
	check "$mode: cover-numbers.py succeeds (rc $rc)" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$T_OUT/cover-$mode.out"

	for f in report.txt behaviour-matrix.txt cover.txt; do
		[ -s "$d/$f" ] || continue
		check "$mode: $f keeps to 72 columns" chk width "$d/$f"
	done
	for f in report.txt behaviour-matrix.txt; do
		[ -s "$d/$f" ] || continue
		check "$mode: $f names every variant whole, $long too" chk names "$d" "$d/$f"
	done
	if [ -s "$d/cover.txt" ]; then
		check "$mode: cover numbers name every variant whole" chk bare "$d" "$d/cover.txt"
		check "$mode: cover numbers: a block per base, each table led by the base's reference" \
			chk cover "$d" "$d/cover.txt"
	fi
	[ ! -s "$d/report.txt" ] ||
		check "$mode: report section 1: xbase over the variant's own base's reference" chk report "$d"
	[ ! -s "$d/behaviour-matrix.txt" ] ||
		check "$mode: behaviour matrix: a part per base, each table led by its reference" \
			chk matrix "$d" "$d/behaviour-matrix.txt"
done
[ ! -d "$T_OUT/reports-kvm/ministat" ] ||
	check "kvm: ministat compares each variant with its own base's reference" \
		chk ministat "$T_OUT/reports-kvm"

# A cover letter's block is its own base's: for 7.3 only 7.3's variants.
d=$T_OUT/reports-icount
capture cover-base python3 scripts/cover-numbers.py "$d" --base 7.3
check "cover-numbers.py --base 7.3 prints the 7.3 block alone" \
	sh -c "[ $rc -eq 0 ] && [ \$(grep -c '^Numbers from make bench' '$T_OUT/cover-base.out') -eq 1 ] &&
		grep -q '; base 7.3, ' '$T_OUT/cover-base.out'"
capture cover-nobase python3 scripts/cover-numbers.py "$d" --base 9.9
check "cover-numbers.py --base 9.9 (not measured) fails saying so" \
	sh -c "[ $rc -ne 0 ] && grep -q 'no variant of base 9.9' '$T_OUT/cover-nobase.out'"

# stress-report.py: identity from summary.txt, never the folder's name;
# a summary without base= is of the base before kernel bases; a folder
# with result.txt is a demonstration, whatever its name.
s=$T_OUT/reports-stress
rm -rf "$s"
mkdir -p "$s/old-run" "$s/new-run" "$s/20261203-oops"
real=$(find results/stress -name summary.txt | LC_ALL=C sort | head -n 1)
long=6.12/$(python3 -c 'import sys; sys.path.insert(0, "tests/host"); import synth_results; print(synth_results.long_name("6.12"))')
cp "$real" "$s/old-run/summary.txt"
sed -e '/^variant=/d' -e '/^date=/d' "$real" >"$s/new-run/summary.txt"
printf 'base=6.12\nvariant=%s\nflavour=debug\ndate=2999-01-01T00:00:00Z\n' "${long#*/}" >>"$s/new-run/summary.txt"
cp "$real" "$s/20261203-oops/summary.txt"
echo "a deliberately broken kernel" >"$s/20261203-oops/result.txt"
old=$(sed -n 's/^variant=//p' "$real")
capture stress-report python3 scripts/stress-report.py "$s"
check "stress-report.py succeeds (rc $rc)" [ "$rc" -eq 0 ]
check "stress-report.py keeps to 72 columns" chk width "$T_OUT/stress-report.out"
check "stress-report.py names the runs <base>/<variant>, $long whole" \
	sh -c "grep -q '^$long *\$' '$T_OUT/stress-report.out' && grep -q '^6.12/$old\\( \\|\$\\)' '$T_OUT/stress-report.out'"
check "stress-report.py lists a folder with result.txt as a demonstration" \
	sh -c "grep -q '^20261203-oops/ (demonstration' '$T_OUT/stress-report.out' &&
		[ \$(grep -c '^6.12/' '$T_OUT/stress-report.out') -eq 2 ]"
check "stress-report.py newest(): by <base>/<variant>, from summary.txt" \
	python3 -c "
import importlib.util, sys
spec = importlib.util.spec_from_file_location('sr', 'scripts/stress-report.py')
sr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sr)
new = sr.newest('$s', '$long')
old = sr.newest('$s', '6.12/$old')
sys.exit(0 if new and new[0] == 'new-run' and old and old[0] == 'old-run'
         and sr.newest('$s', '7.3/$old') is None else 1)"

done_testing
