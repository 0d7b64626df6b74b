#!/bin/sh
# Run apt-get against suites the machine's apt sources do not list,
# through an apt state of the project's own.
#
# Usage: scripts/apt-local.sh SUITE[,SUITE...] APT-GET-ARGS...
#        scripts/apt-local.sh SUITE[,SUITE...] apt-cache APT-CACHE-ARGS...
#   e.g. scripts/apt-local.sh trixie-backports download linux-source-7.3
#        scripts/apt-local.sh trixie,trixie-backports apt-cache policy linux-perf
#        scripts/apt-local.sh bookworm source --download-only qemu
#
# The state lives in build/apt/<suites>/ (sources list, lists, cache): the
# machine's apt configuration is never changed and nothing needs root.  The
# archive's URI and keyring are taken from the machine's own apt sources
# (machine_archive in scripts/lib.sh), so no host name is written into
# any file of the project.  The lists are fetched once and again when a
# day old.  "download" writes into the current directory; "apt-cache"
# runs apt-cache instead of apt-get on the same state (policy, show,
# depends: which versions a suite serves).  "source" needs deb-src lines:
# it gets a state of its own, build/apt/<suites>.src/, whose sources list
# holds a deb-src line beside each deb line (the other states fetch no
# Sources indices).
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: apt-local.sh SUITE[,SUITE...] [apt-cache] APT-GET-ARGS..."
suites=$1
shift
case $suites in
*[!a-z0-9,-]* | '' | ,* | *,) die "bad suite list '$suites' (e.g. trixie,trixie-backports)" ;;
esac
need_cmd apt-get

archive=$(machine_archive)
uri=${archive%% *}
key=${archive#* }

state=$BUILD/apt/$(echo "$suites" | tr , +)
src=
if [ "$1" = source ]; then
	state=$state.src
	src=1
fi
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
list=$state/sources.list
want=$(for s in $(echo "$suites" | tr , ' '); do
	echo "deb [signed-by=$key] $uri $s main"
	[ -z "$src" ] || echo "deb-src [signed-by=$key] $uri $s main"
done)
if [ "$(cat "$list" 2>/dev/null)" != "$want" ]; then
	printf '%s\n' "$want" >"$list"
	rm -f "$state/updated"
fi

# apt_local TOOL ARGS...: TOOL (apt-get or apt-cache) on the local state.
apt_local() {
	al_tool=$1
	shift
	"$al_tool" -q -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" \
		-o Dir::State::status=/var/lib/dpkg/status \
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}

if [ -z "$(find "$state/updated" -mmin -1440 2>/dev/null)" ]; then
	log "apt-get update ($suites, state ${state#"$TOP"/})"
	apt_local apt-get update >"$state/update.log" 2>&1 ||
		{ cat "$state/update.log" >&2; die "apt-get update of $suites failed"; }
	: >"$state/updated"
fi
if [ "$1" = apt-cache ]; then
	shift
	apt_local apt-cache "$@"
else
	apt_local apt-get "$@"
fi
