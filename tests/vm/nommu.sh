#!/bin/sh
# Every variant links as a !CONFIG_MMU kernel with perf events (issue 14):
# scripts/build-nommu.sh cross-builds each worktree `make kernels` left in
# build/<base>/<variant>/ for a Cortex-M (ARM, no MMU) into
# build/<base>/<variant>/o-nommu-arm/.  Nothing boots; the series must not call
# functions that only mm/memory.c defines.  Incremental: a variant whose
# series did not change costs a make that finds nothing to do.
set -eu
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP"

variants=$(listed_variants) || bail "cannot list the variants (scripts/variants.sh)"

for v in $variants; do
	# An empty series is the base's own kernel: nothing of ours to link.
	[ -n "$(find "kernel-patches/$v" -name '*.patch')" ] || continue
	log=$T_OUT/nommu-$(file_tag "$v").log
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
