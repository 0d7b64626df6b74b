#!/bin/sh
# Every variant's series (then kernel-patches/testing/) applies to the
# pristine 6.12 tree, patch by patch, without checking anything out: the
# patches are applied to a scratch index (git apply --cached), so this
# takes seconds.  scripts/build-kernel.sh applies them for real with git am.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

scripts/kernel-source.sh || { not_ok "pristine tree"; done_testing; exit 1; }
git_dir=$TOP/build/linux/.git
index=$T_OUT/series.index
variants=$(listed_variants)

for v in $variants; do
	GIT_INDEX_FILE=$index git --git-dir="$git_dir" read-tree pristine
	n=0
	bad=
	for p in $(for d in "kernel-patches/$v" kernel-patches/testing; do
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
		ok "$v: $n patch(es) apply to 6.12 (series, then testing/)"
	else
		not_ok "$v: series applies" "$bad does not apply"
	fi
done
rm -f "$index"

done_testing
