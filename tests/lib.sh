# shellcheck shell=sh disable=SC2034
# Helpers for the project's shell tests; sourced by tests/{host,vm}/*.sh.
#
# A test file calls `ok NAME` / `not_ok NAME [WHY]`, or `check NAME CMD...`
# (ok when CMD succeeds), and ends with `done_testing`, which exits non-zero
# if anything failed.  Output is TAP; tests/run.sh adds up the counts.

TOP=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd)
T_PASS=0
T_FAIL=0
T_OUT=${T_OUT:-$TOP/build/test-out}
mkdir -p "$T_OUT"

# The variants of the selected bases (BASES=, default all) as
# <base>/<variant>, one per line (scripts/variants.sh).
listed_variants() {
	"$TOP/scripts/variants.sh"
}

# A variant's name in file names: 6.12/baseline -> 6.12-baseline.
file_tag() {
	echo "$1" | tr / -
}

ok() {
	T_PASS=$((T_PASS + 1))
	echo "ok - $1"
}

not_ok() {
	T_FAIL=$((T_FAIL + 1))
	echo "not ok - $1${2:+: $2}"
}

check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

done_testing() {
	echo "# ${0##*/}: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}

# Run a command, capturing stdout+stderr in $T_OUT/NAME.out and the
# exit status in $rc.
capture() {
	name=$1
	shift
	rc=0
	"$@" >"$T_OUT/$name.out" 2>&1 || rc=$?
}
