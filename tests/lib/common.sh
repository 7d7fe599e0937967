# common.sh - what every CLI and TUI test needs: the binary, a private
# cases folder, a fixed clock, and quick key derivation.
. "$top_srcdir/tests/lib/tap.sh"

RECOURSE="$top_builddir/recourse"
[ -x "$RECOURSE" ] || bail "no recourse binary at $RECOURSE"
SAMPLES="$top_srcdir/tests/data/samples"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/recourse-cli-XXXXXX") || bail "mktemp"
trap 'rm -rf "$WORK"' EXIT
export RECOURSE_CASES_DIR="$WORK/cases"
export HOME="$WORK/home"
export XDG_CONFIG_HOME="$WORK/home/.config"
mkdir -p "$HOME"
export LANGUAGE=en LC_ALL=C.UTF-8
unset RECOURSE_DEBUG
# 2026-01-15T12:00:00Z: tests see the same "now" on every run.
export RECOURSE_FAKE_NOW=1768478400

# The KDF floor keeps tests quick (the default is slower on purpose).  Only
# a build with test hooks (RC_TEST_HOOKS) has these options; without them
# they are unknown options, and the tests run with the default.
KDF=""
"$RECOURSE" case new --help 2>/dev/null | grep -q -- '--kdf-memory' && KDF="--kdf-memory 64 --kdf-ops 3"

# Personal text (a name, a record's reference, the texts of an access
# written down by hand, a reason, an addressee) is never taken on the
# command line: recourse refuses it there, and reads an option given as
# "-" from standard input, one line for each, in the order given
# (doc/recourse.1, "Personal text").  Tests pass it that way too:
#
# rt TEXT... -- PASSPHRASE... -- ARGS: run recourse with the TEXTs on
# standard input (one a line) and the passphrases on fd 3, e.g.
#   rt "A. Person" -- "$P" -- case new c --name -
rt() {
	_tf=$(mktemp "$WORK/.texts-XXXXXX") || bail "mktemp"
	while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
		printf '%s\n' "$1" >> "$_tf"
		shift
	done
	shift
	_pw=""
	while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
		_pw="$_pw$1
"
		shift
	done
	shift
	printf '%s' "$_pw" | "$RECOURSE" --passphrase-fd 3 "$@" 3<&0 <"$_tf"
	_rt_st=$?
	rm -f "$_tf" # it held the texts
	return $_rt_st
}

# The options that carry personal text, where a command takes them so
# (log list --authority is a filter, not personal text).
PERSONAL_OPTIONS="--name --record --authority --role --agent --system --purpose --legal-basis --dest \
--source-document --note --reason --addressee --also-record --about --correct-value --detail --holder --held-value"

# _q WORD: WORD quoted for eval
_q() {
	case $1 in
	*"'"*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
	*) printf "'%s'" "$1" ;;
	esac
}

# r PASSPHRASE... -- ARGS: run recourse with passphrases on fd 3.  As a
# careful script would, it never puts personal text on the command line:
# "--note TEXT" (or --note=TEXT) is given as "--note -" with TEXT on
# standard input (for the tests outside tests/cli that still write texts
# as arguments; tests/cli writes "-" and uses rt).  To see what recourse
# does with a text typed as an argument, run "$RECOURSE" itself.
r() {
	_pw=""
	while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
		_pw="$_pw$1
"
		shift
	done
	shift
	_tf=$(mktemp "$WORK/.texts-XXXXXX") || bail "mktemp"
	_filter=no
	case " $* " in *" log list "*) _filter=yes ;; esac
	_args="" _want=""
	for _a in "$@"; do
		if [ -n "$_want" ]; then
			_want=""
			if [ "$_a" != "-" ] && [ -n "$_a" ]; then
				printf '%s\n' "$_a" >> "$_tf"
				_a=-
			fi
			_args="$_args $(_q "$_a")"
			continue
		fi
		_o=${_a%%=*}
		case " $PERSONAL_OPTIONS " in
		*" $_o "*)
			if [ "$_o" = --authority ] && [ $_filter = yes ]; then
				:
			elif [ "$_o" = "$_a" ]; then
				_want=yes
			elif [ "${_a#*=}" != "-" ] && [ -n "${_a#*=}" ]; then
				printf '%s\n' "${_a#*=}" >> "$_tf"
				_a="$_o=-"
			fi ;;
		esac
		_args="$_args $(_q "$_a")"
	done
	eval "set -- $_args"
	printf '%s' "$_pw" | "$RECOURSE" --passphrase-fd 3 "$@" 3<&0 <"$_tf"
	_r_st=$?
	rm -f "$_tf"
	return $_r_st
}

# new_case NAME PASSPHRASE [ARGS...]
new_case() {
	_n=$1 _p=$2
	shift 2
	r "$_p" -- case new "$_n" $KDF "$@" >/dev/null 2>&1
}

# snapshot DIR: a listing of names, sizes and hashes, to prove nothing changed.
# A case's attempts file is left out: it counts wrong passphrases, so a
# failed unlock changes it on purpose (doc/case-file.md).
snapshot() {
	(cd "$1" && find . -type f ! -name attempts -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}
