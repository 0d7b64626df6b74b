#!/bin/sh
# The review gates of every proposed series: scripts/lint-series.sh
# (checkpatch --strict on every patch; no new W=1 or sparse warning in the
# files it touches, against the pristine tree of its base).  Runs after the kernels are built,
# since it compiles the touched objects in both trees.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

variants=$(listed_variants) || bail "cannot list the variants (scripts/variants.sh)"
for v in $variants; do
	[ -n "$(find "kernel-patches/$v" -name '*.patch')" ] || continue
	t=$(file_tag "$v")
	check_logged "$v: checkpatch --strict clean, no new W=1/C=1 warnings" \
		"$T_OUT/lint-$t.log" scripts/lint-series.sh "$v"
done

done_testing
