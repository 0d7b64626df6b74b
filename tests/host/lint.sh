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
# A folder's check rule is its own or bench/lib/programs.mk's.
n=0
for mk in bench/Makefile bench/*/Makefile tests/*/Makefile; do
	d=${mk%/Makefile}
	grep -qE '^check:|^include .*/programs\.mk$' "$mk" || continue
	n=$((n + 1))
	if make -s -C "$d" check >"$T_OUT/lint-$(file_tag "$d").log" 2>&1; then
		ok "$d: checkpatch --strict and shellcheck clean"
	else
		sed 's/^/# /' "$T_OUT/lint-$(file_tag "$d").log"
		not_ok "$d: checkpatch --strict and shellcheck clean"
	fi
done
# the five program folders: bench, bench/observe, tests/aux,
# tests/stress, tests/suite
check "every program folder has a make check ($n found)" [ "$n" -ge 5 ]

done_testing
