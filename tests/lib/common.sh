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

# r PASSPHRASE... -- ARGS: run recourse with passphrases on fd 3.
r() {
	_pw=""
	while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
		_pw="$_pw$1
"
		shift
	done
	shift
	printf '%s' "$_pw" | "$RECOURSE" --passphrase-fd 3 "$@" 3<&0 </dev/null
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
