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

# Fail the test file at once: NAME is reported not ok and the file
# exits 1 (for what every later check needs, e.g. the variant list).
bail() {
	not_ok "$1"
	done_testing
	exit 1
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

# Run CMD... with its output in file $2, show that as comments, and
# report check $1: ok if CMD exited 0.  Sets rc.
check_logged() {
	cl_name=$1
	cl_log=$2
	shift 2
	rc=0
	"$@" >"$cl_log" 2>&1 || rc=$?
	sed 's/^/# /' "$cl_log"
	if [ "$rc" -eq 0 ]; then ok "$cl_name"; else not_ok "$cl_name"; fi
}

done_testing() {
	echo "# ${0##*/}: $T_PASS passed, $T_FAIL failed, $T_TODO known bugs"
	[ "$T_FAIL" -eq 0 ]
}

# The entries of kernel-patches/<variant>/known-bugs for check $1 of
# variant $2, "BUG KIND ERE" a line (see that file); nothing if none.
# KNOWN_BUGS_ROOT replaces kernel-patches/ (tests/host/known_bugs.sh
# gives made-up files).
known_bugs() {
	kb_file=${KNOWN_BUGS_ROOT:-$TOP/kernel-patches}/$2/known-bugs
	[ -f "$kb_file" ] || return 0
	sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$kb_file" |
		while read -r kb_check kb_rest; do
			[ "$kb_check" != "$1" ] || printf '%s\n' "$kb_rest"
		done
}

# check_known CHECK VARIANT NAME RC OUT: the check NAME of VARIANT, whose
# command exited RC with its output in file OUT.  Without entries for
# CHECK in the variant's known-bugs, it passes when RC is 0.  With them,
# it is the known bug (TAP TODO: tests/run.sh counts it apart) only if
# the failure is exactly what the entries say: every "not ok" line of OUT
# matches a "fails" entry, every entry matches a line of OUT, and every
# splat line the runner printed matches a "shows" entry.  A "may" entry
# is a line a race of the bug may print or fail with, and need not: it
# explains a "not ok" or splat line like the others, is not required to
# be seen, and alone does not make a pass a failure.  A pass, or any
# other failure, fails: the file no longer says what the kernel does.
check_known() {
	ck_entries=$(known_bugs "$1" "$2")
	if [ -z "$ck_entries" ]; then
		check "$3" [ "$4" -eq 0 ]
		return
	fi
	ck_bugs=$(printf '%s\n' "$ck_entries" | awk '{ print $1 }' | sort -u | tr '\n' ' ')
	ck_fails=$(printf '%s\n' "$ck_entries" | awk '$2 == "fails" { sub(/^[^ ]+ +[^ ]+ +/, ""); print }')
	ck_shows=$(printf '%s\n' "$ck_entries" | awk '$2 == "shows" { sub(/^[^ ]+ +[^ ]+ +/, ""); print }')
	ck_may=$(printf '%s\n' "$ck_entries" | awk '$2 == "may" { sub(/^[^ ]+ +[^ ]+ +/, ""); print }')
	ck_why=
	if [ -z "$ck_fails$ck_shows" ]; then
		# only "may" entries: a pass is a pass
		if [ "$4" -eq 0 ] && ! grep -q '^not ok ' "$5"; then
			ok "$3"
			return
		fi
	elif [ "$4" -eq 0 ] && ! grep -q '^not ok ' "$5"; then
		ck_why="passes"
	fi
	# failures no entry explains
	ck_new=$(grep '^not ok ' "$5" | grep -vE -e "${ck_fails:-^\$}" | grep -vE -e "${ck_may:-^\$}" || true)
	[ -z "$ck_new" ] || ck_why="$ck_why; unexplained: $(printf '%s' "$ck_new" | head -n 3 | tr '\n' '|')"
	# splat lines the runner printed after its FAIL line
	ck_splats=$(sed -n '/FAIL: kernel log holds a splat/,$p' "$5" | sed 1d |
		grep -v -e 'cut here' -e '^vm-run' || true)
	if [ -n "$ck_splats" ]; then
		ck_new=$(printf '%s\n' "$ck_splats" | grep -vE -e "${ck_shows:-^\$}" |
			grep -vE -e "${ck_may:-^\$}" || true)
		[ -z "$ck_new" ] || ck_why="$ck_why; unexplained splat: $(printf '%s' "$ck_new" | head -n 2 | tr '\n' '|')"
	fi
	# entries the output does not bear out
	printf '%s\n%s\n' "$ck_fails" "$ck_shows" | sed '/^$/d' >"$T_OUT/.known-ere"
	while IFS= read -r ck_ere; do
		grep -qE -e "$ck_ere" "$5" || ck_why="$ck_why; not seen: $ck_ere"
	done <"$T_OUT/.known-ere"
	if [ -z "$ck_why" ]; then
		T_TODO=$((T_TODO + 1))
		echo "not ok - $3 # TODO known bug: $ck_bugs(kernel-patches/$2/README)"
	else
		not_ok "$3" "kernel-patches/$2/known-bugs does not match what happened (rc $4${ck_why}): fix the kernel's README and known-bugs"
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
