#!/bin/sh
# Every variant links as a !CONFIG_MMU kernel with perf events (issue 14):
# scripts/build-nommu.sh cross-builds each worktree `make kernels` left in
# build/<variant>/ for a Cortex-M (ARM, no MMU) into
# build/<variant>/o-nommu-arm/.  Nothing boots; the series must not call
# functions that only mm/memory.c defines.  Incremental: a variant whose
# series did not change costs a make that finds nothing to do.
set -eu
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP"

# The list is scripts/lib.sh's variant_list.  lib.sh finds the project
# from $0, which `sh -c CMD ARG0` sets to lib.sh's own path here.
variants=$(sh -c '. "$0" && variant_list' "$TOP/scripts/lib.sh")

for v in $variants; do
	log=$T_OUT/nommu-$v.log
	s=$(date +%s)
	rc=0
	scripts/build-nommu.sh "$v" >"$log" 2>&1 || rc=$?
	echo "# $v: $(($(date +%s) - s)) s"
	if [ "$rc" -eq 0 ]; then
		ok "$v: links as a !MMU ARM kernel with perf events"
	else
		sed 's/^/# /' "$log"
		why=$(sed -n 's/.*error: [^:]*: //p' "$log" | tail -n 1)
		not_ok "$v: links as a !MMU ARM kernel with perf events" "${why:-exit $rc}"
	fi
done

done_testing
