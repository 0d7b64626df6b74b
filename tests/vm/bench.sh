#!/bin/sh
# make bench's machinery end to end, QUICK=1 (few sizes and repetitions:
# not numbers to quote), on the reference of every kernel base (6.12's
# baseline, 7.3's upstream; two guests at once, as make bench runs them),
# with the vmalloc flavour booted for the behaviour matrix as make bench
# does: a complete results folder with a report fit for the list, each
# base reported against its own reference, the behaviour matrix from the
# measured boots with its AUX and vmalloc rows, and nothing left
# half-written.  The other variants take the same path; one per base
# keeps make test's time down.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

res=$T_OUT/bench-results
rm -rf "$res"
refs=$(scripts/variants.sh --references) || bail "cannot list the bases' references (scripts/variants.sh)"
variants=$(printf '%s\n' "$refs" | tr '\n' ' ' | sed 's/ *$//')
capture bench-quick env QUICK=1 MODE=icount VARIANTS="$variants" RESULTS="$res" scripts/bench.sh
sed -n 's/^\[bench /# [bench /p' "$T_OUT/bench-quick.out"
check "QUICK=1 MODE=icount make bench exits 0 (rc $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || tail -n 30 "$T_OUT/bench-quick.out" | sed 's/^/# /'

dir=$res/latest
check "results/latest points at a -quick folder" \
	sh -c "readlink '$dir' | grep -q -- '-icount-quick\$'"
for v in $variants; do
	check "$v: bench.json with every case" sh -c "
		python3 - '$dir/$v/bench.json' <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
cases = {r['case'] for r in d['results']}
want = {'open', 'mmap-first', 'mmap-second', 'touch', 'ctl-write',
        'munmap', 'cycle', 'ref-memfd'}
sys.exit(0 if want <= cases and d['mode'] == 'icount' else 1)
PY"
	check "$v: kernel.txt has the config hash" \
		grep -q '^config_sha256: [0-9a-f]\{64\}$' "$dir/$v/kernel.txt"
	check "$v: the probes wrote their output" \
		sh -c "ls '$dir/$v/probes/'*.txt >/dev/null 2>&1"
	check "$v: the guest saw more than one CPU" \
		sh -c "grep -q '\"online_cpus\": [2-9]' '$dir/$v/bench.json'"
	# the root meta.txt names is the one the guest booted (vm-run.sh's
	# boot line: "on the host's /" or "on build/<base>/root (...)")
	check "$v: the guest booted the root meta.txt names" sh -c "
		case \$(sed -n 's/^rootfs: //p' '$dir/meta.txt') in
		host) grep -q \"^vm-run.sh: booting .* on the host's /\" '$dir/$v/run.log' ;;
		base) grep -q '^vm-run.sh: booting .* on build/${v%%/*}/root ' '$dir/$v/run.log' ;;
		*) false ;;
		esac"
done
check "meta.txt: the variants, their bases and each base's reference" \
	sh -c "grep -qx 'variants: $variants' '$dir/meta.txt' &&
		grep -qx \"bases: \$(scripts/variants.sh --bases | tr '\\n' ' ' | sed 's/ *\$//')\" '$dir/meta.txt' &&
		grep -qx 'references: $variants' '$dir/meta.txt'"
# (the tables name their base when there is more than one)
[ "$(echo "$variants" | wc -w)" -lt 2 ] || for v in $variants; do
	check "report.txt: $v reported against itself, its base's reference" \
		sh -c "grep -q '^  base ${v%%/*} (reference ${v#*/})\$' '$dir/report.txt'"
done
check "report.txt: plain ASCII, at most 72 columns" \
	sh -c "[ -s '$dir/report.txt' ] && ! LC_ALL=C grep -q '[^ -~]' '$dir/report.txt' &&
		[ \$(awk '{ if (length > m) m = length } END { print m + 0 }' '$dir/report.txt') -le 72 ]"
check "report.txt: the behaviour matrix with AUX and vmalloc rows" \
	sh -c "grep -q '^  behaviour ' '$dir/report.txt' && grep -q '^. aux\\.' '$dir/report.txt' &&
		grep -q 'vmalloc:same_as_pages' '$dir/report.txt'"
check "report.txt: no section left out" \
	sh -c "! grep -q 'Not included' '$dir/report.txt'"
check "plots in SVG and PNG" \
	sh -c "ls '$dir/plots/'*.svg '$dir/plots/'*.png >/dev/null 2>&1"
name=$(readlink "$dir" || echo none)
check "the finished run left nothing in build/bench-work/" \
	sh -c "[ ! -e 'build/bench-work/$name' ]"

done_testing
