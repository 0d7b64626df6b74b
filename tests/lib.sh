# shellcheck shell=sh disable=SC2034
# Helpers for the project's shell tests; sourced by tests/{host,vm}/*.sh.
#
# A test file calls `ok NAME` / `not_ok NAME [WHY]`, or `check NAME CMD...`
# (ok when CMD succeeds) or `check_known` (a variant's known bug), and ends
# with `done_testing`, which exits non-zero if anything failed.  Output is
# TAP; tests/run.sh adds up the counts ("not ok ... # TODO" lines apart).

TOP=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd)
T_PASS=0
T_FAIL=0
T_TODO=0
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
	echo "# ${0##*/}: $T_PASS passed, $T_FAIL failed, $T_TODO known bugs"
	[ "$T_FAIL" -eq 0 ]
}

# The bugs kernel-patches/<variant>/known-bugs says check $1 of variant
# $2 shows, space-separated; nothing if none.
known_bugs() {
	kb_file=$TOP/kernel-patches/$2/known-bugs
	[ -f "$kb_file" ] || return 0
	sed -e 's/#.*//' "$kb_file" | awk -v c="$1" '$1 == c { printf "%s%s", sep, $2; sep = " " }'
}

# check_known CHECK VARIANT NAME CMD...: `check NAME CMD...`, unless the
# variant's known-bugs lists bugs for CHECK: then a failure is the known
# bug (TAP TODO, not counted as a failure by tests/run.sh) and a pass
# fails, since the file no longer says what the kernel does.
check_known() {
	ck_check=$1
	ck_variant=$2
	ck_name=$3
	shift 3
	ck_bugs=$(known_bugs "$ck_check" "$ck_variant")
	if [ -z "$ck_bugs" ]; then
		check "$ck_name" "$@"
	elif "$@"; then
		not_ok "$ck_name" "passes, but kernel-patches/$ck_variant/known-bugs says it shows $ck_bugs: update that file"
	else
		T_TODO=$((T_TODO + 1))
		echo "not ok - $ck_name # TODO known bug: $ck_bugs (kernel-patches/$ck_variant/README)"
	fi
}

# Run a command, capturing stdout+stderr in $T_OUT/NAME.out and the
# exit status in $rc.
capture() {
	name=$1
	shift
	rc=0
	"$@" >"$T_OUT/$name.out" 2>&1 || rc=$?
}
