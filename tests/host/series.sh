#!/bin/sh
# Every variant's series (then its base's testing/) applies to the
# pristine tree of its base, patch by patch, without checking anything out: the
# patches are applied to a scratch index (git apply --cached), so this
# takes seconds.  scripts/build-kernel.sh applies them for real with git am.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

index=$T_OUT/series.index
variants=$(listed_variants) || bail "cannot list the variants (scripts/variants.sh)"

for v in $variants; do
	base=${v%%/*}
	if ! scripts/kernel-source.sh "$base"; then
		not_ok "$base: pristine tree"
		continue
	fi
	git_dir=$TOP/build/$base/linux/.git
	GIT_INDEX_FILE=$index git --git-dir="$git_dir" read-tree pristine
	n=0
	bad=
	for p in $(for d in "kernel-patches/$v" "kernel-patches/$base/testing"; do
		[ -d "$d" ] && find "$d" -maxdepth 1 -name '*.patch' ! -name '0000-*' |
			LC_ALL=C sort
	done); do
		if ! GIT_INDEX_FILE=$index git --git-dir="$git_dir" apply --cached "$p" \
			>"$T_OUT/series-apply.log" 2>&1; then
			sed 's/^/# /' "$T_OUT/series-apply.log"
			bad=$p
			break
		fi
		n=$((n + 1))
	done
	if [ -z "$bad" ]; then
		ok "$v: $n patch(es) apply to $base (series, then $base/testing/)"
	else
		not_ok "$v: series applies" "$bad does not apply"
	fi
done
rm -f "$index"

done_testing
