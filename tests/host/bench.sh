#!/bin/sh
# Host-only checks of the benchmark's tooling: bad input is refused
# before anything is built, the committed report is what its raw data
# gives, and the numbers quoted in the cover letters are a committed
# run's.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

capture bench-bad-mode env MODE=warp scripts/bench.sh
check "bench: unknown MODE fails naming it" \
	sh -c "[ $rc -ne 0 ] && grep -q 'MODE=warp' '$T_OUT/bench-bad-mode.out'"
capture bench-bad-quick env QUICK=yes scripts/bench.sh
check "bench: QUICK other than 0/1 fails" \
	sh -c "[ $rc -ne 0 ] && grep -q 'QUICK=yes' '$T_OUT/bench-bad-quick.out'"
capture bench-bad-variant env VARIANTS=nosuch scripts/bench.sh
check "bench: unknown variant fails naming it" \
	sh -c "[ $rc -ne 0 ] && grep -q nosuch '$T_OUT/bench-bad-variant.out'"

# A name outside kernel-patches/name-grammar (a '-') is refused at once,
# with the rule and the valid names, before anything is built or any
# results folder made.
bad_res=$T_OUT/bench-bad-name-results
rm -rf "$bad_res"
in_work() {
	find build/bench-work -mindepth 1 -maxdepth 1 2>/dev/null | LC_ALL=C sort | tr '\n' ' '
}
work_before=$(in_work)
t0=$(date +%s)
capture bench-bad-name env VARIANTS="6.12/baseline bad-name" MODE=icount RESULTS="$bad_res" scripts/bench.sh
t1=$(date +%s)
work_after=$(in_work)
check "bench: VARIANTS='... bad-name' fails (rc $rc)" [ "$rc" -ne 0 ]
check "bench: the message gives the rule and the valid names" \
	sh -c "grep -q \"'bad-name' is not a valid variant name: it must match .*name-grammar\" '$T_OUT/bench-bad-name.out' &&
		grep -q 'valid names: .*6.12/baseline' '$T_OUT/bench-bad-name.out'"
check "bench: ... at once ($((t1 - t0)) s), before building anything" \
	sh -c "[ $((t1 - t0)) -le 10 ] && ! grep -q '^\[bench' '$T_OUT/bench-bad-name.out'"
check "bench: ... and writes no results folder" \
	sh -c "[ ! -e '$bad_res' ] && [ '$work_after' = '$work_before' ]"
capture bench-bad-base env BASES=9.9 RESULTS="$bad_res" scripts/bench.sh
check "bench: BASES=9.9 fails listing the bases" \
	sh -c "[ $rc -ne 0 ] && grep -q \"unknown base '9.9' in BASES; bases: 6.12\" '$T_OUT/bench-bad-base.out' && [ ! -e '$bad_res' ]"

# report.txt is made from the folder's raw data only: made again from a
# copy, it is the same, byte for byte.
latest=$(readlink results/latest || true)
if [ -n "$latest" ] && [ -f "results/$latest/report.txt" ]; then
	copy=$T_OUT/report-again
	rm -rf "$copy"
	# cp -r, not -a: new modification times, as a fresh clone has
	cp -r "results/$latest" "$copy"
	rm -rf "$copy/report.txt" "$copy/ministat" "$copy/plots"
	capture report-again python3 scripts/bench-report.py "$copy"
	check "bench-report: results/$latest/report.txt is made again from its data" \
		sh -c "[ $rc -eq 0 ] && cmp -s 'results/$latest/report.txt' '$copy/report.txt'"
else
	not_ok "results/latest points at a run with a report.txt"
fi

# The numbers in a cover letter: exactly what scripts/cover-numbers.py
# makes from the results folder the letter names.
for letter in kernel-patches/*/*/0000-cover-letter.patch; do
	grep -q '^Numbers from make bench' "$letter" || continue
	capture cover-numbers python3 scripts/cover-numbers.py --check "$letter"
	check "$letter: benchmark numbers are those of the run it names" [ "$rc" -eq 0 ]
done

done_testing
