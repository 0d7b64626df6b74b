#!/bin/sh
# Print variants as <base>/<variant>, one per line.
#
# Usage: scripts/variants.sh              every variant of the bases BASES=
#                                         selects (default: all), oldest
#                                         base first, in report order
#        scripts/variants.sh NAME...      each NAME resolved (a bare name:
#                                         the newest base that has it)
#        scripts/variants.sh --references the reference of each base
#        scripts/variants.sh --bases      the bases, oldest first
#
# A name outside kernel-patches/name-grammar, or not listed, fails at once
# with the rule and the valid names.
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/lib.sh"

case ${1:-} in
'') variant_list ;;
--bases) base_list ;;
--references)
	bases=$(base_list)
	for b in $bases; do
		base_reference "$b"
	done
	;;
*)
	for n in "$@"; do
		resolve_variant "$n"
	done
	;;
esac
