#!/bin/sh
# no-hooks.sh - what make check runs in a build configured without
# --enable-test-hooks (a release): the recourse binary holds none of the
# test hooks' names (the list is tests/release/hook-names, one place), and
# it runs.  The whole suite needs the hooks: ../configure --enable-test-hooks
. "$top_srcdir/tests/lib/tap.sh"

RECOURSE="$top_builddir/recourse"
NAMES="$top_srcdir/tests/release/hook-names"
[ -x "$RECOURSE" ] || bail "no recourse binary at $RECOURSE"
[ -r "$NAMES" ] || bail "no list of hook names at $NAMES"
command -v strings >/dev/null 2>&1 || bail "strings (binutils) is needed"
if grep -q '^#define RC_TEST_HOOKS' "$top_builddir/config.h" 2>/dev/null; then
	bail "this build has test hooks (--enable-test-hooks): run the whole suite instead"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/recourse-nohooks-XXXXXX") || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
strings -a "$RECOURSE" >"$tmp/strings" || bail "strings failed on $RECOURSE"

names=0
while IFS= read -r line; do
	name=$(printf '%s' "${line%%#*}" | tr -d ' \t')
	[ -n "$name" ] || continue
	names=$((names + 1))
	todo=
	case $line in
	*"# TODO"*) todo=$(printf '%s' "${line#*# TODO}" | sed 's/^[[:space:]]*//') ;;
	esac
	if grep -qF -- "$name" "$tmp/strings"; then
		if [ -n "$todo" ]; then
			# an expected failure: counted as XFAIL, not as a pass
			_tap_n=$((_tap_n + 1))
			echo "not ok $_tap_n - recourse holds no \"$name\" # TODO $todo"
		else
			fail "recourse holds no \"$name\""
			grep -F -- "$name" "$tmp/strings" | head -5 | sed 's/^/#   found: /'
		fi
	else
		pass "recourse holds no \"$name\""
		[ -n "$todo" ] && echo "# \"$name\" is gone: remove its TODO mark in tests/release/hook-names"
	fi
done <"$NAMES"
[ "$names" -gt 0 ]; ok $? "tests/release/hook-names lists the hooks ($names names)"

out=$("$RECOURSE" --version 2>&1)
ok $? "recourse --version runs"
like "$out" '^recourse [0-9]' "recourse --version prints the version"

"$RECOURSE" --kdf-memory 64 case list >/dev/null 2>&1
is "$?" 2 "recourse refuses --kdf-memory (a test hook) as an unknown option"

echo "# This build has no test hooks, so make check ran only this test."
echo "# The whole suite needs:  ../configure --enable-test-hooks && make check"
skip "the whole test suite needs ../configure --enable-test-hooks"
done_testing
