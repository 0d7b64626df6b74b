#!/bin/sh
# Run the project's tests and print TAP plus a closing "N passed, N failed".
#
# Usage: tests/run.sh host|vm|all
#   host  fast checks on the host only (make check)
#   vm    build every variant, then boot tests in each (tests/vm/*.sh)
#   all   both (make test)
# The guests boot each base's own root (ROOTFS=base, the default; made
# by make roots first) or, with ROOTFS=host, the host's (scripts/vm-run.sh);
# tests/vm/roots.sh boots both kinds either way.
set -eu
TOP=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
cd "$TOP"

kind=${1:-all}
case $kind in
host) dirs=tests/host ;;
vm) dirs=tests/vm ;;
all) dirs="tests/host tests/vm" ;;
*) echo "tests/run.sh: unknown kind '$kind' (host vm all)" >&2; exit 2 ;;
esac

pass=0
fail=0
todo=0
t0=$(date +%s)
mkdir -p build
for d in $dirs; do
	if [ "$d" = tests/vm ]; then
		echo "# building every variant ($(date -u +%H:%M:%S))"
		s=$(date +%s)
		make -s kernels
		echo "# kernels built in $(($(date +%s) - s)) s"
		# tests/vm/roots.sh boots every base on its own root.
		s=$(date +%s)
		make -s roots
		echo "# guest roots ready in $(($(date +%s) - s)) s"
		# What the guests ran: every package of every root.
		for b in $(scripts/variants.sh --bases); do
			echo "# root of $b: build/$b/root ($(wc -l <"build/$b/root.packages") packages: name version architecture)"
			sed 's/^/#   /' "build/$b/root.packages"
		done
	fi
	for t in "$d"/*.sh; do
		echo "# $t ($(date -u +%H:%M:%S))"
		s=$(date +%s)
		# tee streams the output; the status travels through a file.
		{
			trc=0
			"$t" 2>&1 || trc=$?
			echo "$trc" >build/test.rc
		} | tee build/test.log
		rc=$(cat build/test.rc)
		p=$(grep -c '^ok ' build/test.log || true)
		f=$(grep '^not ok ' build/test.log | grep -vc ' # TODO known bug: ' || true)
		k=$(grep '^not ok ' build/test.log | grep -c ' # TODO known bug: ' || true)
		todo=$((todo + k))
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			echo "not ok - $t exited $rc"
			f=1
		fi
		pass=$((pass + p))
		fail=$((fail + f))
		echo "# $t: $(($(date +%s) - s)) s"
	done
done
echo "# total time $(($(date +%s) - t0)) s"
[ "$todo" -eq 0 ] || echo "# $todo known kernel bug(s) shown (not ok ... # TODO: see kernel-patches/*/*/known-bugs)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
