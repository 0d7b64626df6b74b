#!/bin/sh
# The cache-model TCG plugin (bench/plugin/rb_cache.c) against known
# patterns: bench/plugin/rb_cache_test, static, under Debian's user-mode
# qemu-x86_64 (the same QEMU 7.2 as the guests') with the plugin loaded,
# and bench/plugin/rb_cache_boot.elf, a multiboot kernel, under
# qemu-system-x86_64 (TCG and icount), as the guests run.
# Each window of the program holds one asm loop, so the instruction, load
# and store counts are known exactly; a cold sweep of N bytes misses N/64
# times at every level, a second sweep again at each level it does not
# fit in and never at one it fits in; N lines one set apart stay in an
# N-way set and thrash an (N-1)-way one; nothing outside a window is
# counted; a set replaces its least recently used line; bad arguments
# stop QEMU with the plugin's message.
#
# The expectations are the documented defaults (64-byte lines, L1d 48 KiB
# 12-way, L2 2 MiB 16-way, L3 32 MiB 16-way), written here, not read from
# the plugin: a plugin built with other defaults fails.  To see that:
#   PLUGIN_OUT=/tmp/rbp PLUGIN_CPPFLAGS=-DRB_LINE=32 tests/host/plugin.sh
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

out=${PLUGIN_OUT:-$TOP/build/plugin}
check_logged "bench/plugin builds (header from Debian's qemu source)" \
	"$T_OUT/plugin-build.log" \
	make -s -C bench/plugin OUT="$out" CPPFLAGS="${PLUGIN_CPPFLAGS:-}"
[ "$rc" -eq 0 ] || bail "the plugin and its test program are needed"
command -v qemu-x86_64 >/dev/null || bail "qemu-x86_64 (scripts/install-deps.sh plugin)"
command -v qemu-system-x86_64 >/dev/null || bail "qemu-system-x86_64 (scripts/install-deps.sh plugin)"
case $out in
*,*) bail "PLUGIN_OUT=$out: QEMU's -plugin option cannot take a ',' in a path" ;;
esac
so=$out/rb_cache.so
prog=$out/rb_cache_test
res=$T_OUT/plugin.counts

want=$(dpkg-query -W -f '${source:Version}' qemu-user 2>/dev/null || true)
check "header from qemu $(cat "$out/include/qemu-plugin.version"), the source of qemu-user ${want:-(not installed)}" \
	[ "$(cat "$out/include/qemu-plugin.version")" = "$want" ]

# run NAME ARGS...: the program under qemu-x86_64 with the plugin, its
# counts in $res; reports whether QEMU loaded the plugin and exited 0.
run() {
	r_name=$1
	shift
	rm -f "$res"
	capture "plugin-$r_name" qemu-x86_64 -plugin "file=$so,out=$res" "$prog" "$@"
	if [ "$rc" -ne 0 ] || [ ! -s "$res" ]; then
		sed 's/^/# /' "$T_OUT/plugin-$r_name.out"
		not_ok "$r_name: runs under qemu-x86_64 with the plugin (rc $rc)"
		return 1
	fi
	cp "$res" "$T_OUT/plugin-$r_name.counts"
}

# get KIND N KEY: KEY of the N-th record of KIND in $res
get() {
	awk -v kind="$1" -v n="$2" -v key="$3" '
		$1 == kind && ++seen == n {
			for (i = 2; i <= NF; i++)
				if (substr($i, 1, length(key) + 1) == key "=")
					print substr($i, length(key) + 2)
		}' "$res"
}

# is N KEY WANT: window N's KEY is exactly WANT
is() {
	i_got=$(get window "$1" "$2")
	check "$what: window $1 $2=${i_got:-none}, want $3" [ "${i_got:-x}" = "$3" ]
}

# about N KEY WANT: window N's KEY is WANT within 1%
about() {
	a_got=$(get window "$1" "$2")
	check "$what: window $1 $2=${a_got:-none}, want about $3" \
		awk -v g="${a_got:-x}" -v w="$3" 'BEGIN { exit !(g ~ /^[0-9]+$/ && (g - w) * 100 <= w && (w - g) * 100 <= w) }'
}

# clean: no stray, reopened or unclosed window; WANT windows
clean() {
	c_end=$(grep '^end ' "$res" || true)
	check "$what: $c_end" [ "$c_end" = "end windows=$1 reopened=0 stray_close=0 unclosed=0" ]
}

what=config
if run config loop 1; then
	c=$(head -n 1 "$res")
	check "the defaults: $c" \
		[ "$c" = "config version=1 addr=virt line=64 l1d_size=49152 l1d_ways=12 l2_size=2097152 l2_ways=16 l3_size=33554432 l3_ways=16 lat_l2=16 lat_l3=75 lat_mem=300" ]
fi

# The markers are NOPs on this processor: the program runs natively.
for a in "loop 1000" "sweep 65536 2" "conflict 13 4096 2" stray; do
	# shellcheck disable=SC2086 # the arguments are words
	check "rb_cache_test $a runs natively (the markers are harmless)" "$prog" $a
done

# A known loop: 4 instructions, a load and a store an iteration, with
# 1 MiB of loads and stores outside the window before and after it, then
# an empty window.
n=100000
what="loop $n"
if run loop loop $n; then
	is 1 insns $((4 * n))
	is 1 loads $n
	is 1 stores $n
	for k in insns loads stores l1d_miss l2_miss l3_miss cycles; do
		is 2 $k 0
	done
	clean 2
fi

# The profile (profile=FILE) of the same loop: its block is charged
# 4(N-1) instructions (the first iteration runs in the block of the open
# marker, which starts outside the window), the blocks add up to the
# windows' sum but for the few instructions of the markers' own blocks,
# and scripts/profile-report.py charges them to main(),
# where the loop is, by the program's own symbols.
what="profile of loop $n"
prof=$T_OUT/plugin.prof
rm -f "$prof"
capture plugin-profile qemu-x86_64 -plugin "file=$so,out=$res,profile=$prof" "$prog" loop $n
check "$what: QEMU exits $rc and writes the profile" sh -c "[ $rc -eq 0 ] && [ -s '$prof' ]"
p_loop=$(sed -n 's/^tb vaddr=0x[0-9a-f]* insns=\([0-9]*\)$/\1/p' "$prof" | sort -n | tail -n 1)
check "$what: the loop's block ran ${p_loop:-no} instructions, want $((4 * (n - 1)))" \
	[ "${p_loop:-x}" = $((4 * (n - 1))) ]
p_total=$(grep '^total ' "$prof" || true)
check "$what: $p_total" [ "$p_total" = "total windows=2 insns=$((4 * n))" ]
p_sum=$(awk '$1 == "tb" { sub("insns=", "", $3); s += $3 } END { print s + 0 }' "$prof")
check "$what: the blocks add up to $p_sum, the windows' $((4 * n)) but for the markers' blocks (under 8)" \
	sh -c "[ $p_sum -gt $((4 * n - 8)) ] && [ $p_sum -lt $((4 * n + 8)) ]"
nm -n "$prog" >"$T_OUT/plugin-prog.syms"
capture plugin-profile-report scripts/profile-report.py "$prof" "$T_OUT/plugin-prog.syms" --top 1
p_main=$(awk '$2 == "main" { print $1 }' "$T_OUT/plugin-profile-report.out")
check "$what: profile-report.py charges main() ${p_main:-nothing} a window, want $((p_sum / 2)).0" \
	[ "${p_main:-x}" = "$((p_sum / 2)).0" ]
capture plugin-profile-report-bad scripts/profile-report.py "$res" "$T_OUT/plugin-prog.syms"
check "profile-report.py refuses the counts file as a profile (exit $rc)" \
	sh -c "[ $rc -eq 2 ] && grep -q 'not a profile line' '$T_OUT/plugin-profile-report-bad.out'"

what=stray
if run stray stray; then
	e=$(grep '^end ' "$res" || true)
	check "close, open, open, close, open: $e" \
		[ "$e" = "end windows=1 reopened=1 stray_close=1 unclosed=1" ]
fi

# Sweeps, 8 bytes a load, two passes: sizes that fit L1d; L2 only; L3
# only; nothing.  "fits" is the number of levels the buffer fits in.
# Each fitting size is 5/6 or 3/4 of its level, so a level made smaller
# (or a line larger) shows.
for s in "40960 3" "1572864 2" "25165824 1" "50331648 0"; do
	bytes=${s% *}
	fits=${s#* }
	what="sweep $((bytes >> 10)) KiB"
	run "sweep-$bytes" sweep "$bytes" 2 || continue
	lines=$((bytes / 64))
	for w in 1 2; do
		is $w loads $((bytes / 8))
		is $w insns $((bytes / 2))
		is $w stores 0
	done
	lvl=0
	for k in l1d_miss l2_miss l3_miss; do
		about 1 $k $lines
		if [ $((3 - lvl)) -le "$fits" ]; then
			is 2 $k 0
		else
			about 2 $k $lines
		fi
		lvl=$((lvl + 1))
	done
	clean 2
done

# Associativity: LINES lines a set's stride apart (sets * 64 bytes), three
# passes.  WAYS of them stay (no miss after the first pass), WAYS + 1
# thrash LRU (every access misses) at that level and hit the next.
for s in "l1d 4096 12" "l2 131072 16" "l3 2097152 16"; do
	lvl=${s%% *}
	ways=${s##* }
	stride=${s#* }
	stride=${stride% *}
	for nl in "$ways" $((ways + 1)); do
		what="$nl lines $stride bytes apart"
		run "conflict-$lvl-$nl" conflict "$nl" "$stride" 3 || continue
		for w in 2 3; do
			if [ "$nl" -eq "$ways" ]; then
				is $w "${lvl}_miss" 0
			else
				is $w "${lvl}_miss" "$nl"
				case $lvl in
				l1d) is $w l2_miss 0 ;;
				l2) is $w l3_miss 0 ;;
				esac
			fi
		done
		clean 3
	done
done

# System emulation, as the guests run: rb_cache_boot.elf sweeps 1.5 MiB
# (fits L2, not L1d) at physical 2 MiB, 4 bytes a load, in two windows,
# after the firmware ran outside any.  Under TCG and under icount (the
# bench's default mode) the counts are the same.
boot=$out/rb_cache_boot.elf
for accel in "tcg" "tcg -icount shift=0"; do
	what="system mode ($accel)"
	rm -f "$res"
	# shellcheck disable=SC2086 # $accel is a list of options
	capture plugin-boot timeout 60 qemu-system-x86_64 -accel $accel -cpu max -m 64M \
		-nodefaults -display none -monitor none -serial none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-plugin "file=$so,out=$res" -kernel "$boot"
	# isa-debug-exit: status (0 << 1) | 1
	if [ "$rc" -ne 1 ] || [ ! -s "$res" ]; then
		sed 's/^/# /' "$T_OUT/plugin-boot.out"
		not_ok "$what: rb_cache_boot.elf runs and ends through isa-debug-exit (rc $rc)"
		continue
	fi
	cp "$res" "$T_OUT/plugin-boot-$(echo "$accel" | tr -c 'a-z0-9\n' -).counts"
	check "$what: the plugin models physical addresses" grep -q '^config version=1 addr=phys ' "$res"
	lines=$((0x180000 / 64))
	for w in 1 2; do
		is $w insns $((0x180000))
		is $w loads $((0x180000 / 4))
		is $w stores 0
		about $w l1d_miss $lines
	done
	about 1 l2_miss $lines
	about 1 l3_miss $lines
	is 2 l2_miss 0
	is 2 l3_miss 0
	clean 2
done

# String instructions, as QEMU runs them: an element (and an instruction)
# an iteration, plus one for the final test of the count; the lines of a
# cold page miss once each.  bench/README.md quotes these numbers.
what="rep stos over a page"
if run stos stos 4096; then
	is 1 insns 4097
	is 1 stores 4096
	is 1 l1d_miss 64
	is 1 l3_miss 64
	is 2 insns 513
	is 2 stores 512
	is 2 l1d_miss 0
	clean 2
fi

# Replacement order, a load a window: lines 0..11 of one L1d set (cold:
# miss everywhere), 0 again (a hit, and now the most recent), 12 (a miss
# that evicts the least recently used line: 1, not 0 as FIFO would),
# 0 (a hit), 1 (an L1d miss that L2 still holds).
what="LRU in one L1d set"
if run lines lines 4096 0,1,2,3,4,5,6,7,8,9,10,11,0,12,0,1; then
	got1=$(awk '$1 == "window" { sub(/.*l1d_miss=/, ""); sub(/ .*/, ""); printf "%s", $0 }' "$res")
	got2=$(awk '$1 == "window" { sub(/.*l2_miss=/, ""); sub(/ .*/, ""); printf "%s", $0 }' "$res")
	check "$what: l1d misses per load $got1, want 1111111111110101" [ "$got1" = 1111111111110101 ]
	check "$what: l2 misses per load $got2, want 1111111111110100" [ "$got2" = 1111111111110100 ]
	clean 16
fi

# Bad arguments: QEMU exits non-zero, the plugin says what is wrong.
for s in ":out=FILE is required" \
	"out=:out= needs a file name" \
	"out=R,bogus=1:unknown argument 'bogus=1'" \
	"out=R,line=48:line=48: must be a power of two" \
	"out=R,l1d_ways=0:l1d_ways=0: not a number" \
	"out=R,l2_size=2X:l2_size=2X: not a number" \
	"out=R,l1d_ways=7:l1d: 49152 bytes / (7 ways" \
	"out=R,l3_ways=65:l3_ways=65: at most 64" \
	"out=/nonexistent/dir/x:/nonexistent/dir/x: No such file" \
	"out=R,profile=:profile= needs a file name" \
	"out=R,profile=/nonexistent/dir/p:/nonexistent/dir/p: No such file"; do
	args=$(printf '%s' "${s%%:*}" | sed "s|R|$res|")
	msg=${s#*:}
	capture plugin-bad qemu-x86_64 -plugin "file=$so${args:+,$args}" "$prog" loop 1
	check "plugin arguments '${s%%:*}': QEMU exits $rc, saying '$msg'" \
		sh -c "[ $rc -ne 0 ] && grep -qF -- \"rb_cache: $msg\" '$T_OUT/plugin-bad.out'"
done

# scripts/vm-run.sh VM_CACHE=: bad settings stop it before anything boots
# (the kernel is a dummy file: reaching QEMU would fail differently).
# With ACCEL=kvm it gets past the settings to the accelerator, no further.
vmo=$T_OUT/plugin-vm
mkdir -p "$vmo"
: >"$vmo/dummy-bzImage"
variant=$(scripts/variants.sh | head -n 1)
for s in "VM_CACHE=2 ACCEL=tcg:VM_CACHE=2: 0 or 1" \
	"VM_CACHE=0 VM_CACHE_ARGS=line=32 ACCEL=tcg:without VM_CACHE=1" \
	"VM_CACHE=1 VM_CACHE_ARGS=line ACCEL=tcg:NAME=VALUE pairs joined by" \
	"VM_CACHE=1 VM_CACHE_ARGS=out=/x ACCEL=tcg:(out= is set here)" \
	"VM_CACHE=1 ACCEL=kvm:a TCG plugin does not run under KVM"; do
	# shellcheck disable=SC2086 # the settings are words
	capture plugin-vm env ${s%%:*} ROOTFS=host VM_OUT="$vmo" \
		VM_KERNEL="$vmo/dummy-bzImage" TIMEOUT=5 scripts/vm-run.sh "$variant" true
	check "vm-run.sh ${s%%:*}: exits $rc, saying '${s#*:}'" \
		sh -c "[ $rc -ne 0 ] && grep -qF -- \"${s#*:}\" '$T_OUT/plugin-vm.out' && ! grep -q booting '$T_OUT/plugin-vm.out'"
done

# scripts/bench.sh CACHE=: bad settings stop it before anything is built.
for s in "CACHE=2:CACHE=2: use 0 or 1" \
	"CACHE=1 MODE=kvm:a TCG plugin does not run under MODE=kvm" \
	"CACHE=1 MODE=local:a TCG plugin does not run under MODE=local" \
	"CACHE_ARGS=line=32:without CACHE=1"; do
	# shellcheck disable=SC2086 # the settings are words
	capture plugin-bench env ${s%%:*} RESULTS="$T_OUT/plugin-bench-results" scripts/bench.sh
	check "bench.sh ${s%%:*}: exits $rc, saying '${s#*:}'" \
		sh -c "[ $rc -ne 0 ] && grep -qF -- \"${s#*:}\" '$T_OUT/plugin-bench.out' && ! grep -q '^\[bench' '$T_OUT/plugin-bench.out' && [ ! -e '$T_OUT/plugin-bench-results' ]"
done

done_testing
