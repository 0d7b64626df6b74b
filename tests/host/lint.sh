#!/bin/sh
# Style of the project's own programs: `make check` of every program folder
# that has one (checkpatch --strict from the pristine tree, and the
# shell linter).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

# checkpatch.pl comes from the oldest base's pristine tree (the programs'
# Makefiles pick the same one).
base=$(scripts/variants.sh --bases | head -n 1)
scripts/kernel-source.sh "$base" || { not_ok "pristine tree"; done_testing; exit 1; }
for mk in bench/Makefile tests/*/Makefile; do
	d=${mk%/Makefile}
	grep -q '^check:' "$mk" || continue
	if make -s -C "$d" check >"$T_OUT/lint-${d##*/}.log" 2>&1; then
		ok "$d: checkpatch --strict and shellcheck clean"
	else
		sed 's/^/# /' "$T_OUT/lint-${d##*/}.log"
		not_ok "$d: checkpatch --strict and shellcheck clean"
	fi
done

done_testing
