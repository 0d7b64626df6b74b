# shellcheck shell=sh disable=SC2034
# Shared helpers for the project's scripts; sourced, never run.
#
# Paths (all absolute, derived from this file's location):
#   TOP          the project checkout
#   BUILD        build/ under it (override with BUILD_DIR=)
#   PRISTINE     build/linux: the unmodified 6.12 tree, one git commit
#   VARIANTS_FILE  kernel-patches/variants: the one list of variants

TOP=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$TOP/build}
PRISTINE=$BUILD/linux
VARIANTS_FILE=$TOP/kernel-patches/variants

log() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
}

die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# The variants, one per line, in report order ('#' starts a comment).
variant_list() {
	sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$VARIANTS_FILE"
}

# Fail unless $1 names a variant listed in kernel-patches/variants whose
# folder exists.
check_variant() {
	[ -n "${1:-}" ] || die "no variant given; variants: $(variant_list | tr '\n' ' ')"
	if ! variant_list | grep -qxF -- "$1"; then
		die "unknown variant '$1'; variants: $(variant_list | tr '\n' ' ')"
	fi
	[ -d "$TOP/kernel-patches/$1" ] ||
		die "variant '$1' is listed but kernel-patches/$1/ does not exist"
}

# A variant's kernel flavour: "" (timing kernel) or e.g. "debug".
# Its git worktree is build/<variant>/ and its objects are in
# build/<variant>/o[-<flavour>]/ (see scripts/build-kernel.sh for why the
# object directory sits inside the source tree).
variant_src() {
	echo "$BUILD/$1"
}

variant_obj() {
	echo "$BUILD/$1/o${2:+-$2}"
}

need_cmd() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "'$c' not found; run scripts/install-deps.sh (as root)"
	done
}

# The option lines of the fragment files $2... that the configuration
# $1/.config does not have as written ("# CONFIG_X is not set" asks for
# n), one per line with what it has instead; nothing if every one
# survived olddefconfig, which silently drops an option whose
# dependencies are not met.
config_unmet() {
	cu_cfg=$1/.config
	shift
	cat "$@" | sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*=.*\)/\1/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set/\1=n/p' |
		while IFS= read -r cu_want; do
			cu_name=${cu_want%%=*}
			cu_have=$(grep -E "^$cu_name=|^# $cu_name is not set" "$cu_cfg" || true)
			case $cu_want in
			*=n) [ -z "$cu_have" ] || [ "$cu_have" = "# $cu_name is not set" ] || echo "  $cu_want (have: $cu_have)" ;;
			*) [ "$cu_have" = "$cu_want" ] || echo "  $cu_want (have: ${cu_have:-unset})" ;;
			esac
		done
}
