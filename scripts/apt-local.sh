#!/bin/sh
# Run apt-get against suites the machine's apt sources do not list,
# through an apt state of the project's own.
#
# Usage: scripts/apt-local.sh SUITE[,SUITE...] APT-GET-ARGS...
#   e.g. scripts/apt-local.sh trixie-backports download linux-source-7.3
#
# The state lives in build/apt/<suites>/ (sources list, lists, cache): the
# machine's apt configuration is never changed and nothing needs root.  The
# archive's URI and keyring are taken from the machine's own apt sources
# (the first "deb" entry of /etc/apt/sources.list.d/*.sources or
# /etc/apt/sources.list that is not a security archive), so no host name is
# written into any file of the project.  The lists are fetched once and
# again when a day old.  "download" writes into the current directory.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: apt-local.sh SUITE[,SUITE...] APT-GET-ARGS..."
suites=$1
shift
case $suites in
*[!a-z0-9,-]* | '' | ,* | *,) die "bad suite list '$suites' (e.g. trixie,trixie-backports)" ;;
esac
need_cmd apt-get

# Print "URI KEYRING" of the machine's main archive.
machine_archive() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		# deb822: stanzas separated by blank lines.
		awk '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && uri != "" && uri !~ /security/ && !done) {
					print uri, key; done = 1
				}
				types = ""; uri = ""; key = ""
			}
			/^[[:space:]]*$/ { flush(); next }
			/^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
			/^URIs:/ { uri = $2 }
			/^Signed-By:/ { key = $2 }
			END { flush() }
		' "$f"
	done
	if [ -r /etc/apt/sources.list ]; then
		sed -n -e 's/^deb[[:space:]]\{1,\}\(\[[^]]*signed-by=\([^] ]*\)[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\3 \2/p' \
			/etc/apt/sources.list | grep -v security || true
	fi
}

archive=$(machine_archive | head -n 1)
uri=${archive%% *}
key=${archive#* }
[ -n "$uri" ] || die "no Debian archive found in the machine's apt sources (/etc/apt/sources.list.d/*.sources, /etc/apt/sources.list)"
[ -n "$key" ] && [ "$key" != "$uri" ] || key=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$key" ] || die "keyring $key missing (package debian-archive-keyring)"

state=$BUILD/apt/$(echo "$suites" | tr , +)
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
list=$state/sources.list
want=$(for s in $(echo "$suites" | tr , ' '); do
	echo "deb [signed-by=$key] $uri $s main"
done)
if [ "$(cat "$list" 2>/dev/null)" != "$want" ]; then
	printf '%s\n' "$want" >"$list"
	rm -f "$state/updated"
fi

apt_local() {
	apt-get -q -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" \
		-o Dir::State::status=/var/lib/dpkg/status \
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}

if [ -z "$(find "$state/updated" -mmin -1440 2>/dev/null)" ]; then
	log "apt-get update ($suites, state ${state#"$TOP"/})"
	apt_local update >"$state/update.log" 2>&1 ||
		{ cat "$state/update.log" >&2; die "apt-get update of $suites failed"; }
	: >"$state/updated"
fi
apt_local "$@"
