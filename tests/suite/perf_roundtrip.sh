#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# perf tool round trip through the ring buffer: `perf record` samples a
# busy shell loop, `perf report` must find those samples again.  KTAP.
#
# Environment: PERF (default perf), TMPDIR (default /tmp).
set -eu

perf=${PERF:-perf}
dir=$(mktemp -d "${TMPDIR:-/tmp}/perf_roundtrip.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# perf keeps a build-id cache under $HOME: keep it out of the way.
HOME=$dir
export HOME

echo 'TAP version 13'
echo '1..2'

pass=0
fail=0
# cpu-clock, a software event every kernel here has, one sample every
# 100 us of CPU time; the loop takes some 100 ms of CPU even on fast hardware.
# shellcheck disable=SC2016 # the loop's $i is the inner shell's
if "$perf" record -q -N -e cpu-clock -c 100000 -o "$dir/perf.data" -- \
	sh -c 'i=0; while [ $i -lt 100000 ]; do i=$((i + 1)); done' \
	>"$dir/record.log" 2>&1; then
	size=$(wc -c <"$dir/perf.data")
	echo "# perf.data: $size bytes"
	echo 'ok 1 perf_record'
	pass=$((pass + 1))
else
	sed 's/^/# /' "$dir/record.log"
	echo 'not ok 1 perf_record'
	fail=$((fail + 1))
fi

samples=0
if [ "$fail" -eq 0 ] &&
	"$perf" report -i "$dir/perf.data" --stdio --sort comm \
		>"$dir/report.txt" 2>"$dir/report.err"; then
	# "# Samples: 1K of event 'cpu-clock'": a count, perhaps with K/M
	samples=$(sed -n "s/^# Samples: \([0-9][0-9KM]*\) .*of event 'cpu-clock'.*/\1/p" \
		"$dir/report.txt" | head -n 1)
	echo "# samples: ${samples:-none}"
	sed -n '/^ *[0-9.]*%/s/^/# /p' "$dir/report.txt"
fi
case $samples in
'' | 0)
	[ -f "$dir/report.err" ] && sed 's/^/# /' "$dir/report.err"
	echo 'not ok 2 perf_report_finds_samples'
	fail=$((fail + 1))
	;;
*)
	# the samples must be the loop's: a line for comm "sh"
	if grep -Eq '^ +[0-9.]+% +sh *$' "$dir/report.txt"; then
		echo 'ok 2 perf_report_finds_samples'
		pass=$((pass + 1))
	else
		echo 'not ok 2 perf_report_finds_samples # no samples of sh'
		fail=$((fail + 1))
	fi
	;;
esac
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
