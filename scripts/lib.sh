# shellcheck shell=sh disable=SC2034
# Shared helpers for the project's scripts; sourced, never run.
#
# Paths (all absolute, derived from this file's location):
#   TOP          the project checkout
#   BUILD        build/ under it (override with BUILD_DIR=)
#   PATCHES      kernel-patches/: one folder per kernel base
#   GRAMMAR      kernel-patches/name-grammar: what a base, variant or
#                flavour may be called (the one definition)
#
# A variant is written <base>/<variant> (e.g. 7.3/upstream).  Functions
# that take a variant take it in that form: resolve_variant() turns what a
# user typed (a bare name means the newest base that has it) into it.

TOP=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$TOP/build}
PATCHES=$TOP/kernel-patches
GRAMMAR=$PATCHES/name-grammar
# The directories a guest gets a fresh tmpfs on (scripts/guest-init.sh,
# told them as vm_tmpfs= by scripts/vm-run.sh): its root is read-only,
# and tools write under /tmp, /run and $HOME (perf's ~/.debug).
GUEST_TMPFS="/tmp /run /root"

log() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
}

die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# The value of KEY in the name grammar.
grammar() {
	[ -r "$GRAMMAR" ] || die "${GRAMMAR#"$TOP"/} is missing: it defines what bases and variants may be called"
	sed -n "s/^$1=//p" "$GRAMMAR"
}

# Fail unless $2 is a valid name of kind $1 (base, variant or flavour).
check_name() {
	cn_rule=$(grammar "$1")
	[ "$1" != flavour ] || cn_rule=$(grammar variant)
	if ! printf '%s\n' "$2" | grep -qxE -- "$cn_rule" ||
		[ "$(printf '%s' "$2" | wc -l)" -ne 0 ]; then
		die "'$2' is not a valid $1 name: it must match $cn_rule (${GRAMMAR#"$TOP"/})"
	fi
	if [ "$1" = variant ] && grammar reserved | tr ' ' '\n' | grep -qxF -- "$2"; then
		die "'$2' is reserved (kernel-patches/<base>/$2/ is not a variant)"
	fi
}

# The bases: folders of kernel-patches/ whose name is a base name, oldest
# first.  BASES="6.12 7.3" selects some of them.
base_list() {
	bl_all=$(for d in "$PATCHES"/*/; do
		d=${d%/}
		d=${d##*/}
		printf '%s\n' "$d" | grep -xE -- "$(grammar base)" || true
	done | sort -V)
	[ -n "$bl_all" ] || die "no kernel base under ${PATCHES#"$TOP"/}/"
	if [ -z "${BASES:-}" ]; then
		printf '%s\n' "$bl_all"
		return
	fi
	for bl_b in $BASES; do
		printf '%s\n' "$bl_all" | grep -qxF -- "$bl_b" ||
			die "unknown base '$bl_b' in BASES; bases: $(printf '%s\n' "$bl_all" | tr '\n' ' ')"
	done
	for bl_b in $bl_all; do
		case " $BASES " in
		*" $bl_b "*) echo "$bl_b" ;;
		esac
	done
}

# The variants of base $1, one per line, in report order; the first is the
# base's reference.  Each listed name is checked against the grammar and
# must have its folder.  (No pipeline or $(...) around the checks: die
# must end the script, not a subshell.)
base_variants() {
	bv_file=$PATCHES/$1/variants
	[ -f "$bv_file" ] || die "base $1 has no list of variants (${bv_file#"$TOP"/})"
	# one name a line, blanks around it and comments dropped; a blank
	# inside stays, for the grammar to refuse
	bv_names=$(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$bv_file")
	[ -n "$bv_names" ] || die "${bv_file#"$TOP"/} lists no variant"
	bv_max=$(grammar max)
	# a here-document, not a pipe: the loop runs in this shell
	while IFS= read -r bv_v; do
		(check_name variant "$bv_v") || die "in ${bv_file#"$TOP"/}"
		bv_full=$1/$bv_v
		[ ${#bv_full} -le "$bv_max" ] ||
			die "'$bv_full' is longer than $bv_max characters (${GRAMMAR#"$TOP"/}); in ${bv_file#"$TOP"/}"
		[ -d "$PATCHES/$1/$bv_v" ] ||
			die "variant $1/$bv_v is listed but ${PATCHES#"$TOP"/}/$1/$bv_v/ does not exist"
	done <<EOF
$bv_names
EOF
	printf '%s\n' "$bv_names"
}

# The reference variant of base $1 (<base>/<variant>).
base_reference() {
	br_names=$(base_variants "$1") || exit 1
	echo "$1/${br_names%%
*}"
}

# Every variant of the selected bases as <base>/<variant>, oldest base
# first.
variant_list() {
	vl_bases=$(base_list) || exit 1
	for vl_b in $vl_bases; do
		vl_names=$(base_variants "$vl_b") || exit 1
		for vl_v in $vl_names; do
			echo "$vl_b/$vl_v"
		done
	done
}

# Print <base>/<variant> for what a user typed: <base>/<variant>, or a bare
# variant name, meaning the newest base that has it.  Dies with the rule
# and the valid names otherwise.
resolve_variant() {
	rv_all=$(BASES='' variant_list) || exit 1
	rv_valid="valid names: $(printf '%s\n' "$rv_all" | tr '\n' ' ')"
	[ -n "${1:-}" ] || die "no variant given; $rv_valid"
	case $1 in
	*/*)
		rv_base=${1%%/*}
		(check_name base "$rv_base") || die "$rv_valid"
		(check_name variant "${1#*/}") || die "$rv_valid"
		printf '%s\n' "$rv_all" | grep -qxF -- "$1" ||
			die "unknown variant '$1'; $rv_valid"
		echo "$1"
		;;
	*)
		(check_name variant "$1") || die "$rv_valid"
		rv_hit=$(printf '%s\n' "$rv_all" | grep -E -- "/$1\$" | tail -n 1)
		[ -n "$rv_hit" ] || die "unknown variant '$1'; $rv_valid"
		echo "$rv_hit"
		;;
	esac
}

# The script's variant argument $1, resolved (or the usage error):
# sets variant (<base>/<variant>), base, name (the bare variant) and
# PRISTINE (the base's pristine tree).
open_variant() {
	variant=$(resolve_variant "${1:-}")
	base=$(base_of "$variant")
	name=$(name_of "$variant")
	PRISTINE=$(pristine_dir "$base")
}

# Fail unless $1 is a variant given as <base>/<variant> (from
# resolve_variant).
check_variant() {
	case ${1:-} in
	*/*)
		cv_all=$(BASES='' variant_list) || exit 1
		printf '%s\n' "$cv_all" | grep -qxF -- "$1" && return 0
		;;
	esac
	die "internal: '${1:-}' is not a resolved <base>/<variant>"
}

# The parts of a resolved variant.
base_of() {
	echo "${1%%/*}"
}

name_of() {
	echo "${1#*/}"
}

# KEY of the source description of base $1 (kernel-patches/<base>/source);
# a key that is not there is an error (an empty value is allowed).
base_field() {
	bf_file=$PATCHES/$1/source
	[ -f "$bf_file" ] || die "base $1 has no ${bf_file#"$TOP"/}"
	grep -q "^$2=" "$bf_file" || die "${bf_file#"$TOP"/} has no $2= line"
	sed -n "s/^$2=//p" "$bf_file"
}

# build/<base>/linux: base $1's unmodified tree, one git commit tagged
# "pristine" (scripts/kernel-source.sh).
pristine_dir() {
	echo "$BUILD/$1/linux"
}

# A variant's kernel flavour: "" (timing kernel) or e.g. "debug".
# Its git worktree is build/<base>/<variant>/ and its objects are in
# build/<base>/<variant>/o[-<flavour>]/ (see scripts/build-kernel.sh for
# why the object directory sits inside the source tree).
variant_src() {
	echo "$BUILD/$1"
}

variant_obj() {
	echo "$BUILD/$1/o${2:+-$2}"
}

# A file name for a variant and flavour: <base>-<variant>[-<flavour>]
# (names hold no '-', so the parts stay apart).
variant_tag() {
	echo "$(base_of "$1")-$(name_of "$1")${2:+-$2}"
}

# "URI KEYRING" of the machine's Debian archive: the first "deb" entry of
# /etc/apt/sources.list.d/*.sources (deb822) or /etc/apt/sources.list
# that is not a security archive; KEYRING is its Signed-By, else
# debian-archive-keyring's.  Every script that reaches the archive for a
# suite the machine does not list (scripts/apt-local.sh,
# scripts/build-root.sh) asks here, so no host name is ever written into
# a file of the project.  Dies if there is none or the keyring is
# missing; call it as a=$(machine_archive) under set -e.
machine_archive() {
	ma_found=$(
		for ma_f in /etc/apt/sources.list.d/*.sources; do
			[ -r "$ma_f" ] || continue
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
			' "$ma_f"
		done
		if [ -r /etc/apt/sources.list ]; then
			sed -n -e 's/^deb[[:space:]]\{1,\}\(\[[^]]*signed-by=\([^] ]*\)[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\3 \2/p' \
				/etc/apt/sources.list | grep -v security || true
		fi
	)
	ma_found=$(printf '%s\n' "$ma_found" | head -n 1)
	ma_uri=${ma_found%% *}
	ma_key=${ma_found#* }
	[ -n "$ma_uri" ] ||
		die "no Debian archive found in the machine's apt sources (/etc/apt/sources.list.d/*.sources, /etc/apt/sources.list)"
	[ -n "$ma_key" ] && [ "$ma_key" != "$ma_uri" ] ||
		ma_key=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -r "$ma_key" ] || die "keyring $ma_key missing (package debian-archive-keyring)"
	echo "$ma_uri $ma_key"
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

# The CC= for a kernel build with compiler $1 (gcc, arm-linux-gnueabi-gcc):
# through ccache when it is installed, with the settings that let every
# variant and flavour share objects.  Objects built with -g would
# otherwise be keyed on the directory they were built in; the paths they
# carry do not matter here.  Sets cc.
kernel_cc() {
	if command -v ccache >/dev/null 2>&1; then
		cc="ccache $1"
		CCACHE_NOHASHDIR=1
		CCACHE_SLOPPINESS=include_file_mtime,include_file_ctime,time_macros
		export CCACHE_NOHASHDIR CCACHE_SLOPPINESS
	else
		log "ccache not installed: full build (scripts/install-deps.sh installs it)"
		cc=$1
	fi
}

# The splat patterns of scripts/splat-patterns as one ERE (alternation).
splat_re() {
	sed -e '/^#/d' -e '/^$/d' "$TOP/scripts/splat-patterns" | paste -sd '|' -
}

# The values of KEY $2 in a guest root description $1
# (kernel-patches/<base>/root), its lines joined by spaces.
root_field() {
	printf '%s\n' "$(sed -n "s/^$2=//p" "$1" | tr '\n' ' ' | tr -s ' ' | sed 's/^ //; s/ $//')"
}

# The versions of the tools a guest root is for, from its package list
# $1 (build/<base>/root.packages): "name version, ..." on one line.
root_tools() {
	awk -F '\t' '$1 ~ /^(linux-perf|bpftrace|python3-drgn|fio|libc6)$/ { printf "%s%s %s", n++ ? ", " : "", $1, $2 }' "$1"
}
