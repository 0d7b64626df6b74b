#!/bin/sh
# The guest roots (issue 16): each base's reference boots on its own
# Debian root (build/<base>/root, scripts/build-root.sh) and runs that
# root's tools, whose versions are the root's packages and whose perf is
# the kernel's own version; the checkout is at its path, read-only, and
# the share writable; ROOTFS=host still boots on the host's root.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname -- "$0")/../lib.sh"
cd "$TOP" || exit 1

refs=$(scripts/variants.sh --references) || bail "cannot list the bases' references (scripts/variants.sh)"
export VM_OUT="$T_OUT/vm"

# The upstream part of a Debian version: 0.23.2-1 -> 0.23.2, 1:2.3-4 -> 2.3
upstream_version() {
	echo "$1" | sed -e 's/^[0-9]*://' -e 's/-[^-]*$//'
}

# Version of package $2 in base $1's root.
root_version() {
	awk -F '\t' -v p="$2" '$1 == p { print $2 }' "build/$1/root.packages"
}

# What the tools in the guest say they are.
# shellcheck disable=SC2016 # the $ signs are for the guest's shell
tools_cmd='perf --version
bpftrace --version
bpftrace -e "BEGIN { printf(\"bpftrace pid=%d\\n\", pid); exit(); }"
python3 -c "import drgn; print(\"drgn\", drgn.__version__)"
touch "$PWD/.roots-test" 2>/dev/null && echo project=writable || echo project=read-only
touch "$VM_OUT/.roots-test" && echo share=writable
perf bench internals evlist-open-close -i 10 >"$VM_OUT/evlist-open-close.txt" 2>&1 && echo evlist-open-close=ok'

for v in $refs; do
	b=${v%%/*}
	t=$(file_tag "$v")
	capture "root-$t" env ROOTFS=base scripts/vm-run.sh "$v" "$tools_cmd"
	o=$T_OUT/root-$t.out
	check "$v boots on its own root build/$b/root (rc $rc)" [ "$rc" -eq 0 ]
	want=$(sed -n 's/^version=//p' "kernel-patches/$b/source")
	check "$v: perf in the guest is the kernel's version $want.y ($(grep -m 1 '^perf version' "$o"))" \
		grep -qE "^perf version $(echo "$want" | sed 's/\./\\./g')([.-]|\$)" "$o"
	have=$(upstream_version "$(root_version "$b" bpftrace)")
	check "$v: bpftrace in the guest is the root's $have" grep -qE "^bpftrace v?$have\$" "$o"
	# A probe that uses pid: bpftrace 0.23 then needs /proc/self/ns/pid
	# (CONFIG_PID_NS); a bare BEGIN probe runs without it.
	check "$v: the root's bpftrace runs a probe that reads pid" grep -qE '^bpftrace pid=[0-9]+$' "$o"
	have=$(upstream_version "$(root_version "$b" python3-drgn)")
	check "$v: drgn in the guest is the root's $have" grep -qxF "drgn $have" "$o"
	check "$v: the checkout is read-only and the share writable in the guest" \
		sh -c "grep -qx project=read-only '$o' && grep -qx share=writable '$o'"
	check "$v: perf bench internals evlist-open-close runs" grep -qx evlist-open-close=ok "$o"
	check "$v: the runner names the root and its packages" \
		grep -qE "on build/$b/root \\([0-9]+ packages:.* linux-perf [^ ]+" "$o"
	rm -f "$VM_OUT/.roots-test"
done

# The host's root stays available for a quick start (no root to build).
ref=$(printf '%s\n' "$refs" | head -n 1)
capture root-host env ROOTFS=host scripts/vm-run.sh "$ref" 'perf --version'
check "ROOTFS=host boots $ref on the host's root and runs its perf ($(grep -m 1 '^perf version' "$T_OUT/root-host.out"))" \
	sh -c "[ $rc -eq 0 ] && grep -qxF \"\$(perf --version)\" '$T_OUT/root-host.out' && grep -q \"on the host's /\" '$T_OUT/root-host.out'"

done_testing
