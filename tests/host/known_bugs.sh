#!/bin/sh
# tests/lib.sh check_known: a check that a variant's known-bugs file
# covers is TODO only when the failure is exactly the declared one
# (here 7.3/upstream's mmap_account entries, on made-up outputs).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

out=$T_OUT/known-bugs
mkdir -p "$out"
# the output of a run that shows both bugs, as tests/vm/accounting.sh
# captures it
cat >"$out/bugs.out" <<'OUT'
not ok 1 acct.data_mapped_twice
not ok 2 acct.aux_mapped_twice
not ok 3 acct.aux_mmap_of_redirected_event
not ok 4 global.data_unmap_during_first_aux_alloc
# FAILED: 0 / 4 tests passed.
vm-run.sh: FAIL: kernel log holds a splat (command exited 1); console log: x
------------[ cut here ]------------
refcount_t: addition on 0; use-after-free.
WARNING: lib/refcount.c:25 at refcount_warn_saturate+0x41/0x59, CPU#1: mmap_account/65
------------[ cut here ]------------
refcount_t: underflow; use-after-free.
WARNING: lib/refcount.c:87 at refcount_dec_not_one+0x20/0x33, CPU#0: mmap_account/67
OUT
sed 's/^not ok \(.\) /ok \1 /' "$out/bugs.out" | sed '/FAIL\|WARNING\|cut here\|refcount_t/d' >"$out/pass.out"
{ cat "$out/bugs.out"; echo 'not ok 4 acct.other'; } >"$out/other.out"
{ cat "$out/bugs.out"; echo 'BUG: unable to handle page fault for address: 0'; } >"$out/splat.out"
grep -v WARNING "$out/bugs.out" >"$out/nowarn.out"
grep -v 'refcount_t:' "$out/bugs.out" >"$out/nomessage.out"
grep -v 'not ok 2' "$out/bugs.out" >"$out/onefixed.out"

# Run check_known in a subshell; print the TAP line it wrote.
verdict() {
	(T_PASS=0 T_FAIL=0 T_TODO=0 check_known mmap_account "$1" name "$2" "$3")
}
is_todo() {
	verdict "$@" | grep -q '^not ok - name # TODO known bug: aux_close_race aux_redirected_refcount mlock_recharge '
}
is_fail() {
	verdict "$@" | grep -v '# TODO' | grep -qE '^not ok - name(: |$)'
}
check "the declared failure is TODO" is_todo 7.3/upstream 1 "$out/bugs.out"
check "a pass fails (the bug is gone: update known-bugs)" is_fail 7.3/upstream 0 "$out/pass.out"
check "one more failing case fails" is_fail 7.3/upstream 1 "$out/other.out"
check "an undeclared splat fails" is_fail 7.3/upstream 1 "$out/splat.out"
check "a declared line not seen fails (no WARNING)" is_fail 7.3/upstream 1 "$out/nowarn.out"
check "a declared line not seen fails (no refcount_t message)" is_fail 7.3/upstream 1 "$out/nomessage.out"
check "one declared case passing fails" is_fail 7.3/upstream 1 "$out/onefixed.out"
is_pass() {
	verdict "$@" | grep -qx 'ok - name'
}
check "without known-bugs, rc 0 passes" is_pass 6.12/baseline 0 "$out/pass.out"
check "without known-bugs, a failure fails" is_fail 6.12/baseline 1 "$out/bugs.out"

# "may": a race's lines, explained when there, never required (a made-up
# variant of a made-up root: one bug that only may show)
mkdir -p "$out/root/x/race"
cat >"$out/root/x/race/known-bugs" <<'KB'
stress race may ^not ok [0-9]+ - [^ ]+: no kernel splat
stress race may refcount_t: underflow; use-after-free\.
KB
cat >"$out/stress-pass.out" <<'OUT'
ok 1 - x-race: no hang
ok 2 - x-race: no kernel splat in the console log (0 found)
OUT
cat >"$out/stress-race.out" <<'OUT'
ok 1 - x-race: no hang
not ok 2 - x-race: no kernel splat in the console log (2 found)
vm-run.sh: FAIL: kernel log holds a splat (command exited 0); console log: x
refcount_t: underflow; use-after-free.
OUT
{ cat "$out/stress-race.out"; echo 'BUG: KASAN: slab-use-after-free in x'; } >"$out/stress-other.out"
{ cat "$out/stress-pass.out"; echo 'not ok 3 - x-race: races: 0 of 10 pages lockable'; } >"$out/stress-fail.out"
may() {
	(T_PASS=0 T_FAIL=0 T_TODO=0 KNOWN_BUGS_ROOT=$out/root check_known stress x/race name "$1" "$2")
}
may_pass() { may "$@" | grep -qx 'ok - name'; }
may_todo() { may "$@" | grep -q '^not ok - name # TODO known bug: race '; }
may_fail() { may "$@" | grep -v '# TODO' | grep -qE '^not ok - name(: |$)'; }
check "only \"may\" entries: a clean run passes" may_pass 0 "$out/stress-pass.out"
check "a \"may\" race that shows is TODO" may_todo 1 "$out/stress-race.out"
check "a splat no entry explains next to a \"may\" one fails" may_fail 1 "$out/stress-other.out"
check "a failure no entry explains fails" may_fail 1 "$out/stress-fail.out"

done_testing
